/**
 * The worker loop as a library, against the real NATS server, with stores that fail on purpose: bad messages go
 * to the dead letters at once, a locked store is retried with backoff until it works, retries that run out end
 * in a dead letter that `retryDeadLetters` brings back, re-enqueueing is deduplicated, and a message whose
 * worker died on its last attempt is caught. Each test has its own queue and deletes it afterwards.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  deadLetters,
  enqueueInputs,
  ensureQueue,
  isStoreUnavailable,
  queueStatus,
  retryDeadLetters,
  runWorker,
  type DeadEntry,
  type QueueConnection,
  type WorkerOptions,
} from '../src/queue/index.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { projectRoot, tempDir } from './cli-helpers.js';
import { storeContents, testQueue, waitUntil } from './queue-helpers.js';
import { natsUrl } from './services.js';

const nats = await natsUrl();
const sample = join(projectRoot, 'data', 'sample');
const THREE_FILES = ['granite-detainees-released.txt', 'lanternfish-pompeo-easter-trip.txt', 'commons-summit-cancelled.txt'].map((f) => join(sample, f));
/**
 * Short delays, so retries happen within the test; a worker that never finds the queue empty is stopped
 * before the test's timeout, so the test fails on its assertions and still deletes its queue.
 */
const FAST = (): Partial<WorkerOptions> => ({ backoffMs: [100, 200], fetchWaitMs: 1_000, untilEmpty: true, signal: AbortSignal.timeout(40_000) });

