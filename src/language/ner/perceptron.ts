/**
 * A generic averaged structured perceptron over hashed features with BILOU Viterbi decoding, for taggers
 * other than the NER one (whose trainer in train.ts is tied to its two-stage document layout). It reuses
 * the NER building blocks: FeatureTable rows, `addFeatureScores`, `ViterbiDecoder`, `StageWeights`, and
 * the same 8-bit-per-row weight encoding as model.ts.
 *
 * Labels follow decode.ts: 0 is O, then B-, I-, L-, U- of each type in turn (1 + 4 × types labels).
 */
import { ViterbiDecoder, addFeatureScores } from './decode.js';
import { FeatureTable } from './hash.js';
import type { StageWeights } from './labeller.js';

/** Label index of `prefix` (0 B, 1 I, 2 L, 3 U) for type `type` (0-based). */
export function bilouLabel(type: number, prefix: 0 | 1 | 2 | 3): number {
  return 1 + type * 4 + prefix;
}

/** The type (0-based) of a label, -1 for O. */
export function bilouType(label: number): number {
  return label === 0 ? -1 : (label - 1) >> 2;
}

/**
 * BILOU labels for per-token types (-1 = outside): a run of one type becomes one span, unless `groups` is
 * given and changes inside it (two touching spans of one type).
 */
export function typesToBilou(types: ArrayLike<number>, groups?: ArrayLike<number>, out: Uint8Array = new Uint8Array(types.length)): Uint8Array {
  const n = types.length;
  const same = (a: number, b: number): boolean => types[a] === types[b] && (!groups || groups[a] === groups[b]);
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t < 0) {
      out[i] = 0;
      continue;
    }
    const startsRun = i === 0 || !same(i - 1, i);
    const endsRun = i === n - 1 || !same(i, i + 1);
    out[i] = bilouLabel(t, startsRun ? (endsRun ? 3 : 0) : endsRun ? 2 : 1);
  }
  return out;
}

/** Token feature lists and gold labels of many sequences, extracted once and reused every epoch. */
export class SequenceCorpus {
  features = new Uint32Array(1 << 16);
  private used = 0;
  /** Token t has features[tokenOffsets[t]..tokenOffsets[t + 1]). */
  tokenOffsets: number[] = [0];
  /** Sequence s has tokens sequenceStarts[s]..sequenceStarts[s + 1]. */
  sequenceStarts: number[] = [0];
  gold: number[] = [];

  get sequenceCount(): number {
    return this.sequenceStarts.length - 1;
  }

  get tokenCount(): number {
    return this.gold.length;
  }

  /** Adds a sequence of `n` tokens: token i has features[offsets[i]..offsets[i + 1]). */
  add(features: Uint32Array, offsets: ArrayLike<number>, n: number, gold: ArrayLike<number>): void {
    const from = offsets[0]!;
    const count = offsets[n]! - from;
    if (this.used + count > this.features.length) {
      const bigger = new Uint32Array(Math.max(this.features.length * 2, this.used + count));
      bigger.set(this.features.subarray(0, this.used));
      this.features = bigger;
    }
    this.features.set(features.subarray(from, from + count), this.used);
    for (let i = 0; i < n; i++) {
      this.tokenOffsets.push(this.used + offsets[i + 1]! - from);
      this.gold.push(gold[i]!);
    }
    this.used += count;
    this.sequenceStarts.push(this.gold.length);
  }

  /** Releases unused capacity once every sequence is in. */
  seal(): void {
    this.features = this.features.slice(0, this.used);
  }
}

/** Per-token label scores of a sequence: scores[i × labelCount + l]; added to the scores there with `accumulate`. */
export function scoreTokens(
  features: Uint32Array,
  offsets: ArrayLike<number>,
  n: number,
  weights: StageWeights,
  labelCount: number,
  scores: Float64Array,
  accumulate = false,
): void {
  if (!accumulate) scores.fill(0, 0, n * labelCount);
  for (let i = 0; i < n; i++) addFeatureScores(features, offsets[i]!, offsets[i + 1]!, weights.table, weights.weights, labelCount, scores, i * labelCount);
}

/** Perceptron weights with the running sums that averaging needs (avg = w - totals / clock). */
/** What training reads: token feature lists and gold labels, grouped into sequences. */
export interface LabelledSequences {
  features: Uint32Array;
  tokenOffsets: readonly number[];
  sequenceStarts: readonly number[];
  gold: readonly number[];
}

export class AveragedPerceptron {
  readonly table: FeatureTable;
  private weights = new Float64Array(0);
  private totals = new Float64Array(0);
  private readonly transitions: Float64Array;
  private readonly transitionTotals: Float64Array;
  private clock = 1;
  private readonly decoder: ViterbiDecoder;
  private scores = new Float64Array(1024);
  private predicted = new Uint8Array(256);

  /** `tableSize` and `initialRows` only size the first allocations (both grow); they never change results. */
  constructor(
    private readonly labelCount: number,
    { tableSize = 1 << 16, initialRows = 1 << 14 }: { tableSize?: number; initialRows?: number } = {},
  ) {
    this.table = new FeatureTable(tableSize);
    this.transitions = new Float64Array((labelCount + 1) * labelCount);
    this.transitionTotals = new Float64Array(this.transitions.length);
    this.decoder = new ViterbiDecoder(labelCount);
    this.ensureRows(initialRows);
  }

