/**
 * Ingest jobs of the HTTP API: articles sent in a request run through the whole pipeline in the background,
 * one job at a time (the connect stage decides in arrival order, and the store takes one writer), with the
 * analysis tools loaded once, on the first job. The queue is bounded and kept here; a JobRunner runs the jobs,
 * on this thread (PipelineRunner) or on a worker thread (`worker-runner.ts`, what `eventwire serve` uses).
 */
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadAttributionFinder } from '../attribution/tools.js';
import { loadEventCoder } from '../events/tools.js';
import { loadLanguageTools } from '../language/tools.js';
import { connectorInStep, openConnector, SnapshotSchedule } from '../pipeline/connect.js';
import { ingestSources, type IngestOptions } from '../pipeline/ingest.js';
import { readArticleObject, type ReadResult } from '../readers/index.js';
import type { IngestStatus, Store } from '../store/types.js';

/** The analysing stages ingest runs: language, attribution, events, connect. */
export type PipelineTools = Required<Pick<IngestOptions, 'language' | 'attribution' | 'events' | 'connect'>>;

/** The full pipeline's tools, with the connect stage restored from what the store holds. */
export async function loadPipelineTools(store: Store): Promise<PipelineTools> {
  return {
    language: loadLanguageTools(),
    attribution: loadAttributionFinder(),
    events: await loadEventCoder(),
    connect: await openConnector(store),
  };
}

export interface IngestArticleInput {
  text?: string | undefined;
  html?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  outlet?: string | undefined;
  published?: string | undefined;
}

export type JobState = 'queued' | 'loading' | 'running' | 'done' | 'failed';

export interface JobArticle {
  index: number;
  status: 'pending' | 'stored' | 'failed';
  stored: { id: string; status: IngestStatus; version: number }[];
  errors: string[];
}

export interface IngestJob {
  job: string;
  state: JobState;
  created: string;
  finished: string | null;
  total: number;
  processed: number;
  error: string | null;
  articles: JobArticle[];
}

/** Finished jobs kept for polling; the oldest go first. */
const KEPT_JOBS = 1000;

/**
 * How much may wait in queued and running jobs: past either limit, new jobs are refused until the queue drains,
 * so that clients sending faster than the pipeline analyses can grow neither the server's memory (bytes) nor the
 * wait of every later job (articles: the pipeline analyses a few dozen a second) without bound.
 */
export interface IngestQueueLimits {
  /** Default 64 MiB. */
  maxQueuedBytes?: number | undefined;
  /** Default 2,000: a minute or two of analysis. */
  maxQueuedArticles?: number | undefined;
}

export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_QUEUED_ARTICLES = 2_000;

/** What a job runner tells about the job it runs, as it goes. */
export interface JobProgress {
  /** The tools are loaded: analysis begins. */
  running(): void;
  stored(input: number, stored: JobArticle['stored'][number]): void;
  error(input: number, message: string): void;
  processed(inputs: number): void;
}

/** Runs a job's articles through the pipeline into the store; resolves when all are done, rejects if the job failed. */
export interface JobRunner {
  run(articles: readonly IngestArticleInput[], progress: JobProgress): Promise<void>;
  /** Lets the job in progress finish, then stops. */
  close(): Promise<void>;
}

/** Runs jobs on this thread, over the app's own store, with the analysis tools loaded on the first job. */
export class PipelineRunner implements JobRunner {
  private tools: Promise<PipelineTools> | undefined;
  private snapshots: SnapshotSchedule | undefined;

  constructor(
    private readonly store: Store,
    private readonly loadTools: (store: Store) => Promise<PipelineTools> = loadPipelineTools,
  ) {}

  async run(articles: readonly IngestArticleInput[], progress: JobProgress): Promise<void> {
    const tools = await this.pipelineTools();
    this.snapshots ??= new SnapshotSchedule(tools.connect);
    // Another process may have ingested into the same store since the last job.
    tools.connect = await connectorInStep(this.store, tools.connect);
    progress.running();
    await ingestSources(sourcesOf(articles), this.store, {
      ...tools,
      onStored: (outcome, input) => progress.stored(input, { id: outcome.id, status: outcome.status, version: outcome.version }),
      onError: (_uri, message, input) => progress.error(input, message),
      onProgress: (counts) => progress.processed(counts.inputs),
    });
    await this.snapshots.save(this.store, tools.connect);
  }

