import { describe, expect, it } from 'vitest';
import {
  authorSet,
  authorsMatch,
  bodyScores,
  dateMatches,
  dayOf,
  fold,
  pageF1,
  pagePrecision,
  pageRecall,
  shingleMatch,
  shingles,
  titleMatches,
  tokenize,
} from './score.js';

describe('tokens and shingles', () => {
  it('tokenises like Python\'s \\w+: letters, digits and underscore of any script, no combining marks', () => {
    expect(tokenize('Hello, wörld! x_1 — 2023; naïve café Ελλάδα 東京 ٣٤')).toEqual(['Hello', 'wörld', 'x_1', '2023', 'naïve', 'café', 'Ελλάδα', '東京', '٣٤']);
    // "e" + COMBINING ACUTE ACCENT: Python's \w does not match the mark, so the word splits there.
    expect(tokenize('cafe\u0301s')).toEqual(['cafe', 's']);
    expect(tokenize('don\'t stop-gap')).toEqual(['don', 't', 'stop', 'gap']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(null)).toEqual([]);
  });

  it('makes a multiset of 4-token shingles', () => {
    expect(shingles('a b c d e')).toEqual(new Map([['a b c d', 1], ['b c d e', 1]]));
    // 8 tokens give 5 shingles, "a b c d" twice.
    expect(shingles('a b c d a b c d')).toEqual(new Map([['a b c d', 2], ['b c d a', 1], ['c d a b', 1], ['d a b c', 1]]));
  });

  it('turns a text shorter than 4 tokens into one shorter shingle, and no token into none', () => {
    expect(shingles('Breaking news')).toEqual(new Map([['Breaking news', 1]]));
    expect(shingles('a b c d')).toEqual(new Map([['a b c d', 1]]));
    expect(shingles('  ... ')).toEqual(new Map());
  });
});

describe('body scores', () => {
  it('counts tp/fp/fn on shingles and divides them by their sum', () => {
    // truth: abcd bcde cdef; predicted: abcd bcde cdex dexy -> tp 2, fp 2, fn 1, sum 5.
    const c = shingleMatch('a b c d e f', 'a b c d e x y');
    expect(c.tp).toBeCloseTo(0.4, 12);
    expect(c.fp).toBeCloseTo(0.4, 12);
    expect(c.fn).toBeCloseTo(0.2, 12);
    expect(pagePrecision(c)).toBeCloseTo(0.5, 12); // .4 / .8
    expect(pageRecall(c)).toBeCloseTo(2 / 3, 12); // .4 / .6
    expect(pageF1(c)).toBeCloseTo(4 / 7, 12); // 2 * .5 * 2/3 / (.5 + 2/3)
  });

  it('counts repeated shingles as a multiset', () => {
    // truth: abcd x2, bcda, cdab, dabc (5); predicted: abcd once -> tp 1, fp 0, fn 4.
    const c = shingleMatch('a b c d a b c d', 'a b c d');
    expect(c).toEqual({ tp: 0.2, fp: 0, fn: 0.8 });
    expect(pagePrecision(c)).toBe(1);
    expect(pageRecall(c)).toBeCloseTo(0.2, 12);
  });

  it('is case-sensitive and ignores punctuation and spacing', () => {
    expect(shingleMatch('Breaking news', 'Breaking news')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(shingleMatch('Breaking news', 'breaking news')).toEqual({ tp: 0, fp: 0.5, fn: 0.5 });
    expect(shingleMatch('One two, three four.\n\nFive', 'One two three  four Five')).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it('averages precision over pages with output and recall over pages with truth, then takes F1 of the means', () => {
    const a = shingleMatch('a b c d e f', 'a b c d e x y'); // P 1/2, R 2/3
    const b = shingleMatch('p q r s t', 'p q r s t'); // fp = fn = 0: P 1, R 1
    const c = shingleMatch('p q r s t', ''); // no output: left out of precision, R 0
    const d = shingleMatch('', ''); // nothing either side: left out of both
    const scores = bodyScores([a, b, c, d]);
    expect(scores.precision).toBeCloseTo(0.75, 12); // (1/2 + 1) / 2
    expect(scores.recall).toBeCloseTo(5 / 9, 12); // (2/3 + 1 + 0) / 3
    expect(scores.f1).toBeCloseTo(30 / 47, 12); // 2 * .75 * 5/9 / (.75 + 5/9) = (7.5/9) / (11.75/9)
  });

  it('scores output on a page with no truth as precision 0, left out of recall', () => {
    const e = shingleMatch('', 'menu home about us');
    expect(e).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(bodyScores([e])).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(bodyScores([e, shingleMatch('a b c d', 'a b c d')])).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3 });
  });

  it('gives 0 rather than failing when there is nothing to average', () => {
    expect(bodyScores([])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('metadata', () => {
  it('folds case and space for titles', () => {
    expect(fold('  Federal  Agency\n\tQuashes\u00a0PLAN ')).toBe('federal agency quashes plan');
    expect(titleMatches("Federal agency quashes Georgia's plan", "  federal AGENCY quashes  georgia's plan")).toBe(true);
    expect(titleMatches("Federal agency quashes Georgia's plan", 'Federal agency quashes Georgia’s plan')).toBe(false);
    expect(titleMatches('A title', null)).toBe(false);
  });

  it('compares authors as folded sets', () => {
    expect(authorsMatch('RALPH D. RUSSO, BOB FERRANTE', ['Bob Ferrante', 'Ralph D. Russo'])).toBe(true);
    expect(authorsMatch('Travis Andersen,  Adam Sennott', 'By Travis Andersen and Adam Sennott')).toBe(true);
    expect(authorsMatch('Joanna Walters, Edward Helmore', 'Joanna Walters')).toBe(false);
    expect(authorSet('Robert E. Moffit, Ph.D.')).toEqual(new Set(['robert e. moffit, ph.d.']));
    expect(authorSet('By: Jane Doe; John Roe & Mia Poe')).toEqual(new Set(['jane doe', 'john roe', 'mia poe']));
    // Names containing "and" are not split.
    expect(authorSet('Alexandra Anderson')).toEqual(new Set(['alexandra anderson']));
    // An empty truth expects no author.
    expect(authorsMatch('', null)).toBe(true);
    expect(authorsMatch('', [])).toBe(true);
    expect(authorsMatch('', 'Jane Doe')).toBe(false);
  });

  it('takes the day of a date as written, whatever its offset', () => {
    expect(dayOf('2023-12-17')).toBe('2023-12-17');
    expect(dayOf('2023-12-17T21:00:00-05:00')).toBe('2023-12-17'); // 02:00 UTC on the 18th
    expect(dayOf('2023-12-17T01:00:00+09:00')).toBe('2023-12-17'); // 16:00 UTC on the 16th
    expect(dayOf('2023-12-17T10:00:00Z')).toBe('2023-12-17');
    expect(dayOf('20231217')).toBe('2023-12-17');
    expect(dayOf('December 17, 2023')).toBe('2023-12-17');
    expect(dayOf('Sun, 17 Dec 2023 10:00:00 GMT')).toBe('2023-12-17');
    expect(dayOf('yesterday')).toBeNull();
    expect(dayOf(null)).toBeNull();
    expect(dateMatches('2023-12-17', '2023-12-17T23:59:59+01:00')).toBe(true);
    expect(dateMatches('2023-12-17', '2023-12-18T00:00:01+01:00')).toBe(false);
    expect(dateMatches('2023-12-17', null)).toBe(false);
  });
});
