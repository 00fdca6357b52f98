/**
 * Training the attribution model: the cue stage on every block of the training articles, then the role stage
 * on a window around every gold cue. The dev articles only choose the number of epochs of each stage.
 */
import type { StageWeights } from '../../language/ner/labeller.js';
import { AveragedPerceptron, SequenceCorpus, shuffleInPlace, typesToBilou } from '../../language/ner/perceptron.js';
import { pruneStage } from '../../language/ner/train.js';
import { analyseText } from '../../language/text.js';
import { seededRandom } from '../../util/random.js';
import { AttributionEvaluator, type AttributionScores } from '../polnear/metrics.js';
import { type AttributionSpans, TokenRole, type TokenAssignment, assignTokens } from './alignment.js';
import { type CueRange, FeatureBuffer, type FirstPass, type PreparedText, cueFeatures, prepareText, roleFeatures, roleWindow } from './features.js';
import { AttributionModel, type AttributionModelInfo, cueStageTypeSets, firstPassOf, roleContent, roleLabelCount, type RoleScoreCache, roleSource } from './model.js';

export interface AttributionTrainingArticle {
  name: string;
  text: string;
  attributions: readonly AttributionSpans[];
}

export interface AttributionTrainOptions {
  cueEpochs: number;
  roleEpochs: number;
  seed: number;
  /** Cue stage also tags sources and contents (types `joint`), or cues alone (`cue`). */
  cueTypes: keyof typeof cueStageTypeSets;
  /** Train a second cue pass that sees the first pass's cues and contents. */
  secondPass: boolean;
  /** Jackknife folds for the second pass's training input. */
  folds?: number;
  /** Cue boosts to try on the dev set (default `defaultCueBoosts`). */
  cueBoosts?: readonly number[];
  dev?: readonly AttributionTrainingArticle[];
  log?: (line: string) => void;
}

export const defaultCueBoosts = [0, 10, 20, 30, 40, 50] as const;

/** An article analysed once, with its gold attributions on tokens. */
export interface PreparedArticle {
  article: AttributionTrainingArticle;
  prepared: PreparedText;
  assignment: TokenAssignment;
  /** Token range of each gold attribution's cue (undefined when its cue covers no whole token). */
  goldCues: (CueRange | undefined)[];
}

export function prepareArticle(article: AttributionTrainingArticle): PreparedArticle {
  const { sentences, tokens } = analyseText(article.text);
  const prepared = prepareText(article.text, sentences, tokens);
  const assignment = assignTokens(tokens, article.attributions);
  const goldCues: (CueRange | undefined)[] = article.attributions.map(() => undefined);
  for (let t = 0; t < tokens.length; t++) {
    if (assignment.role[t] !== TokenRole.Cue) continue;
    const k = assignment.attribution[t]!;
    const range = goldCues[k];
    if (!range) goldCues[k] = { start: t, end: t + 1 };
    else range.end = t + 1;
  }
  return { article, prepared, assignment, goldCues };
}

/** Gold types of the cue stage per token: the cue (0) and, for the joint set, source (1) and content (2). */
function cueStageGold(a: PreparedArticle, joint: boolean): Int8Array {
  const types = new Int8Array(a.prepared.n).fill(-1);
  for (let t = 0; t < types.length; t++) {
    const role = a.assignment.role[t]!;
    if (role === TokenRole.Cue) types[t] = 0;
    else if (joint && role === TokenRole.Source) types[t] = 1;
    else if (joint && role === TokenRole.Content) types[t] = 2;
  }
  return types;
}

/** A corpus and, per article, the indices of its sequences (to train on some articles only). */
export interface ArticleCorpus {
  corpus: SequenceCorpus;
  articleSequences: number[][];
}

