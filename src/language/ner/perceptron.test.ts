import { describe, expect, it } from 'vitest';
import { feature1 } from './hash.js';
import { AveragedPerceptron, SequenceCorpus, bilouType, decodeStage, encodeStage, scoreTokens, typesToBilou } from './perceptron.js';
import { ViterbiDecoder } from './decode.js';

describe('typesToBilou', () => {
  it('labels runs of a type B-I-L or U, and splits a run where its group changes', () => {
    // Type 0 → labels 1..4 (B, I, L, U); type 1 → 5..8.
    expect(Array.from(typesToBilou([-1, 0, 0, 0, -1, 1, 1, 0]))).toEqual([0, 1, 2, 3, 0, 5, 7, 4]);
    expect(Array.from(typesToBilou([0, 0, 0, 0], [1, 1, 2, 2]))).toEqual([1, 3, 1, 3]);
    expect(bilouType(0)).toBe(-1);
    expect(bilouType(7)).toBe(1);
  });
});

describe('AveragedPerceptron', () => {
  it('learns a toy tagging task (words after "says" are one span) and survives 8-bit encoding', () => {
    // Tokens are words; a word's features are its own id and the previous word's id.
    const words = ['says', 'the', 'plan', 'works', 'rain', 'fell', 'he'];
    const sentence = (seq: string[]): { features: Uint32Array; offsets: Int32Array; gold: Uint8Array } => {
      const features = new Uint32Array(seq.length * 2);
      const offsets = new Int32Array(seq.length + 1);
      const types: number[] = [];
      let inside = false;
      seq.forEach((w, i) => {
        features[2 * i] = feature1(1, words.indexOf(w) + 1);
        features[2 * i + 1] = feature1(2, i > 0 ? words.indexOf(seq[i - 1]!) + 1 : 99);
        offsets[i + 1] = 2 * (i + 1);
        types.push(inside ? 0 : -1);
        if (w === 'says') inside = true;
      });
      return { features, offsets, gold: typesToBilou(types) };
    };
    const data = [
      ['he', 'says', 'the', 'plan', 'works'],
      ['rain', 'fell'],
      ['he', 'says', 'rain', 'fell'],
      ['the', 'plan', 'works'],
    ].map(sentence);
    const corpus = new SequenceCorpus();
    for (const d of data) corpus.add(d.features, d.offsets, d.gold.length, d.gold);
    corpus.seal();
    const perceptron = new AveragedPerceptron(5);
    for (let epoch = 0; epoch < 10; epoch++) for (let s = 0; s < corpus.sequenceCount; s++) perceptron.train(corpus, s);
    const stage = decodeStage(encodeStage(perceptron.averaged(), 5), 5);
    const decoder = new ViterbiDecoder(5);
    const test = sentence(['he', 'says', 'the', 'plan', 'works']);
    const scores = new Float64Array(5 * 5);
    scoreTokens(test.features, test.offsets, 5, stage, 5, scores);
    const out = new Uint8Array(5);
    decoder.decode(scores, 5, stage.transitions, out);
    expect(Array.from(out)).toEqual(Array.from(test.gold));
  });
});
