/**
 * WARC input: `.warc`, and `.warc.gz` as Common Crawl ships it (one gzip member per record). Every HTTP 200
 * response whose body is HTML or text becomes one source named by its WARC-Target-URI; other records are skipped.
 *
 * The file is read through a window of a few MiB, one record (or gzip member) at a time, so memory stays the same
 * whatever the file's size. The framing is ours and warcio parses each framed record (WARC and HTTP headers,
 * chunked transfer, Content-Encoding): warcio on a raw stream loops forever on a truncated record, reads a line of
 * garbage to the end of the file and, on a bad gzip member, goes on reading the compressed bytes as if they were
 * text. Here a broken record gives an error naming the file and its offset, and reading resumes at the next record
 * (or gzip member) found after it, or stops when there is none.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { AsyncIterReader, WARCParser } from 'warcio';
import { oversizeMessage } from './limits.js';
import { mediaTypeOf, payloadFormat, readHttpPayload } from './payload.js';
import type { ReadResult } from './types.js';

/** `.warc` and `.warc.gz`, whatever the case. */
export function isWarcPath(path: string): boolean {
  const name = path.toLowerCase();
  return name.endsWith('.warc') || name.endsWith('.warc.gz');
}

/** An HTTP 200 response with an HTML or text body. */
export interface WarcResponse {
  /** Byte offset of the record in the file; for `.warc.gz`, of its gzip member (as Common Crawl's indexes give it). */
  offset: number;
  targetUri: string | undefined;
  /** WARC-Date: when the page was fetched. */
  date: string | undefined;
  contentType: string | undefined;
  /** The body with transfer and content encodings undone. */
  body: Uint8Array;
}

export type WarcEntry =
  | { kind: 'response'; response: WarcResponse }
  | { kind: 'skipped'; offset: number; reason: string }
  | { kind: 'error'; offset: number; message: string };

export interface WarcReadOptions {
  /** Largest record block (HTTP headers and body) and largest decoded body read; larger records are skipped with an error. */
  maxBytes: number;
}

/** Longest WARC header block accepted: real ones are well under 2 KiB. */
const MAX_WARC_HEADER_BYTES = 64 * 1024;
/** Compressed bytes looked at first for one gzip member; doubled while the member goes on. */
const FIRST_MEMBER_WINDOW = 256 * 1024;
/** Bytes read from the file at a time. */
const READ_AHEAD = 4 * 1024 * 1024;
/** Slices the record is handed to warcio in: each bounds what one step of its gzip decoder can produce. */
const PARSER_SLICE = 16 * 1024;
const ACCEPTED_CONTENT_ENCODINGS = new Set(['identity', 'gzip', 'x-gzip', 'deflate']);
const CRLFCRLF = Buffer.from('\r\n\r\n');
const WARC_MAGIC = Buffer.from('WARC/');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/**
 * The sources of a WARC file, one per HTTP 200 HTML or text response, in file order. Broken records, records over
 * the limit and bodies that cannot be read give error results named `<path>#offset=<n>`.
 */
export async function* readWarcFile(path: string, options: WarcReadOptions): AsyncGenerator<ReadResult> {
  let produced = 0;
  let records = 0;
  try {
    for await (const entry of readWarcEntries(path, options)) {
      records++;
      if (entry.kind === 'skipped') continue;
      produced++;
      if (entry.kind === 'error') {
        yield failure(recordUri(path, entry.offset), entry.message);
        continue;
      }
      const { response } = entry;
      const uri = response.targetUri ?? recordUri(path, response.offset);
      const result = readHttpPayload(uri, response.body, {
        contentType: response.contentType ?? null,
        // The crawl date is only a fallback: the page's own date wins.
        fallbackHints: withoutUndefined({ url: response.targetUri, published: response.date }),
      });
      yield result.ok ? result : failure(recordUri(path, response.offset), `${uri}: ${result.error.message}`);
    }
  } catch (error) {
    produced++;
    yield failure(path, error instanceof Error ? error.message : String(error));
  }
  if (produced === 0) yield failure(path, records === 0 ? 'empty input' : `no HTTP 200 HTML or text response among its ${records} WARC records`);
}

