/** Runs one stage of the tagger over a prepared document: features, scores, Viterbi. */
import { ViterbiDecoder, addFeatureScores } from './decode.js';
import { type FeatureExtractor, type PreparedDocument, type PreparedSentence, type StageLabels, type WordInfo, maxFeaturesPerToken, neighbourOffsets } from './features.js';
import type { FeatureTable } from './hash.js';

/** The weights of one stage: feature rows and label transitions ((labels + 1) × labels, last row = start). */
export interface StageWeights {
  table: FeatureTable;
  weights: Float32Array | Float64Array;
  transitions: Float32Array | Float64Array;
  /**
   * Set on the frozen stages of a model (never while training): where in `WordInfo.ownScores` this stage
   * caches per-word scores. The extractor must belong to that model alone.
   */
  cacheSlot?: number;
}

export class DocumentLabeller {
  private features = new Uint32Array(maxFeaturesPerToken * 64);
  private offsets = new Int32Array(65);
  private scores = new Float64Array(0);
  private readonly decoder: ViterbiDecoder;

  constructor(
    private readonly extractor: FeatureExtractor,
    private readonly labelCount: number,
  ) {
    this.decoder = new ViterbiDecoder(labelCount);
  }

  /** Features of every token of a sentence: token i has features[offsets[i]..offsets[i + 1]). */
  sentenceFeatures(sentence: PreparedSentence, s: number, stage?: StageLabels, withWordFeatures = true): { features: Uint32Array; offsets: Int32Array } {
    const n = sentence.words.length;
    if (this.features.length < maxFeaturesPerToken * n) {
      this.features = new Uint32Array(maxFeaturesPerToken * n * 2);
      this.offsets = new Int32Array(n * 2 + 1);
    }
    let at = 0;
    for (let i = 0; i < n; i++) {
      this.offsets[i] = at;
      at = this.extractor.extract(sentence, i, this.features, at, stage, s, withWordFeatures);
    }
    this.offsets[n] = at;
    return { features: this.features, offsets: this.offsets };
  }

  labelSentence(sentence: PreparedSentence, s: number, weights: StageWeights, out: Uint8Array, stage?: StageLabels): void {
    const n = sentence.words.length;
    const L = this.labelCount;
    const slot = weights.cacheSlot;
    const { features, offsets } = this.sentenceFeatures(sentence, s, stage, slot === undefined);
    if (this.scores.length < n * L) this.scores = new Float64Array(n * L * 2);
    const scores = this.scores;
    scores.fill(0, 0, n * L);
    for (let i = 0; i < n; i++) {
      if (slot !== undefined) {
        const own = this.wordScores(sentence.words[i]!, weights, slot);
        for (let l = 0; l < L; l++) scores[i * L + l] = own[l]!;
        for (let k = 0; k < neighbourOffsets.length; k++) {
          const neighbour = this.wordScores(this.extractor.wordAt(sentence, i + neighbourOffsets[k]!), weights, slot);
          const from = (k + 1) * L;
          for (let l = 0; l < L; l++) scores[i * L + l]! += neighbour[from + l]!;
        }
      }
      addFeatureScores(features, offsets[i]!, offsets[i + 1]!, weights.table, weights.weights, L, scores, i * L);
    }
    this.decoder.decode(scores, n, weights.transitions, out);
  }

  /** A word's cached scores for a stage: its own features, then its features as each neighbour. */
  private wordScores(word: WordInfo, weights: StageWeights, slot: number): Float64Array {
    let scores = word.scores[slot];
    if (!scores) {
      const L = this.labelCount;
      scores = new Float64Array(L * (1 + neighbourOffsets.length));
      addFeatureScores(word.ownFeatures, 0, word.ownFeatures.length, weights.table, weights.weights, L, scores, 0);
      word.neighbourFeatures.forEach((features, k) =>
        addFeatureScores(features, 0, features.length, weights.table, weights.weights, L, scores!, (k + 1) * L),
      );
      word.scores[slot] = scores;
    }
    return scores;
  }

  labelDocument(document: PreparedDocument, weights: StageWeights, stage?: StageLabels): Uint8Array[] {
    return document.sentences.map((sentence, s) => {
      const out = new Uint8Array(sentence.words.length);
      this.labelSentence(sentence, s, weights, out, stage);
      return out;
    });
  }
}
