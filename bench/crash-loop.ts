/**
 * Crash safety of ingest as a loop: start `eventwire ingest` on a store, kill -9 it at a random point, check the
 * store as the crash left it, again and again on the same store, then let a run finish and check that every
 * article is stored exactly once. test/crash-repeated.test.ts runs a few kills per store; bench/crash-soak.ts
 * hundreds.
 *
 * Where a kill lands (its "moment"):
 *   opening  a few milliseconds after the process has opened the store: on a new store, during its migrations;
 *   delay    a random time after the start: start-up, loading the models, restoring the connect stage, analysing;
 *   stored   as soon as the store holds a random number of articles more: between two batches;
 *   writing  while a batch's write transaction is open (SQLite: the WAL write lock in /proc/locks; PostgreSQL: a
 *            transaction id on eventwire's backend), after 0 to 2 batches of new articles have been committed.
 *
 * What is checked after each kill (`CrashStore.inspect`): the database's own integrity check (SQLite's
 * integrity_check and foreign keys, PostgreSQL's amcheck when installed); migrations recorded without gaps, and
 * nothing stored before they are all applied; every article with its one version, its spans, its full-text row,
 * its quotes and events in their indexes, its connection (duplicates, story); no index row without its article
 * or span; known names all carried by a stored mention; texts whose sha256 is their content hash. Then against
 * the corpus (`corpusProblems`): the stored articles are the corpus's first ones in ingest order, each once, a
 * whole number of batches of them (a batch is one transaction), and each article's spans and connect decision
 * (story, storyline, duplicate) are those an uninterrupted ingest stores (`referenceIngest`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { cleanSource } from '../src/clean/index.js';
import { sha256 } from '../src/document/document.js';
import { latestSchemaVersion } from '../src/store/migrations.js';
import { latestPostgresSchemaVersion } from '../src/store/postgres-migrations.js';
import { generateArticles } from './generate-corpus.js';
import { countStored } from './stored-articles.js';

// ---------------------------------------------------------------------------------------------------------
// The corpus

export interface CrashCorpus {
  dir: string;
  /** Content hashes of the articles in the order ingest reads them (the generated file names sort that way). */
  hashes: string[];
}

/**
 * Writes `count` generated articles, each cut after the line that passes `maxChars`: short articles keep a
 * loop of hundreds of runs, each analysing the corpus again from the start, within minutes.
 */
export async function writeCrashCorpus(dir: string, count: number, seed: number, maxChars = 900): Promise<CrashCorpus> {
  await mkdir(dir, { recursive: true });
  const hashes: string[] = [];
  for (const article of generateArticles(count, seed)) {
    const cut = article.text.indexOf('\n', maxChars);
    const text = `${(cut < 0 ? article.text : article.text.slice(0, cut)).trimEnd()}\n`;
    await writeFile(join(dir, article.fileName), text, 'utf8');
    for (const doc of cleanSource({ uri: article.fileName, format: 'txt', text, encoding: 'utf-8', hints: {} })) hashes.push(doc.contentHash);
  }
  if (hashes.length !== count) throw new Error(`writeCrashCorpus: ${count} files made ${hashes.length} articles; the checks need one article a file`);
  return { dir, hashes };
}

// ---------------------------------------------------------------------------------------------------------
// Looking at a store from outside

export interface StoredArticle {
  seq: number;
  id: string;
  uri: string;
  contentHash: string;
  /** sha256 of the stored text equals its content hash: the text was not torn. */
  textIntact: boolean;
  /** sha256 of the current version's span rows in order: equal across stores holding the same reading. */
  spansDigest: string;
  /** What the connect stage decided (story, storyline, duplicate), as JSON; null when it has not linked the article. */
  connection: string | null;
}

/** What an uninterrupted run stores for an article, to compare a crashed store's with. */
export type ReferenceArticle = Pick<StoredArticle, 'spansDigest' | 'connection'>;

export interface Inspection {
  /** Migrations recorded, and how many this eventwire has. */
  schemaVersion: number;
  latestSchemaVersion: number;
  /** Current versions in storage order. */
  articles: StoredArticle[];
  /** Everything found wrong, each naming the check and a few examples; empty for a consistent store. */
  problems: string[];
}

