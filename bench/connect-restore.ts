/**
 * What opening the connect stage costs on a store that already holds articles:
 *   node dist/bench/connect-restore.js --db STORE [--passes N]
 * STORE is a SQLite path or a postgres:// URL (made, say, by `eventwire ingest` or `bench/pipeline.js`). Each
 * pass reads every stored connection once on its own (the store's share), then restores a connector from them
 * (what `eventwire ingest` and the API server do before their first article). Prints wall and CPU seconds of
 * the best pass and the peak resident memory. A benchmark: it asserts nothing.
 */
import { parseArgs } from 'node:util';
import { openConnector } from '../src/pipeline/connect.js';
import { openStore } from '../src/store/open.js';
import { optionsOrExit } from './api-load.js';
import { processCpu, rssSampler } from './measure.js';

const USAGE = 'usage: node dist/bench/connect-restore.js --db STORE [--passes N]';

function parseOptions(argv: string[]): { db: string; passes: number } {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, passes: { type: 'string', default: '3' } } });
  if (!values.db) throw new Error('bench/connect-restore: --db STORE is required (a SQLite path or a postgres:// URL)');
  const passes = Number(values.passes);
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`bench/connect-restore: --passes must be a positive whole number, got "${values.passes}"`);
  return { db: values.db, passes };
}

const { db, passes } = optionsOrExit(parseOptions, USAGE);
const store = await openStore(db);
const peak = rssSampler();
const results: { readWall: number; readCpu: number; restoreWall: number; restoreCpu: number; articles: number }[] = [];
try {
  for (let pass = 0; pass < passes; pass++) {
    let wall = performance.now();
    let cpu = processCpu();
    let read = 0;
    for await (const _ of store.connections()) read++;
    const readWall = (performance.now() - wall) / 1000;
    const readCpu = processCpu() - cpu;
    wall = performance.now();
    cpu = processCpu();
    const connector = await openConnector(store);
    results.push({ readWall, readCpu, restoreWall: (performance.now() - wall) / 1000, restoreCpu: processCpu() - cpu, articles: connector.articles });
    if (connector.articles !== read) throw new Error(`bench/connect-restore: restored ${connector.articles} articles of ${read} connections read`);
  }
} finally {
  await store.close();
}
const best = results.reduce((a, b) => (b.restoreWall < a.restoreWall ? b : a));
const fmt = (s: number): string => s.toFixed(2);
console.log(`store: ${db}`);
console.log(`connections: ${best.articles}`);
console.log(`passes: ${results.map((r) => `${fmt(r.restoreWall)} s`).join(', ')} (restore, wall)`);
console.log(`best pass: reading the connections ${fmt(best.readWall)} s wall (${fmt(best.readCpu)} CPU s); restoring the connector ${fmt(best.restoreWall)} s wall (${fmt(best.restoreCpu)} CPU s, ${((1000 * best.restoreCpu) / Math.max(1, best.articles)).toFixed(3)} CPU ms an article)`);
console.log(`peak RSS: ${Math.round(peak.stop() / 2 ** 20)} MiB`);
