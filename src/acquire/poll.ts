/**
 * Conditional feed polling: each feed is asked for with If-None-Match / If-Modified-Since, a 304 costs nothing
 * more, and of a changed feed only the items not seen before have their pages fetched. The results are sources
 * (and errors) for the pipeline; the state is updated in memory and saved by the caller once they are stored.
 *
 * An item whose page could not be had for a passing reason (timeout, 5xx) stays unseen, and the feed's
 * validators are dropped so the next poll gets the whole feed again and retries it.
 */
import { readArticleObject } from '../readers/jsonl.js';
import { feedItemKey, parseFeed, type FeedItem } from '../readers/feeds.js';
import type { ReadResult } from '../readers/types.js';
import { fetchUrl, FetchError, type FetchOptions } from './fetch.js';
import { markSeen, type FeedRecord, type FeedState } from './feed-state.js';
import { fetchPage, mapInOrder } from './pages.js';

export interface PollOptions {
  fetch: FetchOptions;
  /** New items whose pages are fetched per feed and poll (the rest wait for the next poll). Default 200. */
  maxItemsPerFeed?: number;
  /** Pages fetched at once. Default 4. */
  concurrency?: number;
  now?: () => Date;
  onFeed?: (report: FeedPollReport) => void;
}

export interface FeedPollReport {
  url: string;
  outcome: 'not-modified' | 'fetched' | 'error';
  /** Items not seen before (fetched or not). */
  newItems: number;
  pagesRead: number;
  pagesFailed: number;
  error?: string;
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** Polls every feed of the state once, yielding the new items' pages as sources (or errors naming them). */
export async function* pollFeeds(state: FeedState, options: PollOptions): AsyncGenerator<ReadResult> {
  const now = options.now ?? (() => new Date());
  for (const feed of state.feeds) {
    const report: FeedPollReport = { url: feed.url, outcome: 'fetched', newItems: 0, pagesRead: 0, pagesFailed: 0 };
    try {
      yield* pollFeed(feed, options, report);
    } finally {
      feed.lastPolledAt = now().toISOString();
      feed.lastOutcome = report.outcome === 'not-modified' ? 'not modified' : report.outcome === 'error' ? 'error' : `${report.newItems} new item${report.newItems === 1 ? '' : 's'}`;
      if (report.error === undefined) delete feed.lastError;
      else feed.lastError = report.error;
      options.onFeed?.(report);
    }
  }
}

async function* pollFeed(feed: FeedRecord, options: PollOptions, report: FeedPollReport): AsyncGenerator<ReadResult> {
  const conditional: Record<string, string> = { accept: FEED_ACCEPT };
  if (feed.etag) conditional['if-none-match'] = feed.etag;
  if (feed.lastModified) conditional['if-modified-since'] = feed.lastModified;
  let response;
  try {
    response = await fetchUrl(feed.url, { ...options.fetch, headers: { ...options.fetch.headers, ...conditional } });
  } catch (error) {
    report.outcome = 'error';
    report.error = error instanceof FetchError ? error.reason : (error as Error).message;
    return;
  }
  if (response.status === 304) {
    report.outcome = 'not-modified';
    return;
  }
  if (response.status !== 200) {
    report.outcome = 'error';
    report.error = `HTTP ${response.status}`;
    return;
  }
  let items: FeedItem[];
  try {
    items = parseFeed(response.body, { url: response.url, contentType: response.headers.get('content-type') }).items;
  } catch (error) {
    report.outcome = 'error';
    report.error = `not a readable feed: ${(error as Error).message}`;
    return;
  }

  const seen = new Set(feed.seen);
  const fresh = new Map<string, FeedItem>();
  for (const item of items) {
    const key = feedItemKey(item);
    if (key !== undefined && !seen.has(key) && !fresh.has(key)) fresh.set(key, item);
  }
  report.newItems = fresh.size;
  const limit = options.maxItemsPerFeed ?? 200;
  const batch = [...fresh].slice(0, limit);
  let complete = batch.length === fresh.size;

  const pages = mapInOrder(batch, options.concurrency ?? 4, async ([key, item]) => ({ key, item, page: item.link ? await fetchPage(item.link, options.fetch, itemHints(item)) : undefined }));
  for await (const { key, item, page } of pages) {
    let result: ReadResult;
    if (page === undefined || (!page.result.ok && !page.transient && item.content)) {
      // No page to fetch, or it is gone for good: the content the feed carries is the article then.
      result = inlineArticle(key, item, page?.result);
    } else {
      result = page.result;
    }
    if (page?.transient && !result.ok) complete = false;
    else markSeen(feed, [key]);
    if (result.ok) report.pagesRead++;
    else report.pagesFailed++;
    yield result;
  }
  // Validators only once every new item is done: otherwise a 304 next time would hide the ones left over.
  if (complete) {
    setOrDelete(feed, 'etag', response.headers.get('etag'));
    setOrDelete(feed, 'lastModified', response.headers.get('last-modified'));
  } else {
    delete feed.etag;
    delete feed.lastModified;
  }
}

function itemHints(item: FeedItem): { title?: string; published?: string } {
  return { ...(item.title ? { title: item.title } : {}), ...(item.published ? { published: item.published } : {}) };
}

function inlineArticle(key: string, item: FeedItem, pageFailure: ReadResult | undefined): ReadResult {
  if (!item.content) return { ok: false, error: { uri: key, message: 'the feed item has no link and no content' } };
  const result = readArticleObject(key, { url: item.link, title: item.title, published: item.published, html: item.content });
  if (!result.ok && pageFailure && !pageFailure.ok) {
    return { ok: false, error: { uri: key, message: `${pageFailure.error.message}; its inline content: ${result.error.message}` } };
  }
  return result;
}

function setOrDelete(feed: FeedRecord, field: 'etag' | 'lastModified', value: string | null): void {
  if (value) feed[field] = value;
  else delete feed[field];
}
