import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sha256 } from '../document/document.js';
import type { DocumentData, EntityLabel, Origin, SourceHints, Span } from '../document/types.js';
import type { ArticleConnection, StoredConnection } from '../connect/index.js';
import { MalformedQueryError } from './errors.js';
import { ARTICLE_COLUMNS, completionsFor, fts5WithCompletions, QUOTE_COLUMNS, type FtsColumns } from './fts-query.js';
import { sqliteStemmer } from './sqlite-stems.js';
import { migrate } from './migrations.js';
import { dominant, mayStandFor, namedEntities, notedName, type NameLabel } from './names.js';
import { pageParams, type PageParams } from './paging.js';
import { describeRecord, eventRows, quoteRows, spanFromRow, validateRecord } from './records.js';
import { SNIPPET_TOKENS, SqliteAnalytics } from './sqlite-analytics.js';
import { SqliteEventQueries } from './sqlite-events.js';
import { SqliteConnections } from './sqlite-stories.js';
import type {
  ArticleRecord,
  ArticleSummary,
  EntityListOptions,
  EntitySummary,
  EventQuery,
  QuoteHit,
  StoredEvent,
  CorpusStats,
  IngestOutcome,
  ListOptions,
  ConnectionsThrough,
  Placement,
  SearchHit,
  Store,
  StoredArticle,
  StoryDetail,
  StoryListOptions,
  StorylineSummary,
  StorySummary,
  ActorNetwork,
  DyadPeriod,
  DyadQuery,
  EntityDetail,
  NetworkQuery,
  QuoteListOptions,
  SearchFacets,
  SearchOptions,
} from './types.js';

/** How long a writer waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Rows read per query by `exportAll`; bounds memory without holding the connection between yields. */
const EXPORT_PAGE_SIZE = 200;

/** Opens (creating if needed) the store at `dbPath`; `:memory:` gives a throwaway store. */
export function openSqliteStore(dbPath: string): SqliteStore {
  return new SqliteStore(dbPath, openDatabase(dbPath));
}

/**
 * SQLite's page cache per connection (a ceiling, filled as pages are read). The default of 2 MiB is far below
 * what one ingest batch writes (200 articles, about 12 MB of rows and index entries): pages spilled in the middle
 * of a batch and the indexes re-read from the OS made each batch costlier as the store grew, 38.5 CPU ms an
 * article over the first 2,000 articles stored and 56.2 over the fourth 2,000; with 64 MiB, 38.4 and 40.1
 * (`node dist/bench/pipeline.js --articles 8000 --window 2000`).
 */
const PAGE_CACHE_KIB = 64 * 1024;

function openDatabase(dbPath: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (dbPath !== ':memory:' && dbPath !== '') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    db = new Database(dbPath, { timeout: BUSY_TIMEOUT_MS });
    // The first statement reads the file header, so this is where a non-database file fails.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses at most the last transactions, never integrity
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (err) {
    db?.close();
    throw new Error(`Cannot open the eventwire store ${dbPath}: ${describeOpenError(err)}`, { cause: err });
  }
  try {
    migrate(db, dbPath);
  } catch (err) {
    db.close();
    throw err;
  }
  // Every table, not only those this connection has queried yet: a server's first searches plan with them.
  refreshPlannerStatistics(db, 'optimize = 0x10002');
  return db;
}

/**
 * Rows a table's statistics are sampled from: ANALYZE then costs milliseconds on any size of store, and the
 * planner needs proportions, not exact counts.
 */
const ANALYSIS_LIMIT = 1000;

/**
 * Re-analyses the tables whose size has changed many times over since their statistics were taken: a store is
 * analysed when it is created, empty, and statistics of empty tables made SQLite scan every mention span of the
 * store once per article of a search's facets (a minute on 10,000 articles). SQLite's check is a no-op in
 * microseconds when nothing has grown; a store opened read-only keeps the statistics it has.
 */
function refreshPlannerStatistics(db: Database.Database, pragma = 'optimize'): void {
  if (db.readonly) return;
  db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  db.pragma(pragma);
}

