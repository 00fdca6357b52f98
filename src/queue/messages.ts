import { sha256 } from '../document/document.js';
import type { InputFormat, MarkupRole, SourceHints } from '../document/types.js';
import { decodeText } from '../readers/encoding.js';
import type { SourceText, TextMark } from '../readers/types.js';

/**
 * One source document on the queue, as the readers gave it: a file, a stdin stream or one JSONL record (which
 * may still hold several glued articles; the worker's cleaning splits them). JSON, so any producer can write it.
 */
export interface ArticleMessage {
  v: 1;
  uri: string;
  format: InputFormat;
  encoding: string;
  text: string;
  hints: SourceHints;
  marks?: TextMark[];
  /** ISO 8601 time of enqueueing. */
  enqueuedAt: string;
}

/** A failure no retry can mend (binary data, empty text, a message that is not an article): dead-lettered at once. */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export function articleMessage(source: SourceText, now = new Date()): ArticleMessage {
  return {
    v: 1,
    uri: source.uri,
    format: source.format,
    encoding: source.encoding,
    text: source.text,
    hints: source.hints,
    ...(source.marks && source.marks.length > 0 ? { marks: source.marks } : {}),
    enqueuedAt: now.toISOString(),
  };
}

/**
 * The message id the server deduplicates on: the sha256 of the text, the hash the store's unique content index
 * uses, so the same text enqueued again within the window is dropped before any worker reads it.
 */
export function articleMessageId(message: Pick<ArticleMessage, 'text'>): string {
  return sha256(message.text);
}

const encoder = new TextEncoder();
const FORMATS: ReadonlySet<string> = new Set<InputFormat>(['txt', 'html', 'jsonl']);
const ROLES: ReadonlySet<string> = new Set<MarkupRole>(['caption', 'headline', 'byline']);
const HINT_FIELDS = ['url', 'outlet', 'title', 'published', 'author'] as const;

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/**
 * The source a message carries, checked as strictly as the readers check a file: anything else on the subject
 * (not JSON, wrong fields, binary data, empty text) is a `PermanentError` naming the problem.
 */
export function decodeArticleMessage(data: Uint8Array): SourceText {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    throw new PermanentError(`not an eventwire article message: ${data.length === 0 ? 'empty payload' : `not UTF-8 JSON (${(error as Error).message})`}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PermanentError('not an eventwire article message: not a JSON object');
  const m = value as Record<string, unknown>;
  const uri = typeof m.uri === 'string' && m.uri !== '' ? m.uri : undefined;
  // The dead letter names the input beside the error, so the error does not repeat it.
  const problem = (what: string): PermanentError => new PermanentError(what);
  if (m.v !== 1) throw problem(`unsupported message version ${JSON.stringify(m.v)} (this worker reads version 1)`);
  if (!uri) throw problem('field "uri" must be a non-empty string');
  if (typeof m.format !== 'string' || !FORMATS.has(m.format)) throw problem(`field "format" must be txt, html or jsonl, not ${JSON.stringify(m.format)}`);
  if (typeof m.text !== 'string') throw problem('field "text" must be a string');
  if (typeof m.encoding !== 'string') throw problem('field "encoding" must be a string');
  const hints = m.hints ?? {};
  if (typeof hints !== 'object' || hints === null || Array.isArray(hints)) throw problem('field "hints" must be an object');
  for (const field of HINT_FIELDS) {
    const hint = (hints as Record<string, unknown>)[field];
    if (hint !== undefined && typeof hint !== 'string') throw problem(`hint "${field}" must be a string`);
  }
  if (m.marks !== undefined && !validMarks(m.marks, m.text.length)) throw problem('field "marks" must be a list of {start, end, role} inside the text');
  // The readers' own checks, so text that would have been refused from a file is refused from the queue too.
  try {
    decodeText(encoder.encode(m.text));
  } catch (error) {
    throw problem((error as Error).message);
  }
  return {
    uri,
    format: m.format as InputFormat,
    text: m.text,
    encoding: m.encoding,
    hints: hints as SourceHints,
    ...(m.marks ? { marks: m.marks as TextMark[] } : {}),
  };
}

function validMarks(marks: unknown, length: number): boolean {
  if (!Array.isArray(marks)) return false;
  return marks.every((mark: unknown) => {
    if (typeof mark !== 'object' || mark === null) return false;
    const { start, end, role } = mark as Record<string, unknown>;
    return Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (start as number) <= (end as number) && (end as number) <= length && typeof role === 'string' && ROLES.has(role);
  });
}

/** Where an item failed: reading at enqueue, or a worker's decoding, analysis or store write. */
export type FailureStage = 'read' | 'enqueue' | 'decode' | 'analyse' | 'store';

/** What the dead-letter stream keeps for an item that failed for good. */
export interface DeadLetter {
  uri: string;
  error: string;
  stage: FailureStage;
  /** Deliveries to workers (0 when it failed before it was enqueued). */
  attempts: number;
  /** True when no retry could help (bad input), false when the retries ran out. */
  permanent: boolean;
  /** ISO 8601. */
  failedAt: string;
  /** host:pid of the worker, or of the enqueuing process. */
  by: string;
  /** The message to enqueue again on `queue retry-dead`; absent when there is none (unreadable input). */
  message?: ArticleMessage;
  /** The start of a payload that was not an article message, base64, for inspection. */
  raw?: string;
}
