import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Document } from '../document/document.js';
import type { NewSpan, Origin, Span } from '../document/types.js';
import { MIGRATIONS, latestSchemaVersion, migrate, type Migration } from './migrations.js';
import { defaultDbPath } from './paths.js';
import { MalformedQueryError, openSqliteStore, type SqliteStore } from './sqlite.js';
import type { ArticleConnection } from '../connect/index.js';
import type { ArticleRecord, StoredArticle } from './types.js';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'eventwire-store-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let dbCounter = 0;
function tmpDbPath(): string {
  // A nested directory, so every test also exercises "creates parent directories".
  return path.join(tmpRoot, `case-${++dbCounter}`, 'nested', 'eventwire.db');
}

/** Stores opened by a test; afterEach closes them and checks the files are sound. */
const openStores: SqliteStore[] = [];
function openTempStore(dbPath = tmpDbPath()): SqliteStore {
  const store = openSqliteStore(dbPath);
  openStores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of openStores.splice(0)) {
    await store.close();
    withRawDb(store.path, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // Throws if the external-content index disagrees with the current versions it indexes.
      db.exec(`INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)`);
    });
  }
});

/** A second connection to look at what the store actually wrote. */
function withRawDb<T>(dbPath: string, use: (db: Database.Database) => T): T {
  const db = new Database(dbPath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function rowCounts(dbPath: string) {
  return withRawDb(dbPath, (db) => {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      articles: count('articles'),
      versions: count('article_versions'),
      spans: count('spans'),
      indexed: count('article_search_docsize'),
    };
  });
}

interface ArticleSpec {
  url?: string;
  uri?: string;
  title: string;
  paragraphs: string[];
  /** A promo line placed after the first paragraph, removed as `promo`. */
  promo?: string;
  published?: string | null;
  outlet?: string | null;
}

/** Builds a document the way the cleaning stage would: headline, kept paragraphs, removed promo. */
function buildArticle(spec: ArticleSpec): { doc: Document; record: ArticleRecord } {
  const blocks: { kind: 'title' | 'paragraph' | 'promo'; text: string }[] = [{ kind: 'title', text: spec.title }];
  spec.paragraphs.forEach((text, index) => {
    blocks.push({ kind: 'paragraph', text });
    if (index === 0 && spec.promo) blocks.push({ kind: 'promo', text: spec.promo });
  });
  const text = blocks.map((block) => block.text).join('\n\n');
  const origin: Origin = { uri: spec.uri ?? '/input/article.txt', format: 'txt', start: 0, end: text.length, encoding: 'utf-8' };
  const doc = new Document(text, origin, spec.url ? { url: spec.url, title: spec.title } : {});

  let at = 0;
  let paragraph = 0;
  blocks.forEach((block) => {
    const start = at;
    const end = start + block.text.length;
    if (block.kind === 'title') {
      doc.addSpan({ type: 'field', field: 'title', value: block.text, rule: 'title/first-line', start, end, stage: 'clean' });
      doc.addSpan({ type: 'removed', reason: 'headline', rule: 'headline/first-line', start, end, stage: 'clean' });
    } else if (block.kind === 'promo') {
      doc.addSpan({ type: 'removed', reason: 'promo', rule: 'promo/social-channel', start, end, stage: 'clean' });
    } else {
      doc.addSpan({ type: 'kept', paragraph: paragraph++, start, end, stage: 'clean' });
    }
    at = end + 2;
  });

  const record: ArticleRecord = {
    doc: doc.toData(),
    title: doc.fieldValue('title') ?? null,
    outlet: spec.outlet ?? null,
    published: spec.published ?? null,
    dateline: null,
    author: null,
    body: doc.body().text,
  };
  return { doc, record };
}

const quakeV1 = () =>
  buildArticle({
    url: 'https://news.example/quake',
    title: 'Earthquake shakes Zürich',
    paragraphs: ['A strong earthquake shook the city on Monday morning.', 'Residents gathered in parks as aftershocks followed.'],
    promo: 'Join our Telegram channel for breaking news',
    published: '2024-03-04',
    outlet: 'Example News',
  });
const quakeV2 = () =>
  buildArticle({
    url: 'https://news.example/quake',
    title: 'Earthquake shakes Zürich, buildings damaged',
    paragraphs: ['A strong earthquake damaged buildings on Monday morning.', 'Engineers inspected bridges after the tremor.'],
    published: '2024-03-04',
    outlet: 'Example News',
  });
const protest = () =>
  buildArticle({
    url: 'https://other.example/protest',
    title: 'Protesters march downtown',
    paragraphs: ['Thousands of protesters marched through downtown on Saturday.'],
    promo: 'Follow us on X for live updates',
    published: '2024-05-01',
    outlet: 'Other Daily',
  });

/** What `get` must return for an ingested record. */
function expectStored(stored: StoredArticle | undefined, record: ArticleRecord, version: number, versions: number): void {
  expect(stored).toBeDefined();
  const { ingestedAt, ...rest } = stored!;
  expect(rest).toEqual({ ...record, id: record.doc.id, version, versions });
  expect(new Date(ingestedAt).toISOString()).toBe(ingestedAt);
}

describe('defaultDbPath', () => {
  it('prefers $EVENTWIRE_DB', () => {
    expect(defaultDbPath({ EVENTWIRE_DB: '/srv/corpus.db' })).toBe('/srv/corpus.db');
  });

  it('falls back to eventwire.db in the per-user data directory, without a -nodejs suffix', () => {
    const fallback = defaultDbPath({});
    expect(path.basename(fallback)).toBe('eventwire.db');
    expect(path.basename(path.dirname(fallback))).toBe('eventwire');
  });
});

describe('SqliteStore ingest and get', () => {
  it('round-trips a document with its spans exactly', async () => {
    const store = openTempStore();
    const { doc, record } = quakeV1();
    expect(await store.ingest([record])).toEqual([{ id: doc.id, status: 'inserted', version: 1 }]);

    const stored = await store.get(doc.id);
    expectStored(stored, record, 1, 1);
    // The restored data rebuilds the same Document, body view included.
    const rebuilt = Document.fromData(stored!.doc);
    expect(rebuilt.body().text).toBe(record.body);
    expect(rebuilt.removed.map((span) => span.reason)).toEqual(['headline', 'promo']);
    expect(await store.get('no-such-id')).toBeUndefined();
  });

  it('round-trips arbitrary spans and texts (property)', async () => {
    const store = openSqliteStore(':memory:');
    let counter = 0;
    const spanArb = (length: number) =>
      fc
        .tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.string(), fc.constantFrom('kept', 'removed', 'field'), fc.nat())
        .map(([a, b, label, type, paragraph]): NewSpan => {
          const start = Math.min(a, b);
          const end = Math.max(a, b);
          if (type === 'kept') return { type, start, end, paragraph, stage: label };
          if (type === 'removed') return { type, start, end, reason: 'chrome', rule: `chrome/${label}`, stage: 'clean' };
          return { type, start, end, field: 'author', value: label, rule: 'author/byline', stage: 'clean' };
        });
    const docArb = fc.string({ unit: 'binary', maxLength: 200 }).chain((text) =>
      fc.tuple(fc.constant(text), fc.array(spanArb(text.length), { maxLength: 12 })),
    );

    await fc.assert(
      fc.asyncProperty(docArb, async ([rawText, spans]) => {
        const text = `${++counter}:${rawText}`; // unique text, so every run inserts
        const origin: Origin = { uri: `mem://${counter}`, format: 'jsonl', start: 3, end: 3 + text.length, encoding: 'utf-16le' };
        const doc = new Document(text, origin, { outlet: 'Ünïcode “Outlet”' });
        for (const span of spans) doc.addSpan(span);
        const record: ArticleRecord = { doc: doc.toData(), title: null, outlet: null, published: null, dateline: null, author: null, body: rawText };
        const [outcome] = await store.ingest([record]);
        expect(outcome?.status).toBe('inserted');
        expectStored(await store.get(doc.id), record, 1, 1);
      }),
      { numRuns: 100 },
    );
    await store.close();
  });

  it('treats the same article again as unchanged and writes nothing', async () => {
    const store = openTempStore();
    const { doc, record } = quakeV1();
    await store.ingest([record]);
    const before = rowCounts(store.path);
    const firstIngestedAt = (await store.get(doc.id))?.ingestedAt;

    expect(await store.ingest([quakeV1().record])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);
    // The same text under another key is also the same article: dedup is by content.
    const copy = quakeV1().record;
    const elsewhere = { ...copy, doc: { ...copy.doc, key: 'url:https://mirror.example/quake', id: 'mirror000000' } };
    expect(await store.ingest([elsewhere])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);

    expect(rowCounts(store.path)).toEqual(before);
    expect((await store.get(doc.id))?.ingestedAt).toBe(firstIngestedAt);
  });

  it('stores changed text under the same key as a new current version', async () => {
    const store = openTempStore();
    const v1 = quakeV1();
    const v2 = quakeV2();
    expect(v2.doc.id).toBe(v1.doc.id);
    await store.ingest([v1.record]);
    expect(await store.ingest([v2.record])).toEqual([{ id: v1.doc.id, status: 'new-version', version: 2 }]);

    expectStored(await store.get(v1.doc.id), v2.record, 2, 2);
    expectStored(await store.get(v1.doc.id, 1), v1.record, 1, 2);
    expect(await store.get(v1.doc.id, 3)).toBeUndefined();
    await expect(store.get(v1.doc.id, Number.NaN)).rejects.toThrow(/version must be an integer/);

    // Only the current text is searchable.
    expect((await store.search('engineers')).map((hit) => [hit.id, hit.version])).toEqual([[v1.doc.id, 2]]);
    expect(await store.search('aftershocks')).toEqual([]);
    expect(await store.search('telegram')).toEqual([]);
    expect(await store.list()).toEqual([
      { id: v1.doc.id, version: 2, title: v2.record.title, outlet: 'Example News', published: '2024-03-04', uri: '/input/article.txt' },
    ]);
    expect(rowCounts(store.path)).toMatchObject({ articles: 1, versions: 2, indexed: 1 });

    // Going back to the first text is not a new version: that content is already stored.
    expect(await store.ingest([quakeV1().record])).toEqual([{ id: v1.doc.id, status: 'unchanged', version: 1 }]);
  });

  it('replaces the spans of the same text read differently (a newer pipeline), in place, search included', async () => {
    const store = openTempStore();
    const { doc, record } = quakeV1();
    await store.ingest([record]);
    // A newer reading of the same text: a mention span added and the outlet read differently.
    const reread = quakeV1().doc;
    const body = reread.body();
    const at = body.text.indexOf('city');
    reread.addSpan({ type: 'mention', label: 'GPE', form: 'name', entity: 'place/zurich', name: 'Zürich', rule: 'ner', start: body.toOriginal(at), end: body.toOriginal(at + 4), stage: 'language' });
    const newer: ArticleRecord = { ...record, doc: reread.toData(), outlet: 'Example News Daily' };
    expect(await store.ingest([newer])).toEqual([{ id: doc.id, status: 'reanalysed', version: 1 }]);
    const stored = await store.get(doc.id);
    expect(stored?.versions).toBe(1);
    expect(stored?.outlet).toBe('Example News Daily');
    expect(stored?.doc.spans).toEqual(reread.spans);
    expect(rowCounts(store.path)).toMatchObject({ articles: 1, versions: 1, indexed: 1, spans: reread.spans.length });
    // The same reading again is a no-op.
    expect(await store.ingest([newer])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);
    expect((await store.search('aftershocks')).map((hit) => hit.id)).toEqual([doc.id]);
  });

  it('lists entities across articles and the articles that mention one', async () => {
    const store = openTempStore();
    const withMention = (built: { doc: Document; record: ArticleRecord }, word: string, entity: string, name: string) => {
      const body = built.doc.body();
      const at = body.text.indexOf(word);
      built.doc.addSpan({ type: 'mention', label: 'GPE', form: 'name', entity, name, rule: 'ner', start: body.toOriginal(at), end: body.toOriginal(at + word.length), stage: 'language' });
      return { ...built.record, doc: built.doc.toData() };
    };
    const quake = withMention(quakeV1(), 'city', 'place/zurich', 'the city');
    const march = withMention(protest(), 'downtown', 'place/zurich', 'Zürich downtown');
    await store.ingest([quake, march]);
    expect(await store.entities()).toEqual([{ entity: 'place/zurich', name: 'Zürich downtown', label: 'GPE', articles: 2, mentions: 2 }]);
    expect(await store.entities({ label: 'PER' })).toEqual([]);
    expect((await store.articlesMentioning('place/zurich')).map((a) => a.id)).toEqual([protest().doc.id, quakeV1().doc.id]);
    expect(await store.articlesMentioning('person/nobody')).toEqual([]);
  });

  it('links a one-word name to the one full name the corpus knows, and not when two full names share the word', async () => {
    const store = openTempStore();
    const person = (url: string, sentence: string, word: string, entity: string, name: string) => {
      const built = buildArticle({ url, title: `Report ${url}`, paragraphs: [sentence] });
      const body = built.doc.body();
      const at = body.text.indexOf(word);
      built.doc.addSpan({ type: 'mention', label: 'PER', form: 'name', entity, name, rule: 'ner', start: body.toOriginal(at), end: body.toOriginal(at + word.length), stage: 'language' });
      return { id: built.doc.id, record: { ...built.record, doc: built.doc.toData() } };
    };
    // The short name first: the link must not depend on the order articles arrive in.
    const short = person('https://a.example/1', 'Ferreira spoke to the council.', 'Ferreira', 'person/ferreira', 'Ferreira');
    const full = person('https://b.example/2', 'Ana Ferreira spoke again.', 'Ana Ferreira', 'person/ana-ferreira', 'Ana Ferreira');
    await store.ingest([short.record]);
    await store.ingest([full.record]);
    const mention = (await store.get(short.id))?.doc.spans.find((span) => span.type === 'mention');
    expect(mention).toMatchObject({ entity: 'person/ana-ferreira', name: 'Ana Ferreira' });
    expect(await store.entities()).toEqual([{ entity: 'person/ana-ferreira', name: 'Ana Ferreira', label: 'PER', articles: 2, mentions: 2 }]);
    expect((await store.articlesMentioning('person/ana-ferreira')).length).toBe(2);

    // A second full name with the same word makes "Ferreira" ambiguous: the link is dropped.
    await store.ingest([person('https://c.example/3', 'Bruno Ferreira disagreed.', 'Bruno Ferreira', 'person/bruno-ferreira', 'Bruno Ferreira').record]);
    expect((await store.get(short.id))?.doc.spans.find((span) => span.type === 'mention')).toMatchObject({ entity: 'person/ferreira' });
    expect((await store.entities()).map((e) => e.entity).sort()).toEqual(['person/ana-ferreira', 'person/bruno-ferreira', 'person/ferreira']);
  });

  it('searches what was said and who said it, current versions only', async () => {
    const store = openTempStore();
    const withQuote = (built: { doc: Document; record: ArticleRecord }, words: string, speaker: string) => {
      const body = built.doc.body();
      const at = body.text.indexOf(words);
      const range = { start: body.toOriginal(at), end: body.toOriginal(at + words.length) };
      built.doc.addSpan({
        type: 'attribution', kind: 'indirect', cue: [range], source: [], content: [range], rule: 'test', stage: 'attribution', ...range,
        speaker: { entity: `person/${speaker.toLowerCase()}`, name: speaker },
        chain: [{ name: speaker, role: 'speaker' }, { name: 'Example News', role: 'publisher' }],
      });
      return { ...built.record, doc: built.doc.toData() };
    };
    await store.ingest([withQuote(quakeV1(), 'Residents gathered in parks', 'Mayor'), withQuote(protest(), 'Thousands of protesters marched', 'Organiser')]);
    const hits = await store.searchQuotes('parks');
    expect(hits.map((h) => [h.id, h.speaker, h.content, h.chain])).toEqual([
      [quakeV1().doc.id, 'Mayor', 'Residents gathered in parks', ['Mayor (speaker)', 'Example News (publisher)']],
    ]);
    expect((await store.searchQuotes('organiser')).map((h) => h.speaker)).toEqual(['Organiser']);
    // A new version without the quote takes it out of the quote search.
    await store.ingest([quakeV2().record]);
    expect(await store.searchQuotes('parks')).toEqual([]);
    await expect(store.searchQuotes('"unclosed')).rejects.toThrow(MalformedQueryError);
  });

  it('handles duplicates inside one batch as if ingested one after another', async () => {
    const store = openTempStore();
    const v1 = quakeV1();
    const outcomes = await store.ingest([v1.record, quakeV1().record, quakeV2().record, quakeV2().record]);
    expect(outcomes.map((outcome) => [outcome.status, outcome.version])).toEqual([
      ['inserted', 1],
      ['unchanged', 1],
      ['new-version', 2],
      ['unchanged', 2],
    ]);
    expect(rowCounts(store.path)).toMatchObject({ articles: 1, versions: 2, indexed: 1 });
  });

  describe('batch atomicity', () => {
    async function expectBatchRolledBack(poison: (store: SqliteStore) => ArticleRecord, message: RegExp): Promise<void> {
      const store = openTempStore();
      const earlier = quakeV1();
      await store.ingest([earlier.record]);
      const before = rowCounts(store.path);

      // Record 1 is new, record 2 a new version of stored data, record 3 fails.
      const batch = [protest().record, quakeV2().record, poison(store)];
      await expect(store.ingest(batch)).rejects.toThrow(message);

      expect(rowCounts(store.path)).toEqual(before);
      expect(await store.get(protest().doc.id)).toBeUndefined();
      expectStored(await store.get(earlier.doc.id), earlier.record, 1, 1);
      expect((await store.search('aftershocks')).map((hit) => hit.id)).toEqual([earlier.doc.id]);
      expect(await store.search('engineers OR protesters')).toEqual([]);
      // The store stays usable after a failed batch.
      expect((await store.ingest([protest().record]))[0]?.status).toBe('inserted');
    }

    const thirdArticle = () =>
      buildArticle({ url: 'https://third.example/a', title: 'Third article', paragraphs: ['Something else entirely happened.'] });

    it('rolls back the whole batch when a record has a span of unknown type', async () => {
      await expectBatchRolledBack(() => {
        const { record } = thirdArticle();
        const bogus = { type: 'bogus', id: 99, start: 0, end: 1, stage: 'clean' } as unknown as Span;
        return { ...record, doc: { ...record.doc, spans: [...record.doc.spans, bogus] } };
      }, /record 3 of 3 .*unknown span type "bogus"/);
    });

    it('rolls back the whole batch when a span offset is NaN', async () => {
      await expectBatchRolledBack(() => {
        const { record } = thirdArticle();
        const [first, ...rest] = record.doc.spans;
        return { ...record, doc: { ...record.doc, spans: [{ ...first!, end: Number.NaN }, ...rest] } };
      }, /record 3 of 3 .*not a range within the text/);
    });

    it('rolls back the whole batch when a text holds an unpaired surrogate (UTF-8 would change its length)', async () => {
      await expectBatchRolledBack(
        () => buildArticle({ url: 'https://third.example/s', title: 'Broken \uD800 escape', paragraphs: ['From a JSONL "\\ud800".'] }).record,
        /record 3 of 3 .*document text holds an unpaired UTF-16 surrogate at offset 7/,
      );
    });

    it('rolls back the whole batch when SQLite itself rejects the third insert', async () => {
      await expectBatchRolledBack((store) => {
        withRawDb(store.path, (db) =>
          db.exec(`CREATE TRIGGER reject_poison BEFORE INSERT ON article_versions WHEN NEW.text LIKE '%POISON%'
                   BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`),
        );
        return buildArticle({ url: 'https://third.example/p', title: 'POISON', paragraphs: ['Never stored.'] }).record;
      }, /record 3 of 3 .*poisoned record/);
    });
  });
});

