/**
 * Attribution scores, micro-averaged over the documents of a folder.
 *
 * Units. Each role (cue, source, content) is scored as a set of spans per document: every piece of every
 * attribution, normalised within its attribution, with duplicates removed (PolNeAR sometimes shares one source between
 * two cues: it counts once). A content made of two quotes around "said Caddell" is two content spans.
 *
 * Normalisation, the same on both sides: pieces separated only by whitespace are joined (a tagger over
 * tokens cannot leave a gap there); then each piece loses surrounding whitespace, quotation marks at both
 * ends, and final punctuation (. , ; : ! ? … and dashes). A piece that would become empty (the cue ":")
 * keeps its characters, whitespace trimmed.
 *
 * Exact: a predicted span counts when a gold span has the same start and end. Overlap: spans that share at
 * least one character, paired one-to-one, largest overlap first.
 *
 * Speaker accuracy: of the gold attributions whose cue overlaps a predicted cue (the predicted attribution
 * with the largest cue overlap stands for it), the share whose predicted source overlaps the gold source;
 * when neither has a source, that is right too.
 */

export interface SpanLike {
  start: number;
  end: number;
}

export interface AttributionLike {
  cue: readonly SpanLike[];
  source: readonly SpanLike[];
  content: readonly SpanLike[];
}

export const roles = ['cue', 'source', 'content'] as const;
export type Role = (typeof roles)[number];

const quoteCharacters = new Set(['"', "'", '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›', '`']);
const finalPunctuation = new Set(['.', ',', ';', ':', '!', '?', '…', '-', '–', '—']);

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

/** Trims one piece as described above; undefined when nothing but whitespace is left. */
export function trimPiece(text: string, span: SpanLike): SpanLike | undefined {
  let start = span.start;
  let end = span.end;
  while (start < end && isSpace(text[start]!)) start++;
  while (end > start && isSpace(text[end - 1]!)) end--;
  if (start === end) return undefined;
  const whitespaceTrimmed = { start, end };
  for (;;) {
    const before = start + end * 1e9;
    while (start < end && (isSpace(text[start]!) || quoteCharacters.has(text[start]!))) start++;
    while (end > start && (isSpace(text[end - 1]!) || quoteCharacters.has(text[end - 1]!) || finalPunctuation.has(text[end - 1]!))) end--;
    if (start + end * 1e9 === before) break;
  }
  return start < end ? { start, end } : whitespaceTrimmed;
}

