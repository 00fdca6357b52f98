import { pluralOf, regularVerbForms } from './inflect.js';
import { DANGLING_UNDERSCORES, Problems, scanLines, takeGroups, TRAILING_UNDERSCORES, upper, words, type ContentLine, type ParseOptions } from './text.js';
import {
  DictionaryError,
  type CodeSpec,
  type DictionaryMessage,
  type DictionaryOrigin,
  type PatternElement,
  type PhraseWord,
  type Synset,
  type VerbBlock,
  type VerbDictionary,
  type VerbEntry,
  type VerbPattern,
  type VerbTransformation,
} from './types.js';

/**
 * Reader for PETRARCH/TABARI verb dictionaries (`CAMEO.verbpatterns.*.txt`): synsets (`&NAME` with `+phrase`
 * lines), verb blocks (`--- NAME [code] ---`), their verbs and `-` patterns, and `~` transformations.
 *
 * Meaning of `_` here: in synset phrases both `_` and spaces mean consecutive words (the format converts `_` to
 * spaces), so every word but the last is `joinedToNext`. In patterns `_` joins elements that must be adjacent
 * (`IN_*`), a space allows words between, and `_ ` (underscore then space) counts as a space, as in PETRARCH.
 *
 * Synsets are named without `&` and without the `_` that suppresses plurals (`&COINS_` is `COINS`, as
 * patterns write it). A synset must be defined before a pattern uses it. Words are upper-cased; codes are kept
 * as written (`[075A]`, `[---]` as null). `#` and TABARI's `;` start comments, except inside `[...]`.
 */

export interface VerbParseOptions extends ParseOptions {
  /** Synsets defined by verb files read earlier, which patterns of this file may use. */
  synsets?: ReadonlyMap<string, Synset>;
}

export interface VerbParseResult {
  dictionary: VerbDictionary;
  messages: DictionaryMessage[];
}

const ROLE_ELEMENTS = new Map<string, 'source' | 'target' | 'compound' | 'skip' | 'verb'>([
  ['$', 'source'],
  ['+', 'target'],
  ['%', 'compound'],
  ['^', 'skip'],
  ['*', 'verb'],
]);

/**
 * Reads a verb dictionary. Malformed lines throw `DictionaryError` (`FILE:LINE: problem`). Quirks found in real
 * dictionaries (the CAMEO verb patterns hold patterns without a code, without `*` or with two, a stray `}`)
 * are skipped or repaired with a message, or throw in strict mode. Undefined synsets are always messages.
 */
export function parseVerbDictionary(text: string, file: string, options: VerbParseOptions = {}): VerbParseResult {
  return new VerbReader(file, options).read(text);
}

/** A `[...]` code as verb dictionaries write it: `[064]`, `[032:033]`, `[---]`, `[---:033]`. */
export function parseCodeSpec(inner: string, file: string, line: number): CodeSpec {
  const text = inner.trim();
  if (text.length === 0) throw new DictionaryError(file, line, 'empty code `[]`');
  if (/\s/.test(text)) throw new DictionaryError(file, line, `code \`[${text}]\` contains spaces`);
  const parts = text.split(':');
  if (parts.length > 2 || parts.some((part) => part.length === 0)) {
    throw new DictionaryError(file, line, `code \`[${text}]\` is not CODE or CODE:CODE`);
  }
  const codeOrNull = (part: string): string | null => (part === '---' ? null : part);
  const spec: CodeSpec = { primary: codeOrNull(parts[0]!) };
  if (parts.length === 2) spec.paired = codeOrNull(parts[1]!);
  return spec;
}

interface OpenSynset {
  synset: Synset;
  noPlurals: boolean;
  keys: Set<string>;
}

class VerbReader {
  private readonly problems: Problems;
  private readonly synsets: Map<string, Synset>;
  private readonly blocks: VerbBlock[] = [];
  private readonly transformations: VerbTransformation[] = [];
  private readonly blockNames = new Map<string, number>();
  private block: VerbBlock | undefined;
  private openSynset: OpenSynset | undefined;

  constructor(
    private readonly file: string,
    options: VerbParseOptions,
  ) {
    this.synsets = new Map(options.synsets ?? []);
    this.problems = new Problems(file, options.strict);
  }

  read(text: string): VerbParseResult {
    for (const line of scanLines(text, { commentMarks: '#;' }, this.problems)) this.readLine(line);
    this.closeSynset();
    return {
      dictionary: { synsets: this.synsets, blocks: this.blocks, transformations: this.transformations },
      messages: this.problems.messages,
    };
  }

