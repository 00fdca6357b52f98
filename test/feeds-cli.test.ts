/**
 * The built CLI on the feeds real users ingest: a Common Crawl style .warc.gz through `eventwire ingest`, and
 * `eventwire feeds` / `eventwire sitemap` against a local HTTP server (allowed with --allow-private-network; without
 * it the guard must refuse the server).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, requireBuiltCli, runCli, tempDir as makeTempDir } from './cli-helpers.js';
import { respond, TestServer } from './http-fixture.js';

const madeDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  madeDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process, so the test server keeps answering. */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  requireBuiltCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EVENTWIRE_DB: join(tempDir('home'), 'default.db') } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const STORIES = {
  ferry: [
    'New ferry line to open in spring',
    'The harbour authority said on Tuesday that the new ferry line between the two islands would open in the spring, after three years of delays caused by a shortage of shipyard workers.',
  ],
  bridge: [
    'Old bridge closed after cracks found',
    'Engineers closed the old stone bridge over the river on Monday night after inspectors found cracks in two of its arches, diverting traffic through the town centre.',
  ],
  school: [
    'Council approves new school',
    'The council voted nine to two on Wednesday in favour of building a new primary school on the site of the old bus depot, ending a dispute that had lasted a decade.',
  ],
} as const;
type Story = keyof typeof STORIES;

function page(story: Story): string {
  const [headline, text] = STORIES[story];
  return `<!doctype html><html><head><title>${headline}</title><meta property="og:site_name" content="The Harbour Gazette"></head><body>
<article><h1>${headline}</h1><p>${text}</p><p>Officials promised further details in the coming days, and residents said they would wait and see.</p></article></body></html>`;
}

function warcResponse(uri: string, body: string, date = '2024-03-05T10:00:00Z'): Buffer {
  const block = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n'), Buffer.from(body)]);
  const header = `WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ${uri}\r\nWARC-Date: ${date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${block.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(header), block, Buffer.from('\r\n\r\n')]);
}

describe('eventwire ingest x.warc.gz', () => {
  it('stores every HTML page of the crawl, and names a broken record by file and offset', () => {
    const dir = tempDir('warc-cli');
    const db = join(dir, 'news.db');
    const members = [gzipSync(warcResponse('https://gazette.example/ferry', page('ferry'))), gzipSync(warcResponse('https://gazette.example/bridge', page('bridge')))];
    const crawl = join(dir, 'CC-NEWS-20240305.warc.gz');
    writeFileSync(crawl, Buffer.concat(members));
    const ingest = runCli(['ingest', crawl, '--db', db, '--no-progress']);
    expect(ingest.status, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/Read 2 input\(s\).*: 2 article\(s\); 2 new/);
    const listed = JSON.parse(runCli(['list', '--db', db, '--json']).stdout) as { title: string; uri: string }[];
    expect(listed.map((a) => [a.title, a.uri]).sort()).toEqual([
      ['New ferry line to open in spring', 'https://gazette.example/ferry'],
      ['Old bridge closed after cracks found', 'https://gazette.example/bridge'],
    ]);

    const broken = join(dir, 'broken.warc.gz');
    writeFileSync(broken, Buffer.concat([members[0]!, members[1]!.subarray(0, 60)]));
    const second = runCli(['ingest', broken, '--db', db, '--no-progress']);
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/1 article\(s\); 0 new, 0 new version\(s\), 1 unchanged; 1 input error/);
    expect(second.stderr).toContain(`${broken}#offset=${members[0]!.length}: truncated gzip member: the file ends inside it`);
  });
});

