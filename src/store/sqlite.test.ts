import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Document } from '../document/document.js';
import type { NewSpan, Origin } from '../document/types.js';
import { MIGRATIONS, latestSchemaVersion, migrate, type Migration } from './migrations.js';
import { defaultDbPath } from './paths.js';
import { openSqliteStore, type SqliteStore } from './sqlite.js';
import type { ArticleRecord } from './types.js';
import { addMention, buildArticle, expectStored, protest, quakeV1, quakeV2 } from '../../test/store-contract.js';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'eventwire-store-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let dbCounter = 0;
function tmpDbPath(): string {
  // A nested directory, so every test also exercises "creates parent directories".
  return path.join(tmpRoot, `case-${++dbCounter}`, 'nested', 'eventwire.db');
}

/** Stores opened by a test; afterEach closes them and checks the files are sound. */
const openStores: SqliteStore[] = [];
function openTempStore(dbPath = tmpDbPath()): SqliteStore {
  const store = openSqliteStore(dbPath);
  openStores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of openStores.splice(0)) {
    await store.close();
    withRawDb(store.path, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // Throws if the external-content index disagrees with the current versions it indexes.
      db.exec(`INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)`);
    });
  }
});

/** A second connection to look at what the store actually wrote. */
function withRawDb<T>(dbPath: string, use: (db: Database.Database) => T): T {
  const db = new Database(dbPath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function rowCounts(dbPath: string) {
  return withRawDb(dbPath, (db) => {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      articles: count('articles'),
      versions: count('article_versions'),
      spans: count('spans'),
      indexed: count('article_search_docsize'),
    };
  });
}


/** A store as written before migration 9: no connector snapshot. */
const UNDO_MIGRATION_9 = 'DROP TABLE connector_snapshot_parts; DELETE FROM schema_migrations WHERE version = 9';
/** A store as written before migration 8: no log of story moves. */
const UNDO_MIGRATION_8 = `${UNDO_MIGRATION_9}; DROP INDEX article_connections_moved; ALTER TABLE article_connections DROP COLUMN moved_seq; DELETE FROM schema_migrations WHERE version = 8`;

describe('defaultDbPath', () => {
  it('prefers $EVENTWIRE_DB', () => {
    expect(defaultDbPath({ EVENTWIRE_DB: '/srv/corpus.db' })).toBe('/srv/corpus.db');
  });

  it('falls back to eventwire.db in the per-user data directory, without a -nodejs suffix', () => {
    const fallback = defaultDbPath({});
    expect(path.basename(fallback)).toBe('eventwire.db');
    expect(path.basename(path.dirname(fallback))).toBe('eventwire');
  });
});

/**
 * What only the SQLite store does. Everything a store must do, whichever it is, is the store contract
 * (test/store-contract.ts), run on SQLite by sqlite.contract.test.ts.
 */
describe('SqliteStore: what only SQLite does', () => {
  it('round-trips arbitrary texts and spans, NUL characters included (property)', async () => {
    const store = openSqliteStore(':memory:');
    let counter = 0;
    const spanArb = (length: number) =>
      fc
        .tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.string(), fc.constantFrom('kept', 'removed', 'field'), fc.nat())
        .map(([a, b, label, type, paragraph]): NewSpan => {
          const start = Math.min(a, b);
          const end = Math.max(a, b);
          if (type === 'kept') return { type, start, end, paragraph, stage: label };
          if (type === 'removed') return { type, start, end, reason: 'chrome', rule: `chrome/${label}`, stage: 'clean' };
          return { type, start, end, field: 'author', value: label, rule: 'author/byline', stage: 'clean' };
        });
    const docArb = fc.string({ unit: 'binary', maxLength: 200 }).chain((text) =>
      fc.tuple(fc.constant(text), fc.array(spanArb(text.length), { maxLength: 12 })),
    );

    await fc.assert(
      fc.asyncProperty(docArb, async ([rawText, spans]) => {
        const text = `${++counter}:${rawText}`; // unique text, so every run inserts
        const origin: Origin = { uri: `mem://${counter}`, format: 'jsonl', start: 3, end: 3 + text.length, encoding: 'utf-16le' };
        const doc = new Document(text, origin, { outlet: 'Ünïcode “Outlet”' });
        for (const span of spans) doc.addSpan(span);
        const record: ArticleRecord = { doc: doc.toData(), title: null, outlet: null, published: null, dateline: null, author: null, body: rawText };
        const [outcome] = await store.ingest([record]);
        expect(outcome?.status).toBe('inserted');
        expectStored(await store.get(doc.id), record, 1, 1);
      }),
      { numRuns: 100 },
    );
    await store.close();
  });

  describe('batch atomicity', () => {
    async function expectBatchRolledBack(poison: (store: SqliteStore) => ArticleRecord, message: RegExp): Promise<void> {
      const store = openTempStore();
      const earlier = quakeV1();
      await store.ingest([earlier.record]);
      const before = rowCounts(store.path);

      // Record 1 is new, record 2 a new version of stored data, record 3 fails.
      const batch = [protest().record, quakeV2().record, poison(store)];
      await expect(store.ingest(batch)).rejects.toThrow(message);

      expect(rowCounts(store.path)).toEqual(before);
      expect(await store.get(protest().doc.id)).toBeUndefined();
      expectStored(await store.get(earlier.doc.id), earlier.record, 1, 1);
      expect((await store.search('aftershocks')).map((hit) => hit.id)).toEqual([earlier.doc.id]);
      expect(await store.search('engineers OR protesters')).toEqual([]);
      // The store stays usable after a failed batch.
      expect((await store.ingest([protest().record]))[0]?.status).toBe('inserted');
    }

    it('rolls back the whole batch when SQLite itself rejects the third insert', async () => {
      await expectBatchRolledBack((store) => {
        withRawDb(store.path, (db) =>
          db.exec(`CREATE TRIGGER reject_poison BEFORE INSERT ON article_versions WHEN NEW.text LIKE '%POISON%'
                   BEGIN SELECT RAISE(ABORT, 'poisoned record'); END`),
        );
        return buildArticle({ url: 'https://third.example/p', title: 'POISON', paragraphs: ['Never stored.'] }).record;
      }, /record 3 of 3 .*poisoned record/);
    });
  });
});

