/**
 * How a statement reached the reader: the outlets an article cites ("a report by The Asahi Shimbun", "United
 * Press International reported", "told Vanity Fair", "in an interview with Fox & Friends"), found by the way
 * news cites them, and the chain each attribution travelled: speaker → venue → outlets → this article's outlet.
 */
import type { ChainLink, MentionSpan, TextRange } from '../document/types.js';
import type { Token } from '../language/text.js';
import { outletByName, PUBLICATION_NOUNS, type OutletKind } from './outlets.js';

/** A token with its offsets in the original text. */
export interface PlacedToken extends Token {
  /** Original-text offsets. */
  from: number;
  to: number;
  /** Paragraph of the reading view. */
  paragraph: number;
}

/**
 * Where an outlet enters a statement's path: `venue` (the speaker spoke to it: "told X", "an interview with X"),
 * `origin` (it first published the account: "a report by X", "X's report"), `carrier` (it passed the account
 * on: "X reported", "according to X").
 */
export type CitationRole = 'venue' | 'origin' | 'carrier';

export interface Citation {
  name: string;
  kind: OutletKind;
  role: CitationRole;
  range: TextRange;
  sentence: number;
  paragraph: number;
  /** Token index of the name's first word. */
  at: number;
  entity?: string;
}

/** Platforms people post statements on; one word each, as written. */
const PLATFORMS = new Set(['Twitter', 'Facebook', 'Instagram', 'Telegram', 'YouTube', 'TikTok', 'Weibo', 'WeChat', 'Threads', 'Bluesky', 'LinkedIn']);

const TIME_WORDS = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|january|february|march|april|may|june|july|august|september|october|november|december|last|recent|new|latest|earlier|previous|weekend|week|month|year)$/i;
const CONNECTORS = new Set(['&', 'and', 'of', '-']);
const isCapitalised = (text: string): boolean => /^\p{Lu}/u.test(text);

/** The run of capitalised words starting at `at` ("The Asahi Shimbun", "Fox & Friends"), as token indices. */
function nameRunAfter(tokens: readonly PlacedToken[], at: number): [number, number] | undefined {
  let first = at;
  if (tokens[first]?.text === 'The' || tokens[first]?.text === 'the') first++;
  let last = first - 1;
  for (let k = first; k < tokens.length && tokens[k]!.sentence === tokens[at]!.sentence; k++) {
    const text = tokens[k]!.text;
    if (isCapitalised(text) && !TIME_WORDS.test(text)) last = k;
    else if (CONNECTORS.has(text) && k > first && isCapitalised(tokens[k + 1]?.text ?? '')) continue;
    else break;
  }
  if (last < first) return undefined;
  return [tokens[at]!.text.toLowerCase() === 'the' ? at : first, last];
}

/** The run of capitalised words ending at `at`, reaching back over "The". */
function nameRunBefore(tokens: readonly PlacedToken[], at: number): [number, number] | undefined {
  let first = at + 1;
  for (let k = at; k >= 0 && tokens[k]!.sentence === tokens[at]!.sentence; k--) {
    const text = tokens[k]!.text;
    if (isCapitalised(text) && !TIME_WORDS.test(text)) first = k;
    else if (CONNECTORS.has(text) && k < at && isCapitalised(tokens[k - 1]?.text ?? '')) continue;
    else break;
  }
  if (first > at) return undefined;
  if (tokens[first - 1]?.text === 'The' && tokens[first - 1]!.sentence === tokens[at]!.sentence) first--;
  return [first, at];
}

/**
 * Outlets the article cites, with the part they play. A known outlet or wire counts wherever such a pattern
 * names it; an unknown name counts only where the pattern itself says it is a publication ("a report by X").
 */
