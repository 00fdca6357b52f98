/**
 * The ingest flow of the HTTP API: articles posted, the job polled until done, then read back with their
 * events, entities and story, on a store holding the sample corpus. The posted article was written for this test.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { Connector } from '../connect/index.js';
import { openConnector } from '../pipeline/connect.js';
import { ingest } from '../pipeline/ingest.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { projectRoot, tempDir } from '../../test/cli-helpers.js';
import { createApp } from './app.js';
import { loadPipelineTools, PipelineRunner, type IngestJob, type PipelineTools } from './jobs.js';

const ARTICLE = [
  'Pompeo meets Kim in Pyongyang to revive stalled talks',
  'October 7, 2018',
  'PYONGYANG (Lanternfish Wire) — Secretary of State Mike Pompeo met North Korean leader Kim Jong Un in Pyongyang on Sunday, ' +
    'the State Department said, in a visit meant to revive talks on the North\'s nuclear weapons.',
  'Pompeo said the meeting was productive. Kim invited inspectors to visit a missile engine test site, according to a South Korean official.',
  'Reporting by an invented correspondent',
].join('\n\n');

let store: Store;
let app: ReturnType<typeof createApp>;
let loads = 0;

beforeAll(async () => {
  store = openSqliteStore(join(tempDir('server-ingest'), 'api.db'));
  const tools = await loadPipelineTools(store);
  await ingest([join(projectRoot, 'data', 'sample')], store, tools);
  // Counts the loads: the app must load its tools once, on the first job, whatever the number of jobs.
  const loadTools = async (): Promise<PipelineTools> => {
    loads++;
    return tools;
  };
  app = createApp(store, { loadTools });
}, 120_000);

afterAll(async () => {
  await store?.close();
});

async function post(articles: unknown[]): Promise<Response> {
  return app.request('/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ articles }) });
}

async function finished(res: Response): Promise<IngestJob> {
  expect(res.status).toBe(202);
  const accepted = (await res.json()) as IngestJob;
  expect(res.headers.get('location')).toBe(`/api/ingest/${accepted.job}`);
  expect(['queued', 'loading', 'running']).toContain(accepted.state);
  for (let i = 0; i < 600; i++) {
    const poll = await app.request(`/api/ingest/${accepted.job}`);
    expect(poll.status).toBe(200);
    const job = (await poll.json()) as IngestJob;
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the job did not finish in 30 s');
}

describe('POST /api/ingest', () => {
  it('runs a posted article through the whole pipeline; it is then readable with its events, entities and story', async () => {
    const before = (await (await app.request('/api/stats')).json()) as { articles: number };
    const job = await finished(await post([{ text: ARTICLE, outlet: 'Lanternfish Wire', url: 'https://lanternfish.example/2018/10/07/pompeo-pyongyang' }]));
    expect(job.state).toBe('done');
    expect(job.total).toBe(1);
    expect(job.processed).toBe(1);
    expect(job.articles).toHaveLength(1);
    const [outcome] = job.articles;
    expect(outcome!.status).toBe('stored');
    expect(outcome!.errors).toEqual([]);
    expect(outcome!.stored).toHaveLength(1);
    expect(outcome!.stored[0]!.status).toBe('inserted');
    const id = outcome!.stored[0]!.id;

    const article = (await (await app.request(`/api/articles/${id}`)).json()) as any;
    expect(article.title).toBe('Pompeo meets Kim in Pyongyang to revive stalled talks');
    expect(article.outlet).toBe('Lanternfish Wire');
    expect(article.published).toBe('2018-10-07');
    expect(article.doc.hints.url).toBe('https://lanternfish.example/2018/10/07/pompeo-pyongyang');
    const entities = new Set(article.doc.spans.filter((s: any) => s.type === 'mention').map((s: any) => s.entity));
    expect(entities).toContain('person/mike-pompeo');
    expect(entities).toContain('person/kim-jong-un');
    const events = article.doc.spans.filter((s: any) => s.type === 'event');
    expect(events.length).toBeGreaterThan(0);
    // The meeting is coded as a meeting (CAMEO 04x) between the United States and North Korea.
    expect(events.some((s: any) => s.event.code.startsWith('04') && /USA/.test(s.event.source.code) && /PRK/.test(s.event.target.code))).toBe(true);

    const stored = (await (await app.request(`/api/events?entity=person%2Fmike-pompeo&from=2018-10-01&limit=500`)).json()) as any;
    expect(stored.items.some((e: any) => e.id === id)).toBe(true);
    const mentions = (await (await app.request(`/api/entities/${encodeURIComponent('person/kim-jong-un')}/articles?limit=500`)).json()) as any;
    expect(mentions.items.map((a: any) => a.id)).toContain(id);
    const after = (await (await app.request('/api/stats')).json()) as { articles: number };
    expect(after.articles).toBe(before.articles + 1);
    // The connect stage placed it: it is in a story of the corpus's storyline.
    const stories = (await (await app.request('/api/stories?limit=500')).json()) as any;
    const own = [];
    for (const s of stories.items) {
      const detail = (await (await app.request(`/api/stories/${s.id}`)).json()) as any;
      if (detail.story.articlesInStory.some((a: any) => a.id === id)) own.push(s);
    }
    expect(own).toHaveLength(1);
  });

  it('reports per article what was stored and what failed, and the same article again as unchanged', async () => {
    const job = await finished(
      await post([
        { text: ARTICLE, outlet: 'Lanternfish Wire', url: 'https://lanternfish.example/2018/10/07/pompeo-pyongyang' },
        { html: '<html><head><title>x</title></head><body><script>1</script></body></html>' },
      ]),
    );
    expect(job.state).toBe('done');
    expect(job.articles[0]!.status).toBe('stored');
    expect(job.articles[0]!.stored[0]!.status).toBe('unchanged');
    expect(job.articles[1]!.status).toBe('failed');
    expect(job.articles[1]!.stored).toEqual([]);
    expect(job.articles[1]!.errors.join(' ')).toMatch(/\S/);
    // Loaded once for both jobs.
    expect(loads).toBe(1);
  });

  it('catches up with what another process stored meanwhile: a copy of it is linked as a copy', async () => {
    // Another process (as `eventwire ingest` would) stores an article with its own connector.
    const other = [
      'Seoul and Pyongyang reopen a liaison office in Kaesong',
      'September 14, 2018',
      'SEOUL (Lanternfish Wire) — North and South Korea opened a joint liaison office in the border town of Kaesong on Friday, ' +
        'the first such permanent channel between the two governments, officials in Seoul said.',
      'The office will be staffed by about 20 officials from each side, who will work on the same floors of a four-storey building.',
      'Unification Minister Cho Myoung-gyon said the office would let the two sides talk around the clock about tensions and exchanges.',
    ].join('\n\n');
    const dir = tempDir('server-other');
    writeFileSync(join(dir, 'liaison.txt'), other);
    const tools = await loadPipelineTools(store);
    await ingest([join(dir, 'liaison.txt')], store, { ...tools, connect: await openConnector(store) });
    const original = (await store.list({ limit: 500 })).find((a) => a.title === 'Seoul and Pyongyang reopen a liaison office in Kaesong')!;
    expect(original).toBeDefined();

    // The same wire text under another outlet's headline.
    const copy = other.replace('Seoul and Pyongyang reopen a liaison office in Kaesong', 'Koreas open round-the-clock liaison office');
    const job = await finished(await post([{ text: copy, outlet: 'Harbour Courier', url: 'https://harbour-courier.example/liaison-office' }]));
    expect(job.state).toBe('done');
    const id = job.articles[0]!.stored[0]!.id;
    const stories = (await (await app.request('/api/stories?limit=500')).json()) as any;
    let linked: any;
    for (const s of stories.items) {
      const detail = (await (await app.request(`/api/stories/${s.id}`)).json()) as any;
      linked ??= detail.story.articlesInStory.find((a: any) => a.id === id);
    }
    expect(linked.duplicateOf?.id).toBe(original.id);
  }, 120_000);
});

describe("the API's job runner", () => {
  it('leaves a snapshot of its connect stage when it closes, for the next start to open from', async () => {
    const own = openSqliteStore(join(tempDir('server-snapshot'), 'api.db'));
    try {
      const runner = new PipelineRunner(own);
      const progress = { running: () => {}, stored: () => {}, error: () => {}, processed: () => {} };
      await runner.run([{ text: ARTICLE }], progress);
      // One article is far below the growth that writes a snapshot between jobs; closing writes it.
      expect(await own.connectorSnapshot()).toBeUndefined();
      await runner.close();
      const snapshot = await own.connectorSnapshot();
      expect(snapshot && Connector.fromSnapshot(snapshot)?.articles).toBe(1);
      expect((await openConnector(own)).snapshot()).toEqual(Connector.fromSnapshot(snapshot!)!.snapshot());
    } finally {
      await own.close();
    }
  }, 120_000);
});
