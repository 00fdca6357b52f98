/**
 * Feature extraction for the NER tagger. Every feature is a 32-bit hash of a template id and one or more
 * value hashes (see hash.ts). Word-level values are computed once per distinct word form and cached;
 * per token only a few integer hashes are mixed.
 */
import { matchGazetteer } from '../gazetteer/index.js';
import { feature1, feature2, feature3, hashString } from './hash.js';

/** Template ids. Changing one changes every feature hash: bump `featureVersion` with it. */
const T = {
  bias: 1,
  lower: 2,
  exact: 3,
  shape: 4,
  shortShape: 5,
  prefix: 6, // + length 1..4 → 6..9
  suffix: 10, // + length 1..4 → 10..13
  corpusCase: 14,
  lowerAt: 20, // + offset index 0..3 for -2, -1, +1, +2
  shortAt: 24, // + offset index 0..3
  bigramLeft: 30,
  bigramRight: 31,
  shapeTrigram: 32,
  first: 33,
  firstLower: 34,
  capsShape: 35,
  capsLower: 36,
  casedFrom: 37,
  gazetteerAt: 40, // + 0..2 for -1, 0, +1
  gazetteerShape: 43,
  docCase: 44,
  docCaseFirst: 45,
  docCaseCaps: 46,
  lengthShape: 47,
  suffixAt: 48, // + offset index 0..1 for -1, +1
  exactLeft: 50,

  // stage 2: how the first stage tagged this token and the same word elsewhere in the document
  stageLabel: 60,
  stageLabelLeft: 61,
  stageLabelRight: 62,
  docLabel: 63,
  docMajority: 64,
  docLabelNone: 65,
  docLabelShape: 66,
} as const;

/** Bumped whenever the features change, so a stale model is refused instead of silently scoring wrong. */
export const featureVersion = 1;

const sentenceStart = hashString('<s>');
const sentenceEnd = hashString('</s>');

/** How a lowercased word is written in running (not all-capitals) text of the training corpus. */
export enum Casing {
  Unknown = 0,
  Lower = 1,
  Capitalised = 2,
  Upper = 3,
  Mixed = 4,
}

function charClass(code: number, ch: string): string {
  if (code >= 65 && code <= 90) return 'X';
  if (code >= 97 && code <= 122) return 'x';
  if (code >= 48 && code <= 57) return 'd';
  if (code < 128) return ch;
  if (ch.toLowerCase() !== ch) return 'X';
  if (ch.toUpperCase() !== ch) return 'x';
  return ch;
}

/** "Blackburn" → "Xxxxx" (runs cut at four), "1996-08-22" → "dddd-dd-dd". */
export function wordShape(word: string): string {
  let shape = '';
  let last = '';
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    const c = charClass(word.charCodeAt(i), word[i]!);
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 4) shape += c;
  }
  return shape;
}

/** "Blackburn" → "Xx", "U.S." → "X.X.", "1996-08-22" → "d-d-d". */
export function shortShape(word: string): string {
  let shape = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    const c = charClass(word.charCodeAt(i), word[i]!);
    if (c !== last) shape += c;
    last = c;
  }
  return shape;
}

function hasLetter(word: string): boolean {
  return word.toLowerCase() !== word.toUpperCase();
}

function isCapitalised(word: string): boolean {
  const first = word[0] ?? '';
  return first !== first.toLowerCase();
}

function casingOf(word: string): Casing {
  if (!hasLetter(word)) return Casing.Unknown;
  if (word === word.toLowerCase()) return Casing.Lower;
  if (word.length > 1 && word === word.toUpperCase()) return Casing.Upper;
  if (isCapitalised(word) && word.slice(1) === word.slice(1).toLowerCase()) return Casing.Capitalised;
  return Casing.Mixed;
}

/** Writes `lower` the way `casing` says, for words in all-capitals headlines. */
function applyCasing(lower: string, casing: Casing, raw: string): string {
  switch (casing) {
    case Casing.Lower:
      return lower;
    case Casing.Capitalised:
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    case Casing.Upper:
      return lower.toUpperCase();
    default:
      return raw;
  }
}