function describeOpenError(err: unknown): string {
  if (err instanceof Database.SqliteError) {
    if (err.code === 'SQLITE_NOTADB') return 'the file is not an SQLite database';
    if (err.code === 'SQLITE_CORRUPT') return 'the database file is corrupt';
  }
  return err instanceof Error ? err.message : String(err);
}

/** A row of `current_versions` or of the equivalent query for a given version. */
interface VersionRow {
  seq: number;
  id: string;
  key: string;
  version: number;
  versions: number;
  content_hash: string;
  text: string;
  origin: string;
  hints: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  dateline: string | null;
  author: string | null;
  body: string;
  ingested_at: string;
}

interface SpanRow {
  span_id: number;
  type: string;
  stage: string;
  start_offset: number;
  end_offset: number;
  attrs: string;
}

/** The fields a reading of the text yields, stored beside it for lists and search. */
type ReadFields = Pick<ArticleRecord, 'title' | 'outlet' | 'published' | 'dateline' | 'author' | 'body'>;

function prepareStatements(db: Database.Database) {
  return {
    versionByHash: db.prepare<[string], { seq: number; id: string; version: number; current: number; spans_hash: string | null }>(
      `SELECT a.seq, a.id, v.version, a.current_version AS current, v.spans_hash
       FROM article_versions v JOIN articles a ON a.seq = v.article_seq
       WHERE v.content_hash = ?`,
    ),
    deleteSpans: db.prepare<[number, number]>('DELETE FROM spans WHERE article_seq = ? AND version = ?'),
    updateVersionReading: db.prepare<{ seq: number; version: number; spansHash: string } & ReadFields>(
      `UPDATE article_versions SET spans_hash = @spansHash, title = @title, outlet = @outlet, published = @published,
              dateline = @dateline, author = @author, body = @body
       WHERE article_seq = @seq AND version = @version`,
    ),
    articleByKey: db.prepare<[string], { seq: number; id: string; current_version: number }>(
      'SELECT seq, id, current_version FROM articles WHERE key = ?',
    ),
    articleById: db.prepare<[string], { seq: number; key: string }>('SELECT seq, key FROM articles WHERE id = ?'),
    insertArticle: db.prepare<{ id: string; key: string; now: string }>(
      `INSERT INTO articles (id, key, current_version, first_ingested, last_ingested)
       VALUES (@id, @key, 1, @now, @now)`,
    ),
    setCurrentVersion: db.prepare<{ seq: number; version: number; now: string }>(
      'UPDATE articles SET current_version = @version, last_ingested = @now WHERE seq = @seq',
    ),
    insertVersion: db.prepare<
      { seq: number; version: number; contentHash: string; spansHash: string; text: string; origin: string; hints: string; now: string } & ReadFields
    >(
      `INSERT INTO article_versions (article_seq, version, content_hash, spans_hash, text, origin, hints,
                                     title, outlet, published, dateline, author, body, ingested_at)
       VALUES (@seq, @version, @contentHash, @spansHash, @text, @origin, @hints,
               @title, @outlet, @published, @dateline, @author, @body, @now)`,
    ),
    insertSpan: db.prepare<{
      seq: number;
      version: number;
      spanId: number;
      position: number;
      type: string;
      stage: string;
      start: number;
      end: number;
      attrs: string;
    }>(
      `INSERT INTO spans (article_seq, version, span_id, position, type, stage, start_offset, end_offset, attrs)
       VALUES (@seq, @version, @spanId, @position, @type, @stage, @start, @end, @attrs)`,
    ),
    addToSearch: db.prepare<[number, string | null, string]>(
      'INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)',
    ),
    // External-content FTS5 removes a row given the exact values it indexed: read them before they change.
    removeFromSearch: db.prepare<[number]>(
      `INSERT INTO article_search (article_search, rowid, title, body)
       SELECT 'delete', seq, title, body FROM current_versions WHERE seq = ?`,
    ),
    versionOf: db.prepare<{ id: string; version: number | null }, VersionRow>(
      `SELECT a.seq, a.id, a.key, v.version, a.current_version AS versions, v.content_hash, v.text, v.origin,
              v.hints, v.title, v.outlet, v.published, v.dateline, v.author, v.body, v.ingested_at
       FROM articles a
       JOIN article_versions v ON v.article_seq = a.seq AND v.version = coalesce(@version, a.current_version)
       WHERE a.id = @id`,
    ),
    spansOf: db.prepare<[number, number], SpanRow>(
      `SELECT span_id, type, stage, start_offset, end_offset, attrs FROM spans
       WHERE article_seq = ? AND version = ? ORDER BY position`,
    ),
    list: db.prepare<PageParams, ArticleSummary>(
      `SELECT id, version, title, outlet, published, uri FROM current_versions
       WHERE @outlet IS NULL OR outlet = @outlet
       ORDER BY published DESC NULLS LAST, id
       LIMIT @limit OFFSET @offset`,
    ),
    currentPage: db.prepare<{ afterSeq: number; limit: number }, VersionRow>(
      `SELECT seq, id, key, version, versions, content_hash, text, origin, hints, title, outlet, published,
              dateline, author, body, ingested_at
       FROM current_versions WHERE seq > @afterSeq ORDER BY seq LIMIT @limit`,
    ),
    entities: db.prepare<{ label: string | null; limit: number; offset: number }, EntitySummary>(
      // A bare column next to max() comes from the row holding the maximum: the longest name.
      `SELECT entity, name, label, articles, mentions FROM (
         SELECT coalesce(ea.entity, m.raw) AS entity, m.name, max(length(m.name)) AS name_length,
                coalesce((SELECT label FROM known_names k WHERE k.entity = ea.entity), m.label) AS label,
                count(DISTINCT m.article_seq) AS articles, count(*) AS mentions
         FROM (SELECT s.article_seq, json_extract(s.attrs, '$.entity') AS raw, json_extract(s.attrs, '$.name') AS name,
                      json_extract(s.attrs, '$.label') AS label
               FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
               WHERE s.type = 'mention') m
         LEFT JOIN entity_aliases ea ON ea.alias = m.raw
         WHERE instr(m.raw, '/description-') = 0
         GROUP BY 1)
       WHERE @label IS NULL OR label = @label
       ORDER BY articles DESC, mentions DESC, entity
       LIMIT @limit OFFSET @offset`,
    ),
    articlesMentioning: db.prepare<PageParams & { entity: string }, ArticleSummary>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri FROM current_versions c
       WHERE EXISTS (SELECT 1 FROM spans s WHERE s.article_seq = c.seq AND s.version = c.version AND s.type = 'mention'
                     AND json_extract(s.attrs, '$.entity') IN
                         (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity))
         AND (@outlet IS NULL OR c.outlet = @outlet)
       ORDER BY c.published DESC NULLS LAST, c.id
       LIMIT @limit OFFSET @offset`,
    ),
    // A new name's article count is counted once, when it is inserted; after that countEntityArticle keeps it.
    // (Counting in an upsert counted on every mention, reading all the articles of a common name each time.)
    lengthenName: db.prepare<{ entity: string; name: string }>(
      'UPDATE known_names SET name = @name WHERE entity = @entity AND length(@name) > length(name)',
    ),
    isKnownName: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM known_names WHERE entity = ?'),
    insertName: db.prepare<{ entity: string; label: string; name: string; words: number; first: string; last: string; rest: string; initials: string }>(
      `INSERT INTO known_names (entity, label, name, words, first_word, last_word, rest, initials, articles)
       VALUES (@entity, @label, @name, @words, @first, @last, @rest, @initials,
               (SELECT count(*) FROM entity_articles WHERE entity = @entity))`,
    ),
    noteEntityArticle: db.prepare<[string, number]>('INSERT OR IGNORE INTO entity_articles (entity, article_seq) VALUES (?, ?)'),
    countEntityArticle: db.prepare<[string]>('UPDATE known_names SET articles = articles + 1 WHERE entity = ?'),
    fullNamesWith: db.prepare<{ label: string; word: string }, { entity: string; rest: string; first_word: string; initials: string; articles: number }>(
      `SELECT entity, rest, first_word, initials, articles FROM known_names
       WHERE label = @label AND words > 1 AND (first_word = @word OR last_word = @word OR initials = @word) ORDER BY entity`,
    ),
    oneWordName: db.prepare<{ label: string; word: string }, { entity: string }>(
      'SELECT entity FROM known_names WHERE label = @label AND words = 1 AND first_word = @word',
    ),
    setAlias: db.prepare<[string, string]>('INSERT OR REPLACE INTO entity_aliases (alias, entity) VALUES (?, ?)'),
    dropAlias: db.prepare<[string]>('DELETE FROM entity_aliases WHERE alias = ?'),
    aliasOf: db.prepare<[string], { entity: string; name: string; label: string }>(
      'SELECT ea.entity, k.name, k.label FROM entity_aliases ea JOIN known_names k ON k.entity = ea.entity WHERE ea.alias = ?',
    ),
    addQuote: db.prepare<{ content: string; speaker: string; seq: number; spanId: number; kind: string; speakerEntity: string | null; chain: string }>(
      `INSERT INTO quote_search (content, speaker, article_seq, span_id, kind, speaker_entity, chain)
       VALUES (@content, @speaker, @seq, @spanId, @kind, @speakerEntity, @chain)`,
    ),
    removeQuotes: db.prepare<[number]>('DELETE FROM quote_search WHERE article_seq = ?'),
    searchQuotes: db.prepare<PageParams & { query: string }, Omit<QuoteHit, 'chain'> & { chain: string }>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, q.span_id AS spanId, q.kind, q.speaker,
              q.speaker_entity AS speakerEntity, q.content, q.chain,
              snippet(quote_search, 0, '[', ']', '…', ${SNIPPET_TOKENS}) AS snippet,
              bm25(quote_search) AS rank
       FROM quote_search q
       JOIN current_versions c ON c.seq = q.article_seq
       WHERE quote_search MATCH @query AND (@outlet IS NULL OR c.outlet = @outlet)
       ORDER BY rank, c.id, q.span_id
       LIMIT @limit OFFSET @offset`,
    ),
    addEvent: db.prepare<{
      seq: number;
      spanId: number;
      source: string;
      target: string;
      code: string;
      root: string;
      quadClass: number;
      plover: string;
      date: string | null;
      sourceEntity: string | null;
      targetEntity: string | null;
    }>(
      `INSERT INTO event_index (article_seq, span_id, source, target, code, root, quad_class, plover, event_date,
                                source_entity, target_entity)
       VALUES (@seq, @spanId, @source, @target, @code, @root, @quadClass, @plover, @date, @sourceEntity, @targetEntity)`,
    ),
    removeEvents: db.prepare<[number]>('DELETE FROM event_index WHERE article_seq = ?'),
    insertInputError: db.prepare<[string, string, string]>('INSERT INTO input_errors (uri, message, at) VALUES (?, ?, ?)'),
    countArticles: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM articles'),
    countVersions: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM article_versions'),
    countInputErrors: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM input_errors'),
    outlets: db.prepare<[], { outlet: string; articles: number }>(
      `SELECT outlet, count(*) AS articles FROM current_versions WHERE outlet IS NOT NULL
       GROUP BY outlet ORDER BY articles DESC, outlet`,
    ),
    publishedRange: db.prepare<[], { first: string | null; last: string | null }>(
      'SELECT min(published) AS first, max(published) AS last FROM current_versions',
    ),
    totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
    removedByReason: db.prepare<[], { reason: string; spans: number; chars: number }>(
      `SELECT json_extract(s.attrs, '$.reason') AS reason, count(*) AS spans,
              sum(s.end_offset - s.start_offset) AS chars
       FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
       WHERE s.type = 'removed'
       GROUP BY reason ORDER BY spans DESC, reason`,
    ),
  };
}

