/**
 * Trains the story model (`data/models/stories-ecbplus.json`): two logistic models over per-view cosines, one
 * deciding whether an article joins a story (ECB+ sub-topic), one whether a new story joins a storyline (topic),
 * and the probability thresholds of each. Examples are made the way the index meets them: articles arrive in
 * shuffled order and each is compared with the gold clusters formed so far. A third model decides whether two
 * groups of at least `--minimum-half` articles report one happening (a story's split): trained on disjoint
 * groups of one sub-topic against groups of its sibling sub-topic, by the cosines of their centroids.
 *
 *   node dist/scripts/train-stories.js --data ../shared/data/ecbplus --topics 1-25 --out data/models/stories-ecbplus.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { STORY_VIEWS } from '../src/connect/features.js';
import { readEcbStoryArticles, scoreStoryClustering, shuffled, type EcbStoryArticle } from '../src/connect/ecbplus/stories.js';
import { ViewSpace, centroidCosines, centroidsOf, emptyCentroids, viewCosines, type ArticleVectors, type StoryModel, type ViewCentroids, type ViewModel } from '../src/connect/stories.js';
import { fitLogistic } from '../src/util/logistic.js';
import { seededRandom } from '../src/util/random.js';
import { scriptArguments } from './script-args.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ecbplus' },
    topics: { type: 'string', default: '1-25' },
    out: { type: 'string', default: 'data/models/stories-ecbplus.json' },
    passes: { type: 'string', default: '5' },
    'minimum-half': { type: 'string', default: '5' },
  },
});
const script = scriptArguments('train-stories', 'train-stories [--data DIR] [--topics 1-25] [--passes N] [--minimum-half N] [--out FILE]');
const passes = script.wholeNumber('passes', values.passes, 1);
const minimumHalf = script.wholeNumber('minimum-half', values['minimum-half'], 1);
/** Group pairs drawn for the split model, and the largest group drawn. */
const SPLIT_EXAMPLES = 6000;
const LARGEST_GROUP = 12;

/** Rows for one level: each arriving article against the gold clusters formed before it. */
function examples(articles: readonly EcbStoryArticle[], level: 'story' | 'storyline'): { rows: Float64Array[]; labels: Uint8Array } {
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const random = seededRandom(7);
  for (let pass = 0; pass < passes; pass++) {
    const space = new ViewSpace();
    const clusters = new Map<string, { topic: string; centroids: ViewCentroids }>();
    const seenSubtopics = new Set<string>();
    for (const a of shuffled(articles, 100 + pass)) {
      const vectors = space.observe(a.views);
      const key = level === 'story' ? a.subtopic : a.topic;
      // The storyline decision is only taken when an article opens a story.
      const decides = level === 'story' || !seenSubtopics.has(a.subtopic);
      if (decides) {
        for (const [id, cluster] of clusters) {
          // Every cluster of the same topic (the hard cases) and a few of other topics (the easy ones).
          if (cluster.topic !== a.topic && random() > 0.1) continue;
          const cosines = viewCosines(vectors, cluster.centroids);
          rows.push(Float64Array.from([1, ...STORY_VIEWS.map((v) => cosines[v])]));
          labels.push(id === key ? 1 : 0);
        }
      }
      seenSubtopics.add(a.subtopic);
      let cluster = clusters.get(key);
      if (!cluster) clusters.set(key, (cluster = { topic: a.topic, centroids: emptyCentroids() }));
      for (const v of STORY_VIEWS) cluster.centroids[v].add(vectors[v]);
    }
  }
  return { rows, labels: Uint8Array.from(labels) };
}

/**
 * Rows for the split model: two disjoint groups of one sub-topic (label 1) or a group of a sub-topic and one of
 * its sibling (label 0), each of `minimumHalf` to LARGEST_GROUP articles, half of each kind.
 */
