/**
 * Distributed ingest throughput: `node dist/bench/queue-workers.js [--articles N] [--workers 1,2,4]
 * [--batch-size B] [--queue nats://127.0.0.1:4222] [--seed S]` (defaults 2,000 articles, 1, 2 and 4 workers,
 * batches of 50).
 *
 * Generates N articles (bench/generate-corpus.ts) once, then for each worker count starts that many
 * `eventwire worker` processes on a fresh SQLite store and a fresh queue, waits until every one is loaded and
 * pulling, enqueues the corpus with `eventwire ingest --queue`, and times until the store holds all N
 * articles. Workers run clean, language, attribution and events, and store; they leave the connect stage to
 * `eventwire connect --follow`, timed here on its own over the finished store. For comparison, a single-process
 * `eventwire ingest` of the same files (every stage, connect included) on its own store.
 *
 * Reported per run: articles/second over the whole run, articles/second from the first commit to the last
 * (steady state), and each process's peak RSS (VmHWM, sampled from /proc). A benchmark: it asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { deleteQueue, openQueue, queueStatus, type QueueConnection } from '../src/queue/index.js';
import { writeCorpus } from './generate-corpus.js';
import { residentMemory } from './measure.js';
import { countStored } from './stored-articles.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : (process.argv[at + 1] ?? fallback);
}
function whole(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench/queue-workers: --${name} must be a positive whole number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const articles = whole('articles', option('articles', '2000'));
const workerCounts = option('workers', '1,2,4').split(',').map((w) => whole('workers', w));
const batchSize = whole('batch-size', option('batch-size', '50'));
const seed = whole('seed', option('seed', '7'));
const url = option('queue', process.env['EVENTWIRE_QUEUE'] ?? 'nats://127.0.0.1:4222');

const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;


/** CPU seconds (user + system) a running process has used so far (0 once it is gone). */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (in clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface Proc {
  pid: number;
  peakKib: number;
  cpu: number;
  out: string;
  err: string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = {
    pid: child.pid!,
    peakKib: 0,
    cpu: 0,
    out: '',
    err: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (proc.out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (proc.err += d));
  const sampler = setInterval(() => {
    proc.peakKib = Math.max(proc.peakKib, (residentMemory(proc.pid)?.peakMiB ?? 0) * 1024);
    proc.cpu = Math.max(proc.cpu, cpuSeconds(proc.pid));
  }, 100);
  void proc.exited.then(() => clearInterval(sampler));
  return proc;
}

/** Polls the store until it holds every article: when the first commit landed (and with how many), and the last. */
async function timeStores(dbPath: string, t0: number, until: () => boolean = () => false): Promise<{ firstAt: number; firstCount: number; doneAt: number }> {
  let firstAt = 0;
  let firstCount = 0;
  for (;;) {
    const n = countStored(dbPath);
    const now = performance.now();
    if (n > 0 && firstAt === 0) {
      firstAt = now;
      firstCount = n;
    }
    if (n >= articles) return { firstAt, firstCount, doneAt: now };
    if (until()) throw new Error(`stopped with ${n} of ${articles} articles stored`);
    if (now - t0 > 60 * 60_000) throw new Error('gave up after an hour');
    await sleep(50);
  }
}

interface Row {
  run: string;
  seconds: number;
  overall: number;
  steady: number | undefined;
  peaks: number[];
  /** CPU seconds all its processes used per article: what the run costs whatever else the machine is doing. */
  cpuPerArticle: number;
}
/** Articles per second from the first commit to the last; undefined when one commit held them all. */
function steadyRate(t: { firstAt: number; firstCount: number; doneAt: number }): number | undefined {
  return t.firstCount < articles && t.doneAt > t.firstAt ? (articles - t.firstCount) / ((t.doneAt - t.firstAt) / 1000) : undefined;
}

const rows: Row[] = [];
const work = mkdtempSync(join(tmpdir(), 'eventwire-bench-queue-'));
const corpus = join(work, 'corpus');

async function singleProcessIngest(): Promise<void> {
  const db = join(work, 'ingest.db');
  const t0 = performance.now();
  const ingest = start(['ingest', corpus, '--db', db, '--no-progress']);
  let exited = false;
  void ingest.exited.then(() => (exited = true));
  const t = await timeStores(db, t0, () => exited && countStored(db) < articles);
  const code = await ingest.exited;
  if (code !== 0) throw new Error(`ingest failed (${code}): ${ingest.err}`);
  const seconds = (performance.now() - t0) / 1000;
  rows.push({
    run: 'ingest, 1 process (all stages incl. connect)',
    seconds,
    overall: articles / seconds,
    steady: steadyRate(t),
    peaks: [ingest.peakKib],
    cpuPerArticle: ingest.cpu / articles,
  });
}

async function workers(count: number): Promise<string> {
  const db = join(work, `workers-${count}.db`);
  const name = `BENCH_${process.pid}_${randomBytes(3).toString('hex')}`.toUpperCase();
  const queue: QueueConnection = await openQueue(url, { queue: name, role: 'bench' });
  const procs: Proc[] = [];
  try {
    for (let i = 0; i < count; i++) procs.push(start(['worker', '--queue', url, '--queue-name', name, '--db', db, '--batch-size', String(batchSize), '--report-every', '1m']));
    // Every worker loaded and pulling before the clock starts: startup is not throughput.
    const readyBy = performance.now() + 120_000;
    while (!procs.every((p) => p.out.includes('worker ready')) || (await queueStatus(queue)).waitingWorkers < count) {
      if (performance.now() > readyBy) throw new Error(`workers not ready: ${procs.map((p) => p.err).join('\n')}`);
      await sleep(50);
    }
    const cpuAtStart = procs.map((p) => cpuSeconds(p.pid));
    const t0 = performance.now();
    const enqueue = start(['ingest', corpus, '--queue', url, '--queue-name', name]);
    const enqueueDone = enqueue.exited.then(() => performance.now());
    const t = await timeStores(db, t0);
    const enqueueSeconds = ((await enqueueDone) - t0) / 1000;
    const seconds = (t.doneAt - t0) / 1000;
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    rows.push({
      run: `${count} worker${count === 1 ? '' : 's'} (clean, language, attribution, events, store)`,
      seconds,
      overall: articles / seconds,
      steady: steadyRate(t),
      peaks: procs.map((p) => p.peakKib),
      // Start-up (loading the models) is left out: measured from when the clock started.
      cpuPerArticle: procs.reduce((sum, p, i) => sum + p.cpu - cpuAtStart[i]!, 0) / articles,
    });
    return `${count} worker(s): enqueueing ${articles} took ${enqueueSeconds.toFixed(1)} s (${(articles / enqueueSeconds).toFixed(0)}/s)`;
  } finally {
    for (const p of procs) p.kill('SIGKILL');
    await deleteQueue(queue);
    await queue.close();
  }
}

try {
  const gen0 = performance.now();
  await writeCorpus(corpus, articles, seed);
  console.log(`corpus: ${articles} generated articles (seed ${seed}) in ${((performance.now() - gen0) / 1000).toFixed(1)} s; ${work}`);
  console.log(`machine: ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores; NATS ${url}; SQLite stores; batches of ${batchSize}`);

  await singleProcessIngest();
  console.log(`done: ${rows.at(-1)!.run}`);
  const notes: string[] = [];
  for (const count of workerCounts) {
    notes.push(await workers(count));
    console.log(`done: ${rows.at(-1)!.run}`);
  }

  // The one connect follower, over the store the last worker run filled.
  const lastDb = join(work, `workers-${workerCounts.at(-1)}.db`);
  const c0 = performance.now();
  const connect = spawnSync(process.execPath, [cli, 'connect', '--db', lastDb], { encoding: 'utf8' });
  const connectSeconds = (performance.now() - c0) / 1000;
  if (connect.status !== 0) throw new Error(`connect failed: ${connect.stderr}`);

  console.log('');
  console.log('| run | seconds | articles/s (whole run) | articles/s (first to last commit) | CPU ms per article | peak RSS per process |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(`| ${r.run} | ${r.seconds.toFixed(1)} | ${r.overall.toFixed(1)} | ${r.steady?.toFixed(1) ?? '—'} | ${(r.cpuPerArticle * 1000).toFixed(1)} | ${r.peaks.map(mib).join(', ')} |`);
  }
  console.log('');
  for (const note of notes) console.log(note);
  console.log(`connect stage alone (eventwire connect, one process, over ${articles} stored articles): ${connectSeconds.toFixed(1)} s, ${(articles / connectSeconds).toFixed(0)} articles/s (includes start-up)`);
  console.log('Worker runs start the clock when every worker is loaded and pulling; the ingest run includes its start-up.');
  console.log(`Load average at the end (other processes share the ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores): ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
