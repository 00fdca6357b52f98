/**
 * The rules both stores follow to link one-word names across the corpus ("Pompeo" → the one "Mike Pompeo" some
 * article names in full, "GM" → "General Motors"): which mentions are noted, which words they can be called by,
 * and how a word two full names share is decided.
 */
import type { Span } from '../document/types.js';
import { ACRONYM_SKIP, ORGANISATION_SUFFIXES } from '../language/entities/names.js';

export type NameLabel = 'PER' | 'ORG';

/** A person or organisation named in an article, as `known_names` holds it. */
export interface NotedName {
  entity: string;
  label: NameLabel;
  name: string;
  words: number;
  first: string;
  last: string;
  /** The words after the first, '-' joined. */
  rest: string;
  initials: string;
  /** Ids the tagger may have given this full name under another type ("Kim Jong Un" as an organisation). */
  otherTypeIds: string[];
  /** Words whose one-word id may stand for this name: first and last word, and an organisation's initials. */
  calledBy: string[];
}

function labelOf(entity: string): NameLabel | undefined {
  return entity.startsWith('person/') ? 'PER' : entity.startsWith('org/') ? 'ORG' : undefined;
}

/** The name a mention span gives, when it names a person or organisation by name. */
export function notedName(span: Span): NotedName | undefined {
  if (span.type !== 'mention' || span.form !== 'name') return undefined;
  const label = labelOf(span.entity);
  if (!label) return undefined;
  const words = span.entity.slice(span.entity.indexOf('/') + 1).split('-').filter(Boolean);
  if (words.length === 0) return undefined;
  const initials = words.filter((w) => !ACRONYM_SKIP.has(w)).map((w) => w[0]).join('');
  const full = words.length > 1;
  return {
    entity: span.entity,
    label,
    name: span.name,
    words: words.length,
    first: words[0]!,
    last: words.at(-1)!,
    rest: words.slice(1).join('-'),
    initials,
    otherTypeIds: label === 'PER' && full ? ['org/', 'misc/'].map((type) => `${type}${words.join('-')}`) : [],
    calledBy: [words[0]!, words.at(-1)!, ...(full && label === 'ORG' ? [initials] : [])],
  };
}

/** People and organisations a document's mentions refer to (by name, description or pronoun): what `entity_articles` counts. */
export function namedEntities(spans: readonly Span[]): Set<string> {
  const named = new Set<string>();
  for (const span of spans) if (span.type === 'mention' && labelOf(span.entity)) named.add(span.entity);
  return named;
}

/**
 * Whether `word` alone may stand for the full name `full`: any of a person's names may; a company's short name is
 * its first word when the rest is corporate ("Ford" for "Ford Motor"), or its initials ("GM"), but "Boeing" is not
 * "Boeing Commercial Airplanes".
 */
export function mayStandFor(label: NameLabel, word: string, full: { initials: string; first_word: string; rest: string }): boolean {
  if (label === 'PER') return true;
  return full.initials === word || (full.first_word === word && full.rest.split('-').every((w) => ORGANISATION_SUFFIXES.has(w)));
}

/** The one of several full names named in at least three times as many articles as all the others, if any. */
export function dominant<T extends { articles: number }>(names: T[]): T | undefined {
  const sorted = [...names].sort((a, b) => b.articles - a.articles);
  const [first, ...rest] = sorted;
  const others = rest.reduce((n, p) => n + p.articles, 0);
  return first && others > 0 && first.articles >= 3 * others ? first : undefined;
}
