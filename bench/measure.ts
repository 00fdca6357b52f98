/**
 * What the benches measure besides wall time: CPU seconds (this process's, and a local PostgreSQL server's
 * backends'), peak resident memory, and scratch PostgreSQL databases. CPU time is what a loaded machine distorts
 * least, and on one machine the database's share is taken from the pipeline.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

export const DEFAULT_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** CPU seconds this process has used. */
export function processCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The machine's load averages (1, 5 and 15 minutes), as /proc prints them. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Peak and current resident memory of a process, in MiB, from /proc (Linux); undefined elsewhere. */
export function residentMemory(pid: number): { peakMiB: number; currentMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const peak = kib('VmHWM');
    const current = kib('VmRSS');
    return Number.isNaN(peak) ? undefined : { peakMiB: peak / 1024, currentMiB: current / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples this process's resident memory until stopped, returning the largest seen (from its own start, not the process's). */
export function rssSampler(everyMs = 100): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CPU seconds the server's backends for `database` have used, by pid (empty when /proc cannot show them). */
export async function backendCpu(adminUrl: string, database: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
    const ticks = 100; // USER_HZ on Linux
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        out.set(pid, (Number(fields[11]) + Number(fields[12])) / ticks);
      } catch {
        // Not on this machine, or gone: nothing to count.
      }
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The size on disk of a database on the server at `adminUrl`, in bytes. */
export async function databaseSize(adminUrl: string, database: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ size: string }>('SELECT pg_database_size($1) AS size', [database]);
    return Number(rows[0]!.size);
  } finally {
    await client.end();
  }
}

/** The CPU seconds backends gained between two `backendCpu` readings (null when none could be read). */
export function backendCpuSpent(before: Map<number, number>, after: Map<number, number>): number | null {
  if (after.size === 0) return null;
  let spent = 0;
  for (const [pid, used] of after) spent += used - (before.get(pid) ?? 0);
  return spent;
}

/** A database of the bench's own on the server at `adminUrl`, dropped after `use`. */
export async function withPostgresDatabase<T>(adminUrl: string, use: (url: string, name: string) => Promise<T>): Promise<T> {
  const name = `eventwire_bench_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // A bench stopped with Ctrl-C or kill leaves no database behind either.
  const stop = (signal: NodeJS.Signals): void => {
    void admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    return await use(url.toString(), name);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
