/**
 * Pair scores raised by transitive evidence: a pair's best two-step path is max over k of min(score(i, k),
 * score(k, j)), and a pair scoring below its path moves `weight` of the way up to it. Two mentions worded apart
 * ("quake", "tremor") that each match a third ("earthquake") gain; no pair loses, so a pair with no third
 * mention to confirm it (two reports of one event, each naming it once) keeps its score. O(n³), as
 * average-link clustering is at worst. `weight` 0 returns the scores unchanged.
 */
export function withTransitiveEvidence(scores: Float64Array, n: number, weight: number): Float64Array {
  if (!(weight > 0) || n < 3) return scores;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      let path = 0;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const a = scores[row + k]!;
        if (a <= path) continue;
        const b = scores[k * n + j]!;
        const step = a < b ? a : b;
        if (step > path) path = step;
      }
      const own = scores[row + j]!;
      const raised = path > own ? own + weight * (path - own) : own;
      out[row + j] = raised;
      out[j * n + i] = raised;
    }
  }
  return out;
}

/**
 * Average-link agglomerative clustering over a symmetric matrix of pair scores: repeatedly merge the two
 * clusters whose mean pair score is highest, while it is at least the threshold. Each cluster remembers its
 * best partner, so a merge costs O(n) updates rather than a rescan of all pairs.
 */

/** `scores` is n×n row-major (only i≠j read). Returns a cluster index per item (the index of one of its items). */
export function averageLinkClusters(scores: Float64Array, n: number, threshold: number): Int32Array {
  // sum[a*n+b]: total score between clusters a and b (indexed by their first item); size[a]: items in a.
  const sum = Float64Array.from(scores);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const best = new Int32Array(n).fill(-1);
  const bestScore = new Float64Array(n).fill(-Infinity);
  const mean = (a: number, b: number): number => sum[a * n + b]! / (size[a]! * size[b]!);
  const refresh = (a: number): void => {
    best[a] = -1;
    bestScore[a] = -Infinity;
    for (let b = 0; b < n; b++) {
      if (b === a || !active[b]) continue;
      const s = mean(a, b);
      if (s > bestScore[a]!) {
        bestScore[a] = s;
        best[a] = b;
      }
    }
  };
  for (let a = 0; a < n; a++) refresh(a);
  for (;;) {
    let a = -1;
    let top = threshold;
    for (let i = 0; i < n; i++) {
      if (active[i] && best[i]! >= 0 && bestScore[i]! >= top) {
        top = bestScore[i]!;
        a = i;
      }
    }
    if (a < 0) break;
    const b = best[a]!;
    // Merge b into a.
    for (let c = 0; c < n; c++) {
      if (!active[c] || c === a || c === b) continue;
      const merged = sum[a * n + c]! + sum[b * n + c]!;
      sum[a * n + c] = merged;
      sum[c * n + a] = merged;
    }
    size[a] = size[a]! + size[b]!;
    active[b] = 0;
    parent[b] = a;
    refresh(a);
    for (let c = 0; c < n; c++) {
      if (!active[c] || c === a) continue;
      if (best[c] === a || best[c] === b) refresh(c);
      else {
        const s = mean(c, a);
        if (s > bestScore[c]!) {
          bestScore[c] = s;
          best[c] = a;
        }
      }
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    out[i] = r;
  }
  return out;
}
