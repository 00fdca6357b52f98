/**
 * The language layer on the two scraped articles in ../shared/seeds: every mention of the three protagonists
 * resolved to its person (across the two articles too), the descriptions and titles that stand for them, and
 * the relative dates normalised against the publication date. Phrases are searched for in the files at run
 * time; no article text is copied here. Skips where ../shared is absent (a user's fresh clone).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document } from '../src/document/document.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { SqliteStore } from '../src/store/sqlite.js';
import { sharedDir, tempDir } from './cli-helpers.js';

const seedsDir = join(sharedDir, 'seeds');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds) console.warn(`skipping seed language tests: ${seedsDir} not found (it sits beside the project in development and CI)`);

describe.skipIf(!haveSeeds)('language layer on the seed articles', () => {
  let store: SqliteStore;
  const docs: Document[] = [];

  beforeAll(async () => {
    store = openSqliteStore(join(tempDir('seeds-language'), 'seeds.db'));
    // Stored one by one, so linking "Trump" to "Donald Trump" across articles must not depend on order.
    for (const file of readdirSync(seedsDir).sort()) {
      await ingest([join(seedsDir, file)], store, { language: loadLanguageTools() });
    }
    for (const summary of await store.list()) docs.push(Document.fromData((await store.get(summary.id))!.doc));
    expect(docs).toHaveLength(2);
  });
  afterAll(() => store.close());

  /** Offsets of every match of `pattern` inside what the reader reads (headline and body). */
  function occurrences(doc: Document, pattern: RegExp): { start: number; end: number }[] {
    const read = doc.readingView().segments.map((s) => ({ start: s.textStart, end: s.textStart + s.length }));
    const found: { start: number; end: number }[] = [];
    for (const match of doc.text.matchAll(new RegExp(pattern.source, 'g'))) {
      const start = match.index;
      const end = start + match[0].length;
      if (read.some((r) => r.start <= start && end <= r.end)) found.push({ start, end });
    }
    return found;
  }

  function entityCovering(doc: Document, at: { start: number; end: number }): string | undefined {
    return doc.spansOf('mention').find((m) => m.start <= at.start && at.end <= m.end && m.form !== 'demonym')?.entity;
  }

  it.each([
    ['Kim', /\bKim\b/, 'person/kim-jong-un'],
    ['Pompeo', /\bPompeo\b/, 'person/mike-pompeo'],
    ['Trump', /\bTrump\b/, 'person/donald-trump'],
  ])('resolves every mention of %s to the same person in both articles', (_name, pattern, entity) => {
    let total = 0;
    for (const doc of docs) {
      for (const at of occurrences(doc, pattern)) {
        total++;
        expect(entityCovering(doc, at), `${doc.origin.uri} at ${at.start}: ${JSON.stringify(doc.slice(at))}`).toBe(entity);
      }
    }
    expect(total).toBeGreaterThan(10);
  });

  it.each([
    [/North Korean (dictator|leader)/, 'person/kim-jong-un'],
    [/Secretary of State/, 'person/mike-pompeo'],
    [/CIA Director/, 'person/mike-pompeo'],
    [/(?<=the )President\b/, 'person/donald-trump'],
  ])('resolves the description or title %s to its person', (pattern, entity) => {
    let total = 0;
    for (const doc of docs) {
      for (const at of occurrences(doc, pattern)) {
        total++;
        const covering = doc.spansOf('mention').find((m) => m.start <= at.start && at.end <= m.end && (m.form === 'title' || m.form === 'description'));
        expect(covering?.entity, `${doc.origin.uri}: ${JSON.stringify(doc.slice(at))}`).toBe(entity);
      }
    }
    expect(total).toBeGreaterThan(0);
  });

  it('normalises the relative dates of the dated article against its publication date', () => {
    const dated = docs.filter((d) => d.fieldValue('published'));
    expect(dated).toHaveLength(1);
    const doc = dated[0]!;
    const valueOf = (pattern: RegExp): string[] =>
      occurrences(doc, pattern).map((at) => doc.spansOf('timex').find((t) => t.start <= at.start && at.end <= t.end)?.value ?? 'none');
    const published = doc.fieldValue('published')!;
    const weekdayBefore = (weekday: number): string => {
      const date = new Date(`${published}T00:00:00Z`);
      do date.setUTCDate(date.getUTCDate() - 1);
      while (date.getUTCDay() !== weekday);
      return date.toISOString().slice(0, 10);
    };
    const year = published.slice(0, 4);
    expect(valueOf(/Easter weekend/)).toEqual([`${year}-04-01`]); // Easter Sunday 2018
    expect(valueOf(/Monday(?=[’']s report)/)).toEqual([weekdayBefore(1)]);
    expect(valueOf(/this month/)).toEqual([published.slice(0, 7)]);
    expect(valueOf(/May 2017/)).toEqual(['2017-05']);
    expect(valueOf(/earlier this year/)).toEqual([year]);
  });
});
