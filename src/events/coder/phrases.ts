import { withResolvedActor, type ActorCoder, type PhraseCode } from './actors.js';
import { isPunctuation, type CoderToken } from './tokens.js';

/**
 * One actor a noun phrase stands for. A plain phrase has one member; a coordination ("Fornost and Gondor",
 * "lawmakers and officials in Fornost and Gondor") has one per combination, each with the words it was coded from.
 */
export interface PhraseMember {
  tokens: number[];
  code?: PhraseCode;
}

/**
 * Gives an actor code for words the dictionaries do not name, from what the language stage knows: "he" resolved to
 * Mike Pompeo, "the North Korean dictator" to Kim Jong Un. Returns the code and the entity id behind it.
 */
export type ActorResolver = (tokens: readonly number[]) => { code: string; entity: string } | undefined;

/** A noun phrase of the sentence, the unit actors are found in: tokens `[start, end)` and its members. */
export interface NounPhrase {
  start: number;
  end: number;
  members: PhraseMember[];
  compound: boolean;
}

const NOMINAL = new Set(['NOUN', 'PROPN', 'NUM', 'ADJ', 'DET']);
const FUNCTION_POS = new Set(['VERB', 'AUX', 'ADP', 'PART', 'CCONJ', 'SCONJ', 'PRON', 'DET', 'PUNCT', 'SYM']);
const POSSESSIVE_PRONOUNS = new Set(['ITS', 'THEIR', 'HIS', 'HER', 'OUR', 'MY', 'YOUR']);
const PERSONAL_PRONOUNS = new Set(['HE', 'SHE', 'IT', 'THEY', 'WE', 'I', 'YOU', 'HIM', 'THEM', 'US']);
const DETERMINERS = new Set(['THE', 'A', 'AN', 'THIS', 'THAT', 'THESE', 'THOSE', 'SOME', 'ANY', 'EACH', 'EVERY', 'NO', 'BOTH', 'ALL']);
/**
 * Prepositions whose phrase belongs to the noun before it unless that noun is itself an actor: "the government
 * of Gondor", "soldiers from Gondor", "the Calenardhon Ministry of Silly Walks". After an actor ("the Gondor of
 * the Prince") the phrase is a separate one.
 */
const ATTACHING_PREPOSITIONS = new Set(['OF', 'FROM', 'IN']);
const CONJUNCTIONS = new Set(['AND', 'OR']);
/**
 * Bounds on coordinations: a list longer than this is not a list of actors, and a phrase expands into at most
 * so many members (two long lists joined by a preposition would otherwise multiply).
 */
const MAX_CONJUNCTS = 12;
const MAX_MEMBERS = 48;

interface Chunk {
  start: number;
  end: number;
}

function isPossessiveMarker(token: CoderToken): boolean {
  return token.word === "'S" || token.word === "'";
}

/** Words of a token list for dictionary matching: punctuation and possessive markers left out. */
export function phraseWords(tokens: readonly CoderToken[], indices: readonly number[]): string[] {
  const words: string[] = [];
  for (const index of indices) {
    const token = tokens[index]!;
    if (isPossessiveMarker(token) || isPunctuation(token)) continue;
    words.push(token.word);
  }
  return words;
}

function canStartChunk(token: CoderToken, coder: ActorCoder): boolean {
  if (NOMINAL.has(token.pos) || POSSESSIVE_PRONOUNS.has(token.word)) return true;
  // The tagger does not know invented or rare names; a word the dictionaries know is a noun here, unless the
  // tagger is sure it is a function word.
  return !FUNCTION_POS.has(token.pos) && coder.knows(token.word);
}

