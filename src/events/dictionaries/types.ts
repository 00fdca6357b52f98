/**
 * PETRARCH/TABARI dictionaries as eventwire holds them after reading. The reader keeps the dictionaries' own
 * vocabulary (upper-case words, `_` joins, CAMEO code strings) and records where every entry came from, so an
 * event can say which dictionary line coded it and a malformed line can be reported by file and line.
 */

/** Where an entry was read: the file as given to the reader and its 1-based line number. */
export interface DictionaryOrigin {
  file: string;
  line: number;
}

/** A problem the reader tolerated (an unknown synset, a duplicate entry); fatal problems throw `DictionaryError`. */
export interface DictionaryMessage extends DictionaryOrigin {
  message: string;
}

/** Thrown for a malformed line; the message starts with `FILE:LINE:` so users can jump to it. */
export class DictionaryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'DictionaryError';
  }
}

/**
 * A code as dictionaries write it in `[...]`: `[064]`, the paired form `[032:033]` (the second code is for the
 * reverse direction of a symmetric event), or the null code `[---]` (`primary: null`). Codes are kept as
 * strings: real files hold `0874`, `1721`, and test files `075A`.
 */
export interface CodeSpec {
  primary: string | null;
  /** Present only for the `a:b` form; null when written `---`. */
  paired?: string | null;
}

/** One word of a phrase; `joinedToNext` is true where the file joined it to the next word with `_`. */
export interface PhraseWord {
  text: string;
  joinedToNext: boolean;
}

/**
 * One element of a verb pattern. `word` and `synset` are literal text (upper case); `source` is `$`, `target`
 * `+`, `compound` `%` (the actors on that side act together: a paired event), `skip` `^` (skip a noun phrase),
 * `verb` is the `*` that stands for the verb itself. `joinedToNext` is true when `_` joined it to the next element
 * (for example `IN_*`: IN must come right before the verb).
 */
export type PatternElement =
  | { kind: 'word'; text: string; joinedToNext: boolean }
  | { kind: 'synset'; name: string; joinedToNext: boolean }
  | { kind: 'source' | 'target' | 'compound' | 'skip' | 'verb'; joinedToNext: boolean };

/** A `-` line of a verb block: elements in text order (exactly one `verb`), its code and the comment after `#`. */
export interface VerbPattern {
  elements: PatternElement[];
  code: CodeSpec;
  comment?: string;
  origin: DictionaryOrigin;
}

/**
 * One verb (or multi-word verb) of a block. `words` is the base form split on `_`; `verbIndex` the word that
 * inflects (marked `+` in multi-word verbs, else 0); `forms` every surface form as word arrays, base form first,
 * with regular or `{...}` irregular inflections. `code` is its own `[...]` code when it has one.
 */
export interface VerbEntry {
  words: string[];
  verbIndex: number;
  forms: string[][];
  code?: CodeSpec;
  origin: DictionaryOrigin;
}

/** A `--- NAME [code] ---` block: its verbs share its patterns. `code` is null when the block has none. */
export interface VerbBlock {
  name: string;
  code: CodeSpec | null;
  verbs: VerbEntry[];
  patterns: VerbPattern[];
  origin: DictionaryOrigin;
}

/** `&NAME` with its `+` phrases, nested synsets expanded and regular plurals added as the format says. */
export interface Synset {
  name: string;
  phrases: PhraseWord[][];
  origin: DictionaryOrigin;
}

/** A `~` line: `~ a (a b WILL_ATTACK) SAY = a b 138`, kept as parsed parts. */
export interface VerbTransformation {
  upperSource: string;
  lowerSource: string;
  lowerTarget: string;
  lowerVerb: string;
  upperVerb: string;
  result: { source: string; target: string; code: string };
  origin: DictionaryOrigin;
}

export interface VerbDictionary {
  synsets: Map<string, Synset>;
  blocks: VerbBlock[];
  transformations: VerbTransformation[];
}

/** `[CODE]`, `[CODE <date]`, `[CODE >date]` or `[CODE date-date]`; dates normalised to YYYYMMDD, inclusive. */
export interface DatedCode {
  code: string;
  from?: string;
  to?: string;
}

/** An actor phrase. `exact` is false when it may match as a stem (no trailing `_`), as TABARI allowed. */
export interface ActorPhrase {
  words: string[];
  exact: boolean;
  /**
   * Per gap between words, true where the file wrote a space rather than `_`. PETRARCH 1 allowed other words in
   * such a gap inside one noun phrase; absent when every gap is `_`.
   */
  spaced?: boolean[];
}

/**
 * An actor record: a primary phrase, its `+` synonyms, and its codes. `codes` holds the dated restrictions in file
 * order; `defaultCode` the undated code (on the primary line or a bare `\t[CODE]` line), used when no restriction
 * covers the date.
 */
export interface ActorEntry {
  phrases: ActorPhrase[];
  codes: DatedCode[];
  defaultCode?: string;
  comment?: string;
  origin: DictionaryOrigin;
}

/**
 * An agent: `~GOV` (position `suffix`, appended after the actor code) or `NGO~` (position `prefix`). `phrases`
 * holds every form, singular and plural, with `!MARKER!` substitutions expanded.
 */
export interface AgentEntry {
  phrases: PhraseWord[][];
  code: string;
  position: 'prefix' | 'suffix';
  origin: DictionaryOrigin;
}

/** A discard phrase: `story` scope when the line starts with `+`; `exact` when it ends with `_` (else a stem). */
export interface DiscardEntry {
  text: string;
  scope: 'sentence' | 'story';
  exact: boolean;
  origin: DictionaryOrigin;
}

/** An issue phrase with its expansions (`n:`, `v:`, `+`) applied; `ignore` lines (`~`) cancel issue coding. */
export interface IssueEntry {
  phrases: string[];
  code: string | null;
  category?: string;
  ignore?: 'sentence' | 'story';
  origin: DictionaryOrigin;
}

/** Every dictionary a coder uses; any list may be empty. `messages` collects tolerated problems. */
export interface DictionarySet {
  verbs: VerbDictionary;
  actors: ActorEntry[];
  agents: AgentEntry[];
  discards: DiscardEntry[];
  issues: IssueEntry[];
  messages: DictionaryMessage[];
  /** The files read, in order, so output can say which dictionaries coded it. */
  files: string[];
}
