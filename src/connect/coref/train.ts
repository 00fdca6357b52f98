/** Training the pairwise model from gold clusters: pair rows, logistic regression, and the merge threshold. */
import { corefScores } from '../metrics.js';
import { averageLinkClusters, withTransitiveEvidence } from './cluster.js';
import { FEATURE_COUNT, groupSingletonFeatures, pairFeatures } from './features.js';
import { profileGroup, scoreGroup } from './index.js';
import { type PairKind, pairKind, type PairModel, trainLogistic } from './model.js';
import type { EventMention } from './types.js';

/**
 * Every pair of mentions within each group, with its features and whether the gold says they corefer;
 * `singletonOf(g)` gives the singleton weights for group g's mentions.
 */
export function pairRows(groups: readonly (readonly EventMention[])[], gold: ReadonlyMap<string, string>, singletonOf?: (group: number) => Float64Array): { rows: Float64Array[]; labels: Uint8Array } {
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (const [g, group] of groups.entries()) {
    const { profiles, stats } = profileGroup(group, singletonOf?.(g));
    for (let i = 0; i < profiles.length; i++) {
      for (let j = i + 1; j < profiles.length; j++) {
        const features = new Float64Array(FEATURE_COUNT);
        pairFeatures(profiles[i]!, profiles[j]!, stats, features);
        rows.push(features);
        labels.push(gold.get(group[i]!.id) === gold.get(group[j]!.id) ? 1 : 0);
      }
    }
  }
  return { rows, labels: Uint8Array.from(labels) };
}

/** One group's mentions for the singleton model: their features, and whether each one's gold chain has no other mention. */
interface SingletonRows {
  rows: Float64Array[];
  labels: number[];
}

/** The singleton rows of each group, in group order (profiled once, whichever folds then use them). */
export function singletonRows(groups: readonly (readonly EventMention[])[], gold: ReadonlyMap<string, string>): SingletonRows[] {
  const chainSize = new Map<string, number>();
  for (const chain of gold.values()) chainSize.set(chain, (chainSize.get(chain) ?? 0) + 1);
  return groups.map((group) => {
    const { profiles, stats } = profileGroup(group);
    return { rows: groupSingletonFeatures(profiles, stats), labels: group.map((m) => (chainSize.get(gold.get(m.id)!) === 1 ? 1 : 0)) };
  });
}

/** The singleton model fitted on these groups' rows. */
function fitSingleton(groups: readonly SingletonRows[], options: PairTrainingOptions): Float64Array {
  return trainLogistic(groups.flatMap((g) => g.rows), Uint8Array.from(groups.flatMap((g) => g.labels)), options);
}

/** The singleton model fitted on the mentions of these groups. */
export function fitSingletonModel(groups: readonly (readonly EventMention[])[], gold: ReadonlyMap<string, string>, options: PairTrainingOptions = {}): Float64Array {
  return fitSingleton(singletonRows(groups, gold), options);
}

/** Folds of the pair rows' singleton probabilities: each group's come from a model fitted on the other folds. */
const SINGLETON_FOLDS = 5;

/** The clustering settings a sweep tries: the merge threshold and the weight of two-step evidence. */
export interface ClusterSetting {
  threshold: number;
  transitivity: number;
}

export type Sweep = (ClusterSetting & { conll: number })[];

export const THRESHOLDS: readonly number[] = Array.from({ length: 37 }, (_, i) => Math.round((0.05 + i * 0.025) * 1000) / 1000);
export const TRANSITIVITIES: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/**
 * CoNLL F1 over all groups for each transitivity and threshold, from pair scores already computed (one matrix
 * per group).
 */
function sweepScored(groups: readonly (readonly EventMention[])[], scored: readonly Float64Array[], gold: ReadonlyMap<string, string>, thresholds: readonly number[], transitivities: readonly number[]): Sweep {
  const key = new Map<string, string>();
  for (const group of groups) for (const m of group) key.set(m.id, gold.get(m.id)!);
  return transitivities.flatMap((transitivity) => {
    const mixed = scored.map((scores, g) => withTransitiveEvidence(scores, groups[g]!.length, transitivity));
    return thresholds.map((threshold) => {
      const response = new Map<string, string>();
      groups.forEach((group, g) => {
        const clusters = averageLinkClusters(mixed[g]!, group.length, threshold);
        group.forEach((m, i) => response.set(m.id, group[clusters[i]!]!.id));
      });
      return { threshold, transitivity, conll: corefScores(key, response).conll };
    });
  });
}

/** CoNLL F1 over all groups for each setting, pair scores computed once. */
export function thresholdSweep(
  groups: readonly (readonly EventMention[])[],
  gold: ReadonlyMap<string, string>,
  model: PairModel,
  thresholds: readonly number[] = THRESHOLDS,
  transitivities: readonly number[] = TRANSITIVITIES,
): Sweep {
  return sweepScored(groups, groups.map((group) => scoreGroup(group, model)), gold, thresholds, transitivities);
}