export function findCitations(tokens: readonly PlacedToken[], text: string, mentions: readonly MentionSpan[]): Citation[] {
  const citations: Citation[] = [];
  const lower = tokens.map((t) => t.text.toLowerCase());
  const add = (run: [number, number] | undefined, role: CitationRole, contextSaysPublication: boolean): void => {
    if (!run) return;
    const [first, last] = run;
    const range = { start: tokens[first]!.from, end: tokens[last]!.to };
    const surface = text.slice(range.start, range.end).replace(/['’]s$/, '');
    const known = outletByName(surface);
    if (!known && !contextSaysPublication) return;
    if (citations.some((c) => c.range.start === range.start)) return;
    const mention = mentions.find((m) => m.start <= range.start && range.end <= m.end + 2 && m.form === 'name');
    citations.push({
      name: known?.name ?? surface,
      kind: known?.kind ?? 'outlet',
      role,
      range,
      sentence: tokens[first]!.sentence,
      paragraph: tokens[first]!.paragraph,
      at: first,
      ...(mention && !known ? { entity: mention.entity } : {}),
    });
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = lower[i]!;
    const next = lower[i + 1] ?? '';
    // "X reported", "X had reported", "X reports", "X said" (a known outlet only), "X revealed".
    if ((tokens[i]!.lemma === 'report' && tokens[i]!.pos === 'VERB') || ((word === 'said' || word === 'revealed' || word === 'wrote') && i > 0)) {
      let before = i - 1;
      if (['had', 'has', 'have', 'first', 'also', 'previously', 'earlier', 'initially'].includes(lower[before] ?? '')) before--;
      if (before >= 0 && isCapitalised(tokens[before]!.text)) add(nameRunBefore(tokens, before), 'carrier', tokens[i]!.lemma === 'report');
    }
    // "a report by X", "an article in X", "an interview with X", "reporting from X".
    if (PUBLICATION_NOUNS.has(word) && ['by', 'in', 'from', 'with', 'on', 'for', 'to'].includes(next)) {
      add(nameRunAfter(tokens, i + 2), word === 'interview' ? 'venue' : 'origin', true);
    }
    // "X's report", "a Wednesday Vox report", "according to a CNN report".
    if (PUBLICATION_NOUNS.has(word) && i > 0) {
      let before = i - 1;
      if (lower[before] === '’s' || lower[before] === "'s") before--;
      if (before >= 0 && isCapitalised(tokens[before]!.text) && !TIME_WORDS.test(tokens[before]!.text)) add(nameRunBefore(tokens, before), 'origin', true);
    }
    // "wrote on Twitter", "said in a post on Truth Social": a platform is where the speaker said it.
    if ((word === 'on' || word === 'via') && PLATFORMS.has(tokens[i + 1]?.text ?? '')) {
      const at = i + 1;
      const range = { start: tokens[at]!.from, end: tokens[at]!.to };
      if (!citations.some((c) => c.range.start === range.start)) {
        citations.push({ name: tokens[at]!.text, kind: 'outlet', role: 'venue', range, sentence: tokens[at]!.sentence, paragraph: tokens[at]!.paragraph, at });
      }
    }
    // "told X", "told X's reporter", "according to X", "speaking to X".
    if ((word === 'told' || (word === 'to' && ['according', 'speaking', 'spoke', 'talking'].includes(lower[i - 1] ?? ''))) && isCapitalised(tokens[i + 1]?.text ?? '')) {
      add(nameRunAfter(tokens, i + 1), word === 'told' || lower[i - 1] !== 'according' ? 'venue' : 'carrier', false);
    }
  }
  return citations.sort((a, b) => a.range.start - b.range.start);
}

/** Cues that say the writer has the statement second-hand, so it travelled the way the article's sources did. */
const HEARSAY = /^(?:reportedly|allegedly|reported|revealed|was said|is said|were said|are said|according)/i;

/**
 * The chain from the speaker to this article's publisher. Outlets cited in the statement's own sentence come
 * first (venues, then origins, then carriers in the order written); a second-hand statement ("Kim reportedly
 * said") with none of its own takes the outlets the article last cited for its account.
 */
export function chainFor(
  speaker: ChainLink,
  cueText: string,
  sentence: number,
  paragraph: number,
  citations: readonly Citation[],
  publisher: string | undefined,
  speakerRange?: TextRange,
): ChainLink[] {
  const chain: ChainLink[] = [speaker];
  let own = citations.filter((c) => c.sentence === sentence);
  if (own.length === 0 && HEARSAY.test(cueText.trim())) {
    const earlier = citations.filter((c) => c.sentence < sentence && c.role !== 'venue' && paragraph - c.paragraph <= 3);
    const lastSentence = earlier[earlier.length - 1]?.sentence;
    own = earlier.filter((c) => c.sentence === lastSentence);
  }
  const order: Record<CitationRole, number> = { venue: 0, origin: 1, carrier: 2 };
  for (const c of [...own].sort((a, b) => order[a.role] - order[b.role] || a.range.start - b.range.start)) {
    // The speaker itself is no link of its own chain ("according to a Vox report" spoken by Vox).
    if (speakerRange && c.range.start < speakerRange.end && speakerRange.start < c.range.end) continue;
    if (chain.some((l) => l.name === c.name)) continue;
    chain.push({ name: c.name, role: c.role === 'venue' ? 'venue' : c.kind, range: c.range, ...(c.entity ? { entity: c.entity } : {}) });
  }
  if (publisher && !chain.some((l) => l.name.toLowerCase() === publisher.toLowerCase())) chain.push({ name: publisher, role: 'publisher' });
  return chain;
}
