/**
 * Small wordings the story and chart pages share: dates as a reader reads them, a story's time span, a link to
 * the words in the article reader, and a merged event in one line.
 */
import type { OutletComparison } from '../api.js';

/** A merged event of a story, as GET /api/stories/{id} and /compare give it. */
export type MergedEvent = OutletComparison['events'][number]['event'];

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const MONTH_FORMAT = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "12 Jun 2018" for a full ISO date, "Jun 2018" for a month; anything coarser or odd is shown as stored. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return 'undated';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (day) return DAY_FORMAT.format(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const month = /^(\d{4})-(\d{2})$/.exec(iso);
  if (month) return MONTH_FORMAT.format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return iso;
}

/** "12 Jun 2018" when a story lies within one day, else "31 May 2018 – 1 Jun 2018". */
export function formatSpan(first: string | null, last: string | null): string {
  if (!first && !last) return 'undated';
  if (!first || !last || first === last) return formatDate(first ?? last);
  return `${formatDate(first)} – ${formatDate(last)}`;
}

/**
 * Where the reader shows a piece of evidence: the article with the span selected when there is one. The reader
 * takes an event span as `?event=ID` (it then shows what was coded) and any other span (a mention, a quote) as
 * `?span=ID`.
 */
export function evidenceHref(article: string, spanId?: number | null, kind: 'event' | 'span' = 'span'): string {
  const path = `/articles/${encodeURIComponent(article)}`;
  return spanId === undefined || spanId === null ? path : `${path}?${kind}=${spanId}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Mike Pompeo → CONSULT (046) → Kim Jong Un": who did what to whom, by names where the text gave them. */
export function describeMergedEvent(event: MergedEvent): string {
  const side = (actor: MergedEvent['source']): string => actor.name ?? actor.code ?? 'someone';
  const act = `${event.negated ? 'not ' : ''}${event.plover.category} (${event.code})`;
  return `${side(event.source)} → ${act} → ${side(event.target)}`;
}

/** Names for outlet ids (`outlet/granite-standard`); an article without an outlet stands alone under its id. */
export function outletNames(comparison: OutletComparison): Map<string, string> {
  return new Map(comparison.outlets.map((o) => [o.id, o.name ?? `No outlet (article ${o.articles[0] ?? o.id})`]));
}

/** "Granite Standard", "Granite Standard and Tidelines Asia", "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
