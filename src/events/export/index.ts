/**
 * Event exports: GDELT 2.0 Event table TSV, PLOVER JSON, CSV and JSON Lines, all from the same rows (one coded
 * event, its article and a numeric id).
 */
import { toCsv } from './csv.js';
import { toGdeltTsv, type GdeltOptions } from './gdelt.js';
import { toJsonl } from './jsonl.js';
import { toPloverJson, type PloverOptions } from './plover.js';
import type { ExportRow } from './rows.js';

export { csvField, toCsv } from './csv.js';
export { GDELT_EVENT_COLUMNS, gdeltRow, toGdeltTsv, tsvField, type GdeltOptions } from './gdelt.js';
export { toJsonl } from './jsonl.js';
export { ploverRecord, toPloverJson, type PloverActor, type PloverOptions, type PloverRecord } from './plover.js';
export {
  FLAT_COLUMNS,
  flattenRow,
  type ExportArticle,
  type ExportRow,
  type FlatColumn,
  type FlatRecord,
  type FlatValue,
} from './rows.js';

export const EXPORT_FORMATS = ['gdelt', 'plover', 'csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** Options the formats take: `header`/`dateAdded` for gdelt, `lines` for plover; the others take none. */
export type ExportOptions = GdeltOptions & PloverOptions;

/** The rows in one of the export formats. */
export function exportEvents(format: ExportFormat, rows: readonly ExportRow[], options: ExportOptions = {}): string {
  switch (format) {
    case 'gdelt':
      return toGdeltTsv(rows, options);
    case 'plover':
      return toPloverJson(rows, options);
    case 'csv':
      return toCsv(rows);
    case 'jsonl':
      return toJsonl(rows);
    default:
      throw new Error(`unknown export format: ${String(format satisfies never)}`);
  }
}
