/**
 * A small HTTP server on 127.0.0.1 for tests of fetching, feeds and sitemaps: routes by path, and a log of every
 * request with its headers so tests can assert what was (and was not) asked for.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface LoggedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export class TestServer {
  readonly routes = new Map<string, Route>();
  readonly log: LoggedRequest[] = [];
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<TestServer> {
    let instance: TestServer | undefined;
    const server = createServer((request, response) => {
      const path = request.url ?? '/';
      instance!.log.push({ path, headers: request.headers });
      const route = instance!.routes.get(path.split('?')[0]!);
      if (route) route(request, response);
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new TestServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  /** `127.0.0.1:port`, as the guard's allowedPrivateHosts wants it. */
  get host(): string {
    return new URL(this.origin).host;
  }

  /** Requests made for a path (query included), in order. */
  requestsFor(path: string): LoggedRequest[] {
    return this.log.filter((entry) => entry.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A route answering with a fixed body. */
export function respond(body: string | Uint8Array, headers: Record<string, string> = {}, status = 200): Route {
  return (_request, response) => {
    response.writeHead(status, headers).end(body);
  };
}
