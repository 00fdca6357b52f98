/**
 * The store contract: what every Store implementation must do, asserted through the Store interface alone, so the
 * same tests run against SQLite (src/store/sqlite.contract.test.ts) and PostgreSQL
 * (src/store/postgres.contract.test.ts). What only one store has (SQLite's file handling, PostgreSQL's advisory
 * locks) is tested beside it; this suite is the behaviour callers rely on.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleConnection } from '../src/connect/index.js';
import { Document } from '../src/document/document.js';
import type { NewSpan, Origin, Span } from '../src/document/types.js';
import { MalformedQueryError } from '../src/store/errors.js';
import type { ArticleRecord, Store, StoredArticle } from '../src/store/types.js';

/** Row counts a harness reads from the database itself (not through the store), to see what was written. */
export interface RowCounts {
  articles: number;
  versions: number;
  spans: number;
  /** Rows of the article full-text index (one per current version). */
  indexed: number;
}

/** How the suite gets stores of one implementation. */
export interface StoreHarness {
  /** A store on a new, empty database, and where that database is (for `open` and `counts`). */
  fresh(): Promise<{ store: Store; location: string }>;
  /** Another store on an existing database (another process would open it so). */
  open(location: string): Promise<Store>;
  /** What is in the database, read directly. */
  counts(location: string): Promise<RowCounts>;
  /** Called after each test's stores are closed: drop what `fresh` created. */
  cleanup?(): Promise<void>;
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
export function buildArticle(spec: ArticleSpec): { doc: Document; record: ArticleRecord } {
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

export const quakeV1 = () =>
  buildArticle({
    url: 'https://news.example/quake',
    title: 'Earthquake shakes Zürich',
    paragraphs: ['A strong earthquake shook the city on Monday morning.', 'Residents gathered in parks as aftershocks followed.'],
    promo: 'Join our Telegram channel for breaking news',
    published: '2024-03-04',
    outlet: 'Example News',
  });
export const quakeV2 = () =>
  buildArticle({
    url: 'https://news.example/quake',
    title: 'Earthquake shakes Zürich, buildings damaged',
    paragraphs: ['A strong earthquake damaged buildings on Monday morning.', 'Engineers inspected bridges after the tremor.'],
    published: '2024-03-04',
    outlet: 'Example News',
  });
export const protest = () =>
  buildArticle({
    url: 'https://other.example/protest',
    title: 'Protesters march downtown',
    paragraphs: ['Thousands of protesters marched through downtown on Saturday.'],
    promo: 'Follow us on X for live updates',
    published: '2024-05-01',
    outlet: 'Other Daily',
  });

/** What `get` must return for an ingested record. */
export function expectStored(stored: StoredArticle | undefined, record: ArticleRecord, version: number, versions: number): void {
  expect(stored).toBeDefined();
  const { ingestedAt, ...rest } = stored!;
  expect(rest).toEqual({ ...record, id: record.doc.id, version, versions });
  expect(new Date(ingestedAt).toISOString()).toBe(ingestedAt);
}

/** A mention span over `word` in the body (the first occurrence), added to the built article. */
export function addMention(built: { doc: Document; record: ArticleRecord }, word: string, entity: string, name: string, label: 'PER' | 'ORG' | 'GPE' = 'GPE', form: 'name' | 'description' | 'pronoun' | 'title' = 'name'): ArticleRecord {
  const body = built.doc.body();
  const at = body.text.indexOf(word);
  if (at < 0) throw new Error(`"${word}" is not in the body`);
  built.doc.addSpan({ type: 'mention', label, form, entity, name, rule: 'ner', start: body.toOriginal(at), end: body.toOriginal(at + word.length), stage: 'language' });
  return { ...built.record, doc: built.doc.toData() };
}

/** An attribution (what `speaker` said is `words`), added to the built article. */
function addQuote(built: { doc: Document; record: ArticleRecord }, words: string, speaker: string, entity = `person/${speaker.toLowerCase()}`): ArticleRecord {
  const body = built.doc.body();
  const at = body.text.indexOf(words);
  if (at < 0) throw new Error(`"${words}" is not in the body`);
  const range = { start: body.toOriginal(at), end: body.toOriginal(at + words.length) };
  built.doc.addSpan({
    type: 'attribution', kind: 'indirect', cue: [range], source: [], content: [range], rule: 'test', stage: 'attribution', ...range,
    speaker: { entity, name: speaker },
    chain: [{ name: speaker, role: 'speaker' }, { name: 'Example News', role: 'publisher' }],
  });
  return { ...built.record, doc: built.doc.toData() };
}

interface EventSpec {
  url: string;
  outlet: string;
  code: string;
  quadClass: 1 | 2 | 3 | 4;
  source?: string;
  target?: string;
  date?: string | null;
  published?: string;
  sourceEntity?: string;
  paragraph?: string;
}

/** An article with one coded event over its first paragraph, hand-made like the rest of this file's documents. */
function withEvent(spec: EventSpec): ArticleRecord {
  const published = spec.published ?? '2024-03-04';
  const { doc } = buildArticle({ url: spec.url, title: `Report ${spec.code}`, paragraphs: [spec.paragraph ?? 'Officials met their counterparts and talked.'], published, outlet: spec.outlet });
  const sentence = doc.kept[0]!;
  doc.addSpan({
    type: 'event',
    stage: 'events',
    start: sentence.start,
    end: sentence.end,
    event: {
      source: { code: spec.source ?? 'USAGOV', ...(spec.sourceEntity ? { entity: spec.sourceEntity } : {}) },
      target: { code: spec.target ?? 'PRKGOV' },
      code: spec.code,
      root: spec.code.slice(0, 2),
      quadClass: spec.quadClass,
      goldstein: 1,
      plover: { category: spec.quadClass === 4 ? 'ASSAULT' : 'CONSULT' },
      ...(spec.date === null ? {} : { date: spec.date ?? published }),
      dateSource: 'published',
      negated: false,
      modality: 'asserted',
      evidence: { sentence: { start: sentence.start, end: sentence.end }, trigger: [{ start: sentence.start, end: sentence.start + 9 }] },
      confidence: 1,
      rule: 'test',
    },
  });
  return { doc: doc.toData(), title: doc.fieldValue('title') ?? null, outlet: spec.outlet, published, dateline: null, author: null, body: doc.body().text };
}

export const connection = (story: number | null, storyline: number | null, extra: Partial<ArticleConnection> = {}): ArticleConnection => ({
  duplicateOf: null,
  story,
  storyline,
  probability: story === null ? null : 0.9,
  signature: Uint8Array.from([1, 2, 3, story ?? 0]),
  views: story === null ? null : { words: [['w:quake', 2]] },
  ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Registers the contract suite for one store implementation. */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  const opened: Store[] = [];
  async function freshStore(): Promise<{ store: Store; location: string }> {
    const created = await harness.fresh();
    opened.push(created.store);
    return created;
  }
  async function openAgain(location: string): Promise<Store> {
    const store = await harness.open(location);
    opened.push(store);
    return store;
  }
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await harness.cleanup?.();
  });

  async function seededStore(): Promise<Store> {
    const { store } = await freshStore();
    await store.ingest([
      quakeV1().record,
      protest().record,
      buildArticle({ uri: '/input/undated.txt', title: 'Undated notice', paragraphs: ['A notice without a date.'], outlet: 'Example News' }).record,
      buildArticle({ url: 'https://old.example/a', title: 'Old protest story', paragraphs: ['Protests were rare then.'], published: '1999-12-31', outlet: 'Other Daily' }).record,
    ]);
    return store;
  }

  describe(`${name} store: ingest and get`, () => {
    it('round-trips a document with its spans exactly', async () => {
      const { store } = await freshStore();
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

    it('round-trips arbitrary spans and texts, astral characters included (property)', async () => {
      const { store } = await freshStore();
      let counter = 0;
      const spanArb = (length: number) =>
        fc
          .tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.string(), fc.constantFrom('kept', 'removed', 'field'), fc.nat())
          .map(([a, b, label, type, paragraph]): NewSpan => {
            const start = Math.min(a, b);
            const end = Math.max(a, b);
            if (type === 'kept') return { type, start, end, paragraph, stage: label.replaceAll('\u0000', '') };
            if (type === 'removed') return { type, start, end, reason: 'chrome', rule: `chrome/${label}`.replaceAll('\u0000', ''), stage: 'clean' };
            return { type, start, end, field: 'author', value: label.replaceAll('\u0000', ''), rule: 'author/byline', stage: 'clean' };
          });
      // Any well-formed text but NUL, which PostgreSQL's text cannot hold (and the readers refuse as binary).
      const textArb = fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replaceAll('\u0000', ' '));
      const docArb = textArb.chain((text) => fc.tuple(fc.constant(text), fc.array(spanArb(text.length), { maxLength: 12 })));
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
        { numRuns: 60 },
      );
    });

    it('treats the same article again as unchanged and writes nothing', async () => {
      const { store, location } = await freshStore();
      const { doc, record } = quakeV1();
      await store.ingest([record]);
      const before = await harness.counts(location);
      const firstIngestedAt = (await store.get(doc.id))?.ingestedAt;

      expect(await store.ingest([quakeV1().record])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);
      // The same text under another key is also the same article: dedup is by content.
      const copy = quakeV1().record;
      const elsewhere = { ...copy, doc: { ...copy.doc, key: 'url:https://mirror.example/quake', id: 'mirror000000' } };
      expect(await store.ingest([elsewhere])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);

      expect(await harness.counts(location)).toEqual(before);
      expect((await store.get(doc.id))?.ingestedAt).toBe(firstIngestedAt);
    });

    it('stores changed text under the same key as a new current version', async () => {
      const { store, location } = await freshStore();
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
      expect(await harness.counts(location)).toMatchObject({ articles: 1, versions: 2, indexed: 1 });

      // Going back to the first text is not a new version: that content is already stored.
      expect(await store.ingest([quakeV1().record])).toEqual([{ id: v1.doc.id, status: 'unchanged', version: 1 }]);
    });

    it('replaces the spans of the same text read differently (a newer pipeline), in place, search included', async () => {
      const { store, location } = await freshStore();
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
      expect(await harness.counts(location)).toMatchObject({ articles: 1, versions: 1, indexed: 1, spans: reread.spans.length });
      // The same reading again is a no-op.
      expect(await store.ingest([newer])).toEqual([{ id: doc.id, status: 'unchanged', version: 1 }]);
      expect((await store.search('aftershocks')).map((hit) => hit.id)).toEqual([doc.id]);
      expect((await store.list({ outlet: 'Example News Daily' })).map((a) => a.id)).toEqual([doc.id]);
    });

    it('handles duplicates inside one batch as if ingested one after another', async () => {
      const { store, location } = await freshStore();
      const outcomes = await store.ingest([quakeV1().record, quakeV1().record, quakeV2().record, quakeV2().record, protest().record]);
      expect(outcomes.map((outcome) => [outcome.status, outcome.version])).toEqual([
        ['inserted', 1],
        ['unchanged', 1],
        ['new-version', 2],
        ['unchanged', 2],
        ['inserted', 1],
      ]);
      expect(await harness.counts(location)).toMatchObject({ articles: 2, versions: 3, indexed: 2 });
      expectStored(await store.get(quakeV1().doc.id), quakeV2().record, 2, 2);
    });

    it('refuses a record whose key belongs to another id, or whose id belongs to another key', async () => {
      const { store } = await freshStore();
      await store.ingest([quakeV1().record]);
      const v2 = quakeV2().record;
      await expect(store.ingest([{ ...v2, doc: { ...v2.doc, id: 'feedfeedfeed' } }])).rejects.toThrow(/record 1 of 1 .*is stored under id/);
      const other = protest().record;
      await expect(store.ingest([{ ...other, doc: { ...other.doc, id: quakeV1().doc.id } }])).rejects.toThrow(/record 1 of 1 .*already belongs to key/);
      expect((await store.stats()).articles).toBe(1);
    });

    it('rolls back the whole batch when a record is bad, naming it, and stays usable', async () => {
      const { store, location } = await freshStore();
      const earlier = quakeV1();
      await store.ingest([earlier.record]);
      const before = await harness.counts(location);
      const third = buildArticle({ url: 'https://third.example/a', title: 'Third article', paragraphs: ['Something else entirely happened.'] }).record;
      const poisons: [ArticleRecord, RegExp][] = [
        [{ ...third, doc: { ...third.doc, spans: [...third.doc.spans, { type: 'bogus', id: 99, start: 0, end: 1, stage: 'clean' } as unknown as Span] } }, /record 3 of 3 .*unknown span type "bogus"/],
        [{ ...third, doc: { ...third.doc, spans: [{ ...third.doc.spans[0]!, end: Number.NaN }, ...third.doc.spans.slice(1)] } }, /record 3 of 3 .*not a range within the text/],
        [
          buildArticle({ url: 'https://third.example/s', title: 'Broken \uD800 escape', paragraphs: ['From a JSONL "\\ud800".'] }).record,
          /record 3 of 3 .*document text holds an unpaired UTF-16 surrogate at offset 7/,
        ],
        [{ ...third, published: 'March 4' }, /record 3 of 3 .*published "March 4" is not a YYYY-MM-DD date/],
      ];
      for (const [poison, message] of poisons) {
        // Record 1 is new, record 2 a new version of stored data, record 3 fails.
        await expect(store.ingest([protest().record, quakeV2().record, poison])).rejects.toThrow(message);
        expect(await harness.counts(location)).toEqual(before);
      }
      expect(await store.get(protest().doc.id)).toBeUndefined();
      expectStored(await store.get(earlier.doc.id), earlier.record, 1, 1);
      expect((await store.search('aftershocks')).map((hit) => hit.id)).toEqual([earlier.doc.id]);
      expect(await store.search('engineers OR protesters')).toEqual([]);
      expect((await store.ingest([protest().record]))[0]?.status).toBe('inserted');
    });
  });