  private readLine(line: ContentLine): void {
    const text = line.text;
    // `+` lines right after `&NAME` are its phrases (blank and comment lines do not end a synset, as in PETRARCH);
    // elsewhere a `+` line is a multi-word verb such as `+BOOP_AWAY`.
    if (this.openSynset && text.startsWith('+')) return this.readSynsetPhrase(line);
    this.closeSynset();
    if (text.startsWith('&')) return this.openSynsetAt(line);
    if (text.startsWith('---')) return this.readBlockHeader(line);
    if (text.startsWith('-')) return this.readPattern(line);
    if (text.startsWith('~')) return this.readTransformation(line);
    this.readVerb(line);
  }

  private origin(line: ContentLine): DictionaryOrigin {
    return { file: this.file, line: line.line };
  }




  // ---- synsets ----

  private openSynsetAt(line: ContentLine): void {
    const label = line.text.slice(1);
    if (!/^[^\s&]+$/.test(label)) this.problems.fail(line, `synset label \`${line.text}\` must be \`&NAME\` with no spaces`);
    // A label ending in `_` (`&HUSHWORDS_`) means "no plurals"; patterns refer to it without the `_`.
    const noPlurals = label.endsWith('_');
    const name = upper(label.replace(TRAILING_UNDERSCORES, ''));
    if (name.length === 0) this.problems.fail(line, 'synset label has no name');
    const previous = this.synsets.get(name);
    if (previous) {
      this.problems.note(line, `synset &${name} defined again (first at ${previous.origin.file}:${previous.origin.line}); this definition replaces it`);
    }
    const synset: Synset = { name, phrases: [], origin: this.origin(line) };
    this.synsets.set(name, synset);
    this.openSynset = { synset, noPlurals, keys: new Set() };
  }

  private closeSynset(): void {
    const open = this.openSynset;
    if (!open) return;
    this.openSynset = undefined;
    if (open.synset.phrases.length === 0) {
      this.problems.note(open.synset.origin.line, `synset &${open.synset.name} has no phrases`);
    }
  }

  private readSynsetPhrase(line: ContentLine): void {
    const open = this.openSynset!;
    const body = line.text.slice(1).trim();
    const pieces = body.split(/[\s_]+/).filter((piece) => piece.length > 0);
    if (pieces.length === 0) this.problems.fail(line, `empty synset phrase \`${line.text}\``);
    // Each piece is a word or a nested synset (`+&TIETYPES`), whose phrases (plurals included) are spliced in.
    const positions: string[][][] = [];
    for (const piece of pieces) {
      if (ROLE_ELEMENTS.has(piece)) this.problems.fail(line, `synset phrases hold words only, not \`${piece}\``);
      if (piece.startsWith('&')) {
        const nested = this.synsets.get(upper(piece.slice(1)));
        if (!nested || nested === open.synset) {
          this.problems.note(line, `synset ${piece} is not defined before this line; phrase skipped`);
          return;
        }
        positions.push(nested.phrases.map((phrase) => phrase.map((word) => word.text)));
      } else {
        positions.push([[upper(piece)]]);
      }
    }
    const variants = this.problems.expand(line, positions).map((chosen) => chosen.flat());
    const lastPiece = pieces[pieces.length - 1]!;
    const wantsPlural = !open.noPlurals && !body.endsWith('_') && !lastPiece.startsWith('&');
    for (const variant of variants) {
      this.addSynsetPhrase(open, variant);
      if (wantsPlural) this.addSynsetPhrase(open, [...variant.slice(0, -1), pluralOf(variant[variant.length - 1]!)]);
    }
  }

  private addSynsetPhrase(open: OpenSynset, phraseWords: string[]): void {
    const key = phraseWords.join(' ');
    if (open.keys.has(key)) return;
    open.keys.add(key);
    open.synset.phrases.push(consecutive(phraseWords));
  }

  // ---- blocks and verbs ----

  private readBlockHeader(line: ContentLine): void {
    // `--- NAME [code] ---`; the closing dashes are optional (`--- NAME  ###` loses them to its comment).
    // `(?<!-)`: a long run of dashes is tried once, not once per dash.
    const body = line.text.slice(3).replace(/(?<!-)-{3,}\s*$/, '');
    const { rest, groups } = takeGroups(body, '[', ']', this.problems, line.line);
    const name = upper(rest.trim().replace(/\s+/g, ' '));
    if (name.length === 0) this.problems.fail(line, 'verb block header `---` has no name');
    if (groups.length > 1) {
      this.problems.quirk(line, `block header has ${groups.length} codes; the first, [${groups[0]!.inner.trim()}], is used`);
    }
    const code = groups.length > 0 ? parseCodeSpec(groups[0]!.inner, this.file, line.line) : null;
    const firstLine = this.blockNames.get(name);
    if (firstLine !== undefined) this.problems.note(line, `verb block ${name} appears again (first at line ${firstLine})`);
    else this.blockNames.set(name, line.line);
    this.block = { name, code, verbs: [], patterns: [], origin: this.origin(line) };
    this.blocks.push(this.block);
  }

