/**
 * Coreference (clustering) metrics as the CoNLL-2012 reference scorer (v8.01) computes them: MUC (Vilain et al.
 * 1995), B-cubed (Bagga and Baldwin 1998), entity-based CEAF with φ4 (Luo 2005), and their mean, the CoNLL F1.
 *
 * A clustering is a `Map` from item (mention) id to cluster id. Key and response are normally over the same
 * items (gold mentions). When they are not, the scorer's semantics apply: an item missing from the response
 * counts against recall only, an item missing from the key against precision only (in MUC it splits the
 * clusters it is in, as its own partition; in B-cubed it is a twinless mention; in CEAF it just adds to the
 * cluster sizes in φ4). Singletons count in every metric.
 */

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface CorefScores {
  muc: Prf;
  bcubed: Prf;
  ceafe: Prf;
  /** Mean of the MUC, B-cubed and CEAF-e F1. */
  conll: number;
}

export type Clustering<I = string, C = string> = ReadonlyMap<I, C>;

const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);

export function prf(precision: number, recall: number): Prf {
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** The clusters of a clustering as lists of items, in first-seen order. */
export function clustersOf<I, C>(clustering: Clustering<I, C>): I[][] {
  const byId = new Map<C, I[]>();
  for (const [item, cluster] of clustering) {
    const list = byId.get(cluster);
    if (list) list.push(item);
    else byId.set(cluster, [item]);
  }
  return [...byId.values()];
}

/** MUC's one-sided score: links of `a`'s clusters kept by `b`, over all links of `a`. */
function mucSide<I, C>(a: Clustering<I, C>, b: Clustering<I, C>): number {
  let kept = 0;
  let total = 0;
  for (const cluster of clustersOf(a)) {
    // Partitions of the cluster by `b`: an item `b` lacks is a partition of its own.
    const parts = new Set<unknown>();
    let missing = 0;
    for (const item of cluster) {
      const other = b.get(item);
      if (other === undefined) missing++;
      else parts.add(other);
    }
    kept += cluster.length - (parts.size + missing);
    total += cluster.length - 1;
  }
  return ratio(kept, total);
}

export function muc<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): Prf {
  return prf(mucSide(response, key), mucSide(key, response));
}

/** Sizes of key clusters, response clusters and their non-empty intersections. */
function overlaps<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): { keySizes: Map<C, number>; responseSizes: Map<C, number>; shared: Map<C, Map<C, number>> } {
  const keySizes = new Map<C, number>();
  const responseSizes = new Map<C, number>();
  const shared = new Map<C, Map<C, number>>();
  for (const [item, k] of key) {
    keySizes.set(k, (keySizes.get(k) ?? 0) + 1);
    const r = response.get(item);
    if (r === undefined) continue;
    let row = shared.get(k);
    if (!row) shared.set(k, (row = new Map()));
    row.set(r, (row.get(r) ?? 0) + 1);
  }
  for (const r of response.values()) responseSizes.set(r, (responseSizes.get(r) ?? 0) + 1);
  return { keySizes, responseSizes, shared };
}

export function bcubed<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): Prf {
  const { keySizes, responseSizes, shared } = overlaps(key, response);
  let recall = 0;
  let precision = 0;
  for (const [k, row] of shared) {
    for (const [r, n] of row) {
      recall += (n * n) / keySizes.get(k)!;
      precision += (n * n) / responseSizes.get(r)!;
    }
  }
  return prf(ratio(precision, response.size), ratio(recall, key.size));
}

export function ceafe<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): Prf {
  const { keySizes, responseSizes, shared } = overlaps(key, response);
  const similarity = optimalSimilarity(shared, (k, r, n) => (2 * n) / (keySizes.get(k)! + responseSizes.get(r)!));
  return prf(ratio(similarity, responseSizes.size), ratio(similarity, keySizes.size));
}

export function corefScores<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): CorefScores {
  const scores = { muc: muc(key, response), bcubed: bcubed(key, response), ceafe: ceafe(key, response) };
  return { ...scores, conll: (scores.muc.f1 + scores.bcubed.f1 + scores.ceafe.f1) / 3 };
}

/** Mean of MUC, B-cubed and CEAF-e F1. */
export function conll<I, C>(key: Clustering<I, C>, response: Clustering<I, C>): number {
  return corefScores(key, response).conll;
}

/**
 * The largest total similarity of a one-to-one assignment of key to response clusters. Clusters that share no
 * item have similarity 0 and need no edge, so the assignment is solved on the sparse overlap graph.
 */
function optimalSimilarity<C>(shared: Map<C, Map<C, number>>, similarity: (k: C, r: C, n: number) => number): number {
  const column = new Map<C, number>();
  const rows: { column: number; weight: number }[][] = [];
  for (const [k, row] of shared) {
    const edges: { column: number; weight: number }[] = [];
    for (const [r, n] of row) {
      let j = column.get(r);
      if (j === undefined) column.set(r, (j = column.size));
      edges.push({ column: j, weight: similarity(k, r, n) });
    }
    rows.push(edges);
  }
  return maxWeightAssignment(rows, column.size).total;
}

