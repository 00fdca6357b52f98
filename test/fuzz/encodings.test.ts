/**
 * Fuzzing how input bytes become text (decodeText, and HTML pages through readBytes): BOMs, UTF-16 with and
 * without a BOM, windows-1252, charsets declared wrongly either way, broken UTF-8 and binary junk. Text in a
 * known encoding comes back exactly; anything else is decoded sensibly or refused with a documented message.
 *
 * Inputs per full run (parser → numRuns):
 *   decodeText UTF-8 with BOM 200, UTF-16 with BOM 200, UTF-16 without BOM 200, windows-1252 declared 200,
 *   windows-1252 detected 150, broken UTF-8 200, junk behind BOMs 300, readBytes html meta says UTF-8 but
 *   bytes are 1252 100, meta says 1252 but bytes are UTF-8 100, readBytes binary junk 200  — 1,850 in all.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/readers/encoding.js';
import { readBytes } from '../../src/readers/index.js';
import { expectDocumentedError, expectReadResult, expectValue, runs, settle } from './fuzz.js';

const RUNS = {
  utf8Bom: 200,
  utf16Bom: 200,
  utf16NoBom: 200,
  cp1252Declared: 200,
  cp1252Detected: 150,
  brokenUtf8: 200,
  junkBehindBom: 300,
  metaSaysUtf8: 100,
  metaSays1252: 100,
  binaryJunk: 200,
};

/** What decodeText says when it refuses bytes. */
const DECODE_REFUSAL = /^(?:empty input|binary data, not text \((?:NUL byte at \d+|\d+% control characters|\d+ unpaired UTF-16 surrogates in \d+ code units)\)|invalid UTF-8 at byte \d+)$/;

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const bytesOf = (...parts: ArrayLike<number>[]) => Buffer.concat(parts.map((part) => Buffer.from(part as Uint8Array)));

/** Words of news prose in the windows-1252 repertoire, accents and typographic quotes included. */
const WORDS = [
  'the', 'council', 'said', 'on', 'Tuesday', 'that', 'a', 'new', 'ferry', 'would', 'sail', 'from', 'harbour',
  'café', 'naïve', 'déjà', 'Zürich', 'señor', 'façade', 'Ångström', 'crème', 'brûlée', 'Œuvre', 'Müller',
  '“quoted”', '‘single’', '—', '€5m', '£20', '½', '©', '°C', 'Ça', 'élan',
];
const prose = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 80 }).map((words) => `${words.join(' ')}.`);
/** Any text a page could hold that is not mostly control characters (those make it binary by design). */
const anyText = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 300 })
  .filter((text) => text.trim() !== '' && !/[\0-\x08\x0b\x0e-\x1f\x7f]/.test(text));

function expectDecoded(bytes: Uint8Array, declared?: string) {
  return expectValue(settle(bytes, () => decodeText(bytes, declared)));
}

function expectRefusedOrDecoded(bytes: Uint8Array, declared?: string): void {
  const outcome = settle(bytes, () => decodeText(bytes, declared));
  if (!outcome.ok) return expectDocumentedError(outcome.error, Error, DECODE_REFUSAL);
  expect(outcome.value.text.trim().length).toBeGreaterThan(0);
  expect(outcome.value.encoding.length).toBeGreaterThan(0);
}

describe('decodeText on Unicode with and without a BOM', () => {
  it('strips a UTF-8 BOM and keeps every character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(expectDecoded(bytesOf(UTF8_BOM, Buffer.from(text, 'utf8')))).toEqual({ text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' });
      }),
      runs(2101, RUNS.utf8Bom),
    );
  });

  it('decodes UTF-16 LE and BE behind their BOM exactly', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('utf-16le' as const, 'utf-16be' as const), (text, encoding) => {
        const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
        // A text starting with U+0000 would make FF FE 00 00, the UTF-32 BOM: anyText holds no NUL.
        expect(expectDecoded(bytesOf(bom, iconv.encode(text, encoding)))).toEqual({ text, encoding });
      }),
      runs(2102, RUNS.utf16Bom),
    );
  });

  it('recognises UTF-16 LE and BE without a BOM from mostly Latin text', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom('utf-16le' as const, 'utf-16be' as const), (text, encoding) => {
        expect(expectDecoded(iconv.encode(text, encoding))).toEqual({ text, encoding });
      }),
      runs(2103, RUNS.utf16NoBom),
    );
  });
});

describe('decodeText on windows-1252', () => {
  it('decodes windows-1252 exactly when it is declared', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const bytes = iconv.encode(text, 'windows-1252');
        const decoded = expectDecoded(bytes, 'windows-1252');
        expect(decoded.text).toBe(text);
        expect(decoded.encoding).toBe(isUtf8(bytes) ? 'utf-8' : 'windows-1252');
      }),
      runs(2201, RUNS.cp1252Declared),
    );
  });

  it('decodes undeclared windows-1252 to a legacy encoding, the ASCII intact and nothing replaced', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const bytes = iconv.encode(text, 'windows-1252');
        const decoded = expectDecoded(bytes);
        expect(decoded.text).not.toContain('\uFFFD');
        if (decoded.encoding === 'windows-1252' || isUtf8(bytes)) expect(decoded.text).toBe(text);
        // A single-byte guess keeps every ASCII byte in place; a multi-byte one keeps the words at least.
        else for (const word of text.split(' ').filter((w) => /^[a-z]+$/i.test(w))) expect(decoded.text).toContain(word);
      }),
      runs(2202, RUNS.cp1252Detected),
    );
  });
});

