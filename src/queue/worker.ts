import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import type { SourceText } from '../readers/types.js';
import type { ArticleRecord, IngestOutcome, IngestStatus, Store } from '../store/types.js';
import { analyseSource, type StageTools } from './analyse.js';
import { messageOf, queueSettings, type QueueConnection } from './connection.js';
import { deadLetterFor, publishDeadLetter, queueStatus } from './dead.js';
import { articleMessage, decodeArticleMessage, PermanentError, type DeadLetter, type FailureStage } from './messages.js';

export const DEFAULT_BATCH_SIZE = 50;
/** Delays before the 2nd, 3rd, 4th ... attempt of a failed message; the last one repeats. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1_000, 5_000, 30_000];
/** How long an idle worker's pull request waits for messages before it asks again. */
const DEFAULT_FETCH_WAIT_MS = 2_000;

export interface WorkerOptions {
  /** Where the articles go; each batch is one `Store.ingest` call, one transaction. */
  store: Store;
  tools?: StageTools;
  /** Messages pulled and stored together. */
  batchSize?: number;
  backoffMs?: readonly number[];
  fetchWaitMs?: number;
  /** Aborting stops the worker after the batch in hand is stored and acknowledged. */
  signal?: AbortSignal;
  /** Return once nothing is pending or in flight (a batch job) instead of waiting for more. */
  untilEmpty?: boolean;
  onBatch?: (batch: Readonly<WorkerCounts>, totals: Readonly<WorkerCounts>) => void;
  onRetry?: (uri: string, attempt: number, delayMs: number, error: string) => void;
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Problems that do not fail a message (an input error the store could not record, a lost connection). */
  onWarning?: (message: string) => void;
}

export interface WorkerCounts {
  batches: number;
  /** Messages handled: stored and acknowledged, retried, or dead-lettered. */
  messages: number;
  /** Articles stored (a message may hold several glued articles), whatever the store made of them. */
  articles: number;
  inserted: number;
  unchanged: number;
  newVersions: number;
  reanalysed: number;
  /** Failed deliveries given back for a later attempt. */
  retried: number;
  deadLettered: number;
}

const emptyCounts = (): WorkerCounts => ({ batches: 0, messages: 0, articles: 0, inserted: 0, unchanged: 0, newVersions: 0, reanalysed: 0, retried: 0, deadLettered: 0 });

const TALLY: Record<IngestStatus, keyof WorkerCounts> = { inserted: 'inserted', unchanged: 'unchanged', 'new-version': 'newVersions', reanalysed: 'reanalysed' };

/** A message of the batch on its way through: its source and its records once analysed. */
interface Item {
  msg: JsMsg;
  source: SourceText;
  records: ArticleRecord[];
  warnings: { uri: string; message: string }[];
}

/**
 * Pulls batches from the queue's shared durable consumer, runs the per-article stages, stores each batch in one
 * transaction and only then acknowledges its messages. A worker killed at any point loses nothing: what it
 * had not acknowledged is delivered again after the ack wait, and the store takes a text it already has as
 * unchanged, so nothing is stored twice.
 *
 * Failures: bad input (`PermanentError`) goes to the dead letters at once; anything else (a store that is
 * locked or unreachable, an analysis that throws) is given back with a growing delay, and goes to the dead
 * letters with its error when its last attempt fails.
 */
