import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/types.js';
import { DyadQuery, DyadResponse, NetworkQuery, NetworkResponse } from '../schemas.js';
import { defined, errorResponses, jsonResponse } from './common.js';

const dyadTimeline = createRoute({
  method: 'get',
  path: '/api/dyads/timeline',
  tags: ['events'],
  summary: 'Cooperation and conflict between two actors over time: events, mean Goldstein score and quad classes by day or month',
  request: { query: DyadQuery },
  responses: { ...jsonResponse(DyadResponse, 'The periods with events, earliest first.'), ...errorResponses(400) },
});

const network = createRoute({
  method: 'get',
  path: '/api/network',
  tags: ['events'],
  summary: 'Who acts on whom: actors (by country or by full code) and the events between them, busiest edges first',
  request: { query: NetworkQuery },
  responses: { ...jsonResponse(NetworkResponse, 'Nodes and directed edges.'), ...errorResponses(400) },
});

export function registerActorRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(dyadTimeline, async (c) => {
    const query = c.req.valid('query');
    const directed = query.directed === 'true';
    const interval = query.interval ?? 'month';
    const items = await store.dyadTimeline({
      source: query.source,
      target: query.target,
      directed,
      interval,
      ...defined({ from: query.from, to: query.to, outlet: query.outlet }),
    });
    return c.json({ source: query.source, target: query.target, directed, interval, items }, 200);
  });

  app.openapi(network, async (c) => {
    const query = c.req.valid('query');
    const { level, from, to, outlet, minEvents, limit } = query;
    return c.json(await store.actorNetwork(defined({ level, from, to, outlet, minEvents, limit })), 200);
  });
}
