/**
 * Article metadata from an HTML page: title, authors, first publication date, outlet, lead image and language,
 * each with the place it came from (`sources`).
 *
 * Every field is read from several signals in a fixed trust order, documented at each field below. The orders
 * were measured on real news pages: structured data (JSON-LD, OpenGraph, meta tags) is right far more often than
 * visible text, but the visible page wins where structured data is known to go wrong — a headline with the site
 * name or a section label appended, an organisation or a list of editors given as author where the byline names
 * the writer, a UTC timestamp whose calendar day differs from the one the page shows.
 */
import * as chrono from 'chrono-node';
import { DomUtils } from 'htmlparser2';
import type { parseDocument } from 'htmlparser2';
import type { ArticleMetadata } from './types.js';

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];
type DomNode = Parameters<typeof DomUtils.getChildren>[0];
type JsonObject = Record<string, unknown>;
type Sources = ArticleMetadata['sources'];

export interface MetadataOptions {
  /** The page's address: resolves relative image URLs, names the outlet when nothing else does, dates by path. */
  url?: string;
}

export function extractMetadata(document: Document, options: MetadataOptions = {}): ArticleMetadata {
  const page = readPage(document, options);
  const sources: Sources = {};
  const set = <T>(field: keyof Sources, found: Found<T> | undefined): T | null => {
    if (found === undefined) return null;
    sources[field] = found.source;
    return found.value;
  };
  const titleFound = findTitle(page);
  page.anchor = titleFound?.element ?? (titleFound ? findHeadlineElement(page, titleFound.value) : undefined) ?? page.headlines[0];
  const title = set('title', titleFound);
  const authorsFound = findAuthors(page);
  const authors = authorsFound?.value ?? [];
  const author = set('author', authorsFound && { value: authors.join(', '), source: authorsFound.source });
  return {
    title,
    author,
    authors,
    published: set('published', findPublished(page)),
    outlet: set('outlet', findOutlet(page)),
    leadImage: set('leadImage', findLeadImage(page)),
    language: set('language', findLanguage(page)),
    sources,
  };
}

interface Found<T> {
  value: T;
  source: string;
}

// ---------------------------------------------------------------------------------------------------------
// The page: meta tags, JSON-LD, the article's region and address, read once.

interface Page {
  document: Document;
  /** Every element of the page in document order. */
  elements: Element[];
  /** `<meta property|name|itemprop|http-equiv>` contents by lower-cased key, in document order. */
  meta: Map<string, string[]>;
  jsonLd: JsonLd;
  /** The page address given by the caller, else og:url or the canonical link. */
  url: URL | undefined;
  /** Base for relative URLs: `<base href>` resolved against the page address. */
  base: URL | undefined;
  /** The article element (or main) holding the headline, if any. */
  articleRoot: Element | undefined;
  /** Visible `<h1>` elements outside page chrome, those inside the article first. */
  headlines: Element[];
  /** The element showing the chosen title: bylines and dates are looked for after it. */
  anchor: Element | undefined;
  /** Names the site goes by: og:site_name, publisher, application-name; used to strip titles and bylines. */
  siteNames: string[];
  /** The URL host without "www." and its registrable label ("news.example.co.uk" → "example"), letters only. */
  hostLabels: string[];
  /** The `<title>` text. */
  documentTitle: string | undefined;
}

function readPage(document: Document, options: MetadataOptions): Page {
  // Every element once, in document order: the lookups below filter this list instead of walking the tree again.
  const elements = DomUtils.findAll(() => true, document.children);
  const meta = metaContents(elements);
  const links = elements.filter((element) => element.name === 'link');
  const canonical = links.find((link) => relOf(link).includes('canonical'))?.attribs['href'];
  const url = parseUrl(options.url) ?? parseUrl(firstMeta(meta, 'og:url')) ?? parseUrl(canonical);
  const jsonLd = readJsonLd(elements, url);
  const baseHref = elements.find((element) => element.name === 'base')?.attribs['href'];
  const base = (baseHref !== undefined ? parseUrl(baseHref, url) : undefined) ?? url;
  const headlines = findHeadlines(elements);
  const articleRoot = findArticleRoot(elements, headlines);
  const outside = (element: Element) => Number(!articleRoot || !isInside(element, articleRoot));
  headlines.sort((a, b) => outside(a) - outside(b));
  const siteNames = [
    firstMeta(meta, 'og:site_name'),
    jsonLdName(jsonLd.article?.['publisher'], jsonLd),
    firstMeta(meta, 'application-name'),
    firstMeta(meta, 'apple-mobile-web-app-title'),
    jsonLd.website && stringOf(jsonLd.website['name']),
  ].filter((name): name is string => name !== undefined && name.length <= 60);
  // The page's <title>, not the <title> of an inline SVG icon.
  const titleElement = elements.filter((element) => element.name === 'title').find(
    (element) => !hasAncestor(element, (ancestor) => ancestor.name === 'svg'),
  );
  return {
    document,
    elements,
    meta,
    jsonLd,
    url,
    base,
    articleRoot,
    headlines,
    anchor: undefined,
    siteNames,
    hostLabels: hostLabelsOf(url),
    documentTitle: titleElement ? clean(DomUtils.textContent(titleElement)) : undefined,
  };
}

/** Lower-cased keys; a value listed once per element, so repeated `article:author` tags all count. */
function metaContents(elements: Element[]): Map<string, string[]> {
  const contents = new Map<string, string[]>();
  for (const element of elements.filter((node) => node.name === 'meta')) {
    const content = clean(element.attribs['content'] ?? element.attribs['value']);
    if (content === undefined) continue;
    const keys = [element.attribs['property'], element.attribs['name'], element.attribs['itemprop'], element.attribs['http-equiv']];
    for (const key of new Set(keys.flatMap((k) => (k ?? '').toLowerCase().split(/\s+/)).filter(Boolean))) {
      const list = contents.get(key) ?? [];
      list.push(decodeEntities(content));
      contents.set(key, list);
    }
  }
  return contents;
}

