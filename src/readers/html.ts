/**
 * Basic HTML extraction: the visible text of the article (one block per line, blank lines between blocks) and
 * the metadata hints a page states in its head. A fuller extractor replaces the text part later.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { MarkupRole, SourceHints } from '../document/types.js';
import type { TextMark } from './types.js';

type HtmlDocument = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];
type DomNode = Parameters<typeof DomUtils.getChildren>[0];

export interface HtmlExtraction {
  text: string;
  hints: SourceHints;
  /** Captions, headline and bylines as the markup marks them, as offsets into `text`. */
  marks: TextMark[];
}

/** Elements whose content never shows as text. */
const NEVER_VISIBLE = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas',
  'audio', 'video', 'head', 'title', 'select', 'textarea', 'input',
]);

/** Elements that start and end a block of text. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

/** Table cells stay on their row's line but must not glue their words together. */
const CELL_ELEMENTS = new Set(['td', 'th']);

/** Page furniture left out when the text comes from an article element: share bars, related links. */
const CHROME_IN_ARTICLE = { tags: new Set(['nav', 'aside', 'form']), roles: new Set(['navigation', 'complementary', 'search']) };
/** Page furniture left out when the text comes from the whole body. */
const CHROME_IN_BODY = {
  tags: new Set(['nav', 'header', 'footer', 'aside', 'form']),
  roles: new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']),
};
type ChromeRules = typeof CHROME_IN_BODY;

/** Throws `no text found in HTML` when the page has no visible text. */
export function extractHtml(html: string): HtmlExtraction {
  checkNesting(html);
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const content = findContent(document);
  if (content === undefined) throw new Error('no text found in HTML');
  return { text: content.text, marks: content.marks, hints: extractHints(document, content.articleRoot) };
}

/** Real pages nest a few dozen levels; hostile ones nest hundreds of thousands to exhaust the stack and time. */
export const MAX_HTML_DEPTH = 1000;
/** Elements that never hold children, and those whose end tag may be left out: neither deepens the tree for sure. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp',
]);

/** A linear scan of the tags, refusing pages nested deeper than MAX_HTML_DEPTH before the parser builds them. */
function checkNesting(html: string): void {
  let depth = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (NOT_NESTING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > MAX_HTML_DEPTH) throw new Error(`HTML nested deeper than ${MAX_HTML_DEPTH} elements (at character ${m.index})`);
  }
}

/**
 * The charset an HTML page declares in `<meta charset>`, `<meta http-equiv=Content-Type>` or an XML
 * declaration, looked for in the first 1024 bytes as browsers do.
 */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  return /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1];
}

interface Content {
  text: string;
  marks: TextMark[];
  /** The article-like element the text came from, if any; its <time> dates the article. */
  articleRoot: Element | undefined;
}

/** Prefers the article (or articleBody, or main) and falls back to the body without its furniture. */
function findContent(document: HtmlDocument): Content | undefined {
  for (const candidate of articleCandidates(document)) {
    const rendered = renderText(candidate, CHROME_IN_ARTICLE);
    if (rendered.text !== '') return { ...rendered, articleRoot: candidate };
  }
  const body = DomUtils.findOne((element) => element.name === 'body', document.children);
  const rendered = renderText(body ?? document, CHROME_IN_BODY);
  return rendered.text === '' ? undefined : { ...rendered, articleRoot: undefined };
}

/** Article elements, longest text first (pages also use <article> for teaser cards), then articleBody, then main. */
function articleCandidates(document: HtmlDocument): Element[] {
  const visible = (element: Element) => !isHidden(element);
  const byTextLength = (elements: Element[]) =>
    elements
      .map((element) => ({ element, length: DomUtils.textContent(element).trim().length }))
      .sort((a, b) => b.length - a.length)
      .map((entry) => entry.element);
  const articles = DomUtils.findAll((element) => element.name === 'article', document.children).filter(visible);
  const articleBodies = DomUtils.findAll(
    (element) => (element.attribs['itemprop'] ?? '').split(/\s+/).includes('articleBody'),
    document.children,
  ).filter(visible);
  const mains = DomUtils.findAll((element) => element.name === 'main', document.children).filter(visible);
  return [...byTextLength(articles), ...byTextLength(articleBodies), ...mains];
}

