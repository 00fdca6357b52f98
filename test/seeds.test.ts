/**
 * The two scraped articles in ../shared/seeds, checked by the position of their lines so that no article
 * text is copied into the project. Skips where ../shared is absent (a user's fresh clone).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanSource, splitLines } from '../src/clean/index.js';
import type { Document } from '../src/document/document.js';

const seedsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'seeds');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds) console.warn(`skipping seed tests: ${seedsDir} not found (it sits beside the project in development and CI)`);

function load(name: string): { text: string; lines: string[]; doc: Document } {
  const text = readFileSync(join(seedsDir, name), 'utf8');
  const docs = cleanSource({ uri: name, format: 'txt', text, encoding: 'utf-8', hints: {} });
  expect(docs).toHaveLength(1);
  return { text, lines: splitLines(text).map((l) => l.text), doc: docs[0]! };
}

/** The body as it must come out: the given lines, one paragraph each, with no-break spaces read as spaces. */
function expectedBody(lines: string[], from: number, to: number): string {
  return lines
    .slice(from, to)
    .map((l) => l.replace(/\u00a0/g, ' '))
    .join('\n\n');
}

/** The reasons given to the removed spans that lie on line `index`. */
function reasonsOnLine(doc: Document, text: string, index: number): string[] {
  const line = splitLines(text)[index]!;
  return doc.removed.filter((s) => s.start >= line.start && s.end <= line.end).map((s) => s.reason);
}

function removedCoverage(doc: Document, text: string, index: number): string {
  const line = splitLines(text)[index]!;
  return doc.removed
    .filter((s) => s.start >= line.start && s.end <= line.end)
    .map((s) => doc.slice(s))
    .join('')
    .replace(/\s/g, '');
}

describe.skipIf(!haveSeeds)('seed 000: promo line, headline, credited caption, stated date', () => {
  const name = '000_84fdeb700c7c347e.txt';

  it('keeps the body from its first true sentence to its last, nothing else and nothing less', () => {
    const { lines, doc } = load(name);
    // lines: 0 promo, 1 headline, 2 caption with credit, 3 date, 4.. the story to the end of the file
    expect(doc.body().text).toBe(expectedBody(lines, 4, lines.length));
  });

  it('removes the promo, caption and credit, and recovers headline, date and outlet', () => {
    const { text, lines, doc } = load(name);
    expect(reasonsOnLine(doc, text, 0)).toEqual(['promo']);
    expect(reasonsOnLine(doc, text, 1)).toEqual(['headline']);
    expect(reasonsOnLine(doc, text, 2)).toEqual(['caption', 'credit']);
    expect(reasonsOnLine(doc, text, 3)).toEqual(['date']);
    expect(doc.fieldValue('title')).toBe(lines[1]);
    expect(doc.fieldValue('published')).toBe('2018-06-21');
    expect(doc.fieldValue('outlet')).toBe('AMN');
  });
});

describe.skipIf(!haveSeeds)('seed 004: caption variants, newsletter prompt, masthead', () => {
  const name = '004_943a687569331b32.txt';

  it('keeps the body from its first true sentence to its last', () => {
    const { lines, doc } = load(name);
    // lines: 0 headline, 1 caption + credit, 2 repeated caption variants, 3-4 newsletter, 5-10 story, 11.. chrome
    expect(doc.body().text).toBe(expectedBody(lines, 5, 11));
  });

  it('explains every removed part of the caption lines and removes all the chrome', () => {
    const { text, lines, doc } = load(name);
    expect(reasonsOnLine(doc, text, 1)).toEqual(['caption', 'credit']);
    const variantReasons = new Set(reasonsOnLine(doc, text, 2));
    expect([...variantReasons].sort()).toEqual(['agency-restriction', 'caption-repeat', 'credit', 'toggle']);
    // every visible character of the caption line is accounted for
    expect(removedCoverage(doc, text, 2)).toBe(lines[2]!.replace(/\s/g, ''));
    expect(reasonsOnLine(doc, text, 3)).toEqual(['newsletter']);
    expect(reasonsOnLine(doc, text, 4)).toEqual(['newsletter']);
    for (let i = 11; i < lines.length; i++) expect(reasonsOnLine(doc, text, i), `line ${i}`).toEqual(['chrome']);
  });

  it('recovers the headline, the dateline and the outlet', () => {
    const { lines, doc } = load(name);
    expect(doc.fieldValue('title')).toBe(lines[0]);
    expect(doc.fieldValue('dateline')).toBe('WASHINGTON, DC');
    expect(doc.fieldValue('outlet')).toBe('TPM');
  });
});

describe.skipIf(!haveSeeds)('the two seeds glued into one text, in either order', () => {
  const names = ['000_84fdeb700c7c347e.txt', '004_943a687569331b32.txt'];

  it('cuts them apart into the same articles as read one by one', () => {
    const alone = names.map((name) => load(name).doc);
    for (const order of [names, [...names].reverse()]) {
      const text = order.map((name) => readFileSync(join(seedsDir, name), 'utf8')).join('\n');
      const docs = cleanSource({ uri: 'glued.txt', format: 'txt', text, encoding: 'utf-8', hints: {} });
      expect(docs).toHaveLength(2);
      const expected = order.map((name) => alone[names.indexOf(name)]!);
      docs.forEach((doc, k) => {
        expect(doc.body().text).toBe(expected[k]!.body().text);
        for (const field of ['title', 'published', 'dateline', 'outlet'] as const) {
          expect(doc.fieldValue(field), `${order[k]} ${field}`).toBe(expected[k]!.fieldValue(field));
        }
      });
    }
  });
});
