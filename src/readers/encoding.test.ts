import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/random.js';
import { decodeText, resolveLegacyEncoding, scanUtf8 } from './encoding.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));

describe('decodeText', () => {
  it('reads plain UTF-8 and keeps CRLF line endings as they are', () => {
    expect(decodeText(utf8('Café\r\nZürich — “quoted”\r\n'))).toEqual({
      text: 'Café\r\nZürich — “quoted”\r\n',
      encoding: 'utf-8',
    });
  });

  it('decodes windows-1252 with curly quotes, a euro sign and é', () => {
    const text = '“Café au lait,” she said. It’s déjà vu for the naïve. The plan costs €2m.';
    expect(decodeText(iconv.encode(text, 'windows-1252'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('reports ISO-8859-1 as windows-1252, as browsers do', () => {
    const text = 'Le café de la gare était fermé à cause de la grève générale, a-t-il déclaré.';
    expect(decodeText(iconv.encode(text, 'latin1'))).toEqual({ text, encoding: 'windows-1252' });
  });

  it('strips a UTF-8 BOM', () => {
    expect(decodeText(concat([0xef, 0xbb, 0xbf], utf8('Hello é')))).toEqual({ text: 'Hello é', encoding: 'utf-8' });
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM and strips it', () => {
    const text = 'Grüße aus Köln — 東京\n';
    expect(decodeText(concat([0xff, 0xfe], iconv.encode(text, 'utf-16le')))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(concat([0xfe, 0xff], iconv.encode(text, 'utf-16be')))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('refuses binary data behind a UTF-16 byte-order mark, by its unpaired surrogates', () => {
    const random = seededRandom(16);
    for (const bom of [[0xff, 0xfe, 0x01], [0xfe, 0xff, 0x01]]) {
      for (let run = 0; run < 20; run++) {
        const junk = concat(bom, Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
        expect(() => decodeText(junk)).toThrow(/^binary data, not text/);
      }
    }
    // Text with an emoji (a surrogate pair) is text, and so is text with one broken pair.
    const text = 'Ferries resumed crossings 🚢 on Monday.';
    expect(decodeText(concat([0xff, 0xfe], iconv.encode(text, 'utf-16le'))).text).toBe(text);
    const broken = concat([0xff, 0xfe], iconv.encode('Harbour ', 'utf-16le'), [0x3d, 0xd8], iconv.encode(' reopened', 'utf-16le'));
    expect(decodeText(broken).encoding).toBe('utf-16le');
  });

  it('detects UTF-16 without a BOM from its NUL bytes', () => {
    const text = 'The council met on Tuesday. Grüße.\n';
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(text, 'utf-16be'))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('detects Shift_JIS', () => {
    const text = '東京都は本日、新しい防災計画を発表しました。計画には避難所の増設が含まれています。';
    expect(decodeText(iconv.encode(text, 'shift_jis'))).toEqual({ text, encoding: 'shift_jis' });
  });

  it('detects ISO-8859-2', () => {
    const text = 'Zażółć gęślą jaźń. Książka leży na stole, a pies śpi pod łóżkiem w pokoju.';
    expect(decodeText(iconv.encode(text, 'iso-8859-2'))).toEqual({ text, encoding: 'iso-8859-2' });
  });

  it('uses a declared charset when the bytes are not UTF-8', () => {
    const text = 'Президент заявил';
    expect(decodeText(iconv.encode(text, 'koi8-r'), 'KOI8-R')).toEqual({ text, encoding: 'koi8-r' });
    // A declared charset nobody knows, or a wrong UTF-8 declaration, falls back to detection.
    expect(decodeText(iconv.encode('Café crème', 'windows-1252'), 'x-unknown').encoding).toBe('windows-1252');
    expect(decodeText(iconv.encode('Café crème', 'windows-1252'), 'utf-8').encoding).toBe('windows-1252');
  });

  it('prefers valid UTF-8 over a declared legacy charset', () => {
    expect(decodeText(utf8('Café'), 'windows-1252')).toEqual({ text: 'Café', encoding: 'utf-8' });
  });

  it('rejects broken UTF-8 with the offset of the first bad byte', () => {
    // "Café " is 6 bytes; then a lone 0xE9 (a windows-1252 é pasted into UTF-8 text).
    const bytes = concat(utf8('Café '), [0xe9], utf8(' and more — text'));
    expect(() => decodeText(bytes)).toThrow('invalid UTF-8 at byte 6');
    // A truncated sequence at the end counts too.
    expect(() => decodeText(concat(utf8('naïve '), [0xe2, 0x80]))).toThrow('invalid UTF-8 at byte 7');
  });

  it('rejects broken UTF-8 behind a BOM', () => {
    expect(() => decodeText(concat([0xef, 0xbb, 0xbf], utf8('é'), [0xff]))).toThrow('invalid UTF-8 at byte 5');
  });

  it('rejects binary data', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decodeText(png)).toThrow('binary data, not text (NUL byte at 8)');
    const controls = Uint8Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(() => decodeText(controls)).toThrow(/^binary data, not text \(34% control characters\)$/);
  });

  it('rejects random bytes full of NULs', () => {
    const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect(() => decodeText(junk)).toThrow(/^binary data, not text/);
  });

  it('rejects empty and whitespace-only input', () => {
    expect(() => decodeText(new Uint8Array())).toThrow('empty input');
    expect(() => decodeText(utf8(' \n\t\r\n'))).toThrow('empty input');
    expect(() => decodeText(Uint8Array.from([0xef, 0xbb, 0xbf]))).toThrow('empty input');
  });

  it('never throws anything but an Error with a message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.option(fc.constantFrom('windows-1252', 'shift_jis', 'utf-8', 'bogus')), (bytes, charset) => {
        try {
          const decoded = decodeText(bytes, charset ?? undefined);
          expect(typeof decoded.text).toBe('string');
          expect(decoded.encoding).not.toBe('');
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips valid UTF-8 text', () => {
    const textLike = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
      .filter((text) => text.trim() !== '' && !text.startsWith('\uFEFF') && !/[\0-\x08\x0b\x0e-\x1f\x7f]/.test(text));
    fc.assert(
      fc.property(textLike, (text) => {
        expect(decodeText(utf8(text))).toEqual({ text, encoding: 'utf-8' });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scanUtf8', () => {
  it('counts multi-byte sequences and finds the first invalid byte', () => {
    expect(scanUtf8(utf8('aé€😀'))).toEqual({ multiByteSequences: 3, firstInvalidOffset: -1 });
    expect(scanUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toEqual({ multiByteSequences: 0, firstInvalidOffset: 1 });
    // Surrogates encoded in UTF-8 (ED A0 80) are not well-formed.
    expect(scanUtf8(Uint8Array.from([0xed, 0xa0, 0x80])).firstInvalidOffset).toBe(0);
  });
});

describe('resolveLegacyEncoding', () => {
  it('maps labels to WHATWG names and refuses Unicode and unknown labels', () => {
    expect(resolveLegacyEncoding('ISO-8859-1')).toBe('windows-1252');
    expect(resolveLegacyEncoding(' "Shift_JIS" ')).toBe('shift_jis');
    expect(resolveLegacyEncoding('utf-8')).toBeUndefined();
    expect(resolveLegacyEncoding('UTF-16')).toBeUndefined();
    expect(resolveLegacyEncoding('no-such-charset')).toBeUndefined();
  });
});
