import { describe, expect, it } from 'vitest';
import { extractHtml, sniffHtmlCharset } from './html.js';

const NEWS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Storm batters the coast | The Daily Wire Service</title>
  <meta property="og:site_name" content="The Daily Wire Service">
  <meta property="article:published_time" content="2024-03-05T08:30:00Z">
  <meta property="article:author" content="https://daily.example/staff/ann-lee">
  <link rel="canonical" href="https://daily.example/2024/03/storm">
  <script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "The Daily"},
      {"@type": ["NewsArticle"], "headline": "Storm batters the coast",
       "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Ray"}],
       "publisher": {"@type": "Organization", "name": "The Daily Wire Service"}}
    ]}
  </script>
  <style>p { color: red }</style>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
  <header class="site">The Daily Wire Service — Latest News</header>
  <main>
    <article>
      <header>
        <h1>Storm   batters
          the coast</h1>
        <p class="byline">By Ann Lee and Bo Ray<br><time datetime="2024-03-05T09:00:00Z">March 5</time></p>
      </header>
      <figure><img src="waves.jpg" alt="Waves"><figcaption>Waves hit the pier on Tuesday. (Photo: AP)</figcaption></figure>
      <p>High winds &amp; heavy rain hit the coast on <b>Tuesday</b>, officials said.</p>
      <aside class="related"><h2>Related</h2><a>Other story</a></aside>
      <p>More than 2,000 homes lost power.</p>
      <script>trackPageView();</script>
      <noscript>Enable JavaScript</noscript>
      <div hidden>Subscribe now!</div>
      <div style="display: none">Hidden promo</div>
      <ul><li>Roads closed</li><li>Schools shut</li></ul>
    </article>
    <aside><article><p>Teaser for another article</p></article></aside>
  </main>
  <footer>© 2024 The Daily</footer>
