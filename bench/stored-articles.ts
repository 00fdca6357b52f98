/** How many articles an SQLite store holds, read while another process writes it: shared by benchmarks and tests. */
import Database from 'better-sqlite3';

/** Articles in a store, read without migrating or locking it (0 while it is being created). */
export function countStored(dbPath: string): number {
  return countRows(dbPath, 'articles');
}

/** Rows of one of a store's tables, read the same way (0 while the table is not there yet). */
export function countRows(dbPath: string, table: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being written
  }
}
