/**
 * Shared helpers over an htmlparser2 DOM (`parseDocument` from 'htmlparser2'), used by the body and metadata
 * extractors. Everything here is iterative (no recursion), so a hostile page nested 100,000 levels deep cannot
 * overflow the stack, and each helper is linear in the size of the subtree it reads.
 *
 * Stable API (other modules import it): the node types, `parseHtml`, `walk`, `textOf`, `normaliseSpace`,
 * `attr`, `classWords`, `classTokens`, `hasClassToken`, `isHidden`, `isNeverVisible`, `isBlock`, `linkDensity`, `findAll`,
 * `findFirst`, `checkNesting` / `MAX_HTML_DEPTH`, `resolveUrl`, `imageSource`.
 */
import { DomHandler, DomUtils, Parser, type parseDocument } from 'htmlparser2';

/** The parsed page (the root node). */
export type HtmlDocument = ReturnType<typeof parseDocument>;
/** An element (a tag, `<script>` or `<style>`). */
export type Element = ReturnType<typeof DomUtils.findAll>[number];
/** Any node: document, element, text, comment, directive, CDATA. */
export type DomNode = Parameters<typeof DomUtils.getChildren>[0];

const PARSE_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

/**
 * Parses HTML the way every extractor here expects: entities decoded, tag and attribute names lower-cased.
 * With `maxDepth` (extractArticle and the reader give MAX_HTML_DEPTH), throws `HTML nested deeper than N
 * elements (at character C)` as soon as the tree gets deeper.
 */
export function parseHtml(html: string, maxDepth = Number.POSITIVE_INFINITY): HtmlDocument {
  const handler = new DepthLimitedHandler(maxDepth);
  new Parser(handler, PARSE_OPTIONS).end(html);
  return handler.root;
}

/**
 * Builds the tree as htmlparser2's parseDocument does, counting the depth the parser really makes: tags it
 * leaves open (`<li><p>` repeated, `<thead>`, `<div/>`) nest as deeply as opened ones, and the parser's own
 * bookkeeping is quadratic in the depth.
 */
class DepthLimitedHandler extends DomHandler {
  private tagParser: Parser | undefined;

  constructor(private readonly maxDepth: number) {
    // None of the parse options is the handler's: it builds the tree parseDocument builds with them.
    super();
  }

  override onparserinit(parser: Parser): void {
    super.onparserinit(parser);
    this.tagParser = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    // tagStack holds the root too: its length is the depth of the element being opened.
    if (this.tagStack.length > this.maxDepth) throw new Error(nestingMessage(this.maxDepth, this.tagParser?.startIndex ?? 0));
    super.onopentag(name, attribs);
  }
}

/** Elements whose content never shows as text. */
export const NEVER_VISIBLE = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'audio',
  'video', 'head', 'title', 'meta', 'link', 'base', 'select', 'option', 'optgroup', 'textarea', 'input',
  'button', 'datalist', 'dialog', 'map', 'area', 'param', 'source', 'track', 'slot', 'frameset', 'frame',
]);

/** Elements that start and end a block of text (a paragraph boundary). */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'xmp', 'plaintext',
  'noframes', 'frameset', 'output', 'search',
]);

/** True for elements whose content never shows as text (scripts, styles, templates, SVG, form controls ...). */
export function isNeverVisible(element: Element): boolean {
  return NEVER_VISIBLE.has(element.name);
}

/** True for block-level elements (they separate paragraphs). */
export function isBlock(element: Element): boolean {
  return BLOCK_TAGS.has(element.name);
}

/** An attribute's value, or undefined. */
export function attr(element: Element, name: string): string | undefined {
  return element.attribs[name];
}

/** Whole class names that hide an element in every common CSS framework. */
const HIDING_CLASSES = new Set([
  'hidden', 'hide', 'is-hidden', 'd-none', 'sr-only', 'visually-hidden', 'visuallyhidden', 'screen-reader-text',
  'screen-reader-only', 'screenreader-only', 'sr-only-focusable', 'offscreen', 'u-hidden', 'element-invisible',
]);

/**
 * Never visible to a reader: the `hidden` attribute, `aria-hidden="true"`, an inline `display:none` or
 * `visibility:hidden`, or a class every CSS framework uses for hiding (`hidden`, `sr-only`, `visually-hidden`).
 */