describe('statistics kept between writes', () => {
  it('recounts after a write of its own and after another process commits, not otherwise', async () => {
    const dbPath = tmpDbPath();
    const reader = openTempStore(dbPath);
    const writer = openTempStore(dbPath);
    expect((await reader.stats()).articles).toBe(0);
    await writer.ingest([quakeV1().record]);
    expect((await reader.stats()).articles).toBe(1);
    await reader.ingest([protest().record]);
    const after = await reader.stats();
    expect(after.articles).toBe(2);
    expect(after.removed).toEqual((await writer.stats()).removed);
    // Nothing written since: the same answer, not a recount.
    expect(await reader.stats()).toBe(after);
  });
});

describe("the query planner's statistics", () => {
  const spanStatistics = (dbPath: string) =>
    withRawDb(dbPath, (db) => db.prepare<[], { idx: string; stat: string }>(`SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'spans' ORDER BY idx`).all());
  const rowsEstimated = (rows: { idx: string; stat: string }[], idx: string) => Number(rows.find((row) => row.idx === idx)?.stat.split(' ')[0] ?? 0);

  it('are taken again once the store has grown past those its empty tables were given at creation', async () => {
    const dbPath = tmpDbPath();
    const store = openTempStore(dbPath);
    // Created and analysed empty (the migrations run ANALYZE): the planner would take spans for a tiny table.
    expect(rowsEstimated(spanStatistics(dbPath), 'spans_mention_entity')).toBe(0);
    const records = Array.from({ length: 30 }, (_, i) =>
      addMention(buildArticle({ url: `https://a.example/${i}`, title: `Story ${i}`, paragraphs: [`Officials in Geneva spoke on day ${i}.`] }), 'Geneva', 'place/geneva', 'Geneva'),
    );
    await store.ingest(records);
    const after = spanStatistics(dbPath);
    expect(rowsEstimated(after, 'spans_mention_entity')).toBe(30);
    expect(rowsEstimated(after, 'spans')).toBeGreaterThan(30);
    // A batch that changes little leaves them be.
    await store.ingest([addMention(buildArticle({ url: 'https://a.example/more', title: 'More', paragraphs: ['Geneva again.'] }), 'Geneva', 'place/geneva', 'Geneva')]);
    expect(spanStatistics(dbPath)).toEqual(after);
  });

  it('are refreshed on opening a store whose tables grew while they were not', async () => {
    const dbPath = tmpDbPath();
    const writer = openTempStore(dbPath);
    const atCreation = withRawDb(dbPath, (db) => db.prepare(`SELECT tbl, idx, stat FROM sqlite_stat1`).all());
    await writer.ingest(Array.from({ length: 30 }, (_, i) => addMention(buildArticle({ url: `https://b.example/${i}`, title: `B ${i}`, paragraphs: ['In Bern today.'] }), 'Bern', 'place/bern', 'Bern')));
    await writer.close();
    // As a store filled before this check existed left them: the statistics of its creation.
    withRawDb(dbPath, (db) => {
      db.exec('DELETE FROM sqlite_stat1');
      const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (@tbl, @idx, @stat)');
      for (const row of atCreation) insert.run(row);
    });
    expect(rowsEstimated(spanStatistics(dbPath), 'spans_mention_entity')).toBe(0);
    openTempStore(dbPath);
    expect(rowsEstimated(spanStatistics(dbPath), 'spans_mention_entity')).toBe(30);
  });
});

