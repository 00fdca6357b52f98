import { loadLanguageTools } from '../../language/tools.js';
import type { LanguageTools } from '../../language/index.js';
import { seededRandom } from '../../util/random.js';
import { articleViews, type ArticleViews } from '../features.js';
import { bcubed, type Prf } from '../metrics.js';
import { StoryIndex, loadStoryModel, type StoryModel } from '../stories.js';
import { readEcbCorpus, type EcbDocument } from './corpus.js';
import { analyseEcbDocument } from './documents.js';

/** An ECB+ article with its gold topic and sub-topic and the views story clustering reads. */
export interface EcbStoryArticle {
  name: string;
  topic: string;
  subtopic: string;
  views: ArticleViews;
}

/** Parses a topic selection such as `1-25` or `26-35,37`; undefined selects every topic. */
export function parseTopicRange(spec: string | undefined): ((topic: string) => boolean) | undefined {
  if (!spec) return undefined;
  const ranges = spec.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`topics "${spec}": expected numbers and ranges such as 1-25,30`);
    return [Number(m[1]), Number(m[2] ?? m[1])] as const;
  });
  return (topic) => ranges.some(([a, b]) => Number(topic) >= a && Number(topic) <= b);
}

/** Reads and analyses the ECB+ articles of the selected topics. */
export async function readEcbStoryArticles(dir: string, options: { topics?: string; tools?: LanguageTools } = {}): Promise<EcbStoryArticle[]> {
  const corpus = await readEcbCorpus(dir);
  const keep = parseTopicRange(options.topics);
  const tools = options.tools ?? loadLanguageTools();
  const selected: EcbDocument[] = corpus.documents.filter((d) => !keep || keep(d.topic));
  if (selected.length === 0) throw new Error(`${dir}: no ECB+ documents in topics ${options.topics}`);
  return selected.map((d) => {
    const { doc, text } = analyseEcbDocument(d, tools);
    return { name: d.name, topic: d.topic, subtopic: d.subtopic, views: articleViews(doc, text) };
  });
}

/** The articles in a seeded random order: arrival order matters to incremental clustering, file order would flatter it. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  return items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.item);
}

export interface StoryClustering {
  story: Map<string, string>;
  storyline: Map<string, string>;
  stories: number;
  storylines: number;
}

/** Clusters the articles incrementally, one at a time in the given order. */
export function clusterIncrementally(articles: readonly EcbStoryArticle[], model: StoryModel): StoryClustering {
  const index = new StoryIndex({ model });
  for (const a of articles) index.add({ id: a.name, views: a.views });
  const story = new Map<string, string>();
  const storyline = new Map<string, string>();
  const stories = index.stories();
  for (const s of stories) {
    for (const name of s.articles) {
      story.set(name, String(s.id));
      storyline.set(name, String(s.storyline));
    }
  }
  return { story, storyline, stories: stories.length, storylines: new Set(stories.map((s) => s.storyline)).size };
}

export interface StoryEvaluation {
  /** B-cubed F1 of the stories against ECB+ sub-topics, averaged over the arrival orders. */
  subtopic_bcubed_f1: number;
  /** B-cubed F1 of the storylines against ECB+ topics, averaged over the arrival orders. */
  topic_bcubed_f1: number;
  subtopic: Prf & { min_f1: number; max_f1: number };
  topic: Prf & { min_f1: number; max_f1: number };
  documents: number;
  gold_subtopics: number;
  gold_topics: number;
  /** Mean numbers of stories and storylines made. */
  stories: number;
  storylines: number;
  /** Arrival orders tried (seeded shuffles). */
  orders: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** Scores clusterings of the articles made in several seeded arrival orders against the gold topics and sub-topics. */
export function scoreStoryClustering(articles: readonly EcbStoryArticle[], model: StoryModel, orders = 5): StoryEvaluation {
  const subtopics = new Map(articles.map((a) => [a.name, a.subtopic]));
  const topics = new Map(articles.map((a) => [a.name, a.topic]));
  const sub: Prf[] = [];
  const top: Prf[] = [];
  const made: StoryClustering[] = [];
  for (let seed = 1; seed <= orders; seed++) {
    const clustering = clusterIncrementally(shuffled(articles, seed), model);
    made.push(clustering);
    sub.push(bcubed(subtopics, clustering.story));
    top.push(bcubed(topics, clustering.storyline));
  }
  const summary = (scores: Prf[]): Prf & { min_f1: number; max_f1: number } => ({
    precision: mean(scores.map((s) => s.precision)),
    recall: mean(scores.map((s) => s.recall)),
    f1: mean(scores.map((s) => s.f1)),
    min_f1: Math.min(...scores.map((s) => s.f1)),
    max_f1: Math.max(...scores.map((s) => s.f1)),
  });
  const subtopic = summary(sub);
  const topic = summary(top);
  return {
    subtopic_bcubed_f1: subtopic.f1,
    topic_bcubed_f1: topic.f1,
    subtopic,
    topic,
    documents: articles.length,
    gold_subtopics: new Set(subtopics.values()).size,
    gold_topics: new Set(topics.values()).size,
    stories: mean(made.map((m) => m.stories)),
    storylines: mean(made.map((m) => m.storylines)),
    orders,
  };
}

/** `eventwire eval stories DIR`: the project's incremental story clustering on an ECB+ release. */
export async function evaluateStories(dir: string, options: { topics?: string; orders?: number; model?: StoryModel } = {}): Promise<StoryEvaluation> {
  const articles = await readEcbStoryArticles(dir, options.topics ? { topics: options.topics } : {});
  return scoreStoryClustering(articles, options.model ?? loadStoryModel(), options.orders ?? 5);
}

/**
 * eventwire's own stories for the ECB+ articles of the selected topics (one seeded arrival order), as groups
 * of document names: the document clusters event coreference works within when no gold grouping is given.
 */
export async function predictedStoryClusters(dir: string, options: { topics?: string; model?: StoryModel } = {}): Promise<string[][]> {
  const articles = await readEcbStoryArticles(dir, options.topics ? { topics: options.topics } : {});
  const clustering = clusterIncrementally(shuffled(articles, 1), options.model ?? loadStoryModel());
  const groups = new Map<string, string[]>();
  for (const [name, story] of clustering.story) {
    const list = groups.get(story);
    if (list) list.push(name);
    else groups.set(story, [name]);
  }
  return [...groups.values()];
}