function firstMeta(meta: Map<string, string[]>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = meta.get(key)?.[0];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The element holding the article: the `<article>` (or main) around a headline, else the longest `<article>`. */
function findArticleRoot(elements: Element[], headlines: Element[]): Element | undefined {
  const isArticle = (element: Element) =>
    element.name === 'article' || element.name === 'main' || /\b(?:Article|BlogPosting|NewsArticle)\b/.test(element.attribs['itemtype'] ?? '');
  for (const headline of headlines) {
    for (let node = headline.parent; node; node = node.parent) {
      if (DomUtils.isTag(node) && isArticle(node)) return node;
    }
  }
  let best: Element | undefined;
  let bestLength = 0;
  for (const article of elements.filter((element) => element.name === 'article')) {
    const length = DomUtils.textContent(article).length;
    if (length > bestLength) [best, bestLength] = [article, length];
  }
  return best ?? elements.find((element) => element.name === 'main') ?? undefined;
}

/** Visible `<h1>`s outside page chrome that hold more than a logo. */
function findHeadlines(elements: Element[]): Element[] {
  return elements.filter((element) => element.name === 'h1').filter((h1) => {
    if (isInChrome(h1)) return false;
    const text = visibleText(h1);
    return text.length >= 3 && text.length <= 400;
  });
}

/** Elements that may show the headline: `<h1>`s first, then itemprop=headline, then headline or title classes. */
function headingElements(page: Page): Element[] {
  const others = page.elements.filter((element) => {
    if (element.name === 'h1' || NEVER_VISIBLE.has(element.name)) return false;
    if (attributeWords(element, 'itemprop').includes('headline')) return true;
    if (/^h[2-3]$/.test(element.name)) return true;
    return HEADING_CLASS.test(element.attribs['class'] ?? '');
  });
  return [...page.headlines, ...others.filter((element) => !isInChrome(element))];
}

const HEADING_CLASS = /(?:^|\s)[\w-]*(?:headline|title|heading)[\w-]*(?:$|\s)/i;

/**
 * The element showing the title, for finding the byline and date after it: the first visible element in
 * document order whose text is the title (outside page chrome), else a heading that shows it.
 */
function findHeadlineElement(page: Page, title: string): Element | undefined {
  const key = looseKey(title);
  if (key === '') return undefined;
  const body = page.elements.find((element) => element.name === 'body');
  let found: Element | undefined;
  const visit = (node: DomNode): void => {
    if (found) return;
    if (DomUtils.isText(node)) {
      const parent = node.parent;
      const text = looseKey(node.data);
      if (parent && DomUtils.isTag(parent) && text.length >= 3 && key.startsWith(text) && looseKey(visibleText(parent)) === key && !isInChrome(parent)) found = parent;
    } else if (DomUtils.isTag(node)) {
      if (NEVER_VISIBLE.has(node.name) || isHidden(node)) return;
      for (const child of node.children) visit(child);
    }
  };
  visit(body ?? page.document);
  return found ?? headingElements(page).find((element) => looseKey(visibleText(element)) === key);
}

// ---------------------------------------------------------------------------------------------------------
// Title. Trust order:
//   1. a visible headline (an <h1>, else an itemprop=headline, headline-class or <h2>/<h3> element, the first on the
//      page that shows it) that agrees, ignoring case, space and punctuation, with og:title, the JSON-LD headline,
//      twitter:title, another title meta or the <title> — as given, without its site-name part, or as one part of
//      "Headline | Section | Site": the headline as shown, without a kicker the metadata lacks;
//   2. the same when the <h1> and the metadata differ only by a kicker of up to three words ("Opinion", "WATCH:"):
//      the headline as shown without the kicker;
//   3. the article's only <h1>, when it disagrees with the metadata: metadata titles are often the social-media or
//      search variant, the page shows the headline (measured: right more often than og:title);
//   4. og:title, the JSON-LD headline, twitter:title, other title metas, each without a site-name part;
//   5. <title> without its site-name part;
//   6. an <h1>.
// Section labels around " | " ("Opinion | Headline | Editorial") and media labels ("(video)") are dropped.

const TITLE_META = ['twitter:title', 'parsely-title', 'sailthru.title', 'dc.title', 'dcterms.title', 'headline', 'title'];

interface TitleCandidate {
  value: string;
  /** Without site-name parts and short section parts. */
  stripped: string;
  source: string;
}

function findTitle(page: Page): (Found<string> & { element?: Element }) | undefined {
  const found = chooseTitle(page);
  return found && { ...found, value: withoutMediaLabel(found.value) };
}

/** "Headline (video)", "Headline [PHOTOS]": the label says what the page holds, not what the story is. */
function withoutMediaLabel(title: string): string {
  const stripped = title.replace(/\s*[([](?:video|videos|photos?|pics|pictures|gallery|watch|listen|audio|podcast|live|poll|quiz|infographic)[)\]]$/i, '');
  return stripped === '' ? title : stripped;
}

function chooseTitle(page: Page): (Found<string> & { element?: Element }) | undefined {
  const candidates: TitleCandidate[] = [];
  const add = (value: string | undefined, source: string) => {
    const cleaned = clean(value);
    if (cleaned !== undefined && cleaned.length > 1) candidates.push({ value: cleaned, stripped: stripTitle(cleaned, page), source });
  };
  add(firstMeta(page.meta, 'og:title'), 'meta:og:title');
  add(stringOf(page.jsonLd.article?.['headline']) ?? stringOf(page.jsonLd.article?.['name']), 'json-ld');
  for (const key of TITLE_META) add(firstMeta(page.meta, key), `meta:${key}`);
  add(page.documentTitle, 'title');

  const headings = headingElements(page)
    .slice(0, 400)
    .map((element) => ({ element, text: visibleText(element) }))
    .filter((heading) => heading.text.length >= 3 && heading.text.length <= 400);
  // 1. agreement
  for (const heading of headings) {
    let shown = stripSectionParts(heading.text);
    const key = looseKey(shown);
    if (key === '') continue;
    const agrees = candidates.some(
      (c) => looseKey(c.value) === key || looseKey(c.stripped) === key || isMainPart(c.value, shown),
    );
    if (!agrees) continue;
    // "Opinion | Headline" in the metadata and "<span>Opinion</span> Headline" on the page: the kicker goes.
    const kicker = candidates.map((c) => kickerWords(shown, c.stripped)).find((words) => words > 0);
    if (kicker) shown = withoutLeadingWords(shown, kicker);
    if (heading.element.name === 'h1') return { value: shown, source: 'h1', element: heading.element };
    // Teaser lists repeat the headline further down: the first element showing it is the article's.
    return { value: shown, source: 'heading', element: findHeadlineElement(page, shown) ?? heading.element };
  }
  // 2. a kicker on one side
  const first = page.headlines[0];
  const metadata = candidates.find((c) => c.source !== 'title') ?? candidates[0];
  if (first && metadata) {
    const shown = stripSectionParts(visibleText(first));
    const extra = kickerWords(shown, metadata.stripped);
    if (extra > 0) return { value: withoutLeadingWords(shown, extra), source: 'h1', element: first };
    if (kickerWords(metadata.stripped, shown) !== 0) return { value: shown, source: 'h1', element: first };
    if (kickerWords(shown, metadata.stripped, true) > 0 || kickerWords(metadata.stripped, shown, true) > 0) {
      // The kicker is at the end: the shorter text is the headline.
      const shorter = looseKey(shown).length < looseKey(metadata.stripped).length ? shown : metadata.stripped;
      return shorter === shown ? { value: shown, source: 'h1', element: first } : { value: metadata.stripped, source: metadata.source };
    }
  }
  // 3. the article's own headline
  if (first && page.articleRoot && isInside(first, page.articleRoot) && page.headlines.filter((h) => isInside(h, page.articleRoot!)).length === 1) {
    const shown = stripSectionParts(visibleText(first));
    if (shown.split(/\s+/).length >= 3 && !isSiteName(shown, page)) return { value: shown, source: 'h1', element: first };
  }
  // 4. and 5. metadata, then <title>
  if (metadata) return { value: metadata.stripped, source: metadata.source };
  // 6.
  return first ? { value: stripSectionParts(visibleText(first)), source: 'h1', element: first } : undefined;
}

/**
 * How many leading words `longer` has before the words of `shorter` (up to three), 0 when it is not so;
 * `atEnd` looks for trailing words instead.
 */
function kickerWords(longer: string, shorter: string, atEnd = false): number {
  const long = looseKey(longer).split(' ').filter(Boolean);
  const short = looseKey(shorter).split(' ').filter(Boolean);
  const extra = long.length - short.length;
  if (extra < 1 || extra > 3 || short.length < 4) return 0;
  const tail = atEnd ? long.slice(0, short.length) : long.slice(extra);
  return tail.join(' ') === short.join(' ') ? extra : 0;
}

/** The text after its first `count` words (as `looseKey` counts them), and the punctuation after those. */
function withoutLeadingWords(text: string, count: number): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  let seen = 0;
  let i = 0;
  while (i < tokens.length && seen < count) seen += looseKey(tokens[i++]!).split(' ').filter(Boolean).length;
  while (i < tokens.length && looseKey(tokens[i]!) === '') i++;
  const rest = tokens.slice(i).join(' ');
  return rest === '' ? text : rest;
}

/** "Headline | Section | Site" holds the headline as its first or longest part. */
function isMainPart(title: string, headline: string): boolean {
  const key = looseKey(headline);
  if (key.length < 10) return false;
  const parts = splitTitle(title);
  if (parts.length < 2) return false;
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
  return looseKey(parts[0]!) === key || looseKey(longest) === key;
}

const TITLE_SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' · ', ' • ', ' :: ', ' » ', ' // ', ' ~ ', ' / '];

function splitTitle(title: string): string[] {
  for (const separator of TITLE_SEPARATORS) if (title.includes(separator)) return title.split(separator);
  return [title];
}

function stripTitle(title: string, page: Page): string {
  return stripSectionParts(stripSiteName(title, page));
}

/**
 * A title without the parts that name the site: "Headline | Site", "Headline - Section - Site", "Site: Headline",
 * "Site | Headline". Parts are the site when they match a known site name or the URL host's name.
 */
function stripSiteName(title: string, page: Page): string {
  let result = title;
  for (let round = 0; round < 3; round++) {
    const before = result;
    for (const separator of TITLE_SEPARATORS) {
      const at = result.lastIndexOf(separator);
      if (at > 0 && isSiteName(result.slice(at + separator.length), page)) {
        result = result.slice(0, at).trim();
        break;
      }
      const start = result.indexOf(separator);
      if (start > 0 && isSiteName(result.slice(0, start), page)) {
        result = result.slice(start + separator.length).trim();
        break;
      }
    }
    const colon = /^([^:]{2,40}):\s+/.exec(result);
    if (colon && isSiteName(colon[1]!, page)) result = result.slice(colon[0].length).trim();
    if (result === before) break;
  }
  return result === '' ? title : result;
}

/** "Opinion | Headline | Editorial" → "Headline": parts of one or two words around " | " are section labels. */
function stripSectionParts(title: string): string {
  const parts = title.split(' | ');
  if (parts.length < 2) return title;
  const isLabel = (part: string) => part.trim().split(/\s+/).length <= 2;
  let start = 0;
  let end = parts.length;
  while (end - start > 1 && isLabel(parts[start]!)) start++;
  while (end - start > 1 && isLabel(parts[end - 1]!)) end--;
  return parts.slice(start, end).join(' | ').trim();
}

/** A short text naming the site: one of its names, or the URL host's name written out ("Example News" for examplenews.com). */
function isSiteName(text: string, page: Page): boolean {
  const key = alnumKey(text);
  if (key === '' || text.trim().split(/\s+/).length > 6) return false;
  const bare = key.replace(/^the/, '');
  if (page.siteNames.some((name) => alnumKey(name) === key || alnumKey(name).replace(/^the/, '') === bare)) return true;
  // "Example" for examplenews.com, "Example News" for example.com: the host's name with or without a medium word.
  const differsByMedium = (longer: string, shorter: string) =>
    shorter.length >= 3 && longer.startsWith(shorter) && BRAND_SUFFIX.test(longer.slice(shorter.length));
  return page.hostLabels.some((label) => label === key || label === bare || differsByMedium(bare, label) || differsByMedium(label, bare));
}

/** Words a brand adds to its host's name, or the host to the brand's: "news" in examplenews.com. */
const BRAND_SUFFIX = /^(?:news|online|magazine|mag|daily|sports?|uk|us|usa|com|net|org|tv|media|times|post|today|weekly|digital|world|live|plus|insider|hq|wire|group|network|press|radio|global|india|africa|asia|europe|america|au|ca|nz|ie|in)+$/;

