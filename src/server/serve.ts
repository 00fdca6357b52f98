import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../store/types.js';
import { createApp, ingestJobsFor, type AppOptions } from './app.js';
import { IngestJobs } from './jobs.js';
import { DEFAULT_RATE_LIMIT } from './security.js';
import { WorkerRunner } from './worker-runner.js';

export interface ServeOptions extends AppOptions {
  port: number;
  host: string;
  /**
   * Where the store is (as `openStore` takes it). When given, ingest jobs run on a worker thread with a
   * connection of their own, so that analysing a backlog does not hold up reads; otherwise on this thread.
   */
  storeLocation?: string | undefined;
  /** How long a request may take to arrive whole, and its headers (tests shorten them). */
  timeouts?: { requestMs: number; headersMs: number };
}

export interface RunningServer {
  /** `http://host:port`, with the port the system chose when 0 was asked for. */
  url: string;
  /** Stops listening, then lets the ingest job in progress finish (queued ones fail). */
  close(): Promise<void>;
}

/**
 * A request must have arrived whole within this time: a client trickling its body (or its headers) cannot hold
 * a connection for the default five minutes. Generous for the largest body over a slow link.
 */
export const REQUEST_TIMEOUT_MS = 60_000;
export const HEADERS_TIMEOUT_MS = 20_000;

/**
 * Listens with the API over the store; resolves once the port is bound. Clients are rate-limited unless
 * `rateLimit` is null (DEFAULT_RATE_LIMIT when it is not given).
 */
export function startServer(store: Store, options: ServeOptions): Promise<RunningServer> {
  const { port, host, storeLocation, timeouts = { requestMs: REQUEST_TIMEOUT_MS, headersMs: HEADERS_TIMEOUT_MS }, ...appOptions } = options;
  const jobs =
    appOptions.ingestJobs ??
    (storeLocation === undefined ? ingestJobsFor(store, appOptions) : new IngestJobs(new WorkerRunner(storeLocation), appOptions.ingestQueue));
  const app = createApp(store, { ...appOptions, ingestJobs: jobs, rateLimit: appOptions.rateLimit === undefined ? DEFAULT_RATE_LIMIT : appOptions.rateLimit });
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port,
        hostname: host,
        // Node checks the timeouts every connectionsCheckingInterval: often enough for the shortest of them.
        serverOptions: { requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(30_000, timeouts.headersMs / 2) },
      },
      (info: AddressInfo) => {
        const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${shown}:${info.port}`,
          close: async () => {
            await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
            await jobs.close();
          },
        });
      },
    );
    server.once('error', reject);
  });
}