export interface CrashStore {
  readonly kind: 'SQLite' | 'PostgreSQL';
  /** What `--db` takes. */
  readonly location: string;
  /** The database's own check of its files that `inspect` runs. */
  readonly integrityCheck: string;
  storedCount(): Promise<number>;
  /** The process `pid` (or, on PostgreSQL, any eventwire process) has the store open. */
  isOpenedBy(pid: number): Promise<boolean>;
  /** A write transaction is open on the store. */
  isWriting(): Promise<boolean>;
  /** Waits until nothing of a killed process holds the store any more (PostgreSQL: its backend has ended). */
  settle(): Promise<void>;
  inspect(): Promise<Inspection>;
  /** Ends the watcher's own connections; the store's data is left as it is. */
  close(): Promise<void>;
}

/** The problem reported for articles the connect stage has not linked: expected while `eventwire connect` runs. */
export const UNCONNECTED = 'articles without a connection (duplicates, story)';

/** A query that returns the offending rows: none in a consistent store. */
interface ZeroRowCheck {
  problem: string;
  sql: string;
  /** Tables and `table.column`s the check reads that newer migrations add: without them it is not run. */
  needs?: string[];
}

/** The checks both stores run; only how a span's JSON is read differs. */
function consistencyChecks(json: { contentNotEmpty: string; mentionEntity: string }): ZeroRowCheck[] {
  const currentSpans = (type: string) =>
    `SELECT s.article_seq, s.span_id FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version WHERE s.type = '${type}'`;
  const currentAttributions = `${currentSpans('attribution')} AND ${json.contentNotEmpty}`;
  return [
    { problem: 'articles without their current version', sql: 'SELECT a.id FROM articles a LEFT JOIN article_versions v ON v.article_seq = a.seq AND v.version = a.current_version WHERE v.article_seq IS NULL' },
    {
      problem: 'articles with more than one version (no text of the corpus changes)',
      sql: 'SELECT a.id FROM articles a WHERE a.current_version <> 1 OR (SELECT count(*) FROM article_versions v WHERE v.article_seq = a.seq) <> 1',
    },
    { problem: 'versions without their article', sql: 'SELECT v.article_seq FROM article_versions v LEFT JOIN articles a ON a.seq = v.article_seq WHERE a.seq IS NULL' },
    { problem: 'versions without spans', sql: 'SELECT v.article_seq, v.version FROM article_versions v WHERE NOT EXISTS (SELECT 1 FROM spans s WHERE s.article_seq = v.article_seq AND s.version = v.version)' },
    { problem: 'spans without their version', sql: 'SELECT DISTINCT s.article_seq, s.version FROM spans s LEFT JOIN article_versions v ON v.article_seq = s.article_seq AND v.version = s.version WHERE v.article_seq IS NULL' },
    { problem: 'event spans missing from the event index', sql: `${currentSpans('event')} EXCEPT SELECT article_seq, span_id FROM event_index` },
    { problem: 'event index rows without their event span', sql: `SELECT article_seq, span_id FROM event_index EXCEPT ${currentSpans('event')}` },
    { problem: 'attributions missing from the quote index', sql: `${currentAttributions} EXCEPT SELECT article_seq, span_id FROM quote_search` },
    { problem: 'quote index rows without their attribution', sql: `SELECT article_seq, span_id FROM quote_search EXCEPT ${currentAttributions}` },
    { problem: UNCONNECTED, sql: 'SELECT a.id FROM articles a LEFT JOIN article_connections c ON c.article_seq = a.seq WHERE c.article_seq IS NULL' },
    { problem: 'connections without their article', sql: 'SELECT c.article_seq FROM article_connections c LEFT JOIN articles a ON a.seq = c.article_seq WHERE a.seq IS NULL' },
    { problem: 'known names no stored mention carries', sql: `SELECT entity FROM known_names EXCEPT SELECT ${json.mentionEntity} FROM spans WHERE type = 'mention'` },
    { problem: 'input errors recorded (the corpus has no bad input)', sql: 'SELECT uri, message FROM input_errors' },
    {
      problem: 'articles counted as naming an entity that are not stored',
      sql: 'SELECT e.entity, e.article_seq FROM entity_articles e LEFT JOIN articles a ON a.seq = e.article_seq WHERE a.seq IS NULL',
      needs: ['entity_articles'],
    },
    {
      problem: "known names whose article count is not the articles counted for them",
      sql: 'SELECT k.entity, k.articles FROM known_names k WHERE k.articles <> (SELECT count(*) FROM entity_articles e WHERE e.entity = k.entity)',
      needs: ['entity_articles', 'known_names.articles'],
    },
  ];
}