// ---------------------------------------------------------------------------------------------------------
// Authors. Trust order:
//   1. JSON-LD author of the article node (Person names; all co-authors of an array; @id references followed);
//   2. meta author, article:author (names only, not profile URLs), parsely-author, sailthru.author, dc.creator,
//      byl, twitter:data "Written by";
//   3. itemprop=author and rel=author in the page;
//   4. a visible byline: elements whose class or id says byline/author, or a "By ..." line after the headline;
//   5. the name in an author profile URL (".../author/jane-doe/"), when nothing else names anyone.
// A source naming people wins over an earlier one naming only organisations (the site, a wire, a desk, "Staff"):
// organisations are returned only when no source names a person, and dropped from a list that names people.
// The site's own name is never an author (it is the outlet); a wire service or another organisation may be.
// Names the visible byline gives as contributors ("Contributions from", "Additional reporting by") are dropped
// from the chosen list, and the byline replaces the list when it names the same people and more (the schema
// names only the first of several writers).

interface AuthorCandidate {
  people: string[];
  organisations: string[];
  source: string;
}

function findAuthors(page: Page): Found<string[]> | undefined {
  const candidates: AuthorCandidate[] = [];
  const add = (names: string[], source: string, organisation?: (name: string) => boolean) => {
    let candidate = candidates.find((c) => c.source === source);
    if (!candidate) {
      candidate = { people: [], organisations: [], source };
      candidates.push(candidate);
    }
    for (const name of names) {
      const list = (organisation ?? ((n: string) => isOrganisationName(n, page)))(name) ? candidate.organisations : candidate.people;
      if (!list.some((n) => looseKey(n) === looseKey(name))) list.push(name);
    }
  };
  // 1. JSON-LD
  const jsonLdEntries = jsonLdAuthors(page.jsonLd.article?.['author'] ?? page.jsonLd.article?.['creator'], page.jsonLd);
  for (const entry of jsonLdEntries) {
    if (entry.name === '') continue;
    add(splitNames(entry.name, page), 'json-ld', (name) =>
      entry.type === 'organization' ||
      (entry.type === 'person'
        ? isSiteName(name, page) ||
          ORGANISATION_HEAD.test(name) ||
          ROLE_NOUN.test(name.split(/\s+/).pop()!) ||
          (!name.includes(' ') && ORGANISATION_WORDS.test(name))
        : isOrganisationName(name, page)),
    );
  }
  // 2. meta tags
  for (const key of ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl', 'cxenseparse:author', 'article:author_name', 'author_name']) {
    for (const value of page.meta.get(key) ?? []) {
      if (!isUrl(value)) add(splitNames(value, page), `meta:${key}`);
    }
  }
  for (let i = 1; i <= 4; i++) {
    const label = firstMeta(page.meta, `twitter:label${i}`);
    const data = firstMeta(page.meta, `twitter:data${i}`);
    if (label && data && /^(?:written by|author|by)$/i.test(label.trim())) add(splitNames(data, page), 'meta:twitter:data');
  }
  // 3. microdata and rel=author
  for (const element of page.elements.filter((node) => attributeWords(node, 'itemprop').includes('author'))) {
    if (isInChrome(element)) continue;
    if (element.name === 'meta') {
      const content = element.attribs['content'];
      if (content && !isUrl(content)) add(splitNames(content, page), 'itemprop:author');
      continue;
    }
    const named = DomUtils.findOne((node) => attributeWords(node, 'itemprop').includes('name'), element.children);
    const text = named ? (named.name === 'meta' ? named.attribs['content'] : visibleText(named)) : visibleText(element);
    if (text) add(splitNames(text, page), 'itemprop:author');
  }
  for (const element of page.elements.filter((node) => node.name !== 'link' && relOf(node).includes('author'))) {
    if (!isInChrome(element)) add(splitNames(visibleText(element), page), 'rel:author');
  }
  // 4. visible byline
  const byline = visibleByline(page);
  if (byline) add(byline.names, 'byline');
  // 5. profile URLs
  const profileUrls = [
    ...(page.meta.get('article:author') ?? []).filter(isUrl),
    ...jsonLdEntries.map((entry) => entry.url).filter((u): u is string => u !== undefined),
  ];
  for (const url of profileUrls) {
    const name = nameFromProfileUrl(url);
    if (name) add([name], 'url:author');
  }

  const chosen = candidates.find((c) => c.people.length > 0);
  if (chosen) {
    const contributors = new Set((byline?.contributors ?? []).map(looseKey));
    const people = chosen.people.filter((name) => !contributors.has(looseKey(name)));
    const shown = candidates.find((c) => c.source === 'byline')?.people ?? [];
    if (chosen.source !== 'byline' && byline?.structured && people.length > 0 && shown.length > people.length) {
      const keys = new Set(shown.map(looseKey));
      if (people.every((name) => keys.has(looseKey(name)))) return { value: shown, source: 'byline' };
    }
    return { value: people.length > 0 ? people : chosen.people, source: chosen.source };
  }
  // The site's own name is the outlet, not an author: "Example News" on examplenews.com, "Example Staff",
  // "Example Correspondent".
  for (const candidate of candidates) {
    const others = candidate.organisations.filter(
      (name) => !isSiteName(name.replace(/\s+(?:staff|team|desk|editors|newsroom|reporters?|writers?|correspondents?|contributors?)$/i, ''), page),
    );
    if (others.length > 0) return { value: others, source: candidate.source };
  }
  return undefined;
}

interface JsonLdAuthor {
  name: string;
  type: 'person' | 'organization' | undefined;
  url?: string;
}

function jsonLdAuthors(value: unknown, jsonLd: JsonLd): JsonLdAuthor[] {
  const authors: JsonLdAuthor[] = [];
  const visit = (item: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(item)) return item.forEach((entry) => visit(entry, depth + 1));
    if (typeof item === 'string') {
      const text = clean(decodeEntities(item));
      if (text) authors.push(isUrl(text) ? { name: '', type: undefined, url: text } : { name: text, type: undefined });
      return;
    }
    const object = resolveRef(item, jsonLd);
    if (!object) return;
    const types = typesOf(object);
    const type = types.some((t) => /^Person$/i.test(t)) ? 'person' : types.some((t) => /Organi[sz]ation|Corporation/i.test(t)) ? 'organization' : undefined;
    const rawName = object['name'];
    const names = (Array.isArray(rawName) ? rawName : [rawName]).map(stringOf).filter((n): n is string => n !== undefined);
    if (names.length === 0) {
      const given = [stringOf(object['givenName']), stringOf(object['familyName'])].filter(Boolean).join(' ');
      if (given) names.push(given);
    }
    const url = stringOf(object['url']) ?? stringOf(object['@id']);
    const withUrl = url && isUrl(url) ? { url } : {};
    if (names.length === 0 && url) authors.push({ name: '', type, ...withUrl });
    for (const name of names) authors.push({ name, type, ...withUrl });
  };
  visit(value, 0);
  return authors;
}

/** Job titles written after a name: "Jane Doe, Staff Writer", "Jane Doe - Senior Reporter". */
const ROLE_NOUN =
  /^(?:writer|reporter|correspondent|editor|editor-at-large|contributor|columnist|chief|analyst|journalist|producer|photographer|critic|intern|fellow|anchor|host|blogger|director|manager|strategist|researcher|specialist|team|desk|staff|publisher|redazione|redaktion|rédaction|redacción|freelancer|cpt|nsca-cpt|cscs|rdn|trainer|coach|nutritionist|professor|lecturer|student|president|ceo|founder|co-founder|attorney|consultant|expert|associate|contributors|writers|reporters|editors)s?$/i;
/** Words that qualify a job title: "Senior", "Contributing", "Politics". */
const ROLE_QUALIFIER =
  /^(?:general|senior|chief|staff|deputy|associate|assistant|contributing|special|managing|executive|national|international|foreign|political|politics|investigative|business|science|health|sports?|entertainment|technology|tech|news|digital|features?|opinion|local|breaking|weekend|editorial|social|media|trending|global|copy|video|photo|data|legal|climate|culture|lifestyle|travel|food|education|environment(?:al)?|commerce|shopping|deals|product|reviews?|audience|content|freelance|guest|lead|head|principal|metro|city|state|world|white|house|junior|former|certified|registered|personal|fitness|the|a|an|and|of|at|for|&|u\.s\.|us|uk)$/i;

/** A job title with no name in it: "Staff Writer", "Senior Politics Reporter", "Contributor". */
function isRole(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (!ROLE_NOUN.test(words[words.length - 1]!)) return false;
  return words.slice(0, -1).every((word) => ROLE_QUALIFIER.test(word) || /^\p{Ll}/u.test(word));
}

/** Suffixes that follow a name after a comma and belong to it: "Robert Roe, Ph.D.", "John Doe, Jr." */
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?d|d\.?o|esq|mba|r\.?n|j\.?d|m\.?p\.?h|psy\.?d|d\.?d\.?s|dvm|lcsw|frcp)\.?$/i;
const BYLINE_LEAD =
  /^(?:(?:(?:view|see|read|more)\s+(?:all\s+)?(?:posts|articles|stories|content)\s+(?:by|from))|(?:(?:written|posted|reported|reporting|words|story|text|article|analysis|compiled|edited|photos?|published|interview|contributed|curated|produced|video|review)(?:\s+(?:and\s+\w+))?\s+by)|by|from|authors?)(?:\s*[:\-–—]\s*|\s+)/i;
