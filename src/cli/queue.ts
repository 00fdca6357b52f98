import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { InputFormat } from '../document/types.js';
import { loadAttributionFinder } from '../attribution/tools.js';
import { loadEventCoder } from '../events/tools.js';
import { loadLanguageTools } from '../language/tools.js';
import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_BATCH_SIZE,
  DEFAULT_QUEUE_NAME,
  deadLetters,
  enqueueInputs,
  ensureQueue,
  followConnections,
  openQueue,
  queueStatus,
  retryDeadLetters,
  runWorker,
  type QueueConnection,
  type QueueSettings,
  type WorkerCounts,
} from '../queue/index.js';
import { describePostgresUrl, isPostgresUrl } from '../store/postgres.js';
import type { Store } from '../store/types.js';

type WithStore = <T>(path: string, run: (store: Store) => Promise<T>) => Promise<T>;

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

/** `30`, `30s`, `500ms`, `2m` → milliseconds (a bare number is seconds). */
export function durationMs(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError(`"${value}" is not a duration: give seconds (30), or 500ms, 30s, 2m`);
  const ms = Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1_000);
  if (!(ms > 0)) throw new InvalidArgumentError(`"${value}" must be longer than zero`);
  return Math.round(ms);
}

function durationList(value: string): number[] {
  return value.split(',').map((part) => durationMs(part));
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/** Commands that only make sense with a queue read EVENTWIRE_QUEUE; `ingest` does not, or it would stop storing. */
const queueUrlOption = (): Option =>
  new Option('--queue <url>', 'NATS server with JetStream, e.g. nats://127.0.0.1:4222').env('EVENTWIRE_QUEUE').makeOptionMandatory();
const queueNameOption = (): Option =>
  new Option('--queue-name <name>', 'queue name: streams <name>_ARTICLES and <name>_DEAD, consumer <name>_WORKERS').default(DEFAULT_QUEUE_NAME);

async function withQueue<T>(url: string, name: string, role: string, run: (queue: QueueConnection) => Promise<T>, reconnectForever = false): Promise<T> {
  const queue = await openQueue(url, { queue: name, role, reconnectForever });
  try {
    return await run(queue);
  } finally {
    await queue.close();
  }
}

interface EnqueueCliOptions {
  queue: string;
  queueName: string;
  format?: InputFormat;
  maxBytes: number;
}

/** `ingest --queue`: read the inputs and enqueue them instead of storing them. */
async function runEnqueue(inputs: string[], opts: EnqueueCliOptions): Promise<void> {
  await withQueue(opts.queue, opts.queueName, 'enqueue', async (queue) => {
    await ensureQueue(queue);
    const counts = await enqueueInputs(inputs, queue, {
      read: { maxBytes: opts.maxBytes, ...(opts.format ? { format: opts.format } : {}) },
      onError: (uri, message) => process.stderr.write(`error: ${uri}: ${message}\n`),
    });
    print(
      `Enqueued ${counts.enqueued} of ${counts.inputs} input${counts.inputs === 1 ? '' : 's'} to ${queue.names.stream} at ${queue.url}` +
        (counts.duplicates ? `; ${counts.duplicates} dropped as already enqueued (same text within the deduplication window)` : '') +
        (counts.failed ? `; ${counts.failed} failed (listed by: eventwire queue dead --queue ${queue.url})` : ''),
    );
    if (counts.failed > 0) process.exitCode = 1;
  });
}

/**
 * `ingest --queue URL`: the issue's interface for enqueueing. The ingest command is defined in program.ts; the
 * option is added here and, when given, the command's action is swapped for the enqueuer before it runs
 * (commander reads the action handler when it calls it, after the preAction hooks).
 */
function addQueueToIngest(program: Command): void {
  const ingest = program.commands.find((c) => c.name() === 'ingest');
  if (!ingest) throw new Error('registerQueueCommands: register it after the ingest command, which it extends with --queue');
  ingest
    .addOption(new Option('--queue <url>', 'enqueue the inputs on this NATS JetStream server for `eventwire worker`s, instead of storing them'))
    .addOption(queueNameOption());
  ingest.hook('preAction', (command) => {
    const opts = command.opts<EnqueueCliOptions & Record<string, unknown>>();
    if (!opts.queue) return;
    // Options about storing have no effect when enqueueing: workers store (eventwire worker --db ...).
    const storeOnly = ['db', 'batchSize', 'dictionaries', 'onlyDictionaries'].filter((name) => command.getOptionValueSource(name) === 'cli');
    if (storeOnly.length > 0) {
      command.error(`eventwire ingest: --${storeOnly.map((n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', --')} cannot be used with --queue: workers store and analyse (eventwire worker --db ... --dictionaries ...)`);
    }
    command.action((inputs: string[]) => runEnqueue(inputs, opts));
  });
}

interface WorkerCliOptions {
  queue: string;
  queueName: string;
  db: string;
  batchSize: number;
  ackWait?: number;
  maxAttempts?: number;
  backoff?: number[];
  dictionaries?: string[];
  onlyDictionaries?: boolean;
  reportEvery: number;
  untilEmpty?: boolean;
}

function describeCounts(c: Readonly<WorkerCounts>): string {
  const stored = `${c.articles} article${c.articles === 1 ? '' : 's'} stored (${c.inserted} new, ${c.unchanged} unchanged${c.newVersions ? `, ${c.newVersions} new versions` : ''}${c.reanalysed ? `, ${c.reanalysed} re-analysed` : ''})`;
  return `${stored}; ${c.retried} retried, ${c.deadLettered} dead-lettered`;
}

async function runWorkerCommand(withStore: WithStore, opts: WorkerCliOptions, command: Command): Promise<void> {
  const given = (name: string): boolean => command.getOptionValueSource(name) === 'cli' || command.getOptionValueSource(name) === 'env';
  // Settings live on the server and are shared: a worker changes them only when told to.
  const wanted: Partial<QueueSettings> = {
    ...(given('ackWait') && opts.ackWait !== undefined ? { ackWaitMs: opts.ackWait } : {}),
    ...(given('maxAttempts') && opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
  };
  const tools = {
    language: loadLanguageTools(),
    attribution: loadAttributionFinder(),
    events: await loadEventCoder({ ...(opts.dictionaries ? { dictionaries: opts.dictionaries } : {}), replace: opts.onlyDictionaries === true }),
  };
  await withQueue(
    opts.queue,
    opts.queueName,
    'worker',
    async (queue) => {
      const settings = await ensureQueue(queue, wanted);
      const stop = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) {
          process.stderr.write(`worker: ${signal}: finishing the batch in hand, then stopping (again to stop at once; unacknowledged messages are redelivered)\n`);
          stop.abort();
        } else {
          process.exit(130);
        }
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      await withStore(opts.db, async (store) => {
        const started = Date.now();
        let lastAt = started;
        let lastArticles = 0;
        let totals: Readonly<WorkerCounts> | undefined;
        const report = (): void => {
          const now = Date.now();
          const articles = totals?.articles ?? 0;
          const recent = ((articles - lastArticles) * 1000) / Math.max(1, now - lastAt);
          const overall = (articles * 1000) / Math.max(1, now - started);
          print(`worker: ${totals ? describeCounts(totals) : '0 articles stored'}; ${recent.toFixed(1)} articles/s over the last ${seconds(now - lastAt)}, ${overall.toFixed(1)}/s since start`);
          lastAt = now;
          lastArticles = articles;
        };
        const timer = setInterval(report, opts.reportEvery);
        print(
          `worker ready: queue ${queue.names.stream} at ${queue.url}, store ${isPostgresUrl(opts.db) ? describePostgresUrl(opts.db) : opts.db}; batches of ${opts.batchSize}, ack wait ${seconds(settings.ackWaitMs)}, ` +
            `${settings.maxAttempts} attempts, retries after ${(opts.backoff ?? DEFAULT_BACKOFF_MS).map(seconds).join(', ')}`,
        );
        try {
          totals = await runWorker(queue, {
            store,
            tools,
            batchSize: opts.batchSize,
            ...(opts.backoff ? { backoffMs: opts.backoff } : {}),
            signal: stop.signal,
            ...(opts.untilEmpty ? { untilEmpty: true } : {}),
            onBatch: (_batch, all) => (totals = all),
            onRetry: (uri, attempt, delay, error) => process.stderr.write(`retry: ${uri}: attempt ${attempt} failed (${error}); again in ${seconds(delay)}\n`),
            onDeadLetter: (letter) => process.stderr.write(`dead letter: ${letter.uri}: ${letter.error} (${letter.stage}, after ${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'})\n`),
            onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
          });
        } finally {
          clearInterval(timer);
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
        const elapsed = Date.now() - started;
        const peakRss = process.resourceUsage().maxRSS / 1024;
        print(`worker stopped: ${describeCounts(totals)} in ${seconds(elapsed)} (${((totals.articles * 1000) / Math.max(1, elapsed)).toFixed(1)} articles/s); peak RSS ${peakRss.toFixed(0)} MiB`);
      });
    },
    true,
  );
}

/** `worker`, `queue status|dead|retry-dead`, and `--queue` on `ingest`. */
export function registerQueueCommands(program: Command, dbOption: () => Option, withStore: WithStore): void {
  addQueueToIngest(program);

  program
    .command('worker')
    .description('process articles from the queue: clean, analyse, store each batch in one transaction, then acknowledge (run any number, anywhere)')
    .addOption(queueUrlOption())
    .addOption(queueNameOption())
    .addOption(dbOption())
    .option('--batch-size <n>', 'messages pulled and stored per transaction', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--ack-wait <duration>', 'unacknowledged messages go to another worker after this long (sets it on the server; default 30 s)', durationMs)
    .option('--max-attempts <n>', 'deliveries before a failing message becomes a dead letter (sets it on the server; default 4)', positiveInt)
    .option('--backoff <durations>', 'delays before each retry of a failed message, the last repeating', durationList)
    .option('--dictionaries <paths...>', 'PETRARCH-format dictionary files or directories for event coding, used with the built-in ones (theirs first)')
    .option('--only-dictionaries', 'each kind of dictionary given replaces the built-in one instead')
    .addOption(new Option('--report-every <duration>', 'print throughput this often').argParser(durationMs).default(10_000, '10 s'))
    .option('--until-empty', 'stop once nothing is pending or in flight, instead of waiting for more')
    .action((opts: WorkerCliOptions, command: Command) => runWorkerCommand(withStore, opts, command));

  const queue = program.command('queue').description('the ingest queue: its state, and its dead letters');

  queue
    .command('status')
    .description('messages pending, in flight, redelivered, and dead-lettered')
    .addOption(queueUrlOption())
    .addOption(queueNameOption())
    .option('--json', 'print JSON')
    .action(async (opts: { queue: string; queueName: string; json?: boolean }) => {
      await withQueue(opts.queue, opts.queueName, 'status', async (q) => {
        const status = await queueStatus(q);
        if (opts.json) {
          print(JSON.stringify({ queue: q.names.queue, stream: q.names.stream, url: q.url, ...status }, null, 2));
          return;
        }
        if (!status.exists) {
          print(`No queue ${q.names.queue} at ${q.url} yet: eventwire ingest --queue ${q.url} <inputs> creates it.`);
          return;
        }
        print(`Queue ${q.names.stream} at ${q.url}`);
        print(`  pending (not delivered yet)      ${status.pending}`);
        print(`  in flight (delivered, not acked) ${status.inFlight}`);
        print(`  redelivered (of those in flight) ${status.redelivered}`);
        print(`  dead letters                     ${status.dead}${status.dead ? `  (eventwire queue dead --queue ${q.url})` : ''}`);
        print(`  workers waiting for work         ${status.waitingWorkers}`);
        if (status.settings) {
          print(`  ack wait ${seconds(status.settings.ackWaitMs)}, ${status.settings.maxAttempts} attempts, deduplication window ${seconds(status.settings.duplicateWindowMs)}`);
        }
      });
    });

  queue
    .command('dead')
    .description('dead letters, oldest first, each with its error')
    .addOption(queueUrlOption())
    .addOption(queueNameOption())
    .option('--limit <n>', 'at most this many', positiveInt)
    .option('--json', 'print JSON')
    .action(async (opts: { queue: string; queueName: string; limit?: number; json?: boolean }) => {
      await withQueue(opts.queue, opts.queueName, 'dead', async (q) => {
        const entries = [];
        for await (const { entry } of deadLetters(q)) {
          entries.push(entry);
          if (opts.limit !== undefined && entries.length >= opts.limit) break;
        }
        if (opts.json) {
          print(JSON.stringify(entries, null, 2));
          return;
        }
        if (entries.length === 0) {
          print('No dead letters.');
          return;
        }
        for (const e of entries) {
          print(`#${e.seq} ${e.time}  ${e.uri}`);
          print(`    ${e.stage}, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}, ${e.permanent ? 'bad input (not retried)' : 'retries used up'}${e.retryable ? '' : ', cannot be retried from here'}: ${e.error}`);
        }
      });
    });

  queue
    .command('retry-dead')
    .description('enqueue the dead letters again (those that hold their article) and remove them from the dead letters')
    .addOption(queueUrlOption())
    .addOption(queueNameOption())
    .option('--uri <text>', 'only dead letters whose input name contains this')
    .action(async (opts: { queue: string; queueName: string; uri?: string }) => {
      await withQueue(opts.queue, opts.queueName, 'retry-dead', async (q) => {
        const result = await retryDeadLetters(q, opts.uri !== undefined ? { uri: opts.uri } : {});
        print(`Enqueued ${result.retried} dead letter${result.retried === 1 ? '' : 's'} again.`);
        for (const e of result.skipped) print(`  left: #${e.seq} ${e.uri}: ${e.error} (no article to enqueue: fix the input and enqueue it again)`);
      });
    });
}

/** `connect --follow`: connects what workers store until SIGTERM/SIGINT (the round in hand finishes first). */
export async function followConnectCommand(store: Store, pollMs: number): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  print(`connect: following the store; connecting articles as they are stored (run exactly one per store)`);
  try {
    const total = await followConnections(store, {
      pollMs,
      signal: stop.signal,
      onConnected: (round, all) => print(`connect: ${round} article${round === 1 ? '' : 's'} connected (${all} in all)`),
    });
    print(`connect: stopped after connecting ${total} article${total === 1 ? '' : 's'}.`);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