  async close(): Promise<void> {
    const tools = await this.tools?.catch(() => undefined);
    if (tools && this.snapshots) await this.snapshots.save(this.store, tools.connect, { force: true });
  }

  private pipelineTools(): Promise<PipelineTools> {
    this.tools ??= this.loadTools(this.store).catch((error: unknown) => {
      // A failed load is retried by the next job rather than remembered.
      this.tools = undefined;
      throw error;
    });
    return this.tools;
  }
}

export class IngestJobs {
  private readonly jobs = new Map<string, IngestJob>();
  /** Jobs run one after another: each waits for the one before. */
  private queue: Promise<void> = Promise.resolve();
  private readonly queued = { bytes: 0, articles: 0 };
  private readonly maxQueued: { bytes: number; articles: number };
  private stopping = false;

  constructor(
    private readonly runner: JobRunner,
    limits: IngestQueueLimits = {},
  ) {
    this.maxQueued = { bytes: limits.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES, articles: limits.maxQueuedArticles ?? DEFAULT_MAX_QUEUED_ARTICLES };
  }

  /**
   * Queues the articles as a job, or returns undefined when the queue is full: the articles waiting would pass
   * a limit. A job is always taken when the queue is empty, whatever its size.
   */
  submit(articles: readonly IngestArticleInput[]): IngestJob | undefined {
    const bytes = articles.reduce((sum, article) => sum + articleBytes(article), 0);
    const full = this.queued.bytes + bytes > this.maxQueued.bytes || this.queued.articles + articles.length > this.maxQueued.articles;
    if (full && this.queued.articles > 0) return undefined;
    this.queued.bytes += bytes;
    this.queued.articles += articles.length;
    const job: IngestJob = {
      job: randomUUID(),
      state: 'queued',
      created: new Date().toISOString(),
      finished: null,
      total: articles.length,
      processed: 0,
      error: null,
      articles: articles.map((_, index) => ({ index, status: 'pending', stored: [], errors: [] })),
    };
    this.jobs.set(job.job, job);
    this.forgetOldJobs();
    this.queue = this.queue.then(() => this.run(job, articles)).finally(() => {
      this.queued.bytes -= bytes;
      this.queued.articles -= articles.length;
    });
    return job;
  }

  /** True while no job could be taken: the queue holds as many articles or bytes as it may. */
  get full(): boolean {
    return this.queued.articles > 0 && (this.queued.articles >= this.maxQueued.articles || this.queued.bytes >= this.maxQueued.bytes);
  }

  get(id: string): IngestJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job submitted so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Lets the job in progress finish; jobs still queued fail, saying so (they live in memory only). */
  async close(): Promise<void> {
    this.stopping = true;
    await this.queue;
    await this.runner.close();
  }

  private async run(job: IngestJob, articles: readonly IngestArticleInput[]): Promise<void> {
    try {
      if (this.stopping) throw new Error('the server stopped before this job ran: send the articles again');
      job.state = 'loading';
      await this.runner.run(articles, {
        running: () => {
          job.state = 'running';
        },
        stored: (input, stored) => job.articles[input]?.stored.push(stored),
        error: (input, message) => job.articles[input]?.errors.push(message),
        processed: (inputs) => {
          job.processed = inputs;
        },
      });
      for (const article of job.articles) article.status = article.stored.length > 0 ? 'stored' : 'failed';
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      for (const article of job.articles) if (article.status === 'pending') article.status = article.stored.length > 0 ? 'stored' : 'failed';
    } finally {
      job.finished = new Date().toISOString();
    }
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) break;
      if (job.finished !== null) this.jobs.delete(id);
    }
  }
}

function articleBytes(article: IngestArticleInput): number {
  let bytes = 0;
  for (const value of Object.values(article)) if (typeof value === 'string') bytes += Buffer.byteLength(value);
  return bytes;
}

/**
 * The request's articles as inputs, read as JSONL records are. An article without a URL is identified by its
 * text (`api:<hash>`): sending it again changes nothing. Yields to the event loop between articles, so the
 * server answers requests while a job runs.
 */
async function* sourcesOf(articles: readonly IngestArticleInput[]): AsyncGenerator<ReadResult> {
  for (const article of articles) {
    await nextTurn();
    const uri = article.url?.trim() || `api:${createHash('sha256').update(article.text ?? '').update('\0').update(article.html ?? '').digest('hex').slice(0, 16)}`;
    yield readArticleObject(uri, article);
  }
}
