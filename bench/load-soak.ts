/**
 * Load and soak of the HTTP API: `node dist/bench/load-soak.js [options]` after `npm run build`.
 *
 * 1. Builds a store of generated articles (`bench/api-latency-store.ts`, 10,000 by default) or reuses the one
 *    built before, and copies it: ingest writes to the copy, so every run starts from the same store.
 * 2. Starts `eventwire serve` on the copy as a separate process, on a free loopback port, without a rate limit
 *    (all load comes from this one address).
 * 3. Warms up: each route briefly, and one ingest job waited for, so that the analysis tools are loaded.
 * 4. Soaks for `--minutes`: 50 connections from this process with autocannon, the routes taking turns in
 *    slices of `--slice` seconds — searches, event queries, and ingest (one generated article a POST) — while
 *    the server's resident memory is sampled every `--sample` seconds.
 * 5. Prints requests/s, p50/p95/p99/max latency, errors, timeouts and non-2xx answers per route, the memory
 *    samples' summary, the growth from the soak's first minute to its last and the trend over its second half
 *    (a plateau reached after the heaps have grown to their working size, or a leak), and writes it all as JSON.
 *
 * Ingest answers 202 while the server's ingest queue has room and 503 (with Retry-After) once it is full: the
 * pipeline analyses a few dozen articles a second, far fewer than 50 connections can post. Both are expected;
 * the report counts them apart, with the articles the server actually stored during the soak.
 *
 * A benchmark, not a test: it asserts nothing, and exits non-zero only when it cannot set up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { benchStore, log, measureStore, optionsOrExit, queryMixes, runLoad, startServer, summarize, table, type LatencySummary, type LoadRequest, type LoadResult, type ServerProcess } from './api-load.js';
import { residentMemory } from './measure.js';
import { removeDatabase } from './api-latency-store.js';
import { generateArticles } from './generate-corpus.js';
import { countStored } from './stored-articles.js';

const USAGE = `usage: node dist/bench/load-soak.js [options]
  --minutes N       length of the soak (default 10)
  --articles N      articles in the store (default 10000)
  --db PATH         the base store, reused when it exists and built there otherwise
                    (default $TMPDIR/eventwire-bench-api-<N>.db, as bench:api names it); the soak runs on a copy
  --connections N   concurrent connections (default 50)
  --slice S         seconds each route is loaded before the next takes its turn (default 10)
  --sample S        seconds between samples of the server's resident memory (default 5)
  --warmup S        seconds of load on each route before the soak, not measured (default 5)
  --routes LIST     the routes loaded, in turn: any of search, events, ingest, comma-separated (default all three);
                    without ingest the store does not grow, which separates the readers' memory from the pipeline's
  --out PATH        the JSON report (default bench/out/load-soak-<time>.json)`;

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Articles the ingest route posts come from the generator with another seed than the store's. */
const INGEST_SEED = 9_001;
/** The warm-up's ingest job must finish (tools loaded) within this time. */
const WARMUP_JOB_TIMEOUT_MS = 180_000;

type Route = 'search' | 'events' | 'ingest';
const ROUTES: readonly Route[] = ['search', 'events', 'ingest'];

