/**
 * COPY ... FROM STDIN for the rows a batch writes in bulk (its versions and their spans: tens of thousands of rows
 * per batch). PostgreSQL reads COPY's text format several times faster than it parses the same rows out of a JSON
 * parameter, and the database shares the machine's cores with the pipeline.
 *
 * node-postgres runs any object with a `submit` method as a query (the interface pg-cursor and pg-copy-streams
 * use); this one sends the rows when the server asks for them. Values never become SQL: the statement is fixed
 * and the rows travel as data, escaped for the text format.
 */
import type pg from 'pg';

/** The part of node-postgres's connection a COPY uses (its type declarations leave these out). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Bytes per CopyData message. */
const CHUNK_BYTES = 1 << 20;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

/** One field in COPY's text format: \N for null, JSON for objects, \x hex for bytes, specials backslash-escaped. */
function field(value: unknown): string {
  // NaN as null, as SQLite stores it (and JSON writes it).
  if (value === null || value === undefined || Number.isNaN(value)) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`COPY: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // bytea's hex form is \x…; the backslash itself is escaped in the text format.
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}

class CopyIn {
  private settled = false;
  private rows = 0;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (error: Error | undefined, rows: number) => void,
  ) {}

  submit(connection: unknown): void {
    (connection as CopyConnection).query(this.text);
  }

  handleCopyInResponse(connection: unknown): void {
    const copy = connection as CopyConnection;
    for (let at = 0; at < this.data.length; at += CHUNK_BYTES) copy.sendCopyFromChunk(this.data.subarray(at, at + CHUNK_BYTES));
    copy.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/\d+$/.exec(message.text ?? '')?.[0] ?? 0);
  }

  /** A server error is followed by ReadyForQuery, a broken connection by nothing: settle on the first word either way. */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(undefined);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  private settle(error: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.done(error, this.rows);
  }
}

/**
 * Copies `rows` into `table` (`columns` in order) on `client`, inside whatever transaction it is in. Returns the
 * number of rows the server took.
 */
export function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  let tsv = '';
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`COPY ${table}: a row has ${row.length} values for ${columns.length} columns`);
    for (let i = 0; i < row.length; i++) tsv += i === 0 ? field(row[i]) : `\t${field(row[i])}`;
    tsv += '\n';
  }
  const data = Buffer.from(tsv, 'utf8');
  return new Promise((resolve, reject) => {
    const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, data, (error, count) => (error ? reject(error) : resolve(count)));
    client.query(copy as unknown as pg.Submittable);
  });
}
