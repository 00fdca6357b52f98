/** Acquiring articles from the web: safe fetching, feed polling with its state, sitemaps. */
export { assertFetchable, classifyAddress, RefusedUrlError, type AddressGuardOptions, type AddressKind } from './address.js';
export { fetchUrl, FetchError, DEFAULT_TIMEOUT_MS, type FetchedResponse, type FetchOptions } from './fetch.js';
export { addFeed, defaultFeedStatePath, loadFeedState, markSeen, removeFeed, saveFeedState, type FeedRecord, type FeedState } from './feed-state.js';
export { fetchPage, type FetchedPage } from './pages.js';
export { pollFeeds, type FeedPollReport, type PollOptions } from './poll.js';
export { collectSitemapPages, fetchSitemapPages, type SitemapOptions, type SitemapPages } from './sitemap.js';