/** `<path>#offset=<n>`: how an error names the record it is about. */
export function recordUri(path: string, offset: number): string {
  return `${path}#offset=${offset}`;
}

/** Every record of a WARC file as a response, a skipped record or an error, in file order. */
export async function* readWarcEntries(path: string, options: WarcReadOptions): AsyncGenerator<WarcEntry> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const file = new FileWindow(handle, size);
    if (size === 0) return;
    const head = await file.read(0, GZIP_MAGIC.length);
    // The content decides, not the name: a gzipped `.warc` and a plain `.warc.gz` are read all the same.
    if (startsWith(head, GZIP_MAGIC)) yield* readGzipMembers(file, options);
    else yield* readPlainRecords(file, options);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Byte access

interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end). */
  read(position: number, length: number): Promise<Uint8Array>;
}

/**
 * Reads a file through one reused buffer of a few MiB (grown only for a larger record), so forward reads cost one
 * system call per buffer and reading allocates nothing per record. A slice it returns is valid until the next read.
 */
class FileWindow implements ByteSource {
  private storage: Buffer = Buffer.allocUnsafe(READ_AHEAD);
  private filled = 0;
  private bufferStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(position + length, this.size);
    if (position >= this.bufferStart && end <= this.bufferStart + this.filled) {
      return this.storage.subarray(position - this.bufferStart, end - this.bufferStart);
    }
    const wanted = Math.max(0, Math.min(Math.max(end - position, READ_AHEAD), this.size - position));
    if (wanted > this.storage.length) this.storage = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(this.storage, filled, wanted - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.filled = filled;
    this.bufferStart = position;
    return this.storage.subarray(0, Math.min(filled, end - position));
  }
}

