import { hostname } from 'node:os';
import type { JsMsg } from '@nats-io/jetstream';
import { consumerInfo, queueSettings, streamInfo, type QueueConnection, type QueueSettings } from './connection.js';
import { articleMessageId, encodeJson, type ArticleMessage, type DeadLetter, type FailureStage } from './messages.js';

/** `host:pid`, naming the process that wrote a dead letter. */
export function processName(): string {
  return `${hostname()}:${process.pid}`;
}

/** Room for the subject and headers next to the payload, under the server's max_payload. */
const HEADER_ROOM = 512;

/**
 * Writes a dead letter and waits for the server to have it on disk. `id` deduplicates: a worker killed between
 * writing the letter and terminating the message writes the same letter again on the redelivery, and the
 * server keeps one.
 */
export async function publishDeadLetter(queue: QueueConnection, letter: DeadLetter, id: string): Promise<void> {
  let payload = encodeJson(letter);
  if (payload.length + HEADER_ROOM > queue.maxPayload) {
    // The letter must get through even when the article it carries filled a message on its own.
    const { message: _message, raw: _raw, ...rest } = letter;
    payload = encodeJson({ ...rest, error: `${letter.error} (the article was too large to keep with this letter: enqueue its input again once fixed)` });
  }
  await queue.js.publish(queue.names.deadSubject, payload, { msgID: id });
}

/** The dead letter for a work message that failed for good. */
export function deadLetterFor(msg: JsMsg, error: string, stage: FailureStage, permanent: boolean, message?: ArticleMessage): DeadLetter {
  return {
    uri: message?.uri ?? uriOf(msg.data) ?? `${msg.info.stream} message ${msg.seq}`,
    error,
    stage,
    attempts: msg.info.deliveryCount,
    permanent,
    failedAt: new Date().toISOString(),
    by: processName(),
    ...(message ? { message } : { raw: Buffer.from(msg.data.subarray(0, 4096)).toString('base64') }),
  };
}

/** A dead letter as listed: a worker's or the enqueuer's letter, or the server's delivery-limit advisory. */
export interface DeadEntry {
  /** Sequence in the dead-letter stream. */
  seq: number;
  /** When it was written (ISO 8601). */
  time: string;
  uri: string;
  error: string;
  /** `delivery`: the server gave up after the delivery limit without any worker reporting a failure. */
  stage: FailureStage | 'delivery';
  attempts: number;
  permanent: boolean;
  /** Whether `retry-dead` can enqueue it again (it has the article). */
  retryable: boolean;
  by?: string;
  /** For `delivery`: the message's sequence in the work stream, where it still sits. */
  workSequence?: number;
}

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/** Every dead letter, oldest first, with the article it holds (for `retry-dead`). */
export async function* deadLetters(queue: QueueConnection): AsyncGenerator<{ entry: DeadEntry; message?: ArticleMessage }> {
  const info = await streamInfo(queue.jsm, queue.names.deadStream);
  if (!info || info.state.messages === 0) return;
  // An ordered consumer reads the stream once, in order, without disturbing it.
  const reader = await queue.js.consumers.get(queue.names.deadStream);
  const messages = await reader.consume();
  try {
    for await (const msg of messages) {
      yield await readDeadMessage(queue, msg);
      if (msg.info.pending === 0) break;
    }
  } finally {
    messages.stop();
  }
}

