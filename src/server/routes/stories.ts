import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { citationGraph, compareOutlets, mergeEvents } from '../../connect/index.js';
import { citationArticles, loadStory } from '../../pipeline/connect.js';
import type { Store } from '../../store/types.js';
import { notFound } from '../errors.js';
import {
  CitationGraphResponse,
  CitationQuery,
  CompareResponse,
  PageQuery,
  pageOf,
  StoryListQuery,
  StoryParams,
  StoryResponse,
  StorylineSummary,
  StorySummary,
} from '../schemas.js';
import { defined, errorResponses, jsonResponse, page } from './common.js';

const listStories = createRoute({
  method: 'get',
  path: '/api/stories',
  tags: ['stories'],
  summary: 'Stories (one happening across outlets), largest first',
  request: { query: StoryListQuery },
  responses: { ...jsonResponse(pageOf(StorySummary, 'StoryPage'), 'A page of stories.'), ...errorResponses(400) },
});

const getStory = createRoute({
  method: 'get',
  path: '/api/stories/{id}',
  tags: ['stories'],
  summary: 'One story: its articles (copies marked), its events merged across articles, and who relays whom',
  request: { params: StoryParams },
  responses: { ...jsonResponse(StoryResponse, 'The story.'), ...errorResponses(400, 404) },
});

const compareStory = createRoute({
  method: 'get',
  path: '/api/stories/{id}/compare',
  tags: ['stories'],
  summary: "A story's outlets side by side: what each reports and leaves out, and how each words it",
  request: { params: StoryParams },
  responses: { ...jsonResponse(CompareResponse, 'The comparison.'), ...errorResponses(400, 404) },
});

const listStorylines = createRoute({
  method: 'get',
  path: '/api/storylines',
  tags: ['stories'],
  summary: 'Storylines (topics), each with its stories and articles counted',
  request: { query: PageQuery },
  responses: { ...jsonResponse(pageOf(StorylineSummary, 'StorylinePage'), 'A page of storylines.'), ...errorResponses(400) },
});

const citations = createRoute({
  method: 'get',
  path: '/api/citations',
  tags: ['stories'],
  summary: 'Which outlet relays which outlet or report, from the attribution chains; of one story or the whole corpus',
  request: { query: CitationQuery },
  responses: { ...jsonResponse(CitationGraphResponse, 'The citation graph.'), ...errorResponses(400, 404) },
});

async function storyOr404(store: Store, id: number): Promise<NonNullable<Awaited<ReturnType<typeof loadStory>>>> {
  const found = await loadStory(store, id);
  if (!found) throw notFound(`no story ${id} (see GET /api/stories)`);
  return found;
}

export function registerStoryRoutes(app: OpenAPIHono, store: Store): void {
  app.openapi(listStories, async (c) => {
    const query = c.req.valid('query');
    const { limit, offset } = page(query);
    const items = await store.stories({ limit, offset, ...defined({ storyline: query.storyline }) });
    return c.json({ items, limit, offset }, 200);
  });

  app.openapi(getStory, async (c) => {
    const { story, articles } = await storyOr404(store, c.req.valid('param').id);
    return c.json({ story, events: mergeEvents(articles), citations: citationGraph(articles) }, 200);
  });

  app.openapi(compareStory, async (c) => {
    const { story, articles } = await storyOr404(store, c.req.valid('param').id);
    return c.json({ story: { id: story.id, title: story.title, storyline: story.storyline }, comparison: compareOutlets(articles) }, 200);
  });

  app.openapi(listStorylines, async (c) => {
    const { limit, offset } = page(c.req.valid('query'));
    return c.json({ items: await store.storylines({ limit, offset }), limit, offset }, 200);
  });

  app.openapi(citations, async (c) => {
    const { story } = c.req.valid('query');
    const articles = story === undefined ? await citationArticles(store) : (await storyOr404(store, story)).articles;
    return c.json(citationGraph(articles), 200);
  });
}
