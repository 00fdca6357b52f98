/** A non-blank line of the text, trimmed, with its offsets in the text it was cut from. */
export interface Line {
  /** Position among the non-blank lines. */
  index: number;
  start: number;
  end: number;
  text: string;
  /** True when one or more blank lines separate it from the line before. */
  afterBlank: boolean;
}

const LINE_BREAK = /\r\n|\n|\r|\u2028|\u2029/g;
/**
 * Whitespace that trimming removes, including the no-break spaces scrapers leave. The lookbehind makes a run of
 * spaces inside a line a single try rather than one per space (quadratic on a line of thousands of spaces).
 */
const EDGE_SPACE = /^[\s\u00a0\u200b\ufeff]+|(?<![\s\u00a0\u200b\ufeff])[\s\u00a0\u200b\ufeff]+$/g;

export function splitLines(text: string, from = 0, to = text.length): Line[] {
  const lines: Line[] = [];
  let lineStart = from;
  let sawBlank = false;
  const push = (start: number, end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.replace(/^[\s\u00a0\u200b\ufeff]+/, '').length;
    const trimmed = raw.replace(EDGE_SPACE, '');
    if (trimmed.length === 0) {
      sawBlank = true;
      return;
    }
    const s = start + lead;
    lines.push({ index: lines.length, start: s, end: s + trimmed.length, text: trimmed, afterBlank: sawBlank });
    sawBlank = false;
  };
  LINE_BREAK.lastIndex = from;
  for (let m = LINE_BREAK.exec(text); m !== null && m.index < to; m = LINE_BREAK.exec(text)) {
    push(lineStart, m.index);
    lineStart = m.index + m[0].length;
  }
  if (lineStart < to) push(lineStart, to);
  return lines;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD_INNER = new Set(["'", '’', '.', '-']);

function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(ch);
}

/**
 * Words as runs that start with a letter or digit and may hold apostrophes, dots and hyphens ("U.S.",
 * "Kim's", "Reader-funded"). A hand loop: the rules call it on every line, where a regex match was the
 * cleaner's hottest spot.
 */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (const ch of text) {
    if (isWordChar(ch)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && WORD_INNER.has(ch))) {
      inWord = false;
    }
  }
  return count;
}

/** Ends like a sentence: terminal punctuation, optionally followed by closing quotes or brackets. */
export function endsLikeSentence(text: string): boolean {
  return /[.!?…]["'”’»)\]]*$/.test(text) || /[.!?,]["'”’»]$/.test(text);
}

/**
 * Body prose: a sentence-like line of some length. Headlines, menus, captions without punctuation and
 * staff lists fail it; one-sentence paragraphs of news ("Unsurprisingly, this has caused some tension.") pass.
 */
export function isProse(text: string): boolean {
  const words = wordCount(text);
  if (words >= 30) return true;
  if (words < 5 || !endsLikeSentence(text) || !/\p{Ll}/u.test(text)) return false;
  // Taglines ("Independent. Reader-funded. Unafraid.") are strings of one- and two-word sentences; a sentence
  // of prose has some length and lower-case function words.
  return text.split(/[.!?…]+["'”’]?\s+/).some((sentence) => wordCount(sentence) >= 4 && (sentence.match(/(?:^|\s)\p{Ll}/gu)?.length ?? 0) >= 2);
}
