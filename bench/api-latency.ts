/**
 * Latency of the HTTP API's search and event queries on a large store: `npm run bench:api` (after a build,
 * `node dist/bench/api-latency.js [options]`). The target is p95 < 100 ms on a 100,000-article store.
 *
 * 1. Builds the store (`bench/api-latency-store.ts`: copies of a pool of generated articles analysed by the real
 *    pipeline), or reuses one built before: `$TMPDIR/eventwire-bench-api-<N>.db`, or `--db PATH`.
 * 2. Starts `eventwire serve` on it as a separate process, on a free loopback port.
 * 3. Loads it from this process with autocannon: each query mix (realistic searches; realistic event filters) in
 *    turn, after a warm-up, for a fixed time at each number of connections.
 * 4. Prints requests/s and p50/p95/p99/max latency per mix and connections (`--json` for JSON), each query's own
 *    median latency and hit count, the store's size and the server's peak resident memory.
 *
 * A benchmark, not a test: it asserts nothing, and exits non-zero only when it cannot set up (build the store,
 * start the server). The server is stopped on the way out, errors and Ctrl-C included.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchStore, log, measureStore, optionsOrExit, queryMixes, runLoad, startServer, summarize, table, type LatencySummary, type QueryMix, type StoreSize } from './api-load.js';
import { residentMemory } from './measure.js';
import { DEFAULT_POOL_SIZE, type BuildReport } from './api-latency-store.js';

const USAGE = `usage: node dist/bench/api-latency.js [options]
  --articles N       articles in the store to build (default 100000)
  --db PATH          the store to query: reused when it exists, built there otherwise
                     (default $TMPDIR/eventwire-bench-api-<N>.db, reused when present)
  --rebuild          build the store again even when it exists
  --pool N           generated articles analysed by the full pipeline, then copied (default ${DEFAULT_POOL_SIZE})
  --seconds S        duration of each measured run (default 20)
  --warmup S         warm-up before each mix, not measured (default 5)
  --connections L    comma-separated connection counts, each a run (default 1,10)
  --json             print the results as JSON on stdout (progress stays on stderr)`;

/** Sequential requests per query in the per-query pass; their median is reported. */
const PROFILE_REPEATS = 3;

// ---------------------------------------------------------------------------------------------------------
// Options

