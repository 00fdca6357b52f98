import { describe, expect, it } from 'vitest';
import { extractBody } from './body.js';
import { classTokens, parseHtml, textOf } from './dom.js';
import { extractArticle } from './index.js';

// Every page here is invented: outlets, people and events do not exist.

const body = (html: string, url?: string) => extractBody(parseHtml(html), url === undefined ? {} : { url });

/** A paragraph of plausible prose, different for each seed. */
function prose(seed: string, sentences = 3): string {
  const parts = [
    `The harbour board of ${seed} met on Tuesday evening to review the winter repairs, officials said.`,
    `Engineers told members that the eastern breakwater, damaged in two storms, would need another month of work.`,
    `Residents of ${seed}, who have waited since October, asked whether the ferry timetable would change again.`,
    `The chair, speaking after the vote, said the town would publish a full report before the spring season.`,
  ];
  return parts.slice(0, sentences).join(' ');
}

const NEWS_PAGE = `<!doctype html><html><head><title>Breakwater repairs delayed | The Gullhaven Courier</title>
<script>window.dataLayer = [];</script><style>.x { color: red }</style></head>
<body>
  <a class="skip-link" href="#main">Skip to content</a>
  <header class="site-header"><div class="logo">The Gullhaven Courier</div>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
  </header>
  <div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
  <main id="main">
    <article class="story">
      <h1>Breakwater repairs delayed until spring</h1>
      <p class="byline">By Marta Quillon</p>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
      <figure><img src="/img/breakwater.jpg" width="1200" height="800" alt="">
        <figcaption>Waves break over the eastern wall on Monday. <span class="credit">Photo: Ines Marrow</span></figcaption></figure>
      <div class="story-body">
        <p>GULLHAVEN — Repairs will take longer.</p>
        <p>${prose('Gullhaven')}</p>
        <h2>What the engineers found</h2>
        <p>${prose('Port Ellery', 4)}</p>
        <blockquote><p>"We cannot rush concrete in January," the site engineer said.</p></blockquote>
        <ul><li>The ferry will use the western quay.</li><li>Fishing boats keep their moorings.</li></ul>
        <p class="caption">A crane lifts blocks onto the wall. Photo: Ines Marrow</p>
        <p>${prose('Saltmere', 2)}</p>
      </div>
      <aside class="related-stories"><h3>Related</h3><ul>
        <li><a href="/a">Storm closes ferry route for a week as winds reach gale force</a></li>
        <li><a href="/b">Council approves harbour budget after a long and heated debate</a></li></ul></aside>
      <div class="newsletter-signup"><p>Sign up for the Courier morning newsletter and get the news that matters in your inbox.</p></div>
    </article>
    <section id="comments" class="comments">
      <h3>3 comments</h3>
      <div class="comment"><p>${prose('Reader One')}</p></div>
      <div class="comment"><p>${prose('Reader Two')}</p></div>
    </section>
  </main>
  <div class="most-read"><h3>Most read</h3><ol><li><a href="/c">Lighthouse keeper retires after forty years on the rock</a></li></ol></div>
  <footer><p>© 2024 The Gullhaven Courier. All rights reserved.</p><a href="/terms">Terms</a></footer>
</body></html>`;