function splitExamples(articles: readonly EcbStoryArticle[]): { rows: Float64Array[]; labels: Uint8Array } {
  const random = seededRandom(3);
  const space = new ViewSpace();
  const vectors = new Map<EcbStoryArticle, ArticleVectors>();
  for (const a of shuffled(articles, 3)) vectors.set(a, space.observe(a.views));
  const bySubtopic = new Map<string, EcbStoryArticle[]>();
  for (const a of articles) {
    const list = bySubtopic.get(a.subtopic);
    if (list) list.push(a);
    else bySubtopic.set(a.subtopic, [a]);
  }
  const subtopics = [...bySubtopic.keys()];
  const groupSize = () => minimumHalf + Math.floor(random() * (LARGEST_GROUP - minimumHalf + 1));
  const pick = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
  const row = (a: readonly EcbStoryArticle[], b: readonly EcbStoryArticle[]): Float64Array => {
    const cosines = centroidCosines(centroidsOf(a.map((x) => vectors.get(x)!)), centroidsOf(b.map((x) => vectors.get(x)!)));
    return Float64Array.from([1, ...STORY_VIEWS.map((v) => cosines[v])]);
  };
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let k = 0; k < SPLIT_EXAMPLES; k++) {
    const subtopic = subtopics[Math.floor(random() * subtopics.length)]!;
    const members = bySubtopic.get(subtopic)!;
    if (random() < 0.5) {
      if (members.length < 2 * minimumHalf) continue;
      const shuffledMembers = pick(members);
      const cut = minimumHalf + Math.floor(random() * (members.length - 2 * minimumHalf + 1));
      rows.push(row(shuffledMembers.slice(0, cut).slice(0, groupSize()), shuffledMembers.slice(cut).slice(0, groupSize())));
      labels.push(1);
    } else {
      const topic = members[0]!.topic;
      const sibling = subtopics.find((s) => s !== subtopic && bySubtopic.get(s)![0]!.topic === topic);
      if (!sibling) continue;
      rows.push(row(pick(members).slice(0, groupSize()), pick(bySubtopic.get(sibling)!).slice(0, groupSize())));
      labels.push(0);
    }
  }
  return { rows, labels: Uint8Array.from(labels) };
}

function toViewModel(weights: Float64Array, threshold: number): ViewModel {
  return {
    bias: round(weights[0]!),
    weights: Object.fromEntries(STORY_VIEWS.map((v, i) => [v, round(weights[i + 1]!)])) as ViewModel['weights'],
    threshold,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

const started = Date.now();
const articles = await readEcbStoryArticles(values.data!, { topics: values.topics! });
console.error(`train-stories: ${articles.length} articles of topics ${values.topics} analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const fitted: Record<'story' | 'storyline', Float64Array> = {
  story: new Float64Array(),
  storyline: new Float64Array(),
};
for (const level of ['story', 'storyline'] as const) {
  const { rows, labels } = examples(articles, level);
  fitted[level] = fitLogistic(rows, labels, { epochs: 2000, rate: 0.05, l2: 1e-4 });
  const positives = labels.reduce((s, y) => s + y, 0);
  console.error(`train-stories: ${level}: ${rows.length} examples (${positives} positive)`);
}

const splitRows = splitExamples(articles);
const splitWeights = fitLogistic(splitRows.rows, splitRows.labels, { epochs: 1500, rate: 0.05, l2: 1e-4 });
console.error(`train-stories: split: ${splitRows.rows.length} group pairs (${splitRows.labels.reduce((s, y) => s + y, 0)} of one sub-topic), halves of at least ${minimumHalf}`);
// The split examples are balanced, so 0.5 is where the two readings are equally likely.
const split = { ...toViewModel(splitWeights, 0.5), minimumHalf };

// Thresholds: the story decision does not depend on the storyline threshold, so each is chosen on its own.
const grid = Array.from({ length: 17 }, (_, i) => round(0.1 + i * 0.05));
let model: StoryModel = { story: toViewModel(fitted.story, 0.5), storyline: toViewModel(fitted.storyline, 0.5), split };
let bestStory = { threshold: 0.5, f1: -1 };
for (const threshold of grid) {
  const candidate = { ...model, story: { ...model.story, threshold } };
  const f1 = scoreStoryClustering(articles, candidate, 3).subtopic_bcubed_f1;
  if (f1 > bestStory.f1) bestStory = { threshold, f1 };
}
model = { ...model, story: { ...model.story, threshold: bestStory.threshold } };
let bestLine = { threshold: 0.5, f1: -1 };
for (const threshold of grid) {
  const candidate = { ...model, storyline: { ...model.storyline, threshold } };
  const f1 = scoreStoryClustering(articles, candidate, 3).topic_bcubed_f1;
  if (f1 > bestLine.f1) bestLine = { threshold, f1 };
}
model = { ...model, storyline: { ...model.storyline, threshold: bestLine.threshold } };
console.error(`train-stories: story threshold ${bestStory.threshold} (B3 F1 ${bestStory.f1.toFixed(4)} on the training topics), storyline threshold ${bestLine.threshold} (${bestLine.f1.toFixed(4)})`);

const file = {
  about: 'eventwire story model: logistic weights over per-view TF-IDF cosines (see data/models/README.md)',
  trainedOn: `ECB+ 1.0 topics ${values.topics} (${articles.length} articles), ${passes} shuffled arrival orders`,
  ...model,
};
writeFileSync(values.out!, `${JSON.stringify(file, null, 2)}\n`);
console.error(`train-stories: wrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
