/**
 * The store `bench/api-latency.ts` queries: N stored articles (100,000 by default) made from a pool of generated
 * articles analysed by the real pipeline. Analysing 100,000 articles would take an hour (~26 articles/s), so a
 * pool (2,000) is cleaned, read by the language stage, attributed and event-coded once, and every stored article
 * is a copy of one pool article with what a real corpus varies: its URL (identity), outlet, publication date
 * (spread over two years, with its events' dates moved along), the countries behind its unnamed actors, and a
 * reference line appended after the end of the text, so its content hash differs while every span offset stays
 * valid. One-word person and organisation ids are stored as ids that link to nothing (`unlinkOneWordNames` says
 * why). Copies go in through the Store's public `ingest`, in batches, like `eventwire ingest` stores them.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { sha256 } from '../src/document/document.js';
import type { DocumentData, EventSpan, FieldName, Span } from '../src/document/types.js';
import type { EventActor } from '../src/events/types.js';
import { loadEventCoder } from '../src/events/tools.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingestSources } from '../src/pipeline/ingest.js';
import type { ReadResult } from '../src/readers/types.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { ArticleRecord, StoredArticle } from '../src/store/types.js';
import { seededRandom } from '../src/util/random.js';
import { generateArticles } from './generate-corpus.js';

export const DEFAULT_POOL_SIZE = 2_000;
const DEFAULT_BATCH_SIZE = 500;

/**
 * Outlets the copies are spread over, most prolific first (picked with Zipf weights, as a few wires and large
 * papers publish most of any news corpus). Invented, like the generator's own outlets.
 */
export const BENCH_OUTLETS: readonly string[] = [
  'Lanternfish Wire', 'The Continental Ledger', 'Granite Standard', 'The Commons Dispatch', 'Tidelines Asia',
  'Rotunda Memo', 'Quillstone Gazette', 'Saltmarsh Review', 'Copperfen Daily', 'The Ninefold Observer',
  'Harbor Light Times', 'The Meridian Post', 'Northgate Herald', 'Bellwether News', 'The Foxglove Courier',
  'Ironbridge Chronicle', 'Kestrel Press Agency', 'The Lowland Tribune', 'Marrowfield Journal', 'Oakhurst Sentinel',
  'Pinecrest Bulletin', 'The Redwater Register', 'Silverlake Examiner', 'Thistledown Times', 'Upland Gazette',
  'The Vantage Report', 'Westmarch Daily', 'Yarrowby Star', 'Zephyr World Service', 'The Ashgrove Enquirer',
  'Brackenridge Monitor', 'Cinderford Record', 'Dunmore Evening Post', 'The Eastwold Signal', 'Fairhaven Reporter',
  'Glenrock Mercury', 'Hollowmere Advocate', 'The Inkwell Review', 'Juniper Coast News', 'Kingsbury Observer',
];

/**
 * CAMEO country codes given to the actors the coder could not place (`---GOV`: the generator's countries are
 * invented), most reported first (Zipf weights), so actor filters meet a realistic spread of countries.
 */
export const BENCH_COUNTRIES: readonly string[] = [
  'USA', 'CHN', 'RUS', 'GBR', 'UKR', 'ISR', 'IRN', 'FRA', 'DEU', 'IND', 'PRK', 'KOR', 'JPN', 'TUR', 'SAU',
  'PAK', 'SYR', 'AFG', 'IRQ', 'EGY', 'NGA', 'BRA', 'MEX', 'CAN', 'AUS', 'ZAF', 'IDN', 'PHL', 'VNM', 'VEN',
];

/** Publication dates of the copies: 2023-01-01 to 2024-12-31. */
const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 731;
const DAY_MS = 86_400_000;

export interface BuildOptions {
  articles: number;
  poolSize?: number;
  seed?: number;
  batchSize?: number;
  /** Progress lines (to stderr by default). */
  log?: (line: string) => void;
}

export interface BuildReport {
  articles: number;
  events: number;
  poolSize: number;
  /** Loading the analysis tools and analysing the pool. */
  analyseSeconds: number;
  /** Writing the copies through `Store.ingest`. */
  ingestSeconds: number;
}

/**
 * Builds the store at `dbPath`. It is written under a temporary name and renamed when complete, so a file at
 * `dbPath` is always a finished store (an interrupted build leaves no cache behind).
 */