export interface PairTrainingOptions {
  l2?: number;
  epochs?: number;
}

/**
 * Fits the model's three parts on every pair within each group (threshold left at 0.5), and the singleton model
 * on the mentions of `singletonGroups` (default: the same groups). The pairs' singleton probabilities come from
 * singleton models fitted without their group (folds of groups), as a model never scores its own training data.
 */
export function fitPairModel(
  groups: readonly (readonly EventMention[])[],
  gold: ReadonlyMap<string, string>,
  options: PairTrainingOptions & { singletonGroups?: readonly (readonly EventMention[])[] } = {},
): { model: PairModel; parts: { kind: PairKind; pairs: number; coreferent: number }[] } {
  const byGroup = singletonRows(groups, gold);
  const foldModels = Array.from({ length: SINGLETON_FOLDS }, (_, f) => fitSingleton(byGroup.filter((_, g) => g % SINGLETON_FOLDS !== f), options));
  const { rows, labels } = pairRows(groups, gold, (g) => foldModels[g % SINGLETON_FOLDS]!);
  const kinds = rows.map(pairKind);
  const part = (kind: PairKind): Float64Array => {
    const kept = rows.flatMap((_, i) => (kinds[i] === kind ? [i] : []));
    return trainLogistic(kept.map((i) => rows[i]!), Uint8Array.from(kept.map((i) => labels[i]!)), options);
  };
  const parts = (['lexical', 'related', 'other'] as const).map((kind) => {
    let pairs = 0;
    let coreferent = 0;
    kinds.forEach((k, i) => {
      if (k !== kind) return;
      pairs++;
      coreferent += labels[i]!;
    });
    return { kind, pairs, coreferent };
  });
  const singleton = options.singletonGroups ? fitSingletonModel(options.singletonGroups, gold, options) : fitSingleton(byGroup, options);
  return { model: { lexical: part('lexical'), related: part('related'), other: part('other'), singleton, threshold: 0.5, transitivity: 0 }, parts };
}

/** One fold of cross-validation: the groups a model is fitted on, and the groups it is scored on. */
export interface Fold {
  fit: readonly (readonly EventMention[])[];
  score: readonly (readonly EventMention[])[];
}

/**
 * Cross-validated threshold sweep: for each fold, a model fitted on the other folds scores the fold's groups;
 * CoNLL F1 is computed over all folds' responses together. Unlike a sweep on the training groups themselves,
 * it sees the probabilities the model gives pairs it was not fitted on.
 */
export function crossValidatedSweep(
  folds: readonly Fold[],
  gold: ReadonlyMap<string, string>,
  options: PairTrainingOptions = {},
  thresholds: readonly number[] = THRESHOLDS,
  transitivities: readonly number[] = TRANSITIVITIES,
): Sweep {
  const groups: (readonly EventMention[])[] = [];
  const scored: Float64Array[] = [];
  folds.forEach((fold, f) => {
    const others = folds.filter((_, g) => g !== f);
    const { model } = fitPairModel(others.flatMap((other) => other.fit), gold, { ...options, singletonGroups: others.flatMap((other) => other.score) });
    for (const group of fold.score) {
      groups.push(group);
      scored.push(scoreGroup(group, model));
    }
  });
  return sweepScored(groups, scored, gold, thresholds, transitivities);
}

/** The setting with the best F1 (on ties, the first swept: less transitivity, then the lower threshold). */
export function bestSetting(sweep: Sweep): ClusterSetting {
  const best = sweep.reduce((a, b) => (b.conll > a.conll ? b : a));
  return { threshold: best.threshold, transitivity: best.transitivity };
}

/**
 * Fits the pair model on the pairs within `fit` groups; the merge threshold and the transitivity are those with
 * the best cross-validated CoNLL F1 when `folds` are given, else the best on the `score` groups themselves (the
 * clustering the model is meant for: gold sub-topics, say, when `fit` holds whole topics).
 */
export function trainPairModel(
  data: Fold,
  gold: ReadonlyMap<string, string>,
  options: PairTrainingOptions & { folds?: readonly Fold[] } = {},
): { model: PairModel; sweep: Sweep; crossValidated?: Sweep; parts: { kind: PairKind; pairs: number; coreferent: number }[] } {
  const { model, parts } = fitPairModel(data.fit, gold, { ...options, singletonGroups: data.score });
  const sweep = thresholdSweep(data.score, gold, model);
  const crossValidated = options.folds ? crossValidatedSweep(options.folds, gold, options) : undefined;
  return { model: { ...model, ...bestSetting(crossValidated ?? sweep) }, sweep, parts, ...(crossValidated ? { crossValidated } : {}) };
}