/** Base noun chunks: runs of determiners, adjectives, nouns, names, numbers and possessives. */
function baseChunks(tokens: readonly CoderToken[], coder: ActorCoder): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (PERSONAL_PRONOUNS.has(token.word) && token.pos === 'PRON') {
      chunks.push({ start: i, end: i + 1 });
      i++;
      continue;
    }
    if (!canStartChunk(token, coder) && !(token.pos === 'ADV' && tokens[i + 1]?.pos === 'ADJ' && DETERMINERS.has(tokens[i - 1]?.word ?? ''))) {
      i++;
      continue;
    }
    const start = i;
    let sawHead = false;
    while (i < tokens.length) {
      const t = tokens[i]!;
      const isDeterminer = t.pos === 'DET' || POSSESSIVE_PRONOUNS.has(t.word);
      // A determiner after a noun starts the next phrase ("Gondor the ...").
      if (i > start && isDeterminer && sawHead) break;
      if (canStartChunk(t, coder)) {
        if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'NUM') sawHead = true;
        i++;
      } else if (isPossessiveMarker(t) && i > start) {
        i++;
      } else if (t.word === '-' && i > start && tokens[i + 1] && canStartChunk(tokens[i + 1]!, coder)) {
        i++; // "anti- Gondor parade"
      } else if (t.pos === 'ADV' && i > start && tokens[i + 1]?.pos === 'ADJ' && NOMINAL.has(tokens[i + 2]?.pos ?? '') && tokens[i + 2]?.pos !== 'DET') {
        i++; // "a clearly inebriated official"
      } else break;
    }
    if (i === start) i++;
    else chunks.push({ start, end: i });
  }
  return chunks;
}

