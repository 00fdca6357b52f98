/**
 * Mozilla's Readability.js (the Firefox reader view) run on jsdom: the baseline eventwire's extractor is measured
 * against in `eventwire eval extraction` and `bench/extraction`.
 */
import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { JSDOM as JSDOMClass, VirtualConsole as VirtualConsoleClass } from 'jsdom';

export interface Libraries {
  JSDOM: typeof JSDOMClass;
  VirtualConsole: typeof VirtualConsoleClass;
  Readability: typeof ReadabilityClass;
}

let libraries: Libraries | undefined;

/**
 * jsdom and Readability (both CommonJS) are loaded on first use: jsdom alone takes about half a second to load,
 * which every other CLI command would otherwise pay at start-up. Benchmarks call this before timing starts.
 */
export function loadReadability(): Libraries {
  if (libraries === undefined) {
    const require = createRequire(import.meta.url);
    const jsdom = require('jsdom') as { JSDOM: typeof JSDOMClass; VirtualConsole: typeof VirtualConsoleClass };
    const readability = require('@mozilla/readability') as { Readability: typeof ReadabilityClass };
    libraries = { JSDOM: jsdom.JSDOM, VirtualConsole: jsdom.VirtualConsole, Readability: readability.Readability };
  }
  return libraries;
}

/** What Readability finds in a page, under the names eventwire's extraction uses. */
export interface ReadabilityExtraction {
  /** The article's text, its blocks (paragraphs, headings, list items...) separated by blank lines. */
  articleBody: string;
  title: string | null;
  /** Readability's byline, as written (it often starts with "By"). */
  author: string | null;
  published: string | null;
  outlet: string | null;
}

/** A page Readability could not read: jsdom threw (some pages' CSS or markup), or Readability did. */
export interface ReadabilityError {
  error: string;
}

/** Elements that start and end a block of text in the rendered article. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TFOOT', 'TR', 'UL',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * The article element's text with its blocks on separate paragraphs. Readability's own `textContent` glues the
 * last word of one paragraph to the first of the next ("end.</p><p>Next" is fine, "</h2><p>" is not), which
 * would cost it shingles it found; this rendering keeps the words apart, so the baseline is not handicapped.
 */
function blockText(root: Node): string {
  const blocks: string[] = [];
  let current = '';
  const flush = (): void => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text !== '') blocks.push(text);
    current = '';
  };
  const visit = (node: Node): void => {
    if (node.nodeType === TEXT_NODE) {
      current += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = (node as Element).tagName;
    if (name === 'BR') {
      current += '\n';
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flush();
    else if (name === 'TD' || name === 'TH') current += ' ';
    for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
    if (block) flush();
  };
  visit(root);
  flush();
  return blocks.join('\n\n');
}

const clean = (value: string | null | undefined): string | null => {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
};

/**
 * Runs Readability on one page. jsdom's messages (CSS it cannot parse, scripts it does not run) are silenced;
 * scripts and subresources are never loaded. A page jsdom or Readability fails on gives `{ error }`, and a page
 * where Readability finds no article gives an empty body with the metadata it found.
 */
export function readabilityExtract(html: string, url?: string): ReadabilityExtraction | ReadabilityError {
  const { JSDOM, VirtualConsole, Readability } = loadReadability();
  let dom: JSDOMClass | undefined;
  // css-tree, which jsdom parses stylesheets with, writes "[csstree-match] BREAK after 15000 iterations" on some
  // pages straight to console.warn, past the virtual console. The run is synchronous, so muting console.warn
  // for its duration silences nothing else.
  const warn = console.warn;
  console.warn = () => {};
  try {
    // A fresh VirtualConsole with no listeners drops everything, jsdom's own errors included.
    dom = new JSDOM(html, { virtualConsole: new VirtualConsole(), ...(url && /^https?:\/\//i.test(url) ? { url } : {}) });
    const reader = new Readability<Node>(dom.window.document, { serializer: (node) => node });
    const article = reader.parse();
    if (article === null) return { articleBody: '', title: clean(dom.window.document.title), author: null, published: null, outlet: null };
    return {
      articleBody: article.content ? blockText(article.content) : (article.textContent ?? '').trim(),
      title: clean(article.title),
      author: clean(article.byline),
      published: clean(article.publishedTime),
      outlet: clean(article.siteName),
    };
  } catch (error) {
    return { error: `Readability failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    console.warn = warn;
    dom?.window.close();
  }
}
