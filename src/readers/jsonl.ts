/**
 * JSONL input: one article per line. Lines are split at the byte level so a big file is streamed and no
 * single line can take more than `maxBytes` of memory.
 */
import type { SourceHints } from '../document/types.js';
import { decodeText } from './encoding.js';
import { extractHtml } from './html.js';
import { oversizeMessage } from './limits.js';
import type { ReadResult } from './types.js';

/** One line of input: its bytes (without the newline), or only its size when it was over the limit. */
export type RawLine = { number: number; bytes: Uint8Array } | { number: number; oversize: number };

const NEWLINE = 0x0a;

/** Hint fields a record may carry, all strings. */
const HINT_FIELDS = ['url', 'outlet', 'title', 'published', 'author'] as const;
/** Fields that hold the article as plain text, in order of preference. */
const TEXT_FIELDS = ['text', 'body', 'content'] as const;

/**
 * Reads a JSONL stream: one result per non-blank line, or an `empty input` error when there is none.
 * Stream errors propagate to the caller.
 */
export async function* readJsonlStream(
  uri: string,
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<ReadResult> {
  let records = 0;
  for await (const line of splitLines(chunks, maxLineBytes)) {
    const result = readJsonlLine(uri, line, maxLineBytes);
    if (result === undefined) continue;
    records++;
    yield result;
  }
  if (records === 0) yield failure(uri, 'empty input');
}

/** The same for JSONL already in memory. */
export function readJsonlBytes(uri: string, bytes: Uint8Array, maxLineBytes: number): ReadResult[] {
  const results: ReadResult[] = [];
  let start = 0;
  for (let number = 1; start <= bytes.length; number++) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const line: RawLine =
      end - start > maxLineBytes ? { number, oversize: end - start } : { number, bytes: bytes.subarray(start, end) };
    const result = readJsonlLine(uri, line, maxLineBytes);
    if (result !== undefined) results.push(result);
    if (newline === -1) break;
    start = newline + 1;
  }
  return results.length > 0 ? results : [failure(uri, 'empty input')];
}

/** Splits a byte stream into lines, keeping at most `maxLineBytes` of the current line in memory. */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  let parts: Uint8Array[] = [];
  let lineLength = 0;
  let number = 1;
  const finishLine = (): RawLine => {
    const line: RawLine =
      lineLength > maxLineBytes ? { number, oversize: lineLength } : { number, bytes: Buffer.concat(parts) };
    parts = [];
    lineLength = 0;
    number++;
    return line;
  };
  for await (const rawChunk of chunks) {
    const chunk = typeof rawChunk === 'string' ? Buffer.from(rawChunk, 'utf8') : rawChunk;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      lineLength += end - start;
      // Past the limit only the length is counted; the line's bytes are dropped as they arrive.
      if (lineLength > maxLineBytes) parts = [];
      else if (end > start) parts.push(chunk.subarray(start, end));
      if (newline === -1) break;
      yield finishLine();
      start = newline + 1;
    }
  }
  if (lineLength > 0) yield finishLine();
}

/** Turns one line into a result; `undefined` for a blank line. */
export function readJsonlLine(uri: string, line: RawLine, maxLineBytes: number): ReadResult | undefined {
  const lineUri = `${uri}#line=${line.number}`;
  if ('oversize' in line) return failure(lineUri, oversizeMessage(line.oversize, maxLineBytes));
  const bytes = withoutTrailingCarriageReturn(line.bytes);
  if (isBlank(bytes)) return undefined;
  try {
    const { text, encoding } = decodeText(bytes);
    return readRecord(lineUri, text, encoding);
  } catch (error) {
    return failure(lineUri, error instanceof Error ? error.message : String(error));
  }
}

function readRecord(uri: string, json: string, encoding: string): ReadResult {
  let record: unknown;
  try {
    // "\ud800" escapes decode to lone surrogates, which no store keeps intact; U+FFFD keeps every offset.
    record = JSON.parse(json, (_key, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value));
  } catch (error) {
    return failure(uri, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return readArticleObject(uri, record, encoding);
}

/**
 * One article given as an object (a JSONL record, an API request): `url`, `outlet`, `title`, `published`,
 * `author` hints and the article as `text` (or `body`, `content`) or `html`.
 */
export function readArticleObject(uri: string, record: unknown, encoding = 'utf-8'): ReadResult {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return failure(uri, `expected a JSON object with the article, got ${describeJsonValue(record)}`);
  }
  const fields = record as Record<string, unknown>;

  const hints: SourceHints = {};
  for (const field of HINT_FIELDS) {
    const value = field === 'author' ? joinedAuthors(fields[field]) : fields[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return wrongType(uri, field, fields[field]);
    const trimmed = value.trim();
    if (trimmed !== '') hints[field] = trimmed;
  }

  const textField = TEXT_FIELDS.find((field) => fields[field] !== undefined && fields[field] !== null);
  const text = textField === undefined ? undefined : fields[textField];
  if (textField !== undefined && typeof text !== 'string') return wrongType(uri, textField, text);
  const html = fields['html'];
  if (html !== undefined && html !== null && typeof html !== 'string') return wrongType(uri, 'html', html);

  if (typeof text === 'string' && text.trim() !== '') {
    return { ok: true, source: { uri, format: 'txt', text, encoding, hints } };
  }
  if (typeof html === 'string' && html.trim() !== '') {
    try {
      const page = extractHtml(html);
      // The record's own fields are more deliberate than the page's meta tags.
      return { ok: true, source: { uri, format: 'html', text: page.text, encoding, hints: { ...page.hints, ...hints }, marks: page.marks } };
    } catch (error) {
      return failure(uri, `field "html": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (textField !== undefined) return failure(uri, `field "${textField}" is empty`);
  return failure(uri, 'no article: the object has neither a "text" (or "body", "content") nor an "html" field');
}

/** Author lists are common in scraped data; they become one "A, B" hint like JSON-LD author lists. */
function joinedAuthors(value: unknown): unknown {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  return value;
}

function wrongType(uri: string, field: string, value: unknown): ReadResult {
  return failure(uri, `field "${field}" should be a string, not ${describeJsonValue(value)}`);
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function withoutTrailingCarriageReturn(bytes: Uint8Array): Uint8Array {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
}

/** Whitespace only (a UTF-8 BOM on the first line counts as nothing). */
function isBlank(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0c) return false;
  }
  return true;
}

function failure(uri: string, message: string): ReadResult {
  return { ok: false, error: { uri, message } };
}
