/**
 * The server's guards through `app.request`: security headers on every kind of answer, the loopback Host check
 * of a server without a token, the per-client rate limit, the body size limit and the bounded ingest queue.
 * Client addresses are given the way @hono/node-server gives them (`env.incoming.socket`).
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { tempDir } from '../../test/cli-helpers.js';
import { writeWebRoot } from '../../test/web-root.js';
import { createApp, type AppOptions } from './app.js';
import type { PipelineTools } from './jobs.js';
import { clientKey, TokenBuckets } from './security.js';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS, startServer } from './serve.js';

let store: Store;
let webRoot: string;

beforeAll(() => {
  const dir = tempDir('security');
  store = openSqliteStore(join(dir, 'security.db'));
  webRoot = writeWebRoot(dir);
});

afterAll(async () => {
  await store?.close();
});

/** What @hono/node-server passes as the environment: the request, whose socket has the client's address. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

function ingestBody(text: string): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ articles: [{ text }] }) };
}

async function expectJsonError(res: Response, status: number, message: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { status: number; message: string } };
  expect(body.error.status).toBe(status);
  expect(body.error.message).toMatch(message);
}

describe('security headers', () => {
  /** A store whose every method fails, for a 500. */
  const broken = new Proxy({} as Store, {
    get: () => () => {
      throw new Error('disk on fire');
    },
  });

  it('are on every answer: pages, assets, JSON, 304s and every error status', async () => {
    const app = createApp(store, { webRoot, maxBodyBytes: 100, rateLimit: { perSecond: 1, burst: 1 }, log: () => {} });
    const guarded = createApp(store, { webRoot, token: 'tok' });
    const failing = createApp(broken, { webRoot: null, log: () => {} });
    const first = await app.request('/api/stats', {}, from('10.0.0.1'));
    const cases: [string, Response][] = [
      ['200 JSON', first],
      ['304', await app.request('/api/stats', { headers: { 'If-None-Match': first.headers.get('etag')! } }, from('10.0.0.2'))],
      ['page', await app.request('/stories/3', {}, from('10.0.0.3'))],
      ['asset', await app.request('/assets/app-1a2b.js', {}, from('10.0.0.4'))],
      ['404', await app.request('/api/nothing', {}, from('10.0.0.5'))],
      ['400', await app.request('/api/search?q=', {}, from('10.0.0.6'))],
      ['413', await app.request('/api/ingest', ingestBody('x'.repeat(200)), from('10.0.0.7'))],
      ['415', await app.request('/api/ingest', { method: 'POST', body: 'hello' }, from('10.0.0.8'))],
      ['429', await app.request('/api/stats', {}, from('10.0.0.1'))],
      ['403', await app.request('http://evil.example/api/stats', {}, from('10.0.0.9'))],
      ['401', await guarded.request('/api/stats')],
      ['500', await failing.request('/api/stats')],
    ];
    expect(cases.map(([, res]) => res.status)).toEqual([200, 304, 200, 200, 404, 400, 413, 415, 429, 403, 401, 500]);
    for (const [what, res] of cases) {
      const headers = res.headers;
      expect(headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(headers.get('x-frame-options'), what).toBe('DENY');
      expect(headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
      expect(headers.get('content-security-policy'), what).toMatch(/default-src 'none'/);
      expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
      expect(headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
      expect(headers.get('permissions-policy'), what).toMatch(/camera=\(\)/);
      // Plain HTTP: pinning HTTPS is for whatever terminates TLS in front.
      expect(headers.get('strict-transport-security'), what).toBeNull();
    }
  });

  it('never let a JSON answer run as a page, whatever it holds', async () => {
    const app = createApp(store, { webRoot: null });
    const res = await app.request(`/api/search?q=${encodeURIComponent('"<script>alert(1)</script>"')}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/);
  });
});

describe('the Host check of a server without a token', () => {
  it('answers requests addressed to localhost or a loopback address', async () => {
    const app = createApp(store, { webRoot: null });
    for (const url of ['http://localhost/api/stats', 'http://127.0.0.1:8787/api/stats', 'http://127.8.9.10/api/stats', 'http://[::1]:8787/api/stats']) {
      expect((await app.request(url)).status, url).toBe(200);
    }
  });

  it('refuses any other name, as a page that rebound its own name to 127.0.0.1 would send', async () => {
    const app = createApp(store, { webRoot });
    for (const url of ['http://evil.example:8787/api/stats', 'http://evil.example/', 'http://192.168.1.10/api/stats', 'http://localhost.evil.example/api/stats']) {
      await expectJsonError(await app.request(url), 403, /localhost and loopback addresses only, not .*: start it with --token/);
    }
  });

  it('is left to the token when there is one', async () => {
    const app = createApp(store, { webRoot: null, token: 'tok' });
    expect((await app.request('http://news.example/api/stats', { headers: { Authorization: 'Bearer tok' } })).status).toBe(200);
    expect((await app.request('http://news.example/api/stats')).status).toBe(401);
  });
});

describe('cross-site requests', () => {
  it('get no CORS grant, and a form-style post without JSON is refused', async () => {
    const app = createApp(store, { webRoot: null });
    const preflight = await app.request('/api/ingest', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const simple = await app.request('/api/ingest', { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' }, body: '{"articles":[{"text":"x"}]}' });
    expect(simple.status).toBe(415);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const read = await app.request('/api/stats', { headers: { Origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the rate limit', () => {
  it('gives each client a burst, then 429 with Retry-After until tokens come back', async () => {
    let now = 0;
    const app = createApp(store, { webRoot: null, rateLimit: { perSecond: 2, burst: 3 }, now: () => now });
    const ask = (address: string) => app.request('/api/stats', {}, from(address));
    for (let i = 0; i < 3; i++) expect((await ask('203.0.113.7')).status).toBe(200);
    const refused = await ask('203.0.113.7');
    expect(refused.headers.get('retry-after')).toBe('1');
    await expectJsonError(refused, 429, /too many requests from 203\.0\.113\.7: this server answers 2 a second from one client \(bursts of 3\); try again in 1 s/);
    // Another client has its own bucket.
    expect((await ask('203.0.113.8')).status).toBe(200);
    // Half a second gives one token back (2 a second): one request, not two.
    now += 500;
    expect((await ask('203.0.113.7')).status).toBe(200);
    expect((await ask('203.0.113.7')).status).toBe(429);
    // A long pause refills the bucket to the burst, no further.
    now += 60_000;
    for (let i = 0; i < 3; i++) expect((await ask('203.0.113.7')).status).toBe(200);
    expect((await ask('203.0.113.7')).status).toBe(429);
  });

  it('says how long to wait when the rate is slow', async () => {
    const app = createApp(store, { webRoot: null, rateLimit: { perSecond: 0.1, burst: 1 }, now: () => 0 });
    expect((await app.request('/api/stats', {}, from('198.51.100.1'))).status).toBe(200);
    expect((await app.request('/api/stats', {}, from('198.51.100.1'))).headers.get('retry-after')).toBe('10');
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 address', async () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    const app = createApp(store, { webRoot: null, rateLimit: { perSecond: 1, burst: 1 }, now: () => 0 });
    expect((await app.request('/api/stats', {}, from('2001:db8:1:2::1'))).status).toBe(200);
    expect((await app.request('/api/stats', {}, from('2001:db8:1:2::ffff'))).status).toBe(429);
    expect((await app.request('/api/stats', {}, from('2001:db8:1:3::1'))).status).toBe(200);
    expect((await app.request('/api/stats', {}, from('192.0.2.1'))).status).toBe(200);
    expect((await app.request('/api/stats', {}, from('::ffff:192.0.2.1'))).status).toBe(429);
  });

  it('limits before the token is checked, so that guessing it is slowed down too', async () => {
    const app = createApp(store, { webRoot: null, token: 'tok', rateLimit: { perSecond: 1, burst: 2 }, now: () => 0 });
    for (let i = 0; i < 2; i++) expect((await app.request('/api/stats', { headers: { Authorization: `Bearer guess${i}` } }, from('192.0.2.50'))).status).toBe(401);
    expect((await app.request('/api/stats', { headers: { Authorization: 'Bearer tok' } }, from('192.0.2.50'))).status).toBe(429);
  });

  it('keeps a bounded number of clients, forgetting idle ones first', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, () => now);
    buckets.take('busy');
    buckets.take('busy');
    for (let i = 0; i < 20_000; i++) buckets.take(`idle-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(10_000);
    now += 5_000;
    for (let i = 0; i < 5_000; i++) buckets.take(`new-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(10_000);
  });

  it('refuses a limit that would refuse everything', () => {
    expect(() => new TokenBuckets({ perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ perSecond: 1, burst: 0.5 })).toThrow(RangeError);
  });
});

describe('the body limit', () => {
  it('answers 413 in JSON for a body over the limit, stated or streamed, and takes one at the limit', async () => {
    const app = createApp(store, { webRoot: null, maxBodyBytes: 1000, loadTools: () => new Promise<PipelineTools>(() => {}) });
    const fits = JSON.stringify({ articles: [{ text: 'x'.repeat(1000 - 26) }] });
    expect(Buffer.byteLength(fits)).toBe(1000);
    const post = (body: BodyInit, extra: RequestInit = {}) =>
      app.request('/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, ...extra } as RequestInit);
    expect((await post(fits)).status).toBe(202);
    await expectJsonError(await post(`${fits} `), 413, /over the 1,000-byte limit/);
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(100).fill(0x20));
        controller.close();
      },
    });
    await expectJsonError(await post(trickle, { duplex: 'half' } as RequestInit), 413, /over the 1,000-byte limit/);
  });

  it('holds over real HTTP too, where the body is read from the socket: stated, streamed, at the limit, and parsed', async () => {
    const server = await startServer(store, {
      port: 0,
      host: '127.0.0.1',
      webRoot: null,
      maxBodyBytes: 1000,
      rateLimit: null,
      // Jobs fail at once, so that closing the server does not wait for them.
      loadTools: () => Promise.reject(new Error('no tools in this test')),
    });
    try {
      const post = (body: BodyInit, extra: RequestInit = {}) =>
        fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, ...extra } as RequestInit);
      const fits = JSON.stringify({ articles: [{ text: 'é'.repeat(487) }] });
      expect(Buffer.byteLength(fits)).toBe(1000);
      const accepted = await post(fits);
      expect(accepted.status).toBe(202);
      expect(((await accepted.json()) as { total: number }).total).toBe(1);
      await expectJsonError(await post(`${fits} `), 413, /over the 1,000-byte limit/);
      const chunks = (count: number, size: number) =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"articles":[{"text":"'));
            for (let i = 0; i < count; i++) controller.enqueue(new Uint8Array(size).fill(0x61));
            controller.enqueue(new TextEncoder().encode('"}]}'));
            controller.close();
          },
        });
      // Chunked: no Content-Length, so only the bytes that arrive can tell.
      await expectJsonError(await post(chunks(40, 100), { duplex: 'half' } as RequestInit), 413, /over the 1,000-byte limit/);
      const streamed = await post(chunks(9, 100), { duplex: 'half' } as RequestInit);
      expect(streamed.status).toBe(202);
      await expectJsonError(await post('{"articles": [', {}), 400, /JSON/i);
      // The server still answers on a new connection after refusing a body it left unread.
      expect((await fetch(`${server.url}/api/stats`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('takes at most 1,000 articles a request', async () => {
    const app = createApp(store, { webRoot: null, loadTools: () => new Promise<PipelineTools>(() => {}) });
    const many = JSON.stringify({ articles: Array.from({ length: 1001 }, (_, i) => ({ text: `article ${i}` })) });
    await expectJsonError(await app.request('/api/ingest', { ...ingestBody(''), body: many }), 400, /at most 1,000 articles a request/);
  });

  it('turns deeply nested JSON into a 400, not a crash', async () => {
    const app = createApp(store, { webRoot: null });
    const nested = `{"articles":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await app.request('/api/ingest', { ...ingestBody(''), body: nested });
    await expectJsonError(res, 400, /articles/);
  });
});

describe('the ingest queue', () => {
  it('refuses jobs with 503 and Retry-After while the queued articles are over the limit, and takes them again once it drains', async () => {
    let release!: () => void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    // Jobs wait on their tools, so the queue only fills until they are released.
    const loadTools = async (): Promise<PipelineTools> => {
      await loaded;
      throw new Error('no tools in this test');
    };
    const options: AppOptions = { webRoot: null, loadTools, ingestQueue: { maxQueuedBytes: 2500 } };
    const app = createApp(store, options);
    const post = () => app.request('/api/ingest', ingestBody('y'.repeat(1000)));
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);
    const full = await post();
    expect(full.headers.get('retry-after')).toBe('5');
    await expectJsonError(full, 503, /the ingest queue is full/);
    // Room for 500 bytes still: a job of 500 is taken; then the queue is at its limit and refuses any post before
    // reading it, malformed or large as it may be.
    expect((await app.request('/api/ingest', ingestBody('s'.repeat(500)))).status).toBe(202);
    await expectJsonError(await app.request('/api/ingest', { ...ingestBody(''), body: '{"articles": [' }), 503, /the ingest queue is full/);
    await expectJsonError(await app.request('/api/ingest', ingestBody('b'.repeat(2_000_000))), 503, /the ingest queue is full/);
    release();
    let answer = 503;
    for (let i = 0; i < 100 && answer === 503; i++) {
      await new Promise((r) => setTimeout(r, 10));
      answer = (await post()).status;
    }
    expect(answer).toBe(202);
  });

  it('counts articles too, and always takes a job when the queue is empty, however large', async () => {
    const stuck = () => new Promise<PipelineTools>(() => {});
    const bySize = createApp(store, { webRoot: null, loadTools: stuck, ingestQueue: { maxQueuedBytes: 10 } });
    expect((await bySize.request('/api/ingest', ingestBody('z'.repeat(5000)))).status).toBe(202);
    expect((await bySize.request('/api/ingest', ingestBody('z'))).status).toBe(503);
    const byCount = createApp(store, { webRoot: null, loadTools: stuck, ingestQueue: { maxQueuedArticles: 3 } });
    const twoArticles = { ...ingestBody(''), body: JSON.stringify({ articles: [{ text: 'a' }, { text: 'b' }] }) };
    expect((await byCount.request('/api/ingest', twoArticles)).status).toBe(202);
    expect((await byCount.request('/api/ingest', ingestBody('c'))).status).toBe(202);
    expect((await byCount.request('/api/ingest', ingestBody('d'))).status).toBe(503);
  });
});

describe('slow clients', () => {
  /** What the server answers a client that sends `data` and then nothing more, and when it hangs up. */
  async function trickle(url: string, data: string): Promise<{ answer: string; seconds: number }> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    const started = performance.now();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(data);
    await new Promise((resolve) => socket.once('close', resolve));
    return { answer, seconds: (performance.now() - started) / 1000 };
  }

  it('are cut off: headers that never end and bodies that never arrive get 408 once their time is up', async () => {
    expect(REQUEST_TIMEOUT_MS).toBe(60_000);
    expect(HEADERS_TIMEOUT_MS).toBe(20_000);
    const logged: string[] = [];
    const server = await startServer(store, { port: 0, host: '127.0.0.1', webRoot: null, timeouts: { requestMs: 2000, headersMs: 1000 }, log: (m) => logged.push(m) });
    try {
      const headers = await trickle(server.url, 'GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
      expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(headers.seconds).toBeLessThan(5);
      const body = await trickle(server.url, 'POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"articles":');
      expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
      expect(body.seconds).toBeLessThan(6);
      // A client that gives up is not the server's failure.
      expect(logged).toEqual([]);
    } finally {
      await server.close();
    }
  }, 20_000);
});
