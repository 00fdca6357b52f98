/**
 * Training: an averaged structured perceptron (Collins 2002) with Viterbi over BILOU labels, in two stages.
 * The second stage sees how the first one labelled each word elsewhere in the document; on training data
 * those first-stage labels come from models that did not see that document (k-fold jackknifing), so the
 * second stage learns how far to trust them on unseen text.
 */
import { NerEvaluator, type NerScore } from './evaluate.js';
import { CorpusCasing, FeatureExtractor, type PreparedDocument, type StageLabels } from './features.js';
import { FeatureTable } from './hash.js';
import { DocumentLabeller, type StageWeights } from './labeller.js';
import { NerModel, type ModelInfo } from './model.js';
import { bilouLabels, iobToBilou, labelsToIob2 } from './tags.js';
import { seededRandom } from '../../util/random.js';
import { AveragedPerceptron, shuffleInPlace } from './perceptron.js';

export interface TrainingSentence {
  tokens: string[];
  /** Gold IOB2 tags. */
  tags: string[];
}
export type TrainingDocument = TrainingSentence[];

export interface TrainOptions {
  /** Most epochs per stage; the best on the dev set is kept (or all of them without one). */
  maxEpochs: number;
  /** Epochs of the jackknifed first-stage models. */
  foldEpochs?: number;
  folds: number;
  /** Use the document-level second stage. */
  twoStages: boolean;
  seed: number;
  dev?: TrainingDocument[];
  log?: (line: string) => void;
}



const labelIndex = new Map(bilouLabels.map((l, i) => [l, i]));

function goldLabels(sentence: TrainingSentence): Uint8Array {
  return Uint8Array.from(iobToBilou(sentence.tags), (t) => labelIndex.get(t) ?? 0);
}

/** Every token's features of a set of sentences, extracted once and reused every epoch. */
class FeatureCorpus {
  features = new Uint32Array(1 << 20);
  /** Token t has features[tokenOffsets[t]..tokenOffsets[t + 1]). */
  tokenOffsets: number[] = [0];
  /** Sentence s has tokens sequenceStarts[s]..sequenceStarts[s + 1]. */
  sequenceStarts: number[] = [0];
  gold: number[] = [];
  /** Sentence indices of each document. */
  documentSentences: number[][] = [];

  get sentenceCount(): number {
    return this.sequenceStarts.length - 1;
  }

  static build(
    labeller: DocumentLabeller,
    documents: readonly PreparedDocument[],
    gold: readonly Uint8Array[][],
    stage?: readonly StageLabels[],
  ): FeatureCorpus {
    const corpus = new FeatureCorpus();
    let used = 0;
    documents.forEach((document, d) => {
      const sentences: number[] = [];
      document.sentences.forEach((sentence, s) => {
        const { features, offsets } = labeller.sentenceFeatures(sentence, s, stage?.[d]);
        const n = sentence.words.length;
        const count = offsets[n]!;
        if (used + count > corpus.features.length) {
          const bigger = new Uint32Array(Math.max(corpus.features.length * 2, used + count));
          bigger.set(corpus.features.subarray(0, used));
          corpus.features = bigger;
        }
        corpus.features.set(features.subarray(0, count), used);
        for (let i = 0; i < n; i++) {
          corpus.tokenOffsets.push(used + offsets[i + 1]!);
          corpus.gold.push(gold[d]![s]![i]!);
        }
        used += count;
        sentences.push(corpus.sentenceCount);
        corpus.sequenceStarts.push(corpus.gold.length);
      });
      corpus.documentSentences.push(sentences);
    });
    corpus.features = corpus.features.slice(0, used);
    return corpus;
  }
}

/** Drops feature rows whose largest weight is below `threshold` in absolute value. */
export function pruneStage(stage: StageWeights, labelCount: number, threshold: number): StageWeights {
  const keys = stage.table.keysByRow();
  const keptKeys: number[] = [];
  const kept: number[] = [];
  for (let r = 0; r < keys.length; r++) {
    let max = 0;
    for (let l = 0; l < labelCount; l++) max = Math.max(max, Math.abs(stage.weights[r * labelCount + l]!));
    if (max >= threshold) {
      keptKeys.push(keys[r]!);
      kept.push(r);
    }
  }
  const weights = new Float32Array(kept.length * labelCount);
  kept.forEach((r, i) => weights.set(stage.weights.subarray(r * labelCount, (r + 1) * labelCount), i * labelCount));
  return { table: FeatureTable.fromKeys(Uint32Array.from(keptKeys)), weights, transitions: stage.transitions };
}

function labelCorpus(labeller: DocumentLabeller, documents: readonly PreparedDocument[], weights: StageWeights, stage?: readonly StageLabels[]): Uint8Array[][] {
  return documents.map((document, d) => labeller.labelDocument(document, weights, stage?.[d]));
}