/** Word-form features, computed once per distinct (cased) form. */
export interface WordInfo {
  lower: number;
  exact: number;
  short: number;
  suffix3: number;
  /** Features of the word at the position being tagged. */
  ownFeatures: Uint32Array;
  /** Features the word gives a token two before, one before, one after and two after it (see `neighbourOffsets`). */
  neighbourFeatures: Uint32Array[];
  /**
   * Per stage of a trained model, the summed weights of `ownFeatures` and of each `neighbourFeatures` set,
   * one after the other: they depend on the word alone, so a model scores them once per distinct word
   * rather than five times per token.
   */
  scores: (Float64Array | undefined)[];
}

/** Where a neighbour stands from the token being tagged, in the order of `WordInfo.neighbourFeatures`. */
export const neighbourOffsets = [-2, -1, 1, 2] as const;

function neighbourFeatures(lower: number, short: number, suffix3: number): Uint32Array[] {
  return [
    Uint32Array.of(feature1(T.lowerAt, lower), feature1(T.shortAt, short)),
    Uint32Array.of(feature1(T.lowerAt + 1, lower), feature1(T.shortAt + 1, short), feature1(T.suffixAt, suffix3)),
    Uint32Array.of(feature1(T.lowerAt + 2, lower), feature1(T.shortAt + 2, short), feature1(T.suffixAt + 1, suffix3)),
    Uint32Array.of(feature1(T.lowerAt + 3, lower), feature1(T.shortAt + 3, short)),
  ];
}

/** The pseudo-word beyond either end of a sentence. */
function boundaryWord(marker: number): WordInfo {
  return {
    lower: marker,
    exact: marker,
    short: marker,
    suffix3: marker,
    ownFeatures: new Uint32Array(0),
    neighbourFeatures: neighbourFeatures(marker, marker, marker),
    scores: [],
  };
}

/**
 * Casing statistics of the training text, keyed by the hash of the lowercased word: from running text only
 * (not all-capitals sentences) and not sentence-initial, where capitals are forced.
 */
export class CorpusCasing {
  constructor(private readonly byWord: Map<number, Casing>) {}

  static fromSentences(sentences: Iterable<readonly string[]>, minCount = 2): CorpusCasing {
    const counts = new Map<number, number[]>();
    for (const tokens of sentences) {
      if (isCapitalsSentence(tokens)) continue;
      for (let i = 1; i < tokens.length; i++) {
        const word = tokens[i]!;
        const casing = casingOf(word);
        if (casing === Casing.Unknown) continue;
        const key = hashString(word.toLowerCase());
        let c = counts.get(key);
        if (!c) counts.set(key, (c = [0, 0, 0, 0, 0]));
        c[casing]!++;
      }
    }
    const byWord = new Map<number, Casing>();
    for (const [key, c] of counts) {
      const total = c.reduce((a, b) => a + b, 0);
      if (total < minCount) continue;
      let best = Casing.Lower;
      for (const casing of [Casing.Capitalised, Casing.Upper, Casing.Mixed]) if (c[casing]! > c[best]!) best = casing;
      // A word written two ways about as often stays undecided.
      byWord.set(key, c[best]! >= 0.75 * total ? best : Casing.Mixed);
    }
    return new CorpusCasing(byWord);
  }

  get(lower: string): Casing {
    return this.byWord.get(hashString(lower)) ?? Casing.Unknown;
  }

  toArrays(): { keys: Uint32Array; casings: Uint8Array } {
    const keys = new Uint32Array([...this.byWord.keys()].sort((a, b) => a - b));
    const casings = new Uint8Array(keys.length);
    keys.forEach((k, i) => (casings[i] = this.byWord.get(k)!));
    return { keys, casings };
  }

