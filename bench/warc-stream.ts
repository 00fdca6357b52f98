/**
 * Streaming WARC reading at scale: `node dist/bench/warc-stream.js [--sizes 100,1000] [--mode records|extract] [--dir D] [--keep]`.
 *
 * For each size (MB of .warc.gz), writes a Common Crawl style crawl of generated news pages (one gzip member per
 * record: warcinfo, then per page a request and a response, with some redirects, images and 404s between), then
 * reads it in a child process, so each reading's peak RSS is its own, and reports records/s, MB/s (of the
 * compressed file) and peak RSS: the kernel's high-water mark (VmHWM) and the largest of samples taken every
 * 20 ms. The target is memory that does not grow with the file. The generated files are deleted afterwards
 * (unless --keep).
 *
 * Memory is also taken at each tenth of the file: RSS, and the live heap right after a full collection (the
 * child runs with --expose-gc), which shows what the reader holds apart from the collector's slack.
 *
 * Modes: `records` (default) reads every record as the WARC reader does (gzip members, framing, warcio's parse,
 * HTTP decoding) and decodes each page's charset; `extract` also extracts each page's article, as the reader
 * `eventwire ingest` uses does. `--read FILE [--mode M]` reads one existing file and prints its report as JSON.
 * A benchmark: it asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { decodeText } from '../src/readers/encoding.js';
import { readHttpPayload } from '../src/readers/payload.js';
import { readWarcEntries } from '../src/readers/warc.js';
import { seededRandom } from '../src/util/random.js';

const MB = 1_000_000;
const MIB = 1024 * 1024;

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

// ---------------------------------------------------------------------------------------------------------
// Generated pages

const PLACES = ['Harbourside', 'Kestrel Bay', 'Northmoor', 'Ashford Vale', 'Port Wren', 'Lindenfield', 'Greystone', 'Marlow Heights', 'Eastbrook', 'Saltmarsh'];
const COUNTRIES = ['Norway', 'Chile', 'Kenya', 'Vietnam', 'Portugal', 'Canada', 'Ghana', 'Peru', 'Finland', 'Morocco', 'Japan', 'Brazil'];
const PEOPLE = ['Maria Okafor', 'Tomas Lindqvist', 'Aiko Tanaka', 'Rafael Duarte', 'Helen Marsh', 'Idris Bello', 'Sofia Petrova', 'Daniel Achebe', 'Nora Halvorsen', 'Luis Carvalho'];
const ROLES = ['the mayor', 'the transport minister', 'a union spokesman', 'the harbour master', 'the chief economist', 'a hospital director', 'the police commissioner', 'an opposition lawmaker'];
const BODIES = ['the city council', 'the central bank', 'the port authority', 'the health ministry', 'the rail operator', 'the teachers’ union', 'the weather service', 'the electoral commission'];
const TOPICS = [
  ['ferry', 'crossings', 'vessels', 'the harbour'],
  ['bridge', 'repairs', 'engineers', 'the river'],
  ['budget', 'spending', 'taxes', 'the treasury'],
  ['strike', 'wages', 'workers', 'the depot'],
  ['storm', 'flooding', 'residents', 'the coast'],
  ['election', 'turnout', 'voters', 'the count'],
  ['hospital', 'waiting lists', 'nurses', 'the ward'],
  ['school', 'enrolment', 'pupils', 'the district'],
  ['trade deal', 'tariffs', 'exporters', 'the border'],
  ['power plant', 'emissions', 'engineers', 'the grid'],
];
const VERBS = ['announced', 'warned', 'confirmed', 'denied', 'proposed', 'rejected', 'approved', 'postponed', 'criticised', 'welcomed'];
const WHEN = ['on Monday', 'on Tuesday', 'late on Wednesday', 'on Thursday morning', 'on Friday', 'over the weekend', 'earlier this month', 'last week'];

interface Page {
  url: string;
  html: Buffer;
  date: string;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function sentence(random: () => number, topic: readonly string[]): string {
  const [thing, detail, people, where] = topic as [string, string, string, string];
  const figure = Math.floor(random() * 900) + 12;
  const forms = [
    () => `${capitalise(pick(random, BODIES))} ${pick(random, VERBS)} ${pick(random, WHEN)} a plan for the ${thing} that would affect about ${figure} ${people} near ${where}.`,
    () => `“We cannot wait another year,” said ${pick(random, PEOPLE)}, ${pick(random, ROLES)} of ${pick(random, PLACES)}, adding that ${detail} had already fallen by ${figure % 40} percent.`,
    () => `Officials in ${pick(random, PLACES)} said the ${thing} had cost ${figure} million, far more than the estimate given to ${pick(random, BODIES)} in ${2015 + (figure % 9)}.`,
    () => `Critics, among them ${pick(random, ROLES)}, said the ${detail} were a distraction from problems that ${people} in ${pick(random, COUNTRIES)} had faced for a decade.`,
    () => `The decision follows months of talks between ${pick(random, BODIES)} and ${pick(random, BODIES)}, which ${pick(random, VERBS)} an earlier version ${pick(random, WHEN)}.`,
    () => `According to figures published ${pick(random, WHEN)}, ${figure} ${people} were affected, most of them in the area around ${where}.`,
  ];
  return pick(random, forms)();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A news page with the furniture real ones carry (navigation, scripts, related links, footer): 20–120 KB. */
