/**
 * How WordNet relates the head words of two event mentions: synonyms ("sever" / "cut"), one a kind of the
 * other ("murder" / "kill"), one causing or entailing the other ("kill" / "die"), antonyms ("win" / "lose"),
 * or kinds of one thing. Nouns reach the verbs they derive from and back ("victory" / "win"), since a report
 * may name the same act with either. Only a word's most frequent senses count: the rare ones relate almost
 * anything to anything.
 */
import { loadWordNet, type WordNet, type WordNetPos } from '../../language/wordnet.js';

/** Senses of a word looked at, most frequent first. */
const SENSES = 3;
/** Hypernym steps followed when asking whether one word names a kind of the other. */
const HYPERNYM_DEPTH = 2;

const POS_CODE: Record<WordNetPos, number> = { noun: 0, verb: 1, adj: 2, adv: 3 };
const key = (pos: WordNetPos, offset: number): number => offset * 4 + POS_CODE[pos];

/** A head word's synsets (as keys) and the synsets they point to, computed once per word. */
export interface WordSenses {
  /** Its senses, with the verbs and nouns they derive from or to. */
  senses: Set<number>;
  /** Hypernyms of `senses` within a few steps. */
  ancestors: Set<number>;
  /** Direct hypernyms of `senses`. */
  parents: Set<number>;
  /** What `senses` cause or entail. */
  consequences: Set<number>;
  antonyms: Set<number>;
}

export interface WordNetRelation {
  synonym: boolean;
  hypernym: boolean;
  causeOrEntailment: boolean;
  antonym: boolean;
  sibling: boolean;
}

const WORD_POS: Record<string, WordNetPos[]> = {
  VERB: ['verb', 'noun'],
  NOUN: ['noun', 'verb'],
  PROPN: ['noun', 'verb'],
  ADJ: ['adj', 'noun', 'verb'],
};

const cache = new Map<string, WordSenses | undefined>();

/** The senses of a lemma used as `pos` (a universal POS tag), or undefined when WordNet does not know it (cached: one WordNet per process). */
export function wordSenses(lemma: string, pos: string): WordSenses | undefined {
  const cacheKey = `${pos}/${lemma}`;
  if (cache.has(cacheKey)) return cache.get(cacheKey);
  const found = computeSenses(lemma, WORD_POS[pos] ?? ['verb', 'noun'], loadWordNet());
  cache.set(cacheKey, found);
  return found;
}

function computeSenses(lemma: string, order: readonly WordNetPos[], wordnet: WordNet): WordSenses | undefined {
  let pos: WordNetPos | undefined;
  let offsets: number[] = [];
  for (const p of order) {
    offsets = wordnet.senses(lemma, p);
    if (offsets.length > 0) {
      pos = p;
      break;
    }
  }
  if (pos === undefined) return undefined;
  const senses = new Set<number>();
  const own = offsets.slice(0, SENSES).map((offset) => wordnet.synset(pos, offset));
  for (const synset of own) {
    senses.add(key(synset.pos, synset.offset));
    for (const p of synset.pointers) if (p.symbol === '+' && (p.pos === 'verb' || p.pos === 'noun')) senses.add(key(p.pos, p.offset));
  }
  const ancestors = new Set<number>();
  const parents = new Set<number>();
  const consequences = new Set<number>();
  const antonyms = new Set<number>();
  let frontier = [...senses];
  for (let depth = 1; depth <= HYPERNYM_DEPTH; depth++) {
    const next: number[] = [];
    for (const k of frontier) {
      for (const p of synsetOf(wordnet, k).pointers) {
        if (p.symbol !== '@' && p.symbol !== '@i') continue;
        const target = key(p.pos, p.offset);
        if (depth === 1) parents.add(target);
        if (!ancestors.has(target)) {
          ancestors.add(target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }
  for (const k of senses) {
    for (const p of synsetOf(wordnet, k).pointers) {
      if (p.symbol === '>' || p.symbol === '*') consequences.add(key(p.pos, p.offset));
      else if (p.symbol === '!') antonyms.add(key(p.pos, p.offset));
    }
  }
  return { senses, ancestors, parents, consequences, antonyms };
}

const POS_OF_CODE: WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];
const synsetOf = (wordnet: WordNet, k: number) => wordnet.synset(POS_OF_CODE[k % 4]!, Math.floor(k / 4));

const meets = (a: ReadonlySet<number>, b: ReadonlySet<number>): boolean => {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
};

/** What WordNet says about two words' senses. */
export function wordNetRelation(a: WordSenses, b: WordSenses): WordNetRelation {
  const synonym = meets(a.senses, b.senses);
  return {
    synonym,
    hypernym: !synonym && (meets(a.ancestors, b.senses) || meets(b.ancestors, a.senses)),
    causeOrEntailment: meets(a.consequences, b.senses) || meets(b.consequences, a.senses),
    antonym: meets(a.antonyms, b.senses) || meets(b.antonyms, a.senses),
    sibling: !synonym && meets(a.parents, b.parents),
  };
}
