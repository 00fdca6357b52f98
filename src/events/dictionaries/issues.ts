import { pluralOf, regularVerbForms } from './inflect.js';
import { Problems, scanLines, upper, words, type ContentLine, type ParseOptions } from './text.js';
import type { DictionaryMessage, IssueEntry } from './types.js';

/**
 * Reader for PETRARCH issue dictionaries (`Phoenix.IssueCoding.txt`): `<ISSUE CATEGORY="...">` sections of
 * `phrase [CODE]` lines and `~phrase` / `~~phrase` ignore lines (sentence / story).
 *
 * Expansions apply to the word they prefix: `n:bog` gives BOG and BOGS, `v:drain` DRAIN, DRAINS, DRAINED,
 * DRAINING, and `+` joins words both with a space and a hyphen (`peat+cutter`: PEAT CUTTER, PEAT-CUTTER). Phrases
 * are upper-cased, words separated by single spaces (`_` is read as a space); matching is plain string matching
 * with a space added at both ends, as PETRARCH does.
 */

export interface IssueParseResult {
  issues: IssueEntry[];
  messages: DictionaryMessage[];
}

/**
 * Reads an issue dictionary. An unclosed `[` or a code with no phrase throws `DictionaryError`; lines PETRARCH
 * skips (no code) and real slips (two entries on one line, text after the code, an extra `</ISSUE>`) are read
 * with a message.
 */
export function parseIssueDictionary(text: string, file: string, options: ParseOptions = {}): IssueParseResult {
  const problems: Problems = new Problems(file, options.strict);
  const issues: IssueEntry[] = [];
  let category: string | undefined;
  let sectionLine = 0;
  for (const line of scanLines(text, { commentMarks: '#' }, problems)) {
    const lineText = line.text;
    if (/^<\s*ISSUE\b/i.test(lineText)) {
      const name = /\bCATEGORY\s*=\s*"([^"]*)"/i.exec(lineText);
      if (!name) problems.fail(line.line, '<ISSUE> tag without CATEGORY="..."');
      if (category !== undefined) problems.quirk(line.line, `section ${category} (line ${sectionLine}) is not closed before this one`);
      category = name[1]!;
      sectionLine = line.line;
      continue;
    }
    if (/^<\s*\/\s*ISSUE\s*>$/i.test(lineText)) {
      if (category === undefined) problems.quirk(line.line, '</ISSUE> without an open <ISSUE> section; ignored');
      category = undefined;
      continue;
    }
    if (lineText.startsWith('<')) {
      problems.quirk(line.line, `unknown tag \`${lineText}\` ignored`);
      continue;
    }
    const origin = { file, line: line.line };
    if (lineText.startsWith('~')) {
      const story = lineText.startsWith('~~');
      const phrase = lineText.slice(story ? 2 : 1).trim();
      if (phrase.length === 0) problems.fail(line.line, 'ignore line `~` has no phrase');
      const entry: IssueEntry = { phrases: expandIssuePhrase(line, phrase, problems), code: null, ignore: story ? 'story' : 'sentence', origin };
      if (category !== undefined) entry.category = category;
      issues.push(entry);
      continue;
    }
    for (const { phrase, code } of readCodedPhrases(line, problems)) {
      const entry: IssueEntry = { phrases: expandIssuePhrase(line, phrase, problems), code, origin };
      if (category !== undefined) entry.category = category;
      issues.push(entry);
    }
  }
  return { issues, messages: problems.messages };
}

/**
 * `phrase [CODE]`, and the `a [X]b [X]` lines real files hold (two entries run together). A line without a
 * code is skipped, as PETRARCH skips it.
 */
function readCodedPhrases(line: ContentLine, problems: Problems): { phrase: string; code: string }[] {
  const found: { phrase: string; code: string }[] = [];
  let rest = line.text;
  for (let open = rest.indexOf('['); open >= 0; open = rest.indexOf('[')) {
    const close = rest.indexOf(']', open);
    if (close < 0) problems.fail(line.line, '`[` is never closed with `]`');
    const phrase = rest.slice(0, open).trim();
    const code = rest.slice(open + 1, close).trim();
    if (code.length === 0 || /\s/.test(code)) problems.fail(line.line, `issue code [${code}] must be one word`);
    if (phrase.length > 0) found.push({ phrase, code });
    else if (found.length === 0) problems.fail(line.line, `issue code [${code}] has no phrase before it`);
    else problems.quirk(line.line, `repeated code [${code}] with no phrase ignored`);
    rest = rest.slice(close + 1);
  }
  if (found.length === 0) problems.quirk(line.line, 'issue phrase has no [CODE]; line skipped, as PETRARCH does');
  else if (found.length > 1) problems.quirk(line.line, `${found.length} issue entries on one line; all are read`);
  if (found.length > 0 && rest.trim().length > 0) problems.quirk(line.line, `text after the issue code ignored: \`${rest.trim()}\``);
  return found;
}

/** Every form of an issue phrase: the product of each word's `n:`/`v:` forms and `+` joins. */
function expandIssuePhrase(line: ContentLine, phrase: string, problems: Problems): string[] {
  // `_` and `+` only join words: a phrase of nothing else is a code with no phrase.
  if (!/[^\s_+]/.test(phrase)) problems.fail(line.line, `issue phrase \`${phrase}\` has no words`);
  const positions: string[][] = [];
  for (const token of words(phrase.replace(/_/g, ' '))) {
    const parts = token.split('+');
    positions.push(wordVariants(line, parts[0]!, problems).map((word) => (positions.length > 0 ? ` ${word}` : word)));
    // `+` joins with a space and with a hyphen: PEAT CUTTER, PEAT-CUTTER.
    for (const part of parts.slice(1)) positions.push(wordVariants(line, part, problems).flatMap((word) => [` ${word}`, `-${word}`]));
  }
  return [...new Set(problems.expand(line, positions).map((chosen) => chosen.join('')))];
}

function wordVariants(line: ContentLine, part: string, problems: Problems): string[] {
  const prefix = /^([A-Za-z]):(.+)$/.exec(part);
  if (!prefix) return [upper(part)];
  const word = upper(prefix[2]!);
  switch (prefix[1]!.toLowerCase()) {
    case 'n':
      return [word, pluralOf(word)];
    case 'v':
      return [word, ...regularVerbForms(word)];
    default:
      problems.quirk(line.line, `unknown expansion \`${prefix[1]}:\` kept as text`);
      return [upper(part)];
  }
}
