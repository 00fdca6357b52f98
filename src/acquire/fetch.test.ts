import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respond, TestServer } from '../../test/http-fixture.js';
import { guardedLookup, RefusedAddressError, RefusedUrlError } from './address.js';
import { fetchUrl, FetchError } from './fetch.js';

let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
  other = await TestServer.start();
  server.routes.set('/page', respond('<p>hello</p>', { 'content-type': 'text/html', etag: '"v1"' }));
  server.routes.set('/hop', respond('', { location: '/page' }, 302));
  server.routes.set('/loop', respond('', { location: '/loop' }, 301));
  server.routes.set('/to-other', respond('', { location: `${other.origin}/secret` }, 307));
  server.routes.set('/to-localhost', respond('', { location: `http://localhost:${new URL(other.origin).port}/secret` }, 302));
  server.routes.set('/to-ipv6-loopback', respond('', { location: `http://[::1]:${new URL(other.origin).port}/secret` }, 302));
  server.routes.set('/to-file', respond('', { location: 'file:///etc/passwd' }, 302));
  server.routes.set('/no-location', respond('', {}, 302));
  server.routes.set('/big-declared', respond('x'.repeat(5000), { 'content-type': 'text/plain', 'content-length': '5000' }));
  server.routes.set('/big-streamed', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    let sent = 0;
    const push = () => {
      if (sent >= 10) return response.end();
      sent++;
      response.write('y'.repeat(1000), push);
    };
    push();
  });
  server.routes.set('/gzip-bomb', respond(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }));
  server.routes.set('/slow', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.write('first part');
    // never ends: the deadline must cut it
  });
  server.routes.set('/hang', () => {
    // never answers
  });
  server.routes.set('/conditional', (request, response) => {
    if (request.headers['if-none-match'] === '"v1"') response.writeHead(304, { etag: '"v1"' }).end();
    else response.writeHead(200, { etag: '"v1"' }).end('fresh');
  });
  other.routes.set('/secret', respond('internal data'));
});
afterAll(async () => {
  await server.close();
  await other.close();
});

const allowServer = () => ({ allowedPrivateHosts: [server.host] });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the fetch to fail');
}

