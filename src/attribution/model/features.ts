/**
 * Features of the attribution tagger, as 32-bit hashes (see src/language/ner/hash.ts).
 *
 * A text is prepared once: per token, hashes of its word, lemma, POS and shape, its cue-lexicon class, its
 * quotation state, and its block (a paragraph, also cut at single line breaks). Then two kinds of features:
 *
 * - cue features, per token of a block, for the first stage that finds cues;
 * - role features, per token of a window around one cue, for the second stage that finds that cue's source
 *   and content: each token is described relative to the cue (side, distance, sentences apart, quotation
 *   marks, commas and other cues in between).
 */
import type { Sentence, Token } from '../../language/text.js';
import { feature1, feature2, feature3, hashString } from '../../language/ner/hash.js';
import { shortShape } from '../../language/ner/features.js';
import { CueClass, QuoteKind, cueClassOf, quoteKindOf } from './lexicon.js';

/** Bumped whenever features change, so that a stale model file is refused. */
export const attributionFeatureVersion = 2;

/** Template ids of the cue stage. */
const C = {
  bias: 1,
  word: 2,
  lemma: 3,
  pos: 4,
  shape: 5,
  lemmaPos: 6,
  wordAt: 10, // + 0..3 for -2, -1, +1, +2
  posAt: 14, // + 0..3
  posBigramLeft: 18,
  posBigramRight: 19,
  posTrigram: 20,
  wordBigramLeft: 21,
  wordBigramRight: 22,
  classAt: 23, // + 0..4 for -2..+2
  classPos: 28,
  classNextWord: 29,
  classPrevWord: 30,
  quoteKind: 31,
  inQuote: 32,
  inQuotePos: 33,
  afterClose: 34,
  afterCloseLemma: 35,
  beforeOpen: 36,
  beforeOpenLemma: 37,
  nearestLeft: 38,
  nearestRight: 39,
  nearestLeftPos: 40,
  nearestRightPos: 41,
  prevComma: 42,
  prevCommaLemma: 43,
  sentenceFirst: 44,
  sentenceLast: 45,
  position: 46,
  headline: 47,
  headlineLemma: 48,
  colonLeft: 49,
  colonRight: 50,
  blockOpensQuote: 51,
  suffix: 52,
  lemmaNext2: 53,
  prevLemmaWord: 54,
  quoteDistance: 55,
  blockFirstSentence: 56,
  sentenceEndsColon: 57,
  wordAt3: 58, // + 0..1 for -3, +3
  lemmaBigramRight: 60,
  posNextClass: 61,
  subjectKind: 62,
  subjectKindLemma: 63,
  subjectKindClass: 64,
  nextMarker: 65,
  nextMarkerLemma: 66,
  laterVerbClass: 67,
  laterQuoteClass: 68,
  lemmaInQuote: 69,
  dashAfterQuote: 70,
  lemmaBigramLeft: 71,
  classNext2Pos: 72,
  lemmaSubjectMarker: 73,
  lemmaPosAround: 74,
  lemmaQuoteSides: 75,
  lemmaSentenceStart: 76,
  lemmaSubjectWord: 77,

  // second cue pass: what the first pass and the role stage found around the token
  stackContent: 80,
  stackContentLemma: 81,
  stackContentClass: 82,
  stackCue: 83,
  stackCueLemma: 84,
  stackCueAround: 85,
  stackSource: 86,
  stackContentAround: 87,
  stackCueHasContent: 88,
} as const;

/** Template ids of the role stage. */
const R = {
  bias: 101,
  side: 102,
  sideSentences: 103,
  sideDistance: 104,
  sideDistancePos: 105,
  sidePos: 106,
  sideWord: 107,
  sideLemma: 108,
  sideShape: 109,
  cueLemmaSide: 110,
  cueLemmaSidePos: 111,
  cueLemmaSideDistance: 112,
  cueClassSidePos: 113,
  cueContextSide: 114,
  cueNextSidePos: 115,
  cuePrevSidePos: 116,
  inQuoteSide: 117,
  quoteTouchesCue: 118,
  quoteTouchesCuePos: 119,
  commasBetween: 120,
  commasBetweenPos: 121,
  otherCueBetween: 122,
  otherCueHere: 123,
  verbBetween: 124,
  verbBetweenPos: 125,
  thatBetween: 126,
  sentenceHasOtherCue: 127,
  sideWordLeft: 128,
  sideWordRight: 129,
  sidePosLeft: 130,
  sidePosRight: 131,
  sidePosTrigram: 132,
  nominalRun: 133,
  sentenceBoundaryBetween: 134,
  headline: 135,
  cueIsColon: 136,
  quoteKindSide: 137,
  cueInQuote: 138,
  inQuoteSameSentence: 139,
  blockOpensQuoteSide: 140,
  cueSentenceStartsQuote: 141,
  firstInSentenceSide: 142,
  cueLemmaWord: 143,
  sideClass: 144,
  sideSentencesInQuote: 145,
  colonBetween: 146,
  otherCueSide: 147,
} as const;

const boundary = hashString('<boundary>');
const colonHash = hashString(':');

export const cueLikeVerbClasses = new Set<CueClass>([
  CueClass.Speech,
  CueClass.Cognition,
  CueClass.Intention,
  CueClass.Medium,
  CueClass.Evaluation,
  CueClass.Appearance,
  CueClass.Decision,
]);

