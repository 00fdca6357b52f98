import type { CodeSpec, DictionarySet, DiscardEntry } from '../dictionaries/types.js';
import { ActorCoder } from './actors.js';
import { IssueCoder, type IssueCount } from './issues.js';
import { matchPattern, type PatternMatch, type VerbWindow } from './patterns.js';
import { findNounPhrases, type ActorResolver, type NounPhrase, type PhraseMember } from './phrases.js';
import { isPunctuation, type CoderToken } from './tokens.js';
import { VerbLexicon, verbCode, type CompiledPattern, type VerbForm } from './verbs.js';

/** One side of a sentence-level event: its code and the tokens it was coded from. */
export interface CodedSide {
  code: string;
  tokens: number[];
}

/** An event as the coder finds it in one sentence, before the pipeline adds dates, places and attribution. */
export interface SentenceEvent {
  source: CodedSide;
  target: CodedSide;
  code: string;
  /** Verb tokens and the pattern words that chose the code. */
  trigger: number[];
  passive: boolean;
  /** `file:line` of the pattern or verb entry that gave the code. */
  rule: string;
  /** Whether a pattern (not the verb's default code) chose the code. */
  byPattern: boolean;
  /** The verb's tokens `[start, end)` and where its clause starts, for negation and modality. */
  verb: { start: number; end: number; clauseStart: number };
}

export interface CodeOptions {
  /** The sentence text, for discard phrases (tokens joined otherwise). */
  text?: string;
  /** Actor codes for words the dictionaries do not name (resolved pronouns and descriptions). */
  resolve?: ActorResolver;
  /**
   * Read inside statements: code the verbs within what a statement verb (CAMEO 01) reports, and keep the
   * statement's own event only when they code none. PETRARCH 1 stops at the statement; news needs the inside.
   */
  embeddedStatements?: boolean;
}

export interface SentenceCoding {
  events: SentenceEvent[];
  /** Set when a discard phrase ruled the sentence (or, with scope `story`, the whole story) out. */
  discarded?: { scope: 'sentence' | 'story'; phrase: string };
  phrases: NounPhrase[];
  /** Issues the sentence raises (only with an issues dictionary; only where it codes an event, as in PETRARCH). */
  issues: IssueCount[];
}

const PASSIVE_AUXILIARIES = new Set(['WAS', 'WERE', 'IS', 'ARE', 'BEEN', 'BE', 'BEING']);
const CLAUSE_VERB_POS = new Set(['VERB', 'AUX']);
/** Comma-delimited asides up to this many words are skipped when looking back for the subject. */
const ASIDE_MAX_WORDS = 8;
const ASIDE_MIN_WORDS = 2;
/**
 * How many tokens before and after its verb a verb's clause may reach. News clauses are far shorter; the bound
 * keeps run-on input (a list of thousands of items with no full stop) linear instead of quadratic.
 */
const WINDOW_REACH = 80;

/**
 * Codes sentences with PETRARCH/TABARI dictionaries from tagged tokens (no constituency parse): noun phrases are
 * chunked and coded with actors and agents, each dictionary verb is matched against its patterns in the words
 * before and after it, and source and target come from the pattern or, failing that, from the nearest coded
 * phrases before and after the verb.
 */
export class EventCoder {
  readonly actors: ActorCoder;
  readonly verbs: VerbLexicon;
  readonly issues: IssueCoder;
  private readonly discards: readonly DiscardEntry[];
  /** Discards by first word; a one-word stem entry under its text, found through every prefix of a word. */
  private readonly discardIndex = new Map<string, DiscardEntry[]>();

  constructor(dictionaries: DictionarySet) {
    this.actors = new ActorCoder(dictionaries.actors, dictionaries.agents);
    this.verbs = new VerbLexicon(dictionaries.verbs);
    this.issues = new IssueCoder(dictionaries.issues);
    this.discards = dictionaries.discards;
    for (const entry of this.discards) {
      const first = entry.text.toUpperCase().split(/\s+/)[0];
      if (!first) continue;
      const list = this.discardIndex.get(first);
      if (list) list.push(entry);
      else this.discardIndex.set(first, [entry]);
    }
  }

