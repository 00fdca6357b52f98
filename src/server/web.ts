/**
 * Serves the web app built into dist/web (`npm run build`): its files as they are, and index.html for every
 * other path that is not the API's, so that the app's own routes (/stories/3, /articles/…) survive a reload.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { packageRoot } from '../util/package-root.js';

export const DEFAULT_WEB_ROOT = join(packageRoot(), 'dist', 'web');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The app's pages may load their own scripts and styles and call the API, nothing else: article text that
 * slipped through as markup still could not run or load anything (hono's secureHeaders directive names).
 */
export const APP_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Paths the API answers (with its own, stricter headers); everything else belongs to the app. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/openapi.json';
}

/** Whether a built app is there to serve. */
export function hasWebApp(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

/**
 * GET and HEAD of anything outside /api/ and /openapi.json. Vite names every asset by its content hash, so
 * assets are cached for a year; index.html is revalidated (the ETag middleware answers 304).
 */
export function serveWebApp(root: string): MiddlewareHandler {
  const realRoot = realpathSync(root);
  const index = readFileSync(join(realRoot, 'index.html'));
  const send = (c: Context, body: Buffer, type: string, cache: string): Response => {
    c.header('Cache-Control', cache);
    c.header('Content-Type', type);
    return c.body(new Uint8Array(body), 200);
  };
  return async (c, next) => {
    const path = c.req.path;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isApiPath(path)) return next();
    const file = resolveInside(realRoot, path);
    if (file) {
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(c, readFileSync(file), type, cache);
    }
    // A missing asset is a 404; any other path is one of the app's routes.
    if (path.startsWith('/assets/') || extname(path) !== '') return next();
    return send(c, index, CONTENT_TYPES['.html']!, 'no-cache');
  };
}

/** The file a URL path names under the root, or undefined; never a path outside it (no `..`, no symlink out). */
function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded === '/' || decoded.endsWith('/')) return undefined;
  const candidate = join(root, decoded);
  if (!candidate.startsWith(root + sep) || !existsSync(candidate)) return undefined;
  const real = realpathSync(candidate);
  return real.startsWith(root + sep) && statSync(real).isFile() ? real : undefined;
}