export function isHidden(element: Element): boolean {
  const attribs = element.attribs;
  if ('hidden' in attribs) return true;
  if ((attribs['aria-hidden'] ?? '').trim().toLowerCase() === 'true') return true;
  const style = attribs['style'];
  if (style !== undefined && /(?:^|;|\s)(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const className = attribs['class'];
  if (className !== undefined && className !== '') {
    for (const name of className.toLowerCase().split(/\s+/)) if (HIDING_CLASSES.has(name)) return true;
  }
  return false;
}

/**
 * Each class name and the id of an element as its words: lower-cased, split at every non-alphanumeric
 * character and at camelCase boundaries (`class="ArticleBody share-bar"` gives `[[article, body], [share, bar]]`).
 */
export function classWords(element: Element): string[][] {
  const raw = `${element.attribs['class'] ?? ''} ${element.attribs['id'] ?? ''}`;
  if (raw.trim() === '') return [];
  const names: string[][] = [];
  for (const name of raw.split(/\s+/)) {
    if (name === '' || name.length > 120) continue;
    const words = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word !== '');
    if (words.length > 0) names.push(words);
  }
  return names;
}

/**
 * The words of an element's class and id (see classWords), flattened; names of several words also give their
 * compound (`share-bar` gives `share`, `bar` and `sharebar`), so a rule can match either form. Tokens are whole
 * words: `head` never matches `ad`.
 */
export function classTokens(element: Element): string[] {
  const tokens: string[] = [];
  for (const words of classWords(element)) {
    for (const word of words) tokens.push(word);
    if (words.length > 1) tokens.push(words.join(''));
  }
  return tokens;
}

/** True when the element's class or id has the word (see classTokens). */
export function hasClassToken(element: Element, token: string): boolean {
  return classTokens(element).includes(token);
}

/** Collapses runs of whitespace (including non-breaking and zero-width spaces) to one space and trims. */
export function normaliseSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+/g, ' ').trim();
}

export interface WalkVisitor {
  /** Called before an element's children; return false to skip its subtree (leave is then not called). */
  enter?(node: DomNode): boolean | void;
  /** Called after an element's children. */
  leave?(node: DomNode): void;
}

/** Depth-first walk in document order with an explicit stack (no recursion): linear in the number of nodes. */
export function walk(root: DomNode, visitor: WalkVisitor): void {
  const stack: { node: DomNode; next: number }[] = [];
  if (visitor.enter?.(root) === false) return;
  stack.push({ node: root, next: 0 });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const children = DomUtils.hasChildren(top.node) ? top.node.children : [];
    if (top.next < children.length) {
      const child = children[top.next++]!;
      if (visitor.enter?.(child) === false) continue;
      stack.push({ node: child, next: 0 });
    } else {
      stack.pop();
      visitor.leave?.(top.node);
    }
  }
}

export interface TextOptions {
  /** Skip hidden elements too (default true); never-visible elements are always skipped. */
  visibleOnly?: boolean;
  /** Separate blocks with "\n" instead of a space (default false). */
  blocks?: boolean;
}

/**
 * The visible text under a node, whitespace collapsed. Never-visible elements (scripts, styles ...) are left
 * out, hidden ones too unless `visibleOnly` is false; block elements and `<br>` separate words.
 */
export function textOf(node: DomNode, options: TextOptions = {}): string {
  const visibleOnly = options.visibleOnly ?? true;
  const parts: string[] = [];
  walk(node, {
    enter(current) {
      if (DomUtils.isText(current)) {
        parts.push(current.data);
        return false;
      }
      if (DomUtils.isTag(current)) {
        if (isNeverVisible(current) || (visibleOnly && isHidden(current))) return false;
        if (current.name === 'br' || current.name === 'td' || current.name === 'th') parts.push(options.blocks && current.name === 'br' ? '\n' : ' ');
        else if (isBlock(current)) parts.push(options.blocks ? '\n' : ' ');
        return true;
      }
      return current.type === 'root' || current.type === 'cdata';
    },
    leave(current) {
      if (DomUtils.isTag(current) && isBlock(current)) parts.push(options.blocks ? '\n' : ' ');
    },
  });
  const text = parts.join('');
  if (!options.blocks) return normaliseSpace(text);
  return text
    .split('\n')
    .map(normaliseSpace)
    .filter((line) => line !== '')
    .join('\n');
}

