/**
 * The attribution model: finds who said what in a text.
 *
 * Averaged-perceptron taggers with Viterbi decoding (src/language/ner/perceptron.ts):
 * 1. the cue stage tags each block (paragraph) with BILOU labels and keeps the cue spans;
 * 2. the role stage runs once per cue, over a window of that cue's block, and tags the source and the
 *    content of that cue, with features relative to it. Running per cue lets one source serve two cues
 *    ("Trump said … and added …") and ties each content to its cue without a separate grouping step;
 * 3. optionally a second cue pass sees the first pass's cues and their contents (a verb inside another
 *    attribution's content is content, not a cue), and the role stage runs again on its cues.
 */
import { writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ViterbiDecoder } from '../../language/ner/decode.js';
import { FeatureTable } from '../../language/ner/hash.js';
import type { StageWeights } from '../../language/ner/labeller.js';
import { type EncodedStage, bilouType, decodeStage, encodeStage, scoreTokens } from '../../language/ner/perceptron.js';
import { analyseText, type Sentence, type Token } from '../../language/text.js';
import { tokenRunsToSpans } from './alignment.js';
import { conventionAttributions } from './conventions.js';
import { type CueRange, FeatureBuffer, type FirstPass, type PreparedText, attributionFeatureVersion, cueFeatures, cueStackFeatures, prepareText, roleFeatures, roleWindow } from './features.js';
import type { PredictedAttribution, Span } from './types.js';
import { readModelFile, shippedModelPath } from '../../util/package-root.js';

export const defaultAttributionModelFile = 'attribution-polnear.json.gz';

/** Types of the role stage, in label order. */
export const roleTypes = ['SOURCE', 'CONTENT'] as const;
export const roleSource = 0;
export const roleContent = 1;
export const roleLabelCount = 1 + 4 * roleTypes.length;

/** Types the cue stage may tag; the cue is always type 0, the others only help it. */
export const cueStageTypeSets = {
  cue: ['CUE'],
  joint: ['CUE', 'SOURCE', 'CONTENT'],
} as const;

export interface AttributionModelInfo {
  [key: string]: unknown;
}

export function defaultAttributionModelPath(): string {
  return shippedModelPath(defaultAttributionModelFile);
}

/** Token ranges of BILOU runs of `type` in labels[0..n). */
export function labelRuns(labels: Uint8Array, n: number, type: number, offset = 0): CueRange[] {
  const runs: CueRange[] = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (bilouType(l) !== type) {
      start = -1;
      continue;
    }
    const prefix = (l - 1) & 3;
    if (prefix === 0 || prefix === 3 || start < 0) start = i;
    if (prefix === 2 || prefix === 3) {
      runs.push({ start: offset + start, end: offset + i + 1 });
      start = -1;
    }
  }
  return runs;
}

/**
 * Both cue passes' weights in one table: row r holds the first pass's label weights, then the second's (zero
 * where a stage has no row for the feature). The second pass scores the same features as the first plus a few
 * of its own, so one lookup per feature serves both passes. Only feature scores are read from it: each pass
 * decodes with its own transitions, so it has none.
 */
function combineCueStages(first: StageWeights, second: StageWeights, labelCount: number): StageWeights {
  const firstKeys = first.table.keysByRow();
  const secondKeys = second.table.keysByRow();
  const table = new FeatureTable(firstKeys.length + secondKeys.length);
  for (const key of firstKeys) table.getOrAdd(key);
  for (const key of secondKeys) table.getOrAdd(key);
  const width = 2 * labelCount;
  const weights = new Float32Array(table.size * width);
  firstKeys.forEach((key, row) => weights.set(first.weights.subarray(row * labelCount, (row + 1) * labelCount), table.get(key) * width));
  secondKeys.forEach((key, row) => weights.set(second.weights.subarray(row * labelCount, (row + 1) * labelCount), table.get(key) * width + labelCount));
  return { table, weights, transitions: new Float32Array(0) };
}

/** Reusable buffers, so tagging allocates little per text. */
class Scratch {
  buffer = new FeatureBuffer();
  scores = new Float64Array(0);
  labels = new Uint8Array(0);

  ensure(n: number, labelCount: number): void {
    if (this.scores.length < n * labelCount) this.scores = new Float64Array(n * labelCount * 2);
    if (this.labels.length < n) this.labels = new Uint8Array(n * 2);
  }
}

/**
 * Role-stage scores of the features that depend on the cue alone, by cue token range (`start:end`), for one
 * prepared text: what the role stage computed for the first cue pass serves again for the final cues.
 */
export type RoleScoreCache = Map<string, { stage: StageWeights; scores: Float64Array }>;

