/**
 * Article extraction speed: `node dist/bench/extraction.js [--passes N] [DIR...]`. eventwire's extractor and
 * Readability.js (on jsdom) over the same pages in one process, several passes each, pages per second of
 * extraction alone (HTML parsing included; the pages are read and decoded before timing starts), and the
 * ratio between them (the target is at least 5x).
 *
 * Without DIRs it reads the article-extraction-benchmark's 124 pages from ../shared/data (Readability needs
 * about half a minute a pass over them); a DIR holds *.html / *.html.gz pages directly or in an html/ folder,
 * e.g. `node dist/bench/extraction.js ../shared/data/naeb` for NAEB's 289 pages of 2023.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readHtmlPage } from '../src/extract/evaluate.js';
import { extractArticle } from '../src/extract/index.js';
import { loadReadability, readabilityExtract } from '../src/extract/readability.js';

const projectRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
const sharedData = join(projectRoot, '..', 'shared', 'data');
const defaultDirs = [join(sharedData, 'article-extraction-benchmark')];

function parseArgs(argv: string[]): { passes: number; dirs: string[] } {
  let passes = 3;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--passes') {
      passes = Number(argv[++i]);
      if (!Number.isInteger(passes) || passes <= 0) throw new Error('--passes needs a positive whole number');
    } else {
      dirs.push(arg);
    }
  }
  return { passes, dirs };
}

interface Page {
  name: string;
  html: string;
}

function readPages(dir: string): Page[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`${dir}: not a directory`);
    process.exit(1);
  }
  const folder = existsSync(join(dir, 'html')) && statSync(join(dir, 'html')).isDirectory() ? join(dir, 'html') : dir;
  const pages: Page[] = [];
  for (const name of readdirSync(folder).filter((n) => /\.html?(?:\.gz)?$/i.test(n)).sort()) {
    try {
      pages.push({ name, html: readHtmlPage(join(folder, name)) });
    } catch (error) {
      console.warn(`skipped ${join(folder, name)}: ${(error as Error).message}`);
    }
  }
  return pages;
}

const { passes, dirs: given } = parseArgs(process.argv.slice(2));
const dirs = given.length > 0 ? given : defaultDirs.filter((dir) => existsSync(dir));
if (dirs.length === 0) {
  console.log(
    `No benchmark pages: ${defaultDirs.join(' and ')} is absent (../shared is not part of a fresh clone).\n` +
      'Pass folders of .html / .html.gz pages instead: node dist/bench/extraction.js DIR...',
  );
  process.exit(0);
}

const pages = dirs.flatMap(readPages);
const bytes = pages.reduce((n, p) => n + p.html.length, 0);
console.log(`input: ${pages.length} pages (${(bytes / 1e6).toFixed(1)} M characters) from ${dirs.join(', ')}`);
if (pages.length === 0) process.exit(1);

loadReadability();
const extractors: Record<'eventwire' | 'readability', (html: string) => void> = {
  eventwire: (html) => void extractArticle(html),
  readability: (html) => void readabilityExtract(html),
};

/** One pass of one extractor over every page: milliseconds and how many pages threw. */
function pass(run: (html: string) => void): { ms: number; errors: number } {
  let errors = 0;
  const start = performance.now();
  for (const page of pages) {
    try {
      run(page.html);
    } catch {
      errors++;
    }
  }
  return { ms: performance.now() - start, errors };
}

const times: Record<keyof typeof extractors, number[]> = { eventwire: [], readability: [] };
const errors: Record<keyof typeof extractors, number> = { eventwire: 0, readability: 0 };
for (let i = 0; i < passes; i++) {
  // Alternate which goes first, so neither always runs on the other's garbage.
  const order = i % 2 === 0 ? (['eventwire', 'readability'] as const) : (['readability', 'eventwire'] as const);
  for (const name of order) {
    const r = pass(extractors[name]);
    times[name].push(r.ms);
    errors[name] = r.errors;
  }
  const rate = (ms: number): string => (pages.length / (ms / 1000)).toFixed(1);
  console.log(`pass ${i + 1}/${passes}: eventwire ${rate(times.eventwire[i]!)} pages/s, readability ${rate(times.readability[i]!)} pages/s`);
}

const best = (ms: number[]): number => pages.length / (Math.min(...ms) / 1000);
const median = (ms: number[]): number => pages.length / ([...ms].sort((a, b) => a - b)[ms.length >> 1]! / 1000);
for (const name of ['eventwire', 'readability'] as const) {
  console.log(
    `${name.padEnd(12)} ${best(times[name]).toFixed(1).padStart(8)} pages/s (best of ${passes}; median ${median(times[name]).toFixed(1)})${errors[name] ? `, ${errors[name]} pages threw` : ''}`,
  );
}
const ratio = best(times.eventwire) / best(times.readability);
console.log(`ratio: eventwire is ${ratio.toFixed(1)}x the speed of Readability.js (target: at least 5x)${ratio >= 5 ? '' : ' -- BELOW TARGET'}`);
