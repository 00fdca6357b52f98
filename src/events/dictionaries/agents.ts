import { pluralOf } from './inflect.js';
import { DANGLING_UNDERSCORES, Problems, scanLines, takeGroups, TRAILING_UNDERSCORES, upper, words, type ContentLine, type ParseOptions } from './text.js';
import type { AgentEntry, DictionaryMessage, PhraseWord } from './types.js';

/**
 * Reader for PETRARCH agent dictionaries (`*.agents.txt`): `PHRASE {plural} [~CODE]` lines and `!MARKER! = A, B`
 * substitution sets.
 *
 * `_` joins words that must be adjacent; a space lets other words come between (`joinedToNext` false), as the
 * format documentation says. `_ ` (underscore, space) counts as a space and a final `_` (TABARI's "no stem")
 * is dropped. Regular plurals are added to the last word unless `{...}` gives the plural or `{}` forbids one;
 * phrases built from `!MARKER!` substitutions get no plurals (the markers list both forms).
 */

export interface AgentParseResult {
  agents: AgentEntry[];
  messages: DictionaryMessage[];
}

/**
 * Reads an agent dictionary. An unclosed `[` or `{` and a code with no `~` throw `DictionaryError`; a line
 * without a code or with an unknown marker is skipped with a message (as PETRARCH does), and the real typo
 * `[~LEG}` is read as `[~LEG]` (a quirk).
 */
export function parseAgentDictionary(text: string, file: string, options: ParseOptions = {}): AgentParseResult {
  const problems: Problems = new Problems(file, options.strict);
  const markers = new Map<string, { values: string[]; line: number }>();
  const agents: AgentEntry[] = [];
  for (const line of scanLines(text, { commentMarks: '#' }, problems)) {
    const definition = /^!([^!\s]+)!\s*=(.*)$/.exec(line.text);
    if (definition) {
      defineMarker(line, definition[1]!, definition[2]!, markers, problems);
      continue;
    }
    const agent = readAgent(line, markers, problems);
    if (agent) agents.push(agent);
  }
  return { agents, messages: problems.messages };
}

function defineMarker(
  line: ContentLine,
  name: string,
  list: string,
  markers: Map<string, { values: string[]; line: number }>,
  problems: Problems,
): void {
  const values = list.split(',').map((value) => value.trim()).filter((value) => value.length > 0).map(upper);
  if (values.length === 0) problems.fail(line.line, `substitution marker !${name}! has no values after \`=\``);
  const previous = markers.get(name);
  if (previous) problems.note(line.line, `substitution marker !${name}! defined again (first at line ${previous.line}); the new list replaces it`);
  markers.set(name, { values, line: line.line });
}

function readAgent(
  line: ContentLine,
  markers: ReadonlyMap<string, { values: string[] }>,
  problems: Problems,
): AgentEntry | undefined {
  const text = line.text;
  const open = text.indexOf('[');
  if (open < 0) {
    problems.quirk(line.line, 'agent has no [~CODE]; line skipped, as PETRARCH does');
    return undefined;
  }
  const code = readCode(line, text.slice(open), problems);
  const { rest: phraseText, groups } = takeGroups(text.slice(0, open), '{', '}', problems, line.line);
  if (groups.length > 1) problems.fail(line.line, 'agent has more than one `{plural}`');
  const plural = groups[0];
  if (plural && text.slice(plural.end, open).trim().length > 0) {
    problems.fail(line.line, `text between the {plural} and the [code]: \`${text.slice(plural.end, open).trim()}\``);
  }

  const singular = phraseText.trim();
  if (singular.length === 0) problems.fail(line.line, 'agent line has no phrase');
  let forms: string[];
  if (singular.includes('!')) {
    forms = expandMarkers(line, singular, markers, problems);
    if (forms.length === 0) return undefined;
    if (plural && plural.inner.trim().length > 0) forms.push(...expandMarkers(line, plural.inner.trim(), markers, problems));
  } else {
    forms = [singular];
    if (!plural) forms.push(automaticPlural(singular));
    else if (plural.inner.trim().length > 0) forms.push(plural.inner.trim());
  }
  return {
    phrases: forms.map((form) => readPhrase(line, form, problems)),
    code: code.code,
    position: code.position,
    origin: { file: problems.file, line: line.line },
  };
}

