import { describe, expect, it } from 'vitest';
import { AttributionEvaluator, compareDocument, matchOverlapping, normalisePieces, prf, trimPiece } from './metrics.js';

const text = 'Ortiz said, “The bridge will reopen.” Officials agreed that it was safe. Nobody objected.';
const span = (piece: string, from = 0): { start: number; end: number } => {
  const start = text.indexOf(piece, from);
  if (start < 0) throw new Error(`"${piece}" is not in the text`);
  return { start, end: start + piece.length };
};
const show = (s: { start: number; end: number } | undefined): string | undefined => (s ? text.slice(s.start, s.end) : undefined);

describe('normalisation', () => {
  it('trims whitespace, quotation marks and final punctuation', () => {
    expect(show(trimPiece(text, span(' “The bridge will reopen.” ')))).toBe('The bridge will reopen');
    expect(show(trimPiece(text, span('said, ')))).toBe('said');
    // A cue that is punctuation alone keeps its characters.
    expect(show(trimPiece(text, span(', ')))).toBe(',');
    expect(trimPiece(text, { start: span(' “')!.start, end: span(' “')!.start + 1 })).toBeUndefined();
  });

  it('joins pieces separated by whitespace only and drops duplicates', () => {
    const a = span('Officials');
    const b = span('agreed');
    expect(normalisePieces(text, [b, a, a]).map(show)).toEqual(['Officials agreed']);
    expect(normalisePieces(text, [span('Ortiz'), span('Officials')]).map(show)).toEqual(['Ortiz', 'Officials']);
  });
});

describe('span matching', () => {
  it('pairs overlapping spans one to one, largest overlap first', () => {
    const gold = [
      { start: 0, end: 10 },
      { start: 20, end: 30 },
    ];
    const predicted = [
      { start: 5, end: 25 },
      { start: 8, end: 12 },
    ];
    // (gold 0, predicted 0) overlaps 5, (gold 1, predicted 0) 5, (gold 0, predicted 1) 2: the first pair wins,
    // then gold 0 is taken, so predicted 1 stays alone.
    expect(matchOverlapping(gold, predicted)).toEqual([[0, 0]]);
  });

  it('computes precision, recall and F1 from counts', () => {
    expect(prf({ gold: 4, predicted: 2, correct: 2 })).toMatchObject({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(prf({ gold: 0, predicted: 0, correct: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('AttributionEvaluator', () => {
  const gold = [
    { cue: [span('said')], source: [span('Ortiz')], content: [span('“The bridge will reopen.”')] },
    { cue: [span('agreed')], source: [span('Officials')], content: [span('that it was safe')] },
    { cue: [span('objected')], source: [], content: [] },
  ];

  it('scores exact and overlapping spans per role, and speakers of found cues', () => {
    const predicted = [
      // Exact cue and source; content without its quotation marks is still exact after trimming.
      { cue: [span('said')], source: [span('Ortiz')], content: [span('The bridge will reopen.')] },
      // Cue too long (overlap only), wrong source, content too long (overlap only).
      { cue: [span('agreed that')], source: [span('safe')], content: [span('it was safe. Nobody')] },
      // A cue gold does not have.
      { cue: [span('reopen')], source: [], content: [] },
    ];
    const evaluator = new AttributionEvaluator();
    evaluator.add('doc', text, gold, predicted);
    const s = evaluator.result();
    expect(s.counts).toEqual({
      cue: { gold: 3, predicted: 3, exact: 1, overlap: 2 },
      source: { gold: 2, predicted: 2, exact: 1, overlap: 1 },
      content: { gold: 2, predicted: 2, exact: 1, overlap: 2 },
    });
    expect(s.cue_f1).toBeCloseTo(1 / 3);
    expect(s.cue_overlap_f1).toBeCloseTo(2 / 3);
    expect(s.source_f1).toBeCloseTo(0.5);
    expect(s.content_f1).toBeCloseTo(0.5);
    expect(s.content_overlap_f1).toBeCloseTo(1);
    // "objected" was not found; of the two found, Ortiz is right and "safe" is not.
    expect(s.speaker_found).toBe(2);
    expect(s.speaker_right).toBe(1);
    expect(s.speaker_accuracy).toBeCloseTo(0.5);
    for (const key of ['cue_f1', 'source_f1', 'content_f1', 'cue_overlap_f1', 'source_overlap_f1', 'content_overlap_f1', 'speaker_accuracy']) {
      expect(s).toHaveProperty(key);
    }
  });

  it('counts a cue found with no source as right when gold has none, and a shared source once', () => {
    const shared = span('Officials');
    const goldShared = [
      { cue: [span('agreed')], source: [shared], content: [span('that it was safe')] },
      { cue: [span('objected')], source: [shared], content: [] },
    ];
    const comparison = compareDocument('doc', text, goldShared, [{ cue: [span('objected')], source: [shared], content: [] }]);
    expect(comparison.spans.source.gold).toHaveLength(1);
    expect(comparison.speakers.map((s) => s.right)).toEqual([true]);
    const none = compareDocument('doc', text, [gold[2]!], [{ cue: [span('objected')], source: [], content: [] }]);
    expect(none.speakers.map((s) => s.right)).toEqual([true]);
  });
});
