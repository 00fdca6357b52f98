/**
 * Incremental story clustering at scale:
 *   node dist/bench/stories.js [--articles N] [--pool P] [--seed S] [--story-size K] [--shuffled]
 *
 * The language stage reads about 50 generated articles a second, too slow to analyse 100,000 for a benchmark of
 * the clustering alone, so the arrivals are built from a pool of P generated articles (default 2,000) that are
 * cleaned and analysed for real. Each planted story takes one pool article's views and renames what makes a
 * happening itself (names, people, places, figures, years) with a story number, so stories do not collapse
 * into the pool's few hundred; each of its 1–K articles (K = 8 unless given) drops a random fifth of the terms
 * (outlets word things differently) and is published within a few days of the story's first, the stories
 * spread over one year. They arrive in publication order, as from feeds, or with `--shuffled` in a seeded random
 * order, as an archive read in file order does. B-cubed is scored on where articles ended (a split or an
 * absorption moves them).
 * The report gives the clustering's own time (StoryIndex.add), articles per second, heap and peak RSS along
 * the way, and B-cubed F1 against the planted stories as a sanity check. A benchmark: it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { cleanSource } from '../src/clean/index.js';
import { STORY_VIEWS, articleViews, type ArticleViews } from '../src/connect/features.js';
import { bcubed } from '../src/connect/metrics.js';
import { StoryIndex } from '../src/connect/stories.js';
import { analyseLanguage } from '../src/language/index.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { seededRandom } from '../src/util/random.js';
import { generateArticles } from './generate-corpus.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench/stories: --${name} must be a positive whole number`);
    process.exit(2);
  }
  return n;
}

const articles = option('articles', 100_000);
const poolSize = option('pool', 2_000);
const seed = option('seed', 7);
const largestStory = option('story-size', 8);
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// 1. The pool, analysed by the real language stage.
const tools = loadLanguageTools();
const pool: ArticleViews[] = [];
const poolStarted = performance.now();
for (const generated of generateArticles(poolSize, seed)) {
  for (const doc of cleanSource({ uri: generated.fileName, format: 'txt', text: generated.text, encoding: 'utf-8', hints: {} })) {
    pool.push(articleViews(doc, analyseLanguage(doc, tools)));
  }
}
console.log(`pool: ${pool.length} generated articles cleaned and analysed in ${((performance.now() - poolStarted) / 1000).toFixed(1)} s`);

// 2. Planted stories, arriving in publication order (or shuffled).
const random = seededRandom(seed);
/** Views that name the happening itself: renamed per story. */
const SPECIFIC = new Set(['names', 'people', 'places', 'numbers', 'leadNames', 'years']);
function storyViews(base: ArticleViews, story: number): ArticleViews {
  const out = {} as ArticleViews;
  for (const view of STORY_VIEWS) {
    const terms = new Map<string, number>();
    for (const [term, n] of base[view]) {
      if (random() < 0.2) continue;
      terms.set(SPECIFIC.has(view) ? `${term}#${story}` : term, n);
    }
    out[view] = terms;
  }
  return out;
}
interface Arrival {
  id: string;
  story: number;
  day: number;
  base: number;
}
const arrivals: Arrival[] = [];
for (let story = 0; arrivals.length < articles; story++) {
  const size = 1 + Math.floor(random() * largestStory);
  const firstDay = Math.floor(random() * 365);
  const base = Math.floor(random() * pool.length);
  for (let i = 0; i < size && arrivals.length < articles; i++) {
    arrivals.push({ id: `a${arrivals.length}`, story, day: firstDay + Math.floor(random() * 4), base });
  }
}
arrivals.sort((a, b) => a.day - b.day || a.id.localeCompare(b.id));
if (process.argv.includes('--shuffled')) {
  const shuffle = seededRandom(seed + 1);
  for (let i = arrivals.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
  }
}
const isoDay = (day: number): string => new Date(Date.UTC(2019, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

// 3. Clustering, timed on its own. Run with --expose-gc for heap figures without garbage.
(globalThis as { gc?: () => void }).gc?.();
console.log(`heap before clustering (language tools, pool): ${mib(process.memoryUsage().heapUsed)}`);
const index = new StoryIndex();
const predicted = new Map<string, string>();
const gold = new Map<string, string>();
let clustering = 0;
let peakRss = 0;
for (const [i, a] of arrivals.entries()) {
  const views = storyViews(pool[a.base]!, a.story);
  const started = performance.now();
  index.add({ id: a.id, views, published: isoDay(a.day) });
  clustering += performance.now() - started;
  gold.set(a.id, String(a.story));
  if ((i + 1) % 25_000 === 0 || i + 1 === arrivals.length) {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    console.log(`  ${i + 1} articles: clustering ${(clustering / 1000).toFixed(1)} s, heap ${mib(memory.heapUsed)}, rss ${mib(memory.rss)}, index ${JSON.stringify(index.stats())}`);
  }
}
// Where each article ended: a split or an absorption may have moved it after it arrived.
for (const story of index.stories()) for (const id of story.articles) predicted.set(id, String(story.id));
const score = bcubed(gold, predicted);
console.log(`clustered ${arrivals.length} articles into ${new Set(predicted.values()).size} stories, ${index.stories().length} kept,  (${new Set(gold.values()).size} planted) in ${(clustering / 1000).toFixed(1)} s: ` +
  `${Math.round(arrivals.length / (clustering / 1000))} articles/s, ${(clustering / arrivals.length).toFixed(2)} ms/article, one core`);
console.log(`B-cubed against the planted stories: F1 ${score.f1.toFixed(4)} (P ${score.precision.toFixed(4)}, R ${score.recall.toFixed(4)}); peak RSS ${mib(peakRss)}`);
