import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readBytes, readInputs, sniffFormat } from './index.js';
import type { ReadOptions, ReadResult } from './types.js';

const scratch = mkdtempSync(join(tmpdir(), 'eventwire-readers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let dirCount = 0;
/** A fresh directory holding the given files (paths relative to it; parents are created). */
function makeTree(files: Record<string, string | Uint8Array>): string {
  const root = join(scratch, `case-${++dirCount}`);
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

async function collect(specs: string[], options?: ReadOptions): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of readInputs(specs, options)) results.push(result);
  return results;
}

/** A compact view of results for assertions: `uri` plus the text or the error message. */
function summarise(results: ReadResult[]): string[] {
  return results.map((result) => (result.ok ? `${result.source.uri} => ${result.source.text}` : `${result.error.uri} !! ${result.error.message}`));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readInputs: files, directories and globs', () => {
  it('walks a directory recursively in sorted order, skipping hidden files and other extensions', async () => {
    const root = makeTree({
      'b.txt': 'bee',
      'a.TXT': 'ay',
      'nested/deeper/c.text': 'see',
      'nested/page.htm': '<p>page</p>',
      '.hidden.txt': 'secret',
      '.git/config.txt': 'secret too',
      'nested/photo.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'notes.md': 'markdown',
    });
    expect(summarise(await collect([root]))).toEqual([
      `${root}/a.TXT => ay`,
      `${root}/b.txt => bee`,
      `${root}/nested/deeper/c.text => see`,
      `${root}/nested/page.htm => page`,
    ]);
  });

  it('expands a glob and reads a file named by two specs once', async () => {
    const root = makeTree({ 'x/one.txt': 'one', 'x/two.txt': 'two', 'x/three.html': '<p>three</p>', 'y/four.txt': 'four' });
    const results = await collect([`${root}/x/*.txt`, `${root}/x/one.txt`, `${root}/**/*.html`]);
    expect(summarise(results)).toEqual([`${root}/x/one.txt => one`, `${root}/x/two.txt => two`, `${root}/x/three.html => three`]);
  });

  it('yields an error naming a spec that matches nothing, and goes on', async () => {
    const root = makeTree({ 'ok.txt': 'fine', 'empty-dir/.keep': '' });
    const results = await collect([`${root}/missing.txt`, `${root}/*.nothing`, `${root}/empty-dir`, `${root}/ok.txt`]);
    expect(summarise(results)).toEqual([
      `${root}/missing.txt !! no such file or directory`,
      `${root}/*.nothing !! no .txt .text .html .htm .jsonl .ndjson .warc files match this pattern`,
      `${root}/empty-dir !! no .txt .text .html .htm .jsonl .ndjson .warc files in this directory`,
      `${root}/ok.txt => fine`,
    ]);
  });

  it('reads an explicitly named file of any extension, sniffing its format', async () => {
    const root = makeTree({ 'story.md': '  <p>Hello <i>there</i></p>', 'feed.data': '{"text": "from jsonl"}\n' });
    const results = await collect([`${root}/story.md`, `${root}/feed.data`]);
    expect(results.map((result) => result.ok && [result.source.format, result.source.text])).toEqual([
      ['html', 'Hello there'],
      ['txt', 'from jsonl'],
    ]);
  });

  it('reports encodings and errors per file', async () => {
    const root = makeTree({
      '1-cp1252.txt': iconv.encode('“Café” — it’s naïve.', 'windows-1252'),
      '2-bom.txt': Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('BOM text')]),
      '3-utf16.txt': Uint8Array.from([0xff, 0xfe, ...iconv.encode('wide text', 'utf-16le')]),
      '4-broken.txt': Uint8Array.from([...utf8('ok é '), 0xff, ...utf8(' more')]),
      '5-binary.txt': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      '6-empty.txt': '',
    });
    const results = await collect([root]);
    expect(results.map((result) => (result.ok ? [result.source.text, result.source.encoding] : result.error.message))).toEqual([
      ['“Café” — it’s naïve.', 'windows-1252'],
      ['BOM text', 'utf-8'],
      ['wide text', 'utf-16le'],
      'invalid UTF-8 at byte 6',
      'binary data, not text (NUL byte at 8)',
      'empty input',
    ]);
  });

  it('reads an HTML file in its declared charset, with hints', async () => {
    const page = '<html><head><meta charset="windows-1252"><meta property="og:title" content="Café"></head><body><p>Crème brûlée</p></body></html>';
    const root = makeTree({ 'page.html': iconv.encode(page, 'windows-1252') });
    const [result] = await collect([join(root, 'page.html')]);
    expect(result).toEqual({
      ok: true,
      source: { uri: join(root, 'page.html'), format: 'html', text: 'Crème brûlée', encoding: 'windows-1252', hints: { title: 'Café' }, marks: [] },
    });
  });

  it('refuses a file over the limit before reading it', async () => {
    const root = makeTree({});
    mkdirSync(root);
    const path = join(root, 'huge.txt');
    // A sparse 21 MiB file: instant to make, and all NULs, so reading it would give a binary-data error instead.
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 21 * 1024 * 1024);
    closeSync(fd);
    expect(summarise(await collect([path]))).toEqual([
      `${path} !! 22,020,096 bytes is over the 20 MiB limit for one input (use --max-bytes to raise it)`,
    ]);
    expect(summarise(await collect([path], { maxBytes: 1000 }))[0]).toContain('is over the 1,000 bytes limit');
  });

  it('reads gzipped inputs and bounds their decompressed size', async () => {
    const root = makeTree({
      'a.txt.gz': gzipSync(utf8('zipped text')),
      'b.jsonl.gz': gzipSync(utf8('{"text": "line one"}\n{"text": "line two"}\n')),
      'c.txt.gz': gzipSync(new Uint8Array(5000).fill(0x41)),
      'd.txt.gz': 'not gzip at all',
    });
    expect(summarise(await collect([root], { maxBytes: 4096 }))).toEqual([
      `${root}/a.txt.gz => zipped text`,
      `${root}/b.jsonl.gz#line=1 => line one`,
      `${root}/b.jsonl.gz#line=2 => line two`,
      `${root}/c.txt.gz !! more than 4,096 bytes once decompressed is over the 4 KiB limit for one input (use --max-bytes to raise it)`,
      `${root}/d.txt.gz !! not valid gzip data: incorrect header check`,
    ]);
  });
});