interface Options {
  minutes: number;
  articles: number;
  db: string;
  connections: number;
  slice: number;
  sample: number;
  warmup: number;
  routes: Route[];
  out: string;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '10' },
      articles: { type: 'string', default: '10000' },
      db: { type: 'string' },
      connections: { type: 'string', default: '50' },
      slice: { type: 'string', default: '10' },
      sample: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '5' },
      routes: { type: 'string', default: ROUTES.join(',') },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number of at least ${min}, got "${value}"`);
    return n;
  };
  const articles = Math.round(number('articles', values.articles, 1));
  const routes = values.routes.split(',').map((r) => r.trim()).filter(Boolean);
  for (const route of routes) if (!(ROUTES as readonly string[]).includes(route)) throw new UsageError(`--routes takes ${ROUTES.join(', ')}; got "${route}"`);
  if (routes.length === 0) throw new UsageError('--routes needs at least one route');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    minutes: number('minutes', values.minutes, 0.1),
    articles,
    db: values.db ?? join(tmpdir(), `eventwire-bench-api-${articles}.db`),
    connections: Math.round(number('connections', values.connections, 1)),
    slice: number('slice', values.slice, 1),
    sample: number('sample', values.sample, 0.5),
    warmup: number('warmup', values.warmup, 0),
    routes: [...new Set(routes)] as Route[],
    out: values.out ?? join(PACKAGE_ROOT, 'bench', 'out', `load-soak-${stamp}.json`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// What each route is sent

/** The next request of each route: the API bench's search and event mixes in turn, and a new article a POST. */
function requestMakers(): Record<Route, () => LoadRequest> {
  const mixes = queryMixes();
  const paths = (name: string): string[] => mixes.find((mix) => mix.name === name)!.paths;
  const cycle = (list: string[]) => {
    let next = 0;
    return (): LoadRequest => ({ method: 'GET', path: list[next++ % list.length]! });
  };
  const articles = generateArticles(Number.MAX_SAFE_INTEGER, INGEST_SEED);
  let posted = 0;
  const ingest = (): LoadRequest => {
    const article = articles.next().value!;
    posted++;
    const body = JSON.stringify({
      articles: [{ text: article.text, title: article.title, outlet: article.outlet, published: article.published, url: `https://soak.example/${posted}` }],
    });
    return { method: 'POST', path: '/api/ingest', body, headers: { 'content-type': 'application/json' } };
  };
  return { search: cycle(paths('search')), events: cycle(paths('events')), ingest };
}

/** Posts one article and waits for its job: the first job loads the pipeline's tools. */
async function ingestOnce(url: string, request: LoadRequest): Promise<string> {
  const response = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers!, body: request.body! });
  if (response.status !== 202) throw new Error(`the warm-up ingest got ${response.status}: ${await response.text()}`);
  const { job } = (await response.json()) as { job: string };
  const deadline = performance.now() + WARMUP_JOB_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const state = ((await (await fetch(`${url}/api/ingest/${job}`)).json()) as { state: string }).state;
    if (state === 'done' || state === 'failed') return state;
    await sleep(250);
  }
  throw new Error(`the warm-up ingest job did not finish within ${WARMUP_JOB_TIMEOUT_MS / 1000} s`);
}

// ---------------------------------------------------------------------------------------------------------
// The soak

interface MemorySample {
  /** Seconds since the soak began. */
  at: number;
  rssMiB: number;
  route: Route;
}

interface Soak {
  seconds: number;
  routes: Record<Route, LoadResult>;
  memory: MemorySample[];
}

async function soak(server: ServerProcess, options: Options, next: Record<Route, () => LoadRequest>): Promise<Soak> {
  const empty = (): LoadResult => ({ seconds: 0, latencies: [], statuses: new Map(), errors: 0, timeouts: 0 });
  const routes: Record<Route, LoadResult> = { search: empty(), events: empty(), ingest: empty() };
  const memory: MemorySample[] = [];
  const total = options.minutes * 60;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  let route: Route = options.routes[0]!;
  const sampler = setInterval(() => {
    const rss = residentMemory(server.pid);
    if (rss) memory.push({ at: elapsed(), rssMiB: rss.currentMiB, route });
  }, options.sample * 1000);
  try {
    for (let turn = 0; elapsed() < total; turn++) {
      route = options.routes[turn % options.routes.length]!;
      const seconds = Math.max(1, Math.min(options.slice, Math.round(total - elapsed())));
      const slice = await runLoad(server.url, next[route], options.connections, seconds);
      add(routes[route], slice);
      const s = summarize(slice);
      const rss = memory.at(-1)?.rssMiB;
      log(
        `  ${(elapsed() / 60).toFixed(1)} min, ${route}: ${s.requestsPerSecond.toFixed(1)} req/s, p50 ${s.p50Ms.toFixed(0)} ms, p95 ${s.p95Ms.toFixed(0)} ms` +
          (s.non2xx + s.errors > 0 ? `, ${s.non2xx} non-2xx, ${s.errors} errors` : '') +
          (rss ? `; RSS ${rss.toFixed(0)} MiB` : ''),
      );
    }
  } finally {
    clearInterval(sampler);
  }
  return { seconds: elapsed(), routes, memory };
}

