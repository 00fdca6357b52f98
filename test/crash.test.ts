/**
 * kill -9 in the middle of an ingest of 1,000 articles, then the same ingest again: every article is stored
 * exactly once and the database passes PRAGMA integrity_check.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cleanSource } from '../src/clean/index.js';
import { generateArticles, writeCorpus } from '../bench/generate-corpus.js';
import { countStored } from '../bench/stored-articles.js';
import { runCli, startCli, tempDir } from './cli-helpers.js';

const ARTICLES = 1000;

/** Starts an ingest and kills it with SIGKILL as soon as some, but not all, articles are committed. */
async function killMidway(corpus: string, dbPath: string, batchSize: number): Promise<number | undefined> {
  const child = startCli(['ingest', corpus, '--db', dbPath, '--no-progress', '--batch-size', String(batchSize)]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let killedAt: number | undefined;
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const stored = countStored(dbPath);
    if (stored > 0 && stored < ARTICLES) {
      child.kill('SIGKILL');
      killedAt = stored;
      break;
    }
    await sleep(5);
  }
  await exited;
  return killedAt;
}

describe('crash safety of ingest', () => {
  it('survives kill -9 mid-batch: a re-run stores every article exactly once', async () => {
    const dir = tempDir('crash');
    const corpus = join(dir, 'corpus');
    await writeCorpus(corpus, ARTICLES, 7);
    const dbPath = join(dir, 'crash.db');

    // Kill several times at growing depths; each run resumes what the last one committed.
    const kills: number[] = [];
    for (let attempt = 0; attempt < 6 && kills.length < 3; attempt++) {
      const at = await killMidway(corpus, dbPath, 20);
      if (at !== undefined) kills.push(at);
    }
    expect(kills.length, 'the ingest finished before a kill could land; the test proves nothing').toBeGreaterThan(0);

    const rerun = runCli(['ingest', corpus, '--db', dbPath, '--no-progress']);
    expect(rerun.status, rerun.stderr).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(ARTICLES);
      // exactly one version each: nothing half-written was taken for a change
      expect((db.prepare('SELECT count(*) AS n FROM article_versions').get() as { n: number }).n).toBe(ARTICLES);
      const hashes = new Set((db.prepare('SELECT content_hash AS h FROM article_versions').all() as { h: string }[]).map((r) => r.h));
      const expected = new Set<string>();
      for (const a of generateArticles(ARTICLES, 7)) {
        for (const doc of cleanSource({ uri: a.fileName, format: 'txt', text: a.text, encoding: 'utf-8', hints: {} })) expected.add(doc.contentHash);
      }
      expect(hashes).toEqual(expected);
    } finally {
      db.close();
    }
  }, 180_000);
});
