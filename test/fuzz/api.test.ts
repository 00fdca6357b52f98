/**
 * Fuzzing the HTTP API over an SQLite store holding the sample corpus: every route the OpenAPI document lists,
 * with arbitrary query strings, path parameters, headers and methods, and POST /api/ingest with arbitrary bodies.
 * No request may get a 500: the answer is a 2xx, a 304, or a 4xx whose JSON error states the problem.
 *
 * Inputs per full run (parser → numRuns):
 *   GET routes with fuzzed queries, paths and headers 700, other methods on every route 100,
 *   POST /api/ingest bodies 400  — 1,200 in all.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { createApp } from '../../src/server/app.js';
import { loadPipelineTools } from '../../src/server/jobs.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { projectRoot } from '../cli-helpers.js';
import { damagedText, expectValue, runs, scratchDirectory, settleAsync } from './fuzz.js';

const RUNS = {
  getRoutes: 700,
  otherMethods: 100,
  ingestBodies: 400,
};

interface Route {
  method: string;
  /** OpenAPI form: `/api/articles/{id}`. */
  path: string;
  query: string[];
  pathParameters: string[];
}

const scratch = scratchDirectory('api');
let store: Store;
let app: ReturnType<typeof createApp>;
let routes: Route[] = [];
/** Values the store really holds, so fuzzed requests also reach past validation into the store. */
const known: Record<string, string[]> = {};
/** What the app logs: it logs only unexpected errors, the ones it answers with 500. */
const logged: string[] = [];

beforeAll(async () => {
  store = await openSqliteStore(join(scratch, 'api.db'));
  await ingest([join(projectRoot, 'data', 'sample')], store, await loadPipelineTools(store));
  // Jobs are accepted and then fail at once: analysing fuzzed articles is the pipeline's business, not the API's.
  app = createApp(store, { webRoot: null, log: (message) => logged.push(message), loadTools: async () => Promise.reject(new Error('analysis is off in the API fuzz test')) });
  const document = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
  routes = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      pathParameters: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
    })),
  );
  const ids = async (path: string, key: string) => ((await (await app.request(path)).json()) as { items: Record<string, unknown>[] }).items.map((item) => String(item[key]));
  known['id'] = [...(await ids('/api/articles?limit=3', 'id')), ...(await ids('/api/stories?limit=3', 'id'))];
  known['entity'] = await ids('/api/entities?limit=3', 'id');
  const job = (await (await app.request('/api/ingest', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"articles":[{"text":"x"}]}' })).json()) as { job: string };
  known['job'] = [job.job];
}, 120_000);

afterAll(async () => {
  await store?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Generators

/** Good values for each parameter, so that one bad parameter among good ones is what gets refused. */
const GOOD: Record<string, string[]> = {
  limit: ['20', '500'],
  offset: ['0', '5'],
  version: ['1'],
  q: ['summit', '"talks collapsed"', 'kim AND trump', 'sanction*'],
  outlet: ['Lanternfish Wire'],
  from: ['2018-06', '2018-06-12', '2018'],
  to: ['2018-07-31'],
  code: ['04', '042'],
  plover: ['CONSULT', 'THREATEN'],
  quadClass: ['1', '4'],
  quotes: ['true', 'false'],
  label: ['PER', 'GPE'],
  actor: ['USA'],
  source: ['USA', 'PRK'],
  target: ['PRK', 'USAGOV'],
  format: ['csv', 'jsonl', 'gdelt', 'plover'],
  directed: ['true'],
  interval: ['day', 'month'],
  level: ['country', 'actor'],
  minEvents: ['2'],
  storyline: ['1'],
  story: ['1'],
};

/** Values that break things: numbers out of range, FTS5 syntax, odd Unicode, huge and empty strings. */
const NASTY = [
  '', ' ', '-1', '0', '501', '1e3', '0x10', '1.5', '99999999999999999999', 'NaN', 'Infinity', '00000000000000000000001',
  '2018-13-45', '9999-99-99', '2018-06-12T10:00', 'June', 'true ', 'TRUE', 'null', 'undefined', '[]', '{}',
  '"', '""', '"unclosed', '*', '^', 'NEAR(', 'NEAR(a b, -1)', 'a OR', 'AND', 'NOT', '(', ')', '-', '+', ':', 'col:x', 'body:summit', '{a b}',
  '\u0000', '\uFFFD', '\uD800', '\u202E', 'é', '𝒳', '%', '%zz', '%00', '../../etc/passwd', '<script>', "' OR 1=1 --", 'person/', 'person/kim jong',
  'x'.repeat(1001), 'y'.repeat(20_000),
];

/** Values of `table` for a name from a request, which may be `constructor` or `__proto__`. */
const lookUp = (table: Record<string, string[]>, name: string): string[] | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);

const valueFor = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(lookUp(GOOD, name) ?? lookUp(known, name) ?? ['x'])) },
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: 2_000 }).map(String) },
  );

/** Percent-encoding; a lone surrogate, which it cannot encode, goes as U+FFFD as browsers send it. */
const encode = (text: string): string => encodeURIComponent(text.toWellFormed());

/** A query string: parameters given once, twice or not at all, a stray name, raw or percent-encoded. */
function queryFor(route: Route): fc.Arbitrary<string> {
  const names = fc.constantFrom(...route.query, 'limit', 'callback', '__proto__', 'constructor', '');
  const pair = names.chain((name) => fc.tuple(fc.constant(name), valueFor(name), fc.boolean()));
  return fc.array(pair, { maxLength: 6 }).map((pairs) =>
    pairs.map(([name, value, raw]) => (raw ? `${name}=${value.replace(/[#\s]/g, '')}` : `${encode(name)}=${encode(value)}`)).join('&'),
  );
}

