/**
 * The store on PostgreSQL: the Store interface with the SQLite store's semantics (versions, dedup by content,
 * re-analysis in place, spans that round-trip exactly, names linked across articles, full-text search over
 * articles and quotes, the event index, connections and stories), for a server and any number of workers
 * writing at once.
 *
 * Writing. A batch is one transaction: all of it or none. New articles, the common case, are written with a
 * handful of set-based statements per batch; a record that meets a stored one (same text, same key) takes the same
 * step-by-step path as in SQLite, holding its article's row lock, so one writer at a time numbers its versions or
 * replaces its reading. Two writers storing the same new article meet on the unique key: the second waits for the
 * first to commit (INSERT ... ON CONFLICT DO NOTHING, rows in key order) and then finds the article stored. What
 * is still lost to a race (a deadlock, the same text under two keys at once) fails the transaction, and the batch is
 * retried from the start with backoff. No advisory lock per article: a batch would hold hundreds, and PostgreSQL's
 * shared lock table is small.
 *
 * Reading. Statements are parameterised; several that must agree run in one REPEATABLE READ snapshot.
 */
import pg from 'pg';
import type { ArticleConnection, StoredConnection } from '../connect/index.js';
import type { DocumentData, EntityLabel, Origin, SourceHints, Span } from '../document/types.js';
import { dominant, mayStandFor, notedName, type NameLabel, type NotedName } from './names.js';
import { PostgresAnalytics } from './postgres-analytics.js';
import { inSnapshot, page, type Queryable } from './postgres-common.js';
import { copyRows } from './postgres-copy.js';
import { migratePostgres, TEXT_SEARCH_CONFIG } from './postgres-migrations.js';
import { checkNoNul, hasAstral, hashSpans, spanRows } from './postgres-records.js';
import { applyStoryMoves, connectionRow, copyNewConnections, insertConnections, PostgresConnections, replaceConnectorSnapshot } from './postgres-stories.js';
import { describeRecord, eventRows, quoteRows, spanFromRow, validateRecord } from './records.js';
import type {
  ActorNetwork,
  ArticleRecord,
  ArticleSummary,
  CorpusStats,
  DyadPeriod,
  DyadQuery,
  EntityDetail,
  EntityListOptions,
  EntitySummary,
  EventQuery,
  IngestOutcome,
  ListOptions,
  NetworkQuery,
  ConnectionsThrough,
  Placement,
  QuoteHit,
  QuoteListOptions,
  SearchFacets,
  SearchHit,
  SearchOptions,
  Store,
  StoredArticle,
  StoredEvent,
  StoryDetail,
  StoryListOptions,
  StorylineSummary,
  StorySummary,
} from './types.js';

/** Rows read per query by `exportAll` and `unconnected`. */
const EXPORT_PAGE_SIZE = 200;
/** Span rows per COPY: bounds the memory one takes. */
const SPAN_ROWS_PER_STATEMENT = 20_000;
const SPAN_COLUMNS = ['article_seq', 'version', 'span_id', 'position', 'type', 'stage', 'start_offset', 'end_offset', 'attrs', 'entity', 'name', 'label', 'form', 'surface', 'reason'];
/** Attempts at a batch that lost a race with another writer before giving up. */
const MAX_ATTEMPTS = 6;
/**
 * Body characters indexed for search. A tsvector's lexemes may total 1 MB; a word character takes at most 3 bytes
 * of UTF-8, so this many characters stay under it even if every word is different. Longer bodies (a hundred pages
 * of prose) are searchable by their beginning, and stored whole.
 */
const SEARCH_BODY_CHARS = 250_000;
/** Conflicts another writer can cause and a retry resolves: serialization failure, deadlock, unique violation. */
const RETRYABLE_CODES = new Set(['40001', '40P01', '23505']);

/** bigint columns (seq, counts) as JavaScript numbers: every value the store keeps is far below 2^53. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is beyond JavaScript's safe integers`);
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A URL as messages show it: the password never. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL given';
  }
}

export interface PostgresStoreOptions {
  /** Connections kept open (default 10): concurrent API requests each take one. */
  poolSize?: number;
}

/** Connects to the database at `url` (postgres:// or postgresql://), brings its schema up to date, and opens the store. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const where = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: TYPES,
    connectionTimeoutMillis: 15_000,
    application_name: 'eventwire',
  });
  // An idle connection the server drops (a restart) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  // Nor one dropped while a transaction holds it: its query rejects with the error, which the caller gets; the
  // connection's own 'error' event would otherwise go unheard and end the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot open the eventwire store ${where}: ${(error as Error).message || String(error)}`, { cause: error });
  }
  try {
    await migratePostgres(client, where);
  } catch (error) {
    client.release(true);
    await pool.end().catch(() => undefined);
    throw error;
  }
  client.release();
  return new PostgresStore(where, pool);
}

/** A record checked and turned into what the statements bind, before any transaction starts. */
interface Prepared {
  index: number;
  record: ArticleRecord;
  spansHash: string;
  astral: boolean;
  /** What identifies it in the store: its key, id and content hash (as `storedTokens` gives them). */
  tokens: string[];
}

/** The character count SQL's char_length gives (code points), for choosing the longest name as the database would. */
const charLength = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

function isRetryable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return true;
  }
  return false;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface VersionRow {
  seq: number;
  id: string;
  key: string;
  version: number;
  versions: number;
  content_hash: string;
  text: string;
  origin: Origin;
  hints: SourceHints;
  title: string | null;
  outlet: string | null;
  published: string | null;
  dateline: string | null;
  author: string | null;
  body: string;
  ingested_at: Date;
}