/** Distance in tokens, bucketed. */
function distanceBucket(d: number): number {
  if (d <= 3) return d;
  if (d <= 5) return 4;
  if (d <= 8) return 5;
  if (d <= 12) return 6;
  if (d <= 20) return 7;
  if (d <= 35) return 8;
  return 9;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Per-token facts of one text, computed once and shared by both stages. */
export interface PreparedText {
  text: string;
  tokens: readonly Token[];
  sentences: readonly Sentence[];
  n: number;
  word: Uint32Array;
  lemma: Uint32Array;
  pos: Uint32Array;
  shape: Uint32Array;
  suffix: Uint32Array;
  lemmaText: string[];
  posText: string[];
  cueClass: Uint8Array;
  /** Resolved quotation mark: Open, Close or None. */
  quote: Uint8Array;
  /** Inside quotation marks (the marks included). */
  inQuote: Uint8Array;
  /** Quoted stretch a token belongs to, -1 outside; stretches never cross blocks. */
  quoteSegment: Int32Array;
  segmentStart: number[];
  segmentEnd: number[];
  /** Block (paragraph, or line) of each token, and each block's token range. */
  block: Int32Array;
  blockStart: number[];
  blockEnd: number[];
  /** Token range of each sentence. */
  sentenceStart: number[];
  sentenceEnd: number[];
  /** Nearest cue-like word to the left and right within the sentence (token index, -1 for none). */
  nearestCueLeft: Int32Array;
  nearestCueRight: Int32Array;
  isVerb: Uint8Array;
  isComma: Uint8Array;
  isNominal: Uint8Array;
}

const nominalTags = new Set(['NOUN', 'PROPN', 'PRON', 'NUM']);

export function prepareText(text: string, sentences: readonly Sentence[], tokens: readonly Token[]): PreparedText {
  const n = tokens.length;
  const p: PreparedText = {
    text,
    tokens,
    sentences,
    n,
    word: new Uint32Array(n),
    lemma: new Uint32Array(n),
    pos: new Uint32Array(n),
    shape: new Uint32Array(n),
    suffix: new Uint32Array(n),
    lemmaText: new Array<string>(n),
    posText: new Array<string>(n),
    cueClass: new Uint8Array(n),
    quote: new Uint8Array(n),
    inQuote: new Uint8Array(n),
    quoteSegment: new Int32Array(n).fill(-1),
    segmentStart: [],
    segmentEnd: [],
    block: new Int32Array(n),
    blockStart: [],
    blockEnd: [],
    sentenceStart: [],
    sentenceEnd: [],
    nearestCueLeft: new Int32Array(n).fill(-1),
    nearestCueRight: new Int32Array(n).fill(-1),
    isVerb: new Uint8Array(n),
    isComma: new Uint8Array(n),
    isNominal: new Uint8Array(n),
  };
  const tokenIndex = new Map<Token, number>();
  tokens.forEach((t, i) => tokenIndex.set(t, i));
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    const lower = token.text.toLowerCase();
    const lemma = token.lemma.toLowerCase();
    p.word[i] = hashString(lower);
    p.lemma[i] = hashString(lemma);
    p.pos[i] = hashString(token.pos);
    p.shape[i] = hashString(shortShape(token.text));
    p.suffix[i] = hashString(lower.slice(-3));
    p.lemmaText[i] = lemma;
    p.posText[i] = token.pos;
    p.cueClass[i] = cueClassOf(lemma, lower);
    p.isVerb[i] = token.pos === 'VERB' || token.pos === 'AUX' ? 1 : 0;
    p.isComma[i] = token.text === ',' ? 1 : 0;
    p.isNominal[i] = nominalTags.has(token.pos) ? 1 : 0;
  }
  // Blocks: a new one at every paragraph change or line break between tokens.
  for (let i = 0; i < n; i++) {
    const startsBlock =
      i === 0 ||
      tokens[i]!.sentence !== tokens[i - 1]!.sentence && sentences[tokens[i]!.sentence]!.paragraph !== sentences[tokens[i - 1]!.sentence]!.paragraph ||
      text.slice(tokens[i - 1]!.end, tokens[i]!.start).includes('\n');
    if (startsBlock) {
      if (i > 0) p.blockEnd.push(i);
      p.blockStart.push(i);
    }
    p.block[i] = p.blockStart.length - 1;
  }
  if (n > 0) p.blockEnd.push(n);
  for (const sentence of sentences) {
    const first = sentence.tokens[0];
    const last = sentence.tokens[sentence.tokens.length - 1];
    const start = first ? (tokenIndex.get(first) ?? 0) : 0;
    p.sentenceStart.push(start);
    p.sentenceEnd.push(last ? (tokenIndex.get(last) ?? start) + 1 : start);
  }
  resolveQuotes(p);
  for (let s = 0; s < p.sentenceStart.length; s++) {
    let last = -1;
    for (let i = p.sentenceStart[s]!; i < p.sentenceEnd[s]!; i++) {
      p.nearestCueLeft[i] = last;
      if (isCueLike(p, i)) last = i;
    }
    last = -1;
    for (let i = p.sentenceEnd[s]! - 1; i >= p.sentenceStart[s]!; i--) {
      p.nearestCueRight[i] = last;
      if (isCueLike(p, i)) last = i;
    }
  }
  return p;
}

