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
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { buildApiBenchStore, databaseExists, DEFAULT_POOL_SIZE, removeDatabase, type BuildReport } from './api-latency-store.js';

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

/** dist/bench/api-latency.js → dist/src/cli/main.js: the CLI as `npx eventwire` runs it. */
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** Generous: a slow query should be measured, not cut off as an error. */
const REQUEST_TIMEOUT_SECONDS = 30;
const SERVER_START_TIMEOUT_MS = 120_000;
/** Sequential requests per query in the per-query pass; their median is reported. */
const PROFILE_REPEATS = 3;

// ---------------------------------------------------------------------------------------------------------
// Query mixes: what a reader of the API would ask. The store's outlets, countries and dates are those
// `api-latency-store.ts` gives its copies; the words come from the generator's templates.

const SEARCH_LIMIT = 20;
const EVENT_LIMIT = 50;

/** [q, outlet?]: single common and rare words, phrases, AND / OR / NOT, prefixes, some within one outlet. */
const SEARCHES: readonly (readonly [string, string?])[] = [
  ['talks'],
  ['minister'],
  ['sanctions'],
  ['ceasefire'],
  ['negotiators'],
  ['border'],
  ['Reykjavik'],
  ['hotline'],
  ['interpreters'],
  ['Quarrington'],
  ['xylophone'], // no article has it
  ['"grain export corridor"'],
  ['"nuclear inspections"'],
  ['"joint statement"'],
  ['"a step in the right direction"'],
  ['ceasefire AND Geneva'],
  ['Valdorian OR Estravian'],
  ['sanctions NOT relief'],
  ['(pipeline OR corridor) AND fees'],
  ['Marchetti AND Oslo'],
  ['negotiat*'], // 0 hits: the porter-stemmed index holds "negoti", which this prefix does not match
  ['negot*'],
  ['sanction*'],
  ['diplom*'],
  ['Kaskar*'],
  ['talks', 'Lanternfish Wire'],
  ['"joint statement"', 'Granite Standard'],
  ['ceasefire', 'Kingsbury Observer'],
  ['protest*', 'The Meridian Post'],
  ['Valdoria AND refugees', 'Tidelines Asia'],
  ['"prisoner swap" OR "prisoners held"', 'Harbor Light Times'],
];

/** Searches narrowed the way the web app narrows them: by publication dates and by the events the articles hold. */
const FILTERED_SEARCHES: readonly (readonly [string, Record<string, string>])[] = [
  ['sanctions', { from: '2024-01-01', to: '2024-03-31' }],
  ['ceasefire', { plover: 'PROTEST' }],
  ['"joint statement"', { code: '04', from: '2023-07', to: '2023-12' }],
];

/** Event filters: actor pairs, one actor, CAMEO codes, PLOVER categories, quad classes, dates, outlets, combined. */
const EVENT_FILTERS: readonly Record<string, string>[] = [
  {},
  { source: 'USA', target: 'PRK' },
  { source: 'CHN', target: 'USA' },
  { source: 'RUS', target: 'UKR' },
  { source: 'PRK' },
  { target: 'IRN' },
  { actor: 'USA' },
  { actor: 'RUS' },
  { actor: 'VEN' },
  { actor: 'USAGOV' },
  { code: '04' },
  { code: '042' },
  { code: '141' },
  { code: '19' },
  { plover: 'CONSULT' },
  { plover: 'PROTEST' },
  { plover: 'ACCUSE' },
  { plover: 'ASSAULT' },
  { quadClass: '1' },
  { quadClass: '4' },
  { from: '2024-03-01', to: '2024-03-31' },
  { from: '2023-06', to: '2023-06' },
  { from: '2024-10-01' },
  { outlet: 'Lanternfish Wire' },
  { outlet: 'Kingsbury Observer' },
  { entity: 'place/nairobi' },
  { entity: 'country/SGP', plover: 'CONSULT' },
  { actor: 'USA', code: '04', from: '2024-01-01', to: '2024-06-30' },
  { source: 'RUS', target: 'UKR', quadClass: '4' },
  { plover: 'PROTEST', outlet: 'The Meridian Post' },
  { actor: 'IRN', from: '2023-01-01', to: '2023-12-31' },
  { code: '042', outlet: 'Granite Standard', from: '2024-05-01', to: '2024-05-31' },
];

interface QueryMix {
  name: string;
  paths: string[];
}

function queryMixes(): QueryMix[] {
  const path = (route: string, params: Record<string, string>): string => `${route}?${new URLSearchParams(params)}`;
  return [
    {
      name: 'search',
      paths: [
        ...SEARCHES.map(([q, outlet]) => path('/api/search', { q, ...(outlet ? { outlet } : {}), limit: String(SEARCH_LIMIT) })),
        ...FILTERED_SEARCHES.map(([q, filters]) => path('/api/search', { q, ...filters, limit: String(SEARCH_LIMIT) })),
      ],
    },
    { name: 'events', paths: EVENT_FILTERS.map((filters) => path('/api/events', { ...filters, limit: String(EVENT_LIMIT) })) },
  ];
}

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
// The store

interface StoreSize {
  path: string;
  articles: number;
  events: number;
  /** The database file with its WAL. */
  bytes: number;
}