  /** Codes one sentence. `date` is the sentence's date as YYYYMMDD, for date-restricted actor codes. */
  codeSentence(input: readonly CoderToken[], date: string | undefined, options: CodeOptions = {}): SentenceCoding {
    let tokens = input;
    const discarded = this.discardFor(options.text ?? tokens.map((t) => t.word).join(' '));
    if (discarded) return { events: [], discarded, phrases: [], issues: [] };
    tokens = this.markMultiWordVerbs(tokens);
    const phrases = findNounPhrases(tokens, this.actors, date, options.resolve);
    const phraseAt = new Int32Array(tokens.length).fill(-1);
    phrases.forEach((phrase, index) => {
      for (let i = phrase.start; i < phrase.end; i++) phraseAt[i] = index;
    });
    const present = new Set(tokens.map((t) => t.word));
    const events: SentenceEvent[] = [];
    const statements: { events: SentenceEvent[]; end: number; firstInner: number }[] = [];
    // A verb phrase joined to the previous one by "and" shares its subject: "X condemned A and promised B".
    let shared: { subjectStart: number; subjectEnd: number; joinAt: number } | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (!CLAUSE_VERB_POS.has(token.pos) && !looksLikeVerb(token)) continue;
      if (phraseAt[i]! >= 0) continue;
      const found = this.verbAt(tokens, i);
      if (!found) continue;
      const { forms, start, end } = found;
      const upper = upperWindow(tokens, phraseAt, start);
      const window: VerbWindow = {
        tokens,
        phraseAt,
        phrases,
        upperStart: upper.start,
        asides: upper.asides,
        verbStart: start,
        verbEnd: end,
        lowerEnd: lowerEnd(tokens, phraseAt, end),
        synsets: this.verbs.synsets,
      };
      if (shared && joinsPrevious(tokens, shared.joinAt, start)) {
        window.subjectStart = shared.subjectStart;
        window.subjectEnd = shared.subjectEnd;
      }
      shared = undefined;
      const subjectStart = window.subjectStart ?? window.upperStart;
      const subjectEnd = window.subjectEnd ?? window.verbStart;
      if (joinsNextVerbPhrase(tokens, window.lowerEnd)) shared = { subjectStart, subjectEnd, joinAt: window.lowerEnd };
      const matched = bestPattern(forms.flatMap((form) => form.patterns), window, present);
      let code: CodeSpec | null = matched && isEventCode(matched.pattern.code.primary) ? matched.pattern.code : null;
      const byPattern = code !== null;
      const form = forms.find((candidate) => verbCode(candidate)) ?? forms[0]!;
      code ??= verbCode(form);
      if (!code || !isEventCode(code.primary)) continue;
      const verbTokens = range(start, end).filter((t) => !isPunctuation(tokens[t]!));
      const trigger = byPattern ? [...verbTokens, ...matched!.match.words].sort((a, b) => a - b) : verbTokens;
      const rule = byPattern ? `${matched!.pattern.source.origin.file}:${matched!.pattern.source.origin.line}` : `${form.entry.origin.file}:${form.entry.origin.line}`;
      const coded = this.eventsFor(window, byPattern ? matched!.match : { words: [] }, code, trigger, rule, byPattern);
      if (options.embeddedStatements && code.primary.startsWith('01')) {
        // A statement ("Kim stated his intention to release the detainees") is a frame: the verbs inside it are
        // the events. Its own event stands only if none of them codes one.
        statements.push({ events: coded, end: window.lowerEnd, firstInner: events.length + coded.length });
        events.push(...coded);
        continue;
      }
      events.push(...coded);
      // The verb's phrase is coded: verbs inside it belong to it (PETRARCH resumes after the verb phrase).
      i = Math.max(i, window.lowerEnd - 1);
    }
    const framing = new Set<SentenceEvent>();
    for (const statement of statements) {
      // Events are added in verb order: the first one after the statement's own is the nearest candidate inside.
      const next = events[statement.firstInner];
      if (next && next.verb.start < statement.end) for (const event of statement.events) framing.add(event);
    }
    const kept = dedupe(events.filter((event) => !framing.has(event)));
    const issues = kept.length > 0 ? this.issues.issuesOf(options.text ?? tokens.map((t) => t.word).join(' ')) : [];
    return { events: kept, phrases, issues };
  }

  /**
   * The discard phrase in a sentence, if any: a phrase matches at the start of a word, its last word as a stem
   * unless the entry is exact. Entries are indexed by their first word (by every prefix of it for one-word
   * stems), so a sentence costs a few lookups per word, not one scan per entry.
   */
  private discardFor(text: string): SentenceCoding['discarded'] {
    if (this.discards.length === 0) return undefined;
    const words = text.toUpperCase().split(/\s+/).filter(Boolean);
    let sentence: SentenceCoding['discarded'];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      for (let length = 1; length <= word.length; length++) {
        for (const entry of this.discardIndex.get(word.slice(0, length)) ?? []) {
          if (!discardMatchesAt(entry, words, i)) continue;
          if (entry.scope === 'story') return { scope: 'story', phrase: entry.text };
          sentence ??= { scope: 'sentence', phrase: entry.text };
        }
      }
    }
    return sentence;
  }

  /**
   * Multi-word verbs from the dictionary ("cordon off", "wire tap") are verbs wherever all their words stand
   * together, whatever the tagger made of them: it often reads an unusual one as nouns, and the noun phrases
   * would swallow it. Returns the tokens with those words tagged VERB (the input itself when there are none).
   */
  private markMultiWordVerbs(tokens: readonly CoderToken[]): readonly CoderToken[] {
    let marked: CoderToken[] | undefined;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.pos === 'VERB') continue;
      const found = this.verbAt(tokens, i);
      if (!found || found.end - found.start < 2) continue;
      marked ??= [...tokens];
      for (let k = found.start; k < found.end; k++) marked[k] = { ...marked[k]!, pos: 'VERB' };
    }
    return marked ?? tokens;
  }

  /**
   * The dictionary verb at token `i`, multi-word verbs matched around it (longest first). A word can stand in
   * several blocks (the same surface form listed twice): all of them with the same extent are returned, so
   * every block's patterns are tried.
   */
  private verbAt(tokens: readonly CoderToken[], i: number): { forms: VerbForm[]; start: number; end: number } | undefined {
    let found: { forms: VerbForm[]; start: number; end: number } | undefined;
    for (const form of this.verbs.formsOf(tokens[i]!.word)) {
      let start = i;
      let end = i + 1;
      let ok = true;
      for (let k = form.verbIndex + 1; k < form.words.length && ok; k++) {
        if (tokens[end]?.word === form.words[k]) end++;
        else ok = false;
      }
      for (let k = form.verbIndex - 1; k >= 0 && ok; k--) {
        if (start > 0 && tokens[start - 1]!.word === form.words[k]) start--;
        else ok = false;
      }
      if (!ok) continue;
      if (!found) found = { forms: [form], start, end };
      else if (found.start === start && found.end === end) found.forms.push(form);
    }
    return found;
  }

  private eventsFor(window: VerbWindow, match: PatternMatch, code: CodeSpec, trigger: number[], rule: string, byPattern: boolean): SentenceEvent[] {
    const { phrases } = window;
    let targetIndex = match.compound ?? match.target ?? findTarget(window, match.source);
    if (targetIndex === undefined) return [];
    let sourceIndex = match.compound ?? match.source ?? findSource(window, phrases[targetIndex]!);
    if (sourceIndex === undefined) return [];
    const passive = match.source === undefined && match.target === undefined && isPassive(window);
    if (passive) [sourceIndex, targetIndex] = [targetIndex, sourceIndex];
    const verb = { start: window.verbStart, end: window.verbEnd, clauseStart: window.subjectStart ?? window.upperStart };
    let sources = sidesOf(phrases[sourceIndex]!);
    let targets = sidesOf(phrases[targetIndex]!);
    const events: SentenceEvent[] = [];
    const emit = (from: CodedSide[], to: CodedSide[], eventCode: string | null | undefined) => {
      if (!eventCode) return;
      for (const source of from)
        for (const target of to) {
          if (source.code === target.code) continue; // an actor does not act on itself
          // PETRARCH's require_dyad: an event needs something known about both sides.
          if (source.code === '---' || target.code === '---') continue;
          events.push({ source, target, code: eventCode, trigger, passive, rule, byPattern, verb });
        }
    };
    if (code.paired !== undefined) {
      if (sources[0]!.code === '---') sources = targets;
      else if (targets[0]!.code === '---') targets = sources;
      emit(sources, targets, code.primary);
      emit(targets, sources, code.paired);
    } else emit(sources, targets, code.primary);
    return events;
  }
}

