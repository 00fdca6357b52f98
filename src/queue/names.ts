/**
 * The JetStream names one eventwire queue uses, all derived from one queue name so that producers, workers
 * and the `queue` commands cannot disagree about them. Several queues (a test's, another team's) share a server
 * side by side: their streams, subjects and consumers never overlap.
 */
export interface QueueNames {
  /** The queue name they derive from (`EVENTWIRE`). */
  queue: string;
  /** Work-queue stream of articles to process (`EVENTWIRE_ARTICLES`). */
  stream: string;
  /** Subject articles are published on (`EVENTWIRE.articles`). */
  subject: string;
  /** Durable pull consumer every worker shares (`EVENTWIRE_WORKERS`). */
  consumer: string;
  /** Stream of dead letters: items that failed for good, each with its error (`EVENTWIRE_DEAD`). */
  deadStream: string;
  /** Subject workers publish dead letters on (`EVENTWIRE.dead`). */
  deadSubject: string;
  /**
   * The server's advisory for a message that reached its delivery limit without a worker reporting a failure
   * (a worker killed on its last attempt): captured by the dead-letter stream, so such a message is not lost.
   */
  maxDeliveriesAdvisory: string;
}

export const DEFAULT_QUEUE_NAME = 'EVENTWIRE';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function queueNames(queue: string = DEFAULT_QUEUE_NAME): QueueNames {
  if (!QUEUE_NAME.test(queue)) {
    throw new Error(`queue name ${JSON.stringify(queue)} is not usable: use 1 to 64 letters, digits, _ or -`);
  }
  const stream = `${queue}_ARTICLES`;
  const consumer = `${queue}_WORKERS`;
  return {
    queue,
    stream,
    subject: `${queue}.articles`,
    consumer,
    deadStream: `${queue}_DEAD`,
    deadSubject: `${queue}.dead`,
    maxDeliveriesAdvisory: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${consumer}`,
  };
}
