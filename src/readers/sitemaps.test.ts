import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSitemap } from './sitemaps.js';

const URLSET = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://gazette.example/2024/03/ferry?ref=a&amp;b=c</loc>
    <lastmod>2024-03-05T10:00:00+01:00</lastmod>
    <image:image><image:loc>https://gazette.example/img/ferry.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>The Harbour Gazette</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-03-05T09:30:00+01:00</news:publication_date>
      <news:title>New ferry line to open in spring</news:title>
    </news:news>
  </url>
  <url><loc>https://gazette.example/2024/03/bridge</loc><lastmod>2024-03-04</lastmod></url>
  <url><loc>https://gazette.example/about</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>`;

const INDEX = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://gazette.example/sitemap-news.xml.gz</loc><lastmod>2024-03-06</lastmod></sitemap>
  <sitemap><loc>/sitemap-2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>
</sitemapindex>`;

describe('parseSitemap', () => {
  it('reads a urlset with lastmod and news fields, ignoring image locations and entries without loc', () => {
    const sitemap = parseSitemap(URLSET, { maxBytes: 1e6 });
    expect(sitemap.kind).toBe('urlset');
    expect(sitemap.entries).toEqual([
      {
        loc: 'https://gazette.example/2024/03/ferry?ref=a&b=c',
        lastmod: '2024-03-05T09:00:00.000Z',
        title: 'New ferry line to open in spring',
        published: '2024-03-05T08:30:00.000Z',
      },
      { loc: 'https://gazette.example/2024/03/bridge', lastmod: '2024-03-04T00:00:00.000Z' },
      { loc: 'https://gazette.example/about' },
    ]);
  });

  it('reads a sitemap index, resolving relative locations against the sitemap address', () => {
    const sitemap = parseSitemap(Buffer.from(INDEX), { maxBytes: 1e6, url: 'https://gazette.example/sitemap.xml' });
    expect(sitemap).toEqual({
      kind: 'sitemapindex',
      entries: [
        { loc: 'https://gazette.example/sitemap-news.xml.gz', lastmod: '2024-03-06T00:00:00.000Z' },
        { loc: 'https://gazette.example/sitemap-2023.xml', lastmod: '2023-12-31T00:00:00.000Z' },
      ],
    });
  });

  it('reads a gzipped sitemap, told by its bytes, within the size limit', () => {
    const gzipped = gzipSync(URLSET);
    expect(parseSitemap(gzipped, { maxBytes: 1e6 }).entries).toHaveLength(3);
    expect(() => parseSitemap(gzipped, { maxBytes: 100 })).toThrow(/over the 100 bytes limit/);
    expect(() => parseSitemap(gzipped.subarray(0, 40), { maxBytes: 1e6 })).toThrow(/not valid gzip data/);
  });

  it('refuses broken XML and documents that are not sitemaps', () => {
    expect(() => parseSitemap(URLSET.slice(0, 400), { maxBytes: 1e6 })).toThrow(/^broken XML: <\w+(:\w+)?> opened on line \d+ is never closed/);
    expect(() => parseSitemap('<rss><channel/></rss>', { maxBytes: 1e6 })).toThrow('not a sitemap (its root element is <rss>)');
    expect(() => parseSitemap(new Uint8Array(), { maxBytes: 1e6 })).toThrow('empty input');
  });
});

describe('parseSitemap on hostile input', () => {
  it('parses or refuses random and damaged input with a clear message, gzipped or not', () => {
    const damaged = fc.array(fc.tuple(fc.nat(), fc.constantFrom('<', '>', '/', '', '&')), { minLength: 1, maxLength: 6 }).map((edits) => {
      let text = URLSET;
      for (const [at, insert] of edits) {
        const position = at % (text.length + 1);
        text = text.slice(0, position) + insert + text.slice(position + (insert === '' ? 1 : 0));
      }
      return Buffer.from(text);
    });
    const input = fc.oneof(fc.uint8Array({ maxLength: 2048 }), damaged, damaged.map((bytes) => gzipSync(bytes)), fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.concat([Buffer.from([0x1f, 0x8b]), bytes])));
    fc.assert(
      fc.property(input, (bytes) => {
        try {
          const sitemap = parseSitemap(bytes, { maxBytes: 1e6 });
          for (const entry of sitemap.entries) expect(entry.loc).not.toBe('');
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^(empty input|broken XML: |not XML: |not a sitemap |not valid gzip data|binary data|invalid UTF-8|.* is over the .* limit)/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
