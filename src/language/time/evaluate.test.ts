import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateTimemlDirectory } from './corpus.js';
import { matchSpans, scoreTimexes, scoresToJson, type ScoredSpan } from './evaluate.js';

const span = (start: number, end: number, type: string, value: string): ScoredSpan => ({ start, end, type, value });

describe('TempEval-3 timex scores', () => {
  it('computes strict, relaxed, type and value scores on a tiny example', () => {
    const gold = [span(0, 5, 'DATE', '2018-04-02'), span(10, 20, 'DURATION', 'P3D'), span(30, 35, 'DATE', '2018')];
    const predicted = [
      span(0, 5, 'DATE', '2018-04-02'), // exact, right value
      span(12, 20, 'DURATION', 'P2D'), // overlaps, wrong value
      span(40, 45, 'DATE', '2019'), // spurious
    ];
    const { scores, mismatches } = scoreTimexes([{ name: 'a', gold, predicted }]);
    expect(scores.strict).toEqual({ matched: 1, precision: 1 / 3, recall: 1 / 3, f1: 1 / 3 });
    expect(scores.relaxed.matched).toBe(2);
    expect(scores.relaxed.f1).toBeCloseTo(2 / 3);
    expect(scores.typeAccuracy).toBe(1);
    expect(scores.valueAccuracy).toBe(0.5);
    expect(scores.typeF1).toBeCloseTo(2 / 3);
    expect(scores.valueF1).toBeCloseTo(1 / 3);
    expect(mismatches.map((m) => m.kind).sort()).toEqual(['extent', 'missed', 'spurious', 'value']);
  });

  it('matches a gold span at most once and micro-averages over files', () => {
    const gold = [span(0, 10, 'DATE', 'v')];
    const predicted = [span(0, 4, 'DATE', 'v'), span(5, 10, 'DATE', 'v')];
    expect(matchSpans(gold, predicted)).toHaveLength(1);
    const { scores } = scoreTimexes([
      { name: 'a', gold, predicted },
      { name: 'b', gold: [span(0, 3, 'DATE', 'v')], predicted: [] },
    ]);
    expect(scores.relaxed.precision).toBe(1 / 2);
    expect(scores.relaxed.recall).toBe(1 / 2);
    expect(scores.strict.matched).toBe(0);
    expect(scoresToJson(scores)).toMatchObject({ strict_f1: 0, relaxed_f1: 0.5, gold: 2, predicted: 2, files: 2 });
  });

  it('prefers the exact pair when several predictions overlap a gold span', () => {
    const gold = [span(0, 10, 'DATE', 'v'), span(12, 14, 'DATE', 'w')];
    const predicted = [span(0, 14, 'DATE', 'w'), span(0, 10, 'DATE', 'v')];
    const pairs = matchSpans(gold, predicted);
    expect(pairs.find((p) => p.gold === gold[0])!.predicted).toBe(predicted[1]);
    expect(pairs.find((p) => p.gold === gold[1])!.predicted).toBe(predicted[0]);
  });
});

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', 'tempeval3', 'TBAQ-cleaned');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`skipping the TempEval-3 target test: ${corpus} is absent (licensed data, only in ../shared)`);

describe.skipIf(!haveCorpus)('TempEval-3 TBAQ-cleaned (../shared)', () => {
  it('meets the targets: value F1 >= 0.80, strict span F1 >= 0.83', async () => {
    const { scores, failures } = await evaluateTimemlDirectory(corpus);
    expect(failures).toEqual([]);
    expect(scores.files).toBe(256);
    expect(scores.strict.f1).toBeGreaterThanOrEqual(0.83);
    expect(scores.valueF1).toBeGreaterThanOrEqual(0.8);
    expect(scores.relaxed.f1).toBeGreaterThanOrEqual(0.9);
  });
});
