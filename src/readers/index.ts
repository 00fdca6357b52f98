/**
 * Readers: turn input specs (files, directories, globs, stdin) into decoded `SourceText`s, one input at a time.
 * A bad input never stops the run: it becomes an error result and reading goes on with the next one.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { InputFormat } from '../document/types.js';
import { decodeText } from './encoding.js';
import { extractHtml, sniffHtmlCharset } from './html.js';
import { readJsonlBytes, readJsonlStream } from './jsonl.js';
import { DEFAULT_MAX_BYTES, gunzipWithin, oversizeMessage } from './limits.js';
import type { ReadOptions, ReadResult } from './types.js';
import { isWarcPath, readWarcFile } from './warc.js';

export type { InputError, ReadOptions, ReadResult, SourceText } from './types.js';
export { decodeText, type DecodedText } from './encoding.js';
export { extractHtml, type HtmlExtraction } from './html.js';
export { readArticleObject } from './jsonl.js';

/** The spec that reads standard input. */
export const STDIN_SPEC = '-';

const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.html': 'html',
  '.htm': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};
const GZIP_EXTENSION = '.gz';

/**
 * Reads every input the specs name, in spec order; the files of a directory or glob in sorted path order.
 * A file named by several specs is read once.
 */
export async function* readInputs(specs: string[], options: ReadOptions = {}): AsyncGenerator<ReadResult> {
  const alreadyRead = new Set<string>();
  for (const spec of specs) {
    if (spec === STDIN_SPEC) {
      yield* readStdin(options);
      continue;
    }
    const expansion = await expandSpec(spec);
    if ('error' in expansion) {
      yield failure(spec, expansion.error);
      continue;
    }
    for (const path of expansion.paths) {
      if (alreadyRead.has(path)) continue;
      alreadyRead.add(path);
      yield* readFileInput(path, options);
    }
  }
}

/**
 * How many files the specs name (stdin counts as one), without reading them: the total for a progress bar.
 * Specs that match nothing count as one input, since reading them yields one error. 0 (no total known) when a
 * WARC file is among them: each of its pages counts as an input.
 */
export async function countInputFiles(specs: string[]): Promise<number> {
  const files = new Set<string>();
  let others = 0;
  for (const spec of specs) {
    if (spec === STDIN_SPEC) {
      others++;
      continue;
    }
    const expansion = await expandSpec(spec);
    if ('error' in expansion) others++;
    else for (const path of expansion.paths) files.add(path);
  }
  if ([...files].some(isWarcPath)) return 0;
  return files.size + others;
}

/**
 * Reads an input already in memory (stdin, tests). `format` decides how the bytes are read; JSONL gives one
 * result per non-blank line.
 */
export function readBytes(uri: string, bytes: Uint8Array, format: InputFormat, options: ReadOptions = {}): ReadResult[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    if (format === 'jsonl') return readJsonlBytes(uri, bytes, maxBytes);
    if (bytes.length > maxBytes) return [failure(uri, oversizeMessage(bytes.length, maxBytes))];
    if (format === 'html') {
      const { text: html, encoding } = decodeText(bytes, sniffHtmlCharset(bytes));
      const page = extractHtml(html);
      return [{ ok: true, source: { uri, format, text: page.text, encoding, hints: page.hints, marks: page.marks } }];
    }
    const { text, encoding } = decodeText(bytes);
    return [{ ok: true, source: { uri, format, text, encoding, hints: {} } }];
  } catch (error) {
    return [failure(uri, messageOf(error))];
  }
}

/** Format from the content: `{` starts JSONL, `<` HTML, anything else is text. */
export function sniffFormat(bytes: Uint8Array): InputFormat {
  return sniffFormatSoFar(bytes) ?? 'txt';
}