describe('readInputs: JSONL', () => {
  it('yields one result per line, with an error for a bad line in the middle', async () => {
    const lines = [
      JSON.stringify({ url: 'https://a.example/1', outlet: 'A', title: 'First', published: '2024-01-01', text: 'First body.' }),
      '',
      '{"title": "broken", ',
      '[1, 2]',
      JSON.stringify({ title: 'No body' }),
      JSON.stringify({ title: 7, text: 'x' }),
      JSON.stringify({ html: '<html><head><meta property="og:title" content="Meta title"><meta property="og:site_name" content="Meta outlet"></head><body><article><p>From HTML</p></article></body></html>', title: 'Record title' }),
      JSON.stringify({ body: 'Body field.', author: ['Ann Lee', 'Bo Ray'], url: null }),
    ];
    const root = makeTree({ 'feed.jsonl': lines.join('\r\n') });
    const path = join(root, 'feed.jsonl');
    const results = await collect([path]);
    expect(results.map((result) => (result.ok ? result.source : result.error))).toEqual([
      {
        uri: `${path}#line=1`,
        format: 'txt',
        text: 'First body.',
        encoding: 'utf-8',
        hints: { url: 'https://a.example/1', outlet: 'A', title: 'First', published: '2024-01-01' },
      },
      { uri: `${path}#line=3`, message: expect.stringMatching(/^not JSON: /) },
      { uri: `${path}#line=4`, message: 'expected a JSON object with the article, got an array' },
      { uri: `${path}#line=5`, message: 'no article: the object has neither a "text" (or "body", "content") nor an "html" field' },
      { uri: `${path}#line=6`, message: 'field "title" should be a string, not a number' },
      {
        uri: `${path}#line=7`,
        format: 'html',
        text: 'From HTML',
        encoding: 'utf-8',
        hints: { title: 'Record title', outlet: 'Meta outlet' },
        marks: [],
      },
      { uri: `${path}#line=8`, format: 'txt', text: 'Body field.', encoding: 'utf-8', hints: { author: 'Ann Lee, Bo Ray' } },
    ]);
  });

  it('applies the size limit to each line, not to the file', async () => {
    const long = JSON.stringify({ text: 'x'.repeat(3000) });
    const root = makeTree({ 'big.ndjson': [JSON.stringify({ text: 'short' }), long, JSON.stringify({ text: 'after' })].join('\n') + '\n' });
    const path = join(root, 'big.ndjson');
    expect(summarise(await collect([path], { maxBytes: 1024 }))).toEqual([
      `${path}#line=1 => short`,
      `${path}#line=2 !! 3,011 bytes is over the 1 KiB limit for one input (use --max-bytes to raise it)`,
      `${path}#line=3 => after`,
    ]);
  });

  it('splits lines across stream chunks', async () => {
    const text = ['{"text": "é one"}', '{"text": "two"}', '{"text": "three"}'].join('\n');
    const bytes = utf8(text);
    // One-byte chunks split every line and the multi-byte é.
    const stdin = Readable.from(Array.from(bytes, (byte) => Buffer.from([byte])));
    expect(summarise(await collect(['-'], { stdin }))).toEqual(['stdin#line=1 => é one', 'stdin#line=2 => two', 'stdin#line=3 => three']);
  });
});

