import type { ActorEntry, AgentEntry, DatedCode, PhraseWord } from '../dictionaries/types.js';

/** Where an actor or agent phrase matched inside a noun phrase: token indices, end exclusive. */
export interface PhraseMatch {
  from: number;
  to: number;
}

/** The code a noun phrase gets: its actor (first found) and its agents, composed CAMEO-style (`USAGOV`). */
export interface PhraseCode {
  code: string;
  /** The actor behind the code: a dictionary entry, or an entity the language stage resolved the words to. */
  actor?: PhraseMatch & { code: string; entry?: ActorEntry; entity?: string };
  agents: (PhraseMatch & { code: string; position: AgentEntry['position'] })[];
}

interface ActorPattern {
  words: string[];
  spaced?: boolean[];
  entry: ActorEntry;
}

interface AgentPattern {
  words: PhraseWord[];
  entry: AgentEntry;
}

/** A date as date restrictions compare it, YYYYMMDD, from `19950101`, `1995-01-01` or an ISO date-time. */
export function compactDate(date: string | undefined): string | undefined {
  const match = date ? /^(\d{4})-?(\d{2})-?(\d{2})/.exec(date) : null;
  return match ? `${match[1]}${match[2]}${match[3]}` : undefined;
}

/**
 * Picks the code an actor had on a date (YYYYMMDD): the first restriction covering it, else the default. Without
 * a date (an article that does not say when it was published) the most recent dated role is taken: news is read
 * close to when it is written, and a role is a better guess than the dictionary's catch-all default.
 */
export function actorCodeOn(entry: ActorEntry, date: string | undefined): string | undefined {
  if (date) {
    for (const restriction of entry.codes) if (covers(restriction, date)) return restriction.code;
    return entry.defaultCode;
  }
  let latest: DatedCode | undefined;
  for (const restriction of entry.codes) {
    if (!latest || (restriction.to ?? '99999999') > (latest.to ?? '99999999') || ((restriction.to ?? '99999999') === (latest.to ?? '99999999') && (restriction.from ?? '') > (latest.from ?? ''))) latest = restriction;
  }
  return latest?.code ?? entry.defaultCode;
}

function covers(restriction: DatedCode, date: string): boolean {
  if (restriction.from && date < restriction.from) return false;
  if (restriction.to && date > restriction.to) return false;
  return restriction.from !== undefined || restriction.to !== undefined;
}

function indexBy<T>(patterns: T[], firstWord: (pattern: T) => string, length: (pattern: T) => number): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const pattern of patterns) {
    const key = firstWord(pattern);
    const list = index.get(key);
    if (list) list.push(pattern);
    else index.set(key, [pattern]);
  }
  // Longest phrase first, so "HAMAS MILITARY COMMAND" wins over "HAMAS"; file order breaks ties.
  for (const list of index.values()) list.sort((a, b) => length(b) - length(a));
  return index;
}

/**
 * Codes noun phrases with actor and agent dictionaries, the way PETRARCH composes codes: the first actor in the
 * phrase gives the base code; every agent elsewhere in the phrase adds its code after it (`~GOV`) or before it
 * (`NGO~`), a code already present (in 3-letter blocks) ending the additions.
 */
export class ActorCoder {
  private readonly actors: Map<string, ActorPattern[]>;
  private readonly agents: Map<string, AgentPattern[]>;

  constructor(actors: readonly ActorEntry[], agents: readonly AgentEntry[]) {
    const actorPatterns: ActorPattern[] = [];
    for (const entry of actors) {
      for (const phrase of entry.phrases) {
        if (phrase.words.length > 0) actorPatterns.push({ words: phrase.words, ...(phrase.spaced ? { spaced: phrase.spaced } : {}), entry });
      }
    }
    this.actors = indexBy(actorPatterns, (p) => p.words[0]!, (p) => p.words.length);
    const agentPatterns: AgentPattern[] = [];
    for (const entry of agents) {
      for (const words of entry.phrases) if (words.length > 0) agentPatterns.push({ words, entry });
    }
    this.agents = indexBy(agentPatterns, (p) => p.words[0]!.text, (p) => p.words.length);
  }

  /** Is there an actor or agent phrase starting with this word? (Cheap pre-check for phrase building.) */
  knows(word: string): boolean {
    return this.actors.has(word) || this.agents.has(word);
  }

