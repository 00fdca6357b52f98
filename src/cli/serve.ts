import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MAX_BODY_BYTES } from '../server/app.js';
import { DEFAULT_RATE_LIMIT, isLoopbackHost, type RateLimit } from '../server/security.js';
import { startServer } from '../server/serve.js';
import { describeLimit } from '../readers/limits.js';
import { DEFAULT_WEB_ROOT, hasWebApp } from '../server/web.js';
import { describeStoreLocation, openStore } from '../store/open.js';

export function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535; 0 lets the system choose)`);
  return n;
}

/** A number of at least `min` (decimals allowed), for the limits. */
function atLeast(min: number, what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`"${value}" is not ${what}`);
    return n;
  };
}

export interface ServeCliOptions {
  db: string;
  port: number;
  host: string;
  token?: string;
  /** Bytes; default 5 MiB. */
  maxBody?: number;
  /** Requests a second per client address; 0 turns the limit off. */
  rateLimit?: number;
  rateBurst?: number;
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
    .addOption(
      new Option('--max-body <bytes>', 'refuse request bodies (ingest uploads) larger than this with 413')
        .argParser(atLeast(1, 'a positive number of bytes'))
        .default(DEFAULT_MAX_BODY_BYTES, describeLimit(DEFAULT_MAX_BODY_BYTES)),
    )
    .option('--rate-limit <n>', 'requests a second one client address may make, 429 past it (0: no limit)', atLeast(0, 'a number of requests a second (0 or more)'), DEFAULT_RATE_LIMIT.perSecond)
    .option('--rate-burst <n>', 'requests one client may make at once before the rate applies', atLeast(1, 'a number of requests (1 or more)'), DEFAULT_RATE_LIMIT.burst)
    .action((opts: ServeCliOptions) => runServer(opts));
}

/** Who can use the server, as its startup message says it. */
function describeAccess(host: string, hasToken: boolean): string {
  if (hasToken) {
    return isLoopbackHost(host)
      ? 'Access: this machine only (bound to loopback), with the token: send Authorization: Bearer <token>.'
      : `Access: any machine that reaches ${host}, with the token: send Authorization: Bearer <token>.`;
  }
  return 'Access: this machine only (bound to loopback, no token; requests must be addressed to localhost or a loopback address).';
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
  const maxBodyBytes = Math.floor(opts.maxBody ?? DEFAULT_MAX_BODY_BYTES);
  const rateLimit: RateLimit | null =
    opts.rateLimit === 0 ? null : { perSecond: opts.rateLimit ?? DEFAULT_RATE_LIMIT.perSecond, burst: opts.rateBurst ?? DEFAULT_RATE_LIMIT.burst };
  const store = await openStore(opts.db);
  let server;
  try {
    server = await startServer(store, { port: opts.port, host: opts.host, token, maxBodyBytes, rateLimit, storeLocation: opts.db });
  } catch (error) {
    await store.close();
    throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`, { cause: error });
  }
  process.stdout.write(`eventwire API on ${server.url} (database ${describeStoreLocation(opts.db)})\n`);
  process.stdout.write(`${describeAccess(opts.host, token !== undefined)}\n`);
  process.stdout.write(
    `Limits: bodies up to ${describeLimit(maxBodyBytes)}; ` +
      (rateLimit ? `${rateLimit.perSecond} requests a second per client address (bursts of ${rateLimit.burst}).\n` : 'no rate limit (--rate-limit 0).\n'),
  );
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
