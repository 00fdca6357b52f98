import type { InputFormat, MarkupRole, SourceHints } from '../document/types.js';

/** A stretch of `text` whose role the markup stated (offsets into `text`). */
export interface TextMark {
  start: number;
  end: number;
  role: MarkupRole;
}

/** One decoded input unit: a file, a stdin stream, or one JSONL record. It may hold several glued articles. */
export interface SourceText {
  /** Absolute path, `stdin`, or `<path>#line=<n>` for a JSONL record (1-based line). */
  uri: string;
  format: InputFormat;
  /**
   * The text the pipeline annotates. For `.txt` the decoded file as it is; for HTML the visible text of the
   * page, one block per line, blank lines between blocks (basic extraction; the HTML issue replaces it).
   */
  text: string;
  /** Encoding the bytes were decoded from, as a WHATWG label (`utf-8`, `windows-1252`, `utf-16le` ...). */
  encoding: string;
  hints: SourceHints;
  /** For HTML: captions, headline and byline as the markup marked them. */
  marks?: TextMark[];
}

/** A problem with one input. `uri` names the input (with `#line=N` for a JSONL line). */
export interface InputError {
  uri: string;
  message: string;
}

export type ReadResult = { ok: true; source: SourceText } | { ok: false; error: InputError };

export interface ReadOptions {
  /** Inputs larger than this are refused with an error naming the size and the limit. Default 20 MiB. */
  maxBytes?: number;
  /** Format for stdin (and for files with an unknown extension); detected from the content when absent. */
  format?: InputFormat;
  /** Stream to read for the spec `-`; defaults to process.stdin. */
  stdin?: NodeJS.ReadableStream;
}