class MemorySource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  async read(position: number, length: number): Promise<Uint8Array> {
    return this.bytes.subarray(position, position + length);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Uncompressed records

/**
 * The records of an uncompressed source: a plain file, or the content of one gzip member. `offsetOf` turns a
 * position in the source into the offset reported (a member's records are reported at the member's offset).
 */
async function* readPlainRecords(source: ByteSource, options: WarcReadOptions, offsetOf = (position: number) => position): AsyncGenerator<WarcEntry> {
  const end = source.size;
  let position = 0;
  // Where a header's end is still worth looking for: a search that failed found no CRLFCRLF before it, and lines
  // starting "WARC/" close together would otherwise each search the same 64 KiB again.
  let headerEndSearchFrom = 0;
  for (;;) {
    position = await skipLineBreaks(source, position, end);
    if (position >= end) return;
    const framed = await frameRecord(source, position, options.maxBytes, headerEndSearchFrom);
    if (framed.kind === 'record') {
      yield await readRecord(framed.bytes, framed.header, offsetOf(position), options);
      position = framed.next;
      continue;
    }
    yield { kind: 'error', offset: offsetOf(position), message: framed.message };
    if (framed.kind === 'oversize') {
      position = framed.next;
      continue;
    }
    if (framed.truncated) return;
    if (framed.searchedTo !== undefined) headerEndSearchFrom = framed.searchedTo;
    const next = await findRecordStart(source, Math.max(position + 1, framed.noRecordBefore ?? 0), end);
    if (next < 0) return;
    position = next;
  }
}

interface WarcHeader {
  type: string | undefined;
  targetUri: string | undefined;
}

type Framed =
  | { kind: 'record'; bytes: Uint8Array; header: WarcHeader; next: number }
  | { kind: 'oversize'; message: string; next: number }
  | {
      kind: 'broken';
      message: string;
      truncated: boolean;
      /** Set when no CRLFCRLF was found: the position the search for one reached. */
      searchedTo?: number;
      /** Set when no record can start before this position (see below). */
      noRecordBefore?: number;
    };

/**
 * Finds the record at `position`: its WARC header and, when within the limit, all its bytes. The header's end
 * is looked for from `searchFrom` on (a position where an earlier search stopped without finding one).
 */
async function frameRecord(source: ByteSource, position: number, maxBytes: number, searchFrom: number): Promise<Framed> {
  const head = await source.read(position, MAX_WARC_HEADER_BYTES);
  if (!startsWith(head, WARC_MAGIC)) {
    return { kind: 'broken', message: `not a WARC record: it starts with ${describeBytes(head)}`, truncated: false };
  }
  const headerEnd = Buffer.from(head.buffer, head.byteOffset, head.length).indexOf(CRLFCRLF, Math.max(0, searchFrom - position));
  if (headerEnd < 0) {
    const atEnd = position + head.length >= source.size;
    return atEnd
      ? { kind: 'broken', message: 'truncated WARC record: the file ends inside its header', truncated: true }
      : {
          kind: 'broken',
          message: `WARC header longer than ${MAX_WARC_HEADER_BYTES} bytes`,
          truncated: false,
          // A CRLFCRLF could still start in the last three bytes looked at.
          searchedTo: position + head.length - (CRLFCRLF.length - 1),
        };
  }
  const headerText = Buffer.from(head.buffer, head.byteOffset, headerEnd).toString('latin1');
  // The version line is checked before the header is split: garbage lines starting "WARC/" are common in damage.
  const version = headerText.slice(0, headerText.search(/\r?\n|$/));
  if (!/^WARC\/\d+\.\d+$/.test(version)) {
    return { kind: 'broken', message: `not a WARC record: bad version line ${JSON.stringify(version.slice(0, 40))}`, truncated: false };
  }
  const lines = headerText.split(/\r?\n/);
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const header: WarcHeader = { type: fields.get('warc-type'), targetUri: cleanTargetUri(fields.get('warc-target-uri')) };
  const about = describeRecord(header);
  const declared = fields.get('content-length');
  if (declared === undefined || !/^\d{1,15}$/.test(declared)) {
    return {
      kind: 'broken',
      message: `${about}: no valid Content-Length (${declared === undefined ? 'missing' : JSON.stringify(declared.slice(0, 40))})`,
      truncated: false,
      // A record starting on a later line of this header would end at the same CRLFCRLF with the same last
      // Content-Length field, so it would be broken the same way.
      noRecordBefore: position + headerEnd + CRLFCRLF.length,
    };
  }
  const length = Number(declared);
  const blockStart = position + headerEnd + CRLFCRLF.length;
  const blockEnd = blockStart + length;
  if (blockEnd > source.size) {
    const left = Math.max(0, source.size - blockStart);
    return { kind: 'broken', message: `truncated ${about}: its Content-Length is ${length} bytes but only ${left} follow`, truncated: true };
  }
  if (length > maxBytes) return { kind: 'oversize', message: `${about}: ${oversizeMessage(length, maxBytes)}`, next: blockEnd };
  return { kind: 'record', bytes: await source.read(position, blockEnd - position), header, next: blockEnd };
}

/** Parses one framed record with warcio and takes its body when it is an HTTP 200 HTML or text response. */
async function readRecord(bytes: Uint8Array, header: WarcHeader, offset: number, options: WarcReadOptions): Promise<WarcEntry> {
  if (header.type !== 'response') return { kind: 'skipped', offset, reason: `${header.type ?? 'untyped'} record` };
  const about = describeRecord(header);
  try {
    // The record is already decompressed: a reader told so spares warcio a failed inflate attempt per record.
    const record = await new WARCParser(new AsyncIterReader(slices(bytes, PARSER_SLICE), null)).parse();
    const http = record?.httpHeaders;
    if (!record || !http) return { kind: 'skipped', offset, reason: 'not an HTTP response' };
    if (Number(http.statusCode) !== 200) return { kind: 'skipped', offset, reason: `HTTP status ${http.statusCode}` };
    const contentType = http.headers.get('content-type') ?? undefined;
    const mediaType = mediaTypeOf(contentType);
    if (mediaType !== undefined && payloadFormat(contentType, new Uint8Array()) === undefined) {
      return { kind: 'skipped', offset, reason: mediaType };
    }
    const contentEncoding = http.headers.get('content-encoding')?.trim().toLowerCase();
    if (contentEncoding && !ACCEPTED_CONTENT_ENCODINGS.has(contentEncoding)) {
      return { kind: 'error', offset, message: `${about}: unsupported Content-Encoding "${contentEncoding}"` };
    }
    // Decoding a compressed body can multiply its size: it is read in steps and given up past the limit.
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of record) {
      size += chunk.length;
      if (size > options.maxBytes) {
        return { kind: 'error', offset, message: `${about}: body ${oversizeMessage(`more than ${options.maxBytes} bytes once decoded`, options.maxBytes)}` };
      }
      chunks.push(chunk);
    }
    return {
      kind: 'response',
      response: { offset, targetUri: header.targetUri, date: record.warcDate ?? undefined, contentType, body: Buffer.concat(chunks, size) },
    };
  } catch (error) {
    return { kind: 'error', offset, message: `${about}: unreadable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function skipLineBreaks(source: ByteSource, position: number, end: number): Promise<number> {
  while (position < end) {
    const bytes = await source.read(position, Math.min(64, end - position));
    let i = 0;
    while (i < bytes.length && (bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
    position += i;
    if (i < bytes.length || bytes.length === 0) return position;
  }
  return position;
}

/** The next `WARC/` at the start of a line at or after `from`, or -1. */
async function findRecordStart(source: ByteSource, from: number, end: number): Promise<number> {
  const found = await findBytes(source, Buffer.from('\nWARC/'), from - 1, end);
  return found < 0 ? -1 : found + 1;
}

// ---------------------------------------------------------------------------------------------------------
// Gzip members

async function* readGzipMembers(file: FileWindow, options: WarcReadOptions): AsyncGenerator<WarcEntry> {
  // A member holds one record (Common Crawl) or a few; anything decompressing to more is skipped unread.
  const maxContent = options.maxBytes + MAX_WARC_HEADER_BYTES + 1024;
  let position = 0;
  while (position < file.size) {
    const member = await inflateMember(file, position, maxContent, options.maxBytes);
    if (member.ok) {
      const memberOffset = position;
      yield* readPlainRecords(new MemorySource(member.content), options, () => memberOffset);
      position += member.length;
      continue;
    }
    yield { kind: 'error', offset: position, message: member.message };
    if (member.truncated) return;
    const next = await findGzipMember(file, position + 1, maxContent, options.maxBytes);
    if (next < 0) return;
    position = next;
  }
}

type Member = { ok: true; content: Buffer; length: number } | { ok: false; message: string; truncated: boolean };

/** Inflates the gzip member at `position` whole, refusing to produce more than `maxContent` bytes. */
async function inflateMember(file: FileWindow, position: number, maxContent: number, maxBytes: number): Promise<Member> {
  const head = await file.read(position, MAX_WARC_HEADER_BYTES);
  const header = parseGzipHeader(head);
  if ('error' in header) return { ok: false, message: header.error, truncated: header.truncated };
  // Deflate can pad with empty blocks forever: past this many compressed bytes the output must be over the limit.
  const maxCompressed = header.length + maxContent + Math.ceil(maxContent / 64) + 64 * 1024;
  let window = FIRST_MEMBER_WINDOW;
  for (;;) {
    const bytes = await file.read(position, window);
    const atEnd = position + bytes.length >= file.size;
    let content: Buffer;
    let consumed: number;
    try {
      const inflated = inflateRawSync(bytes.subarray(header.length), { maxOutputLength: maxContent, info: true }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
      content = inflated.buffer;
      consumed = inflated.engine.bytesWritten;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'Z_BUF_ERROR') {
        if (atEnd) return { ok: false, message: 'truncated gzip member: the file ends inside it', truncated: true };
        if (window >= maxCompressed) return { ok: false, message: `gzip member longer than ${maxCompressed} bytes: skipped`, truncated: false };
        window = Math.min(window * 2, maxCompressed);
        continue;
      }
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, message: `gzip member skipped: ${oversizeMessage(`more than ${maxContent} bytes once decompressed`, maxBytes)}`, truncated: false };
      }
      return { ok: false, message: `corrupt gzip member: ${(error as Error).message}`, truncated: false };
    }
    const trailerStart = header.length + consumed;
    if (bytes.length < trailerStart + 8) {
      if (atEnd) return { ok: false, message: 'truncated gzip member: the file ends before its trailer', truncated: true };
      window = Math.min(window * 2, Math.max(maxCompressed, trailerStart + 8));
      continue;
    }
    const trailer = Buffer.from(bytes.buffer, bytes.byteOffset + trailerStart, 8);
    if (trailer.readUInt32LE(0) !== crc32(content) || trailer.readUInt32LE(4) !== content.length % 2 ** 32) {
      return { ok: false, message: 'corrupt gzip member: its checksum does not match its content', truncated: false };
    }
    return { ok: true, content, length: trailerStart + 8 };
  }
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** The length of the gzip header at the start of `bytes` (RFC 1952). */
function parseGzipHeader(bytes: Uint8Array): { length: number } | { error: string; truncated: boolean } {
  if (bytes.length < 10) {
    return startsWith(GZIP_MAGIC, bytes.subarray(0, 3))
      ? { error: 'truncated gzip member: the file ends inside its header', truncated: true }
      : { error: `not gzip data: it starts with ${describeBytes(bytes)}`, truncated: false };
  }
  if (!startsWith(bytes, GZIP_MAGIC)) return { error: `not a gzip member: it starts with ${describeBytes(bytes)}`, truncated: false };
  const flags = bytes[3]!;
  if (flags & FRESERVED) return { error: 'corrupt gzip member: reserved header flags set', truncated: false };
  let length = 10;
  if (flags & FEXTRA) {
    if (bytes.length < length + 2) return { error: 'truncated gzip member header', truncated: true };
    length += 2 + (bytes[length]! | (bytes[length + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = bytes.indexOf(0, length);
    if (zero < 0) return { error: 'gzip member header too long or truncated', truncated: bytes.length < MAX_WARC_HEADER_BYTES };
    length = zero + 1;
  }
  if (flags & FHCRC) length += 2;
  if (length > bytes.length) return { error: 'truncated gzip member header', truncated: true };
  return { length };
}

/** The next gzip member at or after `from` whose content is a WARC record, or -1. */
async function findGzipMember(file: FileWindow, from: number, maxContent: number, maxBytes: number): Promise<number> {
  let position = from;
  for (;;) {
    const candidate = await findBytes(file, GZIP_MAGIC, position, file.size);
    if (candidate < 0) return -1;
    const member = await inflateMember(file, candidate, maxContent, maxBytes);
    if (member.ok && startsWith(member.content, WARC_MAGIC)) return candidate;
    position = candidate + 1;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const SEARCH_WINDOW = 1024 * 1024;

/** The first position of `pattern` at or after `from` (and before `end`), or -1. */
async function findBytes(source: ByteSource, pattern: Uint8Array, from: number, end: number): Promise<number> {
  let position = Math.max(0, from);
  while (position < end) {
    const bytes = await source.read(position, Math.min(SEARCH_WINDOW, end - position));
    if (bytes.length === 0) return -1;
    const found = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(pattern);
    if (found >= 0) return position + found;
    if (position + bytes.length >= end) return -1;
    // Overlap windows so a pattern split across two is still found.
    position += Math.max(1, bytes.length - pattern.length + 1);
  }
  return -1;
}

function* slices(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The first bytes, printable, for an error message. */
function describeBytes(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 16), (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
  return JSON.stringify(head);
}

function describeRecord(header: WarcHeader): string {
  return `WARC ${header.type ?? 'untyped'} record${header.targetUri ? ` for ${header.targetUri}` : ''}`;
}

/** WARC 1.0 writers put the URI in angle brackets. A URI with spaces or control characters inside is no name. */
function cleanTargetUri(uri: string | undefined): string | undefined {
  // `(?<!…)`: a run of spaces inside the URI is tried once, not once per space (quadratic on a 64 KiB header).
  const trimmed = uri?.replace(/^[\s\x00-\x1f\x7f]+|(?<![\s\x00-\x1f\x7f])[\s\x00-\x1f\x7f]+$/g, '');
  if (!trimmed) return undefined;
  const bare = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed;
  return bare === '' || /[\s\x00-\x1f\x7f]/.test(bare) ? undefined : bare;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function failure(uri: string, message: string): ReadResult {
  return { ok: false, error: { uri, message } };
}
