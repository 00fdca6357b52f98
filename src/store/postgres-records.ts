/**
 * What the PostgreSQL store checks in a record beyond the checks every store makes (records.ts), and how it turns
 * spans into rows: its text type cannot hold NUL characters.
 */
import { sha256 } from '../document/document.js';
import type { Span } from '../document/types.js';
import type { ArticleRecord } from './types.js';

/** sha256 of the spans as the record gives them: the same text read the same way is left alone. */
export function hashSpans(spansJson: string): string {
  return sha256(spansJson);
}

/**
 * PostgreSQL's text type cannot hold U+0000 (json keeps it escaped, but its fields are read out as text): a
 * record with one anywhere is refused, naming where, rather than stored changed. The readers refuse NUL bytes
 * as binary data already; this catches one decoded from an escape (a JSON Lines "\u0000"). `spansJson` is
 * JSON.stringify(record.doc.spans), which the store writes anyway.
 */
export function checkNoNul(record: ArticleRecord, spansJson: string): void {
  const at = (value: string | null | undefined): number => (typeof value === 'string' ? value.indexOf('\u0000') : -1);
  const fields: [string, string | null | undefined][] = [
    ['document id', record.doc.id],
    ['document key', record.doc.key],
    ['document text', record.doc.text],
    ['body', record.body],
    ['title', record.title],
    ['outlet', record.outlet],
    ['published', record.published],
    ['dateline', record.dateline],
    ['author', record.author],
  ];
  for (const [name, value] of fields) {
    const offset = at(value);
    if (offset >= 0) throw new Error(`${name} holds a NUL character at offset ${offset}, which PostgreSQL cannot store`);
  }
  const walk = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      const offset = value.indexOf('\u0000');
      if (offset >= 0) throw new Error(`${where} holds a NUL character at offset ${offset}, which PostgreSQL cannot store`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${where}[${i}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) walk(item, `${where}.${key}`);
    }
  };
  walk(record.doc.origin, 'origin');
  walk(record.doc.hints, 'hints');
  // JSON writes NUL as \u0000: only spans whose JSON has that are walked to say where.
  if (spansJson.includes('\\u0000')) for (const span of record.doc.spans) walk(span, `span ${span.id}`);
}

/** Lone surrogates were refused by validateRecord; a pair is one character to PostgreSQL but two UTF-16 units. */
export function hasAstral(text: string): boolean {
  return /[\uD800-\uDBFF]/.test(text);
}

/** A span as the spans table holds it: the common fields as columns, the rest as json text. */
export interface SpanRow {
  seq: number;
  version: number;
  span_id: number;
  position: number;
  type: string;
  stage: string;
  start_offset: number;
  end_offset: number;
  attrs: unknown;
  entity: string | null;
  name: string | null;
  label: string | null;
  form: string | null;
  surface: string | null;
  reason: string | null;
}

/**
 * The span rows of one version. `attrs` is the span without the common fields, stored as the json text
 * JSON.stringify writes (the json type keeps it as written, key order included).
 */
export function spanRows(seq: number, version: number, text: string, spans: readonly Span[]): SpanRow[] {
  return spans.map((span, position) => {
    const { id, type, stage, start, end, ...typeSpecific } = span;
    const mention = span.type === 'mention' ? span : undefined;
    return {
      seq,
      version,
      span_id: id,
      position,
      type,
      stage,
      start_offset: start,
      end_offset: end,
      attrs: typeSpecific,
      entity: mention?.entity ?? null,
      name: mention?.name ?? null,
      label: mention?.label ?? null,
      form: mention?.form ?? null,
      surface: mention ? text.slice(start, end) : null,
      reason: span.type === 'removed' ? span.reason : null,
    };
  });
}