export async function runWorker(queue: QueueConnection, options: WorkerOptions): Promise<WorkerCounts> {
  const settings = await queueSettings(queue);
  if (!settings) throw new Error(`queue ${queue.names.queue} does not exist on ${queue.url}: enqueue something first, or create it (eventwire worker creates it)`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const backoff = options.backoffMs && options.backoffMs.length > 0 ? options.backoffMs : DEFAULT_BACKOFF_MS;
  const tools = options.tools ?? {};
  const totals = emptyCounts();
  const consumer = await queue.js.consumers.get(queue.names.stream, queue.names.consumer);

  const retryOrBury = async (item: { msg: JsMsg; source?: SourceText }, error: unknown, stage: FailureStage, counts: WorkerCounts): Promise<void> => {
    const { msg } = item;
    const text = messageOf(error);
    const permanent = error instanceof PermanentError;
    const attempt = msg.info.deliveryCount;
    if (permanent || attempt >= settings.maxAttempts) {
      const letter = deadLetterFor(msg, text, stage, permanent, item.source ? articleMessage(item.source) : undefined);
      try {
        await publishDeadLetter(queue, letter, `dead:${msg.info.stream}:${msg.seq}`);
      } catch (publishError) {
        // Without its letter the message must not be dropped: give it back instead.
        options.onWarning?.(`could not write the dead letter for ${letter.uri} (${messageOf(publishError)}); it will be delivered again`);
        msg.nak(backoff[backoff.length - 1]);
        counts.retried++;
        return;
      }
      // No reason string: servers before 2.11 take `+TERM <reason>` for no acknowledgement at all.
      msg.term();
      counts.deadLettered++;
      options.onDeadLetter?.(letter);
      return;
    }
    const delay = backoff[Math.min(attempt - 1, backoff.length - 1)]!;
    msg.nak(delay);
    counts.retried++;
    options.onRetry?.(item.source?.uri ?? `${msg.info.stream} message ${msg.seq}`, attempt, delay, text);
  };

  const processBatch = async (msgs: JsMsg[]): Promise<WorkerCounts> => {
    const counts = emptyCounts();
    counts.batches = 1;
    counts.messages = msgs.length;
    const items: Item[] = [];
    // Long analyses keep their messages: the server would hand them to another worker after the ack wait.
    let touched = Date.now();
    const keepAlive = (): void => {
      if (Date.now() - touched < settings.ackWaitMs / 3) return;
      for (const m of msgs) m.working();
      touched = Date.now();
    };
    for (const msg of msgs) {
      keepAlive();
      let source: SourceText;
      try {
        source = decodeArticleMessage(msg.data);
      } catch (error) {
        await retryOrBury({ msg }, error, 'decode', counts);
        continue;
      }
      try {
        const analysed = analyseSource(source, tools);
        if (analysed.records.length === 0) throw new PermanentError('cleaning found no article in the text');
        items.push({ msg, source, ...analysed });
      } catch (error) {
        await retryOrBury({ msg, source }, error, 'analyse', counts);
      }
    }
    keepAlive();
    await storeItems(items, counts);
    return counts;
  };

  const acknowledge = (item: Item, outcomes: IngestOutcome[], counts: WorkerCounts): void => {
    item.msg.ack();
    counts.articles += outcomes.length;
    for (const outcome of outcomes) counts[TALLY[outcome.status]]++;
  };

  const storeItems = async (items: Item[], counts: WorkerCounts): Promise<void> => {
    if (items.length === 0) return;
    try {
      const outcomes = await options.store.ingest(items.flatMap((item) => item.records));
      let at = 0;
      for (const item of items) {
        acknowledge(item, outcomes.slice(at, at + item.records.length), counts);
        at += item.records.length;
      }
    } catch (error) {
      if (items.length === 1 || isStoreUnavailable(error)) {
        for (const item of items) await retryOrBury(item, error, 'store', counts);
      } else {
        // One record the store refuses must not hold back the rest of the batch: each message on its own.
        for (const item of items) {
          try {
            acknowledge(item, await options.store.ingest(item.records), counts);
          } catch (itemError) {
            await retryOrBury(item, itemError, 'store', counts);
          }
        }
      }
    }
    // Acks leave now rather than with the next batch: what is committed is acknowledged promptly.
    await queue.nc.flush().catch(() => undefined);
    for (const item of items) {
      for (const warning of item.warnings) {
        await options.store.recordInputError(warning.uri, warning.message).catch((error: unknown) => options.onWarning?.(`could not record "${warning.message}" for ${warning.uri}: ${messageOf(error)}`));
      }
    }
  };

  while (!options.signal?.aborted) {
    let msgs: JsMsg[];
    try {
      msgs = await fetchBatch(consumer, batchSize, options.fetchWaitMs ?? DEFAULT_FETCH_WAIT_MS);
    } catch (error) {
      if (options.signal?.aborted) break;
      options.onWarning?.(`could not pull from ${queue.names.stream}: ${messageOf(error)}; trying again`);
      await sleep(1_000);
      continue;
    }
    if (msgs.length === 0) {
      if (options.untilEmpty) {
        const status = await queueStatus(queue);
        if (status.pending === 0 && status.inFlight === 0) break;
      }
      continue;
    }
    const counts = await processBatch(msgs);
    for (const key of Object.keys(totals) as (keyof WorkerCounts)[]) totals[key] += counts[key];
    options.onBatch?.(counts, totals);
  }
  return totals;
}

/** Up to `size` messages: returns when the batch is full or after `waitMs`. */
async function fetchBatch(consumer: Consumer, size: number, waitMs: number): Promise<JsMsg[]> {
  const msgs: JsMsg[] = [];
  const delivered = await consumer.fetch({ max_messages: size, expires: Math.max(1_000, waitMs) });
  for await (const msg of delivered) msgs.push(msg);
  return msgs;
}

/** Error codes that say the store cannot be written right now, whatever the records: SQLite's and PostgreSQL's. */
const UNAVAILABLE_CODES = /^(SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|PROTOCOL)|E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|NOTFOUND|AI_AGAIN)|08\w{3}|57P0\d|53\w{3}|40001|40P01)/;

/**
 * Whether a store error is about the store rather than the records (locked, unreachable, full, a serialization
 * conflict): then the whole batch is given back for a later attempt instead of being tried message by message.
 */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    if (/database is locked|connection terminated|connect ECONNREFUSED/i.test(e.message)) return true;
  }
  return false;
}
