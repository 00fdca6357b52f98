/**
 * Distributed ingest over NATS JetStream: `eventwire ingest --queue URL` publishes one message per source
 * document, any number of `eventwire worker` processes on any number of machines clean, analyse and store them,
 * and one `eventwire connect --follow` connects what they store (duplicates, stories).
 *
 * Why JetStream and not BullMQ on Redis:
 * - Messages persist on disk (file storage). The Redis this project runs next to keeps nothing on disk, and a
 *   Redis restart would lose the whole queue.
 * - Explicit acks, sent only after the store commits, with redelivery after an ack wait, give at-least-once
 *   delivery: a worker killed with `kill -9` loses nothing, its unacknowledged batch goes to another worker.
 *   The store takes a text it already has as unchanged (unique content hash), so redelivery never stores twice.
 * - Retries are the server's: a failed message is nak'ed with a growing delay (1 s, 5 s, 30 s), the consumer's
 *   MaxDeliver bounds the attempts, and the last failure goes to a dead-letter stream with its error. A message
 *   whose worker dies on its last attempt is caught too: the dead-letter stream also records the server's
 *   max-deliveries advisory for it.
 * - A work-queue stream with one durable pull consumer is shared by every worker wherever it runs: each pulls a
 *   batch when it is ready (no broker-side push to tune), and a message leaves the stream once acknowledged.
 * - Publishing with a message id (the text's content hash) lets the server drop an article enqueued again
 *   within its deduplication window before any worker sees it.
 *
 * Names (`names.ts`) derive from one queue name (default `EVENTWIRE`): stream `EVENTWIRE_ARTICLES` on subject
 * `EVENTWIRE.articles`, consumer `EVENTWIRE_WORKERS`, dead letters `EVENTWIRE_DEAD` on `EVENTWIRE.dead`.
 *
 * The connect stage is not run by workers: story numbers are decided in arrival order, one article at a time.
 * Exactly one `eventwire connect --follow` (`follow.ts`) runs per store, beside the workers.
 */
export { DEFAULT_QUEUE_NAME, queueNames, type QueueNames } from './names.js';
export {
  DEFAULT_QUEUE_SETTINGS,
  deleteQueue,
  ensureQueue,
  openQueue,
  queueSettings,
  type OpenQueueOptions,
  type QueueConnection,
  type QueueSettings,
} from './connection.js';
export { articleMessage, articleMessageId, decodeArticleMessage, PermanentError, type ArticleMessage, type DeadLetter, type FailureStage } from './messages.js';
export { enqueueInputs, enqueueSources, type EnqueueCounts, type EnqueueOptions } from './enqueue.js';
export { analyseSource, type StageTools } from './analyse.js';
export { DEFAULT_BACKOFF_MS, DEFAULT_BATCH_SIZE, isStoreUnavailable, runWorker, type WorkerCounts, type WorkerOptions } from './worker.js';
export { deadLetters, queueStatus, retryDeadLetters, type DeadEntry, type QueueStatus, type RetryResult } from './dead.js';
export { followConnections, type FollowOptions } from './follow.js';
