import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { respond, TestServer } from '../../test/http-fixture.js';
import type { ReadResult } from '../readers/types.js';
import { addFeed, defaultFeedStatePath, loadFeedState, markSeen, MAX_SEEN_PER_FEED, removeFeed, saveFeedState, type FeedState } from './feed-state.js';
import { pollFeeds, type FeedPollReport } from './poll.js';
import { collectSitemapPages, fetchSitemapPages } from './sitemap.js';

const scratch = mkdtempSync(join(tmpdir(), 'eventwire-poll-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const STORIES: Record<string, [string, string]> = {
  a: ['Ferry line to open in spring', 'The harbour authority said on Tuesday that the new ferry line between the two islands would open in the spring, after three years of delays caused by a shortage of shipyard workers.'],
  b: ['Old bridge closed after cracks found', 'Engineers closed the old stone bridge over the river on Monday night after inspectors found cracks in two of its arches, diverting traffic through the town centre.'],
  c: ['Council approves new school', 'The council voted nine to two on Wednesday in favour of building a new primary school on the site of the old bus depot, ending a dispute that had lasted a decade.'],
  d: ['Storm warning for the coast', 'Forecasters issued a storm warning for the whole coast on Thursday, telling fishermen to stay in port and residents of low-lying streets to move their cars to higher ground.'],
};

function page(key: string): string {
  const [headline, text] = STORIES[key]!;
  return `<!doctype html><html><head><title>${headline}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${headline}</h1>
<p>${text}</p><p>${text.replace('said', 'told reporters')}</p><p>Officials promised further details in the coming days.</p></article></body></html>`;
}

function rss(items: { key: string; link: string; content?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>
${items.map((item) => `<item><title>${STORIES[item.key]![0]}</title><link>${item.link}</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>${item.content ? `<content:encoded><![CDATA[${item.content}]]></content:encoded>` : ''}</item>`).join('\n')}
</channel></rss>`;
}

let server: TestServer;
/** The feed as the server currently serves it, with its validators. */
let feed = { body: '', etag: '"v1"', lastModified: 'Tue, 05 Mar 2024 10:00:00 GMT', useEtag: true };
const pageStatus: Record<string, number> = {};

beforeAll(async () => {
  server = await TestServer.start();
  server.routes.set('/feed.xml', (request, response) => {
    const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8', 'last-modified': feed.lastModified };
    if (feed.useEtag) headers['etag'] = feed.etag;
    const etagMatches = feed.useEtag && request.headers['if-none-match'] === feed.etag;
    const unmodified = !feed.useEtag && request.headers['if-modified-since'] === feed.lastModified;
    if (etagMatches || unmodified) response.writeHead(304, headers).end();
    else response.writeHead(200, headers).end(feed.body);
  });
  for (const key of Object.keys(STORIES)) {
    server.routes.set(`/${key}`, (_request, response) => {
      const status = pageStatus[key] ?? 200;
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(status === 200 ? page(key) : 'unavailable');
    });
  }
});
afterAll(() => server.close());
beforeEach(() => {
  server.log.length = 0;
  for (const key of Object.keys(pageStatus)) delete pageStatus[key];
});

async function poll(state: FeedState): Promise<{ results: ReadResult[]; reports: FeedPollReport[] }> {
  const results: ReadResult[] = [];
  const reports: FeedPollReport[] = [];
  for await (const result of pollFeeds(state, { fetch: { allowedPrivateHosts: [server.host] }, onFeed: (r) => reports.push(r) })) results.push(result);
  return { results, reports };
}

const summary = (results: ReadResult[]) => results.map((r) => (r.ok ? `ok ${r.source.uri}` : `error ${r.error.uri}: ${r.error.message}`));
/** Paths requested, in order. */
const requested = () => server.log.map((entry) => entry.path);

describe('pollFeeds', () => {
  it('honours the ETag: a second poll fetches nothing, and a new item is fetched alone', async () => {
    feed = { body: rss([{ key: 'a', link: server.url('/a') }, { key: 'b', link: server.url('/b') }]), etag: '"v1"', lastModified: 'Tue, 05 Mar 2024 10:00:00 GMT', useEtag: true };
    const state: FeedState = { version: 1, feeds: [] };
    addFeed(state, server.url('/feed.xml'));

    const first = await poll(state);
    expect(summary(first.results)).toEqual([`ok ${server.url('/a')}`, `ok ${server.url('/b')}`]);
    expect(first.results[0]?.ok && first.results[0].source.text).toContain('shortage of shipyard workers');
    expect(first.results[0]?.ok && first.results[0].source.hints.url).toBe(server.url('/a'));
    expect(requested()).toEqual(['/feed.xml', '/a', '/b']);
    expect(server.log[0]?.headers['if-none-match']).toBeUndefined();
    expect(first.reports).toEqual([{ url: server.url('/feed.xml'), outcome: 'fetched', newItems: 2, pagesRead: 2, pagesFailed: 0 }]);
    expect(state.feeds[0]).toMatchObject({ etag: '"v1"', lastModified: 'Tue, 05 Mar 2024 10:00:00 GMT', seen: [server.url('/a'), server.url('/b')], lastOutcome: '2 new items' });

    server.log.length = 0;
    const second = await poll(state);
    expect(second.results).toEqual([]);
    expect(requested()).toEqual(['/feed.xml']);
    expect(server.log[0]?.headers['if-none-match']).toBe('"v1"');
    expect(server.log[0]?.headers['if-modified-since']).toBe('Tue, 05 Mar 2024 10:00:00 GMT');
    expect(second.reports[0]?.outcome).toBe('not-modified');
    expect(state.feeds[0]?.lastOutcome).toBe('not modified');

    feed = { ...feed, body: rss([{ key: 'c', link: server.url('/c') }, { key: 'a', link: server.url('/a') }, { key: 'b', link: server.url('/b') }]), etag: '"v2"' };
    server.log.length = 0;
    const third = await poll(state);
    expect(summary(third.results)).toEqual([`ok ${server.url('/c')}`]);
    expect(requested()).toEqual(['/feed.xml', '/c']);
    expect(state.feeds[0]?.etag).toBe('"v2"');
  });

  it('honours Last-Modified when the server gives no ETag', async () => {
    feed = { body: rss([{ key: 'd', link: server.url('/d') }]), etag: '', lastModified: 'Wed, 06 Mar 2024 08:00:00 GMT', useEtag: false };
    const state: FeedState = { version: 1, feeds: [] };
    addFeed(state, server.url('/feed.xml'));
    expect(summary((await poll(state)).results)).toEqual([`ok ${server.url('/d')}`]);
    expect(state.feeds[0]?.etag).toBeUndefined();
    server.log.length = 0;
    expect((await poll(state)).results).toEqual([]);
    expect(requested()).toEqual(['/feed.xml']);
    expect(server.log[0]?.headers['if-modified-since']).toBe('Wed, 06 Mar 2024 08:00:00 GMT');
  });

  it('retries an item whose page failed for a passing reason, and drops the validators until it is done', async () => {
    feed = { body: rss([{ key: 'a', link: server.url('/a') }, { key: 'b', link: server.url('/b') }]), etag: '"v3"', lastModified: 'Thu, 07 Mar 2024 08:00:00 GMT', useEtag: true };
    const state: FeedState = { version: 1, feeds: [] };
    addFeed(state, server.url('/feed.xml'));
    pageStatus['b'] = 503;
    const first = await poll(state);
    expect(summary(first.results)).toEqual([`ok ${server.url('/a')}`, `error ${server.url('/b')}: HTTP 503`]);
    expect(state.feeds[0]?.seen).toEqual([server.url('/a')]);
    expect(state.feeds[0]?.etag).toBeUndefined();

    delete pageStatus['b'];
    server.log.length = 0;
    const second = await poll(state);
    expect(server.log[0]?.headers['if-none-match']).toBeUndefined();
    expect(summary(second.results)).toEqual([`ok ${server.url('/b')}`]);
    expect(requested()).toEqual(['/feed.xml', '/b']);
    expect(state.feeds[0]?.etag).toBe('"v3"');
  });

  it('falls back to the inline content when a page is gone for good, and gives up on items without either', async () => {
    const inline = `<p>${STORIES['c']![1]}</p><p>The decision can still be appealed.</p>`;
    feed = {
      body: rss([
        { key: 'c', link: server.url('/c'), content: inline },
        { key: 'd', link: server.url('/d') },
      ]),
      etag: '"v4"',
      lastModified: 'Fri, 08 Mar 2024 08:00:00 GMT',
      useEtag: true,
    };
    pageStatus['c'] = 404;
    pageStatus['d'] = 410;
    const state: FeedState = { version: 1, feeds: [] };
    addFeed(state, server.url('/feed.xml'));
    const { results } = await poll(state);
    expect(summary(results)).toEqual([`ok ${server.url('/c')}`, `error ${server.url('/d')}: HTTP 410`]);
    expect(results[0]?.ok && results[0].source.text).toContain('The decision can still be appealed.');
    expect(results[0]?.ok && results[0].source.hints.title).toBe('Council approves new school');
    expect(state.feeds[0]?.seen).toHaveLength(2);
  });

  it('refuses item links to private addresses, and records feed errors', async () => {
    const port = new URL(server.origin).port;
    feed = { body: rss([{ key: 'a', link: `http://localhost:${port}/a` }]), etag: '"v5"', lastModified: 'Sat, 09 Mar 2024 08:00:00 GMT', useEtag: true };
    const state: FeedState = { version: 1, feeds: [] };
    addFeed(state, server.url('/feed.xml'));
    addFeed(state, server.url('/missing.xml'));
    addFeed(state, server.url('/a'));
    const { results, reports } = await poll(state);
    expect(summary(results)).toHaveLength(1);
    expect(summary(results)[0]).toMatch(
      new RegExp(`^error http://localhost:${port}/a: refusing http://localhost:${port}/a: its host localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address \\(pass --allow-private-network to fetch it\\)$`),
    );
    // The refused item was never asked for: /a below is the third feed, an HTML page.
    expect(requested()).toEqual(['/feed.xml', '/missing.xml', '/a']);
    expect(reports.map((r) => [r.outcome, r.error])).toEqual([
      ['fetched', undefined],
      ['error', 'HTTP 404'],
      ['error', 'not a readable feed: not an RSS, Atom or RDF feed (its root element is <html>)'],
    ]);
    expect(state.feeds[1]?.lastError).toBe('HTTP 404');
  });
});

