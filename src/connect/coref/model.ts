/** The pairwise model: logistic regression over `FEATURE_NAMES`, its file format, and its training. */
import { readFileSync } from 'node:fs';
import { shippedModelPath } from '../../util/package-root.js';
import { fitLogistic, logisticProbability } from '../../util/logistic.js';
import { FEATURE_COUNT, FEATURE_NAMES, featureIndex, SINGLETON_FEATURE_NAMES } from './features.js';

export const defaultCorefModelFile = 'event-coref-ecbplus.json';

/**
 * Three logistic models, one weight per feature each in `FEATURE_NAMES` order: one for pairs whose heads share a
 * derivational stem (mostly coreferent; the question is which to split), one for pairs whose heads differ but
 * share an event class of the lexicon ("killed" / "murder": often coreferent, the arguments decide), and one
 * for all other pairs (rarely coreferent; the question is which to join). One model for all lets the many easy
 * negatives of the last kind drown the signal of the others.
 */
export interface PairModel {
  lexical: Float64Array;
  related: Float64Array;
  other: Float64Array;
  /** The singleton model: one weight per feature in `SINGLETON_FEATURE_NAMES`, read into every pair's features. */
  singleton: Float64Array;
  /** Average-link merging stops when the best pair of clusters scores below this probability. */
  threshold: number;
  /** How far a pair's score moves up to its best two-step path before merging (`withTransitiveEvidence`); 0 for not at all. */
  transitivity: number;
}

interface PairModelFile {
  format: 'eventwire-event-coref';
  features: string[];
  lexical: number[];
  related: number[];
  other: number[];
  singleton_features: string[];
  singleton: number[];
  threshold: number;
  transitivity?: number;
  [key: string]: unknown;
}

export type PairKind = 'lexical' | 'related' | 'other';

const SAME_LEMMA = featureIndex('same_lemma');
const SAME_STEM_OTHER_LEMMA = featureIndex('same_stem_other_lemma');
const SHARED_EVENT_CLASS = featureIndex('shared_event_class');

/** Which of the model's three parts scores a pair: heads of one stem, of one event class, or neither. */
export function pairKind(features: Float64Array): PairKind {
  if (features[SAME_LEMMA] === 1 || features[SAME_STEM_OTHER_LEMMA] === 1) return 'lexical';
  return features[SHARED_EVENT_CLASS] === 1 ? 'related' : 'other';
}

export function pairProbability(model: PairModel, features: Float64Array): number {
  return logisticProbability(model[pairKind(features)], features);
}

export function serialisePairModel(model: PairModel, info: Record<string, unknown> = {}): string {
  const file: PairModelFile = {
    format: 'eventwire-event-coref',
    ...info,
    features: [...FEATURE_NAMES],
    lexical: [...model.lexical].map((w) => Math.round(w * 1e4) / 1e4),
    related: [...model.related].map((w) => Math.round(w * 1e4) / 1e4),
    other: [...model.other].map((w) => Math.round(w * 1e4) / 1e4),
    singleton_features: [...SINGLETON_FEATURE_NAMES],
    singleton: [...model.singleton].map((w) => Math.round(w * 1e4) / 1e4),
    threshold: model.threshold,
    transitivity: model.transitivity,
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

export function parsePairModel(json: string, source: string): PairModel {
  const file = JSON.parse(json) as PairModelFile;
  if (file.format !== 'eventwire-event-coref') throw new Error(`${source}: not an event coreference model`);
  if (file.features.join() !== FEATURE_NAMES.join()) {
    throw new Error(`${source}: made for other features (${file.features.length}); retrain it with scripts/train-event-coref.ts`);
  }
  for (const part of ['lexical', 'related', 'other'] as const) {
    if (!Array.isArray(file[part]) || file[part].length !== FEATURE_COUNT) throw new Error(`${source}: "${part}" must hold ${FEATURE_COUNT} weights`);
  }
  if (file.singleton_features?.join() !== SINGLETON_FEATURE_NAMES.join() || !Array.isArray(file.singleton) || file.singleton.length !== SINGLETON_FEATURE_NAMES.length) {
    throw new Error(`${source}: no singleton model for this eventwire's ${SINGLETON_FEATURE_NAMES.length} singleton features; retrain it with scripts/train-event-coref.ts`);
  }
  const transitivity = file.transitivity ?? 0;
  if (typeof transitivity !== 'number' || !(transitivity >= 0 && transitivity <= 1)) throw new Error(`${source}: "transitivity" must be a number in [0, 1], got ${JSON.stringify(file.transitivity)}`);
  return {
    lexical: Float64Array.from(file.lexical),
    related: Float64Array.from(file.related),
    other: Float64Array.from(file.other),
    singleton: Float64Array.from(file.singleton),
    threshold: file.threshold,
    transitivity,
  };
}

let shipped: PairModel | undefined;

/** The model in data/models/ (loaded once), or the one at `path`. */
export function loadPairModel(path?: string): PairModel {
  if (path !== undefined) return parsePairModel(readFileSync(path, 'utf8'), path);
  const file = shippedModelPath(defaultCorefModelFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the event coreference model ${file}: ${(error as Error).message}`);
  }
  shipped ??= parsePairModel(text, file);
  return shipped;
}

/** Fits one part of the pair model: the project's logistic regression (rows start with the bias feature, 1). */
export function trainLogistic(rows: Float64Array[], labels: Uint8Array, options: { epochs?: number; l2?: number; rate?: number; balance?: boolean } = {}): Float64Array {
  return fitLogistic(rows, labels, options);
}
