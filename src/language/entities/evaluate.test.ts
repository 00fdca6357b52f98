import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bCubedCounts,
  ceafECounts,
  type EvalDocument,
  type EvalGoldMention,
  type EvalPredictedMention,
  evaluateEntities,
  evaluateMeantimeDirectory,
  headlineFigures,
  matchMentions,
  maxAssignment,
  mucCounts,
  toPrf,
} from './evaluate.js';

/**
 * The example of Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions": key {a b c}
 * {d e f g}, response {a b} {c d} {f g h i}. Expected values worked out by hand below, from the definitions.
 */
const key = [['a', 'b', 'c'], ['d', 'e', 'f', 'g']];
const response = [['a', 'b'], ['c', 'd'], ['f', 'g', 'h', 'i']];

describe('coreference metrics on a hand-made clustering', () => {
  it('MUC counts links', () => {
    // Recall: {a b c} is cut in 2 pieces (3 − 2 = 1 of 2 links); {d e f g} in 3 ({d} {e, missing} {f g}: 1 of 3).
    // Precision: {a b} 1 of 1; {c d} 0 of 1; {f g h i} has pieces {f g} {h} {i}: 1 of 3.
    const c = mucCounts(key, response);
    expect(c).toEqual({ recallNum: 2, recallDen: 5, precisionNum: 2, precisionDen: 5 });
    expect(toPrf(c).f1).toBeCloseTo(0.4);
  });

  it('B³ weighs every mention', () => {
    // Recall: (2²/3 + 1²/3) + (1²/4 + 2²/4) = 5/3 + 5/4 = 35/12, over 7 key mentions = 5/12.
    // Precision: 2²/2 + (1²/2 + 1²/2) + 2²/4 = 4, over 8 response mentions = 1/2.
    const p = toPrf(bCubedCounts(key, response));
    expect(p.recall).toBeCloseTo(5 / 12);
    expect(p.precision).toBeCloseTo(1 / 2);
    expect(p.f1).toBeCloseTo((2 * (5 / 12) * 0.5) / (5 / 12 + 0.5));
  });

  it('CEAF-e aligns entities one to one', () => {
    // φ4: K1–R1 = 2·2/5 = 0.8, K1–R2 = 2/5, K2–R2 = 2/6, K2–R3 = 2·2/8 = 0.5. Best: K1–R1 + K2–R3 = 1.3.
    const c = ceafECounts(key, response);
    expect(c.recallNum).toBeCloseTo(1.3);
    expect(c.recallDen).toBe(2);
    expect(c.precisionDen).toBe(3);
    const p = toPrf(c);
    expect(p.recall).toBeCloseTo(0.65);
    expect(p.precision).toBeCloseTo(1.3 / 3);
  });

  it('scores a perfect response 1 and refuses a mention in two clusters', () => {
    for (const f of [mucCounts, bCubedCounts, ceafECounts]) {
      const p = toPrf(f(key, key));
      expect(p.precision).toBeCloseTo(1);
      expect(p.recall).toBeCloseTo(1);
    }
    expect(() => bCubedCounts([['a'], ['a']], [['a']])).toThrow(/two clusters/);
  });

  it('gives singletons no MUC links but B³ and CEAF-e credit', () => {
    const singletons = [['a'], ['b']];
    expect(mucCounts(singletons, singletons)).toEqual({ recallNum: 0, recallDen: 0, precisionNum: 0, precisionDen: 0 });
    expect(toPrf(bCubedCounts(singletons, singletons)).f1).toBeCloseTo(1);
    // φ4({a}, {a b}) = 2/3, and the one response entity aligns with one key entity: recall 2/3 over 2, precision over 1.
    const merged = toPrf(ceafECounts(singletons, [['a', 'b']]));
    expect(merged.recall).toBeCloseTo(1 / 3);
    expect(merged.precision).toBeCloseTo(2 / 3);
  });

  it('finds the best assignment where greedy would not', () => {
    expect(maxAssignment([[0.9, 0.8], [0.8, 0]])).toBeCloseTo(1.6);
    expect(maxAssignment([[0.2, 0.7, 0.1]])).toBeCloseTo(0.7);
    expect(maxAssignment([[0.5], [0.9], [0.1]])).toBeCloseTo(0.9);
    expect(maxAssignment([])).toBe(0);
  });
});