describe('SqliteStore queries', () => {
  async function seededStore(): Promise<SqliteStore> {
    const store = openTempStore();
    await store.ingest([
      quakeV1().record,
      protest().record,
      buildArticle({ uri: '/input/undated.txt', title: 'Undated notice', paragraphs: ['A notice without a date.'], outlet: 'Example News' }).record,
      buildArticle({ url: 'https://old.example/a', title: 'Old protest story', paragraphs: ['Protests were rare then.'], published: '1999-12-31', outlet: 'Other Daily' }).record,
    ]);
    return store;
  }

  it('lists newest first, undated last, with paging and an outlet filter', async () => {
    const store = await seededStore();
    const titles = (summaries: { title: string | null }[]) => summaries.map((summary) => summary.title);
    expect(titles(await store.list())).toEqual(['Protesters march downtown', 'Earthquake shakes Zürich', 'Old protest story', 'Undated notice']);
    expect(titles(await store.list({ limit: 2, offset: 1 }))).toEqual(['Earthquake shakes Zürich', 'Old protest story']);
    expect(titles(await store.list({ outlet: 'Example News' }))).toEqual(['Earthquake shakes Zürich', 'Undated notice']);
    expect(await store.list({ limit: 0 })).toEqual([]);
    await expect(store.list({ limit: -3 })).rejects.toThrow(/limit must be a non-negative integer/);
  });

  it('searches titles and bodies with stemming, diacritics folding, ranking and snippets', async () => {
    const store = await seededStore();
    const hits = await store.search('protest');
    // Stemming: "protest" matches "Protesters" and "Protests". bm25: lower is better, best first.
    expect(hits.map((hit) => hit.title).sort()).toEqual(['Old protest story', 'Protesters march downtown']);
    expect(hits[0]!.rank).toBeLessThanOrEqual(hits[1]!.rank);
    const march = hits.find((hit) => hit.title === 'Protesters march downtown');
    expect(march).toMatchObject({ outlet: 'Other Daily', published: '2024-05-01', uri: '/input/article.txt', version: 1 });
    expect(march!.snippet).toBe('Thousands of [protesters] marched through downtown on Saturday.');
    expect((await store.search('zurich')).map((hit) => hit.title)).toEqual(['Earthquake shakes Zürich']);
    expect((await store.search('"strong earthquake" NOT protest')).length).toBe(1);
    expect((await store.search('protest', { outlet: 'Example News' }))).toEqual([]);
    expect(await store.search('protest', { limit: 1, offset: 1 })).toEqual(hits.slice(1));
  });

  it('reports a malformed query as such, quoting it', async () => {
    const store = await seededStore();
    for (const query of ['AND', '"unterminated', 'quake AND (', 'nosuchcolumn: x']) {
      const error = await store.search(query).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(MalformedQueryError);
      expect((error as Error).message).toMatch(/^Malformed search query /);
      expect((error as Error).message).toContain(JSON.stringify(query));
    }
  });

  it('exports every current version in ingest order, and allows writes while exporting', async () => {
    const store = openTempStore();
    const records = Array.from({ length: 450 }, (_, n) =>
      buildArticle({ url: `https://bulk.example/${n}`, title: `Bulk ${n}`, paragraphs: [`Paragraph number ${n}.`] }).record,
    );
    await store.ingest(records);
    await store.ingest([buildArticle({ url: 'https://bulk.example/7', title: 'Bulk 7 revised', paragraphs: ['Revised.'] }).record]);

    const exported: StoredArticle[] = [];
    for await (const article of store.exportAll()) {
      exported.push(article);
      if (exported.length === 300) await store.recordInputError('/input/bad.txt', 'written mid-export');
    }
    expect(exported.map((article) => article.doc.key)).toEqual(records.map((record) => record.doc.key));
    expect(exported[7]).toMatchObject({ title: 'Bulk 7 revised', version: 2, versions: 2 });
    expect(exported[8]!.doc).toEqual(records[8]!.doc);
    expect((await store.stats()).inputErrors).toBe(1);
  });

  it('summarises the corpus, counting removed spans of current versions by reason', async () => {
    const store = await seededStore();
    await store.ingest([quakeV2().record]); // drops the quake promo and keeps the rest
    await store.recordInputError('/input/broken.html', 'could not decode');
    await store.recordInputError('/input/empty.txt', 'empty input');

    const promoLength = 'Follow us on X for live updates'.length;
    expect(await store.stats()).toEqual({
      articles: 4,
      versions: 5,
      outlets: [
        { outlet: 'Example News', articles: 2 },
        { outlet: 'Other Daily', articles: 2 },
      ],
      firstPublished: '1999-12-31',
      lastPublished: '2024-05-01',
      removed: [
        {
          reason: 'headline',
          spans: 4,
          chars: ['Earthquake shakes Zürich, buildings damaged', 'Protesters march downtown', 'Undated notice', 'Old protest story']
            .map((title) => title.length)
            .reduce((a, b) => a + b),
        },
        { reason: 'promo', spans: 1, chars: promoLength },
      ],
      inputErrors: 2,
      stories: 0,
      storylines: 0,
      copies: 0,
      connected: 0,
    });
  });
});