/** Share of an element's visible text that sits inside links (0 when it has no text). */
export function linkDensity(element: Element): number {
  let total = 0;
  let linked = 0;
  let linkDepth = 0;
  walk(element, {
    enter(node) {
      if (DomUtils.isText(node)) {
        const length = normaliseSpace(node.data).length;
        total += length;
        if (linkDepth > 0) linked += length;
        return false;
      }
      if (DomUtils.isTag(node)) {
        if (isNeverVisible(node) || isHidden(node)) return false;
        if (node.name === 'a') linkDepth++;
        return true;
      }
      return true;
    },
    leave(node) {
      if (DomUtils.isTag(node) && node.name === 'a') linkDepth--;
    },
  });
  return total === 0 ? 0 : linked / total;
}

/** Every element under `root` (document order) that passes the test; iterative. */
export function findAll(root: DomNode, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  walk(root, {
    enter(node) {
      if (DomUtils.isTag(node) && node !== root && test(node)) found.push(node);
      return DomUtils.hasChildren(node);
    },
  });
  return found;
}

/** The first element under `root` (document order) that passes the test; iterative. */
export function findFirst(root: DomNode, test: (element: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  walk(root, {
    enter(node) {
      if (found !== undefined) return false;
      if (DomUtils.isTag(node) && node !== root && test(node)) {
        found = node;
        return false;
      }
      return DomUtils.hasChildren(node);
    },
  });
  return found;
}

/** Real pages nest a few dozen levels; hostile ones nest hundreds of thousands to exhaust the stack and time. */
export const MAX_HTML_DEPTH = 1000;
/** Elements that never hold children, and those whose end tag may be left out: neither deepens the tree for sure. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp',
]);

/**
 * A linear scan of the tags that throws `HTML nested deeper than N elements (at character C)` for a page
 * plainly nested deeper than `maxDepth`, before anything is built. It does not model the tags a parser leaves
 * open; `parseHtml` enforces the limit exactly.
 */
export function checkNesting(html: string, maxDepth = MAX_HTML_DEPTH): void {
  let depth = 0;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const name = m[2]!.toLowerCase();
    if (NOT_NESTING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > maxDepth) throw new Error(nestingMessage(maxDepth, m.index));
  }
}

function nestingMessage(maxDepth: number, at: number): string {
  return `HTML nested deeper than ${maxDepth} elements (at character ${at})`;
}

/** `href` resolved against `base` when both parse; the value as it is otherwise (undefined when empty). */
export function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  const value = href?.trim();
  if (value === undefined || value === '') return undefined;
  if (base === undefined) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

/**
 * The address of the picture an `<img>` (or `<source>`, `<amp-img>`) shows: lazy-loading attributes first
 * (`data-src` and kin), then the largest `srcset` candidate, then `src`. `data:` placeholders are skipped.
 */
export function imageSource(element: Element): string | undefined {
  const attribs = element.attribs;
  const usable = (value: string | undefined) => {
    const trimmed = value?.trim();
    return trimmed && !/^data:/i.test(trimmed) && !/^about:/i.test(trimmed) ? trimmed : undefined;
  };
  for (const name of ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src', 'data-full-src']) {
    const value = usable(attribs[name]);
    if (value) return value;
  }
  for (const name of ['srcset', 'data-srcset', 'data-lazy-srcset']) {
    const value = attribs[name];
    if (value) {
      const best = largestSrcsetCandidate(value);
      if (best) return best;
    }
  }
  return usable(attribs['src']);
}

function largestSrcsetCandidate(srcset: string): string | undefined {
  let best: string | undefined;
  let bestSize = -1;
  for (const candidate of srcset.split(/,\s+/)) {
    const [url, descriptor = '1x'] = candidate.trim().split(/\s+/);
    if (!url || /^data:/i.test(url)) continue;
    const size = Number.parseFloat(descriptor) * (descriptor.endsWith('x') ? 1000 : 1);
    if (Number.isFinite(size) && size > bestSize) {
      bestSize = size;
      best = url;
    }
  }
  return best;
}