</body>
</html>`;

describe('extractHtml', () => {
  it('gives the headline, the body paragraphs and then the captions, without page furniture or bylines', () => {
    const { text } = extractHtml(NEWS_PAGE);
    expect(text).toBe(
      [
        'Storm batters the coast',
        'High winds & heavy rain hit the coast on Tuesday, officials said.',
        'More than 2,000 homes lost power.',
        'Roads closed',
        'Schools shut',
        'Waves hit the pier on Tuesday. (Photo: AP)',
      ].join('\n\n'),
    );
  });

  it('extracts hints from meta tags and JSON-LD', () => {
    const { hints } = extractHtml(NEWS_PAGE);
    expect(hints).toMatchObject({
      title: 'Storm batters the coast',
      outlet: 'The Daily Wire Service',
      // article:author is a URL, so the JSON-LD author list is used.
      author: 'Ann Lee, Bo Ray',
      url: 'https://daily.example/2024/03/storm',
    });
    expect(hints.published?.slice(0, 10)).toBe('2024-03-05');
  });

  it('falls back to the body minus nav, header, footer, aside and form', () => {
    const page = `<html><head><title>Council votes - City Paper</title>
      <meta name="application-name" content="City Paper"><meta name="author" content="Jo Smith">
      <meta name="date" content="2024-01-02"><meta property="og:url" content="https://city.example/vote"></head>
      <body><header><a>Logo</a></header><nav>Menu</nav>
      <div class="story"><h1>Council votes</h1><p>The council voted 5-2.</p><table><tr><td>Yes</td><td>5</td></tr><tr><td>No</td><td>2</td></tr></table></div>
      <form><label>Email</label><button>Sign up</button></form><aside>Most read</aside><footer>Contact</footer></body></html>`;
    const { text, hints } = extractHtml(page);
    expect(text).toBe('Council votes\n\nThe council voted 5-2.\n\nYes 5\n\nNo 2');
    expect(hints).toEqual({
      title: 'Council votes', // the " - City Paper" suffix matches the application name
      outlet: 'City Paper',
      author: 'Jo Smith',
      published: '2024-01-02',
      url: 'https://city.example/vote',
    });
  });

  it('keeps a title suffix that is not the site name, and uses the h1 when there is no title', () => {
    expect(extractHtml('<title>Q&amp;A - part 2</title><p>Body</p>').hints.title).toBe('Q&A - part 2');
    expect(extractHtml('<body><h1>Only a heading</h1><p>Body</p></body>').hints.title).toBe('Only a heading');
  });

  it('uses the time element in the article and itemprop=articleBody', () => {
    const page = `<div itemprop="articleBody"><p>Body text.</p><time datetime="2024-05-06">May 6</time></div><p>Outside</p>`;
    const { text, hints } = extractHtml(page);
    expect(text).toBe('Body text.\n\nMay 6');
    expect(hints.published).toBe('2024-05-06');
  });

  it('still yields text from broken HTML', () => {
    const broken = '<html><body><div><p>First <b>bold <i>paragraph</div></div></div></span>\n<p>Second &amp c<li>item</ul><p>Last';
    const { text } = extractHtml(broken);
    expect(text).toContain('First bold paragraph');
    expect(text).toContain('Second & c');
    expect(text).toContain('item');
    expect(text).toContain('Last');
  });

  it('keeps pre-formatted lines', () => {
    expect(extractHtml('<pre>line one\nline   two</pre>').text).toBe('line one\nline two');
  });

  it('refuses a page with no visible text', () => {
    expect(() => extractHtml('<html><head><title>T</title></head><body><script>x()</script><nav>Menu</nav></body></html>')).toThrow(
      'no text found in HTML',
    );
  });

  it('survives broken JSON-LD', () => {
    const page = '<script type="application/ld+json">{"headline": </script><meta property="og:title" content="OG"><p>x</p>';
    expect(extractHtml(page).hints.title).toBe('OG');
  });
});

describe('sniffHtmlCharset', () => {
  const ascii = (text: string) => new TextEncoder().encode(text);
  it('finds meta charset, http-equiv and XML declarations', () => {
    expect(sniffHtmlCharset(ascii('<html><head><meta charset="windows-1252">'))).toBe('windows-1252');
    expect(sniffHtmlCharset(ascii('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'))).toBe('Shift_JIS');
    expect(sniffHtmlCharset(ascii('<?xml version="1.0" encoding="ISO-8859-2"?><html>'))).toBe('ISO-8859-2');
    expect(sniffHtmlCharset(ascii('<html><p>charset=utf-8</p>'))).toBeUndefined();
  });
});

describe('markup roles', () => {
  it('marks the headline and the captions; the byline goes to the hints', () => {
    const page = extractHtml(
      '<article><h1>Port reopens</h1><div class="byline">By <a rel="author" href="/a">Ana Ruiz</a></div>' +
        '<figure><img src="x.jpg"><figcaption>Cranes at dawn. <span class="credit">Photo: Ana Ruiz</span></figcaption></figure>' +
        '<p>The port reopened on Monday after a week of repairs to the main quay.</p></article>',
    );
    const marked = page.marks.map((m) => [m.role, page.text.slice(m.start, m.end)]);
    expect(marked).toEqual([
      ['headline', 'Port reopens'],
      ['caption', 'Cranes at dawn. Photo: Ana Ruiz'],
    ]);
    expect(page.text).toBe('Port reopens\n\nThe port reopened on Monday after a week of repairs to the main quay.\n\nCranes at dawn. Photo: Ana Ruiz');
    expect(page.hints.author).toBe('Ana Ruiz');
  });

  it('marks block bylines when a page without an article falls back to its visible text', () => {
    const page = extractHtml('<div><div class="byline">By <a rel="author" href="/a">Ana Ruiz</a></div><p>Port reopens.</p></div>');
    expect(page.marks.map((m) => [m.role, page.text.slice(m.start, m.end)])).toEqual([['byline', 'By Ana Ruiz']]);
  });
});

describe('hostile nesting', () => {
  it('refuses a page nested deeper than the limit before parsing it, with the reason', () => {
    // Parsed, this page took minutes and then overflowed the stack; refused, it never reaches the parser.
    const html = '<div>'.repeat(200_000) + 'deep text' + '</div>'.repeat(200_000);
    expect(() => extractHtml(html)).toThrow(/nested deeper than 1000 elements \(at character \d+\)/);
  });

  it('does not count elements whose end tags may be left out', () => {
    const html = `<article><h1>Many paragraphs</h1>${'<p>One more short paragraph of text.'.repeat(3000)}</article>`;
    expect(extractHtml(html).text).toContain('Many paragraphs');
  });
});