/** Sorted, joined across whitespace-only gaps, trimmed, without duplicates. */
export function normalisePieces(text: string, spans: readonly SpanLike[]): SpanLike[] {
  const sorted = spans.filter((s) => s.end > s.start).map((s) => ({ start: s.start, end: s.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  const joined: SpanLike[] = [];
  for (const span of sorted) {
    const last = joined[joined.length - 1];
    if (last && (span.start <= last.end || text.slice(last.end, span.start).trim() === '')) last.end = Math.max(last.end, span.end);
    else joined.push({ ...span });
  }
  const out: SpanLike[] = [];
  const seen = new Set<string>();
  for (const span of joined) {
    const trimmed = trimPiece(text, span);
    if (!trimmed) continue;
    const key = `${trimmed.start}:${trimmed.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

/** All normalised spans of one role over a document's attributions. */
export function roleSpans(text: string, attributions: readonly AttributionLike[], role: Role): SpanLike[] {
  // Per attribution: two attributions' contents that meet at a space stay two spans.
  const seen = new Set<string>();
  const out: SpanLike[] = [];
  for (const attribution of attributions) {
    for (const span of normalisePieces(text, attribution[role])) {
      const key = `${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(span);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function overlapLength(a: SpanLike, b: SpanLike): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

export function spansOverlap(a: readonly SpanLike[], b: readonly SpanLike[]): boolean {
  return a.some((x) => b.some((y) => overlapLength(x, y) > 0));
}

/** Pairs overlapping spans one-to-one, largest overlap first; returns the pairs as [gold index, predicted index]. */
export function matchOverlapping(gold: readonly SpanLike[], predicted: readonly SpanLike[]): [number, number][] {
  const candidates: [number, number, number][] = [];
  gold.forEach((g, i) =>
    predicted.forEach((p, j) => {
      const o = overlapLength(g, p);
      if (o > 0) candidates.push([o, i, j]);
    }),
  );
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedGold = new Set<number>();
  const usedPredicted = new Set<number>();
  const pairs: [number, number][] = [];
  for (const [, i, j] of candidates) {
    if (usedGold.has(i) || usedPredicted.has(j)) continue;
    usedGold.add(i);
    usedPredicted.add(j);
    pairs.push([i, j]);
  }
  return pairs;
}

export interface Counts {
  gold: number;
  predicted: number;
  correct: number;
}

export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(c: Counts): Prf {
  const precision = c.predicted === 0 ? 0 : c.correct / c.predicted;
  const recall = c.gold === 0 ? 0 : c.correct / c.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/** What one document contributed, kept for error listings. */
export interface DocumentComparison {
  name: string;
  text: string;
  spans: Record<Role, { gold: SpanLike[]; predicted: SpanLike[]; exact: Set<number>; overlapPairs: [number, number][] }>;
  /** Gold attributions with a found cue, and whether the speaker was right. */
  speakers: { gold: AttributionLike; predicted: AttributionLike; right: boolean }[];
  /** Gold attributions whose cue no predicted cue overlaps. */
  missedAttributions: AttributionLike[];
}

export function compareDocument(name: string, text: string, gold: readonly AttributionLike[], predicted: readonly AttributionLike[]): DocumentComparison {
  const spans = {} as DocumentComparison['spans'];
  for (const role of roles) {
    const g = roleSpans(text, gold, role);
    const p = roleSpans(text, predicted, role);
    const goldKeys = new Set(g.map((s) => `${s.start}:${s.end}`));
    const exact = new Set<number>();
    p.forEach((s, j) => {
      if (goldKeys.has(`${s.start}:${s.end}`)) exact.add(j);
    });
    spans[role] = { gold: g, predicted: p, exact, overlapPairs: matchOverlapping(g, p) };
  }
  const speakers: DocumentComparison['speakers'] = [];
  const missedAttributions: AttributionLike[] = [];
  const normalisedPredicted = predicted.map((a) => ({ cue: normalisePieces(text, a.cue), source: normalisePieces(text, a.source), content: a.content }));
  for (const attribution of gold) {
    const cue = normalisePieces(text, attribution.cue);
    let best: number | undefined;
    let bestOverlap = 0;
    normalisedPredicted.forEach((p, j) => {
      let o = 0;
      for (const x of cue) for (const y of p.cue) o += overlapLength(x, y);
      if (o > bestOverlap) {
        bestOverlap = o;
        best = j;
      }
    });
    if (best === undefined) {
      missedAttributions.push(attribution);
      continue;
    }
    const goldSource = normalisePieces(text, attribution.source);
    const predictedSource = normalisedPredicted[best]!.source;
    const right = goldSource.length === 0 && predictedSource.length === 0 ? true : spansOverlap(goldSource, predictedSource);
    speakers.push({ gold: attribution, predicted: predicted[best]!, right });
  }
  return { name, text, spans, speakers, missedAttributions };
}

export interface AttributionScores {
  documents: number;
  cue_f1: number;
  source_f1: number;
  content_f1: number;
  cue_overlap_f1: number;
  source_overlap_f1: number;
  content_overlap_f1: number;
  speaker_accuracy: number;
  cue_precision: number;
  cue_recall: number;
  source_precision: number;
  source_recall: number;
  content_precision: number;
  content_recall: number;
  cue_overlap_precision: number;
  cue_overlap_recall: number;
  source_overlap_precision: number;
  source_overlap_recall: number;
  content_overlap_precision: number;
  content_overlap_recall: number;
  /** Span counts per role: gold, predicted, exact matches, overlap matches. */
  counts: Record<Role, { gold: number; predicted: number; exact: number; overlap: number }>;
  gold_attributions: number;
  predicted_attributions: number;
  /** Gold attributions whose cue was found, and of those, the ones with the right speaker. */
  speaker_found: number;
  speaker_right: number;
}

/** Accumulates document comparisons into micro-averaged scores. */
export class AttributionEvaluator {
  readonly comparisons: DocumentComparison[] = [];
  private goldAttributions = 0;
  private predictedAttributions = 0;

  add(name: string, text: string, gold: readonly AttributionLike[], predicted: readonly AttributionLike[]): DocumentComparison {
    const comparison = compareDocument(name, text, gold, predicted);
    this.comparisons.push(comparison);
    this.goldAttributions += gold.length;
    this.predictedAttributions += predicted.length;
    return comparison;
  }

  result(): AttributionScores {
    const counts = {} as AttributionScores['counts'];
    const exact = {} as Record<Role, Prf>;
    const overlap = {} as Record<Role, Prf>;
    for (const role of roles) {
      const c = { gold: 0, predicted: 0, exact: 0, overlap: 0 };
      for (const d of this.comparisons) {
        const s = d.spans[role];
        c.gold += s.gold.length;
        c.predicted += s.predicted.length;
        c.exact += s.exact.size;
        c.overlap += s.overlapPairs.length;
      }
      counts[role] = c;
      exact[role] = prf({ gold: c.gold, predicted: c.predicted, correct: c.exact });
      overlap[role] = prf({ gold: c.gold, predicted: c.predicted, correct: c.overlap });
    }
    const found = this.comparisons.reduce((n, d) => n + d.speakers.length, 0);
    const right = this.comparisons.reduce((n, d) => n + d.speakers.filter((s) => s.right).length, 0);
    return {
      documents: this.comparisons.length,
      cue_f1: exact.cue.f1,
      source_f1: exact.source.f1,
      content_f1: exact.content.f1,
      cue_overlap_f1: overlap.cue.f1,
      source_overlap_f1: overlap.source.f1,
      content_overlap_f1: overlap.content.f1,
      speaker_accuracy: found === 0 ? 0 : right / found,
      cue_precision: exact.cue.precision,
      cue_recall: exact.cue.recall,
      source_precision: exact.source.precision,
      source_recall: exact.source.recall,
      content_precision: exact.content.precision,
      content_recall: exact.content.recall,
      cue_overlap_precision: overlap.cue.precision,
      cue_overlap_recall: overlap.cue.recall,
      source_overlap_precision: overlap.source.precision,
      source_overlap_recall: overlap.source.recall,
      content_overlap_precision: overlap.content.precision,
      content_overlap_recall: overlap.content.recall,
      counts,
      gold_attributions: this.goldAttributions,
      predicted_attributions: this.predictedAttributions,
      speaker_found: found,
      speaker_right: right,
    };
  }
}
