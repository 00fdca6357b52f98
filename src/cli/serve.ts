import { InvalidArgumentError, type Command, type Option } from 'commander';
import { isLoopbackHost, startServer } from '../server/serve.js';
import { DEFAULT_WEB_ROOT, hasWebApp } from '../server/web.js';
import { describeStoreLocation, openStore } from '../store/open.js';

export function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535; 0 lets the system choose)`);
  return n;
}

export interface ServeCliOptions {
  db: string;
  port: number;
  host: string;
  token?: string;
}

/** `eventwire serve`: the HTTP API over the store, on this machine only unless a token guards it. */
export function registerServeCommand(program: Command, dbOption: () => Option): void {
  program
    .command('serve')
    .description('serve the web app at / and the HTTP API (JSON under /api/, the OpenAPI document at /openapi.json) over the store')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8787)
    .option('--host <host>', 'address to bind; anything but a loopback address needs --token', '127.0.0.1')
    .option('--token <token>', 'require Authorization: Bearer <token> on every request (default: $EVENTWIRE_API_TOKEN)')
    .action((opts: ServeCliOptions) => runServer(opts));
}

/**
 * Serves the store until Ctrl-C: the app at `/`, the API under /api/. Refuses a non-loopback host without a
 * token. `demo --serve` calls it after ingesting the sample.
 */
export async function runServer(opts: ServeCliOptions): Promise<void> {
  const token = opts.token ?? (process.env['EVENTWIRE_API_TOKEN'] || undefined);
  if (!isLoopbackHost(opts.host) && token === undefined) {
    process.stderr.write(
      `eventwire serve: refusing to listen on ${opts.host} without a token: other machines could read and write the store.\n` +
        'Pass --token <secret> (or set EVENTWIRE_API_TOKEN); clients then send Authorization: Bearer <secret>.\n',
    );
    process.exitCode = 1;
    return;
  }
  const store = await openStore(opts.db);
  let server;
  try {
    server = await startServer(store, { port: opts.port, host: opts.host, token });
  } catch (error) {
    await store.close();
    throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`, { cause: error });
  }
  process.stdout.write(`eventwire API on ${server.url} (database ${describeStoreLocation(opts.db)}${token ? '; bearer token required' : ''})\n`);
  process.stdout.write(
    hasWebApp(DEFAULT_WEB_ROOT)
      ? `The app: ${server.url}/  Routes: ${server.url}/openapi.json  Stop with Ctrl-C.\n`
      : `Routes: ${server.url}/openapi.json  (no app: it is built by npm run build)  Stop with Ctrl-C.\n`,
  );
  const stop = (): void => {
    void server.close().finally(() => store.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
