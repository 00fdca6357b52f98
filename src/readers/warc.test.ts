import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs } from './index.js';
import type { ReadResult } from './types.js';
import { readWarcEntries, readWarcFile } from './warc.js';

const scratch = mkdtempSync(join(tmpdir(), 'eventwire-warc-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let fileCount = 0;
function writeScratch(name: string, bytes: Uint8Array): string {
  const path = join(scratch, `${++fileCount}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

interface HttpPart {
  status?: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

/** One WARC record, written by hand so every header and length is what the test says. */
function warcRecord(type: string, options: { uri?: string; date?: string; http?: HttpPart; block?: Uint8Array; contentLength?: number }): Buffer {
  let block: Buffer;
  if (options.http) {
    const status = options.http.status ?? 200;
    const headerLines = Object.entries(options.http.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    block = Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Other'}\r\n${headerLines}\r\n`, 'latin1'), Buffer.from(options.http.body)]);
  } else {
    block = Buffer.from(options.block ?? new Uint8Array());
  }
  const contentType = type === 'response' ? 'application/http; msgtype=response' : type === 'request' ? 'application/http; msgtype=request' : 'application/warc-fields';
  const header =
    'WARC/1.0\r\n' +
    `WARC-Type: ${type}\r\n` +
    (options.uri ? `WARC-Target-URI: ${options.uri}\r\n` : '') +
    `WARC-Date: ${options.date ?? '2024-03-05T10:00:00Z'}\r\n` +
    `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(++fileCount).padStart(12, '0')}>\r\n` +
    `Content-Type: ${contentType}\r\n` +
    `Content-Length: ${options.contentLength ?? block.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), block, Buffer.from('\r\n\r\n')]);
}

function newsPage(headline: string, paragraphs: string[], extraHead = ''): string {
  return `<!doctype html><html><head><title>${headline} | The Harbour Gazette</title>${extraHead}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>${headline}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>Copyright The Harbour Gazette</footer></body></html>`;
}

const FERRY_PARAGRAPHS = [
  'The harbour authority said on Tuesday that the new ferry line between the two islands would open in the spring, after three years of delays caused by a shortage of shipyard workers.',
  'Officials told reporters that the first vessel had passed its sea trials last week and that a second one would follow in the summer, doubling the number of daily crossings.',
  'Residents of the smaller island have long complained that a single morning boat leaves them cut off from hospitals and schools on the mainland for most of the day.',
];
const BRIDGE_PARAGRAPHS = [
  'Engineers closed the old stone bridge over the river on Monday night after inspectors found cracks in two of its arches, diverting traffic through the town centre.',
  'The council said repairs could take several months and that a temporary footbridge would be put up for pedestrians and cyclists within two weeks.',
  'Shopkeepers near the bridge said trade had already fallen sharply and asked for help with the cost of the closure, which they had not been warned about.',
];

const html = { 'Content-Type': 'text/html; charset=utf-8' };

/** A small crawl: warcinfo, a request, two good pages, a redirect, an image, a metadata record. */
function sampleRecords(): Buffer[] {
  return [
    warcRecord('warcinfo', { block: Buffer.from('software: test\r\nformat: WARC File Format 1.0\r\n') }),
    warcRecord('request', { uri: 'https://news.example/ferry', block: Buffer.from('GET /ferry HTTP/1.1\r\nHost: news.example\r\n\r\n') }),
    warcRecord('response', {
      uri: 'https://news.example/ferry',
      date: '2024-03-05T10:00:00Z',
      http: { headers: html, body: newsPage('New ferry line to open in spring', FERRY_PARAGRAPHS, '<meta property="article:published_time" content="2024-02-28T08:00:00Z">') },
    }),
    warcRecord('metadata', { uri: 'https://news.example/ferry', block: Buffer.from('fetchTimeMs: 120\r\n') }),
    warcRecord('response', { uri: 'https://news.example/old', http: { status: 301, headers: { Location: 'https://news.example/ferry' }, body: '' } }),
    warcRecord('response', { uri: 'https://news.example/logo.png', http: { headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } }),
    warcRecord('response', {
      uri: 'https://news.example/bridge',
      date: '2024-03-06T07:30:00Z',
      http: { headers: html, body: newsPage('Old bridge closed after cracks found', BRIDGE_PARAGRAPHS) },
    }),
  ];
}

const gzipEach = (records: Buffer[]) => Buffer.concat(records.map((record) => gzipSync(record)));

async function readAll(path: string, maxBytes = 20 * 1024 * 1024): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of readWarcFile(path, { maxBytes })) results.push(result);
  return results;
}

function describeResults(results: ReadResult[]): string[] {
  return results.map((r) => (r.ok ? `ok ${r.source.uri}` : `error ${r.error.uri}: ${r.error.message}`));
}

/** Byte offsets of the gzip members of a file made by gzipEach. */
function memberOffsets(records: Buffer[]): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const record of records) {
    offsets.push(offset);
    offset += gzipSync(record).length;
  }
  return offsets;
}

describe('readWarcFile', () => {
  it('reads the HTTP 200 HTML responses of a .warc.gz (one gzip member per record) and skips everything else', async () => {
    const path = writeScratch('crawl.warc.gz', gzipEach(sampleRecords()));
    const results = await readAll(path);
    expect(describeResults(results)).toEqual(['ok https://news.example/ferry', 'ok https://news.example/bridge']);
    const [ferry, bridge] = results.map((r) => (r.ok ? r.source : undefined));
    expect(ferry?.format).toBe('html');
    expect(ferry?.text).toContain('New ferry line to open in spring');
    expect(ferry?.text).toContain('a single morning boat leaves them cut off');
    expect(ferry?.text).not.toContain('Sport');
    expect(ferry?.hints.url).toBe('https://news.example/ferry');
    // The page states its own date, which wins over the crawl date; the other page has only the crawl date.
    expect(ferry?.hints.published).toMatch(/^2024-02-28/);
    expect(bridge?.hints.published).toBe('2024-03-06T07:30:00Z');
  });

  it('reads an uncompressed .warc the same way', async () => {
    const path = writeScratch('crawl.warc', Buffer.concat(sampleRecords()));
    expect(describeResults(await readAll(path))).toEqual(['ok https://news.example/ferry', 'ok https://news.example/bridge']);
  });

  it('reads files written by warcio itself (WARC/1.1, gzip per record)', async () => {
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [];
    const info = await WARCRecord.createWARCInfo({ filename: 'x.warc.gz', warcVersion: 'WARC/1.1' }, { software: 'warcio' });
    parts.push(await WARCSerializer.serialize(info, { gzip: true }));
    const record = await WARCRecord.create(
      { url: 'https://news.example/bridge', date: '2024-03-06T07:30:00Z', type: 'response', warcVersion: 'WARC/1.1', httpHeaders: html },
      (async function* () {
        yield encoder.encode(newsPage('Old bridge closed after cracks found', BRIDGE_PARAGRAPHS));
      })(),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip: true }));
    const path = writeScratch('warcio.warc.gz', Buffer.concat(parts));
    const results = await readAll(path);
    expect(describeResults(results)).toEqual(['ok https://news.example/bridge']);
  });

  it('decodes the charset the HTTP header or the page declares', async () => {
    const text = 'Le ministre a déclaré que la réforme des retraites entrerait en vigueur à l’été, malgré la grève des cheminots qui dure depuis trois semaines.';
    const records = [
      warcRecord('response', {
        uri: 'https://journal.example/header-charset',
        http: { headers: { 'Content-Type': 'text/html; charset=windows-1252' }, body: iconv.encode(newsPage('Réforme des retraites', [text, text, text]), 'windows-1252') },
      }),
      warcRecord('response', {
        uri: 'https://journal.example/meta-charset',
        http: { headers: { 'Content-Type': 'text/html' }, body: iconv.encode(newsPage('Grève des cheminots', [text, text, text], '<meta charset="iso-8859-1">'), 'latin1') },
      }),
      warcRecord('response', {
        uri: 'https://journal.example/plain.txt',
        http: { headers: { 'Content-Type': 'text/plain; charset=windows-1252' }, body: iconv.encode(`Grève des cheminots\n\n${text}`, 'windows-1252') },
      }),
    ];
    const results = await readAll(writeScratch('charsets.warc.gz', gzipEach(records)));
    expect(describeResults(results)).toHaveLength(3);
    for (const result of results) {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.source.text).toContain('déclaré que la réforme');
    }
    const [first, , plain] = results;
    expect(first?.ok && first.source.encoding).toBe('windows-1252');
    expect(plain?.ok && plain.source.format).toBe('txt');
  });

  it('undoes chunked transfer encoding and gzip content encoding', async () => {
    const page = Buffer.from(newsPage('Old bridge closed after cracks found', BRIDGE_PARAGRAPHS));
    const gzipped = gzipSync(page);
    const half = Math.floor(gzipped.length / 2);
    const chunked = Buffer.concat([
      Buffer.from(`${half.toString(16)}\r\n`),
      gzipped.subarray(0, half),
      Buffer.from(`\r\n${(gzipped.length - half).toString(16)}\r\n`),
      gzipped.subarray(half),
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const record = warcRecord('response', {
      uri: 'https://news.example/chunked',
      http: { headers: { ...html, 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' }, body: chunked },
    });
    const results = await readAll(writeScratch('chunked.warc.gz', gzipSync(record)));
    expect(results[0]?.ok && results[0].source.text).toContain('Engineers closed the old stone bridge');
  });

  it('reports a truncated file with the offset of the broken record and keeps the records before it', async () => {
    const records = sampleRecords();
    const whole = gzipEach(records);
    const lastOffset = memberOffsets(records).at(-1)!;
    const path = writeScratch('truncated.warc.gz', whole.subarray(0, whole.length - 40));
    expect(describeResults(await readAll(path))).toEqual([
      'ok https://news.example/ferry',
      `error ${path}#offset=${lastOffset}: truncated gzip member: the file ends inside it`,
    ]);

    const plain = Buffer.concat(records);
    const plainPath = writeScratch('truncated.warc', plain.subarray(0, plain.length - 100));
    const plainLast = plain.length - records.at(-1)!.length;
    const results = describeResults(await readAll(plainPath));
    expect(results[0]).toBe('ok https://news.example/ferry');
    expect(results[1]).toMatch(new RegExp(`^error ${plainPath}#offset=${plainLast}: truncated WARC response record for https://news.example/bridge: its Content-Length is \\d+ bytes but only \\d+ follow$`));
    expect(results).toHaveLength(2);
  });

  it('skips a corrupt gzip member with an error and resumes at the next member', async () => {
    const records = sampleRecords();
    const offsets = memberOffsets(records);
    const bytes = gzipEach(records);
    // Damage the deflate data in the middle of the first response's member.
    const ferryMember = offsets[2]!;
    for (let i = ferryMember + 40; i < ferryMember + 60; i++) bytes[i] = 0xff;
    const path = writeScratch('corrupt.warc.gz', bytes);
    const results = describeResults(await readAll(path));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatch(new RegExp(`^error ${path}#offset=${ferryMember}: corrupt gzip member`));
    expect(results[1]).toBe('ok https://news.example/bridge');
  });

  it('skips garbage between records of an uncompressed WARC and finds the next record', async () => {
    const records = sampleRecords();
    const garbage = Buffer.from('this line is not part of any record\r\nnor is this one\r\n');
    const before = Buffer.concat(records.slice(0, 3));
    const path = writeScratch('garbage.warc', Buffer.concat([before, garbage, ...records.slice(3)]));
    expect(describeResults(await readAll(path))).toEqual([
      'ok https://news.example/ferry',
      `error ${path}#offset=${before.length}: not a WARC record: it starts with "this line is not"`,
      'ok https://news.example/bridge',
    ]);
  });

  it('skips a record over the size limit with an error and reads the next one', async () => {
    const big = warcRecord('response', { uri: 'https://news.example/big', http: { headers: html, body: newsPage('Big', ['x'.repeat(300_000)]) } });
    const records = [big, ...sampleRecords()];
    for (const [name, bytes] of [
      ['big.warc.gz', gzipEach(records)],
      ['big.warc', Buffer.concat(records)],
    ] as const) {
      const path = writeScratch(name, bytes);
      const results = describeResults(await readAll(path, 200_000));
      expect(results).toHaveLength(3);
      expect(results[0]).toMatch(new RegExp(`^error ${path}#offset=0: .*over the 200,000 bytes limit for one input`));
      expect(results.slice(1)).toEqual(['ok https://news.example/ferry', 'ok https://news.example/bridge']);
    }
  });

  it('guards against decompression bombs in a gzip member and in a gzip-encoded body', async () => {
    const limit = 1024 * 1024;
    // A member whose content claims to be a WARC record but inflates to 64 MiB of zeros.
    const bomb = gzipSync(Buffer.concat([Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 67108864\r\n\r\n'), Buffer.alloc(64 * 1024 * 1024)]));
    const bodyBomb = warcRecord('response', {
      uri: 'https://news.example/body-bomb',
      http: { headers: { ...html, 'Content-Encoding': 'gzip' }, body: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)) },
    });
    const records = sampleRecords();
    const path = writeScratch('bombs.warc.gz', Buffer.concat([bomb, gzipSync(bodyBomb), gzipEach(records)]));
    const before = process.memoryUsage().rss;
    const results = describeResults(await readAll(path, limit));
    expect(results).toHaveLength(4);
    expect(results[0]).toMatch(/#offset=0: gzip member skipped: more than \d+ bytes once decompressed is over the 1 MiB limit/);
    expect(results[1]).toMatch(new RegExp(`#offset=${bomb.length}: WARC response record for https://news.example/body-bomb: body more than 1048576 bytes once decoded`));
    expect(results.slice(2)).toEqual(['ok https://news.example/ferry', 'ok https://news.example/bridge']);
    // Neither bomb was inflated whole (64 MiB each).
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('names an empty file and a file without any page', async () => {
    const empty = writeScratch('empty.warc.gz', new Uint8Array());
    expect(describeResults(await readAll(empty))).toEqual([`error ${empty}: empty input`]);
    const noPages = writeScratch('requests.warc.gz', gzipEach(sampleRecords().slice(0, 2)));
    expect(describeResults(await readAll(noPages))).toEqual([`error ${noPages}: no HTTP 200 HTML or text response among its 2 WARC records`]);
  });

  it('names a page by file and offset when its WARC-Target-URI is missing or not a usable name', async () => {
    const records = [
      warcRecord('response', { uri: 'https://news.example/fer\u0000ry', http: { headers: html, body: newsPage('New ferry line to open in spring', FERRY_PARAGRAPHS) } }),
      warcRecord('response', { uri: '<https://news.example/bridge>', http: { headers: html, body: newsPage('Old bridge closed after cracks found', BRIDGE_PARAGRAPHS) } }),
    ];
    const path = writeScratch('names.warc', Buffer.concat(records));
    expect(describeResults(await readAll(path))).toEqual([`ok ${path}#offset=0`, 'ok https://news.example/bridge']);
  });

  it('lists skipped records with their reasons', async () => {
    const entries = [];
    for await (const entry of readWarcEntries(writeScratch('entries.warc.gz', gzipEach(sampleRecords())), { maxBytes: 1e6 })) {
      entries.push(entry.kind === 'skipped' ? `skipped: ${entry.reason}` : entry.kind);
    }
    expect(entries).toEqual(['skipped: warcinfo record', 'skipped: request record', 'response', 'skipped: metadata record', 'skipped: HTTP status 301', 'skipped: image/png', 'response']);
  });

  it('is read through readInputs, from a directory too', async () => {
    const dir = mkdtempSync(join(scratch, 'dir-'));
    writeFileSync(join(dir, 'CC-NEWS-20240305.warc.gz'), gzipEach(sampleRecords()));
    writeFileSync(join(dir, 'notes.md'), 'not an input');
    const results: ReadResult[] = [];
    for await (const result of readInputs([dir])) results.push(result);
    expect(describeResults(results)).toEqual(['ok https://news.example/ferry', 'ok https://news.example/bridge']);
  });
});

describe('readWarcFile on hostile bytes', () => {
  const settle = async (bytes: Uint8Array, name: string): Promise<ReadResult[]> => readAll(writeScratch(name, bytes), 64 * 1024);

  it('gives only error results for random bytes, and always finishes', async () => {
    const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 4096 });
    // Half of them start like a gzip member, so the gzip path meets garbage too.
    const gzipLike = randomBytes.map((bytes) => Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08]), bytes]));
    await fc.assert(
      fc.asyncProperty(fc.oneof(randomBytes, gzipLike), async (bytes) => {
        const results = await settle(bytes, 'random.warc.gz');
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws or hangs on a damaged crawl, and every result names the file or a page', async () => {
    const records = sampleRecords();
    const valid = [gzipEach(records), Buffer.concat(records)];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat()),
        async (which, flips, cut) => {
          const bytes = Buffer.from(valid[which]!);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const damaged = cut === null ? bytes : bytes.subarray(0, cut % bytes.length);
          const results = await settle(damaged, which === 0 ? 'damaged.warc.gz' : 'damaged.warc');
          for (const result of results) {
            // A page is named by its WARC-Target-URI (which the damage may have changed), or by file and offset when
            // there is no usable one; never by a name with spaces or control characters.
            if (result.ok) expect(result.source.uri).toMatch(/^[^\s\x00-\x1f\x7f]+$/);
            else expect(result.error.uri).toContain('damaged.warc');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