export function buildCueCorpus(articles: readonly PreparedArticle[], joint: boolean, firstPasses?: readonly FirstPass[]): ArticleCorpus {
  const corpus = new SequenceCorpus();
  const buffer = new FeatureBuffer();
  const articleSequences = articles.map((a, index) => {
    const types = cueStageGold(a, joint);
    const p = a.prepared;
    const sequences: number[] = [];
    for (let b = 0; b < p.blockStart.length; b++) {
      const from = p.blockStart[b]!;
      const to = p.blockEnd[b]!;
      if (to === from) continue;
      cueFeatures(p, from, to, buffer, firstPasses?.[index]);
      sequences.push(corpus.sequenceCount);
      corpus.add(buffer.features, buffer.offsets, to - from, typesToBilou(types.subarray(from, to), a.assignment.attribution.subarray(from, to)));
    }
    return sequences;
  });
  corpus.seal();
  return { corpus, articleSequences };
}

export function buildRoleCorpus(articles: readonly PreparedArticle[]): ArticleCorpus {
  const corpus = new SequenceCorpus();
  const buffer = new FeatureBuffer();
  const articleSequences = articles.map((a) => {
    const p = a.prepared;
    const otherCue = new Uint8Array(p.n);
    for (const cue of a.goldCues) if (cue) otherCue.fill(1, cue.start, cue.end);
    const sequences: number[] = [];
    a.goldCues.forEach((cue, k) => {
      if (!cue) return;
      // This attribution alone, so that a source it shares with another cue is its source too.
      const own = assignTokens(p.tokens, [a.article.attributions[k]!]);
      const { from, to } = roleWindow(p, cue);
      const types = new Int8Array(to - from).fill(-1);
      for (let t = from; t < to; t++) {
        if (otherCue[t] === 1) continue;
        if (own.role[t] === TokenRole.Source) types[t - from] = roleSource;
        else if (own.role[t] === TokenRole.Content) types[t - from] = roleContent;
      }
      roleFeatures(p, cue, from, to, otherCue, buffer);
      sequences.push(corpus.sequenceCount);
      corpus.add(buffer.features, buffer.offsets, to - from, typesToBilou(types));
    });
    return sequences;
  });
  corpus.seal();
  return { corpus, articleSequences };
}

/** Scores a model on prepared articles; `cuesOnly` scores the cues alone (no role stage is run). */
export function evaluatePrepared(model: AttributionModel, articles: readonly PreparedArticle[], cuesOnly = false): AttributionScores {
  const evaluator = new AttributionEvaluator();
  for (const a of articles) {
    const cueScores: RoleScoreCache = new Map();
    const cues = model.findCues(a.prepared, cueScores);
    const predicted = cuesOnly
      ? cues.map((c) => ({ cue: [{ start: a.prepared.tokens[c.start]!.start, end: a.prepared.tokens[c.end - 1]!.end }], source: [], content: [] }))
      : model.attributionsOf(a.prepared, cues, model.roleStage, cueScores);
    evaluator.add(a.article.name, a.article.text, a.article.attributions, predicted);
  }
  return evaluator.result();
}

/** What the role stage is chosen by on the dev set: sources, speakers and contents together. */
export function roleObjective(s: AttributionScores): number {
  return s.source_f1 + s.speaker_accuracy + s.content_overlap_f1 + s.content_f1;
}

export interface TrainedAttributionModel {
  model: AttributionModel;
  cueEpochs: number;
  roleEpochs: number;
}

export function formatScoreLine(s: AttributionScores): string {
  const pct = (x: number): string => (100 * x).toFixed(1);
  return `cue ${pct(s.cue_f1)} source ${pct(s.source_f1)} content ${pct(s.content_f1)}/${pct(s.content_overlap_f1)} speaker ${pct(s.speaker_accuracy)}`;
}

interface EpochChoice {
  stage: StageWeights;
  epoch: number;
  score: number;
}

/**
 * Trains a perceptron on `sequences` of a corpus for up to `epochs`; after each epoch `score` (if given) rates
 * the averaged weights and the best are kept, otherwise the last.
 */
