import { cleanSource } from '../clean/index.js';
import { analyseAttributions, type AttributionFinder } from '../attribution/index.js';
import type { Connector } from '../connect/index.js';
import { analyseEvents, type EventCoder } from '../events/index.js';
import { analyseLanguage, type LanguageText, type LanguageTools } from '../language/index.js';
import { readInputs } from '../readers/index.js';
import type { ReadOptions, ReadResult } from '../readers/types.js';
import type { IngestOutcome, IngestStatus, Store } from '../store/types.js';
import { toArticleRecord } from './record.js';

export interface IngestCounts {
  /** Inputs read (files, stdin, JSONL records), good or bad. */
  inputs: number;
  articles: number;
  inserted: number;
  unchanged: number;
  newVersions: number;
  /** Unchanged texts whose spans a newer pipeline read differently: spans replaced in place. */
  reanalysed: number;
  errors: number;
}

export interface IngestOptions {
  read?: ReadOptions;
  /** Tools of the language stage (sentences, entities, time); without them articles are only cleaned. */
  language?: LanguageTools;
  /** The attribution stage's finder (quotes, reported speech); it needs the language stage. */
  attribution?: AttributionFinder;
  /** The event coder (CAMEO/PLOVER events); it needs the language stage and reads attributions when present. */
  events?: EventCoder;
  /**
   * The connect stage (duplicates, stories), restored from the store by the caller (`Connector.restoreAll`).
   * Stories need the language stage; without it only duplicates are found.
   */
  connect?: Connector;
  /** Articles per transaction: a crash loses at most the batch in flight, and a re-run redoes only that. */
  batchSize?: number;
  onProgress?: (counts: Readonly<IngestCounts>, current: string) => void;
  /** `input` numbers the inputs read, from 0, so a caller can tell which of its inputs a message is about. */
  onError?: (uri: string, message: string, input: number) => void;
  /** Each article stored, with the input it came from (one input may hold several glued articles). */
  onStored?: (outcome: IngestOutcome, input: number) => void;
}

/** readers → clean → language → attribution → events → store, in batches. Bad inputs are reported and recorded; the rest of the batch goes on. */
export async function ingest(specs: string[], store: Store, options: IngestOptions = {}): Promise<IngestCounts> {
  return ingestSources(readInputs(specs, options.read), store, options);
}

/** The same for inputs already read (articles sent to the HTTP API): clean → ... → store. */
export async function ingestSources(
  results: AsyncIterable<ReadResult> | Iterable<ReadResult>,
  store: Store,
  options: IngestOptions = {},
): Promise<IngestCounts> {
  const counts: IngestCounts = { inputs: 0, articles: 0, inserted: 0, unchanged: 0, newVersions: 0, reanalysed: 0, errors: 0 };
  const batchSize = options.batchSize ?? 200;
  // Each record with the number of the input it came from.
  let batch: { record: ReturnType<typeof toArticleRecord>; input: number }[] = [];
  const tally: Record<IngestStatus, keyof IngestCounts> = {
    inserted: 'inserted',
    unchanged: 'unchanged',
    'new-version': 'newVersions',
    reanalysed: 'reanalysed',
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    let stored: { outcome: IngestOutcome; input: number }[];
    try {
      const outcomes = await store.ingest(pending.map((p) => p.record));
      stored = outcomes.map((outcome, i) => ({ outcome, input: pending[i]!.input }));
    } catch {
      // The store took none of the batch: store the records one by one so one bad record costs only itself.
      stored = [];
      for (const { record, input } of pending) {
        try {
          for (const outcome of await store.ingest([record])) stored.push({ outcome, input });
        } catch (error) {
          await fail(record.doc.origin.uri, `could not be stored: ${(error as Error).message}`, input);
        }
      }
    }
    for (const { outcome, input } of stored) {
      counts[tally[outcome.status]]++;
      options.onStored?.(outcome, input);
    }
  };
  const fail = async (uri: string, message: string, input: number): Promise<void> => {
    counts.errors++;
    options.onError?.(uri, message, input);
    await store.recordInputError(uri, message);
  };

  for await (const result of results) {
    const input = counts.inputs++;
    if (!result.ok) {
      await fail(result.error.uri, result.error.message, input);
      options.onProgress?.(counts, result.error.uri);
      continue;
    }
    try {
      for (const doc of cleanSource(result.source)) {
        let text: LanguageText | undefined;
        if (options.language) {
          try {
            text = analyseLanguage(doc, options.language);
            if (options.attribution) analyseAttributions(doc, options.attribution, text);
            if (options.events) analyseEvents(doc, options.events, text);
          } catch (error) {
            // The article is still worth storing as cleaned (and read as far as it got); the failure is reported
            // and recorded.
            await fail(doc.origin.uri, `stored without full language analysis: ${(error as Error).message}`, input);
          }
        }
        const record = toArticleRecord(doc);
        if (options.connect) {
          try {
            record.connection = options.connect.connect(doc, text, record.body);
          } catch (error) {
            // Stored unconnected, which `eventwire connect` picks up later, rather than lost; the failure is
            // reported and recorded.
            await fail(doc.origin.uri, `stored without a story: ${(error as Error).message}`, input);
          }
        }
        batch.push({ record, input });
        counts.articles++;
      }
    } catch (error) {
      await fail(result.source.uri, `could not be cleaned: ${(error as Error).message}`, input);
    }
    if (batch.length >= batchSize) await flush();
    options.onProgress?.(counts, result.source.uri);
  }
  await flush();
  return counts;
}

