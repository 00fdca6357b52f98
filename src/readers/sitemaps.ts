/**
 * Sitemaps (sitemaps.org): a `urlset` of pages or a `sitemapindex` of further sitemaps, plain or gzipped, with
 * each entry's `lastmod` and, for Google News sitemaps, the article's title and publication date.
 */
import { Parser } from 'htmlparser2';
import { gunzipWithin } from './limits.js';
import { checkWellFormedXml, decodeXml } from './xml.js';

export interface SitemapEntry {
  /** Absolute address of the page (urlset) or of the sitemap (index). */
  loc: string;
  /** ISO 8601, when given and valid. */
  lastmod?: string;
  /** `news:title` of a news sitemap. */
  title?: string;
  /** `news:publication_date` of a news sitemap, ISO 8601. */
  published?: string;
}

export interface ParsedSitemap {
  kind: 'urlset' | 'sitemapindex';
  entries: SitemapEntry[];
}

export interface SitemapParseOptions {
  /** The sitemap's own address, for relative locations. */
  url?: string;
  contentType?: string | null;
  /** Largest decompressed size of a gzipped sitemap. */
  maxBytes: number;
}

/**
 * Parses a sitemap or sitemap index (gzipped or not, told by its bytes). Throws an Error with a short message:
 * `empty input`, `broken XML: ...`, `not a sitemap (its root element is <rss>)`, or the gzip problem.
 */
export function parseSitemap(input: Uint8Array | string, options: SitemapParseOptions): ParsedSitemap {
  let xml: string;
  if (typeof input === 'string') {
    xml = input;
  } else {
    let bytes = input;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      const inflated = gunzipWithin(bytes, options.maxBytes);
      if ('error' in inflated) throw new Error(inflated.error);
      bytes = inflated.bytes;
    }
    if (bytes.length === 0) throw new Error('empty input');
    xml = decodeXml(bytes, options.contentType);
  }
  if (xml.trim() === '') throw new Error('empty input');
  checkWellFormedXml(xml);

  const entries: SitemapEntry[] = [];
  // Local names (prefixes dropped) of the open elements, the root first.
  const open: string[] = [];
  let root: string | undefined;
  let entry: Partial<SitemapEntry> | undefined;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        const local = localName(name);
        root ??= local;
        open.push(local);
        text = '';
        if (open.length === 2 && (local === 'url' || local === 'sitemap')) entry = {};
      },
      ontext(data) {
        text += data;
      },
      onclosetag(name) {
        const local = localName(name);
        const value = text.trim();
        text = '';
        if (entry !== undefined) {
          if (open.length === 3 && local === 'loc' && value) entry.loc = value;
          else if (open.length === 3 && local === 'lastmod') entry.lastmod = isoDate(value);
          else if (open.includes('news') && local === 'title' && value) entry.title = value.replace(/\s+/g, ' ');
          else if (open.includes('news') && local === 'publication_date') entry.published = isoDate(value);
          else if (open.length === 2 && entry.loc !== undefined) {
            entries.push(withoutUndefined({ ...entry, loc: absolute(entry.loc, options.url) }) as SitemapEntry);
          }
        }
        if (open.length === 2) entry = undefined;
        open.pop();
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (root !== 'urlset' && root !== 'sitemapindex') throw new Error(`not a sitemap (its root element is <${root ?? 'none'}>)`);
  return { kind: root, entries };
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}

function absolute(loc: string, base: string | undefined): string {
  try {
    return new URL(loc, base).href;
  } catch {
    return loc;
  }
}

/** W3C datetimes (`2024-03-05`, `2024-03-05T10:00+01:00`) as ISO 8601; undefined when it does not parse. */
function isoDate(text: string): string | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
