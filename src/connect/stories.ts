import { readModelFile, shippedModelPath } from '../util/package-root.js';
import { STORY_VIEWS, type StoryView, type ViewTerms } from './features.js';

/**
 * Stories at two levels, as ECB+ annotates them: a *story* is one happening (the cancelled trip), a *storyline*
 * the topic it belongs to (US–North Korea diplomacy). Articles arrive one at a time and each joins the most
 * likely story or opens a new one; a new story joins the most likely storyline or opens a new one. Nothing is
 * re-clustered: each arrival is compared with a bounded number of candidates, found through an inverted index
 * of the articles' strongest terms.
 *
 * An article is one TF-IDF vector per view (`features.ts`; document frequencies counted as articles arrive); a
 * cluster keeps the sum of its articles' unit vectors per view. The probability that an article belongs to a
 * cluster is a logistic model over the per-view cosines, learned from ECB+ (`scripts/train-stories.ts`).
 */

/** A logistic model over per-view cosines. */
export interface ViewModel {
  bias: number;
  weights: Record<StoryView, number>;
  /** Probability an article needs to join the best cluster rather than open a new one. */
  threshold: number;
}

export interface StoryModel {
  story: ViewModel;
  storyline: ViewModel;
}

export interface StoryIndexOptions {
  model: StoryModel;
  /** Strongest terms of each article that are indexed and queried. */
  indexedTerms: number;
  /** Clusters compared exactly per arrival, the ones sharing most indexed terms. */
  candidates: number;
  /**
   * A story is one happening, reported within days: a story whose dates are further than this from the
   * article's date is not a candidate (when both are known), nor one that would then span more than
   * `maxSpanDays`. A later development opens a new story, in the same storyline.
   */
  maxGapDays: number;
  maxSpanDays: number;
  /**
   * A story that no dated article could join any more (its last date this far behind the newest seen) gives
   * up its centroids and index entries: memory stays bounded by the stories of recent weeks.
   */
  retireAfterDays: number;
}

export function defaultStoryModelPath(): string {
  return shippedModelPath('stories-ecbplus.json');
}

let cachedModel: StoryModel | undefined;

/** Reads a story model file, checking that every view has a weight. */
export function loadStoryModel(path: string = defaultStoryModelPath()): StoryModel {
  if (path === defaultStoryModelPath() && cachedModel) return cachedModel;
  let data: unknown;
  try {
    data = JSON.parse(readModelFile('story', path).toString('utf8'));
  } catch (error) {
    throw new Error(`${path}: not a story model (${(error as Error).message})`);
  }
  const model = data as Partial<StoryModel>;
  for (const level of ['story', 'storyline'] as const) {
    const m = model[level];
    if (!m || typeof m.bias !== 'number' || typeof m.threshold !== 'number' || typeof m.weights !== 'object') {
      throw new Error(`${path}: "${level}" needs bias, threshold and weights`);
    }
    for (const view of STORY_VIEWS) {
      if (typeof m.weights[view] !== 'number') throw new Error(`${path}: "${level}" has no weight for the view "${view}"`);
    }
  }
  if (path === defaultStoryModelPath()) cachedModel = model as StoryModel;
  return model as StoryModel;
}

export interface StoryArticle {
  id: string;
  views: ViewTerms;
  /** ISO date (YYYY-MM-DD...) the article was published, when known. */
  published?: string | null;
  /**
   * For an undated article, a date it cannot be older than (its photos' dates): it keeps it out of stories
   * that ended well before.
   */
  notBefore?: string | null;
}

export interface StoryAssignment {
  article: string;
  story: number;
  storyline: number;
  /** Model probability for the story joined, or for the storyline a new story joined; 1 when both were opened. */
  probability: number;
  openedStory: boolean;
  openedStoryline: boolean;
}

/** A sparse unit vector: term ids with their weights. */
export interface SparseVector {
  ids: number[];
  weights: number[];
}

export type ArticleVectors = Record<StoryView, SparseVector>;

