import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../store/types.js';
import { createApp, type AppOptions } from './app.js';

export interface ServeOptions extends AppOptions {
  port: number;
  host: string;
}

export interface RunningServer {
  /** `http://host:port`, with the port the system chose when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

/** Hosts that only this machine can reach: serving on them needs no token. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Listens with the API over the store; resolves once the port is bound. */
export function startServer(store: Store, options: ServeOptions): Promise<RunningServer> {
  const { port, host, ...appOptions } = options;
  const app = createApp(store, appOptions);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shown}:${info.port}`,
        close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
      });
    });
    server.once('error', reject);
  });
}