const VERSION_COLUMNS = `a.seq, a.id, a.key, v.version, a.current_version AS versions, v.content_hash, v.text, v.origin, v.hints,
  v.title, v.outlet, v.published, v.dateline, v.author, v.body, v.ingested_at`;

/** A stored version holding a batch record's text. */
interface StoredText {
  seq: number;
  id: string;
  version: number;
  spansHash: string;
}

interface AliasTarget {
  entity: string;
  name: string;
  label: string;
}

export class PostgresStore implements Store {
  private readonly analytics: PostgresAnalytics;
  private readonly connectionTables: PostgresConnections;
  private closed = false;

  /** Use `openPostgresStore`, which connects and migrates first. `location` is the URL without its password. */
  constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
  ) {
    this.analytics = new PostgresAnalytics(pool);
    this.connectionTables = new PostgresConnections(pool);
  }

  async ingest(records: ArticleRecord[]): Promise<IngestOutcome[]> {
    if (records.length === 0) return [];
    const prepared = records.map((record, index) => {
      try {
        validateRecord(record);
        const { doc } = record;
        const spansJson = JSON.stringify(doc.spans);
        checkNoNul(record, spansJson);
        return {
          index,
          record,
          spansHash: hashSpans(spansJson),
          astral: hasAstral(doc.text),
          tokens: [`key:${doc.key}`, `id:${doc.id}`, `text:${doc.contentHash}`],
        };
      } catch (error) {
        throw this.recordError(index, records, error);
      }
    });
    return this.transaction((client) => this.ingestBatch(client, prepared, new Date().toISOString()));
  }

  private recordError(index: number, records: readonly ArticleRecord[], error: unknown): Error {
    const reason = error instanceof Error ? error.message : String(error);
    const which = `record ${index + 1} of ${records.length} (${describeRecord(records[index]!)})`;
    return new Error(`ingest: ${which} failed, nothing of this batch was stored: ${reason}`, { cause: error });
  }

  /** Runs `work` in a transaction, again from the start when it lost a race with another writer. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
          await sleep(Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random()));
          continue;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  private async ingestBatch(client: pg.PoolClient, prepared: Prepared[], now: string): Promise<IngestOutcome[]> {
    const stored = await this.storedTokens(client, prepared);
    const outcomes: IngestOutcome[] = new Array(prepared.length);
    // Connections for unchanged articles stored before the connect stage existed: written together, before any
    // later record of the batch could write one for the same article.
    let lateConnections: Record<string, unknown>[] = [];
    const writeLateConnections = async (): Promise<void> => {
      await insertConnections(client, lateConnections);
      lateConnections = [];
    };
    const written: Prepared[] = [];
    const touched = new Set<string>();
    let pending: Prepared[] = [];
    let pendingTokens = new Set<string>();
    const storeOne = async (p: Prepared): Promise<void> => {
      await writeLateConnections();
      try {
        const outcome = await this.ingestOne(client, p, now);
        outcomes[p.index] = outcome;
        if (outcome.status !== 'unchanged') written.push(p);
      } catch (error) {
        throw this.recordError(p.index, prepared.map((q) => q.record), error);
      }
    };
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      pendingTokens = new Set();
      let taken: Prepared[];
      try {
        taken = await this.insertNewArticles(client, batch, now);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`ingest: storing ${batch.length} new article(s) of a batch of ${prepared.length} failed, nothing of this batch was stored: ${reason}`, { cause: error });
      }
      for (const p of taken) outcomes[p.index] = { id: p.record.doc.id, status: 'inserted', version: 1 };
      written.push(...taken);
      // Stored by another writer since this batch looked: now they meet a stored article.
      for (const p of batch) if (outcomes[p.index] === undefined) await storeOne(p);
    };
    for (const p of prepared) {
      const sameText = stored.texts.get(`text:${p.record.doc.contentHash}`);
      if (sameText && sameText.spansHash === p.spansHash && p.tokens.every((t) => !touched.has(t))) {
        // The same text read the same way, and nothing earlier in the batch touched it: unchanged, as stored.
        outcomes[p.index] = { id: sameText.id, status: 'unchanged', version: sameText.version };
        if (p.record.connection && sameText.id === p.record.doc.id) lateConnections.push(connectionRow(sameText.seq, p.record.connection));
        for (const t of p.tokens) touched.add(t);
        continue;
      }
      if (p.tokens.every((t) => !stored.tokens.has(t) && !touched.has(t))) {
        // Nothing stored or earlier in the batch shares its key, id or text: a new article, written in bulk.
        pending.push(p);
        for (const t of p.tokens) {
          touched.add(t);
          pendingTokens.add(t);
        }
        continue;
      }
      if (p.tokens.some((t) => pendingTokens.has(t))) await flush();
      await storeOne(p);
      for (const t of p.tokens) touched.add(t);
    }
    await flush();
    await writeLateConnections();
    // Last, in the batch's order: a move may concern an article this batch has just written.
    await applyStoryMoves(client, prepared.flatMap((p) => p.record.connection?.moved ?? []));
    await this.noteEntityArticles(client, written.map((p) => p.record.doc.id));
    await this.noteNames(client, written.sort((a, b) => a.index - b.index).map((p) => p.record.doc.spans));
    return outcomes;
  }

  /**
   * Which of the batch's keys, ids and content hashes are stored already (as its tokens), and for each stored text
   * the version that holds it.
   */
  private async storedTokens(client: Queryable, prepared: Prepared[]): Promise<{ tokens: Set<string>; texts: Map<string, StoredText> }> {
    const docs = prepared.map((p) => p.record.doc);
    const { rows } = await client.query<{ token: string; seq: number | null; id: string | null; version: number | null; spans_hash: string | null }>(
      `SELECT 'text:' || v.content_hash AS token, a.seq, a.id, v.version, v.spans_hash
       FROM article_versions v JOIN articles a ON a.seq = v.article_seq WHERE v.content_hash = ANY($1::text[])
       UNION ALL SELECT 'key:' || key, NULL, NULL, NULL, NULL FROM articles WHERE key = ANY($2::text[])
       UNION ALL SELECT 'id:' || id, NULL, NULL, NULL, NULL FROM articles WHERE id = ANY($3::text[])`,
      [docs.map((d) => d.contentHash), docs.map((d) => d.key), docs.map((d) => d.id)],
    );
    const texts = new Map<string, StoredText>();
    for (const row of rows) {
      if (row.seq !== null) texts.set(row.token, { seq: row.seq, id: row.id!, version: row.version!, spansHash: row.spans_hash! });
    }
    return { tokens: new Set(rows.map((r) => r.token)), texts };
  }

  /**
   * New articles, version 1: a few set-based statements for all. Returns those it stored; one another writer
   * stored meanwhile (same key or id) is skipped, not an error: ON CONFLICT waits for that writer to commit rather
   * than failing the batch. Rows go in key order, the same in every writer, so two writers inserting the same
   * articles wait for each other instead of deadlocking; seq is drawn first, in batch order (the ingest order).
   */
  private async insertNewArticles(client: pg.ClientBase, prepared: Prepared[], now: string): Promise<Prepared[]> {
    const { rows: seqs } = await client.query<{ seq: number }>(
      `SELECT nextval(pg_get_serial_sequence('articles', 'seq')) AS seq FROM generate_series(1, $1::integer)`,
      [prepared.length],
    );
    const { rows } = await client.query<{ seq: number }>(
      `INSERT INTO articles (seq, id, key, current_version, first_ingested, last_ingested) OVERRIDING SYSTEM VALUE
       SELECT r.seq, r.id, r.key, 1, $4, $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(seq, id, key)
       ORDER BY r.key
       ON CONFLICT DO NOTHING
       RETURNING seq`,
      [seqs.map((s) => s.seq), prepared.map((p) => p.record.doc.id), prepared.map((p) => p.record.doc.key), now],
    );
    const stored = new Set(rows.map((r) => r.seq));
    const versions = prepared.map((p, i) => ({ seq: seqs[i]!.seq, version: 1, p })).filter((v) => stored.has(v.seq));
    if (versions.length === 0) return [];
    await this.insertVersions(client, versions, now);
    await this.index(client, versions);
    await copyNewConnections(client, versions.flatMap(({ seq, p }) => (p.record.connection ? [{ seq, connection: p.record.connection }] : [])));
    return versions.map((v) => v.p);
  }

  /** The SQLite store's path for a record that meets a stored article: same text, or same key. */
  private async ingestOne(client: pg.PoolClient, p: Prepared, now: string): Promise<IngestOutcome> {
    const { doc } = p.record;
    const sameText = await this.versionWithText(client, doc.contentHash);
    if (sameText) {
      // An article stored before the connect stage existed gets its connection when it is read again.
      if (p.record.connection && sameText.id === doc.id) await insertConnections(client, [connectionRow(sameText.seq, p.record.connection)]);
      if (sameText.spans_hash === p.spansHash) return { id: sameText.id, status: 'unchanged', version: sameText.version };
      // Another writer may be re-reading it too: take the article's row lock, then look again.
      await client.query('SELECT 1 FROM articles WHERE seq = $1 FOR UPDATE', [sameText.seq]);
      const locked = (await this.versionWithText(client, doc.contentHash))!;
      if (locked.spans_hash === p.spansHash) return { id: locked.id, status: 'unchanged', version: locked.version };
      await this.replaceReading(client, locked, p);
      return { id: locked.id, status: 'reanalysed', version: locked.version };
    }

    // Locked, and read after the lock is granted: the current version is the one the last writer left.
    const article = (await client.query<{ seq: number; id: string; current_version: number }>('SELECT seq, id, current_version FROM articles WHERE key = $1 FOR UPDATE', [doc.key])).rows[0];
    if (article) {
      if (article.id !== doc.id) {
        throw new Error(`key ${JSON.stringify(doc.key)} is stored under id ${article.id}, but the record has id ${doc.id}`);
      }
      const version = article.current_version + 1;
      await this.unindex(client, article.seq);
      await this.insertVersions(client, [{ seq: article.seq, version, p }], now);
      await client.query('UPDATE articles SET current_version = $2, last_ingested = $3 WHERE seq = $1', [article.seq, version, now]);
      await this.index(client, [{ seq: article.seq, version, p }]);
      if (p.record.connection) await insertConnections(client, [connectionRow(article.seq, p.record.connection)]);
      return { id: doc.id, status: 'new-version', version };
    }

    const idOwner = (await client.query<{ key: string }>('SELECT key FROM articles WHERE id = $1', [doc.id])).rows[0];
    if (idOwner) throw new Error(`id ${doc.id} already belongs to key ${JSON.stringify(idOwner.key)}, not ${JSON.stringify(doc.key)}`);
    // Stored by another writer since the key was looked up: then it meets that article.
    if ((await this.insertNewArticles(client, [p], now)).length === 0) return this.ingestOne(client, p, now);
    return { id: doc.id, status: 'inserted', version: 1 };
  }

  /** The stored version with this text, if any, and what its article is at. */
  private async versionWithText(client: Queryable, contentHash: string): Promise<{ seq: number; id: string; version: number; current: number; spans_hash: string } | undefined> {
    const { rows } = await client.query<{ seq: number; id: string; version: number; current: number; spans_hash: string }>(
      `SELECT a.seq, a.id, v.version, a.current_version AS current, v.spans_hash
       FROM article_versions v JOIN articles a ON a.seq = v.article_seq WHERE v.content_hash = $1`,
      [contentHash],
    );
    return rows[0];
  }

  /** Same text, newer reading: replace the version's spans and the fields read from them, indexes included. */
  private async replaceReading(client: pg.ClientBase, stored: { seq: number; version: number; current: number }, p: Prepared): Promise<void> {
    const isCurrent = stored.version === stored.current;
    if (isCurrent) await this.unindex(client, stored.seq);
    await client.query('DELETE FROM spans WHERE article_seq = $1 AND version = $2', [stored.seq, stored.version]);
    const { record } = p;
    await client.query(
      `UPDATE article_versions SET spans_hash = $3, title = $4, outlet = $5, published = $6, dateline = $7, author = $8, body = $9
       WHERE article_seq = $1 AND version = $2`,
      [stored.seq, stored.version, p.spansHash, record.title, record.outlet, record.published, record.dateline, record.author, record.body],
    );
    await this.insertSpans(client, [{ seq: stored.seq, version: stored.version, p }]);
    if (isCurrent) await this.index(client, [{ seq: stored.seq, version: stored.version, p }]);
  }

  private async insertVersions(client: pg.ClientBase, versions: { seq: number; version: number; p: Prepared }[], now: string): Promise<void> {
    await copyRows(
      client,
      'article_versions',
      ['article_seq', 'version', 'content_hash', 'spans_hash', 'text', 'astral', 'origin', 'hints', 'uri', 'title', 'outlet', 'published', 'dateline', 'author', 'body', 'ingested_at'],
      versions.map(({ seq, version, p }) => {
        const { record } = p;
        const { doc } = record;
        return [seq, version, doc.contentHash, p.spansHash, doc.text, p.astral, doc.origin, doc.hints, doc.origin.uri, record.title, record.outlet, record.published, record.dateline, record.author, record.body, now];
      }),
    );
    await this.insertSpans(client, versions);
  }

  private async insertSpans(client: pg.ClientBase, versions: { seq: number; version: number; p: Prepared }[]): Promise<void> {
    let rows: unknown[][] = [];
    const write = async (): Promise<void> => {
      await copyRows(client, 'spans', SPAN_COLUMNS, rows);
      rows = [];
    };
    for (const { seq, version, p } of versions) {
      for (const r of spanRows(seq, version, p.record.doc.text, p.record.doc.spans)) {
        rows.push([r.seq, r.version, r.span_id, r.position, r.type, r.stage, r.start_offset, r.end_offset, r.attrs, r.entity, r.name, r.label, r.form, r.surface, r.reason]);
        if (rows.length >= SPAN_ROWS_PER_STATEMENT) await write();
      }
    }
    await write();
  }

  /** Makes these versions (now current) findable: full text, quotes, events. */
  private async index(client: Queryable, versions: { seq: number; version: number; p: Prepared }[]): Promise<void> {
    await client.query(
      `INSERT INTO article_search (article_seq, document)
       SELECT v.article_seq,
              setweight(to_tsvector('${TEXT_SEARCH_CONFIG}', coalesce(v.title, '')), 'A')
              || setweight(to_tsvector('${TEXT_SEARCH_CONFIG}', left(v.body, $3)), 'B')
       FROM unnest($1::bigint[], $2::integer[]) AS k(seq, version)
       JOIN article_versions v ON v.article_seq = k.seq AND v.version = k.version`,
      [versions.map((v) => v.seq), versions.map((v) => v.version), SEARCH_BODY_CHARS],
    );
    const quotes = versions.flatMap(({ seq, p }) => quoteRows(seq, p.record.doc));
    if (quotes.length > 0) {
      await client.query(
        `INSERT INTO quote_search (article_seq, span_id, kind, speaker, speaker_entity, chain, content, document)
         SELECT r.seq, r.span_id, r.kind, r.speaker, r.speaker_entity, r.chain, r.content,
                setweight(to_tsvector('${TEXT_SEARCH_CONFIG}', left(r.content, $2)), 'B')
                || setweight(to_tsvector('${TEXT_SEARCH_CONFIG}', r.speaker), 'A')
         FROM json_to_recordset($1::json) AS r(seq bigint, span_id bigint, kind text, speaker text, speaker_entity text,
              chain json, content text)`,
        [JSON.stringify(quotes), SEARCH_BODY_CHARS],
      );
    }
    const events = versions.flatMap(({ seq, p }) => eventRows(seq, p.record.doc));
    if (events.length > 0) {
      await client.query(
        `INSERT INTO event_index (article_seq, span_id, source, target, code, root, quad_class, plover, event_date,
                                  source_entity, target_entity)
         SELECT r.seq, r.span_id, r.source, r.target, r.code, r.root, r.quad_class, r.plover, r.event_date,
                r.source_entity, r.target_entity
         FROM json_to_recordset($1::json) AS r(seq bigint, span_id bigint, source text, target text, code text, root text,
              quad_class integer, plover text, event_date text, source_entity text, target_entity text)`,
        [JSON.stringify(events)],
      );
    }
  }

  /** Takes an article's current version out of every index, before another version or reading replaces it. */
  private async unindex(client: Queryable, seq: number): Promise<void> {
    await client.query('DELETE FROM article_search WHERE article_seq = $1', [seq]);
    await client.query('DELETE FROM quote_search WHERE article_seq = $1', [seq]);
    await client.query('DELETE FROM event_index WHERE article_seq = $1', [seq]);
  }

  /**
   * Records the people and organisations the batch names and re-links one-word names across the corpus, as the
   * SQLite store does record by record: "Pompeo" alone becomes an alias of the one "Mike Pompeo" any article names,
   * "GM" of "General Motors", "Ford" of "Ford Motor"; with two full names for the word, none (unless one dominates).
   *
   * Writers that share a word take turns here (the word's row in name_words, locked in key order and held to
   * commit), so each decides with the names the other stored: otherwise two batches, one naming "Ferreira" and the
   * other "Ana Ferreira", could each miss the other's and leave the link unmade.
   */
  private async noteNames(client: pg.ClientBase, spanLists: (readonly Span[])[]): Promise<void> {
    const names = new Map<string, NotedName>();
    const personAliases = new Map<string, string>();
    const touched = new Map<string, { label: NameLabel; word: string }>();
    for (const spans of spanLists) {
      for (const span of spans) {
        const name = notedName(span);
        if (!name) continue;
        const known = names.get(name.entity);
        if (!known) names.set(name.entity, name);
        else if (charLength(name.name) > charLength(known.name)) known.name = name.name;
        for (const id of name.otherTypeIds) personAliases.set(id, name.entity);
        for (const word of name.calledBy) touched.set(`${name.label} ${word}`, { label: name.label, word });
      }
    }
    if (names.size === 0) return;

    // Each word's row, locked in key order until commit: a writer sharing a word waits here, then reads the names
    // the other stored.
    const words = [...touched].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, word]) => word);
    await client.query(
      `INSERT INTO name_words (label, word)
       SELECT r.label, r.word FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(label, word, n) ORDER BY r.n
       ON CONFLICT (label, word) DO UPDATE SET label = excluded.label`,
      [words.map((w) => w.label), words.map((w) => w.word)],
    );
    await client.query(
      `INSERT INTO known_names (entity, label, name, words, first_word, last_word, rest, initials)
       SELECT r.entity, r.label, r.name, r.words, r.first, r.last, r.rest, r.initials
       FROM json_to_recordset($1::json) AS r(entity text, label text, name text, words integer, first text, last text, rest text, initials text)
       ORDER BY r.entity
       ON CONFLICT (entity) DO UPDATE SET name = excluded.name
         WHERE char_length(excluded.name) > char_length(known_names.name)`,
      [JSON.stringify([...names.values()])],
    );

    // Every name sharing a touched word: the one-word name it may stand for, and the full names it may stand for.
    const pairs = words;
    const { rows: candidates } = await client.query<{ label: string; word: string; entity: string; words: number; first_word: string; rest: string; initials: string }>(
      `WITH t AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(label, word))
       SELECT t.label, t.word, k.entity, k.words, k.first_word, k.rest, k.initials
       FROM t JOIN known_names k ON k.label = t.label AND k.first_word = t.word
       UNION
       SELECT t.label, t.word, k.entity, k.words, k.first_word, k.rest, k.initials
       FROM t JOIN known_names k ON k.label = t.label AND k.last_word = t.word AND k.words > 1
       UNION
       SELECT t.label, t.word, k.entity, k.words, k.first_word, k.rest, k.initials
       FROM t JOIN known_names k ON k.label = t.label AND k.initials = t.word AND k.words > 1`,
      [pairs.map((p) => p.label), pairs.map((p) => p.word)],
    );
    const byWord = new Map<string, typeof candidates>();
    for (const c of candidates) {
      const key = `${c.label} ${c.word}`;
      let list = byWord.get(key);
      if (!list) byWord.set(key, (list = []));
      list.push(c);
    }
    const decisions: { single: string; full: typeof candidates }[] = [];
    for (const [key, { label, word }] of touched) {
      const list = byWord.get(key) ?? [];
      const single = list.find((c) => c.words === 1 && c.first_word === word);
      if (!single) continue;
      const full = list
        .filter((c) => c.words > 1)
        .filter((f, i, all) => all.findIndex((g) => g.entity === f.entity) === i)
        .sort((a, b) => (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0))
        .filter((f) => mayStandFor(label, word, f));
      decisions.push({ single: single.entity, full });
    }
    const contested = [...new Set(decisions.flatMap((d) => (d.full.length > 1 ? d.full.map((f) => f.entity) : [])))];
    const articles = new Map<string, number>();
    if (contested.length > 0) {
      // Counted after noteEntityArticles has recorded this batch's articles (see ingestBatch).
      const { rows } = await client.query<{ entity: string; n: string }>(
        `SELECT entity, count(*) AS n FROM entity_articles WHERE entity = ANY($1::text[]) GROUP BY entity`,
        [contested],
      );
      for (const row of rows) articles.set(row.entity, Number(row.n));
    }
    const aliases = new Map(personAliases as Map<string, string | null>);
    for (const { single, full } of decisions) {
      const target = full.length === 1 ? full[0] : dominant(full.map((f) => ({ ...f, articles: articles.get(f.entity) ?? 0 })));
      aliases.set(single, target ? target.entity : null);
    }
    const sorted = [...aliases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await client.query(
      `INSERT INTO entity_aliases (alias, entity)
       SELECT r.alias, r.entity FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(alias, entity, n) ORDER BY r.n
       ON CONFLICT (alias) DO UPDATE SET entity = excluded.entity`,
      [sorted.map(([alias]) => alias), sorted.map(([, entity]) => entity)],
    );
  }

  /** Which people and organisations the articles `ids` name (their current versions' mention spans). */
  private async noteEntityArticles(client: pg.ClientBase, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await client.query(
      `INSERT INTO entity_articles (entity, article_seq)
       SELECT DISTINCT s.entity, s.article_seq FROM articles a
       JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version
       WHERE a.id = ANY($1::text[]) AND s.type = 'mention' AND (s.entity LIKE 'person/%' OR s.entity LIKE 'org/%')
       ORDER BY 1, 2
       ON CONFLICT DO NOTHING`,
      [ids],
    );
  }

  async recordInputError(uri: string, message: string): Promise<void> {
    await this.pool.query('INSERT INTO input_errors (uri, message, at) VALUES ($1, $2, $3)', [
      uri.replaceAll('\u0000', '\uFFFD'),
      message.replaceAll('\u0000', '\uFFFD'),
      new Date().toISOString(),
    ]);
  }

  async get(id: string, version?: number): Promise<StoredArticle | undefined> {
    // Checked because NaN would bind as NULL and silently select the current version.
    if (version !== undefined && !Number.isSafeInteger(version)) throw new RangeError(`get: version must be an integer, got ${version}`);
    return inSnapshot(this.pool, async (client) => {
      const { rows } = await client.query<VersionRow>(
        `SELECT ${VERSION_COLUMNS} FROM articles a
         JOIN article_versions v ON v.article_seq = a.seq AND v.version = coalesce($2::bigint, a.current_version)
         WHERE a.id = $1`,
        [id, version ?? null],
      );
      return (await this.toStoredArticles(client, rows))[0];
    });
  }

  async list(options: ListOptions = {}): Promise<ArticleSummary[]> {
    const { limit, offset, outlet } = page('list', options);
    const { rows } = await this.pool.query<ArticleSummary>(
      `SELECT id, version, title, outlet, published, uri FROM current_versions
       WHERE $1::text IS NULL OR outlet = $1
       ORDER BY published DESC NULLS LAST, id
       LIMIT $2 OFFSET $3`,
      [outlet, limit, offset],
    );
    return rows;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return this.analytics.search(query, options);
  }

  async searchFacets(query: string, options: SearchOptions = {}): Promise<SearchFacets> {
    return this.analytics.facets(query, options);
  }

  async searchQuotes(query: string, options: ListOptions = {}): Promise<QuoteHit[]> {
    return this.analytics.searchQuotes(query, options);
  }

  async quotes(options: QuoteListOptions = {}): Promise<QuoteHit[]> {
    return this.analytics.quotes(options);
  }

  async entity(entity: string): Promise<EntityDetail | undefined> {
    return this.analytics.entity(entity);
  }

  async dyadTimeline(query: DyadQuery): Promise<DyadPeriod[]> {
    return this.analytics.dyadTimeline(query);
  }

  async actorNetwork(query: NetworkQuery = {}): Promise<ActorNetwork> {
    return this.analytics.network(query);
  }

  /** Pages by seq: no cursor is held between yields, so the consumer may write while exporting. */
  async *exportAll(): AsyncIterable<StoredArticle> {
    let afterSeq = 0;
    for (;;) {
      // Each page in one snapshot (its versions and their spans agree); no transaction is open between yields.
      const { rows, articles } = await inSnapshot(this.pool, async (client) => {
        const found = await client.query<VersionRow>(
          `SELECT ${VERSION_COLUMNS} FROM articles a
           JOIN article_versions v ON v.article_seq = a.seq AND v.version = a.current_version
           WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
          [afterSeq, EXPORT_PAGE_SIZE],
        );
        return { rows: found.rows, articles: await this.toStoredArticles(client, found.rows) };
      });
      yield* articles;
      if (rows.length < EXPORT_PAGE_SIZE) return;
      afterSeq = rows[rows.length - 1]!.seq;
    }
  }

  async entities(options: EntityListOptions = {}): Promise<EntitySummary[]> {
    const { limit, offset } = page('entities', options);
    // The fullest name: the longest any mention gives (the first stored of equal length).
    const { rows } = await this.pool.query<EntitySummary>(
      `SELECT entity, name, label, articles, mentions FROM (
         SELECT coalesce(ea.entity, s.entity) AS entity,
                (array_agg(s.name ORDER BY char_length(s.name) DESC, s.article_seq, s.position))[1] AS name,
                coalesce(max(k.label), (array_agg(s.label ORDER BY char_length(s.name) DESC, s.article_seq, s.position))[1]) AS label,
                count(DISTINCT s.article_seq) AS articles, count(*) AS mentions
         FROM spans s
         JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
         LEFT JOIN entity_aliases ea ON ea.alias = s.entity
         LEFT JOIN known_names k ON k.entity = ea.entity
         WHERE s.type = 'mention' AND strpos(s.entity, '/description-') = 0
         GROUP BY 1) e
       WHERE $1::text IS NULL OR label = $1
       ORDER BY articles DESC, mentions DESC, entity
       LIMIT $2 OFFSET $3`,
      [options.label ?? null, limit, offset],
    );
    return rows;
  }

  async articlesMentioning(entity: string, options: ListOptions = {}): Promise<ArticleSummary[]> {
    const { limit, offset, outlet } = page('articlesMentioning', options);
    const { rows } = await this.pool.query<ArticleSummary>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri FROM current_versions c
       WHERE EXISTS (SELECT 1 FROM spans s WHERE s.article_seq = c.seq AND s.version = c.version AND s.type = 'mention'
                     AND s.entity IN (SELECT $1 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $1))
         AND ($2::text IS NULL OR c.outlet = $2)
       ORDER BY c.published DESC NULLS LAST, c.id
       LIMIT $3 OFFSET $4`,
      [entity, outlet, limit, offset],
    );
    return rows;
  }

  async events(query: EventQuery = {}): Promise<StoredEvent[]> {
    const { limit, offset } = page('events', query);
    // Checked because a fraction or NaN would bind and silently match nothing (or everything, as NULL).
    if (query.quadClass !== undefined && !(Number.isInteger(query.quadClass) && query.quadClass >= 1 && query.quadClass <= 4)) {
      throw new RangeError(`events: quadClass must be 1, 2, 3 or 4, got ${query.quadClass}`);
    }
    // The evidence sentence is cut by substr where characters and UTF-16 units agree, else in JavaScript.
    const { rows } = await this.pool.query<ArticleSummary & { spanId: number; attrs: { event: StoredEvent['event'] }; sentence: string | null; text: string | null; start: number; end: number }>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, e.span_id AS "spanId", s.attrs,
              CASE WHEN c.astral THEN NULL ELSE substr(c.text, s.start_offset + 1, s.end_offset - s.start_offset) END AS sentence,
              CASE WHEN c.astral THEN c.text END AS text, s.start_offset AS start, s.end_offset AS "end"
       FROM event_index e
       JOIN current_versions c ON c.seq = e.article_seq
       JOIN spans s ON s.article_seq = c.seq AND s.version = c.version AND s.span_id = e.span_id
       WHERE ($1::text IS NULL OR e.source >= $1 AND e.source < $1 || '~' OR e.target >= $1 AND e.target < $1 || '~')
         AND ($2::text IS NULL OR e.source >= $2 AND e.source < $2 || '~')
         AND ($3::text IS NULL OR e.target >= $3 AND e.target < $3 || '~')
         AND ($4::text IS NULL OR e.code >= $4 AND e.code < $4 || '~')
         AND ($5::text IS NULL OR e.plover = $5)
         AND ($6::text IS NULL OR e.source_entity = $6 OR e.target_entity = $6)
         AND ($7::integer IS NULL OR e.quad_class = $7)
         AND ($8::text IS NULL OR c.outlet = $8)
         AND ($9::text IS NULL OR e.event_date >= $9)
         AND ($10::text IS NULL OR e.event_date <= $10 || '~')
       ORDER BY e.event_date IS NULL, e.event_date, e.article_seq, e.span_id
       LIMIT $11 OFFSET $12`,
      [
        query.actor ?? null,
        query.source ?? null,
        query.target ?? null,
        query.code ?? null,
        query.plover ?? null,
        query.entity ?? null,
        query.quadClass ?? null,
        query.outlet ?? null,
        query.from ?? null,
        query.to ?? null,
        limit,
        offset,
      ],
    );
    return rows.map(({ attrs, sentence, text, start, end, ...summary }) => ({
      ...summary,
      event: attrs.event,
      sentence: sentence ?? text!.slice(start, end),
    }));
  }

  async stats(): Promise<CorpusStats> {
    // One statement, one snapshot: the numbers agree with each other even while another process writes.
    const { rows } = await this.pool.query<Omit<CorpusStats, 'stories' | 'storylines' | 'copies' | 'connected'> & { connections: { stories: number; storylines: number; copies: number; connected: number } }>(
      `SELECT (SELECT count(*) FROM articles) AS articles,
              (SELECT count(*) FROM article_versions) AS versions,
              (SELECT coalesce(json_agg(json_build_object('outlet', outlet, 'articles', n) ORDER BY n DESC, outlet), '[]')
               FROM (SELECT outlet, count(*) AS n FROM current_versions WHERE outlet IS NOT NULL GROUP BY outlet) o) AS outlets,
              (SELECT min(published) FROM current_versions) AS "firstPublished",
              (SELECT max(published) FROM current_versions) AS "lastPublished",
              (SELECT coalesce(json_agg(json_build_object('reason', reason, 'spans', n, 'chars', chars) ORDER BY n DESC, reason), '[]')
               FROM (SELECT s.reason, count(*) AS n, sum(s.end_offset - s.start_offset) AS chars
                     FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
                     WHERE s.type = 'removed' GROUP BY s.reason) r) AS removed,
              (SELECT count(*) FROM input_errors) AS "inputErrors",
              (SELECT json_build_object('stories', count(DISTINCT story), 'storylines', count(DISTINCT storyline),
                                        'copies', count(*) FILTER (WHERE duplicate_of IS NOT NULL), 'connected', count(*))
               FROM article_connections) AS connections`,
    );
    const { connections, ...stats } = rows[0]!;
    return { ...stats, ...connections };
  }

  async *connections(options: { afterSeq?: number } = {}): AsyncIterable<StoredConnection> {
    yield* this.connectionTables.connections(options.afterSeq ?? 0);
  }

  async *placements(options: { movedAfter?: number } = {}): AsyncIterable<Placement> {
    if (options.movedAfter !== undefined) yield* this.connectionTables.movedPlacements(options.movedAfter);
    else yield* this.connectionTables.placements();
  }

  async lastMove(): Promise<number> {
    return this.connectionTables.lastMove();
  }

  async connectionsThrough(): Promise<ConnectionsThrough> {
    return this.connectionTables.through();
  }

  async connectorSnapshot(): Promise<Uint8Array | undefined> {
    return this.connectionTables.snapshot();
  }

  async saveConnectorSnapshot(bytes: Uint8Array): Promise<void> {
    await this.transaction((client) => replaceConnectorSnapshot(client, bytes));
  }

  async *unconnected(): AsyncIterable<string> {
    let afterSeq = 0;
    for (;;) {
      const rows = await this.connectionTables.unconnectedPage(afterSeq, EXPORT_PAGE_SIZE);
      for (const { id } of rows) yield id;
      if (rows.length < EXPORT_PAGE_SIZE) return;
      afterSeq = rows[rows.length - 1]!.seq;
    }
  }

  async connectedArticles(): Promise<number> {
    // Only the count: the summary counts (distinct stories and storylines) cost a pass over the table's groups.
    return (await this.connectionTables.through()).articles;
  }

  async saveConnection(id: string, connection: ArticleConnection): Promise<boolean> {
    const article = (await this.pool.query<{ seq: number }>('SELECT seq FROM articles WHERE id = $1', [id])).rows[0];
    if (!article) throw new Error(`saveConnection: no article ${id}`);
    return this.transaction(async (client) => {
      const inserted = (await insertConnections(client, [connectionRow(article.seq, connection)])) > 0;
      await applyStoryMoves(client, connection.moved ?? []);
      return inserted;
    });
  }

  async stories(options: StoryListOptions = {}): Promise<StorySummary[]> {
    return this.connectionTables.stories(options);
  }

  async story(id: number): Promise<StoryDetail | undefined> {
    return this.connectionTables.story(id);
  }

  async storylines(options: { limit?: number; offset?: number } = {}): Promise<StorylineSummary[]> {
    return this.connectionTables.storylines(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Stored versions as documents with their spans, names linked across the corpus, and connections. */
  private async toStoredArticles(db: Queryable, rows: VersionRow[]): Promise<StoredArticle[]> {
    if (rows.length === 0) return [];
    const spanRowsOf = await db.query<{ seq: number; span_id: number; type: string; stage: string; start_offset: number; end_offset: number; attrs: object }>(
      `SELECT s.article_seq AS seq, s.span_id, s.type, s.stage, s.start_offset, s.end_offset, s.attrs
       FROM unnest($1::bigint[], $2::integer[]) AS k(seq, version)
       JOIN spans s ON s.article_seq = k.seq AND s.version = k.version
       ORDER BY s.article_seq, s.position`,
      [rows.map((r) => r.seq), rows.map((r) => r.version)],
    );
    const spansBySeq = new Map<number, Span[]>();
    for (const row of spanRowsOf.rows) {
      let spans = spansBySeq.get(row.seq);
      if (!spans) spansBySeq.set(row.seq, (spans = []));
      spans.push(spanFromRow(row));
    }
    const aliases = await aliasesOf(db, [...spansBySeq.values()].flat());
    const links = await this.connectionTables.links(rows.map((r) => r.seq), db);
    return rows.map((row) => {
      const doc: DocumentData = {
        id: row.id,
        key: row.key,
        contentHash: row.content_hash,
        text: row.text,
        origin: row.origin,
        hints: row.hints,
        spans: (spansBySeq.get(row.seq) ?? []).map((span) => linkAcrossCorpus(span, aliases)),
      };
      const linked = links.get(row.seq);
      return {
        id: row.id,
        version: row.version,
        versions: row.versions,
        ingestedAt: row.ingested_at.toISOString(),
        doc,
        title: row.title,
        outlet: row.outlet,
        published: row.published,
        dateline: row.dateline,
        author: row.author,
        body: row.body,
        ...(linked === undefined ? {} : { links: linked }),
      };
    });
  }
}

/** The full names the corpus links the entities of these spans to (one-word names, mistyped full names). */
async function aliasesOf(db: Queryable, spans: Span[]): Promise<Map<string, AliasTarget>> {
  const entities = new Set<string>();
  for (const span of spans) {
    if (span.type === 'mention') entities.add(span.entity);
    else if (span.type === 'attribution') {
      if (span.speaker) entities.add(span.speaker.entity);
      for (const link of span.chain) if (link.entity) entities.add(link.entity);
    }
  }
  if (entities.size === 0) return new Map();
  const { rows } = await db.query<AliasTarget & { alias: string }>(
    `SELECT ea.alias, ea.entity, k.name, k.label FROM entity_aliases ea JOIN known_names k ON k.entity = ea.entity
     WHERE ea.alias = ANY($1::text[])`,
    [[...entities]],
  );
  return new Map(rows.map(({ alias, ...target }) => [alias, target]));
}

/** A mention of a one-word name, as the corpus knows it: the entity id and name of the full name it stands for. */
function linkAcrossCorpus(span: Span, aliases: ReadonlyMap<string, AliasTarget>): Span {
  if (span.type === 'attribution') {
    // Speakers and chain links name entities too.
    const speaker = span.speaker && aliases.get(span.speaker.entity);
    const chain = span.chain.map((link) => {
      const alias = link.entity ? aliases.get(link.entity) : undefined;
      return alias ? { ...link, entity: alias.entity, name: alias.name } : link;
    });
    return { ...span, chain, ...(speaker ? { speaker: { entity: speaker.entity, name: speaker.name } } : {}) };
  }
  if (span.type !== 'mention') return span;
  const alias = aliases.get(span.entity);
  return alias ? { ...span, entity: alias.entity, name: alias.name, label: alias.label as EntityLabel } : span;
}

/** Whether `location` names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