/** The sum of member unit vectors, with its norm kept up to date. */
export class Centroid {
  readonly weights = new Map<number, number>();
  private normSquared = 0;

  add(v: SparseVector): void {
    for (let i = 0; i < v.ids.length; i++) {
      const id = v.ids[i]!;
      const w = v.weights[i]!;
      const old = this.weights.get(id) ?? 0;
      this.normSquared += 2 * old * w + w * w;
      this.weights.set(id, old + w);
    }
  }

  addCentroid(other: Centroid): void {
    for (const [id, w] of other.weights) {
      const old = this.weights.get(id) ?? 0;
      this.normSquared += 2 * old * w + w * w;
      this.weights.set(id, old + w);
    }
  }

  /** Keeps the `n` strongest terms (a long-lived storyline's centroid would otherwise grow without end). */
  prune(n: number): void {
    if (this.weights.size <= n) return;
    const kept = [...this.weights].sort((a, b) => b[1] - a[1]).slice(0, n);
    this.weights.clear();
    this.normSquared = 0;
    for (const [id, w] of kept) {
      this.weights.set(id, w);
      this.normSquared += w * w;
    }
  }

  /** Cosine with a unit vector. */
  cosine(v: SparseVector): number {
    if (this.normSquared <= 1e-12) return 0;
    let dot = 0;
    for (let i = 0; i < v.ids.length; i++) dot += (this.weights.get(v.ids[i]!) ?? 0) * v.weights[i]!;
    return dot / Math.sqrt(this.normSquared);
  }
}

export type ViewCentroids = Record<StoryView, Centroid>;

export function emptyCentroids(): ViewCentroids {
  return Object.fromEntries(STORY_VIEWS.map((v) => [v, new Centroid()])) as ViewCentroids;
}

/**
 * Term ids and document frequencies for every view, counted as articles arrive, and the vectors made from
 * them. Shared by the index and by the training script, so both see articles the same way.
 */
export class ViewSpace {
  /**
   * Document frequencies by hashed term: a fixed table (16 MiB), so memory does not grow with the vocabulary of
   * a never-ending stream. With a few million distinct terms some share a bucket, which raises the document
   * frequency of a rare term a little and changes cosines by as little.
   */
  private readonly documentFrequency = new Uint32Array(TERM_BUCKETS);
  private articleCount = 0;
  private usedBuckets = 0;

  get articles(): number {
    return this.articleCount;
  }

  /** Term buckets in use, over all views. */
  get terms(): number {
    return this.usedBuckets;
  }

  /** Counts an article into the document frequencies and returns its unit TF-IDF vector per view. */
  observe(views: ViewTerms): ArticleVectors {
    this.articleCount++;
    const vectors = {} as ArticleVectors;
    for (const [v, view] of STORY_VIEWS.entries()) {
      const counts = new Map<number, number>();
      for (const [term, n] of views[view]) {
        if (n <= 0) continue;
        const id = termBucket(v, term);
        counts.set(id, (counts.get(id) ?? 0) + n);
      }
      for (const id of counts.keys()) {
        if (this.documentFrequency[id] === 0) this.usedBuckets++;
        this.documentFrequency[id]!++;
      }
      vectors[view] = this.vector([...counts]);
    }
    return vectors;
  }

  private vector(counts: [number, number][]): SparseVector {
    const weights: number[] = [];
    let norm = 0;
    for (const [id, n] of counts) {
      const value = (1 + Math.log(n)) * Math.log(1 + this.articleCount / this.documentFrequency[id]!);
      weights.push(value);
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    return { ids: counts.map((c) => c[0]), weights: weights.map((w) => w / norm) };
  }
}

/** Buckets of the document-frequency table (a power of two). */
const TERM_BUCKETS = 1 << 22;

/** FNV-1a over the view number and the term's UTF-16 code units, folded into the table. */
function termBucket(view: number, term: string): number {
  let h = (0x811c9dc5 ^ view) >>> 0;
  h = Math.imul(h, 0x01000193) >>> 0;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h ^ (h >>> 22)) & (TERM_BUCKETS - 1);
}