  describe(`${name} store: entities and names across articles`, () => {
    it('lists entities across articles and the articles that mention one', async () => {
      const { store } = await freshStore();
      const quake = addMention(quakeV1(), 'city', 'place/zurich', 'the city');
      const march = addMention(protest(), 'downtown', 'place/zurich', 'Zürich downtown');
      await store.ingest([quake, march]);
      expect(await store.entities()).toEqual([{ entity: 'place/zurich', name: 'Zürich downtown', label: 'GPE', articles: 2, mentions: 2 }]);
      expect(await store.entities({ label: 'PER' })).toEqual([]);
      expect((await store.articlesMentioning('place/zurich')).map((a) => a.id)).toEqual([protest().doc.id, quakeV1().doc.id]);
      expect((await store.articlesMentioning('place/zurich', { outlet: 'Other Daily' })).map((a) => a.id)).toEqual([protest().doc.id]);
      expect(await store.articlesMentioning('person/nobody')).toEqual([]);
      await expect(store.entities({ limit: -1 })).rejects.toThrow(/limit must be a non-negative integer/);
    });

    it('links a one-word name to the one full name the corpus knows, and not when two full names share the word', async () => {
      const { store } = await freshStore();
      const person = (url: string, sentence: string, word: string, entity: string, personName: string) => {
        const built = buildArticle({ url, title: `Report ${url}`, paragraphs: [sentence] });
        return { id: built.doc.id, record: addMention(built, word, entity, personName, 'PER') };
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

      // Once one of them is named in three times as many articles as the other, the bare word is his again.
      const more = (n: number) => person(`https://d.example/${n}`, `Bruno Ferreira spoke, day ${n}.`, 'Bruno Ferreira', 'person/bruno-ferreira', 'Bruno Ferreira').record;
      await store.ingest([more(1)]);
      expect((await store.get(short.id))?.doc.spans.find((span) => span.type === 'mention')).toMatchObject({ entity: 'person/ferreira' });
      await store.ingest([more(2), more(3)]);
      expect((await store.get(short.id))?.doc.spans.find((span) => span.type === 'mention')).toMatchObject({ entity: 'person/bruno-ferreira' });
    });

    it('links a company short name to its corporate full name and its initials, in one batch', async () => {
      const { store } = await freshStore();
      const org = (url: string, sentence: string, word: string, entity: string, orgName: string) => {
        const built = buildArticle({ url, title: `Report ${url}`, paragraphs: [sentence] });
        return { id: built.doc.id, record: addMention(built, word, entity, orgName, 'ORG') };
      };
      const gm = org('https://a.example/gm', 'GM cut its forecast.', 'GM', 'org/gm', 'GM');
      const ford = org('https://a.example/ford', 'Ford raised prices.', 'Ford', 'org/ford', 'Ford');
      const fullGm = org('https://b.example/gm', 'General Motors cut jobs.', 'General Motors', 'org/general-motors', 'General Motors');
      const fullFord = org('https://b.example/ford', 'Ford Motor hired staff.', 'Ford Motor', 'org/ford-motor', 'Ford Motor');
      await store.ingest([gm.record, ford.record, fullGm.record, fullFord.record]);
      expect((await store.get(gm.id))?.doc.spans.find((s) => s.type === 'mention')).toMatchObject({ entity: 'org/general-motors', name: 'General Motors', label: 'ORG' });
      expect((await store.get(ford.id))?.doc.spans.find((s) => s.type === 'mention')).toMatchObject({ entity: 'org/ford-motor' });
      expect((await store.entities({ label: 'ORG' })).map((e) => [e.entity, e.articles])).toEqual([
        ['org/ford-motor', 2],
        ['org/general-motors', 2],
      ]);
    });

    it("gives one entity's wordings with their outlets and the codes of its events", async () => {
      const { store } = await freshStore();
      const first = buildArticle({ url: 'https://a.example/kim', title: 'Talks', paragraphs: ['Kim Jong Un met envoys. The leader said Kim would return.'], outlet: 'Example News', published: '2024-01-02' });
      addMention(first, 'Kim Jong Un', 'person/kim-jong-un', 'Kim Jong Un', 'PER');
      addMention(first, 'The leader', 'person/kim-jong-un', 'Kim Jong Un', 'PER', 'description');
      const second = buildArticle({ url: 'https://b.example/kim', title: 'More talks', paragraphs: ['Kim Jong Un spoke. KIM JONG UN left.'], outlet: 'Other Daily', published: '2024-01-03' });
      addMention(second, 'Kim Jong Un', 'person/kim-jong-un', 'Kim Jong Un', 'PER');
      const third = buildArticle({ url: 'https://c.example/kim', title: 'Shouting', paragraphs: ['KIM JONG UN left.'], outlet: 'Third Post', published: '2024-01-04' });
      addMention(third, 'KIM JONG UN', 'person/kim-jong-un', 'Kim Jong Un', 'PER');
      const coded = withEvent({ url: 'https://d.example/kim', outlet: 'Third Post', code: '040', quadClass: 1, source: 'PRKGOV', target: 'USA', sourceEntity: 'person/kim-jong-un' });
      await store.ingest([{ ...first.record, doc: first.doc.toData() }, { ...second.record, doc: second.doc.toData() }, { ...third.record, doc: third.doc.toData() }, coded]);
      const kim = await store.entity('person/kim-jong-un');
      expect(kim).toMatchObject({ entity: 'person/kim-jong-un', name: 'Kim Jong Un', label: 'PER', articles: 3, mentions: 4 });
      expect(kim!.names).toEqual([
        { text: 'Kim Jong Un', form: 'name', count: 3, outlets: ['Example News', 'Other Daily', 'Third Post'] },
        { text: 'The leader', form: 'description', count: 1, outlets: ['Example News'] },
      ]);
      expect(kim!.codes).toEqual([{ code: 'PRKGOV', events: 1 }]);
      expect(await store.entity('person/nobody')).toBeUndefined();
    });
  });

  describe(`${name} store: search`, () => {
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
      // Stemming: "protest" matches "Protesters" and "Protests". Lower rank is better, best first.
      expect(hits.map((hit) => hit.title).sort()).toEqual(['Old protest story', 'Protesters march downtown']);
      expect(hits[0]!.rank).toBeLessThanOrEqual(hits[1]!.rank);
      const march = hits.find((hit) => hit.title === 'Protesters march downtown');
      expect(march).toMatchObject({ outlet: 'Other Daily', published: '2024-05-01', uri: '/input/article.txt', version: 1 });
      expect(march!.snippet).toBe('Thousands of [protesters] marched through downtown on Saturday.');
      expect((await store.search('zurich')).map((hit) => hit.title)).toEqual(['Earthquake shakes Zürich']);
      expect((await store.search('"strong earthquake" NOT protest')).length).toBe(1);
      expect((await store.search('earth*')).map((hit) => hit.title)).toEqual(['Earthquake shakes Zürich']);
      expect((await store.search('march OR rare')).map((hit) => hit.title).sort()).toEqual(['Old protest story', 'Protesters march downtown']);
      expect((await store.search('(march OR rare) AND protest')).length).toBe(2);
      expect((await store.search('title: zurich')).length).toBe(1);
      expect((await store.search('body: zurich')).length).toBe(0);
      expect(await store.search('protest', { outlet: 'Example News' })).toEqual([]);
      expect(await store.search('protest', { limit: 1, offset: 1 })).toEqual(hits.slice(1));
    });

    it('finds every form of a word by a prefix that runs past its stem, in phrases, column filters and quotes', async () => {
      const { store } = await freshStore();
      const talks = buildArticle({
        url: 'https://a.example/talks',
        title: 'Negotiators meet again',
        paragraphs: ['The negotiations resumed in Geneva, and both delegations said they had negotiated in good faith.'],
      });
      const organised = buildArticle({ url: 'https://a.example/org', title: 'Volunteers organized a relief convoy', paragraphs: ['The relief convoy left on Monday.'] }).record;
      const unrelated = buildArticle({ url: 'https://a.example/other', title: 'Harbour reopens', paragraphs: ['Ships came back on Tuesday.'] }).record;
      await store.ingest([addQuote(talks, 'they had negotiated in good faith', 'Delegate'), organised, unrelated]);
      const titles = async (query: string) => (await store.search(query)).map((hit) => hit.title).sort();
      // Each of these prefixes runs past the stem its words are indexed under ("negoti", "organ").
      for (const query of ['negotiat*', 'negotiati*', 'Negotiatio*', 'organiz*', 'organize*']) {
        expect(await titles(query), query).toEqual(query.toLowerCase().startsWith('negot') ? ['Negotiators meet again'] : ['Volunteers organized a relief convoy']);
      }
      expect(await titles('negotiat* OR convoy')).toEqual(['Negotiators meet again', 'Volunteers organized a relief convoy']);
      expect(await titles('"peace negotiat"*')).toEqual([]);
      expect(await titles('"the negotiati"*')).toEqual(['Negotiators meet again']);
      expect(await titles('title: negotiati*')).toEqual(['Negotiators meet again']);
      expect(await titles('body: organiz*')).toEqual([]);
      expect(await titles('negotiati* NOT geneva')).toEqual([]);
      expect((await store.searchFacets('negotiati*')).total).toBe(1);
      expect((await store.searchQuotes('negotiati*')).map((hit) => hit.speaker)).toEqual(['Delegate']);
      // Short prefixes and prefixes that are already stems behave as before.
      expect(await titles('ship*')).toEqual(['Harbour reopens']);
      expect(await titles('harb*')).toEqual(['Harbour reopens']);
    });

    it('ranks a match in the headline above one in the body', async () => {
      const { store } = await freshStore();
      const inTitle = buildArticle({ url: 'https://a.example/t', title: 'Harbour reopens', paragraphs: ['Ships came back on Tuesday after repairs to the quay.'] }).record;
      const inBody = buildArticle({ url: 'https://a.example/b', title: 'Shipping news', paragraphs: ['Ships came back on Tuesday after the harbour repairs to the quay.'] }).record;
      await store.ingest([inBody, inTitle]);
      expect((await store.search('harbour')).map((h) => h.title)).toEqual(['Harbour reopens', 'Shipping news']);
    });

    it('marks the match in a snippet of a long body, with ellipses where text was left out', async () => {
      const { store } = await freshStore();
      const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
      await store.ingest([buildArticle({ url: 'https://a.example/long', title: 'Long', paragraphs: [`${filler(40)} volcano erupted near the coast. ${filler(40)}`] }).record]);
      const [hit] = await store.search('volcano');
      expect(hit!.snippet).toMatch(/^….*\[volcano\].*…$/);
      expect(hit!.snippet.split(/\s+/).length).toBeLessThanOrEqual(18);
    });

    it('narrows a search by dates, entity, event code and PLOVER category, and counts facets of the matches', async () => {
      const { store } = await freshStore();
      const a = withEvent({ url: 'https://a.example/1', outlet: 'Example News', code: '040', quadClass: 1, published: '2024-03-04', paragraph: 'Envoys met for summit talks in Geneva.' });
      const b = withEvent({ url: 'https://a.example/2', outlet: 'Other Daily', code: '190', quadClass: 4, published: '2024-04-10', paragraph: 'Troops shelled the summit venue near Geneva.' });
      const c = buildArticle({ url: 'https://a.example/3', title: 'Summit diary', paragraphs: ['The summit in Geneva drew crowds.'], outlet: 'Other Daily', published: '2024-04-11' });
      const cRecord = addMention(c, 'Geneva', 'place/geneva', 'Geneva');
      await store.ingest([a, b, cRecord, quakeV1().record]);
      const ids = async (options: Parameters<Store['search']>[1]) => (await store.search('summit', options)).map((h) => h.title).sort();
      expect(await ids({})).toEqual(['Report 040', 'Report 190', 'Summit diary']);
      expect(await ids({ from: '2024-04', to: '2024-04' })).toEqual(['Report 190', 'Summit diary']);
      expect(await ids({ from: '2024-03-05' })).toEqual(['Report 190', 'Summit diary']);
      expect(await ids({ to: '2024' })).toEqual(['Report 040', 'Report 190', 'Summit diary']);
      expect(await ids({ entity: 'place/geneva' })).toEqual(['Summit diary']);
      expect(await ids({ code: '19' })).toEqual(['Report 190']);
      expect(await ids({ code: '04', plover: 'CONSULT' })).toEqual(['Report 040']);
      expect(await ids({ plover: 'ASSAULT', outlet: 'Example News' })).toEqual([]);

      const facets = await store.searchFacets('summit');
      expect(facets).toMatchObject({ total: 3, counted: 3 });
      expect(facets.outlets).toEqual([
        { value: 'Other Daily', count: 2 },
        { value: 'Example News', count: 1 },
      ]);
      expect(facets.months).toEqual([
        { value: '2024-04', count: 2 },
        { value: '2024-03', count: 1 },
      ]);
      expect(facets.entities).toEqual([{ value: 'place/geneva', label: 'Geneva', count: 1 }]);
      expect(facets.eventRoots).toEqual([
        { value: '04', label: 'Consult', count: 1 },
        { value: '19', label: 'Fight', count: 1 },
      ]);
      expect(facets.plover).toEqual([
        { value: 'ASSAULT', count: 1 },
        { value: 'CONSULT', count: 1 },
      ]);
      expect(await store.searchFacets('summit', { outlet: 'Other Daily' })).toMatchObject({ total: 2, outlets: [{ value: 'Other Daily', count: 2 }] });
      await expect(store.searchFacets('summit AND')).rejects.toThrow(MalformedQueryError);
    });

    it('reports a malformed query as such, quoting it', async () => {
      const store = await seededStore();
      for (const query of ['AND', '"unterminated', 'quake AND (', 'nosuchcolumn: x', '', 'NOT quake', '(a OR b) c', "Kim's", 'hello, world']) {
        const error = await rejection(store.search(query));
        expect(error, query).toBeInstanceOf(MalformedQueryError);
        expect((error as Error).message).toMatch(/^Malformed search query /);
        expect((error as Error).message).toContain(JSON.stringify(query));
      }
    });

    it('accepts the query syntax the API documents', async () => {
      const store = await seededStore();
      const counts: Record<string, number> = {};
      for (const query of ['protest', '"strong earthquake"', 'earth*', '"strong earth"*', 'quake OR protest', 'protest NOT rare', 'protest AND march', 'strong earthquake', '(march OR rare) AND protest', 'title: (zurich OR nothing)', '{title body}: zurich', '-title: zurich', 'strong + earthquake', 'state_run', 'zürich', 'ZURICH', 'and']) {
        counts[query] = (await store.search(query)).length;
      }
      expect(counts).toEqual({
        protest: 2,
        '"strong earthquake"': 1,
        'earth*': 1,
        '"strong earth"*': 1,
        'quake OR protest': 2,
        'protest NOT rare': 1,
        'protest AND march': 1,
        'strong earthquake': 1,
        '(march OR rare) AND protest': 2,
        'title: (zurich OR nothing)': 1,
        '{title body}: zurich': 1,
        '-title: zurich': 0,
        'strong + earthquake': 1,
        state_run: 0,
        'zürich': 1,
        ZURICH: 1,
        and: 0,
      });
    });
  });

  describe(`${name} store: quotes`, () => {
    it('searches what was said and who said it, current versions only, and lists quotes by speaker', async () => {
      const { store } = await freshStore();
      await store.ingest([addQuote(quakeV1(), 'Residents gathered in parks', 'Mayor'), addQuote(protest(), 'Thousands of protesters marched', 'Organiser')]);
      const hits = await store.searchQuotes('parks');
      expect(hits.map((h) => [h.id, h.speaker, h.content, h.chain, h.snippet])).toEqual([
        [quakeV1().doc.id, 'Mayor', 'Residents gathered in parks', ['Mayor (speaker)', 'Example News (publisher)'], 'Residents gathered in [parks]'],
      ]);
      expect((await store.searchQuotes('organiser')).map((h) => h.speaker)).toEqual(['Organiser']);
      expect((await store.searchQuotes('marched', { outlet: 'Example News' }))).toEqual([]);
      expect((await store.quotes()).map((q) => q.speaker)).toEqual(['Organiser', 'Mayor']);
      expect((await store.quotes({ entity: 'person/mayor' })).map((q) => [q.speaker, q.speakerEntity, q.content])).toEqual([['Mayor', 'person/mayor', 'Residents gathered in parks']]);
      // A new version without the quote takes it out of the quote search.
      await store.ingest([quakeV2().record]);
      expect(await store.searchQuotes('parks')).toEqual([]);
      expect((await store.quotes()).map((q) => q.speaker)).toEqual(['Organiser']);
      await expect(store.searchQuotes('"unclosed')).rejects.toThrow(MalformedQueryError);
    });
  });

  describe(`${name} store: events, dyads and the network`, () => {
    async function eventStore(): Promise<Store> {
      const { store } = await freshStore();
      await store.ingest([
        withEvent({ url: 'https://a.example/1', outlet: 'Example News', code: '040', quadClass: 1, date: '2024-03-04' }),
        withEvent({ url: 'https://b.example/2', outlet: 'Other Daily', code: '190', quadClass: 4, date: '2024-03-20', source: 'PRKMIL', target: 'USA' }),
        withEvent({ url: 'https://b.example/3', outlet: 'Other Daily', code: '042', quadClass: 1, date: '2024-04-02' }),
        withEvent({ url: 'https://c.example/4', outlet: 'Third Post', code: '111', quadClass: 3, date: null, source: 'CHN', target: 'USAGOV', paragraph: 'Beijing criticised 😀 Washington sharply.' }),
        withEvent({ url: 'https://c.example/5', outlet: 'Third Post', code: '036', quadClass: 1, date: '2024', source: 'USAGOV', target: 'PRK' }),
      ]);
      return store;
    }

    it('filters events by actor, side, code, PLOVER, entity, quad class, outlet and dates; undated last', async () => {
      const store = await eventStore();
      const codes = async (query: Parameters<Store['events']>[0]) => (await store.events(query)).map((e) => e.event.code);
      expect(await codes({})).toEqual(['036', '040', '190', '042', '111']);
      expect(await codes({ actor: 'PRK' })).toEqual(['036', '040', '190', '042']);
      expect(await codes({ source: 'PRK' })).toEqual(['190']);
      expect(await codes({ target: 'USAGOV' })).toEqual(['111']);
      expect(await codes({ code: '04' })).toEqual(['040', '042']);
      expect(await codes({ plover: 'ASSAULT' })).toEqual(['190']);
      expect(await codes({ quadClass: 4 })).toEqual(['190']);
      expect(await codes({ quadClass: 2 })).toEqual([]);
      expect(await codes({ outlet: 'Other Daily' })).toEqual(['190', '042']);
      expect(await codes({ outlet: 'Other Daily', quadClass: 1 })).toEqual(['042']);
      // Exactly as stored: no prefix or case-insensitive match.
      expect(await codes({ outlet: 'Other' })).toEqual([]);
      expect(await codes({ from: '2024-03', to: '2024-03' })).toEqual(['040', '190']);
      expect(await codes({ from: '2024-03-05' })).toEqual(['190', '042']);
      expect(await codes({ limit: 2, offset: 1 })).toEqual(['040', '190']);
      const [criticism] = await store.events({ code: '111' });
      // The evidence sentence, cut by UTF-16 offsets past an astral character.
      expect(criticism).toMatchObject({ sentence: 'Beijing criticised 😀 Washington sharply.', outlet: 'Third Post', title: 'Report 111', version: 1 });
      expect(criticism!.event.source.code).toBe('CHN');
      await expect(store.events({ quadClass: 5 })).rejects.toThrow(/quadClass must be 1, 2, 3 or 4/);
      await expect(store.events({ quadClass: 1.5 })).rejects.toThrow(/quadClass/);
      await expect(store.events({ offset: -1 })).rejects.toThrow(/offset must be a non-negative integer/);
    });

    it('finds events by the entity on either side', async () => {
      const { store } = await freshStore();
      await store.ingest([
        withEvent({ url: 'https://a.example/1', outlet: 'Example News', code: '040', quadClass: 1, sourceEntity: 'person/ana-lima' }),
        withEvent({ url: 'https://a.example/2', outlet: 'Example News', code: '042', quadClass: 1 }),
      ]);
      expect((await store.events({ entity: 'person/ana-lima' })).map((e) => e.event.code)).toEqual(['040']);
    });

    it('gives the events between two actors by month and by day, in both directions or one', async () => {
      const store = await eventStore();
      const both = await store.dyadTimeline({ source: 'USA', target: 'PRK', directed: false });
      // Goldstein means come from the CAMEO codebook by code (040 is 1.0, 042 is 1.9, 190 is -10).
      expect(both).toEqual([
        { period: '2024-03', events: 2, goldstein: -4.5, quadClasses: [1, 0, 0, 1] },
        { period: '2024-04', events: 1, goldstein: 1.9, quadClasses: [1, 0, 0, 0] },
      ]);
      // Directed unless told otherwise.
      expect(await store.dyadTimeline({ source: 'USA', target: 'PRK', interval: 'day' })).toEqual([
        { period: '2024-03-04', events: 1, goldstein: 1, quadClasses: [1, 0, 0, 0] },
        { period: '2024-04-02', events: 1, goldstein: 1.9, quadClasses: [1, 0, 0, 0] },
      ]);
      expect((await store.dyadTimeline({ source: 'USA', target: 'PRK', directed: false, outlet: 'Other Daily' })).map((p) => p.events)).toEqual([1, 1]);
      expect(await store.dyadTimeline({ source: 'USA', target: 'PRK', directed: false, from: '2024-04-01' })).toHaveLength(1);
      expect(await store.dyadTimeline({ source: 'PRK', target: 'USA' })).toEqual([{ period: '2024-03', events: 1, goldstein: -10, quadClasses: [0, 0, 0, 1] }]);
    });

    it('gives the actor network, edges busiest first, at country or actor level', async () => {
      const store = await eventStore();
      const countries = await store.actorNetwork();
      expect(countries.edges.map((e) => [e.source, e.target, e.events])).toEqual([
        ['USA', 'PRK', 3],
        ['CHN', 'USA', 1],
        ['PRK', 'USA', 1],
      ]);
      expect(countries.nodes.map((n) => [n.id, n.events])).toEqual([
        ['USA', 5],
        ['PRK', 4],
        ['CHN', 1],
      ]);
      expect(countries.nodes.find((n) => n.id === 'PRK')!.label).toBe('North Korea');
      const actors = await store.actorNetwork({ level: 'actor', minEvents: 2 });
      expect(actors.edges.map((e) => [e.source, e.target, e.events])).toEqual([['USAGOV', 'PRKGOV', 2]]);
      expect((await store.actorNetwork({ outlet: 'Third Post' })).edges.map((e) => e.source)).toEqual(['CHN', 'USA']);
      expect((await store.actorNetwork({ limit: 1 })).edges).toHaveLength(1);
    });
  });

  describe(`${name} store: export and stats`, () => {
    it('exports every current version in ingest order, and allows writes while exporting', async () => {
      const { store } = await freshStore();
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

    it('summarises an empty store', async () => {
      const { store } = await freshStore();
      expect(await store.stats()).toEqual({
        articles: 0, versions: 0, outlets: [], firstPublished: null, lastPublished: null, removed: [], inputErrors: 0,
        stories: 0, storylines: 0, copies: 0, connected: 0,
      });
      expect(await store.list()).toEqual([]);
      expect(await store.stories()).toEqual([]);
      expect(await store.storylines()).toEqual([]);
      expect(await store.entities()).toEqual([]);
      expect(await store.events()).toEqual([]);
      expect(await store.search('anything')).toEqual([]);
    });
  });

  describe(`${name} store: connections, duplicates and stories`, () => {
    const article = (n: number, published: string, outlet: string) =>
      buildArticle({
        url: `https://news.example/${n}`,
        title: `Story article ${n}`,
        paragraphs: [`Paragraph ${n} about the quake in Zürich.`],
        published,
        outlet,
      });

    it('stores each article its connection, summarises stories and storylines, and replays them in storage order', async () => {
      const { store } = await freshStore();
      const first = article(1, '2024-03-04', 'Example News');
      const firstRecord = addMention(first, 'Zürich', 'place/zurich', 'Zürich');
      await store.ingest([
        { ...firstRecord, connection: connection(0, 0) },
        { ...addMention(article(2, '2024-03-05', 'Other Daily'), 'Zürich', 'place/zurich', 'Zürich'), connection: connection(0, 0) },
        { ...article(3, '2024-03-05', 'Third Post').record, connection: connection(0, 0, { duplicateOf: { of: 'x', kind: 'near', similarity: 0.93 } }) },
        { ...article(4, '2024-04-01', 'Example News').record, connection: connection(1, 0) },
        { ...article(5, '2024-05-01', 'Example News').record, connection: connection(null, null) },
      ]);
      const stories = await store.stories();
      expect(stories.map((s) => [s.id, s.articles, s.duplicates])).toEqual([[0, 2, 1], [1, 1, 0]]);
      expect(await store.stats()).toMatchObject({ stories: 2, storylines: 1, copies: 1, connected: 5 });
      expect(await store.connectedArticles()).toBe(5);
      expect(stories[0]).toMatchObject({ storyline: 0, title: 'Story article 1', first: '2024-03-04', last: '2024-03-05', outlets: ['Example News', 'Other Daily', 'Third Post'] });
      expect(stories[0]!.actors).toEqual([{ entity: 'place/zurich', name: 'Zürich', articles: 2 }]);
      expect(stories[1]!.actors).toEqual([]);
      expect((await store.stories({ storyline: 0, limit: 1, offset: 1 })).map((s) => s.id)).toEqual([1]);
      expect(await store.stories({ storyline: 5 })).toEqual([]);
      const detail = await store.story(0);
      expect(detail!.articlesInStory.map((a) => a.title)).toEqual(['Story article 1', 'Story article 2', 'Story article 3']);
      expect(detail!.articlesInStory[2]!.duplicateOf).toEqual({ id: 'x', kind: 'near', similarity: 0.93 });
      expect(detail!.articlesInStory[0]!.probability).toBe(0.9);
      expect(await store.story(7)).toBeUndefined();
      expect(await store.storylines()).toEqual([{ id: 0, title: 'Story article 1', stories: 2, articles: 3, first: '2024-03-04', last: '2024-04-01' }]);
      expect((await store.get(first.doc.id))!.links).toEqual({ story: 0, storyline: 0, probability: 0.9, duplicateOf: null });
      const replayed = [];
      for await (const c of store.connections()) replayed.push(c);
      expect(replayed.map((c) => [c.story, c.storyline, [...c.signature]])).toEqual([
        [0, 0, [1, 2, 3, 0]], [0, 0, [1, 2, 3, 0]], [0, 0, [1, 2, 3, 0]], [1, 0, [1, 2, 3, 1]], [null, null, [1, 2, 3, 0]],
      ]);
      expect(replayed[0]!.views).toEqual({ words: [['w:quake', 2]] });
      expect(replayed[0]!.published).toBe('2024-03-04');
      expect(replayed.map((c) => c.duplicateOf)).toEqual([null, null, 'x', null, null]);
      // In storage order, and from a position on: what a running connector has not seen.
      const seqs = replayed.map((c) => c.seq);
      expect(seqs.every((seq, i) => typeof seq === 'number' && (i === 0 || seq > seqs[i - 1]!))).toBe(true);
      const later = [];
      for await (const c of store.connections({ afterSeq: replayed[2]!.seq })) later.push(c);
      expect(later.map((c) => c.id)).toEqual(replayed.slice(3).map((c) => c.id));
      const none = [];
      for await (const c of store.connections({ afterSeq: replayed[4]!.seq })) none.push(c);
      expect(none).toEqual([]);
    });

    it('moves earlier articles to the stories an arrival put them in, with the arrival and in its order', async () => {
      const { store } = await freshStore();
      const [a1, a2, a3, a4, a5] = [1, 2, 3, 4, 5].map((n) => article(n, '2024-03-04', 'Example News'));
      await store.ingest([
        { ...a1!.record, connection: connection(0, 0) },
        { ...a2!.record, connection: connection(1, 0) },
      ]);
      // The second arrival moves an article stored before and the first arrival of its own batch, twice.
      const moved = [
        { article: a1!.doc.id, story: 1, storyline: 0 },
        { article: a3!.doc.id, story: 1, storyline: 0 },
        { article: a3!.doc.id, story: 5, storyline: 1 },
      ];
      await store.ingest([
        { ...a3!.record, connection: connection(2, 1) },
        { ...a4!.record, connection: connection(1, 0, { moved }) },
      ]);
      const byStory = async (id: number) => (await store.story(id))?.articlesInStory.map((a) => a.title);
      expect(await byStory(0)).toBeUndefined();
      expect(await byStory(1)).toEqual(['Story article 1', 'Story article 2', 'Story article 4']);
      expect(await byStory(5)).toEqual(['Story article 3']);
      // Its join probability was for the story it left.
      expect((await store.get(a1!.doc.id))!.links).toEqual({ story: 1, storyline: 0, probability: null, duplicateOf: null });
      expect((await store.get(a4!.doc.id))!.links).toMatchObject({ story: 1, probability: 0.9 });
      const replayed = [];
      for await (const c of store.connections()) replayed.push([c.id, c.story, c.storyline]);
      expect(replayed).toEqual([[a1!.doc.id, 1, 0], [a2!.doc.id, 1, 0], [a3!.doc.id, 5, 1], [a4!.doc.id, 1, 0]]);
      // Placements alone, as a running connector compares them with its own; moved articles carry their place
      // in the log of moves.
      const placements = [];
      for await (const p of store.placements()) placements.push(p);
      expect(placements.map(({ id, story, storyline }) => ({ id, story, storyline }))).toEqual(replayed.map(([id, story, storyline]) => ({ id, story, storyline })));
      expect(placements.filter((p) => p.movedSeq !== null).map((p) => p.id)).toEqual([a1!.doc.id, a3!.doc.id]);
      const firstMoves = await store.lastMove();
      expect(firstMoves).toBe(Math.max(...placements.map((p) => p.movedSeq ?? 0)));
      // Only the moved articles, in the order of their last move.
      const moves = async (movedAfter: number) => {
        const out = [];
        for await (const p of store.placements({ movedAfter })) out.push(p);
        return out;
      };
      const logged = await moves(0);
      expect(logged.map((p) => p.id).sort()).toEqual([a1!.doc.id, a3!.doc.id].sort());
      expect(logged.map((p) => p.movedSeq)).toEqual(logged.map((p) => p.movedSeq).sort((x, y) => x! - y!));
      expect(logged.find((p) => p.id === a3!.doc.id)).toMatchObject({ story: 5, storyline: 1 });
      expect(await moves(firstMoves)).toEqual([]);
      // A connection saved for an article stored without one moves what its arrival moved, too, and logs it.
      await store.ingest([a5!.record]);
      await store.saveConnection(a5!.doc.id, connection(7, 2, { moved: [{ article: a2!.doc.id, story: 7, storyline: 2 }] }));
      expect(await byStory(7)).toEqual(['Story article 2', 'Story article 5']);
      expect(await store.stats()).toMatchObject({ stories: 3, storylines: 3, connected: 5 });
      expect(await store.lastMove()).toBeGreaterThan(firstMoves);
      expect(await moves(firstMoves)).toEqual([{ id: a2!.doc.id, story: 7, storyline: 2, movedSeq: await store.lastMove() }]);
    });

    it('keeps one connector snapshot, replaced whole, and says how far the connections reach', async () => {
      const { store } = await freshStore();
      expect(await store.connectorSnapshot()).toBeUndefined();
      expect(await store.connectionsThrough()).toEqual({ articles: 0, lastSeq: 0, lastMove: 0 });
      const large = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
      await store.saveConnectorSnapshot(large);
      expect(Buffer.from((await store.connectorSnapshot())!).equals(Buffer.from(large))).toBe(true);
      await store.saveConnectorSnapshot(Uint8Array.from([0, 1, 255]));
      expect([...(await store.connectorSnapshot())!]).toEqual([0, 1, 255]);
      const [a1, a2, a3] = [1, 2, 3].map((n) => article(n, '2024-03-04', 'Example News'));
      await store.ingest([
        { ...a1!.record, connection: connection(0, 0) },
        a2!.record,
        { ...a3!.record, connection: connection(1, 0, { moved: [{ article: a1!.doc.id, story: 1, storyline: 0 }] }) },
      ]);
      const seqs = [];
      for await (const c of store.connections()) seqs.push(c.seq);
      const through = await store.connectionsThrough();
      expect(through).toEqual({ articles: 2, lastSeq: Math.max(...seqs), lastMove: await store.lastMove() });
      expect(through.lastMove).toBeGreaterThan(0);
    });

    it('keeps an article its first connection across versions, and connects articles stored without one exactly once', async () => {
      const { store } = await freshStore();
      const v1 = quakeV1();
      await store.ingest([v1.record, protest().record]);
      expect((await store.get(v1.doc.id))!.links).toBeUndefined();
      const unconnected = [];
      for await (const id of store.unconnected()) unconnected.push(id);
      expect(unconnected).toEqual([v1.doc.id, protest().doc.id]);
      expect(await store.saveConnection(v1.doc.id, connection(3, 2))).toBe(true);
      expect(await store.saveConnection(v1.doc.id, connection(4, 2))).toBe(false);
      await store.ingest([{ ...quakeV2().record, connection: connection(9, 9) }]);
      expect((await store.stories()).map((s) => s.id)).toEqual([3]);
      // The same text again, now with a connection: the article stored without one gets it.
      await store.ingest([{ ...protest().record, connection: connection(5, 2) }]);
      expect((await store.stories()).map((s) => s.id).sort()).toEqual([3, 5]);
      await expect(store.saveConnection('no-such-id', connection(1, 1))).rejects.toThrow(/no article no-such-id/);
      await expect(store.stories({ limit: -1 })).rejects.toThrow(RangeError);
      await expect(store.story(Number.NaN)).rejects.toThrow(RangeError);
    });
  });

  describe(`${name} store: several writers on one database`, () => {
    const bulk = (n: number) => buildArticle({ url: `https://wire.example/${n}`, title: `Wire story ${n}`, paragraphs: [`Dispatch number ${n} from the wire desk.`], outlet: 'Wire' }).record;

    it('stores each article once when two stores ingest overlapping batches at the same time', async () => {
      const { store, location } = await freshStore();
      const other = await openAgain(location);
      const batches = (from: number, to: number) => {
        const out: ArticleRecord[][] = [];
        for (let n = from; n < to; n += 10) out.push(Array.from({ length: Math.min(10, to - n) }, (_, i) => bulk(n + i)));
        return out;
      };
      // Overlapping ranges, the shared part in opposite orders: each store runs its batches one after another.
      const run = async (target: Store, list: ArticleRecord[][]) => {
        const statuses: string[] = [];
        for (const batch of list) for (const outcome of await target.ingest(batch)) statuses.push(outcome.status);
        return statuses;
      };
      const [a, b] = await Promise.all([run(store, batches(0, 80)), run(other, batches(40, 120).reverse())]);
      expect([...a, ...b].filter((s) => s === 'inserted')).toHaveLength(120);
      expect([...a, ...b].filter((s) => s === 'unchanged')).toHaveLength(40);
      expect(await harness.counts(location)).toMatchObject({ articles: 120, versions: 120, indexed: 120 });
      const keys = new Set<string>();
      for await (const stored of store.exportAll()) keys.add(stored.doc.key);
      expect(keys.size).toBe(120);
      expect((await other.search('dispatch', { limit: 500 })).length).toBe(120);
    });

    it('gives one winner when two stores ingest the same new article and version at once', async () => {
      const { store, location } = await freshStore();
      const other = await openAgain(location);
      for (let round = 0; round < 5; round++) {
        const record = bulk(1000 + round);
        const outcomes = (await Promise.all([store.ingest([record]), other.ingest([record])])).flat();
        expect(outcomes.map((o) => o.status).sort()).toEqual(['inserted', 'unchanged']);
      }
      const [v1, v2] = [quakeV1().record, quakeV2().record];
      await store.ingest([v1]);
      const outcomes = (await Promise.all([store.ingest([v2]), other.ingest([v2])])).flat();
      expect(outcomes.map((o) => [o.status, o.version]).sort()).toEqual([['new-version', 2], ['unchanged', 2]]);
      expect(await harness.counts(location)).toMatchObject({ articles: 6, versions: 7, indexed: 6 });
    });

    it('links a one-word name and its full name stored by two writers at once', async () => {
      const { store, location } = await freshStore();
      const other = await openAgain(location);
      const named = (url: string, sentence: string, word: string, entity: string) => {
        const built = buildArticle({ url, title: `Report ${url}`, paragraphs: [sentence] });
        return { id: built.doc.id, record: addMention(built, word, entity, word, 'PER') };
      };
      const surnames = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Castillo'];
      const shorts = await Promise.all(
        surnames.map(async (surname, i) => {
          const short = named(`https://s.example/${i}`, `${surname} spoke first.`, surname, `person/${surname.toLowerCase()}`);
          const full = named(`https://f.example/${i}`, `Rosa ${surname} spoke next.`, `Rosa ${surname}`, `person/rosa-${surname.toLowerCase()}`);
          await Promise.all([store.ingest([short.record]), other.ingest([full.record])]);
          return short.id;
        }),
      );
      for (const [i, id] of shorts.entries()) {
        const mention = (await store.get(id))!.doc.spans.find((s) => s.type === 'mention');
        expect(mention).toMatchObject({ entity: `person/rosa-${surnames[i]!.toLowerCase()}` });
      }
    });
  });
}
