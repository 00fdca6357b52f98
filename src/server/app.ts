/**
 * The HTTP API over the store: a thin layer, like the CLI, that validates requests, calls the library and
 * answers JSON. `createApp` builds it without a network (tests call `app.request`); `serve.ts` listens.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Env, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MalformedQueryError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { packageRoot } from '../util/package-root.js';
import { ApiError, errorResponse } from './errors.js';
import { IngestJobs, PipelineRunner, type IngestQueueLimits, type PipelineTools } from './jobs.js';
import { bearerToken, limitBody, loopbackHostOnly, rateLimit, securityHeaders, type RateLimit } from './security.js';
import { registerActorRoutes } from './routes/actors.js';
import { registerArticleRoutes } from './routes/articles.js';
import { registerEntityRoutes } from './routes/entities.js';
import { registerEventRoutes } from './routes/events.js';
import { refuseWhileQueueFull, registerIngestRoutes } from './routes/ingest.js';
import { registerStoryRoutes } from './routes/stories.js';
import { APP_CSP, DEFAULT_WEB_ROOT, hasWebApp, isApiPath, serveWebApp } from './web.js';
import { SpanComponent } from './schemas.js';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Largest request body accepted (bytes); default 5 MiB. */
  maxBodyBytes?: number;
  /**
   * Requests a client address may make (a token bucket each). None by default here, where requests may come
   * from the process itself (`app.request`); `startServer` limits by default (DEFAULT_RATE_LIMIT).
   */
  rateLimit?: RateLimit | null | undefined;
  /** The rate limit's clock in milliseconds (tests); default performance.now. */
  now?: () => number;
  /** How much may wait in ingest jobs before new ones are refused with 503 (64 MiB, 2,000 articles). */
  ingestQueue?: IngestQueueLimits;
  /** The ingest queue to use (its owner closes it); default one over `ingestJobsFor(store, options)`. */
  ingestJobs?: IngestJobs;
  /** Loads the analysis tools for ingest jobs (default: the full pipeline's); called once, on the first job. */
  loadTools?: (store: Store) => Promise<PipelineTools>;
  /** The built web app to serve at `/` (default dist/web when it has been built); null serves the API alone. */
  webRoot?: string | null;
  /** Where unexpected errors are logged with their stack (never sent to the client); default stderr. */
  log?: (message: string) => void;
}

/** The validation message of a failed zod check: which parameter (or body field) is wrong and why. */
const validationHook: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (result.success) return;
  const messages = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (result.target === 'json') return path ? `body field ${path}: ${issue.message}` : `body: ${issue.message}`;
    // Parameter messages name their parameter already.
    const name = issue.path[0] === undefined ? '' : String(issue.path[0]);
    return name && !issue.message.startsWith(name) ? `${name}: ${issue.message}` : issue.message;
  });
  return errorResponse(c, 400, [...new Set(messages)].join('; '));
};

export function createApp(store: Store, options: AppOptions = {}): OpenAPIHono {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const app = new OpenAPIHono({ defaultHook: validationHook });

  // First, so that every answer carries them: errors, 401s, 429s and 304s included. JSON needs no sources at
  // all; the app's pages may load their own scripts and styles and call the API.
  const apiHeaders = securityHeaders({ defaultSrc: ["'none'"], frameAncestors: ["'none'"] });
  const appHeaders = securityHeaders(APP_CSP);
  app.use('*', (c, next) => (isApiPath(c.req.path) ? apiHeaders(c, next) : appHeaders(c, next)));
  // A token stands in for the Host check: a page that rebinds a name to this server does not have it.
  if (options.token === undefined) app.use('*', loopbackHostOnly);
  // Before the token, so that guessing it is slowed down too.
  if (options.rateLimit) app.use('*', rateLimit(options.rateLimit, options.now));
  // The app's own files hold no data: the token guards the API, which the app calls with it.
  if (options.token !== undefined) {
    const guard = bearerToken(options.token);
    app.use('*', (c, next) => (isApiPath(c.req.path) ? guard(c, next) : next()));
  }
  const jobs = options.ingestJobs ?? ingestJobsFor(store, options);
  app.post('/api/ingest', refuseWhileQueueFull(jobs));
  app.use('*', limitBody(maxBodyBytes));
  app.post('/api/ingest', requireJson);
  // A hash of the body: a client that has it gets 304 without the body.
  app.use('*', etag());

  registerArticleRoutes(app, store);
  registerEntityRoutes(app, store);
  registerEventRoutes(app, store);
  registerActorRoutes(app, store);
  registerStoryRoutes(app, store);
  registerIngestRoutes(app, jobs);
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  if (webRoot !== null && hasWebApp(webRoot)) app.use('*', serveWebApp(webRoot));

  app.openAPIRegistry.register('Span', SpanComponent);
  if (options.token !== undefined) app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc('/openapi.json', {
    openapi: '3.0.0',
    info: {
      title: 'eventwire',
      version: packageVersion(),
      description:
        'News turned into structured, verifiable events. Lists are { items, limit, offset } (limit default 50, at most 500); errors are { error: { status, message } }.',
    },
    ...(options.token !== undefined ? { security: [{ bearer: [] }] } : {}),
  });

  app.notFound((c) => errorResponse(c, 404, `no route ${c.req.method} ${c.req.path} (GET /openapi.json lists the routes)`));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.message);
    if (error instanceof MalformedQueryError) return errorResponse(c, 400, `q: ${error.message}`);
    if (error instanceof HTTPException) return errorResponse(c, error.status as ContentfulStatusCode, describeHttpException(error));
    log(`eventwire API: ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return errorResponse(c, 500, 'internal error: the server could not answer this request (its log has the details)');
  });
  return app;
}

/** An ingest queue that runs its jobs on this thread, with `loadTools` and the `ingestQueue` limits. */
export function ingestJobsFor(store: Store, options: Pick<AppOptions, 'loadTools' | 'ingestQueue'>): IngestJobs {
  return new IngestJobs(new PipelineRunner(store, options.loadTools), options.ingestQueue);
}

function describeHttpException(error: HTTPException): string {
  if (error.status === 400 && /json/i.test(error.message)) return 'the body is not valid JSON: send { "articles": [ { "text": "..." } ] }';
  return error.message || 'bad request';
}

const requireJson: MiddlewareHandler = async (c, next) => {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return errorResponse(c, 415, `POST /api/ingest takes JSON: send Content-Type: application/json (got ${type ? JSON.stringify(type) : 'none'})`);
  }
  await next();
};

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