/** Whether a discard entry's words stand at word `at`: earlier words whole, the last a stem unless exact. */
function discardMatchesAt(entry: DiscardEntry, words: readonly string[], at: number): boolean {
  const wanted = entry.text.toUpperCase().split(/\s+/).filter(Boolean);
  for (let k = 0; k < wanted.length; k++) {
    const word = words[at + k];
    if (word === undefined || !word.startsWith(wanted[k]!)) return false;
    const rest = word.slice(wanted[k]!.length);
    const isLast = k === wanted.length - 1;
    // Only the last word may run on (a stem); a word may carry trailing punctuation ("baseball,").
    if (rest.length > 0 && (!isLast || entry.exact) && !/^[\p{P}\p{S}]/u.test(rest)) return false;
  }
  return true;
}

/** Event codes are letters and digits (`064`, `1721`, test files' `075A`); `+++` or `###` code nothing. */
function isEventCode(code: string | null | undefined): code is string {
  return typeof code === 'string' && /^[0-9A-Za-z]+$/.test(code);
}

/** A past participle the tagger called an adjective ("broken", "cordoned") may still head a verb phrase. */
function looksLikeVerb(token: CoderToken): boolean {
  return token.pos === 'ADJ' && /(?:ED|EN)$/.test(token.word);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function hasCode(phrase: NounPhrase): boolean {
  return phrase.members.some((member) => member.code !== undefined);
}

function codeOfMember(member: PhraseMember): string {
  return member.code?.code ?? '---';
}

/** The coded members of a phrase; a phrase with none stands as one unknown actor `---`. */
function sidesOf(phrase: NounPhrase): CodedSide[] {
  const coded = phrase.members.filter((member) => member.code !== undefined);
  if (coded.length === 0) return [{ code: '---', tokens: range(phrase.start, phrase.end) }];
  return coded.map((member) => ({ code: codeOfMember(member), tokens: member.tokens }));
}

function phrasesIn(window: VerbWindow, from: number, to: number): number[] {
  const seen: number[] = [];
  for (let i = from; i < to; i++) {
    const index = window.phraseAt[i]!;
    if (index >= 0 && seen[seen.length - 1] !== index) seen.push(index);
  }
  return seen;
}

/**
 * The target: the first coded phrase after the verb, else the first phrase there. A phrase coded like the
 * subject is passed over when another coded phrase follows ("Kim stated that he intends ... U.S. forces": "he" is
 * Kim again).
 */
function findTarget(window: VerbWindow, sourceIndex: number | undefined): number | undefined {
  const after = phrasesIn(window, window.verbEnd, window.lowerEnd);
  const coded = after.filter((index) => hasCode(window.phrases[index]!));
  const subject = sourceIndex ?? findSubject(window);
  const subjectCode = subject === undefined ? undefined : singleCode(window.phrases[subject]!);
  if (subjectCode !== undefined) {
    const other = coded.find((index) => singleCode(window.phrases[index]!) !== subjectCode);
    if (other !== undefined) return other;
  }
  return coded[0] ?? after[0];
}

function singleCode(phrase: NounPhrase): string | undefined {
  return phrase.members.length === 1 ? phrase.members[0]!.code?.code : undefined;
}

/**
 * The phrases that may be the verb's subject, nearest first: those before it in its clause (or in the clause of
 * the verb phrase it is joined to), leaving out comma asides ("Pompeo, who served as CIA Director at the time,
 * later made").
 */
function subjectCandidates(window: VerbWindow): number[] {
  const inAside = (index: number) => window.asides.some(([from, to]) => window.phrases[index]!.start >= from && window.phrases[index]!.start < to);
  return phrasesIn(window, window.subjectStart ?? window.upperStart, window.subjectEnd ?? window.verbStart)
    .filter((index) => !inAside(index))
    .reverse();
}

/** The nearest coded candidate subject, for telling the subject's own pronouns from a target. */
function findSubject(window: VerbWindow): number | undefined {
  return subjectCandidates(window).find((index) => hasCode(window.phrases[index]!));
}

/** The source: the nearest coded candidate subject not coded like the target, else the nearest candidate. */
function findSource(window: VerbWindow, target: NounPhrase): number | undefined {
  const before = subjectCandidates(window);
  const targetCode = target.members.length === 1 ? codeOfMember(target.members[0]!) : undefined;
  const differs = (index: number) => {
    const phrase = window.phrases[index]!;
    return phrase.compound || targetCode === undefined || codeOfMember(phrase.members[0]!) !== targetCode;
  };
  return before.find((index) => hasCode(window.phrases[index]!) && differs(index)) ?? before.find(differs);
}

function isPassive(window: VerbWindow): boolean {
  const { tokens } = window;
  const verb = tokens[window.verbStart]!;
  // A participle after a form of "be": "was condemned", "was sworn in", "were shot" (not "is going").
  if (verb.word.endsWith('ING')) return false;
  let at = window.verbStart - 1;
  while (at >= window.upperStart && tokens[at]!.pos === 'ADV') at--;
  if (at < window.upperStart || !PASSIVE_AUXILIARIES.has(tokens[at]!.word)) return false;
  for (let i = window.verbEnd; i < window.lowerEnd; i++) if (tokens[i]!.word === 'BY') return true;
  return false;
}

/** Counts the words (tokens with a letter) in `[from, to)`. */
function wordCount(tokens: readonly CoderToken[], from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (/\p{L}/u.test(tokens[i]!.word)) count++;
  return count;
}

/**
 * Where the words before a verb start: after the nearest comma outside a noun phrase, except that a short aside
 * set off by two commas ("Arnor's foreign minister, in remarks published on Monday, urged") is stepped over.
 */
function upperWindow(tokens: readonly CoderToken[], phraseAt: Int32Array, verbStart: number): { start: number; asides: [number, number][] } {
  const asides: [number, number][] = [];
  const limit = Math.max(0, verbStart - WINDOW_REACH);
  let at = verbStart - 1;
  while (at >= limit) {
    if (tokens[at]!.word === ',' && phraseAt[at]! < 0) {
      let open = at - 1;
      while (open >= limit && !(tokens[open]!.word === ',' && phraseAt[open]! < 0)) open--;
      const words = wordCount(tokens, open + 1, at);
      if (open >= limit && words >= ASIDE_MIN_WORDS && words <= ASIDE_MAX_WORDS) {
        asides.push([open, at + 1]);
        at = open - 1;
        continue;
      }
      return { start: at + 1, asides };
    }
    if (tokens[at]!.word === ';') return { start: at + 1, asides };
    at--;
  }
  return { start: Math.max(limit, at + 1), asides };
}

/**
 * Where the verb's phrase ends: at the end of the sentence, at a semicolon, before "and" + verb (a second verb
 * phrase), and before a comma that opens a clause with its own subject and verb (", a senior official said").
 */
function lowerEnd(tokens: readonly CoderToken[], phraseAt: Int32Array, verbEnd: number): number {
  const limit = Math.min(tokens.length, verbEnd + WINDOW_REACH);
  for (let at = verbEnd; at < limit; at++) {
    const token = tokens[at]!;
    if (token.word === ';' || (token.pos === 'PUNCT' && /^[.!?]$/.test(token.word) && at === tokens.length - 1)) return at;
    if (phraseAt[at]! >= 0) continue;
    if ((token.word === 'AND' || token.word === 'BUT') && startsVerbPhrase(tokens, at + 1)) return at;
    if (token.word === ',') {
      let next = at + 1;
      if (tokens[next]?.word === 'AND' || tokens[next]?.word === 'BUT') {
        if (startsVerbPhrase(tokens, next + 1)) return at;
        continue;
      }
      const phrase = phraseAt[next] ?? -1;
      if (phrase < 0) continue;
      while (next < tokens.length && phraseAt[next] === phrase) next++;
      while (next < tokens.length && tokens[next]!.pos === 'ADV') next++;
      const after = tokens[next];
      if (after && CLAUSE_VERB_POS.has(after.pos)) return at;
    }
  }
  return limit;
}

/** Whether the phrase ending at `end` is followed by "and"/"but" (or ", and") and another verb phrase. */
function joinsNextVerbPhrase(tokens: readonly CoderToken[], end: number): boolean {
  let at = end;
  if (tokens[at]?.word === ',') at++;
  if (tokens[at]?.word !== 'AND' && tokens[at]?.word !== 'BUT') return false;
  return startsVerbPhrase(tokens, at + 1);
}

/** Whether only the joining words, adverbs and auxiliaries stand between `joinAt` and the verb at `verbStart`. */
function joinsPrevious(tokens: readonly CoderToken[], joinAt: number, verbStart: number): boolean {
  for (let at = joinAt; at < verbStart; at++) {
    const token = tokens[at]!;
    if (token.word === ',' || token.word === 'AND' || token.word === 'BUT' || token.pos === 'ADV' || token.pos === 'AUX' || token.pos === 'PART') continue;
    return false;
  }
  return true;
}

function startsVerbPhrase(tokens: readonly CoderToken[], from: number): boolean {
  let at = from;
  while (at < tokens.length && tokens[at]!.pos === 'ADV') at++;
  const token = tokens[at];
  return token !== undefined && CLAUSE_VERB_POS.has(token.pos);
}

/** How far a match reaches from the verb: the farthest matched word. */
function reach(match: PatternMatch, window: VerbWindow): number {
  let farthest = 0;
  for (const word of match.words) farthest = Math.max(farthest, word < window.verbStart ? window.verbStart - word : word - window.verbEnd + 1);
  return farthest;
}

/**
 * The most specific matching pattern (most literal words); between equally specific ones, the one whose words
 * stand nearest the verb ("promised ... that he would sign" over a "meeting" at the end of the sentence), then
 * file order.
 */
function bestPattern(patterns: readonly CompiledPattern[], window: VerbWindow, present: Set<string>): { pattern: CompiledPattern; match: PatternMatch } | undefined {
  let best: { pattern: CompiledPattern; match: PatternMatch; reach: number } | undefined;
  for (const pattern of patterns) {
    if (best && pattern.specificity < best.pattern.specificity) continue;
    if (!pattern.requiredWords.every((word) => present.has(word))) continue;
    const match = matchPattern(pattern, window);
    if (!match) continue;
    const distance = reach(match, window);
    if (best && pattern.specificity === best.pattern.specificity && distance >= best.reach) continue;
    best = { pattern, match: { ...match, words: [...match.words] }, reach: distance };
  }
  return best;
}

function dedupe(events: SentenceEvent[]): SentenceEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = `${event.source.code}|${event.target.code}|${event.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
