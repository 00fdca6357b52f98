/**
 * `eventwire extract` and `eventwire eval extraction` through the built CLI, on small pages written here (the
 * text is invented). Only the basics of extraction are relied on: a page with one <article> of paragraphs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli-helpers.js';

const STABLE_KEYS = ['articleBody', 'title', 'author', 'published', 'outlet', 'leadImage', 'captions', 'language'];

const paragraphs = {
  harbour: [
    'The town council of Marrowby voted on Tuesday to rebuild the old harbour wall before the winter storms arrive.',
    'Councillor Edda Fenwick said the repairs would cost about four million crowns and take eleven months to finish.',
    'Fishermen who use the harbour welcomed the decision but asked for a temporary jetty while the work goes on.',
  ],
  orchard: [
    'Apple growers in the Quillan valley reported their largest harvest in twenty years after a mild and wet spring.',
    'The growers cooperative plans to open a second cider press in the village of Dunhollow next autumn.',
  ],
  library: [
    'The public library on Saltmarsh Road will reopen next month after a renovation that added a reading garden.',
    'Its chief librarian, Oren Blackwood, said the garden would host poetry evenings every other Thursday.',
  ],
};

function page(title: string, body: string[]): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>${title}</h1>
${body.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<footer>All rights reserved.</footer>
</body>
</html>`;
}

const parse = (stdout: string): Record<string, unknown> => JSON.parse(stdout) as Record<string, unknown>;

describe('eventwire extract', () => {
  const dir = tempDir('extract-cli');
  const single = join(dir, 'harbour.html');
  const pages = join(dir, 'pages');

  beforeAll(() => {
    writeFileSync(single, page('Marrowby to rebuild its harbour wall', paragraphs.harbour));
    mkdirSync(pages);
    writeFileSync(join(pages, 'harbour.html'), page('Marrowby to rebuild its harbour wall', paragraphs.harbour));
    writeFileSync(join(pages, 'orchard.html.gz'), gzipSync(page('A record apple harvest', paragraphs.orchard)));
    // Gzipped under a plain name: detected by its magic bytes, not its extension.
    writeFileSync(join(pages, 'library.html'), gzipSync(page('Library reopens', paragraphs.library)));
    // Not text at all.
    writeFileSync(join(pages, 'broken.html'), Buffer.from([0x3c, 0x00, 0x01, 0x02, 0x00, 0xff, 0x00, 0x10, 0x00, 0x00]));
    writeFileSync(join(pages, 'notes.txt'), 'not a page');
  });

  it('prints one object with the stable keys for a file', () => {
    const out = runCli(['extract', single, '--json', '--url', 'https://news.example.org/marrowby/harbour']);
    expect(out.status, out.stderr).toBe(0);
    const record = parse(out.stdout);
    for (const key of STABLE_KEYS) expect(record).toHaveProperty(key);
    expect(Array.isArray(record.captions)).toBe(true);
    for (const p of paragraphs.harbour) expect(record.articleBody).toContain(p);
  });

  it('prints a readable view without --json', () => {
    const out = runCli(['extract', single]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^Title:/m);
    expect(out.stdout).toContain(paragraphs.harbour[1]);
  });

  it('keys a directory by file name without extensions, reads gzip by its magic bytes, and goes on past a broken page', () => {
    const out = runCli(['extract', pages, '--json']);
    expect(out.status).toBe(1); // one page failed
    const records = parse(out.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(records).sort()).toEqual(['broken', 'harbour', 'library', 'orchard']);
    expect(Object.keys(records.broken!)).toEqual(['error']);
    expect(String(records.broken!.error)).toMatch(/binary/);
    expect(out.stderr).toContain('broken.html');
    for (const [id, texts] of Object.entries(paragraphs)) {
      const record = records[id]!;
      for (const key of STABLE_KEYS) expect(record, id).toHaveProperty(key);
      for (const p of texts) expect(record.articleBody, id).toContain(p);
    }
  });

  it('names a missing input and a directory without pages', () => {
    const missing = runCli(['extract', join(dir, 'nowhere.html'), '--json']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = runCli(['extract', empty]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no \.html/);
  });
});

describe('eventwire eval extraction', () => {
  const dir = tempDir('eval-extraction');
  const bench = join(dir, 'bench');

  beforeAll(() => {
    mkdirSync(join(bench, 'html'), { recursive: true });
    const html = page('Marrowby to rebuild its harbour wall', paragraphs.harbour);
    writeFileSync(join(bench, 'html', 'harbour.html.gz'), gzipSync(html));
    // The truth is what eventwire extracts, so its body and title score exactly 1 whatever the extractor's rules.
    writeFileSync(join(dir, 'harbour.html'), html);
    const extracted = parse(runCli(['extract', join(dir, 'harbour.html'), '--json']).stdout);
    const truth = { harbour: { articleBody: extracted.articleBody, title: extracted.title, url: 'https://news.example.org/marrowby/harbour' } };
    writeFileSync(join(bench, 'ground-truth.json'), JSON.stringify(truth));
  });

  it('scores F1 1.0 for a page whose truth equals the extraction, with Readability alongside', () => {
    const out = runCli(['eval', 'extraction', bench, '--json']);
    expect(out.status, out.stderr).toBe(0);
    const result = parse(out.stdout) as Record<string, Record<string, number | null>> & { pages: number; errors: unknown[] };
    expect(result.pages).toBe(1);
    expect(result.errors).toEqual([]);
    const ew = result.eventwire!;
    expect(ew).toMatchObject({ precision: 1, recall: 1, f1: 1, title_accuracy: 1, author_accuracy: null, date_accuracy: null, errors: 0 });
    expect(ew.pages_per_second).toBeGreaterThan(0);
    for (const key of ['precision', 'recall', 'f1', 'title_accuracy', 'author_accuracy', 'date_accuracy', 'pages_per_second', 'errors']) {
      expect(result.readability).toHaveProperty(key);
    }
    // Readability finds most of the paragraphs on so plain a page.
    expect(result.readability!.recall).toBeGreaterThan(0.5);
  });

  it('prints a table without --json', () => {
    const out = runCli(['eval', 'extraction', bench]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^eventwire\s+100\.0\s+100\.0\s+100\.0/m);
    expect(out.stdout).toMatch(/^readability\s/m);
    expect(out.stdout).toContain('pages/s');
  });

  it('records a page without its HTML as an error and scores it as empty output', () => {
    const other = join(dir, 'bench-missing');
    mkdirSync(join(other, 'html'), { recursive: true });
    writeFileSync(join(other, 'html', 'orchard.html'), page('A record apple harvest', paragraphs.orchard));
    writeFileSync(join(other, 'ground-truth.json'), JSON.stringify({ orchard: { articleBody: paragraphs.orchard.join('\n\n') }, gone: { articleBody: 'A page whose file is missing from the folder.' } }));
    const out = runCli(['eval', 'extraction', other, '--json']);
    expect(out.status, out.stderr).toBe(0);
    const result = parse(out.stdout) as { pages: number; errors: { id: string; stage: string }[]; eventwire: { errors: number; recall: number } };
    expect(result.pages).toBe(2);
    expect(result.errors).toEqual([expect.objectContaining({ id: 'gone', stage: 'read' })]);
    expect(result.eventwire.errors).toBe(1);
    expect(result.eventwire.recall).toBeLessThanOrEqual(0.5);
  });

  it('names a folder without ground truth', () => {
    const out = runCli(['eval', 'extraction', join(dir, 'nowhere')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/ground-truth\.json/);
  });
});