/** The role markup gives an element: captions and credits, the headline, bylines. */
function markupRole(element: Element): MarkupRole | undefined {
  if (element.name === 'figcaption') return 'caption';
  if (element.name === 'h1') return 'headline';
  const described = `${element.attribs['class'] ?? ''} ${element.attribs['itemprop'] ?? ''} ${element.attribs['rel'] ?? ''}`.toLowerCase();
  if (/\b(?:caption|credit|photo-credit|image-credit|wp-caption-text)\b/.test(described)) return 'caption';
  if (/\b(?:byline|author|authors)\b/.test(described)) return 'byline';
  return undefined;
}

/** Renders the visible text under `root`: blocks separated by a blank line, `<br>` lines by a newline. */
function renderText(root: DomNode, chrome: ChromeRules): { text: string; marks: TextMark[] } {
  const output = new BlockText();
  const visit = (node: DomNode, inPre: boolean): void => {
    if (DomUtils.isText(node)) {
      output.addText(node.data, inPre);
    } else if (DomUtils.isTag(node)) {
      const name = node.name;
      if (NEVER_VISIBLE.has(name) || isHidden(node) || isChrome(node, chrome)) return;
      if (name === 'br') {
        output.lineBreak();
        return;
      }
      if (CELL_ELEMENTS.has(name)) output.addText(' ', false);
      const isBlock = BLOCK_ELEMENTS.has(name);
      // Roles mark whole lines, so only block elements carry them ("By <a rel=author>...</a>" stays one line).
      const role = isBlock ? markupRole(node) : undefined;
      if (isBlock) output.blockBreak();
      if (role) output.roles.push(role);
      for (const child of node.children) visit(child, inPre || name === 'pre');
      if (isBlock) output.blockBreak();
      if (role) output.roles.pop();
    } else if (DomUtils.hasChildren(node)) {
      // The document root and CDATA sections; comments and directives have no visible text.
      for (const child of node.children) visit(child, inPre);
    }
  };
  visit(root, false);
  return output.finish();
}

/** Accumulates inline text into lines and lines into blocks, collapsing whitespace as a browser would. */
class BlockText {
  /** Roles of the elements being rendered, innermost last. */
  readonly roles: MarkupRole[] = [];
  private readonly blocks: { text: string; role: MarkupRole | undefined }[][] = [];
  private lines: { text: string; role: MarkupRole | undefined }[] = [];
  private inline = '';

  addText(text: string, preformatted: boolean): void {
    if (!preformatted) {
      this.inline += text;
      return;
    }
    const [first = '', ...rest] = text.split('\n');
    this.inline += first;
    for (const line of rest) {
      this.lineBreak();
      this.inline = line;
    }
  }

  lineBreak(): void {
    const line = this.inline.replace(/[ \t\n\r\f]+/g, ' ').trim();
    this.inline = '';
    if (line !== '') this.lines.push({ text: line, role: this.roles[this.roles.length - 1] });
  }

  blockBreak(): void {
    this.lineBreak();
    if (this.lines.length > 0) this.blocks.push(this.lines);
    this.lines = [];
  }

  finish(): { text: string; marks: TextMark[] } {
    this.blockBreak();
    let text = '';
    const marks: TextMark[] = [];
    this.blocks.forEach((lines, b) => {
      if (b > 0) text += '\n\n';
      lines.forEach((line, l) => {
        if (l > 0) text += '\n';
        if (line.role) marks.push({ start: text.length, end: text.length + line.text.length, role: line.role });
        text += line.text;
      });
    });
    return { text, marks };
  }
}