  private readVerb(line: ContentLine): void {
    if (!this.block) this.problems.fail(line, `verb \`${line.text}\` comes before any \`--- NAME [code] ---\` block`);
    const braces = takeGroups(line.text, '{', '}', this.problems, line.line);
    const brackets = takeGroups(braces.rest, '[', ']', this.problems, line.line);
    if (braces.groups.length > 1) this.problems.fail(line, 'verb has more than one `{...}` list of forms');
    if (brackets.groups.length > 1) this.problems.fail(line, 'verb has more than one `[code]`');
    const tokens = words(brackets.rest);
    if (tokens.length === 0) this.problems.fail(line, 'verb line has no verb');
    let written = tokens[0]!;
    if (tokens.length > 1) {
      // `DRIFT OFF`: PETRARCH wants `+DRIFT_OFF`; read it so, inflecting the first word unless marked.
      written = tokens.join('_');
      if (!written.includes('+')) written = `+${written}`;
      this.problems.quirk(line, `multi-word verb "${tokens.join(' ')}" written with spaces; read as ${written}`);
    }
    const base = this.readVerbWords(line, written);
    const forms: string[][] = [base.words];
    if (braces.groups.length === 1) {
      // With `{...}` the listed forms are all the forms: nothing regular is added (PETRARCH's rule).
      for (const formText of words(braces.groups[0]!.inner)) {
        const form = this.readFormWords(line, formText, base.verbIndex);
        forms.push(form);
      }
    } else {
      for (const inflected of regularVerbForms(base.words[base.verbIndex]!)) {
        forms.push(base.words.map((word, index) => (index === base.verbIndex ? inflected : word)));
      }
    }
    const entry: VerbEntry = { words: base.words, verbIndex: base.verbIndex, forms: uniqueForms(forms), origin: this.origin(line) };
    if (brackets.groups.length === 1) entry.code = parseCodeSpec(brackets.groups[0]!.inner, this.file, line.line);
    this.block.verbs.push(entry);
  }

  /** Splits `WIRE_+TAP` into words and finds the `+`-marked word (the one that inflects). */
  private readVerbWords(line: ContentLine, written: string): { words: string[]; verbIndex: number } {
    const pieces = written.split('_').filter((piece) => piece.length > 0);
    let verbIndex = -1;
    const verbWords = pieces.map((piece, index) => {
      if (piece.startsWith('+')) {
        if (verbIndex >= 0) this.problems.fail(line, `verb ${written} marks more than one word with \`+\``);
        verbIndex = index;
      }
      if (piece.slice(1).includes('+')) this.problems.fail(line, `verb ${written} has a \`+\` inside a word; put it before the word that inflects`);
      return upper(piece.replace(/^\+/, ''));
    });
    if (verbWords.length === 0) this.problems.fail(line, `verb \`${written}\` has no words`);
    if (verbWords.some((word) => word.length === 0)) this.problems.fail(line, `verb ${written} has an empty word`);
    if (verbIndex < 0) {
      verbIndex = 0;
      if (verbWords.length > 1) this.problems.quirk(line, `multi-word verb ${written} has no \`+\`; the first word is taken as the verb`);
    }
    return { words: verbWords, verbIndex };
  }

  /** An irregular form from `{...}`; a misplaced `+` (`SPINNING_ROUND+`) is forgiven with a message. */
  private readFormWords(line: ContentLine, formText: string, baseVerbIndex: number): string[] {
    const pieces = formText.split('_').filter((piece) => piece.length > 0);
    const marked = pieces.findIndex((piece) => piece.startsWith('+'));
    const misplaced = pieces.some((piece) => piece.slice(1).includes('+'));
    const formWords = pieces.map((piece) => upper(piece.replaceAll('+', '')));
    if (formWords.some((word) => word.length === 0)) this.problems.fail(line, `verb form ${formText} has an empty word`);
    if (misplaced || (marked >= 0 && marked !== baseVerbIndex)) {
      this.problems.quirk(line, `verb form ${formText} marks a different word with \`+\` than its base form; read as ${formWords.join('_')}`);
    }
    return formWords;
  }

  // ---- patterns ----

