/**
 * Crash soak: `node dist/bench/crash-soak.js --store sqlite|postgres [--kills N] [--articles A] [--batch-size B]
 * [--kills-per-round K] [--seed S] [--postgres URL]` (defaults: 100 kills, 100 articles, batches of 5, 10 kills a
 * round, seed 1, the local server's postgres database as the admin URL).
 *
 * The loop of test/crash-repeated.test.ts (bench/crash-loop.ts), for many kills: rounds of K kill -9s of
 * `eventwire ingest` at random points on one new store, the store checked after each, each round ended by a run
 * to the end and the exactly-once check; rounds until N kills have landed. Prints a line a kill and a round, then
 * the totals: kills survived, consistency checks passed, rounds verified exactly-once. Exits 1 if a check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/util/random.js';
import {
  crashRound,
  describePlan,
  KILL_MOMENTS,
  postgresCrashStore,
  referenceIngest,
  sqliteCrashStore,
  writeCrashCorpus,
  type CrashStore,
  type KillMoment,
  type KillRecord,
  type RoundReport,
} from './crash-loop.js';
import { DEFAULT_POSTGRES_ADMIN_URL, withPostgresDatabase } from './measure.js';

/** dist/bench/crash-soak.js → dist/src/cli/main.js: the CLI as `npx eventwire` runs it. */
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function usage(problem: string): never {
  console.error(`bench/crash-soak: ${problem}\nusage: node dist/bench/crash-soak.js --store sqlite|postgres [--kills N] [--articles A] [--batch-size B] [--kills-per-round K] [--seed S] [--postgres URL]`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    kills: { type: 'string', default: '100' },
    articles: { type: 'string', default: '100' },
    'batch-size': { type: 'string', default: '5' },
    'kills-per-round': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    postgres: { type: 'string', default: process.env['EVENTWIRE_TEST_POSTGRES_URL'] || DEFAULT_POSTGRES_ADMIN_URL },
  },
});
const whole = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive whole number, got "${values[name]}"`);
  return n;
};
const kind = values.store;
if (kind !== 'sqlite' && kind !== 'postgres') usage('--store must be sqlite or postgres');
const totalKills = whole('kills');
const articles = whole('articles');
const batchSize = whole('batch-size');
const killsPerRound = whole('kills-per-round');
const seed = whole('seed');

const work = mkdtempSync(join(tmpdir(), 'eventwire-crash-soak-'));
const random = seededRandom(seed);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const tally = {
  landed: 0,
  endedFirst: 0,
  byMoment: new Map<KillMoment, number>(KILL_MOMENTS.map((m) => [m, 0])),
  midMigration: 0,
  midIngest: 0,
  checks: 0,
  checksPassed: 0,
  rounds: 0,
  roundsVerified: 0,
};

function reportKill(record: KillRecord, killNumber: number, round: number, latest: number): void {
  tally.checks++;
  if (record.problems.length === 0) tally.checksPassed++;
  if (record.run.killed) {
    tally.landed++;
    tally.byMoment.set(record.plan!.moment, tally.byMoment.get(record.plan!.moment)! + 1);
    if (record.schemaVersion < latest) tally.midMigration++;
    if (record.stored > 0 && record.stored < articles) tally.midIngest++;
  } else {
    tally.endedFirst++;
  }
  const outcome = record.run.killed ? `killed at ${seconds(record.run.ms)}` : `ended by itself (status ${record.run.status}) at ${seconds(record.run.ms)}`;
  const verdict = record.problems.length === 0 ? 'consistent' : `PROBLEMS:\n    ${record.problems.join('\n    ')}`;
  console.log(`kill ${String(killNumber).padStart(4)}  round ${round}  ${describePlan(record.plan!).padEnd(28)} ${outcome}; then ${record.stored}/${articles} stored, schema ${record.schemaVersion}/${latest}: ${verdict}`);
}

function reportRound(report: RoundReport, round: number, ms: number): void {
  tally.rounds++;
  tally.checks++;
  const { final } = report;
  if (final.problems.length === 0) {
    tally.checksPassed++;
    tally.roundsVerified++;
  }
  const verdict = final.problems.length === 0 ? 'every article stored exactly once, spans and connections as an uninterrupted ingest stores them' : `PROBLEMS:\n    ${final.problems.join('\n    ')}`;
  console.log(`round ${round}: run to the end in ${seconds(final.run.ms)}: ${final.stored}/${articles} stored: ${verdict} (round ${seconds(ms)})`);
}

async function withStore<T>(use: (store: CrashStore) => Promise<T>): Promise<T> {
  if (kind === 'postgres') {
    return withPostgresDatabase(values.postgres!, async (url) => {
      const store = await postgresCrashStore(url);
      try {
        return await use(store);
      } finally {
        await store.close();
      }
    });
  }
  const store = sqliteCrashStore(join(mkdtempSync(join(work, 'round-')), 'store.db'));
  return use(store);
}

try {
  const started = performance.now();
  console.log(`crash soak: ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${totalKills} kills, ${articles} articles in batches of ${batchSize}, ${killsPerRound} kills a round, seed ${seed}`);
  const corpus = await writeCrashCorpus(join(work, 'corpus'), articles, seed);
  const reference = await referenceIngest(CLI, corpus, batchSize, work);
  console.log(`reference: an uninterrupted ingest stored all ${articles} articles consistently`);
  for (let round = 1; tally.landed < totalKills; round++) {
    const roundStarted = performance.now();
    const killsBefore = tally.landed + tally.endedFirst;
    const report = await withStore(async (store) => {
      if (round === 1) console.log(`the database's own check: ${store.integrityCheck}`);
      const latest = (await store.inspect()).latestSchemaVersion;
      return crashRound(store, {
        cli: CLI,
        corpus,
        batchSize,
        kills: Math.min(killsPerRound, totalKills - tally.landed),
        random,
        reference,
        onKill: (record, i) => reportKill(record, killsBefore + i + 1, round, latest),
      });
    });
    reportRound(report, round, performance.now() - roundStarted);
  }
  const moments = [...tally.byMoment].map(([moment, n]) => `${moment} ${n}`).join(', ');
  const failed = tally.checksPassed < tally.checks;
  console.log(`
${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} in ${seconds(performance.now() - started)}:
  kills landed: ${tally.landed} (${moments}); ${tally.midMigration} found the schema part-migrated, ${tally.midIngest} found the ingest part-done
  runs that ended before their kill: ${tally.endedFirst}
  consistency checks passed: ${tally.checksPassed} of ${tally.checks} (after every kill, and after every run to the end)
  rounds run to the end and verified exactly-once: ${tally.roundsVerified} of ${tally.rounds}
${failed ? 'FAILED: see the PROBLEMS above' : `${tally.landed} crashes survived with nothing lost`}`);
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
