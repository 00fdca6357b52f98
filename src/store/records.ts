/**
 * What every store checks in a record before it writes anything, and the rows it derives from one, so the stores
 * refuse the same records with the same messages and index the same quotes and events.
 */
import { sha256 } from '../document/document.js';
import type { DocumentData, EventSpan, Span } from '../document/types.js';
import type { ArticleRecord } from './types.js';

export function describeRecord(record: ArticleRecord): string {
  const doc = record?.doc as Partial<DocumentData> | undefined;
  return doc?.key !== undefined ? `key ${JSON.stringify(doc.key)}` : 'no key';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** With the u flag a well-formed pair reads as one code point, so \p{Cs} matches only a lone half. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * Records come from other stages and, later, other processes: check what the store relies on (dedup hash,
 * sortable dates, spans that point into the text) so bad data fails the batch instead of landing in it.
 */
export function validateRecord(record: ArticleRecord): void {
  const { doc } = record;
  if (!doc || typeof doc.text !== 'string') throw new TypeError('the record has no document text');
  for (const name of ['id', 'key'] as const) {
    if (typeof doc[name] !== 'string' || doc[name] === '') throw new TypeError(`the document has no ${name}`);
  }
  if (doc.contentHash !== sha256(doc.text)) {
    throw new Error(`contentHash ${doc.contentHash} is not the sha256 of the document text`);
  }
  if (typeof doc.origin !== 'object' || doc.origin === null) throw new TypeError('the document has no origin');
  if (typeof doc.hints !== 'object' || doc.hints === null) throw new TypeError('the document has no hints');
  if (typeof record.body !== 'string') throw new TypeError('the record has no body');
  for (const name of ['title', 'outlet', 'published', 'dateline', 'author'] as const) {
    const value: unknown = record[name];
    if (value !== null && typeof value !== 'string') throw new TypeError(`${name} must be a string or null`);
  }
  const textColumns: [string, string | null][] = [
    ['document id', doc.id],
    ['document key', doc.key],
    ['document text', doc.text],
    ['body', record.body],
    ['title', record.title],
    ['outlet', record.outlet],
    ['dateline', record.dateline],
    ['author', record.author],
  ];
  for (const [name, value] of textColumns) {
    // Text is stored as UTF-8, where an unpaired surrogate becomes U+FFFD: the text would change length and every
    // span offset after it would point at the wrong characters.
    const at = value?.search(UNPAIRED_SURROGATE) ?? -1;
    if (at >= 0) throw new Error(`${name} holds an unpaired UTF-16 surrogate at offset ${at}, which cannot be stored`);
  }
  if (record.published !== null && !ISO_DATE.test(record.published)) {
    throw new Error(`published ${JSON.stringify(record.published)} is not a YYYY-MM-DD date`);
  }
  if (!Array.isArray(doc.spans)) throw new TypeError('the document has no span list');
  const seenIds = new Set<number>();
  for (const span of doc.spans) {
    validateSpan(span, doc.text.length);
    if (seenIds.has(span.id)) throw new Error(`span id ${span.id} occurs twice`);
    seenIds.add(span.id);
  }
}

function validateSpan(span: Span, textLength: number): void {
  const where = `span ${JSON.stringify(span?.id)}`;
  const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
  const isText = (value: unknown): value is string => typeof value === 'string';
  if (!isInteger(span.id)) throw new TypeError(`${where}: id must be an integer`);
  if (!isText(span.stage)) throw new TypeError(`${where}: stage must be a string`);
  if (!isInteger(span.start) || !isInteger(span.end) || span.start < 0 || span.end < span.start || span.end > textLength) {
    throw new RangeError(`${where}: [${span.start}, ${span.end}) is not a range within the text (length ${textLength})`);
  }
  const type: unknown = span.type;
  const inText = (r: unknown): boolean => {
    const range = r as { start?: unknown; end?: unknown } | null;
    return !!range && isInteger(range.start) && isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= textLength;
  };
  switch (span.type) {
    case 'kept':
      if (!isInteger(span.paragraph) || span.paragraph < 0) throw new TypeError(`${where}: paragraph must be a non-negative integer`);
      return;
    case 'removed':
      // Any non-empty reason: the list of reasons evolves, and stored data must stay readable when it does.
      if (!isText(span.reason) || span.reason.length === 0) throw new TypeError(`${where}: reason must be a non-empty string`);
      if (!isText(span.rule)) throw new TypeError(`${where}: rule must be a string`);
      return;
    case 'field':
      if (!isText(span.field) || !isText(span.value) || !isText(span.rule)) {
        throw new TypeError(`${where}: field, value and rule must be strings`);
      }
      return;
    case 'markup':
      if (!isText(span.role)) throw new TypeError(`${where}: role must be a string`);
      return;
    case 'sentence':
      if (!isInteger(span.index) || span.index < 0) throw new TypeError(`${where}: index must be a non-negative integer`);
      return;
    case 'mention':
      if (![span.label, span.form, span.entity, span.name, span.rule].every(isText) || span.entity.length === 0) {
        throw new TypeError(`${where}: label, form, entity, name and rule must be strings, entity non-empty`);
      }
      return;
    case 'event': {
      const event = span.event as Partial<EventSpan['event']> | undefined;
      if (!event || !isText(event.code) || !isText(event.root) || !isInteger(event.quadClass) || typeof event.goldstein !== 'number') {
        throw new TypeError(`${where}: event must have a code, root, quad class and Goldstein score`);
      }
      for (const side of [event.source, event.target]) {
        if (!side || !(side.code === null || isText(side.code)) || (side.range !== undefined && !inText(side.range))) {
          throw new TypeError(`${where}: event source and target need a code and, where given, a range within the text`);
        }
      }
      if (!event.plover || !isText(event.plover.category)) throw new TypeError(`${where}: event needs a PLOVER category`);
      if (!event.evidence || !inText(event.evidence.sentence) || !Array.isArray(event.evidence.trigger) || !event.evidence.trigger.every(inText)) {
        throw new RangeError(`${where}: event evidence must be ranges within the text`);
      }
      return;
    }
    case 'attribution': {
      if (!isText(span.kind) || !isText(span.rule)) throw new TypeError(`${where}: kind and rule must be strings`);
      for (const part of ['cue', 'source', 'content'] as const) {
        if (!Array.isArray(span[part]) || !span[part].every(inText)) throw new RangeError(`${where}: ${part} must be a list of ranges within the text`);
      }
      if (!Array.isArray(span.chain) || !span.chain.every((l) => l && isText(l.name) && isText(l.role) && (l.range === undefined || inText(l.range)))) {
        throw new TypeError(`${where}: chain must be a list of links with a name, a role and an optional range within the text`);
      }
      return;
    }
    case 'timex':
      if (!isText(span.timexType) || !isText(span.value) || span.value.length === 0 || !isText(span.rule)) {
        throw new TypeError(`${where}: timexType, value and rule must be strings, value non-empty`);
      }
      if (span.mod !== undefined && !isText(span.mod)) throw new TypeError(`${where}: mod must be a string`);
      return;
    default:
      throw new TypeError(`${where}: unknown span type ${JSON.stringify(type)}`);
  }
}

/** The stored form back: common fields first, then the type-specific ones, as the document had them. */
export function spanFromRow(row: { span_id: number; type: string; stage: string; start_offset: number; end_offset: number; attrs: object }): Span {
  const base = { id: row.span_id, type: row.type, stage: row.stage, start: row.start_offset, end: row.end_offset };
  return { ...base, ...row.attrs } as Span;
}

export interface QuoteRow {
  seq: number;
  span_id: number;
  kind: string;
  speaker: string;
  speaker_entity: string | null;
  chain: string[];
  content: string;
}

/** The attributions of a document as the quote index holds them (what was said, by whom, through whom). */
export function quoteRows(seq: number, doc: DocumentData): QuoteRow[] {
  const rows: QuoteRow[] = [];
  for (const span of doc.spans) {
    if (span.type !== 'attribution' || span.content.length === 0) continue;
    rows.push({
      seq,
      span_id: span.id,
      kind: span.kind,
      speaker: span.speaker?.name ?? span.chain[0]?.name ?? '',
      speaker_entity: span.speaker?.entity ?? null,
      chain: span.chain.map((l) => `${l.name} (${l.role})`),
      content: span.content.map((r) => doc.text.slice(r.start, r.end)).join(' … '),
    });
  }
  return rows;
}

export interface EventRow {
  seq: number;
  span_id: number;
  source: string;
  target: string;
  code: string;
  root: string;
  quad_class: number;
  plover: string;
  event_date: string | null;
  source_entity: string | null;
  target_entity: string | null;
}

/** The event spans of a document as the event index holds them. */
export function eventRows(seq: number, doc: DocumentData): EventRow[] {
  const rows: EventRow[] = [];
  for (const span of doc.spans) {
    if (span.type !== 'event') continue;
    const { event } = span;
    rows.push({
      seq,
      span_id: span.id,
      source: event.source.code ?? '---',
      target: event.target.code ?? '---',
      code: event.code,
      root: event.root,
      quad_class: event.quadClass,
      plover: event.plover.category,
      event_date: event.date ?? null,
      source_entity: event.source.entity ?? null,
      target_entity: event.target.entity ?? null,
    });
  }
  return rows;
}
