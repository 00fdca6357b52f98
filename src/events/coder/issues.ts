import type { IssueEntry } from '../dictionaries/types.js';

/** An issue a sentence raises, with how many of its phrases the sentence holds. */
export interface IssueCount {
  code: string;
  count: number;
}

interface IssuePhrase {
  words: string[];
  entry: IssueEntry;
}

/**
 * Issue coding as PETRARCH does it: plain phrase matching on the sentence (word boundaries at both ends), codes
 * counted per sentence, and any ignore phrase cancelling the sentence's issues. Phrases are indexed by their
 * first word, so a sentence costs a lookup per word rather than a scan of the dictionary.
 */
export class IssueCoder {
  private readonly byFirstWord = new Map<string, IssuePhrase[]>();

  constructor(entries: readonly IssueEntry[]) {
    for (const entry of entries) {
      for (const phrase of entry.phrases) {
        const words = phrase.split(' ').filter(Boolean);
        if (words.length === 0) continue;
        const list = this.byFirstWord.get(words[0]!);
        if (list) list.push({ words, entry });
        else this.byFirstWord.set(words[0]!, [{ words, entry }]);
      }
    }
  }

  get size(): number {
    return this.byFirstWord.size;
  }

  issuesOf(text: string): IssueCount[] {
    if (this.byFirstWord.size === 0) return [];
    const words = text.toUpperCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
    const counts = new Map<string, number>();
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.byFirstWord.get(words[i]!) ?? []) {
        if (!phrase.words.every((word, k) => words[i + k] === word)) continue;
        if (phrase.entry.ignore) return [];
        if (phrase.entry.code) counts.set(phrase.entry.code, (counts.get(phrase.entry.code) ?? 0) + 1);
      }
    }
    return [...counts].map(([code, count]) => ({ code, count }));
  }
}
