/**
 * Duplicate detection on generated articles with planted copies: `node dist/bench/duplicates.js
 * [--articles N] [--dup-rate R] [--seed S] [--raw]`.
 *
 * Articles come from the corpus generator. A share of them (R, default 0.1, of the N in the stream) are
 * planted copies of an earlier generated article, rebuilt around its clean body with another outlet's
 * headline, byline and site chrome: `exact` (same words; curly quotes, dashes and spacing changed), `edited`
 * (an update paragraph added, a paragraph dropped or a few words changed), `truncated` (the first 30–70% of
 * the paragraphs) and `chain` (an edited copy of a copy). Some copies arrive before their original, so the
 * expected answer is always the first article of the group in stream order. Every article is cleaned (unless
 * `--raw`) and its body added to a DuplicateIndex; the report gives the index's own time and articles per
 * second, peak RSS, and precision and recall of (article → original) pairs against the planted groups.
 * A benchmark, not a test: it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { cleanSource } from '../src/clean/index.js';
import { DuplicateIndex, type DuplicateKind, type DuplicateMatch } from '../src/connect/duplicates.js';
import { seededRandom } from '../src/util/random.js';
import { generateArticles, type GeneratedArticle } from './generate-corpus.js';

type Plant = 'exact' | 'edited' | 'truncated' | 'chain';

interface Item {
  id: string;
  body: string;
  /** Planted group (the generated article's number), or -1 for an article nobody copied. */
  group: number;
  plant: Plant | 'original';
}

interface Args {
  articles: number;
  dupRate: number;
  seed: number;
  raw: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { articles: 100_000, dupRate: 0.1, seed: 42, raw: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v)) usage(`${flag} needs a number`);
      return v;
    };
    if (flag === '--articles') args.articles = value();
    else if (flag === '--dup-rate') args.dupRate = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--raw') args.raw = true;
    else usage(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(args.articles) || args.articles <= 0) usage('--articles must be a positive whole number');
  if (!(args.dupRate >= 0 && args.dupRate < 0.9)) usage('--dup-rate must be in [0, 0.9)');
  return args;
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: node dist/bench/duplicates.js [--articles N] [--dup-rate R] [--seed S] [--raw]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Planting copies

const COPY_OUTLETS = ['Copperfen Daily', 'Saltmarsh Review', 'Quillstone Gazette', 'The Ninefold Observer', 'Harbourlight News'];
const UPDATE_PARAGRAPHS = [
  'This story has been updated with comment from the foreign ministry.',
  'Later on the same day, a government spokesman said the talks would continue next month at a venue still to be agreed, and that both delegations had been instructed to prepare written proposals.',
  'Neither government responded to requests for comment on the latest developments by the time of publication.',
  'A follow-up meeting of technical experts is scheduled for the coming weeks, according to a statement released after the session ended.',
];
const WORD_SWAPS: readonly [RegExp, string][] = [
  [/\bsaid\b/, 'told reporters'],
  [/\bofficials\b/, 'government officials'],
  [/\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/, '$1'],
  [/\bnegotiators\b/, 'envoys'],
  [/\btalks\b/, 'negotiations'],
];