describe('SqliteStore event filters', () => {
  /** An article with one coded event over its first paragraph, hand-made like the rest of this file's documents. */
  function withEvent(url: string, outlet: string, code: string, quadClass: 1 | 2 | 3 | 4): ArticleRecord {
    const { doc } = buildArticle({ url, title: `Report ${code}`, paragraphs: ['Officials met their counterparts and talked.'], published: '2024-03-04', outlet });
    const sentence = doc.kept[0]!;
    doc.addSpan({
      type: 'event',
      stage: 'events',
      start: sentence.start,
      end: sentence.end,
      event: {
        source: { code: 'USAGOV' },
        target: { code: 'PRKGOV' },
        code,
        root: code.slice(0, 2),
        quadClass,
        goldstein: 1,
        plover: { category: quadClass === 4 ? 'ASSAULT' : 'CONSULT' },
        date: '2024-03-04',
        dateSource: 'published',
        negated: false,
        modality: 'asserted',
        evidence: { sentence: { start: sentence.start, end: sentence.end }, trigger: [{ start: sentence.start, end: sentence.start + 9 }] },
        confidence: 1,
        rule: 'test',
      },
    });
    return { doc: doc.toData(), title: doc.fieldValue('title') ?? null, outlet, published: '2024-03-04', dateline: null, author: null, body: doc.body().text };
  }

  it('filters events by quad class and by the outlet of their article, and refuses a quad class outside 1-4', async () => {
    const store = openTempStore();
    await store.ingest([
      withEvent('https://a.example/1', 'Example News', '040', 1),
      withEvent('https://b.example/2', 'Other Daily', '190', 4),
      withEvent('https://b.example/3', 'Other Daily', '042', 1),
    ]);
    expect((await store.events()).map((e) => e.event.code).sort()).toEqual(['040', '042', '190']);
    expect((await store.events({ quadClass: 4 })).map((e) => e.event.code)).toEqual(['190']);
    expect((await store.events({ quadClass: 2 }))).toEqual([]);
    expect((await store.events({ outlet: 'Other Daily' })).map((e) => e.event.code).sort()).toEqual(['042', '190']);
    expect((await store.events({ outlet: 'Other Daily', quadClass: 1 })).map((e) => e.event.code)).toEqual(['042']);
    // Exactly as stored: no prefix or case-insensitive match.
    expect(await store.events({ outlet: 'Other' })).toEqual([]);
    await expect(store.events({ quadClass: 5 })).rejects.toThrow(/quadClass must be 1, 2, 3 or 4/);
    await expect(store.events({ quadClass: 1.5 })).rejects.toThrow(/quadClass/);
  });
});