describe('eventwire feeds and sitemap', () => {
  let server: TestServer;
  let items: Story[] = ['ferry', 'bridge'];
  beforeAll(async () => {
    server = await TestServer.start();
    server.routes.set('/feed.xml', (request, response) => {
      const etag = `"${items.join('-')}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      const entries = items.map((story) => `<item><title>${STORIES[story][0]}</title><link>${server.url(`/${story}`)}</link></item>`).join('');
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>${entries}</channel></rss>`);
    });
    for (const story of Object.keys(STORIES) as Story[]) server.routes.set(`/${story}`, respond(page(story), { 'content-type': 'text/html; charset=utf-8' }));
    server.routes.set(
      '/sitemap.xml',
      respond(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${server.url('/school')}</loc><lastmod>2024-03-06</lastmod></url><url><loc>${server.url('/ferry')}</loc><lastmod>2023-01-01</lastmod></url></urlset>`,
        { 'content-type': 'application/xml' },
      ),
    );
  });
  afterAll(() => server.close());

  it('adds a feed, polls it into the store, then fetches nothing while it is unchanged and only the new item after', async () => {
    const dir = tempDir('feeds-cli');
    const db = join(dir, 'news.db');
    const feedUrl = server.url('/feed.xml');
    const added = await runCliAsync(['feeds', 'add', feedUrl, '--db', db]);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toContain(`added ${feedUrl}`);
    expect(existsSync(`${db}.feeds.json`)).toBe(true);

    const refused = await runCliAsync(['feeds', 'poll', '--once', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain(`${feedUrl}: error: refusing ${feedUrl}: 127.0.0.1 is a loopback address (pass --allow-private-network to fetch it)`);

    server.log.length = 0;
    const first = await runCliAsync(['feeds', 'poll', '--once', '--allow-private-network', '--db', db]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${feedUrl}: 2 new item(s), 2 read, 0 failed`);
    expect(first.stdout).toMatch(/2 article\(s\); 2 new/);
    const stored = JSON.parse((await runCliAsync(['list', '--db', db, '--json'])).stdout) as { title: string }[];
    expect(stored.map((a) => a.title).sort()).toEqual(['New ferry line to open in spring', 'Old bridge closed after cracks found']);

    server.log.length = 0;
    const second = await runCliAsync(['feeds', 'poll', '--allow-private-network', '--db', db]);
    expect(second.stdout).toContain(`${feedUrl}: not modified`);
    expect(server.log.map((entry) => entry.path)).toEqual(['/feed.xml']);

    items = ['school', 'ferry', 'bridge'];
    server.log.length = 0;
    const third = await runCliAsync(['feeds', 'poll', '--allow-private-network', '--db', db]);
    expect(third.stdout).toContain(`${feedUrl}: 1 new item(s), 1 read, 0 failed`);
    expect(server.log.map((entry) => entry.path)).toEqual(['/feed.xml', '/school']);

    const list = JSON.parse((await runCliAsync(['feeds', 'list', '--db', db, '--json'])).stdout) as { url: string; itemsSeen: number; etag: string }[];
    expect(list).toEqual([expect.objectContaining({ url: feedUrl, itemsSeen: 3, etag: '"school-ferry-bridge"', lastOutcome: '1 new item' })]);
    const state = JSON.parse(readFileSync(`${db}.feeds.json`, 'utf8')) as { feeds: { seen: string[] }[] };
    expect(state.feeds[0]!.seen).toContain(server.url('/school'));
  });

  it('ingests the pages of a sitemap modified since a date', async () => {
    const db = join(tempDir('sitemap-cli'), 'news.db');
    server.log.length = 0;
    const run = await runCliAsync(['sitemap', server.url('/sitemap.xml'), '--since', '2024-03-01', '--allow-private-network', '--db', db]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Read 1 sitemap(s): 1 page(s) listed (left out: 1 older, 0 without a date); fetching 1.');
    expect(server.log.map((entry) => entry.path)).toEqual(['/sitemap.xml', '/school']);
    const stored = JSON.parse((await runCliAsync(['list', '--db', db, '--json'])).stdout) as { title: string }[];
    expect(stored.map((a) => a.title)).toEqual(['Council approves new school']);
  });
});