class Planter {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed ^ 0x9e3779b9);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  /** Same words, other typography: curly quotes, em dashes, doubled spaces. */
  retype(paragraphs: string[]): string[] {
    return paragraphs.map((p) =>
      p
        .replace(/"([^"]*)"/g, '\u201c$1\u201d')
        .replace(/'/g, '\u2019')
        .replace(/ - | -- /g, ' \u2014 ')
        .replace(/\. /g, '.  '),
    );
  }

  /** One or two small edits: an update paragraph, a dropped paragraph, a few changed words. */
  edit(paragraphs: string[]): string[] {
    const out = paragraphs.slice();
    const edits = this.int(1, 2);
    for (let e = 0; e < edits; e++) {
      switch (this.int(0, 3)) {
        case 0:
          out.push(this.pick(UPDATE_PARAGRAPHS));
          break;
        case 1:
          out.splice(this.int(1, out.length), 0, this.pick(UPDATE_PARAGRAPHS));
          break;
        case 2:
          if (out.length > 4) out.splice(this.int(1, out.length - 1), 1);
          break;
        default:
          for (let swaps = this.int(1, 3); swaps > 0; swaps--) {
            const i = this.int(0, out.length - 1);
            const [pattern, replacement] = this.pick(WORD_SWAPS);
            out[i] = out[i]!.replace(pattern, replacement);
          }
      }
    }
    return out;
  }

  /** The first 30–70% of the paragraphs, at least three. */
  truncate(paragraphs: string[]): string[] {
    const keep = Math.max(3, Math.round(paragraphs.length * (0.3 + 0.4 * this.random())));
    return paragraphs.slice(0, Math.min(keep, paragraphs.length - 1));
  }

  /** A scraped page around `paragraphs`, as another outlet would run the story. */
  page(title: string, published: string, paragraphs: string[]): string {
    const outlet = this.pick(COPY_OUTLETS);
    const lines: string[] = [];
    if (this.chance(0.3)) lines.push(this.pick(['Skip to content', `${outlet} | World | Politics`]));
    lines.push(this.pick([`UPDATE 1-${title}`, title, `${title} - ${outlet}`, `WORLD NEWS: ${title}`]), '');
    lines.push(published, this.pick([`By Staff | ${outlet}`, `${outlet} wire services`, 'By Wire Staff']), '');
    const body = paragraphs.slice();
    if (this.chance(0.5) && body.length > 0) body[0] = `${this.pick(['GENEVA', 'VIENNA', 'OSLO'])} (${outlet}) \u2014 ${body[0]}`;
    for (const p of body) lines.push(p, '');
    if (this.chance(0.5)) lines.push('Most Read', '1. Storms disrupt flights across the region', '2. Central bank holds rates steady');
    lines.push(`\u00a9 ${published.slice(0, 4)} ${outlet}. All rights reserved.`);
    return lines.join('\n');
  }
}

function paragraphsOf(body: string): string[] {
  return body.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
}

// ---------------------------------------------------------------------------------------------------------
// Run

const args = parseArgs(process.argv.slice(2));
let cleanSeconds = 0;
let generateSeconds = 0;
let indexSeconds = 0;

function bodyOf(uri: string, text: string): string {
  if (args.raw) return text;
  const t0 = performance.now();
  const docs = cleanSource({ uri, format: 'txt', text, encoding: 'utf-8', hints: {} });
  const body = docs.map((d) => d.body().text).join('\n\n');
  cleanSeconds += (performance.now() - t0) / 1000;
  return body;
}

// Each planted group holds 1.15 copies on average (15% add a copy of the copy).
const groupChance = args.dupRate / (1 - args.dupRate) / 1.15;
const window = 2000;
const planter = new Planter(args.seed);
const index = new DuplicateIndex();
const scheduled = new Map<number, Item[]>();
const firstOfGroup = new Map<number, string>();
const schedule = (at: number, item: Item): void => {
  const list = scheduled.get(at);
  if (list) list.push(item);
  else scheduled.set(at, [item]);
};

interface Tally {
  expected: number;
  found: number;
  kinds: Record<DuplicateKind, number>;
}
const byPlant = new Map<Plant | 'original', Tally>();
let predicted = 0;
let truePositives = 0;
let expectedPositives = 0;
const falsePositives: { id: string; match: DuplicateMatch; expected: string | null }[] = [];
let emitted = 0;

function emit(item: Item): void {
  let expected: string | null = null;
  if (item.group >= 0) {
    const first = firstOfGroup.get(item.group);
    if (first === undefined) firstOfGroup.set(item.group, item.id);
    else expected = first;
  }
  const t0 = performance.now();
  const match = index.add(item.id, item.body);
  indexSeconds += (performance.now() - t0) / 1000;
  emitted++;
  const tally = byPlant.get(item.plant) ?? { expected: 0, found: 0, kinds: { exact: 0, near: 0, contained: 0 } };
  byPlant.set(item.plant, tally);
  if (expected !== null) {
    expectedPositives++;
    tally.expected++;
  }
  if (match) {
    predicted++;
    tally.kinds[match.kind]++;
    if (match.of === expected) {
      truePositives++;
      tally.found++;
    } else falsePositives.push({ id: item.id, match, expected });
  }
  if (emitted % 10_000 === 0) process.stderr.write(`  ${emitted.toLocaleString('en-US')} articles\r`);
}

