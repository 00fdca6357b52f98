/**
 * Duplicate and near-duplicate articles, found at ingest: syndicated wire copies, updated versions and
 * truncated reprints of a story already seen.
 *
 * Every text becomes a compact signature (it never keeps the text):
 * - `exact`: a 53-bit hash of the normalised word sequence (NFKC, lower case, every run of punctuation,
 *   quotes, dashes and whitespace read as one word break), so copies that differ only in case, spacing,
 *   curly quotes or dash style hash alike.
 * - `minhash`: MinHash over 5-word shingles, 128 permutations, 16 bits kept per value. It estimates Jaccard
 *   resemblance and feeds LSH banding (16 bands of 5 rows) for sub-linear candidate search.
 * - `lead`: LSH band keys of a small MinHash over the first 64 shingles (the lead). Editors cut wire copy
 *   from the bottom, so a reprint of the first paragraphs shares the lead while its resemblance to the whole
 *   story is low (a 30% reprint has Jaccard 0.3), which whole-text banding cannot find.
 * - `sample`: the shingles whose hash has its low 3 bits zero (Broder's MOD-m sample, m = 8) from the first
 *   2,048 shingles, 16 bits of each kept. A subset's sample is a subset of the superset's sample, so
 *   containment measured on the samples has no false negatives for true truncations and little noise
 *   otherwise; MinHash alone would estimate containment of a short reprint only through Jaccard and the set
 *   sizes, with an error near ±0.1 at a 30% reprint.
 *
 * Trade-off: verifying on exact shingle sets would need about 3 KB per article (300 MB for 100,000); the
 * 1-in-8 sample of 16-bit values costs about 200 bytes for an 800-word article and keeps the subset
 * property, at the price of sampling noise on short texts (hence the minimum contained length) and a chance
 * agreement of under 0.4% per value (at most 256 values against 65,536 possible).
 */
import { seededRandom } from '../util/random.js';

/** Words per shingle. Five words keep template phrases shared by different stories on one topic ("said in a
 * statement on") to a small share of the shingles, while one edited word breaks at most five. */
export const SHINGLE_WORDS = 5;
/** MinHash permutations: the Jaccard estimate's standard error is √(J(1−J)/128), 0.035 at J = 0.8. */
export const MINHASH_SIZE = 128;
/** LSH bands × rows over the first 80 MinHash values: a pair at J = 0.8 becomes a candidate with
 * probability 0.998, one at J = 0.3 with 0.04 and one at J = 0.1 with 0.0002. */
export const BANDS = 16;
export const ROWS = 5;
/** The lead: shingles covered by the lead MinHash (about the first 70 words). */
export const LEAD_SHINGLES = 64;
/** Lead bands × rows (40 permutations): an unchanged lead always collides, one with a changed word
 * (lead Jaccard 0.85) with probability 0.99. */
export const LEAD_BANDS = 8;
export const LEAD_ROWS = 5;
/** One shingle in SAMPLE_MODULUS is sampled for containment, from the first SAMPLE_WINDOW shingles. */
export const SAMPLE_MODULUS = 8;
export const SAMPLE_WINDOW = 2048;

export interface DuplicateOptions {
  /** Estimated Jaccard resemblance at or above which two texts are near duplicates. */
  nearThreshold: number;
  /** Share of the shorter text's sampled shingles found in the longer one for a `contained` match. */
  containmentThreshold: number;
  /** Shingles a text needs for near matching; shorter texts match only exactly. */
  minShingles: number;
  /** Shingles the shorter text needs for a containment match (a sentence quoted elsewhere is no reprint). */
  minContainedShingles: number;
  /** Sampled shingles the shorter text needs for a containment match, so that a handful cannot decide it. */
  minContainedSamples: number;
  /** Entries read per LSH bucket: bounds the time spent on a degenerate bucket (thousands of copies of one
   * text, which all lead to the same original anyway). */
  maxBucketWalk: number;
}

export const DEFAULT_DUPLICATE_OPTIONS: Readonly<DuplicateOptions> = Object.freeze({
  nearThreshold: 0.8,
  containmentThreshold: 0.8,
  minShingles: 20,
  minContainedShingles: LEAD_SHINGLES,
  minContainedSamples: 4,
  maxBucketWalk: 256,
});