/** Tokens of one cue's source and content, as found by the role stage. */
export interface CueRoles {
  cue: CueRange;
  source: number[];
  content: number[];
}

export class AttributionModel {
  readonly cueLabelCount: number;
  private readonly cueDecoder: ViterbiDecoder;
  private bothCueTables: StageWeights | undefined;
  private readonly roleDecoder = new ViterbiDecoder(roleLabelCount);
  private readonly scratch = new Scratch();

  constructor(
    readonly cueStage: StageWeights,
    readonly roleStage: StageWeights,
    /** Types of the cue stage (see `cueStageTypeSets`). */
    readonly cueTypes: readonly string[],
    readonly info: AttributionModelInfo = {},
    /**
     * Added to the score of the four cue labels at every token before decoding: the perceptron is
     * conservative with cues (high precision, lower recall), and this trades one for the other. Chosen on
     * the dev set by the training script.
     */
    readonly cueBoost = 0,
    /** The second cue pass, which sees the first pass's cues and their contents (optional). */
    readonly secondCueStage?: StageWeights,
    readonly secondCueBoost = 0,
  ) {
    this.cueLabelCount = 1 + 4 * cueTypes.length;
    this.cueDecoder = new ViterbiDecoder(this.cueLabelCount);
  }

  /** The two cue passes' weights in one table (made on first use). */
  private bothCueStages(): StageWeights {
    this.bothCueTables ??= combineCueStages(this.cueStage, this.secondCueStage!, this.cueLabelCount);
    return this.bothCueTables;
  }

  /**
   * Attributions in `text`, with character spans into it. Pass `analysed` when the text was already run
   * through `analyseText` (it must be the analysis of this very text).
   */
  findAttributions(text: string, analysed?: { sentences: readonly Sentence[]; tokens: readonly Token[] }): PredictedAttribution[] {
    const { sentences, tokens } = analysed ?? analyseText(text);
    const prepared = prepareText(text, sentences, tokens);
    const cueScores: RoleScoreCache = new Map();
    const found = this.attributionsOf(prepared, this.findCues(prepared, cueScores), this.roleStage, cueScores);
    return [...found, ...conventionAttributions(text, found)];
  }

  /**
   * Cue token ranges of a prepared text, in order: the first pass, then the second when the model has one.
   * `cueScores` keeps the role stage's scores of the first pass's cues for a later `attributionsOf`.
   */
  findCues(p: PreparedText, cueScores?: RoleScoreCache): CueRange[] {
    if (!this.secondCueStage) return this.cuePass(p, this.cueStage, this.cueBoost);
    // The second pass's scores of the features both passes share, per block, computed during the first pass.
    const secondScores: Float64Array[] = [];
    const first = this.cuePass(p, this.cueStage, this.cueBoost, undefined, secondScores);
    return this.cuePass(p, this.secondCueStage, this.secondCueBoost, firstPassOf(p, this.rolesOfCues(p, first, this.roleStage, false, cueScores)), secondScores);
  }

  /**
   * One cue pass over every block. Without `firstPass` and with `secondScores`, the second pass's scores of
   * each block's features are left in `secondScores[b]` (the second pass must be `secondCueStage`); with
   * `firstPass`, they are read from there and only the second pass's own features are scored.
   */
  cuePass(p: PreparedText, stage: StageWeights, boost: number, firstPass?: FirstPass, secondScores?: Float64Array[]): CueRange[] {
    const cues: CueRange[] = [];
    const L = this.cueLabelCount;
    const { buffer } = this.scratch;
    const both = !firstPass && secondScores && this.secondCueStage ? this.bothCueStages() : undefined;
    for (let b = 0; b < p.blockStart.length; b++) {
      const from = p.blockStart[b]!;
      const to = p.blockEnd[b]!;
      const n = to - from;
      if (n === 0) continue;
      this.scratch.ensure(n, both ? 2 * L : L);
      const scores = this.scratch.scores;
      const shared = firstPass ? secondScores?.[b] : undefined;
      if (firstPass && shared) {
        cueStackFeatures(p, from, to, firstPass, buffer);
        scores.set(shared);
        scoreTokens(buffer.features, buffer.offsets, n, stage, L, scores, true);
      } else if (both && secondScores) {
        cueFeatures(p, from, to, buffer);
        scoreTokens(buffer.features, buffer.offsets, n, both, 2 * L, scores);
        // Token i's 2L scores: this pass's L, then the second pass's; keep the second's, pack this pass's.
        const second = new Float64Array(n * L);
        for (let i = 0; i < n; i++) {
          second.set(scores.subarray(i * 2 * L + L, (i + 1) * 2 * L), i * L);
          scores.copyWithin(i * L, i * 2 * L, i * 2 * L + L);
        }
        secondScores[b] = second;
      } else {
        cueFeatures(p, from, to, buffer, firstPass);
        scoreTokens(buffer.features, buffer.offsets, n, stage, L, scores);
      }
      if (boost !== 0) for (let i = 0; i < n; i++) for (let l = 1; l <= 4; l++) scores[i * L + l]! += boost;
      this.cueDecoder.decode(scores, n, stage.transitions, this.scratch.labels);
      cues.push(...labelRuns(this.scratch.labels, n, 0, from));
    }
    return cues;
  }

