/**
 * Store throughput, SQLite against PostgreSQL: the same analysed records (cleaned, language, attribution, events,
 * connect: what `eventwire ingest` hands the store) stored into each, in batches of 200 as ingest does, and
 * reported as records per second. Analysis is done once, before any clock starts: this measures the stores.
 *
 *   node dist/bench/store-postgres.js [COUNT] [--postgres URL]
 *
 * COUNT generated articles (bench/generate-corpus.ts, seed 42; default 2,000) and the sample corpus (data/sample).
 * URL is a server's administrative database (default postgres://postgres@127.0.0.1:5432/postgres): the bench
 * creates a database of its own there for each run and drops it after. A benchmark, not a test: it asserts nothing.
 *
 * Measured per corpus and store: a first ingest into an empty store; the same records again (every one
 * unchanged); and, for PostgreSQL, two writers storing the two halves at once (as two workers would). Besides
 * wall-clock rates, the CPU time each run cost: this process's, and (for a server on this machine, read from
 * /proc) the PostgreSQL backends' serving it. CPU time is what a loaded machine does not distort much, and on one
 * machine the database's share is taken from the pipeline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyseAttributions } from '../src/attribution/index.js';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { cleanSource } from '../src/clean/index.js';
import { Connector } from '../src/connect/index.js';
import { analyseEvents } from '../src/events/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import { analyseLanguage } from '../src/language/index.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { toArticleRecord } from '../src/pipeline/record.js';
import { readInputs } from '../src/readers/index.js';
import type { SourceText } from '../src/readers/types.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { ArticleRecord, Store } from '../src/store/types.js';
import { packageRoot } from '../src/util/package-root.js';
import { generateArticles } from './generate-corpus.js';
import { backendCpu, backendCpuSpent, DEFAULT_POSTGRES_ADMIN_URL, loadAverage, processCpu, withPostgresDatabase } from './measure.js';

const BATCH = 200;

function usage(problem: string): never {
  console.error(`bench/store-postgres: ${problem}\nusage: node dist/bench/store-postgres.js [COUNT] [--postgres URL]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let count = 2_000;
let adminUrl = DEFAULT_POSTGRES_ADMIN_URL;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--postgres') adminUrl = args[++i] ?? usage('--postgres needs a URL');
  else if (/^\d+$/.test(arg) && Number(arg) > 0) count = Number(arg);
  else usage(`"${arg}" is neither a positive whole number nor --postgres URL`);
}

/** Every stage of ingest but the store, as ingestSources runs them. */
async function analyse(sources: AsyncIterable<SourceText> | Iterable<SourceText>): Promise<ArticleRecord[]> {
  const language = loadLanguageTools();
  const attribution = loadAttributionFinder();
  const events = await loadEventCoder();
  const connector = new Connector();
  const records: ArticleRecord[] = [];
  for await (const source of sources) {
    for (const doc of cleanSource(source)) {
      const text = analyseLanguage(doc, language);
      analyseAttributions(doc, attribution, text);
      analyseEvents(doc, events, text);
      const record = toArticleRecord(doc);
      record.connection = connector.connect(doc, text, record.body);
      records.push(record);
    }
  }
  return records;
}

async function* sampleSources(): AsyncGenerator<SourceText> {
  for await (const result of readInputs([join(packageRoot(), 'data', 'sample')])) if (result.ok) yield result.source;
}

function* generatedSources(n: number): Generator<SourceText> {
  for (const a of generateArticles(n, 42)) yield { uri: a.fileName, format: 'txt', text: a.text, encoding: 'utf-8', hints: {} };
}

/** Seconds to store `records` in batches, one writer. */
async function storeAll(store: Store, records: ArticleRecord[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += BATCH) await store.ingest(records.slice(i, i + BATCH));
  return (performance.now() - t0) / 1000;
}

/** Runs `work`, measuring wall time, this process's CPU and the database's backends' CPU. */
async function measured(database: string | undefined, work: () => Promise<unknown>): Promise<{ seconds: number; cpu: number; dbCpu: number | null }> {
  const before = database ? await backendCpu(adminUrl, database) : new Map<number, number>();
  const cpu0 = processCpu();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = processCpu() - cpu0;
  if (!database) return { seconds, cpu, dbCpu: null };
  return { seconds, cpu, dbCpu: backendCpuSpent(before, await backendCpu(adminUrl, database)) };
}

interface Row {
  corpus: string;
  store: string;
  run: string;
  records: number;
  seconds: number;
  /** CPU seconds of this process, and of the database server's backends (null: not measurable). */
  cpu: number;
  dbCpu: number | null;
}

async function measure(corpus: string, records: ArticleRecord[], rows: Row[]): Promise<void> {
  const add = (store: string, run: string, m: { seconds: number; cpu: number; dbCpu: number | null }) => rows.push({ corpus, store, run, records: records.length, ...m });
  const work = mkdtempSync(join(tmpdir(), 'eventwire-bench-store-'));
  try {
    const sqlite = openSqliteStore(join(work, 'bench.db'));
    add('SQLite', 'first ingest', await measured(undefined, () => storeAll(sqlite, records)));
    add('SQLite', 'again (unchanged)', await measured(undefined, () => storeAll(sqlite, records)));
    await sqlite.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  await withPostgresDatabase(adminUrl, async (url, name) => {
    const store = await openPostgresStore(url);
    add('PostgreSQL', 'first ingest', await measured(name, () => storeAll(store, records)));
    add('PostgreSQL', 'again (unchanged)', await measured(name, () => storeAll(store, records)));
    await store.close();
  });
  await withPostgresDatabase(adminUrl, async (url, name) => {
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    const half = Math.ceil(records.length / 2);
    add('PostgreSQL', 'first ingest, 2 writers', await measured(name, () => Promise.all([storeAll(a, records.slice(0, half)), storeAll(b, records.slice(half))])));
    await Promise.all([a.close(), b.close()]);
  });
}

const rows: Row[] = [];
let t0 = performance.now();
const sample = await analyse(sampleSources());
console.log(`analysed the sample corpus: ${sample.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
t0 = performance.now();
const generated = await analyse(generatedSources(count));
const spans = generated.reduce((n, r) => n + r.doc.spans.length, 0);
console.log(`analysed ${count} generated articles: ${generated.length} records, ${spans} spans, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

await measure('sample', sample, rows);
await measure(`generated ${count}`, generated, rows);

const load = loadAverage();
console.log(`\neventwire store bench (node ${process.version}; batches of ${BATCH}; PostgreSQL at ${new URL(adminUrl).host}; load average ${load})`);
const header = ['corpus', 'store', 'run', 'records', 'seconds', 'records/s', 'node CPU s', 'db CPU s', 'CPU ms/record'];
const widths = [16, 11, 24, 8, 8, 10, 11, 9, 14];
const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
console.log(line(header));
for (const r of rows) {
  const total = r.cpu + (r.dbCpu ?? 0);
  console.log(
    line([
      r.corpus,
      r.store,
      r.run,
      String(r.records),
      r.seconds.toFixed(2),
      Math.round(r.records / r.seconds).toLocaleString('en-US'),
      r.cpu.toFixed(2),
      r.dbCpu === null ? (r.store === 'SQLite' ? '(in node)' : 'n/a') : r.dbCpu.toFixed(2),
      ((total / r.records) * 1000).toFixed(2),
    ]),
  );
}