function isCueLike(p: PreparedText, i: number): boolean {
  const cls = p.cueClass[i]! as CueClass;
  if (cls === CueClass.Evidential) return true;
  if (cls === CueClass.StanceAdjective) return p.posText[i] === 'ADJ';
  return cueLikeVerbClasses.has(cls) && p.isVerb[i] === 1;
}

/**
 * Decides which straight quotes open and which close (by the spaces around them, else by alternation),
 * and marks the quoted stretches. A stretch left open at the end of a block runs to its end: news
 * quotes that go on into the next paragraph leave the closing mark out.
 */
function resolveQuotes(p: PreparedText): void {
  const { text, tokens } = p;
  for (let b = 0; b < p.blockStart.length; b++) {
    let open = -1;
    const close = (end: number): void => {
      p.segmentStart.push(open);
      p.segmentEnd.push(end);
      for (let k = open; k < end; k++) {
        p.inQuote[k] = 1;
        p.quoteSegment[k] = p.segmentStart.length - 1;
      }
      open = -1;
    };
    for (let i = p.blockStart[b]!; i < p.blockEnd[b]!; i++) {
      let kind = quoteKindOf(tokens[i]!.text);
      if (kind === QuoteKind.Ambiguous) {
        const before = tokens[i]!.start > 0 ? text[tokens[i]!.start - 1]! : ' ';
        const after = tokens[i]!.end < text.length ? text[tokens[i]!.end]! : ' ';
        const spaceBefore = /\s/.test(before) || /[([{—–-]/.test(before);
        const spaceAfter = /\s/.test(after) || /[.,;:!?)\]}—–-]/.test(after);
        if (spaceBefore && !spaceAfter) kind = QuoteKind.Open;
        else if (!spaceBefore && spaceAfter) kind = QuoteKind.Close;
        else kind = open >= 0 ? QuoteKind.Close : QuoteKind.Open;
      }
      if (kind === QuoteKind.Open) {
        if (open >= 0) close(i);
        open = i;
        p.quote[i] = QuoteKind.Open;
      } else if (kind === QuoteKind.Close) {
        p.quote[i] = QuoteKind.Close;
        if (open >= 0) close(i + 1);
      }
    }
    if (open >= 0) close(p.blockEnd[b]!);
  }
}

/** A growable feature list: token i of the current sequence has features[offsets[i]..offsets[i + 1]). */
export class FeatureBuffer {
  features = new Uint32Array(1 << 14);
  offsets = new Int32Array(257);
  at = 0;
  count = 0;

  reset(): void {
    this.at = 0;
    this.count = 0;
    this.offsets[0] = 0;
  }

