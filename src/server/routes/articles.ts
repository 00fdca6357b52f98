import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Store } from '../../store/types.js';
import { notFound } from '../errors.js';
import {
  Article,
  ArticleIdParams,
  ArticleListQuery,
  ArticleSummary,
  ArticleVersionQuery,
  pageOf,
  QuoteHit,
  SearchFacetsQuery,
  SearchFacetsResponse,
  SearchHit,
  SearchQuery,
  StatsResponse,
} from '../schemas.js';
import { defined, errorResponses, jsonResponse, page } from './common.js';

const listArticles = createRoute({
  method: 'get',
  path: '/api/articles',
  tags: ['articles'],
  summary: 'Stored articles, newest first',
  request: { query: ArticleListQuery },
  responses: { ...jsonResponse(pageOf(ArticleSummary, 'ArticlePage'), 'A page of article summaries.'), ...errorResponses(400) },
});

const getArticle = createRoute({
  method: 'get',
  path: '/api/articles/{id}',
  tags: ['articles'],
  summary: 'One article: the stored document with every span (evidence offsets point into doc.text)',
  request: { params: ArticleIdParams, query: ArticleVersionQuery },
  responses: { ...jsonResponse(Article, 'The article.'), ...errorResponses(400, 404) },
});

const search = createRoute({
  method: 'get',
  path: '/api/search',
  tags: ['articles'],
  summary: 'Full-text search over headlines and clean bodies, or (quotes=true) over what was said and who said it',
  request: { query: SearchQuery },
  responses: {
    200: {
      description: 'A page of hits: SearchHit items, or QuoteHit items with quotes=true.',
      content: { 'application/json': { schema: pageOf(SearchHit.or(QuoteHit), 'SearchPage') } },
    },
    ...errorResponses(400),
  },
});

const facets = createRoute({
  method: 'get',
  path: '/api/search/facets',
  tags: ['articles'],
  summary: "What a search's best matches are made of, to narrow it: outlets, months, entities, event types (counts of articles)",
  request: { query: SearchFacetsQuery },
  responses: { ...jsonResponse(SearchFacetsResponse, 'Facet counts.'), ...errorResponses(400) },
});

/** The search filters given, as the store takes them. */
function searchFilters(query: { outlet?: string | undefined; from?: string | undefined; to?: string | undefined; entity?: string | undefined; code?: string | undefined; plover?: string | undefined }) {
  const { outlet, from, to, entity, code, plover } = query;
  return defined({ outlet, from, to, entity, code, plover });
}

const stats = createRoute({
  method: 'get',
  path: '/api/stats',
  tags: ['corpus'],
  summary: 'What the store holds: articles, versions, outlets, dates, removed text, stories',
  responses: { ...jsonResponse(StatsResponse, 'Corpus statistics.'), ...errorResponses() },
});

export function registerArticleRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listArticles, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.list({ limit, offset, ...defined({ outlet: query.outlet }) });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(getArticle, async (c) => {
    const { id } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const article = await store.get(id, version);
    if (!article) throw notFound(version === undefined ? `no article ${id} (see GET /api/articles)` : `no version ${version} of article ${id}`);
    return c.json(article, 200);
  });

  app.openapi(search, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    if (query.quotes === 'true') {
      const items = await store.searchQuotes(query.q, { limit, offset, ...defined({ outlet: query.outlet }) });
      return c.json({ items, limit, offset }, 200);
    }
    const items = await store.search(query.q, { limit, offset, ...searchFilters(query) });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(facets, async (c) => {
    const query = c.req.valid('query');
    return c.json(await store.searchFacets(query.q, searchFilters(query)), 200);
  });

  app.openapi(stats, async (c) => c.json(await store.stats(), 200));
}
