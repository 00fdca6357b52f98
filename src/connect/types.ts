import { createHash } from 'node:crypto';
import { outletByName } from '../attribution/outlets.js';
import type { DocumentData, TextRange } from '../document/types.js';

/** One analysed article of a story, as the per-story analyses (events, compare, citations) take it. */
export interface ConnectArticle {
  id: string;
  outlet: string | null;
  /** ISO date (YYYY-MM-DD) or null. */
  published: string | null;
  doc: DocumentData;
}

/** Where a finding sits in an article, so a reader can highlight it: the span and its character ranges in `doc.text`. */
export interface Evidence {
  article: string;
  spanId: number;
  ranges: TextRange[];
}

/** An outlet as the analyses name it: a normalised id and the name to show (null when the article names none). */
export interface OutletRef {
  id: string;
  name: string | null;
}

/**
 * The id of an outlet's name: case, a leading "The", a possessive and punctuation do not count, and aliases of
 * outlets eventwire knows ("UPI", "Asahi") become their full names.
 */
export function outletKey(name: string): string {
  const known = outletByName(name)?.name ?? name;
  const slug = known
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/^the\s+/, '')
    .replace(/['’]s$/, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `outlet/${slug || 'unnamed'}`;
}

/** The outlet an article belongs to; an article naming none stands alone, since it cannot be shown to share one. */
export function articleOutlet(article: ConnectArticle): OutletRef {
  const name = article.outlet?.trim();
  return name ? { id: outletKey(name), name } : { id: `unknown/${article.id}`, name: null };
}

/** A short id derived from content, so the same finding keeps its id between runs. */
export function contentId(prefix: string, content: string): string {
  return `${prefix}-${createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 12)}`;
}

/** Gives each item the id `base(item)`, with `-2`, `-3` ... where two items would share one (items come in a fixed order). */
export function assignUniqueIds<T>(items: readonly T[], base: (item: T) => string): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const id = base(item);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}-${n}`;
  });
}

/** Collapses runs of white space, so the same words compare equal however the page wrapped them. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain code-unit order: the same on every machine and locale, which `localeCompare` does not promise. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
