/**
 * `eventwire feeds add|list|remove|poll` and `eventwire sitemap`: articles from RSS/Atom feeds and sitemaps,
 * fetched under the SSRF guard and ingested through the normal pipeline.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  addFeed,
  collectSitemapPages,
  defaultFeedStatePath,
  fetchSitemapPages,
  loadFeedState,
  pollFeeds,
  removeFeed,
  saveFeedState,
  type FeedPollReport,
  type FeedState,
  type FetchOptions,
} from '../acquire/index.js';
import { loadAttributionFinder } from '../attribution/tools.js';
import type { Connector } from '../connect/index.js';
import { loadEventCoder } from '../events/tools.js';
import { loadLanguageTools } from '../language/tools.js';
import { connectorInStep, openConnector, SnapshotSchedule } from '../pipeline/connect.js';
import { ingestSources, type IngestCounts, type IngestOptions } from '../pipeline/ingest.js';
import { DEFAULT_MAX_BYTES } from '../readers/limits.js';
import type { ReadResult } from '../readers/types.js';
import { defaultDbPath } from '../store/paths.js';
import type { Store } from '../store/types.js';
import { formatStats } from './format.js';

type WithStore = <T>(path: string, run: (store: Store) => Promise<T>) => Promise<T>;

interface FetchCliOptions {
  allowPrivateNetwork?: boolean;
  timeout: number;
  maxBytes: number;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** `15m`, `30s`, `1h`, `500ms`, `1d`; a bare number is seconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const ms = match ? Number(match[1]) * units[match[2] ?? 's']! : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError(`"${value}" is not a duration (like 30s, 15m, 1h)`);
  return ms;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError(`"${value}" is not a date (like 2024-03-01 or 2024-03-01T12:00:00Z)`);
  return date;
}

/** Where the feed state lives: `--state`, else beside an SQLite database, else (PostgreSQL) in the user's data directory. */
function statePath(opts: { db: string; state?: string }): string {
  if (opts.state) return opts.state;
  if (/^postgres(?:ql)?:\/\//i.test(opts.db)) {
    const store = opts.db.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1@');
    return join(dirname(defaultDbPath()), `feeds-${createHash('sha256').update(store).digest('hex').slice(0, 12)}.json`);
  }
  return defaultFeedStatePath(opts.db);
}

/** Applies `change` to the feed state for each URL in turn, then saves the state; returns where it lives. */
function changeFeeds(opts: { db: string; state?: string }, urls: string[], change: (state: FeedState, url: string) => void): string {
  const path = statePath(opts);
  const state = loadFeedState(path);
  for (const url of urls) change(state, url);
  saveFeedState(path, state);
  return path;
}

const stateOption = () => new Option('--state <path>', 'the feed state file (default: <db>.feeds.json)');

function addFetchOptions(command: Command): Command {
  return command
    .option('--allow-private-network', 'also fetch from private, loopback and link-local addresses (refused by default)')
    .addOption(new Option('--timeout <duration>', 'give up on one fetch after this long').argParser(parseDuration).default(30_000, '30s'))
    .addOption(new Option('--max-bytes <n>', 'refuse responses larger than this many bytes').argParser(positiveInt).default(DEFAULT_MAX_BYTES, '20 MiB'));
}

function fetchOptions(opts: FetchCliOptions): FetchOptions {
  return { allowPrivateNetwork: opts.allowPrivateNetwork === true, timeoutMs: opts.timeout, maxBytes: opts.maxBytes };
}

/** The stages `eventwire ingest` runs, loaded once. */
async function pipelineStages(): Promise<Pick<IngestOptions, 'language' | 'attribution' | 'events'>> {
  return { language: loadLanguageTools(), attribution: loadAttributionFinder(), events: await loadEventCoder({ replace: false }) };
}