export async function buildApiBenchStore(dbPath: string, options: BuildOptions): Promise<BuildReport> {
  const { articles, poolSize = Math.min(DEFAULT_POOL_SIZE, articles), seed = 42, batchSize = DEFAULT_BATCH_SIZE } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const partial = `${dbPath}.partial`;
  removeDatabase(partial);

  let t0 = performance.now();
  const pool = await analysePool(poolSize, seed, log);
  const analyseSeconds = (performance.now() - t0) / 1000;
  if (pool.length === 0) throw new Error('the pipeline stored none of the generated pool articles');

  const store = openSqliteStore(partial);
  const random = seededRandom(seed ^ 0x5eed);
  const pickOutlet = zipfPicker(BENCH_OUTLETS, random);
  const pickCountry = zipfPicker(BENCH_COUNTRIES, random);
  let events = 0;
  t0 = performance.now();
  try {
    let batch: ArticleRecord[] = [];
    for (let index = 0; index < articles; index++) {
      const base = pool[index % pool.length]!;
      const source = pickCountry();
      let target = pickCountry();
      while (target === source) target = pickCountry();
      const record = replicate(base, index, {
        outlet: pickOutlet(),
        published: isoDay(FIRST_DAY + Math.floor(random() * DAYS) * DAY_MS),
        sourceCountry: source,
        targetCountry: target,
      });
      events += record.doc.spans.filter((s) => s.type === 'event').length;
      batch.push(record);
      if (batch.length >= batchSize || index === articles - 1) {
        await store.ingest(batch);
        batch = [];
        if ((index + 1) % 10_000 < batchSize || index === articles - 1) {
          const seconds = (performance.now() - t0) / 1000;
          log(`  stored ${(index + 1).toLocaleString('en-US')} / ${articles.toLocaleString('en-US')} articles (${Math.round((index + 1) / seconds)}/s)`);
        }
      }
    }
  } finally {
    await store.close();
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  renameSync(partial, dbPath);
  return { articles, events, poolSize: pool.length, analyseSeconds, ingestSeconds };
}

/** Deletes a database file with its WAL and shared-memory files. */
export function removeDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
}

export function databaseExists(dbPath: string): boolean {
  return existsSync(dbPath);
}

/**
 * Generates the pool and runs it through the real ingest (clean, language, attribution, events) into a store in
 * memory, then reads the stored articles back: the records the copies are made from are exactly what ingest stores.
 */
async function analysePool(size: number, seed: number, log: (line: string) => void): Promise<StoredArticle[]> {
  log(`analysing a pool of ${size.toLocaleString('en-US')} generated articles with the full pipeline (loading the tools first) ...`);
  const memory = openSqliteStore(':memory:');
  try {
    const tools = { language: loadLanguageTools(), attribution: loadAttributionFinder(), events: await loadEventCoder() };
    const t0 = performance.now();
    let errors = 0;
    await ingestSources(poolSources(size, seed), memory, {
      ...tools,
      onError: (uri, message) => {
        errors++;
        if (errors <= 5) log(`  ${uri}: ${message}`);
      },
      onProgress: (counts) => {
        if (counts.inputs % 250 === 0) log(`  analysed ${counts.inputs} / ${size} (${Math.round(counts.inputs / ((performance.now() - t0) / 1000))}/s)`);
      },
    });
    const pool: StoredArticle[] = [];
    for await (const article of memory.exportAll()) pool.push(article);
    return pool;
  } finally {
    await memory.close();
  }
}

function* poolSources(size: number, seed: number): Generator<ReadResult> {
  for (const article of generateArticles(size, seed)) {
    yield { ok: true, source: { uri: `generated/${article.fileName}`, format: 'txt', text: article.text, encoding: 'utf-8', hints: {} } };
  }
}

interface Variation {
  outlet: string;
  /** YYYY-MM-DD */
  published: string;
  /** Countries for the source and target actors the coder left without one (`---GOV`). */
  sourceCountry: string;
  targetCountry: string;
}