describe('fetchUrl', () => {
  it('refuses the local test server unless private addresses are allowed', async () => {
    const error = await failureOf(fetchUrl(server.url('/page')));
    expect(error).toBeInstanceOf(RefusedUrlError);
    expect(error.message).toBe(`refusing ${server.url('/page')}: 127.0.0.1 is a loopback address (pass --allow-private-network to fetch it)`);
    const response = await fetchUrl(server.url('/page'), { allowPrivateNetwork: true });
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toBe('<p>hello</p>');
    expect(response.headers.get('etag')).toBe('"v1"');
  });

  it('follows redirects by hand and reports where it ended', async () => {
    const response = await fetchUrl(server.url('/hop'), allowServer());
    expect(response.url).toBe(server.url('/page'));
    expect(response.redirects).toEqual([server.url('/page')]);
    expect(Buffer.from(response.body).toString()).toBe('<p>hello</p>');
  });

  it('checks every hop: a redirect to a private address is refused before it is requested', async () => {
    const before = other.log.length;
    for (const [path, target, why] of [
      ['/to-other', `${other.origin}/secret`, '127.0.0.1 is a loopback address'],
      ['/to-localhost', `http://localhost:${new URL(other.origin).port}/secret`, 'its host localhost resolves to'],
      ['/to-ipv6-loopback', `http://[::1]:${new URL(other.origin).port}/secret`, '::1 is a loopback address'],
    ] as const) {
      const error = await failureOf(fetchUrl(server.url(path), allowServer()));
      expect(error).toBeInstanceOf(RefusedUrlError);
      expect(error.message).toContain(`refusing ${target}: ${why}`);
      expect(error.message).toContain(`(redirected from ${server.url(path)})`);
    }
    expect(other.log.length).toBe(before);
    const scheme = await failureOf(fetchUrl(server.url('/to-file'), allowServer()));
    expect(scheme.message).toBe(`refusing file:///etc/passwd: only http and https URLs are fetched, not file (redirected from ${server.url('/to-file')})`);
  });

  it('gives up on redirect loops and redirects without a Location', async () => {
    const loop = await failureOf(fetchUrl(server.url('/loop'), { ...allowServer(), maxRedirects: 3 }));
    expect(loop.message).toBe(`${server.url('/loop')}: more than 3 redirects`);
    expect(server.requestsFor('/loop')).toHaveLength(4);
    const missing = await failureOf(fetchUrl(server.url('/no-location'), allowServer()));
    expect(missing.message).toBe(`${server.url('/no-location')}: HTTP 302 redirect without a Location header`);
  });

  it('refuses bodies over the limit, by Content-Length or while streaming, and gzip bombs', async () => {
    const declared = await failureOf(fetchUrl(server.url('/big-declared'), { ...allowServer(), maxBytes: 4096 }));
    expect(declared.message).toBe(`${server.url('/big-declared')}: response of 5,000 bytes is over the 4 KiB limit`);
    const streamed = await failureOf(fetchUrl(server.url('/big-streamed'), { ...allowServer(), maxBytes: 4096 }));
    expect(streamed.message).toMatch(/big-streamed: response is over the 4 KiB limit \(stopped after [\d,]+ bytes\)$/);
    const before = process.memoryUsage().rss;
    const bomb = await failureOf(fetchUrl(server.url('/gzip-bomb'), { ...allowServer(), maxBytes: 1024 * 1024 }));
    expect(bomb.message).toMatch(/gzip-bomb: response is over the 1 MiB limit/);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('times out a server that never answers or never finishes, as a transient failure', async () => {
    for (const path of ['/hang', '/slow']) {
      const started = Date.now();
      const error = await failureOf(fetchUrl(server.url(path), { ...allowServer(), timeoutMs: 300 }));
      expect(error).toBeInstanceOf(FetchError);
      expect(error.message).toBe(`${server.url(path)}: timed out after 0.3 s`);
      expect((error as FetchError).transient).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('reports a refused connection as a transient failure', async () => {
    const closed = await TestServer.start();
    const url = closed.url('/');
    await closed.close();
    const error = await failureOf(fetchUrl(url, { allowPrivateNetwork: true }));
    expect(error.message).toBe(`${url}: could not be fetched: ECONNREFUSED`);
    expect((error as FetchError).transient).toBe(true);
  });

  it('passes conditional headers and returns a 304 with an empty body', async () => {
    const response = await fetchUrl(server.url('/conditional'), { ...allowServer(), headers: { 'if-none-match': '"v1"' } });
    expect(response.status).toBe(304);
    expect(response.body).toHaveLength(0);
  });
});

describe('fetchUrl against DNS rebinding', () => {
  /** A resolver that answers each name from a list, one answer a call, and counts the calls. */
  function rebindingResolver(answers: Record<string, string[][]>) {
    const calls: string[] = [];
    const lookup = async (hostname: string): Promise<string[]> => {
      calls.push(hostname);
      const queue = answers[hostname];
      if (!queue || queue.length === 0) throw Object.assign(new Error(`no answer for ${hostname}`), { code: 'ENOTFOUND' });
      return queue.length > 1 ? queue.shift()! : queue[0]!;
    };
    return { lookup, calls };
  }

  it('refuses a name that answers a public address to the check and loopback to the connection, and sends nothing', async () => {
    const port = new URL(other.origin).port;
    const { lookup, calls } = rebindingResolver({ 'rebind.test': [['93.184.216.34'], ['127.0.0.1']] });
    const before = other.log.length;
    const url = `http://rebind.test:${port}/secret`;
    const error = await failureOf(fetchUrl(url, { lookup }));
    expect(error).toBeInstanceOf(RefusedUrlError);
    expect(error.message).toBe(`refusing ${url}: its host rebind.test resolves to 127.0.0.1, a loopback address (pass --allow-private-network to fetch it)`);
    // The guard looked once and the connection once more, through the same resolver.
    expect(calls).toEqual(['rebind.test', 'rebind.test']);
    expect(other.log.length).toBe(before);
  });

  it('refuses the same trick on a redirect hop, naming where it came from', async () => {
    const port = new URL(other.origin).port;
    server.routes.set('/to-rebinder', respond('', { location: `http://rebind.test:${port}/secret` }, 302));
    const { lookup } = rebindingResolver({ 'rebind.test': [['93.184.216.34'], ['::1']] });
    const before = other.log.length;
    const error = await failureOf(fetchUrl(server.url('/to-rebinder'), { ...allowServer(), lookup }));
    expect(error).toBeInstanceOf(RefusedUrlError);
    expect(error.message).toContain('its host rebind.test resolves to ::1, a loopback address');
    expect(error.message).toContain(`(redirected from ${server.url('/to-rebinder')})`);
    expect(other.log.length).toBe(before);
  });

  it('connects to the addresses its resolver gives, not to what the system resolver would say', async () => {
    const port = new URL(other.origin).port;
    // mirror.test exists in no DNS: reaching the server proves the connection used this resolver's answer.
    const { lookup, calls } = rebindingResolver({ 'mirror.test': [['127.0.0.1']] });
    const response = await fetchUrl(`http://mirror.test:${port}/secret`, { lookup, allowedPrivateHosts: [`mirror.test:${port}`] });
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toBe('internal data');
    expect(calls).toContain('mirror.test');
  });

  it("answers net.connect's look-ups in both shapes, by family, and refuses any private answer among public ones", async () => {
    const lookup = guardedLookup({ lookup: async () => ['93.184.216.34', '2606:4700:4700::1111'], check: true });
    const all = await new Promise<unknown>((resolve, reject) => lookup('news.test', { all: true }, (e, answers) => (e ? reject(e) : resolve(answers))));
    expect(all).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700:4700::1111', family: 6 },
    ]);
    const one = await new Promise<unknown>((resolve, reject) => lookup('news.test', { family: 6 }, (e, address, family) => (e ? reject(e) : resolve([address, family]))));
    expect(one).toEqual(['2606:4700:4700::1111', 6]);
    const mixed = guardedLookup({ lookup: async () => ['93.184.216.34', '10.0.0.5'], check: true });
    const refused = await new Promise<Error | null>((resolve) => mixed('news.test', {}, (e) => resolve(e)));
    expect(refused).toBeInstanceOf(RefusedAddressError);
    expect(refused!.message).toBe('its host news.test resolves to 10.0.0.5, a private address (pass --allow-private-network to fetch it)');
    const unchecked = guardedLookup({ lookup: async () => ['10.0.0.5'], check: false });
    const allowed = await new Promise<unknown>((resolve) => unchecked('news.test', {}, (e, address) => resolve(e ?? address)));
    expect(allowed).toBe('10.0.0.5');
  });
});
