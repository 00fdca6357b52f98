/**
 * What the HTTP API benchmarks share (`api-latency.ts`, `load-soak.ts`): the query mixes a reader of the API
 * would send, the store's size, `eventwire serve` as a separate process on a free loopback port, its resident
 * memory, load with autocannon timing every response, and plain-text tables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildApiBenchStore, databaseExists, DEFAULT_POOL_SIZE, removeDatabase, type BuildReport } from './api-latency-store.js';

/** dist/bench/api-load.js → dist/src/cli/main.js: the CLI as `npx eventwire` runs it. */
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** Generous: a slow request should be measured, not cut off as an error. */
export const REQUEST_TIMEOUT_SECONDS = 30;
const SERVER_START_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------------------
// Query mixes: what a reader of the API would ask. The store's outlets, countries and dates are those
// `api-latency-store.ts` gives its copies; the words come from the generator's templates.

export const SEARCH_LIMIT = 20;
export const EVENT_LIMIT = 50;

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

export interface QueryMix {
  name: string;
  paths: string[];
}

export function queryMixes(): QueryMix[] {
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
// The store

export interface StoreSize {
  path: string;
  articles: number;
  events: number;
  /** The database file with its WAL. */
  bytes: number;
}

export function measureStore(dbPath: string): StoreSize {
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

export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawning to the first answer of GET /api/stats. */
  startSeconds: number;
  /** The first GET /api/stats alone (it scans every span of the store). */
  firstStatsMs: number;
  /** SIGTERM, then SIGKILL after `graceMs` (the server's own shutdown waits for open keep-alive connections). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `eventwire serve` on the store, on a free loopback port, without a rate limit: every request of a
 * benchmark comes from one address, which the limit is there to slow down. `serveArgs` go after these.
 */
export async function startServer(dbPath: string, log: (line: string) => void, serveArgs: readonly string[] = []): Promise<ServerProcess> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--host', '127.0.0.1', '--port', '0', '--rate-limit', '0', ...serveArgs], {
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


// ---------------------------------------------------------------------------------------------------------
// Load, with autocannon (no type declarations ship with it: the part used here is typed below)

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest, context: object) => AutocannonRequest;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
  stop(): void;
}

type Autocannon = (
  options: { url: string; connections: number; duration: number; timeout: number; requests: AutocannonRequest[] },
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  seconds: number;
  /** Every response's latency, in the order they came. */
  latencies: number[];
  /** Responses by status code. */
  statuses: Map<number, number>;
  /** Connection errors and timeouts (autocannon counts timeouts among errors). */
  errors: number;
  timeouts: number;
}

/**
 * `connections` connections, each sending the next request `next` makes as soon as its last one is answered,
 * for `seconds`. `running` receives the instance, so a caller can stop it early.
 */
export function runLoad(url: string, next: () => LoadRequest, connections: number, seconds: number, running?: (stop: () => void) => void): Promise<LoadResult> {
  const setupRequest = (request: AutocannonRequest): AutocannonRequest => ({ ...request, ...next() });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, timeout: REQUEST_TIMEOUT_SECONDS, requests: [{ setupRequest }] }, (error, result) => {
      if (error) return reject(error);
      resolve({ seconds: result.duration, latencies, statuses, errors: result.errors, timeouts: result.timeouts });
    });
    instance.on('response', (_client, status, _bytes, responseTimeMs) => {
      latencies.push(responseTimeMs);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    running?.(() => instance.stop());
  });
}

export interface LatencySummary {
  /** Seconds under load. */
  seconds: number;
  /** Answers received. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  /** Answers with a status outside 200-299. */
  non2xx: number;
}

/** Requests a second, latency percentiles and failures of a run (or of runs added up). */
export function summarize(result: LoadResult): LatencySummary {
  const sorted = Float64Array.from(result.latencies).sort();
  let non2xx = 0;
  for (const [status, count] of result.statuses) if (status < 200 || status > 299) non2xx += count;
  return {
    seconds: result.seconds,
    requests: sorted.length,
    requestsPerSecond: sorted.length / result.seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Columns padded to their widest cell; numbers right-aligned, the last column left as is. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.every((r) => /^[\d.,-]+$|^NaN$/.test(r[i]!)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

// ---------------------------------------------------------------------------------------------------------
// Setting up

/** The options `parse` reads from the command line; on a usage error, the message and the usage, and exit 2. */
export function optionsOrExit<T>(parse: (argv: string[]) => T, usage: string): T {
  try {
    return parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

/** Progress, on stderr (stdout has the report). */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The bench store at `db`: built when missing (or when `rebuild`), reused otherwise. Returns the build's report. */
export async function benchStore(db: string, options: { articles: number; pool?: number; rebuild?: boolean }): Promise<BuildReport | undefined> {
  if (!options.rebuild && databaseExists(db)) {
    log(`reusing the store at ${db}${options.rebuild === undefined ? '' : ' (--rebuild builds it again)'}`);
    return undefined;
  }
  removeDatabase(db);
  log(`building a store of ${options.articles.toLocaleString('en-US')} articles at ${db}`);
  return buildApiBenchStore(db, { articles: options.articles, poolSize: Math.min(options.pool ?? DEFAULT_POOL_SIZE, options.articles), log });
}
