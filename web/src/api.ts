/**
 * The app's one door to the server: typed GETs and POSTs under /api/, JSON errors turned into messages a person
 * can act on, and the bearer token (when the server asks for one) kept for the tab's session.
 */
import { useEffect, useState } from 'react';

export type {
  ActorNetwork,
  ArticleSummary,
  CorpusStats,
  DyadPeriod,
  EntityDetail,
  EntitySummary,
  FacetValue,
  QuoteHit,
  SearchFacets,
  SearchHit,
  StoredArticle,
  StoredEvent,
  StoryDetail,
  StorylineSummary,
  StorySummary,
} from '../../src/store/types.js';
export type { OutletComparison } from '../../src/connect/compare.js';
export type { CitationGraph } from '../../src/connect/citations.js';
export type { IngestJob } from '../../src/server/jobs.js';
export type { Span, DocumentData } from '../../src/document/types.js';

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'eventwire.token';

export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

type Params = Record<string, string | number | boolean | undefined | null>;

/** `/api/events?actor=PRK&limit=50`, leaving out empty parameters. */
export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    throw new ApiError(0, `the server did not answer (${(error as Error).message}); is eventwire serve still running?`);
  }
  const body = (await response.json().catch(() => undefined)) as ({ error?: { message?: string } } & T) | undefined;
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  return request<T>(apiUrl(path, params), signal ? { signal } : {});
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

/**
 * Fetches `path` with `params` whenever either changes (stale answers are dropped); `path` null fetches nothing.
 */
export function useApi<T>(path: string | null, params: Params = {}): Loaded<T> {
  const key = path === null ? null : apiUrl(path, params);
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: key !== null });
  useEffect(() => {
    if (key === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    request<T>(key, { signal: controller.signal }).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: undefined, error: error instanceof ApiError ? error : new ApiError(0, String(error)), loading: false });
      },
    );
    return () => controller.abort();
  }, [key]);
  return state;
}

export function hasToken(): boolean {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

/**
 * Downloads an API file with the token: a plain link cannot send the Authorization header, so the file is
 * fetched and handed to the browser as a blob.
 */
export async function downloadWithToken(url: string, fileName: string): Promise<void> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = blobUrl;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
}
