import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { errorBody, notFound } from '../errors.js';
import type { IngestJobs } from '../jobs.js';
import { IngestBody, IngestJob, JobParams } from '../schemas.js';
import { errorResponses, jsonResponse } from './common.js';

/** A guess: the pipeline analyses dozens of articles a second, so a full queue has room again within seconds. */
const QUEUE_FULL_RETRY_SECONDS = 5;

const postIngest = createRoute({
  method: 'post',
  path: '/api/ingest',
  tags: ['ingest'],
  summary: 'Run articles through the whole pipeline (clean, language, attribution, events, connect) in the background',
  request: { body: { required: true, content: { 'application/json': { schema: IngestBody } } } },
  responses: {
    202: {
      description: 'Accepted: poll GET /api/ingest/{job} (also in the Location header).',
      content: { 'application/json': { schema: IngestJob } },
    },
    ...errorResponses(400, 413, 415, 503),
  },
});

const getJob = createRoute({
  method: 'get',
  path: '/api/ingest/{job}',
  tags: ['ingest'],
  summary: "An ingest job's progress and, per article sent, what was stored (ids, status) and what went wrong",
  request: { params: JobParams },
  responses: { ...jsonResponse(IngestJob, 'The job.'), ...errorResponses(400, 404) },
});

function queueFull(c: Context) {
  c.header('Retry-After', String(QUEUE_FULL_RETRY_SECONDS));
  return c.json(errorBody(503, `the ingest queue is full: earlier jobs are still being analysed; try again in ${QUEUE_FULL_RETRY_SECONDS} s`), 503);
}

/**
 * Refuses a post while the queue is full before its body is read: under a flood of posts the server then does
 * not read, parse and validate bodies only to refuse them.
 */
export function refuseWhileQueueFull(jobs: IngestJobs): MiddlewareHandler {
  return async (c, next) => (jobs.full ? queueFull(c) : next());
}

export function registerIngestRoutes(app: OpenAPIHono, jobs: IngestJobs): void {
  app.openapi(postIngest, async (c) => {
    const job = jobs.submit(c.req.valid('json').articles);
    if (!job) return queueFull(c);
    c.header('Location', `/api/ingest/${job.job}`);
    return c.json(job, 202);
  });

  app.openapi(getJob, async (c) => {
    const { job: id } = c.req.valid('param');
    const job = jobs.get(id);
    if (!job) throw notFound(`no ingest job ${id} (jobs are kept in memory until the server stops)`);
    return c.json(job, 200);
  });
}