export type DuplicateKind = 'exact' | 'near' | 'contained';

export interface DuplicateMatch {
  /** The earliest article it duplicates: the original of the copy it matched. */
  of: string;
  kind: DuplicateKind;
  /** 1 for exact; the estimated Jaccard for near; the containment of the shorter text for contained. Measured
   * against the closest indexed copy, which may itself be a copy of `of`. */
  similarity: number;
}

/** What the index keeps of a text. Encode it with `encodeSignature` to persist it. */
export interface DuplicateSignature {
  /** Words after normalisation; 0 for an empty text. */
  words: number;
  /** 53-bit hash of the normalised word sequence. */
  exact: number;
  shingles: number;
  /** MINHASH_SIZE values (low 16 bits of each minimum), or empty for a text with no shingle. */
  minhash: Uint16Array;
  /** LEAD_BANDS band keys, or empty for a text shorter than LEAD_SHINGLES. */
  lead: Uint32Array;
  /** Sorted, distinct high 16 bits of the sampled shingle hashes. */
  sample: Uint16Array;
}

// ---------------------------------------------------------------------------------------------------------
// Hashing

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: folds a 32-bit value into a running hash. */
function mixIn(h: number, value: number): number {
  let k = Math.imul(value, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The seeded permutation family: x → xorshift(A·(x ⊕ B)) with odd A, a bijection on 32 bits. Inputs are
 * already avalanche-mixed shingle hashes, so one multiply per permutation is enough. */
const PERM_A = new Int32Array(MINHASH_SIZE);
const PERM_B = new Int32Array(MINHASH_SIZE);
{
  const random = seededRandom(0x5eed_d0b1);
  for (let i = 0; i < MINHASH_SIZE; i++) {
    PERM_A[i] = (Math.floor(random() * 0x1_0000_0000) | 1) | 0;
    PERM_B[i] = Math.floor(random() * 0x1_0000_0000) | 0;
  }
}

const EXACT_SEED_A = 0x2f1a_7c35;
const EXACT_SEED_B = 0x6b43_a9b5;
const SHINGLE_SEED = 0x1b3f_4d27;
const BAND_SEED = 0x3c6e_f372;
const LEAD_SEED = 0x7a4d_9e11;

// ---------------------------------------------------------------------------------------------------------
// Normalisation and words

/** Word characters outside ASCII, by UTF-16 code unit: 0 unknown, 1 word, 2 break. Filled lazily. */
const BMP_CLASS = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) {
    let cls = BMP_CLASS[cp]!;
    if (cls === 0) {
      cls = WORD_CHAR.test(String.fromCharCode(cp)) ? 1 : 2;
      BMP_CLASS[cp] = cls;
    }
    return cls === 1;
  }
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

let wordBuffer = new Uint32Array(4096);
let shingleBuffer = new Uint32Array(4096);

interface Words {
  count: number;
  exact: number;
}

/**
 * Hashes the words of `text` into `wordBuffer`. A word is a run of letters, digits and combining marks after
 * NFKC and lower-casing; everything else (punctuation, quotes, dashes, spaces) only separates words.
 */
function readWords(text: string): Words {
  const src = /[^\x00-\x7f]/.test(text) ? text.normalize('NFKC').toLowerCase() : text;
  const length = src.length;
  let count = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let exactA = EXACT_SEED_A;
  let exactB = EXACT_SEED_B;
  const endWord = (): void => {
    const word = fmix32(h);
    if (count === wordBuffer.length) {
      const bigger = new Uint32Array(wordBuffer.length * 2);
      bigger.set(wordBuffer);
      wordBuffer = bigger;
    }
    wordBuffer[count++] = word;
    exactA = mixIn(exactA, word);
    exactB = mixIn(exactB, word ^ 0x5bd1e995);
    h = 0x811c9dc5;
    inWord = false;
  };
  for (let i = 0; i < length; i++) {
    let c = src.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 0x80) {
      if (c >= 65 && c <= 90) {
        c += 32;
        word = true;
      } else word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      const cp = src.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      word = isWordCodePoint(cp);
      c = cp;
    } else word = isWordCodePoint(c);
    if (word) {
      h = Math.imul(h ^ (c & 0xffff), 0x01000193);
      if (c > 0xffff) h = Math.imul(h ^ (c >>> 16), 0x01000193);
      inWord = true;
    } else if (inWord) endWord();
    i += width - 1;
  }
  if (inWord) endWord();
  exactA = fmix32(exactA ^ count);
  exactB = fmix32(exactB ^ count);
  // 21 + 32 bits: a JavaScript number holds it exactly and a Map can key on it.
  return { count, exact: (exactA & 0x1f_ffff) * 0x1_0000_0000 + exactB };
}

