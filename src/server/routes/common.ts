import { z } from '@hono/zod-openapi';
import { DEFAULT_LIMIT, ErrorResponse } from '../schemas.js';

const errorContent = { 'application/json': { schema: ErrorResponse } };
const ERRORS = {
  400: { description: 'A parameter or the body is wrong: the message names it and says why.', content: errorContent },
  401: { description: 'The server was started with a token: send `Authorization: Bearer <token>`.', content: errorContent },
  403: { description: 'The server has no token and the Host header names neither localhost nor a loopback address.', content: errorContent },
  404: { description: 'No such article, entity, story, job or route.', content: errorContent },
  413: { description: 'The body is over the limit (5 MiB unless the server was told otherwise).', content: errorContent },
  415: { description: 'The body is not JSON.', content: errorContent },
  429: { description: 'Too many requests from this client: wait the seconds of the Retry-After header.', content: errorContent },
  500: { description: 'Something went wrong on the server (details in its log, never in the response).', content: errorContent },
  503: { description: 'The ingest queue is full: wait the seconds of the Retry-After header.', content: errorContent },
};
type ErrorStatus = keyof typeof ERRORS;

/** Errors any route may answer: the token, the Host check, the rate limit, the unexpected. */
type AnyRouteError = 401 | 403 | 429 | 500;

/** The error responses of a route (those of any route always), each `{ error: { status, message } }`. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): Pick<typeof ERRORS, S | AnyRouteError> {
  const out: Partial<typeof ERRORS> = {};
  for (const status of [...statuses, 401, 403, 429, 500] as ErrorStatus[]) out[status] = ERRORS[status];
  return out as Pick<typeof ERRORS, S | AnyRouteError>;
}

/** A JSON 200 response of the given schema. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { 200: { description, content: { 'application/json': { schema } } } };
}

/** The page a list query asks for, with the defaults filled in. */
export function page(query: { limit?: number | undefined; offset?: number | undefined }): { limit: number; offset: number } {
  return { limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 };
}

/** Drops undefined values, so library option objects get only the filters given. */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
