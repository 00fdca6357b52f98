/**
 * RFC 4180 CSV: a header line of the flat record's columns, then one record per event, CRLF line ends. Fields
 * holding a comma, a double quote, CR or LF are quoted, with quotes doubled; absent values are empty.
 */
import { FLAT_COLUMNS, flattenRow, type ExportRow, type FlatValue } from './rows.js';

/** One CSV field. */
export function csvField(value: FlatValue): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Events as CSV with a header; every record, the last included, ends in CRLF. */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [FLAT_COLUMNS.join(',')];
  for (const row of rows) {
    const record = flattenRow(row);
    lines.push(FLAT_COLUMNS.map((column) => csvField(record[column])).join(','));
  }
  return lines.map((line) => `${line}\r\n`).join('');
}
