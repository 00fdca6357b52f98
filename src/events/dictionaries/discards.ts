import { Problems, scanLines, upper, words, type ParseOptions } from './text.js';
import type { DictionaryMessage, DiscardEntry } from './types.js';

/**
 * Reader for PETRARCH discard lists (`*.discards.txt`): one phrase a line; a leading `+` discards the whole
 * story instead of the sentence. A phrase matches where a word starts (PETRARCH prefixes it with a space); with a
 * final `_` it must also end at a word's end (`exact`), otherwise it is a stem (`MOSSBALL` also finds
 * `MOSSBALLS`). Text is upper-cased and `_` inside a phrase is read as a space.
 */

export interface DiscardParseResult {
  discards: DiscardEntry[];
  messages: DictionaryMessage[];
}

export function parseDiscardDictionary(text: string, file: string, options: ParseOptions = {}): DiscardParseResult {
  const problems: Problems = new Problems(file, options.strict);
  const discards: DiscardEntry[] = [];
  const seen = new Map<string, number>();
  for (const line of scanLines(text, { commentMarks: '#' }, problems)) {
    const story = line.text.startsWith('+');
    const phrase = (story ? line.text.slice(1) : line.text).trim();
    const exact = phrase.endsWith('_');
    const normalised = upper(words(phrase.replace(/_/g, ' ')).join(' '));
    if (normalised.length === 0) problems.fail(line.line, 'discard line has no phrase');
    const key = `${story ? '+' : ''}${normalised}${exact ? '_' : ''}`;
    const firstLine = seen.get(key);
    if (firstLine !== undefined) problems.note(line.line, `discard phrase ${normalised} already listed at line ${firstLine}`);
    else seen.set(key, line.line);
    discards.push({ text: normalised, scope: story ? 'story' : 'sentence', exact, origin: { file, line: line.line } });
  }
  return { discards, messages: problems.messages };
}
