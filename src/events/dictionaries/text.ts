import { isUtf8 } from 'node:buffer';
import { DictionaryError, type DictionaryMessage } from './types.js';

/**
 * Reading dictionary text line by line: decoding the bytes, dropping comments, and the bracket handling every
 * dictionary kind shares. The readers work on what `scanLines` hands them and never see a comment.
 */

/**
 * Collects what a reader finds wrong with a file. `fail` throws a `DictionaryError`; `note` records a message;
 * `quirk` is for format slips real dictionaries contain and whose meaning is still clear (a stray `]`, a
 * pattern without a code): a message normally, an error in strict mode, which suits checking a dictionary.
 */
export class Problems {
  readonly messages: DictionaryMessage[] = [];
  /** Characters the file's expansions have built so far (see `expand`). */
  private expandedCharacters = 0;

  constructor(
    readonly file: string,
    readonly strict = false,
  ) {}

  /** `at` is a line number or a line the scanner handed out. */
  fail(at: number | { line: number }, problem: string): never {
    throw new DictionaryError(this.file, lineOf(at), problem);
  }

  note(at: number | { line: number }, message: string): void {
    this.messages.push({ file: this.file, line: lineOf(at), message });
  }

  quirk(at: number | { line: number }, message: string): void {
    if (this.strict) this.fail(at, message);
    this.note(at, message);
  }

  /**
   * An expansion (`n:`/`v:` forms, `+` joins, `!MARKER!` values, nested synsets): every way of taking one
   * alternative at each position, the first position varying slowest. Each position multiplies the others, so a
   * few lines written to multiply would take more memory than there is: how many phrases, and how many characters,
   * are checked against the limits before anything is built.
   */
  expand<T extends string | readonly string[]>(at: number | { line: number }, positions: readonly (readonly T[])[]): T[][] {
    let phrases = 1;
    for (const alternatives of positions) {
      phrases *= alternatives.length;
      if (phrases > MAX_LINE_PHRASES) this.fail(at, `expands to more than ${describeCount(MAX_LINE_PHRASES)} phrases, the limit for one line`);
    }
    if (phrases === 0) return [];
    // Each alternative at a position appears in phrases / alternatives.length of the phrases.
    let characters = 0;
    for (const alternatives of positions) {
      const copies = phrases / alternatives.length;
      for (const alternative of alternatives) characters += copies * sizeOf(alternative);
      if (characters > MAX_LINE_CHARACTERS) this.fail(at, `expands to more than ${describeCount(MAX_LINE_CHARACTERS)} characters, the limit for one line`);
    }
    this.expandedCharacters += characters;
    if (this.expandedCharacters > MAX_FILE_CHARACTERS) {
      this.fail(at, `expansions add up to more than ${describeCount(MAX_FILE_CHARACTERS)} characters, the limit for one file`);
    }
    const built: T[][] = [];
    for (let index = 0; index < phrases; index++) {
      // `index` in mixed radix, the last position's digit changing fastest.
      const chosen = new Array<T>(positions.length);
      let rest = index;
      for (let position = positions.length - 1; position >= 0; position--) {
        const alternatives = positions[position]!;
        chosen[position] = alternatives[rest % alternatives.length]!;
        rest = Math.floor(rest / alternatives.length);
      }
      built.push(chosen);
    }
    return built;
  }
}

/** Real lines expand to a few dozen phrases of a few words, and real files to some hundred thousand characters. */
export const MAX_LINE_PHRASES = 10_000;
export const MAX_LINE_CHARACTERS = 1_000_000;
export const MAX_FILE_CHARACTERS = 20_000_000;

/** Characters of a word or a phrase of words, counting one separator each: never 0, so every position counts. */
function sizeOf(alternative: string | readonly string[]): number {
  if (typeof alternative === 'string') return alternative.length + 1;
  let size = 0;
  for (const word of alternative) size += word.length + 1;
  return size;
}

function describeCount(count: number): string {
  return count.toLocaleString('en-US');
}

function lineOf(at: number | { line: number }): number {
  return typeof at === 'number' ? at : at.line;
}

/** Options every reader takes. */
export interface ParseOptions {
  /** Make format quirks (a stray `]`, a pattern without a code, a 7-digit date...) errors instead of messages. */
  strict?: boolean;
}

/** One line that still holds content after comments were removed; `text` is trimmed. */
export interface ContentLine {
  line: number;
  text: string;
  /** The comment that ended the line (after `#`, or `;` where allowed), trimmed; absent when none. */
  comment?: string;
}

export interface ScanOptions {
  /** Characters that start an end-of-line comment: `#` everywhere, `;` too in TABARI-era actor and verb files. */
  commentMarks: string;
}

/** Control characters other than tab (and U+FFFD, the trace of an earlier bad decoding) are worth a warning. */
const SUSPECT_CHARACTER = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * Decodes a dictionary file's bytes as UTF-8 (a leading BOM is dropped). Binary data (a NUL byte) or invalid
 * UTF-8 throws a `DictionaryError` naming the first offending line, so a wrong file is caught before parsing.
 */
