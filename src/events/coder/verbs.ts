import type { CodeSpec, PatternElement, Synset, VerbBlock, VerbDictionary, VerbEntry, VerbPattern } from '../dictionaries/types.js';

/** A verb pattern ready to match: the elements before the verb (nearest first) and after it, in text order. */
export interface CompiledPattern {
  before: PatternElement[];
  after: PatternElement[];
  /** Whether the first element after the verb must follow it directly (`*_OUT`). */
  afterJoinedToVerb: boolean;
  code: CodeSpec;
  /** Literal words and synsets the pattern needs: the more, the more specific. */
  specificity: number;
  /** Every literal word the pattern needs, to skip patterns whose words are absent from the sentence. */
  requiredWords: string[];
  source: VerbPattern;
  block: VerbBlock;
}

/** A surface form of a verb: its words, which of them inflects, and the entry it belongs to. */
export interface VerbForm {
  words: string[];
  verbIndex: number;
  entry: VerbEntry;
  block: VerbBlock;
  patterns: CompiledPattern[];
}

function compilePattern(pattern: VerbPattern, block: VerbBlock): CompiledPattern {
  const verbAt = pattern.elements.findIndex((element) => element.kind === 'verb');
  const before = pattern.elements.slice(0, verbAt).reverse();
  const after = pattern.elements.slice(verbAt + 1);
  const literal = pattern.elements.filter((element) => element.kind === 'word' || element.kind === 'synset');
  return {
    before,
    after,
    afterJoinedToVerb: pattern.elements[verbAt]?.joinedToNext ?? false,
    code: pattern.code,
    specificity: literal.length,
    requiredWords: pattern.elements.flatMap((element) => (element.kind === 'word' ? [element.text] : [])),
    source: pattern,
    block,
  };
}

/** The verb dictionary indexed by the inflected word of every form, each form carrying its block's patterns. */
export class VerbLexicon {
  readonly synsets: Map<string, Synset>;
  private readonly forms = new Map<string, VerbForm[]>();

  constructor(dictionary: VerbDictionary) {
    this.synsets = dictionary.synsets;
    for (const block of dictionary.blocks) {
      const patterns = block.patterns.filter((p) => p.elements.some((e) => e.kind === 'verb')).map((p) => compilePattern(p, block));
      for (const entry of block.verbs) {
        for (const words of entry.forms) {
          const verbIndex = Math.min(entry.verbIndex, words.length - 1);
          const form: VerbForm = { words, verbIndex, entry, block, patterns };
          const key = words[verbIndex]!;
          const list = this.forms.get(key);
          if (list) list.push(form);
          else this.forms.set(key, [form]);
        }
      }
    }
    // Longer multi-word forms first, so "BREAK DOWN" is tried before "BREAK".
    for (const list of this.forms.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  formsOf(word: string): readonly VerbForm[] {
    return this.forms.get(word) ?? [];
  }
}

/** The code a verb has on its own: its own `[...]` or its block's; null when neither gives an event. */
export function verbCode(form: VerbForm): CodeSpec | null {
  const code = form.entry.code ?? form.block.code;
  return code && code.primary ? code : null;
}