  static fromArrays(keys: Uint32Array, casings: Uint8Array): CorpusCasing {
    const byWord = new Map<number, Casing>();
    keys.forEach((k, i) => byWord.set(k, casings[i] as Casing));
    return new CorpusCasing(byWord);
  }
}

/** A headline or dateline in capitals: every token with letters is written in capitals, and some have letters. */
export function isCapitalsSentence(tokens: readonly string[]): boolean {
  let letters = 0;
  for (const token of tokens) {
    if (!hasLetter(token)) continue;
    if (token !== token.toUpperCase()) return false;
    letters++;
  }
  // A lone acronym ("EU") is not evidence of a capitals headline.
  return letters > 1 || (letters === 1 && tokens.length > 1);
}

/** How a sentence's token got the cased form its word features use. */
enum CasedFrom {
  Raw = 0,
  Document = 1,
  Corpus = 2,
}

export interface PreparedSentence {
  tokens: readonly string[];
  caps: boolean;
  words: WordInfo[];
  /** Short shape of the token as written (differs from the word's in capitals sentences). */
  rawShort: Uint32Array;
  casedFrom: Uint8Array;
  /** Gazetteer position and kind ("B-country"), hashed; 0 outside any name. */
  gazetteer: Uint32Array;
  /** Bit 1: the word is capitalised mid-sentence elsewhere in the document; bit 2: written in lower case elsewhere. */
  docCase: Uint8Array;
}

export interface PreparedDocument {
  sentences: PreparedSentence[];
}

/** First-stage labels of a document, to build second-stage features from. */
export interface StageLabels {
  labels: Uint8Array[];
  /** Per lowercased word hash: how often each label was given to it in the document. */
  counts: Map<number, Uint16Array>;
}

const maxCachedWords = 200_000;

export class FeatureExtractor {
  private readonly words = new Map<string, WordInfo>();
  private readonly gazetteerValues = new Map<string, number>();
  /** Stand-ins for the words before the first token and after the last. */
  readonly startWord = boundaryWord(sentenceStart);
  readonly endWord = boundaryWord(sentenceEnd);

  constructor(
    private readonly casing: CorpusCasing,
    private readonly labelCount: number,
  ) {}

  wordInfo(form: string): WordInfo {
    let info = this.words.get(form);
    if (info) return info;
    if (this.words.size >= maxCachedWords) this.words.clear();
    const lowerForm = form.toLowerCase();
    const lower = hashString(lowerForm);
    const exact = hashString(form);
    const short = hashString(shortShape(form));
    const own: number[] = [
      feature1(T.lower, lower),
      feature1(T.exact, exact),
      feature1(T.shape, hashString(wordShape(form))),
      feature1(T.shortShape, short),
      feature1(T.corpusCase, this.casing.get(lowerForm)),
    ];
    for (let n = 1; n <= 4 && n <= lowerForm.length; n++) {
      own.push(feature1(T.prefix + n - 1, hashString(lowerForm.slice(0, n))));
      own.push(feature1(T.suffix + n - 1, hashString(lowerForm.slice(-n))));
    }
    const suffix3 = hashString(lowerForm.slice(-3));
    info = { lower, exact, short, suffix3, ownFeatures: Uint32Array.from(own), neighbourFeatures: neighbourFeatures(lower, short, suffix3), scores: [] };
    this.words.set(form, info);
    return info;
  }