function add(totals: LoadResult, result: LoadResult): void {
  totals.seconds += result.seconds;
  for (const latency of result.latencies) totals.latencies.push(latency);
  for (const [status, count] of result.statuses) totals.statuses.set(status, (totals.statuses.get(status) ?? 0) + count);
  totals.errors += result.errors;
  totals.timeouts += result.timeouts;
}

// ---------------------------------------------------------------------------------------------------------
// Report

interface RouteReport extends LatencySummary {
  route: Route;
  /** Answers by status code. */
  statuses: Record<string, number>;
}

interface MemoryReport {
  samples: MemorySample[];
  minMiB: number;
  maxMiB: number;
  /** Seconds at the start and at the end of the soak whose samples are compared: a minute, or a quarter of a shorter soak. */
  windowSeconds: number;
  firstWindowMiB: number;
  lastWindowMiB: number;
  growthMiB: number;
  /**
   * The least-squares trend of the samples over the soak's second half, in MiB across that half: the first
   * minutes include the heaps growing to the size the load keeps them at, so this tells a plateau from a leak.
   */
  secondHalfTrendMiB: number;
  peakMiB?: number;
}

interface Report {
  command: string;
  started: string;
  loadAverage: number[];
  options: Options;
  store: ReturnType<typeof measureStore>;
  server: { startSeconds: number };
  soakSeconds: number;
  routes: RouteReport[];
  ingest: { accepted: number; refusedQueueFull: number; storedDuringSoak: number; storedPerSecond: number };
  memory: MemoryReport;
}

function routeReport(route: Route, totals: LoadResult): RouteReport {
  const statuses = Object.fromEntries([...totals.statuses].sort(([a], [b]) => a - b).map(([status, count]) => [String(status), count]));
  return { route, ...summarize(totals), statuses };
}

function memoryReport(samples: MemorySample[], soakSeconds: number, peakMiB: number | undefined): MemoryReport {
  const windowSeconds = Math.min(60, soakSeconds / 4);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(samples.filter((s) => s.at <= windowSeconds).map((s) => s.rssMiB));
  const last = mean(samples.filter((s) => s.at >= soakSeconds - windowSeconds).map((s) => s.rssMiB));
  const rss = samples.map((s) => s.rssMiB);
  const half = samples.filter((s) => s.at >= soakSeconds / 2);
  return {
    samples,
    minMiB: Math.min(...rss),
    maxMiB: Math.max(...rss),
    windowSeconds,
    firstWindowMiB: first,
    lastWindowMiB: last,
    growthMiB: last - first,
    secondHalfTrendMiB: slopePerSecond(half.map((s) => [s.at, s.rssMiB])) * (soakSeconds / 2),
    ...(peakMiB !== undefined ? { peakMiB } : {}),
  };
}

