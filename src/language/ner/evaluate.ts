/** conlleval-style scoring: a predicted name counts only when its span and type both match a gold one. */
import { entityRanges } from './tags.js';

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  /** Gold names. */
  gold: number;
  /** Predicted names. */
  predicted: number;
  correct: number;
}

export interface NerScore extends TypeScore {
  tokens: number;
  /** Tokens whose predicted tag equals the gold one. */
  tokenAccuracy: number;
  types: Record<string, TypeScore>;
}

interface Counts {
  gold: number;
  predicted: number;
  correct: number;
}

function score(c: Counts): TypeScore {
  const precision = c.predicted === 0 ? 0 : c.correct / c.predicted;
  const recall = c.gold === 0 ? 0 : c.correct / c.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, gold: c.gold, predicted: c.predicted, correct: c.correct };
}

/** Scores predicted against gold tag sequences (one pair per sentence, IOB1 or IOB2). */
export class NerEvaluator {
  private readonly total: Counts = { gold: 0, predicted: 0, correct: 0 };
  private readonly byType = new Map<string, Counts>();
  private tokens = 0;
  private rightTokens = 0;

  add(gold: readonly string[], predicted: readonly string[]): void {
    if (gold.length !== predicted.length) throw new Error(`gold has ${gold.length} tags but prediction ${predicted.length}`);
    this.tokens += gold.length;
    for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) this.rightTokens++;
    const goldRanges = entityRanges(gold);
    const predictedRanges = entityRanges(predicted);
    const goldKeys = new Set(goldRanges.map((r) => `${r.start}:${r.end}:${r.label}`));
    for (const r of goldRanges) {
      this.counts(r.label).gold++;
      this.total.gold++;
    }
    for (const r of predictedRanges) {
      const c = this.counts(r.label);
      c.predicted++;
      this.total.predicted++;
      if (goldKeys.has(`${r.start}:${r.end}:${r.label}`)) {
        c.correct++;
        this.total.correct++;
      }
    }
  }

  result(): NerScore {
    const types: Record<string, TypeScore> = {};
    for (const label of [...this.byType.keys()].sort()) types[label] = score(this.byType.get(label)!);
    return {
      ...score(this.total),
      tokens: this.tokens,
      tokenAccuracy: this.tokens === 0 ? 0 : this.rightTokens / this.tokens,
      types,
    };
  }

  private counts(label: string): Counts {
    let c = this.byType.get(label);
    if (!c) {
      c = { gold: 0, predicted: 0, correct: 0 };
      this.byType.set(label, c);
    }
    return c;
  }
}

/** A plain-text table in the layout of conlleval's summary. */
export function formatNerScore(s: NerScore): string {
  const pct = (x: number): string => (100 * x).toFixed(2).padStart(6);
  const lines = [
    `processed ${s.tokens} tokens with ${s.gold} phrases; found: ${s.predicted} phrases; correct: ${s.correct}.`,
    `accuracy: ${pct(s.tokenAccuracy)}%; precision: ${pct(s.precision)}%; recall: ${pct(s.recall)}%; FB1: ${pct(s.f1)}`,
  ];
  for (const [label, t] of Object.entries(s.types)) {
    lines.push(
      `${label.padStart(17)}: precision: ${pct(t.precision)}%; recall: ${pct(t.recall)}%; FB1: ${pct(t.f1)}  ${t.predicted}`,
    );
  }
  return lines.join('\n');
}
