/**
 * `eventwire extract FILE|DIR`: the article of HTML pages (body, metadata, captions) without storing anything,
 * and `eventwire eval extraction DIR`: eventwire's extractor against Readability.js on a benchmark folder.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type ExtractionEvaluation, type ExtractorScores, EXTRACTORS, evaluateExtraction, readHtmlPage } from '../extract/evaluate.js';
import { extractArticle } from '../extract/index.js';
import type { ArticleExtraction } from '../extract/types.js';
import { DEFAULT_MAX_BYTES } from '../readers/limits.js';

/** Thrown for a problem the user can fix; printed as one line without a stack. */
class UsageError extends Error {}

/** Page files of a directory: `.html`/`.htm`, optionally gzipped. */
const PAGE_FILE = /\.html?(?:\.gz)?$/i;

/** The stable `--json` record of one page: the extraction's fields, printed in the order `toRecord` gives. */
export type ExtractRecord = ArticleExtraction;

export type ExtractResult = ExtractRecord | { error: string };

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

/** A page's id: its file name without `.gz` and `.html`/`.htm`. */
export function pageId(path: string): string {
  return basename(path).replace(/\.gz$/i, '').replace(/\.html?$/i, '');
}

function toRecord(x: ArticleExtraction): ExtractRecord {
  return {
    articleBody: x.articleBody,
    title: x.title,
    author: x.author,
    authors: x.authors,
    published: x.published,
    outlet: x.outlet,
    leadImage: x.leadImage,
    captions: x.captions,
    language: x.language,
    sources: x.sources,
  };
}

/** Reads, decodes and extracts one page; any failure is an error record. */
export function extractFile(path: string, options: { url?: string; maxBytes?: number } = {}): ExtractResult {
  let html: string;
  try {
    html = readHtmlPage(path, options.maxBytes);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return { error: 'no such file' };
    if (code === 'EACCES') return { error: 'permission denied' };
    return { error: messageOf(error) };
  }
  try {
    return toRecord(extractArticle(html, options.url === undefined ? {} : { url: options.url }));
  } catch (error) {
    return { error: `extraction failed: ${messageOf(error)}` };
  }
}

/** The readable view of one page. */
function formatRecord(record: ExtractRecord): string {
  const field = (label: string, value: string | null): string => `${`${label}:`.padEnd(11)}${value ?? '-'}`;
  const lines = [
    field('Title', record.title),
    field('Author', record.author),
    field('Published', record.published),
    field('Outlet', record.outlet),
    field('Language', record.language),
    field('Image', record.leadImage),
  ];
  if (record.captions.length > 0) {
    lines.push(`Captions:`);
    for (const caption of record.captions) lines.push(`  - ${caption}`);
  }
  lines.push('', record.articleBody === '' ? '(no article text found)' : record.articleBody);
  return lines.join('\n');
}

interface ExtractOptions {
  json?: boolean;
  url?: string;
  maxBytes: number;
}

function runExtract(input: string, opts: ExtractOptions): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch (error) {
    throw new UsageError(`${input}: ${(error as { code?: string }).code === 'ENOENT' ? 'no such file or directory' : messageOf(error)}`);
  }

  if (!isDirectory) {
    const result = extractFile(input, { maxBytes: opts.maxBytes, ...(opts.url === undefined ? {} : { url: opts.url }) });
    if ('error' in result) {
      process.exitCode = 1;
      process.stderr.write(`eventwire extract: ${input}: ${result.error}\n`);
    }
    if (opts.json) print(JSON.stringify(result, null, 2));
    else if (!('error' in result)) print(formatRecord(result));
    return;
  }

  if (opts.url !== undefined) throw new UsageError('--url applies to a single file, not to a directory');
  let names: string[];
  try {
    names = readdirSync(input).filter((name) => PAGE_FILE.test(name) && !name.startsWith('.')).sort();
  } catch (error) {
    throw new UsageError(`${input}: ${messageOf(error)}`);
  }
  if (names.length === 0) throw new UsageError(`${input}: no .html or .html.gz files in this directory`);

  const results: Record<string, ExtractResult> = {};
  let errors = 0;
  for (const name of names) {
    const id = pageId(name);
    // Two files with one id (a.html and a.html.gz): the second keeps its full name so neither is lost.
    const key = Object.hasOwn(results, id) ? name : id;
    const result = extractFile(join(input, name), { maxBytes: opts.maxBytes });
    results[key] = result;
    if ('error' in result) {
      errors++;
      process.stderr.write(`eventwire extract: ${join(input, name)}: ${result.error}\n`);
    }
    if (!opts.json) {
      print(`${'='.repeat(80)}\n${key}`);
      print('error' in result ? `error: ${result.error}\n` : `${formatRecord(result)}\n`);
    }
  }
  if (opts.json) print(JSON.stringify(results, null, 2));
  if (errors > 0) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------------------
// eval extraction

const pct = (n: number | null): string => (n === null ? '-' : (100 * n).toFixed(1));

/** The figures of `eval extraction --json`: per extractor, then the page count and the error records. */
export function evaluationJson(result: ExtractionEvaluation, perPage: boolean): Record<string, unknown> {
  const round = (n: number | null, digits = 4): number | null => (n === null ? null : Number(n.toFixed(digits)));
  const scores = (s: ExtractorScores): Record<string, number | null> => ({
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    title_accuracy: round(s.title_accuracy),
    author_accuracy: round(s.author_accuracy),
    date_accuracy: round(s.date_accuracy),
    pages_per_second: round(s.pages_per_second, 1),
    seconds: round(s.seconds, 3),
    errors: s.errors,
  });
  const json: Record<string, unknown> = {
    eventwire: scores(result.eventwire),
    readability: scores(result.readability),
    pages: result.pages,
    speedup: result.readability.pages_per_second > 0 ? round(result.eventwire.pages_per_second / result.readability.pages_per_second, 2) : null,
    errors: result.errors,
  };
  if (perPage) json.per_page = result.perPage;
  return json;
}

