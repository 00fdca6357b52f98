/**
 * Words for what the coders store as codes: CAMEO event names, quad classes, Goldstein scores, entity labels,
 * and the paths of the pages that show an entity or an event.
 */
import { cameoCode } from '../../../src/events/ontology/cameo.js';

/** The CAMEO codebook's name for an event code ("036" → "Express intent to meet or negotiate"). */
export function cameoName(code: string): string | undefined {
  return cameoCode(code)?.name;
}

export const QUAD_CLASS_NAMES: Record<number, string> = {
  1: 'Verbal cooperation',
  2: 'Material cooperation',
  3: 'Verbal conflict',
  4: 'Material conflict',
};

export const ENTITY_LABEL_NAMES: Record<string, string> = {
  PER: 'person',
  ORG: 'organisation',
  GPE: 'country or city',
  LOC: 'place',
  MISC: 'other',
};

/** Goldstein scores read best signed: +3.4 cooperative, -4.0 hostile. */
export function formatGoldstein(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
}

/**
 * Entity ids the store knows across articles (person/kim-jong-un). Ids of descriptions the language stage could
 * not tie to a named entity are local to one article (f9ac8f7a8c55/description-1) and have no actor page.
 */
export function isCorpusEntity(entity: string | null | undefined): entity is string {
  return !!entity && /^(person|org|country|place|misc)\/[^/\s]+$/.test(entity);
}

/** `/actors/person/kim-jong-un`: the id's slash stays a path separator, each part is encoded on its own. */
export function actorPath(entity: string): string {
  return `/actors/${entity.split('/').map(encodeURIComponent).join('/')}`;
}

/** The reader opened on one event: its evidence sentence highlighted and its details shown. */
export function eventPath(article: string, spanId: number): string {
  return `/articles/${encodeURIComponent(article)}?event=${spanId}`;
}

/** The reader opened on one span (a quote, a mention), highlighted. */
export function spanPath(article: string, spanId: number): string {
  return `/articles/${encodeURIComponent(article)}?span=${spanId}`;
}

const DATE_SOURCES: Record<string, string> = {
  timex: 'from a time expression in the text',
  published: 'the publication date',
  record: "from the input record's date",
  none: 'no date known',
};

export function dateSourceName(source: string): string {
  return DATE_SOURCES[source] ?? source;
}
