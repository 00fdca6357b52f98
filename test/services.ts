/**
 * The servers some tests need (PostgreSQL, NATS with JetStream), looked for on loopback. A test file asks for a
 * URL at its top level and skips its suites when it gets undefined, after the helper has said why on stderr.
 * With EVENTWIRE_REQUIRE_SERVICES=1 (CI sets it) an absent server is an error instead: CI must run these tests.
 *
 *   const pg = await postgresUrl();
 *   describe.skipIf(!pg)('... on PostgreSQL', () => { ... });
 *
 * Addresses: EVENTWIRE_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres, trust auth) and
 * EVENTWIRE_TEST_NATS_URL (default nats://127.0.0.1:4222).
 */
import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 3_000;

export const POSTGRES_TEST_URL = process.env['EVENTWIRE_TEST_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_TEST_URL = process.env['EVENTWIRE_TEST_NATS_URL'] || 'nats://127.0.0.1:4222';

/** True when CI (or a developer) demands that tests needing a server run rather than skip. */
export function servicesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['EVENTWIRE_REQUIRE_SERVICES'] === '1';
}

/** An absent server: an error when services are required, else a note on stderr and undefined. */
function absent(service: string, url: string, reason: string): undefined {
  const message = `${service} is not reachable at ${redact(url)} (${reason})`;
  if (servicesRequired()) throw new Error(`${message}; EVENTWIRE_REQUIRE_SERVICES=1, so the tests that need it fail instead of skipping`);
  process.stderr.write(`skipping the tests that need ${service}: ${message}. Start it, or set EVENTWIRE_REQUIRE_SERVICES=1 to make this an error.\n`);
  return undefined;
}

/** The password, if any, is no business of a test log. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

let postgresProbe: Promise<string | undefined> | undefined;

/** A PostgreSQL server URL (an administrative database on it) that accepts a query, or undefined. */
export function postgresUrl(): Promise<string | undefined> {
  postgresProbe ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return POSTGRES_TEST_URL;
    } catch (error) {
      return absent('PostgreSQL', POSTGRES_TEST_URL, (error as Error).message || String(error));
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresProbe;
}

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database (closing any connection left to it). */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named, empty database on the server `adminUrl` points at, so every test run starts from
 * nothing and runs in parallel with others. `drop()` removes it.
 */
export async function createTestDatabase(adminUrl: string, prefix = 'eventwire_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createTestDatabase: "${name}" is not a plain lower-case identifier`);
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** DDL on databases cannot take parameters; the names passed here are checked identifiers. */
async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let natsProbe: Promise<string | undefined> | undefined;

/**
 * A NATS server URL that greets a TCP connection with its INFO line, or undefined. (JetStream being enabled is
 * for the queue's own tests to check: this only finds the server.)
 */
export function natsUrl(): Promise<string | undefined> {
  natsProbe ??= new Promise<string | undefined>((resolve, reject) => {
    const { hostname, port } = new URL(NATS_TEST_URL.replace(/^nats:/, 'http:'));
    const socket = connectTcp({ host: hostname, port: Number(port || 4222) });
    let settled = false;
    const settle = (reason?: string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      try {
        resolve(reason === undefined ? NATS_TEST_URL : absent('NATS', NATS_TEST_URL, reason));
      } catch (error) {
        reject(error as Error);
      }
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => settle('no answer within 3 s'));
    socket.once('error', (error) => settle(error.message));
    socket.once('data', (data) => settle(data.toString('latin1').startsWith('INFO ') ? undefined : 'the server did not greet with INFO'));
  });
  return natsProbe;
}