function measureStore(dbPath: string): StoreSize {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string): number => (db.prepare<[], { n: number }>(sql).get()?.n ?? 0);
    const fileSize = (path: string): number => {
      try {
        return statSync(path).size;
      } catch {
        return 0;
      }
    };
    return {
      path: dbPath,
      articles: count('SELECT count(*) AS n FROM articles'),
      events: count('SELECT count(*) AS n FROM event_index'),
      bytes: fileSize(dbPath) + fileSize(`${dbPath}-wal`),
    };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The server, a separate process

interface ServerProcess {
  url: string;
  pid: number;
  /** From spawning to the first answer of GET /api/stats. */
  startSeconds: number;
  /** The first GET /api/stats alone (it scans every span of the store). */
  firstStatsMs: number;
  /** SIGTERM, then SIGKILL after `graceMs` (the server's own shutdown waits for open keep-alive connections). */
  stop(graceMs?: number): Promise<void>;
}

async function startServer(dbPath: string, log: (line: string) => void): Promise<ServerProcess> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever happens to this process, the server goes with it.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    // The server logs unexpected errors there: shown as they come, since they would explain any 500s.
    for (const line of chunk.split('\n')) if (line.trim()) log(`  [server] ${line}`);
  });
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    process.removeListener('exit', killOnExit);
  };

  try {
    const url = await serverAddress(child, () => stderr);
    log(`server (pid ${child.pid}) listening on ${url}; waiting for GET /api/stats ...`);
    const firstStatsMs = await waitForStats(url, child);
    return { url, pid: child.pid!, startSeconds: (performance.now() - t0) / 1000, firstStatsMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The address `eventwire serve` prints once it listens ("eventwire API on http://127.0.0.1:PORT ..."). */
function serverAddress(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the server printed no address within ${SERVER_START_TIMEOUT_MS / 1000} s`)), SERVER_START_TIMEOUT_MS);
    const onData = (chunk: string): void => {
      stdout += chunk;
      const address = /eventwire API on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (address) finish(() => resolve(address));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`the server exited (${signal ?? `code ${code}`}) before listening: ${stderr().trim() || stdout.trim() || 'no output'}`));
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error: Error): void => finish(() => reject(error));
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', onExit);
  });
}

/** Polls GET /api/stats until it answers 200; returns how long the answer took. */
async function waitForStats(url: string, child: ChildProcess): Promise<number> {
  const deadline = performance.now() + SERVER_START_TIMEOUT_MS;
  let lastError = 'no answer';
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the server exited while starting');
    const t0 = performance.now();
    try {
      const response = await fetch(`${url}/api/stats`);
      await response.arrayBuffer();
      if (response.ok) return performance.now() - t0;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`GET /api/stats did not answer 200 within ${SERVER_START_TIMEOUT_MS / 1000} s (${lastError})`);
}

/** Peak and current resident memory of a process, in MiB, from /proc (Linux); undefined elsewhere. */
function residentMemory(pid: number): { peakMiB: number; currentMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const peak = kib('VmHWM');
    const current = kib('VmRSS');
    return Number.isNaN(peak) ? undefined : { peakMiB: peak / 1024, currentMiB: current / 1024 };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Load, with autocannon (no type declarations ship with it: the part used here is typed below)

interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (request: AutocannonRequest, context: object) => AutocannonRequest;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}

type Autocannon = (
  options: { url: string; connections: number; duration: number; timeout: number; requests: AutocannonRequest[] },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface RunResult {
  mix: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
}

/** Runs the mix's paths round-robin across all connections for `seconds`, timing every response. */
function runLoad(url: string, mix: QueryMix, connections: number, seconds: number): Promise<RunResult> {
  let next = 0;
  const setupRequest = (request: AutocannonRequest): AutocannonRequest => ({ ...request, method: 'GET', path: mix.paths[next++ % mix.paths.length]! });
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, timeout: REQUEST_TIMEOUT_SECONDS, requests: [{ setupRequest }] },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          mix: mix.name,
          connections,
          seconds: result.duration,
          requests: sorted.length,
          requestsPerSecond: sorted.length / result.duration,
          p50Ms: percentile(sorted, 50),
          p95Ms: percentile(sorted, 95),
          p99Ms: percentile(sorted, 99),
          maxMs: sorted.at(-1) ?? NaN,
          errors: result.errors,
          non2xx: result.non2xx,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  });
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
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

/** Columns padded to their widest cell; numbers right-aligned, the last column left as is. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.,-]+$|^NaN$/.test(r[i]!)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);

  let build: BuildReport | undefined;
  if (options.rebuild || !databaseExists(options.db)) {
    if (options.rebuild) removeDatabase(options.db);
    log(`building a store of ${options.articles.toLocaleString('en-US')} articles at ${options.db}`);
    build = await buildApiBenchStore(options.db, { articles: options.articles, poolSize: Math.min(options.pool, options.articles), log });
  } else {
    log(`reusing the store at ${options.db} (--rebuild builds it again)`);
  }
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
        await runLoad(server.url, mix, Math.max(...options.connections), options.warmup);
      }
      queries.push(...(await profileQueries(server.url, mix)));
      for (const connections of options.connections) {
        log(`${mix.name}: ${connections} connection(s) for ${options.seconds} s`);
        const run = await runLoad(server.url, mix, connections, options.seconds);
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