function isHidden(element: Element): boolean {
  if ('hidden' in element.attribs) return true;
  const style = element.attribs['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

function isChrome(element: Element, chrome: ChromeRules): boolean {
  return chrome.tags.has(element.name) || chrome.roles.has((element.attribs['role'] ?? '').toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// Hints

type JsonObject = Record<string, unknown>;

function extractHints(document: HtmlDocument, articleRoot: Element | undefined): SourceHints {
  const meta = metaContents(document);
  const article = jsonLdArticle(document);
  const outlet = first(meta.get('og:site_name'), nameOf(article?.['publisher']), meta.get('application-name'));
  const hints: SourceHints = {
    title: first(meta.get('og:title'), stringOf(article?.['headline']), pageTitle(document, outlet), h1Text(document)),
    outlet,
    published: first(
      meta.get('article:published_time'),
      stringOf(article?.['datePublished']),
      articleRoot && timeInArticle(articleRoot),
      meta.get('date'),
      meta.get('pubdate'),
      meta.get('publishdate'),
      meta.get('datepublished'),
    ),
    author: first(meta.get('author'), notUrl(meta.get('article:author')), namesOf(article?.['author'])),
    url: first(canonicalUrl(document), meta.get('og:url')),
  };
  return withoutEmpty(hints);
}

/** `<meta property|name|itemprop=... content=...>` by lowercased key; the first non-empty value wins. */
function metaContents(document: HtmlDocument): Map<string, string> {
  const contents = new Map<string, string>();
  for (const element of DomUtils.findAll((node) => node.name === 'meta', document.children)) {
    const key = element.attribs['property'] ?? element.attribs['name'] ?? element.attribs['itemprop'];
    const content = clean(element.attribs['content']);
    if (key === undefined || content === undefined) continue;
    const normalisedKey = key.trim().toLowerCase();
    if (!contents.has(normalisedKey)) contents.set(normalisedKey, content);
  }
  return contents;
}

/** The article object among the page's JSON-LD blocks (flattening arrays and `@graph`). */
function jsonLdArticle(document: HtmlDocument): JsonObject | undefined {
  const objects: JsonObject[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (!isObject(value)) return;
    objects.push(value);
    if (value['@graph'] !== undefined) collect(value['@graph']);
  };
  const scripts = DomUtils.findAll(
    (element) => element.name === 'script' && (element.attribs['type'] ?? '').trim().toLowerCase() === 'application/ld+json',
    document.children,
  );
  for (const script of scripts) {
    try {
      collect(JSON.parse(DomUtils.textContent(script)));
    } catch {
      // Broken JSON-LD is common; the page's other hints still count.
    }
  }
  const isArticleType = (object: JsonObject) =>
    [object['@type']].flat().some((type) => typeof type === 'string' && /Article|BlogPosting|Report/i.test(type));
  return objects.find(isArticleType) ?? objects.find((object) => typeof object['headline'] === 'string');
}

/** `<title>` without a trailing " | Site" when "Site" is the outlet's name. */
function pageTitle(document: HtmlDocument, siteName: string | undefined): string | undefined {
  const titleElement = DomUtils.findOne((element) => element.name === 'title', document.children);
  const title = titleElement ? clean(DomUtils.textContent(titleElement)) : undefined;
  if (title === undefined || siteName === undefined) return title;
  const comparable = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const separator of [' | ', ' - ', ' – ', ' — ', ' · ', ' :: ', ' » ']) {
    const at = title.lastIndexOf(separator);
    if (at > 0 && comparable(title.slice(at + separator.length)) === comparable(siteName)) {
      return title.slice(0, at).trim();
    }
  }
  return title;
}

function h1Text(document: HtmlDocument): string | undefined {
  const h1 = DomUtils.findOne((element) => element.name === 'h1', document.children);
  return h1 ? clean(DomUtils.textContent(h1)) : undefined;
}

function timeInArticle(articleRoot: Element): string | undefined {
  const time = DomUtils.findOne((element) => element.name === 'time' && clean(element.attribs['datetime']) !== undefined, articleRoot.children);
  return time ? clean(time.attribs['datetime']) : undefined;
}

function canonicalUrl(document: HtmlDocument): string | undefined {
  const link = DomUtils.findOne(
    (element) => element.name === 'link' && (element.attribs['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical'),
    document.children,
  );
  return link ? clean(link.attribs['href']) : undefined;
}

/** `article:author` is often a profile URL rather than a name. */
function notUrl(value: string | undefined): string | undefined {
  return value !== undefined && /^https?:\/\//i.test(value) ? undefined : value;
}

/** A JSON-LD name: a string, or an object (or list of them) with a `name`. */
function nameOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(...value.map(nameOf));
  if (typeof value === 'string') return clean(value);
  return isObject(value) ? stringOf(value['name']) : undefined;
}

/** All names of a JSON-LD author value, joined with ", ". */
function namesOf(value: unknown): string | undefined {
  const names = [value].flat().map(nameOf).filter((name): name is string => name !== undefined);
  return names.length > 0 ? [...new Set(names)].join(', ') : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? clean(value) : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
function clean(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

function first(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined);
}

function withoutEmpty(hints: SourceHints): SourceHints {
  return Object.fromEntries(Object.entries(hints).filter(([, value]) => value !== undefined)) as SourceHints;
}