describe('feed state file', () => {
  it('is saved atomically beside the database and read back', () => {
    const path = defaultFeedStatePath(join(scratch, 'news.db'));
    expect(path).toBe(join(scratch, 'news.db.feeds.json'));
    expect(loadFeedState(path)).toEqual({ version: 1, feeds: [] });
    const state = loadFeedState(path);
    expect(addFeed(state, 'https://gazette.example/feed.xml', new Date('2024-03-05T10:00:00Z'))).toBe(true);
    expect(addFeed(state, 'https://gazette.example/feed.xml')).toBe(false);
    saveFeedState(path, state);
    expect(loadFeedState(path)).toEqual({ version: 1, feeds: [{ url: 'https://gazette.example/feed.xml', addedAt: '2024-03-05T10:00:00.000Z', seen: [] }] });
    expect(readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(removeFeed(state, 'https://gazette.example/feed.xml')).toBe(true);
    expect(state.feeds).toEqual([]);
  });

  it('remembers the newest items seen, up to a bound', () => {
    const feed = { url: 'https://gazette.example/feed.xml', addedAt: '2024-03-05T10:00:00.000Z', seen: [] as string[] };
    markSeen(feed, ['a', 'b', 'a']);
    expect(feed.seen).toEqual(['a', 'b']);
    markSeen(feed, Array.from({ length: MAX_SEEN_PER_FEED }, (_, i) => `item-${i}`));
    expect(feed.seen).toHaveLength(MAX_SEEN_PER_FEED);
    expect(feed.seen[0]).toBe('item-0');
    expect(feed.seen.at(-1)).toBe(`item-${MAX_SEEN_PER_FEED - 1}`);
  });

  it('refuses a file that is not a state file, and feed URLs that are not http(s)', () => {
    const path = join(scratch, 'broken.feeds.json');
    writeFileSync(path, '{"feeds": ');
    expect(() => loadFeedState(path)).toThrow(`${path}: not a feed state file (not JSON:`);
    writeFileSync(path, '{"version": 1, "feeds": [{"url": 3}]}');
    expect(() => loadFeedState(path)).toThrow(`${path}: not a feed state file (a feed without "url" or "seen")`);
    expect(readFileSync(path, 'utf8')).toContain('"url": 3');
    expect(() => addFeed({ version: 1, feeds: [] }, 'file:///etc/passwd')).toThrow('file:///etc/passwd: only http and https feeds can be polled');
  });
});

describe('sitemaps', () => {
  it('follows an index, filters by lastmod, and fetches the pages it lists', async () => {
    const urlset = (entries: [string, string | undefined][]) =>
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries
        .map(([loc, lastmod]) => `<url><loc>${server.url(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`)
        .join('')}</urlset>`;
    server.routes.set('/sitemap.xml', respond(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>/sitemap-new.xml.gz</loc><lastmod>2024-03-06</lastmod></sitemap>
      <sitemap><loc>/sitemap-old.xml</loc><lastmod>2023-01-01</lastmod></sitemap></sitemapindex>`, { 'content-type': 'application/xml' }));
    server.routes.set('/sitemap-new.xml.gz', respond(gzipSync(urlset([['/a', '2024-03-05'], ['/b', '2024-02-01'], ['/c', undefined], ['/d', '2024-03-06T12:00:00Z']])), { 'content-type': 'application/gzip' }));
    server.routes.set('/sitemap-old.xml', respond(urlset([['/c', '2022-05-05']])));

    const fetch = { allowedPrivateHosts: [server.host] };
    const all = await collectSitemapPages(server.url('/sitemap.xml'), { fetch });
    // /c is listed by both sitemaps and kept once.
    expect(all.pages.map((p) => p.loc)).toEqual(['/a', '/b', '/c', '/d'].map((p) => server.url(p)));
    expect(all.sitemapsRead).toBe(3);

    server.log.length = 0;
    const recent = await collectSitemapPages(server.url('/sitemap.xml'), { fetch, since: new Date('2024-03-01') });
    expect(recent.pages.map((p) => p.loc)).toEqual([server.url('/a'), server.url('/d')]);
    expect([recent.undated, recent.older, recent.errors]).toEqual([1, 1, []]);
    expect(requested()).toEqual(['/sitemap.xml', '/sitemap-new.xml.gz']);

    const results: ReadResult[] = [];
    for await (const result of fetchSitemapPages(recent.pages, fetch)) results.push(result);
    expect(summary(results)).toEqual([`ok ${server.url('/a')}`, `ok ${server.url('/d')}`]);
  });

  it('reports sitemaps that cannot be read and refuses private ones', async () => {
    const missing = await collectSitemapPages(server.url('/nope.xml'), { fetch: { allowedPrivateHosts: [server.host] } });
    expect(missing.errors).toEqual([{ url: server.url('/nope.xml'), message: 'HTTP 404' }]);
    const refused = await collectSitemapPages(server.url('/sitemap.xml'), { fetch: {} });
    expect(refused.errors[0]?.message).toMatch(/^refusing http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml: 127\.0\.0\.1 is a loopback address/);
  });
});