/** Per-view cosines of an article with a cluster: the model's features. */
export function viewCosines(article: ArticleVectors, cluster: ViewCentroids): Record<StoryView, number> {
  return Object.fromEntries(STORY_VIEWS.map((v) => [v, cluster[v].cosine(article[v])])) as Record<StoryView, number>;
}

export function probability(model: ViewModel, cosines: Record<StoryView, number>): number {
  let z = model.bias;
  for (const view of STORY_VIEWS) z += model.weights[view] * cosines[view];
  return 1 / (1 + Math.exp(-z));
}

/** Entries of a posting list read per query, the latest: a term in very many clusters says little and costs much. */
const POSTINGS_READ = 200;
/** Arrivals between two retirement sweeps. */
const RETIRE_EVERY = 1_000;
/** Terms a cluster keeps per view: the strongest carry the cosine, the long tail only memory. */
const MAX_CENTROID_TERMS = 2_000;
/** What a retired story keeps of its centroids: nothing (shared, never written: retired stories are skipped). */
const RETIRED_CENTROIDS: ViewCentroids = emptyCentroids();

interface Cluster {
  id: number;
  centroids: ViewCentroids;
  size: number;
  first: number | undefined;
  last: number | undefined;
}

interface Story extends Cluster {
  storyline: number;
  articles: string[];
  /** Retired: too old to be joined; its centroids are gone. */
  retired: boolean;
}

interface Storyline extends Cluster {
  stories: number[];
}

/** Days since the epoch of an ISO date, or undefined. */
function dayNumber(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.slice(0, 10));
  return Number.isFinite(t) ? Math.floor(t / 86_400_000) : undefined;
}

/** The views whose strongest terms find candidates: the topic's words and the names. */
const CANDIDATE_VIEWS: readonly StoryView[] = ['words', 'names'];

/** The `n` strongest term ids of an article's candidate views, strongest first (the lower id on ties). */
function strongestTerms(article: ArticleVectors, n: number): number[] {
  const out: number[] = [];
  if (n <= 0) return out;
  // Per view, the best n so far in order, kept by insertion: a view has hundreds of terms and n is small,
  // so this beats sorting them all (it runs for every article, and for every stored one on a replay).
  const top: number[] = [];
  for (const view of CANDIDATE_VIEWS) {
    const { ids, weights } = article[view];
    top.length = 0;
    for (let i = 0; i < ids.length; i++) {
      const w = weights[i]!;
      const id = ids[i]!;
      if (top.length === n) {
        const last = top[n - 1]!;
        if (w < weights[last]! || (w === weights[last]! && id > ids[last]!)) continue;
      }
      let at = top.length < n ? top.length : n - 1;
      while (at > 0) {
        const before = top[at - 1]!;
        if (weights[before]! > w || (weights[before]! === w && ids[before]! < id)) break;
        if (at < n) top[at] = before;
        at--;
      }
      top[at] = i;
    }
    for (const i of top) out.push(ids[i]!);
  }
  return out;
}

/** An inverted index from term ids to the clusters whose articles have the term among their strongest. */
class ClusterPostings {
  private readonly postings = new Map<number, number[]>();

  add(cluster: number, terms: readonly number[]): void {
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) this.postings.set(term, [cluster]);
      else if (list[list.length - 1] !== cluster) {
        list.push(cluster);
        // Only the latest entries of a list are read; older ones would only hold memory.
        if (list.length >= 2 * POSTINGS_READ) list.splice(0, list.length - POSTINGS_READ);
      }
    }
  }

  /** Entries over all posting lists. */
  get size(): number {
    let n = 0;
    for (const list of this.postings.values()) n += list.length;
    return n;
  }

  /** Drops clusters from every posting list. */
  remove(clusters: ReadonlySet<number>): void {
    for (const [term, list] of this.postings) {
      const kept = list.filter((c) => !clusters.has(c));
      if (kept.length === 0) this.postings.delete(term);
      else if (kept.length !== list.length) this.postings.set(term, kept);
    }
  }

  /** Clusters sharing most of the terms, at most `limit`; of a term in very many clusters only the latest count. */
  candidates(terms: readonly number[], limit: number): number[] {
    const shared = new Map<number, number>();
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = list.length - 1, seen = 0; i >= 0 && seen < POSTINGS_READ; i--, seen++) {
        shared.set(list[i]!, (shared.get(list[i]!) ?? 0) + 1);
      }
    }
    return [...shared].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, limit).map(([c]) => c);
  }
}

