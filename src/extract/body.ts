/**
 * Article body extraction from an htmlparser2 DOM.
 *
 * The page is read in one walk into flat tables (elements in document order with their parents, text pieces,
 * paragraph blocks); every later step is a pass over those tables, so the work stays linear in the size of the
 * page however deep or wide it is.
 *
 * 1. Never-visible and hidden elements are skipped while walking.
 * 2. Page furniture is dropped: navigation, site headers and footers, asides, forms, share bars, related and
 *    most-read lists, cookie, subscription and newsletter notices, comments, ads — by tag, ARIA role and class/id
 *    words (whole words: `head` is not `ad`; `with-sidebar` is not a sidebar). A container that holds most of the page's prose is never dropped for its class (pages wrap their
 *    whole content in `<form>` or give the body a `with-sidebar` class).
 * 3. Figures, figcaptions and caption- or credit-like elements are set apart as captions.
 * 4. Paragraph blocks credit their containers by their prose (length, sentence punctuation, few links); the
 *    best container, weighed by its class/id words and link density, is the article's root.
 * 5. Siblings of the root (and of its wrappers) that continue the story are gathered, so a story split over
 *    several containers is kept whole.
 * 6. The blocks of the chosen containers are emitted in order without link lists, boilerplate lines and the
 *    headline, keeping subheadings, list items, quotes and short lead paragraphs.
 */
import { DomUtils } from 'htmlparser2';
import {
  classWords,
  imageSource,
  isBlock,
  isHidden,
  isNeverVisible,
  normaliseSpace,
  resolveUrl,
  walk,
  type DomNode,
  type Element,
  type HtmlDocument,
} from './dom.js';

export interface BodyOptions {
  /** The page's address, to resolve a relative lead image. */
  url?: string;
}

export interface BodyExtraction {
  /** The article's paragraphs in order, whitespace normalised (headline, captions and page furniture left out). */
  paragraphs: string[];
  /** Captions and credits of the article's figures. */
  captions: string[];
  /** The first large image in or near the article. */
  leadImage: string | null;
  /** The container the body was chosen from. */
  root?: Element;
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

/** Tags that are page furniture unless they hold most of the page's prose. */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form', 'menu', 'dialog']);
const FURNITURE_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog', 'alertdialog',
  'toolbar', 'tablist', 'button',
]);

/** Class/id words of furniture that is never the article: comments, ads, share bars, notices, recirculation. */
const STRONG_NEGATIVE = new Set([
  'comment', 'comments', 'commentlist', 'disqus', 'ad', 'ads', 'adv', 'advert', 'adverts', 'advertisement',
  'advertising', 'adslot', 'adunit', 'adsbygoogle', 'adcontainer', 'adwrapper', 'dfp', 'sponsor', 'sponsored',
  'promo', 'promos', 'promotion', 'promoted', 'outbrain', 'taboola', 'zergnet', 'share', 'shares', 'sharing',
  'sharebar', 'sharetools', 'social', 'socialmedia', 'addthis', 'sharethis', 'related', 'relatedarticles',
  'relatedposts', 'relatedstories', 'relatedcontent', 'recommended', 'recommendations', 'recirc',
  'recirculation', 'mostread', 'mostpopular', 'popular', 'trending', 'newsletter', 'newsletters', 'subscribe',
  'subscription', 'signup', 'cookie', 'cookies', 'consent', 'gdpr', 'modal', 'popup',
  'breadcrumb', 'breadcrumbs', 'pagination', 'pager', 'skip', 'skiplink', 'skiplinks',
]);

const EMBED_WORDS = new Set(['embed', 'embedded', 'tweet', 'twitter', 'instagram']);
const AD_WORDS = new Set(['ad', 'ads', 'adv', 'advert', 'advertisement', 'advertising', 'adslot', 'adunit', 'sponsor', 'sponsored', 'promo', 'promoted']);

/** Class/id words of furniture that wrappers sometimes carry too: dropped only when small. */
const WEAK_NEGATIVE = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'menubar', 'footer', 'header', 'masthead', 'sidebar', 'aside', 'rail',
  'widget', 'widgets', 'byline', 'author', 'authors', 'tags', 'tag', 'keywords', 'toolbar', 'tools', 'print',
  'banner', 'overlay', 'meta', 'metadata', 'dateline', 'timestamp', 'date', 'teaser', 'kicker', 'eyebrow', 'overline',
  'teasers', 'nocontent',
]);

/** Class/id words of the article's own containers. */
const POSITIVE = new Set([
  'article', 'articlebody', 'articletext', 'articlecontent', 'content', 'story', 'storybody', 'storytext',
  'body', 'post', 'postbody', 'postcontent', 'entry', 'entrycontent', 'main', 'text', 'blog', 'prose',
  'richtext', 'paragraph', 'paragraphs', 'permalink', 'hentry',
]);

