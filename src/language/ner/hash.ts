/**
 * 32-bit hashing for features. Features are hashes of (template, values) rather than strings: no strings are
 * built per token, and the model file stores numbers only, never words from the data it was trained on.
 */

/** FNV-1a over UTF-16 code units. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes `value` into `seed` (MurmurHash3's block step): order matters, so (a, b) and (b, a) differ. */
export function combine(seed: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = seed ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) >>> 0;
}

/** MurmurHash3's finaliser; never 0, which marks an empty slot in a FeatureTable. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

export function feature1(template: number, a: number): number {
  return finish(combine(template, a));
}

export function feature2(template: number, a: number, b: number): number {
  return finish(combine(combine(template, a), b));
}

export function feature3(template: number, a: number, b: number, c: number): number {
  return finish(combine(combine(combine(template, a), b), c));
}

/** Open-addressing map from a feature hash to its weight row, -1 when absent. */
export class FeatureTable {
  private keys: Uint32Array;
  private rows: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get(key: number): number {
    const keys = this.keys;
    let slot = key & this.mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === key) return this.rows[slot]!;
      if (k === 0) return -1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The row of `key`, giving it the next free row when new. */
  getOrAdd(key: number): number {
    const found = this.get(key);
    if (found >= 0) return found;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const row = this.size++;
    this.place(key, row);
    return row;
  }

  /** Keys in row order. */
  keysByRow(): Uint32Array {
    const out = new Uint32Array(this.size);
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== 0) out[this.rows[slot]!] = this.keys[slot]!;
    return out;
  }

  private place(key: number, row: number): void {
    let slot = key & this.mask;
    while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
    this.keys[slot] = key;
    this.rows[slot] = row;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let slot = 0; slot < oldKeys.length; slot++) if (oldKeys[slot] !== 0) this.place(oldKeys[slot]!, oldRows[slot]!);
  }

  static fromKeys(keys: Uint32Array): FeatureTable {
    const table = new FeatureTable(keys.length);
    for (let row = 0; row < keys.length; row++) table.place(keys[row]!, row);
    table.size = keys.length;
    return table;
  }
}
