/**
 * The pages a sitemap lists, following sitemap indexes, optionally only those modified since a date; then each
 * page fetched as a source.
 */
import { DEFAULT_MAX_BYTES } from '../readers/limits.js';
import { parseSitemap, type SitemapEntry } from '../readers/sitemaps.js';
import type { ReadResult } from '../readers/types.js';
import { fetchUrl, FetchError, type FetchOptions } from './fetch.js';
import { fetchPage, mapInOrder } from './pages.js';

export interface SitemapOptions {
  fetch: FetchOptions;
  /** Only pages (and child sitemaps) whose lastmod is at or after this; pages without a date are left out. */
  since?: Date;
  /** Sitemaps fetched at most, the first included. Default 100. */
  maxSitemaps?: number;
  /** Index levels followed below the first sitemap. Default 3. */
  maxDepth?: number;
}

export interface SitemapPages {
  pages: SitemapEntry[];
  sitemapsRead: number;
  /** Pages left out by `since` because they have no date. */
  undated: number;
  /** Pages left out by `since` because they are older. */
  older: number;
  errors: { url: string; message: string }[];
}

const SITEMAP_ACCEPT = 'application/xml, text/xml;q=0.9, application/gzip;q=0.8, */*;q=0.5';

/** Every page the sitemap (and the sitemaps it indexes) lists, once each, in the order listed. */
export async function collectSitemapPages(url: string, options: SitemapOptions): Promise<SitemapPages> {
  const maxSitemaps = options.maxSitemaps ?? 100;
  const maxDepth = options.maxDepth ?? 3;
  const since = options.since?.getTime();
  const collected: SitemapPages = { pages: [], sitemapsRead: 0, undated: 0, older: 0, errors: [] };
  const listed = new Set<string>();
  const queued = new Set<string>([url]);
  const queue: { url: string; depth: number }[] = [{ url, depth: 0 }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (collected.sitemapsRead >= maxSitemaps) {
      collected.errors.push({ url: next.url, message: `not read: more than ${maxSitemaps} sitemaps` });
      continue;
    }
    collected.sitemapsRead++;
    let sitemap;
    try {
      const response = await fetchUrl(next.url, { ...options.fetch, headers: { accept: SITEMAP_ACCEPT, ...options.fetch.headers } });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      sitemap = parseSitemap(response.body, { url: response.url, contentType: response.headers.get('content-type'), maxBytes: options.fetch.maxBytes ?? DEFAULT_MAX_BYTES });
    } catch (error) {
      collected.errors.push({ url: next.url, message: error instanceof FetchError ? error.reason : (error as Error).message });
      continue;
    }
    for (const entry of sitemap.entries) {
      const date = entry.lastmod ?? entry.published;
      if (sitemap.kind === 'sitemapindex') {
        // A child sitemap last changed before `since` lists nothing newer.
        if (since !== undefined && date !== undefined && Date.parse(date) < since) continue;
        if (next.depth >= maxDepth) {
          collected.errors.push({ url: entry.loc, message: `not read: sitemap indexes nested deeper than ${maxDepth}` });
        } else if (!queued.has(entry.loc)) {
          queued.add(entry.loc);
          queue.push({ url: entry.loc, depth: next.depth + 1 });
        }
        continue;
      }
      if (since !== undefined && date === undefined) collected.undated++;
      else if (since !== undefined && Date.parse(date!) < since) collected.older++;
      else if (!listed.has(entry.loc)) {
        listed.add(entry.loc);
        collected.pages.push(entry);
      }
    }
  }
  return collected;
}

/** Fetches the pages as sources (errors name the page), a few at a time, in order. */
export async function* fetchSitemapPages(pages: readonly SitemapEntry[], fetchOptions: FetchOptions, concurrency = 4): AsyncGenerator<ReadResult> {
  const fetched = mapInOrder(pages, concurrency, (entry) =>
    fetchPage(entry.loc, fetchOptions, { ...(entry.title ? { title: entry.title } : {}), ...(entry.published ? { published: entry.published } : {}) }),
  );
  for await (const page of fetched) yield page.result;
}
