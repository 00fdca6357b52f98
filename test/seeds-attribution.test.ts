/**
 * Attribution on the two scraped articles in ../shared/seeds: the direct quotes tied to the right speaker with
 * the chain of outlets they travelled through, and the report the second article rests on recognised as its
 * source. Phrases are searched for in the files at run time; no article text is copied here. Skips where
 * ../shared is absent (a user's fresh clone).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { Document } from '../src/document/document.js';
import type { AttributionSpan } from '../src/document/types.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import { sharedDir, tempDir } from './cli-helpers.js';

const seedsDir = join(sharedDir, 'seeds');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds) console.warn(`skipping seed attribution tests: ${seedsDir} not found (it sits beside the project in development and CI)`);

describe.skipIf(!haveSeeds)('attribution on the seed articles', () => {
  let store: SqliteStore;
  const docs: Document[] = [];

  beforeAll(async () => {
    store = openSqliteStore(join(tempDir('seeds-attribution'), 'seeds.db'));
    for (const file of readdirSync(seedsDir).sort()) {
      await ingest([join(seedsDir, file)], store, { language: loadLanguageTools(), attribution: loadAttributionFinder() });
    }
    for (const summary of await store.list()) docs.push(Document.fromData((await store.get(summary.id))!.doc));
  });
  afterAll(() => store.close());

  /** The attribution whose content holds `words`. */
  function saying(words: RegExp): { doc: Document; attribution: AttributionSpan } {
    for (const doc of docs) {
      for (const attribution of doc.spansOf('attribution')) {
        if (attribution.content.some((r) => words.test(doc.slice(r)))) return { doc, attribution };
      }
    }
    throw new Error(`no attribution says ${words}`);
  }

  const names = (a: AttributionSpan): string[] => a.chain.map((l) => l.name);

  it('gives the "guts" quote to Kim Jong Un, via the Japanese report and the wire that carried it', () => {
    const { doc, attribution } = saying(/same kind of guts/);
    expect(attribution.kind).toBe('direct');
    expect(attribution.speaker?.entity).toBe('person/kim-jong-un');
    const chain = names(attribution);
    expect(chain[0]).toBe('Kim Jong Un');
    expect(chain.findIndex((n) => /Asahi/.test(n))).toBe(1);
    expect(chain[2]).toBe('United Press International');
    expect(chain[chain.length - 1]).toBe(doc.fieldValue('outlet'));
  });

  it('gives "I am hopeful ..." to Pompeo, via CNN', () => {
    const { doc, attribution } = saying(/I am hopeful/);
    expect(attribution.speaker?.entity).toBe('person/mike-pompeo');
    expect(names(attribution)).toEqual(['Mike Pompeo', 'CNN', doc.fieldValue('outlet')]);
  });

  it('gives "He\u2019s the key piece ..." to a Republican Senate aide, via Vanity Fair', () => {
    const { doc, attribution } = saying(/key piece/);
    expect(doc.slice(attribution.source[0]!)).toMatch(/Republican Senate aide/);
    const chain = names(attribution);
    expect(chain[0]).toMatch(/Republican Senate aide/);
    expect(chain.slice(1)).toEqual(['Vanity Fair', doc.fieldValue('outlet')]);
  });

  it('gives Trump his words, via The Hill', () => {
    const { attribution } = saying(/supposed to meet/);
    expect(attribution.speaker?.entity).toBe('person/donald-trump');
    expect(names(attribution)).toContain('The Hill');
  });

  it('recognises the Vox report as the source of the second article\u2019s account', () => {
    const second = docs.find((d) => d.spansOf('attribution').some((a) => a.source.some((r) => /Vox/.test(d.slice(r)))));
    expect(second).toBeDefined();
    const vox = second!.spansOf('attribution').find((a) => a.source.some((r) => /Vox/.test(second!.slice(r))))!;
    expect(vox.chain[0]).toMatchObject({ name: 'Vox', role: 'outlet' });
  });

  it('stores the quotes searchable', async () => {
    const hits = await store.searchQuotes('guts');
    expect(hits.some((h) => h.speakerEntity === 'person/kim-jong-un' && /Asahi/.test(h.chain.join(' ')))).toBe(true);
  });
});