export function decodeDictionaryBytes(bytes: Uint8Array, file: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DictionaryError(file, lineNumberAt(bytes, nul), 'binary data (a NUL byte): this is not a text dictionary');
  }
  if (!isUtf8(bytes)) {
    throw new DictionaryError(file, firstBadUtf8Line(bytes), 'not UTF-8 text (invalid byte sequence); save the file as UTF-8');
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineNumberAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstBadUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    start = end + 1;
    line++;
  }
  return 1;
}

/**
 * Splits text into content lines: blank lines, `#`/`;` comments and `<!-- ... -->` comments (also spanning
 * lines, and PETRARCH's `<! -- ... -->` spelling) are removed. A `#` inside a closed `[...]` is content, so a
 * code such as `[#1]` survives. Throws for NUL characters and for a `<!--` that is never closed; warns about
 * control characters.
 */
export function scanLines(text: string, options: ScanOptions, problems: Problems): ContentLine[] {
  const lines: ContentLine[] = [];
  const rawLines = text.split(/\r\n|\n|\r/);
  let openCommentLine = 0; // line where an unclosed `<!` comment began, 0 when none is open
  for (let index = 0; index < rawLines.length; index++) {
    const line = index + 1;
    let raw = rawLines[index]!;
    if (raw.includes('\u0000')) problems.fail(line, 'binary data (a NUL character): this is not a text dictionary');
    if (openCommentLine > 0) {
      const close = raw.indexOf('-->');
      if (close < 0) continue;
      raw = raw.slice(close + 3);
      openCommentLine = 0;
    }
    if (SUSPECT_CHARACTER.test(raw)) {
      const found = SUSPECT_CHARACTER.exec(raw)![0];
      const code = found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      problems.quirk(line, `suspicious character U+${code} kept as it is (a damaged or mis-decoded name?)`);
    }
    // Whichever comes first wins: an end-of-line comment, or an XML-style comment (inline, whole-line, or the
    // start of one running over several lines), so a `<!--` inside a `#` comment opens nothing.
    let content = '';
    let comment: string | undefined;
    let rest = raw;
    for (;;) {
      const commentAt = findComment(rest, options.commentMarks);
      const xmlAt = rest.indexOf('<!');
      if (xmlAt >= 0 && (commentAt < 0 || xmlAt < commentAt)) {
        const close = rest.indexOf('-->', xmlAt + 2);
        content += rest.slice(0, xmlAt) + ' ';
        if (close < 0) {
          openCommentLine = line;
          break;
        }
        rest = rest.slice(close + 3);
        continue;
      }
      if (commentAt >= 0) {
        content += rest.slice(0, commentAt);
        comment = rest.slice(commentAt + 1).trim();
      } else content += rest;
      break;
    }
    content = content.trim();
    if (content.length === 0) continue;
    const entry: ContentLine = { line, text: content };
    if (comment) entry.comment = comment;
    lines.push(entry);
  }
  if (openCommentLine > 0) problems.fail(openCommentLine, '`<!--` comment is never closed with `-->`');
  return lines;
}

/** Index of the first comment mark outside a closed `[...]`, or -1. */
function findComment(raw: string, marks: string): number {
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '[') {
      const close = raw.indexOf(']', i + 1);
      if (close > 0) {
        i = close;
        continue;
      }
    }
    if (marks.includes(ch)) return i;
  }
  return -1;
}

/** A `[...]`, `{...}` or `(...)` group found in a line: what is inside and where it sits. */
export interface BracketGroup {
  inner: string;
  start: number;
  /** Index just past the closing character. */
  end: number;
}

/**
 * Cuts the `open ... close` groups out of `text`. An opener that is never closed throws (everything after it
 * would be misread); a stray closer is removed with a message, since real dictionaries hold such typos and the
 * meaning of the line is still plain. Nested openers throw.
 */
export function takeGroups(
  text: string,
  open: string,
  close: string,
  problems: Problems,
  line: number,
): { rest: string; groups: BracketGroup[] } {
  const groups: BracketGroup[] = [];
  let rest = '';
  let from = 0; // start of the text not yet copied to `rest`
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === open) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) problems.fail(line, `\`${open}\` is never closed with \`${close}\``);
      const inner = text.slice(i + 1, end);
      if (inner.includes(open)) problems.fail(line, `nested \`${open}\` inside \`${open}...${close}\``);
      groups.push({ inner, start: i, end: end + 1 });
      rest += text.slice(from, i) + ' ';
      from = end + 1;
      i = end;
    } else if (ch === close) {
      problems.quirk(line, `stray \`${close}\` without \`${open}\` ignored`);
      rest += text.slice(from, i);
      from = i + 1;
    }
  }
  rest += text.slice(from);
  return { rest, groups };
}

/**
 * A trailing run of underscores (TABARI's "no stem" mark), as a pattern for `replace`. `(?<!_)` makes a long run
 * of underscores inside a phrase one try rather than one per underscore, which is quadratic.
 */
export const TRAILING_UNDERSCORES = /(?<!_)_+$/;
/** Underscores before a space or the end of a phrase: they join nothing. */
export const DANGLING_UNDERSCORES = /(?<!_)_+(?=\s|$)/g;

/** Upper-cases dictionary text: PETRARCH compares upper-case words, and a few real entries are in mixed case. */
export function upper(text: string): string {
  return text.toUpperCase();
}

/** Splits on runs of whitespace, dropping empty pieces. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}
