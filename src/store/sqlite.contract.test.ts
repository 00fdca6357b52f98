/**
 * The store contract (test/store-contract.ts) on SQLite: each test on a new database file, checked after the test
 * (file integrity, foreign keys, and the external-content search index against the versions it indexes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect } from 'vitest';
import { describeStoreContract, type RowCounts } from '../../test/store-contract.js';
import { openSqliteStore } from './sqlite.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eventwire-contract-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let cases = 0;
/** Databases of the current test, checked once its stores are closed. */
const used: string[] = [];

function checkSound(location: string): void {
  const db = new Database(location);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Throws if the external-content index disagrees with the current versions it indexes.
    db.exec(`INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)`);
  } finally {
    db.close();
  }
}

function counts(location: string): RowCounts {
  const db = new Database(location, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { articles: count('articles'), versions: count('article_versions'), spans: count('spans'), indexed: count('article_search_docsize') };
  } finally {
    db.close();
  }
}

describeStoreContract('SQLite', {
  async fresh() {
    const location = path.join(root, `case-${++cases}`, 'eventwire.db');
    used.push(location);
    return { store: openSqliteStore(location), location };
  },
  async open(location) {
    return openSqliteStore(location);
  },
  async counts(location) {
    return counts(location);
  },
  async cleanup() {
    for (const location of used.splice(0)) checkSound(location);
  },
});