function trainEpochs(
  labelCount: number,
  corpus: SequenceCorpus,
  sequences: readonly number[],
  epochs: number,
  random: () => number,
  score?: (stage: StageWeights, epoch: number, features: number) => number,
): EpochChoice {
  const perceptron = new AveragedPerceptron(labelCount);
  const order = [...sequences];
  let best: EpochChoice | undefined;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (const s of shuffleInPlace(order, random)) perceptron.train(corpus, s);
    if (!score && epoch < epochs) continue;
    const stage = perceptron.averaged();
    const value = score ? score(stage, epoch, perceptron.table.size) : 0;
    if (!best || value > best.score) best = { stage, epoch, score: value };
  }
  return best!;
}

const elapsed = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

export function trainAttributionModel(train: readonly AttributionTrainingArticle[], options: AttributionTrainOptions): TrainedAttributionModel {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const cueTypes = cueStageTypeSets[options.cueTypes];
  const joint = cueTypes.length > 1;
  const cueLabelCount = 1 + 4 * cueTypes.length;
  const boosts = options.cueBoosts ?? defaultCueBoosts;
  let started = Date.now();
  const trainArticles = train.map(prepareArticle);
  const devArticles = (options.dev ?? []).map(prepareArticle);
  const haveDev = devArticles.length > 0;
  log(`analysed ${trainArticles.length} training and ${devArticles.length} dev articles (${elapsed(started)})`);
  const allArticles = trainArticles.map((_, i) => i);
  const sequencesOf = (c: ArticleCorpus, articles: readonly number[]): number[] => articles.flatMap((a) => c.articleSequences[a]!);
  const noRoles = new AveragedPerceptron(roleLabelCount).averaged();

  // Cue stage, first pass.
  started = Date.now();
  const cueCorpus = buildCueCorpus(trainArticles, joint);
  log(`cue stage: ${cueCorpus.corpus.sequenceCount} blocks, ${cueCorpus.corpus.tokenCount} tokens (${elapsed(started)})`);
  const cueScore = (name: string, make: (stage: StageWeights) => AttributionModel) => (stage: StageWeights, epoch: number, features: number): number => {
    const scores = evaluatePrepared(make(stage), devArticles, true);
    log(`${name} epoch ${epoch}: dev cue F1 ${(100 * scores.cue_f1).toFixed(2)} (P ${(100 * scores.cue_precision).toFixed(1)} R ${(100 * scores.cue_recall).toFixed(1)}; ${features} features)`);
    return scores.cue_f1;
  };
  let epochStarted = Date.now();
  const firstCue = trainEpochs(
    cueLabelCount,
    cueCorpus.corpus,
    sequencesOf(cueCorpus, allArticles),
    options.cueEpochs,
    random,
    haveDev ? cueScore('cue', (stage) => new AttributionModel(stage, noRoles, cueTypes)) : undefined,
  );
  log(`cue stage trained (${elapsed(epochStarted)})`);
  // The cue boost trades precision for recall (see AttributionModel); the dev set chooses it.
  const chooseBoost = (name: string, make: (boost: number) => AttributionModel): number => {
    if (!haveDev) return 0;
    let best = { boost: 0, f1: -1 };
    for (const boost of boosts) {
      const scores = evaluatePrepared(make(boost), devArticles, true);
      log(`${name} boost ${boost}: dev cue F1 ${(100 * scores.cue_f1).toFixed(2)} (P ${(100 * scores.cue_precision).toFixed(1)} R ${(100 * scores.cue_recall).toFixed(1)})`);
      if (scores.cue_f1 > best.f1) best = { boost, f1: scores.cue_f1 };
    }
    return best.boost;
  };
  const cueBoost = chooseBoost('cue', (boost) => new AttributionModel(firstCue.stage, noRoles, cueTypes, {}, boost));

  // Role stage, on gold cues.
  started = Date.now();
  const roleCorpus = buildRoleCorpus(trainArticles);
  log(`role stage: ${roleCorpus.corpus.sequenceCount} cue windows, ${roleCorpus.corpus.tokenCount} tokens (${elapsed(started)})`);
  epochStarted = Date.now();
  const role = trainEpochs(
    roleLabelCount,
    roleCorpus.corpus,
    sequencesOf(roleCorpus, allArticles),
    options.roleEpochs,
    random,
    haveDev
      ? (stage, epoch, features) => {
          const scores = evaluatePrepared(new AttributionModel(firstCue.stage, stage, cueTypes, {}, cueBoost), devArticles);
          log(`role epoch ${epoch}: dev ${formatScoreLine(scores)} (${features} features)`);
          return roleObjective(scores);
        }
      : undefined,
  );
  log(`role stage trained (${elapsed(epochStarted)})`);
  let model = new AttributionModel(firstCue.stage, role.stage, cueTypes, {}, cueBoost);
  const info: AttributionModelInfo = { cueEpochs: firstCue.epoch, roleEpochs: role.epoch, cueBoost, trainArticles: train.length, seed: options.seed, cueTypes: options.cueTypes };

  if (options.secondPass) {
    // First-pass cues and contents of each training article from models that did not see it (jackknifing),
    // so that the second pass learns how far to trust them on new text.
    const folds = options.folds ?? 4;
    const order = shuffleInPlace([...allArticles], random);
    const firstPasses: FirstPass[] = new Array<FirstPass>(trainArticles.length);
    for (let fold = 0; fold < folds; fold++) {
      started = Date.now();
      const heldOut = order.filter((_, k) => k % folds === fold);
      const rest = order.filter((_, k) => k % folds !== fold);
      const foldCue = trainEpochs(cueLabelCount, cueCorpus.corpus, sequencesOf(cueCorpus, rest), firstCue.epoch, random);
      const foldRole = trainEpochs(roleLabelCount, roleCorpus.corpus, sequencesOf(roleCorpus, rest), role.epoch, random);
      const foldModel = new AttributionModel(foldCue.stage, foldRole.stage, cueTypes, {}, cueBoost);
      for (const a of heldOut) firstPasses[a] = firstPassOf(trainArticles[a]!.prepared, foldModel.rolesOfCues(trainArticles[a]!.prepared, foldModel.findCues(trainArticles[a]!.prepared), foldRole.stage, false));
      log(`fold ${fold + 1}/${folds}: first pass over ${heldOut.length} held-out articles (${elapsed(started)})`);
    }
    started = Date.now();
    const secondCorpus = buildCueCorpus(trainArticles, joint, firstPasses);
    log(`second cue pass: ${secondCorpus.corpus.tokenCount} tokens (${elapsed(started)})`);
    const withSecond = (stage: StageWeights, boost: number): AttributionModel => new AttributionModel(firstCue.stage, role.stage, cueTypes, {}, cueBoost, stage, boost);
    const second = trainEpochs(
      cueLabelCount,
      secondCorpus.corpus,
      sequencesOf(secondCorpus, allArticles),
      options.cueEpochs,
      random,
      haveDev ? cueScore('second cue', (stage) => withSecond(stage, 0)) : undefined,
    );
    const secondBoost = chooseBoost('second cue', (boost) => withSecond(second.stage, boost));
    model = withSecond(second.stage, secondBoost);
    Object.assign(info, { secondCueEpochs: second.epoch, secondCueBoost: secondBoost, folds });
  }
  if (haveDev) log(`dev: ${formatScoreLine(evaluatePrepared(model, devArticles))}`);
  return {
    model: new AttributionModel(model.cueStage, model.roleStage, model.cueTypes, info, model.cueBoost, model.secondCueStage, model.secondCueBoost),
    cueEpochs: firstCue.epoch,
    roleEpochs: role.epoch,
  };
}

/** The model with feature rows whose largest weight is below `threshold` dropped, in both stages. */
export function pruneAttributionModel(model: AttributionModel, threshold: number): AttributionModel {
  return new AttributionModel(
    pruneStage(model.cueStage, model.cueLabelCount, threshold),
    pruneStage(model.roleStage, roleLabelCount, threshold),
    model.cueTypes,
    { ...model.info, pruneThreshold: threshold },
    model.cueBoost,
    model.secondCueStage ? pruneStage(model.secondCueStage, model.cueLabelCount, threshold) : undefined,
    model.secondCueBoost,
  );
}
