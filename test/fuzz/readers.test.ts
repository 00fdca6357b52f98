/**
 * Fuzzing the input readers: HTML, text and JSONL files (readBytes, the JSONL stream), HTTP bodies, RSS/Atom/RDF
 * feeds, sitemaps, WARC files and gzipped inputs. Each input is read to a result or refused with an error naming
 * it, in bounded time.
 *
 * Inputs per full run (parser → numRuns):
 *   readBytes html 200, readBytes txt 150, readBytes jsonl 150, JSONL bytes vs stream 150,
 *   readHttpPayload 150, parseFeed bytes 250, parseFeed strings 150, parseSitemap 250,
 *   readWarcFile plain 100, readWarcFile gzip 120, readInputs gzipped files 40  — 1,710 in all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBytes, readInputs, type ReadResult } from '../../src/readers/index.js';
import { parseFeed } from '../../src/readers/feeds.js';
import { readJsonlBytes, readJsonlStream } from '../../src/readers/jsonl.js';
import { readHttpPayload } from '../../src/readers/payload.js';
import { parseSitemap } from '../../src/readers/sitemaps.js';
import { readWarcFile } from '../../src/readers/warc.js';
import { damagedBytes, damagedText, expectDocumentedError, expectEvery, expectReadResult, expectValue, runs, scratchDirectory, settle, settleAsync } from './fuzz.js';

const RUNS = {
  html: 200,
  text: 150,
  jsonl: 150,
  jsonlStream: 150,
  payload: 150,
  feedBytes: 250,
  feedStrings: 150,
  sitemap: 250,
  warcPlain: 100,
  warcGzip: 120,
  gzippedFiles: 40,
};

const scratch = scratchDirectory('readers');

const utf8 = (text: string) => Buffer.from(text, 'utf8');

// ---------------------------------------------------------------------------------------------------------
// Valid inputs, written for these tests

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Tidal mill reopens after restoration | Estuary Post</title>
<meta property="og:url" content="https://estuary.example/news/tidal-mill">
<meta property="article:published_time" content="2022-05-14T09:30:00+01:00">
<link rel="canonical" href="https://estuary.example/news/tidal-mill">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tidal mill reopens after restoration","author":[{"@type":"Person","name":"Morwenna Hale"}],"datePublished":"2022-05-14"}</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/local">Local</a></nav>
<article>
<h1>Tidal mill reopens after restoration</h1>
<p class="byline">By Morwenna Hale</p>
<figure><img src="/mill.jpg" alt=""><figcaption>The mill wheel turning again on Saturday. (Photo: Estuary Post)</figcaption></figure>
<p>The old tidal mill on the creek ground its first sack of flour in sixty years on Saturday, after a restoration that volunteers began in 2016.</p>
<p>The trust that owns the mill said the wheel would turn twice a day, when the ebbing tide empties the mill pond, and that visitors could buy the flour at the door.</p>
<p>&ldquo;We had to learn the tides all over again,&rdquo; said the miller, who trained at a working mill in the Netherlands.</p>
</article>
<footer>&copy; Estuary Post</footer>
</body></html>`;

const ARTICLE_TEXT = `Ferry timetable changes from Monday
By Idris Lowe
12 March 2023

PORT AWEN - The island ferry will leave half an hour earlier on weekdays from Monday, the operator said, so that commuters reach the mainland train.

Share this article
Advertisement
`;

const JSONL = [
  JSON.stringify({ url: 'https://valley.example/a', title: 'Bridge closed for repairs', published: '2021-09-01', text: 'The river bridge closed on Tuesday for four weeks of repairs, the council said.' }),
  JSON.stringify({ url: 'https://valley.example/b', author: ['Ana Brook', 'Tom Reed'], html: '<article><h1>Library hours</h1><p>The library will open on Sundays from October, the town clerk announced.</p></article>' }),
  JSON.stringify({ body: 'Bus fares stay the same next year, the transport board decided at its meeting on Thursday.', outlet: 'Valley Times' }),
].join('\n');

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Estuary Post - Local</title><link>https://estuary.example/local</link>
<item><title>Tidal mill reopens</title><link>/news/tidal-mill</link><guid isPermaLink="false">mill-1</guid>
<pubDate>Sat, 14 May 2022 09:30:00 +0100</pubDate><description>&lt;p&gt;The mill grinds again.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>The old tidal mill ground its first sack of flour in sixty years.</p>]]></content:encoded></item>
<item><title>Harbour wall repaired</title><guid>https://estuary.example/news/harbour-wall</guid><pubDate>not a date</pubDate></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Times</title><link href="https://valley.example/"/>
<entry><title type="html">Bridge &amp;amp; road closed</title><id>urn:valley:1</id>
<link rel="self" href="https://valley.example/feed/1"/><link rel="alternate" href="https://valley.example/bridge"/>
<published>2021-09-01T08:00:00Z</published><updated>2021-09-02T08:00:00Z</updated>
<summary>Repairs take four weeks.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The river bridge closed on Tuesday.</p></div></content></entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://moor.example/"><title>Moor Gazette</title><link>https://moor.example/</link></channel>
<item rdf:about="https://moor.example/sheep"><title>Sheep fair returns</title><link>https://moor.example/sheep</link><dc:date>2020-10-03</dc:date></item>
</rdf:RDF>`;

const SITEMAP = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://estuary.example/news/tidal-mill</loc><lastmod>2022-05-14</lastmod>
<news:news><news:publication><news:name>Estuary Post</news:name></news:publication><news:publication_date>2022-05-14T09:30:00+01:00</news:publication_date><news:title>Tidal mill reopens</news:title></news:news></url>
<url><loc>/news/harbour-wall</loc><lastmod>yesterday</lastmod></url>
</urlset>`;

const SITEMAP_INDEX = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://estuary.example/sitemap-2022.xml</loc><lastmod>2022-12-31T23:00:00Z</lastmod></sitemap>
<sitemap><loc>sitemap-2023.xml</loc></sitemap></sitemapindex>`;

const MARKUP_JUNK = ['<', '>', '</', '/>', '"', "'", '=', '&', '&amp;', '&#', '<!--', '-->', '<![CDATA[', ']]>', '<?xml version="1.0" encoding="bogus"?>', '<meta charset="shift_jis">', '\uFEFF'];
const HTML_DAMAGE = { junk: [...MARKUP_JUNK, '<p>', '</p>', '<div>', '<script>', '</article>', '<table>', '<li>'], nesting: ['<div>', '<li><p>', '<thead>', '<span/>', '<b><i>', '<article>'], hugeAfter: [/<p/, /content="/, /<title>/, /href="/] };
const XML_DAMAGE = { junk: [...MARKUP_JUNK, '<item>', '</item>', '<entry>', '<link/>', '<url>', '</loc>'], nesting: ['<item>', '<entry>', '<a>', '<channel>', '<url>', '<news:news>'], hugeAfter: [/<(?:item|entry|url)\b/, /<(?:pubDate|published|lastmod|dc:date)>/, /href="/, /<title>/] };

// ---------------------------------------------------------------------------------------------------------

describe('readBytes on damaged HTML, text and JSONL', () => {
  it('reads a damaged news page or names it with the problem', () => {
    fc.assert(
      fc.property(damagedBytes(utf8(PAGE), HTML_DAMAGE), (bytes) => {
        const results = expectValue(settle(bytes, () => readBytes('page.html', bytes, 'html')));
        expect(results).toHaveLength(1);
        expectReadResult(results[0]!, 'page.html');
      }),
      runs(1101, RUNS.html),
    );
  });

  it('reads damaged scraped text or names it with the problem', () => {
    fc.assert(
      fc.property(damagedBytes(utf8(ARTICLE_TEXT), { junk: ['\r\n', '\u2028', '\uFFFD', '-', 'By ', '\f'] }), (bytes) => {
        const results = expectValue(settle(bytes, () => readBytes('story.txt', bytes, 'txt')));
        expect(results).toHaveLength(1);
        const [result] = results;
        expectReadResult(result!, 'story.txt');
        // Text is kept exactly as decoded (offsets point into it): valid UTF-8 comes back unchanged.
        if (result!.ok && result!.source.encoding === 'utf-8') expect(result!.source.text).toBe(Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, ''));
      }),
      runs(1102, RUNS.text),
    );
  });

  it('reads each line of damaged JSONL to a result naming its line', () => {
    const damage = { junk: ['{', '}', '[', ']', '"', '\\', '\\u', '\\ud800', ',', ':', 'null', '\n', '\r\n'], nesting: ['[', '{"text":'] };
    fc.assert(
      fc.property(damagedBytes(utf8(JSONL), damage), fc.integer({ min: 64, max: 4096 }), (bytes, maxBytes) => {
        const results = expectValue(settle(bytes, () => readBytes('feed.jsonl', bytes, 'jsonl', { maxBytes })));
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) expectReadResult(result, 'feed.jsonl');
        expectEvery(results, (result) => !result.ok || /^feed\.jsonl#line=\d+$/.test(result.source.uri), 'a record not named by its line');
      }),
      runs(1103, RUNS.jsonl),
    );
  });

  it('gives the same JSONL results from memory and from a stream cut anywhere', async () => {
    const input = fc.tuple(
      damagedBytes(utf8(JSONL), { junk: ['\n', '\r', '{', '"', '\u00e9'], nesting: ['['] }),
      fc.array(fc.nat(), { maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(input, async ([bytes, cuts]) => {
        const maxBytes = 2048;
        const fromMemory = readJsonlBytes('feed.jsonl', bytes, maxBytes);
        // Chunk boundaries may fall inside a line, a multi-byte character or a CRLF.
        const boundaries = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...boundaries].map((start, k) => bytes.subarray(start, boundaries[k] ?? bytes.length));
        const outcome = await settleAsync(bytes, async () => {
          const results: ReadResult[] = [];
          for await (const result of readJsonlStream('feed.jsonl', Readable.from(chunks), maxBytes)) results.push(result);
          return results;
        });
        expect(expectValue(outcome)).toEqual(fromMemory);
      }),
      runs(1104, RUNS.jsonlStream),
    );
  });
});

describe('readHttpPayload', () => {
  it('reads any body under any Content-Type or names the page with the problem', () => {
    const contentType = fc.option(
      fc.constantFrom(
        'text/html',
        'text/html; charset=utf-8',
        'text/html; charset="windows-1252"',
        'text/html; charset=utf-16',
        'text/html; charset=bogus-8',
        'text/plain; charset=iso-8859-1',
        'application/xhtml+xml',
        'image/png',
        ';;;',
        'text/html; charset=',
        'TEXT/HTML;CHARSET=SHIFT_JIS',
      ),
    );
    const body = fc.oneof(damagedBytes(utf8(PAGE), HTML_DAMAGE), damagedBytes(utf8(ARTICLE_TEXT), { junk: ['<p>', '\0'] }));
    fc.assert(
      fc.property(body, contentType, (bytes, type) => {
        const uri = 'https://estuary.example/news/tidal-mill';
        const result = expectValue(settle(bytes, () => readHttpPayload(uri, bytes, { contentType: type, fallbackHints: { published: '2022-05-15' } })));
        expectReadResult(result, uri);
      }),
      runs(1105, RUNS.payload),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

/** What a feed or sitemap parser may say when it refuses an input. */
const XML_REFUSAL = /^(?:empty input|broken XML: |not XML: |XML nested deeper than \d+ elements|not an RSS, Atom or RDF feed|not a sitemap|binary data, not text|invalid UTF-8 at byte \d+|not valid gzip data|.* is over the .* limit)/;

