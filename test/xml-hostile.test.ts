/**
 * Hostile XML in feeds and sitemaps (anyone's input, fetched from the web). Entity tricks do nothing: internal
 * entities are not expanded (no billion laughs) and external ones are not read (no file or URL pulled in, XXE);
 * the reference stays in the text as the characters it was written with. Nesting past the limit is refused
 * before the document is built.
 */
import { describe, expect, it } from 'vitest';
import { MAX_XML_DEPTH } from '../src/util/xml.js';
import { parseFeed } from '../src/readers/feeds.js';
import { parseSitemap } from '../src/readers/sitemaps.js';

/** Ten levels of ten: 10^10 "lol"s (30 GB) were it expanded. */
const LAUGHS = [
  '<!ENTITY lol0 "lol">',
  ...Array.from({ length: 10 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`),
].join('\n');

const FEED = `<?xml version="1.0"?>
<!DOCTYPE rss [
${LAUGHS}
<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY remote SYSTEM "http://127.0.0.1:9/secret">
]>
<rss version="2.0"><channel><title>Harbour news &lol10;</title>
<item><title>Ferry &lol10;</title><link>https://gazette.example/ferry</link><description>&xxe; &remote;</description></item>
</channel></rss>`;

describe('XML entities', () => {
  it('are neither expanded nor fetched in a feed', () => {
    const started = performance.now();
    const feed = parseFeed(FEED);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item!.title).toBe('Ferry &lol10;');
    expect(item!.summary).toBe('&xxe; &remote;');
    expect(JSON.stringify(feed)).not.toMatch(/root:|lollol/);
  });

  it('are neither expanded nor fetched in a sitemap', () => {
    const sitemap = parseSitemap(
      `<?xml version="1.0"?><!DOCTYPE urlset [${LAUGHS}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://gazette.example/&xxe;&lol10;</loc></url></urlset>`,
      { url: 'https://gazette.example/sitemap.xml', maxBytes: 1024 * 1024 },
    );
    expect(JSON.stringify(sitemap)).not.toMatch(/root:|lollol/);
    expect(sitemap).toMatchObject({ kind: 'urlset', entries: [{ loc: 'https://gazette.example/&xxe;&lol10;' }] });
  });
});

describe('XML nesting', () => {
  it('past the limit is refused with the reason, quickly, in a feed and in a sitemap', () => {
    const deep = (root: string, depth: number) => `<?xml version="1.0"?><${root}>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</${root}>`;
    const started = performance.now();
    expect(() => parseFeed(deep('rss', 100_000))).toThrow(`XML nested deeper than ${MAX_XML_DEPTH} elements`);
    expect(() => parseSitemap(deep('urlset', 100_000), { maxBytes: 1024 * 1024 })).toThrow(`XML nested deeper than ${MAX_XML_DEPTH} elements`);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