/** `[~GOV]` (suffix) or `[NGO~]` (prefix); spaces inside are allowed (`[ ~COP]`), `[~LEG}` is a forgiven typo. */
function readCode(line: ContentLine, text: string, problems: Problems): { code: string; position: AgentEntry['position'] } {
  const closeBracket = text.indexOf(']');
  const closeBrace = text.indexOf('}');
  let close = closeBracket;
  if (closeBrace >= 0 && (closeBracket < 0 || closeBrace < closeBracket)) {
    problems.quirk(line.line, `agent code closed with \`}\` instead of \`]\`: read as ${text.slice(0, closeBrace)}]`);
    close = closeBrace;
  }
  if (close < 0) problems.fail(line.line, '`[` is never closed with `]`');
  const after = text.slice(close + 1).trim();
  if (after.length > 0) problems.fail(line.line, `text after the agent's [code]: \`${after}\``);
  const inner = text.slice(1, close).trim();
  const suffix = /^~\s*([^\s~\[\]{}]+)$/.exec(inner);
  if (suffix) return { code: upper(suffix[1]!), position: 'suffix' };
  const prefix = /^([^\s~\[\]{}]+)\s*~$/.exec(inner);
  if (prefix) return { code: upper(prefix[1]!), position: 'prefix' };
  problems.fail(line.line, `agent code [${inner}] must be ~CODE (added after the actor code) or CODE~ (before it)`);
}

/** Every substitution of every `!MARKER!` in the phrase; an unknown marker skips the line, as in PETRARCH. */
function expandMarkers(
  line: ContentLine,
  phrase: string,
  markers: ReadonlyMap<string, { values: string[] }>,
  problems: Problems,
): string[] {
  const pieces = phrase.split('!');
  if (pieces.length % 2 === 0) problems.fail(line.line, `unpaired \`!\` in \`${phrase}\`; markers are written !NAME!`);
  const positions: string[][] = [[pieces[0]!]];
  for (let i = 1; i < pieces.length; i += 2) {
    const before = pieces[i - 1]!;
    const tail = pieces[i + 1]!;
    if (/[A-Z]$/i.test(before) && /^[A-Z]/i.test(tail)) {
      // `AD!X!ING` with a marker !X!: a marker inside a word is a search-and-replace accident; its name is the lost text.
      problems.quirk(line.line, `marker !${pieces[i]}! inside a word; read as the word ${upper(before + pieces[i] + tail)}`);
      positions.push([pieces[i] + tail]);
      continue;
    }
    const marker = markers.get(pieces[i]!);
    if (!marker) {
      problems.note(line.line, `substitution marker !${pieces[i]}! is not defined; line skipped`);
      return [];
    }
    positions.push(marker.values.map((value) => value + tail));
  }
  return problems.expand(line, positions).map((chosen) => chosen.join(''));
}

function automaticPlural(phrase: string): string {
  const stem = phrase.replace(TRAILING_UNDERSCORES, '');
  // The last word, tried from word starts only: from every letter of a long word the search is quadratic.
  const last = /(?<![^\s_])[^\s_]+$/.exec(stem);
  return last ? stem.slice(0, last.index) + pluralOf(upper(last[0])) : stem;
}

function readPhrase(line: ContentLine, phrase: string, problems: Problems): PhraseWord[] {
  const phraseWords: PhraseWord[] = [];
  // `KEEPER_OF_ REEDS` and a final `KEEPER_` are TABARI leftovers: the `_` joins nothing.
  for (const token of words(phrase.replace(DANGLING_UNDERSCORES, ''))) {
    const pieces = token.split('_').filter((piece) => piece.length > 0);
    pieces.forEach((piece, index) => phraseWords.push({ text: upper(piece), joinedToNext: index < pieces.length - 1 }));
  }
  if (phraseWords.length === 0) problems.fail(line.line, `agent phrase \`${phrase}\` has no words`);
  return phraseWords;
}