export class StoryIndex {
  readonly options: StoryIndexOptions;
  private readonly space = new ViewSpace();
  private readonly storyList = new Map<number, Story>();
  private readonly storylineList = new Map<number, Storyline>();
  private nextStory = 0;
  private nextStoryline = 0;
  private latestDay: number | undefined;
  private sinceRetirement = 0;
  /** Stories not retired. */
  private readonly activeStories = new Set<number>();
  /** Clusters that took articles since the last sweep. */
  private readonly grown = new Set<Cluster>();
  private readonly storyPostings = new ClusterPostings();
  private readonly storylinePostings = new ClusterPostings();

  constructor(options: Partial<StoryIndexOptions> = {}) {
    this.options = { model: options.model ?? loadStoryModel(), indexedTerms: 16, candidates: 40, maxGapDays: 4, maxSpanDays: 14, retireAfterDays: 30, ...options };
  }

  get articles(): number {
    return this.space.articles;
  }

  /** Adds one article: it joins the most likely story (and its storyline) or opens a new story. */
  add(article: StoryArticle): StoryAssignment {
    const { model } = this.options;
    const vectors = this.space.observe(article.views);
    const day = dayNumber(article.published);
    const notBefore = day === undefined ? dayNumber(article.notBefore) : undefined;
    const terms = strongestTerms(vectors, this.options.indexedTerms);

    let story: Story | undefined;
    let best = model.story.threshold;
    for (const id of this.storyPostings.candidates(terms, this.options.candidates)) {
      const candidate = this.storyList.get(id)!;
      if (candidate.retired) continue;
      if (day !== undefined && candidate.first !== undefined && candidate.last !== undefined) {
        const { maxGapDays, maxSpanDays } = this.options;
        if (day < candidate.first - maxGapDays || day > candidate.last + maxGapDays) continue;
        if (Math.max(day, candidate.last) - Math.min(day, candidate.first) > maxSpanDays) continue;
      }
      if (notBefore !== undefined && candidate.last !== undefined && notBefore > candidate.last + this.options.maxGapDays) continue;
      const p = probability(model.story, viewCosines(vectors, candidate.centroids));
      if (p >= best) {
        story = candidate;
        best = p;
      }
    }

    let openedStory = false;
    let openedStoryline = false;
    if (!story) {
      openedStory = true;
      let line: Storyline | undefined;
      best = model.storyline.threshold;
      for (const id of this.storylinePostings.candidates(terms, this.options.candidates)) {
        const candidate = this.storylineList.get(id)!;
        const p = probability(model.storyline, viewCosines(vectors, candidate.centroids));
        if (p >= best) {
          line = candidate;
          best = p;
        }
      }
      if (!line) {
        openedStoryline = true;
        best = 1;
        line = this.storyline(this.nextStoryline);
      }
      story = this.story(this.nextStory, line.id);
    }
    this.join(article.id, vectors, day, terms, story);
    return { article: article.id, story: story.id, storyline: story.storyline, probability: best, openedStory, openedStoryline };
  }

  /**
   * Puts an article back where an earlier run placed it (from the store), deciding nothing: a new index
   * replays what is stored, in the order it was stored, and goes on from there.
   */
  restore(article: StoryArticle, storyId: number, storylineId: number): void {
    const vectors = this.space.observe(article.views);
    const line = this.storylineList.get(storylineId) ?? this.storyline(storylineId);
    const story = this.storyList.get(storyId) ?? this.story(storyId, line.id);
    if (story.storyline !== line.id) throw new Error(`story ${storyId} is in storyline ${story.storyline}, not ${storylineId}`);
    this.join(article.id, vectors, dayNumber(article.published), strongestTerms(vectors, this.options.indexedTerms), story);
  }

