/** Fetching article pages (from feeds, sitemaps) as sources for the pipeline. */
import type { SourceHints } from '../document/types.js';
import { readHttpPayload } from '../readers/payload.js';
import type { ReadResult } from '../readers/types.js';
import { fetchUrl, FetchError, isTransientStatus, type FetchOptions } from './fetch.js';

export interface FetchedPage {
  result: ReadResult;
  /** The page could not be had this time but may be later (timeouts, 5xx): worth trying again. */
  transient: boolean;
}

const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1';

/**
 * Fetches one page and reads it as a source named `url`. Never throws: failures are error results naming the URL.
 * `hints` (a feed item's title and date) are fallbacks; the page's own metadata wins.
 */
export async function fetchPage(url: string, options: FetchOptions, hints: SourceHints = {}): Promise<FetchedPage> {
  try {
    const response = await fetchUrl(url, { ...options, headers: { accept: PAGE_ACCEPT, ...options.headers } });
    if (response.status !== 200) {
      return { result: failure(url, `HTTP ${response.status}`), transient: isTransientStatus(response.status) };
    }
    const result = readHttpPayload(url, response.body, {
      contentType: response.headers.get('content-type'),
      // The address that answered (after redirects) identifies the article unless the page names its own.
      fallbackHints: { ...hints, url: response.url },
    });
    return { result, transient: false };
  } catch (error) {
    const transient = error instanceof FetchError && error.transient;
    const message = error instanceof FetchError ? error.reason : (error as Error).message;
    return { result: failure(url, message), transient };
  }
}

/**
 * Maps items to results with up to `concurrency` calls in flight, yielding the results in the items' order.
 * `map` must not reject.
 */
export async function* mapInOrder<T, R>(items: readonly T[], concurrency: number, map: (item: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const refill = () => {
    while (next < items.length && pending.length < Math.max(1, concurrency)) pending.push(map(items[next++]!));
  };
  refill();
  while (pending.length > 0) {
    const result = await pending.shift()!;
    refill();
    yield result;
  }
}

function failure(uri: string, message: string): ReadResult {
  return { ok: false, error: { uri, message } };
}
