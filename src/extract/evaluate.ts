/**
 * `eventwire eval extraction DIR`: eventwire's article extractor and Readability.js side by side on a benchmark
 * folder laid out like the article-extraction-benchmark and NAEB sets: `ground-truth.json` (id → { articleBody,
 * and optionally title, authors, date, url }) and `html/<id>.html` or `html/<id>.html.gz`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeText } from '../readers/encoding.js';
import { sniffHtmlCharset } from '../readers/html.js';
import { DEFAULT_MAX_BYTES, gunzipWithin, oversizeMessage } from '../readers/limits.js';
import { extractArticle } from './index.js';
import { loadReadability, readabilityExtract } from './readability.js';
import { type ShingleCounts, authorsMatch, bodyScores, dateMatches, pageF1, pagePrecision, pageRecall, shingleMatch, titleMatches } from './score.js';

export const EXTRACTORS = ['eventwire', 'readability'] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];

/** One extractor's figures over a folder. Accuracies are null when the ground truth has no such field. */
export interface ExtractorScores {
  precision: number;
  recall: number;
  f1: number;
  title_accuracy: number | null;
  author_accuracy: number | null;
  date_accuracy: number | null;
  /** Pages per second of extraction alone (HTML parsing included; reading and decoding the files excluded). */
  pages_per_second: number;
  /** Seconds spent extracting. */
  seconds: number;
  /** Pages the extractor threw on (or that could not be read); they score as empty output. */
  errors: number;
}

/** A page that could not be read, or that an extractor threw on. */
export interface PageError {
  id: string;
  /** `read` when the file itself could not be read or decoded (both extractors then score empty output). */
  stage: ExtractorName | 'read';
  message: string;
}

/** What one extractor got right on one page. */
export interface PageScore {
  precision: number;
  recall: number;
  f1: number;
  /** Undefined where the truth has no such field. */
  title?: boolean;
  author?: boolean;
  date?: boolean;
}

export interface PageResult {
  id: string;
  eventwire: PageScore;
  readability: PageScore;
}

export interface ExtractionEvaluation {
  eventwire: ExtractorScores;
  readability: ExtractorScores;
  /** Pages in the ground truth. */
  pages: number;
  errors: PageError[];
  perPage: PageResult[];
}

/** A ground-truth entry; NAEB writes authors as one comma-separated string. */
interface TruthEntry {
  articleBody?: string;
  title?: string;
  authors?: string | string[];
  author?: string | string[];
  date?: string;
  published?: string;
  url?: string;
}

/** The fields the metrics look at, from either extractor. */
interface Prediction {
  articleBody: string;
  title: string | null;
  authors: string | readonly string[] | null;
  published: string | null;
}

const EMPTY: Prediction = { articleBody: '', title: null, authors: null, published: null };

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** True when the bytes start with the gzip magic number, whatever the file is called. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * Reads an HTML page (gzipped or not, told by its first bytes) and decodes it as eventwire's readers do: BOM,
 * strict UTF-8, the charset the page declares, else a detected legacy encoding. Throws an Error with a short
 * message when the file cannot be read or is not text.
 */
export function readHtmlPage(path: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  const { size } = statSync(path);
  if (size > maxBytes) throw new Error(oversizeMessage(size, maxBytes));
  let bytes: Uint8Array = readFileSync(path);
  if (isGzip(bytes)) {
    const decompressed = gunzipWithin(bytes, maxBytes);
    if ('error' in decompressed) throw new Error(decompressed.error);
    bytes = decompressed.bytes;
  }
  return decodeText(bytes, sniffHtmlCharset(bytes)).text;
}

