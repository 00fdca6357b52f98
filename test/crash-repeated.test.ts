/**
 * kill -9 at random points of `eventwire ingest`, eight times in a row on one store (SQLite, then PostgreSQL), the
 * store checked after every kill, then a run to the end that must store every article exactly once (the kill
 * points and the checks: bench/crash-loop.ts; bench/crash-soak.ts runs the same loop for hundreds of kills).
 * The checks are shown to catch a half-written batch. The other writers are killed mid-write too: `eventwire
 * connect`, `feeds poll` and the server's ingest job; the store stays consistent and a re-run completes.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusProblems,
  crashRound,
  describePlan,
  eitherOf,
  planned,
  postgresCrashStore,
  referenceIngest,
  referenceOf,
  runCli,
  runProblems,
  sqliteCrashStore,
  UNCONNECTED,
  writeCrashCorpus,
  type CrashCorpus,
  type CrashStore,
  type Inspection,
  type KillMoment,
  type ReferenceArticle,
  type RoundReport,
} from '../bench/crash-loop.js';
import { generateArticles } from '../bench/generate-corpus.js';
import { countRows } from '../bench/stored-articles.js';
import { seededRandom } from '../src/util/random.js';
import { cliPath, requireBuiltCli, tempDir } from './cli-helpers.js';
import { respond, TestServer } from './http-fixture.js';
import { createTestDatabase, postgresUrl } from './services.js';

const ARTICLES = 120;
const BATCH = 5;
const KILLS = 8;
/** A run still going after this long is killed as hung: the test fails instead of waiting, and leaves no process. */
const HUNG_MS = 60_000;
/** Each kind of kill point at least once; the first lands milliseconds after the new store is created, as it migrates. */
const MOMENTS: readonly KillMoment[] = ['opening', 'writing', 'stored', 'delay', 'writing', 'opening', 'stored', 'writing'];

const adminUrl = await postgresUrl();
let workDir: string;
let corpus: CrashCorpus;
let reference: Map<string, ReferenceArticle>;

