import { describe, expect, it } from 'vitest';
import { NerEvaluator, formatNerScore } from './evaluate.js';

describe('conlleval-style scoring', () => {
  it('counts a name right only when span and type both match', () => {
    const evaluator = new NerEvaluator();
    // gold: PER(0-2), LOC(3), ORG(5-7)
    evaluator.add(['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG'], ['B-PER', 'I-PER', 'O', 'B-ORG', 'O', 'B-ORG', 'O']);
    // gold: MISC(0); predicted: none
    evaluator.add(['B-MISC', 'O'], ['O', 'O']);
    const s = evaluator.result();
    expect({ gold: s.gold, predicted: s.predicted, correct: s.correct }).toEqual({ gold: 4, predicted: 3, correct: 1 });
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(1 / 4);
    expect(s.f1).toBeCloseTo((2 * (1 / 3) * (1 / 4)) / (1 / 3 + 1 / 4));
    expect(s.types['PER']).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(s.types['ORG']).toMatchObject({ gold: 1, predicted: 2, correct: 0, f1: 0 });
    expect(s.types['MISC']).toMatchObject({ gold: 1, predicted: 0, recall: 0 });
    expect(s.tokenAccuracy).toBeCloseTo(6 / 9);
    expect(formatNerScore(s)).toMatch(/found: 3 phrases; correct: 1\./);
  });

  it('refuses sequences of different lengths', () => {
    expect(() => new NerEvaluator().add(['O'], ['O', 'O'])).toThrow(/1 tags but prediction 2/);
  });
});
