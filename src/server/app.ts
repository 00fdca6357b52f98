/**
 * The HTTP API over the store: a thin layer, like the CLI, that validates requests, calls the library and
 * answers JSON. `createApp` builds it without a network (tests call `app.request`); `serve.ts` listens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MalformedQueryError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import { packageRoot } from '../util/package-root.js';
import { ApiError, errorResponse } from './errors.js';
import { IngestJobs, type PipelineTools } from './jobs.js';
import { registerActorRoutes } from './routes/actors.js';
import { registerArticleRoutes } from './routes/articles.js';
import { registerEntityRoutes } from './routes/entities.js';
import { registerEventRoutes } from './routes/events.js';
import { registerIngestRoutes } from './routes/ingest.js';
import { registerStoryRoutes } from './routes/stories.js';
import { APP_CSP, DEFAULT_WEB_ROOT, hasWebApp, isApiPath, serveWebApp } from './web.js';
import { SpanComponent } from './schemas.js';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Largest request body accepted (bytes); default 5 MiB. */
  maxBodyBytes?: number;
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

  // First, so that every answer carries them: errors, 401s and 304s included. JSON needs no sources at all;
  // the app's pages may load their own scripts and styles and call the API.
  const apiHeaders = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
  });
  const appHeaders = secureHeaders({ contentSecurityPolicy: APP_CSP, xFrameOptions: 'DENY', referrerPolicy: 'no-referrer' });
  app.use('*', (c, next) => (isApiPath(c.req.path) ? apiHeaders(c, next) : appHeaders(c, next)));
  // The app's own files hold no data: the token guards the API, which the app calls with it.
  if (options.token !== undefined) {
    const guard = bearerToken(options.token);
    app.use('*', (c, next) => (isApiPath(c.req.path) ? guard(c, next) : next()));
  }
  app.use('*', limitBody(maxBodyBytes));
  app.post('/api/ingest', requireJson);
  // A hash of the body: a client that has it gets 304 without the body.
  app.use('*', etag());

  registerArticleRoutes(app, store);
  registerEntityRoutes(app, store);
  registerEventRoutes(app, store);
  registerActorRoutes(app, store);
  registerStoryRoutes(app, store);
  registerIngestRoutes(app, new IngestJobs(store, options.loadTools));
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

function describeHttpException(error: HTTPException): string {
  if (error.status === 400 && /json/i.test(error.message)) return 'the body is not valid JSON: send { "articles": [ { "text": "..." } ] }';
  return error.message || 'bad request';
}

/** Every request needs the token; compared in constant time. */
function bearerToken(token: string): MiddlewareHandler {
  const expected = createHash('sha256').update(token).digest();
  return async (c, next) => {
    const given = /^Bearer (.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 401, 'this server needs Authorization: Bearer <token> (the token it was started with)');
    }
    await next();
  };
}

/**
 * Refuses bodies over the limit: by Content-Length when it is given, and by the bytes that actually arrive
 * (a chunked body has no length, and a stated one is not trusted).
 */
function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context): Response => errorResponse(c, 413, `the body is over the ${maxBytes.toLocaleString('en-US')}-byte limit: send fewer articles a request`);
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = Number(c.req.header('Content-Length') ?? '0');
    if (declared > maxBytes) return tooLarge(c);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        return tooLarge(c);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    await next();
  };
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