  /**
   * Source and content tokens of each cue, before conflicts between cues are settled. With `markOtherCues`
   * false the role stage is not told where the other cues are, so a content may run over them: the first
   * cue pass uses that to see which of its cues sit inside another's content.
   */
  rolesOfCues(p: PreparedText, cues: readonly CueRange[], stage: StageWeights = this.roleStage, markOtherCues = true, cueScores?: RoleScoreCache): CueRoles[] {
    const otherCue = new Uint8Array(p.n);
    if (markOtherCues) for (const cue of cues) otherCue.fill(1, cue.start, cue.end);
    const { buffer } = this.scratch;
    return cues.map((cue) => {
      const { from, to } = roleWindow(p, cue);
      const n = to - from;
      this.scratch.ensure(n, roleLabelCount);
      const scores = this.scratch.scores;
      if (cueScores) {
        // Most of the role stage's features depend on the cue alone: their scores are computed once per cue
        // and stage, and only the features that see the other cues are scored again on each call.
        const key = `${cue.start}:${cue.end}`;
        let cached = cueScores.get(key);
        if (!cached || cached.stage !== stage) {
          roleFeatures(p, cue, from, to, otherCue, buffer, 'cueOnly');
          scoreTokens(buffer.features, buffer.offsets, n, stage, roleLabelCount, scores);
          cached = { stage, scores: scores.slice(0, n * roleLabelCount) };
          cueScores.set(key, cached);
        } else scores.set(cached.scores);
        roleFeatures(p, cue, from, to, otherCue, buffer, 'otherCues');
        scoreTokens(buffer.features, buffer.offsets, n, stage, roleLabelCount, scores, true);
      } else {
        roleFeatures(p, cue, from, to, otherCue, buffer);
        scoreTokens(buffer.features, buffer.offsets, n, stage, roleLabelCount, scores);
      }
      this.roleDecoder.decode(scores, n, stage.transitions, this.scratch.labels);
      const source: number[] = [];
      const content: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = from + i;
        if (otherCue[t] === 1) continue;
        const type = bilouType(this.scratch.labels[i]!);
        if (type === roleSource) source.push(t);
        else if (type === roleContent) content.push(t);
      }
      // How strongly the tagger prefers a source label over O at each source token.
      const margin = (t: number): number => {
        const base = (t - from) * roleLabelCount;
        let best = -Infinity;
        for (let prefix = 0; prefix < 4; prefix++) best = Math.max(best, scores[base + 1 + roleSource * 4 + prefix]!);
        return best - scores[base]!;
      };
      return { cue, source: oneSource(source, margin), content };
    });
  }

  /** Attributions from cues: the role stage for each, then every content token kept by its nearest claimant. */
  attributionsOf(p: PreparedText, cues: readonly CueRange[], stage: StageWeights = this.roleStage, cueScores?: RoleScoreCache): PredictedAttribution[] {
    return rolesToAttributions(p, this.rolesOfCues(p, cues, stage, true, cueScores));
  }
}

/** Runs of consecutive token indices. */
function runsOf(indices: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const t of indices) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === t - 1) last.push(t);
    else runs.push([t]);
  }
  return runs;
}

/**
 * A cue has one source (PolNeAR has ten two-piece sources in 20,000): when the tagger finds several runs,
 * the one it is surest of (largest mean margin of a source label over O) is kept.
 */
function oneSource(source: number[], margin: (t: number) => number): number[] {
  const runs = runsOf(source);
  if (runs.length <= 1) return source;
  const strength = (run: number[]): number => run.reduce((sum, t) => sum + margin(t), 0) / run.length;
  return runs.reduce((best, run) => (strength(run) > strength(best) ? run : best));
}