  private readPattern(line: ContentLine): void {
    if (!this.block) this.problems.fail(line, `pattern \`${line.text}\` comes before any \`--- NAME [code] ---\` block`);
    let body = line.text.slice(1);
    if (body.startsWith('-')) {
      // `-- * HOME [010]`, a real slip: a doubled dash, not a word "-".
      this.problems.quirk(line, 'pattern line starts with `--`; read as `-`');
      body = body.replace(/^-+/, '');
    }
    if (/[{(|]/.test(body)) {
      // TABARI alternatives `{A | B}` and PETRARCH-2 phrase groups are not read (PETRARCH skips them too);
      // an opener that is never closed is still an error.
      takeGroups(body, '{', '}', this.problems, line.line);
      takeGroups(body, '(', ')', this.problems, line.line);
      this.problems.quirk(line, 'pattern uses `{...}`, `(...)` or `|` groups, which this reader does not support; pattern skipped');
      return;
    }
    body = takeGroups(body, '{', '}', this.problems, line.line).rest; // a stray `}` (a real typo) is dropped
    body = takeGroups(body, '(', ')', this.problems, line.line).rest;
    const brackets = takeGroups(body, '[', ']', this.problems, line.line);
    if (brackets.groups.length === 0) {
      this.problems.quirk(line, 'pattern has no [code]; pattern skipped');
      return;
    }
    if (brackets.groups.length > 1) this.problems.fail(line, 'pattern has more than one [code]');
    const codeGroup = brackets.groups[0]!;
    if (body.slice(codeGroup.end).trim().length > 0) {
      this.problems.fail(line, `text after the pattern's code: \`${body.slice(codeGroup.end).trim()}\``);
    }
    const code = parseCodeSpec(codeGroup.inner, this.file, line.line);
    const elements = this.readPatternElements(line, body.slice(0, codeGroup.start));
    const verbCount = elements.filter((element) => element.kind === 'verb').length;
    if (verbCount !== 1) {
      const problem = verbCount === 0 ? 'no `*` standing for the verb' : `${verbCount} \`*\`, not one`;
      this.problems.quirk(line, `pattern has ${problem}; pattern skipped`);
      return;
    }
    for (const element of elements) {
      if (element.kind === 'synset' && !this.synsets.has(element.name)) {
        this.problems.note(line, `synset &${element.name} is not defined before this pattern; pattern skipped`);
        return;
      }
    }
    const pattern: VerbPattern = { elements, code, origin: this.origin(line) };
    if (line.comment !== undefined) pattern.comment = line.comment;
    this.block.patterns.push(pattern);
  }

  private readPatternElements(line: ContentLine, text: string): PatternElement[] {
    // `IN_ *` and a final `OFF_` are TABARI leftovers for "IN *" and "OFF": the `_` joins nothing.
    const tokens = words(text.replace(DANGLING_UNDERSCORES, ''));
    const elements: PatternElement[] = [];
    for (const token of tokens) {
      const pieces = token.split('_').filter((piece) => piece.length > 0);
      pieces.forEach((piece, index) => {
        const joinedToNext = index < pieces.length - 1;
        const role = ROLE_ELEMENTS.get(piece);
        if (role) elements.push({ kind: role, joinedToNext });
        else if (piece.startsWith('&')) {
          const name = upper(piece.slice(1));
          if (!/^[^&*$%^]+$/.test(name)) this.problems.fail(line, `\`${piece}\` is not a synset name`);
          elements.push({ kind: 'synset', name, joinedToNext });
        } else if (piece.includes('*')) {
          this.problems.fail(line, `\`${piece}\`: the verb \`*\` must stand alone or be joined with \`_\``);
        } else elements.push({ kind: 'word', text: upper(piece), joinedToNext });
      });
    }
    return elements;
  }

  // ---- transformations ----

  private readTransformation(line: ContentLine): void {
    // `~ a (a b WILL_ATTACK) SAY = a b 138`: upper source, (lower source, lower target, lower verb), upper verb.
    const match = /^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)$/.exec(line.text);
    if (!match) {
      this.problems.fail(line, 'transformation must read `~ SOURCE (SOURCE TARGET VERB) VERB = SOURCE TARGET CODE`');
    }
    const [, upperSource, lowerSource, lowerTarget, lowerVerb, upperVerb, source, target, code] = match as unknown as string[];
    this.transformations.push({
      upperSource: upperSource!,
      lowerSource: lowerSource!,
      lowerTarget: lowerTarget!,
      lowerVerb: upper(lowerVerb!),
      upperVerb: upper(upperVerb!),
      result: { source: source!, target: target!, code: code! },
      origin: this.origin(line),
    });
  }
}

/** A phrase whose words must all be adjacent. */
function consecutive(phraseWords: readonly string[]): PhraseWord[] {
  return phraseWords.map((text, index) => ({ text, joinedToNext: index < phraseWords.length - 1 }));
}

function uniqueForms(forms: string[][]): string[][] {
  const seen = new Set<string>();
  return forms.filter((form) => {
    const key = form.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
