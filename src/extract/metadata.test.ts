import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { extractMetadata, normaliseDate, parseLenientJson } from './metadata.js';

/** Parses as the extractor does and reads the metadata. */
function metadataOf(html: string, url?: string) {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  return extractMetadata(document, url === undefined ? {} : { url });
}

const page = (head: string, body: string, lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

describe('extractMetadata: JSON-LD', () => {
  it('reads the article node of an @graph, following @id references to the author and publisher', () => {
    const html = page(
      `<title>Tide gauges fail along the estuary | The Lantern Courier</title>
      <script type="application/ld+json">
      {"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","@id":"https://lantern.example/#website","name":"The Lantern Courier"},
        {"@type":"Organization","@id":"https://lantern.example/#org","name":"The Lantern Courier"},
        {"@type":"NewsArticle","@id":"https://lantern.example/2024/02/tide/#article",
         "headline":"Tide gauges fail along the estuary",
         "author":{"@id":"https://lantern.example/#/schema/person/71"},
         "publisher":{"@id":"https://lantern.example/#org"},
         "datePublished":"2024-02-11T07:45:00+01:00","dateModified":"2024-02-12T10:00:00+01:00",
         "image":{"@type":"ImageObject","url":"/media/gauge.jpg"}},
        {"@type":"Person","@id":"https://lantern.example/#/schema/person/71","name":"Oriane Vasseur"}
      ]}
      </script>`,
      `<article><h1>Tide gauges fail along the estuary</h1><p>Text.</p></article>`,
    );
    const metadata = metadataOf(html, 'https://lantern.example/2024/02/tide/');
    expect(metadata.title).toBe('Tide gauges fail along the estuary');
    expect(metadata.sources.title).toBe('h1');
    expect(metadata.authors).toEqual(['Oriane Vasseur']);
    expect(metadata.author).toBe('Oriane Vasseur');
    expect(metadata.sources.author).toBe('json-ld');
    expect(metadata.published).toBe('2024-02-11T07:45:00+01:00');
    expect(metadata.sources.published).toBe('json-ld');
    expect(metadata.outlet).toBe('The Lantern Courier');
    expect(metadata.leadImage).toBe('https://lantern.example/media/gauge.jpg');
    expect(metadata.language).toBe('en');
  });

  it('keeps every co-author of an author array, and picks the article among several typed nodes', () => {
    const html = page(
      `<script type="application/ld+json">
      [{"@type":"BreadcrumbList","itemListElement":[]},
       {"@type":["ReportageNewsArticle"],"headline":"Ferry fares rise again",
        "author":[{"@type":"Person","name":"Kalinda Mbeki"},{"@type":"Person","name":"Joaquín Ferreira-Lund"},"Ilse Marrow"],
        "datePublished":"2023-11-30"}]
      </script>`,
      '<p>Ferry fares rose.</p>',
    );
    const metadata = metadataOf(html);
    expect(metadata.title).toBe('Ferry fares rise again');
    expect(metadata.authors).toEqual(['Kalinda Mbeki', 'Joaquín Ferreira-Lund', 'Ilse Marrow']);
    expect(metadata.author).toBe('Kalinda Mbeki, Joaquín Ferreira-Lund, Ilse Marrow');
    expect(metadata.published).toBe('2023-11-30');
  });

  it('tolerates broken JSON-LD: comments, trailing commas, raw line breaks, entities, CDATA, several objects', () => {
    const html = page(
      `<script type="application/ld+json">//<![CDATA[
      { "@type": "WebSite", "name": "Quarry Hill Ledger", }
      {
        // the story
        "@type": "BlogPosting",
        "headline": "Council&#39;s quarry vote &amp; what comes next",
        "description": "A line
        broken in the middle",
        "author": {"@type": "Person", "name": "Tobias Wren",},
        "datePublished": "2022-06-03T18:20:00-04:00", /* local time */
      }
      //]]></script>`,
      '<p>The council voted.</p>',
    );
    const metadata = metadataOf(html);
    expect(metadata.title).toBe("Council's quarry vote & what comes next");
    expect(metadata.authors).toEqual(['Tobias Wren']);
    expect(metadata.published).toBe('2022-06-03T18:20:00-04:00');
    expect(metadata.outlet).toBe('Quarry Hill Ledger');
  });

  it('reads JSON-LD whose quotes are HTML-escaped', () => {
    const values = parseLenientJson('{&quot;@type&quot;:&quot;NewsArticle&quot;,&quot;headline&quot;:&quot;Snow closes the pass&quot;}');
    expect(values).toEqual([{ '@type': 'NewsArticle', headline: 'Snow closes the pass' }]);
  });
});

describe('extractMetadata: OpenGraph and meta tags', () => {
  it('strips the site name from og:title and resolves og:image against og:url', () => {
    const html = page(
      `<meta property="og:title" content="Orchard growers count frost losses | Valley Almanac">
      <meta property="og:site_name" content="Valley Almanac">
      <meta property="og:url" content="https://news.valleyalmanac.example/farming/frost-losses">
      <meta property="og:image" content="../img/orchard.jpg">
      <meta property="article:published_time" content="2021-04-19T06:00:00Z">
      <meta name="author" content="Petra Lindqvist">`,
      '<p>Frost hit the orchards.</p>',
    );
    const metadata = metadataOf(html);
    expect(metadata.title).toBe('Orchard growers count frost losses');
    expect(metadata.sources.title).toBe('meta:og:title');
    expect(metadata.outlet).toBe('Valley Almanac');
    expect(metadata.leadImage).toBe('https://news.valleyalmanac.example/img/orchard.jpg');
    expect(metadata.published).toBe('2021-04-19T06:00:00Z');
    expect(metadata.sources.published).toBe('meta:article:published_time');
    expect(metadata.authors).toEqual(['Petra Lindqvist']);
    expect(metadata.sources.author).toBe('meta:author');
  });

  it.each([
    ['DC.date.issued', '2019-09-02', '2019-09-02'],
    ['sailthru.date', '2019-09-02 14:05:00', '2019-09-02T14:05:00'],
    ['parsely-pub-date', '2019-09-02T14:05:00+0200', '2019-09-02T14:05:00+02:00'],
    ['pubdate', '20190902', '2019-09-02'],
    ['date', 'Mon, 02 Sep 2019 14:05:00 GMT', '2019-09-02T14:05:00Z'],
  ])('reads the publication date from <meta name="%s">', (name, content, expected) => {
    const metadata = metadataOf(page(`<meta name="${name}" content="${content}">`, '<p>Text.</p>'));
    expect(metadata.published).toBe(expected);
    expect(metadata.sources.published).toBe(`meta:${name.toLowerCase()}`);
  });

  it('takes an article:author profile URL only when nothing else names the author', () => {
    const onlyUrl = metadataOf(page('<meta property="article:author" content="https://pinewood.example/author/rosalind-achebe/">', '<p>Text.</p>'));
    expect(onlyUrl.authors).toEqual(['Rosalind Achebe']);
    expect(onlyUrl.sources.author).toBe('url:author');
    const withName = metadataOf(
      page('<meta property="article:author" content="https://pinewood.example/author/rosalind-achebe/"><meta name="author" content="Ros Achebe">', '<p>Text.</p>'),
    );
    expect(withName.authors).toEqual(['Ros Achebe']);
  });
});

describe('extractMetadata: titles', () => {
  it.each([
    ['Grain silo fire contained - The Prairie Sentinel', 'Grain silo fire contained'],
    ['The Prairie Sentinel: Grain silo fire contained', 'Grain silo fire contained'],
    ['The Prairie Sentinel | Grain silo fire contained', 'Grain silo fire contained'],
    ['Grain silo fire contained | Local | The Prairie Sentinel', 'Grain silo fire contained'],
  ])('strips the site name from <title> %j', (title, expected) => {
    const metadata = metadataOf(page(`<title>${title}</title><meta property="og:site_name" content="The Prairie Sentinel">`, '<p>Text.</p>'));
    expect(metadata.title).toBe(expected);
  });

  it('recognises the site from the host name when no site name is declared', () => {
    const metadata = metadataOf(page('<title>Grain silo fire contained | Prairie Sentinel</title>', '<p>Text.</p>'), 'https://www.prairiesentinel.example/news/silo');
    expect(metadata.title).toBe('Grain silo fire contained');
    expect(metadata.outlet).toBe('Prairie Sentinel');
    expect(metadata.sources.outlet).toBe('title');
  });

  it('prefers the visible headline, with its typography, when it agrees with the metadata', () => {
    const html = page(
      `<meta property="og:title" content="Mayor's 'bold' plan for the docks">`,
      `<main><article><h1>Mayor’s ‘bold’ plan for the   docks</h1><p>Text.</p></article></main>`,
    );
    expect(metadataOf(html).title).toBe('Mayor’s ‘bold’ plan for the docks');
  });

  it('drops a kicker on the headline and section labels in the metadata', () => {
    const html = page(
      `<meta property="og:title" content="Opinion | Why the tram line deserves a second look">`,
      `<article><h1><span class="kicker">Opinion</span> Why the tram line deserves a second look</h1></article>`,
    );
    expect(metadataOf(html).title).toBe('Why the tram line deserves a second look');
  });

  it('drops a media label from the title', () => {
    expect(metadataOf(page('<meta property="og:title" content="Otters return to the canal (video)">', '<p>x</p>')).title).toBe('Otters return to the canal');
  });

  it('uses the article headline when the metadata gives a different (social) title', () => {
    const html = page(
      `<meta property="og:title" content="You won't believe what the tram line costs">`,
      `<nav><h1>Harbourside Gazette</h1></nav><article><h1>Tram line costs double the estimate</h1><p>Text.</p></article>`,
    );
    const metadata = metadataOf(html);
    expect(metadata.title).toBe('Tram line costs double the estimate');
    expect(metadata.sources.title).toBe('h1');
  });
});

describe('extractMetadata: authors', () => {
  it.each([
    ['By Ana Pereira and Tomás Okafor', ['Ana Pereira', 'Tomás Okafor']],
    ['By Ana Pereira, Tomás Okafor and Lena Brandt', ['Ana Pereira', 'Tomás Okafor', 'Lena Brandt']],
    ['BY ANA PEREIRA, Staff Writer', ['ANA PEREIRA']],
    ['By Ana Pereira | ana.pereira@example.com | March 3, 2024', ['Ana Pereira']],
    ['Ana Pereira - Senior Reporter', ['Ana Pereira']],
    ['By Ana Pereira • Updated 2 hours ago', ['Ana Pereira']],
    ['By Robert E. Halloway, Ph.D.', ['Robert E. Halloway, Ph.D.']],
  ])('reads the visible byline %j', (byline, expected) => {
    const html = page('', `<article><h1>Harbour dredging starts</h1><div class="byline">${byline}</div><p>Dredgers arrived.</p></article>`);
    const metadata = metadataOf(html);
    expect(metadata.authors).toEqual(expected);
    expect(metadata.sources.author).toBe('byline');
  });

  it('reads a "By" line after the headline, with the names in links', () => {
    const html = page('', `<article><h1>Harbour dredging starts</h1><p>By <a href="/people/ana">Ana Pereira</a> and <a href="/people/tomas">Tomás Okafor</a></p><p>Text.</p></article>`);
    expect(metadataOf(html).authors).toEqual(['Ana Pereira', 'Tomás Okafor']);
  });

  it('reads itemprop=author and rel=author', () => {
    const itemprop = page('', `<article><h1>Harbour dredging starts</h1><span itemprop="author" itemscope><span itemprop="name">Lena Brandt</span></span></article>`);
    expect(metadataOf(itemprop).authors).toEqual(['Lena Brandt']);
    const rel = page('', `<article><h1>Harbour dredging starts</h1><a rel="author" href="/lena">Lena Brandt</a></article>`);
    expect(metadataOf(rel).authors).toEqual(['Lena Brandt']);
  });

  it('prefers a person in the byline to an organisation in the schema', () => {
    const html = page(
      `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Storm shuts the ferry","author":{"@type":"Organization","name":"Harbor Wire Service"}}</script>`,
      `<article><h1>Storm shuts the ferry</h1><p class="byline">By Mira Castellanos</p><p>Text.</p></article>`,
    );
    const metadata = metadataOf(html);
    expect(metadata.authors).toEqual(['Mira Castellanos']);
    expect(metadata.sources.author).toBe('byline');
  });

  it('keeps a wire service as author when no person is named, but never the site itself', () => {
    const wire = page(`<meta property="og:site_name" content="Coastline Daily"><meta name="author" content="Harbor Wire Service">`, '<p>Text.</p>');
    expect(metadataOf(wire).authors).toEqual(['Harbor Wire Service']);
    const site = page(`<meta property="og:site_name" content="Coastline Daily"><meta name="author" content="Coastline Daily Staff">`, '<p>Text.</p>');
    expect(metadataOf(site).authors).toEqual([]);
    expect(metadataOf(site).author).toBeNull();
  });

  it('treats a schema "Person" named after the site or a desk as an organisation', () => {
    const html = page(
      `<meta property="og:site_name" content="Granite Ledger">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Quarry reopens","author":[{"@type":"Person","name":"Granite Ledger Correspondent"},{"@type":"Person","name":"Harbor Wire Service"}]}</script>`,
      '<article><h1>Quarry reopens</h1><p>Text.</p></article>',
    );
    const metadata = metadataOf(html, 'https://www.graniteledger.example/news/quarry');
    expect(metadata.authors).toEqual(['Harbor Wire Service']);
  });

  it('does not take a photo credit under the headline for the byline', () => {
    const html = page(
      '',
      `<article><h1>Harbour dredging starts</h1><figure><img src="d.jpg"><figcaption>By Pieter Aalders</figcaption></figure><p>By Mira Castellanos</p><p>Text.</p></article>`,
    );
    expect(metadataOf(html).authors).toEqual(['Mira Castellanos']);
  });

  it('drops an organisation from a list that names people', () => {
    const html = page(`<meta name="author" content="Najma Ortiz, Harbor Wire Service">`, '<p>Text.</p>');
    expect(metadataOf(html).authors).toEqual(['Najma Ortiz']);
  });

  it('leaves out contributors the byline names apart from the authors', () => {
    const html = page(
      `<script type="application/ld+json">{"@type":"Article","headline":"Best trail shoes","author":[{"@type":"Person","name":"Dario Kemp"},{"@type":"Person","name":"Sunniva Holt"}]}</script>`,
      `<article><h1>Best trail shoes</h1><div class="author-byline">By <a href="/author/dario-kemp">Dario Kemp</a> Contributions from <a href="/author/sunniva-holt">Sunniva Holt</a></div></article>`,
    );
    expect(metadataOf(html).authors).toEqual(['Dario Kemp']);
  });

  it('takes the byline when it names the schema author and more co-authors', () => {
    const html = page(
      `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Reservoir levels fall","author":{"@type":"Person","name":"Yusuf Adeyemi"}}</script>`,
      `<article><h1>Reservoir levels fall</h1><div class="byline">By <a href="/staff/yusuf">Yusuf Adeyemi</a>, <a href="/staff/greta">Greta Solberg</a></div></article>`,
    );
    expect(metadataOf(html).authors).toEqual(['Yusuf Adeyemi', 'Greta Solberg']);
  });
});

describe('extractMetadata: dates', () => {
  it('never takes the modification date when a publication date exists', () => {
    const html = page(
      `<meta property="article:modified_time" content="2024-05-02T09:00:00Z">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge reopens","dateModified":"2024-05-02T09:00:00Z","datePublished":"2024-04-28T16:30:00Z"}</script>`,
      `<article><h1>Bridge reopens</h1><p>Updated <time datetime="2024-05-02T09:00:00Z">May 2</time></p></article>`,
    );
    expect(metadataOf(html).published).toBe('2024-04-28T16:30:00Z');
  });

  it('skips a <time> marked as an update and takes the publication <time>', () => {
    const html = page(
      '',
      `<article><h1>Bridge reopens</h1><p>Updated <time datetime="2024-05-02">May 2</time></p><p>Published <time datetime="2024-04-28T08:00:00-07:00">April 28</time></p></article>`,
    );
    const metadata = metadataOf(html);
    expect(metadata.published).toBe('2024-04-28T08:00:00-07:00');
    expect(metadata.sources.published).toBe('time');
  });

  it('reads <time pubdate> and itemprop=datePublished', () => {
    expect(metadataOf(page('', '<article><h1>Bridge reopens</h1><time pubdate datetime="2024-04-28">Apr 28</time></article>')).published).toBe('2024-04-28');
    expect(metadataOf(page('', '<article><h1>Bridge reopens</h1><span itemprop="datePublished" content="2024-04-28T10:00:00Z">Apr 28</span></article>')).sources.published).toBe(
      'time:pubdate',
    );
  });

  it('reads a visible date line under the headline, not a date in the prose', () => {
    const html = page('', `<article><h1>Bridge reopens</h1><p class="meta">Published March 14, 2023 at 9:05 am</p><p>Work began on January 2, 2021 and ran late.</p></article>`);
    const metadata = metadataOf(html);
    expect(metadata.published).toBe('2023-03-14');
    expect(metadata.sources.published).toBe('text');
  });

  it('falls back to a date in the URL, and only then to a modification date', () => {
    const fromUrl = metadataOf(page('', '<p>Text.</p>'), 'https://coast.example/2021/03/09/sea-wall-plans/');
    expect(fromUrl.published).toBe('2021-03-09');
    expect(fromUrl.sources.published).toBe('url');
    expect(metadataOf(page('', '<p>Text.</p>'), 'https://coast.example/news/2021/mar/09/sea-wall/').published).toBe('2021-03-09');
    const modified = metadataOf(page('<meta property="article:modified_time" content="2022-01-05T10:00:00Z">', '<p>Text.</p>'));
    expect(modified.published).toBe('2022-01-05T10:00:00Z');
    expect(modified.sources.published).toBe('modified');
  });

  it('gives a UTC timestamp in the offset the page shows it in', () => {
    const html = page(
      `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Late vote on the levy","datePublished":"2023-12-23T01:48:19Z"}</script>`,
      `<article><h1>Late vote on the levy</h1><p>By Ines Draper | PUBLISHED: December 22, 2023 at 8:48 p.m.</p></article>`,
    );
    expect(metadataOf(html).published).toBe('2023-12-22T20:48:19-05:00');
  });
});

describe('extractMetadata: outlet, image and language', () => {
  it('falls back to the publisher, then to the host without www', () => {
    const publisher = page(`<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","publisher":{"@type":"Organization","name":"Fjord Post"}}</script>`, '<p>x</p>');
    expect(metadataOf(publisher).outlet).toBe('Fjord Post');
    const host = metadataOf(page('', '<p>x</p>'), 'https://www.fjordpost.example/a');
    expect(host.outlet).toBe('fjordpost.example');
    expect(host.sources.outlet).toBe('url');
  });

  it('takes twitter:image when there is no og:image, made absolute', () => {
    const metadata = metadataOf(page('<meta name="twitter:image" content="//cdn.fjordpost.example/p.jpg">', '<p>x</p>'), 'https://fjordpost.example/a');
    expect(metadata.leadImage).toBe('https://cdn.fjordpost.example/p.jpg');
  });

  it.each([
    ['<html lang="pt-BR">', '', 'pt', 'html:lang'],
    ['<html>', '<meta http-equiv="content-language" content="de-AT">', 'de', 'meta:content-language'],
    ['<html>', '<meta property="og:locale" content="fr_FR">', 'fr', 'meta:og:locale'],
  ])('reads the language from %s %s', (htmlTag, head, language, source) => {
    const metadata = metadataOf(`<!doctype html>${htmlTag}<head>${head}</head><body><p>x</p></body></html>`);
    expect(metadata.language).toBe(language);
    expect(metadata.sources.language).toBe(source);
  });

  it('returns nulls and no authors for an empty page', () => {
    const metadata = metadataOf('');
    expect(metadata).toEqual({ title: null, author: null, authors: [], published: null, outlet: null, leadImage: null, language: null, sources: {} });
  });
});

describe('normaliseDate', () => {
  it.each([
    ['2023-05-17', '2023-05-17'],
    ['2023-05-17T08:30:00.000Z', '2023-05-17T08:30:00Z'],
    ['2023-05-17T08:30:00+0000', '2023-05-17T08:30:00Z'],
    ['2023-05-17T08:30-04:00', '2023-05-17T08:30:00-04:00'],
    ['1684312200', '2023-05-17T08:30:00Z'],
    ['May 17, 2023', '2023-05-17'],
    ['17 May 2023 08:30', '2023-05-17T08:30:00'],
  ])('%j → %j', (value, expected) => {
    expect(normaliseDate(value)).toBe(expected);
  });

  it('rejects values that are not dates', () => {
    expect(normaliseDate('2022-02-112023-06-08')).toBeUndefined();
    expect(normaliseDate('2023-02-30')).toBeUndefined();
    expect(normaliseDate('yesterday')).toBeUndefined();
    expect(normaliseDate('')).toBeUndefined();
  });
});