/** Least-squares slope of y over x (0 for fewer than two points). */
function slopePerSecond(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

function printReport(report: Report): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  const ms = (x: number): string => x.toFixed(1);
  const out: string[] = [''];
  out.push(`store: ${n(report.store.articles)} articles, ${n(report.store.events)} events (a copy of ${report.options.db})`);
  out.push(
    `soak: ${(report.soakSeconds / 60).toFixed(1)} min, ${report.options.connections} connections, routes in turn for ${report.options.slice} s each; ` +
      `load average at the start ${report.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
  );
  out.push('');
  const header = ['route', 'seconds', 'answers', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'timeouts', 'non-2xx', 'statuses'];
  const rows = report.routes.map((r) => [
    r.route,
    r.seconds.toFixed(0),
    n(r.requests),
    r.requestsPerSecond.toFixed(1),
    ms(r.p50Ms),
    ms(r.p95Ms),
    ms(r.p99Ms),
    ms(r.maxMs),
    n(r.errors),
    n(r.timeouts),
    n(r.non2xx),
    Object.entries(r.statuses).map(([s, c]) => `${s}: ${n(c)}`).join(', '),
  ]);
  out.push(...table(header, rows));
  const ingest = report.ingest;
  out.push('');
  out.push(
    `ingest: ${n(ingest.accepted)} posts accepted (202), ${n(ingest.refusedQueueFull)} refused while the queue was full (503); ` +
      `${n(ingest.storedDuringSoak)} articles stored during the soak (${ingest.storedPerSecond.toFixed(1)}/s)`,
  );
  const m = report.memory;
  out.push(
    `server RSS: ${m.minMiB.toFixed(0)}–${m.maxMiB.toFixed(0)} MiB over ${m.samples.length} samples` +
      (m.peakMiB !== undefined ? ` (peak ${m.peakMiB.toFixed(0)} MiB)` : '') +
      `; mean of the first ${m.windowSeconds.toFixed(0)} s ${m.firstWindowMiB.toFixed(0)} MiB, of the last ${m.lastWindowMiB.toFixed(0)} MiB: ` +
      `growth ${m.growthMiB >= 0 ? '+' : ''}${m.growthMiB.toFixed(0)} MiB; ` +
      `trend over the second half ${m.secondHalfTrendMiB >= 0 ? '+' : ''}${m.secondHalfTrendMiB.toFixed(0)} MiB`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = optionsOrExit(parseOptions, USAGE);
  await benchStore(options.db, { articles: options.articles });
  const working = join(tmpdir(), `eventwire-load-soak-${process.pid}.db`);
  removeDatabase(working);
  const base = new Database(options.db, { readonly: true, fileMustExist: true });
  try {
    await base.backup(working);
  } finally {
    base.close();
  }
  const store = measureStore(working);

  const server = await startServer(working, log);
  const interrupt = (): void => void server.stop(500).finally(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const next = requestMakers();
  let result: Soak;
  let storedBefore: number;
  let storedAfter: number;
  const started = new Date().toISOString();
  const loadAverage = loadavg();
  let peakMiB: number | undefined;
  try {
    if (options.routes.includes('ingest')) {
      log('warming up: one ingest job (loads the analysis tools) ...');
      log(`  the job ${await ingestOnce(server.url, next.ingest())}`);
    }
    if (options.warmup > 0) {
      for (const route of options.routes) {
        log(`warming up ${route} for ${options.warmup} s`);
        await runLoad(server.url, next[route], options.connections, options.warmup);
      }
    }
    storedBefore = countStored(working);
    log(`soaking for ${options.minutes} min with ${options.connections} connections (load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')})`);
    result = await soak(server, options, next);
    storedAfter = countStored(working);
    peakMiB = residentMemory(server.pid)?.peakMiB;
  } finally {
    await server.stop();
    removeDatabase(working);
  }

  const ingestStatuses = result.routes.ingest.statuses;
  const report: Report = {
    command: `node dist/bench/load-soak.js ${process.argv.slice(2).join(' ')}`.trim(),
    started,
    loadAverage,
    options,
    store,
    server: { startSeconds: server.startSeconds },
    soakSeconds: result.seconds,
    routes: options.routes.map((route) => routeReport(route, result.routes[route])),
    ingest: {
      accepted: ingestStatuses.get(202) ?? 0,
      refusedQueueFull: ingestStatuses.get(503) ?? 0,
      storedDuringSoak: storedAfter - storedBefore,
      storedPerSecond: (storedAfter - storedBefore) / result.seconds,
    },
    memory: memoryReport(result.memory, result.seconds, peakMiB),
  };
  printReport(report);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nJSON report: ${options.out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load-soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
