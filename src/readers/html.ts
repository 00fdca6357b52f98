/**
 * HTML reading: the article as the extractor finds it (headline, body paragraphs, captions apart) with the
 * metadata hints the page states. Pages where the extractor finds no article (a fragment, a one-line page) fall
 * back to their visible text without page furniture.
 */
import { DomUtils } from 'htmlparser2';
import type { MarkupRole, SourceHints } from '../document/types.js';
import { checkNesting, isBlock, isHidden, isNeverVisible, MAX_HTML_DEPTH, parseHtml, type DomNode, type Element, type HtmlDocument } from '../extract/dom.js';
import { extractFromDocument } from '../extract/index.js';
import type { TextMark } from './types.js';

export { MAX_HTML_DEPTH } from '../extract/dom.js';

export interface HtmlExtraction {
  text: string;
  hints: SourceHints;
  /** Captions, headline and bylines as the markup marks them, as offsets into `text`. */
  marks: TextMark[];
}

/**
 * The article of an HTML page: its headline line, its body paragraphs and then its captions, blank lines
 * between blocks; the headline and the captions are marked. Throws `no text found in HTML` when the page has no
 * visible text, and refuses pages nested deeper than MAX_HTML_DEPTH before parsing them.
 */
export function extractHtml(html: string): HtmlExtraction {
  checkNesting(html);
  const document = parseHtml(html, MAX_HTML_DEPTH);
  const article = extractFromDocument(document);
  const hints = withoutEmpty({
    title: article.title ?? undefined,
    outlet: article.outlet ?? undefined,
    published: article.published ?? undefined,
    author: article.author ?? undefined,
    url: first(canonicalUrl(document), metaContent(document, 'og:url')),
  });
  if (article.articleBody !== '') {
    const blocks: { text: string; role?: MarkupRole }[] = [];
    if (article.title !== null) blocks.push({ text: article.title, role: 'headline' });
    for (const paragraph of article.articleBody.split('\n\n')) blocks.push({ text: paragraph });
    for (const caption of article.captions) blocks.push({ text: caption, role: 'caption' });
    return { ...joinBlocks(blocks), hints };
  }
  const content = findContent(document);
  if (content === undefined) throw new Error('no text found in HTML');
  return { text: content.text, marks: content.marks, hints };
}

/** Blocks joined by blank lines, each role a mark over its block. */
function joinBlocks(blocks: { text: string; role?: MarkupRole }[]): { text: string; marks: TextMark[] } {
  let text = '';
  const marks: TextMark[] = [];
  for (const block of blocks) {
    if (text !== '') text += '\n\n';
    if (block.role) marks.push({ start: text.length, end: text.length + block.text.length, role: block.role });
    text += block.text;
  }
  return { text, marks };
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

// ---------------------------------------------------------------------------------------------------------
// Fallback: the visible text of a page without an article

/** Page furniture left out when the text comes from an article element: share bars, related links. */
const CHROME_IN_ARTICLE = { tags: new Set(['nav', 'aside', 'form']), roles: new Set(['navigation', 'complementary', 'search']) };
/** Page furniture left out when the text comes from the whole body. */
const CHROME_IN_BODY = {
  tags: new Set(['nav', 'header', 'footer', 'aside', 'form']),
  roles: new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']),
};
type ChromeRules = typeof CHROME_IN_BODY;

/** Table cells stay on their row's line but must not glue their words together. */
const CELL_ELEMENTS = new Set(['td', 'th']);

/** Prefers the article (or articleBody, or main) and falls back to the body without its furniture. */
function findContent(document: HtmlDocument): { text: string; marks: TextMark[] } | undefined {
  for (const candidate of articleCandidates(document)) {
    const rendered = renderText(candidate, CHROME_IN_ARTICLE);
    if (rendered.text !== '') return rendered;
  }
  const body = DomUtils.findOne((element) => element.name === 'body', document.children);
  const rendered = renderText(body ?? document, CHROME_IN_BODY);
  return rendered.text === '' ? undefined : rendered;
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
      if (isNeverVisible(node) || isHidden(node) || isChrome(node, chrome)) return;
      if (name === 'br') {
        output.lineBreak();
        return;
      }
      if (CELL_ELEMENTS.has(name)) output.addText(' ', false);
      const block = isBlock(node) && !CELL_ELEMENTS.has(name);
      // Roles mark whole lines, so only block elements carry them ("By <a rel=author>...</a>" stays one line).
      const role = block ? markupRole(node) : undefined;
      if (block) output.blockBreak();
      if (role) output.roles.push(role);
      for (const child of node.children) visit(child, inPre || name === 'pre');
      if (block) output.blockBreak();
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

function isChrome(element: Element, chrome: ChromeRules): boolean {
  return chrome.tags.has(element.name) || chrome.roles.has((element.attribs['role'] ?? '').toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// The page's address

function canonicalUrl(document: HtmlDocument): string | undefined {
  const link = DomUtils.findOne(
    (element) => element.name === 'link' && (element.attribs['rel'] ?? '').toLowerCase().split(/\s+/).includes('canonical'),
    document.children,
  );
  return link ? clean(link.attribs['href']) : undefined;
}

function metaContent(document: HtmlDocument, key: string): string | undefined {
  const meta = DomUtils.findOne(
    (element) => element.name === 'meta' && (element.attribs['property'] ?? element.attribs['name'] ?? '').trim().toLowerCase() === key,
    document.children,
  );
  return meta ? clean(meta.attribs['content']) : undefined;
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
