/**
 * TempEval-3 time expression scores: strict span (exact extent) and relaxed span (any overlap) precision,
 * recall and F1, and over the relaxed matches the type and value accuracy. Attribute F1 is relaxed F1 times
 * the attribute's accuracy, as TempEval-3 reports it. Counts are summed over all files (micro average).
 */

export interface ScoredSpan {
  start: number;
  end: number;
  type: string;
  value: string;
  text?: string;
}

export interface ScoredDocument {
  name: string;
  gold: readonly ScoredSpan[];
  predicted: readonly ScoredSpan[];
}

export interface PrecisionRecall {
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TimexScores {
  files: number;
  gold: number;
  predicted: number;
  strict: PrecisionRecall;
  relaxed: PrecisionRecall;
  typeCorrect: number;
  valueCorrect: number;
  typeAccuracy: number;
  valueAccuracy: number;
  typeF1: number;
  valueF1: number;
}

export type MismatchKind = 'missed' | 'spurious' | 'extent' | 'type' | 'value';

export interface Mismatch {
  file: string;
  kind: MismatchKind;
  gold?: ScoredSpan;
  predicted?: ScoredSpan;
}

export interface Pair {
  gold: ScoredSpan;
  predicted: ScoredSpan;
}

const overlap = (a: ScoredSpan, b: ScoredSpan): number => Math.min(a.end, b.end) - Math.max(a.start, b.start);

/**
 * One-to-one relaxed matching: each gold span takes the unused predicted span it overlaps most
 * (exact extents first), so a gold is matched at most once and so is a prediction.
 */
export function matchSpans(gold: readonly ScoredSpan[], predicted: readonly ScoredSpan[]): Pair[] {
  const used = new Set<number>();
  const pairs: Pair[] = [];
  const order = [...gold.keys()].sort((a, b) => gold[a]!.start - gold[b]!.start);
  // Exact matches first so that an exact pair is never broken up by a greedy overlap choice.
  const goldDone = new Set<number>();
  for (const gi of order) {
    const g = gold[gi]!;
    const pi = predicted.findIndex((p, i) => !used.has(i) && p.start === g.start && p.end === g.end);
    if (pi >= 0) {
      used.add(pi);
      goldDone.add(gi);
      pairs.push({ gold: g, predicted: predicted[pi]! });
    }
  }
  for (const gi of order) {
    if (goldDone.has(gi)) continue;
    const g = gold[gi]!;
    let best = -1;
    let bestOverlap = 0;
    predicted.forEach((p, i) => {
      if (used.has(i)) return;
      const o = overlap(g, p);
      if (o > bestOverlap) {
        best = i;
        bestOverlap = o;
      }
    });
    if (best >= 0) {
      used.add(best);
      pairs.push({ gold: g, predicted: predicted[best]! });
    }
  }
  return pairs;
}

function prf(matched: number, predicted: number, gold: number): PrecisionRecall {
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { matched, precision, recall, f1 };
}

export function scoreTimexes(documents: readonly ScoredDocument[]): { scores: TimexScores; mismatches: Mismatch[] } {
  let gold = 0;
  let predicted = 0;
  let strict = 0;
  let relaxed = 0;
  let typeCorrect = 0;
  let valueCorrect = 0;
  const mismatches: Mismatch[] = [];
  for (const doc of documents) {
    gold += doc.gold.length;
    predicted += doc.predicted.length;
    const pairs = matchSpans(doc.gold, doc.predicted);
    relaxed += pairs.length;
    const matchedGold = new Set(pairs.map((p) => p.gold));
    const matchedPredicted = new Set(pairs.map((p) => p.predicted));
    for (const pair of pairs) {
      const exact = pair.gold.start === pair.predicted.start && pair.gold.end === pair.predicted.end;
      if (exact) strict++;
      else mismatches.push({ file: doc.name, kind: 'extent', ...pair });
      if (pair.gold.type === pair.predicted.type) typeCorrect++;
      else mismatches.push({ file: doc.name, kind: 'type', ...pair });
      if (pair.gold.value === pair.predicted.value) valueCorrect++;
      else mismatches.push({ file: doc.name, kind: 'value', ...pair });
    }
    for (const g of doc.gold) if (!matchedGold.has(g)) mismatches.push({ file: doc.name, kind: 'missed', gold: g });
    for (const p of doc.predicted) if (!matchedPredicted.has(p)) mismatches.push({ file: doc.name, kind: 'spurious', predicted: p });
  }
  const relaxedScores = prf(relaxed, predicted, gold);
  const typeAccuracy = relaxed === 0 ? 0 : typeCorrect / relaxed;
  const valueAccuracy = relaxed === 0 ? 0 : valueCorrect / relaxed;
  return {
    scores: {
      files: documents.length,
      gold,
      predicted,
      strict: prf(strict, predicted, gold),
      relaxed: relaxedScores,
      typeCorrect,
      valueCorrect,
      typeAccuracy,
      valueAccuracy,
      typeF1: relaxedScores.f1 * typeAccuracy,
      valueF1: relaxedScores.f1 * valueAccuracy,
    },
    mismatches,
  };
}

/** Flat JSON for `eventwire eval timex --json`. */
export function scoresToJson(s: TimexScores): Record<string, number> {
  const r4 = (n: number): number => Math.round(n * 10000) / 10000;
  return {
    files: s.files,
    gold: s.gold,
    predicted: s.predicted,
    strict_matched: s.strict.matched,
    strict_precision: r4(s.strict.precision),
    strict_recall: r4(s.strict.recall),
    strict_f1: r4(s.strict.f1),
    relaxed_matched: s.relaxed.matched,
    relaxed_precision: r4(s.relaxed.precision),
    relaxed_recall: r4(s.relaxed.recall),
    relaxed_f1: r4(s.relaxed.f1),
    type_correct: s.typeCorrect,
    value_correct: s.valueCorrect,
    type_accuracy: r4(s.typeAccuracy),
    value_accuracy: r4(s.valueAccuracy),
    type_f1: r4(s.typeF1),
    value_f1: r4(s.valueF1),
  };
}