/** What the second cue pass is told about the first: cue, source and content tokens. */
export function firstPassOf(p: PreparedText, roles: readonly CueRoles[]): FirstPass {
  const pass: FirstPass = { cue: new Uint8Array(p.n), content: new Uint8Array(p.n), source: new Uint8Array(p.n), cueWithContent: new Uint8Array(p.n) };
  for (const r of roles) {
    pass.cue.fill(1, r.cue.start, r.cue.end);
    if (r.content.length > 0) pass.cueWithContent.fill(1, r.cue.start, r.cue.end);
    for (const t of r.source) pass.source[t] = 1;
    for (const t of r.content) {
      // A token inside its own cue's content cannot happen; elsewhere, say on which side that cue lies.
      if (t >= r.cue.start && t < r.cue.end) continue;
      if (pass.content[t] === 0) pass.content[t] = t >= r.cue.end ? 1 : 2;
    }
  }
  return pass;
}

/** Settles tokens claimed as content by two cues (each goes to the nearer cue) and turns tokens into spans. */
export function rolesToAttributions(p: PreparedText, roles: readonly CueRoles[]): PredictedAttribution[] {
  const owner = new Int32Array(p.n).fill(-1);
  const distance = (t: number, cue: CueRange): number => (t < cue.start ? cue.start - t : t >= cue.end ? t - cue.end + 1 : 0);
  roles.forEach((r, k) => {
    for (const t of r.content) {
      const current = owner[t]!;
      if (current < 0 || distance(t, r.cue) < distance(t, roles[current]!.cue)) owner[t] = k;
    }
  });
  const blockOf = (t: number): number => (t < 0 ? -1 : p.block[t]!);
  const toSpans = (indices: number[]): Span[] => tokenRunsToSpans(p.tokens, indices, blockOf);
  return roles.map((r, k) => ({
    cue: toSpans(rangeIndices(r.cue)),
    source: toSpans(r.source),
    content: toSpans(r.content.filter((t) => owner[t] === k)),
  }));
}

function rangeIndices(range: CueRange): number[] {
  const out: number[] = [];
  for (let t = range.start; t < range.end; t++) out.push(t);
  return out;
}

interface ModelFile {
  format: 'eventwire-attribution';
  featureVersion: number;
  cueTypes: string[];
  roleTypes: string[];
  cueStage: EncodedStage;
  roleStage: EncodedStage;
  cueBoost: number;
  secondCueStage?: EncodedStage;
  secondCueBoost?: number;
  info: AttributionModelInfo;
}

/** The model as stored: gzipped JSON, feature weights quantised to 8 bits per row (see perceptron.ts). */
export function serializeAttributionModel(model: AttributionModel): Buffer {
  const file: ModelFile = {
    format: 'eventwire-attribution',
    featureVersion: attributionFeatureVersion,
    cueTypes: [...model.cueTypes],
    roleTypes: [...roleTypes],
    cueStage: encodeStage(model.cueStage, model.cueLabelCount),
    roleStage: encodeStage(model.roleStage, roleLabelCount),
    cueBoost: model.cueBoost,
    ...(model.secondCueStage ? { secondCueStage: encodeStage(model.secondCueStage, model.cueLabelCount), secondCueBoost: model.secondCueBoost } : {}),
    info: model.info,
  };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

export function deserializeAttributionModel(bytes: Buffer, source = 'model'): AttributionModel {
  let file: ModelFile;
  try {
    file = JSON.parse(gunzipSync(bytes).toString('utf8')) as ModelFile;
  } catch (error) {
    throw new Error(`${source} is not a gzipped JSON model: ${(error as Error).message}`);
  }
  if (file.format !== 'eventwire-attribution') throw new Error(`${source} is not an eventwire attribution model`);
  if (file.featureVersion !== attributionFeatureVersion) {
    throw new Error(`${source} was trained with features v${file.featureVersion}; this eventwire computes v${attributionFeatureVersion}: retrain it`);
  }
  if (file.roleTypes.join() !== roleTypes.join() || file.cueTypes[0] !== 'CUE') throw new Error(`${source} has labels this eventwire does not know`);
  const cueLabelCount = 1 + 4 * file.cueTypes.length;
  return new AttributionModel(
    decodeStage(file.cueStage, cueLabelCount),
    decodeStage(file.roleStage, roleLabelCount),
    file.cueTypes,
    file.info,
    file.cueBoost ?? 0,
    file.secondCueStage ? decodeStage(file.secondCueStage, cueLabelCount) : undefined,
    file.secondCueBoost ?? 0,
  );
}

export function saveAttributionModel(model: AttributionModel, path: string): void {
  writeFileSync(path, serializeAttributionModel(model));
}

/** Loads a model file; by default the one shipped in data/models. */
export function loadAttributionModel(path: string = defaultAttributionModelPath()): AttributionModel {
  return deserializeAttributionModel(readModelFile('attribution', path), path);
}