function generatePage(random: () => number, index: number): Page {
  const topic = pick(random, TOPICS);
  const place = pick(random, PLACES);
  const headline = `${place} ${pick(random, ['approves', 'delays', 'rejects', 'debates', 'expands', 'halts'])} ${topic[0]} ${pick(random, ['plan', 'project', 'deal', 'review', 'vote'])}`;
  const day = 1 + (index % 28);
  const date = `2024-03-${String(day).padStart(2, '0')}T${String(index % 24).padStart(2, '0')}:15:00Z`;
  const paragraphs = Array.from({ length: 6 + Math.floor(random() * 14) }, () => `<p>${Array.from({ length: 2 + Math.floor(random() * 4) }, () => sentence(random, topic)).join(' ')}</p>`);
  const related = Array.from({ length: 8 + Math.floor(random() * 20) }, (_, i) => `<li><a href="/news/${index + i + 1}">${pick(random, PLACES)} ${pick(random, TOPICS)[0]} update ${i + 1}</a></li>`);
  // Minified scripts and state blobs make up much of a real page and compress poorly: random tokens stand in.
  const blob = Array.from({ length: 400 + Math.floor(random() * 2400) }, () => Math.floor(random() * 2 ** 40).toString(36)).join(',');
  const script = `<script>window.__STATE__={"id":${index},"tags":${JSON.stringify(topic)},"ads":"${blob}"};</script>`;
  const withDate = random() < 0.7 ? `<meta property="article:published_time" content="${date}">` : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${headline} | The Generated Herald</title>${withDate}
<meta property="og:site_name" content="The Generated Herald"><link rel="canonical" href="https://herald.example/news/${index}">${script}</head>
<body><header><nav><ul>${['Home', 'World', 'Business', 'Sport', 'Culture', 'Opinion'].map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a></li>`).join('')}</ul></nav></header>
<main><article><h1>${headline}</h1><p class="byline">By ${pick(random, PEOPLE)}</p>${paragraphs.join('\n')}</article>
<aside><h2>Related</h2><ul>${related.join('')}</ul></aside></main>
<footer><p>© 2024 The Generated Herald. All rights reserved.</p><p>Sign up for our newsletter.</p></footer></body></html>`;
  return { url: `https://herald.example/news/${index}`, html: Buffer.from(html), date };
}

function warcRecord(type: string, uri: string | undefined, date: string, block: Buffer, contentType: string): Buffer {
  const header =
    `WARC/1.0\r\nWARC-Type: ${type}\r\n${uri ? `WARC-Target-URI: ${uri}\r\n` : ''}WARC-Date: ${date}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${block.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(header), block, Buffer.from('\r\n\r\n')]);
}

function httpResponse(status: string, headers: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${headers}\r\n`), body]);
}

/** Writes a crawl of about `bytes` compressed bytes; returns how many records it holds. */
function generateCrawl(path: string, bytes: number, seed: number): number {
  const random = seededRandom(seed);
  const fd = openSync(path, 'w');
  let written = 0;
  let records = 0;
  const write = (record: Buffer) => {
    const member = gzipSync(record);
    writeSync(fd, member);
    written += member.length;
    records++;
  };
  try {
    write(warcRecord('warcinfo', undefined, '2024-03-01T00:00:00Z', Buffer.from('software: eventwire bench\r\nformat: WARC File Format 1.0\r\n'), 'application/warc-fields'));
    for (let index = 0; written < bytes; index++) {
      const page = generatePage(random, index);
      write(warcRecord('request', page.url, page.date, Buffer.from(`GET /news/${index} HTTP/1.1\r\nHost: herald.example\r\n\r\n`), 'application/http; msgtype=request'));
      const roll = random();
      if (roll < 0.03) {
        write(warcRecord('response', page.url, page.date, httpResponse('301 Moved Permanently', `Location: ${page.url}/\r\n`, Buffer.alloc(0)), 'application/http; msgtype=response'));
      } else if (roll < 0.05) {
        write(warcRecord('response', page.url, page.date, httpResponse('404 Not Found', 'Content-Type: text/html\r\n', Buffer.from('<p>not found</p>')), 'application/http; msgtype=response'));
      } else if (roll < 0.08) {
        const image = Buffer.alloc(2000 + Math.floor(random() * 30000));
        for (let i = 0; i < image.length; i++) image[i] = Math.floor(random() * 256);
        write(warcRecord('response', `${page.url}.jpg`, page.date, httpResponse('200 OK', 'Content-Type: image/jpeg\r\n', image), 'application/http; msgtype=response'));
      } else {
        write(warcRecord('response', page.url, page.date, httpResponse('200 OK', 'Content-Type: text/html; charset=utf-8\r\n', page.html), 'application/http; msgtype=response'));
      }
    }
  } finally {
    closeSync(fd);
  }
  return records;
}

// ---------------------------------------------------------------------------------------------------------
// Reading (in the child)