describe('extractBody', () => {
  it('keeps the story and drops navigation, share bars, related lists, notices, comments and the footer', () => {
    const result = body(NEWS_PAGE, 'https://courier.example/news/breakwater');
    const text = result.paragraphs.join('\n');
    expect(result.paragraphs[0]).toBe('GULLHAVEN — Repairs will take longer.');
    expect(text).toContain(prose('Gullhaven'));
    expect(text).toContain(prose('Saltmere', 2));
    for (const junk of ['Skip to content', 'Home', 'cookies', 'Share on Facebook', 'Storm closes ferry', 'newsletter', 'Reader One', 'Most read', 'Lighthouse keeper', '© 2024', 'By Marta Quillon']) {
      expect(text, junk).not.toContain(junk);
    }
  });

  it('keeps subheadings, quotes and list items but not the headline', () => {
    const { paragraphs } = body(NEWS_PAGE);
    expect(paragraphs).toContain('What the engineers found');
    expect(paragraphs).toContain('"We cannot rush concrete in January," the site engineer said.');
    expect(paragraphs).toContain('The ferry will use the western quay.');
    expect(paragraphs).toContain('Fishing boats keep their moorings.');
    expect(paragraphs).not.toContain('Breakwater repairs delayed until spring');
  });

  it('takes figures, figcaptions and caption-like elements out of the body into captions', () => {
    const { paragraphs, captions } = body(NEWS_PAGE);
    expect(captions).toEqual(['Waves break over the eastern wall on Monday. Photo: Ines Marrow', 'A crane lifts blocks onto the wall. Photo: Ines Marrow']);
    expect(paragraphs.join('\n')).not.toContain('Ines Marrow');
  });

  it('finds the lead image in the article, resolved against the page address', () => {
    expect(body(NEWS_PAGE, 'https://courier.example/news/breakwater').leadImage).toBe('https://courier.example/img/breakwater.jpg');
    const noImage = body(`<article><p>${prose('Dunmore')}</p><img src="/icons/logo.svg"></article>`);
    expect(noImage.leadImage).toBeNull();
  });

  it('normalises whitespace in every paragraph', () => {
    const { paragraphs } = body(`<article><p>  The   quarry
      reopened\u00a0on   Friday ,  after a <b>two-week</b>   closure, its owners said.</p><p>${prose('Quarrytown')}</p></article>`);
    expect(paragraphs[0]).toBe('The quarry reopened on Friday , after a two-week closure, its owners said.');
  });

  it('keeps a story split over two containers whole', () => {
    const page = `<html><body><nav><a href="/">Home</a></nav>
      <div class="content">
        <div class="article-text"><p>${prose('Brackwater')}</p><p>${prose('Lowmoor', 2)}</p></div>
        <div class="ad-slot"><span>Advertisement</span></div>
        <div class="inline-promo"><a href="/subscribe">Subscribe for full access to all our reporting</a></div>
        <div class="article-text"><p>${prose('Fenwick', 4)}</p><p>The inquiry resumes on Monday.</p></div>
      </div>
      <div class="sidebar"><p>${prose('Elsewhere', 1)}</p></div></body></html>`;
    const { paragraphs } = body(page);
    expect(paragraphs).toEqual([prose('Brackwater'), prose('Lowmoor', 2), prose('Fenwick', 4), 'The inquiry resumes on Monday.']);
  });

  it('gathers a continuation container of another kind after the main one', () => {
    const page = `<html><body><div class="page">
      <div class="main-column">
        <section class="lede"><p>${prose('Corrow', 4)}</p><p>${prose('Ashby', 4)}</p><p>${prose('Brill', 4)}</p></section>
        <div class="video-embed-placeholder"></div>
        <section class="continued"><p>${prose('Tarn', 3)}</p><p>The last ferry sails at nine.</p></section>
      </div></div></body></html>`;
    const { paragraphs } = body(page);
    expect(paragraphs).toContain(prose('Tarn', 3));
    expect(paragraphs).toContain('The last ferry sails at nine.');
    expect(paragraphs[0]).toBe(prose('Corrow', 4));
  });

  it('keeps a short lead paragraph', () => {
    const page = `<article><h1>Mill fire</h1><div class="entry-content"><p>The mill is gone.</p><p>${prose('Millbrook', 4)}</p><p>${prose('Ferrybridge', 4)}</p></div></article>`;
    expect(body(page).paragraphs[0]).toBe('The mill is gone.');
  });

  it('splits text at line breaks and keeps a table row on one line', () => {
    const page = `<div id="story">${prose('Linmouth', 4)}<br><br>${prose('Carrick', 4)}<br>
      <table><tr><th>Boat</th><th>Catch</th></tr><tr><td>Marigold</td><td>120 kg</td></tr></table></div>`;
    expect(body(page).paragraphs).toEqual([prose('Linmouth', 4), prose('Carrick', 4), 'Boat Catch', 'Marigold 120 kg']);
  });

  it('gives no paragraphs for a page without an article', () => {
    const page = `<html><body><header><a href="/">Logo</a></header><nav><a href="/a">World</a><a href="/b">Business</a></nav>
      <ul class="links"><li><a href="/1">One</a></li><li><a href="/2">Two</a></li></ul>
      <footer>Contact us</footer></body></html>`;
    expect(body(page)).toEqual({ paragraphs: [], captions: [], leadImage: null });
    expect(body('').paragraphs).toEqual([]);
  });

  it('drops hidden elements and never-visible ones', () => {
    const page = `<article><p>${prose('Kelso')}</p><p hidden>Hidden attribute text.</p><p style="display: none">Display none text.</p>
      <div aria-hidden="true">Aria hidden text.</div><span class="sr-only">Screen reader text.</span><noscript>Enable scripts.</noscript>
      <template><p>Template text.</p></template><svg><text>Chart label</text></svg><p>${prose('Rye')}</p></article>`;
    const text = body(page).paragraphs.join('\n');
    for (const hidden of ['Hidden attribute', 'Display none', 'Aria hidden', 'Screen reader', 'Enable scripts', 'Template text', 'Chart label']) {
      expect(text).not.toContain(hidden);
    }
    expect(text).toContain(prose('Rye'));
  });

  it('matches class and id words whole: "head" is not "ad", a wrapper "with-sidebar" is not a sidebar', () => {
    const page = `<div class="page-head"><h2>Harbour news</h2></div>
      <div class="layout with-sidebar"><div class="masthead-ad-free article-body"><p>${prose('Harrow', 4)}</p><p>${prose('Tillby', 4)}</p></div>
      <div class="sidebar"><p>${prose('Sidebar town', 2)}</p></div></div>`;
    const { paragraphs } = body(page);
    expect(paragraphs).toEqual([prose('Harrow', 4), prose('Tillby', 4)]);
  });

  it('keeps the article when the whole page is wrapped in a form or a class-flagged wrapper', () => {
    const page = `<body class="has-ads comments-enabled"><form id="aspnetForm"><div class="ad-wrapper-layout">
      <div id="story"><p>${prose('Orford', 4)}</p><p>${prose('Westby', 4)}</p><p>${prose('Yarrow', 4)}</p></div>
      <div class="ad-unit">Advertisement</div></div></form></body>`;
    expect(body(page).paragraphs).toEqual([prose('Orford', 4), prose('Westby', 4), prose('Yarrow', 4)]);
  });

  it('finishes on hostile pages: deep nesting and huge sibling lists', () => {
    const deep = `${'<div>'.repeat(30_000)}<p>${prose('Deepdale')}</p>${'</div>'.repeat(30_000)}`;
    expect(body(deep).paragraphs).toEqual([prose('Deepdale')]);
    const wide = `<div class="story">${`<p>${prose('Widefield', 1)}</p>`.repeat(50_000)}</div><ul>${'<li><a href="/x">x</a></li>'.repeat(50_000)}</ul>`;
    expect(body(wide).paragraphs).toHaveLength(50_000);
    const figures = `<article>${`<figure><img src="a.jpg"><figcaption>Same caption</figcaption></figure><p>${prose('Figtree', 1)}</p>`.repeat(20_000)}</article>`;
    expect(body(figures).captions).toEqual(['Same caption']);
  });
});

