/**
 * Cross-document event coreference: which event mentions, across the documents of a document cluster (a
 * story), report the same event. Each pair of mentions in a document cluster is scored by a small logistic
 * model over generic features (head lemma and derivational stem agreement, sentence similarity, shared
 * participants, times and places, reporting verbs ...), a pair's probability is raised toward its best
 * two-step path through a third mention, and mentions are merged by average-link clustering while the mean pair score
 * stays above the model's threshold. Mentions in different document clusters
 * never corefer.
 */
import { averageLinkClusters, withTransitiveEvidence } from './cluster.js';
import { clusterStatistics, contextWeights, FEATURE_COUNT, groupSingletonFeatures, type MentionProfile, pairFeatures, profileMention } from './features.js';
import { logisticProbability } from '../../util/logistic.js';
import { loadPairModel, pairProbability, type PairModel } from './model.js';
import type { EventMention } from './types.js';

export type { CorefToken, EventArguments, EventMention } from './types.js';
export { loadPairModel, type PairModel } from './model.js';

export interface EventCorefOptions {
  /** A partition of document names; mentions of documents in no group are clustered with their own document. Default: all documents together. */
  documentClusters?: readonly (readonly string[])[];
  /** The pairwise model (default: the shipped one). */
  model?: PairModel;
  /** Overrides the model's merge threshold. */
  threshold?: number;
}

/** Mentions grouped by document cluster, in input order within each group. */
export function groupByDocumentCluster(mentions: readonly EventMention[], documentClusters?: readonly (readonly string[])[]): EventMention[][] {
  const groupOf = new Map<string, number>();
  documentClusters?.forEach((docs, g) => {
    for (const d of docs) groupOf.set(d, g);
  });
  const groups = new Map<string, EventMention[]>();
  for (const m of mentions) {
    const g = documentClusters ? (groupOf.has(m.document) ? `g${groupOf.get(m.document)}` : `d${m.document}`) : 'all';
    const list = groups.get(g);
    if (list) list.push(m);
    else groups.set(g, [m]);
  }
  return [...groups.values()];
}

/**
 * Profiles of one group's mentions, with the statistics pair features need; with `singleton` weights, each
 * profile also carries the singleton model's probability.
 */
export function profileGroup(group: readonly EventMention[], singleton?: Float64Array): { profiles: MentionProfile[]; stats: ReturnType<typeof clusterStatistics> } {
  const weight = contextWeights(group);
  const profiles = group.map((m, i) => profileMention(m, i, weight));
  const stats = clusterStatistics(profiles);
  if (singleton) groupSingletonFeatures(profiles, stats).forEach((row, i) => (profiles[i]!.singleton = logisticProbability(singleton, row)));
  return { profiles, stats };
}

/** Pair probabilities of one group, n×n row-major. */
export function scoreGroup(group: readonly EventMention[], model: PairModel): Float64Array {
  const { profiles, stats } = profileGroup(group, model.singleton);
  const n = profiles.length;
  const scores = new Float64Array(n * n);
  const features = new Float64Array(FEATURE_COUNT);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      pairFeatures(profiles[i]!, profiles[j]!, stats, features);
      const p = pairProbability(model, features);
      scores[i * n + j] = p;
      scores[j * n + i] = p;
    }
  }
  return scores;
}

/** Clusters event mentions: a map from mention id to cluster id. */
export function clusterEventMentions(mentions: readonly EventMention[], options: EventCorefOptions = {}): Map<string, string> {
  const model = options.model ?? loadPairModel();
  const threshold = options.threshold ?? model.threshold;
  const out = new Map<string, string>();
  groupByDocumentCluster(mentions, options.documentClusters).forEach((group) => {
    const scores = withTransitiveEvidence(scoreGroup(group, model), group.length, model.transitivity);
    const clusters = averageLinkClusters(scores, group.length, threshold);
    group.forEach((m, i) => out.set(m.id, group[clusters[i]!]!.id));
  });
  return out;
}

/**
 * The baseline: mentions with the same head lemma in the same document cluster corefer; with `by: 'stem'`,
 * the same derivational stem ("arrest"/"arrested", "death"/"die").
 */
export function clusterByHeadLemma(mentions: readonly EventMention[], documentClusters?: readonly (readonly string[])[], by: 'lemma' | 'stem' = 'lemma'): Map<string, string> {
  const out = new Map<string, string>();
  groupByDocumentCluster(mentions, documentClusters).forEach((group, g) => {
    const { profiles } = profileGroup(group);
    for (const p of profiles) out.set(p.mention.id, `${g}/${by === 'stem' ? p.stem : p.head}`);
  });
  return out;
}
