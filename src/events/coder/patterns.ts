import type { PatternElement, Synset } from '../dictionaries/types.js';
import type { NounPhrase } from './phrases.js';
import { isTransparent, type CoderToken } from './tokens.js';
import type { CompiledPattern } from './verbs.js';

/** The sentence around one verb: token windows before it (`upper`) and after it (`lower`), end exclusive. */
export interface VerbWindow {
  tokens: readonly CoderToken[];
  /** Index of the noun phrase each token belongs to, or -1. */
  phraseAt: Int32Array;
  phrases: readonly NounPhrase[];
  upperStart: number;
  verbStart: number;
  verbEnd: number;
  lowerEnd: number;
  /** Comma asides `[from, to)` stepped over between the clause start and the verb. */
  asides: [number, number][];
  synsets: Map<string, Synset>;
  /** Where to look for the subject when it is not right before the verb (a second verb phrase after "and"). */
  subjectStart?: number;
  subjectEnd?: number;
}

/** What a matched pattern fixed: the phrases in the roles it names and the words it matched. */
export interface PatternMatch {
  source?: number;
  target?: number;
  /** A `%` phrase: its members act on each other. */
  compound?: number;
  words: number[];
}

/** Bounds the search of one pattern; patterns are short, this only guards against pathological inputs. */
const STEP_BUDGET = 20_000;

interface SearchState {
  steps: number;
}

/**
 * Matches one pattern around a verb, TABARI-style: words separated by a space in the pattern may have other words
 * between them, words joined by `_` must be adjacent (articles, auxiliaries and numbers aside); `$` and `+` take
 * the noun phrase found there, `^` steps over one, `%` needs a coordination. The words after the verb are matched
 * forwards from it, the words before it backwards, by one search that a direction parameterises.
 */
export function matchPattern(pattern: CompiledPattern, window: VerbWindow): PatternMatch | undefined {
  const state: SearchState = { steps: 0 };
  const forward = forwards(window, pattern);
  const after = search(pattern.after, 0, window.verbEnd, forward, window, { words: [] }, state);
  if (!after) return undefined;
  return search(pattern.before, 0, window.verbStart - 1, backwards(window, pattern), window, after, state);
}

/** How a search walks the tokens on one side of the verb. */
interface Direction {
  step: 1 | -1;
  /** The farthest position on this side of the verb. */
  bound: number;
  /** Whether a position is still on this side of the verb, inside the window. */
  inside(at: number): boolean;
  /** Whether element `k` must stand right next to what was matched before it (in search order). */
  adjacent(k: number): boolean;
  /** First token of an occurrence of `length` words found at `at`. */
  occurrenceStart(at: number, length: number): number;
  /** Where a phrase is entered from this side, and where the search goes on after it. */
  phraseEdge(phrase: NounPhrase): number;
  afterPhrase(phrase: NounPhrase): number;
}

function forwards(window: VerbWindow, pattern: CompiledPattern): Direction {
  return {
    step: 1,
    bound: window.lowerEnd - 1,
    inside: (at) => at < window.lowerEnd,
    adjacent: (k) => (k === 0 ? pattern.afterJoinedToVerb : pattern.after[k - 1]!.joinedToNext),
    occurrenceStart: (at) => at,
    phraseEdge: (phrase) => phrase.start,
    afterPhrase: (phrase) => Math.min(phrase.end, window.lowerEnd),
  };
}

function backwards(window: VerbWindow, pattern: CompiledPattern): Direction {
  return {
    step: -1,
    bound: window.upperStart,
    inside: (at) => at >= window.upperStart,
    // Elements before the verb are searched nearest first: each one's own `_` ties it to what follows it.
    adjacent: (k) => pattern.before[k]!.joinedToNext,
    occurrenceStart: (at, length) => at - length + 1,
    phraseEdge: (phrase) => phrase.end - 1,
    afterPhrase: (phrase) => Math.max(phrase.start, window.upperStart) - 1,
  };
}

/** The positions an element may take from `position`: only past transparent words when it must be adjacent. */
function lastCandidate(window: VerbWindow, direction: Direction, position: number, adjacent: boolean): number {
  if (!adjacent) return direction.bound;
  let at = position;
  while (direction.inside(at + direction.step) && isTransparent(window.tokens[at]!)) at += direction.step;
  return at;
}

/** Lengths of the synset's phrases that occur with one end at `at` (their start forwards, their end backwards). */
function synsetLengthsAt(window: VerbWindow, direction: Direction, synset: Synset | undefined, at: number): number[] {
  if (!synset) return [];
  const lengths: number[] = [];
  for (const phrase of synset.phrases) {
    const first = direction.occurrenceStart(at, phrase.length);
    const last = first + phrase.length - 1;
    if (!direction.inside(direction.step === 1 ? last : first) || first < 0 || last >= window.tokens.length) continue;
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) ok = window.tokens[first + k]!.word === phrase[k]!.text;
    if (ok) lengths.push(phrase.length);
  }
  return lengths;
}

function search(
  elements: readonly PatternElement[],
  k: number,
  position: number,
  direction: Direction,
  window: VerbWindow,
  found: PatternMatch,
  state: SearchState,
): PatternMatch | undefined {
  if (k === elements.length) return found;
  if (++state.steps > STEP_BUDGET || !direction.inside(position)) return undefined;
  const element = elements[k]!;
  const last = lastCandidate(window, direction, position, direction.adjacent(k));
  for (let at = position; direction.step === 1 ? at <= last : at >= last; at += direction.step) {
    const token = window.tokens[at]!;
    switch (element.kind) {
      case 'word':
        if (token.word === element.text) {
          found.words.push(at);
          const result = search(elements, k + 1, at + direction.step, direction, window, found, state);
          if (result) return result;
          found.words.pop();
        }
        break;
      case 'synset':
        for (const length of synsetLengthsAt(window, direction, window.synsets.get(element.name), at)) {
          const first = direction.occurrenceStart(at, length);
          for (let w = first; w < first + length; w++) found.words.push(w);
          const result = search(elements, k + 1, at + direction.step * length, direction, window, found, state);
          if (result) return result;
          found.words.length -= length;
        }
        break;
      default: {
        const phraseIndex = window.phraseAt[at]!;
        if (phraseIndex < 0) break;
        const phrase = window.phrases[phraseIndex]!;
        // Take a phrase at its edge (or where the search stands inside it), never halfway through again.
        if (at !== direction.phraseEdge(phrase) && at !== position) break;
        const roles = withRole(found, element.kind, phraseIndex, phrase);
        if (!roles) break;
        const result = search(elements, k + 1, direction.afterPhrase(phrase), direction, window, roles, state);
        if (result) return result;
      }
    }
  }
  return undefined;
}

function withRole(found: PatternMatch, kind: PatternElement['kind'], phraseIndex: number, phrase: NounPhrase): PatternMatch | undefined {
  switch (kind) {
    case 'source':
      return { ...found, source: phraseIndex };
    case 'target':
      return { ...found, target: phraseIndex };
    case 'compound':
      return phrase.compound ? { ...found, compound: phraseIndex } : undefined;
    case 'skip':
      return found;
    default:
      return undefined;
  }
}
