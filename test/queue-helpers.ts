/** Shared by the queue tests: a uniquely named queue per test, worker processes, and what a store holds. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { deleteQueue, openQueue, type QueueConnection } from '../src/queue/index.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { cliPath, requireBuiltCli } from './cli-helpers.js';

export { countStored } from '../bench/stored-articles.js';

/** A queue name no other test or run uses: its streams and consumer are this test's alone. */
export function uniqueQueueName(label: string): string {
  return `TEST_${label}_${process.pid}_${randomBytes(3).toString('hex')}`.toUpperCase();
}

/** Opens a fresh queue; `drop()` deletes its streams (and consumer) and closes the connection. */
export async function testQueue(url: string, label: string): Promise<{ queue: QueueConnection; name: string; drop: () => Promise<void> }> {
  const name = uniqueQueueName(label);
  const queue = await openQueue(url, { queue: name, role: 'test' });
  return {
    queue,
    name,
    drop: async () => {
      await deleteQueue(queue);
      await queue.close();
    },
  };
}

export interface StoreContents {
  articles: number;
  versions: number;
  integrity: string;
  /** Article id → content hash and the spans as stored (current version). */
  docs: Map<string, { contentHash: string; spans: string }>;
  connected: number;
}

export async function storeContents(dbPath: string): Promise<StoreContents> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let articles: number, versions: number, integrity: string, connected: number;
  try {
    articles = (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    versions = (db.prepare('SELECT count(*) AS n FROM article_versions').get() as { n: number }).n;
    connected = (db.prepare('SELECT count(*) AS n FROM article_connections').get() as { n: number }).n;
    integrity = String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
  const store = openSqliteStore(dbPath);
  const docs = new Map<string, { contentHash: string; spans: string }>();
  try {
    for await (const a of store.exportAll()) docs.set(a.id, { contentHash: a.doc.contentHash, spans: JSON.stringify(a.doc.spans) });
  } finally {
    await store.close();
  }
  return { articles, versions, integrity, docs, connected };
}

/** A CLI process with its output collected, and a way to wait for a line of it. */
export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
}

export function startCliProcess(args: string[]): CliProcess {
  requireBuiltCli();
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (done) throw new Error(`process exited before printing ${pattern}:\n${out}\n${err}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`);
        await sleep(20);
      }
    },
  };
}

/** Polls until `check` holds, or fails naming what was awaited. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}