export function registerFeedCommands(program: Command, dbOption: () => Option, withStore: WithStore): void {
  const feeds = program.command('feeds').description('RSS, Atom and RDF feeds: add them, then poll them for new articles');

  feeds
    .command('add')
    .description('add feeds to poll')
    .argument('<urls...>', 'feed addresses (http or https)')
    .addOption(dbOption())
    .addOption(stateOption())
    .action((urls: string[], opts: { db: string; state?: string }) => {
      const path = changeFeeds(opts, urls, (state, url) => {
        try {
          print(addFeed(state, url) ? `added ${new URL(url).href}` : `already there: ${new URL(url).href}`);
        } catch (error) {
          warn(`eventwire feeds add: ${(error as Error).message}`);
          process.exitCode = 1;
        }
      });
      print(`Feed state: ${path}`);
    });

  feeds
    .command('remove')
    .description('stop polling feeds')
    .argument('<urls...>', 'feed addresses as `feeds list` shows them')
    .addOption(dbOption())
    .addOption(stateOption())
    .action((urls: string[], opts: { db: string; state?: string }) => {
      changeFeeds(opts, urls, (state, url) => {
        if (removeFeed(state, url)) print(`removed ${url}`);
        else {
          warn(`eventwire feeds remove: ${url} is not a polled feed`);
          process.exitCode = 1;
        }
      });
    });

  feeds
    .command('list')
    .description('the feeds polled, with when and how each was last polled')
    .addOption(dbOption())
    .addOption(stateOption())
    .option('--json', 'print the feed records as JSON (without the lists of items seen)')
    .action((opts: { db: string; state?: string; json?: boolean }) => {
      const state = loadFeedState(statePath(opts));
      if (opts.json) {
        print(JSON.stringify(state.feeds.map(({ seen, ...feed }) => ({ ...feed, itemsSeen: seen.length })), null, 2));
        return;
      }
      if (state.feeds.length === 0) print('No feeds yet: add one with `eventwire feeds add URL`.');
      for (const feed of state.feeds) {
        const last = feed.lastPolledAt ? `last polled ${feed.lastPolledAt}: ${feed.lastOutcome ?? ''}` : 'never polled';
        print(`${feed.url}\n    ${last}; ${feed.seen.length} item(s) seen${feed.etag || feed.lastModified ? '; conditional' : ''}${feed.lastError ? `\n    last error: ${feed.lastError}` : ''}`);
      }
    });

  addFetchOptions(
    feeds
      .command('poll')
      .description("fetch the feeds (conditionally: unchanged feeds cost a 304), and ingest new items' pages")
      .addOption(dbOption())
      .addOption(stateOption())
      .addOption(new Option('--once', 'poll once and exit (the default)').conflicts('every'))
      .option('--every <duration>', 'poll again after this long (15m, 1h ...), until interrupted', parseDuration)
      .option('--max-items <n>', 'new items fetched per feed and poll (the rest wait for the next poll)', positiveInt, 200),
  ).action(async (opts: FetchCliOptions & { db: string; state?: string; every?: number; maxItems: number }) => {
    const path = statePath(opts);
    if (loadFeedState(path).feeds.length === 0) {
      warn(`eventwire feeds poll: no feeds in ${path}: add one with \`eventwire feeds add URL\``);
      process.exitCode = 1;
      return;
    }
    await withStore(opts.db, async (store) => {
      const stages = await pipelineStages();
      let connector = await openConnector(store);
      const snapshots = new SnapshotSchedule(connector);
      const stop = new AbortController();
      const interrupt = () => stop.abort();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        for (;;) {
          connector = await connectorInStep(store, connector);
          const failed = await pollRound(store, path, opts, stages, connector);
          await snapshots.save(store, connector, { force: opts.every === undefined });
          if (opts.every === undefined) {
            if (failed) process.exitCode = 1;
            return;
          }
          print(`Next poll in ${Math.round(opts.every / 1000)} s (Ctrl-C to stop).`);
          if (!(await sleep(opts.every, stop.signal))) return;
        }
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    });
  });

  addFetchOptions(
    program
      .command('sitemap')
      .description('ingest the pages a sitemap (or sitemap index, .xml or .xml.gz) lists')
      .argument('<url>', 'the sitemap address')
      .addOption(dbOption())
      .option('--since <date>', 'only pages whose lastmod is at or after this date (pages without one are left out)', parseDate)
      .option('--limit <n>', 'fetch at most this many pages', positiveInt),
  ).action(async (url: string, opts: FetchCliOptions & { db: string; since?: Date; limit?: number }) => {
    const fetch = fetchOptions(opts);
    const collected = await collectSitemapPages(url, { fetch, ...(opts.since ? { since: opts.since } : {}) });
    for (const error of collected.errors) warn(`error: ${error.url}: ${error.message}`);
    const pages = opts.limit === undefined ? collected.pages : collected.pages.slice(0, opts.limit);
    const skipped = opts.since ? ` (left out: ${collected.older} older, ${collected.undated} without a date)` : '';
    print(`Read ${collected.sitemapsRead} sitemap(s): ${collected.pages.length} page(s) listed${skipped}; fetching ${pages.length}.`);
    await withStore(opts.db, async (store) => {
      for (const error of collected.errors) await store.recordInputError(error.url, error.message);
      const connect = await openConnector(store);
      const snapshots = new SnapshotSchedule(connect);
      const counts = await ingestPages(store, fetchSitemapPages(pages, fetch), { ...(await pipelineStages()), connect });
      await snapshots.save(store, connect, { force: true });
      print(formatStats(await store.stats(), counts));
      if (counts.errors > 0 || collected.errors.length > 0) process.exitCode = 1;
    });
  });
}

/** One poll of every feed: ingests the new pages, then saves the state. True when anything failed. */
async function pollRound(
  store: Store,
  path: string,
  opts: FetchCliOptions & { maxItems: number },
  stages: Pick<IngestOptions, 'language' | 'attribution' | 'events'>,
  connect: Connector,
): Promise<boolean> {
  // Read again each round: `feeds add` may have run meanwhile.
  const state = loadFeedState(path);
  const reports: FeedPollReport[] = [];
  const results = pollFeeds(state, {
    fetch: fetchOptions(opts),
    maxItemsPerFeed: opts.maxItems,
    onFeed: (report) => {
      reports.push(report);
      print(describeReport(report));
    },
  });
  const counts = await ingestPages(store, results, { ...stages, connect });
  for (const report of reports) if (report.error) await store.recordInputError(report.url, report.error);
  // Saved only now that what was fetched is stored: a crash before this polls the same items again.
  saveFeedState(path, state);
  print(formatStats(await store.stats(), counts));
  return counts.errors > 0 || reports.some((report) => report.outcome === 'error');
}

function describeReport(report: FeedPollReport): string {
  if (report.outcome === 'not-modified') return `${report.url}: not modified`;
  if (report.outcome === 'error') return `${report.url}: error: ${report.error}`;
  return `${report.url}: ${report.newItems} new item(s), ${report.pagesRead} read, ${report.pagesFailed} failed`;
}

async function ingestPages(store: Store, results: AsyncIterable<ReadResult>, options: IngestOptions): Promise<IngestCounts> {
  return ingestSources(results, store, { ...options, onError: (uri, message) => warn(`error: ${uri}: ${message}`) });
}

/** Waits; false when interrupted. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
