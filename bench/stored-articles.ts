/** How many articles an SQLite store holds, read while another process writes it: shared by benchmarks and tests. */
import Database from 'better-sqlite3';

/** Articles in a store, read without migrating or locking it (0 while it is being created). */
export function countStored(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet, or the schema is still being written
  }
}