/** Class/id words that make a container less likely to be the article. */
const SCORE_NEGATIVE = new Set([
  'comment', 'comments', 'related', 'promo', 'footer', 'sidebar', 'widget', 'share', 'social', 'nav', 'menu',
  'teaser', 'teasers', 'card', 'cards', 'list', 'links', 'more', 'recommended', 'popular', 'trending', 'rail',
  'aside', 'header', 'ad', 'ads', 'sponsor', 'sponsored',
]);

/** Class/id words of captions and photo credits. */
const CAPTION_WORDS = new Set([
  'caption', 'captions', 'figcaption', 'credit', 'credits', 'photocredit', 'imagecredit', 'wpcaptiontext',
  'imagecaption', 'photocaption', 'mediacaption',
]);

/**
 * Class/id words of picture galleries. Their text is captions inside a story, but the story itself on a
 * gallery page: which one is decided once the root is known.
 */
const GALLERY_WORDS = new Set(['carousel', 'slideshow', 'slide', 'slides', 'gallery', 'lightbox']);

/** Whole lines that are page furniture whatever their markup: labels, buttons, ad slots. */
const BOILERPLATE_LINE = new RegExp(
  `^(?:${[
    'advertisement', 'advertising', 'advert', 'sponsored(?: content)?', 'ad', 'ads', 'paid content', 'partner content',
    '(?:article|story) continues (?:below|after)(?: (?:this )?(?:ad|advertisement))?', 'scroll to continue(?: with content)?',
    'continue reading(?: (?:the|this) (?:main )?(?:story|article))?(?: below)?', 'read (?:more|less|next|full (?:story|article))',
    '(?:see|show|load|view) (?:more|less|all)', 'more stories', 'more on this(?: story)?',
    'related(?: (?:stories|articles|content|coverage|posts|links|topics|news|reading))?', 'recommended(?: for you)?',
    'you (?:may|might) also like', 'share(?: this)?(?: (?:story|article|post|page))?', 'share (?:on|via) \\w+', 'tweet', 'print',
    'e-?mail', '(?:\\d+ )?comments?', 'follow us(?: on \\w+)?', 'sign up', 'subscribe(?: now)?', 'log ?in', 'sign in',
    'register', 'skip to (?:main )?content', 'back to top', 'click here', 'image', 'photo', '\\d* ?photos', 'video',
    'listen', 'play', 'caption', 'close', 'open', 'expand', 'collapse', 'enlarge(?: this)? image', '(?:hide|show|toggle) caption',
    '(?:view|open) (?:gallery|slideshow)', 'loading', 'copy link', 'link copied',
  ].join('|')})[\\s\\W]*$`,
  'i',
);

/** Gallery counters and buttons found among captions ("1 of 9", "Enlarge", "Close"). */
const NOT_A_CAPTION = new RegExp(`${BOILERPLATE_LINE.source}|^\\W*\\d+\\s*(?:of|/)\\s*\\d+\\W*$`, 'i');

