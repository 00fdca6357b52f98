import { exportEvents, type ExportFormat, type ExportRow } from '../events/export/index.js';
import type { StoredEvent } from '../store/types.js';

/** Rows for the exporters: event ids numbered in query order, so an export is reproducible for the same query. */
export function exportRows(hits: readonly StoredEvent[], offset = 0): ExportRow[] {
  return hits.map((hit, index) => ({
    event: hit.event,
    eventId: offset + index + 1,
    article: {
      id: hit.id,
      ...(hit.uri.startsWith('http') ? { url: hit.uri } : {}),
      ...(hit.outlet ? { outlet: hit.outlet } : {}),
      ...(hit.published ? { published: hit.published } : {}),
      ...(hit.title ? { title: hit.title } : {}),
    },
  }));
}

/** Stored events (a query's page starting at `offset`) in an export format, ending with a newline when not empty. */
export function exportStoredEvents(format: ExportFormat, hits: readonly StoredEvent[], offset = 0): string {
  // GDELT's own files have no header row.
  const out = exportEvents(format, exportRows(hits, offset), format === 'gdelt' ? { header: false } : {});
  return out.endsWith('\n') || out.length === 0 ? out : `${out}\n`;
}
