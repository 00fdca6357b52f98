/**
 * What opening the connect stage costs on a store that already holds articles:
 *   node dist/bench/connect-restore.js --db STORE [--passes N]
 * STORE is a SQLite path or a postgres:// URL (made, say, by `eventwire ingest` or `bench/pipeline.js`). Each
 * pass reads every stored connection once on its own (the store's share), then restores a connector by
 * replaying them all (what every process did before the first article before the store kept a snapshot), writes
 * that connector's snapshot to the store (replacing the one there) and opens a connector from it (what
 * `eventwire ingest`, the API server and the other processes now do), then times what a running connector's
 * catch-up reads to follow moves made elsewhere: every placement (as it did before the store kept a log of
 * moves), the whole log, and the log after its last entry (a catch-up that finds no new move). Prints wall and
 * CPU seconds of the best pass and the peak resident memory. A benchmark: it asserts nothing of its speed, but
 * stops if the connector opened from the snapshot is not the one that wrote it.
 */
import { parseArgs } from 'node:util';
import { openConnector, saveConnectorSnapshot } from '../src/pipeline/connect.js';
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
interface PassResult {
  readWall: number;
  readCpu: number;
  restoreWall: number;
  restoreCpu: number;
  saveWall: number;
  saveCpu: number;
  openWall: number;
  openCpu: number;
  snapshotBytes: number;
  articles: number;
  placements: Timed;
  moves: Timed;
  noMoves: Timed;
}
const results: PassResult[] = [];
interface Timed {
  ms: number;
  rows: number;
}
/** Milliseconds to read the store's placements with these options, and the rows read. */
async function timePlacements(options: { movedAfter?: number }): Promise<Timed> {
  const started = performance.now();
  let rows = 0;
  for await (const _ of store.placements(options)) rows++;
  return { ms: performance.now() - started, rows };
}
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
    const connector = await openConnector(store, { snapshot: false });
    const restoreWall = (performance.now() - wall) / 1000;
    const restoreCpu = processCpu() - cpu;
    wall = performance.now();
    cpu = processCpu();
    if (!(await saveConnectorSnapshot(store, connector))) throw new Error('bench/connect-restore: the store changed while the bench read it; run it on a store nothing writes to');
    const saveWall = (performance.now() - wall) / 1000;
    const saveCpu = processCpu() - cpu;
    const written = connector.snapshot();
    wall = performance.now();
    cpu = processCpu();
    const opened = await openConnector(store);
    const openWall = (performance.now() - wall) / 1000;
    const openCpu = processCpu() - cpu;
    if (!Buffer.from(opened.snapshot()).equals(Buffer.from(written))) throw new Error('bench/connect-restore: the connector opened from the snapshot is not the one that wrote it');
    const placements = await timePlacements({});
    const moves = await timePlacements({ movedAfter: 0 });
    const noMoves = await timePlacements({ movedAfter: await store.lastMove() });
    results.push({ readWall, readCpu, restoreWall, restoreCpu, saveWall, saveCpu, openWall, openCpu, snapshotBytes: written.length, articles: connector.articles, placements, moves, noMoves });
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
const bestOpen = results.reduce((a, b) => (b.openWall < a.openWall ? b : a));
const perArticle = (cpu: number): string => `${((1000 * cpu) / Math.max(1, best.articles)).toFixed(3)} CPU ms an article`;
console.log(
  `snapshot (fastest pass): ${(bestOpen.snapshotBytes / 2 ** 20).toFixed(1)} MiB (${Math.round(bestOpen.snapshotBytes / Math.max(1, best.articles))} bytes an article); ` +
    `writing it ${fmt(bestOpen.saveWall)} s wall (${fmt(bestOpen.saveCpu)} CPU s); opening from it ${fmt(bestOpen.openWall)} s wall (${fmt(bestOpen.openCpu)} CPU s, ${perArticle(bestOpen.openCpu)}), ` +
    `${(best.restoreWall / Math.max(1e-6, bestOpen.openWall)).toFixed(1)}x faster than replaying`,
);
const timed = (pick: (r: (typeof results)[number]) => Timed): string => {
  const fastest = results.map(pick).reduce((a, b) => (b.ms < a.ms ? b : a));
  return `${fastest.ms.toFixed(1)} ms (${fastest.rows} rows)`;
};
console.log(`catch-up reads (fastest pass): every placement ${timed((r) => r.placements)}; the whole log of moves ${timed((r) => r.moves)}; the log after its last move ${timed((r) => r.noMoves)}`);
console.log(`peak RSS: ${Math.round(peak.stop() / 2 ** 20)} MiB`);