beforeAll(async () => {
  requireBuiltCli();
  workDir = tempDir('crash-repeated');
  corpus = await writeCrashCorpus(join(workDir, 'corpus'), ARTICLES, 3);
  reference = await referenceIngest(cliPath, corpus, BATCH, workDir);
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function expectRoundSurvived(report: RoundReport): void {
  report.kills.forEach((kill, i) => {
    const where = `kill ${i + 1}, ${describePlan(kill.plan!)}: ${kill.stored} of ${ARTICLES} stored`;
    expect(kill.problems, where).toEqual([]);
    // A run with nothing left to store (the kill before it came after the last commit) may end before any kill.
    const nothingLeft = i > 0 && report.kills[i - 1]!.stored === ARTICLES;
    expect(kill.run.killed || nothingLeft, `${where}: the run ended before the kill landed`).toBe(true);
  });
  expect(report.kills.some((k) => k.stored > 0 && k.stored < ARTICLES), 'no kill landed mid-ingest').toBe(true);
  expect(report.final.problems, 'after the run to the end').toEqual([]);
  expect(report.final.stored).toBe(ARTICLES);
}

async function round(store: CrashStore, seed: number): Promise<RoundReport> {
  return crashRound(store, { cli: cliPath, corpus, batchSize: BATCH, kills: KILLS, random: seededRandom(seed), moments: MOMENTS, reference, timeoutMs: HUNG_MS });
}

/** A list of problems holding one containing each of `parts`. */
const including = (...parts: string[]) => expect.arrayContaining(parts.map((part) => expect.stringContaining(part)));

describe('crash safety: repeated kill -9 of ingest', () => {
  it('on SQLite: consistent after each of 8 kills, every article once after a re-run', async () => {
    const store = sqliteCrashStore(join(workDir, 'sqlite-crash.db'));
    expectRoundSurvived(await round(store, 11));
  }, 180_000);

  it('the checks find a half-written batch', async () => {
    const path = join(workDir, 'tampered.db');
    copyFileSync(join(workDir, 'reference.db'), path);
    const db = new Database(path);
    try {
      // What a batch stopped halfway would leave: an article without its spans, one without its connection, one
      // missing from the full-text index.
      db.exec(`DELETE FROM spans WHERE article_seq = (SELECT max(seq) FROM articles);
               DELETE FROM article_connections WHERE article_seq = 1;
               INSERT INTO article_search (article_search, rowid, title, body) SELECT 'delete', seq, title, body FROM current_versions WHERE seq = 2;`);
    } finally {
      db.close();
    }
    const inspection = await sqliteCrashStore(path).inspect();
    expect(inspection.problems).toEqual(
      including('versions without spans: 1,', `${UNCONNECTED}: 1,`, 'articles missing from the full-text index: 1,', 'article_search integrity-check: '),
    );
    expect(corpusProblems(inspection, corpus, { batchSize: BATCH, complete: true, reference })).toEqual(including('1 articles whose spans differ', '1 articles connected otherwise than by an uninterrupted run'));

    // The stored articles themselves: part of a batch, a text twice, out of order.
    const complete = await sqliteCrashStore(join(workDir, 'reference.db')).inspect();
    const expectFor = (articles: Inspection['articles']) => corpusProblems({ ...complete, articles }, corpus, { batchSize: BATCH, complete: false });
    expect(expectFor(complete.articles.slice(0, 12))).toEqual(including('12 articles stored, not a whole number of batches of 5'));
    expect(expectFor([...complete.articles.slice(0, 9), complete.articles[0]!])).toEqual(including('1 texts stored more than once'));
    expect(expectFor([complete.articles[1]!, complete.articles[0]!])).toEqual(including("stored article 1 is not the corpus's article 1"));
  });

  describe.skipIf(!adminUrl)('on PostgreSQL', () => {
    it('consistent after each of 8 kills, every article once after a re-run', async () => {
      const database = await createTestDatabase(adminUrl!, 'eventwire_crash');
      const store = await postgresCrashStore(database.url);
      try {
        expectRoundSurvived(await round(store, 12));
        // The same checks fail here as on SQLite when a batch is half there.
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query('DELETE FROM article_search WHERE article_seq = (SELECT max(seq) FROM articles)');
          await client.query('DELETE FROM spans WHERE article_seq = (SELECT min(seq) FROM articles)');
        } finally {
          await client.end();
        }
        expect((await store.inspect()).problems).toEqual(including('articles missing from the full-text index: 1,', 'versions without spans: 1,'));
      } finally {
        await store.close();
        await database.drop();
      }
    }, 180_000);
  });
});

/** Stored URIs against the ones sent: each once. */
function expectEachOnce(inspection: Inspection, uris: string[]): void {
  expect(inspection.problems).toEqual([]);
  expect(inspection.articles.map((a) => a.uri).sort()).toEqual([...uris].sort());
}

/**
 * For a writer that stores one batch: kill while it is being written, or, should the watcher miss that
 * transaction on a loaded machine, right after it commits.
 */
const duringOnlyBatch = (store: CrashStore) =>
  eitherOf(planned(store, { moment: 'writing', delayMs: 0, storedAtLeast: 0 }), planned(store, { moment: 'stored', delayMs: 0, storedAtLeast: 1 }));

/** `count` short generated articles as the other writers get them: title and paragraphs. */
function shortArticles(count: number, seed: number): { title: string; paragraphs: string[] }[] {
  return [...generateArticles(count, seed)].map((a) => ({ title: a.title, paragraphs: a.text.split(/\r?\n\s*\n?/).filter((p) => p.trim() && p !== a.title).slice(0, 4) }));
}

/**
 * Starts the server on `store`, uploads 30 articles and kills it while the job's batch is being written; then
 * starts it again, uploads the same articles, and waits for the job: every article stored once.
 */
async function killServerDuringUpload(store: CrashStore): Promise<void> {
  const articles = shortArticles(30, 41).map((a, i) => ({ url: `https://crash.example/${i}`, title: a.title, text: a.paragraphs.join('\n\n') }));
  /** Waits for the address, then uploads; `finish` gets the job's URL once the upload is accepted. */
  const upload = (finish?: (jobUrl: string, child: ChildProcess) => Promise<void>) => async (child: ChildProcess) => {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /eventwire API on (http:\/\/\S+?:\d+)/.exec(output)?.[1];
        if (found) resolve(found);
      });
      child.once('exit', () => reject(new Error(`the server exited before printing its address: ${output}`)));
    });
    const response = await fetch(`${url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ articles }) });
    expect(response.status).toBe(202);
    const { job } = (await response.json()) as { job: string };
    await finish?.(`${url}/api/ingest/${job}`, child);
  };
  const serve = ['serve', '--db', store.location, '--port', '0', '--rate-limit', '0'];

  // The store is migrated before the address is printed: the first write after the upload is the job's batch.
  const killed = await runCli(cliPath, serve, { started: upload(), killWhen: duringOnlyBatch(store), timeoutMs: HUNG_MS });
  expect(killed.killed).toBe(true);
  await store.settle();
  const afterKill = await store.inspect();
  expect(afterKill.problems).toEqual([]);
  expect([0, articles.length]).toContain(afterKill.articles.length); // one batch: all of it or none

  let finalState = '';
  const again = await runCli(cliPath, serve, {
    started: upload(async (jobUrl, child) => {
      for (;;) {
        const job = (await (await fetch(jobUrl)).json()) as { state: string; articles: { status: string }[] };
        finalState = `${job.state}: ${job.articles.map((a) => a.status).join(' ')}`;
        if (job.state === 'done' || job.state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGTERM');
    }),
    timeoutMs: HUNG_MS,
  });
  expect(runProblems(again)).toEqual([]);
  expect(finalState).toBe(`done: ${articles.map(() => 'stored').join(' ')}`);
  await store.settle();
  expectEachOnce(await store.inspect(), articles.map((a) => a.url));
}

describe('crash safety of the other writers', () => {
  it('eventwire connect (SQLite) killed mid-way: the re-run connects the rest, each once, as one uninterrupted run does', async () => {
    /** A copy of the reference store whose articles were stored before the connect stage existed. */
    const unconnected = (name: string): string => {
      const path = join(workDir, name);
      copyFileSync(join(workDir, 'reference.db'), path);
      const db = new Database(path);
      db.exec('DELETE FROM article_connections');
      db.close();
      return path;
    };
    const uninterrupted = unconnected('connect-uninterrupted.db');
    expect(runProblems(await runCli(cliPath, ['connect', '--db', uninterrupted]))).toEqual([]);
    const path = unconnected('connect-killed.db');
    const store = sqliteCrashStore(path);
    const killAt = 1 + Math.floor(seededRandom(21)() * (ARTICLES - 2));
    const killed = await runCli(cliPath, ['connect', '--db', path], { killWhen: () => async () => countRows(path, 'article_connections') >= killAt, timeoutMs: HUNG_MS });
    expect(killed.killed, 'connect finished before the kill').toBe(true);
    expect(countRows(path, 'article_connections')).toBeGreaterThanOrEqual(killAt);
    expect((await store.inspect()).problems.filter((p) => !p.startsWith(UNCONNECTED))).toEqual([]);

    expect(runProblems(await runCli(cliPath, ['connect', '--db', path]))).toEqual([]);
    const inspection = await store.inspect();
    expect(inspection.problems).toEqual([]);
    const asUninterrupted = referenceOf(await sqliteCrashStore(uninterrupted).inspect());
    expect(corpusProblems(inspection, corpus, { batchSize: BATCH, complete: true, reference: asUninterrupted })).toEqual([]);
  }, 90_000);

  it('feeds poll (SQLite) killed while storing, then right after storing: the next poll stores every item once', async () => {
    const server = await TestServer.start();
    try {
      const articles = shortArticles(30, 31);
      const links = articles.map((_, i) => server.url(`/story/${i}`));
      articles.forEach((a, i) =>
        server.routes.set(
          `/story/${i}`,
          respond(`<!doctype html><html><head><title>${a.title}</title></head><body><article><h1>${a.title}</h1>${a.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`, {
            'content-type': 'text/html; charset=utf-8',
          }),
        ),
      );
      const items = articles.map((a, i) => `<item><title>${a.title}</title><link>${links[i]}</link><guid>${links[i]}</guid></item>`).join('');
      server.routes.set('/feed.xml', respond(`<?xml version="1.0"?><rss version="2.0"><channel><title>Crash wire</title>${items}</channel></rss>`, { 'content-type': 'application/rss+xml' }));

      const path = join(workDir, 'feeds.db');
      const state = join(workDir, 'feeds.json');
      const store = sqliteCrashStore(path);
      // Created and migrated first, so that the first write the poll makes is its batch.
      expect(runProblems(await runCli(cliPath, ['list', '--db', path]))).toEqual([]);
      expect(runProblems(await runCli(cliPath, ['feeds', 'add', server.url('/feed.xml'), '--db', path, '--state', state]))).toEqual([]);
      const poll = ['feeds', 'poll', '--allow-private-network', '--db', path, '--state', state];

      // The items are one batch: killed in its transaction, nothing of it is stored (all of it, after).
      const inCommit = await runCli(cliPath, poll, { killWhen: duringOnlyBatch(store), timeoutMs: HUNG_MS });
      expect(inCommit.killed).toBe(true);
      const afterCommitKill = await store.inspect();
      expect(afterCommitKill.problems).toEqual([]);
      expect([0, articles.length]).toContain(afterCommitKill.articles.length);
      // Killed once the batch is in, before (or as) the feed state is saved: the items are fetched again next time.
      const afterStore = await runCli(cliPath, poll, { killWhen: planned(store, { moment: 'stored', delayMs: 0, storedAtLeast: articles.length }) });
      expect(runProblems(afterStore)).toEqual([]);
      expectEachOnce(await store.inspect(), links);

      expect(runProblems(await runCli(cliPath, poll))).toEqual([]);
      expectEachOnce(await store.inspect(), links);
      const saved = JSON.parse(readFileSync(state, 'utf8')) as { feeds: { seen: string[] }[] };
      expect([...saved.feeds[0]!.seen].sort()).toEqual([...links].sort());
    } finally {
      await server.close();
    }
  }, 90_000);

  it("the server (SQLite) killed during an upload's ingest job: consistent, and the upload sent again stores every article once", async () => {
    await killServerDuringUpload(sqliteCrashStore(join(workDir, 'server.db')));
  }, 90_000);

  it.skipIf(!adminUrl)("the server (PostgreSQL) killed during an upload's ingest job: the same", async () => {
    const database = await createTestDatabase(adminUrl!, 'eventwire_crash_server');
    const store = await postgresCrashStore(database.url);
    try {
      await killServerDuringUpload(store);
    } finally {
      await store.close();
      await database.drop();
    }
  }, 90_000);
});
