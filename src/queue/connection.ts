import { hostname } from 'node:os';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { millis, nanos, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { queueNames, type QueueNames } from './names.js';

/** How the queue behaves; shared by every worker, so it lives in the server's consumer and stream configs. */
export interface QueueSettings {
  /**
   * How long a delivered message may stay unacknowledged before the server hands it to another worker: the
   * time a killed worker's batch waits before it is redone. Workers extend it while they are busy.
   */
  ackWaitMs: number;
  /** Deliveries of one message before it goes to the dead letters (first attempt included). */
  maxAttempts: number;
  /** Within this window, a message published again with the same message id is dropped by the server. */
  duplicateWindowMs: number;
}

export const DEFAULT_QUEUE_SETTINGS: Readonly<QueueSettings> = {
  ackWaitMs: 30_000,
  maxAttempts: 4,
  duplicateWindowMs: 2 * 60_000,
};

/** An open connection to one queue: the NATS connection, its JetStream clients and the queue's names. */
export interface QueueConnection {
  readonly url: string;
  readonly names: QueueNames;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** Largest message the server accepts, in bytes. */
  readonly maxPayload: number;
  /** Flushes what is buffered (acks included) and closes. */
  close(): Promise<void>;
}

export interface OpenQueueOptions {
  /** Queue name the stream, consumer and subject names derive from (`EVENTWIRE`). */
  queue?: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  role?: string;
  /** A worker keeps reconnecting while the server restarts; a one-shot command gives up. */
  reconnectForever?: boolean;
  /** Give up connecting after this long. */
  connectTimeoutMs?: number;
}

/** Connects to the NATS server at `url` with JetStream; the error names the URL and what to check. */
export async function openQueue(url: string, options: OpenQueueOptions = {}): Promise<QueueConnection> {
  const names = queueNames(options.queue);
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: url,
      name: `eventwire ${options.role ?? 'client'} ${hostname()}:${process.pid}`,
      timeout: options.connectTimeoutMs ?? 5_000,
      maxReconnectAttempts: options.reconnectForever ? -1 : 10,
    });
  } catch (error) {
    throw new Error(`cannot reach the NATS server at ${url}: ${messageOf(error)} (is nats-server running, with JetStream enabled by -js?)`, {
      cause: error,
    });
  }
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    return {
      url,
      names,
      nc,
      js,
      jsm,
      maxPayload: nc.info?.max_payload ?? 1024 * 1024,
      close: async () => {
        if (!nc.isClosed()) await nc.drain();
      },
    };
  } catch (error) {
    await nc.close();
    throw new Error(`the NATS server at ${url} has no JetStream: ${messageOf(error)} (start nats-server with -js)`, { cause: error });
  }
}

/**
 * Creates what is missing: the work-queue stream (on disk; a message is removed once a worker acks it), the
 * dead-letter stream, and the durable pull consumer every worker shares. Settings given here are applied to
 * what already exists when they differ; settings left out keep what the server has (or the defaults, for what
 * is created now). Returns the settings in force.
 */
export async function ensureQueue(queue: QueueConnection, settings: Partial<QueueSettings> = {}): Promise<QueueSettings> {
  const { jsm, names } = queue;
  const stream = await ensureStream(jsm, names.stream, {
    subjects: [names.subject],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(settings.duplicateWindowMs ?? DEFAULT_QUEUE_SETTINGS.duplicateWindowMs),
  });
  if (settings.duplicateWindowMs !== undefined && millis(stream.config.duplicate_window ?? 0) !== settings.duplicateWindowMs) {
    await jsm.streams.update(names.stream, { duplicate_window: nanos(settings.duplicateWindowMs) });
  }
  await ensureStream(jsm, names.deadStream, {
    subjects: [names.deadSubject, names.maxDeliveriesAdvisory],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    // Dead letters are kept until someone retries or removes them; the window only folds a letter written
    // twice (a worker killed between writing it and terminating the message).
    duplicate_window: nanos(DEFAULT_QUEUE_SETTINGS.duplicateWindowMs),
  });

  let consumer = await consumerInfo(jsm, names);
  if (!consumer) {
    try {
      consumer = await jsm.consumers.add(names.stream, {
        durable_name: names.consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(settings.ackWaitMs ?? DEFAULT_QUEUE_SETTINGS.ackWaitMs),
        max_deliver: settings.maxAttempts ?? DEFAULT_QUEUE_SETTINGS.maxAttempts,
        // Room for many workers' batches in flight at once.
        max_ack_pending: 20_000,
      });
    } catch (error) {
      // Another process created it first: take theirs.
      consumer = await consumerInfo(jsm, names);
      if (!consumer) throw error;
    }
  }
  const update: { ack_wait?: number; max_deliver?: number } = {};
  if (settings.ackWaitMs !== undefined && millis(consumer.config.ack_wait ?? 0) !== settings.ackWaitMs) update.ack_wait = nanos(settings.ackWaitMs);
  if (settings.maxAttempts !== undefined && consumer.config.max_deliver !== settings.maxAttempts) update.max_deliver = settings.maxAttempts;
  if (Object.keys(update).length > 0) consumer = await jsm.consumers.update(names.stream, names.consumer, update);
  return settingsOf(consumer, (await jsm.streams.info(names.stream)).config.duplicate_window);
}

/** The settings in force, without changing anything; undefined when the queue does not exist yet. */
export async function queueSettings(queue: QueueConnection): Promise<QueueSettings | undefined> {
  const consumer = await consumerInfo(queue.jsm, queue.names);
  const stream = await streamInfo(queue.jsm, queue.names.stream);
  return consumer && stream ? settingsOf(consumer, stream.config.duplicate_window) : undefined;
}

/** Deletes the queue's streams (and with them its consumer, messages and dead letters). For tests and teardown. */
export async function deleteQueue(queue: QueueConnection): Promise<void> {
  for (const stream of [queue.names.stream, queue.names.deadStream]) {
    if (await streamInfo(queue.jsm, stream)) await queue.jsm.streams.delete(stream);
  }
}

export async function streamInfo(jsm: JetStreamManager, stream: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(stream);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  }
}

export async function consumerInfo(jsm: JetStreamManager, names: QueueNames): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(names.stream, names.consumer);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.ConsumerNotFound) || isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  }
}

async function ensureStream(jsm: JetStreamManager, name: string, config: Omit<Partial<StreamConfig>, 'name'>): Promise<StreamInfo> {
  const existing = await streamInfo(jsm, name);
  if (existing) return existing;
  try {
    return await jsm.streams.add({ name, ...config });
  } catch (error) {
    const raced = await streamInfo(jsm, name);
    if (raced) return raced;
    throw error;
  }
}

function settingsOf(consumer: ConsumerInfo, duplicateWindow: number | undefined): QueueSettings {
  return {
    ackWaitMs: millis(consumer.config.ack_wait ?? nanos(DEFAULT_QUEUE_SETTINGS.ackWaitMs)),
    maxAttempts: consumer.config.max_deliver ?? DEFAULT_QUEUE_SETTINGS.maxAttempts,
    duplicateWindowMs: millis(duplicateWindow ?? nanos(DEFAULT_QUEUE_SETTINGS.duplicateWindowMs)),
  };
}

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
