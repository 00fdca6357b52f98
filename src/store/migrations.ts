import type Database from 'better-sqlite3';

export interface Migration {
  /** Strictly increasing, starting at 1. Never renumber or edit a released migration: add a new one. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, versions, spans, search, input errors',
    up(db) {
      db.exec(`
        -- One row per article (per key). seq is an integer alias of rowid: compact references from the
        -- version and span tables, stable across VACUUM, the full-text rowid, and the ingest order.
        CREATE TABLE articles (
          seq             INTEGER PRIMARY KEY,
          id              TEXT    NOT NULL UNIQUE,
          key             TEXT    NOT NULL UNIQUE,
          current_version INTEGER NOT NULL,
          first_ingested  TEXT    NOT NULL,
          last_ingested   TEXT    NOT NULL
        );

        CREATE TABLE article_versions (
          article_seq  INTEGER NOT NULL REFERENCES articles (seq),
          version      INTEGER NOT NULL CHECK (version >= 1),
          content_hash TEXT    NOT NULL,
          text         TEXT    NOT NULL,
          origin       TEXT    NOT NULL, -- JSON Origin
          hints        TEXT    NOT NULL, -- JSON SourceHints
          title        TEXT,
          outlet       TEXT,
          published    TEXT,             -- YYYY-MM-DD
          dateline     TEXT,
          author       TEXT,
          body         TEXT    NOT NULL,
          ingested_at  TEXT    NOT NULL,
          PRIMARY KEY (article_seq, version)
        );
        -- Unique: the same text is never stored twice, whatever key it came under.
        CREATE UNIQUE INDEX article_versions_content_hash ON article_versions (content_hash);

        -- type, stage and offsets are columns (queried for stats); the type-specific fields (paragraph,
        -- reason, rule, field, value ...) are kept as JSON so any span round-trips exactly.
        CREATE TABLE spans (
          article_seq  INTEGER NOT NULL,
          version      INTEGER NOT NULL,
          span_id      INTEGER NOT NULL,
          position     INTEGER NOT NULL, -- index in DocumentData.spans, to restore the array order
          type         TEXT    NOT NULL,
          stage        TEXT    NOT NULL,
          start_offset INTEGER NOT NULL,
          end_offset   INTEGER NOT NULL,
          attrs        TEXT    NOT NULL, -- JSON
          PRIMARY KEY (article_seq, version, span_id),
          FOREIGN KEY (article_seq, version) REFERENCES article_versions (article_seq, version),
          CHECK (0 <= start_offset AND start_offset <= end_offset)
        ) WITHOUT ROWID;

        CREATE VIEW current_versions AS
          SELECT a.seq, a.id, a.key, v.version, v.content_hash, v.text, v.origin, v.hints, v.title, v.outlet,
                 v.published, v.dateline, v.author, v.body, v.ingested_at,
                 json_extract(v.origin, '$.uri') AS uri,
                 a.current_version AS versions -- versions are numbered 1..current without gaps
          FROM articles a
          JOIN article_versions v ON v.article_seq = a.seq AND v.version = a.current_version;

        -- External-content index over the current versions: the text is stored once, in article_versions.
        -- The store keeps it in sync by hand (delete with the old values, then insert) when a version lands.
        CREATE VIRTUAL TABLE article_search USING fts5 (
          title, body,
          content = 'current_versions', content_rowid = 'seq',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );

        CREATE TABLE input_errors (
          id      INTEGER PRIMARY KEY,
          uri     TEXT NOT NULL,
          message TEXT NOT NULL,
          at      TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'span hashes for re-analysis, mention index by entity, names known across articles',
    up(db) {
      db.exec(`
        -- sha256 of the version's spans as stored: the same text read by a newer pipeline gets its spans
        -- replaced in place (it is the same article version, read better), not a new version.
        ALTER TABLE article_versions ADD COLUMN spans_hash TEXT;

        -- "Every article that mentions this entity": entity ids live in the mention spans' attributes.
        CREATE INDEX spans_mention_entity ON spans (json_extract(attrs, '$.entity'))
          WHERE type = 'mention';

        -- People and organisations named in any article, with the first and last word of their fullest name,
        -- the words after the first, and their initials: so that an article that only says "Pompeo" or "GM"
        -- can be linked to the "Mike Pompeo" or "General Motors" another article names in full.
        CREATE TABLE known_names (
          entity     TEXT PRIMARY KEY,
          label      TEXT NOT NULL,
          name       TEXT NOT NULL,
          words      INTEGER NOT NULL,
          first_word TEXT NOT NULL,
          last_word  TEXT NOT NULL,
          rest       TEXT NOT NULL, -- the words after the first, '-' joined
          initials   TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX known_names_first_word ON known_names (label, first_word);
        CREATE INDEX known_names_last_word ON known_names (label, last_word);
        CREATE INDEX known_names_initials ON known_names (label, initials);

        -- A one-word id (person/pompeo, org/gm) and the one full name it stands for across the corpus.
        -- Recomputed whenever a name with that word is stored; a word two full names share gets none, unless
        -- one of them is named in three times as many articles as the others (a bare "Trump" is Donald Trump).
        CREATE TABLE entity_aliases (
          alias  TEXT PRIMARY KEY,
          entity TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    name: 'quotes of current versions, searchable',
    up(db) {
      db.exec(`
        -- One row per attribution of a current version: what was said, by whom, through which outlets. The
        -- store keeps it in step with the current version, like article_search.
        CREATE VIRTUAL TABLE quote_search USING fts5 (
          content, speaker,
          article_seq UNINDEXED, span_id UNINDEXED, kind UNINDEXED, speaker_entity UNINDEXED, chain UNINDEXED,
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
      `);
    },
  },
  {
    version: 4,
    name: 'events of current versions, queryable',
    up(db) {
      db.exec(`
        -- One row per event span of a current version, kept in step with it like quote_search. The span (in
        -- spans.attrs) holds the full coding and evidence; these columns are what queries filter on.
        CREATE TABLE event_index (
          article_seq   INTEGER NOT NULL REFERENCES articles(seq),
          span_id       INTEGER NOT NULL,
          source        TEXT NOT NULL,
          target        TEXT NOT NULL,
          code          TEXT NOT NULL,
          root          TEXT NOT NULL,
          quad_class    INTEGER NOT NULL,
          plover        TEXT NOT NULL,
          event_date    TEXT,
          source_entity TEXT,
          target_entity TEXT,
          PRIMARY KEY (article_seq, span_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_index_by_date ON event_index (event_date);
        CREATE INDEX event_index_by_code ON event_index (code);
        CREATE INDEX event_index_by_source ON event_index (source);
        CREATE INDEX event_index_by_target ON event_index (target);
        CREATE INDEX event_index_by_source_entity ON event_index (source_entity);
        CREATE INDEX event_index_by_target_entity ON event_index (target_entity);
      `);
    },
  },
  {
    version: 5,
    name: 'connections: duplicates and stories',
    up(db) {
      db.exec(`
        -- What the connect stage decided for an article when it was first stored: the article it duplicates
        -- and the story and storyline it joined, with what a later run needs to rebuild the indexes (the
        -- duplicate signature and the story views, replayed in seq order). Decisions are never re-made, so
        -- story numbers stay stable; a new version keeps its article's row.
        CREATE TABLE article_connections (
          article_seq          INTEGER PRIMARY KEY REFERENCES articles (seq),
          story                INTEGER,
          storyline            INTEGER,
          probability          REAL,
          duplicate_of         TEXT,    -- article id of the original
          duplicate_kind       TEXT,    -- exact | near | contained
          duplicate_similarity REAL,
          signature            BLOB NOT NULL,
          views                TEXT     -- JSON, null when the language stage did not run
        );
        CREATE INDEX article_connections_story ON article_connections (story);
        CREATE INDEX article_connections_storyline ON article_connections (storyline);
        CREATE INDEX article_connections_duplicate ON article_connections (duplicate_of);
      `);
    },
  },
  {
    version: 6,
    name: 'indexes for filtered event pages, outlets and dates',
    up(db) {
      db.exec(`
        -- A version's outlet and date sit after its text in the row: reading them means walking the text's
        -- overflow pages. These indexes hold them apart, so filters and lists by outlet or date read only them.
        CREATE INDEX article_versions_outlet ON article_versions (outlet, article_seq, version);
        CREATE INDEX article_versions_published ON article_versions (published, article_seq, version);
        -- Event pages are ordered by date, undated last; with the filter columns beside the date, a filtered
        -- page walks this index in order and stops when the page is full.
        CREATE INDEX event_index_listing ON event_index (event_date IS NULL, event_date, source, target, code, plover, quad_class);
        ANALYZE;
      `);
    },
  },
  {
    version: 7,
    name: 'articles naming each person and organisation, counted as they are stored',
    up(db) {
      db.exec(`
        -- Which articles name a person or organisation (in any version), so that "named in how many articles"
        -- is one counter read instead of a count over every mention span: that count grew with the corpus and
        -- made ingest slow down as the store filled.
        CREATE TABLE entity_articles (
          entity      TEXT NOT NULL,
          article_seq INTEGER NOT NULL,
          PRIMARY KEY (entity, article_seq)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO entity_articles (entity, article_seq)
          SELECT json_extract(attrs, '$.entity'), article_seq FROM spans
          WHERE type = 'mention'
            AND (json_extract(attrs, '$.entity') LIKE 'person/%' OR json_extract(attrs, '$.entity') LIKE 'org/%');
        ALTER TABLE known_names ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
        UPDATE known_names SET articles = (SELECT count(*) FROM entity_articles e WHERE e.entity = known_names.entity);
      `);
    },
  },
  {
    version: 8,
    name: 'a log of story moves',
    up(db) {
      db.exec(`
        -- Where an article last moved in the store's log of moves (a story split or absorbed): a running
        -- connector reads only the moves after the last it followed, instead of every placement in the store.
        ALTER TABLE article_connections ADD COLUMN moved_seq INTEGER;
        CREATE INDEX article_connections_moved ON article_connections (moved_seq);
      `);
    },
  },
  {
    version: 9,
    name: 'a snapshot of the connect stage',
    up(db) {
      db.exec(`
        -- The connect stage's indexes as its last writer left them (Connector.snapshot): a new process reads
        -- them and catches up from there instead of replaying every stored connection. In parts: a snapshot
        -- grows with the store (about 0.8 KB an article) and a BLOB holds at most 1 GB.
        CREATE TABLE connector_snapshot_parts (
          part       INTEGER PRIMARY KEY,
          written_at TEXT NOT NULL,
          bytes      BLOB NOT NULL
        );
      `);
    },
  },
];

export function latestSchemaVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/** The highest migration recorded in the database, 0 for a fresh one. */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_migrations').get();
  return row?.version ?? 0;
}

/**
 * Brings the schema up to date, one transaction per migration, each recorded in `schema_migrations`.
 * Refuses a database written by a newer eventwire rather than risk misreading it. Returns the versions applied.
 */
export function migrate(db: Database.Database, dbPath: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const known = latestSchemaVersion(migrations);
  const found = schemaVersion(db);
  if (found > known) {
    throw new Error(
      `${dbPath}: the database has schema version ${found}, newer than this eventwire knows (${known}). ` +
        'Upgrade eventwire to open it.',
    );
  }

  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    // IMMEDIATE takes the write lock first, and the version is re-read under it, so two processes opening
    // the same new database do not both run a migration.
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
