/**
 * The built CLI on a PostgreSQL store: `--store URL`, `--db URL` and EVENTWIRE_STORE all reach it, and the
 * sample corpus ingested into it reads back exactly as from SQLite (lists, entities, every event, stories,
 * citations); `serve` answers the API over it. Skipped, saying why, without a server; failed under
 * EVENTWIRE_REQUIRE_SERVICES=1.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli, startCli, tempDir } from './cli-helpers.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from './services.js';

const adminUrl = await postgresUrl();
const sample = join(projectRoot, 'data', 'sample');

describe.skipIf(!adminUrl)('the CLI on PostgreSQL', () => {
  let database: TestDatabase;
  const sqlite = join(tempDir('cli-postgres'), 'same.db');

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!, 'eventwire_cli');
    const toPostgres = runCli(['ingest', sample, '--store', database.url, '--no-progress']);
    expect(toPostgres.stderr).toBe('');
    expect(toPostgres.status).toBe(0);
    expect(toPostgres.stdout).toContain(`Database: ${database.url}`);
    expect(runCli(['ingest', sample, '--db', sqlite, '--no-progress']).status).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('reads back what SQLite reads back, through --db, --store and EVENTWIRE_STORE', () => {
    const list = ['list', '--json', '--limit', '500'];
    const listed = runCli([...list, '--db', sqlite]);
    expect(listed.status).toBe(0);
    for (const fromPostgres of [runCli([...list, '--db', database.url]), runCli(list, { env: { EVENTWIRE_STORE: database.url } })]) {
      expect(fromPostgres.stderr).toBe('');
      expect(fromPostgres.stdout).toBe(listed.stdout);
    }
    for (const command of [['entities', '--json', '--limit', '500'], ['events', '--format', 'csv'], ['stories', '--json'], ['citations', '--json']]) {
      const fromSqlite = runCli([...command, '--db', sqlite]);
      expect(fromSqlite.status).toBe(0);
      const fromPostgres = runCli([...command, '--store', database.url]);
      expect(fromPostgres.stderr, command.join(' ')).toBe('');
      expect(fromPostgres.stdout, command.join(' ')).toBe(fromSqlite.stdout);
    }
  });

  it('searches, and finds the same articles as SQLite for a word', () => {
    const ids = (output: string) => (JSON.parse(output) as { id: string }[]).map((hit) => hit.id).sort();
    const fromPostgres = runCli(['search', 'summit', '--json', '--limit', '100', '--store', database.url]);
    expect(fromPostgres.status).toBe(0);
    expect(ids(fromPostgres.stdout).length).toBeGreaterThan(4);
    expect(ids(fromPostgres.stdout)).toEqual(ids(runCli(['search', 'summit', '--json', '--limit', '100', '--db', sqlite]).stdout));
    const malformed = runCli(['search', '"unclosed', '--store', database.url]);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toMatch(/Malformed search query/);
  });

  it('ingests the same corpus again as unchanged', () => {
    const again = runCli(['ingest', sample, '--store', database.url, '--no-progress']);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/: (\d+) article\(s\); 0 new, 0 new version\(s\), \1 unchanged;/);
  });

  it('serves the API over the store', async () => {
    const child = startCli(['serve', '--store', database.url, '--port', '0']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no address printed in 20 s: ${output}`)), 20_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = /eventwire API on (http:\/\/\S+?:\d+)/.exec(output)?.[1];
          if (found) {
            clearTimeout(timer);
            expect(output).toContain(`(database ${database.url}`);
            resolve(found);
          }
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const stats = (await (await fetch(`${url}/api/stats`)).json()) as { articles: number; stories: number };
      const listed = JSON.parse(runCli(['list', '--json', '--limit', '500', '--db', sqlite]).stdout) as unknown[];
      expect(stats.articles).toBe(listed.length);
      expect(stats.stories).toBeGreaterThan(4);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('says which database it cannot reach, without the password', () => {
    const unreachable = runCli(['list', '--store', 'postgres://reader:secret@127.0.0.1:1/nowhere']);
    expect(unreachable.status).not.toBe(0);
    expect(unreachable.stderr).toContain('Cannot open the eventwire store postgres://reader:***@127.0.0.1:1/nowhere');
    expect(unreachable.stderr).not.toContain('secret');
  });
});
