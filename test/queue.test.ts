/**
 * Distributed ingest through the built CLI against the real NATS server: `ingest --queue` enqueues, `worker`
 * processes (several at once, and one killed with SIGKILL mid-batch), `connect --follow` connects, and the
 * `queue` commands show the state and the dead letters. Each test has its own queue and deletes it afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArticles, writeCorpus } from '../bench/generate-corpus.js';
import { cleanSource } from '../src/clean/index.js';
import { queueStatus } from '../src/queue/index.js';
import { seededRandom } from '../src/util/random.js';
import { projectRoot, runCli, tempDir } from './cli-helpers.js';
import { countStored, startCliProcess, storeContents, testQueue, waitUntil } from './queue-helpers.js';
import { natsUrl } from './services.js';

const nats = await natsUrl();
const sample = join(projectRoot, 'data', 'sample');

function workerArgs(url: string, queueName: string, db: string, ...more: string[]): string[] {
  return ['worker', '--queue', url, '--queue-name', queueName, '--db', db, '--report-every', '1s', ...more];
}

/** "worker stopped: 12 articles stored (9 new, 3 unchanged ..." → { stored: 12, new: 9 } */
function workerSummary(stdout: string): { stored: number; inserted: number } {
  const match = /worker stopped: (\d+) articles? stored \((\d+) new/.exec(stdout);
  if (!match) throw new Error(`no summary in the worker's output:\n${stdout}`);
  return { stored: Number(match[1]), inserted: Number(match[2]) };
}

describe.skipIf(!nats)('distributed ingest over NATS JetStream (CLI)', () => {
  const url = nats!;

  it('two workers store the sample corpus exactly once, with the same articles and spans as a plain ingest', async () => {
    const { queue, name, drop } = await testQueue(url, 'sample');
    const dir = tempDir('queue-sample');
    const workerDb = join(dir, 'workers.db');
    const plainDb = join(dir, 'plain.db');
    const workers = [0, 1].map(() => startCliProcess(workerArgs(url, name, workerDb, '--batch-size', '2')));
    try {
      const plain = runCli(['ingest', sample, '--db', plainDb, '--no-progress']);
      expect(plain.status, plain.stderr).toBe(0);
      const expected = await storeContents(plainDb);
      expect(expected.articles).toBeGreaterThanOrEqual(12);

      // Both workers are pulling before anything is enqueued, so both get work.
      for (const w of workers) await w.waitForOutput(/worker ready/);
      await waitUntil('both workers wait for messages', async () => (await queueStatus(queue)).waitingWorkers >= 2);

      const enqueue = runCli(['ingest', sample, '--queue', url, '--queue-name', name]);
      expect(enqueue.status, enqueue.stderr).toBe(0);
      const enqueued = Number(/Enqueued (\d+) of (\d+) inputs/.exec(enqueue.stdout)?.[1]);
      expect(enqueued).toBeGreaterThanOrEqual(13);
      // The same inputs again within the deduplication window: the server drops every message.
      const again = runCli(['ingest', sample, '--queue', url, '--queue-name', name]);
      expect(again.stdout).toContain(`Enqueued 0 of ${enqueued} inputs`);
      expect(again.stdout).toContain(`${enqueued} dropped as already enqueued`);

      await waitUntil('the workers stored every article', () => countStored(workerDb) === expected.articles);
      await waitUntil('nothing is pending or in flight', async () => {
        const s = await queueStatus(queue);
        return s.pending === 0 && s.inFlight === 0;
      });
      const status = runCli(['queue', 'status', '--queue', url, '--queue-name', name, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ pending: 0, inFlight: 0, dead: 0, messages: 0 });

      // SIGTERM: each finishes what it holds, acknowledges, prints its summary and exits cleanly.
      for (const w of workers) w.child.kill('SIGTERM');
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
      const summaries = workers.map((w) => workerSummary(w.stdout()));
      for (const s of summaries) expect(s.inserted, 'each worker stored part of the corpus').toBeGreaterThan(0);
      expect(summaries[0]!.inserted + summaries[1]!.inserted).toBe(expected.articles);
      expect(workers[0]!.stdout()).toMatch(/worker: \d+ articles? stored .*; \d+\.\d articles\/s over the last [\d.]+ s, \d+\.\d\/s since start/);

      const got = await storeContents(workerDb);
      expect(got.integrity).toBe('ok');
      expect(got.articles).toBe(expected.articles);
      expect(got.versions).toBe(expected.versions);
      expect([...got.docs.keys()].sort()).toEqual([...expected.docs.keys()].sort());
      for (const [id, doc] of expected.docs) {
        expect(got.docs.get(id)?.contentHash, id).toBe(doc.contentHash);
        // The workers run the same stages as ingest: every span the same.
        expect(got.docs.get(id)?.spans, id).toBe(doc.spans);
      }
      // Workers leave the connect stage to the one follower.
      expect(got.connected).toBe(0);

      const follower = startCliProcess(['connect', '--follow', '--db', workerDb, '--poll', '100']);
      await waitUntil('the follower connected every article', async () => (await storeContents(workerDb)).connected === expected.articles);
      follower.child.kill('SIGTERM');
      expect(await follower.exited, follower.stderr()).toBe(0);
      expect(follower.stdout()).toContain(`stopped after connecting ${expected.articles} articles`);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await drop();
    }
  }, 180_000);

  it('kill -9 mid-batch: another worker redoes the batch, every article stored exactly once', async () => {
    const { queue, name, drop } = await testQueue(url, 'kill');
    const dir = tempDir('queue-kill');
    const corpus = join(dir, 'corpus');
    const ARTICLES = 150;
    await writeCorpus(corpus, ARTICLES, 11);
    const db = join(dir, 'store.db');
    let killed: ReturnType<typeof startCliProcess> | undefined;
    try {
      const enqueue = runCli(['ingest', corpus, '--queue', url, '--queue-name', name]);
      expect(enqueue.stdout, enqueue.stderr).toContain(`Enqueued ${ARTICLES} of ${ARTICLES} inputs`);

      // The kill must land while the worker holds a batch it has not acknowledged. Between acknowledging one
      // batch and receiving the next it holds none, so a kill that lands in that gap is tried again with a
      // new worker (each try stores a batch or more first, so the tries are few).
      let storedAtKill = 0;
      let heldAtKill = 0;
      for (let attempt = 1; attempt <= 4 && heldAtKill === 0; attempt++) {
        const storedBefore = countStored(db);
        killed = startCliProcess(workerArgs(url, name, db, '--batch-size', '10', '--ack-wait', '3s'));
        const worker = killed;
        await waitUntil('the worker committed a batch and holds the next', async () => {
          if (worker.child.exitCode !== null) throw new Error(`the worker exited early: ${worker.stderr()}`);
          return countStored(db) > storedBefore && (await queueStatus(queue)).inFlight > 0;
        });
        worker.child.kill('SIGKILL');
        await worker.exited;
        storedAtKill = countStored(db);
        heldAtKill = (await queueStatus(queue)).inFlight;
      }
      expect(storedAtKill, 'the workers finished before a kill; the test proves nothing').toBeLessThan(ARTICLES);
      // A killed worker died holding a batch it had not acknowledged: the next worker must redo it.
      expect(heldAtKill).toBeGreaterThan(0);

      const second = startCliProcess(workerArgs(url, name, db, '--batch-size', '10', '--until-empty'));
      expect(await second.exited, second.stderr()).toBe(0);
      const summary = workerSummary(second.stdout());
      expect(summary.inserted).toBe(ARTICLES - storedAtKill);

      const got = await storeContents(db);
      expect(got.integrity).toBe('ok');
      expect(got.articles).toBe(ARTICLES);
      expect(got.versions).toBe(ARTICLES);
      const expectedHashes = new Set<string>();
      for (const a of generateArticles(ARTICLES, 11)) {
        for (const doc of cleanSource({ uri: a.fileName, format: 'txt', text: a.text, encoding: 'utf-8', hints: {} })) expectedHashes.add(doc.contentHash);
      }
      expect(new Set([...got.docs.values()].map((d) => d.contentHash))).toEqual(expectedHashes);
      expect(await queueStatus(queue)).toMatchObject({ pending: 0, inFlight: 0, dead: 0, messages: 0 });
    } finally {
      if (killed && killed.child.exitCode === null) killed.child.kill('SIGKILL');
      await drop();
    }
  }, 180_000);

  it('unreadable inputs become dead letters with their errors at once; the rest is enqueued', async () => {
    const { name, drop } = await testQueue(url, 'poison');
    const dir = tempDir('queue-poison');
    const junk = join(dir, 'junk.txt');
    const empty = join(dir, 'empty.txt');
    // Seeded: unseeded random bytes can, once in a great while, open with a byte-order mark and read as UTF-16 text.
    const random = seededRandom(4096);
    writeFileSync(junk, Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    writeFileSync(empty, '');
    try {
      const enqueue = runCli(['ingest', junk, empty, join(sample, 'granite-detainees-released.txt'), '--queue', url, '--queue-name', name]);
      expect(enqueue.status).toBe(1);
      expect(enqueue.stdout).toContain('Enqueued 1 of 3 inputs');
      expect(enqueue.stdout).toContain('2 failed');
      expect(enqueue.stderr).toContain(`${junk}: binary data, not text`);

      const dead = runCli(['queue', 'dead', '--queue', url, '--queue-name', name, '--json']);
      expect(dead.status, dead.stderr).toBe(0);
      const entries = JSON.parse(dead.stdout) as { uri: string; error: string; stage: string; attempts: number; permanent: boolean; retryable: boolean }[];
      expect(entries).toHaveLength(2);
      expect(entries.find((e) => e.uri === junk)).toMatchObject({ stage: 'read', attempts: 0, permanent: true, retryable: false });
      expect(entries.find((e) => e.uri === junk)!.error).toMatch(/^binary data, not text/);
      expect(entries.find((e) => e.uri === empty)).toMatchObject({ error: 'empty input', stage: 'read', attempts: 0, permanent: true });
      const listed = runCli(['queue', 'dead', '--queue', url, '--queue-name', name]);
      expect(listed.stdout).toContain(`${empty}\n    read, 0 attempts, bad input (not retried), cannot be retried from here: empty input`);

      // Nothing to enqueue again: they stay, and say why.
      const retry = runCli(['queue', 'retry-dead', '--queue', url, '--queue-name', name]);
      expect(retry.stdout).toContain('Enqueued 0 dead letters again.');
      expect(retry.stdout).toContain(`left: `);
      const status = JSON.parse(runCli(['queue', 'status', '--queue', url, '--queue-name', name, '--json']).stdout) as { dead: number; pending: number };
      expect(status).toMatchObject({ dead: 2, pending: 1 });

      // Storing options make no sense when enqueueing: refused, not ignored.
      const refused = runCli(['ingest', sample, '--queue', url, '--queue-name', name, '--db', join(dir, 'x.db')]);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('--db cannot be used with --queue');
    } finally {
      await drop();
    }
  }, 60_000);

  it('says clearly when no NATS server answers', () => {
    const result = runCli(['queue', 'status', '--queue', 'nats://127.0.0.1:1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the NATS server at nats:\/\/127\.0\.0\.1:1/);
  });
});