interface Options {
  articles: number;
  db: string;
  rebuild: boolean;
  pool: number;
  seconds: number;
  warmup: number;
  connections: number[];
  json: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '100000' },
      db: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      pool: { type: 'string', default: String(DEFAULT_POOL_SIZE) },
      seconds: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '5' },
      connections: { type: 'string', default: '1,10' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const whole = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${value}"`);
    return n;
  };
  const articles = whole('articles', values.articles, 1);
  const connections = values.connections.split(',').map((c) => whole('connections', c.trim(), 1));
  return {
    articles,
    db: values.db ?? join(tmpdir(), `eventwire-bench-api-${articles}.db`),
    rebuild: values.rebuild,
    pool: whole('pool', values.pool, 1),
    seconds: whole('seconds', values.seconds, 1),
    warmup: whole('warmup', values.warmup, 0),
    connections,
    json: values.json,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Load

interface RunResult extends LatencySummary {
  mix: string;
  connections: number;
}

/** Runs the mix's paths round-robin across all connections for `seconds`, timing every response. */
async function runMix(url: string, mix: QueryMix, connections: number, seconds: number): Promise<RunResult> {
  let next = 0;
  const result = await runLoad(url, () => ({ method: 'GET', path: mix.paths[next++ % mix.paths.length]! }), connections, seconds);
  return { mix: mix.name, connections, ...summarize(result) };
}

interface QueryProfile {
  mix: string;
  path: string;
  status: number;
  /** Items in the answer (at most the limit). */
  items: number;
  medianMs: number;
}

/** Each query alone, a few times in a row, on a warm server: which queries make the tail. */
async function profileQueries(url: string, mix: QueryMix): Promise<QueryProfile[]> {
  const profiles: QueryProfile[] = [];
  for (const path of mix.paths) {
    const times: number[] = [];
    let status = 0;
    let items = 0;
    for (let i = 0; i < PROFILE_REPEATS; i++) {
      const t0 = performance.now();
      const response = await fetch(`${url}${path}`);
      const body = await response.text();
      times.push(performance.now() - t0);
      status = response.status;
      if (response.ok) items = (JSON.parse(body) as { items: unknown[] }).items.length;
    }
    times.sort((a, b) => a - b);
    profiles.push({ mix: mix.name, path, status, items, medianMs: times[Math.floor(times.length / 2)]! });
  }
  return profiles;
}

// ---------------------------------------------------------------------------------------------------------
// Report

interface Report {
  store: StoreSize & { build?: BuildReport };
  server: { startSeconds: number; firstStatsMs: number; peakRssMiB?: number; rssAtEndMiB?: number };
  runs: RunResult[];
  queries: QueryProfile[];
}

function printReport(report: Report): void {
  const { store, server } = report;
  const out: string[] = [];
  const n = (x: number): string => x.toLocaleString('en-US');
  const ms = (x: number): string => x.toFixed(1);
  out.push('');
  out.push(`store: ${store.path}`);
  out.push(`  ${n(store.articles)} articles, ${n(store.events)} events, ${(store.bytes / 2 ** 30).toFixed(2)} GiB`);
  if (store.build) {
    const b = store.build;
    out.push(`  built in ${(b.analyseSeconds + b.ingestSeconds).toFixed(0)} s: pool of ${n(b.poolSize)} analysed in ${b.analyseSeconds.toFixed(0)} s, ` +
      `${n(b.articles)} copies stored in ${b.ingestSeconds.toFixed(0)} s (${n(Math.round(b.articles / b.ingestSeconds))}/s)`);
  }
  out.push(`server: ready in ${server.startSeconds.toFixed(1)} s (first GET /api/stats ${ms(server.firstStatsMs)} ms)` +
    (server.peakRssMiB !== undefined ? `, peak RSS ${server.peakRssMiB.toFixed(0)} MiB (${server.rssAtEndMiB?.toFixed(0)} MiB at the end)` : ''));
  out.push('');
  const header = ['mix', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx'];
  const rows = report.runs.map((r) => [r.mix, String(r.connections), r.requestsPerSecond.toFixed(1), ms(r.p50Ms), ms(r.p95Ms), ms(r.p99Ms), ms(r.maxMs), String(r.errors), String(r.non2xx)]);
  out.push(...table(header, rows));
  out.push('');
  out.push(`each query alone (median of ${PROFILE_REPEATS} sequential requests), slowest first:`);
  const queries = [...report.queries].sort((a, b) => b.medianMs - a.medianMs);
  out.push(...table(['mix', 'median ms', 'status', 'items', 'query'], queries.map((q) => [q.mix, ms(q.medianMs), String(q.status), String(q.items), decodeURIComponent(q.path.replace(/\+/g, ' '))])));
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = optionsOrExit(parseOptions, USAGE);
  const build = await benchStore(options.db, { articles: options.articles, pool: options.pool, rebuild: options.rebuild });
  const store = measureStore(options.db);

  const server = await startServer(options.db, log);
  // Ctrl-C: stop the server before going; autocannon's connections are still open, so do not wait long for them.
  const interrupt = (): void => void server.stop(500).finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const runs: RunResult[] = [];
  const queries: QueryProfile[] = [];
  let memory: ReturnType<typeof residentMemory>;
  try {
    for (const mix of queryMixes()) {
      if (options.warmup > 0) {
        log(`${mix.name}: warming up for ${options.warmup} s`);
        await runMix(server.url, mix, Math.max(...options.connections), options.warmup);
      }
      queries.push(...(await profileQueries(server.url, mix)));
      for (const connections of options.connections) {
        log(`${mix.name}: ${connections} connection(s) for ${options.seconds} s`);
        const run = await runMix(server.url, mix, connections, options.seconds);
        log(`  ${run.requestsPerSecond.toFixed(1)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p95 ${run.p95Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms`);
        runs.push(run);
      }
    }
    memory = residentMemory(server.pid);
  } finally {
    await server.stop();
  }

  const report: Report = {
    store: { ...store, ...(build ? { build } : {}) },
    server: {
      startSeconds: server.startSeconds,
      firstStatsMs: server.firstStatsMs,
      ...(memory ? { peakRssMiB: memory.peakMiB, rssAtEndMiB: memory.currentMiB } : {}),
    },
    runs,
    queries,
  };
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
}

main().catch((error: unknown) => {
  process.stderr.write(`api-latency: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
