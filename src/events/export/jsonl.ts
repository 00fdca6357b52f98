/**
 * JSON Lines: one JSON object per event, the flat record CSV writes (same keys, in the same order), with numbers
 * and booleans as JSON values and absent values as null.
 */
import { flattenRow, safeJson, type ExportRow } from './rows.js';

/** Events as JSON Lines, each line ending in `\n`. */
export function toJsonl(rows: readonly ExportRow[]): string {
  return rows.map((row) => `${safeJson(flattenRow(row))}\n`).join('');
}