  /** Codes the words of one noun phrase (punctuation and possessive markers already left out). */
  codePhrase(words: readonly string[], date: string | undefined): PhraseCode | undefined {
    // The first actor of the phrase is its actor, as in PETRARCH, except that a later one refining it (same
    // country, longer code: "North Korean leader Kim Jong Un" is PRKGOV, not PRK) takes its place.
    let actor: PhraseCode['actor'];
    for (let i = 0; i < words.length; i++) {
      for (const pattern of this.actors.get(words[i]!) ?? []) {
        const end = actorEndAt(words, i, pattern);
        if (end < 0) continue;
        const code = actorCodeOn(pattern.entry, date) ?? '---';
        if (!actor || refines(code, actor.code)) actor = { from: i, to: end, code, entry: pattern.entry };
        i = end - 1;
        break;
      }
    }
    const agents: PhraseCode['agents'] = [];
    for (let i = 0; i < words.length; i++) {
      if (actor && i >= actor.from && i < actor.to) continue;
      for (const pattern of this.agents.get(words[i]!) ?? []) {
        const end = agentEndAt(words, i, pattern.words);
        if (end < 0) continue;
        agents.push({ from: i, to: end, code: pattern.entry.code, position: pattern.entry.position });
        i = end - 1;
        break;
      }
    }
    if (!actor && agents.length === 0) return undefined;
    // A person whose dictionary entry dates their roles already says what they were; a title beside the name
    // ("President Donald Trump") adds nothing to it.
    const datedPerson = actor?.entry !== undefined && actor.entry.codes.length > 0;
    return { code: datedPerson && actor ? actor.code : composeCode(actor?.code, agents), actor, agents };
  }

  /** The dictionary actor code of a name ("Mike Pompeo" on a date), for entities the text names otherwise. */
  codeName(name: string, date: string | undefined): string | undefined {
    const words = name.toUpperCase().split(/[\s_]+/).filter(Boolean);
    const found = this.codePhrase(words, date);
    return found?.actor && found.actor.to - found.actor.from === words.length ? found.actor.code : undefined;
  }
}

/** The phrase code with an actor found outside the dictionaries (a resolved pronoun or description). */
export function withResolvedActor(code: PhraseCode | undefined, actorCode: string, entity: string): PhraseCode {
  const agents = code?.agents ?? [];
  return { code: composeCode(actorCode, agents), actor: { from: 0, to: 0, code: actorCode, entity }, agents };
}

/** Whether `code` says more about the same actor than `current` (`PRKGOV` after `PRK`). */
function refines(code: string, current: string): boolean {
  return current !== '---' && code.length > current.length && code.startsWith(current.slice(0, 3));
}

function composeCode(actorCode: string | undefined, agents: PhraseCode['agents']): string {
  let code = actorCode ?? '---';
  for (const agent of agents) {
    if (hasBlock(code, agent.code)) break;
    code = agent.position === 'suffix' ? code + agent.code : agent.code + code;
  }
  return code;
}

/** Matches an actor phrase at `at`: consecutive words, except where the file wrote a space (see `spaced`). */
function actorEndAt(words: readonly string[], at: number, pattern: ActorPattern): number {
  let position = at + 1;
  for (let k = 1; k < pattern.words.length; k++) {
    const wanted = pattern.words[k]!;
    if (pattern.spaced?.[k - 1]) {
      while (position < words.length && words[position] !== wanted) position++;
    }
    if (words[position] !== wanted) return -1;
    position++;
  }
  return position;
}

/** Matches an agent phrase at `at`: `_`-joined words must be adjacent, others may have words between. */
function agentEndAt(words: readonly string[], at: number, pattern: readonly PhraseWord[]): number {
  let position = at + 1;
  for (let k = 1; k < pattern.length; k++) {
    const mustBeAdjacent = pattern[k - 1]!.joinedToNext;
    const wanted = pattern[k]!.text;
    if (mustBeAdjacent) {
      if (words[position] !== wanted) return -1;
    } else {
      while (position < words.length && words[position] !== wanted) position++;
      if (position >= words.length) return -1;
    }
    position++;
  }
  return position;
}

/** Whether `code` already holds `block` at a 3-letter boundary (CAMEO codes are built from 3-letter parts). */
function hasBlock(code: string, block: string): boolean {
  for (let at = 0; at + block.length <= code.length; at += 3) if (code.slice(at, at + block.length) === block) return true;
  return false;
}