/** Copy number `index` of a pool article, as a record the store takes. */
function replicate(base: StoredArticle, index: number, variation: Variation): ArticleRecord {
  const { outlet, published } = variation;
  const number = String(index + 1).padStart(7, '0');
  const url = `https://${slug(outlet)}.example/world/${published}/${number}`;
  const key = `url:${url}`;
  const reference = `Reference: EW-${number}`;
  // A blank line, then the reference: appended after every span, so no offset moves.
  const text = `${base.doc.text}\n\n${reference}`;
  const shiftDays = base.published ? (Date.parse(published) - Date.parse(base.published)) / DAY_MS : 0;

  let nextId = Math.max(0, ...base.doc.spans.map((s) => s.id)) + 1;
  const spans: Span[] = base.doc.spans.map((span) => {
    if (span.type === 'field' && (span.field === 'outlet' || span.field === 'published')) {
      return { ...span, value: span.field === 'outlet' ? outlet : published };
    }
    if (span.type === 'event') return varyEvent(span, shiftDays, variation);
    return unlinkOneWordNames(span);
  });
  // Where the pool article names no outlet or date, they are metadata only: a zero-width span, as for hints.
  for (const [field, value] of [['outlet', outlet], ['published', published]] as [FieldName, string][]) {
    if (!spans.some((s) => s.type === 'field' && s.field === field)) {
      spans.push({ id: nextId++, type: 'field', stage: 'clean', start: 0, end: 0, field, value, rule: 'hint/bench' });
    }
  }
  // Cleaning labels every character kept or removed; the reference line is site furniture.
  spans.push({ id: nextId++, type: 'removed', stage: 'clean', start: text.length - reference.length, end: text.length, reason: 'chrome', rule: 'bench/reference-line' });

  const doc: DocumentData = {
    id: sha256(key).slice(0, 12),
    key,
    contentHash: sha256(text),
    text,
    origin: { ...base.doc.origin, uri: url, start: 0, end: text.length },
    hints: { url, outlet, published },
    spans,
  };
  return { doc, title: base.title, outlet, published, dateline: base.dateline, author: base.author, body: base.body };
}

/** The event moved in time with its article, its unplaced actors given the copy's countries. */
function varyEvent(span: EventSpan, shiftDays: number, variation: Variation): EventSpan {
  const { event } = span;
  const place = (actor: EventActor, country: string): EventActor => {
    const placed = actor.code?.startsWith('---') ? { ...actor, code: `${country}${actor.code.slice(3)}`, country } : actor;
    return placed.entity === undefined ? placed : { ...placed, entity: unlinkedId(placed.entity) };
  };
  const date = event.date === undefined ? undefined : shiftDate(event.date, shiftDays);
  return {
    ...span,
    event: {
      ...event,
      ...(date === undefined ? {} : { date }),
      source: place(event.source, variation.sourceCountry),
      target: place(event.target, variation.targetCountry),
    },
  };
}

/**
 * The store links a one-word person or organisation ("Aldercott") to the full name it stands for by counting,
 * on every article naming a full name with that word, the articles naming each such full name: a cost that
 * grows with the store (quadratic ingest). The generator's 995 people share 32 first and 30 last names and
 * every copy names them again, so a 100,000-article build would take hours (measured: 79 articles/s up to
 * 10,000, 18/s at 16,000). One-word ids are therefore stored as two-word ids that link to nothing. The
 * measured queries (search, events) never read names or aliases.
 */
function unlinkOneWordNames(span: Span): Span {
  if (span.type === 'mention') return { ...span, entity: unlinkedId(span.entity) };
  if (span.type === 'attribution') {
    return {
      ...span,
      ...(span.speaker ? { speaker: { ...span.speaker, entity: unlinkedId(span.speaker.entity) } } : {}),
      chain: span.chain.map((link) => (link.entity === undefined ? link : { ...link, entity: unlinkedId(link.entity) })),
    };
  }
  return span;
}

function unlinkedId(entity: string): string {
  return /^(person|org)\/[^-]+$/.test(entity) ? `${entity}-unlinked` : entity;
}

/** Moves an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) by whole days, keeping its precision. */
function shiftDate(date: string, days: number): string {
  if (days === 0) return date;
  const precision = date.length;
  // A month or year is moved from its middle, so a shift of a few days does not cross into the next one early.
  const anchor = precision === 4 ? `${date}-07-01` : precision === 7 ? `${date}-15` : date;
  const time = Date.parse(anchor);
  if (Number.isNaN(time)) return date;
  return isoDay(time + days * DAY_MS).slice(0, precision);
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/^the\s+/, '').replace(/[^a-z0-9]+/g, '');
}

/** Picks items with probability proportional to 1 / rank. */
function zipfPicker<T>(items: readonly T[], random: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  items.forEach((_, i) => cumulative.push((total += 1 / (i + 1))));
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}