function pathFor(route: Route): fc.Arbitrary<string> {
  const filled = route.pathParameters.map((name) =>
    fc.oneof(fc.constantFrom(...(lookUp(known, name) ?? ['1'])), valueFor(name)).chain((value) =>
      // Path parameters arrive percent-encoded (an entity id's slash as %2F), or raw, cut at a slash.
      fc.constantFrom(encode(value), value.replace(/[#?\s]/g, '')),
    ),
  );
  return fc.tuple(...filled).map((values) => {
    let path = route.path;
    route.pathParameters.forEach((name, i) => (path = path.replace(`{${name}}`, values[i]!)));
    return path;
  });
}

const headers = fc.dictionary(
  fc.constantFrom('Authorization', 'Accept', 'Accept-Encoding', 'If-None-Match', 'Content-Type', 'X-Forwarded-For', 'Cookie', 'Range', 'Origin'),
  fc.oneof(fc.constantFrom('Bearer x', 'Basic Og==', '*', '"W/abc"', 'application/json', 'text/html', 'gzip, br', 'bytes=0-10', '127.0.0.1, 10.0.0.1', 'null'), fc.string({ unit: 'grapheme-ascii', maxLength: 60 })),
  { maxKeys: 3 },
);

// ---------------------------------------------------------------------------------------------------------

/** Sends a request and checks the answer: never 500; an error is JSON that names the problem, without a stack. */
async function expectHandled(description: string, request: () => Response | Promise<Response>): Promise<Response> {
  const response = expectValue(await settleAsync(description, async () => request()));
  const body = await response.text();
  const shown = `${description} → ${response.status} ${body.slice(0, 300)}`;
  expect(response.status, shown).toBeLessThan(500);
  expect(logged, shown).toEqual([]);
  if (response.status >= 400 && description.split(' ')[0] !== 'HEAD') {
    expect(response.headers.get('content-type'), shown).toMatch(/^application\/json/);
    const { error } = JSON.parse(body) as { error: { status: number; message: string } };
    expect(error.status, shown).toBe(response.status);
    expect(error.message.trim().length, shown).toBeGreaterThan(0);
    expect(body, shown).not.toMatch(/\n\s+at |node_modules|\/src\//);
  }
  return response;
}

describe('the HTTP API under fuzzed requests', () => {
  it('answers every GET route, whatever its query, path and headers, with a 2xx, 304 or a 4xx naming the problem', async () => {
    const getRoutes = routes.filter((route) => route.method === 'GET');
    expect(getRoutes.length).toBeGreaterThan(15);
    const request = fc.constantFrom(...getRoutes).chain((route) => fc.tuple(pathFor(route), queryFor(route), headers));
    await fc.assert(
      fc.asyncProperty(request, async ([path, query, given]) => {
        const url = query ? `${path}?${query}` : path;
        await expectHandled(`GET ${url} ${JSON.stringify(given)}`, () => app.request(url, { headers: given }));
      }),
      runs(7101, RUNS.getRoutes),
    );
  });

  it('answers other methods on every route with a 4xx (or the route itself)', async () => {
    const request = fc.tuple(fc.constantFrom(...routes), fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST', 'TRACE-ISH'));
    await fc.assert(
      fc.asyncProperty(request, fc.string({ maxLength: 200 }), async ([route, method], body) => {
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => lookUp(known, name)?.[0] ?? '1');
        const withBody = method !== 'HEAD' && method !== 'OPTIONS' ? { body } : {};
        await expectHandled(`${method} ${path}`, () => app.request(path, { method, headers: { 'Content-Type': 'application/json' }, ...withBody }));
      }),
      runs(7201, RUNS.otherMethods),
    );
  });

  it('accepts an ingest body with 202, or refuses it with a 4xx naming the problem', async () => {
    const valid = JSON.stringify({ articles: [{ text: 'The ferry resumed on Monday, the operator said.', url: 'https://quay.example/ferry', title: 'Ferry resumes' }, { html: '<p>Gulls circled the quay.</p>' }] });
    const body = fc.oneof(
      damagedText(valid, { junk: ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u0000', '\\ud800', 'null', '1e999', '-0'], nesting: ['[', '{"articles":', '{"a":'], hugeAfter: [/"text":"/] }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((articles) => JSON.stringify({ articles })),
      fc.array(fc.record({ text: fc.oneof(fc.string(), fc.constant(''), fc.integer()), html: fc.option(fc.string()), url: fc.option(fc.oneof(fc.string(), fc.constant('x'.repeat(3000)))) }, { requiredKeys: [] }), { maxLength: 1003 }).map((articles) => JSON.stringify({ articles })),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.integer({ min: 5 * 1024 * 1024 - 100, max: 5 * 1024 * 1024 + 100 }).map((size) => `{"articles":[{"text":"${'w'.repeat(size)}"}]}`),
    );
    const contentType = fc.oneof(
      { weight: 6, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json;;') },
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const response = await expectHandled(`POST /api/ingest ${type} ${text.slice(0, 200)}`, () =>
          app.request('/api/ingest', { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: text }),
        );
        if (response.status < 300) {
          expect(response.status).toBe(202);
          expect(response.headers.get('location')).toMatch(/^\/api\/ingest\/[0-9a-f-]{36}$/);
        }
      }),
      runs(7301, RUNS.ingestBodies),
    );
  });
});
