import { readInputs } from '../readers/index.js';
import type { ReadOptions, ReadResult } from '../readers/types.js';
import type { QueueConnection } from './connection.js';
import { messageOf } from './connection.js';
import { publishDeadLetter, processName } from './dead.js';
import { articleMessage, articleMessageId, encodeJson } from './messages.js';
import { sha256 } from '../document/document.js';

export interface EnqueueCounts {
  /** Inputs read (files, stdin, JSONL records), good or bad. */
  inputs: number;
  /** Messages the stream took. */
  enqueued: number;
  /** Messages the server dropped: the same text was enqueued within its deduplication window. */
  duplicates: number;
  /** Inputs that could not be read or published: each is a dead letter with its error. */
  failed: number;
}

export interface EnqueueOptions {
  read?: ReadOptions;
  onError?: (uri: string, message: string) => void;
  onProgress?: (counts: Readonly<EnqueueCounts>, uri: string) => void;
}

/** Publish acknowledgements awaited at once: enough to keep the server busy, few enough to bound memory. */
const PUBLISH_WINDOW = 128;
/** Room for the subject and headers next to the payload, under the server's max_payload. */
const HEADER_ROOM = 512;

/** Reads the inputs with the readers and publishes one message per source document. */
export async function enqueueInputs(specs: string[], queue: QueueConnection, options: EnqueueOptions = {}): Promise<EnqueueCounts> {
  return enqueueSources(readInputs(specs, options.read), queue, options);
}

/**
 * Publishes each source with its content hash as message id (the server drops a repeat within its window).
 * An input that cannot be read, or is too large for the server, becomes a dead letter with its error, so the
 * queue's dead letters list every failure whether it happened here or in a worker.
 */
export async function enqueueSources(results: AsyncIterable<ReadResult> | Iterable<ReadResult>, queue: QueueConnection, options: EnqueueOptions = {}): Promise<EnqueueCounts> {
  const counts: EnqueueCounts = { inputs: 0, enqueued: 0, duplicates: 0, failed: 0 };
  let inFlight: Promise<void>[] = [];

  const fail = async (uri: string, stage: 'read' | 'enqueue', error: string): Promise<void> => {
    counts.failed++;
    options.onError?.(uri, error);
    await publishDeadLetter(
      queue,
      { uri, error, stage, attempts: 0, permanent: true, failedAt: new Date().toISOString(), by: processName() },
      `${stage}:${sha256(`${uri}\n${error}`)}`,
    );
  };

  for await (const result of results) {
    counts.inputs++;
    if (!result.ok) {
      await fail(result.error.uri, 'read', result.error.message);
      options.onProgress?.(counts, result.error.uri);
      continue;
    }
    const message = articleMessage(result.source);
    const payload = encodeJson(message);
    if (payload.length + HEADER_ROOM > queue.maxPayload) {
      await fail(
        message.uri,
        'enqueue',
        `its message of ${payload.length} bytes is larger than the NATS server's max_payload (${queue.maxPayload} bytes): raise max_payload in the server's configuration, or ingest this input directly with \`eventwire ingest\``,
      );
      options.onProgress?.(counts, message.uri);
      continue;
    }
    inFlight.push(
      queue.js.publish(queue.names.subject, payload, { msgID: articleMessageId(message) }).then(
        (ack) => {
          if (ack.duplicate) counts.duplicates++;
          else counts.enqueued++;
        },
        (error: unknown) => fail(message.uri, 'enqueue', `could not be published: ${messageOf(error)}`),
      ),
    );
    if (inFlight.length >= PUBLISH_WINDOW) {
      await Promise.all(inFlight);
      inFlight = [];
    }
    options.onProgress?.(counts, message.uri);
  }
  await Promise.all(inFlight);
  return counts;
}
