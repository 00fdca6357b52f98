import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bilouLabels, bilouToIob2, entityRanges, iobToBilou, labelsToIob2, rangesToIob2, toIob2 } from './tags.js';

describe('IOB tags', () => {
  it('converts IOB1 (B- only between touching names of one type) to IOB2', () => {
    const iob1 = ['I-PER', 'I-PER', 'B-PER', 'O', 'I-LOC', 'I-ORG', 'I-ORG', 'O', 'I-MISC'];
    expect(toIob2(iob1)).toEqual(['B-PER', 'I-PER', 'B-PER', 'O', 'B-LOC', 'B-ORG', 'I-ORG', 'O', 'B-MISC']);
  });

  it('leaves well-formed IOB2 alone', () => {
    const iob2 = ['B-ORG', 'I-ORG', 'O', 'B-PER', 'B-PER', 'I-PER'];
    expect(toIob2(iob2)).toEqual(iob2);
  });

  it('extracts entity ranges with exclusive ends', () => {
    expect(entityRanges(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-ORG'])).toEqual([
      { start: 0, end: 2, label: 'PER' },
      { start: 3, end: 4, label: 'LOC' },
      { start: 4, end: 5, label: 'LOC' },
      { start: 5, end: 6, label: 'ORG' },
    ]);
    expect(entityRanges(['O', 'O'])).toEqual([]);
    expect(entityRanges([])).toEqual([]);
  });

  it('reads I- after a name of another type as a new name, like conlleval', () => {
    expect(entityRanges(['B-PER', 'I-LOC', 'I-LOC'])).toEqual([
      { start: 0, end: 1, label: 'PER' },
      { start: 1, end: 3, label: 'LOC' },
    ]);
  });

  it('round-trips IOB2 through BILOU', () => {
    const iob2 = ['B-PER', 'I-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-LOC', 'O', 'B-MISC'];
    const bilou = iobToBilou(iob2);
    expect(bilou).toEqual(['B-PER', 'I-PER', 'L-PER', 'O', 'U-LOC', 'B-LOC', 'L-LOC', 'O', 'U-MISC']);
    expect(bilouToIob2(bilou)).toEqual(iob2);
  });

  const tag = fc.constantFrom('O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC');

  it('keeps the same names through IOB2 → BILOU → IOB2 for any tag sequence', () => {
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 30 }), (tags) => {
        expect(bilouToIob2(iobToBilou(tags))).toEqual(toIob2(tags));
        expect(rangesToIob2(entityRanges(tags), tags.length)).toEqual(toIob2(tags));
      }),
    );
  });

  it('turns label indices into the same IOB2 as the BILOU strings do, malformed sequences included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bilouLabels.length - 1 }), { maxLength: 30 }), (labels) => {
        expect(labelsToIob2(labels)).toEqual(bilouToIob2(labels.map((l) => bilouLabels[l]!)));
      }),
    );
  });
});
