/**
 * What every exporter takes (one coded event with the article it came from and a numeric id) and the pieces they
 * share: the flat record CSV and JSON Lines write, dates, actor parts and JSON text safe for line-based readers.
 */
import { cameoCode } from '../ontology/cameo.js';
import { splitActorCode, type ActorCodeParts } from '../ontology/actors.js';
import type { CodedEvent, EventActor } from '../types.js';

/** The article an event was coded from, as far as the exporters need it. */
export interface ExportArticle {
  id: string;
  url?: string;
  outlet?: string;
  /** Publication date or date-time, ISO 8601. */
  published?: string;
  title?: string;
}

/** One event to export. `eventId` is the event's number in the export (GDELT's GlobalEventID). */
export interface ExportRow {
  event: CodedEvent;
  article: ExportArticle;
  eventId: number;
}

/** An actor with no code (`null`, empty, or CAMEO's `---` for unknown) has none of the code's parts. */
export function actorCode(actor: EventActor): string | undefined {
  const code = actor.code?.trim();
  return code && code !== '---' ? code : undefined;
}

/** The actor's code taken apart; the country is the actor's own `country` when the coder set one. */
export function actorParts(actor: EventActor): ActorCodeParts {
  const parts = splitActorCode(actorCode(actor));
  const country = actor.country ?? parts.country;
  return country === undefined ? parts : { ...parts, country };
}

/** A date at the precision it was given: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export interface DateParts {
  year: number;
  month?: number;
  day?: number;
}

/** Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (anything after the day, such as a time, is ignored). */
export function dateParts(date: string | undefined): DateParts | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])/.exec(date?.trim() ?? '');
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  return { year, month, day };
}

/**
 * The article's publication day (`YYYY-MM-DD`): the date part of an ISO date or date-time as written, else the
 * UTC day of anything else `Date` reads (RSS-style dates); undefined when unreadable or coarser than a day.
 */
export function publishedDay(published: string | undefined): string | undefined {
  if (!published) return undefined;
  const parts = dateParts(published);
  if (parts) return parts.day === undefined ? undefined : published.trim().slice(0, 10);
  const time = Date.parse(published);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/**
 * The event's date for formats that need one: the coded date at its own precision, or else the article's
 * publication day (GDELT's convention when a story gives no date), with where it came from.
 */
export function exportDate(row: ExportRow): { date?: string; source: CodedEvent['dateSource'] } {
  if (row.event.date) return { date: row.event.date, source: row.event.dateSource };
  const day = publishedDay(row.article.published);
  return day ? { date: day, source: 'published' } : { source: 'none' };
}

/**
 * JSON text that line-based readers cannot split: U+2028, U+2029 and U+0085 are escaped (JSON allows them raw,
 * but Python's splitlines and some JSON Lines readers break lines on them).
 */
export function safeJson(value: unknown, indent?: number): string {
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(value, null, indent).replace(/[\u0085\u2028\u2029]/g, escape);
}

/** The columns of the flat record, in order: CSV's header and JSON Lines' keys. */
export const FLAT_COLUMNS = [
  'event_id',
  'article_id',
  'article_url',
  'article_outlet',
  'article_published',
  'article_title',
  'date',
  'date_source',
  'source_code',
  'source_country',
  'source_entity',
  'source_text',
  'source_start',
  'source_end',
  'target_code',
  'target_country',
  'target_entity',
  'target_text',
  'target_start',
  'target_end',
  'cameo_code',
  'cameo_name',
  'cameo_root',
  'quad_class',
  'goldstein',
  'plover_category',
  'plover_mode',
  'location_name',
  'location_country',
  'location_start',
  'location_end',
  'negated',
  'modality',
  'attribution_span',
  'attribution_chain',
  'sentence_start',
  'sentence_end',
  'trigger',
  'confidence',
  'rule',
] as const;
export type FlatColumn = (typeof FLAT_COLUMNS)[number];
export type FlatValue = string | number | boolean | null;
export type FlatRecord = Record<FlatColumn, FlatValue>;

const actorFields = (actor: EventActor) => ({
  code: actorCode(actor) ?? null,
  country: actorParts(actor).country ?? null,
  entity: actor.entity ?? null,
  text: actor.text ?? null,
  start: actor.range?.start ?? null,
  end: actor.range?.end ?? null,
});

/**
 * One event as a flat record: every value a string, number, boolean or null (absent). The date is the coded one
 * as it is (no publication-date fallback); `attribution_chain` is `name (role) > name (role) ...` from speaker to
 * publisher; `trigger` is the trigger ranges as `start-end;start-end`.
 */
export function flattenRow(row: ExportRow): FlatRecord {
  const { event: e, article: a } = row;
  const source = actorFields(e.source);
  const target = actorFields(e.target);
  return {
    event_id: row.eventId,
    article_id: a.id,
    article_url: a.url ?? null,
    article_outlet: a.outlet ?? null,
    article_published: a.published ?? null,
    article_title: a.title ?? null,
    date: e.date ?? null,
    date_source: e.dateSource,
    source_code: source.code,
    source_country: source.country,
    source_entity: source.entity,
    source_text: source.text,
    source_start: source.start,
    source_end: source.end,
    target_code: target.code,
    target_country: target.country,
    target_entity: target.entity,
    target_text: target.text,
    target_start: target.start,
    target_end: target.end,
    cameo_code: e.code,
    cameo_name: cameoCode(e.code)?.name ?? null,
    cameo_root: e.root,
    quad_class: e.quadClass,
    goldstein: e.goldstein,
    plover_category: e.plover.category,
    plover_mode: e.plover.mode ?? null,
    location_name: e.location?.name ?? null,
    location_country: e.location?.country ?? null,
    location_start: e.location?.range.start ?? null,
    location_end: e.location?.range.end ?? null,
    negated: e.negated,
    modality: e.modality,
    attribution_span: e.attribution?.span ?? null,
    attribution_chain: e.attribution ? e.attribution.chain.map((l) => `${l.name} (${l.role})`).join(' > ') : null,
    sentence_start: e.evidence.sentence.start,
    sentence_end: e.evidence.sentence.end,
    trigger: e.evidence.trigger.map((r) => `${r.start}-${r.end}`).join(';'),
    confidence: e.confidence,
    rule: e.rule,
  };
}
