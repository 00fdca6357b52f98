import { Problems, scanLines, takeGroups, TRAILING_UNDERSCORES, upper, type BracketGroup, type ContentLine, type ParseOptions } from './text.js';
import type { ActorEntry, ActorPhrase, DatedCode, DictionaryMessage } from './types.js';

/**
 * Reader for PETRARCH/TABARI actor dictionaries (`*.actors.txt`): records of a primary phrase (optional
 * `[code]`), `+synonym` lines and indented `[CODE restriction]` lines, with `#` or TABARI's `;` comments.
 *
 * Words are split on `_` and spaces alike: PETRARCH 2 reads both as consecutive words. A phrase ending in `_`
 * is `exact`; without it TABARI matched the last word as a stem (PETRARCH itself no longer stems). TABARI-style
 * codes on the primary line (`NAME [XYZGOV 820101-911231] [XYZ]`) are read like separate restriction lines.
 * A phrase line that follows an actor which has no code yet is read as its synonym, as PETRARCH 1 reads it.
 *
 * Dates: YYYYMMDD, or YYMMDD with PETRARCH's (and KEDS/TABARI's) century rule, YY <= 30 is 20YY, otherwise
 * 19YY; all are normalised to YYYYMMDD. `<date` and `>date` include the date, as do both ends of `date-date`.
 * Codes are kept as written, including the null code `---`.
 */

export interface ActorParseResult {
  actors: ActorEntry[];
  messages: DictionaryMessage[];
}

/**
 * Reads an actor dictionary. Malformed lines (a restriction without a code, an impossible date, an unclosed
 * `[`) throw `DictionaryError`; quirks of real files are read as PETRARCH reads them, with a message.
 * Linear in the file's length.
 */
export function parseActorDictionary(text: string, file: string, options: ParseOptions = {}): ActorParseResult {
  return new ActorReader(new Problems(file, options.strict)).read(text);
}

class ActorReader {
  private readonly actors: ActorEntry[] = [];
  /** First place each phrase was seen, to report duplicates (PETRARCH silently keeps the last). */
  private readonly seenPhrases = new Map<string, number>();
  private current: ActorEntry | undefined;

  constructor(private readonly problems: Problems) {}

  read(text: string): ActorParseResult {
    for (const line of scanLines(text, { commentMarks: '#;' }, this.problems)) this.readLine(line);
    this.finishEntry();
    return { actors: this.actors, messages: this.problems.messages };
  }




  private readLine(line: ContentLine): void {
    const text = line.text;
    if (text.startsWith('[')) {
      // Usually tab-indented, but a space, or nothing, is read the same.
      const entry = this.current ?? this.problems.fail(line, 'date restriction comes before any actor phrase');
      const { rest, groups } = takeGroups(text, '[', ']', this.problems, line.line);
      if (rest.trim().length > 0) this.problems.fail(line, `text outside the [code] of a restriction line: \`${rest.trim()}\``);
      for (const group of groups) this.readCode(line, entry, group);
      return;
    }
    const synonym = text.startsWith('+');
    const body = synonym ? text.slice(1) : text;
    const firstBracket = body.indexOf('[');
    const phraseText = firstBracket < 0 ? body : body.slice(0, firstBracket);
    const codeText = firstBracket < 0 ? '' : body.slice(firstBracket);
    if (!synonym && this.current && !hasCode(this.current)) {
      // Real files drop the `+` of synonyms (`JANE_ROE_` / `ROE_` / `\t[XYZGOV >20120219]`).
      // PETRARCH 1 gives phrases that follow an actor with no code yet that actor's codes; so do we.
      const first = this.current.phrases[0]!.words.join(' ');
      this.problems.quirk(line, `actor line follows ${first}, which has no code yet; read as its synonym (as PETRARCH does)`);
    } else if (!synonym) {
      this.finishEntry();
      this.current = { phrases: [], codes: [], origin: { file: this.problems.file, line: line.line } };
      if (line.comment !== undefined) this.current.comment = line.comment;
    } else if (!this.current) {
      this.problems.fail(line, 'synonym `+` line comes before any actor phrase');
    }
    const entry = this.current!;
    entry.phrases.push(this.readPhrase(line, takeGroups(phraseText, '[', ']', this.problems, line.line).rest));
    if (codeText.length > 0) {
      const { rest, groups } = takeGroups(codeText, '[', ']', this.problems, line.line);
      // Spreadsheet leftovers in real files, such as `[XYZBUS]\tIndustry\t$1,000,000`.
      if (rest.trim().length > 0) this.problems.quirk(line, `text after the actor's [code] ignored: \`${rest.trim()}\``);
      if (synonym) this.problems.quirk(line, 'code on a synonym line; it applies to the whole actor');
      for (const group of groups) this.readCode(line, entry, group);
    }
  }

