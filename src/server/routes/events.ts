import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ExportFormat } from '../../events/export/index.js';
import { exportStoredEvents } from '../../pipeline/events.js';
import type { EventQuery, Store } from '../../store/types.js';
import { EventExportQuery, EventListQuery, pageOf, StoredEvent } from '../schemas.js';
import { defined, errorResponses, jsonResponse, page } from './common.js';

/** Content type and file name of each export format. */
const EXPORT_FILES: Record<ExportFormat, { type: string; file: string }> = {
  gdelt: { type: 'text/tab-separated-values; charset=utf-8', file: 'events.gdelt.tsv' },
  plover: { type: 'application/json; charset=utf-8', file: 'events.plover.json' },
  csv: { type: 'text/csv; charset=utf-8', file: 'events.csv' },
  jsonl: { type: 'application/x-ndjson; charset=utf-8', file: 'events.jsonl' },
};

const listEvents = createRoute({
  method: 'get',
  path: '/api/events',
  tags: ['events'],
  summary: 'Coded events (CAMEO/PLOVER) of current versions, by date, filtered',
  request: { query: EventListQuery },
  responses: { ...jsonResponse(pageOf(StoredEvent, 'EventPage'), 'A page of events, each with its article and evidence sentence.'), ...errorResponses(400) },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/events/export',
  tags: ['events'],
  summary: 'The events matching the filters as a file: GDELT 2.0 TSV (no header), PLOVER JSON, CSV or JSON Lines',
  request: { query: EventExportQuery },
  responses: {
    200: {
      description: 'The export, as an attachment.',
      content: Object.fromEntries(Object.values(EXPORT_FILES).map(({ type }) => [type.split(';')[0]!, { schema: z.string() }])),
    },
    ...errorResponses(400),
  },
});

function eventQuery(query: Omit<EventQuery, 'limit' | 'offset'>): EventQuery {
  const { actor, source, target, code, plover, entity, quadClass, outlet, from, to } = query;
  return defined({ actor, source, target, code, plover, entity, quadClass, outlet, from, to });
}

export function registerEventRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listEvents, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.events({ ...eventQuery(query), limit, offset });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const query = c.req.valid('query');
    const offset = query.offset ?? 0;
    const hits = await store.events({ ...eventQuery(query), offset, ...defined({ limit: query.limit }) });
    const { type, file } = EXPORT_FILES[query.format];
    return c.body(exportStoredEvents(query.format, hits, offset), 200, {
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${file}"`,
    });
  });
}