export class SqliteStore implements Store {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly ingestBatch: (records: ArticleRecord[], now: string) => IngestOutcome[];
  private readonly connectionTables: SqliteConnections;
  private readonly analytics: SqliteAnalytics;
  private readonly eventQueries: SqliteEventQueries;
  /** Made on the first prefix search: most stores never need it. */
  private stemmer: ReturnType<typeof sqliteStemmer> | undefined;
  private statsCache: { stamp: string; stats: CorpusStats } | undefined;

  /** Use `openSqliteStore`, which opens and migrates the database first. */
  constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    this.statements = prepareStatements(db);
    this.connectionTables = new SqliteConnections(db);
    this.analytics = new SqliteAnalytics(db);
    this.eventQueries = new SqliteEventQueries(db);
    // IMMEDIATE: take the write lock up front, so a concurrent writer waits (busy_timeout) instead of failing
    // when this transaction upgrades from reading to writing.
    const batch = db.transaction((records: ArticleRecord[], now: string) =>
      records.map((record, index) => {
        try {
          return this.ingestOne(record, now);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          const which = `record ${index + 1} of ${records.length} (${describeRecord(record)})`;
          throw new Error(`ingest: ${which} failed, nothing of this batch was stored: ${reason}`, { cause: err });
        }
      }),
    );
    this.ingestBatch = (records, now) => batch.immediate(records, now);
  }

  async ingest(records: ArticleRecord[]): Promise<IngestOutcome[]> {
    if (records.length === 0) return [];
    const outcomes = this.ingestBatch(records, new Date().toISOString());
    refreshPlannerStatistics(this.db);
    return outcomes;
  }

  async recordInputError(uri: string, message: string): Promise<void> {
    this.statements.insertInputError.run(uri, message, new Date().toISOString());
  }

  async get(id: string, version?: number): Promise<StoredArticle | undefined> {
    // Checked because NaN would bind as NULL and silently select the current version.
    if (version !== undefined && !Number.isSafeInteger(version)) {
      throw new RangeError(`get: version must be an integer, got ${version}`);
    }
    const row = this.statements.versionOf.get({ id, version: version ?? null });
    return row && this.toStoredArticle(row);
  }

  async list(options: ListOptions = {}): Promise<ArticleSummary[]> {
    return this.statements.list.all(pageParams('list', options));
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const fts = await this.withCompletions(query, ARTICLE_COLUMNS);
    return fullTextQuery(query, () => this.analytics.search(fts, options));
  }

  async searchFacets(query: string, options: SearchOptions = {}): Promise<SearchFacets> {
    const fts = await this.withCompletions(query, ARTICLE_COLUMNS);
    return fullTextQuery(query, () => this.analytics.facets(fts, options));
  }

  /** The FTS5 query to run: prefixes searched beside the completions their stems need (`prefix-stems.ts`). */
  private async withCompletions(query: string, columns: FtsColumns): Promise<string> {
    if (!query.includes('*')) return query;
    this.stemmer ??= sqliteStemmer();
    return fts5WithCompletions(query, columns, await completionsFor(query, columns, this.stemmer));
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

  /**
   * Pages by `seq` instead of holding one `.iterate()` cursor open across yields: better-sqlite3 refuses every
   * write on a connection with an open cursor, and the consumer may well ingest or record errors mid-export.
   */
  async *exportAll(): AsyncIterable<StoredArticle> {
    let afterSeq = 0;
    for (;;) {
      const page = this.statements.currentPage.all({ afterSeq, limit: EXPORT_PAGE_SIZE });
      for (const row of page) yield this.toStoredArticle(row);
      if (page.length < EXPORT_PAGE_SIZE) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  async entities(options: EntityListOptions = {}): Promise<EntitySummary[]> {
    const { limit, offset } = pageParams('entities', options);
    return this.statements.entities.all({ label: options.label ?? null, limit, offset });
  }

  async articlesMentioning(entity: string, options: ListOptions = {}): Promise<ArticleSummary[]> {
    return this.statements.articlesMentioning.all({ ...pageParams('articlesMentioning', options), entity });
  }

  async stats(): Promise<CorpusStats> {
    const s = this.statements;
    // One read transaction, so the numbers agree with each other even while another process writes.
    return this.db.transaction((): CorpusStats => {
      // Counting removed text reads every removed span (seconds on 100,000 articles): the answer is kept until
      // this connection writes (total_changes) or another one commits (data_version).
      const stamp = `${this.db.pragma('data_version', { simple: true })}:${s.totalChanges.get()}`;
      if (this.statsCache?.stamp === stamp) return this.statsCache.stats;
      const range = s.publishedRange.get();
      const stats = {
        articles: s.countArticles.get()?.n ?? 0,
        versions: s.countVersions.get()?.n ?? 0,
        outlets: s.outlets.all(),
        firstPublished: range?.first ?? null,
        lastPublished: range?.last ?? null,
        removed: s.removedByReason.all(),
        inputErrors: s.countInputErrors.get()?.n ?? 0,
        ...this.connectionTables.counts(),
      };
      this.statsCache = { stamp, stats };
      return stats;
    })();
  }

  async *connections(options: { afterSeq?: number } = {}): AsyncIterable<StoredConnection> {
    // Read page by page (not one open cursor): the consumer may write between yields.
    yield* this.connectionTables.connections(options.afterSeq ?? 0);
  }

  async *placements(options: { movedAfter?: number } = {}): AsyncIterable<Placement> {
    // Read page by page (not one open cursor), as connections are.
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
    this.connectionTables.saveSnapshot(bytes);
  }

  async *unconnected(): AsyncIterable<string> {
    let afterSeq = 0;
    for (;;) {
      const page = this.connectionTables.unconnectedPage(afterSeq, EXPORT_PAGE_SIZE);
      for (const { id } of page) yield id;
      if (page.length < EXPORT_PAGE_SIZE) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  async connectedArticles(): Promise<number> {
    // Only the count: the summary counts (distinct stories and storylines) cost a pass over the table's groups.
    return this.connectionTables.through().articles;
  }

  async saveConnection(id: string, connection: ArticleConnection): Promise<boolean> {
    const article = this.statements.articleById.get(id);
    if (!article) throw new Error(`saveConnection: no article ${id}`);
    return this.connectionTables.insert(article.seq, connection);
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
    this.stemmer?.close();
    this.stemmer = undefined;
    if (this.db.open) this.db.close();
  }

  private ingestOne(record: ArticleRecord, now: string): IngestOutcome {
    validateRecord(record);
    const s = this.statements;
    const { doc } = record;

    const sameText = s.versionByHash.get(doc.contentHash);
    if (sameText) {
      const spansHash = hashSpans(doc.spans);
      // An article stored before the connect stage existed gets its connection when it is read again.
      if (record.connection && sameText.id === doc.id) this.connectionTables.insert(sameText.seq, record.connection);
      if (sameText.spans_hash === spansHash) return { id: sameText.id, status: 'unchanged', version: sameText.version };
      this.replaceReading(sameText, record, spansHash);
      return { id: sameText.id, status: 'reanalysed', version: sameText.version };
    }

    const article = s.articleByKey.get(doc.key);
    if (article) {
      if (article.id !== doc.id) {
        throw new Error(`key ${JSON.stringify(doc.key)} is stored under id ${article.id}, but the record has id ${doc.id}`);
      }
      const version = article.current_version + 1;
      this.unindexCurrent(article.seq);
      this.insertVersion(article.seq, version, record, now);
      s.setCurrentVersion.run({ seq: article.seq, version, now });
      this.indexCurrent(article.seq, record);
      if (record.connection) this.connectionTables.insert(article.seq, record.connection);
      return { id: doc.id, status: 'new-version', version };
    }

    const idOwner = s.articleById.get(doc.id);
    if (idOwner) {
      throw new Error(`id ${doc.id} already belongs to key ${JSON.stringify(idOwner.key)}, not ${JSON.stringify(doc.key)}`);
    }
    const seq = Number(s.insertArticle.run({ id: doc.id, key: doc.key, now }).lastInsertRowid);
    this.insertVersion(seq, 1, record, now);
    this.indexCurrent(seq, record);
    if (record.connection) this.connectionTables.insert(seq, record.connection);
    return { id: doc.id, status: 'inserted', version: 1 };
  }

  /** Same text, newer reading: replace the version's spans and the fields read from them, search included. */
  private replaceReading(stored: { seq: number; version: number; current: number }, record: ArticleRecord, spansHash: string): void {
    const s = this.statements;
    const isCurrent = stored.version === stored.current;
    if (isCurrent) this.unindexCurrent(stored.seq);
    s.deleteSpans.run(stored.seq, stored.version);
    s.updateVersionReading.run({
      seq: stored.seq,
      version: stored.version,
      spansHash,
      ...readFields(record),
    });
    this.insertSpans(stored.seq, stored.version, record.doc.spans);
    if (isCurrent) this.indexCurrent(stored.seq, record);
  }

  /** Makes an article's current version findable: full text, quotes, events. */
  private indexCurrent(seq: number, record: ArticleRecord): void {
    this.statements.addToSearch.run(seq, record.title, record.body);
    this.indexQuotes(seq, record.doc);
    this.indexEvents(seq, record.doc);
  }

  /** Takes an article's current version out of every index, before another version or reading replaces it. */
  private unindexCurrent(seq: number): void {
    this.statements.removeFromSearch.run(seq);
    this.statements.removeQuotes.run(seq);
    this.statements.removeEvents.run(seq);
  }

  private indexEvents(seq: number, doc: DocumentData): void {
    for (const row of eventRows(seq, doc)) {
      this.statements.addEvent.run({
        seq,
        spanId: row.span_id,
        source: row.source,
        target: row.target,
        code: row.code,
        root: row.root,
        quadClass: row.quad_class,
        plover: row.plover,
        date: row.event_date,
        sourceEntity: row.source_entity,
        targetEntity: row.target_entity,
      });
    }
  }

  async events(query: EventQuery = {}): Promise<StoredEvent[]> {
    const { limit, offset } = pageParams('events', query);
    // Checked because a fraction or NaN would bind and silently match nothing (or everything, as NULL).
    if (query.quadClass !== undefined && !(Number.isInteger(query.quadClass) && query.quadClass >= 1 && query.quadClass <= 4)) {
      throw new RangeError(`events: quadClass must be 1, 2, 3 or 4, got ${query.quadClass}`);
    }
    const rows = this.eventQueries.page(query, limit, offset);
    return rows.map(({ attrs, text, start, end, ...summary }) => ({
      ...summary,
      event: (JSON.parse(attrs) as { event: StoredEvent['event'] }).event,
      sentence: text.slice(start, end),
    }));
  }

  /** Makes the attributions of an article's current version searchable by what was said and who said it. */
  private indexQuotes(seq: number, doc: DocumentData): void {
    for (const row of quoteRows(seq, doc)) {
      this.statements.addQuote.run({
        content: row.content,
        speaker: row.speaker,
        seq,
        spanId: row.span_id,
        kind: row.kind,
        speakerEntity: row.speaker_entity,
        chain: JSON.stringify(row.chain),
      });
    }
  }

  async searchQuotes(query: string, options: ListOptions = {}): Promise<QuoteHit[]> {
    const fts = await this.withCompletions(query, QUOTE_COLUMNS);
    const rows = fullTextQuery(query, () => this.statements.searchQuotes.all({ ...pageParams('searchQuotes', options), query: fts }));
    return rows.map((row) => ({ ...row, chain: JSON.parse(row.chain) as string[] }));
  }

  /** A mention of a one-word name, as the corpus knows it: the entity id and name of the full name it stands for. */
  private linkAcrossCorpus(span: Span): Span {
    if (span.type === 'attribution') {
      // Speakers and chain links name entities too.
      const speaker = span.speaker && this.statements.aliasOf.get(span.speaker.entity);
      const chain = span.chain.map((link) => {
        const alias = link.entity ? this.statements.aliasOf.get(link.entity) : undefined;
        return alias ? { ...link, entity: alias.entity, name: alias.name } : link;
      });
      return { ...span, chain, ...(speaker ? { speaker: { entity: speaker.entity, name: speaker.name } } : {}) };
    }
    if (span.type !== 'mention') return span;
    const alias = this.statements.aliasOf.get(span.entity);
    return alias ? { ...span, entity: alias.entity, name: alias.name, label: alias.label as EntityLabel } : span;
  }

  private insertVersion(seq: number, version: number, record: ArticleRecord, now: string): void {
    const { doc } = record;
    this.statements.insertVersion.run({
      seq,
      version,
      contentHash: doc.contentHash,
      spansHash: hashSpans(doc.spans),
      text: doc.text,
      origin: JSON.stringify(doc.origin),
      hints: JSON.stringify(doc.hints),
      ...readFields(record),
      now,
    });
    this.insertSpans(seq, version, doc.spans);
  }

  /**
   * Records the people and organisations a document names and re-links one-word names across the corpus:
   * "Pompeo" alone becomes an alias of the one "Mike Pompeo" any article names, "GM" of "General Motors",
   * "Ford" of "Ford Motor"; with two full names for the word, none (unless one dominates).
   */
  private noteNames(seq: number, spans: readonly Span[]): void {
    const s = this.statements;
    // Counted before the names are upserted, so a name new to the store starts with this article in its count.
    for (const entity of namedEntities(spans)) if (s.noteEntityArticle.run(entity, seq).changes > 0) s.countEntityArticle.run(entity);
    const touched = new Map<string, NameLabel>();
    for (const span of spans) {
      const name = notedName(span);
      if (!name) continue;
      const { entity, label, words, first, last, rest, initials } = name;
      if (s.isKnownName.get(entity)) s.lengthenName.run({ entity, name: name.name });
      else s.insertName.run({ entity, label, name: name.name, words, first, last, rest, initials });
      for (const id of name.otherTypeIds) s.setAlias.run(id, entity);
      for (const word of name.calledBy) touched.set(`${label} ${word}`, label);
    }
    for (const [key, label] of touched) {
      const word = key.slice(4);
      const single = s.oneWordName.get({ label, word });
      if (!single) continue;
      const full = s.fullNamesWith.all({ label, word }).filter((f) => mayStandFor(label, word, f));
      const target = full.length === 1 ? full[0] : dominant(full);
      if (target) s.setAlias.run(single.entity, target.entity);
      else s.dropAlias.run(single.entity);
    }
  }

  private insertSpans(seq: number, version: number, spans: readonly Span[]): void {
    this.noteNames(seq, spans);
    spans.forEach((span, position) => {
      const { id, type, stage, start, end, ...typeSpecific } = span;
      this.statements.insertSpan.run({
        seq,
        version,
        spanId: id,
        position,
        type,
        stage,
        start,
        end,
        attrs: JSON.stringify(typeSpecific),
      });
    });
  }

  private toStoredArticle(row: VersionRow): StoredArticle {
    const spans = this.statements.spansOf
      .all(row.seq, row.version)
      .map((spanRow) => this.linkAcrossCorpus(spanFromRow({ ...spanRow, attrs: JSON.parse(spanRow.attrs) as object })));
    const doc: DocumentData = {
      id: row.id,
      key: row.key,
      contentHash: row.content_hash,
      text: row.text,
      origin: JSON.parse(row.origin) as Origin,
      hints: JSON.parse(row.hints) as SourceHints,
      spans,
    };
    return {
      id: row.id,
      version: row.version,
      versions: row.versions,
      ingestedAt: row.ingested_at,
      doc,
      title: row.title,
      outlet: row.outlet,
      published: row.published,
      dateline: row.dateline,
      author: row.author,
      body: row.body,
      ...optional('links', this.connectionTables.links(row.seq)),
    };
  }
}

/** `{ key: value }`, or nothing when the value is undefined (the property is then absent, not undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readFields(record: ArticleRecord): ReadFields {
  const { title, outlet, published, dateline, author, body } = record;
  return { title, outlet, published, dateline, author, body };
}

function hashSpans(spans: readonly Span[]): string {
  return sha256(JSON.stringify(spans));
}

/**
 * Runs a full-text statement. The statements are fixed and tested, so an SQL error comes from the query text:
 * it is reported as a malformed query, quoting it.
 */
function fullTextQuery<T>(query: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof Database.SqliteError && err.code === 'SQLITE_ERROR') {
      throw new MalformedQueryError(query, err.message.replace(/^fts5: /, ''), { cause: err });
    }
    throw err;
  }
}