/** Short appeals that are furniture in any markup: newsletter prompts, follow-us lines, widget messages. */
const PROMO_LINE = [
  /^(?:sign up|subscribe|register)\b.{0,120}\bnewsletters?\b/i,
  /^(?:get|receive|want) (?:the |our |more )?.{0,80}\b(?:in|to) your inbox\b/i,
  /^follow (?:us|[\w.@'’ -]{1,40}) on (?:twitter|facebook|instagram|x|linkedin|tiktok|youtube|threads|google news)\b/i,
  /^like us on facebook\b/i,
  /\b(?:successfully subscribed|subscription (?:has been|could not|was)|problem subscribing|thanks? for (?:signing up|subscribing))\b/i,
  /^read the original (?:article|story) (?:on|at)\b/i,
];

// ---------------------------------------------------------------------------------------------------------
// The page as tables

const PIECE_TEXT = 0;
const PIECE_BREAK = 1;
const PIECE_IMAGE = 2;

interface Tables {
  elements: Element[];
  /** Index of each element's parent element (-1 for top-level ones). */
  parent: Int32Array;
  /** Index of the last element in each element's subtree (document order). */
  last: Int32Array;
  pieceText: string[];
  pieceKind: number[];
  /** Innermost element around each piece (-1 at top level). */
  pieceElement: number[];
  pieceInLink: number[];
  /** Blocks as [start, end) piece ranges with their owner (innermost block element, -1 at top level). */
  blockStart: number[];
  blockEnd: number[];
  blockOwner: number[];
}

function readTables(document: DomNode): Tables {
  const elements: Element[] = [];
  const parents: number[] = [];
  const lastOf: number[] = [];
  const pieceText: string[] = [];
  const pieceKind: number[] = [];
  const pieceElement: number[] = [];
  const pieceInLink: number[] = [];
  const blockStart: number[] = [];
  const blockEnd: number[] = [];
  const blockOwner: number[] = [];
  const open: number[] = [];
  const blockOpen: number[] = [];
  let linkDepth = 0;
  let start = 0;
  const boundary = () => {
    if (pieceText.length > start) {
      blockStart.push(start);
      blockEnd.push(pieceText.length);
      blockOwner.push(blockOpen.length > 0 ? blockOpen[blockOpen.length - 1]! : -1);
    }
    start = pieceText.length;
  };
  const piece = (text: string, kind: number) => {
    pieceText.push(text);
    pieceKind.push(kind);
    pieceElement.push(open.length > 0 ? open[open.length - 1]! : -1);
    pieceInLink.push(linkDepth > 0 ? 1 : 0);
  };
  walk(document, {
    enter(node) {
      if (DomUtils.isText(node)) {
        piece(node.data, PIECE_TEXT);
        return false;
      }
      if (!DomUtils.isTag(node)) return node.type === 'root' || node.type === 'cdata';
      if (node.name === 'img' || node.name === 'amp-img') {
        if (!isHidden(node)) {
          open.push(register(node));
          piece('', PIECE_IMAGE);
          open.pop();
          lastOf[elements.length - 1] = elements.length - 1;
        }
        return false;
      }
      if (isNeverVisible(node) || isHidden(node)) return false;
      if (node.name === 'br') {
        piece('\n', PIECE_BREAK);
        return false;
      }
      const index = register(node);
      if (isBlock(node)) {
        boundary();
        blockOpen.push(index);
      }
      if (node.name === 'a') linkDepth++;
      open.push(index);
      return true;
    },
    leave(node) {
      if (!DomUtils.isTag(node)) return;
      const index = open.pop()!;
      lastOf[index] = elements.length - 1;
      if (node.name === 'a') linkDepth--;
      if (isBlock(node)) {
        boundary();
        blockOpen.pop();
      }
    },
  });
  boundary();
  function register(element: Element): number {
    elements.push(element);
    parents.push(open.length > 0 ? open[open.length - 1]! : -1);
    lastOf.push(elements.length - 1);
    return elements.length - 1;
  }
  return {
    elements,
    parent: Int32Array.from(parents),
    last: Int32Array.from(lastOf),
    pieceText,
    pieceKind,
    pieceElement,
    pieceInLink,
    blockStart,
    blockEnd,
    blockOwner,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Furniture and captions

interface Regions {
  dropped: Uint8Array;
  caption: Uint8Array;
  /** The outermost picture gallery (see GALLERY_WORDS) around each element, -1 outside galleries. */
  gallery: Int32Array;
  /** Inside a blockquote (kept even when short). */
  quote: Uint8Array;
  heading: Uint8Array;
  listItem: Uint8Array;
  tokens: string[][];
}

/** Class/id words of reader comments: the one kind of furniture that can hold more prose than the article. */
const COMMENT_WORDS = new Set(['comment', 'comments', 'commentlist', 'disqus', 'respond']);

/** Words that say a region lacks or toggles what follows (`with-sidebar`, `non-ad-column`, `disableReadMore`). */
const MODIFIERS = new Set(['with', 'has', 'no', 'non', 'not', 'without', 'disable', 'disabled', 'enable', 'enabled', 'show', 'use', 'allow']);

/**
 * The class/id tokens of an element (see classTokens), without the words a modifier governs: `with-sidebar`
 * gives `with` only, so a page wrapper is not taken for its sidebar.
 */
function regionWords(element: Element): string[] {
  const tokens: string[] = [];
  for (const words of classWords(element)) {
    const kept: string[] = [];
    for (let w = 0; w < words.length; w++) {
      if (w > 0 && MODIFIERS.has(words[w - 1]!)) break;
      kept.push(words[w]!);
    }
    tokens.push(...kept);
    if (kept.length > 1) tokens.push(kept.join(''));
  }
  return tokens;
}

const hasWord = (words: string[], set: Set<string>) => words.some((word) => set.has(word));

/**
 * Prose under each element before anything is dropped, reader comments left out: the guard against dropping
 * a page-wide wrapper for its class.
 */
function rawProse(tables: Tables, tokens: string[][]): { prose: Float64Array; text: Float64Array } {
  const n = tables.elements.length;
  const inComments = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const parent = tables.parent[i]!;
    inComments[i] = (parent >= 0 && inComments[parent]) || hasWord(tokens[i]!, COMMENT_WORDS) ? 1 : 0;
  }
  const prose = new Float64Array(n);
  const text = new Float64Array(n);
  for (let b = 0; b < tables.blockStart.length; b++) {
    const owner = tables.blockOwner[b]!;
    if (owner < 0 || inComments[owner]) continue;
    let length = 0;
    let linked = 0;
    for (let p = tables.blockStart[b]!; p < tables.blockEnd[b]!; p++) {
      if (tables.pieceKind[p] !== PIECE_TEXT) continue;
      const chars = tables.pieceText[p]!.trim().length;
      length += chars;
      if (tables.pieceInLink[p]) linked += chars;
    }
    text[owner]! += length;
    if (length >= 80 && linked < 0.3 * length) prose[owner]! += length;
  }
  for (let i = n - 1; i > 0; i--) {
    const parent = tables.parent[i]!;
    if (parent < 0) continue;
    prose[parent]! += prose[i]!;
    text[parent]! += text[i]!;
  }
  return { prose, text };
}

function markRegions(tables: Tables): Regions {
  const n = tables.elements.length;
  const dropped = new Uint8Array(n);
  const caption = new Uint8Array(n);
  const gallery = new Int32Array(n).fill(-1);
  const quote = new Uint8Array(n);
  const heading = new Uint8Array(n);
  const listItem = new Uint8Array(n);
  // The classes of <html> and <body> describe the page (feature flags, templates), not a region of it.
  const tokens = tables.elements.map((element) => (element.name === 'html' || element.name === 'body' ? [] : regionWords(element)));
  const { prose, text } = rawProse(tables, tokens);
  let pageProse = 0;
  for (let i = 0; i < n; i++) if (tables.parent[i] === -1) pageProse += prose[i]!;
  for (let i = 0; i < n; i++) {
    const element = tables.elements[i]!;
    const parent = tables.parent[i]!;
    const words = tokens[i]!;
    if (parent >= 0) {
      dropped[i] = dropped[parent]!;
      caption[i] = caption[parent]!;
      gallery[i] = gallery[parent]!;
      quote[i] = quote[parent]!;
      heading[i] = heading[parent]!;
      listItem[i] = listItem[parent]!;
    }
    if (dropped[i]) continue;
    const name = element.name;
    if (name === 'blockquote' || name === 'q') quote[i] = 1;
    if (/^h[1-6]$/.test(name)) heading[i] = Number(name[1]);
    if (name === 'li' || name === 'dd' || name === 'dt') listItem[i] = 1;
    // Holds most of the page's prose: a wrapper, whatever its class says.
    // or a long run of prose: furniture (ads, share bars, teasers) never holds that much.
    const wrapper = (prose[i]! > 0.5 * pageProse && prose[i]! >= 400) || (prose[i]! >= 1000 && prose[i]! >= 0.6 * text[i]!);
    if (isFurniture(element, words, wrapper)) {
      dropped[i] = 1;
      continue;
    }
    if (gallery[i] === -1 && hasWord(words, GALLERY_WORDS)) gallery[i] = i;
    // Captions are short: a container of prose is no caption whatever its class says.
    if (!caption[i] && !quote[i] && !wrapper && prose[i]! <= 600 && isCaptionLike(element, words, parent >= 0 ? tables.elements[parent]! : undefined)) {
      caption[i] = 1;
    }
  }
  return { dropped, caption, gallery, quote, heading, listItem, tokens };
}

function isFurniture(element: Element, words: string[], wrapper: boolean): boolean {
  const name = element.name;
  if (name === 'html' || name === 'body') return false;
  if (wrapper) return false;
  if (FURNITURE_TAGS.has(name)) return true;
  const role = (element.attribs['role'] ?? '').trim().toLowerCase();
  if (role !== '' && FURNITURE_ROLES.has(role)) return true;
  if (/\bcomment\b/i.test(element.attribs['itemprop'] ?? '')) return true;
  if (words.length === 0) return false;
  // Embedded posts (tweets, videos) are quoted in the story: only ads are dropped among them.
  if (hasWord(words, EMBED_WORDS)) return hasWord(words, AD_WORDS);
  if (name === 'main' || name === 'article') return hasWord(words, STRONG_NEGATIVE) && !hasWord(words, POSITIVE);
  return hasWord(words, STRONG_NEGATIVE) || hasWord(words, WEAK_NEGATIVE) || hasWord(words, COMMENT_WORDS);
}

function isCaptionLike(element: Element, words: string[], parent: Element | undefined): boolean {
  const name = element.name;
  if (name === 'figcaption' || name === 'figure' || name === 'caption') return true;
  if (parent?.name === 'figure') return true;
  if ((element.attribs['itemprop'] ?? '').toLowerCase() === 'caption') return true;
  return words.some((word) => CAPTION_WORDS.has(word));
}

// ---------------------------------------------------------------------------------------------------------
// Blocks

interface Block {
  /** Lines of the block (split at `<br>`), whitespace normalised, none empty. */
  lines: string[];
  length: number;
  linkLength: number;
  owner: number;
  /** 1–6 for headings, 0 otherwise. */
  heading: number;
  quote: boolean;
  listItem: boolean;
  /** The outermost gallery around the block, -1 if none. */
  gallery: number;
  /** Tag of the owner element. */
  tag: string;
  /** Weight the block gives its containers. */
  weight: number;
  /** Index of the raw block (document order). */
  index: number;
}

interface Caption {
  text: string;
  owner: number;
  /** Index of the raw block it came from (document order). */
  block: number;
}

const SENTENCE_END = /[.!?。！？…:;]["'”’»)\]]*$/;
/** A sentence's last character (closing quotes and brackets allowed). */
const FULL_STOP = /[.!?。！？]["'”’»)\]]*$/;
const PUNCTUATION = /[.,;:!?。，、！？]/g;

function buildBlocks(tables: Tables, regions: Regions): { blocks: Block[]; captions: Caption[]; images: number[] } {
  const blocks: Block[] = [];
  const captions: Caption[] = [];
  const images: number[] = [];
  for (let b = 0; b < tables.blockStart.length; b++) {
    const owner = tables.blockOwner[b]!;
    if (owner >= 0 && regions.dropped[owner]) continue;
    let line = '';
    const lines: string[] = [];
    let captionText = '';
    let linkLength = 0;
    const flush = () => {
      const text = normaliseSpace(line);
      if (text !== '') lines.push(text);
      line = '';
    };
    for (let p = tables.blockStart[b]!; p < tables.blockEnd[b]!; p++) {
      const element = tables.pieceElement[p]!;
      if (element >= 0 && regions.dropped[element]) continue;
      const kind = tables.pieceKind[p]!;
      if (kind === PIECE_IMAGE) {
        images.push(element);
        continue;
      }
      if (element >= 0 && regions.caption[element]) {
        captionText += kind === PIECE_BREAK ? ' ' : tables.pieceText[p]!;
        continue;
      }
      if (kind === PIECE_BREAK) {
        flush();
        continue;
      }
      const text = tables.pieceText[p]!;
      line += text;
      if (tables.pieceInLink[p]) linkLength += normaliseSpace(text).length;
    }
    flush();
    const caption = normaliseSpace(captionText);
    if (caption !== '') captions.push({ text: caption, owner, block: b });
    if (lines.length === 0) continue;
    const length = lines.reduce((sum, text) => sum + text.length, 0);
    const ownerElement = owner >= 0 ? tables.elements[owner] : undefined;
    const block: Block = {
      lines,
      length,
      linkLength: Math.min(linkLength, length),
      owner,
      heading: owner >= 0 ? regions.heading[owner]! : 0,
      quote: owner >= 0 && regions.quote[owner] === 1,
      listItem: owner >= 0 && regions.listItem[owner] === 1,
      gallery: owner >= 0 ? regions.gallery[owner]! : -1,
      tag: ownerElement?.name ?? '',
      weight: 0,
      index: b,
    };
    block.weight = blockWeight(block);
    blocks.push(block);
  }
  return { blocks, captions, images };
}

function isProse(text: string): boolean {
  return SENTENCE_END.test(text) || (text.match(PUNCTUATION)?.length ?? 0) >= 2;
}

/** How much a block speaks for its containers being the article: its unlinked prose. */
function blockWeight(block: Block): number {
  if (block.heading > 0 || block.length < 25) return 0;
  const linkDensity = block.linkLength / block.length;
  if (linkDensity > 0.5) return 0;
  const text = block.lines.join(' ');
  const punctuation = text.match(PUNCTUATION)?.length ?? 0;
  const prose = isProse(text) ? 1 : 0.3;
  return (block.length - block.linkLength) * prose * (1 + Math.min(punctuation, 10) * 0.02);
}

// ---------------------------------------------------------------------------------------------------------
// Choosing the article's containers

interface Stats {
  /** Kept text length under each element. */
  text: Float64Array;
  link: Float64Array;
  /** Weight of the blocks under each element. */
  weight: Float64Array;
  /** Weight credited from nearby blocks (the block's owner and its three nearest ancestors). */
  credit: Float64Array;
  /** Number of prose blocks under each element. */
  proseBlocks: Float64Array;
}

function computeStats(tables: Tables, blocks: Block[]): Stats {
  const n = tables.elements.length;
  const stats: Stats = {
    text: new Float64Array(n),
    link: new Float64Array(n),
    weight: new Float64Array(n),
    credit: new Float64Array(n),
    proseBlocks: new Float64Array(n),
  };
  const shares = [1, 1, 0.5, 0.25];
  for (const block of blocks) {
    if (block.owner < 0) continue;
    stats.text[block.owner]! += block.length;
    stats.link[block.owner]! += block.linkLength;
    stats.weight[block.owner]! += block.weight;
    if (block.weight > 0) stats.proseBlocks[block.owner]! += 1;
    let element = block.owner;
    for (let level = 0; level < shares.length && element >= 0; level++) {
      stats.credit[element]! += block.weight * shares[level]!;
      element = tables.parent[element]!;
    }
  }
  for (let i = n - 1; i > 0; i--) {
    const parent = tables.parent[i]!;
    if (parent < 0) continue;
    stats.text[parent]! += stats.text[i]!;
    stats.link[parent]! += stats.link[i]!;
    stats.weight[parent]! += stats.weight[i]!;
    stats.proseBlocks[parent]! += stats.proseBlocks[i]!;
  }
  return stats;
}

/** Tags that hold a paragraph, a list or a link, never a whole article (inline wrappers may: `<span><p>…`). */
const NOT_CANDIDATE = new Set([
  'p', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dd', 'dt', 'pre', 'blockquote', 'q', 'figure',
  'figcaption', 'caption', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'html', 'label', 'button', 'time', 'address',
]);

function hintFactor(element: Element, words: string[]): number {
  let factor = 1;
  if (element.name === 'article') factor *= 1.25;
  else if (element.name === 'main') factor *= 1.1;
  const itemprop = (element.attribs['itemprop'] ?? '').toLowerCase();
  if (/\barticlebody\b|\btext\b/.test(itemprop)) factor *= 1.5;
  if (words.some((word) => POSITIVE.has(word))) factor *= 1.25;
  if (words.some((word) => SCORE_NEGATIVE.has(word))) factor *= 0.6;
  return factor;
}

function chooseRoot(tables: Tables, regions: Regions, stats: Stats, from = 0, to = tables.elements.length - 1): number {
  let best = -1;
  let bestScore = 0;
  for (let i = from; i <= to; i++) {
    if (regions.dropped[i] || regions.caption[i] || stats.credit[i]! <= 0) continue;
    const element = tables.elements[i]!;
    if (NOT_CANDIDATE.has(element.name)) continue;
    const text = stats.text[i]!;
    const linkDensity = text > 0 ? stats.link[i]! / text : 0;
    const score = stats.credit[i]! * hintFactor(element, regions.tokens[i]!) * (1 - linkDensity);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Levels above the root searched for the rest of a split story. */
const MAX_SCOPE_LEVELS = 12;

/**
 * The subtrees the body is read from: the root; containers of the same kind as the root inside the story's
 * scope (its nearest `<article>`, `<main>` or articleBody ancestor); and siblings of the root and of its
 * wrappers up to that scope that continue the story (prose with few links, not furniture). Pages split a story
 * over several containers, around ads and pictures; all of it is kept. The result is disjoint subtrees in
 * document order.
 */
function gatherContainers(tables: Tables, regions: Regions, stats: Stats, root: number, scope: number): number[] {
  const rootElement = tables.elements[root]!;
  const found = [root];
  // Containers of the same kind (tag and a shared class) as the root.
  const rootClass = normaliseSpace(rootElement.attribs['class'] ?? '');
  // Class names that speak of the story (`article-body`, `story-text`), not of the layout (`cell`, `col-8`).
  const rootClasses = classNames(rootElement).filter((name) => classWordsOf(name).some((word) => POSITIVE.has(word)));
  if (rootClass !== '' && scope !== root) {
    for (let e = scope + 1; e <= tables.last[scope]!; ) {
      if (e === root) {
        e = tables.last[e]! + 1;
        continue;
      }
      if (regions.dropped[e] || regions.caption[e]) {
        e = tables.last[e]! + 1;
        continue;
      }
      const element = tables.elements[e]!;
      const sameKind =
        element.name === rootElement.name &&
        (normaliseSpace(element.attribs['class'] ?? '') === rootClass || classNames(element).some((name) => rootClasses.includes(name)));
      if (sameKind) {
        const text = stats.text[e]!;
        if (text > 0 && stats.link[e]! / text < 0.5) found.push(e);
        e = tables.last[e]! + 1;
        continue;
      }
      e++;
    }
  }
  // Siblings of the root and of its wrappers that continue the story.
  const rootWeight = stats.weight[root]!;
  for (let current = root, level = 0; current !== scope; level++) {
    const parent = tables.parent[current]!;
    if (parent < 0) break;
    for (let child = parent + 1; child <= tables.last[parent]!; child = tables.last[child]! + 1) {
      if (child === current || regions.dropped[child] || regions.caption[child]) continue;
      if (continuesStory(tables, regions, stats, child, current, Math.min(level, 1), rootWeight)) found.push(child);
    }
    current = parent;
  }
  // Disjoint, in document order.
  found.sort((a, b) => a - b);
  const chosen: number[] = [];
  for (const e of found) {
    const previous = chosen[chosen.length - 1];
    if (previous !== undefined && e <= tables.last[previous]!) continue;
    chosen.push(e);
  }
  return chosen;
}

/**
 * Pages that load the next stories as the reader scrolls repeat the story element (same tag and class) one after
 * another; the page's own story is the first of them. Returns the first such story before `scope` that has
 * real prose, or `scope` itself.
 */
function firstOfRepeatedStories(tables: Tables, regions: Regions, stats: Stats, scope: number): number {
  const element = tables.elements[scope]!;
  const parent = tables.parent[scope]!;
  if (parent < 0 || !isStoryBound(element)) return scope;
  const kind = normaliseSpace(element.attribs['class'] ?? '');
  for (let sibling = parent + 1; sibling < scope; sibling = tables.last[sibling]! + 1) {
    const candidate = tables.elements[sibling]!;
    if (regions.dropped[sibling] || candidate.name !== element.name || normaliseSpace(candidate.attribs['class'] ?? '') !== kind) continue;
    if (stats.weight[sibling]! >= Math.max(300, 0.3 * stats.weight[scope]!)) return sibling;
  }
  return scope;
}

/** The story's outer bound around the root: its nearest `<article>`, `<main>` or articleBody, a few levels up at most. */
function storyScope(tables: Tables, root: number): number {
  let scope = root;
  if (isStoryBound(tables.elements[root]!)) return scope;
  for (let a = tables.parent[root]!, level = 1; a >= 0 && level <= MAX_SCOPE_LEVELS; a = tables.parent[a]!, level++) {
    const name = tables.elements[a]!.name;
    if (name === 'body' || name === 'html') break;
    scope = a;
    if (isStoryBound(tables.elements[a]!)) break;
  }
  return scope;
}

/** An element that bounds one story: `<article>`, `<main>`, or the page's articleBody. */
function isStoryBound(element: Element): boolean {
  if (element.name === 'article' || element.name === 'main') return true;
  return /\barticlebody\b/i.test(element.attribs['itemprop'] ?? '');
}

function classWordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

function classNames(element: Element): string[] {
  const value = element.attribs['class'];
  return value === undefined ? [] : value.split(/\s+/).filter((name) => name !== '');
}

function continuesStory(
  tables: Tables,
  regions: Regions,
  stats: Stats,
  candidate: number,
  anchor: number,
  level: number,
  rootWeight: number,
): boolean {
  const text = stats.text[candidate]!;
  if (text === 0) return false;
  const weight = stats.weight[candidate]!;
  const linkDensity = stats.link[candidate]! / text;
  const element = tables.elements[candidate]!;
  const words = regions.tokens[candidate]!;
  if (words.some((word) => SCORE_NEGATIVE.has(word))) return false;
  const sameKind =
    element.name === tables.elements[anchor]!.name && (element.attribs['class'] ?? '') === (tables.elements[anchor]!.attribs['class'] ?? '');
  const maxLinks = level === 0 ? 0.35 : 0.25;
  if (linkDensity > maxLinks) return false;
  // A paragraph, heading or quote next to the article's own paragraphs: after them, or prose before them (a
  // short line before the text is a kicker or a byline).
  if (level === 0 && (element.name === 'p' || /^h[2-6]$/.test(element.name) || element.name === 'blockquote')) {
    return candidate > anchor || weight > 0;
  }
  const proseShare = weight / text;
  if (sameKind && weight > 0 && proseShare > 0.4) return true;
  if (proseShare < (level === 0 ? 0.5 : 0.6)) return false;
  const minimum = level === 0 ? 140 : Math.max(250, rootWeight * 0.1);
  return weight >= minimum && stats.proseBlocks[candidate]! >= (level === 0 ? 1 : 2);
}

// ---------------------------------------------------------------------------------------------------------
// Emitting the body

function keepBlock(block: Block, seenProse: boolean): boolean {
  const text = block.lines.join(' ');
  const linkDensity = block.linkLength / block.length;
  if (BOILERPLATE_LINE.test(text)) return false;
  if (block.length < 300 && PROMO_LINE.some((pattern) => pattern.test(text))) return false;
  if (block.heading > 0) {
    if (block.heading === 1 && !seenProse) return false;
    return block.length <= 300 && linkDensity <= 0.5;
  }
  // A sentence of prose may link most of its words; a short linked line is a teaser or a button.
  if (linkDensity > 0.5 && !(block.length >= 100 && linkDensity < 0.9 && FULL_STOP.test(text))) return false;
  if (block.tag === 'p' || block.quote || block.listItem || block.tag === 'pre' || block.tag === 'td' || block.tag === 'th') return true;
  return block.length >= 50 || SENTENCE_END.test(text);
}

/** Extracts the article body (paragraphs), its captions and its lead image from a parsed page. */
export function extractBody(document: HtmlDocument, options: BodyOptions = {}): BodyExtraction {
  const tables = readTables(document);
  const regions = markRegions(tables);
  const { blocks, captions, images } = buildBlocks(tables, regions);
  const stats = computeStats(tables, blocks);
  let root = chooseRoot(tables, regions, stats);
  if (root < 0) return { paragraphs: [], captions: [], leadImage: null };
  let scope = storyScope(tables, root);
  const first = firstOfRepeatedStories(tables, regions, stats, scope);
  if (first !== scope) {
    const inFirst = chooseRoot(tables, regions, stats, first, tables.last[first]!);
    if (inFirst >= 0) {
      root = inFirst;
      scope = storyScope(tables, root);
    }
  }
  const containers = gatherContainers(tables, regions, stats, root, scope);
  // The containers are disjoint subtrees: marking them is linear.
  const chosen = new Uint8Array(tables.elements.length);
  for (const c of containers) chosen.fill(1, c, tables.last[c]! + 1);
  const inside = (element: number) => element >= 0 && chosen[element] === 1;
  // Figures belong to the story when they sit in its article element, or right beside its text.
  const figureScope = isStoryBound(tables.elements[scope]!) ? scope : Math.max(tables.parent[root]!, 0);
  const nearStory = (element: number) => inside(element) || (figureScope <= element && element <= tables.last[figureScope]!);

  const paragraphs: string[] = [];
  const captionTexts = new Set<string>();
  // A gallery inside the story holds captions; a gallery that is the story (or most of it) holds its text.
  let storyWeight = 0;
  for (const c of containers) storyWeight += stats.weight[c]!;
  const captionGallery = (gallery: number) => gallery >= 0 && regions.gallery[root] === -1 && stats.weight[gallery]! < 0.5 * storyWeight;
  let seenProse = false;
  let lastRow = -1;
  let nextCaption = 0;
  // Captions are taken in document order, up to each emitted block.
  const captionsUpTo = (blockIndex: number) => {
    for (; nextCaption < captions.length && captions[nextCaption]!.block <= blockIndex; nextCaption++) {
      const caption = captions[nextCaption]!;
      if (nearStory(caption.owner) && !NOT_A_CAPTION.test(caption.text)) captionTexts.add(caption.text);
    }
  };
  for (const block of blocks) {
    if (!inside(block.owner)) continue;
    captionsUpTo(block.index);
    if (captionGallery(block.gallery)) {
      if (!NOT_A_CAPTION.test(block.lines.join(' '))) captionTexts.add(block.lines.join(' '));
      continue;
    }
    if (!keepBlock(block, seenProse)) continue;
    if (block.weight > 0) seenProse = true;
    // The cells of a table row make one line.
    const row = block.tag === 'td' || block.tag === 'th' ? tables.parent[block.owner]! : -1;
    if (row >= 0 && row === lastRow && block.lines.length === 1 && paragraphs.length > 0) {
      paragraphs[paragraphs.length - 1] += ` ${block.lines[0]!}`;
    } else {
      for (const line of block.lines) paragraphs.push(line);
    }
    lastRow = row;
  }
  captionsUpTo(Number.POSITIVE_INFINITY);
  return {
    paragraphs,
    captions: [...captionTexts],
    leadImage: leadImage(tables, images, inside, nearStory, options.url),
    root: tables.elements[root]!,
  };
}

const NOT_A_PHOTO = /(?:^|[^a-z])(?:logo|icon|avatar|sprite|pixel|spacer|blank|badge|emoji|button|placeholder|loader|loading|1x1|transparent)(?:[^a-z]|$)|\.svg(?:$|\?)/i;

function leadImage(
  tables: Tables,
  images: number[],
  inside: (element: number) => boolean,
  nearStory: (element: number) => boolean,
  url: string | undefined,
): string | null {
  const candidates = [...images.filter(inside), ...images.filter((image) => !inside(image) && nearStory(image))];
  for (const index of candidates) {
    const element = tables.elements[index]!;
    const source = imageSource(element);
    if (source === undefined || NOT_A_PHOTO.test(source)) continue;
    const width = Number.parseInt(element.attribs['width'] ?? '', 10);
    const height = Number.parseInt(element.attribs['height'] ?? '', 10);
    if ((Number.isFinite(width) && width < 200) || (Number.isFinite(height) && height < 120)) continue;
    // Image services state the size in the address (`w_40,h_27`, `?w=60`): a blurred placeholder or a thumbnail.
    const urlWidth = /(?:[?&,/_]|^)(?:w|width)[_=](\d+)(?:[,&/]|$)/i.exec(source);
    if (urlWidth && Number(urlWidth[1]) < 150) continue;
    return resolveUrl(source, url) ?? null;
  }
  return null;
}
