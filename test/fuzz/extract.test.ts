/**
 * Fuzzing article extraction from HTML (extractArticle, the reader's extractHtml, the parser's depth limit and the
 * lenient JSON-LD reader): any page gives an extraction or the documented refusal, in bounded time.
 *
 * Inputs per full run (parser → numRuns):
 *   extractArticle 200, extractArticle with damaged JSON-LD 150, extractHtml 200, parseHtml depth limit 150,
 *   parseLenientJson on valid JSON 300, parseLenientJson on damaged JSON 300  — 1,300 in all.
 */
import fc from 'fast-check';
import { DomUtils } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH, parseHtml, walk } from '../../src/extract/dom.js';
import { extractArticle } from '../../src/extract/index.js';
import { parseLenientJson } from '../../src/extract/metadata.js';
import { extractHtml } from '../../src/readers/html.js';
import { damagedText, expectDocumentedError, expectEvery, expectValue, runs, settle } from './fuzz.js';

const RUNS = {
  article: 200,
  jsonLd: 150,
  readerHtml: 200,
  depthLimit: 150,
  validJson: 300,
  damagedJson: 300,
};

const JSON_LD = {
  '@context': 'https://schema.org',
  '@graph': [
    { '@type': 'WebSite', '@id': '#site', name: 'Fenland Courier' },
    {
      '@type': 'NewsArticle',
      headline: 'Drainage board raises pumping charge',
      datePublished: '2019-02-11T07:00:00Z',
      author: [{ '@type': 'Person', name: 'Priya Fenwick' }, { '@id': '#desk' }],
      publisher: { '@id': '#site' },
      mainEntityOfPage: 'https://fenland.example/news/pumping-charge',
    },
    { '@type': 'Organization', '@id': '#desk', name: 'Courier news desk' },
  ],
};

const page = (jsonLd: string) => `<!doctype html><html lang="en-GB"><head>
<title>Drainage board raises pumping charge - Fenland Courier</title>
<meta name="author" content="Priya Fenwick"><meta property="og:site_name" content="Fenland Courier">
<meta property="og:image" content="/img/pump.jpg"><meta property="article:published_time" content="2019-02-11T07:00:00Z">
<script type="application/ld+json">${jsonLd}</script>
</head><body><header><nav><ul><li><a href="/">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article itemprop="articleBody">
<h1>Drainage board raises pumping charge</h1>
<div class="byline">By <a rel="author" href="/priya">Priya Fenwick</a> &middot; <time datetime="2019-02-11">11 February 2019</time></div>
<figure><img data-src="/img/pump-house.jpg" srcset="/img/s.jpg 320w, /img/l.jpg 1024w"><figcaption>The pumping station at Welney. Photo: Fenland Courier</figcaption></figure>
<p>Householders in the low fens will pay eleven percent more for drainage from April, after the board voted to raise its pumping charge to cover higher electricity prices.</p>
<p>The board's chair said the pumps had run for almost two hundred days last winter, the longest stretch since records began, and that the reserve fund was nearly empty.</p>
<div class="share-bar hidden"><a href="#">Share</a></div>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Flood defences</a></li></ul></aside>
<p>Farmers' groups asked for the rise to be phased in over two years; the board will consider it in March.</p>
<table><tr><td>Band A</td><td>&pound;41</td></tr><tr><td>Band B</td><td>&pound;48</td></tr></table>
</article></main><footer><p>&copy; 2019 Fenland Courier</p></footer></body></html>`;

const VALID_PAGE = page(JSON.stringify(JSON_LD));