describe('parseFeed', () => {
  const expectFeedOrRefusal = (input: string | Uint8Array): void => {
    const outcome = settle(input, () => parseFeed(input, { url: 'https://estuary.example/feed.xml' }));
    if (!outcome.ok) return expectDocumentedError(outcome.error, Error, XML_REFUSAL);
    const feed = outcome.value;
    expect(['rss', 'atom', 'rdf']).toContain(feed.type);
    const fields = ['link', 'id', 'title', 'published', 'summary', 'content'] as const;
    const wellFormed = (item: (typeof feed.items)[number]) =>
      fields.every((field) => item[field] === undefined || typeof item[field] === 'string') && (item.published === undefined || !Number.isNaN(Date.parse(item.published)));
    expectEvery(feed.items, wellFormed, 'an item with a field that is not a string or a bad date');
  };

  it('parses or refuses damaged RSS, Atom and RDF bytes', () => {
    const feeds = fc.oneof(...[RSS, ATOM, RDF].map((feed) => damagedBytes(utf8(feed), XML_DAMAGE)));
    fc.assert(fc.property(feeds, expectFeedOrRefusal), runs(1201, RUNS.feedBytes));
  });

  it('parses or refuses damaged feeds given as strings', () => {
    const feeds = fc.oneof(...[RSS, ATOM, RDF].map((feed) => damagedText(feed, XML_DAMAGE)));
    fc.assert(fc.property(feeds, expectFeedOrRefusal), runs(1202, RUNS.feedStrings));
  });
});