export function scoreLabels(gold: readonly TrainingDocument[], predicted: readonly Uint8Array[][]): NerScore {
  const evaluator = new NerEvaluator();
  gold.forEach((document, d) => document.forEach((sentence, s) => evaluator.add(sentence.tags, labelsToIob2(predicted[d]![s]!))));
  return evaluator.result();
}

interface StageResult {
  weights: StageWeights;
  epochs: number;
  devF1?: number;
}

/**
 * Trains one stage for up to `maxEpochs`, on the sentences of `documents` (indices into the corpus), and
 * keeps the averaged weights of the epoch that scores best on the dev set, if any.
 */
function trainStage(
  corpus: FeatureCorpus,
  documents: readonly number[],
  epochs: number,
  random: () => number,
  dev: { evaluate: (weights: StageWeights) => number } | undefined,
  log: (line: string) => void,
  name: string,
): StageResult {
  const perceptron = new AveragedPerceptron(bilouLabels.length, { tableSize: 1 << 18, initialRows: 1 << 16 });
  const sentences = documents.flatMap((d) => corpus.documentSentences[d]!);
  let best: StageResult | undefined;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = Date.now();
    for (const s of shuffleInPlace(sentences, random)) perceptron.train(corpus, s);
    if (!dev) continue;
    const averaged = perceptron.averaged();
    const f1 = dev.evaluate(averaged);
    log(`${name} epoch ${epoch}: dev F1 ${(100 * f1).toFixed(2)} (${perceptron.table.size} features, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (!best || f1 > best.devF1!) best = { weights: averaged, epochs: epoch, devF1: f1 };
  }
  return best ?? { weights: perceptron.averaged(), epochs };
}

export interface TrainedModel {
  model: NerModel;
  /** Unpruned stages, to choose a pruning threshold from. */
  stages: StageWeights[];
  stageEpochs: number[];
}

export function trainNer(train: readonly TrainingDocument[], options: TrainOptions): TrainedModel {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const labelCount = bilouLabels.length;
  const casing = CorpusCasing.fromSentences(train.flatMap((d) => d.map((s) => s.tokens)));
  const extractor = new FeatureExtractor(casing, labelCount);
  const labeller = new DocumentLabeller(extractor, labelCount);

  const prepare = (docs: readonly TrainingDocument[]): PreparedDocument[] => docs.map((d) => extractor.prepareDocument(d.map((s) => s.tokens)));
  const trainDocs = prepare(train);
  const trainGold = train.map((d) => d.map(goldLabels));
  const devDocs = options.dev ? prepare(options.dev) : [];
  const allTrain = train.map((_, d) => d);

  const firstCorpus = FeatureCorpus.build(labeller, trainDocs, trainGold);
  const devFor = (stage?: readonly StageLabels[]) =>
    options.dev ? { evaluate: (w: StageWeights) => scoreLabels(options.dev!, labelCorpus(labeller, devDocs, w, stage)).f1 } : undefined;
  const first = trainStage(firstCorpus, allTrain, options.maxEpochs, random, devFor(), log, 'stage 1');
  const stages = [first.weights];
  const stageEpochs = [first.epochs];

  if (options.twoStages) {
    // First-stage labels of each training document from a model trained without it.
    const foldEpochs = options.foldEpochs ?? first.epochs;
    const order = shuffleInPlace([...allTrain], random);
    const jackknifed: Uint8Array[][] = new Array(train.length);
    for (let fold = 0; fold < options.folds; fold++) {
      const heldOut = order.filter((_, k) => k % options.folds === fold);
      const rest = order.filter((_, k) => k % options.folds !== fold);
      const foldModel = trainStage(firstCorpus, rest, foldEpochs, random, undefined, log, `fold ${fold + 1}`);
      for (const d of heldOut) jackknifed[d] = labeller.labelDocument(trainDocs[d]!, foldModel.weights);
      log(`fold ${fold + 1}/${options.folds} labelled ${heldOut.length} documents`);
    }
    const trainStageLabels = trainDocs.map((doc, d) => extractor.stageLabels(doc, jackknifed[d]!));
    const devStageLabels = devDocs.map((doc) => extractor.stageLabels(doc, labeller.labelDocument(doc, first.weights)));
    const secondCorpus = FeatureCorpus.build(labeller, trainDocs, trainGold, trainStageLabels);
    const second = trainStage(secondCorpus, allTrain, options.maxEpochs, random, devFor(devStageLabels), log, 'stage 2');
    stages.push(second.weights);
    stageEpochs.push(second.epochs);
  }

  const info: ModelInfo = { stageEpochs, trainDocuments: train.length, seed: options.seed };
  return { model: new NerModel(stages, casing, info), stages, stageEpochs };
}