function describeRows(problem: string, rows: readonly unknown[]): string {
  return `${problem}: ${rows.length}, e.g. ${JSON.stringify(rows.slice(0, 3))}`;
}

/** Versions recorded must be 1..n without a gap: a migration is all there or not at all. */
function migrationProblems(versions: readonly number[]): string[] {
  return versions.every((v, i) => v === i + 1) ? [] : [`migrations recorded with a gap: ${versions.join(', ')}`];
}

interface ArticleRow {
  seq: number;
  id: string;
  uri: string;
  content_hash: string;
  text: string;
  /** The article_connections row's columns; null throughout when there is none. */
  connected: number | null;
  story: number | null;
  storyline: number | null;
  duplicate_of: string | null;
  duplicate_kind: string | null;
  probability: number | null;
  duplicate_similarity: number | null;
}

/** Rounded: the stores give back the same double, but as text through different routes. */
const rounded = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);

interface SpanRow {
  seq: number;
  span_id: number;
  type: string;
  stage: string;
  start_offset: number;
  end_offset: number;
  /** Parsed, whatever the store's column type: SQLite keeps text, PostgreSQL json. */
  attrs: unknown;
}

function storedArticles(rows: readonly ArticleRow[], spans: readonly SpanRow[]): StoredArticle[] {
  const spansOf = new Map<number, unknown[]>();
  for (const { seq, ...span } of spans) {
    let list = spansOf.get(seq);
    if (!list) spansOf.set(seq, (list = []));
    list.push(span);
  }
  return rows.map((row) => ({
    seq: row.seq,
    id: row.id,
    uri: row.uri,
    contentHash: row.content_hash,
    textIntact: sha256(row.text) === row.content_hash,
    spansDigest: sha256(JSON.stringify(spansOf.get(row.seq) ?? [])),
    connection:
      row.connected === null
        ? null
        : JSON.stringify([row.story, row.storyline, row.duplicate_of, row.duplicate_kind, rounded(row.probability), rounded(row.duplicate_similarity)]),
  }));
}

const ARTICLES_SQL = (uri: string) => `SELECT a.seq, a.id, ${uri} AS uri, v.content_hash, v.text, c.article_seq AS connected,
         c.story, c.storyline, c.duplicate_of, c.duplicate_kind, c.probability, c.duplicate_similarity
  FROM articles a JOIN article_versions v ON v.article_seq = a.seq AND v.version = a.current_version
  LEFT JOIN article_connections c ON c.article_seq = a.seq
  ORDER BY a.seq`;
const SPANS_SQL = `SELECT s.article_seq AS seq, s.span_id, s.type, s.stage, s.start_offset, s.end_offset, s.attrs
  FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version ORDER BY s.article_seq, s.position`;

/** The WAL write lock (byte 120 of the -shm file, WAL_WRITE_LOCK) as /proc/locks lists it: `1: POSIX ADVISORY WRITE pid dev:inode 120 120`. */
const WAL_WRITE_LOCK = /^\d+:\s+POSIX\s+ADVISORY\s+WRITE\s+\d+\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s+120\s+120$/;

/** An SQLite store file, looked at from outside: never opened for writing while eventwire runs on it. */
export function sqliteCrashStore(path: string): CrashStore {
  const file = resolve(path);
  return {
    kind: 'SQLite',
    location: file,
    integrityCheck: 'PRAGMA integrity_check and foreign_key_check, FTS5 integrity-check',
    storedCount: async () => countStored(file),
    isOpenedBy: async (pid) => {
      try {
        const fds = `/proc/${pid}/fd`;
        return readdirSync(fds).some((fd) => {
          try {
            return readlinkSync(join(fds, fd)) === file;
          } catch {
            return false;
          }
        });
      } catch {
        return false; // exited, or no /proc
      }
    },
    isWriting: async () => {
      try {
        const shm = String(statSync(`${file}-shm`).ino);
        return readFileSync('/proc/locks', 'utf8').split('\n').some((line) => WAL_WRITE_LOCK.exec(line)?.[1] === shm);
      } catch {
        return false; // no WAL yet, or no /proc/locks
      }
    },
    settle: async () => undefined, // the kernel dropped the killed process's locks with it
    inspect: async () => inspectSqliteCopy(file),
    close: async () => undefined,
  };
}

