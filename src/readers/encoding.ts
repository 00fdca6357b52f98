/**
 * Turning input bytes into text: BOMs, strict UTF-8, declared charsets and detection for legacy encodings.
 *
 * The decoded text is kept exactly as it was (line endings included) apart from a stripped BOM, because every
 * span offset downstream points into this string.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** WHATWG label of the encoding used: `utf-8`, `utf-16le`, `windows-1252`, `shift_jis` ... */
  encoding: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Above this share of control bytes an input is treated as binary. */
const MAX_CONTROL_RATIO = 0.1;
/** How many bytes the UTF-16 and charset detectors look at; enough for a reliable guess, cheap on big files. */
const DETECTION_SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes input bytes to text. Throws an `Error` with a short message for input that is not usable text:
 * `empty input`, `binary data, not text (...)`, `invalid UTF-8 at byte N`.
 *
 * @param declaredCharset charset stated by the input itself (HTML meta) or its transport; used only when the
 *   bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  if (bytes.length === 0) throw new Error('empty input');

  const fromBom = decodeByBom(bytes);
  if (fromBom) return requireText(fromBom);

  const utf16 = detectUtf16WithoutBom(bytes);
  if (utf16) return requireText(decodeUtf16(bytes, utf16, 0));

  rejectBinary(bytes);

  const utf8 = tryStrictUtf8(bytes);
  if (utf8 !== undefined) return requireText({ text: utf8, encoding: 'utf-8' });

  // Valid multi-byte sequences next to invalid ones mean UTF-8 that got damaged, not a legacy encoding:
  // guessing a charset would turn the good characters into mojibake.
  const scan = scanUtf8(bytes);
  if (scan.multiByteSequences > 0 && scan.firstInvalidOffset >= 0) {
    throw new Error(`invalid UTF-8 at byte ${scan.firstInvalidOffset}`);
  }

  const declared = declaredCharset === undefined ? undefined : resolveLegacyEncoding(declaredCharset);
  const encoding = declared ?? guessLegacyEncoding(bytes);
  return requireText({ text: decodeWith(encoding, bytes), encoding });
}

/** Resolves a charset label to the WHATWG name of a single- or multi-byte legacy encoding we can decode. */
export function resolveLegacyEncoding(label: string): string | undefined {
  const cleaned = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (cleaned === '') return undefined;
  const name = whatwgName(cleaned);
  // Only legacy encodings are wanted here: a declared UTF-8/UTF-16 on bytes that are not valid UTF-8 is simply
  // wrong (HTML treats a declared UTF-16 as UTF-8 anyway), and chardet's UTF-32 guesses on such bytes are noise.
  if (name === undefined || name.startsWith('utf') || name === 'replacement') return undefined;
  return canDecode(name) ? name : undefined;
}

function decodeByBom(bytes: Uint8Array): DecodedText | undefined {
  if (startsWith(bytes, UTF8_BOM)) {
    const body = bytes.subarray(UTF8_BOM.length);
    const text = tryStrictUtf8(body);
    if (text === undefined) {
      throw new Error(`invalid UTF-8 at byte ${UTF8_BOM.length + scanUtf8(body).firstInvalidOffset}`);
    }
    return { text, encoding: 'utf-8' };
  }
  // FF FE 00 00 is the UTF-32LE BOM; not supported, so it falls through to the binary check.
  if (startsWith(bytes, [0xff, 0xfe]) && !startsWith(bytes, [0xff, 0xfe, 0x00, 0x00])) {
    return decodeUtf16(bytes, 'utf-16le', 2);
  }
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes, 'utf-16be', 2);
  return undefined;
}

/**
 * UTF-16 text without a BOM shows up as NUL bytes in every other position (the high byte of ASCII
 * characters). chardet only recognises UTF-16 by its BOM, so this heuristic covers the rest.
 */
function detectUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, DETECTION_SAMPLE_BYTES) & ~1);
  const pairs = sample.length / 2;
  if (pairs === 0) return undefined;
  let nulAtEven = 0;
  let nulAtOdd = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) nulAtEven++;
    if (sample[i + 1] === 0) nulAtOdd++;
  }
  const mostly = (count: number) => count / pairs >= 0.4;
  const rarely = (count: number) => count / pairs <= 0.05;
  if (mostly(nulAtOdd) && rarely(nulAtEven)) return 'utf-16le';
  if (mostly(nulAtEven) && rarely(nulAtOdd)) return 'utf-16be';
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', bomLength: number): DecodedText {
  const text = iconv.decode(bytes.subarray(bomLength), encoding, { stripBOM: false });
  // Random bytes can start with FF FE, or match the NUL pattern: check the decoded characters too.
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new Error(`binary data, not text (NUL byte at ${bomLength + nul * 2})`);
  if (controlRatio(text) > MAX_CONTROL_RATIO) throw new Error(binaryControlMessage(controlRatio(text)));
  // Bytes after FF FE pair up into code units of every kind, NUL and controls rarely among them; what gives them
  // away is the surrogates: about 3% of random code units, and unpaired, where text has none out of place.
  const unpaired = unpairedSurrogates(text);
  if (unpaired > Math.max(2, MAX_UNPAIRED_SURROGATE_RATIO * text.length)) {
    throw new Error(`binary data, not text (${unpaired} unpaired UTF-16 surrogates in ${text.length} code units)`);
  }
  return { text, encoding };
}

