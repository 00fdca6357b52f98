/**
 * Two layout conventions of news text that attribute speech without a speech verb, which the tagger sees too
 * rarely in training to learn (a few articles use them, but each uses them many times):
 *
 * - transcripts: lines opening with a speaker label in capitals, "WALLACE: Let's start with …", where the
 *   colon is the cue, the label the source and the rest of the turn the content;
 * - signed quotes: a quotation followed by a dash and the speaker's name, "“…” ― Sonya Herridge", where the
 *   dash is the cue, the name the source and the quotation the content.
 *
 * Both are read from the characters of the text; an attribution is added only where the tagger found no cue.
 * A dash and an outlet's name after a quotation ("- Reuters.") is a credit, not a signature.
 */
import { outletByName } from '../outlets.js';
import type { PredictedAttribution, Span } from './types.js';

/** Capitalised labels that head sections or notes, not turns of speech. */
const NOT_SPEAKERS = new Set([
  'UPDATE', 'UPDATED', 'CORRECTION', 'CLARIFICATION', 'EDITOR\'S NOTE', 'EDITORS NOTE', 'NOTE', 'BYLINE', 'VIDEO',
  'PHOTO', 'PHOTOS', 'WATCH', 'READ MORE', 'RELATED', 'EMAIL', 'SOURCE', 'SOURCES', 'DISCLOSURE', 'PREVIOUSLY',
  'EXCLUSIVE', 'BREAKING',
]);

/**
 * A turn label at the start of a line: one to four words in capitals (initials and apostrophes allowed), then a
 * colon. `turnsOf` also wants two capitals in a row, so "Q:" and "A:" of an interview are not names.
 */
const TURN_LABEL = /^[^\S\n]*(?:["“][^\S\n]*)?((?:[A-Z][A-Z.'’-]*)(?:[^\S\n]+[A-Z][A-Z.'’-]*){0,3})(:)[^\S\n]+(?=\S)/gm;

interface Turn {
  label: Span;
  colon: Span;
  name: string;
  /** Where the turn's line starts: the turn before ends there. */
  lineStart: number;
  /** Where the turn's own text starts. */
  textStart: number;
}

function turnsOf(text: string): Turn[] {
  const turns: Turn[] = [];
  for (const m of text.matchAll(TURN_LABEL)) {
    const name = m[1]!;
    if (NOT_SPEAKERS.has(name.replace(/’/g, '\'')) || !/[A-Z]{2}/.test(name)) continue;
    const labelStart = m.index + m[0].indexOf(name);
    const colonStart = labelStart + name.length;
    turns.push({ label: { start: labelStart, end: colonStart }, colon: { start: colonStart, end: colonStart + 1 }, name, lineStart: m.index, textStart: m.index + m[0].length });
  }
  return turns;
}

/** The end of the line `from` is on. */
function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

const trimEnd = (text: string, span: Span): Span => {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: span.start, end };
};

/**
 * Transcript turns. A transcript has at least two speakers and someone speaks twice; a lone "UPDATE:" or a
 * headline kicker ("BOOM: …") is not one. A turn runs to the end of its line and on over at most three
 * following lines, stopping at the next turn's line.
 */
function transcriptAttributions(text: string): PredictedAttribution[] {
  const turns = turnsOf(text);
  const speakers = new Map<string, number>();
  for (const t of turns) speakers.set(t.name, (speakers.get(t.name) ?? 0) + 1);
  if (speakers.size < 2 || ![...speakers.values()].some((n) => n >= 2)) return [];
  return turns.map((turn, i) => {
    const next = turns[i + 1]?.lineStart ?? text.length;
    const content: Span[] = [];
    let start = turn.textStart;
    for (let line = 0; line < 4 && start < next; line++) {
      const end = Math.min(lineEnd(text, start), next);
      const piece = trimEnd(text, { start, end });
      if (piece.end > piece.start) content.push(piece);
      start = end;
      while (start < next && /\s/.test(text[start]!)) start++;
    }
    return { cue: [turn.colon], source: [turn.label], content };
  });
}

const OPENING_QUOTES = '“"«';

/**
 * Signed quotes: a closing quotation mark, a dash (on the same line or the next), and a name of one to four
 * capitalised words ending the line or followed by a comma, a full stop or the next quotation.
 */
const SIGNATURE = /[”"»](?:[^\S\n]*\n){0,2}[^\S\n]*(―|—|–|--?)[^\S\n]*((?:\p{Lu}(?:\.|[\p{L}'’-]*))(?:[^\S\n]+\p{Lu}(?:\.|[\p{L}'’-]*)){0,3})(?=[^\S\n]*(?:[,.]|$|[“"‘«]))/gmu;

/** The longest quotation a signature is taken to sign: the backward search stops there. */
const MAX_SIGNED_QUOTE = 3_000;

function signedQuoteAttributions(text: string): PredictedAttribution[] {
  const out: PredictedAttribution[] = [];
  // A quotation starts after the previous signature: searches never overlap, so a text costs linear time.
  let previousEnd = 0;
  for (const m of text.matchAll(SIGNATURE)) {
    // "- Reuters." after a quotation credits the wire that carried it: not a speaker's signature.
    if (outletByName(m[2]!)) continue;
    const dashStart = m.index + m[0].indexOf(m[1]!, 1);
    const nameStart = m.index + m[0].lastIndexOf(m[2]!);
    const close = m.index;
    // The quotation it signs: back to its opening mark within the paragraph, else (a mark mistyped or
    // missing) from the paragraph's start.
    const floor = Math.max(previousEnd, close - MAX_SIGNED_QUOTE);
    previousEnd = nameStart + m[2]!.length;
    let open = close - 1;
    while (open >= floor && !OPENING_QUOTES.includes(text[open]!) && text[open] !== '\n') open--;
    // Past the floor: only the start of the text counts as the start of a line.
    if (open < floor && floor > 0) continue;
    if (open < 0 || text[open] === '\n') {
      open++;
      while (open < close && /\s/.test(text[open]!)) open++;
    }
    if (close - open < 2) continue;
    out.push({ cue: [{ start: dashStart, end: dashStart + m[1]!.length }], source: [{ start: nameStart, end: nameStart + m[2]!.length }], content: [{ start: open, end: close + 1 }] });
  }
  return out;
}

/** The attributions the conventions add to what the tagger found: only where no found cue or source is. */
export function conventionAttributions(text: string, found: readonly PredictedAttribution[]): PredictedAttribution[] {
  const candidates = [...transcriptAttributions(text), ...signedQuoteAttributions(text)];
  if (candidates.length === 0) return [];
  // Characters already claimed as a cue or a source.
  const claimed = new Uint8Array(text.length);
  const claim = (spans: readonly Span[]): void => {
    for (const s of spans) claimed.fill(1, s.start, s.end);
  };
  const isFree = (spans: readonly Span[]): boolean => spans.every((s) => claimed.subarray(s.start, s.end).every((c) => c === 0));
  for (const a of found) claim([...a.cue, ...a.source]);
  const added: PredictedAttribution[] = [];
  for (const candidate of candidates) {
    const spans = [...candidate.cue, ...candidate.source];
    if (!isFree(spans)) continue;
    added.push(candidate);
    claim(spans);
  }
  return added;
}
