import type { Token } from '../../language/text.js';

/**
 * A token as the coder reads it: the dictionaries' upper-case word beside the tagger's part of speech and the
 * offsets into the text it came from (so every coded event points back at its words).
 */
export interface CoderToken {
  word: string;
  pos: string;
  start: number;
  end: number;
}

/** Curly quotes and apostrophes as the dictionaries write them (straight), so `N’T` matches `N'T`. */
function dictionaryForm(text: string): string {
  return text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').toUpperCase();
}

export function coderTokens(tokens: readonly Token[], offset = 0): CoderToken[] {
  const out: CoderToken[] = [];
  tokens.forEach((token, index) => {
    const previous = out[out.length - 1];
    out.push({
      word: dictionaryForm(token.text),
      pos: nameTagFixed(token, previous, index > 0 && tokens[index - 1]!.sentence === token.sentence),
      start: token.start + offset,
      end: token.end + offset,
    });
  });
  return out;
}

/**
 * A capitalised word inside a name is part of the name even where the tagger read a verb ("the Ministry of
 * Silly Walks condemned"): a verb right after a proper noun, written with a capital mid-sentence, is a name.
 */
function nameTagFixed(token: Token, previous: CoderToken | undefined, sameSentence: boolean): string {
  if ((token.pos === 'VERB' || token.pos === 'AUX') && sameSentence && previous?.pos === 'PROPN' && /^\p{Lu}\p{Ll}/u.test(token.text)) return 'PROPN';
  return token.pos;
}

/**
 * Words a pattern may step over even where it asks for adjacent words: articles, some pronouns and auxiliaries,
 * and numbers, which news wording inserts freely ("restore [the] ties", "[has] agreed").
 */
const TRANSPARENT_WORDS = new Set([
  'THE', 'A', 'AN', 'IT', 'HE', 'THEY', 'HER', 'HAS', 'HAD', 'HAVE', 'SOME', 'FEW', 'THAT',
  'HUNDRED', 'THOUSAND', 'MILLION', 'BILLION', 'TRILLION', 'DOZEN',
  'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE',
]);

export function isTransparent(token: CoderToken): boolean {
  return TRANSPARENT_WORDS.has(token.word) || /^\d[\d,.]*$/.test(token.word);
}

export function isPunctuation(token: CoderToken): boolean {
  return token.pos === 'PUNCT' || /^[^\p{L}\p{N}]+$/u.test(token.word);
}