async function readDeadMessage(queue: QueueConnection, msg: JsMsg): Promise<{ entry: DeadEntry; message?: ArticleMessage }> {
  const base = { seq: msg.seq, time: msg.time.toISOString() };
  let body: unknown;
  try {
    body = msg.json();
  } catch {
    return { entry: { ...base, uri: '?', error: 'unreadable dead letter', stage: 'decode', attempts: 0, permanent: true, retryable: false } };
  }
  if (msg.subject === queue.names.maxDeliveriesAdvisory) {
    const advisory = body as MaxDeliveriesAdvisory;
    const original = await queue.jsm.streams.getMessage(queue.names.stream, { seq: advisory.stream_seq }).catch(() => null);
    const message = original ? articleOrUndefined(original.data) : undefined;
    return {
      entry: {
        ...base,
        uri: message?.uri ?? (original ? (uriOf(original.data) ?? '?') : '(no longer in the work stream)'),
        error: `delivered ${advisory.deliveries} times and never acknowledged nor reported failed: the worker holding it stopped or was killed each time (a crash on this input?)`,
        stage: 'delivery',
        attempts: advisory.deliveries,
        permanent: false,
        retryable: message !== undefined,
        workSequence: advisory.stream_seq,
      },
      ...(message ? { message } : {}),
    };
  }
  const letter = body as DeadLetter;
  return {
    entry: {
      ...base,
      uri: letter.uri,
      error: letter.error,
      stage: letter.stage,
      attempts: letter.attempts,
      permanent: letter.permanent,
      retryable: letter.message !== undefined,
      by: letter.by,
    },
    ...(letter.message ? { message: letter.message } : {}),
  };
}

export interface RetryResult {
  retried: number;
  /** Dead letters left where they are: nothing to enqueue again (the input could not be read). */
  skipped: DeadEntry[];
}

/**
 * Enqueues every dead letter that holds its article again and removes it from the dead letters. The new
 * message gets a fresh id (the old one may still be in the deduplication window); the store ignores a text it
 * already has, so a retry never stores anything twice.
 */
export async function retryDeadLetters(queue: QueueConnection, options: { uri?: string } = {}): Promise<RetryResult> {
  const result: RetryResult = { retried: 0, skipped: [] };
  for await (const { entry, message } of deadLetters(queue)) {
    if (options.uri !== undefined && !entry.uri.includes(options.uri)) continue;
    if (!message) {
      result.skipped.push(entry);
      continue;
    }
    await queue.js.publish(queue.names.subject, encodeJson({ ...message, enqueuedAt: new Date().toISOString() }), {
      msgID: `retry:${entry.seq}:${articleMessageId(message)}`,
    });
    // Only once the new message is safe: a crash in between enqueues it twice, which the store absorbs.
    if (entry.workSequence !== undefined) await queue.jsm.streams.deleteMessage(queue.names.stream, entry.workSequence).catch(() => false);
    await queue.jsm.streams.deleteMessage(queue.names.deadStream, entry.seq);
    result.retried++;
  }
  return result;
}

export interface QueueStatus {
  exists: boolean;
  /** Waiting for a worker: never delivered yet. */
  pending: number;
  /** Delivered and not acknowledged yet (being processed, or waiting for a retry after a failure). */
  inFlight: number;
  /** Of those in flight, how many were delivered more than once. */
  redelivered: number;
  /** Workers' pull requests open right now (idle workers waiting for work). */
  waitingWorkers: number;
  /** Dead letters. */
  dead: number;
  /** Messages in the work stream (pending, in flight, and any left after their delivery limit). */
  messages: number;
  settings?: QueueSettings;
}

export async function queueStatus(queue: QueueConnection): Promise<QueueStatus> {
  const [consumer, stream, dead, settings] = await Promise.all([
    consumerInfo(queue.jsm, queue.names),
    streamInfo(queue.jsm, queue.names.stream),
    streamInfo(queue.jsm, queue.names.deadStream),
    queueSettings(queue),
  ]);
  return {
    exists: consumer !== undefined && stream !== undefined,
    pending: consumer?.num_pending ?? 0,
    inFlight: consumer?.num_ack_pending ?? 0,
    redelivered: consumer?.num_redelivered ?? 0,
    waitingWorkers: consumer?.num_waiting ?? 0,
    dead: dead?.state.messages ?? 0,
    messages: stream?.state.messages ?? 0,
    ...(settings ? { settings } : {}),
  };
}

function articleOrUndefined(data: Uint8Array): ArticleMessage | undefined {
  try {
    const value = JSON.parse(Buffer.from(data).toString('utf8')) as ArticleMessage;
    return value && value.v === 1 && typeof value.uri === 'string' && typeof value.text === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function uriOf(data: Uint8Array): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(data).toString('utf8')) as { uri?: unknown };
    return typeof value?.uri === 'string' ? value.uri : undefined;
  } catch {
    return undefined;
  }
}