/** A store whose `ingest` throws `error()` for the first `failures` calls (Infinity: always), then works. */
function failingStore(inner: Store, failures: number, error: () => Error): Store & { failed: () => number } {
  let failed = 0;
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'failed') return () => failed;
      if (property === 'ingest') {
        return async (records: Parameters<Store['ingest']>[0]) => {
          if (failed < failures) {
            failed++;
            throw error();
          }
          return target.ingest(records);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store & { failed: () => number };
}

async function allDead(queue: QueueConnection): Promise<DeadEntry[]> {
  const out: DeadEntry[] = [];
  for await (const { entry } of deadLetters(queue)) out.push(entry);
  return out;
}

describe.skipIf(!nats)('the queue worker (library)', () => {
  const url = nats!;

  it('sends bad messages to the dead letters at their first delivery, and stores the good one of the batch', async () => {
    const { queue, drop } = await testQueue(url, 'badmsg');
    const store = openSqliteStore(join(tempDir('queue-badmsg'), 'store.db'));
    try {
      await ensureQueue(queue, { maxAttempts: 4 });
      const subject = queue.names.subject;
      await queue.js.publish(subject, Uint8Array.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x00, 0x80]));
      const message = (uri: string, text: string): string => JSON.stringify({ v: 1, uri, format: 'txt', encoding: 'utf-8', text, hints: {}, enqueuedAt: new Date().toISOString() });
      await queue.js.publish(subject, message('junk://controls', '\u0001\u0002\u0003\u0004 binary \u0005\u0006\u0007\u0008'));
      await queue.js.publish(subject, message('junk://blank', '  \n\n  '));
      await queue.js.publish(subject, JSON.stringify({ v: 1, uri: 'junk://no-text', format: 'txt' }));
      expect((await enqueueInputs([THREE_FILES[0]!], queue)).enqueued).toBe(1);

      const retries: string[] = [];
      const counts = await runWorker(queue, { store, ...FAST(), onRetry: (uri) => retries.push(uri) });
      expect(retries).toEqual([]);
      expect(counts).toMatchObject({ deadLettered: 4, retried: 0, inserted: 1 });

      const dead = await allDead(queue);
      expect(dead).toHaveLength(4);
      for (const entry of dead) expect(entry).toMatchObject({ stage: 'decode', attempts: 1, permanent: true, retryable: false });
      expect(dead[0]!.uri).toBe(`${queue.names.stream} message 1`);
      expect(dead[0]!.error).toMatch(/^not an eventwire article message: not UTF-8 JSON \(/);
      expect(dead.slice(1).map((e) => [e.uri, e.error])).toEqual([
        ['junk://controls', expect.stringMatching(/^binary data, not text \(\d+% control characters\)$/)],
        ['junk://blank', 'empty input'],
        ['junk://no-text', 'field "text" must be a string'],
      ]);
      // Terminated: nothing left in the work queue, nothing redelivered.
      expect(await queueStatus(queue)).toMatchObject({ messages: 0, pending: 0, inFlight: 0, dead: 4 });
      expect((await store.stats()).articles).toBe(1);
    } finally {
      await store.close();
      await drop();
    }
  }, 60_000);

  it('retries a batch while another process holds the store locked, with backoff, then stores it once', async () => {
    const { queue, drop } = await testQueue(url, 'locked');
    const dbPath = join(tempDir('queue-locked'), 'store.db');
    const store = openSqliteStore(dbPath);
    // Another writer takes SQLite's write lock and keeps it until the worker has failed once.
    const other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    try {
      await ensureQueue(queue, { maxAttempts: 4 });
      expect((await enqueueInputs(THREE_FILES, queue)).enqueued).toBe(3);
      const retries: { attempt: number; error: string }[] = [];
      const counts = await runWorker(queue, {
        store,
        ...FAST(),
        onRetry: (_uri, attempt, _delay, error) => {
          retries.push({ attempt, error });
          if (other.inTransaction) other.exec('ROLLBACK');
        },
      });
      // The one batch of three failed once (the lock outlasted the busy timeout), then went through.
      expect(retries).toHaveLength(3);
      for (const r of retries) expect(r).toMatchObject({ attempt: 1, error: 'database is locked' });
      expect(counts).toMatchObject({ retried: 3, deadLettered: 0, inserted: 3, unchanged: 0 });
      const contents = await storeContents(dbPath);
      expect(contents).toMatchObject({ articles: 3, versions: 3 });
      expect(await queueStatus(queue)).toMatchObject({ messages: 0, dead: 0 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
      await drop();
    }
  }, 60_000);

  it('after the last attempt fails, a dead letter keeps the error and the article; retrying it stores it', async () => {
    const { queue, drop } = await testQueue(url, 'exhausted');
    const dbPath = join(tempDir('queue-exhausted'), 'store.db');
    const healthy = openSqliteStore(dbPath);
    const unreachable = failingStore(healthy, Infinity, () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:5432'), { code: 'ECONNREFUSED' }));
    try {
      await ensureQueue(queue, { maxAttempts: 3 });
      expect((await enqueueInputs(THREE_FILES.slice(0, 2), queue)).enqueued).toBe(2);
      const counts = await runWorker(queue, { store: unreachable, ...FAST() });
      // Two messages, three attempts each: two retries, then the dead letter.
      expect(counts).toMatchObject({ retried: 4, deadLettered: 2, articles: 0 });
      expect(unreachable.failed()).toBe(3);

      const dead = await allDead(queue);
      expect(dead.map((e) => e.uri).sort()).toEqual(THREE_FILES.slice(0, 2).sort());
      for (const entry of dead) {
        expect(entry).toMatchObject({ stage: 'store', attempts: 3, permanent: false, retryable: true, error: 'connect ECONNREFUSED 10.0.0.9:5432' });
      }
      expect(await queueStatus(queue)).toMatchObject({ messages: 0, dead: 2 });

      // The store is back: retry-dead enqueues both again and the worker stores them.
      expect(await retryDeadLetters(queue)).toEqual({ retried: 2, skipped: [] });
      expect(await queueStatus(queue)).toMatchObject({ pending: 2, dead: 0 });
      const second = await runWorker(queue, { store: healthy, ...FAST() });
      expect(second).toMatchObject({ inserted: 2, retried: 0, deadLettered: 0 });
      expect(await queueStatus(queue)).toMatchObject({ messages: 0, dead: 0 });
    } finally {
      await healthy.close();
      await drop();
    }
  }, 60_000);

  it('drops a re-enqueue within the deduplication window; past it, the store finds the articles unchanged', async () => {
    const { queue, drop } = await testQueue(url, 'dedup');
    const dbPath = join(tempDir('queue-dedup'), 'store.db');
    const store = openSqliteStore(dbPath);
    try {
      await ensureQueue(queue, { duplicateWindowMs: 1_500 });
      expect(await enqueueInputs(THREE_FILES, queue)).toMatchObject({ enqueued: 3, duplicates: 0 });
      expect(await enqueueInputs(THREE_FILES, queue)).toMatchObject({ enqueued: 0, duplicates: 3 });
      expect(await runWorker(queue, { store, ...FAST() })).toMatchObject({ messages: 3, inserted: 3 });

      await sleep(1_700);
      expect(await enqueueInputs(THREE_FILES, queue)).toMatchObject({ enqueued: 3, duplicates: 0 });
      expect(await runWorker(queue, { store, ...FAST() })).toMatchObject({ messages: 3, inserted: 0, unchanged: 3 });
      expect(await storeContents(dbPath)).toMatchObject({ articles: 3, versions: 3 });
    } finally {
      await store.close();
      await drop();
    }
  }, 60_000);

  it('catches a message whose worker died on its last attempt, and retry-dead brings it back', async () => {
    const { queue, drop } = await testQueue(url, 'stranded');
    const store = openSqliteStore(join(tempDir('queue-stranded'), 'store.db'));
    try {
      await ensureQueue(queue, { maxAttempts: 1, ackWaitMs: 1_000 });
      expect((await enqueueInputs([THREE_FILES[1]!], queue)).enqueued).toBe(1);
      // A worker takes it and dies without a word: no ack, no nak.
      const consumer = await queue.js.consumers.get(queue.names.stream, queue.names.consumer);
      const taken = await consumer.fetch({ max_messages: 1, expires: 1_000 });
      for await (const _msg of taken) break;
      await sleep(1_200);

      // The next pull makes the server give up on it; the dead-letter stream records the advisory.
      expect(await runWorker(queue, { store, ...FAST() })).toMatchObject({ messages: 0 });
      await waitUntil('the advisory is a dead letter', async () => (await queueStatus(queue)).dead === 1, 10_000);
      const [entry] = await allDead(queue);
      expect(entry).toMatchObject({ uri: THREE_FILES[1], stage: 'delivery', attempts: 1, retryable: true });
      expect(entry!.error).toMatch(/never acknowledged nor reported failed/);

      expect(await retryDeadLetters(queue)).toMatchObject({ retried: 1 });
      expect(await runWorker(queue, { store, ...FAST() })).toMatchObject({ inserted: 1 });
      expect(await queueStatus(queue)).toMatchObject({ messages: 0, dead: 0, inFlight: 0 });
    } finally {
      await store.close();
      await drop();
    }
  }, 60_000);
});

describe('which store errors are about the store rather than the records', () => {
  it('tells a locked or unreachable store from a bad record', () => {
    expect(isStoreUnavailable(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isStoreUnavailable(new Error('ingest: batch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    expect(isStoreUnavailable(new Error('ingest: record 3 of 50 (x.txt) failed: key "x" is stored under id abc'))).toBe(false);
    expect(isStoreUnavailable(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
  });
});
