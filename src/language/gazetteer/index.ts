/**
 * Geographic gazetteer: countries, capitals and demonyms from the `world-countries` package, plus a few
 * well-known variants the package lacks. Names are matched on token sequences (as an NER feature) and on
 * free text (for entity linking).
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';

// The package is CommonJS whose typings declare an ES default export; require() gives the array as it is.
const countries = createRequire(import.meta.url)('world-countries') as Country[];

export type GazetteerKind = 'country' | 'capital' | 'demonym';

export interface GazetteerEntry {
  kind: GazetteerKind;
  /** ISO 3166-1 alpha-3 code of the country the name belongs to. */
  code: string;
  /** The country's common English name. */
  name: string;
}

export interface GazetteerMatch extends GazetteerEntry {
  /** First token of the match. */
  start: number;
  /** One past the last token of the match. */
  end: number;
}

/**
 * Variants the package lacks or spells otherwise (checked against its altSpellings). Two-letter codes are
 * only taken from here: the package's own ones ("IT", "IN", "NO", "DE") collide with ordinary words.
 */
const extraNames: readonly (readonly [string, GazetteerKind, string])[] = [
  ['U.S.', 'country', 'USA'],
  ['US', 'country', 'USA'],
  ['U.S.A.', 'country', 'USA'],
  ['America', 'country', 'USA'],
  ['United States of America', 'country', 'USA'],
  ['Washington', 'capital', 'USA'],
  ['Britain', 'country', 'GBR'],
  ['U.K.', 'country', 'GBR'],
  ['UK', 'country', 'GBR'],
  ['England', 'country', 'GBR'],
  ['Scotland', 'country', 'GBR'],
  ['Wales', 'country', 'GBR'],
  ['Briton', 'demonym', 'GBR'],
  ['English', 'demonym', 'GBR'],
  ['Scottish', 'demonym', 'GBR'],
  ['Welsh', 'demonym', 'GBR'],
  ['Soviet Union', 'country', 'RUS'],
  ['Soviet', 'demonym', 'RUS'],
  ['Holland', 'country', 'NLD'],
  ['Czech Republic', 'country', 'CZE'],
  ['Ivory Coast', 'country', 'CIV'],
  ['Burma', 'country', 'MMR'],
  ['Zaire', 'country', 'COD'],
  ['Yugoslavia', 'country', 'SRB'],
  ['Yugoslav', 'demonym', 'SRB'],
  ['Peking', 'capital', 'CHN'],
  ['Filipino', 'demonym', 'PHL'],
  ['Palestinian', 'demonym', 'PSE'],
];

const kindRank: Record<GazetteerKind, number> = { country: 0, capital: 1, demonym: 2 };

/** An entry with the rank that settles names shared by several entries (lower wins). */
interface RankedEntry {
  entry: GazetteerEntry;
  rank: number;
}

/**
 * A country's name beats a capital or demonym spelt the same; then a sovereign state beats a territory
 * ("French" is France's, not French Guiana's).
 */
function rankOf(kind: GazetteerKind, sovereign: boolean): number {
  return kindRank[kind] * 2 + (sovereign ? 0 : 1);
}

/**
 * Splits a name the way news tokenisers (CoNLL, Penn Treebank) split text: on spaces, with commas,
 * brackets and a possessive "'s" as tokens of their own.
 */
