import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { feedItemKey, parseFeed } from './feeds.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>The Harbour Gazette</title>
    <link>https://gazette.example/</link>
    <description>Island news</description>
    <item>
      <title>New ferry line to open
        in spring</title>
      <link>https://gazette.example/2024/03/ferry</link>
      <guid isPermaLink="false">gazette-4411</guid>
      <pubDate>Tue, 05 Mar 2024 10:00:00 +0100</pubDate>
      <description>The harbour authority said the line would open in spring.</description>
      <content:encoded><![CDATA[<p>The harbour authority said on Tuesday that the new ferry line would open in the spring.</p>]]></content:encoded>
    </item>
    <item>
      <title>Old bridge closed</title>
      <link>/2024/03/bridge</link>
      <dc:date>2024-03-04T21:15:00Z</dc:date>
    </item>
    <item>
      <title>Only a permalink guid</title>
      <guid>https://gazette.example/2024/03/guid-only</guid>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <link rel="self" href="https://courier.example/feed.atom"/>
  <link href="https://courier.example/"/>
  <updated>2024-03-06T09:00:00Z</updated>
  <entry>
    <title>Council approves new school</title>
    <link rel="self" href="https://courier.example/api/entries/77"/>
    <link rel="alternate" type="text/html" href="https://courier.example/news/school"/>
    <id>tag:courier.example,2024:77</id>
    <published>2024-03-05T08:00:00Z</published>
    <updated>2024-03-06T08:30:00Z</updated>
    <summary>The council voted 9 to 2.</summary>
    <content type="html">&lt;p&gt;The council voted nine to two in favour of the new school.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="text">Storm warning for the coast</title>
    <link href="news/storm"/>
    <id>tag:courier.example,2024:78</id>
    <updated>2024-03-06T06:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Forecasters issued a storm warning.</p></div></content>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://wire.example/">
    <title>Wire</title>
    <link>https://wire.example/</link>
    <items><rdf:Seq><rdf:li resource="https://wire.example/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://wire.example/a">
    <title>Talks resume in Geneva</title>
    <link>https://wire.example/a</link>
    <dc:date>2024-03-01</dc:date>
    <description>Negotiators met again.</description>
  </item>
</rdf:RDF>`;

describe('parseFeed', () => {
  it('reads RSS 2.0: links resolved, dates in ISO, inline content from content:encoded', () => {
    const feed = parseFeed(RSS, { url: 'https://gazette.example/feed.xml' });
    expect(feed.type).toBe('rss');
    expect(feed.title).toBe('The Harbour Gazette');
    expect(feed.items).toEqual([
      {
        link: 'https://gazette.example/2024/03/ferry',
        id: 'gazette-4411',
        title: 'New ferry line to open in spring',
        published: '2024-03-05T09:00:00.000Z',
        summary: 'The harbour authority said the line would open in spring.',
        content: '<p>The harbour authority said on Tuesday that the new ferry line would open in the spring.</p>',
      },
      { link: 'https://gazette.example/2024/03/bridge', title: 'Old bridge closed', published: '2024-03-04T21:15:00.000Z' },
      { link: 'https://gazette.example/2024/03/guid-only', id: 'https://gazette.example/2024/03/guid-only', title: 'Only a permalink guid' },
    ]);
  });

  it('reads Atom: the alternate link, published before updated, html and xhtml content', () => {
    const feed = parseFeed(ATOM, { url: 'https://courier.example/feed.atom' });
    expect(feed.type).toBe('atom');
    expect(feed.items.map((item) => [item.link, item.published, item.title])).toEqual([
      ['https://courier.example/news/school', '2024-03-05T08:00:00.000Z', 'Council approves new school'],
      ['https://courier.example/news/storm', '2024-03-06T06:00:00.000Z', 'Storm warning for the coast'],
    ]);
    expect(feed.items[0]?.summary).toBe('The council voted 9 to 2.');
    expect(feed.items[0]?.content).toBe('<p>The council voted nine to two in favour of the new school.</p>');
    expect(feed.items[1]?.content).toContain('<p>Forecasters issued a storm warning.</p>');
    expect(feedItemKey(feed.items[1]!)).toBe('https://courier.example/news/storm');
  });

  it('reads RDF (RSS 1.0)', () => {
    const feed = parseFeed(RDF);
    expect(feed.type).toBe('rdf');
    expect(feed.items).toEqual([
      { link: 'https://wire.example/a', title: 'Talks resume in Geneva', published: '2024-03-01T00:00:00.000Z', summary: 'Negotiators met again.' },
    ]);
  });

  it('decodes the encoding the XML declaration names', () => {
    const latin = iconv.encode(RSS.replace('UTF-8', 'ISO-8859-1').replace('Old bridge closed', 'Pont fermé à Genève'), 'latin1');
    expect(parseFeed(latin).items[1]?.title).toBe('Pont fermé à Genève');
  });

  it('refuses broken XML, other documents and empty input with a clear message', () => {
    const truncated = RSS.slice(0, RSS.indexOf('<dc:date>'));
    expect(() => parseFeed(truncated)).toThrow('broken XML: <item> opened on line 16 is never closed (the document ends first)');
    expect(() => parseFeed('<rss><channel><item><title>x</item></channel></rss>')).toThrow('broken XML: <title> opened on line 1 is closed by </item> on line 1');
    expect(() => parseFeed('<!doctype html><html><body><p>hello</p></body></html>')).toThrow('not an RSS, Atom or RDF feed (its root element is <html>)');
    expect(() => parseFeed('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')).toThrow('not an RSS, Atom or RDF feed (its root element is <urlset>)');
    expect(() => parseFeed('   ')).toThrow('empty input');
    expect(() => parseFeed('just words')).toThrow('not XML: no element found');
  });
});

/** Either a parsed feed or an Error with a message: never another kind of failure. */
function settles(input: string | Uint8Array): void {
  try {
    const feed = parseFeed(input, { url: 'https://gazette.example/feed.xml' });
    for (const item of feed.items) if (item.published !== undefined) expect(Number.isNaN(Date.parse(item.published))).toBe(false);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^(empty input|broken XML: |not XML: |not an RSS, Atom or RDF feed |binary data|invalid UTF-8)/);
  }
}

describe('parseFeed on hostile input', () => {
  it('parses or refuses random bytes and strings with a clear message', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 2048 })), settles), { numRuns: 300 });
  });

  it('parses or refuses damaged feeds with a clear message', () => {
    const damage = (text: string) =>
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('<', '>', '/', '"', '&', '', ']]>', '<![CDATA[')), { minLength: 1, maxLength: 6 }).map((edits) => {
        let damaged = text;
        for (const [at, insert] of edits) {
          const position = at % (damaged.length + 1);
          damaged = damaged.slice(0, position) + insert + damaged.slice(position + (insert === '' ? 1 : 0));
        }
        return damaged;
      });
    fc.assert(fc.property(fc.oneof(damage(RSS), damage(ATOM), damage(RDF)), settles), { numRuns: 300 });
  });
});