/**
 * Checks a copy of the database and its WAL, so the next run meets the store exactly as the crash left it (the
 * last connection to close checkpoints the WAL away). Opening the copy recovers it as a restart would.
 */
function inspectSqliteCopy(file: string): Inspection {
  const latest = latestSchemaVersion();
  if (!existsSync(file)) return { schemaVersion: 0, latestSchemaVersion: latest, articles: [], problems: [] };
  const dir = mkdtempSync(join(tmpdir(), 'eventwire-crash-check-'));
  const copy = join(dir, 'store.db');
  for (const suffix of ['', '-wal', '-journal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
  const db = new Database(copy);
  try {
    return inspectSqlite(db, latest);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function inspectSqlite(db: Database.Database, latest: number): Inspection {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.map((r) => r.integrity_check).join() !== 'ok') problems.push(describeRows('PRAGMA integrity_check', integrity));
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) problems.push(describeRows('PRAGMA foreign_key_check', foreignKeys));
  const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(name) !== undefined;
  const versions = hasTable('schema_migrations') ? db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[] : [];
  problems.push(...migrationProblems(versions));
  const schemaVersion = versions.length;
  if (schemaVersion < latest) {
    // Interrupted while migrating: ingest starts only once every migration is in.
    const stored = hasTable('articles') ? (db.prepare('SELECT count(*) FROM articles').pluck().get() as number) : 0;
    if (stored > 0) problems.push(`${stored} articles stored under schema version ${schemaVersion} of ${latest}`);
    return { schemaVersion, latestSchemaVersion: latest, articles: [], problems };
  }
  const checks: ZeroRowCheck[] = [
    ...consistencyChecks({ contentNotEmpty: "json_array_length(s.attrs, '$.content') > 0", mentionEntity: "json_extract(attrs, '$.entity')" }),
    // The external-content index keeps one size row per indexed article.
    { problem: 'articles missing from the full-text index', sql: 'SELECT seq FROM articles EXCEPT SELECT id FROM article_search_docsize' },
    { problem: 'full-text rows of no article', sql: 'SELECT id FROM article_search_docsize EXCEPT SELECT seq FROM articles' },
  ];
  const schemaHas = (name: string) => {
    const [table, column] = name.split('.') as [string, string | undefined];
    return column === undefined ? hasTable(table) : db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, column) !== undefined;
  };
  for (const { problem, sql, needs = [] } of checks) {
    if (!needs.every(schemaHas)) continue;
    const rows = db.prepare(sql).all();
    if (rows.length > 0) problems.push(describeRows(problem, rows));
  }
  // FTS5's own check; rank 1 also compares the index with its content (the current versions).
  for (const [table, rank] of [['article_search', 1], ['quote_search', 0]] as const) {
    try {
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', ?)`).run(rank);
    } catch (error) {
      problems.push(`${table} integrity-check: ${(error as Error).message}`);
    }
  }
  const rows = db.prepare(ARTICLES_SQL("json_extract(v.origin, '$.uri')")).all() as ArticleRow[];
  const spans = (db.prepare(SPANS_SQL).all() as (SpanRow & { attrs: string })[]).map((s) => ({ ...s, attrs: JSON.parse(s.attrs) as unknown }));
  return { schemaVersion, latestSchemaVersion: latest, articles: storedArticles(rows, spans), problems };
}

/** The application name the store's connections carry (its pool sets it); the watcher's own is another. */
const EVENTWIRE_BACKENDS = "SELECT pid, backend_xid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eventwire'";
const SETTLE_TIMEOUT_MS = 15_000;

/** A PostgreSQL database eventwire stores into, looked at through a connection of the watcher's own. */
export async function postgresCrashStore(url: string): Promise<CrashStore> {
  // bigint (seq, span ids, counts) as numbers, as the store reads them: span digests must match SQLite's.
  const types = { getTypeParser: (oid: number, format?: string) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const client = new pg.Client({ connectionString: url, application_name: 'eventwire-crash-check', types: types as pg.CustomTypesConfig });
  await client.connect();
  // The amcheck functions check B-tree indexes against their tables and the tables' pages; absent, they are skipped.
  const amcheck = await client.query('CREATE EXTENSION IF NOT EXISTS amcheck').then(
    () => true,
    () => false,
  );
  const backends = async () => (await client.query<{ pid: number; backend_xid: string | null }>(EVENTWIRE_BACKENDS)).rows;
  return {
    kind: 'PostgreSQL',
    location: url,
    integrityCheck: amcheck ? 'amcheck (bt_index_check with heapallindexed, verify_heapam)' : 'none: the amcheck extension is not installed',
    storedCount: async () => {
      try {
        return (await client.query<{ n: number }>('SELECT count(*) AS n FROM articles')).rows[0]!.n;
      } catch {
        return 0; // not created yet
      }
    },
    isOpenedBy: async () => (await backends()).length > 0,
    isWriting: async () => (await backends()).some((b) => b.backend_xid !== null),
    settle: async () => {
      // A killed client's backend notices the closed socket at its next read or write, and rolls back.
      const until = performance.now() + SETTLE_TIMEOUT_MS;
      while ((await backends()).length > 0) {
        if (performance.now() > until) throw new Error(`an eventwire backend was still there ${SETTLE_TIMEOUT_MS / 1000} s after its process was killed`);
        await sleep(20);
      }
    },
    inspect: () => inspectPostgres(client, amcheck),
    close: () => client.end(),
  };
}

async function inspectPostgres(client: pg.Client, amcheck: boolean): Promise<Inspection> {
  const latest = latestPostgresSchemaVersion();
  const problems: string[] = [];
  const rowsOf = async <R extends pg.QueryResultRow>(sql: string): Promise<R[]> => (await client.query<R>(sql)).rows;
  if (amcheck) {
    try {
      await client.query(`SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace`);
      const heap = await rowsOf(`SELECT c.relname, v.blkno, v.msg FROM pg_class c CROSS JOIN LATERAL verify_heapam(c.oid) v
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`);
      if (heap.length > 0) problems.push(describeRows('amcheck verify_heapam', heap));
    } catch (error) {
      problems.push(`amcheck: ${(error as Error).message}`);
    }
  }
  const exists = async (table: string) => (await rowsOf<{ t: string | null }>(`SELECT to_regclass('public.${table}')::text AS t`))[0]!.t !== null;
  const versions = (await exists('schema_migrations')) ? (await rowsOf<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version) : [];
  problems.push(...migrationProblems(versions));
  const schemaVersion = versions.length;
  if (schemaVersion < latest) {
    // A migration is one transaction, DDL included: none of its tables may show before it is recorded.
    if (await exists('articles')) problems.push(`the articles table exists under schema version ${schemaVersion} of ${latest}`);
    return { schemaVersion, latestSchemaVersion: latest, articles: [], problems };
  }
  const checks: ZeroRowCheck[] = [
    ...consistencyChecks({ contentNotEmpty: "json_array_length(s.attrs -> 'content') > 0", mentionEntity: 'entity' }),
    { problem: 'articles missing from the full-text index', sql: 'SELECT seq FROM articles EXCEPT SELECT article_seq FROM article_search' },
    { problem: 'full-text rows of no article', sql: 'SELECT article_seq FROM article_search EXCEPT SELECT seq FROM articles' },
  ];
  const schemaHas = async (name: string) => {
    const [table, column = null] = name.split('.');
    const found = await client.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND ($2::text IS NULL OR column_name = $2)",
      [table, column],
    );
    return found.rowCount! > 0;
  };
  for (const { problem, sql, needs = [] } of checks) {
    if (!(await Promise.all(needs.map(schemaHas))).every(Boolean)) continue;
    const rows = await rowsOf(sql);
    if (rows.length > 0) problems.push(describeRows(problem, rows));
  }
  const articles = storedArticles(await rowsOf<ArticleRow>(ARTICLES_SQL('v.uri')), await rowsOf<SpanRow>(SPANS_SQL));
  return { schemaVersion, latestSchemaVersion: latest, articles, problems };
}

// ---------------------------------------------------------------------------------------------------------
// What the corpus says the store must hold

/** The stored articles by content hash, as a reference for another store's. */
export function referenceOf(inspection: Inspection): Map<string, ReferenceArticle> {
  return new Map(inspection.articles.map((a) => [a.contentHash, { spansDigest: a.spansDigest, connection: a.connection }]));
}

/**
 * What an uninterrupted ingest stores for each article, by content hash. Ingests the corpus into a new SQLite store
 * (`dir`/reference.db) and checks it is complete and consistent first.
 */
export async function referenceIngest(cli: string, corpus: CrashCorpus, batchSize: number, dir: string): Promise<Map<string, ReferenceArticle>> {
  const store = sqliteCrashStore(join(dir, 'reference.db'));
  const run = await runCli(cli, ingestArgs(corpus, store, batchSize));
  const inspection = await store.inspect();
  const problems = [...runProblems(run), ...inspection.problems, ...corpusProblems(inspection, corpus, { batchSize, complete: true })];
  if (problems.length > 0) throw new Error(`the uninterrupted reference ingest is not right:\n${problems.join('\n')}`);
  return referenceOf(inspection);
}

export interface CorpusExpectation {
  batchSize: number;
  /** The ingest ran to its end: every article must be there. */
  complete: boolean;
  /** What an uninterrupted run stores, by content hash (`referenceIngest`, `referenceOf`). */
  reference?: ReadonlyMap<string, ReferenceArticle>;
}

/**
 * The stored articles against the corpus: its first n articles in ingest order, each once, n a whole number of
 * batches (or all of them), texts intact, spans as an uninterrupted ingest stores them.
 */
export function corpusProblems(inspection: Inspection, corpus: CrashCorpus, expect: CorpusExpectation): string[] {
  const problems: string[] = [];
  const stored = inspection.articles.map((a) => a.contentHash);
  const total = corpus.hashes.length;
  const known = new Set(corpus.hashes);
  const unknown = stored.filter((h) => !known.has(h));
  if (unknown.length > 0) problems.push(`${unknown.length} stored texts are not in the corpus, e.g. ${unknown[0]}`);
  const seen = new Set<string>();
  const twice = stored.filter((h) => seen.size === seen.add(h).size);
  if (twice.length > 0) problems.push(`${twice.length} texts stored more than once, e.g. ${twice[0]}`);
  const firstWrong = stored.findIndex((h, i) => h !== corpus.hashes[i]);
  if (firstWrong >= 0) problems.push(`stored article ${firstWrong + 1} is not the corpus's article ${firstWrong + 1}: not the corpus's first ${stored.length} in order`);
  if (expect.complete && stored.length !== total) problems.push(`${stored.length} of ${total} articles stored after a run that finished`);
  else if (stored.length % expect.batchSize !== 0 && stored.length !== total) {
    problems.push(`${stored.length} articles stored, not a whole number of batches of ${expect.batchSize}: part of a batch was committed`);
  }
  const torn = inspection.articles.filter((a) => !a.textIntact);
  if (torn.length > 0) problems.push(`${torn.length} stored texts do not hash to their content hash, e.g. ${torn[0]!.id}`);
  if (expect.reference) {
    const differing = (field: keyof ReferenceArticle) =>
      inspection.articles.filter((a) => expect.reference!.has(a.contentHash) && expect.reference!.get(a.contentHash)![field] !== a[field]);
    const spans = differing('spansDigest');
    if (spans.length > 0) problems.push(`${spans.length} articles whose spans differ from an uninterrupted run's, e.g. ${spans[0]!.id}`);
    const connections = differing('connection');
    if (connections.length > 0) {
      const [first] = connections;
      problems.push(
        `${connections.length} articles connected otherwise than by an uninterrupted run (story, storyline, duplicate), e.g. ${first!.id}: ` +
          `${first!.connection} instead of ${expect.reference.get(first!.contentHash)!.connection}`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Running and killing

export type KillMoment = 'opening' | 'delay' | 'stored' | 'writing';
export const KILL_MOMENTS: readonly KillMoment[] = ['opening', 'delay', 'stored', 'writing'];

export interface KillPlan {
  moment: KillMoment;
  /** opening: after the store is opened; delay: after the start. */
  delayMs: number;
  /** stored: the count to kill at; writing: the count after which a write transaction is waited for. */
  storedAtLeast: number;
}

/** Longest random delay after the start: start-up and model loading take about 2.5 s, analysis goes on after. */
const MAX_DELAY_MS = 4_000;
/** A kill on opening lands this many milliseconds at most after the store is seen open: a new store is migrating then. */
const MAX_OPENING_DELAY_MS = 20;

/** A random kill point of the given moment, for a store holding `stored` of `total` articles. */
export function planKill(moment: KillMoment, random: () => number, stored: number, total: number, batchSize: number): KillPlan {
  const remaining = total - stored;
  if (moment === 'stored') {
    // A few batches on at most, so that several kills fit before the store is full.
    if (remaining < 2) return planKill('delay', random, stored, total, batchSize);
    return { moment, delayMs: 0, storedAtLeast: Math.min(total - 1, stored + 1 + Math.floor(random() * Math.max(1, remaining / 4))) };
  }
  if (moment === 'writing') {
    const after = stored + batchSize * Math.floor(random() * 3);
    return { moment, delayMs: 0, storedAtLeast: after < total ? after : stored };
  }
  // A delay kill also lands once only the last batch is left, so a run that has little to do (most of the corpus
  // stored, a fast machine) is still killed before its end.
  const lastBatch = Math.max(stored + 1, total - batchSize);
  return { moment, delayMs: random() * (moment === 'opening' ? MAX_OPENING_DELAY_MS : MAX_DELAY_MS), storedAtLeast: moment === 'delay' ? lastBatch : 0 };
}

export function describePlan(plan: KillPlan): string {
  switch (plan.moment) {
    case 'opening':
      return `opening (+${plan.delayMs.toFixed(0)} ms)`;
    case 'delay':
      return `delay ${plan.delayMs.toFixed(0)} ms`;
    case 'stored':
      return `at ${plan.storedAtLeast} stored`;
    case 'writing':
      return `writing (from ${plan.storedAtLeast} stored)`;
  }
}

export interface CliRun {
  /** The kill landed; false: the process ended first. */
  killed: boolean;
  /** Milliseconds from the start to the kill or the end. */
  ms: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Given the process and when it started, whether to kill it now: looked at every few milliseconds. */
export type KillCondition = (pid: number, startedAt: number) => () => Promise<boolean>;

export interface RunOptions {
  /** Kill the process with SIGKILL when this says so; without it the run goes to its end. */
  killWhen?: KillCondition;
  /** Awaited after the start and before the kill condition is first looked at (the server: until the upload is in). */
  started?: (child: ChildProcess) => Promise<void>;
  /** A run still going after this long is killed and reported as hung. */
  timeoutMs?: number;
}

const POLL_MS = 2;
const RUN_TIMEOUT_MS = 300_000;

/** When the plan's point has come for an ingest into `store`. */
export function planned(store: CrashStore, plan: KillPlan): KillCondition {
  return (pid, startedAt) => {
    switch (plan.moment) {
      case 'delay':
        return async () => performance.now() - startedAt >= plan.delayMs || (plan.storedAtLeast > 0 && (await store.storedCount()) >= plan.storedAtLeast);
      case 'opening': {
        let openedAt: number | undefined;
        return async () => {
          openedAt ??= (await store.isOpenedBy(pid)) ? performance.now() : undefined;
          return openedAt !== undefined && performance.now() - openedAt >= plan.delayMs;
        };
      }
      case 'stored':
        return async () => (await store.storedCount()) >= plan.storedAtLeast;
      case 'writing': {
        let armed = false;
        return async () => {
          armed ||= (await store.storedCount()) >= plan.storedAtLeast;
          return armed && (await store.isWriting());
        };
      }
    }
  };
}

/** Kill as soon as any of the conditions says so. */
export function eitherOf(...conditions: KillCondition[]): KillCondition {
  return (pid, startedAt) => {
    const reached = conditions.map((condition) => condition(pid, startedAt));
    return async () => {
      for (const isReached of reached) if (await isReached()) return true;
      return false;
    };
  };
}

/** Runs the CLI with `args` until it ends, or until `killWhen` has it killed with SIGKILL. */
export async function runCli(cli: string, args: string[], options: RunOptions = {}): Promise<CliRun> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (!options.started) child.stdout!.resume();
  let exit: { status: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((done) =>
    child.once('close', (status, signal) => {
      exit = { status, signal };
      done();
    }),
  );
  let killed = false;
  let ms = 0;
  const timeout = options.timeoutMs ?? RUN_TIMEOUT_MS;
  try {
    await Promise.race([options.started?.(child), exited]);
    const reached = options.killWhen?.(child.pid!, startedAt) ?? (async () => false);
    while (!exit) {
      if (performance.now() - startedAt > timeout) {
        child.kill('SIGKILL');
        stderr += `\n(hung: killed after ${timeout / 1000} s)`;
        break;
      }
      if (await reached()) {
        if (exit) break; // it ended while the condition was being looked at
        child.kill('SIGKILL');
        ms = performance.now() - startedAt;
        killed = true;
        break;
      }
      await sleep(POLL_MS);
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    await exited;
  }
  return { killed, ms: killed ? ms : performance.now() - startedAt, status: exit!.status, signal: exit!.signal, stderr };
}

/** A run not killed must have succeeded. */
export function runProblems(run: CliRun): string[] {
  if (run.killed || run.status === 0) return [];
  // The error's own line, then where it ended.
  const lines = run.stderr.trim().split('\n');
  const said = [...new Set([lines.find((line) => /error/i.test(line)), ...lines.slice(-3)])].filter(Boolean);
  return [`the run ended by itself with status ${run.status}${run.signal ? ` (${run.signal})` : ''}: ${said.join(' | ')}`];
}

export function ingestArgs(corpus: CrashCorpus, store: CrashStore, batchSize: number): string[] {
  return ['ingest', corpus.dir, '--db', store.location, '--no-progress', '--batch-size', String(batchSize)];
}

// ---------------------------------------------------------------------------------------------------------
// A round: kills on one store, then a run to the end

export interface KillRecord {
  /** Where the kill was to land; none for the run to the end. */
  plan?: KillPlan;
  run: CliRun;
  /** Articles stored after the kill, and the schema version found. */
  stored: number;
  schemaVersion: number;
  problems: string[];
}

export interface RoundReport {
  kills: KillRecord[];
  final: KillRecord;
}

export interface RoundOptions {
  cli: string;
  corpus: CrashCorpus;
  batchSize: number;
  kills: number;
  random: () => number;
  /** The moments of the kills in turn; by default each is drawn at random. */
  moments?: readonly KillMoment[];
  reference?: ReadonlyMap<string, ReferenceArticle>;
  /** A run still going after this long is killed and reported as hung (default 5 minutes). */
  timeoutMs?: number;
  onKill?: (record: KillRecord, index: number) => void;
}

/** Kills an ingest `kills` times on `store`, checking it after each; then runs the ingest to its end and checks that. */
export async function crashRound(store: CrashStore, options: RoundOptions): Promise<RoundReport> {
  const { corpus, batchSize, random } = options;
  const args = ingestArgs(corpus, store, batchSize);
  const timeout = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
  const check = async (run: CliRun, plan?: KillPlan): Promise<KillRecord> => {
    await store.settle();
    const inspection = await store.inspect();
    const expectation = { batchSize, complete: !run.killed, ...(options.reference ? { reference: options.reference } : {}) };
    const problems = [...runProblems(run), ...inspection.problems, ...corpusProblems(inspection, corpus, expectation)];
    return { ...(plan ? { plan } : {}), run, stored: inspection.articles.length, schemaVersion: inspection.schemaVersion, problems };
  };
  const kills: KillRecord[] = [];
  // Planned from what the last check counted: a count read while the store is being written may come out low.
  let stored = (await store.inspect()).articles.length;
  for (let i = 0; i < options.kills; i++) {
    const moment = options.moments?.[i % options.moments.length] ?? KILL_MOMENTS[Math.floor(random() * KILL_MOMENTS.length)]!;
    const plan = planKill(moment, random, stored, corpus.hashes.length, batchSize);
    const record = await check(await runCli(options.cli, args, { killWhen: planned(store, plan), ...timeout }), plan);
    kills.push(record);
    stored = record.stored;
    options.onKill?.(record, i);
  }
  return { kills, final: await check(await runCli(options.cli, args, timeout)) };
}
