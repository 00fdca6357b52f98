/**
 * The PostgreSQL store's schema, as numbered migrations recorded in `schema_migrations`. Several processes (a
 * server and any number of workers) may open a new database at once: each migration runs in its own transaction
 * holding an advisory lock, and re-reads the schema version under it, so exactly one of them applies it.
 */
import type pg from 'pg';

export interface PostgresMigration {
  /** Strictly increasing, starting at 1. Never renumber or edit a released migration: add a new one. */
  version: number;
  name: string;
  /** Statements run in order, in the migration's transaction. Fixed SQL: no values. */
  statements: readonly string[];
}

/** The text search configuration of both indexes: English stemming and stop words, accents folded (Zürich = zurich). */
export const TEXT_SEARCH_CONFIG = 'eventwire_english';

/**
 * Text columns compare and sort byte-wise (COLLATE "C"), as SQLite's do: ids, codes and dates order the same on
 * either store, and the `>= code AND < code || '~'` prefix ranges used by the event filters hold.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'articles, versions, spans, names, search, quotes, events, connections, input errors',
    statements: [
      // unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
      `CREATE EXTENSION IF NOT EXISTS unaccent`,
      `CREATE TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG} (COPY = english)`,
      `ALTER TEXT SEARCH CONFIGURATION ${TEXT_SEARCH_CONFIG}
         ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem`,

      // One row per article (per key); seq is the ingest order and the compact reference used by every table.
      `CREATE TABLE articles (
         seq             bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         id              text    COLLATE "C" NOT NULL UNIQUE,
         key             text    COLLATE "C" NOT NULL UNIQUE,
         current_version integer NOT NULL CHECK (current_version >= 1),
         first_ingested  timestamptz NOT NULL,
         last_ingested   timestamptz NOT NULL
       )`,
      // content_hash is unique: the same text is never stored twice, whatever key it came under. origin and
      // hints are json (not jsonb), which keeps the text as written: documents round-trip key order and all.
      // astral: the text has characters beyond the BMP, so UTF-16 offsets are not character positions and
      // slices of it are cut in JavaScript rather than with substr.
      `CREATE TABLE article_versions (
         article_seq  bigint  NOT NULL REFERENCES articles (seq),
         version      integer NOT NULL CHECK (version >= 1),
         content_hash text    COLLATE "C" NOT NULL UNIQUE,
         spans_hash   text    COLLATE "C" NOT NULL,
         text         text    NOT NULL,
         astral       boolean NOT NULL,
         origin       json    NOT NULL,
         hints        json    NOT NULL,
         uri          text    COLLATE "C" NOT NULL,
         title        text    COLLATE "C",
         outlet       text    COLLATE "C",
         published    text    COLLATE "C" CHECK (published ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
         dateline     text    COLLATE "C",
         author       text    COLLATE "C",
         body         text    NOT NULL,
         ingested_at  timestamptz NOT NULL,
         PRIMARY KEY (article_seq, version)
       )`,
      `CREATE INDEX article_versions_published ON article_versions (published)`,
      `CREATE VIEW current_versions AS
         SELECT a.seq, a.id, a.key, v.version, v.content_hash, v.text, v.astral, v.origin, v.hints, v.uri, v.title,
                v.outlet, v.published, v.dateline, v.author, v.body, v.ingested_at,
                a.current_version AS versions -- versions are numbered 1..current without gaps
         FROM articles a
         JOIN article_versions v ON v.article_seq = a.seq AND v.version = a.current_version`,

      // Offsets and type are columns; the type-specific fields are json, so any span round-trips exactly. The
      // fields queries read (a mention's entity, name, label and form; a removal's reason) are copied to columns,
      // and a mention's words (surface), cut from the text in JavaScript, where offsets are UTF-16 units.
      // No foreign key to article_versions: checking one row per span took about 40% of the database's time for a
      // batch, and only the store writes spans, in the transaction that writes their version (it never deletes one).
      `CREATE TABLE spans (
         article_seq  bigint  NOT NULL,
         version      integer NOT NULL,
         span_id      bigint  NOT NULL,
         position     integer NOT NULL,
         type         text    COLLATE "C" NOT NULL,
         stage        text    NOT NULL,
         start_offset integer NOT NULL,
         end_offset   integer NOT NULL,
         attrs        json    NOT NULL,
         entity       text    COLLATE "C",
         name         text    COLLATE "C",
         label        text    COLLATE "C",
         form         text    COLLATE "C",
         surface      text    COLLATE "C",
         reason       text    COLLATE "C",
         PRIMARY KEY (article_seq, version, span_id),
         CHECK (0 <= start_offset AND start_offset <= end_offset)
       )`,
      `CREATE INDEX spans_mention_entity ON spans (entity) WHERE type = 'mention'`,

      // People and organisations named in full somewhere, and the one-word ids linked to them (see the store).
      `CREATE TABLE known_names (
         entity     text    COLLATE "C" PRIMARY KEY,
         label      text    COLLATE "C" NOT NULL,
         name       text    COLLATE "C" NOT NULL,
         words      integer NOT NULL,
         first_word text    COLLATE "C" NOT NULL,
         last_word  text    COLLATE "C" NOT NULL,
         rest       text    COLLATE "C" NOT NULL,
         initials   text    COLLATE "C" NOT NULL
       )`,
      `CREATE INDEX known_names_first_word ON known_names (label, first_word)`,
      `CREATE INDEX known_names_last_word ON known_names (label, last_word)`,
      `CREATE INDEX known_names_initials ON known_names (label, initials)`,
      // A null entity: the alias was withdrawn (two full names now share the word). Kept as a row rather than
      // deleted so that every change to aliases is one upsert in key order, which concurrent writers cannot
      // deadlock on.
      `CREATE TABLE entity_aliases (
         alias  text COLLATE "C" PRIMARY KEY,
         entity text COLLATE "C"
       )`,
      `CREATE INDEX entity_aliases_entity ON entity_aliases (entity)`,
      // The words of names (first, last, initials) any batch has noted: a batch locks the rows of its words while
      // it re-links them, so two writers never decide about one word without seeing each other's names.
      `CREATE TABLE name_words (
         label text COLLATE "C" NOT NULL,
         word  text COLLATE "C" NOT NULL,
         PRIMARY KEY (label, word)
       )`,

      // Full text of current versions only: headline under weight A, body under B.
      `CREATE TABLE article_search (
         article_seq bigint   PRIMARY KEY REFERENCES articles (seq),
         document    tsvector NOT NULL
       )`,
      `CREATE INDEX article_search_document ON article_search USING gin (document)`,

      // One row per attribution of a current version: what was said (B), by whom (A), through which outlets.
      `CREATE TABLE quote_search (
         article_seq    bigint  NOT NULL REFERENCES articles (seq),
         span_id        bigint  NOT NULL,
         kind           text    COLLATE "C" NOT NULL,
         speaker        text    COLLATE "C" NOT NULL,
         speaker_entity text    COLLATE "C",
         chain          json    NOT NULL,
         content        text    NOT NULL,
         document       tsvector NOT NULL,
         PRIMARY KEY (article_seq, span_id)
       )`,
      `CREATE INDEX quote_search_document ON quote_search USING gin (document)`,
      `CREATE INDEX quote_search_speaker_entity ON quote_search (speaker_entity)`,

      // One row per event span of a current version; the span holds the full coding and evidence.
      `CREATE TABLE event_index (
         article_seq   bigint  NOT NULL REFERENCES articles (seq),
         span_id       bigint  NOT NULL,
         source        text    COLLATE "C" NOT NULL,
         target        text    COLLATE "C" NOT NULL,
         code          text    COLLATE "C" NOT NULL,
         root          text    COLLATE "C" NOT NULL,
         quad_class    integer NOT NULL,
         plover        text    COLLATE "C" NOT NULL,
         event_date    text    COLLATE "C",
         source_entity text    COLLATE "C",
         target_entity text    COLLATE "C",
         PRIMARY KEY (article_seq, span_id)
       )`,
      `CREATE INDEX event_index_by_date ON event_index (event_date)`,
      `CREATE INDEX event_index_by_code ON event_index (code)`,
      `CREATE INDEX event_index_by_source ON event_index (source)`,
      `CREATE INDEX event_index_by_target ON event_index (target)`,
      `CREATE INDEX event_index_by_source_entity ON event_index (source_entity)`,
      `CREATE INDEX event_index_by_target_entity ON event_index (target_entity)`,

      // What the connect stage decided for an article when it was first stored (kept for its later versions).
      `CREATE TABLE article_connections (
         article_seq          bigint PRIMARY KEY REFERENCES articles (seq),
         story                integer,
         storyline            integer,
         probability          double precision,
         duplicate_of         text COLLATE "C",
         duplicate_kind       text COLLATE "C",
         duplicate_similarity double precision,
         signature            bytea NOT NULL,
         views                json
       )`,
      `CREATE INDEX article_connections_story ON article_connections (story)`,
      `CREATE INDEX article_connections_storyline ON article_connections (storyline)`,
      `CREATE INDEX article_connections_duplicate ON article_connections (duplicate_of)`,

      `CREATE TABLE input_errors (
         id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         uri     text NOT NULL,
         message text NOT NULL,
         at      timestamptz NOT NULL
       )`,
    ],
  },
  {
    version: 2,
    name: 'articles naming each person and organisation',
    statements: [
      // "Named in how many articles" read from this table's primary key instead of counting mention spans through
      // the heap: that count grew with the corpus and slowed every batch that decides between two full names.
      `CREATE TABLE entity_articles (
         entity      text   COLLATE "C" NOT NULL,
         article_seq bigint NOT NULL REFERENCES articles (seq),
         PRIMARY KEY (entity, article_seq)
       )`,
      `INSERT INTO entity_articles (entity, article_seq)
         SELECT DISTINCT entity, article_seq FROM spans
         WHERE type = 'mention' AND (entity LIKE 'person/%' OR entity LIKE 'org/%')
         ON CONFLICT DO NOTHING`,
    ],
  },
  {
    version: 3,
    name: 'a log of story moves',
    statements: [
      // Where an article last moved in the store's log of moves (a story split or absorbed): a running connector
      // reads only the moves after the last it followed, instead of every placement in the store.
      'CREATE SEQUENCE article_moves_seq',
      'ALTER TABLE article_connections ADD COLUMN moved_seq bigint',
      'CREATE INDEX article_connections_moved ON article_connections (moved_seq) WHERE moved_seq IS NOT NULL',
    ],
  },
  {
    version: 4,
    name: 'a snapshot of the connect stage',
    statements: [
      // The connect stage's indexes as its last writer left them (Connector.snapshot): a new process reads them
      // and catches up from there instead of replaying every stored connection. In parts: a snapshot grows with
      // the store (about 0.8 KB an article) and a bytea holds at most 1 GB.
      `CREATE TABLE connector_snapshot_parts (
         part       integer PRIMARY KEY,
         written_at timestamptz NOT NULL,
         bytes      bytea NOT NULL
       )`,
    ],
  },
];

/** Any fixed 64-bit number, the same in every eventwire process: the lock migrations are applied under. */
const MIGRATION_LOCK = 0x657677_6d6967; // "evw" "mig"

export function latestPostgresSchemaVersion(migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

async function recordedVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return rows[0]?.version ?? 0;
}

/**
 * Brings the schema up to date, one transaction per migration. Refuses a database written by a newer eventwire
 * rather than risk misreading it. `where` names the database in messages. Returns the versions applied.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  where: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const known = latestPostgresSchemaVersion(migrations);
  const applied: number[] = [];
  for (let step = 0; ; step++) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Created under the lock: two processes creating it at once would collide in the catalog.
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL
      )`);
      const found = await recordedVersion(client);
      if (found > known) {
        throw new Error(
          `${where}: the database has schema version ${found}, newer than this eventwire knows (${known}). Upgrade eventwire to open it.`,
        );
      }
      const migration = migrations.find((m) => m.version === found + 1);
      if (!migration) {
        await client.query('COMMIT');
        return applied;
      }
      for (const statement of migration.statements) await client.query(statement);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
      await client.query('COMMIT');
      applied.push(migration.version);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (step > migrations.length) throw new Error(`${where}: migrations did not converge`);
  }
}