  /** Makes room for one more token with up to `max` features. */
  beginToken(max: number): void {
    if (this.at + max > this.features.length) {
      const bigger = new Uint32Array(Math.max(this.features.length * 2, this.at + max));
      bigger.set(this.features.subarray(0, this.at));
      this.features = bigger;
    }
    if (this.count + 2 > this.offsets.length) {
      const bigger = new Int32Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
  }

  endToken(): void {
    this.count++;
    this.offsets[this.count] = this.at;
  }
}

const maxCueFeatures = 96;
const maxRoleFeatures = 72;
const maxStackFeatures = 9;

/**
 * What a first cue pass found, for the second: a verb inside the content of another attribution ("Trump said
 * he thinks …") is content, not a cue, in PolNeAR's one-role-per-token annotation.
 */
export interface FirstPass {
  /** 1 inside a first-pass cue. */
  cue: Uint8Array;
  /** Inside the content of a first-pass cue: 1 of one to its left, 2 of one to its right, 0 neither. */
  content: Uint8Array;
  /** 1 inside the source of a first-pass cue. */
  source: Uint8Array;
  /** 1 on first-pass cue tokens whose cue got a content. */
  cueWithContent: Uint8Array;
}

/** Cue-stage features of tokens from..to (one block); `firstPass` adds the second pass's features. */
export function cueFeatures(p: PreparedText, from: number, to: number, out: FeatureBuffer, firstPass?: FirstPass): void {
  out.reset();
  const blockFirstSentence = from < p.n ? p.tokens[from]!.sentence : 0;
  const opensQuote = from < to && p.quote[from] === QuoteKind.Open ? 1 : 0;
  // "A colon earlier in the sentence?", "a verb / a quotation mark from here to the end of the sentence (within
  // the block)?", answered for every token in two linear sweeps: scanning the sentence for each token was
  // quadratic in its length, and a hostile input can be one endless sentence.
  const colonBefore = new Uint8Array(Math.max(0, to - from));
  const verbFrom = new Uint8Array(Math.max(0, to - from));
  const quoteFrom = new Uint8Array(Math.max(0, to - from));
  if (from < to) {
    let sentence = -1;
    let seen = 0;
    for (let k = Math.min(p.sentenceStart[p.tokens[from]!.sentence]!, from); k < to; k++) {
      if (p.tokens[k]!.sentence !== sentence) {
        sentence = p.tokens[k]!.sentence;
        seen = 0;
      }
      if (k >= from) colonBefore[k - from] = seen;
      if (p.word[k] === colonHash) seen = 1;
    }
    let verb = 0;
    let quote = 0;
    for (let k = to - 1; k >= from; k--) {
      if (k === to - 1 || p.tokens[k]!.sentence !== p.tokens[k + 1]!.sentence) verb = quote = 0;
      if (p.isVerb[k] === 1) verb = 1;
      if (p.quote[k] !== QuoteKind.None) quote = 1;
      verbFrom[k - from] = verb;
      quoteFrom[k - from] = quote;
    }
  }
  for (let i = from; i < to; i++) {
    out.beginToken(maxCueFeatures);
    const f = out.features;
    let at = out.at;
    const wordAt = (k: number): number => (k >= from && k < to ? p.word[k]! : boundary);
    const posAt = (k: number): number => (k >= from && k < to ? p.pos[k]! : boundary);
    const classAt = (k: number): number => (k >= from && k < to ? p.cueClass[k]! : 255);
    const w = p.word[i]!;
    const l = p.lemma[i]!;
    const pos = p.pos[i]!;
    const cls = p.cueClass[i]!;
    const s = p.tokens[i]!.sentence;
    const sStart = p.sentenceStart[s]!;
    const sEnd = p.sentenceEnd[s]!;
    f[at++] = C.bias;
    f[at++] = feature1(C.word, w);
    f[at++] = feature1(C.lemma, l);
    f[at++] = feature1(C.pos, pos);
    f[at++] = feature1(C.shape, p.shape[i]!);
    f[at++] = feature2(C.lemmaPos, l, pos);
    f[at++] = feature1(C.suffix, p.suffix[i]!);
    f[at++] = feature1(C.wordAt, wordAt(i - 2));
    f[at++] = feature1(C.wordAt + 1, wordAt(i - 1));
    f[at++] = feature1(C.wordAt + 2, wordAt(i + 1));
    f[at++] = feature1(C.wordAt + 3, wordAt(i + 2));
    f[at++] = feature1(C.posAt, posAt(i - 2));
    f[at++] = feature1(C.posAt + 1, posAt(i - 1));
    f[at++] = feature1(C.posAt + 2, posAt(i + 1));
    f[at++] = feature1(C.posAt + 3, posAt(i + 2));
    f[at++] = feature2(C.posBigramLeft, posAt(i - 1), pos);
    f[at++] = feature2(C.posBigramRight, pos, posAt(i + 1));
    f[at++] = feature3(C.posTrigram, posAt(i - 1), pos, posAt(i + 1));
    f[at++] = feature2(C.wordBigramLeft, wordAt(i - 1), w);
    f[at++] = feature2(C.wordBigramRight, w, wordAt(i + 1));
    f[at++] = feature2(C.prevLemmaWord, wordAt(i - 1), l);
    f[at++] = feature3(C.lemmaNext2, l, wordAt(i + 1), wordAt(i + 2));
    for (let k = -2; k <= 2; k++) f[at++] = feature1(C.classAt + k + 2, classAt(i + k));
    f[at++] = feature2(C.classPos, cls, pos);
    if (cls !== CueClass.None) {
      f[at++] = feature2(C.classNextWord, cls, wordAt(i + 1));
      f[at++] = feature2(C.classPrevWord, cls, wordAt(i - 1));
    }
    // Quotation marks: cues sit next to quotes ("…,” said X; X said: “…").
    const inQuote = p.inQuote[i]!;
    f[at++] = feature1(C.quoteKind, p.quote[i]!);
    f[at++] = feature1(C.inQuote, inQuote);
    f[at++] = feature2(C.inQuotePos, inQuote, pos);
    const afterClose = (i - 1 >= from && p.quote[i - 1] === QuoteKind.Close) || (i - 2 >= from && p.quote[i - 2] === QuoteKind.Close && p.isComma[i - 1] === 1) ? 1 : 0;
    f[at++] = feature1(C.afterClose, afterClose);
    if (afterClose) f[at++] = feature1(C.afterCloseLemma, l);
    const beforeOpen = (i + 1 < to && p.quote[i + 1] === QuoteKind.Open) || (i + 2 < to && p.quote[i + 2] === QuoteKind.Open) ? 1 : 0;
    f[at++] = feature1(C.beforeOpen, beforeOpen);
    if (beforeOpen) f[at++] = feature1(C.beforeOpenLemma, l);
    // How far the nearest quotation mark is, and on which side.
    let quoteDistance = 0;
    for (let d = 1; d <= 4 && quoteDistance === 0; d++) {
      if (i - d >= from && p.quote[i - d] !== QuoteKind.None) quoteDistance = -d;
      else if (i + d < to && p.quote[i + d] !== QuoteKind.None) quoteDistance = d;
    }
    f[at++] = feature2(C.quoteDistance, quoteDistance + 8, inQuote);
    // The nearest cue-like word in the sentence, on each side.
    const left = p.nearestCueLeft[i]!;
    const right = p.nearestCueRight[i]!;
    const leftBucket = left < 0 ? 15 : distanceBucket(i - left);
    const rightBucket = right < 0 ? 15 : distanceBucket(right - i);
    f[at++] = feature2(C.nearestLeft, leftBucket, left < 0 ? 0 : p.cueClass[left]!);
    f[at++] = feature2(C.nearestRight, rightBucket, right < 0 ? 0 : p.cueClass[right]!);
    f[at++] = feature2(C.nearestLeftPos, leftBucket, pos);
    f[at++] = feature2(C.nearestRightPos, rightBucket, pos);
    const prevComma = i - 1 >= from && p.isComma[i - 1] === 1 ? 1 : 0;
    f[at++] = feature1(C.prevComma, prevComma);
    if (prevComma) f[at++] = feature1(C.prevCommaLemma, l);
    // Where in the sentence and the block.
    f[at++] = feature2(C.sentenceFirst, i === sStart ? 1 : 0, pos);
    f[at++] = feature2(C.sentenceLast, i === sEnd - 1 ? 1 : 0, pos);
    f[at++] = feature1(C.position, Math.min(8, Math.floor((8 * (i - sStart)) / Math.max(1, sEnd - sStart))));
    f[at++] = feature1(C.blockFirstSentence, s === blockFirstSentence ? 1 : 0);
    const headline = p.block[i] === 0 && p.blockStart.length > 1 ? 1 : 0;
    if (headline) {
      f[at++] = C.headline;
      f[at++] = feature1(C.headlineLemma, l);
    }
    // A colon in the sentence ("Trump: we will win"; "He said: …").
    const colonLeft = colonBefore[i - from]!;
    let colonRight = 0;
    for (let k = i + 1; k < sEnd && k < i + 12; k++) if (p.word[k] === colonHash) colonRight = 1;
    f[at++] = feature2(C.colonLeft, colonLeft, pos);
    f[at++] = feature2(C.colonRight, colonRight, pos);
    f[at++] = feature2(C.sentenceEndsColon, p.word[sEnd - 1] === colonHash ? 1 : 0, pos);
    f[at++] = feature2(C.blockOpensQuote, opensQuote, inQuote);
    f[at++] = feature1(C.wordAt3, wordAt(i - 3));
    f[at++] = feature1(C.wordAt3 + 1, wordAt(i + 3));
    f[at++] = feature2(C.lemmaBigramRight, l, i + 1 < to ? p.lemma[i + 1]! : boundary);
    f[at++] = feature2(C.lemmaBigramLeft, i - 1 >= from ? p.lemma[i - 1]! : boundary, l);
    f[at++] = feature3(C.posNextClass, pos, classAt(i + 1), classAt(i + 2));
    f[at++] = feature3(C.classNext2Pos, cls, posAt(i + 1), posAt(i + 2));
    // Who could be speaking: the nearest nominal to the left in the sentence with no verb in between.
    const subject = subjectKindLeft(p, i, sStart);
    f[at++] = feature2(C.subjectKind, subject, pos);
    f[at++] = feature2(C.subjectKindLemma, subject, l);
    f[at++] = feature3(C.subjectKindClass, subject, cls, pos);
    // What follows: "that", a colon, a quotation mark, "to", a comma; and later a verb or a quote in the sentence.
    const marker = nextMarker(p, i, Math.min(to, sEnd));
    f[at++] = feature3(C.nextMarker, marker, cls, pos);
    f[at++] = feature2(C.nextMarkerLemma, marker, l);
    const later = i + 2 < Math.min(sEnd, to) && p.tokens[i + 2]!.sentence === s;
    const laterVerb = later ? verbFrom[i + 2 - from]! : 0;
    const laterQuote = later ? quoteFrom[i + 2 - from]! : 0;
    f[at++] = feature3(C.laterVerbClass, laterVerb, cls, pos);
    f[at++] = feature3(C.laterQuoteClass, laterQuote, cls, inQuote);
    f[at++] = feature2(C.lemmaInQuote, l, inQuote);
    f[at++] = feature3(C.lemmaSubjectMarker, l, subject, marker);
    f[at++] = feature3(C.lemmaPosAround, l, posAt(i - 1), posAt(i + 1));
    f[at++] = feature3(C.lemmaQuoteSides, l, inQuote, (laterQuote << 1) | afterClose);
    f[at++] = feature2(C.lemmaSentenceStart, l, Math.min(3, i - sStart));
    if (cls !== CueClass.None) f[at++] = feature2(C.lemmaSubjectWord, l, subjectWordLeft(p, i, sStart));
    if (p.tokens[i]!.text === '―' || p.tokens[i]!.text === '—' || p.tokens[i]!.text === '-' || p.tokens[i]!.text === '--') {
      f[at++] = feature3(C.dashAfterQuote, i - 1 >= from ? p.quote[i - 1]! : 9, i - 2 >= from ? p.quote[i - 2]! : 9, i + 1 < to ? p.shape[i + 1]! : boundary);
    }
    if (firstPass) at = addStackFeatures(p, i, from, to, firstPass, f, at);
    out.at = at;
    out.endToken();
  }
}

/** The second cue pass's own features of token i, written at f[at..]: what the first pass found around it. */
function addStackFeatures(p: PreparedText, i: number, from: number, to: number, firstPass: FirstPass, f: Uint32Array, at: number): number {
  const pos = p.pos[i]!;
  const l = p.lemma[i]!;
  const cls = p.cueClass[i]!;
  const inQuote = p.inQuote[i]!;
  const content = firstPass.content[i]!;
  const cue = firstPass.cue[i]!;
  const at1 = (a: Uint8Array, k: number): number => (k >= from && k < to ? a[k]! : 9);
  f[at++] = feature2(C.stackContent, content, pos);
  f[at++] = feature2(C.stackContentLemma, content, l);
  f[at++] = feature3(C.stackContentClass, content, cls, inQuote);
  f[at++] = feature1(C.stackCue, cue);
  f[at++] = feature2(C.stackCueLemma, cue, l);
  f[at++] = feature3(C.stackCueAround, at1(firstPass.cue, i - 1), cue, at1(firstPass.cue, i + 1));
  f[at++] = feature3(C.stackSource, at1(firstPass.source, i - 1), firstPass.source[i]!, at1(firstPass.source, i + 1));
  f[at++] = feature3(C.stackContentAround, at1(firstPass.content, i - 1), content, at1(firstPass.content, i + 1));
  f[at++] = feature3(C.stackCueHasContent, cue, firstPass.cueWithContent[i]!, content);
  return at;
}

/**
 * Only the second pass's own features of tokens from..to: with the first pass's features of the same block (which
 * do not change between passes), the whole of `cueFeatures(p, from, to, out, firstPass)`.
 */
export function cueStackFeatures(p: PreparedText, from: number, to: number, firstPass: FirstPass, out: FeatureBuffer): void {
  out.reset();
  for (let i = from; i < to; i++) {
    out.beginToken(maxStackFeatures);
    out.at = addStackFeatures(p, i, from, to, firstPass, out.features, out.at);
    out.endToken();
  }
}

const pronounKinds = new Map<string, number>([
  ['he', 3],
  ['she', 3],
  ['they', 4],
  ['i', 5],
  ['we', 5],
  ['you', 6],
  ['it', 7],
  ['who', 8],
  ['which', 9],
  ['that', 9],
]);

/**
 * The nearest nominal left of token i in its sentence with no verb between: 0 none, 1 proper name, 2 common
 * noun, 3–9 kinds of pronoun (he/she, they, I/we, you, it, who, which/that), 10 number.
 */
function subjectKindLeft(p: PreparedText, i: number, sentenceStart: number): number {
  for (let k = i - 1; k >= sentenceStart && k >= i - 12; k--) {
    if (p.isVerb[k] === 1) return 0;
    const tag = p.posText[k]!;
    if (tag === 'PROPN') return 1;
    if (tag === 'NOUN') return 2;
    if (tag === 'PRON') return pronounKinds.get(p.tokens[k]!.text.toLowerCase()) ?? 2;
    if (tag === 'NUM') return 10;
  }
  return 0;
}

/** The word hash of the nearest nominal left of token i with no verb between, or a boundary stand-in. */
function subjectWordLeft(p: PreparedText, i: number, sentenceStart: number): number {
  for (let k = i - 1; k >= sentenceStart && k >= i - 12; k--) {
    if (p.isVerb[k] === 1) return boundary;
    if (p.isNominal[k] === 1) return p.word[k]!;
  }
  return boundary;
}

const markerWords = new Map<string, number>([
  ['that', 1],
  [':', 2],
  [',', 3],
  ['to', 4],
  ['about', 5],
  ['of', 6],
  ['for', 7],
  ['on', 8],
  ['if', 9],
  ['whether', 9],
  ['how', 10],
  ['what', 10],
  ['why', 10],
]);

/** What comes after token i (skipping adverbs): a marker word's kind, 11 for a quotation mark, 0 otherwise. */
function nextMarker(p: PreparedText, i: number, end: number): number {
  for (let k = i + 1; k < end && k <= i + 3; k++) {
    if (p.quote[k] !== QuoteKind.None) return 11;
    if (p.posText[k] === 'ADV') continue;
    return markerWords.get(p.tokens[k]!.text.toLowerCase()) ?? 0;
  }
  return 0;
}

/** One cue, as a token range, that the role stage labels the source and content of. */
export interface CueRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** Tokens the role stage looks at for a cue: its block, at most a few sentences either side. */
export function roleWindow(p: PreparedText, cue: CueRange, sentencesBefore = 3, sentencesAfter = 4, maxTokens = 220): { from: number; to: number } {
  const b = p.block[cue.start]!;
  const s = p.tokens[cue.start]!.sentence;
  const lastS = p.tokens[cue.end - 1]!.sentence;
  let from = Math.max(p.blockStart[b]!, p.sentenceStart[Math.max(0, s - sentencesBefore)]!);
  let to = Math.min(p.blockEnd[b]!, p.sentenceEnd[Math.min(p.sentenceStart.length - 1, lastS + sentencesAfter)]!);
  // Very long blocks (text without paragraph breaks): keep the window around the cue.
  if (to - from > maxTokens) {
    from = Math.max(from, cue.start - Math.floor(maxTokens / 3));
    to = Math.min(to, from + maxTokens);
  }
  return { from, to };
}

/**
 * Which role-stage features to extract: all of them (training), or the two parts that scoring adds up
 * separately. Only a few features depend on where the other cues are; the rest depend on the cue alone, so
 * their scores, computed when the first cue pass's roles are tagged, serve again when the final cues' roles are
 * (`AttributionModel.rolesOfCues`).
 */
export type RoleFeatureSet = 'all' | 'cueOnly' | 'otherCues';

/**
 * Role-stage features of tokens from..to for the cue `cue`. `otherCue` marks tokens of the text's other cues
 * (1) so that a content stops where another attribution starts.
 */
export function roleFeatures(p: PreparedText, cue: CueRange, from: number, to: number, otherCue: Uint8Array, out: FeatureBuffer, set: RoleFeatureSet = 'all'): void {
  out.reset();
  if (set === 'otherCues') {
    otherCueFeatures(p, cue, from, to, otherCue, out);
    return;
  }
  // The cue's head: its last verb, else its last word ("has learned" → learn; "according to" → according).
  let head = cue.end - 1;
  for (let k = cue.end - 1; k >= cue.start; k--) {
    if (p.isVerb[k] === 1 || p.cueClass[k] !== CueClass.None) {
      head = k;
      break;
    }
  }
  const cueLemma = p.lemma[head]!;
  const cueClass = p.cueClass[head]!;
  const cueSentence = p.tokens[cue.start]!.sentence;
  const cuePrev = cue.start - 1 >= from ? p.word[cue.start - 1]! : boundary;
  const cueNext = cue.end < to ? p.word[cue.end]! : boundary;
  const cueIsColon = p.word[cue.end - 1] === colonHash ? 1 : 0;
  const cueInQuote = p.inQuote[cue.start]!;
  const cueSegment = p.quoteSegment[cue.start]!;
  const headline = p.block[cue.start] === 0 && p.blockStart.length > 1 ? 1 : 0;
  const cueSentenceStartsQuote = p.quote[p.sentenceStart[cueSentence]!] === QuoteKind.Open ? 1 : 0;
  const blockOpensQuote = p.quote[p.blockStart[p.block[cue.start]!]!] === QuoteKind.Open ? 1 : 0;

  // Prefix counts, to know what lies between a token and the cue in constant time.
  const n = to - from;
  const commas = new Int32Array(n + 1);
  const verbs = new Int32Array(n + 1);
  const thats = new Int32Array(n + 1);
  const colons = new Int32Array(n + 1);
  const thatHash = hashString('that');
  for (let k = 0; k < n; k++) {
    const t = from + k;
    const inCue = t >= cue.start && t < cue.end;
    commas[k + 1] = commas[k]! + p.isComma[t]!;
    verbs[k + 1] = verbs[k]! + (p.isVerb[t] === 1 && !inCue ? 1 : 0);
    thats[k + 1] = thats[k]! + (p.word[t] === thatHash ? 1 : 0);
    colons[k + 1] = colons[k]! + (p.word[t] === colonHash && !inCue ? 1 : 0);
  }
  const between = (counts: Int32Array, t: number): number => {
    // Tokens strictly between t and the cue.
    if (t < cue.start) return counts[cue.start - from]! - counts[t + 1 - from]!;
    if (t >= cue.end) return counts[t - from]! - counts[cue.end - from]!;
    return 0;
  };
  // Which quoted stretches touch the cue: end just before it or start just after it (a comma may sit between).
  const touching = new Set<number>();
  for (let k = 1; k <= 3; k++) {
    const before = cue.start - k;
    if (before >= from && p.quoteSegment[before]! >= 0 && p.quoteSegment[before] !== cueSegment) touching.add(p.quoteSegment[before]!);
    const after = cue.end - 1 + k;
    if (after < to && p.quoteSegment[after]! >= 0 && p.quoteSegment[after] !== cueSegment) touching.add(p.quoteSegment[after]!);
  }

  const otherCueTerms = set === 'all' ? otherCueFeatureWriter(p, cue, from, to, otherCue) : undefined;
  for (let t = from; t < to; t++) {
    out.beginToken(maxRoleFeatures);
    const f = out.features;
    let at = out.at;
    const side = t < cue.start ? 0 : t >= cue.end ? 2 : 1;
    const distance = side === 0 ? cue.start - t : side === 2 ? t - cue.end + 1 : 0;
    const bucket = distanceBucket(distance);
    const s = p.tokens[t]!.sentence;
    const sentences = clamp(s - cueSentence, -3, 3) + 3;
    const pos = p.pos[t]!;
    const w = p.word[t]!;
    const wordAt = (k: number): number => (k >= from && k < to ? p.word[k]! : boundary);
    const posAt = (k: number): number => (k >= from && k < to ? p.pos[k]! : boundary);
    const inQuote = p.inQuote[t]!;
    f[at++] = R.bias;
    f[at++] = feature1(R.side, side);
    f[at++] = feature2(R.sideSentences, side, sentences);
    f[at++] = feature2(R.sideDistance, side, bucket);
    f[at++] = feature3(R.sideDistancePos, side, bucket, pos);
    f[at++] = feature2(R.sidePos, side, pos);
    f[at++] = feature2(R.sideWord, side, w);
    f[at++] = feature2(R.sideLemma, side, p.lemma[t]!);
    f[at++] = feature2(R.sideShape, side, p.shape[t]!);
    f[at++] = feature2(R.sideClass, side, p.cueClass[t]!);
    f[at++] = feature2(R.sideWordLeft, side, wordAt(t - 1));
    f[at++] = feature2(R.sideWordRight, side, wordAt(t + 1));
    f[at++] = feature2(R.sidePosLeft, side, posAt(t - 1));
    f[at++] = feature2(R.sidePosRight, side, posAt(t + 1));
    f[at++] = feature3(R.sidePosTrigram, posAt(t - 1), pos, feature2(side, posAt(t + 1), 0));
    f[at++] = feature2(R.cueLemmaSide, cueLemma, side);
    f[at++] = feature3(R.cueLemmaSidePos, cueLemma, side, pos);
    f[at++] = feature3(R.cueLemmaSideDistance, cueLemma, side, bucket);
    f[at++] = feature3(R.cueClassSidePos, cueClass, side, pos);
    f[at++] = feature3(R.cueContextSide, cuePrev, cueNext, side);
    f[at++] = feature3(R.cueNextSidePos, cueNext, side, pos);
    f[at++] = feature3(R.cuePrevSidePos, cuePrev, side, pos);
    if (side === 1) f[at++] = feature2(R.cueLemmaWord, cueLemma, w);
    f[at++] = feature3(R.inQuoteSide, inQuote, side, sentences);
    f[at++] = feature3(R.quoteKindSide, p.quote[t]!, side, bucket);
    f[at++] = feature2(R.sideSentencesInQuote, sentences, inQuote);
    const segment = p.quoteSegment[t]!;
    const touches = segment >= 0 && touching.has(segment) ? 1 : segment >= 0 && segment === cueSegment ? 2 : 0;
    f[at++] = feature2(R.quoteTouchesCue, touches, side);
    f[at++] = feature3(R.quoteTouchesCuePos, touches, side, pos);
    const commaCount = Math.min(3, between(commas, t));
    f[at++] = feature3(R.commasBetween, side, commaCount, bucket);
    f[at++] = feature3(R.commasBetweenPos, side, commaCount, pos);
    const verbCount = Math.min(2, between(verbs, t));
    f[at++] = feature3(R.verbBetween, side, verbCount, p.isNominal[t]!);
    f[at++] = feature3(R.verbBetweenPos, side, verbCount, pos);
    f[at++] = feature3(R.thatBetween, side, Math.min(1, between(thats, t)), sentences);
    f[at++] = feature3(R.colonBetween, side, Math.min(1, between(colons, t)), cueIsColon);
    // A run of nominals right before the cue is the usual source ("longtime pollster Pat Caddell told").
    let nominalRun = 0;
    if (side === 0 && verbCount === 0 && commaCount === 0 && s === cueSentence) nominalRun = 1;
    else if (side === 2 && distance <= 4 && verbCount === 0) nominalRun = 2;
    f[at++] = feature3(R.nominalRun, nominalRun, p.isNominal[t]!, cueClass);
    f[at++] = feature2(R.sentenceBoundaryBetween, sentences, side);
    if (headline) f[at++] = feature2(R.headline, side, pos);
    f[at++] = feature3(R.cueIsColon, cueIsColon, side, pos);
    f[at++] = feature3(R.cueInQuote, cueInQuote, side, inQuote);
    f[at++] = feature3(R.inQuoteSameSentence, inQuote, s === cueSentence ? 1 : 0, side);
    f[at++] = feature3(R.blockOpensQuoteSide, blockOpensQuote, side, inQuote);
    f[at++] = feature3(R.cueSentenceStartsQuote, cueSentenceStartsQuote, side, sentences);
    f[at++] = feature3(R.firstInSentenceSide, t === p.sentenceStart[s] ? 1 : 0, side, sentences);
    if (otherCueTerms) at = otherCueTerms(t, f, at);
    out.at = at;
    out.endToken();
  }
}

/** Role-stage features that depend on where the text's other cues are: the tokens from..to of one window. */
function otherCueFeatures(p: PreparedText, cue: CueRange, from: number, to: number, otherCue: Uint8Array, out: FeatureBuffer): void {
  const terms = otherCueFeatureWriter(p, cue, from, to, otherCue);
  for (let t = from; t < to; t++) {
    out.beginToken(otherCueFeatureCount);
    out.at = terms(t, out.features, out.at);
    out.endToken();
  }
}

const otherCueFeatureCount = 4;

/**
 * A writer of one token's other-cue features into `f` at `at` (returning the new end): other cues between the
 * token and the cue, the token inside one, its sentence holding one.
 */
function otherCueFeatureWriter(p: PreparedText, cue: CueRange, from: number, to: number, otherCue: Uint8Array): (t: number, f: Uint32Array, at: number) => number {
  const n = to - from;
  const cueSentence = p.tokens[cue.start]!.sentence;
  // Other-cue tokens up to each position, to count those between a token and the cue in constant time.
  const cues = new Int32Array(n + 1);
  // Sentences of the window that have a cue of their own.
  const sentenceHasOtherCue = new Set<number>();
  for (let k = 0; k < n; k++) {
    const t = from + k;
    const other = otherCue[t] === 1 && !(t >= cue.start && t < cue.end);
    cues[k + 1] = cues[k]! + (other ? 1 : 0);
    if (other) sentenceHasOtherCue.add(p.tokens[t]!.sentence);
  }
  return (t, f, at) => {
    const side = t < cue.start ? 0 : t >= cue.end ? 2 : 1;
    const s = p.tokens[t]!.sentence;
    const sentences = clamp(s - cueSentence, -3, 3) + 3;
    const inQuote = p.inQuote[t]!;
    const between = t < cue.start ? cues[cue.start - from]! - cues[t + 1 - from]! : t >= cue.end ? cues[t - from]! - cues[cue.end - from]! : 0;
    const otherCues = Math.min(2, between);
    f[at++] = feature3(R.otherCueBetween, side, otherCues, inQuote);
    f[at++] = feature2(R.otherCueHere, otherCue[t] === 1 && side !== 1 ? 1 : 0, side);
    f[at++] = feature3(R.sentenceHasOtherCue, sentences, sentenceHasOtherCue.has(s) ? 1 : 0, inQuote);
    f[at++] = feature3(R.otherCueSide, side, otherCues, sentences);
    return at;
  };
}