interface Checkpoint {
  /** Share of the file read. */
  percent: number;
  rss: number;
  /** Live heap right after a full collection: what the reader really holds. */
  heapAfterGc: number;
}

interface ReadReport {
  mode: string;
  records: number;
  pages: number;
  errors: number;
  fileBytes: number;
  seconds: number;
  peakRssSampled: number;
  vmHwm: number;
  checkpoints: Checkpoint[];
}

function highWaterMark(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Number(/(\d+)/.exec(line)![1]) * 1024 : process.memoryUsage().rss;
}

/** Reads the crawl as `readWarcFile` does (records mode stops short of article extraction). */
async function readCrawl(path: string, mode: string): Promise<ReadReport> {
  const fileBytes = statSync(path).size;
  const collect = (globalThis as { gc?: () => void }).gc;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const checkpoints: Checkpoint[] = [];
  const checkpoint = (percent: number) => {
    collect?.();
    checkpoints.push({ percent, rss: process.memoryUsage().rss, heapAfterGc: process.memoryUsage().heapUsed });
  };
  let nextPercent = 10;
  const started = performance.now();
  let records = 0;
  let pages = 0;
  let errors = 0;
  const maxBytes = 20 * MIB;
  for await (const entry of readWarcEntries(path, { maxBytes })) {
    records++;
    const offset = entry.kind === 'response' ? entry.response.offset : entry.offset;
    if (offset >= (fileBytes * nextPercent) / 100) {
      peak = Math.max(peak, process.memoryUsage().rss);
      checkpoint(nextPercent);
      nextPercent += 10;
    }
    if (entry.kind === 'error') errors++;
    if (entry.kind !== 'response') continue;
    const { response } = entry;
    if (mode === 'extract') {
      // What readWarcFile does with each response: decode, extract the article, hint the crawl date.
      const result = readHttpPayload(response.targetUri ?? path, response.body, { contentType: response.contentType ?? null, fallbackHints: { published: response.date ?? '' } });
      if (result.ok) pages++;
      else errors++;
    } else {
      decodeText(response.body, 'utf-8');
      pages++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const vmHwm = highWaterMark();
  checkpoint(100);
  return { mode, records, pages, errors, fileBytes, seconds, peakRssSampled: peak, vmHwm, checkpoints };
}

// ---------------------------------------------------------------------------------------------------------
// Main

const readPath = argument('read');
if (readPath !== undefined) {
  const report = await readCrawl(readPath, argument('mode') ?? 'records');
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const sizes = (argument('sizes') ?? '100,1000').split(',').map(Number);
  const modes = (argument('mode') ?? 'records').split(',');
  const dir = mkdtempSync(join(argument('dir') ?? tmpdir(), 'eventwire-warc-bench-'));
  const keep = process.argv.includes('--keep');
  const self = fileURLToPath(import.meta.url);
  console.log(`node ${process.version}; files in ${dir}`);
  console.log('size      | mode    | records   | pages    | errors | seconds | records/s | pages/s | MB/s (file) | peak RSS (VmHWM) | peak RSS (sampled)');
  const along: string[] = [];
  try {
    for (const size of sizes) {
      const path = join(dir, `crawl-${size}MB.warc.gz`);
      const generationStarted = performance.now();
      const written = generateCrawl(path, size * MB, 42);
      console.error(`generated ${path}: ${(statSync(path).size / MB).toFixed(0)} MB, ${written} records in ${((performance.now() - generationStarted) / 1000).toFixed(0)} s`);
      for (const mode of modes) {
        const child = spawnSync(process.execPath, ['--expose-gc', self, '--read', path, '--mode', mode], { encoding: 'utf8', maxBuffer: 16 * MIB });
        if (child.status !== 0) throw new Error(`reading ${path} failed: ${child.stderr}`);
        const report = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ReadReport;
        console.log(
          [
            `${(report.fileBytes / MB).toFixed(0).padStart(5)} MB`,
            report.mode.padEnd(7),
            String(report.records).padStart(9),
            String(report.pages).padStart(8),
            String(report.errors).padStart(6),
            report.seconds.toFixed(1).padStart(7),
            Math.round(report.records / report.seconds).toLocaleString('en-US').padStart(9),
            Math.round(report.pages / report.seconds).toLocaleString('en-US').padStart(7),
            (report.fileBytes / MB / report.seconds).toFixed(1).padStart(11),
            `${(report.vmHwm / MIB).toFixed(0)} MiB`.padStart(16),
            `${(report.peakRssSampled / MIB).toFixed(0)} MiB`.padStart(18),
          ].join(' | '),
        );
        along.push(`${(report.fileBytes / MB).toFixed(0).padStart(5)} MB ${report.mode.padEnd(7)} ${report.checkpoints.map((c) => `${c.percent}%: ${(c.rss / MIB).toFixed(0)}/${(c.heapAfterGc / MIB).toFixed(0)}`).join('  ')}`);
      }
      if (!keep) rmSync(path, { force: true });
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nMemory along the way (RSS / live heap after a full GC, MiB, at each share of the file read):');
  for (const line of along) console.log(line);
}