/** Hashes every run of SHINGLE_WORDS words into `shingleBuffer`; returns the number of shingles. */
function readShingles(words: number): number {
  const count = words >= SHINGLE_WORDS ? words - SHINGLE_WORDS + 1 : 0;
  if (shingleBuffer.length < count) shingleBuffer = new Uint32Array(Math.max(count, shingleBuffer.length * 2));
  for (let i = 0; i < count; i++) {
    let h = SHINGLE_SEED;
    for (let j = 0; j < SHINGLE_WORDS; j++) h = mixIn(h, wordBuffer[i + j]!);
    shingleBuffer[i] = fmix32(h ^ SHINGLE_WORDS);
  }
  return count;
}

/** Minima of permutations [from, from + out.length) over shingles [0, count), four per pass over the
 * shingles (a third faster than one at a time). `out.length` is a multiple of 4. */
function minima(from: number, count: number, out: Uint32Array): void {
  for (let p = 0; p < out.length; p += 4) {
    const a0 = PERM_A[from + p]!, b0 = PERM_B[from + p]!;
    const a1 = PERM_A[from + p + 1]!, b1 = PERM_B[from + p + 1]!;
    const a2 = PERM_A[from + p + 2]!, b2 = PERM_B[from + p + 2]!;
    const a3 = PERM_A[from + p + 3]!, b3 = PERM_B[from + p + 3]!;
    let m0 = 0xffffffff, m1 = 0xffffffff, m2 = 0xffffffff, m3 = 0xffffffff;
    for (let j = 0; j < count; j++) {
      const x = shingleBuffer[j]!;
      let v = Math.imul(x ^ b0, a0);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < m0) m0 = v;
      v = Math.imul(x ^ b1, a1);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < m1) m1 = v;
      v = Math.imul(x ^ b2, a2);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < m2) m2 = v;
      v = Math.imul(x ^ b3, a3);
      v = (v ^ (v >>> 16)) >>> 0;
      if (v < m3) m3 = v;
    }
    out[p] = m0;
    out[p + 1] = m1;
    out[p + 2] = m2;
    out[p + 3] = m3;
  }
}

/** Band keys of `rows` consecutive values each; never 0 (the bucket table's empty mark). */
function bandKeys(values: ArrayLike<number>, bands: number, rows: number, seed: number): Uint32Array {
  if (values.length < bands * rows) return new Uint32Array(0);
  const keys = new Uint32Array(bands);
  for (let band = 0; band < bands; band++) {
    let h = seed + band;
    for (let r = 0; r < rows; r++) h = mixIn(h, values[band * rows + r]!);
    keys[band] = fmix32(h ^ rows) || 1;
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------------
// Signatures

/** The signature of a text (normally an article's clean body). Deterministic. */
export function computeSignature(text: string): DuplicateSignature {
  const words = readWords(text);
  const shingles = readShingles(words.count);
  const minhash = new Uint16Array(shingles > 0 ? MINHASH_SIZE : 0);
  if (shingles > 0) {
    const mins = new Uint32Array(MINHASH_SIZE);
    minima(0, shingles, mins);
    // The low bits: a minimum's high bits lean towards zero, its low bits stay uniform (b-bit MinHash).
    for (let p = 0; p < MINHASH_SIZE; p++) minhash[p] = mins[p]! & 0xffff;
  }
  let lead: Uint32Array = new Uint32Array(0);
  if (shingles >= LEAD_SHINGLES) {
    const leadMins = new Uint32Array(LEAD_BANDS * LEAD_ROWS);
    minima(0, LEAD_SHINGLES, leadMins);
    lead = bandKeys(leadMins, LEAD_BANDS, LEAD_ROWS, LEAD_SEED);
  }
  const window = Math.min(shingles, SAMPLE_WINDOW);
  const sampled: number[] = [];
  for (let i = 0; i < window; i++) {
    const s = shingleBuffer[i]!;
    if (s % SAMPLE_MODULUS === 0) sampled.push(s >>> 16);
  }
  const sample = Uint16Array.from(sampled).sort();
  return { words: words.count, exact: words.exact, shingles, minhash, lead, sample: distinct(sample) };
}

/** The encoded signature of a text, ready to persist: `encodeSignature(computeSignature(text))`. */
export function signature(text: string): Uint8Array {
  return encodeSignature(computeSignature(text));
}

function distinct(sorted: Uint16Array): Uint16Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return n === sorted.length ? sorted : sorted.slice(0, n);
}

/** The shingle hashes of a text, in text order (with repeats): for tests and tools that need exact sets. */
export function shingleHashes(text: string): Uint32Array {
  const words = readWords(text);
  return shingleBuffer.slice(0, readShingles(words.count));
}

/** Estimated Jaccard resemblance of two MinHash signatures (0 when either is empty). */
export function estimateJaccard(a: Uint16Array, b: Uint16Array): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  // 16-bit values also agree by chance once in 65,536 (b-bit MinHash): correct for it.
  const chance = 1 / 65536;
  return Math.max(0, (same / a.length - chance) / (1 - chance));
}

