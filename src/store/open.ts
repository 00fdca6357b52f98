/**
 * One way to open a store wherever it lives: a `postgres://` or `postgresql://` URL opens the PostgreSQL store, and
 * anything else is an SQLite database file (`:memory:` for a throwaway one).
 */
import { describePostgresUrl, isPostgresUrl, openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { isPostgresUrl } from './postgres.js';

/** Opens (creating and migrating if needed) the store at `location`: a PostgreSQL URL or an SQLite file path. */
export async function openStore(location: string): Promise<Store> {
  if (isPostgresUrl(location)) return openPostgresStore(location);
  return openSqliteStore(location);
}

/** The location as messages and help may show it: a PostgreSQL URL without its password, a path as it is. */
export function describeStoreLocation(location: string): string {
  return isPostgresUrl(location) ? describePostgresUrl(location) : location;
}