describe('opening and migrating', () => {
  it('records the migrations once; re-opening is a no-op', async () => {
    const dbPath = tmpDbPath();
    await openTempStore(dbPath).close();
    const recorded = () =>
      withRawDb(dbPath, (db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all());
    const first = recorded();
    expect(first.map((row) => (row as { version: number }).version)).toEqual(MIGRATIONS.map((migration) => migration.version));

    const store = openTempStore(dbPath);
    expect(recorded()).toEqual(first);
    expect(withRawDb(dbPath, (db) => migrate(db, dbPath))).toEqual([]);
    expect(withRawDb(dbPath, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    await store.ingest([quakeV1().record]);
  });

  it('applies each migration in its own transaction', () => {
    const db = new Database(':memory:');
    const migrations: Migration[] = [
      { version: 1, name: 'first', up: (d) => d.exec('CREATE TABLE first (x)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE second (x)');
          throw new Error('migration bug');
        },
      },
    ];
    expect(() => migrate(db, ':memory:', migrations)).toThrow('migration bug');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['first', 'schema_migrations']);
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    expect(() => migrate(db, ':memory:', [migrations[0]!, { version: 3, name: 'gap', up: () => {} }])).toThrow(/expected 2/);
    db.close();
  });

  it('migration 7 counts, from the stored spans, the articles naming each person', async () => {
    const dbPath = tmpDbPath();
    const store = openTempStore(dbPath);
    const named = (n: number, entity: string, name: string) =>
      addMention(buildArticle({ url: `https://m.example/${n}`, title: `Report ${n}`, paragraphs: [`${name} spoke.`] }), name, entity, name, 'PER');
    await store.ingest([named(1, 'person/ana-ferreira', 'Ana Ferreira'), named(2, 'person/ana-ferreira', 'Ana Ferreira'), named(3, 'person/bruno-ferreira', 'Bruno Ferreira')]);
    await store.close();
    const counts = () => withRawDb(dbPath, (db) => db.prepare('SELECT entity, articles FROM known_names ORDER BY entity').all());
    const expected = [
      { entity: 'person/ana-ferreira', articles: 2 },
      { entity: 'person/bruno-ferreira', articles: 1 },
    ];
    expect(counts()).toEqual(expected);
    // As a database written before migration 7 was: no table, no column; opening it again fills both in.
    withRawDb(dbPath, (db) => db.exec(`${UNDO_MIGRATION_8}; DROP TABLE entity_articles; ALTER TABLE known_names DROP COLUMN articles; DELETE FROM schema_migrations WHERE version = 7`));
    await openTempStore(dbPath).close();
    expect(counts()).toEqual(expected);
  });

  it('migration 8 adds the log of story moves to a store written without it', async () => {
    const dbPath = tmpDbPath();
    const store = openTempStore(dbPath);
    await store.ingest([buildArticle({ url: 'https://m.example/1', title: 'Report 1', paragraphs: ['Ana Ferreira spoke.'] }).record]);
    await store.close();
    withRawDb(dbPath, (db) => db.exec(UNDO_MIGRATION_8));
    expect(() => withRawDb(dbPath, (db) => db.prepare('SELECT moved_seq FROM article_connections').all())).toThrow(/no such column/);
    const reopened = openTempStore(dbPath);
    try {
      expect(await reopened.lastMove()).toBe(0);
      expect(withRawDb(dbPath, (db) => db.prepare('SELECT max(version) AS v FROM schema_migrations').get())).toEqual({ v: latestSchemaVersion() });
    } finally {
      await reopened.close();
    }
  });

  it('migration 9 adds the connector snapshot to a store written without it', async () => {
    const dbPath = tmpDbPath();
    await openTempStore(dbPath).close();
    withRawDb(dbPath, (db) => db.exec(UNDO_MIGRATION_9));
    expect(() => withRawDb(dbPath, (db) => db.prepare('SELECT bytes FROM connector_snapshot_parts').all())).toThrow(/no such table/);
    const reopened = openTempStore(dbPath);
    try {
      expect(await reopened.connectorSnapshot()).toBeUndefined();
      await reopened.saveConnectorSnapshot(Uint8Array.from([4, 2]));
      expect([...(await reopened.connectorSnapshot())!]).toEqual([4, 2]);
      expect(withRawDb(dbPath, (db) => db.prepare('SELECT max(version) AS v FROM schema_migrations').get())).toEqual({ v: latestSchemaVersion() });
    } finally {
      await reopened.close();
    }
  });

  it('refuses a database with a newer schema, naming the file and both versions', async () => {
    const dbPath = tmpDbPath();
    await openSqliteStore(dbPath).close();
    withRawDb(dbPath, (db) => db.prepare(`INSERT INTO schema_migrations VALUES (99, 'from the future', '2099-01-01')`).run());
    const known = latestSchemaVersion();
    expect(() => openSqliteStore(dbPath)).toThrow(
      `${dbPath}: the database has schema version 99, newer than this eventwire knows (${known})`,
    );
  });

  it('refuses a file that is not a database, naming the path and the problem', () => {
    const junkPath = path.join(tmpRoot, 'junk.db');
    fs.writeFileSync(junkPath, Buffer.from('this is definitely not an sqlite database '.repeat(200)));
    expect(() => openSqliteStore(junkPath)).toThrow(`Cannot open the eventwire store ${junkPath}: the file is not an SQLite database`);
  });

  it('opens an in-memory store', async () => {
    const store = openSqliteStore(':memory:');
    await store.ingest([quakeV1().record]);
    expect((await store.stats()).articles).toBe(1);
    await store.close();
    await store.close(); // closing twice is harmless
  });
});