/** Share of `inner`'s values found in `outer` (both sorted, distinct). */
export function sampleContainment(inner: Uint16Array, outer: Uint16Array): number {
  if (inner.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < inner.length && j < outer.length) {
    const x = inner[i]!;
    const y = outer[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / inner.length;
}

const SIGNATURE_VERSION = 1;
const HEADER_BYTES = 20;

/**
 * Compact little-endian bytes: version, flags, sample size, exact hash, words, shingles, then MinHash values
 * (2 bytes each), lead keys (4 bytes each) and sample (2 bytes each). About 500 bytes for an 800-word article.
 */
export function encodeSignature(sig: DuplicateSignature): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES + (sig.minhash.length + sig.sample.length) * 2 + sig.lead.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, SIGNATURE_VERSION);
  view.setUint8(1, (sig.minhash.length > 0 ? 1 : 0) | (sig.lead.length > 0 ? 2 : 0));
  view.setUint16(2, sig.sample.length, true);
  view.setUint32(4, Math.floor(sig.exact / 0x1_0000_0000), true);
  view.setUint32(8, sig.exact >>> 0, true);
  view.setUint32(12, sig.words, true);
  view.setUint32(16, sig.shingles, true);
  let at = HEADER_BYTES;
  for (const v of sig.minhash) (view.setUint16(at, v, true), (at += 2));
  for (const v of sig.lead) (view.setUint32(at, v, true), (at += 4));
  for (const v of sig.sample) (view.setUint16(at, v, true), (at += 2));
  return bytes;
}

