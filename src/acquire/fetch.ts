/**
 * Fetching over HTTP, made safe for URLs that come from feeds and sitemaps (anyone's input): every hop of a
 * redirect passes the SSRF guard again, one deadline covers the whole exchange, and the body is streamed and
 * given up as soon as it passes the size limit.
 *
 * The guard resolves the host to check it; connecting resolves it again. So that a name whose answers change in
 * between (DNS rebinding) cannot reach a private address, connections go through an undici Agent whose
 * `connect.lookup` resolves with the guard's resolver and runs the same check: the socket opens to an address
 * that passed it, or not at all. undici's own fetch goes with its Agent (Node's built-in fetch bundles another
 * undici version).
 */
import { Agent, fetch as undiciFetch, type Response as UndiciResponse } from 'undici';
import { DEFAULT_MAX_BYTES, describeLimit } from '../readers/limits.js';
import { assertFetchable, guardedLookup, isExemptFromGuard, lookupAll, RefusedAddressError, RefusedUrlError, type AddressGuardOptions } from './address.js';

export interface FetchOptions extends AddressGuardOptions {
  /** One deadline for everything (connecting, redirects, headers, body). Default 30 s. */
  timeoutMs?: number;
  /** Largest body read (after content decoding). Default 20 MiB, like the readers. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Extra request headers (Accept, If-None-Match ...). */
  headers?: Record<string, string>;
}

export interface FetchedResponse {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  /** Empty for 304 Not Modified. */
  body: Uint8Array;
  /** Each URL redirected to, in order. */
  redirects: string[];
}

/** A fetch that failed; `transient` when trying again later may work (timeouts, network errors, 5xx, 429). */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly transient: boolean,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'FetchError';
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'eventwire/0.1 (news reader; feeds and sitemaps)';

/**
 * GETs a URL. Throws RefusedUrlError when the guard refuses the URL or a redirect, FetchError for timeouts,
 * network errors, redirect loops and bodies over the limit. Any status is returned as it is, 304 included.
 */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  timer.unref();
  const redirects: string[] = [];
  let current = url;
  try {
    for (;;) {
      const target = await checkHop(current, redirects, url, options);
      let response: UndiciResponse;
      try {
        response = await undiciFetch(target, {
          redirect: 'manual',
          signal: deadline.signal,
          headers: { 'user-agent': USER_AGENT, ...options.headers },
          dispatcher: dispatcherFor(target, options),
        });
      } catch (error) {
        throw hopError(current, redirects, url, error, deadline.signal, timeoutMs);
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw new FetchError(current, `HTTP ${response.status} redirect without a Location header`, false);
        if (redirects.length >= maxRedirects) throw new FetchError(url, `more than ${maxRedirects} redirects`, false);
        current = new URL(location, current).href;
        redirects.push(current);
        continue;
      }
      const body = response.status === 304 ? new Uint8Array() : await readBody(current, response, maxBytes, deadline.signal, timeoutMs);
      return { url: current, status: response.status, headers: response.headers, body, redirects };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** True for statuses worth retrying later. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

async function checkHop(current: string, redirects: string[], original: string, options: FetchOptions): Promise<URL> {
  try {
    return await assertFetchable(current, options);
  } catch (error) {
    if (error instanceof RefusedUrlError) throw refusedHop(current, error.reason, redirects, original);
    throw new FetchError(current, (error as Error).message, true);
  }
}

function refusedHop(current: string, reason: string, redirects: string[], original: string): RefusedUrlError {
  return new RefusedUrlError(current, redirects.length > 0 ? `${reason} (redirected from ${redirects.length > 1 ? redirects.at(-2)! : original})` : reason);
}

/** A failed request: refused when the connection's own look-up found a private address, a network error otherwise. */
function hopError(current: string, redirects: string[], original: string, error: unknown, signal: AbortSignal, timeoutMs: number): Error {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof RefusedAddressError) return refusedHop(current, cause.reason, redirects, original);
  return networkError(current, error, signal, timeoutMs);
}

/**
 * Agents by resolver, each a pair: one that checks the addresses it connects to and one that does not (for a
 * hop the options exempt). Kept so that connections are reused across fetches, as fetch's own pool would.
 */
const agents = new WeakMap<NonNullable<AddressGuardOptions['lookup']>, { checked: Agent; unchecked: Agent }>();

function dispatcherFor(target: URL, options: FetchOptions): Agent {
  const lookup = options.lookup ?? lookupAll;
  let pair = agents.get(lookup);
  if (!pair) {
    pair = {
      checked: new Agent({ connect: { lookup: guardedLookup({ lookup, check: true }) } }),
      unchecked: new Agent({ connect: { lookup: guardedLookup({ lookup, check: false }) } }),
    };
    agents.set(lookup, pair);
  }
  return isExemptFromGuard(target, options) ? pair.unchecked : pair.checked;
}

async function readBody(url: string, response: UndiciResponse, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!response.headers.has('content-encoding') && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new FetchError(url, `response of ${declared.toLocaleString('en-US')} bytes is over the ${describeLimit(maxBytes)} limit`, false);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new FetchError(url, `response is over the ${describeLimit(maxBytes)} limit (stopped after ${size.toLocaleString('en-US')} bytes)`, false);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw networkError(url, error, signal, timeoutMs);
  }
  return Buffer.concat(chunks, size);
}

function networkError(url: string, error: unknown, signal: AbortSignal, timeoutMs: number): FetchError {
  if (signal.aborted) return new FetchError(url, `timed out after ${formatSeconds(timeoutMs)}`, true);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : (error as Error).message;
  return new FetchError(url, `could not be fetched: ${detail}`, true);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
