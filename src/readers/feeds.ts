/**
 * RSS 2.0, Atom and RDF (RSS 1.0) feeds: the items' links, titles, dates and any content the feed carries inline.
 * htmlparser2's feed reader (what its `parseFeed` runs) gives the feed and its items; the parsed document is kept
 * to read what that reader leaves out: Atom's `published` and `rel="alternate"` links, RSS `content:encoded`.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from '../extract/dom.js';
import { checkWellFormedXml, decodeXml } from './xml.js';

export interface FeedItem {
  /** The item's page, absolute (resolved against the feed's address). */
  link?: string;
  /** RSS guid or Atom id. */
  id?: string;
  title?: string;
  /** ISO 8601, when the feed gives a date that parses. */
  published?: string;
  /** A short description (RSS description, Atom summary), often HTML. */
  summary?: string;
  /** The full article inline (RSS content:encoded, Atom content), HTML. */
  content?: string;
}

export interface ParsedFeed {
  type: 'rss' | 'atom' | 'rdf';
  title?: string;
  link?: string;
  items: FeedItem[];
}

export interface FeedParseOptions {
  /** The feed's own address: relative item links are resolved against it. */
  url?: string;
  /** The HTTP Content-Type, for its charset. */
  contentType?: string | null;
}

/**
 * Parses a feed. Throws an Error with a short message for input that is not one: `empty input`, `broken XML:
 * <item> opened on line 7 is never closed (...)`, `not an RSS, Atom or RDF feed (its root element is <html>)`.
 */
export function parseFeed(input: string | Uint8Array, options: FeedParseOptions = {}): ParsedFeed {
  const xml = typeof input === 'string' ? input : decodeXml(input, options.contentType);
  if (xml.trim() === '') throw new Error('empty input');
  checkWellFormedXml(xml);
  const document = parseDocument(xml, { xmlMode: true });
  const feed = DomUtils.getFeed(document.children);
  const root = document.children.find((node): node is Element => DomUtils.isTag(node));
  if (feed === null || root === undefined) {
    throw new Error(`not an RSS, Atom or RDF feed (its root element is <${root?.name ?? 'none'}>)`);
  }
  const type = feed.type === 'atom' ? 'atom' : feed.type === 'rdf' ? 'rdf' : 'rss';
  const itemElements = DomUtils.getElementsByTagName(type === 'atom' ? 'entry' : 'item', root.children);
  const base = options.url;
  const items = feed.items.map((item, index): FeedItem => {
    const element = itemElements[index];
    const extra = element ? (type === 'atom' ? atomExtras(element) : rssExtras(element)) : {};
    const link = extra.link ?? item.link ?? permalinkGuid(element);
    return withoutEmpty({
      link: absolute(link, base),
      id: item.id,
      title: item.title === undefined ? undefined : collapse(item.title),
      published: isoDate(extra.published) ?? (item.pubDate && !Number.isNaN(item.pubDate.getTime()) ? item.pubDate.toISOString() : undefined),
      summary: extra.summary ?? item.description,
      content: extra.content,
    });
  });
  return withoutEmpty({ type, title: feed.title === undefined ? undefined : collapse(feed.title), link: absolute(feed.link, base), items });
}

/** What identifies an item between polls: its link, else its id. */
export function feedItemKey(item: FeedItem): string | undefined {
  return item.link ?? item.id;
}

interface Extras {
  link?: string;
  published?: string;
  summary?: string;
  content?: string;
}

function atomExtras(entry: Element): Extras {
  const links = childElements(entry, 'link');
  // rel="alternate" (or no rel) is the page; "self", "edit", "enclosure" are not.
  const alternate = links.find((link) => (link.attribs['rel'] ?? 'alternate') === 'alternate' && link.attribs['href']);
  const content = childElements(entry, 'content')[0];
  const summary = childElements(entry, 'summary')[0];
  return {
    link: alternate?.attribs['href'],
    published: childText(entry, 'published') ?? childText(entry, 'updated'),
    summary: summary ? atomText(summary) : undefined,
    content: content && !content.attribs['src'] ? atomText(content) : undefined,
  };
}

function rssExtras(item: Element): Extras {
  return { content: childText(item, 'content:encoded') };
}

/** Atom text constructs: `xhtml` holds markup as elements, `html` and `text` hold it as text. */
function atomText(element: Element): string | undefined {
  if (element.attribs['type'] === 'xhtml') return nonEmpty(DomUtils.getInnerHTML(element, { xmlMode: true }));
  return nonEmpty(DomUtils.textContent(element));
}

/** An RSS guid that says it is the item's address. */
function permalinkGuid(item: Element | undefined): string | undefined {
  const guid = item ? childElements(item, 'guid')[0] : undefined;
  if (!guid || guid.attribs['isPermaLink'] === 'false') return undefined;
  const text = DomUtils.textContent(guid).trim();
  return /^https?:\/\//i.test(text) ? text : undefined;
}

function childElements(parent: Element, name: string): Element[] {
  return parent.children.filter((child): child is Element => DomUtils.isTag(child) && child.name === name);
}

function childText(parent: Element, name: string): string | undefined {
  const child = childElements(parent, name)[0];
  return child ? nonEmpty(DomUtils.textContent(child)) : undefined;
}

function absolute(link: string | undefined, base: string | undefined): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed) return undefined;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

/** A feed date (RFC 822 in RSS, RFC 3339 in Atom, W3C dates in RDF) as ISO 8601, or undefined. */
function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