  private readPhrase(line: ContentLine, text: string): ActorPhrase {
    const trimmed = text.trim();
    const phraseWords = trimmed.split(/[\s_]+/).filter((word) => word.length > 0).map(upper);
    if (phraseWords.length === 0) this.problems.fail(line, 'actor line has no phrase');
    const key = phraseWords.join(' ');
    const firstLine = this.seenPhrases.get(key);
    if (firstLine !== undefined) this.problems.note(line, `actor phrase ${key} already defined at line ${firstLine}`);
    else this.seenPhrases.set(key, line.line);
    // Which words were written with a space after them (rather than `_`): PETRARCH 1 lets other words come
    // between those ("ITHILEN TELEVISION" in "Ithilen state-run television").
    const separators = trimmed.replace(TRAILING_UNDERSCORES, '').match(/[\s_]+/g) ?? [];
    const spaced = separators.map((separator) => !separator.includes('_'));
    return { words: phraseWords, exact: trimmed.endsWith('_'), ...(spaced.some(Boolean) ? { spaced } : {}) };
  }

  /** One `[CODE]` or `[CODE restriction]`: an undated code is the default, a dated one joins `codes`. */
  private readCode(line: ContentLine, entry: ActorEntry, group: BracketGroup): void {
    const inner = group.inner.trim();
    if (inner.length === 0) this.problems.fail(line, 'empty code `[]`');
    const space = inner.search(/\s/);
    const code = space < 0 ? inner : inner.slice(0, space);
    const restriction = space < 0 ? '' : inner.slice(space).trim();
    if (/^[<>]|^\d/.test(code)) this.problems.fail(line, `restriction [${inner}] has no code before its date`);
    if (/[<>]|\d{6}|\d-\d/.test(code)) this.problems.fail(line, `code and date run together in [${inner}]; separate them with a space`);
    if (restriction.length === 0) return this.setDefault(line, entry, code);
    let match = /^([<>])\s*(\d+)$/.exec(restriction);
    if (match) {
      const date = this.readDate(line, match[2]!);
      entry.codes.push(match[1] === '<' ? { code, to: date } : { code, from: date });
      return;
    }
    match = /^(\d+)\s*-\s*(\d+)$/.exec(restriction);
    if (match) {
      const from = this.readDate(line, match[1]!);
      const to = this.readDate(line, match[2]!);
      if (to < from) {
        this.problems.quirk(line, `restriction [${inner}] ends (${to}) before it starts (${from}); skipped, as PETRARCH does`);
        return;
      }
      entry.codes.push({ code, from, to } satisfies DatedCode);
      return;
    }
    if (/^\d+$/.test(restriction)) {
      // `[XYZGOV 20121204]`: PETRARCH ignores a date without `<`, `>` or `-` and keeps the undated code.
      this.problems.quirk(line, `date ${restriction} has no \`<\`, \`>\` or \`-\`; read as the undated code ${code}, as PETRARCH does`);
      return this.setDefault(line, entry, code);
    }
    this.problems.fail(line, `cannot read the restriction in [${inner}]: expected <DATE, >DATE or DATE-DATE`);
  }

  private setDefault(line: ContentLine, entry: ActorEntry, code: string): void {
    if (entry.defaultCode === undefined) entry.defaultCode = code;
    else if (entry.defaultCode !== code) this.problems.note(line, `second undated code ${code} ignored; the default stays ${entry.defaultCode}`);
  }

  /** A YYMMDD or YYYYMMDD date as YYYYMMDD; odd lengths are read as PETRARCH reads them, with a message. */
  private readDate(line: ContentLine, digits: string): string {
    if (digits.length < 6) this.problems.fail(line, `date ${digits} is too short for YYMMDD or YYYYMMDD`);
    let date: string;
    if (digits.length === 6 || digits.length === 7) {
      date = withCentury(digits.slice(0, 6));
      if (digits.length === 7) this.problems.quirk(line, `date ${digits} has 7 digits; read as ${date} (its first six as YYMMDD, as PETRARCH does)`);
    } else {
      date = digits.slice(0, 8);
      if (digits.length > 8) this.problems.quirk(line, `date ${digits} has ${digits.length} digits; read as ${date} (its first eight, as PETRARCH does)`);
    }
    if (!isCalendarDate(date)) this.problems.fail(line, `date ${digits} is not a calendar date`);
    return date;
  }

  private finishEntry(): void {
    const entry = this.current;
    if (!entry) return;
    this.current = undefined;
    if (!hasCode(entry)) {
      this.problems.note(entry.origin.line, 'actor has no code; it will be coded as the null code');
    }
    this.actors.push(entry);
  }
}

function hasCode(entry: ActorEntry): boolean {
  return entry.codes.length > 0 || entry.defaultCode !== undefined;
}

/** YYMMDD to YYYYMMDD: years up to 30 are 20YY, later ones 19YY (PETRARCH's rule, from KEDS and TABARI). */
export function withCentury(yymmdd: string): string {
  const year = Number(yymmdd.slice(0, 2));
  return `${year <= 30 ? 20 : 19}${yymmdd}`;
}

function isCalendarDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= monthDays;
}
