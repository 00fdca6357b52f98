/**
 * The store contract (test/store-contract.ts) on PostgreSQL, each test on a new database of its own on the server
 * test/services.ts finds (skipped, saying why, when there is none; failed under EVENTWIRE_REQUIRE_SERVICES=1),
 * and what only the PostgreSQL store has: its migrations under an advisory lock, rollback of a batch the
 * database itself refuses, NUL characters, connection errors.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../../test/services.js';
import { buildArticle, connection, describeStoreContract, expectStored, protest, quakeV1, quakeV2, type RowCounts } from '../../test/store-contract.js';
import { latestPostgresSchemaVersion, migratePostgres, POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.js';
import { openPostgresStore, type PostgresStore } from './postgres.js';
import { applyStoryMoves } from './postgres-stories.js';
import { openStore } from './open.js';
import { SqliteStore } from './sqlite.js';

const adminUrl = await postgresUrl();

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function counts(url: string): Promise<RowCounts> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ articles: string; versions: string; spans: string; indexed: string }>(
      `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_versions) AS versions,
              (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM article_search) AS indexed`,
    );
    const row = rows[0]!;
    return { articles: Number(row.articles), versions: Number(row.versions), spans: Number(row.spans), indexed: Number(row.indexed) };
  });
}

describe.skipIf(!adminUrl)('PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase(adminUrl!);
    databases.push(database);
    return database;
  }
  const dropDatabases = async (): Promise<void> => {
    for (const database of databases.splice(0)) await database.drop();
  };

  describeStoreContract('PostgreSQL', {
    async fresh() {
      const { url } = await freshDatabase();
      return { store: await openPostgresStore(url), location: url };
    },
    open: (location) => openPostgresStore(location),
    counts,
    cleanup: dropDatabases,
  });

  describe('PostgreSQL store: opening and migrating', () => {
    const stores: PostgresStore[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await dropDatabases();
    });

    it('migrates a new database once when several processes open it at the same time', async () => {
      const { url } = await freshDatabase();
      stores.push(...(await Promise.all(Array.from({ length: 6 }, () => openPostgresStore(url, { poolSize: 2 })))));
      const recorded = await withClient(url, async (client) => (await client.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows);
      expect(recorded).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
      // Every one of them works on the one schema.
      const results = await Promise.all(stores.map((store, i) => store.ingest([buildArticle({ url: `https://m.example/${i}`, title: `Opened ${i}`, paragraphs: ['Opened at once.'] }).record])));
      expect(results.flat().map((r) => r.status)).toEqual(Array(6).fill('inserted'));
      // Opening again applies nothing.
      expect(await withClient(url, (client) => migratePostgres(client, url))).toEqual([]);
    });

    it('applies each migration in its own transaction and refuses a gap in the numbering', async () => {
      const { url } = await freshDatabase();
      const migrations: PostgresMigration[] = [
        { version: 1, name: 'first', statements: ['CREATE TABLE first (x integer)'] },
        { version: 2, name: 'broken', statements: ['CREATE TABLE second (x integer)', 'SELECT no_such_function()'] },
      ];
      await withClient(url, async (client) => {
        await expect(migratePostgres(client, url, migrations)).rejects.toThrow(/no_such_function/);
        const tables = (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows.map((r) => r.tablename);
        expect(tables).toEqual(['first', 'schema_migrations']);
        expect((await client.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: 1 }]);
        await expect(migratePostgres(client, url, [migrations[0]!, { version: 3, name: 'gap', statements: [] }])).rejects.toThrow(/expected 2/);
      });
    });

    it('refuses a database with a newer schema, naming it (without its password) and both versions', async () => {
      const { url } = await freshDatabase();
      await (await openPostgresStore(url)).close();
      await withClient(url, (client) => client.query(`INSERT INTO schema_migrations VALUES (99, 'from the future', now())`));
      const withPassword = url.replace('//postgres@', '//postgres:hunter2@');
      const error = await openPostgresStore(withPassword).then(() => undefined, (e: unknown) => e as Error);
      expect(error?.message).toContain(`the database has schema version 99, newer than this eventwire knows (${latestPostgresSchemaVersion()})`);
      expect(error?.message).not.toContain('hunter2');
    });

    it('names the server it cannot reach', async () => {
      const error = await openPostgresStore('postgres://someone:secret@127.0.0.1:1/nowhere').then(() => undefined, (e: unknown) => e as Error);
      expect(error?.message).toMatch(/^Cannot open the eventwire store postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: /);
      expect(error?.message).not.toContain('secret');
    });

    it('opens PostgreSQL for a postgres:// or postgresql:// URL and SQLite for anything else', async () => {
      const { url } = await freshDatabase();
      const viaPostgres = await openStore(url);
      const viaPostgresql = await openStore(url.replace(/^postgres:/, 'postgresql:'));
      const viaPath = await openStore(':memory:');
      try {
        expect(viaPostgres.constructor.name).toBe('PostgresStore');
        expect(viaPostgresql.constructor.name).toBe('PostgresStore');
        expect(viaPath).toBeInstanceOf(SqliteStore);
      } finally {
        await Promise.all([viaPostgres.close(), viaPostgresql.close(), viaPath.close()]);
      }
    });
  });

  describe('PostgreSQL store: what only it refuses, rolls back or limits', () => {
    const stores: PostgresStore[] = [];
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await dropDatabases();
    });

    it('commits places in the log of moves in order: a transaction that moves articles waits for one that has', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      const [a, b, c] = ['a', 'b', 'c'].map((x) => buildArticle({ url: `https://moves.example/${x}`, title: `Move ${x}`, paragraphs: [`Report ${x}.`] }));
      await store.ingest([{ ...a!.record, connection: connection(0, 0) }, { ...b!.record, connection: connection(0, 0) }]);
      await store.ingest([c!.record]);
      await withClient(url, async (first) => {
        // The first transaction takes its place and stays open; the second, moving another article, must wait
        // for its commit, or a reader could page past the first's place before it is visible.
        await first.query('BEGIN');
        await applyStoryMoves(first, [{ article: a!.doc.id, story: 1, storyline: 0 }]);
        let secondDone = false;
        const second = store.saveConnection(c!.doc.id, connection(2, 0, { moved: [{ article: b!.doc.id, story: 2, storyline: 0 }] })).then(() => (secondDone = true));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(secondDone).toBe(false);
        expect(await store.lastMove()).toBe(0);
        await first.query('COMMIT');
        await second;
      });
      const moved = [];
      for await (const p of store.placements({ movedAfter: 0 })) moved.push([p.id, p.story]);
      expect(moved).toEqual([[a!.doc.id, 1], [b!.doc.id, 2]]);
    });

    it('rolls back the whole batch when PostgreSQL itself rejects a record, and stays usable', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      const earlier = quakeV1();
      await store.ingest([earlier.record]);
      await withClient(url, (client) =>
        client.query(`CREATE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN IF NEW.text LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned record'; END IF; RETURN NEW; END $$;
                      CREATE TRIGGER reject_poison BEFORE INSERT ON article_versions FOR EACH ROW EXECUTE FUNCTION reject_poison()`),
      );
      const before = await counts(url);
      const poison = buildArticle({ url: 'https://third.example/p', title: 'POISON', paragraphs: ['Never stored.'] }).record;
      await expect(store.ingest([protest().record, quakeV2().record, poison])).rejects.toThrow(/nothing of this batch was stored: poisoned record/);
      expect(await counts(url)).toEqual(before);
      expect(await store.get(protest().doc.id)).toBeUndefined();
      expectStored(await store.get(earlier.doc.id), earlier.record, 1, 1);
      expect(await store.search('engineers OR protesters')).toEqual([]);
      expect((await store.ingest([protest().record]))[0]?.status).toBe('inserted');
    });

    it('survives its connection being cut in the middle of a batch: the batch fails, nothing is half-stored, the next one is stored', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      await store.ingest([quakeV1().record]);
      const before = await counts(url);
      await withClient(url, async (locker) => {
        // The batch's transaction waits on this lock, holding its connection; then the server cuts that connection.
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE article_versions IN ACCESS EXCLUSIVE MODE');
        const batch = store.ingest([protest().record]);
        const outcome = batch.then(
          () => 'stored',
          (error: Error) => error.message,
        );
        let waiting: { pid: number } | undefined;
        for (let i = 0; i < 200 && !waiting; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          waiting = (
            await locker.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'eventwire' AND wait_event_type = 'Lock'`,
            )
          ).rows[0];
        }
        expect(waiting).toBeDefined();
        await locker.query('SELECT pg_terminate_backend($1)', [waiting!.pid]);
        await locker.query('ROLLBACK');
        expect(await outcome).toMatch(/terminat/i);
      });
      expect(await counts(url)).toEqual(before);
      expect((await store.ingest([protest().record]))[0]?.status).toBe('inserted');
    });

    it('stores a very long body whole and indexes its first 250,000 characters (a tsvector holds 1 MB)', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      // Every word different (the worst case for the index's size), then a word past the indexed part.
      const words = Array.from({ length: 60_000 }, (_, i) => `w${i.toString(36)}x${((i * 7919) % 60_000).toString(36)}`).join(' ');
      const built = buildArticle({ url: 'https://long.example/1', title: 'Long read', paragraphs: [`Aardvarkian opening. ${words} zebrafinale.`] });
      expect(built.record.body.length).toBeGreaterThan(300_000);
      await store.ingest([built.record]);
      expectStored(await store.get(built.doc.id), built.record, 1, 1);
      expect((await store.search('aardvarkian')).map((h) => h.id)).toEqual([built.doc.id]);
      expect(await store.search('zebrafinale')).toEqual([]);
    });

    it('refuses a NUL character (PostgreSQL text cannot hold one), naming where it is', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore(url);
      stores.push(store);
      const withNul = buildArticle({ url: 'https://nul.example/1', title: 'Nul', paragraphs: ['Before\u0000after.'] }).record;
      await expect(store.ingest([withNul])).rejects.toThrow(/record 1 of 1 .*document text holds a NUL character at offset \d+, which PostgreSQL cannot store/);
      const inSpan = quakeV1().record;
      inSpan.doc.spans[0] = { ...inSpan.doc.spans[0]!, rule: 'x\u0000y' } as (typeof inSpan.doc.spans)[number];
      await expect(store.ingest([inSpan])).rejects.toThrow(/span 1\.rule holds a NUL character at offset 1/);
      expect((await store.stats()).articles).toBe(0);
    });
  });
});