interface Group {
  /** Conjuncts, each a list of chunks joined by attached prepositions. */
  conjuncts: Chunk[][];
  start: number;
  end: number;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/**
 * Groups chunks into noun phrases: coordinations ("A, B and C") and prepositional attachments ("the government of
 * Gondor", "soldiers from Gondor", "lawmakers in A and B"), then expands them into members and codes each member.
 */
export function findNounPhrases(
  tokens: readonly CoderToken[],
  coder: ActorCoder,
  date: string | undefined,
  resolve?: ActorResolver,
): NounPhrase[] {
  const chunks = baseChunks(tokens, coder);
  const codeOf = (indices: number[]) => {
    const code = coder.codePhrase(phraseWords(tokens, indices), date);
    if (code?.actor || !resolve) return code;
    const resolved = resolve(indices);
    return resolved ? withResolvedActor(code, resolved.code, resolved.entity) : code;
  };

  // 1. Coordinations: chunk (, chunk)* [,] and|or chunk. The conjunction must be there: "Osgiliath, the state's
  //    fiercest foe," is an apposition, not a list.
  const groups: Group[] = [];
  for (let c = 0; c < chunks.length; ) {
    const members: Chunk[] = [chunks[c]!];
    let next = c + 1;
    let closed = false;
    while (next < chunks.length && members.length < MAX_CONJUNCTS) {
      const previous = members[members.length - 1]!;
      const between = tokens.slice(previous.end, chunks[next]!.start).map((t) => t.word);
      const isComma = between.length === 1 && between[0] === ',';
      const isConjunction =
        (between.length === 1 && CONJUNCTIONS.has(between[0]!)) ||
        (between.length === 2 && between[0] === ',' && CONJUNCTIONS.has(between[1]!));
      if (isConjunction) {
        members.push(chunks[next]!);
        next++;
        closed = true;
        break;
      }
      if (!isComma) break;
      members.push(chunks[next]!);
      next++;
    }
    if (closed && members.length === 2 && endsWithModifier(tokens, members[0]!)) {
      // "Ithilen's awful and evil minister": coordinated adjectives inside one phrase.
      const merged = { start: members[0]!.start, end: members[1]!.end };
      groups.push({ conjuncts: [[merged]], start: merged.start, end: merged.end });
      c = next;
    } else if (closed && members.length >= 2) {
      groups.push({ conjuncts: members.map((m) => [m]), start: members[0]!.start, end: members[members.length - 1]!.end });
      c = next;
    } else {
      groups.push({ conjuncts: [[chunks[c]!]], start: chunks[c]!.start, end: chunks[c]!.end });
      c++;
    }
  }

  // 2. Prepositional attachment between neighbouring groups.
  const phrases: NounPhrase[] = [];
  for (let g = 0; g < groups.length; g++) {
    let group = groups[g]!;
    const pieces: Group[] = [group];
    while (g + 1 < groups.length) {
      const next = groups[g + 1]!;
      if (next.start !== group.end + 1) break;
      const preposition = tokens[group.end]!.word;
      const left = pieces[pieces.length - 1]!;
      const lastLeft = left.conjuncts[left.conjuncts.length - 1]!;
      const leftTokens = lastLeft.flatMap((c) => range(c.start, c.end));
      const attaches = ATTACHING_PREPOSITIONS.has(preposition) && !headIsActor(tokens, leftTokens, codeOf(leftTokens));
      if (!attaches) break;
      pieces.push(next);
      group = next;
      g++;
    }
    phrases.push(expand(tokens, pieces, codeOf));
  }
  return phrases;
}

/** Whether a phrase ends in the actor it names ("the Gondor"), rather than in a noun the actor modifies. */
function headIsActor(tokens: readonly CoderToken[], indices: number[], code: PhraseCode | undefined): boolean {
  if (!code?.actor) return false;
  return code.actor.to >= phraseWords(tokens, indices).length;
}

function endsWithModifier(tokens: readonly CoderToken[], chunk: Chunk): boolean {
  const last = tokens[chunk.end - 1]!;
  return last.pos === 'ADJ' || last.pos === 'ADV';
}

/**
 * Expands attached groups into members. Each conjunct of a group that has no actor of its own takes the
 * following prepositional phrase ("lawmakers and officials in Fornost and Gondor" gives four members); one
 * that has an actor stands alone ("Ithilen and the government of Gondor"). A later conjunct with no actor borrows
 * a leading actor modifier of the first ("Danish media and government").
 */
function expand(tokens: readonly CoderToken[], pieces: Group[], codeOf: (indices: number[]) => PhraseCode | undefined): NounPhrase {
  const start = pieces[0]!.start;
  const end = pieces[pieces.length - 1]!.end;
  // Work right to left: the tail of the phrase is a list of member token lists.
  let tails: number[][] = [[]];
  for (let p = pieces.length - 1; p >= 0; p--) {
    const piece = pieces[p]!;
    const preposition = p < pieces.length - 1 ? [piece.end] : [];
    const combined: number[][] = [];
    piece.conjuncts.forEach((conjunct, index) => {
      const own = conjunct.flatMap((c) => range(c.start, c.end));
      const isLast = index === piece.conjuncts.length - 1;
      const standsAlone = !isLast && codeOf(own)?.actor !== undefined;
      if (standsAlone || tails.length === 0) combined.push(own);
      else for (const tail of tails) if (combined.length < MAX_MEMBERS) combined.push(tail.length ? [...own, ...preposition, ...tail] : own);
    });
    tails = combined;
  }
  const compound = tails.length > 1;
  let members: PhraseMember[] = tails.map((indices) => ({ tokens: indices, code: codeOf(indices) }));
  if (compound) members = shareLeadingActor(tokens, members, codeOf);
  return { start, end, members, compound };
}

function shareLeadingActor(
  tokens: readonly CoderToken[],
  members: PhraseMember[],
  codeOf: (indices: number[]) => PhraseCode | undefined,
): PhraseMember[] {
  const first = members[0]!;
  const actor = first.code?.actor;
  if (!actor) return members;
  const words = first.tokens.filter((i) => !isPunctuation(tokens[i]!) && tokens[i]!.word !== "'S");
  const leadsPhrase = words.slice(0, actor.from).every((i) => tokens[i]!.pos === 'DET' || tokens[i]!.pos === 'ADJ');
  if (!leadsPhrase || actor.to >= words.length) return members;
  const actorTokens = words.slice(actor.from, actor.to);
  return members.map((member, index) => {
    if (index === 0 || member.code?.actor) return member;
    const indices = [...actorTokens, ...member.tokens];
    return { tokens: member.tokens, code: codeOf(indices) ?? member.code };
  });
}
