/**
 * Fetching over HTTP with Node's fetch, made safe for URLs that come from feeds and sitemaps (anyone's input):
 * every hop of a redirect passes the SSRF guard again, one deadline covers the whole exchange, and the body is
 * streamed and given up as soon as it passes the size limit.
 *
 * The guard resolves the host itself and fetch resolves it again when it connects; a name whose answers change
 * in between (DNS rebinding) could still reach a private address. Closing that needs the connection pinned to the
 * checked addresses (an undici Agent with a `connect.lookup` that runs the same check), which needs undici as a
 * dependency of its own.
 */
import { DEFAULT_MAX_BYTES, describeLimit } from '../readers/limits.js';
import { assertFetchable, RefusedUrlError, type AddressGuardOptions } from './address.js';

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
      let response: Response;
      try {
        response = await fetch(target, {
          redirect: 'manual',
          signal: deadline.signal,
          headers: { 'user-agent': USER_AGENT, ...options.headers },
        });
      } catch (error) {
        throw networkError(current, error, deadline.signal, timeoutMs);
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
    if (error instanceof RefusedUrlError && redirects.length > 0) {
      throw new RefusedUrlError(current, `${error.reason} (redirected from ${redirects.length > 1 ? redirects.at(-2)! : original})`);
    }
    if (error instanceof RefusedUrlError) throw error;
    throw new FetchError(current, (error as Error).message, true);
  }
}

async function readBody(url: string, response: Response, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
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
