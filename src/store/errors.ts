/** Errors every store throws alike, so callers (the API) can tell bad input from a broken store whatever the backend. */

/** Thrown by a full-text search for a query the store cannot parse. */
export class MalformedQueryError extends Error {
  constructor(
    readonly query: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `Malformed search query ${JSON.stringify(query)}: ${detail}. ` +
        'Use words, "quoted phrases", prefix*, AND, OR, NOT and parentheses.',
      options,
    );
    this.name = 'MalformedQueryError';
  }
}
