/**
 * Scoring article extraction the way the published benchmarks do, so figures compare with theirs.
 *
 * Body text: the article-extraction-benchmark metric (scrapinghub's `evaluate.py`). Each text is tokenised into
 * `\w+` matches; a page's text becomes a multiset of 4-token shingles; true positives, false positives and false
 * negatives are counted on the shingles and divided by their sum, so that long pages weigh no more than short
 * ones. Precision is the mean over pages with tp+fp > 0, recall the mean over pages with tp+fn > 0 (a page with
 * fp = fn = 0 scores 1 on both), and F1 is computed from those two means, not averaged per page.
 *
 * Metadata (NAEB, newspaper4k's article set): the title is right when it equals the truth after case and space
 * folding; the authors when the two sets of names are equal after the same folding; the date when both fall on
 * the same calendar day.
 */

/**
 * Python's `re` `\w` on str patterns matches `_` and every character for which `str.isalnum()` holds: the
 * alphabetic ones (general categories Lu, Ll, Lt, Lm, Lo = `\p{L}`) and the numeric ones (Numeric_Type Decimal,
 * Digit or Numeric, which are the categories Nd, Nl, No = `\p{N}`, plus CJK numerals that are Lo anyway). It
 * does not match combining marks (Mn, Mc), so neither does this. JavaScript's own `\w` is ASCII-only even with
 * the `u` flag, hence the explicit class. Checked over every code point against CPython 3.11 (Unicode 14) and
 * Node 20+ (Unicode 15 to 17): Python matches nothing this class does not, and this class only adds characters
 * assigned in later Unicode versions than Python's. The pattern is case-sensitive, as the benchmark's is (its IGNORECASE flag changes nothing for `\w`).
 */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** Shingle length of the benchmark. */
export const SHINGLE_SIZE = 4;

/** The `\w+` tokens of a text, in order. */
export function tokenize(text: string | null | undefined): string[] {
  return text ? (text.match(TOKEN) ?? []) : [];
}

/**
 * The multiset of n-token shingles of a text, as shingle → count. A text with fewer than n tokens (but at least
 * one) gives a single shorter shingle of all its tokens, exactly as the benchmark's `_ngrams` does: a
 * two-word prediction then matches a two-word truth, and nothing matches a text with no token at all. The
 * shingle key joins tokens with a space, which no token can contain.
 */
export function shingles(text: string | null | undefined, n: number = SHINGLE_SIZE): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last && i < tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's shingle counts, divided by their sum (all 0 when both texts have no token). */
export interface ShingleCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Matches a predicted body against the true one on shingle multisets. */
export function shingleMatch(truth: string | null | undefined, predicted: string | null | undefined, n: number = SHINGLE_SIZE): ShingleCounts {
  const expected = shingles(truth, n);
  const found = shingles(predicted, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, trueCount] of expected) {
    const predCount = found.get(key) ?? 0;
    tp += Math.min(trueCount, predCount);
    fn += Math.max(0, trueCount - predCount);
  }
  for (const [key, predCount] of found) fp += Math.max(0, predCount - (expected.get(key) ?? 0));
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

/** One page's precision, as the benchmark's `precision_score`. */
export function pagePrecision({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

/** One page's recall, as the benchmark's `recall_score`. */
export function pageRecall({ tp, fp, fn }: ShingleCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

/** Page-level F1 (for listings of the worst pages; the overall F1 is computed from the means). */
export function pageF1(counts: ShingleCounts): number {
  const p = pagePrecision(counts);
  const r = pageRecall(counts);
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

export interface BodyScores {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision, recall and F1 over pages. Where the benchmark's script would fail (no page with output, or with
 * truth, or P + R = 0) the figure is 0 here.
 */
export function bodyScores(pages: readonly ShingleCounts[]): BodyScores {
  const mean = (values: number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const precision = mean(pages.filter((c) => c.tp + c.fp > 0).map(pagePrecision));
  const recall = mean(pages.filter((c) => c.tp + c.fn > 0).map(pageRecall));
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

// ---------------------------------------------------------------------------------------------------------
// Metadata

/** Case and space folding: lower case (locale-independent), runs of Unicode white space as one space, trimmed. */
export function fold(text: string | null | undefined): string {
  return (text ?? '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Title exact match after folding. An empty truth expects no title. */
export function titleMatches(truth: string | null | undefined, predicted: string | null | undefined): boolean {
  return fold(truth) === fold(predicted);
}

/** Credentials and generational suffixes written after a comma: they belong to the name before them. */
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv|ph\.?\s?d|m\.?\s?d|esq|mba|rn|dds|do)\.?$/i;

/**
 * The folded author names of a byline or an author list: split on commas, semicolons, "&", " and " and new
 * lines; a leading "By" is dropped (it is never part of a name); a suffix such as "Ph.D." or "Jr." after a comma
 * stays with the name before it ("Robert E. Moffit, Ph.D." is one author). The same rules are applied to the
 * truth and to every extractor's output.
 */
export function authorSet(authors: string | readonly string[] | null | undefined): Set<string> {
  const raw = authors === null || authors === undefined ? [] : typeof authors === 'string' ? [authors] : authors;
  const names: string[] = [];
  for (const entry of raw) {
    for (const part of entry.split(/\s*(?:[,;&\n]|\band\b)\s*/iu)) {
      const name = fold(part.replace(/^\s*by\s*:?\s+/iu, ''));
      if (name === '') continue;
      if (NAME_SUFFIX.test(name) && names.length > 0) names[names.length - 1] += `, ${name}`;
      else names.push(name);
    }
  }
  return new Set(names);
}

/** Authors match when the two folded sets are equal; an empty truth expects no author. */
export function authorsMatch(truth: string | readonly string[] | null | undefined, predicted: string | readonly string[] | null | undefined): boolean {
  const a = authorSet(truth);
  const b = authorSet(predicted);
  return a.size === b.size && [...a].every((name) => b.has(name));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The calendar day (YYYY-MM-DD) of a date or date-time, or null when it is not a date.
 *
 * An ISO 8601 value gives the day as written: its date is the publisher's local date, and the offset only tells
 * how that local time relates to UTC. Converting to UTC first would move an evening article in the Americas
 * (`2023-12-17T21:00:00-05:00`) to the next day, while the truth, taken from the page, says the 17th. Other
 * forms (`Dec 17, 2023`, RFC 2822) are parsed by `Date`: without a zone they are read as local time and give back
 * the day written; with a zone the day is taken in UTC.
 */
export function dayOf(date: string | null | undefined): string | null {
  const text = (date ?? '').trim();
  if (text === '') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(text);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return null;
  const d = new Date(time);
  const zoned = /(?:\b(?:gmt|utc|z)\b|[+-]\d{2}:?\d{2}\s*$)/i.test(text);
  return zoned
    ? `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    : `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Dates match when both give the same day, or when neither is a date (the truth expects none). */
export function dateMatches(truth: string | null | undefined, predicted: string | null | undefined): boolean {
  return dayOf(truth) === dayOf(predicted);
}