export function tokenizeName(name: string): string[] {
  return name
    .replace(/([,()])/g, ' $1 ')
    .replace(/'s\b/g, " 's")
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

function setPreferred(map: Map<string, RankedEntry>, key: string, ranked: RankedEntry): void {
  const known = map.get(key);
  if (!known || ranked.rank < known.rank) map.set(key, ranked);
}

function isAbbreviation(name: string): boolean {
  return name.replace(/[^A-Za-z]/g, '').length <= 3 && name === name.toUpperCase();
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: RankedEntry;
}

function newNode(): TrieNode {
  return { next: new Map() };
}

/** Trie key of a token in a name's all-capitals form ("GERMANY" in a headline matches "Germany"). */
function capitalsKey(token: string): string {
  return `\u0001${token.toUpperCase()}`;
}

class Gazetteer {
  private readonly root = newNode();
  private readonly byExactName = new Map<string, RankedEntry>();
  private readonly byLowerName = new Map<string, RankedEntry>();

  add(name: string, entry: GazetteerEntry, sovereign: boolean): void {
    const ranked = { entry, rank: rankOf(entry.kind, sovereign) };
    const tokens = tokenizeName(name);
    if (tokens.length === 0) return;
    const variants = [tokens];
    // The all-capitals form, for headlines; not for abbreviations ("US" stays exact).
    if (tokens.length > 1 || tokens[0]!.length > 3) variants.push(tokens.map(capitalsKey));
    for (const variant of variants) {
      let node = this.root;
      for (const token of variant) {
        let child = node.next.get(token);
        if (!child) {
          child = newNode();
          node.next.set(token, child);
        }
        node = child;
      }
      if (!node.entry || ranked.rank < node.entry.rank) node.entry = ranked;
    }
    const exact = tokens.join(' ');
    setPreferred(this.byExactName, exact, ranked);
    // Abbreviations ("US", "UAE") only in capitals: "us" is a pronoun.
    if (!isAbbreviation(exact)) setPreferred(this.byLowerName, exact.toLowerCase(), ranked);
  }

  /** Longest match starting at each token, scanning left to right without overlaps. */
  match(tokens: readonly string[]): GazetteerMatch[] {
    const matches: GazetteerMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = this.longestAt(tokens, i);
      if (found) {
        matches.push(found);
        i = found.end;
      } else i++;
    }
    return matches;
  }

  private longestAt(tokens: readonly string[], start: number): GazetteerMatch | undefined {
    let bestEnd = -1;
    let bestEntry: GazetteerEntry | undefined;
    // Two paths through the trie at most: names as written, and their all-capitals form.
    let exact: TrieNode | undefined = this.root;
    let capitals: TrieNode | undefined = this.root;
    for (let at = start; at < tokens.length && (exact || capitals); at++) {
      const token = tokens[at]!;
      exact = exact?.next.get(token);
      capitals = token === token.toUpperCase() ? capitals?.next.get(capitalsKey(token)) : undefined;
      const entry = exact?.entry ?? capitals?.entry;
      if (entry) {
        bestEnd = at + 1;
        bestEntry = entry.entry;
      }
    }
    return bestEntry ? { ...bestEntry, start, end: bestEnd } : undefined;
  }

  lookup(text: string): GazetteerEntry | undefined {
    const key = tokenizeName(text).join(' ');
    return (this.byExactName.get(key) ?? this.byLowerName.get(key.toLowerCase()))?.entry;
  }
}

function buildGazetteer(): Gazetteer {
  const gazetteer = new Gazetteer();
  const commonName = new Map<string, string>();
  for (const country of countries) commonName.set(country.cca3, country.name.common);
  for (const country of countries) {
    const entry = (kind: GazetteerKind): GazetteerEntry => ({ kind, code: country.cca3, name: country.name.common });
    const add = (name: string, kind: GazetteerKind): void => gazetteer.add(name, entry(kind), country.independent && country.unMember);
    add(country.name.common, 'country');
    add(country.name.official, 'country');
    for (const alt of country.altSpellings) {
      // Latin-script spellings only; two-letter ISO codes collide with words ("IT", "NO").
      if (alt.length < 3 || !/^[A-Za-z][A-Za-z .,'()-]*$/.test(alt)) continue;
      add(alt, 'country');
    }
    for (const capital of country.capital) add(capital, 'capital');
    const demonyms = country.demonyms['eng'];
    if (demonyms) {
      for (const demonym of new Set([demonyms.m, demonyms.f])) {
        if (!demonym) continue;
        add(demonym, 'demonym');
        // Plural nouns for the "-an"/"-i" forms: "Germans", "Israelis".
        if (/(an|i)$/.test(demonym)) add(`${demonym}s`, 'demonym');
      }
    }
  }
  for (const [name, kind, code] of extraNames) gazetteer.add(name, { kind, code, name: commonName.get(code) ?? code }, true);
  return gazetteer;
}

let shared: Gazetteer | undefined;
function gazetteer(): Gazetteer {
  shared ??= buildGazetteer();
  return shared;
}

/** Gazetteer names in a token sequence, longest first at each position, not overlapping. */
export function matchGazetteer(tokens: readonly string[]): GazetteerMatch[] {
  return gazetteer().match(tokens);
}

/** The country a name (country, capital or demonym, any case) refers to, if the gazetteer knows it. */
export function countryByName(text: string): GazetteerEntry | undefined {
  return gazetteer().lookup(text);
}