const HTML_DAMAGE = {
  junk: ['<', '>', '</', '/>', '"', '=', '&', '&#', '&#x110000;', '<!--', '-->', '<p>', '</p>', '<div>', '</div>', '<script>', '</script>', '<li>', '<td>', '<svg>', '<template>', '<br/>', '<article>', '</main>', '<h1>'],
  nesting: ['<div>', '<li><p>', '<thead>', '<span/>', '<b><i>', '<article>', '<td><table>', '<dd><dt>', '<figure>'],
  hugeAfter: [/<(?:p|img|div)\b/, /published_time" content="/, /<time datetime="/, /<h1>/, /class="/, /<title>/, /content="/],
};

const ROLES = ['headline', 'caption', 'byline'];

describe('extractArticle', () => {
  const expectExtraction = (html: string): void => {
    const outcome = settle(html, () => extractArticle(html, { url: 'https://fenland.example/news/pumping-charge' }));
    if (!outcome.ok) return expectDocumentedError(outcome.error, Error, /^HTML nested deeper than 1000 elements \(at character \d+\)$/);
    const article = outcome.value;
    expect(typeof article.articleBody).toBe('string');
    for (const caption of article.captions) expect(typeof caption).toBe('string');
    for (const author of article.authors) expect(author.trim().length).toBeGreaterThan(0);
    for (const field of ['title', 'author', 'outlet', 'leadImage', 'language'] as const) {
      if (article[field] !== null) expect(typeof article[field]).toBe('string');
    }
    if (article.published !== null) expect(Number.isNaN(Date.parse(article.published)), article.published).toBe(false);
  };

  it('extracts an article from a damaged page or refuses it as too deeply nested', () => {
    fc.assert(fc.property(damagedText(VALID_PAGE, HTML_DAMAGE), expectExtraction), runs(3101, RUNS.article));
  });

  it('extracts an article whatever its JSON-LD holds: damaged, deeply nested or huge', () => {
    const jsonLd = damagedText(JSON.stringify(JSON_LD, null, 1), {
      junk: ['{', '}', '[', ']', ',', '"', ':', '//', '/*', '\\', '&quot;', '<!--', ']]>', 'NaN', '"@id":"#desk"', '"@graph":'],
      nesting: ['[', '{"@graph":', '{"author":', '{"mainEntity":'],
      hugeAfter: [/"headline":"/, /"datePublished":"/, /"name":"/],
    });
    fc.assert(fc.property(jsonLd.map(page), expectExtraction), runs(3102, RUNS.jsonLd));
  });
});

describe("the reader's extractHtml", () => {
  it('gives text with marks inside it, or says there is no text or the page nests too deeply', () => {
    fc.assert(
      fc.property(damagedText(VALID_PAGE, HTML_DAMAGE), (html) => {
        const outcome = settle(html, () => extractHtml(html));
        if (!outcome.ok) return expectDocumentedError(outcome.error, Error, /^(?:no text found in HTML|HTML nested deeper than 1000 elements \(at character \d+\))$/);
        const { text, marks, hints } = outcome.value;
        expect(text.trim().length).toBeGreaterThan(0);
        expectEvery(marks, (mark) => ROLES.includes(mark.role) && 0 <= mark.start && mark.start <= mark.end && mark.end <= text.length, 'a mark outside the text');
        for (const value of Object.values(hints)) expect(typeof value).toBe('string');
      }),
      runs(3201, RUNS.readerHtml),
    );
  });
});

describe('parseHtml', () => {
  /** How deeply the elements of the tree the parser built nest. */
  const depthOf = (html: string): number => {
    let depth = 0;
    let deepest = 0;
    walk(parseHtml(html, MAX_HTML_DEPTH), {
      enter: (node) => {
        if (DomUtils.isTag(node)) deepest = Math.max(deepest, ++depth);
      },
      leave: (node) => {
        if (DomUtils.isTag(node)) depth--;
      },
    });
    return deepest;
  };

  it('builds trees up to the depth limit and refuses deeper ones, however the nesting is written', () => {
    // Openers and the elements each one leaves open: some close nothing (thead, <span/>), some close each other only in part.
    const openers = fc.constantFrom(['<div>', 1], ['<li><p>', 2], ['<thead>', 1], ['<span/>', 1], ['<b><i>', 2], ['<dl><dd>', 2]) as fc.Arbitrary<[string, number]>;
    fc.assert(
      fc.property(openers, fc.integer({ min: 400, max: 1200 }), ([opener, elements], repeats) => {
        const html = `${opener.repeat(repeats)}text`;
        const depth = repeats * elements;
        const outcome = settle(html, () => depthOf(html));
        if (depth <= MAX_HTML_DEPTH) expect(expectValue(outcome)).toBe(depth);
        else expectDocumentedError(outcome.ok ? undefined : outcome.error, Error, /^HTML nested deeper than 1000 elements/);
      }),
      runs(3301, RUNS.depthLimit),
    );
  });
});

describe('parseLenientJson', () => {
  it('reads valid JSON exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), (text) => {
        // JSON.parse turns "__proto__" keys into own properties, as the lenient reader must too.
        expect(expectValue(settle(text, () => parseLenientJson(text)))).toEqual([JSON.parse(text)]);
      }),
      runs(3401, RUNS.validJson),
    );
  });

  it('reads what it can of damaged JSON and never throws', () => {
    const damaged = damagedText(JSON.stringify(JSON_LD), {
      junk: ['{', '}', '[', ']', ',', '"', '//', '/*', '*/', '\\', '\n', '&quot;', '<!--', '-->', '<![CDATA[', ']]>'],
      nesting: ['[', '{"a":', '"'],
    });
    fc.assert(
      fc.property(damaged, (text) => {
        const values = expectValue(settle(text, () => parseLenientJson(text)));
        expect(Array.isArray(values)).toBe(true);
      }),
      runs(3402, RUNS.damagedJson),
    );
  });
});