  /** Adds an article to a story and its storyline: centroids, dates, index. */
  private join(id: string, vectors: ArticleVectors, day: number | undefined, terms: readonly number[], story: Story): void {
    const line = this.storylineList.get(story.storyline)!;
    for (const cluster of [story, line]) {
      for (const view of STORY_VIEWS) cluster.centroids[view].add(vectors[view]);
      cluster.size++;
      if (day !== undefined) {
        cluster.first = cluster.first === undefined ? day : Math.min(cluster.first, day);
        cluster.last = cluster.last === undefined ? day : Math.max(cluster.last, day);
      }
    }
    story.articles.push(id);
    this.grown.add(story);
    this.grown.add(line);
    this.storyPostings.add(story.id, terms);
    this.storylinePostings.add(line.id, terms);
    if (day !== undefined && (this.latestDay === undefined || day > this.latestDay)) this.latestDay = day;
    if (++this.sinceRetirement >= RETIRE_EVERY) this.retireOldStories();
  }

  /** Retires the stories no dated article can join any more, and drops them from the index. */
  private retireOldStories(): void {
    this.sinceRetirement = 0;
    if (this.latestDay === undefined) return;
    const before = this.latestDay - this.options.retireAfterDays;
    const retired = new Set<number>();
    // Only the active stories are looked at, and only the clusters that grew are pruned: a sweep costs what
    // the recent weeks hold, not the whole history.
    for (const id of this.activeStories) {
      const story = this.storyList.get(id)!;
      if (story.last === undefined || story.last >= before) continue;
      story.retired = true;
      story.centroids = RETIRED_CENTROIDS;
      retired.add(story.id);
      this.activeStories.delete(id);
    }
    if (retired.size > 0) this.storyPostings.remove(retired);
    for (const cluster of this.grown) {
      if (cluster.centroids === RETIRED_CENTROIDS) continue;
      for (const view of STORY_VIEWS) cluster.centroids[view].prune(MAX_CENTROID_TERMS);
    }
    this.grown.clear();
  }

  private storyline(id: number): Storyline {
    const line: Storyline = { id, centroids: emptyCentroids(), size: 0, first: undefined, last: undefined, stories: [] };
    this.storylineList.set(id, line);
    this.nextStoryline = Math.max(this.nextStoryline, id + 1);
    return line;
  }

  private story(id: number, storyline: number): Story {
    const story: Story = { id, centroids: emptyCentroids(), size: 0, first: undefined, last: undefined, storyline, articles: [], retired: false };
    this.storyList.set(id, story);
    this.activeStories.add(id);
    this.storylineList.get(storyline)!.stories.push(id);
    this.nextStory = Math.max(this.nextStory, id + 1);
    return story;
  }

  /** Sizes, for benchmarks and monitoring: what the index holds in memory. */
  stats(): { articles: number; stories: number; activeStories: number; storylines: number; terms: number; storyCentroidTerms: number; storylineCentroidTerms: number; postings: number } {
    let active = 0;
    let storyTerms = 0;
    for (const story of this.storyList.values()) {
      if (!story.retired) active++;
      for (const v of STORY_VIEWS) storyTerms += story.centroids[v].weights.size;
    }
    let lineTerms = 0;
    for (const line of this.storylineList.values()) for (const v of STORY_VIEWS) lineTerms += line.centroids[v].weights.size;
    return {
      articles: this.space.articles,
      stories: this.storyList.size,
      activeStories: active,
      storylines: this.storylineList.size,
      terms: this.space.terms,
      storyCentroidTerms: storyTerms,
      storylineCentroidTerms: lineTerms,
      postings: this.storyPostings.size + this.storylinePostings.size,
    };
  }

  /** Each story's articles in arrival order, with its storyline. */
  stories(): { id: number; storyline: number; articles: readonly string[] }[] {
    return [...this.storyList.values()].map((s) => ({ id: s.id, storyline: s.storyline, articles: s.articles }));
  }

}
