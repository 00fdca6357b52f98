/**
 * Every route of the HTTP API over a store holding the sample corpus (written for the project), ingested once
 * with the full pipeline; requests go through `app.request`, without a network. A function of the store, so the
 * same assertions run on SQLite (src/server/app.test.ts) and PostgreSQL (src/server/app.postgres.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/pipeline/ingest.js';
import type { Store } from '../src/store/types.js';
import { projectRoot } from './cli-helpers.js';
import { createApp } from '../src/server/app.js';
import { loadPipelineTools } from '../src/server/jobs.js';

const sample = join(projectRoot, 'data', 'sample');
/** The sample corpus's gold annotations: one entry per article. */
const sampleArticles = (JSON.parse(readFileSync(join(sample, 'expected.json'), 'utf8')) as unknown[]).length;

export interface ApiStoreHarness {
  /** A new, empty store; the suite ingests the sample corpus into it and closes it at the end. */
  open(): Promise<Store>;
  /** Called after the store is closed: remove what `open` created. */
  cleanup?(): Promise<void>;
}

/** Registers every route's assertions over a store `harness` opens. */
export function describeApiRoutes(harness: ApiStoreHarness): void {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const errors: string[] = [];

  beforeAll(async () => {
    store = await harness.open();
    const tools = await loadPipelineTools(store);
    await ingest([sample], store, tools);
    // The app's ingest jobs would go on with the same tools (this file does not post).
    app = createApp(store, { loadTools: async () => tools, log: (m) => errors.push(m) });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await harness.cleanup?.();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return app.request(path, { headers });
  }

  async function json<T = any>(path: string): Promise<T> {
    const res = await get(path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as T;
  }

  async function expectError(res: Response | Promise<Response>, status: number, message: RegExp): Promise<void> {
    const r = await res;
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await r.json()) as { error: { status: number; message: string } };
    expect(body.error.status).toBe(status);
    expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // no stack trace
  }

  describe('articles, search and stats', () => {
    it('lists articles newest first with paging', async () => {
      const all = await json('/api/articles?limit=500');
      expect(all.limit).toBe(500);
      expect(all.offset).toBe(0);
      expect(all.items).toHaveLength(sampleArticles);
      const dates = all.items.map((a: { published: string | null }) => a.published).filter(Boolean);
      expect(dates).toEqual([...dates].sort().reverse());
      const first = await json('/api/articles?limit=5');
      const second = await json('/api/articles?limit=5&offset=5');
      expect(first.items.map((a: { id: string }) => a.id)).toEqual(all.items.slice(0, 5).map((a: { id: string }) => a.id));
      expect(second.items.map((a: { id: string }) => a.id)).toEqual(all.items.slice(5, 10).map((a: { id: string }) => a.id));
      expect((await json('/api/articles')).limit).toBe(50);
      const lanternfish = await json('/api/articles?outlet=Lanternfish%20Wire');
      expect(lanternfish.items.length).toBe(3);
      expect(lanternfish.items.every((a: { outlet: string }) => a.outlet === 'Lanternfish Wire')).toBe(true);
    });

    it('gives an article with every span, and an earlier version that does not exist as 404', async () => {
      const [summary] = (await json('/api/articles?limit=1')).items;
      const article = await json(`/api/articles/${summary.id}`);
      expect(article.id).toBe(summary.id);
      expect(article.doc.text.length).toBeGreaterThan(article.body.length);
      const types = new Set(article.doc.spans.map((s: { type: string }) => s.type));
      for (const type of ['kept', 'field', 'sentence', 'mention']) expect(types).toContain(type);
      // Spans point at the characters of the text they were read from.
      const title = article.doc.spans.find((s: { type: string; field?: string }) => s.type === 'field' && s.field === 'title');
      expect(article.doc.text.slice(title.start, title.end)).toContain(article.title.split(' ')[0]);
      expect((await json(`/api/articles/${summary.id}?version=1`)).version).toBe(1);
      await expectError(get(`/api/articles/${summary.id}?version=7`), 404, new RegExp(`no version 7 of article ${summary.id}`));
      await expectError(get('/api/articles/000000000000'), 404, /no article 000000000000/);
    });

    it('searches bodies, and quotes with quotes=true', async () => {
      const gangster = await json('/api/search?q=gangster');
      expect(gangster.items.length).toBeGreaterThanOrEqual(2);
      for (const hit of gangster.items) expect(hit.published).toMatch(/^2018-07-/);
      expect(gangster.items[0].snippet).toMatch(/\[gangster/i);
      const quotes = await json('/api/search?q=gangster&quotes=true');
      expect(quotes.items.length).toBeGreaterThan(0);
      expect(quotes.items[0]).toHaveProperty('speaker');
      expect(quotes.items[0].content).toMatch(/gangster/i);
      expect((await json('/api/search?q=zzzunheardofword')).items).toEqual([]);
    });

    it('narrows a search by date, entity, event type and PLOVER category', async () => {
      const all = (await json('/api/search?q=summit&limit=500')).items as { id: string; published: string | null }[];
      expect(all.length).toBeGreaterThan(4);
      const june = (await json('/api/search?q=summit&from=2018-06&to=2018-06&limit=500')).items as typeof all;
      expect(june.length).toBeGreaterThan(0);
      expect(june.length).toBeLessThan(all.length);
      for (const hit of june) expect(hit.published).toMatch(/^2018-06-/);
      // Entity and event filters agree with the entity's articles and the event index.
      const kimIds = new Set(((await json(`/api/entities/${encodeURIComponent('person/kim-jong-un')}/articles?limit=500`)).items as { id: string }[]).map((a) => a.id));
      const withKim = (await json('/api/search?q=summit&entity=person/kim-jong-un&limit=500')).items as typeof all;
      expect(withKim.map((h) => h.id).sort()).toEqual(all.filter((h) => kimIds.has(h.id)).map((h) => h.id).sort());
      const demandIds = new Set(((await json('/api/events?code=10&limit=500')).items as { id: string }[]).map((e) => e.id));
      const withDemands = (await json('/api/search?q=summit&code=10&limit=500')).items as typeof all;
      expect(withDemands.length).toBeGreaterThan(0);
      expect(withDemands.map((h) => h.id).sort()).toEqual(all.filter((h) => demandIds.has(h.id)).map((h) => h.id).sort());
      const consultIds = new Set(((await json('/api/events?plover=CONSULT&limit=500')).items as { id: string }[]).map((e) => e.id));
      const consulting = (await json('/api/search?q=summit&plover=CONSULT&limit=500')).items as typeof all;
      expect(consulting.map((h) => h.id).sort()).toEqual(all.filter((h) => consultIds.has(h.id)).map((h) => h.id).sort());
      await expectError(get('/api/search?q=summit&from=June'), 400, /from must be an ISO date/);
      await expectError(get('/api/search?q=summit&plover=HUG'), 400, /plover must be one of/);
    });

    it('counts what the matches of a search are made of, and each facet narrows the search to its count', async () => {
      const facets = await json('/api/search/facets?q=summit');
      const hits = (await json('/api/search?q=summit&limit=500')).items as { outlet: string | null; published: string | null }[];
      expect(facets.total).toBe(hits.length);
      expect(facets.counted).toBe(hits.length);
      const outletCounts = new Map<string, number>();
      for (const h of hits) if (h.outlet) outletCounts.set(h.outlet, (outletCounts.get(h.outlet) ?? 0) + 1);
      expect(Object.fromEntries(facets.outlets.map((f: { value: string; count: number }) => [f.value, f.count]))).toEqual(Object.fromEntries(outletCounts));
      const month = facets.months[0];
      expect(month.value).toMatch(/^\d{4}-\d{2}$/);
      expect((await json(`/api/search?q=summit&from=${month.value}&to=${month.value}&limit=500`)).items).toHaveLength(month.count);
      const kim = facets.entities.find((f: { value: string }) => f.value === 'person/kim-jong-un');
      expect(kim.label).toBe('Kim Jong Un');
      expect((await json(`/api/search?q=summit&entity=person/kim-jong-un&limit=500`)).items).toHaveLength(kim.count);
      const consult = facets.eventRoots.find((f: { value: string }) => f.value === '04');
      expect(consult.label).toBe('Consult');
      expect((await json('/api/search?q=summit&code=04&limit=500')).items).toHaveLength(consult.count);
      const plover = facets.plover[0];
      expect((await json(`/api/search?q=summit&plover=${plover.value}&limit=500`)).items).toHaveLength(plover.count);
      // Filters narrow the facets too.
      const narrowed = await json(`/api/search/facets?q=summit&outlet=${encodeURIComponent(facets.outlets[0].value)}`);
      expect(narrowed.total).toBe(facets.outlets[0].count);
      expect(narrowed.outlets).toEqual([facets.outlets[0]]);
      await expectError(get('/api/search/facets'), 400, /q is required/);
      await expectError(get('/api/search/facets?q=%22unclosed'), 400, /q:/);
    });

    it('summarises the store', async () => {
      const stats = await json('/api/stats');
      expect(stats.articles).toBe(sampleArticles);
      expect(stats.outlets.length).toBe(6);
      expect(stats.stories).toBeGreaterThan(4);
      expect(stats.storylines).toBe(1);
    });
  });

  describe('entities', () => {
    it('lists entities by label, and the articles that mention one (its id URL-encoded)', async () => {
      const people = await json('/api/entities?label=PER&limit=10');
      expect(people.items.every((e: { label: string }) => e.label === 'PER')).toBe(true);
      expect(people.items.map((e: { entity: string }) => e.entity)).toContain('person/kim-jong-un');
      const kim = people.items.find((e: { entity: string }) => e.entity === 'person/kim-jong-un');
      const articles = await json(`/api/entities/${encodeURIComponent('person/kim-jong-un')}/articles?limit=500`);
      expect(articles.items).toHaveLength(kim.articles);
      await expectError(get(`/api/entities/${encodeURIComponent('person/nobody-at-all')}/articles`), 404, /no stored article mentions person\/nobody-at-all/);
      await expectError(get('/api/entities?label=ANIMAL'), 400, /label must be one of PER, ORG, GPE, LOC, MISC/);
    });
  });

  describe('an entity, its quotes, actor pairs and the network', () => {
    it('gives every wording used for an entity, with the outlets that used it', async () => {
      const kim = await json(`/api/entities/${encodeURIComponent('person/kim-jong-un')}`);
      expect(kim.name).toBe('Kim Jong Un');
      expect(kim.label).toBe('PER');
      const listed = (await json('/api/entities?label=PER&limit=50')).items.find((e: { entity: string }) => e.entity === 'person/kim-jong-un');
      expect(kim.articles).toBe(listed.articles);
      expect(kim.mentions).toBe(kim.names.reduce((n: number, w: { count: number }) => n + w.count, 0));
      const words = kim.names.map((w: { text: string }) => w.text.toLowerCase());
      expect(words).toContain('kim jong un');
      // The outlets word him differently: more than one description or title is used.
      expect(kim.names.filter((w: { form: string }) => w.form === 'title' || w.form === 'description').length).toBeGreaterThan(1);
      for (const wording of kim.names) expect(wording.outlets.length).toBeGreaterThan(0);
      expect(kim.codes[0].code).toMatch(/^PRK/);
      await expectError(get(`/api/entities/${encodeURIComponent('person/nobody-at-all')}`), 404, /no stored article mentions/);
    });

    it("lists quotes newest first, and one speaker's", async () => {
      const all = (await json('/api/quotes?limit=500')).items as { published: string | null; speakerEntity: string | null; content: string }[];
      expect(all.length).toBeGreaterThan(10);
      const dates = all.map((q) => q.published).filter(Boolean);
      expect(dates).toEqual([...dates].sort().reverse());
      const pompeo = (await json('/api/quotes?entity=person/mike-pompeo&limit=500')).items as typeof all;
      expect(pompeo.length).toBeGreaterThan(0);
      expect(pompeo.length).toBeLessThan(all.length);
      // His quotes under a one-word id the corpus resolves to him count too.
      for (const quote of pompeo) expect(quote.speakerEntity).toMatch(/^person\/(mike-)?pompeo$/);
    });

    it('gives the cooperation and conflict between two actors by month, each period matching the events', async () => {
      const timeline = await json('/api/dyads/timeline?source=USA&target=PRK');
      expect(timeline).toMatchObject({ source: 'USA', target: 'PRK', directed: false, interval: 'month' });
      expect(timeline.items.length).toBeGreaterThan(2);
      for (const period of timeline.items) {
        expect(period.period).toMatch(/^\d{4}-\d{2}$/);
        expect(period.quadClasses.reduce((a: number, b: number) => a + b, 0)).toBe(period.events);
        const forward = (await json(`/api/events?source=USA&target=PRK&from=${period.period}&to=${period.period}&limit=500`)).items;
        const backward = (await json(`/api/events?source=PRK&target=USA&from=${period.period}&to=${period.period}&limit=500`)).items;
        expect(forward.length + backward.length).toBe(period.events);
        const events = [...forward, ...backward] as { event: { goldstein: number } }[];
        const mean = events.reduce((n, e) => n + e.event.goldstein, 0) / events.length;
        expect(period.goldstein).toBeCloseTo(mean, 1);
      }
      const directed = await json('/api/dyads/timeline?source=USA&target=PRK&directed=true&interval=day');
      expect(directed.items.every((p: { period: string }) => /^\d{4}-\d{2}-\d{2}$/.test(p.period))).toBe(true);
      const directedTotal = directed.items.reduce((n: number, p: { events: number }) => n + p.events, 0);
      const forwardDated = ((await json('/api/events?source=USA&target=PRK&limit=500')).items as { event: { date?: string } }[]).filter((e) => /^\d{4}-\d{2}-\d{2}/.test(e.event.date ?? ''));
      expect(directedTotal).toBe(forwardDated.length);
      await expectError(get('/api/dyads/timeline?source=USA'), 400, /target is required/);
      await expectError(get('/api/dyads/timeline?source=usa&target=PRK'), 400, /source must be an actor code/);
      await expectError(get('/api/dyads/timeline?source=USA&target=PRK&interval=week'), 400, /interval must be day or month/);
    });

    it('gives the actor network, edges busiest first and agreeing with the events', async () => {
      const network = await json('/api/network');
      expect(network.edges.length).toBeGreaterThan(3);
      const counts = network.edges.map((e: { events: number }) => e.events);
      expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
      const ids = new Set(network.nodes.map((n: { id: string }) => n.id));
      for (const edge of network.edges) {
        expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
        expect(edge.source).not.toBe(edge.target);
      }
      const busiest = network.edges[0];
      const events = (await json(`/api/events?source=${busiest.source}&target=${busiest.target}&limit=500`)).items as { event: { source: { code: string }; target: { code: string } } }[];
      expect(events.filter((e) => e.event.source.code.slice(0, 3) === busiest.source && e.event.target.code.slice(0, 3) === busiest.target)).toHaveLength(busiest.events);
      expect(network.nodes.find((n: { id: string }) => n.id === 'PRK').label).toBe('North Korea');
      const top = await json('/api/network?level=actor&limit=3&minEvents=2');
      expect(top.edges.length).toBeLessThanOrEqual(3);
      for (const edge of top.edges) expect(edge.events).toBeGreaterThanOrEqual(2);
      await expectError(get('/api/network?level=planet'), 400, /level must be country or actor/);
      await expectError(get('/api/network?limit=0'), 400, /limit must be a whole number from 1/);
    });
  });

  describe('events', () => {
    it('filters by CAMEO code, actor, date range, quad class and outlet', async () => {
      const consult = await json('/api/events?code=04&limit=500');
      expect(consult.items.length).toBeGreaterThan(0);
      for (const hit of consult.items) expect(hit.event.code).toMatch(/^04/);
      const prk = await json('/api/events?actor=PRK&limit=500');
      for (const hit of prk.items) expect(`${hit.event.source.code} ${hit.event.target.code}`).toMatch(/(^|\s)PRK/);
      const june = await json('/api/events?from=2018-06-01&to=2018-06-30&limit=500');
      expect(june.items.length).toBeGreaterThan(0);
      for (const hit of june.items) expect(hit.event.date).toMatch(/^2018-06/);
      const conflict = await json('/api/events?quadClass=3&limit=500');
      for (const hit of conflict.items) expect(hit.event.quadClass).toBe(3);
      const granite = await json('/api/events?outlet=Granite%20Standard&limit=500');
      expect(granite.items.length).toBeGreaterThan(0);
      for (const hit of granite.items) expect(hit.outlet).toBe('Granite Standard');
      const all = await json('/api/events?limit=500');
      expect(all.items.length).toBeGreaterThan(consult.items.length);
      const page2 = await json('/api/events?limit=3&offset=3');
      expect(page2.items.map((e: { spanId: number; id: string }) => `${e.id}#${e.spanId}`)).toEqual(all.items.slice(3, 6).map((e: { spanId: number; id: string }) => `${e.id}#${e.spanId}`));
    });

    it('exports in each format with its content type and a file name', async () => {
      const all = await json('/api/events?code=04&limit=500');
      const gdelt = await get('/api/events/export?format=gdelt&code=04');
      expect(gdelt.status).toBe(200);
      expect(gdelt.headers.get('content-type')).toMatch(/^text\/tab-separated-values/);
      expect(gdelt.headers.get('content-disposition')).toBe('attachment; filename="events.gdelt.tsv"');
      const rows = (await gdelt.text()).trim().split('\n');
      expect(rows).toHaveLength(all.items.length);
      expect(rows[0]!.split('\t')).toHaveLength(61);
      const csv = await get('/api/events/export?format=csv&code=04');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await csv.text()).trim().split('\n')).toHaveLength(all.items.length + 1);
      const plover = await get('/api/events/export?format=plover&code=04');
      expect(plover.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(await plover.text())).toHaveLength(all.items.length);
      const jsonl = await get('/api/events/export?format=jsonl&code=04&limit=2');
      expect(jsonl.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect((await jsonl.text()).trim().split('\n')).toHaveLength(2);
      await expectError(get('/api/events/export?format=xml'), 400, /format must be one of gdelt, plover, csv, jsonl/);
      await expectError(get('/api/events/export'), 400, /format must be one of/);
    });

    it('refuses malformed filters, naming the parameter', async () => {
      await expectError(get('/api/events?code=abc'), 400, /code must be a CAMEO code/);
      await expectError(get('/api/events?plover=PARTY'), 400, /plover must be one of .*CONSULT/);
      await expectError(get('/api/events?quadClass=5'), 400, /quadClass must be 1 .* or 4/);
      await expectError(get('/api/events?from=yesterday'), 400, /from must be an ISO date/);
      await expectError(get('/api/events?actor=prk;DROP'), 400, /actor must be an actor code/);
    });
  });

  describe('stories, storylines and citations', () => {
    it("gives each article's story, storyline and the original it copies", async () => {
      const stories = (await json('/api/stories?limit=500')).items as { id: number; storyline: number }[];
      for (const summary of stories.slice(0, 3)) {
        const story = await json(`/api/stories/${summary.id}`);
        for (const member of story.story.articlesInStory as { id: string; duplicateOf: { id: string } | null }[]) {
          const { links } = await json(`/api/articles/${member.id}`);
          expect(links.story).toBe(summary.id);
          expect(links.storyline).toBe(summary.storyline);
          expect(links.duplicateOf?.id ?? null).toBe(member.duplicateOf?.id ?? null);
        }
      }
    });

    it('lists stories, and the Singapore summit story has four articles from four outlets', async () => {
      const stories = await json('/api/stories?limit=500');
      const summit = stories.items.find((s: { first: string }) => s.first === '2018-06-12');
      expect(summit.articles).toBe(4);
      expect(summit.outlets).toHaveLength(4);
      const detail = await json(`/api/stories/${summit.id}`);
      expect(detail.story.articlesInStory.filter((a: { duplicateOf: unknown }) => !a.duplicateOf)).toHaveLength(4);
      expect(detail.events.length).toBeGreaterThan(0);
      expect(detail.events.some((e: { numArticles: number }) => e.numArticles > 1)).toBe(true);
      expect(detail.citations).toHaveProperty('edges');
      const byLine = await json(`/api/stories?storyline=${summit.storyline}&limit=500`);
      expect(byLine.items).toHaveLength(stories.items.length);
      expect((await json('/api/stories?storyline=999')).items).toEqual([]);
    });

    it('compares the outlets of a story', async () => {
      const summit = (await json('/api/stories?limit=500')).items.find((s: { first: string }) => s.first === '2018-06-12');
      const compared = await json(`/api/stories/${summit.id}/compare`);
      expect(compared.story.id).toBe(summit.id);
      expect(compared.comparison.outlets).toHaveLength(4);
      await expectError(get('/api/stories/424242/compare'), 404, /no story 424242/);
      await expectError(get('/api/stories/424242'), 404, /no story 424242 \(see GET \/api\/stories\)/);
      await expectError(get('/api/stories/first'), 400, /id must be a story number/);
    });

    it('lists storylines and the citation graph of the corpus or of one story', async () => {
      const storylines = await json('/api/storylines');
      expect(storylines.items).toHaveLength(1);
      const stories = await json('/api/stories?limit=500');
      expect(storylines.items[0].stories).toBe(stories.items.length);
      const corpus = await json('/api/citations');
      expect(corpus.nodes.length).toBeGreaterThan(0);
      const summit = stories.items.find((s: { first: string }) => s.first === '2018-06-12');
      const one = await json(`/api/citations?story=${summit.id}`);
      expect(one.edges.length).toBeLessThanOrEqual(corpus.edges.length);
      await expectError(get('/api/citations?story=424242'), 404, /no story 424242/);
    });
  });

  describe('HTTP behaviour', () => {
    it('documents every route in /openapi.json', async () => {
      const doc = await json('/openapi.json');
      expect(doc.openapi).toBe('3.0.0');
      const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.sort()).toEqual(
        [
          'GET /api/articles',
          'GET /api/articles/{id}',
          'GET /api/search',
          'GET /api/search/facets',
          'GET /api/quotes',
          'GET /api/entities',
          'GET /api/entities/{entity}',
          'GET /api/dyads/timeline',
          'GET /api/network',
          'GET /api/entities/{entity}/articles',
          'GET /api/events',
          'GET /api/events/export',
          'GET /api/stories',
          'GET /api/stories/{id}',
          'GET /api/stories/{id}/compare',
          'GET /api/storylines',
          'GET /api/citations',
          'GET /api/stats',
          'POST /api/ingest',
          'GET /api/ingest/{job}',
        ].sort(),
      );
      const events = doc.paths['/api/events'].get;
      expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['actor', 'code', 'plover', 'quadClass', 'outlet', 'from', 'to', 'limit', 'offset']));
      expect(Object.keys(events.responses)).toEqual(expect.arrayContaining(['200', '400']));
      for (const name of ['ArticleSummary', 'Article', 'Span', 'StoredEvent', 'StorySummary', 'IngestRequest', 'IngestJob', 'Error']) expect(doc.components.schemas).toHaveProperty(name);
    });

    it('answers 304 to a matching If-None-Match, and a new ETag when the body differs', async () => {
      const res = await get('/api/stats');
      const tag = res.headers.get('etag');
      expect(tag).toMatch(/^"[0-9a-f]+"$/);
      const again = await get('/api/stats', { 'If-None-Match': tag! });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await get('/api/stats', { 'If-None-Match': '"other"' })).status).toBe(200);
      const other = await get('/api/articles?limit=1');
      expect(other.headers.get('etag')).not.toBe(tag);
    });

    it('sets security headers on every response, errors included', async () => {
      for (const path of ['/api/stats', '/api/nowhere', '/api/articles?limit=-1']) {
        const res = await get(path);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      }
    });

    it('refuses bad parameters with 400 naming the parameter, unknown routes and ids with 404', async () => {
      await expectError(get('/api/articles?limit=-1'), 400, /limit must be a whole number from 0 to 500/);
      await expectError(get('/api/articles?limit=501'), 400, /limit must be a whole number from 0 to 500/);
      await expectError(get('/api/articles?limit=ten'), 400, /limit must be a whole number/);
      await expectError(get('/api/articles?offset=1.5'), 400, /offset must be a whole number 0 or more/);
      await expectError(get('/api/search'), 400, /q is required/);
      await expectError(get('/api/search?q=%20'), 400, /q must not be empty/);
      await expectError(get('/api/search?q=gangster&quotes=yes'), 400, /quotes must be true or false/);
      await expectError(get('/api/search?q=%22unclosed'), 400, /q: Malformed search query/);
      await expectError(get('/api/nowhere'), 404, /no route GET \/api\/nowhere/);
      await expectError(app.request('/api/articles', { method: 'DELETE' }), 404, /no route DELETE \/api\/articles/);
      await expectError(get('/api/articles/..%2F..%2Fetc%2Fpasswd'), 400, /an article id is 12 hexadecimal digits/);
      await expectError(get('/api/articles/..'), 404, /./);
      await expectError(get(`/api/entities/${encodeURIComponent('../../etc/passwd')}/articles`), 400, /an entity id looks like person\/kim-jong-un/);
      await expectError(get('/api/ingest/not-a-job'), 400, /a job id is the UUID/);
      await expectError(get('/api/ingest/00000000-0000-0000-0000-000000000000'), 404, /no ingest job/);
      expect(errors).toEqual([]);
    });

    it('refuses ingest bodies that are too large, not JSON, malformed or wrongly shaped', async () => {
      const post = async (body: string, type = 'application/json'): Promise<Response> =>
        app.request('/api/ingest', { method: 'POST', headers: { 'Content-Type': type }, body });
      await expectError(post(JSON.stringify({ articles: [{ text: 'x'.repeat(6 * 1024 * 1024) }] })), 413, /over the 5,242,880-byte limit/);
      // A chunked body states no length: the bytes that arrive are counted.
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 6; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
          controller.close();
        },
      });
      await expectError(app.request('/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit), 413, /over the/);
      await expectError(post('text: hello', 'text/plain'), 415, /takes JSON: send Content-Type: application\/json \(got "text\/plain"\)/);
      await expectError(post('{"articles": [', 'application/json'), 400, /the body is not valid JSON/);
      await expectError(post(JSON.stringify({ articles: [] })), 400, /articles must hold at least one article/);
      await expectError(post(JSON.stringify({ articles: [{ title: 'No text' }] })), 400, /body field articles.0: each article needs a non-empty text or html/);
      await expectError(post(JSON.stringify({ articles: [{ text: 42 }] })), 400, /body field articles.0.text: text must be a string/);
      await expectError(post(JSON.stringify({ items: [] })), 400, /articles must be an array/);
      expect(errors).toEqual([]);
    });

    it('answers 500 without details when the store fails', async () => {
      const broken = createApp({ ...store, stats: async () => { throw new Error('disk on fire at /secret/path'); } } as Store, { log: (m) => errors.push(m) });
      const res = await broken.request('/api/stats');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(/disk on fire|secret/);
      expect(JSON.parse(text).error.message).toMatch(/internal error/);
      expect(errors.pop()).toMatch(/disk on fire/);
    });

    it('needs the bearer token when started with one', async () => {
      const guarded = createApp(store, { token: 's3cret' });
      await expectError(guarded.request('/api/stats'), 401, /Authorization: Bearer/);
      await expectError(guarded.request('/api/stats', { headers: { Authorization: 'Bearer wrong' } }), 401, /Bearer/);
      expect((await guarded.request('/api/stats', { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
      const doc = await (await guarded.request('/openapi.json', { headers: { Authorization: 'Bearer s3cret' } })).json();
      expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    });
  });
}
