/**
 * `eventwire serve` through the built CLI: it binds 127.0.0.1 by default, prints its address and answers the
 * API; it refuses a non-loopback host without a token, and with one every request needs it.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from './cli-helpers.js';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Starts the server (or `demo --serve`) and waits for the address it prints. */
async function serve(args: string[], command: string[] = ['serve']): Promise<{ url: string; output: string }> {
  const child = startCli([...command, '--port', '0', ...args]);
  running.push(child);
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed in 20 s; stderr: ${errors}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /eventwire API on (http:\/\/\S+?:\d+)/.exec(output)?.[1];
      if (url && output.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve({ url, output });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${errors}`)));
  });
}

describe('eventwire serve', () => {
  it('listens on 127.0.0.1 by default, prints its address and answers /api/stats', async () => {
    const db = join(tempDir('serve'), 'api.db');
    const { url } = await serve(['--db', db]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/stats`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const stats = (await res.json()) as { articles: number };
    expect(stats.articles).toBe(0);
    expect((await fetch(`${url}/api/stories/1`)).status).toBe(404);
  });

  it('serves the built app at / and says where it is', async () => {
    const { url, output } = await serve(['--db', join(tempDir('serve'), 'api.db')]);
    expect(output).toContain(`The app: ${url}/`);
    const page = await fetch(`${url}/stories`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
  });

  it('demo --serve ingests the sample and then serves it', async () => {
    const { url, output } = await serve(['--db', join(tempDir('serve'), 'demo.db'), '--no-progress'], ['demo', '--serve']);
    expect(output).toMatch(/Largest story/);
    const stats = (await (await fetch(`${url}/api/stats`)).json()) as { articles: number; stories: number };
    expect(stats.articles).toBeGreaterThan(10);
    expect(stats.stories).toBeGreaterThan(1);
  });

  it('refuses a non-loopback host without a token, saying how to give one', () => {
    const run = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--db', join(tempDir('serve'), 'api.db')], { env: { EVENTWIRE_API_TOKEN: '' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(run.stderr).toMatch(/--token .*EVENTWIRE_API_TOKEN/);
  });

  it('with a token, serves a non-loopback host and wants the token on every request', async () => {
    const { url } = await serve(['--host', '0.0.0.0', '--token', 'sesame', '--db', join(tempDir('serve'), 'api.db')]);
    const port = new URL(url).port;
    const local = `http://127.0.0.1:${port}`;
    expect((await fetch(`${local}/api/stats`)).status).toBe(401);
    expect((await fetch(`${local}/api/stats`, { headers: { Authorization: 'Bearer sesame' } })).status).toBe(200);
  });
});