  private ensureRows(rows: number): void {
    const needed = rows * this.labelCount;
    if (needed <= this.weights.length) return;
    const size = Math.max(needed, this.weights.length * 2);
    const weights = new Float64Array(size);
    weights.set(this.weights);
    const totals = new Float64Array(size);
    totals.set(this.totals);
    this.weights = weights;
    this.totals = totals;
  }

  /** Decodes sequence `s` with the current weights and updates them where it differs from the gold labels. */
  train(corpus: LabelledSequences, s: number): void {
    const L = this.labelCount;
    const first = corpus.sequenceStarts[s]!;
    const n = corpus.sequenceStarts[s + 1]! - first;
    if (n === 0) return;
    if (this.scores.length < n * L) this.scores = new Float64Array(n * L * 2);
    if (this.predicted.length < n) this.predicted = new Uint8Array(n * 2);
    const scores = this.scores;
    scores.fill(0, 0, n * L);
    const offsets = corpus.tokenOffsets;
    for (let i = 0; i < n; i++) addFeatureScores(corpus.features, offsets[first + i]!, offsets[first + i + 1]!, this.table, this.weights, L, scores, i * L);
    this.decoder.decode(scores, n, this.transitions, this.predicted);
    for (let i = 0; i < n; i++) {
      const gold = corpus.gold[first + i]!;
      const guess = this.predicted[i]!;
      const goldPrevious = i === 0 ? L : corpus.gold[first + i - 1]!;
      const guessPrevious = i === 0 ? L : this.predicted[i - 1]!;
      if (gold !== guess) {
        for (let f = offsets[first + i]!; f < offsets[first + i + 1]!; f++) {
          const row = this.table.getOrAdd(corpus.features[f]!);
          this.ensureRows(row + 1);
          this.bump(this.weights, this.totals, row * L + gold, 1);
          this.bump(this.weights, this.totals, row * L + guess, -1);
        }
      }
      if (gold !== guess || goldPrevious !== guessPrevious) {
        this.bump(this.transitions, this.transitionTotals, goldPrevious * L + gold, 1);
        this.bump(this.transitions, this.transitionTotals, guessPrevious * L + guess, -1);
      }
    }
    this.clock++;
  }

  private bump(weights: Float64Array, totals: Float64Array, at: number, delta: number): void {
    weights[at]! += delta;
    totals[at]! += this.clock * delta;
  }

  /** The averaged weights, frozen. */
  averaged(): StageWeights {
    const L = this.labelCount;
    const rows = this.table.size;
    const weights = new Float32Array(rows * L);
    for (let k = 0; k < rows * L; k++) weights[k] = this.weights[k]! - this.totals[k]! / this.clock;
    const transitions = new Float32Array(this.transitions.length);
    for (let k = 0; k < transitions.length; k++) transitions[k] = this.transitions[k]! - this.transitionTotals[k]! / this.clock;
    return { table: FeatureTable.fromKeys(this.table.keysByRow()), weights, transitions };
  }
}

/** Fisher–Yates with a seeded generator, so training is deterministic. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** One stage as stored: base64 arrays, each feature row quantised to 8 bits with its own scale. */
export interface EncodedStage {
  keys: string;
  scales: string;
  weights: string;
  transitions: number[];
}

export function toBase64(array: Uint32Array | Float32Array | Int8Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

export function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function encodeStage(stage: StageWeights, labelCount: number): EncodedStage {
  const keys = stage.table.keysByRow();
  const rows = keys.length;
  const scales = new Float32Array(rows);
  const weights = new Int8Array(rows * labelCount);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let l = 0; l < labelCount; l++) max = Math.max(max, Math.abs(stage.weights[r * labelCount + l]!));
    const scale = max / 127 || 1;
    scales[r] = scale;
    for (let l = 0; l < labelCount; l++) weights[r * labelCount + l] = Math.round(stage.weights[r * labelCount + l]! / scale);
  }
  return { keys: toBase64(keys), scales: toBase64(scales), weights: toBase64(weights), transitions: Array.from(stage.transitions, (t) => Math.round(t * 1e4) / 1e4) };
}

export function decodeStage(file: EncodedStage, labelCount: number): StageWeights {
  const keys = new Uint32Array(fromBase64(file.keys));
  const scales = new Float32Array(fromBase64(file.scales));
  const quantised = new Int8Array(fromBase64(file.weights));
  if (quantised.length !== keys.length * labelCount || scales.length !== keys.length) throw new Error('weight arrays do not match the feature keys');
  const weights = new Float32Array(quantised.length);
  for (let r = 0; r < keys.length; r++) for (let l = 0; l < labelCount; l++) weights[r * labelCount + l] = quantised[r * labelCount + l]! * scales[r]!;
  if (file.transitions.length !== (labelCount + 1) * labelCount) throw new Error('transition table has the wrong size');
  return { table: FeatureTable.fromKeys(keys), weights, transitions: Float32Array.from(file.transitions) };
}