export function formatEvaluation(result: ExtractionEvaluation, dir: string): string {
  const head = `${''.padEnd(13)}${['P', 'R', 'F1', 'title', 'author', 'date'].map((h) => h.padStart(7)).join('')}${'pages/s'.padStart(10)}${'errors'.padStart(8)}`;
  const row = (name: string, s: ExtractorScores): string =>
    `${name.padEnd(13)}${[s.precision, s.recall, s.f1, s.title_accuracy, s.author_accuracy, s.date_accuracy].map((v) => pct(v).padStart(7)).join('')}` +
    `${s.pages_per_second.toFixed(1).padStart(10)}${String(s.errors).padStart(8)}`;
  const lines = [`${dir}: ${result.pages} pages (body: shingle P/R/F1 in %; title, author, date: exact-match accuracy in %)`, head];
  for (const name of EXTRACTORS) lines.push(row(name, result[name]));
  if (result.readability.pages_per_second > 0) {
    lines.push(`eventwire is ${(result.eventwire.pages_per_second / result.readability.pages_per_second).toFixed(1)}x the speed of Readability.js (extraction only, HTML parsing included)`);
  }
  for (const e of result.errors) lines.push(`error: ${e.id} (${e.stage}): ${e.message}`);
  return lines.join('\n');
}

/** Per-page F1 of both extractors, eventwire's worst first. */
function formatPerPage(result: ExtractionEvaluation): string {
  const flag = (v: boolean | undefined): string => (v === undefined ? '-' : v ? 'y' : 'n');
  const rows = [...result.perPage].sort((a, b) => a.eventwire.f1 - b.eventwire.f1 || a.id.localeCompare(b.id));
  const lines = [`${'page'.padEnd(40)}${'ew P'.padStart(7)}${'ew R'.padStart(7)}${'ew F1'.padStart(7)}${'rd F1'.padStart(7)}  ew t/a/d  rd t/a/d`];
  for (const p of rows) {
    const e = p.eventwire;
    const r = p.readability;
    lines.push(
      `${p.id.slice(0, 39).padEnd(40)}${pct(e.precision).padStart(7)}${pct(e.recall).padStart(7)}${pct(e.f1).padStart(7)}${pct(r.f1).padStart(7)}` +
        `  ${flag(e.title)}/${flag(e.author)}/${flag(e.date)}     ${flag(r.title)}/${flag(r.author)}/${flag(r.date)}`,
    );
  }
  return lines.join('\n');
}

interface EvalExtractionOptions {
  json?: boolean;
  perPage?: boolean;
  progress: boolean;
}

/** Adds `eventwire extract FILE|DIR` to the program and `eventwire eval extraction DIR` under `eval`. */
export function registerExtractCommands(program: Command, evalCommand: Command): void {
  registerExtractCommand(program);
  registerExtractionEvalCommand(evalCommand);
}

function registerExtractCommand(program: Command): void {
  program
    .command('extract')
    .description('extract the article from HTML pages without storing it: body paragraphs, title, author, date, outlet, lead image, captions, language')
    .argument('<input>', 'an HTML file (.html, optionally gzipped) or a directory of *.html / *.html.gz pages')
    .option('--json', 'print JSON: one object for a file; for a directory one object keyed by file name without extensions')
    .option('--url <url>', "the page's address, for a single file (resolves relative links, names the site)")
    .addOption(new Option('--max-bytes <n>', 'refuse pages larger than this many bytes').argParser(positiveInt).default(DEFAULT_MAX_BYTES, '20 MiB'))
    .action((input: string, opts: ExtractOptions) => {
      try {
        runExtract(input, opts);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`eventwire extract: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

function registerExtractionEvalCommand(evalCommand: Command): void {
  evalCommand
    .command('extraction')
    .description(
      "run eventwire's article extractor and Readability.js side by side on a benchmark folder and score them: body precision/recall/F1 on 4-token shingles (article-extraction-benchmark), title/author/date exact-match accuracy where the truth has them (NAEB), pages per second",
    )
    .argument('<dir>', 'folder with ground-truth.json (id -> {articleBody, title?, authors?, date?, url?}) and html/<id>.html[.gz]')
    .option('--json', 'print the figures as JSON')
    .option('--per-page', "also list every page's scores, eventwire's worst first (per_page with --json)")
    .option('--no-progress', 'do not show progress on stderr')
    .action((dir: string, opts: EvalExtractionOptions) => {
      let result: ExtractionEvaluation;
      const showProgress = opts.progress && process.stderr.isTTY === true;
      try {
        result = evaluateExtraction(dir, {
          ...(showProgress ? { onPage: (done: number, total: number) => process.stderr.write(`\rextraction: ${done}/${total} pages`) } : {}),
        });
      } catch (error) {
        process.stderr.write(`eventwire eval extraction: ${messageOf(error)}\n`);
        process.exitCode = 1;
        return;
      }
      if (showProgress) process.stderr.write('\r\x1b[K');
      if (opts.json) {
        print(JSON.stringify(evaluationJson(result, opts.perPage === true), null, 2));
        return;
      }
      print(formatEvaluation(result, dir));
      if (opts.perPage) print(`\n${formatPerPage(result)}`);
    });
}
