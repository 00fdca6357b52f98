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

/**
 * Rows read a page at a time in the order of a numeric key (not through one open cursor: the reader may write
 * between rows), each page starting after the last key of the page before; a short page is the last.
 */
export function* keysetPages<R>(readPage: (after: number) => readonly R[], keyOf: (row: R) => number, pageSize: number, after = 0): Generator<R> {
  for (;;) {
    const page = readPage(after);
    yield* page;
    if (page.length < pageSize) return;
    after = keyOf(page[page.length - 1]!);
  }
}

/** `keysetPages` over a store whose pages arrive asynchronously. */
export async function* keysetPagesAsync<R>(readPage: (after: number) => Promise<readonly R[]>, keyOf: (row: R) => number, pageSize: number, after = 0): AsyncGenerator<R> {
  for (;;) {
    const page = await readPage(after);
    yield* page;
    if (page.length < pageSize) return;
    after = keyOf(page[page.length - 1]!);
  }
}
