/** Scoring and Viterbi decoding over BILOU labels, shared by training and tagging. */
import type { FeatureTable } from './hash.js';

const begin = 0;
const inside = 1;

/** Whether label `l` (> 0) leaves a name open: B- or I-. */
function opens(l: number): boolean {
  return l > 0 && ((l - 1) & 3) <= inside;
}

/**
 * Allowed label transitions, as 0 or -Infinity to add to a score: after B-X or I-X only I-X or L-X; elsewhere
 * (and at the start) only O, B- or U-. Row `labelCount` is the start of a sentence.
 */
export function transitionMask(labelCount: number): { mask: Float64Array; endMask: Float64Array } {
  const mask = new Float64Array((labelCount + 1) * labelCount);
  const endMask = new Float64Array(labelCount);
  for (let prev = 0; prev <= labelCount; prev++) {
    for (let cur = 0; cur < labelCount; cur++) {
      let allowed: boolean;
      if (prev < labelCount && opens(prev)) {
        const sameType = cur > 0 && (cur - 1) >> 2 === (prev - 1) >> 2;
        const prefix = (cur - 1) & 3;
        allowed = sameType && prefix !== begin && prefix !== 3;
      } else allowed = cur === 0 || (cur - 1) % 4 === begin || (cur - 1) % 4 === 3;
      mask[prev * labelCount + cur] = allowed ? 0 : -Infinity;
    }
  }
  for (let cur = 0; cur < labelCount; cur++) endMask[cur] = opens(cur) ? -Infinity : 0;
  return { mask, endMask };
}

/** Adds the weights of features[from..to) to scores[at..at + labelCount). */
export function addFeatureScores(
  features: Uint32Array,
  from: number,
  to: number,
  table: FeatureTable,
  weights: Float32Array | Float64Array,
  labelCount: number,
  scores: Float64Array,
  at: number,
): void {
  for (let f = from; f < to; f++) {
    const row = table.get(features[f]!);
    if (row < 0) continue;
    const base = row * labelCount;
    for (let l = 0; l < labelCount; l++) scores[at + l]! += weights[base + l]!;
  }
}

/** Best label sequence for `n` tokens given per-token scores and transition weights ((labelCount + 1) × labelCount). */
export class ViterbiDecoder {
  /** For each label, the labels allowed before it (about a third of all pairs). */
  private readonly allowedBefore: Int32Array[];
  private readonly startMask: Float64Array;
  private readonly endMask: Float64Array;
  private best = new Float64Array(0);
  private back = new Uint8Array(0);

  constructor(private readonly labelCount: number) {
    const { mask, endMask } = transitionMask(labelCount);
    this.endMask = endMask;
    this.startMask = mask.slice(labelCount * labelCount);
    this.allowedBefore = Array.from({ length: labelCount }, (_, cur) => {
      const prevs: number[] = [];
      for (let prev = 0; prev < labelCount; prev++) if (mask[prev * labelCount + cur] === 0) prevs.push(prev);
      return Int32Array.from(prevs);
    });
  }

  decode(scores: Float64Array, n: number, transitions: Float32Array | Float64Array, out: Uint8Array): void {
    const L = this.labelCount;
    if (n === 0) return;
    if (this.best.length < n * L) {
      this.best = new Float64Array(n * L * 2);
      this.back = new Uint8Array(n * L * 2);
    }
    const best = this.best;
    const back = this.back;
    const start = L * L;
    for (let l = 0; l < L; l++) best[l] = scores[l]! + transitions[start + l]! + this.startMask[l]!;
    for (let i = 1; i < n; i++) {
      const prevBase = (i - 1) * L;
      const base = i * L;
      for (let cur = 0; cur < L; cur++) {
        const prevs = this.allowedBefore[cur]!;
        let top = -Infinity;
        let arg = 0;
        for (let k = 0; k < prevs.length; k++) {
          const prev = prevs[k]!;
          const s = best[prevBase + prev]! + transitions[prev * L + cur]!;
          if (s > top) {
            top = s;
            arg = prev;
          }
        }
        best[base + cur] = top + scores[base + cur]!;
        back[base + cur] = arg;
      }
    }
    const lastBase = (n - 1) * L;
    let top = -Infinity;
    let arg = 0;
    for (let l = 0; l < L; l++) {
      const s = best[lastBase + l]! + this.endMask[l]!;
      if (s > top) {
        top = s;
        arg = l;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      out[i] = arg;
      arg = back[i * L + arg]!;
    }
  }
}