/** Reads and checks `ground-truth.json`; throws an Error naming the problem. */
export function readGroundTruth(dir: string): Map<string, TruthEntry> {
  const path = join(dir, 'ground-truth.json');
  if (!existsSync(path)) throw new Error(`${path} does not exist (expected ground-truth.json and html/<id>.html[.gz])`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${path} must be a JSON object keyed by page id`);
  const truth = new Map<string, TruthEntry>();
  for (const [id, entry] of Object.entries(data)) {
    if (typeof entry !== 'object' || entry === null) throw new Error(`${path}: the entry for "${id}" is not an object`);
    truth.set(id, entry as TruthEntry);
  }
  return truth;
}

/** The page file for an id: `html/<id>.html.gz`, `html/<id>.html` or `.htm`, else undefined. */
function pagePath(dir: string, id: string): string | undefined {
  for (const name of [`${id}.html.gz`, `${id}.html`, `${id}.htm.gz`, `${id}.htm`]) {
    const path = join(dir, 'html', name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

const has = (entry: TruthEntry, key: keyof TruthEntry): boolean => entry[key] !== undefined && entry[key] !== null;

/** Running totals for one extractor. */
class Tally {
  readonly counts: ShingleCounts[] = [];
  readonly metadata = { title: [0, 0], author: [0, 0], date: [0, 0] } as Record<'title' | 'author' | 'date', [number, number]>;
  ms = 0;
  attempted = 0;
  errors = 0;

  score(truth: TruthEntry, predicted: Prediction): PageScore {
    const counts = shingleMatch(truth.articleBody ?? '', predicted.articleBody);
    this.counts.push(counts);
    const page: PageScore = { precision: pagePrecision(counts), recall: pageRecall(counts), f1: pageF1(counts) };
    const mark = (field: 'title' | 'author' | 'date', right: boolean): void => {
      this.metadata[field][1]++;
      if (right) this.metadata[field][0]++;
      page[field] = right;
    };
    if (has(truth, 'title')) mark('title', titleMatches(truth.title, predicted.title));
    const authors = truth.authors ?? truth.author;
    if (authors !== undefined && authors !== null) mark('author', authorsMatch(authors, predicted.authors));
    const date = truth.date ?? truth.published;
    if (date !== undefined && date !== null) mark('date', dateMatches(date, predicted.published));
    return page;
  }

  result(): ExtractorScores {
    const accuracy = ([right, total]: [number, number]): number | null => (total === 0 ? null : right / total);
    const seconds = this.ms / 1000;
    return {
      ...bodyScores(this.counts),
      title_accuracy: accuracy(this.metadata.title),
      author_accuracy: accuracy(this.metadata.author),
      date_accuracy: accuracy(this.metadata.date),
      pages_per_second: seconds > 0 ? this.attempted / seconds : 0,
      seconds,
      errors: this.errors,
    };
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs one extractor on one page, timing only the call; a throw or an error record becomes `{ error }`. */
function runTimed(tally: Tally, run: () => Prediction | { error: string }): Prediction | { error: string } {
  const start = performance.now();
  let result: Prediction | { error: string };
  try {
    result = run();
  } catch (error) {
    result = { error: messageOf(error) };
  }
  tally.ms += performance.now() - start;
  tally.attempted++;
  return result;
}

export interface EvaluateOptions {
  /** Called after each page, for progress. */
  onPage?: (done: number, total: number, id: string) => void;
  maxBytes?: number;
}

/**
 * Scores eventwire and Readability on every page of the ground truth, in its order, in this process. Each
 * extractor is timed around its own call on the decoded HTML string. A page that cannot be read, or that an
 * extractor throws on, is an error record and scores as empty output; the batch goes on.
 */
export function evaluateExtraction(dir: string, options: EvaluateOptions = {}): ExtractionEvaluation {
  const truth = readGroundTruth(dir);
  loadReadability(); // loading jsdom is not extraction time
  const tallies: Record<ExtractorName, Tally> = { eventwire: new Tally(), readability: new Tally() };
  const errors: PageError[] = [];
  const perPage: PageResult[] = [];
  let done = 0;
  for (const [id, entry] of truth) {
    const url = typeof entry.url === 'string' && entry.url !== '' ? entry.url : undefined;
    let html: string | undefined;
    const path = pagePath(dir, id);
    try {
      if (path === undefined) throw new Error(`no html/${id}.html or html/${id}.html.gz`);
      html = readHtmlPage(path, options.maxBytes);
    } catch (error) {
      errors.push({ id, stage: 'read', message: messageOf(error) });
    }
    const predictions = {} as Record<ExtractorName, Prediction>;
    if (html === undefined) {
      for (const name of EXTRACTORS) {
        tallies[name].errors++;
        predictions[name] = EMPTY;
      }
    } else {
      const page = html;
      const outcomes: Record<ExtractorName, Prediction | { error: string }> = {
        eventwire: runTimed(tallies.eventwire, () => {
          const x = extractArticle(page, url === undefined ? {} : { url });
          return { articleBody: x.articleBody, title: x.title, authors: x.authors.length > 0 ? x.authors : x.author, published: x.published };
        }),
        readability: runTimed(tallies.readability, () => {
          const x = readabilityExtract(page, url);
          return 'error' in x ? x : { articleBody: x.articleBody, title: x.title, authors: x.author, published: x.published };
        }),
      };
      for (const name of EXTRACTORS) {
        const outcome = outcomes[name];
        if ('error' in outcome) {
          errors.push({ id, stage: name, message: outcome.error });
          tallies[name].errors++;
          predictions[name] = EMPTY;
        } else {
          predictions[name] = outcome;
        }
      }
    }
    perPage.push({ id, eventwire: tallies.eventwire.score(entry, predictions.eventwire), readability: tallies.readability.score(entry, predictions.readability) });
    options.onPage?.(++done, truth.size, id);
  }
  return { eventwire: tallies.eventwire.result(), readability: tallies.readability.result(), pages: truth.size, errors, perPage };
}
