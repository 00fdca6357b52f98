/**
 * The server's guards, each a hono middleware: security headers on every answer, the loopback Host check of a
 * server without a token, the bearer token, the per-client rate limit and the body size limit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { errorResponse } from './errors.js';

/** Hosts that only this machine can reach: serving on them needs no token. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

type ContentSecurityPolicy = NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy'];

/**
 * Headers for every answer under the given content security policy: no sniffing, no framing, no referrer, a
 * browsing context of its own, no powerful features. No Strict-Transport-Security: this server speaks plain
 * HTTP, and a proxy terminating TLS in front of it decides that for its own domain.
 */
export function securityHeaders(contentSecurityPolicy: ContentSecurityPolicy): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
}

/**
 * Without a token, anything that can reach the port may use the API, which is safe on loopback only while no
 * web page can reach it: a page of any site can, through a name it re-points at 127.0.0.1 (DNS rebinding). Such
 * requests carry that name in their Host header, so only loopback names are answered.
 */
export const loopbackHostOnly: MiddlewareHandler = async (c, next) => {
  const host = new URL(c.req.url).hostname;
  if (!isLoopbackHost(host)) {
    return errorResponse(c, 403, `this server answers requests for localhost and loopback addresses only, not ${host}: start it with --token to serve other names`);
  }
  await next();
};

/** Every request needs the token; compared in constant time. */
export function bearerToken(token: string): MiddlewareHandler {
  const expected = createHash('sha256').update(token).digest();
  return async (c, next) => {
    const given = /^Bearer (.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, 'this server needs Authorization: Bearer <token> (the token it was started with)');
    }
    await next();
  };
}

/**
 * Refuses bodies over the limit: by Content-Length when it is given, and by the bytes that actually arrive
 * (a chunked body has no length, and a stated one is not trusted). The body read is handed to the routes through
 * hono's body cache.
 *
 * Under Node the body is read from the request stream itself, never through a web `Request`: each `Request`
 * made for a request (and each one made from it) registers an abort listener, a weak reference and a
 * finalizer, freed only after two full collections. At a thousand posts a second that held the server's heap
 * at gigabytes in a ten-minute soak (`bench/load-soak.ts`); reading the stream keeps it flat. Methods without a
 * body are passed on untouched, for the same reason.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context): Response => errorResponse(c, 413, `the body is over the ${maxBytes.toLocaleString('en-US')}-byte limit: send fewer articles a request`);
  return async (c, next) => {
    if (BODILESS_METHODS.has(c.req.method)) return next();
    const declared = Number(c.req.header('Content-Length') ?? '0');
    if (declared > maxBytes) return tooLarge(c);
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    const read = incoming instanceof Readable ? await readIncoming(incoming, maxBytes) : await readWebBody(c.req.raw.body, maxBytes);
    if (read === 'too-large') return tooLarge(c);
    // The client stopped sending (or was cut off by the request timeout): nothing went wrong here.
    if (read === 'cut') return errorResponse(c, 400, 'the body did not arrive whole: the connection ended or timed out first');
    // hono keeps promises in its body cache (its type names the resolved values).
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache['arrayBuffer'] = Promise.resolve(read.buffer.slice(read.byteOffset, read.byteOffset + read.byteLength));
    // JSON, by far the most common body, is then parsed without another copy through a web Response.
    if (/^application\/([\w.-]+\+)?json\b/i.test(c.req.header('Content-Type') ?? '')) cache['text'] = Promise.resolve(UTF8.decode(read));
    await next();
  };
}

const BODILESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UTF8 = new TextDecoder('utf-8');

/**
 * The request stream's bytes, or why there are none: over the limit (the rest is left unread: the Node adapter
 * drains or closes it after the answer) or cut off.
 */