describe('pairing predicted with gold mentions', () => {
  const gold = [
    { start: 0, end: 17 }, // "the United States"
    { start: 20, end: 34, head: { start: 28, end: 34 } }, // "the US company", head "company"
  ];
  it('exact needs the same characters', () => {
    expect(matchMentions(gold, [{ start: 4, end: 17 }, { start: 0, end: 17 }], 'exact')).toEqual(new Map([[1, 0]]));
  });
  it('overlap pairs one to one, exact first, and needs the gold head', () => {
    const pairs = matchMentions(gold, [{ start: 4, end: 17 }, { start: 24, end: 26 }, { start: 0, end: 17 }], 'overlap');
    // The exact prediction takes "the United States"; "US" does not touch the head "company".
    expect(pairs).toEqual(new Map([[2, 0]]));
    expect(matchMentions(gold, [{ start: 28, end: 34 }], 'overlap')).toEqual(new Map([[0, 1]]));
  });
});

const gold = (start: number, end: number, text: string, form: EvalGoldMention['form'], type: string, entity: string, extra: Partial<EvalGoldMention> = {}): EvalGoldMention => ({
  start,
  end,
  text,
  form,
  type,
  entity,
  instance: entity,
  inRegion: true,
  ...extra,
});
const predicted = (start: number, end: number, text: string, label: EvalPredictedMention['label'], form: EvalPredictedMention['form'], entity: string, rawEntity = entity): EvalPredictedMention => ({
  start,
  end,
  text,
  label,
  form,
  entity,
  rawEntity,
  inRegion: true,
});

