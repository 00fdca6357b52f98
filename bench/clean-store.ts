/**
 * Pipeline throughput on generated articles: `npm run bench [-- COUNT]` (default 10,000).
 * Reports articles/second for cleaning alone, for the language stage alone (sentences, entities, time; in
 * memory), for the attribution and event stages alone, and for the whole ingest (read files, clean, language,
 * attribution, events, store in SQLite), and the peak resident memory. A benchmark, not a test: it asserts
 * nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanSource } from '../src/clean/index.js';
import type { Document } from '../src/document/document.js';
import { analyseAttributions } from '../src/attribution/index.js';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { analyseEvents } from '../src/events/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import { analyseLanguage } from '../src/language/index.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { generateArticles, writeCorpus } from './generate-corpus.js';

const count = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(count) || count <= 0) {
  console.error(`usage: npm run bench [-- COUNT]  (COUNT must be a positive whole number, got "${process.argv[2]}")`);
  process.exit(2);
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 25);
const work = mkdtempSync(join(tmpdir(), 'eventwire-bench-'));

try {
  const articles = [...generateArticles(count, 42)];
  const chars = articles.reduce((n, a) => n + a.text.length, 0);

  let t0 = performance.now();
  const docs: Document[] = [];
  for (const a of articles) docs.push(...cleanSource({ uri: a.fileName, format: 'txt', text: a.text, encoding: 'utf-8', hints: {} }));
  const cleaned = docs.length;
  const cleanSeconds = (performance.now() - t0) / 1000;

  const language = loadLanguageTools();
  const attribution = loadAttributionFinder();
  const coder = await loadEventCoder();
  t0 = performance.now();
  let sentences = 0;
  let mentions = 0;
  let timexes = 0;
  let attributions = 0;
  let attributionSeconds = 0;
  let events = 0;
  let eventSeconds = 0;
  for (const doc of docs) {
    const text = analyseLanguage(doc, language);
    const t1 = performance.now();
    analyseAttributions(doc, attribution, text);
    const t2 = performance.now();
    attributionSeconds += (t2 - t1) / 1000;
    events += analyseEvents(doc, coder, text).length;
    eventSeconds += (performance.now() - t2) / 1000;
    sentences += doc.spansOf('sentence').length;
    mentions += doc.spansOf('mention').length;
    timexes += doc.spansOf('timex').length;
    attributions += doc.spansOf('attribution').length;
  }
  const languageSeconds = (performance.now() - t0) / 1000 - attributionSeconds - eventSeconds;
  docs.length = 0;

  const corpusDir = join(work, 'corpus');
  await writeCorpus(corpusDir, count, 42);
  const store = openSqliteStore(join(work, 'bench.db'));
  t0 = performance.now();
  const counts = await ingest([corpusDir], store, { language, attribution, events: coder });
  const ingestSeconds = (performance.now() - t0) / 1000;
  const stats = await store.stats();
  await store.close();
  peakRss = Math.max(peakRss, process.memoryUsage.rss());

  const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')}/s`;
  console.log(`eventwire bench: ${count.toLocaleString('en-US')} generated articles, ${(chars / 1e6).toFixed(1)} M characters (node ${process.version})`);
  console.log(`  clean only (in memory)          ${cleaned} articles in ${cleanSeconds.toFixed(2)} s  ${rate(cleaned, cleanSeconds)}`);
  console.log(`  language only (in memory)       ${cleaned} articles in ${languageSeconds.toFixed(2)} s  ${rate(cleaned, languageSeconds)}  (${sentences} sentences, ${mentions} mentions, ${timexes} time expressions)`);
  console.log(`  attribution only (in memory)    ${cleaned} articles in ${attributionSeconds.toFixed(2)} s  ${rate(cleaned, attributionSeconds)}  (${attributions} attributions)`);
  console.log(`  events only (in memory)         ${cleaned} articles in ${eventSeconds.toFixed(2)} s  ${rate(cleaned, eventSeconds)}  (${rate(sentences, eventSeconds).replace('/s', '')} sentences/s; ${events} events)`);
  console.log(`  ingest: read + clean + language + attribution + events + SQLite  ${counts.articles} articles in ${ingestSeconds.toFixed(2)} s  ${rate(counts.articles, ingestSeconds)}`);
  console.log(`  stored ${stats.articles} articles, ${counts.errors} input errors`);
  console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  clearInterval(sampler);
  rmSync(work, { recursive: true, force: true });
}