/** "von", "par", "por", "di", "door", "av" lead bylines in other languages; lower case only, so "Von Miller" stays. */
const FOREIGN_LEAD = /^(?:von|par|por|di|door|av)\s+(?=\p{Lu})/u;
const MONTH_NAME = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DATE_TAIL = new RegExp(
  String.raw`\s*(?:[|,•·:;—–-]\s*|\b(?:on|at|updated|published|posted|last updated|modified)\b[\s:]*)*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+${MONTH_NAME}(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago|yesterday|today)(?:\W.*)?$`,
  'i',
);
/** Conjunctions between co-authors; only lower-case in other languages, so the initial "E." is not one. */
const AUTHOR_SEPARATOR = /\s*(?:,|;|\s&\s|\s(?:and|AND|And)\s|\s(?:und|et|y|e|en|og|och|i|a)\s)\s*/;

/**
 * Person names from a byline or author field: "By Jane Doe and John Roe", "Jane Doe, John Roe and Ann Poe",
 * "Jane Doe, Staff Writer", "By JANE DOE | jane@example.com | Dec 5, 2023". Leads, roles, e-mail addresses,
 * dates and a trailing site name are dropped; name suffixes ("Jr.", "Ph.D.") stay with their name.
 */
function splitNames(raw: string, page: Page): string[] {
  let text = decodeEntities(raw).replace(/[\s\u00a0]+/g, ' ').trim();
  // `(?<!\S)`: an address starts a word; trying every letter of a long word would be quadratic.
  text = text.replace(/(?<!\S)\S+@\S+\.\w+/g, ' ').replace(/\s*\(\s*\)\s*/g, ' ').replace(/\s*\((?:[^()]*)\)/g, '');
  text = text.replace(/\b(?:follow|email|e-mail|contact|twitter|facebook|instagram|linkedin)\b.*$/i, '');
  text = text.replace(DATE_TAIL, '');
  text = text.replace(/\s+(?:is|was|has been|covers|writes|can be reached)\s.*$/i, '');
  text = text.replace(/^.*\bas told to\s+/i, '');
  text = text.trim();
  for (let lead = BYLINE_LEAD.exec(text) ?? FOREIGN_LEAD.exec(text); lead && lead[0].length > 0; lead = BYLINE_LEAD.exec(text) ?? FOREIGN_LEAD.exec(text)) {
    text = text.slice(lead[0].length);
  }
  // "Jane Doe | Site", "Jane Doe — Staff Writer", "Jane Doe - Site": the first part that holds names.
  const parts = text.split(/\s*[|•·\n]\s*|\s+[—–]\s+|\s+-\s+|\s+—|\s+-$/).map((p) => p.trim()).filter((p) => p !== '');
  text = parts.find((part) => !isRole(part) && !isSiteName(part, page)) ?? parts.find((part) => !isRole(part)) ?? '';
  // "Jane Doe for Example News", "Jane Doe of the Example Times"
  text = text.replace(/\s+(?:for|of|at|in)\s+(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}\.?$/u, (match) => {
    const named = match.replace(/^\s+(?:for|of|at|in)\s+/, '');
    return isSiteName(named, page) || isOrganisationName(named, page) ? '' : match;
  });
  const names: string[] = [];
  for (const piece of text.split(AUTHOR_SEPARATOR).map((p) => p.trim())) {
    if (piece === '') continue;
    if (NAME_SUFFIX.test(piece) && names.length > 0) {
      names[names.length - 1] += `, ${piece}`;
      continue;
    }
    if (isRole(piece)) continue;
    let name = piece.replace(/^[\s"'“”‘’(\[]+|[\s"'“”‘’)\]:,;|/-]+$/g, '').replace(/\s+/g, ' ');
    // "Example Tribune staff": a desk, named by its outlet.
    name = name.replace(/^((?:\p{Lu}[\p{L}\d.&'’-]*\s+)*\p{Lu}[\p{L}\d.&'’-]*)\s+(?:staff|team|desk|reporters|writers|editors)$/u, '$1');
    // A final full stop ends the sentence unless it ends an initial or an abbreviation ("Jr.", "Ph.D.").
    // Three letters before the final dot are as good as three or more, and stay linear on a long word.
    if (/[^\s.]{3}\.$/.test(name) && !/(?:Jr|Sr|Ph\.D|Inc|Ltd|Co|St)\.$/.test(name)) name = name.slice(0, -1);
    if (looksLikeName(name)) names.push(name);
  }
  return names;
}

const NAME_PARTICLE = /^(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|ter|le|la|al|el|bin|bint|ibn|y|e|zu|st\.?)$/;

function looksLikeName(name: string): boolean {
  if (name.length < 2 || name.length > 60) return false;
  if (/\d|https?:|www\.|[<>{}=@#:/\\]|\.\w{2,4}$/.test(name) && !/^[\p{L} .'’-]+\.(?:com|net|org)$/u.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > 6) return false;
  if (!words.every((word, i) => /^[\p{Lu}\p{Lt}\p{Lo}]/u.test(word) || (i > 0 && NAME_PARTICLE.test(word)) || /^[\p{Ll}]+[\p{Lu}]/u.test(word))) return false;
  if (/^(?:by|and|the|staff|admin|administrator|author|authors|guest|anonymous|unknown|editor|editors|null|undefined|none|more|share|comments?|updated|published|posted|reviewed|read|advertisement|sponsored|image|photo|video|getty|images|source|credit|view|home|news|menu|search|publisher|contributor|contributors|correspondent|reporter|writer|team|desk)\b/i.test(name)) {
    return /^(?:news|the)\s/i.test(name) && ORGANISATION_WORDS.test(name);
  }
  if (/\b(?:getty|images|shutterstock|istock|reuters\/|ap photo|afp via)\b/i.test(name)) return false;
  return true;
}

const ORGANISATION_WORDS =
  /\b(?:news|press|associated|reuters|afp|agence|staff|team|editorial|editors|board|desk|newsroom|media|magazine|times|post|journal|tribune|gazette|herald|daily|weekly|network|agency|wire|bureau|service|services|group|inc|llc|ltd|corp|corporation|company|institute|university|college|school|council|foundation|association|society|department|ministry|office|center|centre|organi[sz]ation|relaxnews|contributors|writers|correspondents|report|reports|online|tv|radio|channel|studios?|labs?|redazione|redaktion|rédaction|redacción|brandroom|partners?|sponsored|insider|citizen|community)\b/i;
/** A schema "Person" whose last word heads an organisation's name is a desk or a wire: "Example News", "Metro Desk". */
const ORGANISATION_HEAD = /\b(?:news|press|staff|team|editorial|editors|board|desk|newsroom|media|magazine|agency|wire|bureau|network|report|reports|online|tv|radio|redazione|redaktion|rédaction|redacción|brandroom|service|services|inc|llc|ltd|associated press)$/i;

/** The site itself, a wire service or a desk: "The Daily Example", "Associated Press", "Example News Staff". */
function isOrganisationName(name: string, page: Page): boolean {
  if (isSiteName(name, page)) return true;
  if (ORGANISATION_WORDS.test(name)) return true;
  if (ROLE_NOUN.test(name.split(/\s+/).pop() ?? '')) return true;
  // One word in capitals, or with a domain ("EXAMPLE", "Example.com"), names a brand, not a person.
  return /^[\p{Lu}\d]{2,}$/u.test(name) || /\.\w{2,4}$/.test(name) || !name.includes(' ');
}

/** "https://example.com/author/jane-doe/" → "Jane Doe". */
function nameFromProfileUrl(url: string): string | undefined {
  const m = /\/(?:author|authors|by|writer|writers|people|person|staff|profile|profiles|contributor|contributors|journalist|journalists|reporter|columnist)s?\/(?:[^/]*\/)?([a-z][a-z'-]*[a-z])\/?(?:[?#].*)?$/i.exec(url);
  const slug = m?.[1];
  if (!slug || !slug.includes('-')) return undefined;
  const words = slug.split('-').filter(Boolean);
  if (words.length < 2 || words.length > 4) return undefined;
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

/** Class or id words that mark a byline or its author name. */
const BYLINE_MARK = /(?:^|[\s_-])(?:byline|by-line|bylines|author|authors|author-name|authorname|byline-name|writer|article-author|post-author|entry-author|creator)(?:$|[\s_-])/i;
const NOT_BYLINE = /(?:^|[\s_-])(?:bio|biography|description|desc|avatar|image|img|photo|picture|pic|thumb|thumbnail|icon|social|follow|twitter|email|more|other|related|about|info|box|card|list|title-link|caption|credit|credits|role|job|position|date|time)(?:$|[\s_-])/i;
/** Links to an author's page. */
const AUTHOR_HREF = /\/(?:author|authors|by|people|person|staff|profile|profiles|contributors?|journalists?|reporters?|columnists?|writers?|team|bio)\/[^/?#]+/i;

interface Byline {
  names: string[];
  /** Named after "Contributions from", "Additional reporting by", "Edited by" and the like: not authors. */
  contributors: string[];
  /** The names come from author links or name elements, not from splitting the byline's text. */
  structured: boolean;
}

/** Words in a byline after which the names are not authors. */
const CONTRIBUTOR_MARK =
  /(?:contributions?\s+(?:from|by)|contributing|additional\s+reporting|with\s+(?:additional\s+)?reporting|reporting\s+contributed|edited\s+by|reviewed\s+by|fact[-\s]?check(?:ed)?\s+by|photos?\s+by|photography\s+by|illustrations?\s+by|video\s+by|produced\s+by|graphics?\s+by)\b/i;

/** Names from the visible byline nearest the headline: a byline/author element or a "By ..." line. */
function visibleByline(page: Page): Byline | undefined {
  const marked = (element: Element) => {
    // camelCase words apart: "AuthorNameLink" → "Author Name Link"
    const described = `${element.attribs['class'] ?? ''} ${element.attribs['id'] ?? ''} ${element.attribs['data-testid'] ?? ''}`.replace(/([a-z])([A-Z])/g, '$1 $2');
    return BYLINE_MARK.test(described) && !NOT_BYLINE.test(described);
  };
  const all = page.elements.filter(marked).filter((element) => !isInChrome(element));
  const anchor = page.anchor;
  // Bylines after the headline first, nearest first; then those in the article; then the rest of the page.
  const after = anchor ? all.filter((element) => comesAfter(element, anchor)) : [];
  const inArticle = page.articleRoot ? all.filter((element) => isInside(element, page.articleRoot!)) : [];
  for (const element of new Set([...after, ...inArticle, ...all])) {
    const text = visibleText(element);
    if (text.length < 3 || text.length > 250) continue;
    const byline = bylineNames(element, text, page);
    if (byline.names.length > 0 && byline.names.length <= 8) return byline;
  }
  const names = anchor ? byLineAfter(anchor, page) : undefined;
  return names ? { names, contributors: [], structured: false } : undefined;
}

/** Names in a byline element: its author links or name elements when it has them, else its text. */
function bylineNames(element: Element, text: string, page: Page): Byline {
  const mark = CONTRIBUTOR_MARK.exec(text);
  const authorsText = mark ? text.slice(0, mark.index) : text;
  const contributors = mark ? splitNames(text.slice(mark.index + mark[0].length), page) : [];
  const named = DomUtils.findAll(
    (node) =>
      (node.name === 'a' && AUTHOR_HREF.test(node.attribs['href'] ?? '')) ||
      attributeWords(node, 'itemprop').includes('name') ||
      /(?:^|[\s_-])(?:name|author-name|byline-name|author-link|byline-link|byline-author)(?:$|[\s_-])/i.test(node.attribs['class'] ?? ''),
    element.children,
  );
  const names: string[] = [];
  const contributorKeys = new Set(contributors.map(looseKey));
  for (const node of named) {
    if (named.some((other) => other !== node && isInside(other, node))) continue;
    for (const name of splitNames(visibleText(node), page)) {
      if (contributorKeys.has(looseKey(name)) || names.some((n) => looseKey(n) === looseKey(name))) continue;
      names.push(name);
    }
  }
  return names.length > 0 ? { names, contributors, structured: true } : { names: splitNames(authorsText, page), contributors, structured: false };
}

/** A "By Jane Doe" line (or "By" followed by name links) within the few text lines after the headline. */
function byLineAfter(anchor: Element, page: Page): string[] | undefined {
  const lines: string[] = [];
  for (let node = nextAfter(anchor); node && lines.length < 30; node = nextInOrder(node)) {
    if (DomUtils.isText(node) && !isInCaption(node)) {
      const text = clean(node.data);
      if (text) lines.push(text);
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^(?:[|•·]\s*)?by:?$/i.test(line)) {
      const names: string[] = [];
      for (const next of lines.slice(i + 1, i + 8)) {
        if (/^(?:,|and|&)$/i.test(next)) continue;
        const found = splitNames(next, page);
        if (found.length === 0) break;
        names.push(...found);
      }
      if (names.length > 0) return names;
    }
    const lead = BYLINE_LEAD.exec(line);
    if (lead && lead[0].length > 0 && /by|from/i.test(lead[0]) && line.length < 150) {
      const names = splitNames(line, page);
      if (names.length > 0) return names;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Publication date. Trust order:
//   1. JSON-LD datePublished of the article node;
//   2. meta article:published_time, og:published_time, itemprop=datePublished, pubdate, publishdate, date,
//      DC.date.issued, sailthru.date, parsely-pub-date and kin;
//   3. datePublished of the JSON-LD WebPage node (pages that describe the page, not the article);
//   4. <time> (or any element) with pubdate or itemprop=datePublished, then the first <time datetime> after the
//      headline (or in the article) that is not marked as an update;
//   5. a visible date line near the headline ("Published Dec. 5, 2023"), not one marked as an update;
//   6. JSON-LD dateCreated;
//   7. a date in the URL path (/2023/05/17/, /2023/dec/17/), as the last resort for a publication date;
//   8. a modification date (dateModified, article:modified_time), only when nothing states a publication.
// A UTC timestamp is given in the publisher's own offset when the page shows the same moment as local time
// (a <time datetime> or the dateline's clock), so its calendar day is the one readers saw.

const PUBLISHED_META = [
  'article:published_time', 'og:published_time', 'og:article:published_time', 'article:published', 'published_time',
  'datepublished', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'publication_date', 'date', 'dc.date.issued',
  'dcterms.issued', 'dc.date.created', 'dcterms.created', 'dc.date', 'dcterms.date', 'sailthru.date', 'parsely-pub-date',
  'article.published', 'article_date_original', 'original-publish-date', 'displaydate', 'cxenseparse:recs:publishtime',
  'dc.date.published', 'datecreated', 'date.available', 'release_date', 'pdate', 'ptime', 'pub_date',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dcterms.modified'];

function findPublished(page: Page): Found<string> | undefined {
  const found = findPublishedAsStated(page);
  if (!found || !/T\d{2}:\d{2}:\d{2}Z$/.test(found.value)) return found;
  const local = localTime(found.value, page);
  return local ? { value: local, source: found.source } : found;
}

function findPublishedAsStated(page: Page): Found<string> | undefined {
  const article = page.jsonLd.article;
  const fromJsonLd = normaliseDate(stringOf(article?.['datePublished']));
  if (fromJsonLd) return { value: fromJsonLd, source: 'json-ld' };
  for (const key of PUBLISHED_META) {
    for (const value of page.meta.get(key) ?? []) {
      const date = normaliseDate(value);
      if (date) return { value: date, source: `meta:${key}` };
    }
  }
  const fromWebPage = normaliseDate(stringOf(page.jsonLd.webPage?.['datePublished']));
  if (fromWebPage) return { value: fromWebPage, source: 'json-ld:webpage' };
  const fromTime = timeElementDate(page);
  if (fromTime) return fromTime;
  const visible = visibleDate(page);
  if (visible) return { value: visible, source: 'text' };
  const created = normaliseDate(stringOf(article?.['dateCreated']));
  if (created) return { value: created, source: 'json-ld:dateCreated' };
  const fromUrl = dateFromUrl(page);
  if (fromUrl) return { value: fromUrl, source: 'url' };
  const modified = normaliseDate(stringOf(article?.['dateModified'])) ?? MODIFIED_META.map((key) => normaliseDate(firstMeta(page.meta, key))).find(Boolean);
  if (modified) return { value: modified, source: 'modified' };
  return undefined;
}

const UPDATE_MARK = /updat|modif|edited|revis|aktualisiert|mis à jour|actualizado|aggiornato/i;

function timeElementDate(page: Page): Found<string> | undefined {
  const marked = page.elements.filter((element) => 'pubdate' in element.attribs || attributeWords(element, 'itemprop').includes('datepublished'));
  for (const element of marked) {
    if (element.name === 'meta') continue;
    const date = normaliseDate(element.attribs['datetime'] ?? element.attribs['content'] ?? visibleText(element));
    if (date) return { value: date, source: 'time:pubdate' };
  }
  const times = page.elements.filter((element) => element.name === 'time' && element.attribs['datetime'] !== undefined).filter(
    (time) => !isInChrome(time),
  );
  const anchor = page.anchor;
  const after = anchor ? times.filter((time) => comesAfter(time, anchor)) : [];
  const inArticle = page.articleRoot ? times.filter((time) => isInside(time, page.articleRoot!)) : times;
  for (const time of new Set([...after.slice(0, 3), ...inArticle.slice(0, 3)])) {
    const parent = time.parent && DomUtils.isTag(time.parent) ? time.parent : undefined;
    const context = `${time.attribs['class'] ?? ''} ${time.attribs['itemprop'] ?? ''} ${parent?.attribs['class'] ?? ''} ${previousText(time)}`;
    if (UPDATE_MARK.test(context)) continue;
    const date = normaliseDate(time.attribs['datetime']);
    if (date) return { value: date, source: 'time' };
  }
  return undefined;
}

/** Text lines after the headline, skipping invisible content. */
function linesAfter(anchor: Element, limit: number): string[] {
  const lines: string[] = [];
  for (let node = nextAfter(anchor); node && lines.length < limit; node = nextInOrder(node)) {
    if (DomUtils.isText(node)) {
      const text = clean(node.data);
      if (text) lines.push(text);
    }
  }
  return lines;
}

/** Text lines before the headline, nearest first: a kicker, a dateline above it. */
function linesBefore(anchor: Element, limit: number): string[] {
  const lines: string[] = [];
  for (let node = previousInOrder(anchor); node && lines.length < limit; node = previousInOrder(node)) {
    if (DomUtils.isText(node) && !isInvisibleText(node)) {
      const text = clean(node.data);
      if (text) lines.push(text);
    }
  }
  return lines;
}

/** The node before this one in document order (a previous sibling's last descendant, or the parent). */
function previousInOrder(node: DomNode): DomNode | null {
  let current = node.prev;
  if (!current) return node.parent;
  while (DomUtils.hasChildren(current) && current.children.length > 0) current = current.children[current.children.length - 1]!;
  return current;
}

/** Inside a figure or a caption or credit: "By Jane Doe" there credits a photograph. */
function isInCaption(node: DomNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!DomUtils.isTag(current)) continue;
    if (current.name === 'figure' || current.name === 'figcaption') return true;
    if (/(?:^|[\s_-])(?:caption|credit|credits|photo-credit|image-credit|media-credit)(?:$|[\s_-])/i.test(current.attribs['class'] ?? '')) return true;
  }
  return false;
}

/** Text inside script, style or another element that never shows. */
function isInvisibleText(node: DomNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (DomUtils.isTag(current) && (NEVER_VISIBLE.has(current.name) || isHidden(current))) return true;
  }
  return false;
}

/** A date line near the headline, after it or just above it: "Published: December 5, 2023 at 9:00 am". */
function visibleDate(page: Page): string | undefined {
  if (!page.anchor) return undefined;
  const dateOf = (line: string) => (line.length > 150 || UPDATE_MARK.test(line) ? undefined : dateInText(line));
  const after = linesAfter(page.anchor, 30).map(dateOf);
  const before = linesBefore(page.anchor, 10).map(dateOf);
  // The nearest date line, after the headline when two are as near.
  for (let distance = 0; distance < after.length || distance < before.length; distance++) {
    const date = after[distance] ?? before[distance];
    if (date) return date;
  }
  return undefined;
}

const TEXT_DATE = new RegExp(
  String.raw`\b(?:${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME},?\s+\d{4}|\d{4}-\d{2}-\d{2})\b`,
  'i',
);

/** What may follow a date on a date line: a time, a zone, separators, a byline or an update note. */
const AFTER_DATE = /^(?:\s*(?:[|•·,—–\-:/()]|at\b|@|\d{1,2}(?:[:.]\d{2}){1,2}|\d{1,2}\s*(?=[ap]\.?m)|[ap]\.?m\.?|[A-Z]{1,5}\b|\d+\s+min(?:ute)?s?\s+read\b|by\s.*|updated\b.*))*\s*$/i;

/** The date of a line that is a date line ("Published Dec. 5, 2023 at 9:00 am"), not a date inside prose. */
function dateInText(text: string): string | undefined {
  const m = TEXT_DATE.exec(text);
  if (!m || !AFTER_DATE.test(text.slice(m.index + m[0].length))) return undefined;
  return normaliseDate(m[0]);
}

const MONTH_NUMBERS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function dateFromUrl(page: Page): string | undefined {
  if (!page.url) return undefined;
  const path = page.url.pathname;
  const numeric =
    /\/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=\/|[-_.]|$)/.exec(path) ??
    /(?:^|[/_-])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)/.exec(path);
  if (numeric) return validDate(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const named = /\/((?:19|20)\d{2})\/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\/(0?[1-9]|[12]\d|3[01])(?=\/|$)/i.exec(path);
  if (named) return validDate(Number(named[1]), MONTH_NUMBERS[named[2]!.toLowerCase()]!, Number(named[3]));
  return undefined;
}

/**
 * A UTC timestamp re-expressed in the offset the page shows it in: a `<time datetime>` or a clock time after the
 * headline that is the same moment to the minute, shifted by whole quarter hours.
 */
function localTime(utc: string, page: Page): string | undefined {
  const instant = Date.parse(utc);
  if (Number.isNaN(instant)) return undefined;
  const minute = Math.floor(instant / 60_000) * 60_000;
  // What readers see first: the clock time written after the headline; then the page's <time datetime> values.
  const clocks: { clock: number; shown: boolean }[] = [];
  if (page.anchor) {
    for (const line of [...linesAfter(page.anchor, 40), ...linesBefore(page.anchor, 8)]) {
      if (line.length > 150 || UPDATE_MARK.test(line) || !/\d[:.]\d\d/.test(line)) continue;
      const clock = writtenClock(line);
      if (clock !== undefined) {
        clocks.push({ clock, shown: true });
        break;
      }
    }
  }
  for (const time of page.elements.filter((element) => element.name === 'time' && element.attribs['datetime'] !== undefined)) {
    const clock = wallClock(time.attribs['datetime']!);
    if (clock !== undefined) clocks.push({ clock, shown: false });
  }
  for (const { clock, shown } of clocks) {
    const shift = clock - minute;
    if (shift === 0) {
      if (shown) return undefined;
      continue;
    }
    if (Math.abs(shift) <= 14 * 3_600_000 && shift % 900_000 === 0) {
      const local = new Date(instant + shift).toISOString().replace(/\.\d{3}Z$/, '');
      return `${local}${minutesToOffset(shift / 60_000)}`;
    }
  }
  return undefined;
}

/** The wall-clock minute an ISO date-time states, as if it were UTC. */
function wallClock(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(value.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) : undefined;
}

/** The wall-clock minute a written date and time states ("December 22, 2023 at 8:48 p.m."), as if it were UTC. */
function writtenClock(text: string): number | undefined {
  const written = readWrittenDate(text, true);
  if (!written || written.hour === undefined) return undefined;
  return Date.UTC(written.year, written.month - 1, written.day, written.hour, written.minute ?? 0);
}

/**
 * A date value as ISO 8601: the time and offset kept when given ("2023-05-17T08:30:00-04:00"), the date alone
 * otherwise. Reads ISO forms, compact forms, RFC 2822, Unix times and written dates ("Dec. 5, 2023").
 */
export function normaliseDate(value: string | undefined): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  // Unix time in seconds or milliseconds
  if (/^\d{10}(?:\d{3})?$/.test(text)) {
    const d = new Date(text.length === 13 ? Number(text) : Number(text) * 1000);
    if (d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2100) return undefined;
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?(?=$|\s*[A-Za-z]{0,5}$)/i.exec(text);
  if (iso) {
    const date = validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!date) return undefined;
    if (iso[4] === undefined) return date;
    const hour = Number(iso[4]);
    if (hour > 23) return date;
    return `${date}T${String(hour).padStart(2, '0')}:${iso[5]}:${iso[6] ?? '00'}${offsetOf(iso[7])}`;
  }
  if (/^\d{4}-?\d{2}-?\d{2}/.test(text)) return undefined;
  if (!/\d/.test(text) || text.length > 80) return undefined;
  const written = readWrittenDate(text, false);
  if (!written) return undefined;
  const date = validDate(written.year, written.month, written.day);
  if (!date) return undefined;
  if (written.hour === undefined) return date;
  const time = [written.hour, written.minute ?? 0, written.second ?? 0].map((n) => String(n).padStart(2, '0')).join(':');
  return `${date}T${time}${written.offset === undefined ? '' : minutesToOffset(written.offset)}`;
}

interface WrittenDate {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC, when the text states the zone. */
  offset?: number;
}

const WEEKDAY = String.raw`(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+)?`;
const CLOCK = String.raw`(?:(?:,|\s+at|\s*[-–|•@])?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?)?`;
const ZONE = String.raw`(?:\s*\(?(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[A-Z]{2,5})\)?)?`;
const MONTH_FIRST = new RegExp(String.raw`^${WEEKDAY}(${MONTH_NAME})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${CLOCK}${ZONE}$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_NAME}),?\s+(\d{4})${CLOCK}${ZONE}$`, 'i');
const NUMERIC = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})/(\d{1,2})/(\d{4})${CLOCK}${ZONE}$`, 'i');
/** Offsets of zone abbreviations that name one offset; "ET" or "PT" (either season) give none. */
const ZONE_OFFSETS: Record<string, number> = {
  Z: 0, UTC: 0, GMT: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, IST: 330, JST: 540, KST: 540, SGT: 480, HKT: 480, AEST: 600,
  AEDT: 660, ACST: 570, AWST: 480, NZST: 720, NZDT: 780,
};

/**
 * The parts of a written date: "December 22, 2023 8:48 p.m. EST", "Friday 22 December 2023 16:22", "12/20/2023
 * 20:41:43" (month first) are read directly; other wordings go to chrono-node (slower, and slow on first use).
 * `inText` lets the date stand inside a longer line ("Published: ... | By ...").
 */
function readWrittenDate(text: string, inText: boolean): WrittenDate | undefined {
  const cleaned = text.replace(/\s+/g, ' ').trim();
  const direct = (candidate: string): WrittenDate | undefined => {
    const month = MONTH_FIRST.exec(candidate);
    const day = month ? undefined : DAY_FIRST.exec(candidate);
    const numeric = month || day ? undefined : NUMERIC.exec(candidate);
    const m = month ?? day ?? numeric;
    if (!m) return undefined;
    const [monthText, dayText] = month ? [m[1]!, m[2]!] : day ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    const result: WrittenDate = {
      year: Number(m[3]),
      month: numeric ? Number(monthText) : MONTH_NUMBERS[monthText.toLowerCase().slice(0, 3)]!,
      day: Number(dayText),
    };
    if (m[4] !== undefined) {
      let hour = Number(m[4]);
      const meridiem = m[7]?.[0]?.toLowerCase();
      if (meridiem === 'p' && hour < 12) hour += 12;
      if (meridiem === 'a' && hour === 12) hour = 0;
      if (hour > 23) return undefined;
      Object.assign(result, { hour, minute: Number(m[5]), ...(m[6] !== undefined ? { second: Number(m[6]) } : {}) });
    }
    const zone = m[8];
    if (zone !== undefined && result.hour !== undefined) {
      const numericZone = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
      const offset = numericZone ? (numericZone[1] === '-' ? -1 : 1) * (Number(numericZone[2]) * 60 + Number(numericZone[3])) : ZONE_OFFSETS[zone.toUpperCase()];
      if (offset !== undefined) result.offset = offset;
    }
    return result;
  };
  const found = direct(cleaned);
  if (found) return found;
  if (inText) {
    // The date and clock inside a line: from the date's start to the end of its clock time.
    const at = new RegExp(String.raw`(?:${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})${CLOCK}`, 'i').exec(cleaned);
    const inner = at && direct(at[0]);
    if (inner) return inner;
  }
  // A date needs its year stated; without one chrono-node's (slow) answer would be dropped anyway.
  if (!/(?:^|\D)(?:19|20)\d{2}(?:\D|$)/.test(cleaned)) return undefined;
  const parsed = chrono.parse(cleaned.replace(/(\d)\.(\d\d)\s*(am|pm)/i, '$1:$2$3'), new Date(Date.UTC(2000, 0, 1)), { forwardDate: false })[0];
  const start = parsed?.start;
  if (!start || !start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) return undefined;
  const result: WrittenDate = { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! };
  if (start.isCertain('hour')) Object.assign(result, { hour: start.get('hour')!, minute: start.get('minute') ?? 0, second: start.get('second') ?? 0 });
  if (start.isCertain('hour') && start.isCertain('timezoneOffset')) result.offset = start.get('timezoneOffset')!;
  return result;
}

function offsetOf(zone: string | undefined): string {
  if (zone === undefined) return '';
  if (/^(?:Z|UTC|GMT)$/i.test(zone)) return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = `${m[1]}${m[2]}:${m[3] ?? '00'}`;
  return offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
}

function minutesToOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function validDate(year: number, month: number, day: number): string | undefined {
  if (year < 1990 || year > 2100) return undefined;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Outlet. Trust order: og:site_name, JSON-LD publisher name, JSON-LD WebSite name, application-name, the site part
// of <title>, the URL host without "www.". A tagline beside the name is dropped ("Example | City, State" → "Example").

function findOutlet(page: Page): Found<string> | undefined {
  // "Example | City, State", "Example: Breaking News", "Tickets and More | Example": the name, not the tagline.
  const named = (value: string | undefined) => {
    const parts = (clean(value?.replace(/^@/, '')) ?? '').split(/\s[|–—-]\s|:\s/).map((part) => part.trim()).filter((part) => part.length >= 2);
    return parts.find((part) => isSiteName(part, page)) ?? parts[0];
  };
  const siteName = named(firstMeta(page.meta, 'og:site_name'));
  if (siteName) return { value: siteName, source: 'meta:og:site_name' };
  const publisher = named(jsonLdName(page.jsonLd.article?.['publisher'], page.jsonLd));
  if (publisher) return { value: publisher, source: 'json-ld' };
  const website = named(page.jsonLd.website && stringOf(page.jsonLd.website['name']));
  if (website) return { value: website, source: 'json-ld:website' };
  const application = named(firstMeta(page.meta, 'application-name'));
  if (application) return { value: application, source: 'meta:application-name' };
  if (page.documentTitle) {
    const parts = splitTitle(page.documentTitle);
    const last = parts.length > 1 ? parts[parts.length - 1]!.trim() : undefined;
    if (last && isSiteName(last, page)) return { value: last, source: 'title' };
  }
  if (page.url) return { value: page.url.hostname.replace(/^www\d*\./, ''), source: 'url' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Lead image. Trust order: og:image, twitter:image, JSON-LD image, itemprop=image, link rel=image_src;
// made absolute against the page URL (or og:url / canonical, or <base href>).

function findLeadImage(page: Page): Found<string> | undefined {
  for (const key of ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src']) {
    for (const value of page.meta.get(key) ?? []) {
      const url = absoluteUrl(value, page);
      if (url) return { value: url, source: `meta:${key}` };
    }
  }
  const fromJsonLd = jsonLdImage(page.jsonLd.article?.['image'] ?? page.jsonLd.article?.['thumbnailUrl'], page.jsonLd);
  const resolved = fromJsonLd && absoluteUrl(fromJsonLd, page);
  if (resolved) return { value: resolved, source: 'json-ld' };
  const itemprop = firstMeta(page.meta, 'image', 'thumbnailurl');
  const fromItemprop = itemprop && absoluteUrl(itemprop, page);
  if (fromItemprop) return { value: fromItemprop, source: 'itemprop:image' };
  const link = page.elements.find((element) => element.name === 'link' && relOf(element).includes('image_src'));
  const fromLink = link && absoluteUrl(link.attribs['href'] ?? '', page);
  if (fromLink) return { value: fromLink, source: 'link:image_src' };
  return undefined;
}

function jsonLdImage(value: unknown, jsonLd: JsonLd): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const url = jsonLdImage(item, jsonLd);
      if (url) return url;
    }
    return undefined;
  }
  if (typeof value === 'string') return clean(value);
  const object = resolveRef(value, jsonLd);
  if (!object) return undefined;
  return stringOf(object['url']) ?? stringOf(object['contentUrl']) ?? undefined;
}

function absoluteUrl(value: string, page: Page): string | undefined {
  const text = clean(value);
  if (!text || /^data:/i.test(text)) return undefined;
  const url = parseUrl(text, page.base);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  return url.href;
}

// ---------------------------------------------------------------------------------------------------------
// Language. Trust order: <html lang>, meta content-language (http-equiv or name), og:locale, JSON-LD inLanguage;
// the primary subtag, lower-cased.

function findLanguage(page: Page): Found<string> | undefined {
  const html = page.elements.find((element) => element.name === 'html');
  const candidates: [string | undefined, string][] = [
    [html?.attribs['lang'] ?? html?.attribs['xml:lang'], 'html:lang'],
    [firstMeta(page.meta, 'content-language'), 'meta:content-language'],
    [firstMeta(page.meta, 'language', 'dc.language'), 'meta:language'],
    [firstMeta(page.meta, 'og:locale'), 'meta:og:locale'],
    [stringOf(page.jsonLd.article?.['inLanguage']), 'json-ld'],
  ];
  for (const [value, source] of candidates) {
    const tag = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*(?:[,;].*)?$/i.exec(value ?? '')?.[1]?.toLowerCase();
    if (tag && tag !== 'und' && tag !== 'mul' && tag !== 'zxx') return { value: tag, source };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// JSON-LD: every block read leniently, nodes flattened through arrays, @graph and main entities.

interface JsonLd {
  nodes: JsonObject[];
  byId: Map<string, JsonObject>;
  /** The article-typed node (NewsArticle, BlogPosting, ...), the one with most article fields. */
  article: JsonObject | undefined;
  website: JsonObject | undefined;
  /** The WebPage node (WebPage, ItemPage, ...). */
  webPage: JsonObject | undefined;
}

/** Types of a creative work that is the page's story; the news and blog kinds count most. */
const ARTICLE_TYPE = /^(?:\w*Article|BlogPosting|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|Report|Review|CriticReview|Posting|Story|Column|OpinionPiece|Obituary)$/i;
const STRONG_ARTICLE_TYPE = /Article$|BlogPosting|Report$/i;

function readJsonLd(elements: Element[], url: URL | undefined): JsonLd {
  const nodes: JsonObject[] = [];
  const depths = new Map<JsonObject, number>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, depth + 1));
    if (!isObject(value)) return;
    nodes.push(value);
    depths.set(value, depth);
    if (value['@graph'] !== undefined) visit(value['@graph'], depth + 1);
    for (const key of ['mainEntity', 'mainEntityOfPage', 'itemListElement', 'hasPart']) {
      const inner = value[key];
      if (isObject(inner) || Array.isArray(inner)) visit(inner, depth + 1);
    }
  };
  const scripts = elements.filter((element) => element.name === 'script' && /ld\+json/i.test(element.attribs['type'] ?? ''));
  for (const script of scripts) {
    for (const value of parseLenientJson(DomUtils.textContent(script))) visit(value, 0);
  }
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) {
    const id = node['@id'];
    if (typeof id === 'string' && Object.keys(node).length > 1 && !byId.has(id)) byId.set(id, node);
  }
  const pageAddress = url && `${url.host}${url.pathname}`.replace(/^www\./, '').replace(/\/$/, '');
  const isThisPage = (value: unknown): boolean => {
    const address = typeof value === 'string' ? value : isObject(value) ? (stringOf(value['@id']) ?? stringOf(value['url'])) : undefined;
    const parsed = parseUrl(address, url);
    return !!parsed && !!pageAddress && `${parsed.host}${parsed.pathname}`.replace(/^www\./, '').replace(/\/$/, '') === pageAddress;
  };
  const score = (node: JsonObject): number => {
    const types = typesOf(node);
    if (!types.some((t) => ARTICLE_TYPE.test(t))) return 0;
    let points = types.some((t) => STRONG_ARTICLE_TYPE.test(t)) ? 4 : 1;
    // Related stories listed in the page's data are articles too: the one about this address wins.
    if (isThisPage(node['url']) || isThisPage(node['mainEntityOfPage'])) points += 3;
    if ((depths.get(node) ?? 0) <= 2) points += 1;
    if (node['headline'] !== undefined) points += 2;
    if (node['datePublished'] !== undefined) points += 1;
    if (node['author'] !== undefined) points += 1;
    if (node['articleBody'] !== undefined) points += 1;
    return points;
  };
  let article: JsonObject | undefined;
  let best = 0;
  for (const node of nodes) {
    const points = score(node);
    if (points > best) [article, best] = [node, points];
  }
  article ??= nodes.find((node) => typeof node['headline'] === 'string');
  const website = nodes.find((node) => typesOf(node).includes('WebSite') && typeof node['name'] === 'string');
  const webPage = nodes.find((node) => typesOf(node).some((t) => /^\w*WebPage$|^ItemPage$/i.test(t)));
  return { nodes, byId, article, website, webPage };
}

/** A node given by reference (`{"@id": "#author-1"}`) completed from the node with that @id. */
function resolveRef(value: unknown, jsonLd: JsonLd): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const id = value['@id'];
  const full = typeof id === 'string' ? jsonLd.byId.get(id) : undefined;
  return full && full !== value ? { ...full, ...value } : value;
}

function jsonLdName(value: unknown, jsonLd: JsonLd): string | undefined {
  if (Array.isArray(value)) return value.map((item) => jsonLdName(item, jsonLd)).find(Boolean);
  if (typeof value === 'string') return isUrl(value) ? undefined : clean(decodeEntities(value));
  const object = resolveRef(value, jsonLd);
  return object ? stringOf(object['name']) : undefined;
}

function typesOf(node: JsonObject): string[] {
  return [node['@type']].flat().filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, ''));
}

/**
 * The JSON values in a script block, tolerating what pages get wrong: HTML comments and CDATA wrappers,
 * JavaScript comments, trailing commas, raw line breaks inside strings, HTML-escaped quotes, and several
 * values one after another.
 */
export function parseLenientJson(source: string): unknown[] {
  let text = source.trim().replace(/^(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>$/g, '').replace(/^<!--|-->$/g, '').trim();
  if (text === '') return [];
  try {
    return [JSON.parse(text)];
  } catch {
    // repaired below
  }
  if (!text.includes('"') && /&quot;|&#0*34;/.test(text)) text = decodeEntities(text);
  const repaired = repairJson(text);
  try {
    return [JSON.parse(repaired)];
  } catch {
    // several values, or damage the repair cannot mend: parse each balanced value on its own
  }
  const values: unknown[] = [];
  for (const part of balancedValues(repaired)) {
    try {
      values.push(JSON.parse(part));
    } catch {
      // skip this value, keep the others
    }
  }
  return values;
}

/**
 * Comments removed, control characters inside strings escaped and trailing commas dropped, in one pass: a `}` or
 * `]` outside a string takes back a comma emitted just before it (spaces aside).
 */
function repairJson(text: string): string {
  const out: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') {
        const next = text[i + 1] ?? '';
        // Escapes JSON does not know ("\'") lose their backslash.
        out.push(/["\\/bfnrtu]/.test(next) ? c + next : next);
        i++;
      } else if (c === '"') {
        inString = false;
        out.push(c);
      } else if (c === '\n') out.push('\\n');
      else if (c === '\r') out.push('\\r');
      else if (c === '\t') out.push('\\t');
      else if (c < ' ') out.push(' ');
      else out.push(c);
      continue;
    }
    if (c === '"') {
      inString = true;
      out.push(c);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('<!--', i)) {
      i += 3;
    } else if (text.startsWith('-->', i)) {
      i += 2;
    } else {
      if (c === '}' || c === ']') dropTrailingComma(out);
      out.push(c);
    }
  }
  return out.join('');
}

/** Removes a `,` that ends the output so far, looking back over whitespace only. */
function dropTrailingComma(out: string[]): void {
  let j = out.length - 1;
  while (j >= 0 && /^\s$/.test(out[j]!)) j--;
  if (j >= 0 && out[j] === ',') out.splice(j, 1);
}

/** Top-level `{...}` and `[...]` values of a text, split by bracket matching outside strings. */
function balancedValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === '}' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0 && start >= 0) values.push(text.slice(start, i + 1));
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers.

const NEVER_VISIBLE = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'head', 'title', 'select', 'textarea', 'button']);
const BLOCK = /^(?:address|article|aside|blockquote|div|dl|dt|dd|fieldset|figure|figcaption|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tr|td|th|ul|br)$/;

/** Text as shown: hidden and script content left out, blocks separated by a space, whitespace collapsed. */
function visibleText(node: DomNode): string {
  let text = '';
  const visit = (current: DomNode): void => {
    if (DomUtils.isText(current)) {
      text += current.data;
    } else if (DomUtils.isTag(current)) {
      if (NEVER_VISIBLE.has(current.name) || isHidden(current)) return;
      const block = BLOCK.test(current.name);
      if (block) text += ' ';
      for (const child of current.children) visit(child);
      if (block) text += ' ';
    }
  };
  visit(node);
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

function isHidden(element: Element): boolean {
  if ('hidden' in element.attribs || element.attribs['aria-hidden'] === 'true') return true;
  const style = element.attribs['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

const CHROME_TAGS = new Set(['nav', 'footer', 'aside', 'form']);
/** Class or id words of page furniture: a whole word of the class or id ("sidebar", "related-posts", not "sidebar-mode-1"). */
const CHROME_WORD =
  /^(?:related|recommended|recirc|trending|popular|most-read|mostread|comments?|sidebar|footer|newsletter|promo|teaser|more-stories|read-next|up-next|outbrain|taboola)(?:s|[-_](?:posts?|articles?|stories|content|links?|list|widgets?|area|wrapper|container|section|module|box|block|items?|news|reads?))?$/i;

/** Inside navigation, footers, sidebars, related-story lists or comments. */
function isInChrome(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parent && DomUtils.isTag(node.parent) ? node.parent : null) {
    if (CHROME_TAGS.has(node.name) || isHidden(node)) return true;
    const role = (node.attribs['role'] ?? '').toLowerCase();
    if (role === 'navigation' || role === 'complementary' || role === 'contentinfo') return true;
    const words = `${node.attribs['class'] ?? ''} ${node.attribs['id'] ?? ''}`.split(/\s+/);
    if (words.some((word) => CHROME_WORD.test(word))) return true;
  }
  return false;
}

function hasAncestor(element: Element, test: (ancestor: Element) => boolean): boolean {
  for (let node = element.parent; node; node = node.parent) if (DomUtils.isTag(node) && test(node)) return true;
  return false;
}

function isInside(node: DomNode, ancestor: DomNode): boolean {
  for (let current: DomNode | null = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** True when `node` comes after `reference` in document order (and is not inside it). */
function comesAfter(node: DomNode, reference: DomNode): boolean {
  return (DomUtils.compareDocumentPosition(reference, node) & 4) !== 0 && !isInside(node, reference);
}

/** The next node in document order, skipping the content of invisible elements. */
function nextInOrder(node: DomNode): DomNode | null {
  if (DomUtils.isTag(node) && !NEVER_VISIBLE.has(node.name) && node.children.length > 0) return node.children[0]!;
  for (let current: DomNode | null = node; current; current = current.parent) {
    if (current.next) return current.next;
  }
  return null;
}

/** The first node after an element and its content, in document order. */
function nextAfter(element: Element): DomNode | null {
  for (let current: DomNode | null = element; current; current = current.parent) {
    if (current.next) return current.next;
  }
  return null;
}

/** The text just before an element in its parent: "Updated" in "Updated <time>". */
function previousText(element: Element): string {
  let text = '';
  for (let node = element.prev; node && text.length < 40; node = node.prev) {
    text = (DomUtils.isText(node) ? node.data : DomUtils.isTag(node) ? visibleText(node) : '') + text;
  }
  return text;
}

function attributeWords(element: Element, name: string): string[] {
  return (element.attribs[name] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

function relOf(element: Element): string[] {
  return attributeWords(element, 'rel');
}

function hostLabelsOf(url: URL | undefined): string[] {
  if (!url) return [];
  const host = url.hostname.replace(/^www\d*\./, '');
  const labels = host.split('.');
  // The registrable label: the one before the public suffix ("co.uk", "com.au" take two).
  const suffixLength = labels.length > 2 && /^(?:co|com|org|net|gov|ac|edu)$/.test(labels[labels.length - 2]!) ? 2 : 1;
  const main = labels[labels.length - 1 - suffixLength];
  return [alnumKey(host), ...(main ? [alnumKey(main)] : [])];
}

function parseUrl(value: string | undefined, base?: URL): URL | undefined {
  const text = clean(value);
  if (!text) return undefined;
  try {
    return new URL(text.startsWith('//') && !base ? `https:${text}` : text, base);
  } catch {
    return undefined;
  }
}

function isUrl(value: string): boolean {
  return /^(?:https?:)?\/\/|^www\./i.test(value.trim());
}

function stringOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(stringOf).find(Boolean);
  if (isObject(value) && typeof value['@value'] === 'string') return stringOf(value['@value']);
  return typeof value === 'string' ? clean(decodeEntities(value)) : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whitespace collapsed and trimmed; undefined when nothing is left. */
function clean(value: string | undefined): string | undefined {
  const cleaned = value?.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  return cleaned === '' ? undefined : cleaned;
}

/** Case, space and punctuation folded, for comparing two renderings of the same text. */
function looseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function alnumKey(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’',
  ldquo: '“', rdquo: '”', hellip: '…', copy: '©', reg: '®', trade: '™', eacute: 'é', egrave: 'è', aacute: 'á',
  iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', uuml: 'ü', ouml: 'ö', auml: 'ä', ccedil: 'ç', szlig: 'ß',
};

/** HTML character references, which JSON-LD strings and double-escaped attributes often still hold. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,8}));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name!.toLowerCase()] ?? whole;
  });
}