function plantCopies(article: GeneratedArticle, body: string, group: number, step: number): Item[] {
  const paragraphs = paragraphsOf(body);
  const plant = planter.pick<Plant>(['exact', 'edited', 'edited', 'truncated']);
  const copyParagraphs =
    plant === 'exact' ? planter.retype(paragraphs) : plant === 'edited' ? planter.edit(paragraphs) : planter.truncate(paragraphs);
  const copies: Item[] = [];
  const copy = (paras: string[], kind: Plant): Item => {
    const id = `copy-${group}-${copies.length + 1}`;
    const text = planter.page(article.title, article.published, paras);
    return { id, body: bodyOf(id, text), group, plant: kind };
  };
  copies.push(copy(copyParagraphs, plant));
  if (plant !== 'truncated' && planter.chance(0.15)) copies.push(copy(planter.edit(copyParagraphs), 'chain'));
  let at = step;
  for (const item of copies) schedule((at += planter.int(1, window)), item);
  return copies;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const started = performance.now();
let step = 0;
let t0 = performance.now();
for (const article of generateArticles(args.articles, args.seed)) {
  generateSeconds += (performance.now() - t0) / 1000;
  if (emitted >= args.articles) break;
  const id = `article-${step}`;
  const body = bodyOf(id, article.text);
  const original: Item = { id, body, group: -1, plant: 'original' };
  if (paragraphsOf(body).length >= 4 && planter.chance(groupChance)) {
    original.group = step;
    plantCopies(article, body, step, step);
    // Sometimes the copy runs first: the original then waits for its turn after it.
    if (planter.chance(0.15)) schedule(step + window + planter.int(1, window), original);
    else emit(original);
  } else emit(original);
  for (const item of scheduled.get(step) ?? []) if (emitted < args.articles) emit(item);
  scheduled.delete(step);
  step++;
  t0 = performance.now();
}
for (const at of [...scheduled.keys()].sort((a, b) => a - b)) {
  for (const item of scheduled.get(at)!) emit(item);
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
const totalSeconds = (performance.now() - started) / 1000;

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
const precision = predicted === 0 ? 1 : truePositives / predicted;
const recall = expectedPositives === 0 ? 1 : truePositives / expectedPositives;
const stats = index.stats();
console.log(
  `duplicates bench: ${emitted.toLocaleString('en-US')} articles (${expectedPositives.toLocaleString('en-US')} planted copies), seed ${args.seed}, ${args.raw ? 'raw text' : 'clean bodies'} (node ${process.version})`,
);
console.log(`  duplicate index   ${indexSeconds.toFixed(2)} s  ${Math.round(emitted / indexSeconds).toLocaleString('en-US')} articles/s  (${((1000 * indexSeconds) / emitted).toFixed(3)} ms/article)`);
console.log(`  generate ${generateSeconds.toFixed(1)} s, clean ${cleanSeconds.toFixed(1)} s, total ${totalSeconds.toFixed(1)} s`);
console.log(`  index typed arrays ${(stats.bytes / 2 ** 20).toFixed(1)} MiB (${Math.round(stats.bytes / Math.max(1, stats.articles))} bytes/article); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(`  precision ${pct(precision)} (${predicted - truePositives} wrong of ${predicted} reported)  recall ${pct(recall)} (${truePositives} of ${expectedPositives})`);
for (const [plant, t] of [...byPlant.entries()].sort()) {
  const kinds = Object.entries(t.kinds).map(([k, n]) => `${k} ${n}`).join(', ');
  // An original counts as a copy when its copy ran first.
  const found = `found ${t.found}/${t.expected} (${pct(t.expected ? t.found / t.expected : 1)}); `;
  console.log(`    ${plant.padEnd(9)} ${found}reported as: ${kinds}`);
}
for (const fp of falsePositives.slice(0, 5)) {
  console.log(`    wrong: ${fp.id} → ${fp.match.of} (${fp.match.kind} ${fp.match.similarity.toFixed(2)}), expected ${fp.expected ?? 'none'}`);
}
