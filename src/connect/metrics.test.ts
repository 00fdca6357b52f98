import { describe, expect, it } from 'vitest';
import { bcubed, ceafe, conll, corefScores, maxWeightAssignment, muc } from './metrics.js';

/** A clustering from clusters written as strings of one-letter items: `['abc', 'de']`. */
const clustering = (clusters: string[]): Map<string, string> => {
  const map = new Map<string, string>();
  clusters.forEach((cluster, i) => {
    for (const item of cluster) map.set(item, `c${i}`);
  });
  return map;
};

describe('the worked example of Pradhan et al. (2014), "Scoring coreference partitions"', () => {
  // Key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}: the response has twinless mentions h and i.
  const key = clustering(['abc', 'defg']);
  const response = clustering(['ab', 'cd', 'fghi']);

  it('MUC: 2 of 5 key links kept, 2 of 5 response links right', () => {
    const s = muc(key, response);
    expect(s.recall).toBeCloseTo(0.4, 10);
    expect(s.precision).toBeCloseTo(0.4, 10);
    expect(s.f1).toBeCloseTo(0.4, 10);
  });

  it('B-cubed: recall 35/84, precision 4/8', () => {
    const s = bcubed(key, response);
    expect(s.recall).toBeCloseTo(35 / 84, 10);
    expect(s.precision).toBeCloseTo(0.5, 10);
  });

  it('CEAF-e: best alignment {abc}-{ab} (0.8) and {defg}-{fghi} (0.5)', () => {
    const s = ceafe(key, response);
    expect(s.recall).toBeCloseTo(1.3 / 2, 10);
    expect(s.precision).toBeCloseTo(1.3 / 3, 10);
  });
});

describe('hand-computed cases', () => {
  it('scores a perfect response 1 everywhere but MUC on singletons (no links to find)', () => {
    const key = clustering(['abc', 'd', 'ef']);
    const scores = corefScores(key, clustering(['ef', 'abc', 'd']));
    expect(scores.muc.f1).toBe(1);
    expect(scores.bcubed.f1).toBe(1);
    expect(scores.ceafe.f1).toBe(1);
    expect(scores.conll).toBe(1);
    const singletons = clustering(['a', 'b']);
    expect(muc(singletons, singletons).f1).toBe(0);
    expect(bcubed(singletons, singletons).f1).toBe(1);
    expect(ceafe(singletons, singletons).f1).toBe(1);
  });

  it('splitting one cluster of five into two and three', () => {
    const key = clustering(['abcde']);
    const response = clustering(['ab', 'cde']);
    expect(muc(key, response)).toEqual({ precision: 1, recall: 0.75, f1: 2 * 0.75 / 1.75 });
    // Recall per mention: 2/5 for a and b, 3/5 for c, d and e: (4 + 9) / 25.
    expect(bcubed(key, response).recall).toBeCloseTo(13 / 25, 10);
    expect(bcubed(key, response).precision).toBe(1);
    // φ4({abcde}, {cde}) = 6/8 is the better of the two alignments.
    expect(ceafe(key, response).recall).toBeCloseTo(0.75, 10);
    expect(ceafe(key, response).precision).toBeCloseTo(0.375, 10);
  });

  it('everything in one cluster against all singletons', () => {
    const key = clustering(['a', 'b', 'c', 'd']);
    const response = clustering(['abcd']);
    expect(muc(key, response)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(bcubed(key, response).precision).toBeCloseTo(0.25, 10);
    expect(bcubed(key, response).recall).toBe(1);
    // One key singleton aligned to the cluster: φ4 = 2/5.
    expect(ceafe(key, response).recall).toBeCloseTo(0.4 / 4, 10);
    expect(ceafe(key, response).precision).toBeCloseTo(0.4, 10);
  });

  it('items missing from one side count against that side only', () => {
    const key = clustering(['abc']);
    const response = clustering(['ab', 'd']);
    // c is missing from the response: {a,b},{c} partition the key cluster.
    expect(muc(key, response)).toMatchObject({ recall: 0.5, precision: 1 });
    expect(bcubed(key, response).recall).toBeCloseTo(4 / 9, 10);
    expect(bcubed(key, response).precision).toBeCloseTo(2 / 3, 10);
    expect(ceafe(key, response).recall).toBeCloseTo(0.8, 10);
    expect(ceafe(key, response).precision).toBeCloseTo(0.4, 10);
    expect(conll(key, response)).toBeGreaterThan(0);
  });
});

describe('the optimal assignment', () => {
  /** Best assignment by trying every injection of rows into columns. */
  const bruteForce = (w: number[][]): number => {
    const rows = w.length;
    const columns = w[0]!.length;
    let best = 0;
    const used = new Array<boolean>(columns).fill(false);
    const walk = (i: number, sum: number): void => {
      if (i === rows) {
        best = Math.max(best, sum);
        return;
      }
      walk(i + 1, sum); // the row left unassigned
      for (let j = 0; j < columns; j++) {
        if (used[j]) continue;
        used[j] = true;
        walk(i + 1, sum + w[i]![j]!);
        used[j] = false;
      }
    };
    walk(0, 0);
    return best;
  };

  it('matches brute force on random matrices, square and rectangular', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 6);
      const columns = 1 + Math.floor(random() * 6);
      const w = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.4 ? 0 : Math.round(random() * 100) / 100)));
      const expected = bruteForce(w);
      const sparse = w.map((row) => row.flatMap((weight, column) => (weight > 0 ? [{ column, weight }] : [])));
      const { total, columnOf } = maxWeightAssignment(sparse, columns);
      expect(total).toBeCloseTo(expected, 9);
      // The assignment it returns is one to one and adds up to the total.
      const assigned = [...columnOf].filter((j) => j >= 0);
      expect(new Set(assigned).size).toBe(assigned.length);
      expect([...columnOf].reduce((sum, j, i) => sum + (j >= 0 ? w[i]![j]! : 0), 0)).toBeCloseTo(total, 9);
    }
  });

  it('handles thousands of clusters quickly', () => {
    // 3000 key pairs {2i, 2i+1}; the response shifts by one item, chaining every cluster into one component.
    const key = new Map<number, number>();
    const response = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      key.set(i, Math.floor(i / 2));
      response.set(i, Math.floor((i + 1) / 2));
    }
    const started = Date.now();
    const s = ceafe(key, response);
    expect(Date.now() - started).toBeLessThan(5000);
    // The first and last key pairs align to the response singletons {0} and {5999} (φ4 = 2/3 each); the 2998
    // pairs between to response pairs sharing one item (φ4 = 1/2), one response pair left over.
    expect(s.recall).toBeCloseTo((2998 * 0.5 + 4 / 3) / 3000, 9);
    expect(s.precision).toBeCloseTo((2998 * 0.5 + 4 / 3) / 3001, 9);
  });
});