/** `undefined` while only BOMs, whitespace and NULs (UTF-16 high bytes) have been seen. */
function sniffFormatSoFar(bytes: Uint8Array): InputFormat | undefined {
  for (const byte of bytes) {
    if (byte === 0x7b) return 'jsonl'; // {
    if (byte === 0x3c) return 'html'; // <
    const skippable = byte <= 0x20 || byte === 0xef || byte === 0xbb || byte === 0xbf || byte === 0xff || byte === 0xfe;
    if (!skippable) return 'txt';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Specs

type Expansion = { paths: string[] } | { error: string };

async function expandSpec(spec: string): Promise<Expansion> {
  let stats;
  try {
    stats = await stat(spec);
  } catch (error) {
    // A spec that is not an existing path may be a pattern (an existing path wins: `file[1].txt` is a file).
    if (isDynamicPattern(spec)) return expandGlob(spec);
    return { error: describeFsError(error) };
  }
  if (stats.isFile()) return { paths: [resolve(spec)] };
  if (stats.isDirectory()) return expandDirectory(spec);
  return { error: 'not a file or directory' };
}

/** The readable files under a directory, recursively, skipping hidden files and other extensions. */
async function expandDirectory(directory: string): Promise<Expansion> {
  const paths = await glob('**/*', { cwd: directory, absolute: true, dot: false, onlyFiles: true });
  const readable = paths.filter(hasReadableExtension).sort();
  if (readable.length === 0) return { error: `no ${readableExtensionList()} files in this directory` };
  return { paths: readable };
}

/** Files matching a glob, filtered like a directory's so `data/*` does not pick up images. */
async function expandGlob(pattern: string): Promise<Expansion> {
  const paths = await glob(pattern, { absolute: true, dot: false, onlyFiles: true, expandDirectories: false });
  const readable = paths.filter(hasReadableExtension).sort();
  if (readable.length === 0) return { error: `no ${readableExtensionList()} files match this pattern` };
  return { paths: readable };
}

function hasReadableExtension(path: string): boolean {
  return formatOfPath(path).format !== undefined || isWarcPath(path);
}

function readableExtensionList(): string {
  return [...Object.keys(FORMAT_BY_EXTENSION), '.warc'].join(' ');
}

/** The format a file's extension names (looking through a `.gz`), and whether it is gzipped. */
function formatOfPath(path: string): { format: InputFormat | undefined; gzipped: boolean } {
  let name = path.toLowerCase();
  const gzipped = name.endsWith(GZIP_EXTENSION);
  if (gzipped) name = name.slice(0, -GZIP_EXTENSION.length);
  return { format: FORMAT_BY_EXTENSION[extname(name)], gzipped };
}

// ---------------------------------------------------------------------------------------------------------
// Files and stdin

async function* readFileInput(path: string, options: ReadOptions): AsyncGenerator<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { format: formatByExtension, gzipped } = formatOfPath(path);
  const knownFormat = formatByExtension ?? options.format;
  try {
    if (isWarcPath(path)) {
      // Streamed record by record: the limit applies to each record rather than to the file.
      yield* readWarcFile(path, { maxBytes });
      return;
    }
    if (knownFormat === 'jsonl') {
      // Streamed line by line, so the limit applies to each line rather than to the file.
      const fileStream = createReadStream(path);
      const byteStream = gzipped ? pipeline(fileStream, createGunzip(), () => {}) : fileStream;
      yield* readJsonlStream(path, byteStream, maxBytes);
      return;
    }
    // The size is checked before reading, so an oversized file costs nothing. A bounded file is read in one
    // synchronous call: fs/promises' chunked readFile left the ingest idle about 1 ms a file.
    const { size } = statSync(path);
    if (size > maxBytes) {
      yield failure(path, oversizeMessage(size, maxBytes));
      return;
    }
    let bytes: Uint8Array = readFileSync(path);
    if (gzipped) {
      const decompressed = gunzipWithin(bytes, maxBytes);
      if ('error' in decompressed) {
        yield failure(path, decompressed.error);
        return;
      }
      bytes = decompressed.bytes;
    }
    yield* readBytes(path, bytes, knownFormat ?? sniffFormat(bytes), options);
  } catch (error) {
    yield failure(path, describeFsError(error));
  }
}

/**
 * Reads stdin whole (up to maxBytes), or line by line when it is JSONL. Without `options.format` the format
 * is sniffed from the first bytes, so a JSONL stream can still be read as it comes.
 */
async function* readStdin(options: ReadOptions): AsyncGenerator<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const stream = options.stdin ?? process.stdin;
  try {
    const chunks = byteChunks(stream)[Symbol.asyncIterator]();
    const head: Uint8Array[] = [];
    let format = options.format;
    while (format === undefined) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(next.value);
      format = sniffFormatSoFar(next.value);
    }
    const allChunks = prepend(head, chunks);
    if (format === 'jsonl') {
      yield* readJsonlStream('stdin', allChunks, maxBytes);
      return;
    }
    const collected: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of allChunks) {
      total += chunk.length;
      if (total > maxBytes) {
        yield failure('stdin', oversizeMessage(`more than ${maxBytes.toLocaleString('en-US')} bytes`, maxBytes));
        return;
      }
      collected.push(chunk);
    }
    yield* readBytes('stdin', Buffer.concat(collected), format ?? 'txt', options);
  } catch (error) {
    yield failure('stdin', messageOf(error));
  }
}

async function* byteChunks(stream: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

async function* prepend<T>(head: T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield* head;
  yield* { [Symbol.asyncIterator]: () => rest };
}

// ---------------------------------------------------------------------------------------------------------
// Errors

function failure(uri: string, message: string): ReadResult {
  return { ok: false, error: { uri, message } };
}

const FS_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
};

function describeFsError(error: unknown): string {
  const code = errorCode(error);
  return (code !== undefined ? FS_ERROR_MESSAGES[code] : undefined) ?? messageOf(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