/** A binary min-heap of (priority, value) pairs, for Dijkstra with lazy deletion. */
class MinHeap {
  private readonly priorities: number[] = [];
  private readonly values: number[] = [];
  get size(): number {
    return this.values.length;
  }
  push(priority: number, value: number): void {
    let i = this.values.length;
    this.priorities.push(priority);
    this.values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorities[parent]! <= priority) break;
      this.priorities[i] = this.priorities[parent]!;
      this.values[i] = this.values[parent]!;
      i = parent;
    }
    this.priorities[i] = priority;
    this.values[i] = value;
  }
  /** Removes the smallest entry; returns its value and leaves its priority in `top`. */
  pop(): number {
    const value = this.values[0]!;
    this.top = this.priorities[0]!;
    const lastPriority = this.priorities.pop()!;
    const lastValue = this.values.pop()!;
    const n = this.values.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && this.priorities[child + 1]! < this.priorities[child]!) child++;
        if (this.priorities[child]! >= lastPriority) break;
        this.priorities[i] = this.priorities[child]!;
        this.values[i] = this.values[child]!;
        i = child;
      }
      this.priorities[i] = lastPriority;
      this.values[i] = lastValue;
    }
    return value;
  }
  top = 0;
}

/**
 * Maximum-weight assignment on a sparse bipartite graph with non-negative weights: `rows[i]` lists row i's
 * edges; a row may stay unassigned. Kuhn–Munkres in its shortest-augmenting-path form (with dual potentials,
 * Dijkstra over reduced costs): every row also gets a private dummy column of weight 0, so an augmenting path
 * always exists and each search stops as soon as it reaches a free column, which keeps it local to the part of
 * the graph the row touches. Returns the total weight and each row's column (-1: unassigned).
 */
export function maxWeightAssignment(rows: readonly (readonly { column: number; weight: number }[])[], columns: number): { total: number; columnOf: Int32Array } {
  const n = rows.length;
  let largest = 0;
  for (const edges of rows) for (const e of edges) if (e.weight > largest) largest = e.weight;
  // Minimise cost = largest - weight; column `columns + i` is row i's dummy (cost = largest).
  const width = columns + n;
  const costTo = (i: number, j: number): number => {
    if (j >= columns) return largest;
    for (const e of rows[i]!) if (e.column === j) return largest - e.weight;
    return Infinity;
  };
  const rowPotential = new Float64Array(n);
  const columnPotential = new Float64Array(width);
  const rowOfColumn = new Int32Array(width).fill(-1);
  const columnOfRow = new Int32Array(n).fill(-1);
  const distance = new Float64Array(width).fill(Infinity);
  const previousRow = new Int32Array(width);
  const done = new Uint8Array(width);
  const touched: number[] = [];
  const settled: number[] = [];

  for (let start = 0; start < n; start++) {
    const heap = new MinHeap();
    const relax = (row: number, base: number): void => {
      const visit = (j: number, cost: number): void => {
        if (done[j]) return;
        const d = base + cost - rowPotential[row]! - columnPotential[j]!;
        if (d < distance[j]!) {
          if (distance[j] === Infinity) touched.push(j);
          distance[j] = d;
          previousRow[j] = row;
          heap.push(d, j);
        }
      };
      for (const e of rows[row]!) visit(e.column, largest - e.weight);
      visit(columns + row, largest);
    };
    // The new row's potential makes its cheapest reduced cost zero.
    let cheapest = largest - columnPotential[columns + start]!;
    for (const e of rows[start]!) cheapest = Math.min(cheapest, largest - e.weight - columnPotential[e.column]!);
    rowPotential[start] = cheapest;
    relax(start, 0);
    let free = -1;
    let reach = 0;
    while (heap.size > 0) {
      const j = heap.pop();
      if (done[j] || heap.top > distance[j]!) continue;
      done[j] = 1;
      settled.push(j);
      if (rowOfColumn[j] === -1) {
        free = j;
        reach = distance[j]!;
        break;
      }
      relax(rowOfColumn[j]!, distance[j]!);
    }
    // Potentials: settled columns move by how much closer than the free column they were.
    for (const j of settled) columnPotential[j] = columnPotential[j]! - (reach - distance[j]!);
    // Augment along the path back to the new row.
    for (let j = free; j !== -1; ) {
      const row = previousRow[j]!;
      const next = columnOfRow[row]!;
      rowOfColumn[j] = row;
      columnOfRow[row] = j;
      j = row === start ? -1 : next;
    }
    // Rows whose matched column moved keep a tight (zero reduced cost) matched edge.
    for (const j of settled) {
      const row = rowOfColumn[j]!;
      if (row >= 0) rowPotential[row] = costTo(row, columnOfRow[row]!) - columnPotential[columnOfRow[row]!]!;
    }
    for (const j of touched) {
      distance[j] = Infinity;
      done[j] = 0;
    }
    touched.length = 0;
    settled.length = 0;
  }
  let total = 0;
  const columnOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const j = columnOfRow[i]!;
    if (j < columns) {
      columnOf[i] = j;
      total += largest - costTo(i, j);
    }
  }
  return { total, columnOf };
}
