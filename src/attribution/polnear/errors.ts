/** Error listings for `eventwire eval attribution --errors`: what was missed, what was invented, and where. */
import { type DocumentComparison, type Role, type SpanLike, normalisePieces, roles } from './metrics.js';

export interface ErrorGroup {
  /** Lower-cased text (or "gold → ours" for boundary errors). */
  key: string;
  count: number;
  /** One example with its document. */
  example: string;
  document: string;
}

export interface RoleErrors {
  /** Gold spans no predicted span overlaps. */
  missed: ErrorGroup[];
  /** Predicted spans no gold span overlaps. */
  spurious: ErrorGroup[];
  /** Overlapping but not the same characters. */
  boundary: ErrorGroup[];
}

export interface AttributionErrors {
  roles: Record<Role, RoleErrors>;
  /** Found cues whose predicted source does not overlap the gold one. */
  speakers: ErrorGroup[];
}

function snippet(text: string, span: SpanLike, limit = 80): string {
  const raw = text.slice(span.start, span.end).replace(/\s+/g, ' ');
  return raw.length > limit ? `${raw.slice(0, limit / 2 - 1)} … ${raw.slice(-(limit / 2 - 2))}` : raw;
}

/** The sentence-ish context of a span, with the span in [brackets]. */
function inContext(text: string, span: SpanLike, width = 60): string {
  const before = text.slice(Math.max(0, span.start - width), span.start).replace(/\s+/g, ' ');
  const after = text.slice(span.end, span.end + width).replace(/\s+/g, ' ');
  return `…${before}[${snippet(text, span)}]${after}…`;
}

class Grouper {
  private groups = new Map<string, ErrorGroup>();

  add(key: string, example: string, document: string): void {
    const group = this.groups.get(key);
    if (group) group.count++;
    else this.groups.set(key, { key, count: 1, example, document });
  }

  sorted(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  }
}

const keyLimit = 40;

function keyOf(text: string, span: SpanLike): string {
  const t = snippet(text, span, 200).toLowerCase();
  return t.length > keyLimit ? `${t.slice(0, keyLimit)}…` : t;
}

export function collectErrors(comparisons: readonly DocumentComparison[]): AttributionErrors {
  const result = { roles: {} as Record<Role, RoleErrors>, speakers: [] as ErrorGroup[] };
  for (const role of roles) {
    const missed = new Grouper();
    const spurious = new Grouper();
    const boundary = new Grouper();
    for (const d of comparisons) {
      const { gold, predicted, exact, overlapPairs } = d.spans[role];
      const pairedGold = new Set(overlapPairs.map(([g]) => g));
      const pairedPredicted = new Set(overlapPairs.map(([, p]) => p));
      gold.forEach((g, i) => {
        if (!pairedGold.has(i)) missed.add(keyOf(d.text, g), inContext(d.text, g), d.name);
      });
      predicted.forEach((p, j) => {
        if (!pairedPredicted.has(j)) spurious.add(keyOf(d.text, p), inContext(d.text, p), d.name);
      });
      for (const [i, j] of overlapPairs) {
        if (exact.has(j)) continue;
        const g = gold[i]!;
        const p = predicted[j]!;
        if (g.start === p.start && g.end === p.end) continue;
        boundary.add(`${keyOf(d.text, g)} → ${keyOf(d.text, p)}`, `gold ${inContext(d.text, g, 30)} / ours [${snippet(d.text, p)}]`, d.name);
      }
    }
    result.roles[role] = { missed: missed.sorted(), spurious: spurious.sorted(), boundary: boundary.sorted() };
  }
  const speakers = new Grouper();
  for (const d of comparisons) {
    for (const s of d.speakers) {
      if (s.right) continue;
      const cue = normalisePieces(d.text, s.gold.cue)[0];
      const goldSource = normalisePieces(d.text, s.gold.source);
      const ours = normalisePieces(d.text, s.predicted.source);
      const g = goldSource.map((x) => snippet(d.text, x)).join(' … ') || '(none)';
      const o = ours.map((x) => snippet(d.text, x)).join(' … ') || '(none)';
      const kind = goldSource.length === 0 ? 'gold has no source' : ours.length === 0 ? 'no source found' : 'other source';
      speakers.add(kind, `${cue ? inContext(d.text, cue, 50) : ''}  gold: ${g}  ours: ${o}`, d.name);
    }
  }
  // One group per kind, with every example kept would be long: keep the counts and a few examples.
  result.speakers = speakers.sorted();
  return result;
}

/** Speaker errors as individual examples (not grouped), for the listing. */
export function speakerExamples(comparisons: readonly DocumentComparison[], limit: number): string[] {
  const out: string[] = [];
  for (const d of comparisons) {
    for (const s of d.speakers) {
      if (s.right || out.length >= limit) continue;
      const cue = normalisePieces(d.text, s.gold.cue)[0];
      const g = normalisePieces(d.text, s.gold.source).map((x) => snippet(d.text, x)).join(' … ') || '(none)';
      const o = normalisePieces(d.text, s.predicted.source).map((x) => snippet(d.text, x)).join(' … ') || '(none)';
      out.push(`${cue ? inContext(d.text, cue, 50) : ''}\n      gold source: ${g}; ours: ${o}  [${d.name}]`);
    }
  }
  return out;
}

/** Text listing of the most frequent errors of each kind. */
export function formatErrors(comparisons: readonly DocumentComparison[], top = 15): string {
  const errors = collectErrors(comparisons);
  const lines: string[] = [];
  const section = (title: string, groups: ErrorGroup[]): void => {
    const total = groups.reduce((n, g) => n + g.count, 0);
    lines.push('', `${title}: ${total}`);
    for (const g of groups.slice(0, top)) {
      lines.push(g.count === 1 ? `  ${'1×'.padStart(5)}  ${g.example}  [${g.document}]` : `  ${`${g.count}×`.padStart(5)}  ${g.key}   e.g. ${g.example}  [${g.document}]`);
    }
  };
  for (const role of roles) {
    const r = errors.roles[role];
    section(`${role}: missed (no overlapping prediction)`, r.missed);
    section(`${role}: spurious (no overlapping gold span)`, r.spurious);
    section(`${role}: wrong boundaries (gold → ours)`, r.boundary);
  }
  lines.push('', `speaker errors: ${errors.speakers.map((g) => `${g.count} ${g.key}`).join(', ') || 'none'}`);
  for (const example of speakerExamples(comparisons, top)) lines.push(`  ${example}`);
  return lines.join('\n');
}
