/** What the PostgreSQL store's parts share: the connection type, paging, snapshots, and query-error mapping. */
import type pg from 'pg';
import { MalformedQueryError } from './errors.js';
import { pageParams } from './paging.js';
import type { ListOptions } from './types.js';

/** A pool or one of its clients: anything that runs a parameterised statement. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Paging options checked as the SQLite store checks them (same messages), as bound parameters: null limit is none. */
export function page(operation: string, options: ListOptions): { limit: number | null; offset: number; outlet: string | null } {
  const { limit, offset, outlet } = pageParams(operation, options);
  return { limit: limit < 0 ? null : limit, offset, outlet };
}

/**
 * Runs `read` on one connection in a read-only REPEATABLE READ transaction, so several statements see one
 * snapshot even while other processes write (what a single SQLite read transaction gives).
 */
export async function inSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await read(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** PostgreSQL's codes for "the tsquery text could not be parsed". */
const TSQUERY_SYNTAX_CODES = new Set(['42601', '22P02']);

/** Runs a full-text statement; a tsquery syntax error is the query's fault, reported quoting it. */
export async function fullText<T>(query: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && TSQUERY_SYNTAX_CODES.has(code) && /tsquery/.test((error as Error).message)) {
      throw new MalformedQueryError(query, (error as Error).message, { cause: error });
    }
    throw error;
  }
}

/**
 * The snippet around a match the way SQLite's snippet() gives it: the fragment ts_headline chose, widened to the
 * punctuation that opens or closes it when the text starts or ends there, with "…" where text was left out before
 * or after it. `marked` has the matches between \u0001 and \u0002, control characters news text does not hold, so
 * brackets in the text itself are not taken for highlights.
 */
export function finishSnippet(marked: string, text: string): string {
  const plain = marked.replace(/[\u0001\u0002]/g, '');
  const at = plain === '' ? -1 : text.indexOf(plain);
  let out = marked;
  if (at >= 0) {
    let start = at;
    let end = at + plain.length;
    // ts_headline cuts a fragment at words: take in the punctuation before or after it when nothing else is left.
    const before = text.slice(0, start);
    if (/^\s*[^\p{L}\p{N}\s]*$/u.test(before)) {
      out = before.trimStart() + out;
      start = 0;
    }
    const rest = text.slice(end);
    if (/^[^\p{L}\p{N}\s]*\s*$/u.test(rest)) {
      out += rest.trimEnd();
      end = text.length;
    }
    if (start > 0 && text.slice(0, start).trim() !== '') out = `…${out}`;
    if (end < text.length && text.slice(end).trim() !== '') out = `${out}…`;
  }
  return out.replace(/\u0001/g, '[').replace(/\u0002/g, ']');
}

/** ts_headline's options: matches marked for finishSnippet, one fragment of about 16 words (SQLite's snippet size). */
export const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=" "';