function readIncoming(incoming: Readable & Partial<Pick<IncomingMessage, 'complete'>>, maxBytes: number): Promise<Buffer | 'too-large' | 'cut'> {
  if (incoming.readableEnded) return Promise.resolve(incoming.complete === false ? 'cut' : Buffer.alloc(0));
  if (incoming.destroyed) return Promise.resolve('cut');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too-large' | 'cut'): void => {
      incoming.off('data', onData).off('end', onEnd).off('error', onCut).off('close', onCut);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      incoming.pause();
      finish('too-large');
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, size));
    // 'close' before 'end': the connection went away mid-body.
    const onCut = (): void => finish('cut');
    incoming.on('data', onData).on('end', onEnd).on('error', onCut).on('close', onCut);
  });
}

/** The same for a web body stream: requests made in memory (`app.request` in tests) and other runtimes. */
async function readWebBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | 'too-large' | 'cut'> {
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      return 'cut';
    }
    if (chunk.done) return Buffer.concat(chunks, size);
    size += chunk.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(chunk.value);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rate limit

export interface RateLimit {
  /** Tokens a client gets back a second: its sustained request rate. */
  perSecond: number;
  /** Tokens a client may save up: the requests it may send at once. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 100, burst: 200 };

/** Clients tracked at once; past it, clients with a full bucket (idle ones) are forgotten first. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * A token bucket per client: each request takes a token, tokens come back at `perSecond` up to `burst`.
 * `now` is in milliseconds (injectable for tests).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
  }

  /** Takes a token for the client: 0 when there was one, otherwise the seconds until there will be. */
  take(client: string): number {
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (bucket) {
      bucket.tokens = this.refilled(bucket, now);
      bucket.updated = now;
    } else {
      this.makeRoom(now);
      bucket = { tokens: this.limit.burst, updated: now };
      this.buckets.set(client, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.limit.perSecond;
  }

  /** Clients tracked now (for tests of the bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: { tokens: number; updated: number }, now: number): number {
    return Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updated) / 1000) * this.limit.perSecond);
  }

  private makeRoom(now: number): void {
    if (this.buckets.size < MAX_TRACKED_CLIENTS) return;
    // A full bucket holds nothing a new one would not: forgetting it changes no answer.
    for (const [client, bucket] of this.buckets) if (this.refilled(bucket, now) >= this.limit.burst) this.buckets.delete(client);
    // Still full (many busy clients): the longest-tracked tenth goes, which at worst hands them a fresh burst,
    // and leaves room for many new clients before the next sweep.
    for (const client of this.buckets.keys()) {
      if (this.buckets.size < MAX_TRACKED_CLIENTS * 0.9) break;
      this.buckets.delete(client);
    }
  }
}

/**
 * The address a request came from, as the socket gives it (a proxy in front makes every client one: it should
 * limit them itself). `app.request` in tests has no socket: those requests share one bucket.
 */
export function clientAddress(c: Context): string {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * The bucket an address draws from: an IPv4 address (also when written as IPv4-mapped IPv6) is one client, an
 * IPv6 address counts by its /64 prefix, which one machine usually holds whole and may pick addresses from.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  if (isIPv4(address) || !address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().replace(/%.*$/, '').split('::') as [string, string | undefined];
  const before = head === '' ? [] : head.split(':');
  const after = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? before : [...before, ...new Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** 429 with Retry-After (whole seconds) once a client has spent its bucket. */
export function rateLimit(limit: RateLimit, now?: () => number): MiddlewareHandler {
  const buckets = new TokenBuckets(limit, now);
  return async (c, next) => {
    const address = clientAddress(c);
    const wait = buckets.take(clientKey(address));
    if (wait > 0) {
      const seconds = Math.ceil(wait);
      c.header('Retry-After', String(seconds));
      return errorResponse(
        c,
        429,
        `too many requests from ${address}: this server answers ${limit.perSecond} a second from one client (bursts of ${limit.burst}); try again in ${seconds} s`,
      );
    }
    await next();
  };
}