export function decodeSignature(bytes: Uint8Array): DuplicateSignature {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint8(0) !== SIGNATURE_VERSION) {
    throw new Error(`not a duplicate signature (version ${bytes.byteLength > 0 ? view.getUint8(0) : 'missing'})`);
  }
  const flags = view.getUint8(1);
  const minhash = new Uint16Array(flags & 1 ? MINHASH_SIZE : 0);
  const lead = new Uint32Array(flags & 2 ? LEAD_BANDS : 0);
  const sample = new Uint16Array(view.getUint16(2, true));
  const expected = HEADER_BYTES + (minhash.length + sample.length) * 2 + lead.length * 4;
  if (bytes.byteLength !== expected) throw new Error(`duplicate signature of ${bytes.byteLength} bytes, expected ${expected}`);
  let at = HEADER_BYTES;
  for (let i = 0; i < minhash.length; i++, at += 2) minhash[i] = view.getUint16(at, true);
  for (let i = 0; i < lead.length; i++, at += 4) lead[i] = view.getUint32(at, true);
  for (let i = 0; i < sample.length; i++, at += 2) sample[i] = view.getUint16(at, true);
  return {
    words: view.getUint32(12, true),
    exact: view.getUint32(4, true) * 0x1_0000_0000 + view.getUint32(8, true),
    shingles: view.getUint32(16, true),
    minhash,
    lead,
    sample,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Storage

/** Doubles a typed array's capacity until it holds `length` elements. */
function ensure<T extends Uint16Array | Uint32Array | Int32Array | Float64Array | Uint8Array>(arr: T, length: number): T {
  if (arr.length >= length) return arr;
  let size = Math.max(arr.length, 16);
  while (size < length) size *= 2;
  const bigger = new (arr.constructor as new (n: number) => T)(size);
  bigger.set(arr);
  return bigger;
}

/** LSH keys a document can have: its bands and its lead bands. */
const KEYS_PER_DOC = BANDS + LEAD_BANDS;

/**
 * A multimap from 32-bit keys to document numbers in typed arrays: open addressing with linear probing for the
 * keys, a linked list per key for the documents (newest first). Entry `doc * KEYS_PER_DOC + k` is document
 * `doc`'s k-th key, so an entry needs only its link (4 bytes), and no per-entry object exists.
 */
class BucketTable {
  private keys = new Uint32Array(1 << 12);
  private heads = new Int32Array(1 << 12);
  private used = 0;
  private next = new Int32Array(1 << 12);

  /** Files key number `k` (< KEYS_PER_DOC) of document `doc` under `key`. */
  insert(key: number, doc: number, k: number): void {
    if ((this.used + 1) * 4 > this.keys.length * 3) this.rehash();
    const slot = this.slotOf(key);
    if (this.keys[slot] === 0) {
      this.keys[slot] = key;
      this.heads[slot] = -1;
      this.used++;
    }
    const entry = doc * KEYS_PER_DOC + k;
    this.next = ensure(this.next, entry + 1);
    this.next[entry] = this.heads[slot]!;
    this.heads[slot] = entry;
  }

  /** Calls `visit` for up to `limit` documents under `key`, newest first. */
  forEach(key: number, limit: number, visit: (doc: number) => void): void {
    const slot = this.slotOf(key);
    if (this.keys[slot] === 0) return;
    for (let e = this.heads[slot]!, seen = 0; e >= 0 && seen < limit; e = this.next[e]!, seen++) {
      visit((e / KEYS_PER_DOC) | 0);
    }
  }

  get bytes(): number {
    return this.keys.byteLength + this.heads.byteLength + this.next.byteLength;
  }

  private slotOf(key: number): number {
    const mask = this.keys.length - 1;
    let slot = fmix32(key) & mask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.heads = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i]!;
      if (key === 0) continue;
      const slot = this.slotOf(key);
      this.keys[slot] = key;
      this.heads[slot] = oldHeads[i]!;
    }
  }
}

interface Verified {
  doc: number;
  kind: DuplicateKind;
  similarity: number;
}

const KIND_RANK: Record<DuplicateKind, number> = { exact: 0, near: 1, contained: 2 };

export interface DuplicateIndexStats {
  articles: number;
  /** Bytes held in typed arrays (signatures and LSH tables); ids and the exact-hash map come on top. */
  bytes: number;
}

/**
 * Incremental duplicate index. `add` checks a text against everything added before and then indexes it; a
 * copy of a copy points to the first article of the chain. Keeps signatures only, never texts.
 */
export class DuplicateIndex {
  readonly options: Readonly<DuplicateOptions>;
  private ids: string[] = [];
  private numberOf = new Map<string, number>();
  private exactFirst = new Map<number, number>();
  private root = new Int32Array(1024);
  private removed = new Uint8Array(1024);
  private words = new Uint32Array(1024);
  private shingles = new Uint32Array(1024);
  private exact = new Float64Array(1024);
  private minhash = new Uint16Array(1024 * MINHASH_SIZE);
  private hasMinhash = new Uint8Array(1024);
  private lead = new Uint32Array(1024 * LEAD_BANDS);
  private hasLead = new Uint8Array(1024);
  private sampleStart = new Uint32Array(1025);
  private samples = new Uint16Array(1 << 16);
  private seenStamp = new Int32Array(1024);
  private stamp = 0;
  private readonly bands = new BucketTable();

