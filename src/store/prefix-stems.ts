/**
 * Prefix searches over a stemmed index. Both stores index word stems (SQLite's porter tokenizer, PostgreSQL's
 * English snowball stemmer), and both stem a prefix before matching it: `negotiat*` becomes the stem of
 * "negotiat", which is not a beginning of "negoti", the stem every form of "negotiation" is stored as, so the
 * search found nothing although the articles are full of negotiations. A prefix is therefore searched together
 * with completions of it (the prefix with the endings an English stemmer removes), each standing for the stem it
 * is stored under; only completions whose stem the prefix does not already reach are kept.
 */

/**
 * English word endings a stemmer strips or rewrites, as they are spelled in running text (inflections, and
 * the derivational suffixes of Porter's steps 2 to 4). A prefix that ends inside one of them ("negotiati") is
 * completed with the rest of it, so the tails of each ending are tried too.
 */
const ENDINGS = [
  's', 'es', 'ies', 'ied', 'ed', 'ing', 'ly', 'y', 'e',
  'ion', 'ions', 'ation', 'ations', 'ational', 'ator', 'ators', 'ative', 'ate', 'ates', 'ated', 'ating',
  'al', 'ally', 'alism', 'ality', 'alize', 'ance', 'ence', 'ancy', 'ency', 'ances', 'ences',
  'er', 'ers', 'ic', 'ical', 'ically', 'icity', 'able', 'ably', 'ible', 'ibly', 'ability', 'ibility',
  'ant', 'ent', 'ently', 'ement', 'ements', 'ment', 'ments', 'ism', 'isms', 'ist', 'ists', 'ity', 'ities',
  'ous', 'ously', 'ousness', 'ive', 'ively', 'iveness', 'ivity', 'ize', 'izes', 'ized', 'izing', 'izer',
  'ization', 'izations', 'ise', 'ised', 'ising', 'isation', 'ful', 'fully', 'fulness', 'ness', 'logy', 'logies',
];

/** Every ending and every tail of one, longest first (so the completion tried first is the fullest). */
const TAILS: readonly string[] = [...new Set(ENDINGS.flatMap((ending) => Array.from({ length: ending.length }, (_, i) => ending.slice(i))))].sort(
  (a, b) => b.length - a.length || a.localeCompare(b),
);

/** Shorter prefixes are left as typed: their completions would reach too far. */
const MIN_PREFIX_LENGTH = 4;

/** The prefixes worth completing: plain lower-case English words, as the stemmers read them. */
export function completablePrefix(word: string): string | null {
  const lower = word.toLowerCase();
  return lower.length >= MIN_PREFIX_LENGTH && /^[a-z]+$/.test(lower) ? lower : null;
}

/** The prefix and its completions, to be stemmed together; the prefix comes first. */
export function candidateWords(prefix: string): string[] {
  return [prefix, ...TAILS.map((tail) => prefix + tail)];
}

/** Stems words the way a store's index does; a word that is not indexed (a stop word) gives null. */
export type Stemmer = (words: readonly string[]) => Promise<(string | null)[]> | (string | null)[];

/**
 * For each prefix, the completions to search beside it: one per stem that searching the prefix alone would not
 * reach (a stem that is not an extension of the prefix's own stem). Keyed by the lower-cased prefix; prefixes
 * that need none are left out.
 */
export async function prefixCompletions(prefixes: Iterable<string>, stem: Stemmer): Promise<Map<string, string[]>> {
  const wanted = [...new Set([...prefixes].map(completablePrefix).filter((p): p is string => p !== null))];
  const completions = new Map<string, string[]>();
  if (wanted.length === 0) return completions;
  const words = wanted.flatMap(candidateWords);
  const stems = await stem(words);
  let at = 0;
  for (const prefix of wanted) {
    const count = TAILS.length + 1;
    const own = stems[at] ?? prefix;
    const seen = new Set<string>();
    const chosen: string[] = [];
    for (let i = 1; i < count; i++) {
      const stemmed = stems[at + i];
      if (!stemmed || stemmed.startsWith(own) || seen.has(stemmed)) continue;
      seen.add(stemmed);
      chosen.push(words[at + i]!);
    }
    at += count;
    if (chosen.length > 0) completions.set(prefix, chosen);
  }
  return completions;
}
