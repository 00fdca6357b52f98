/** Between character spans and token labels: gold attributions onto tokens, and token runs back to spans. */
import type { Token } from '../../language/text.js';
import type { Span } from './types.js';
import { partitionPoint } from '../../util/search.js';

export const enum TokenRole {
  None = 0,
  Cue = 1,
  Source = 2,
  Content = 3,
}

export interface AttributionSpans {
  cue: readonly Span[];
  source: readonly Span[];
  content: readonly Span[];
}

export interface TokenAssignment {
  role: Uint8Array;
  /** Index of the attribution the token belongs to, -1 for none. */
  attribution: Int32Array;
}

/** First token whose end is after `offset` (tokens are sorted and do not overlap). */
export function firstTokenEndingAfter(tokens: readonly Token[], offset: number): number {
  return partitionPoint(tokens, (token) => token.end <= offset);
}

/**
 * Gives each token the role of the span covering at least half of its characters; where two spans claim a
 * token (annotations are univocal, so only at ragged edges), the larger overlap wins.
 */
export function assignTokens(tokens: readonly Token[], attributions: readonly AttributionSpans[]): TokenAssignment {
  const role = new Uint8Array(tokens.length);
  const attribution = new Int32Array(tokens.length).fill(-1);
  const best = new Float64Array(tokens.length);
  attributions.forEach((a, index) => {
    const pieces: [TokenRole, readonly Span[]][] = [
      [TokenRole.Cue, a.cue],
      [TokenRole.Source, a.source],
      [TokenRole.Content, a.content],
    ];
    for (const [r, spans] of pieces) {
      for (const span of spans) {
        for (let t = firstTokenEndingAfter(tokens, span.start); t < tokens.length && tokens[t]!.start < span.end; t++) {
          const token = tokens[t]!;
          const covered = (Math.min(token.end, span.end) - Math.max(token.start, span.start)) / Math.max(1, token.end - token.start);
          // Cues win ties: a one-character cue (":") must not lose to a content edge.
          const weight = covered + (r === TokenRole.Cue ? 0.01 : 0);
          if (covered >= 0.5 && weight > best[t]!) {
            best[t] = weight;
            role[t] = r;
            attribution[t] = index;
          }
        }
      }
    }
  });
  return { role, attribution };
}

/** Spans of maximal runs of consecutive tokens (by index) in `indices`, sorted; runs stop at paragraph breaks. */
export function tokenRunsToSpans(tokens: readonly Token[], indices: readonly number[], paragraphOf: (t: number) => number): Span[] {
  const sorted = [...indices].sort((a, b) => a - b);
  const spans: Span[] = [];
  let runStart = -1;
  let previous = -2;
  for (const t of sorted) {
    if (t === previous) continue;
    if (t !== previous + 1 || paragraphOf(t) !== paragraphOf(previous)) {
      if (runStart >= 0) spans.push({ start: tokens[runStart]!.start, end: tokens[previous]!.end });
      runStart = t;
    }
    previous = t;
  }
  if (runStart >= 0) spans.push({ start: tokens[runStart]!.start, end: tokens[previous]!.end });
  return spans;
}