  constructor(options: Partial<DuplicateOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_DUPLICATE_OPTIONS, ...options });
    const { nearThreshold, containmentThreshold } = this.options;
    for (const [name, value] of Object.entries({ nearThreshold, containmentThreshold })) {
      if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${value}`);
    }
  }

  /** Rebuilds an index from `entries()` output, replaying the additions in their order. */
  static restore(
    entries: Iterable<{ id: string; signature: Uint8Array | DuplicateSignature }>,
    options: Partial<DuplicateOptions> = {},
  ): DuplicateIndex {
    const index = new DuplicateIndex(options);
    for (const { id, signature } of entries) index.addSignature(id, signature);
    return index;
  }

  get size(): number {
    return this.numberOf.size;
  }

  has(id: string): boolean {
    return this.numberOf.has(id);
  }

  /** Checks `text` against the index and adds it. Re-adding a known id replaces its earlier text. */
  add(id: string, text: string): DuplicateMatch | null {
    return this.addSignature(id, computeSignature(text));
  }

  addSignature(id: string, signature: Uint8Array | DuplicateSignature): DuplicateMatch | null {
    const sig = signature instanceof Uint8Array ? decodeSignature(signature) : signature;
    this.remove(id);
    const keys = bandKeys(sig.minhash, BANDS, ROWS, BAND_SEED);
    const found = this.search(sig, keys);
    const doc = this.store(id, sig, found ? this.root[found.doc]! : -1);
    this.insertKeys(doc, sig, keys);
    return found ? this.toMatch(found) : null;
  }

  /** What `add` would report for `text`, without adding it. */
  match(text: string): DuplicateMatch | null {
    const sig = computeSignature(text);
    const found = this.search(sig, bandKeys(sig.minhash, BANDS, ROWS, BAND_SEED));
    return found ? this.toMatch(found) : null;
  }

  /** The original an indexed article duplicates (itself when it is an original); undefined if unknown. */
  originalOf(id: string): string | undefined {
    const doc = this.numberOf.get(id);
    return doc === undefined ? undefined : this.ids[this.root[doc]!];
  }

  /** Forgets an article: it no longer matches later ones. Copies of it keep pointing to its id. */
  remove(id: string): boolean {
    const doc = this.numberOf.get(id);
    if (doc === undefined) return false;
    this.removed[doc] = 1;
    this.numberOf.delete(id);
    if (this.exactFirst.get(this.exact[doc]!) === doc) this.exactFirst.delete(this.exact[doc]!);
    return true;
  }

  /** Every indexed article with its encoded signature, in the order they were added: what a store persists. */
  *entries(): Generator<{ id: string; signature: Uint8Array }> {
    for (let doc = 0; doc < this.ids.length; doc++) {
      if (this.removed[doc]) continue;
      yield { id: this.ids[doc]!, signature: encodeSignature(this.signatureOf(doc)) };
    }
  }

  stats(): DuplicateIndexStats {
    const arrays = [
      this.root, this.removed, this.words, this.shingles, this.exact, this.minhash, this.hasMinhash, this.lead,
      this.hasLead, this.sampleStart, this.samples, this.seenStamp,
    ];
    return { articles: this.size, bytes: this.bands.bytes + arrays.reduce((n, a) => n + a.byteLength, 0) };
  }

  private toMatch(found: Verified): DuplicateMatch {
    return { of: this.ids[this.root[found.doc]!]!, kind: found.kind, similarity: found.similarity };
  }

  /** The verified match leading to the earliest original; among those, the strongest. */
  private search(sig: DuplicateSignature, keys: Uint32Array): Verified | null {
    if (sig.words === 0) return null;
    const { minShingles, minContainedShingles, maxBucketWalk } = this.options;
    const first = this.exactFirst.get(sig.exact);
    // An exact copy's original is settled: whatever else matches was itself matched to the same chain or later.
    if (first !== undefined) return { doc: first, kind: 'exact', similarity: 1 };
    if (sig.shingles < minShingles || sig.minhash.length === 0) return null;

    const stamp = ++this.stamp;
    let best: Verified | null = null;
    const consider = (doc: number): void => {
      if (this.seenStamp[doc] === stamp || this.removed[doc]) return;
      this.seenStamp[doc] = stamp;
      const verified = this.verify(doc, sig);
      if (verified && (best === null || this.better(verified, best))) best = verified;
    };
    for (const key of keys) this.bands.forEach(key, maxBucketWalk, consider);
    if (sig.lead.length > 0 && sig.shingles >= minContainedShingles) {
      for (const key of sig.lead) this.bands.forEach(key, maxBucketWalk, consider);
    }
    return best;
  }

  private better(a: Verified, b: Verified): boolean {
    const rootA = this.root[a.doc]!;
    const rootB = this.root[b.doc]!;
    if (rootA !== rootB) return rootA < rootB;
    if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
    return a.similarity > b.similarity;
  }

  private verify(doc: number, sig: DuplicateSignature): Verified | null {
    const { nearThreshold, containmentThreshold, minContainedShingles, minContainedSamples } = this.options;
    if (this.exact[doc] === sig.exact && this.words[doc] === sig.words) return { doc, kind: 'exact', similarity: 1 };
    const offset = doc * MINHASH_SIZE;
    const jaccard = estimateJaccard(sig.minhash, this.minhash.subarray(offset, offset + MINHASH_SIZE));
    if (jaccard >= nearThreshold) return { doc, kind: 'near', similarity: jaccard };
    if (Math.min(sig.shingles, this.shingles[doc]!) < minContainedShingles) return null;
    const theirs = this.samples.subarray(this.sampleStart[doc]!, this.sampleStart[doc + 1]!);
    const [inner, outer] = sig.shingles <= this.shingles[doc]! ? [sig.sample, theirs] : [theirs, sig.sample];
    if (inner.length < minContainedSamples) return null;
    const containment = sampleContainment(inner, outer);
    return containment >= containmentThreshold ? { doc, kind: 'contained', similarity: containment } : null;
  }

  private store(id: string, sig: DuplicateSignature, root: number): number {
    const doc = this.ids.length;
    const n = doc + 1;
    this.ids.push(id);
    this.numberOf.set(id, doc);
    this.root = ensure(this.root, n);
    this.removed = ensure(this.removed, n);
    this.words = ensure(this.words, n);
    this.shingles = ensure(this.shingles, n);
    this.exact = ensure(this.exact, n);
    this.minhash = ensure(this.minhash, n * MINHASH_SIZE);
    this.hasMinhash = ensure(this.hasMinhash, n);
    this.lead = ensure(this.lead, n * LEAD_BANDS);
    this.hasLead = ensure(this.hasLead, n);
    this.seenStamp = ensure(this.seenStamp, n);
    this.sampleStart = ensure(this.sampleStart, n + 1);
    this.root[doc] = root >= 0 ? root : doc;
    this.words[doc] = sig.words;
    this.shingles[doc] = sig.shingles;
    this.exact[doc] = sig.exact;
    if (sig.minhash.length === MINHASH_SIZE) {
      this.minhash.set(sig.minhash, doc * MINHASH_SIZE);
      this.hasMinhash[doc] = 1;
    }
    if (sig.lead.length === LEAD_BANDS) {
      this.lead.set(sig.lead, doc * LEAD_BANDS);
      this.hasLead[doc] = 1;
    }
    const start = this.sampleStart[doc]!;
    this.samples = ensure(this.samples, start + sig.sample.length);
    this.samples.set(sig.sample, start);
    this.sampleStart[doc + 1] = start + sig.sample.length;
    return doc;
  }

  private insertKeys(doc: number, sig: DuplicateSignature, keys: Uint32Array): void {
    if (sig.words === 0) return;
    if (!this.exactFirst.has(sig.exact)) this.exactFirst.set(sig.exact, doc);
    if (sig.shingles < this.options.minShingles || sig.minhash.length === 0) return;
    keys.forEach((key, k) => this.bands.insert(key, doc, k));
    if (sig.lead.length > 0 && sig.shingles >= this.options.minContainedShingles) {
      sig.lead.forEach((key, k) => this.bands.insert(key, doc, BANDS + k));
    }
  }

  private signatureOf(doc: number): DuplicateSignature {
    return {
      words: this.words[doc]!,
      exact: this.exact[doc]!,
      shingles: this.shingles[doc]!,
      minhash: this.hasMinhash[doc] ? this.minhash.slice(doc * MINHASH_SIZE, (doc + 1) * MINHASH_SIZE) : new Uint16Array(0),
      lead: this.hasLead[doc] ? this.lead.slice(doc * LEAD_BANDS, (doc + 1) * LEAD_BANDS) : new Uint32Array(0),
      sample: this.samples.slice(this.sampleStart[doc]!, this.sampleStart[doc + 1]!),
    };
  }
}
