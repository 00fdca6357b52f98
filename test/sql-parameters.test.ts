/**
 * No SQL is built from values: every statement the stores run is text made of constants, with values passed as
 * parameters. `test/sql-constants.ts` reads the stores' source with the TypeScript compiler; the first test
 * shows on a file written to be wrong that it finds each way of splicing a value in and passes the safe ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { projectRoot, tempDir } from './cli-helpers.js';
import { findSqlBuiltFromValues } from './sql-constants.js';

const EXAMPLE = `
interface Db { prepare(sql: string): unknown; query(sql: string | { text: string; values: unknown[] }, values?: unknown[]): unknown }
declare const db: Db;
const TABLE = 'articles';
const ORDER = { newest: 'published DESC', oldest: 'published' } as const;
const column = (name: string): string => \`c.\${name}\`;
let growing = 'SELECT 1';
let fixed = 'SELECT 1';
fixed = 'SELECT 2';

export function byId(id: string) { return db.prepare('SELECT * FROM articles WHERE id = ' + id); } // SPLICED
export function byTitle(title: string) { return db.query(\`SELECT * FROM \${TABLE} WHERE title = '\${title}'\`); } // SPLICED
export function asConfig(title: string) { return db.query({ text: \`SELECT * FROM t WHERE title = '\${title}'\`, values: [] }); } // SPLICED
export function joined(ids: string[]) { return db.prepare(\`SELECT * FROM t WHERE id IN (\${ids.join(', ')})\`); } // SPLICED
export function mapped(ids: string[]) { return db.prepare(\`SELECT * FROM t WHERE id IN (\${ids.map((id) => \`'\${id}'\`).join(', ')})\`); } // SPLICED
export function helper(user: string) { return db.prepare(\`SELECT \${column(user)} FROM t\`); } // SPLICED
export function mutated(x: string) { growing += x; return db.prepare(growing); } // SPLICED
export function passed(sql: string) { return db.prepare(sql); } // SPLICED
passed('SELECT 1');
passed(String(Math.random()));

export function sorted(order: keyof typeof ORDER, limit: number) { return db.prepare(\`SELECT * FROM \${TABLE} ORDER BY \${ORDER[order]} LIMIT \${limit}\`); }
export function placeholders(ids: string[]) { return db.query(\`SELECT * FROM t WHERE id IN (\${ids.map((_, i) => \`$\${i + 1}\`).join(', ')})\`, ids); }
export function viaHelper() { return db.prepare(\`SELECT \${column('id')} FROM t\`); }
export function reassigned() { return db.prepare(fixed); }
export function chosen(newest: boolean) { return db.prepare(newest ? 'SELECT 1' : \`SELECT \${ORDER.oldest}\`); }
export function constant(sql = 'SELECT 3') { return db.prepare(sql); }
constant();
export function notSql(text: string) { return /a/.exec(text); }
`;

describe('SQL built from values', () => {
  it('is found wherever a value is spliced into SQL text, and constants are not', () => {
    const file = join(tempDir('sql-constants'), 'example.ts');
    writeFileSync(file, EXAMPLE);
    const lines = EXAMPLE.split('\n');
    const spliced = lines.flatMap((line, i) => (line.includes('// SPLICED') ? [i + 1] : []));
    const findings = findSqlBuiltFromValues([file]);
    expect(findings.map((f) => f.line)).toEqual(spliced);
    expect(findings.find((f) => f.line === spliced[0])!.value).toBe('id');
    expect(findings.find((f) => f.line === spliced[1])!.value).toBe('title');
  });

  it('is nowhere in the stores: every statement is constant text with parameters', () => {
    const stores = globSync('src/store/*.ts', { cwd: projectRoot, ignore: ['**/*.test.ts'], absolute: true });
    expect(stores.length).toBeGreaterThan(10);
    // Calls of a store's functions from anywhere in src count when judging their parameters.
    const callers = globSync('src/**/*.ts', { cwd: projectRoot, ignore: ['**/*.test.ts'], absolute: true });
    const findings = findSqlBuiltFromValues(stores, callers);
    expect(findings.map((f) => `${f.file.slice(projectRoot.length)}:${f.line}: ${f.value} in ${f.sql}`)).toEqual([]);
  }, 60_000);
});