describe('readInputs: stdin', () => {
  it('reads stdin as text, HTML or JSONL', async () => {
    const read = (input: string, options: ReadOptions = {}) => collect(['-'], { ...options, stdin: Readable.from([Buffer.from(input)]) });
    expect(summarise(await read('plain text\n'))).toEqual(['stdin => plain text\n']);
    expect(summarise(await read('\n  <p>html</p>'))).toEqual(['stdin => html']);
    expect(summarise(await read('{"text": "a"}\n{"text": "b"}'))).toEqual(['stdin#line=1 => a', 'stdin#line=2 => b']);
    expect(summarise(await read('<p>forced text</p>', { format: 'txt' }))).toEqual(['stdin => <p>forced text</p>']);
    expect(summarise(await read('x'.repeat(2000), { maxBytes: 1024 }))).toEqual([
      'stdin !! more than 1,024 bytes is over the 1 KiB limit for one input (use --max-bytes to raise it)',
    ]);
    expect(summarise(await read(''))).toEqual(['stdin !! empty input']);
    expect(summarise(await read('\n\n', { format: 'jsonl' }))).toEqual(['stdin !! empty input']);
  });

  it('reports a failing stream as an error result', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error('stream broke'));
      },
    });
    expect(summarise(await collect(['-'], { stdin }))).toEqual(['stdin !! stream broke']);
  });
});

describe('readBytes', () => {
  it('reads each format from memory', () => {
    expect(readBytes('mem', utf8('text'), 'txt')).toEqual([{ ok: true, source: { uri: 'mem', format: 'txt', text: 'text', encoding: 'utf-8', hints: {} } }]);
    expect(readBytes('mem', utf8('<div><script>x</script></div>'), 'html')).toEqual([{ ok: false, error: { uri: 'mem', message: 'no text found in HTML' } }]);
    expect(readBytes('mem', utf8('{"text":"a"}\n\n{"text":"b"}\n'), 'jsonl').map((result) => result.ok && result.source.uri)).toEqual([
      'mem#line=1',
      'mem#line=3',
    ]);
    expect(readBytes('mem', utf8('too long'), 'txt', { maxBytes: 4 })).toEqual([
      { ok: false, error: { uri: 'mem', message: '8 bytes is over the 4 bytes limit for one input (use --max-bytes to raise it)' } },
    ]);
  });

  it('never throws on arbitrary bytes, and errors always carry a message', () => {
    const interesting = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 200 }).map(utf8),
      fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((text) => utf8(`<p>${text}</p>\n{"text": ${JSON.stringify(text)}}`)),
    );
    fc.assert(
      fc.property(interesting, fc.constantFrom('txt' as const, 'html' as const, 'jsonl' as const), (bytes, format) => {
        for (const result of readBytes('prop', bytes, format)) {
          if (result.ok) expect(typeof result.source.text).toBe('string');
          else expect(result.error.message).not.toBe('');
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('sniffFormat', () => {
  it('looks at the first non-space character', () => {
    expect(sniffFormat(utf8('  \n{"a":1}'))).toBe('jsonl');
    expect(sniffFormat(utf8('\uFEFF<!doctype html>'))).toBe('html');
    expect(sniffFormat(utf8('Hello'))).toBe('txt');
    expect(sniffFormat(utf8(''))).toBe('txt');
  });
});
