/**
 * Ingest jobs of the HTTP API: articles sent in a request run through the whole pipeline in the background,
 * one job at a time (the connect stage decides in arrival order, and the store takes one writer), with the
 * analysis tools loaded once, on the first job.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadAttributionFinder } from '../attribution/tools.js';
import { loadEventCoder } from '../events/tools.js';
import { loadLanguageTools } from '../language/tools.js';
import { connectorInStep, openConnector } from '../pipeline/connect.js';
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

export class IngestJobs {
  private readonly jobs = new Map<string, IngestJob>();
  private tools: Promise<PipelineTools> | undefined;
  /** Jobs run one after another: each waits for the one before. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly loadTools: (store: Store) => Promise<PipelineTools> = loadPipelineTools,
  ) {}

  submit(articles: readonly IngestArticleInput[]): IngestJob {
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
    this.queue = this.queue.then(() => this.run(job, articles));
    return job;
  }

  get(id: string): IngestJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when every job submitted so far has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: IngestJob, articles: readonly IngestArticleInput[]): Promise<void> {
    try {
      job.state = 'loading';
      const tools = await this.pipelineTools();
      // Another process may have ingested into the same store since the last job.
      tools.connect = await connectorInStep(this.store, tools.connect);
      job.state = 'running';
      await ingestSources(sourcesOf(articles), this.store, {
        ...tools,
        onStored: (outcome, input) => {
          const article = job.articles[input];
          if (article) article.stored.push({ id: outcome.id, status: outcome.status, version: outcome.version });
        },
        onError: (_uri, message, input) => job.articles[input]?.errors.push(message),
        onProgress: (counts) => {
          job.processed = counts.inputs;
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

  private pipelineTools(): Promise<PipelineTools> {
    this.tools ??= this.loadTools(this.store).catch((error: unknown) => {
      // A failed load is retried by the next job rather than remembered.
      this.tools = undefined;
      throw error;
    });
    return this.tools;
  }

  private forgetOldJobs(): void {
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= KEPT_JOBS) break;
      if (job.finished !== null) this.jobs.delete(id);
    }
  }
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