describe('decodeText on broken bytes', () => {
  it('names the offset of the first bad byte in damaged UTF-8', () => {
    const multiByteText = anyText.filter((text) => /[^\0-\x7f]/.test(text));
    const badByte = fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.constantFrom(0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff));
    fc.assert(
      fc.property(multiByteText, badByte, fc.string({ maxLength: 40 }).filter((text) => !text.includes('\0')), (before, bad, after) => {
        const prefix = Buffer.from(before, 'utf8');
        const bytes = bytesOf(prefix, [bad], Buffer.from(after, 'utf8'));
        const outcome = settle(bytes, () => decodeText(bytes));
        if (outcome.ok) throw new Error(`decoded damaged UTF-8 as ${outcome.value.encoding}`);
        // The control-character check runs first and may refuse a text full of controls as binary.
        expectDocumentedError(outcome.error, Error, /^invalid UTF-8 at byte \d+$|^binary data/);
        const offset = /at byte (\d+)/.exec((outcome.error as Error).message)?.[1];
        if (offset !== undefined) expect(Number(offset)).toBe(prefix.length);
      }),
      runs(2301, RUNS.brokenUtf8),
    );
  });

  it('decodes or refuses junk behind a UTF-8, UTF-16 or UTF-32 BOM, odd lengths and lone surrogates included', () => {
    const bom = fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0, 0], [0, 0, 0xfe, 0xff], []);
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      // High surrogates without their pair, in both byte orders.
      fc.array(fc.constantFrom([0x00, 0xd8], [0xd8, 0x00], [0x41, 0x00], [0x00, 0x41], [0xff, 0xdf]), { maxLength: 100 }).map((pairs) => pairs.flat()),
    );
    const declared = fc.option(fc.constantFrom('utf-8', 'utf-16', 'windows-1252', 'x-user-defined', 'replacement', 'iso-2022-jp', 'nonsense'), { nil: undefined });
    fc.assert(
      fc.property(bom, junk, declared, (prefix, rest, charset) => expectRefusedOrDecoded(bytesOf(prefix, rest), charset)),
      runs(2302, RUNS.junkBehindBom),
    );
  });
});

describe('readBytes on HTML whose charset is declared wrongly', () => {
  const page = (charset: string, paragraph: string) =>
    `<!doctype html><html><head><meta charset="${charset}"><title>Harbour news</title></head><body><article><h1>Harbour news</h1><p>${paragraph}</p><p>The harbour master said the work would take a month.</p></article></body></html>`;

  it('reads a page that says UTF-8 but is windows-1252 without replacement characters', () => {
    fc.assert(
      fc.property(prose.filter((text) => /[^\0-\x7f]/.test(text)), (text) => {
        const bytes = iconv.encode(page('utf-8', text), 'windows-1252');
        const [result] = expectValue(settle(bytes, () => readBytes('page.html', bytes, 'html')));
        expectReadResult(result!, 'page.html');
        if (!result!.ok) throw new Error(result!.error.message);
        expect(result!.source.encoding).not.toBe('utf-8');
        expect(result!.source.text).not.toContain('\uFFFD');
        if (result!.source.encoding === 'windows-1252') expect(result!.source.text).toContain(text);
      }),
      runs(2401, RUNS.metaSaysUtf8),
    );
  });

  it('reads a page that says windows-1252 but is UTF-8 as UTF-8, since valid UTF-8 wins', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const bytes = Buffer.from(page('windows-1252', text), 'utf8');
        const [result] = expectValue(settle(bytes, () => readBytes('page.html', bytes, 'html')));
        if (!result!.ok) throw new Error(result!.error.message);
        expect(result!.source.encoding).toBe('utf-8');
        expect(result!.source.text).toContain(text);
      }),
      runs(2402, RUNS.metaSays1252),
    );
  });

  it('refuses binary junk as text or HTML with a documented message, or reads what text it holds', () => {
    const junk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 2000 }),
      // Mostly text with controls sprinkled in, around the binary threshold.
      fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0x1f })), { minLength: 1, maxLength: 400 }).map((codes) => Uint8Array.from(codes)),
    );
    fc.assert(
      fc.property(junk, fc.constantFrom('txt' as const, 'html' as const), (bytes, format) => {
        const [result] = expectValue(settle(bytes, () => readBytes('junk.bin', bytes, format)));
        expectReadResult(result!, 'junk.bin');
        if (!result!.ok && format === 'txt') expect(result!.error.message).toMatch(DECODE_REFUSAL);
      }),
      runs(2403, RUNS.binaryJunk),
    );
  });
});
