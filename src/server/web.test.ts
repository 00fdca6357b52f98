/**
 * The built app as the server hands it out: files from the web root, index.html for the app's own routes,
 * never a file outside the root, the app's security policy on pages and the API's on JSON, and the token
 * guarding the API but not the app's files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { tempDir } from '../../test/cli-helpers.js';
import { writeWebRoot } from '../../test/web-root.js';
import { createApp } from './app.js';

let store: Store;
let webRoot: string;
let outside: string;

beforeAll(() => {
  const dir = tempDir('web');
  store = openSqliteStore(join(dir, 'web.db'));
  webRoot = writeWebRoot(dir);
  outside = join(dir, 'secret.txt');
  writeFileSync(outside, 'not for the web');
});

afterAll(async () => {
  await store?.close();
});

describe('serving the web app', () => {
  it('serves index.html at / and at every app route, with the app security policy', async () => {
    const app = createApp(store, { webRoot });
    for (const path of ['/', '/stories/3', '/actors/person/kim-jong-un', '/articles/0123456789ab?event=4']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).toMatch(/connect-src 'self'/);
      expect(csp).not.toMatch(/unsafe/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, other files with revalidation, and 404s for missing ones', async () => {
    const app = createApp(store, { webRoot });
    const asset = await app.request('/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect(await asset.text()).toBe('console.log("app")');
    const robots = await app.request('/robots.txt');
    expect(robots.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(robots.headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/assets/gone-9f9f.js')).status).toBe(404);
    expect((await app.request('/favicon.png')).status).toBe(404);
  });

  it('never serves a file outside the web root', async () => {
    const app = createApp(store, { webRoot });
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/%00.js', '/%E0%A4%A']) {
      const res = await app.request(path);
      expect(await res.text(), path).not.toContain('not for the web');
    }
  });

  it('keeps the API its own: JSON 404s and the strict policy under /api/', async () => {
    const app = createApp(store, { webRoot });
    const res = await app.request('/api/no-such-route');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('content-security-policy')).not.toMatch(/script-src/);
    expect((await app.request('/openapi.json')).headers.get('content-type')).toMatch(/json/);
    // POSTs to app paths are not the app's.
    expect((await app.request('/stories', { method: 'POST' })).status).toBe(404);
  });

  it("guards the API with the token but serves the app's files, which hold no data", async () => {
    const app = createApp(store, { webRoot, token: 'tok' });
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/assets/app-1a2b.js')).status).toBe(200);
    expect((await app.request('/api/stats')).status).toBe(401);
    expect((await app.request('/openapi.json')).status).toBe(401);
    expect((await app.request('/api/stats', { headers: { Authorization: 'Bearer tok' } })).status).toBe(200);
  });

  it('serves the API alone when there is no app or it is turned off', async () => {
    for (const options of [{ webRoot: join(webRoot, 'missing') }, { webRoot: null }]) {
      const app = createApp(store, options);
      const res = await app.request('/');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
  });
});
