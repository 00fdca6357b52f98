import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/types.js';
import { notFound } from '../errors.js';
import { ArticleSummary, EntityListQuery, EntityParams, EntitySummary, PageQuery, pageOf } from '../schemas.js';
import { defined, errorResponses, jsonResponse, page } from './common.js';

const listEntities = createRoute({
  method: 'get',
  path: '/api/entities',
  tags: ['entities'],
  summary: 'People, organisations and places across current articles, most widely reported first',
  request: { query: EntityListQuery },
  responses: { ...jsonResponse(pageOf(EntitySummary, 'EntityPage'), 'A page of entities.'), ...errorResponses(400) },
});

const entityArticles = createRoute({
  method: 'get',
  path: '/api/entities/{entity}/articles',
  tags: ['entities'],
  summary: 'The current articles that mention an entity, newest first (the id URL-encoded: person%2Fkim-jong-un)',
  request: { params: EntityParams, query: PageQuery },
  responses: { ...jsonResponse(pageOf(ArticleSummary, 'EntityArticlePage'), 'A page of articles.'), ...errorResponses(400, 404) },
});

export function registerEntityRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listEntities, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.entities({ limit, offset, ...defined({ label: query.label }) });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(entityArticles, async (c) => {
    const { entity } = c.req.valid('param');
    const { limit, offset } = page(c.req.valid('query'));
    const items = await store.articlesMentioning(entity, { limit, offset });
    // The store knows entities only through the articles that mention them.
    if (items.length === 0 && offset === 0) throw notFound(`no stored article mentions ${entity} (see GET /api/entities)`);
    return c.json({ items, limit, offset }, 200);
  });
}
