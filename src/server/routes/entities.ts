import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/types.js';
import { notFound } from '../errors.js';
import {
  ArticleSummary,
  EntityDetailResponse,
  EntityListQuery,
  EntityParams,
  EntitySummary,
  PageQuery,
  pageOf,
  QuoteHit,
  QuoteListQuery,
} from '../schemas.js';
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

const getEntity = createRoute({
  method: 'get',
  path: '/api/entities/{entity}',
  tags: ['entities'],
  summary: 'One entity: its names, every wording the articles used for it and by which outlets, and its actor codes',
  request: { params: EntityParams },
  responses: { ...jsonResponse(EntityDetailResponse, 'The entity.'), ...errorResponses(400, 404) },
});

const listQuotes = createRoute({
  method: 'get',
  path: '/api/quotes',
  tags: ['entities'],
  summary: "Quotes and reported speech, newest first; entity= gives one speaker's",
  request: { query: QuoteListQuery },
  responses: { ...jsonResponse(pageOf(QuoteHit, 'QuotePage'), 'A page of quotes (snippet = the whole content).'), ...errorResponses(400) },
});

export function registerEntityRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listEntities, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.entities({ limit, offset, ...defined({ label: query.label }) });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(getEntity, async (c) => {
    const { entity } = c.req.valid('param');
    const detail = await store.entity(entity);
    if (!detail) throw notFound(`no stored article mentions ${entity} (see GET /api/entities)`);
    return c.json(detail, 200);
  });

  app.openapi(listQuotes, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.quotes({ limit, offset, ...defined({ entity: query.entity, outlet: query.outlet }) });
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
