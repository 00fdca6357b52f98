/**
 * The whole pipeline in one process, as `eventwire ingest DIR` runs it: read files, clean, language (sentences,
 * entities, time), attribution, event coding, connect (duplicates, stories) and store, on a generated corpus.
 *
 *   node dist/bench/pipeline.js [--articles N] [--store sqlite|postgres|both] [--window W] [--stages S]
 *                               [--postgres ADMIN_URL] [--json FILE]
 *
 * Defaults: 100,000 articles (bench/generate-corpus.ts, seed 42, written as one .txt file each), SQLite, windows of
 * 10,000 articles, stage costs measured on 500 articles (after a warm-up pass over them). For PostgreSQL the bench
 * creates a database of its own on the server at ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and drops it afterwards.
 *
 * Reported per store: articles/second over the whole run and in each window (a store that slows as it fills shows
 * here), CPU seconds per article (this process, and for PostgreSQL its backends), peak resident memory, and the
 * size of the store. Before that, each stage's CPU milliseconds per article, in memory. CPU time is what a loaded
 * machine distorts least; wall-clock rates are only comparable on a quiet one. A benchmark: it asserts nothing.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyseAttributions } from '../src/attribution/index.js';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { cleanSource } from '../src/clean/index.js';
import { analyseEvents } from '../src/events/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import { analyseLanguage } from '../src/language/index.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { openConnector } from '../src/pipeline/connect.js';
import { ingest } from '../src/pipeline/ingest.js';
import { toArticleRecord } from '../src/pipeline/record.js';
import { openStore } from '../src/store/open.js';
import { generateArticles, writeCorpus } from './generate-corpus.js';
import { backendCpu, backendCpuSpent, databaseSize, DEFAULT_POSTGRES_ADMIN_URL, loadAverage, processCpu, rssSampler, withPostgresDatabase } from './measure.js';

function usage(problem: string): never {
  console.error(
    `bench/pipeline: ${problem}\nusage: node dist/bench/pipeline.js [--articles N] [--store sqlite|postgres|both] [--window W] [--stages S] [--postgres ADMIN_URL] [--json FILE]`,
  );
  process.exit(2);
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  return process.argv[at + 1] ?? usage(`--${name} needs a value`);
}

function whole(name: string, fallback: number): number {
  const value = option(name, String(fallback));
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive whole number, got "${value}"`);
  return n;
}

const articles = whole('articles', 100_000);
const windowSize = Math.min(whole('window', 10_000), articles);
const stageSample = Math.min(whole('stages', 500), articles);
const storeChoice = option('store', 'sqlite');
if (!['sqlite', 'postgres', 'both'].includes(storeChoice)) usage(`--store must be sqlite, postgres or both, got "${storeChoice}"`);
const adminUrl = option('postgres', DEFAULT_POSTGRES_ADMIN_URL);
const jsonFile = process.argv.includes('--json') ? option('json', '') : undefined;
const SEED = 42;

interface StageCosts {
  articles: number;
  /** CPU milliseconds per article of each stage, in memory. */
  msPerArticle: Record<'clean' | 'language' | 'attribution' | 'events' | 'record', number>;
}

/**
 * Each stage's CPU time on the first `count` articles, in memory (no files, no store), warm: the articles are
 * run through once first, so that compiling the code and filling the taggers' caches is not counted (a long
 * run pays those once).
 */
async function stageCosts(count: number): Promise<StageCosts> {
  const language = loadLanguageTools();
  const attribution = loadAttributionFinder();
  const events = await loadEventCoder();
  const spent = { clean: 0, language: 0, attribution: 0, events: 0, record: 0 };
  let docs = 0;
  const timed = <T>(stage: keyof typeof spent, work: () => T): T => {
    const t0 = processCpu();
    const result = work();
    spent[stage] += processCpu() - t0;
    return result;
  };
  for (const pass of ['warm-up', 'measured']) {
    if (pass === 'measured') {
      for (const stage of Object.keys(spent) as (keyof typeof spent)[]) spent[stage] = 0;
      docs = 0;
    }
    for (const a of generateArticles(count, SEED)) {
      for (const doc of timed('clean', () => cleanSource({ uri: a.fileName, format: 'txt', text: a.text, encoding: 'utf-8', hints: {} }))) {
        docs++;
        const text = timed('language', () => analyseLanguage(doc, language));
        timed('attribution', () => analyseAttributions(doc, attribution, text));
        timed('events', () => analyseEvents(doc, events, text));
        timed('record', () => toArticleRecord(doc));
      }
    }
  }
  const perArticle = (seconds: number): number => Number(((seconds * 1000) / Math.max(1, docs)).toFixed(2));
  return {
    articles: docs,
    msPerArticle: {
      clean: perArticle(spent.clean),
      language: perArticle(spent.language),
      attribution: perArticle(spent.attribution),
      events: perArticle(spent.events),
      record: perArticle(spent.record),
    },
  };
}

interface WindowRate {
  upTo: number;
  articlesPerSecond: number;
  cpuMsPerArticle: number;
}

interface StoreRun {
  store: 'SQLite' | 'PostgreSQL';
  articles: number;
  errors: number;
  seconds: number;
  articlesPerSecond: number;
  /** CPU milliseconds per article: this process, and the database server's backends (null: not measurable). */
  cpuMsPerArticle: number;
  dbCpuMsPerArticle: number | null;
  peakRssMiB: number;
  storeMiB: number | null;
  windows: WindowRate[];
}