describe('opening and migrating', () => {
  it('records the migrations once; re-opening is a no-op', async () => {
    const dbPath = tmpDbPath();
    await openTempStore(dbPath).close();
    const recorded = () =>
      withRawDb(dbPath, (db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all());
    const first = recorded();
    expect(first.map((row) => (row as { version: number }).version)).toEqual(MIGRATIONS.map((migration) => migration.version));

    const store = openTempStore(dbPath);
    expect(recorded()).toEqual(first);
    expect(withRawDb(dbPath, (db) => migrate(db, dbPath))).toEqual([]);
    expect(withRawDb(dbPath, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    await store.ingest([quakeV1().record]);
  });

  it('applies each migration in its own transaction', () => {
    const db = new Database(':memory:');
    const migrations: Migration[] = [
      { version: 1, name: 'first', up: (d) => d.exec('CREATE TABLE first (x)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE second (x)');
          throw new Error('migration bug');
        },
      },
    ];
    expect(() => migrate(db, ':memory:', migrations)).toThrow('migration bug');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['first', 'schema_migrations']);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    expect(() => migrate(db, ':memory:', [migrations[0]!, { version: 3, name: 'gap', up: () => {} }])).toThrow(/expected 2/);
    db.close();
  });

  it('refuses a database with a newer schema, naming the file and both versions', async () => {
    const dbPath = tmpDbPath();
    await openSqliteStore(dbPath).close();
    withRawDb(dbPath, (db) => db.prepare(`INSERT INTO schema_migrations VALUES (99, 'from the future', '2099-01-01')`).run());
    const known = latestSchemaVersion();
    expect(() => openSqliteStore(dbPath)).toThrow(
      `${dbPath}: the database has schema version 99, newer than this eventwire knows (${known})`,
    );
  });

  it('refuses a file that is not a database, naming the path and the problem', () => {
    const junkPath = path.join(tmpRoot, 'junk.db');
    fs.writeFileSync(junkPath, Buffer.from('this is definitely not an sqlite database '.repeat(200)));
    expect(() => openSqliteStore(junkPath)).toThrow(`Cannot open the eventwire store ${junkPath}: the file is not an SQLite database`);
  });

  it('opens an in-memory store', async () => {
    const store = openSqliteStore(':memory:');
    await store.ingest([quakeV1().record]);
    expect((await store.stats()).articles).toBe(1);
    await store.close();
    await store.close(); // closing twice is harmless
  });
});

describe('connections: duplicates and stories', () => {
  const connection = (story: number | null, storyline: number | null, extra: Partial<ArticleConnection> = {}): ArticleConnection => ({
    duplicateOf: null,
    story,
    storyline,
    probability: story === null ? null : 0.9,
    signature: Uint8Array.from([1, 2, 3, story ?? 0]),
    views: story === null ? null : { words: [['w:quake', 2]] },
    ...extra,
  });
  const article = (n: number, published: string, outlet: string) =>
    buildArticle({
      url: `https://news.example/${n}`,
      title: `Story article ${n}`,
      paragraphs: [`Paragraph ${n} about the quake in Zürich.`],
      published,
      outlet,
    }).record;

  it('stores each article its connection, summarises stories and storylines, and replays them in storage order', async () => {
    const store = openTempStore();
    await store.ingest([
      { ...article(1, '2024-03-04', 'Example News'), connection: connection(0, 0) },
      { ...article(2, '2024-03-05', 'Other Daily'), connection: connection(0, 0) },
      { ...article(3, '2024-03-05', 'Third Post'), connection: connection(0, 0, { duplicateOf: { of: 'x', kind: 'near', similarity: 0.93 } }) },
      { ...article(4, '2024-04-01', 'Example News'), connection: connection(1, 0) },
      { ...article(5, '2024-05-01', 'Example News'), connection: connection(null, null) },
    ]);
    const stories = await store.stories();
    expect(stories.map((s) => [s.id, s.articles, s.duplicates])).toEqual([[0, 2, 1], [1, 1, 0]]);
    expect(await store.stats()).toMatchObject({ stories: 2, storylines: 1, copies: 1, connected: 5 });
    expect(await store.connectedArticles()).toBe(5);
    expect(stories[0]).toMatchObject({ storyline: 0, title: 'Story article 1', first: '2024-03-04', last: '2024-03-05', outlets: ['Example News', 'Other Daily', 'Third Post'] });
    const detail = await store.story(0);
    expect(detail!.articlesInStory.map((a) => a.title)).toEqual(['Story article 1', 'Story article 2', 'Story article 3']);
    expect(detail!.articlesInStory[2]!.duplicateOf).toEqual({ id: 'x', kind: 'near', similarity: 0.93 });
    expect(await store.story(7)).toBeUndefined();
    expect(await store.storylines()).toEqual([{ id: 0, title: 'Story article 1', stories: 2, articles: 3, first: '2024-03-04', last: '2024-04-01' }]);
    const replayed = [];
    for await (const c of store.connections()) replayed.push(c);
    expect(replayed.map((c) => [c.story, c.storyline, [...c.signature]])).toEqual([
      [0, 0, [1, 2, 3, 0]], [0, 0, [1, 2, 3, 0]], [0, 0, [1, 2, 3, 0]], [1, 0, [1, 2, 3, 1]], [null, null, [1, 2, 3, 0]],
    ]);
    expect(replayed[0]!.views).toEqual({ words: [['w:quake', 2]] });
  });

  it('keeps an article its first connection across versions, and connects articles stored without one exactly once', async () => {
    const store = openTempStore();
    const v1 = quakeV1();
    await store.ingest([v1.record]);
    const unconnected = [];
    for await (const id of store.unconnected()) unconnected.push(id);
    expect(unconnected).toEqual([v1.doc.id]);
    expect(await store.saveConnection(v1.doc.id, connection(3, 2))).toBe(true);
    expect(await store.saveConnection(v1.doc.id, connection(4, 2))).toBe(false);
    await store.ingest([{ ...quakeV2().record, connection: connection(9, 9) }]);
    expect((await store.stories()).map((s) => s.id)).toEqual([3]);
    await expect(store.saveConnection('no-such-id', connection(1, 1))).rejects.toThrow(/no article no-such-id/);
    await expect(store.stories({ limit: -1 })).rejects.toThrow(RangeError);
    await expect(store.story(Number.NaN)).rejects.toThrow(RangeError);
  });
});