describe('evaluateEntities on two small documents', () => {
  const first: EvalDocument = {
    corpus: 'c',
    name: 'one',
    gold: [
      gold(0, 5, 'Apple', 'name', 'ORG', 'A'),
      gold(10, 20, 'Steve Jobs', 'name', 'PER', 'J'),
      gold(25, 27, 'he', 'pronoun', 'PER', 'J'),
      gold(30, 41, 'the company', 'nominal', 'ORG', 'A', { head: { start: 34, end: 41 } }),
      gold(50, 54, 'iPod', 'name', 'PRO', 'P'),
    ],
    predicted: [
      predicted(0, 5, 'Apple', 'ORG', 'name', 'org/apple'),
      predicted(10, 20, 'Steve Jobs', 'PER', 'name', 'person/steve-jobs'),
      predicted(25, 27, 'he', 'PER', 'pronoun', 'person/steve-jobs'),
      predicted(50, 54, 'iPod', 'ORG', 'name', 'org/ipod'), // over a gold product: not scored
      predicted(60, 63, 'Mac', 'MISC', 'name', 'misc/mac'), // MISC with no gold: not scored
      predicted(70, 79, 'Cupertino', 'GPE', 'name', 'place/cupertino'), // spurious
    ],
  };
  const second: EvalDocument = {
    corpus: 'c',
    name: 'two',
    gold: [gold(0, 4, 'Jobs', 'name', 'PER', 'J')],
    // The store linked "Jobs" to the full name; the language stage alone had its own id.
    predicted: [predicted(0, 4, 'Jobs', 'PER', 'name', 'person/steve-jobs', 'person/jobs')],
  };

  it('scores name detection with out-of-scope predictions left aside', () => {
    const s = evaluateEntities([first]).overall;
    expect(s.mentions.exact.untyped).toMatchObject({ gold: 2, predicted: 3, correct: 2 });
    expect(s.mentions.exact.untyped.f1).toBeCloseTo(0.8);
    expect(s.mentions.exact.typed.correct).toBe(2);
    expect(s.mentions.exact.types.LOC).toMatchObject({ gold: 0, predicted: 1, correct: 0 });
    expect(s.mentions.exact.out_of_scope_type).toBe(1);
    expect(s.mentions.exact.unmatched_misc).toBe(1);
  });

  it('scores within-document coreference from key and response clusters', () => {
    // Key {Apple, the company} {Steve Jobs, he}; response {Apple} {Steve Jobs, he} {Cupertino}.
    const c = evaluateEntities([first]).overall.coref.exact;
    expect(c.muc.recall).toBeCloseTo(1 / 2);
    expect(c.muc.precision).toBeCloseTo(1);
    expect(c.b3.recall).toBeCloseTo(2.5 / 4);
    expect(c.b3.precision).toBeCloseTo(3 / 4);
    expect(c.ceafe.recall).toBeCloseTo(5 / 6); // (2/3 + 1) / 2 key entities
    expect(c.ceafe.precision).toBeCloseTo(5 / 9); // over 3 response entities
    expect(c.conll_f1).toBeCloseTo((c.muc.f1 + c.b3.f1 + c.ceafe.f1) / 3);
    expect(c).toMatchObject({ key_mentions: 4, key_entities: 2, response_mentions: 4, response_entities: 3, matched_mentions: 3 });
  });

  it('scores cross-document B³ with the store-linked and the unlinked ids', () => {
    const x = evaluateEntities([first, second]).overall.cross_doc.exact;
    // Key A {d0 Apple, d0 the company}, J {d0 Steve Jobs, d0 he, d1 Jobs}. Linked response: {Apple}
    // {the company: found by nothing} {Steve Jobs, he, Jobs}: recall (1/2 + 1/2 + 3) / 5, precision 1.
    expect(x.b3.recall).toBeCloseTo(4 / 5);
    expect(x.b3.precision).toBeCloseTo(1);
    // Unlinked: "Jobs" apart from "Steve Jobs": J contributes 2²/3 + 1²/3.
    expect(x.b3_unlinked.recall).toBeCloseTo((1 / 2 + 1 / 2 + 5 / 3) / 5);
    expect(x.b3_names.recall).toBeCloseTo(1); // names: {Apple} {Steve Jobs, Jobs}
    expect(x).toMatchObject({ gold_mentions: 5, gold_entities: 2, detected_mentions: 4 });
  });

  it('lists mistakes by class', () => {
    const { errors } = evaluateEntities([first, second]);
    const classes = Object.fromEntries(errors.map((e) => [e.class, e]));
    expect(classes['unresolved description']?.count).toBe(1);
    expect(classes['spurious name']?.top[0]?.key).toBe('Cupertino (GPE)');
    expect(classes['split entity (across documents)']).toBeUndefined(); // linked by the store
  });
});

const here = dirname(fileURLToPath(import.meta.url));
const meantimeDir = join(here, '..', '..', '..', '..', 'shared', 'data', 'meantime', 'intra_cross-doc_annotation');

describe.skipIf(!existsSync(meantimeDir))('MEANTIME through the real pipeline (needs ../shared/data/meantime; skipped without it)', () => {
  it('scores every corpus with figures in [0, 1] and gold to score against', async () => {
    const { evaluation, documents, failures } = await evaluateMeantimeDirectory(meantimeDir);
    expect(failures).toEqual([]);
    expect(documents).toBeGreaterThan(0);
    expect(Object.keys(evaluation.corpora).length).toBeGreaterThan(0);
    for (const scores of [evaluation.overall, ...Object.values(evaluation.corpora)]) {
      for (const [name, value] of Object.entries(headlineFigures(scores))) {
        expect(value, name).toBeGreaterThanOrEqual(0);
        expect(value, name).toBeLessThanOrEqual(1);
      }
      expect(scores.mentions.exact.untyped.gold).toBeGreaterThan(0);
      expect(scores.coref.exact.key_mentions).toBeGreaterThan(0);
      expect(scores.cross_doc.exact.gold_mentions).toBeGreaterThan(0);
    }
    expect(evaluation.errors.length).toBeGreaterThan(0);
  });
});