/** `eventwire ingest` of the corpus into the store at `location`, as the CLI runs it, with windowed rates. */
async function run(kind: StoreRun['store'], corpus: string, location: string, database?: string): Promise<StoreRun> {
  const store = await openStore(location);
  const memory = rssSampler();
  const before = database ? await backendCpu(adminUrl, database) : undefined;
  const windows: WindowRate[] = [];
  const t0 = performance.now();
  const cpu0 = processCpu();
  let mark = { at: 0, time: t0, cpu: cpu0 };
  const counts = await ingest([corpus], store, {
    language: loadLanguageTools(),
    attribution: loadAttributionFinder(),
    events: await loadEventCoder(),
    connect: await openConnector(store),
    onProgress: (c) => {
      const done = c.inputs;
      if (done - mark.at < windowSize && done < articles) return;
      const now = performance.now();
      const cpu = processCpu();
      windows.push({
        upTo: done,
        articlesPerSecond: Math.round(((done - mark.at) * 1000) / (now - mark.time)),
        cpuMsPerArticle: Number((((cpu - mark.cpu) * 1000) / (done - mark.at)).toFixed(2)),
      });
      const last = windows.at(-1)!;
      process.stderr.write(`  ${kind}: ${done.toLocaleString('en-US')} articles; last window ${last.articlesPerSecond}/s, ${last.cpuMsPerArticle} CPU ms per article; load ${loadAverage()}\n`);
      mark = { at: done, time: now, cpu };
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = processCpu() - cpu0;
  const dbCpu = database && before ? backendCpuSpent(before, await backendCpu(adminUrl, database)) : null;
  await store.close();
  const peak = memory.stop();
  let storeMiB: number | null = null;
  if (kind === 'SQLite') storeMiB = Math.round(statSync(location).size / 2 ** 20);
  else if (database) storeMiB = Math.round((await databaseSize(adminUrl, database)) / 2 ** 20);
  return {
    store: kind,
    articles: counts.articles,
    errors: counts.errors,
    seconds: Number(seconds.toFixed(1)),
    articlesPerSecond: Math.round(counts.articles / seconds),
    cpuMsPerArticle: Number(((cpu * 1000) / counts.articles).toFixed(2)),
    dbCpuMsPerArticle: dbCpu === null ? null : Number(((dbCpu * 1000) / counts.articles).toFixed(2)),
    peakRssMiB: Math.round(peak / 2 ** 20),
    storeMiB,
    windows,
  };
}

const work = mkdtempSync(join(tmpdir(), 'eventwire-bench-pipeline-'));
// The corpus is large: a bench stopped with Ctrl-C or kill removes it too (during a PostgreSQL run,
// withPostgresDatabase exits once its database is dropped).
let postgresRunning = false;
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => postgresRunning || process.exit(signal === 'SIGINT' ? 130 : 143));
try {
  console.log(`eventwire pipeline bench: ${articles.toLocaleString('en-US')} generated articles (seed ${SEED}), node ${process.version}, load average ${loadAverage()}`);
  const stages = await stageCosts(stageSample);
  const corpus = join(work, 'corpus');
  const t0 = performance.now();
  await writeCorpus(corpus, articles, SEED);
  console.log(`corpus written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const runs: StoreRun[] = [];
  if (storeChoice !== 'postgres') runs.push(await run('SQLite', corpus, join(work, 'pipeline.db')));
  if (storeChoice !== 'sqlite') {
    postgresRunning = true;
    runs.push(await withPostgresDatabase(adminUrl, (url, name) => run('PostgreSQL', corpus, url, name)));
    postgresRunning = false;
  }

  const total = Object.values(stages.msPerArticle).reduce((a, b) => a + b, 0);
  console.log(`\nCPU ms per article, each stage in memory (${stages.articles} articles, after a warm-up pass):`);
  for (const [stage, ms] of Object.entries(stages.msPerArticle)) console.log(`  ${stage.padEnd(12)} ${ms.toFixed(2).padStart(7)}`);
  console.log(`  ${'sum'.padEnd(12)} ${total.toFixed(2).padStart(7)}  (${Math.round(1000 / total)} articles per CPU second)`);
  console.log(`\nwhole pipeline (read, clean, language, attribution, events, connect, store); load average now ${loadAverage()}:`);
  for (const r of runs) {
    const db = r.dbCpuMsPerArticle === null ? '' : ` + ${r.dbCpuMsPerArticle} ms in PostgreSQL`;
    console.log(
      `  ${r.store.padEnd(10)} ${r.articles.toLocaleString('en-US')} articles (${r.errors} errors) in ${r.seconds} s: ${r.articlesPerSecond}/s; ` +
        `${r.cpuMsPerArticle} CPU ms per article${db}; peak RSS ${r.peakRssMiB} MiB${r.storeMiB === null ? '' : `; store ${r.storeMiB} MiB`}`,
    );
    console.log(`    per window (articles/s, CPU ms per article): ${r.windows.map((w) => `${w.upTo / 1000}k ${w.articlesPerSecond}/s ${w.cpuMsPerArticle} ms`).join(', ')}`);
  }
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ articles, seed: SEED, node: process.version, stages, runs }, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