describe('dom helpers', () => {
  it('splits class and id into whole words, with compounds', () => {
    const element = parseHtml('<div class="ArticleBody share-bar" id="main_story"></div>').children[0] as Parameters<typeof classTokens>[0];
    expect(classTokens(element)).toEqual(['article', 'body', 'articlebody', 'share', 'bar', 'sharebar', 'main', 'story', 'mainstory']);
  });

  it('reads visible text, block by block when asked', () => {
    const document = parseHtml('<div><p>One <b>two</b></p><script>x()</script><p hidden>no</p><p>three<br>four</p></div>');
    expect(textOf(document)).toBe('One two three four');
    expect(textOf(document, { blocks: true })).toBe('One two\nthree\nfour');
  });
});

describe('extractArticle', () => {
  it('joins the body paragraphs with blank lines and keeps captions apart', () => {
    const result = extractArticle(NEWS_PAGE, { url: 'https://courier.example/news/breakwater' });
    expect(result.articleBody.split('\n\n')[0]).toBe('GULLHAVEN — Repairs will take longer.');
    expect(result.articleBody).not.toContain('Waves break over');
    expect(result.captions).toContain('Waves break over the eastern wall on Monday. Photo: Ines Marrow');
    expect(result.leadImage).toBe('https://courier.example/img/breakwater.jpg');
  });

  it('drops a headline repeated as the first paragraph', () => {
    const page = `<html><head><title>Ferry returns</title></head><body><div class="post"><h2>Ferry returns</h2><p>${prose('Calder', 4)}</p><p>${prose('Moss', 4)}</p></div></body></html>`;
    expect(extractArticle(page).articleBody).toBe(`${prose('Calder', 4)}\n\n${prose('Moss', 4)}`);
  });

  it('refuses a page nested deeper than any real one, with the reason', () => {
    expect(() => extractArticle('<div>'.repeat(5_000) + 'x')).toThrow(/nested deeper than 1000 elements/);
  });
});
