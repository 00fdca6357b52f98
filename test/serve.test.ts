/**
 * `eventwire serve` through the built CLI: it binds 127.0.0.1 by default, prints its address, who may use it and
 * its limits, and answers the API; it refuses a non-loopback host without a token, and with one every request
 * needs it. Its body and rate limits hold over real sockets, as set on the command line.
 */
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
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
    const { url, output } = await serve(['--db', db]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('Access: this machine only (bound to loopback, no token;');
    expect(output).toContain('Limits: bodies up to 5 MiB; 100 requests a second per client address (bursts of 200).');
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
    const { url, output } = await serve(['--host', '0.0.0.0', '--token', 'sesame', '--db', join(tempDir('serve'), 'api.db')]);
    expect(output).toContain('Access: any machine that reaches 0.0.0.0, with the token');
    const port = new URL(url).port;
    const local = `http://127.0.0.1:${port}`;
    expect((await fetch(`${local}/api/stats`)).status).toBe(401);
    expect((await fetch(`${local}/api/stats`, { headers: { Authorization: 'Bearer sesame' } })).status).toBe(200);
  });

  it('runs ingest jobs on a worker thread: a posted article is analysed, stored and readable, and Ctrl-C waits for the job', async () => {
    const { url } = await serve(['--db', join(tempDir('serve'), 'api.db')]);
    const text = [
      'Harbour council approves ferry subsidy',
      'March 3, 2021',
      'PORT ELLIS (Quayside Courier) — The harbour council approved a ferry subsidy on Tuesday, its chair Dana Whitlow said.',
    ].join('\n\n');
    const posted = await fetch(`${url}/api/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ articles: [{ text }] }) });
    expect(posted.status).toBe(202);
    let job = (await posted.json()) as { job: string; state: string; articles: { stored: { id: string }[] }[] };
    for (let i = 0; i < 600 && job.state !== 'done' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${url}/api/ingest/${job.job}`)).json()) as typeof job;
    }
    expect(job.state).toBe('done');
    const id = job.articles[0]!.stored[0]!.id;
    const article = (await (await fetch(`${url}/api/articles/${id}`)).json()) as { title: string };
    expect(article.title).toBe('Harbour council approves ferry subsidy');
    // Stopping ends the worker too: the process exits.
    const child = running.at(-1)!;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).not.toBe('still running');
  }, 120_000);

  it('answers only requests addressed to a loopback name when it has no token', async () => {
    const { url } = await serve(['--db', join(tempDir('serve'), 'api.db')]);
    expect(await statusWithHost(url, 'localhost')).toBe(200);
    expect(await statusWithHost(url, 'rebound.example')).toBe(403);
  });

  it('takes its body and rate limits from the command line: 413 and 429 with Retry-After over real sockets', async () => {
    const { url, output } = await serve(['--db', join(tempDir('serve'), 'api.db'), '--max-body', '200', '--rate-limit', '0.5', '--rate-burst', '3']);
    expect(output).toContain('Limits: bodies up to 200 bytes; 0.5 requests a second per client address (bursts of 3).');
    const big = await fetch(`${url}/api/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ articles: [{ text: 'x'.repeat(300) }] }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/over the 200-byte limit/);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/stats`);
      statuses.push(res.status);
      retryAfter ??= res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    // The upload took the first of the three tokens.
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(2);
  });

  it('turns the rate limit off with --rate-limit 0 and says so', async () => {
    const { url, output } = await serve(['--db', join(tempDir('serve'), 'api.db'), '--rate-limit', '0']);
    expect(output).toContain('no rate limit (--rate-limit 0)');
    const statuses = await Promise.all(Array.from({ length: 300 }, async () => (await fetch(`${url}/api/stats`)).status));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('refuses limits that are not numbers', () => {
    for (const [option, value] of [['--rate-limit', '-1'], ['--rate-burst', '0'], ['--max-body', 'lots']]) {
      const run = runCli(['serve', '--port', '0', '--db', join(tempDir('serve'), 'api.db'), option!, value!]);
      expect(run.status, option).not.toBe(0);
      expect(run.stderr, option).toContain(`"${value}" is not`);
    }
  });
});

/** The status of GET /api/stats sent with the given Host header (fetch will not let a caller set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/stats`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}
