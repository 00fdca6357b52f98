/**
 * Geographic gazetteer: countries, capitals and demonyms from the `world-countries` package, plus a few
 * well-known variants the package lacks. Names are matched on token sequences (as an NER feature) and on
 * free text (for entity linking). `gazetteerNames()` lists what the gazetteer knows for other users (the event
 * coder's country actors), who apply their own spelling and plural rules to it.
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
 * Where a gazetteer name comes from: the package's common and official names, capitals and demonyms (`name`),
 * its alternative spellings (`spelling`: any script, two-letter ISO codes included, for each user to filter), or
 * the gazetteer's own table of variants (`extra`).
 */
export type GazetteerSource = 'name' | 'spelling' | 'extra';

/** A name as the gazetteer knows it, with the country it refers to and how it ranks against names spelt alike. */
export interface GazetteerName extends GazetteerEntry {
  /**
   * The name as written ("Côte d'Ivoire", "Washington D.C."). Demonyms are as the package writes them, which may
   * list two ("Antiguan, Barbudan", "Kittitian or Nevisian"); plurals are not included.
   */
  text: string;
  /** An independent UN member (extra names count as sovereign: they are the usual news names of states). */
  sovereign: boolean;
  /** Settles a name shared by several entries, lower wins: see `gazetteerRank`. */
  rank: number;
  source: GazetteerSource;
}

/**
 * Variants the package lacks or spells otherwise (checked against its altSpellings). Two-letter codes are
 * only taken from here: the package's own ones ("IT", "IN", "NO", "DE") collide with ordinary words. A name
 * added here reaches the language stage (NER features, entity linking) and the event coder alike.
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
  ['Saudi', 'demonym', 'SAU'],
  ['Lao', 'demonym', 'LAO'],
];

const kindRank: Record<GazetteerKind, number> = { country: 0, capital: 1, demonym: 2 };

/** An entry with the rank that settles names shared by several entries (lower wins). */
interface RankedEntry {
  entry: GazetteerEntry;
  rank: number;
}

/**
 * The rank of a name, lower wins: a country's name beats a capital or demonym spelt the same; then a sovereign
 * state beats a territory ("French" is France's, not French Guiana's).
 */
export function gazetteerRank(kind: GazetteerKind, sovereign: boolean): number {
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

  add(name: string, ranked: RankedEntry): void {
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

function listNames(): GazetteerName[] {
  const names: GazetteerName[] = [];
  const commonName = new Map<string, string>();
  for (const country of countries) commonName.set(country.cca3, country.name.common);
  for (const country of countries) {
    const sovereign = country.independent === true && country.unMember === true;
    const add = (text: string, kind: GazetteerKind, source: GazetteerSource): void => {
      names.push({ text, kind, code: country.cca3, name: country.name.common, sovereign, rank: gazetteerRank(kind, sovereign), source });
    };
    add(country.name.common, 'country', 'name');
    add(country.name.official, 'country', 'name');
    for (const alt of country.altSpellings) add(alt, 'country', 'spelling');
    for (const capital of country.capital) add(capital, 'capital', 'name');
    const demonyms = country.demonyms['eng'];
    if (demonyms) {
      for (const demonym of new Set([demonyms.m, demonyms.f])) if (demonym) add(demonym, 'demonym', 'name');
    }
  }
  for (const [text, kind, code] of extraNames) {
    names.push({ text, kind, code, name: commonName.get(code) ?? code, sovereign: true, rank: gazetteerRank(kind, true), source: 'extra' });
  }
  return names;
}

let sharedNames: readonly GazetteerName[] | undefined;

/**
 * Every name the gazetteer knows, in a fixed order (the package's countries in its order, each with its names,
 * spellings, capitals and demonyms, then the extra names), shared by all callers, who must not change it.
 */
export function gazetteerNames(): readonly GazetteerName[] {
  sharedNames ??= Object.freeze(listNames().map((name) => Object.freeze(name)));
  return sharedNames;
}

function buildGazetteer(): Gazetteer {
  const gazetteer = new Gazetteer();
  for (const { text, kind, code, name, rank, source } of gazetteerNames()) {
    // Latin-script spellings only; two-letter ISO codes collide with words ("IT", "NO").
    if (source === 'spelling' && (text.length < 3 || !/^[A-Za-z][A-Za-z .,'()-]*$/.test(text))) continue;
    const ranked = (): RankedEntry => ({ entry: { kind, code, name }, rank });
    gazetteer.add(text, ranked());
    // Plural nouns for the package's "-an"/"-i" demonyms: "Germans", "Israelis".
    if (source === 'name' && kind === 'demonym' && /(an|i)$/.test(text)) gazetteer.add(`${text}s`, ranked());
  }
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