describe('parseSitemap', () => {
  it('parses or refuses damaged sitemaps, gzipped or not, and never inflates past the limit', () => {
    const plain = fc.oneof(damagedBytes(utf8(SITEMAP), XML_DAMAGE), damagedBytes(utf8(SITEMAP_INDEX), XML_DAMAGE));
    // Gzipped: a damaged sitemap, or a bomb of one repeated byte many times the limit.
    const gzipped = fc.oneof(plain, fc.integer({ min: 1, max: 4_000_000 }).map((size) => Buffer.alloc(size, 0x20))).map((bytes) => gzipSync(bytes));
    const input = fc.tuple(fc.oneof(plain, gzipped, gzipped.chain((bytes) => damagedBytes(bytes, { junk: [] }))), fc.integer({ min: 512, max: 1_000_000 }));
    fc.assert(
      fc.property(input, ([bytes, maxBytes]) => {
        const outcome = settle(bytes, () => parseSitemap(bytes, { url: 'https://estuary.example/sitemap.xml', maxBytes }));
        if (!outcome.ok) return expectDocumentedError(outcome.error, Error, XML_REFUSAL);
        const sitemap = outcome.value;
        expect(['urlset', 'sitemapindex']).toContain(sitemap.kind);
        expectEvery(sitemap.entries, (entry) => entry.loc !== '' && (entry.lastmod === undefined || !Number.isNaN(Date.parse(entry.lastmod))), 'an entry without a location or with a bad date');
      }),
      runs(1301, RUNS.sitemap),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// WARC

/** A record as a crawler writes it: a WARC header block, the content block, two CRLFs. */
function warcRecord(type: string, uri: string, block: Uint8Array, declaredLength: string = String(block.length)): Buffer {
  const header = [`WARC/1.1`, `WARC-Type: ${type}`, `WARC-Target-URI: ${uri}`, 'WARC-Date: 2023-11-02T08:15:00Z', 'Content-Type: application/http; msgtype=response', `Content-Length: ${declaredLength}`];
  return Buffer.concat([Buffer.from(`${header.join('\r\n')}\r\n\r\n`, 'latin1'), block, Buffer.from('\r\n\r\n')]);
}

function httpResponse(status: string, headers: string[], body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n`, 'latin1'), body]);
}

/** Chunked transfer coding, with the chunk sizes the test chooses (they may lie). */
function chunked(body: Uint8Array, sizes: string[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    const length = Math.min(body.length - at, Number.parseInt(size, 16) || 0);
    parts.push(Buffer.from(`${size}\r\n`, 'latin1'), Buffer.from(body.subarray(at, at + Math.max(0, length))), Buffer.from('\r\n'));
    at += Math.max(0, length);
  }
  return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
}

/**
 * A crawl of a few records whose headers, encodings and lengths are chosen to be wrong in the ways real crawls
 * are: lying Content-Length, broken chunking, gzip bodies that are garbage or bombs, odd record types.
 */
const crawl = fc
  .record({
    status: fc.constantFrom('200 OK', '200', '404 Not Found', '200 OK OK', 'banana', '99999999999999999999 X'),
    type: fc.constantFrom('response', 'response', 'request', 'resource', 'revisit', '', 'RESPONSE'),
    contentType: fc.constantFrom('text/html; charset=utf-8', 'text/plain', 'image/jpeg', '', 'text/html; charset=x-unknown'),
    encoding: fc.constantFrom('identity', 'chunked', 'gzip', 'gzip-garbage', 'gzip-bomb', 'br', 'deflate'),
    chunkSizes: fc.array(fc.constantFrom('10', '0', 'ffffffff', 'zz', '-1', '7fffffffffffffff', '100'), { maxLength: 5 }),
    declaredLength: fc.option(fc.constantFrom('0', '1', '-5', '1e3', '99999999999', '123456789012345678', 'twelve', '')),
    bombSize: fc.integer({ min: 10_000, max: 3_000_000 }),
    junkBetween: fc.option(fc.uint8Array({ maxLength: 300 })),
  })
  .map((choice) => {
    const page = utf8(PAGE);
    const headers = choice.contentType ? [`Content-Type: ${choice.contentType}`] : [];
    let body: Uint8Array = page;
    if (choice.encoding === 'chunked') {
      headers.push('Transfer-Encoding: chunked');
      body = chunked(page, choice.chunkSizes.length > 0 ? choice.chunkSizes : ['100', 'ffffffff']);
    } else if (choice.encoding.startsWith('gzip')) {
      headers.push('Content-Encoding: gzip');
      if (choice.encoding === 'gzip') body = gzipSync(page);
      else if (choice.encoding === 'gzip-garbage') body = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), page]);
      else body = gzipSync(Buffer.alloc(choice.bombSize, '<p>'));
    } else if (choice.encoding !== 'identity') {
      headers.push(`Content-Encoding: ${choice.encoding}`);
    }
    const records = [
      warcRecord('warcinfo', 'urn:info', utf8('software: fuzz\r\n')),
      warcRecord(choice.type, 'https://estuary.example/news/tidal-mill', httpResponse(choice.status, headers, body), choice.declaredLength ?? undefined),
      warcRecord('response', 'https://estuary.example/plain', httpResponse('200 OK', ['Content-Type: text/plain'], utf8(ARTICLE_TEXT))),
    ];
    return choice.junkBetween ? [records[0]!, Buffer.from(choice.junkBetween), records[1]!, records[2]!] : records;
  });

describe('readWarcFile', () => {
  const maxBytes = 256 * 1024;

  async function expectWarcResults(bytes: Uint8Array, name: string): Promise<void> {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    const outcome = await settleAsync(bytes, async () => {
      const results: ReadResult[] = [];
      for await (const result of readWarcFile(path, { maxBytes })) results.push(result);
      return results;
    });
    const results = expectValue(outcome);
    expect(results.length).toBeGreaterThan(0);
    // A page is named by its target URI (which damage may have changed) or by file and offset; a problem by the file.
    expectEvery(results, (result) => !result.ok || /^[^\s\x00-\x1f\x7f]+$/.test(result.source.uri), 'a page named with spaces or controls');
    for (const result of results) if (!result.ok) expectReadResult(result, path);
  }

  it('reads an uncompressed crawl with lying headers and damage, naming each problem', async () => {
    const input = fc.oneof(
      crawl.map((records) => Buffer.concat(records)),
      crawl.chain((records) => damagedBytes(Buffer.concat(records), { junk: ['WARC/1.1\r\n', '\r\n\r\n', 'Content-Length: 5\r\n', 'WARC/'], nesting: ['WARC/1.0\r\n'] })),
      // Tens of thousands of lines that each look like the start of a record, then a real crawl.
      fc.tuple(fc.integer({ min: 1_000, max: 40_000 }), crawl).map(([lines, records]) => Buffer.concat([Buffer.from('WARC/1.0\r\n'.repeat(lines)), ...records])),
    );
    await fc.assert(fc.asyncProperty(input, (bytes) => expectWarcResults(bytes, 'crawl.warc')), runs(1401, RUNS.warcPlain));
  });

  it('reads a crawl of gzip members with lying headers and damage, naming each problem', async () => {
    const members = (records: Buffer[]) => Buffer.concat(records.map((record) => gzipSync(record)));
    const input = fc.oneof(
      crawl.map(members),
      crawl.chain((records) => damagedBytes(members(records), { junk: ['\x1f\x8b\x08', '\x1f\x8b\x08\x1f'] })),
      // Members joined by junk, and a member that inflates far past the limit.
      fc.integer({ min: maxBytes, max: 8 * maxBytes }).map((size) => Buffer.concat([gzipSync(Buffer.alloc(size, 'W')), members([warcRecord('response', 'https://estuary.example/ok', httpResponse('200 OK', ['Content-Type: text/plain'], utf8(ARTICLE_TEXT)))])])),
    );
    await fc.assert(fc.asyncProperty(input, (bytes) => expectWarcResults(bytes, 'crawl.warc.gz')), runs(1402, RUNS.warcGzip));
  });
});

describe('readInputs on gzipped files', () => {
  it('reads damaged and oversized gzipped inputs or names the file with the problem', async () => {
    const content = fc.oneof(
      damagedBytes(utf8(PAGE), HTML_DAMAGE).map((bytes) => ({ extension: '.html.gz', bytes })),
      damagedBytes(utf8(ARTICLE_TEXT), { junk: ['\0'] }).map((bytes) => ({ extension: '.txt.gz', bytes })),
      damagedBytes(utf8(JSONL), { junk: ['{', '\n'] }).map((bytes) => ({ extension: '.jsonl.gz', bytes })),
      fc.integer({ min: 1, max: 2_000_000 }).map((size) => ({ extension: '.txt.gz', bytes: Buffer.alloc(size, 'news ') })),
    );
    let count = 0;
    await fc.assert(
      fc.asyncProperty(content, fc.boolean(), async ({ extension, bytes }, damageTheGzip) => {
        const gzipped = gzipSync(bytes);
        // Cutting the gzip stream short gives an invalid or truncated member.
        const written = damageTheGzip ? gzipped.subarray(0, Math.max(1, gzipped.length >> 1)) : gzipped;
        const path = join(scratch, `input-${++count}${extension}`);
        writeFileSync(path, written);
        const outcome = await settleAsync(bytes, async () => {
          const results: ReadResult[] = [];
          for await (const result of readInputs([path], { maxBytes: 100_000 })) results.push(result);
          return results;
        });
        const results = expectValue(outcome);
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) expectReadResult(result, path);
        if (bytes.length > 100_000 && extension !== '.jsonl.gz') expect(results.every((result) => !result.ok)).toBe(true);
      }),
      runs(1501, RUNS.gzippedFiles),
    );
  });
});