  prepareDocument(sentences: readonly (readonly string[])[]): PreparedDocument {
    // Document casing: how each word is written in running text, away from the start of a sentence.
    const caps = sentences.map(isCapitalsSentence);
    const docCase = new Map<string, number>();
    const formCounts = new Map<string, Map<string, number>>();
    sentences.forEach((tokens, s) => {
      if (caps[s]) return;
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i]!;
        if (!hasLetter(token)) continue;
        const lower = token.toLowerCase();
        if (token === lower) docCase.set(lower, (docCase.get(lower) ?? 0) | 2);
        else if (i > 0) {
          docCase.set(lower, (docCase.get(lower) ?? 0) | 1);
          let forms = formCounts.get(lower);
          if (!forms) formCounts.set(lower, (forms = new Map()));
          forms.set(token, (forms.get(token) ?? 0) + 1);
        }
      }
    });
    const documentForm = (lower: string): string | undefined => {
      if ((docCase.get(lower) ?? 0) & 2) return lower;
      const forms = formCounts.get(lower);
      if (!forms) return undefined;
      let best: string | undefined;
      let bestCount = 0;
      for (const [form, count] of forms) if (count > bestCount) [best, bestCount] = [form, count];
      return best;
    };

    const prepared = sentences.map((tokens, s): PreparedSentence => {
      const n = tokens.length;
      const sentence: PreparedSentence = {
        tokens,
        caps: caps[s]!,
        words: new Array<WordInfo>(n),
        rawShort: new Uint32Array(n),
        casedFrom: new Uint8Array(n),
        gazetteer: new Uint32Array(n),
        docCase: new Uint8Array(n),
      };
      for (let i = 0; i < n; i++) {
        const token = tokens[i]!;
        const lower = token.toLowerCase();
        let form = token;
        if (sentence.caps && hasLetter(token)) {
          const fromDocument = documentForm(lower);
          if (fromDocument !== undefined) {
            form = fromDocument;
            sentence.casedFrom[i] = CasedFrom.Document;
          } else {
            const casing = this.casing.get(lower);
            if (casing !== Casing.Unknown && casing !== Casing.Mixed) {
              form = applyCasing(lower, casing, token);
              sentence.casedFrom[i] = CasedFrom.Corpus;
            }
          }
        }
        const info = this.wordInfo(form);
        sentence.words[i] = info;
        sentence.rawShort[i] = form === token ? info.short : hashString(shortShape(token));
        sentence.docCase[i] = docCase.get(lower) ?? 0;
      }
      for (const match of matchGazetteer(tokens)) {
        for (let i = match.start; i < match.end; i++) {
          sentence.gazetteer[i] = this.gazetteerValue(`${i === match.start ? 'B' : 'I'}-${match.kind}`);
        }
      }
      return sentence;
    });
    return { sentences: prepared };
  }

  /** The word at position `i`, or the boundary stand-in beyond either end of the sentence. */
  wordAt(sentence: PreparedSentence, i: number): WordInfo {
    return i < 0 ? this.startWord : i >= sentence.words.length ? this.endWord : sentence.words[i]!;
  }

  /**
   * Writes the features of token `i` into `out` from `at` on; returns the new end. `stage` adds the
   * second-stage features when given. `withWordFeatures` false leaves out the features that depend on one
   * word alone (`ownFeatures` of the token, `neighbourFeatures` of the words around it), for a caller that
   * scores those from a cache.
   */
  extract(sentence: PreparedSentence, i: number, out: Uint32Array, at: number, stage?: StageLabels, sentenceIndex = 0, withWordFeatures = true): number {
    const words = sentence.words;
    const n = words.length;
    const w = words[i]!;
    const left1 = i > 0 ? words[i - 1]!.lower : sentenceStart;
    const right1 = i + 1 < n ? words[i + 1]!.lower : sentenceEnd;
    const shortLeft1 = i > 0 ? words[i - 1]!.short : sentenceStart;
    const shortRight1 = i + 1 < n ? words[i + 1]!.short : sentenceEnd;

    out[at++] = T.bias;
    if (withWordFeatures) {
      const own = w.ownFeatures;
      for (let k = 0; k < own.length; k++) out[at++] = own[k]!;
      for (let k = 0; k < neighbourOffsets.length; k++) {
        const features = this.wordAt(sentence, i + neighbourOffsets[k]!).neighbourFeatures[k]!;
        for (let f = 0; f < features.length; f++) out[at++] = features[f]!;
      }
    }
    out[at++] = feature2(T.bigramLeft, left1, w.lower);
    out[at++] = feature2(T.bigramRight, w.lower, right1);
    out[at++] = feature3(T.shapeTrigram, shortLeft1, w.short, shortRight1);
    out[at++] = feature2(T.exactLeft, i > 0 ? words[i - 1]!.exact : sentenceStart, w.short);
    out[at++] = feature2(T.lengthShape, Math.min(n, 6), w.short);
    if (i === 0) {
      out[at++] = feature1(T.first, w.short);
      out[at++] = feature1(T.firstLower, w.lower);
    }
    if (sentence.caps) {
      out[at++] = feature1(T.capsShape, sentence.rawShort[i]!);
      out[at++] = feature1(T.capsLower, w.lower);
      out[at++] = feature1(T.casedFrom, sentence.casedFrom[i]!);
    }
    const gazetteer = sentence.gazetteer;
    out[at++] = feature1(T.gazetteerAt, i > 0 ? gazetteer[i - 1]! : sentenceStart);
    out[at++] = feature1(T.gazetteerAt + 1, gazetteer[i]!);
    out[at++] = feature1(T.gazetteerAt + 2, i + 1 < n ? gazetteer[i + 1]! : sentenceEnd);
    if (gazetteer[i] !== 0) out[at++] = feature2(T.gazetteerShape, gazetteer[i]!, w.short);
    const docCase = sentence.docCase[i]!;
    out[at++] = feature1(T.docCase, docCase);
    if (i === 0) out[at++] = feature1(T.docCaseFirst, docCase);
    if (sentence.caps) out[at++] = feature1(T.docCaseCaps, docCase);
    if (stage) at = this.extractStage(sentence, i, out, at, stage, sentenceIndex);
    return at;
  }

  private extractStage(sentence: PreparedSentence, i: number, out: Uint32Array, at: number, stage: StageLabels, s: number): number {
    const labels = stage.labels[s]!;
    const n = labels.length;
    const label = labels[i]!;
    out[at++] = feature1(T.stageLabel, label);
    out[at++] = feature2(T.stageLabelLeft, i > 0 ? labels[i - 1]! : 255, label);
    out[at++] = feature2(T.stageLabelRight, label, i + 1 < n ? labels[i + 1]! : 255);
    const w = sentence.words[i]!;
    const counts = stage.counts.get(w.lower);
    let best = -1;
    let bestCount = 0;
    let others = 0;
    if (counts) {
      for (let l = 0; l < this.labelCount; l++) {
        // Other occurrences only: this token's own first-stage label is a feature already.
        const c = counts[l]! - (l === label ? 1 : 0);
        if (c <= 0) continue;
        others += c;
        out[at++] = feature1(T.docLabel, l);
        if (l !== 0 && c > bestCount) [best, bestCount] = [l, c];
      }
    }
    if (others === 0) out[at++] = T.docLabelNone;
    else {
      // Entity type of the most frequent name label elsewhere (0 when only ever outside a name).
      const type = best === -1 ? 0 : 1 + ((best - 1) >> 2);
      out[at++] = feature1(T.docMajority, type);
      out[at++] = feature2(T.docLabelShape, type, w.short);
    }
    return at;
  }

  /** Label counts per word over a document, from first-stage labels. */
  stageLabels(document: PreparedDocument, labels: Uint8Array[]): StageLabels {
    const counts = new Map<number, Uint16Array>();
    document.sentences.forEach((sentence, s) => {
      const l = labels[s]!;
      sentence.words.forEach((w, i) => {
        let c = counts.get(w.lower);
        if (!c) counts.set(w.lower, (c = new Uint16Array(this.labelCount)));
        if (c[l[i]!]! < 65535) c[l[i]!]!++;
      });
    });
    return { labels, counts };
  }

  private gazetteerValue(name: string): number {
    let value = this.gazetteerValues.get(name);
    if (value === undefined) this.gazetteerValues.set(name, (value = hashString(name)));
    return value;
  }
}

/** Upper bound on the features one token gets, to size buffers. */
export const maxFeaturesPerToken = 96;
