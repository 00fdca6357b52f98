import type { ListOptions } from './types.js';

/** Paging parameters as the SQL statements bind them. */
export interface PageParams {
  outlet: string | null;
  limit: number;
  offset: number;
}

/** Checks paging options (a bad one names the operation) and turns them into bound parameters. */
export function pageParams(operation: string, options: ListOptions): PageParams {
  const { limit, offset = 0, outlet } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`${operation}: limit must be a non-negative integer, got ${limit}`);
  }
  if (!(Number.isSafeInteger(offset) && offset >= 0)) {
    throw new RangeError(`${operation}: offset must be a non-negative integer, got ${offset}`);
  }
  // LIMIT -1 is SQLite for "no limit".
  return { limit: limit ?? -1, offset, outlet: outlet ?? null };
}