const MAX_UNPAIRED_SURROGATE_RATIO = 0.005;

/** In a `u` regular expression, \p{Cs} matches only surrogates that are not half of a pair. */
const UNPAIRED_SURROGATE = /\p{Cs}/gu;

function unpairedSurrogates(text: string): number {
  return text.match(UNPAIRED_SURROGATE)?.length ?? 0;
}

function rejectBinary(bytes: Uint8Array): void {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new Error(`binary data, not text (NUL byte at ${nul})`);
  let controls = 0;
  for (const byte of bytes) if (isControlCode(byte)) controls++;
  const ratio = controls / bytes.length;
  if (ratio > MAX_CONTROL_RATIO) throw new Error(binaryControlMessage(ratio));
}

function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i))) controls++;
  return controls / text.length;
}

/** C0 controls and DEL, except the whitespace ones text files legitimately contain (\t \n \f \r). */
function isControlCode(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;
}

function binaryControlMessage(ratio: number): string {
  return `binary data, not text (${Math.round(ratio * 100)}% control characters)`;
}

function requireText(decoded: DecodedText): DecodedText {
  if (decoded.text.trim() === '') throw new Error('empty input');
  return decoded;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tryStrictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

interface Utf8Scan {
  /** Well-formed sequences of 2 to 4 bytes. */
  multiByteSequences: number;
  /** Offset of the first byte that does not start a well-formed sequence, or -1. */
  firstInvalidOffset: number;
}

/** Walks the bytes following the UTF-8 well-formedness table (Unicode 15, table 3-7). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let multiByteSequences = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return { multiByteSequences, firstInvalidOffset: i };
    if (length > 1) multiByteSequences++;
    i += length;
  }
  return { multiByteSequences, firstInvalidOffset: -1 };
}

/** Length of the well-formed UTF-8 sequence starting at `i`, or 0 when there is none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const inRange = (offset: number, low: number, high: number) => {
    const byte = bytes[i + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  const continuations = (from: number, to: number) => {
    for (let k = from; k <= to; k++) if (!inRange(k, 0x80, 0xbf)) return false;
    return true;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return continuations(1, 1) ? 2 : 0;
  if (lead === 0xe0) return inRange(1, 0xa0, 0xbf) && continuations(2, 2) ? 3 : 0;
  if (lead === 0xed) return inRange(1, 0x80, 0x9f) && continuations(2, 2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return continuations(1, 2) ? 3 : 0;
  if (lead === 0xf0) return inRange(1, 0x90, 0xbf) && continuations(2, 3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return continuations(1, 3) ? 4 : 0;
  if (lead === 0xf4) return inRange(1, 0x80, 0x8f) && continuations(2, 3) ? 4 : 0;
  return 0;
}

/**
 * chardet's best guess among the encodings we can decode; windows-1252 when it has none. A guess that meets byte
 * sequences it cannot decode (U+FFFD) is wrong: short Latin text can pass for Shift_JIS.
 */
function guessLegacyEncoding(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, DETECTION_SAMPLE_BYTES);
  // A sample cut from a longer input may end inside a multi-byte character.
  const probe = sample.length < bytes.length ? sample.subarray(0, -4) : sample;
  for (const match of chardet.analyse(sample)) {
    const name = resolveLegacyEncoding(match.name);
    if (name !== undefined && !decodeWith(name, probe).includes('\uFFFD')) return name;
  }
  return 'windows-1252';
}

/**
 * The WHATWG name for a label, which also maps ISO-8859-1 and ASCII to windows-1252 the way browsers do.
 * Node's TextDecoder knows the WHATWG label table when built with full ICU (the default).
 */
function whatwgName(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    // Small-ICU builds or labels outside the WHATWG table: accept what iconv-lite knows as is.
    return iconv.encodingExists(label) ? label : undefined;
  }
}

function canDecode(encoding: string): boolean {
  if (iconv.encodingExists(encoding)) return true;
  try {
    new TextDecoder(encoding);
    return true;
  } catch {
    return false;
  }
}

/** Decodes with iconv-lite; TextDecoder covers the few WHATWG encodings iconv-lite lacks (ISO-2022-JP). */
function decodeWith(encoding: string, bytes: Uint8Array): string {
  if (iconv.encodingExists(encoding)) return iconv.decode(bytes, encoding, { stripBOM: false });
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
