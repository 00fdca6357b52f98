import { readModelFile, shippedModelPath } from '../util/package-root.js';
import { partitionPoint } from '../util/search.js';
import { STORY_VIEWS, type StoryView, type ViewTerms } from './features.js';
import type { SnapshotReader, SnapshotWriter } from './snapshot-codec.js';

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

/**
 * Whether two groups of articles report one happening: a logistic model over the per-view cosines of their
 * centroids. It decides a story's split and is only asked about groups of at least `minimumHalf` articles,
 * where averaging has removed most of what single articles add by chance.
 */
export interface SplitModel extends ViewModel {
  minimumHalf: number;
}

export interface StoryModel {
  story: ViewModel;
  storyline: ViewModel;
  /** Without it, stories are never split and small stories never absorbed (models trained before it existed). */
  split?: SplitModel;
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
   * A story that the arrivals of a whole sweep interval (`RETIRE_EVERY` articles) left this far behind, none
   * of them dated within this many days of its own dates, gives up its centroids and index entries: memory
   * stays bounded by the stories of recent weeks when articles arrive as they are published. An archive
   * arriving in any order keeps reaching back, so its stories stay open to its late-coming reports.
   */
  retireAfterDays: number;
  /**
   * Stories kept open at most: past it, a sweep retires the least recently fed. Bounds memory whatever the
   * arrivals (a high-volume stream, an archive in any order, undated articles): 45–70 KB a story.
   */
  maxActiveStories: number;
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
  if (model.split !== undefined) {
    const m = model.split;
    if (typeof m.bias !== 'number' || typeof m.threshold !== 'number' || typeof m.weights !== 'object' || !Number.isInteger(m.minimumHalf) || m.minimumHalf < 1) {
      throw new Error(`${path}: "split" needs bias, threshold, weights and a whole minimumHalf of at least 1`);
    }
    for (const view of STORY_VIEWS) {
      if (typeof m.weights[view] !== 'number') throw new Error(`${path}: "split" has no weight for the view "${view}"`);
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

/** An article an arrival moved to another story (a story split in two, or a small one absorbed). */
export interface StoryMove {
  article: string;
  story: number;
  storyline: number;
}

export interface StoryAssignment {
  article: string;
  story: number;
  storyline: number;
  /** Model probability for the story joined, or for the storyline a new story joined; 1 when both were opened. */
  probability: number;
  openedStory: boolean;
  openedStoryline: boolean;
  /** Earlier articles this arrival moved, in the order they moved: their stored placement changes with them. */
  moved: StoryMove[];
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

  /** Takes a member's unit vector back out (terms pruned away meanwhile are left as they are). */
  subtract(v: SparseVector): void {
    for (let i = 0; i < v.ids.length; i++) {
      const id = v.ids[i]!;
      const old = this.weights.get(id);
      if (old === undefined) continue;
      const next = old - v.weights[i]!;
      this.normSquared += next * next - old * old;
      if (Math.abs(next) < 1e-9) this.weights.delete(id);
      else this.weights.set(id, next);
    }
    // Rounding can leave a hair below zero once everything is taken out.
    this.normSquared = this.weights.size === 0 ? 0 : Math.max(0, this.normSquared);
  }

  /** Its terms in their order and its norm, bit for bit (see StoryIndex.writeSnapshot). */
  write(out: SnapshotWriter): void {
    out.uints([...this.weights.keys()]);
    out.doubles([...this.weights.values()]);
    out.double(this.normSquared);
  }

  static read(input: SnapshotReader): Centroid {
    const centroid = new Centroid();
    const ids = input.uints();
    const weights = input.doubles();
    if (ids.length !== weights.length) throw new Error(`connector snapshot: a centroid has ${ids.length} terms and ${weights.length} weights`);
    for (let i = 0; i < ids.length; i++) centroid.weights.set(ids[i]!, weights[i]!);
    centroid.normSquared = input.double();
    return centroid;
  }

  /** Cosine with another centroid. */
  cosineWith(other: Centroid): number {
    if (this.normSquared <= 1e-12 || other.normSquared <= 1e-12) return 0;
    const [small, large] = this.weights.size <= other.weights.size ? [this, other] : [other, this];
    let dot = 0;
    for (const [id, w] of small.weights) dot += w * (large.weights.get(id) ?? 0);
    return dot / Math.sqrt(this.normSquared * other.normSquared);
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

/** The centroids of a group of articles. */
export function centroidsOf(members: Iterable<ArticleVectors>): ViewCentroids {
  const centroids = emptyCentroids();
  for (const vectors of members) for (const view of STORY_VIEWS) centroids[view].add(vectors[view]);
  return centroids;
}

/** Per-view cosines of two groups' centroids: the split model's features. */
export function centroidCosines(a: ViewCentroids, b: ViewCentroids): Record<StoryView, number> {
  return Object.fromEntries(STORY_VIEWS.map((v) => [v, a[v].cosineWith(b[v])])) as Record<StoryView, number>;
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

  /** The document frequencies in use (bucket, count), and the article count. */
  write(out: SnapshotWriter): void {
    out.uint(this.articleCount);
    out.uint(this.usedBuckets);
    for (let id = 0; id < TERM_BUCKETS; id++) {
      if (this.documentFrequency[id] === 0) continue;
      out.uint(id);
      out.uint(this.documentFrequency[id]!);
    }
  }

  read(input: SnapshotReader): void {
    this.articleCount = input.uint();
    this.usedBuckets = input.count(2);
    for (let k = 0; k < this.usedBuckets; k++) {
      const id = input.uint();
      if (id >= TERM_BUCKETS) throw new Error(`connector snapshot: term bucket ${id} is outside the table`);
      this.documentFrequency[id] = input.uint();
    }
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

/** Power-iteration steps of the bisection: the eigenvector of a few dozen members settles long before. */
const BISECT_ITERATIONS = 300;

/**
 * Splits a group of articles in two where the story model finds them least alike: the second eigenvector of
 * their normalised similarity graph (pairwise probabilities of the story model), cut where the normalised cut
 * is smallest (spectral bisection, Shi and Malik). Unlike 2-means it does not let the larger happening's
 * centroid pull in the smaller one's articles. Returns the side of each member (true: the second group).
 */
export function bisect(members: readonly ArticleVectors[], model: ViewModel): boolean[] {
  const n = members.length;
  if (n < 2) return members.map(() => false);
  // Each member as a centroid of itself: the pairwise cosines are then the index's own viewCosines.
  const alone = members.map((m) => centroidsOf([m]));
  const similarity = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) similarity[i]![j] = similarity[j]![i] = probability(model, viewCosines(members[j]!, alone[i]!));
  }
  const degree = similarity.map((row) => row.reduce((sum, x) => sum + x, 0) + 1e-9);
  const root = degree.map(Math.sqrt);
  const rootNorm = Math.hypot(...root);
  const first = root.map((r) => r / rootNorm); // the top eigenvector of D^-1/2 W D^-1/2, projected out
  let x = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  for (let step = 0; step < BISECT_ITERATIONS; step++) {
    // (I + D^-1/2 W D^-1/2) x: shifted so that every eigenvalue is positive and the second largest leads.
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = x[i]!;
      for (let j = 0; j < n; j++) sum += (similarity[i]![j]! * x[j]!) / (root[i]! * root[j]!);
      y[i] = sum;
    }
    let along = 0;
    for (let i = 0; i < n; i++) along += y[i]! * first[i]!;
    for (let i = 0; i < n; i++) y[i] = y[i]! - along * first[i]!;
    const norm = Math.hypot(...y) || 1;
    x = y.map((value) => value / norm);
  }
  const order = [...x].map((value, i) => ({ value: value / root[i]!, i })).sort((a, b) => a.value - b.value || a.i - b.i);
  const total = degree.reduce((sum, d) => sum + d, 0);
  const inFirst = new Uint8Array(n);
  let volume = 0;
  let cut = 0;
  let best = Infinity;
  let cutAt = 1;
  for (let k = 0; k < n - 1; k++) {
    const i = order[k]!.i;
    inFirst[i] = 1;
    volume += degree[i]!;
    for (let j = 0; j < n; j++) if (j !== i) cut += inFirst[j] ? -similarity[i]![j]! : similarity[i]![j]!;
    const normalisedCut = cut / volume + cut / (total - volume);
    if (normalisedCut < best) {
      best = normalisedCut;
      cutAt = k + 1;
    }
  }
  const side = members.map(() => false);
  for (let k = 0; k < cutAt; k++) side[order[k]!.i] = true;
  return side;
}

/** Entries of a posting list read per query, the latest: a term in very many clusters says little and costs much. */
const POSTINGS_READ = 200;
/** Arrivals between two retirement sweeps. */
const RETIRE_EVERY = 1_000;

/** Whether a list sorted ascending holds a value in [from, to]. */
function anyWithin(sorted: readonly number[], from: number, to: number): boolean {
  const at = partitionPoint(sorted, (value) => value < from);
  return at < sorted.length && sorted[at]! <= to;
}

/** Terms a cluster keeps per view: the strongest carry the cosine, the long tail only memory. */
const MAX_CENTROID_TERMS = 2_000;
/**
 * Members whose vectors a story keeps, for splitting it and for absorbing small stories into others: a story
 * grown past this is settled (it keeps only its centroids), which bounds both memory and a split's cost.
 */
const MAX_MEMBERS = 64;
/** A story is checked for a split again once it has grown by this factor since the last check. */
const SPLIT_GROWTH = 1.2;
/** What a retired story keeps of its centroids: nothing (shared, never written: retired stories are skipped). */
const RETIRED_CENTROIDS: ViewCentroids = emptyCentroids();

interface Cluster {
  id: number;
  centroids: ViewCentroids;
  size: number;
  first: number | undefined;
  last: number | undefined;
}

/** An article of a story that may still be split or absorbed, with what moving it needs. */
interface Member {
  id: string;
  vectors: ArticleVectors;
  day: number | undefined;
  terms: readonly number[];
  /** Its place in the order of arrival (1 for the index's first article). */
  arrival: number;
}

interface Story extends Cluster {
  storyline: number;
  articles: string[];
  /** Its articles' vectors, in arrival order, until the story is settled or retired (see MAX_MEMBERS). */
  members: Member[] | undefined;
  /** Members at the last split check. */
  checkedAt: number;
  /** Retired: too old to be joined; its centroids are gone. */
  retired: boolean;
  /** The latest arrival among its articles: the least recently fed stories go first past `maxActiveStories`. */
  touched: number;
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

  write(out: SnapshotWriter): void {
    out.uint(this.postings.size);
    for (const [term, list] of this.postings) {
      out.uint(term);
      out.uints(list);
    }
  }

  read(input: SnapshotReader): void {
    const n = input.count(2);
    for (let k = 0; k < n; k++) this.postings.set(input.uint(), input.uints());
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
  /** Days of the dated articles that arrived since the last sweep (at most RETIRE_EVERY). */
  private recentDays: number[] = [];
  private sinceRetirement = 0;
  /** Stories not retired. */
  private readonly activeStories = new Set<number>();
  /** Clusters that took articles since the last sweep. */
  private readonly grown = new Set<Cluster>();
  private readonly storyPostings = new ClusterPostings();
  private readonly storylinePostings = new ClusterPostings();

  constructor(options: Partial<StoryIndexOptions> = {}) {
    this.options = { model: options.model ?? loadStoryModel(), indexedTerms: 16, candidates: 40, maxGapDays: 4, maxSpanDays: 14, retireAfterDays: 30, maxActiveStories: 5_000, ...options };
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
    const candidates: Story[] = [];
    for (const id of this.storyPostings.candidates(terms, this.options.candidates)) {
      const candidate = this.storyList.get(id);
      if (!candidate || candidate.retired || !this.mayJoin(candidate, day, notBefore)) continue;
      candidates.push(candidate);
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
        const candidate = this.storylineList.get(id);
        if (!candidate) continue;
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
    this.join(article.id, vectors, day, terms, story, this.space.articles);
    const moved: StoryMove[] = [];
    if (model.split && !this.splitIfTwoHappenings(story, model.split, moved)) this.absorbSmallStories(story, candidates, model.split, moved);
    // A split may send the arrival itself to the new half: that is its placement, not a move of an earlier one.
    const own = moved.findIndex((m) => m.article === article.id);
    const placed = own < 0 ? story : this.storyList.get(moved.splice(own, 1)[0]!.story)!;
    this.countArrival(day);
    return { article: article.id, story: placed.id, storyline: placed.storyline, probability: best, openedStory, openedStoryline, moved };
  }

  /** The date rules: an article joins only a story of its days (when both are dated). */
  private mayJoin(story: Story, day: number | undefined, notBefore: number | undefined): boolean {
    const { maxGapDays, maxSpanDays } = this.options;
    if (day !== undefined && story.first !== undefined && story.last !== undefined) {
      if (day < story.first - maxGapDays || day > story.last + maxGapDays) return false;
      if (Math.max(day, story.last) - Math.min(day, story.first) > maxSpanDays) return false;
    }
    return notBefore === undefined || story.last === undefined || notBefore <= story.last + maxGapDays;
  }

  /**
   * An early article can pull a story toward a second happening of the same kind (two patches of one browser,
   * two deaths of one scandal's figures), and then the mixed centroid attracts both. Once the story is large
   * enough for halves of `minimumHalf`, it is bisected and the halves compared by their centroids, which tell
   * such happenings apart far better than one article can; if they differ, the smaller half becomes a new story
   * in the same storyline. Returns whether the story was split.
   */
  private splitIfTwoHappenings(story: Story, split: SplitModel, moved: StoryMove[]): boolean {
    const members = story.members;
    if (!members || members.length < 2 * split.minimumHalf || members.length < story.checkedAt * SPLIT_GROWTH) return false;
    story.checkedAt = members.length;
    const side = bisect(members.map((m) => m.vectors), this.options.model.story);
    const halves = [members.filter((_, i) => !side[i]), members.filter((_, i) => side[i])] as const;
    if (halves[0].length < split.minimumHalf || halves[1].length < split.minimumHalf) return false;
    const centroids = halves.map((half) => centroidsOf(half.map((m) => m.vectors)));
    if (probability(split, centroidCosines(centroids[0]!, centroids[1]!)) >= split.threshold) return false;
    const keep = halves[0].length >= halves[1].length ? 0 : 1;
    this.resetStory(story, halves[keep], centroids[keep]!);
    const other = this.story(this.nextStory, story.storyline);
    this.resetStory(other, halves[1 - keep]!, centroids[1 - keep]!);
    for (const m of halves[1 - keep]!) {
      this.storyPostings.add(other.id, m.terms);
      moved.push({ article: m.id, story: other.id, storyline: other.storyline });
    }
    return true;
  }

  /**
   * An article that arrived before its story had taken shape may have opened a story of its own. When a story
   * has grown to `minimumHalf`, the small stories among the arrival's candidates give it the members it now
   * attracts (the join decision, taken again against the grown centroid); a story left empty is dropped.
   */
  private absorbSmallStories(into: Story, candidates: readonly Story[], split: SplitModel, moved: StoryMove[]): void {
    if (into.size < split.minimumHalf) return;
    const model = this.options.model.story;
    for (const small of candidates) {
      if (small === into || small.retired || !small.members || small.size >= split.minimumHalf) continue;
      const staying: Member[] = [];
      for (const m of small.members) {
        if (this.mayJoin(into, m.day, undefined) && probability(model, viewCosines(m.vectors, into.centroids)) >= model.threshold) {
          this.moveMember(m, small, into);
          moved.push({ article: m.id, story: into.id, storyline: into.storyline });
        } else {
          staying.push(m);
        }
      }
      if (staying.length < small.members.length) this.keepOnly(small, staying);
    }
  }

  /** Adds a member of one story to another (the story it leaves is reset by the caller), storylines included. */
  private moveMember(m: Member, from: Story, to: Story): void {
    if (from.storyline !== to.storyline) {
      const line = this.storylineList.get(from.storyline)!;
      for (const view of STORY_VIEWS) line.centroids[view].subtract(m.vectors[view]);
      line.size--;
      this.grown.add(line);
    }
    this.join(m.id, m.vectors, m.day, m.terms, to, m.arrival, from.storyline === to.storyline);
  }

  /** Gives a story exactly these members (after a split or after losing members). */
  private resetStory(story: Story, members: readonly Member[], centroids: ViewCentroids): void {
    story.centroids = centroids;
    story.members = [...members];
    story.articles = members.map((m) => m.id);
    story.size = members.length;
    story.checkedAt = 0;
    story.first = undefined;
    story.last = undefined;
    story.touched = 0;
    for (const m of members) {
      story.touched = Math.max(story.touched, m.arrival);
      if (m.day === undefined) continue;
      story.first = story.first === undefined ? m.day : Math.min(story.first, m.day);
      story.last = story.last === undefined ? m.day : Math.max(story.last, m.day);
    }
    this.grown.add(story);
  }

  /** What a story that lost members keeps: the rest (centroids made again from them), or nothing at all. */
  private keepOnly(story: Story, staying: readonly Member[]): void {
    if (staying.length === 0) this.dropStory(story);
    else this.resetStory(story, staying, centroidsOf(staying.map((m) => m.vectors)));
  }

  /** Forgets a story all of whose members moved (its ids in the postings are skipped when met). */
  private dropStory(story: Story): void {
    this.storyList.delete(story.id);
    this.activeStories.delete(story.id);
    this.grown.delete(story);
    const line = this.storylineList.get(story.storyline)!;
    line.stories = line.stories.filter((id) => id !== story.id);
    if (line.stories.length === 0) {
      this.storylineList.delete(line.id);
      this.grown.delete(line);
    }
  }

  /**
   * Moves an article from one story to another as another process's index did (a split or an absorption it
   * stored), deciding nothing. Only an article of a story that still keeps its members can be moved; false
   * when this index cannot follow (the caller then restores a new index from the store).
   */
  relocate(id: string, fromStory: number, toStory: number, toStoryline: number): boolean {
    const from = this.storyList.get(fromStory);
    const m = from?.members?.find((member) => member.id === id);
    if (!from || !m || from.retired) return false;
    const line = this.storylineList.get(toStoryline) ?? this.storyline(toStoryline);
    const to = this.storyList.get(toStory) ?? this.story(toStory, line.id);
    if (to.storyline !== line.id || to.retired || to === from) return false;
    this.moveMember(m, from, to);
    this.keepOnly(from, from.members!.filter((member) => member !== m));
    return true;
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
    const day = dayNumber(article.published);
    this.join(article.id, vectors, day, strongestTerms(vectors, this.options.indexedTerms), story, this.space.articles);
    this.countArrival(day);
  }

  /**
   * Notes an arrival's day for the next sweep, and sweeps retired stories out every so many arrivals. Only
   * between arrivals: a sweep amid an arrival's moves (a split, an absorption) would retire a story while they
   * read or fill it.
   */
  private countArrival(day: number | undefined): void {
    if (day !== undefined) this.recentDays.push(day);
    if (++this.sinceRetirement >= RETIRE_EVERY) this.retireOldStories();
  }

  /**
   * Adds an article to a story and its storyline: centroids, dates, index. `inStoryline` when the article is
   * counted in the storyline already (a move within it).
   */
  private join(id: string, vectors: ArticleVectors, day: number | undefined, terms: readonly number[], story: Story, arrival: number, inStoryline = false): void {
    const line = this.storylineList.get(story.storyline)!;
    for (const cluster of inStoryline ? [story] : [story, line]) {
      for (const view of STORY_VIEWS) cluster.centroids[view].add(vectors[view]);
      cluster.size++;
      if (day !== undefined) {
        cluster.first = cluster.first === undefined ? day : Math.min(cluster.first, day);
        cluster.last = cluster.last === undefined ? day : Math.max(cluster.last, day);
      }
    }
    story.articles.push(id);
    story.touched = Math.max(story.touched, arrival);
    if (story.members) {
      if (story.members.length < MAX_MEMBERS) story.members.push({ id, vectors, day, terms, arrival });
      else story.members = undefined;
    }
    this.grown.add(story);
    this.grown.add(line);
    this.storyPostings.add(story.id, terms);
    this.storylinePostings.add(line.id, terms);
  }

  /**
   * Retires the stories that none of the dated arrivals since the last sweep came near (within
   * `retireAfterDays` of the story's dates), and drops them from the index. As articles arrive in publication
   * order, that is the stories of more than a month before the newest; an archive read in any order reaches
   * back to its stories all along, and they stay. A story that took an article since the last sweep is near it.
   */
  private retireOldStories(): void {
    this.sinceRetirement = 0;
    const recent = this.recentDays.sort((a, b) => a - b);
    this.recentDays = [];
    const reach = this.options.retireAfterDays;
    const retired = new Set<number>();
    const retire = (story: Story): void => {
      story.retired = true;
      story.centroids = RETIRED_CENTROIDS;
      story.members = undefined;
      retired.add(story.id);
      this.activeStories.delete(story.id);
    };
    // Only the active stories are looked at, and only the clusters that grew are pruned: a sweep costs what
    // the recent weeks hold, not the whole history.
    if (recent.length > 0) {
      for (const id of this.activeStories) {
        const story = this.storyList.get(id)!;
        if (story.last === undefined || story.first === undefined || anyWithin(recent, story.first - reach, story.last + reach)) continue;
        retire(story);
      }
    }
    const excess = this.activeStories.size - this.options.maxActiveStories;
    if (excess > 0) {
      const byLastFed = [...this.activeStories].map((id) => this.storyList.get(id)!).sort((a, b) => a.touched - b.touched || a.id - b.id);
      for (const story of byLastFed.slice(0, excess)) retire(story);
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
    const story: Story = { id, centroids: emptyCentroids(), size: 0, first: undefined, last: undefined, storyline, articles: [], members: [], checkedAt: 0, retired: false, touched: 0 };
    this.storyList.set(id, story);
    this.activeStories.add(id);
    this.storylineList.get(storyline)!.stories.push(id);
    this.nextStory = Math.max(this.nextStory, id + 1);
    return story;
  }

  /**
   * Everything the index holds, in a form `StoryIndex.fromSnapshot` reads back into an index that decides as
   * this one would: maps and sets in their iteration order, doubles bit for bit. The model is not included.
   */
  writeSnapshot(out: SnapshotWriter): void {
    this.space.write(out);
    out.uint(this.nextStory);
    out.uint(this.nextStoryline);
    out.uint(this.recentDays.length);
    for (const day of this.recentDays) out.optionalInt(day);
    out.uint(this.sinceRetirement);
    const writeCluster = (c: Cluster): void => {
      out.uint(c.id);
      out.uint(c.size);
      out.optionalInt(c.first);
      out.optionalInt(c.last);
    };
    const writeCentroids = (centroids: ViewCentroids): void => {
      for (const view of STORY_VIEWS) centroids[view].write(out);
    };
    out.uint(this.storylineList.size);
    for (const line of this.storylineList.values()) {
      writeCluster(line);
      out.uints(line.stories);
      writeCentroids(line.centroids);
    }
    out.uint(this.storyList.size);
    for (const story of this.storyList.values()) {
      writeCluster(story);
      out.uint(story.storyline);
      out.strings(story.articles);
      out.uint(story.checkedAt);
      out.uint(story.touched);
      out.uint(story.retired ? 1 : 0);
      if (!story.retired) writeCentroids(story.centroids);
      out.uint(story.members ? story.members.length + 1 : 0);
      for (const m of story.members ?? []) {
        out.string(m.id);
        out.optionalInt(m.day);
        out.uint(m.arrival);
        out.uints(m.terms);
        for (const view of STORY_VIEWS) {
          out.uints(m.vectors[view].ids);
          out.doubles(m.vectors[view].weights);
        }
      }
    }
    out.uints([...this.activeStories]);
    // The grown clusters, stories then storylines by id, each in the order they grew.
    const grown = [...this.grown];
    out.uints(grown.filter((c) => 'articles' in c).map((c) => c.id));
    out.uints(grown.filter((c) => !('articles' in c)).map((c) => c.id));
    this.storyPostings.write(out);
    this.storylinePostings.write(out);
  }

  /** An index as `writeSnapshot` left it, with these options (the model above all). */
  static fromSnapshot(input: SnapshotReader, options: Partial<StoryIndexOptions> = {}): StoryIndex {
    const index = new StoryIndex(options);
    const fail = (problem: string): never => {
      throw new Error(`connector snapshot: ${problem}`);
    };
    index.space.read(input);
    index.nextStory = input.uint();
    index.nextStoryline = input.uint();
    for (let n = input.count(); n > 0; n--) index.recentDays.push(input.optionalInt() ?? fail('a recent arrival without a day'));
    index.sinceRetirement = input.uint();
    const readCluster = (): Cluster => ({ id: input.uint(), size: input.uint(), first: input.optionalInt(), last: input.optionalInt(), centroids: RETIRED_CENTROIDS });
    const readCentroids = (): ViewCentroids => Object.fromEntries(STORY_VIEWS.map((view) => [view, Centroid.read(input)])) as ViewCentroids;
    const lines = input.count();
    for (let k = 0; k < lines; k++) {
      const cluster = readCluster();
      const stories = input.uints();
      index.storylineList.set(cluster.id, { ...cluster, stories, centroids: readCentroids() });
    }
    const stories = input.count();
    for (let k = 0; k < stories; k++) {
      const cluster = readCluster();
      const storyline = input.uint();
      if (!index.storylineList.has(storyline)) fail(`story ${cluster.id} names storyline ${storyline}, which the snapshot lacks`);
      const articles = input.strings();
      const checkedAt = input.uint();
      const touched = input.uint();
      const retired = input.uint() === 1;
      const centroids = retired ? RETIRED_CENTROIDS : readCentroids();
      const memberCount = input.count();
      let members: Member[] | undefined;
      if (memberCount > 0) {
        members = [];
        for (let m = 1; m < memberCount; m++) {
          const id = input.string();
          const day = input.optionalInt();
          const arrival = input.uint();
          const terms = input.uints();
          const vectors = {} as ArticleVectors;
          for (const view of STORY_VIEWS) {
            const ids = input.uints();
            const weights = input.doubles();
            if (ids.length !== weights.length) fail(`a member of story ${cluster.id} has ${ids.length} terms and ${weights.length} weights`);
            vectors[view] = { ids, weights };
          }
          members.push({ id, vectors, day, terms, arrival });
        }
      }
      index.storyList.set(cluster.id, { ...cluster, centroids, storyline, articles, members, checkedAt, retired, touched });
    }
    for (const id of input.uints()) {
      if (!index.storyList.has(id)) fail(`active story ${id} is not among its stories`);
      index.activeStories.add(id);
    }
    for (const id of input.uints()) index.grown.add(index.storyList.get(id) ?? fail(`grown story ${id} is not among its stories`));
    for (const id of input.uints()) index.grown.add(index.storylineList.get(id) ?? fail(`grown storyline ${id} is not among its storylines`));
    index.storyPostings.read(input);
    index.storylinePostings.read(input);
    return index;
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
