/**
 * Ingest jobs on a worker thread of their own (`ingest-worker.ts`), with its own connection to the store: the
 * analysis of a backlog then takes another core instead of the thread that answers requests, and reads stay
 * fast while it runs. The server's main thread keeps the queue and the jobs' records; the worker runs one job
 * at a time and reports each article as it is stored.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { IngestArticleInput, JobArticle, JobProgress, JobRunner } from './jobs.js';

/** What the main thread sends the worker. */
export type ToWorker = { type: 'run'; articles: readonly IngestArticleInput[] } | { type: 'stop' };

/** What the worker reports about the job it runs. */
export type FromWorker =
  | { type: 'running' }
  | { type: 'stored'; input: number; stored: JobArticle['stored'][number] }
  | { type: 'error'; input: number; message: string }
  | { type: 'processed'; inputs: number }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** Data the worker starts with. */
export interface WorkerSetup {
  /** The store, as `openStore` takes it: an SQLite path or a postgres:// URL. */
  location: string;
}

/** A stopping worker finishes its job first; past this, it is terminated. */
const STOP_GRACE_MS = 30_000;

export class WorkerRunner implements JobRunner {
  private worker: Worker | undefined;

  constructor(private readonly location: string) {}

  run(articles: readonly IngestArticleInput[], progress: JobProgress): Promise<void> {
    this.worker ??= this.start();
    const worker = this.worker;
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'running') progress.running();
        else if (message.type === 'stored') progress.stored(message.input, message.stored);
        else if (message.type === 'error') progress.error(message.input, message.message);
        else if (message.type === 'processed') progress.processed(message.inputs);
        else if (message.type === 'done') settle();
        else settle(new Error(message.message));
      };
      const onError = (error: Error): void => settle(new Error(`the ingest worker failed: ${error.message}`));
      const onExit = (code: number): void => settle(new Error(`the ingest worker stopped (exit code ${code})`));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ type: 'run', articles } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = once(worker, 'exit');
    worker.postMessage({ type: 'stop' } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private start(): Worker {
    const worker = new Worker(new URL('./ingest-worker.js', import.meta.url), { workerData: { location: this.location } satisfies WorkerSetup });
    // A worker that dies (out of memory, a crash) is started again by the next job.
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }
}
