/**
 * eventwire's built-in country actors, made at run time from the language stage's gazetteer (`gazetteerNames()`,
 * itself built from the `world-countries` package): every country's common and official name, its alternative
 * spellings that are real names, its demonyms and their plurals, its capitals and the gazetteer's extra variants,
 * each coded with the country's ISO 3166 alpha-3 code (which is what CAMEO uses for states), plus CAMEO's region
 * codes for region names and their adjectives ("Africa", "African" -> AFR) and a few names only the coder has.
 *
 * Phrases are split into words the way the coder sees text: upper case, hyphens and a possessive 's dropped
 * ("Guinea-Bissau" -> GUINEA BISSAU, "People's Republic of China" -> PEOPLE REPUBLIC OF CHINA). The form with the
 * hyphen or 's kept as one word is added too, since entity names reach `ActorCoder.codeName` split on spaces only,
 * and so is a form without accents ("Bogotá" -> BOGOTA). Names with periods ("U.S.") are single tokens in
 * eventwire's tokenizer and are kept as one word.
 *
 * Choices:
 * - Left out as names: two- and three-letter codes from the package except well-known ones (USA, UAE, DRC, DPRK),
 *   names in other scripts, inverted names with a comma ("Korea, Republic of"), and words that are ordinary
 *   English or mostly mean something else in news (see `LEFT_OUT`): "Jersey" (New Jersey, the garment), "Island"
 *   (an Icelandic spelling), the capitals "Victoria", "Hamilton", "Douglas", "Stanley", "Plymouth", "Jamestown",
 *   "Georgetown", "The Valley", "Saint-Denis" and the accent-less "Male". "US" is left out because the coder
 *   upper-cases text and the pronoun "us" would become the United States; "U.S.", "USA", "America" and two-word
 *   forms in the international dictionary ("US OFFICIALS") cover it.
 * - Kept although they have other meanings, because in political news they almost always mean the country:
 *   "Georgia", "Chad", "Jordan", "Turkey", "Niger", "Guinea", "Polish".
 * - Where one phrase names several places, the gazetteer's rank settles it (a country's name beats a capital, which
 *   beats a demonym; then a sovereign UN member beats a territory: "American" is the United States, not the
 *   Northern Mariana Islands). A tie that the ranks cannot settle drops the phrase ("Channel Islander", "Virgin
 *   Islander", "Oranjestad"), except where news usage is clear (`PREFERRED`): "Congo" and "Congolese" -> the
 *   Democratic Republic of the Congo (AP style uses "Congo" for it and "Republic of Congo" for its neighbour),
 *   "Dominican" -> the Dominican Republic.
 * - Codes are the gazetteer's ISO codes, including Kosovo's UNK (CAMEO files use KSV). "Yugoslavia" is coded YUG
 *   and "Serbia and Montenegro" SCG, CAMEO's codes for the former states; Gaza and the West Bank are PSE; "Soviet",
 *   "Soviet Union" and "USSR" are coded RUS as its successor.
 * - Region phrases lose to country phrases ("Central African" is the Central African Republic's demonym, not
 *   CAMEO's CFR). "The West" is not a region phrase here: "in the west of the country" is far more common.
 */
import { type GazetteerKind, gazetteerNames, gazetteerRank } from '../../language/gazetteer/index.js';
import type { ActorEntry, ActorPhrase } from '../dictionaries/types.js';
import { CAMEO_REGIONS } from '../ontology/actors.js';

/** The `file` of every built-in country entry's origin. */
export const BUILTIN_COUNTRIES_FILE = 'builtin:countries';

/** Region phrases rank after every gazetteer name. */
const REGION_RANK = gazetteerRank('demonym', false) + 1;

/** Phrases (in the coder's upper-case word form, words joined by one space) that are never added. */
const LEFT_OUT: ReadonlySet<string> = new Set([
  'JERSEY',
  'ISLAND',
  'MANN',
  'DOMINIQUE',
  'GUIANA',
  'PRATHET',
  'VICTORIA',
  'CITY OF VICTORIA',
  'HAMILTON',
  'DOUGLAS',
  'STANLEY',
  'PLYMOUTH',
  'JAMESTOWN',
  'GEORGETOWN',
  'THE VALLEY',
  'SAINT DENIS',
  'SAINT-DENIS',
  'MALE',
  'WEST ISLAND',
  'US',
  'SOUTH GEORGIAN SOUTH SANDWICH ISLANDER',
]);

/** Short all-capital spellings worth keeping (other ones of three letters or less are codes, not names). */
const KEPT_ABBREVIATIONS: ReadonlySet<string> = new Set(['USA', 'UAE', 'DRC', 'DPRK', 'RSA']);

/** Phrases whose country is settled by news usage rather than by the ranking rules. */
const PREFERRED: Readonly<Record<string, string>> = Object.freeze({
  CONGO: 'COD',
  CONGOLESE: 'COD',
  DOMINICAN: 'DOM',
  DOMINICANS: 'DOM',
});

/** The gazetteer's names whose CAMEO code is not the gazetteer's: CAMEO codes the former states, not their successors. */
const RECODED: Readonly<Record<string, string>> = Object.freeze({
  Yugoslavia: 'YUG',
  Yugoslav: 'YUG',
});

/**
 * Names the coder needs that the gazetteer lacks, by kind and code; they count as a sovereign state's (they are the
 * usual news names of states). Most would suit the gazetteer too, but adding them there would change the language
 * stage's NER features and entity linking; "Serbia and Montenegro" is CAMEO's former state.
 */
const CODER_NAMES: Readonly<Record<GazetteerKind, Readonly<Record<string, readonly string[]>>>> = Object.freeze({
  country: {
    GBR: ['Northern Ireland'],
    TUR: ['Turkey'],
    RUS: ['USSR'],
    COG: ['Republic of Congo'],
    SCG: ['Serbia and Montenegro'],
    PSE: ['Palestinian Territories', 'Occupied Palestinian Territories', 'Palestinian territory', 'Gaza', 'Gaza Strip', 'West Bank'],
    CHN: ['Mainland China', 'PRC'],
    KOR: ['ROK'],
    HKG: ['Hong Kong'],
    MAC: ['Macao'],
    TWN: ['Taiwan'],
  },
  capital: {
    USA: ['Washington DC'],
    UKR: ['Kiev'],
    MMR: ['Nay Pyi Taw', 'Naypyitaw'],
    ISR: ['Tel Aviv'],
    KAZ: ['Nur-Sultan'],
    MNG: ['Ulaanbaatar'],
    YEM: ['Sanaa'],
  },
  demonym: {
    TUR: ['Turk'],
    SRB: ['Serb'],
    HRV: ['Croat'],
    SVN: ['Slovenian'],
    ESP: ['Spaniard'],
    SWE: ['Swede'],
    DNK: ['Dane'],
    PHL: ['Philippine'],
    KAZ: ['Kazakh'],
    UZB: ['Uzbek'],
    TJK: ['Tajik'],
    KGZ: ['Kyrgyz'],
    AZE: ['Azeri'],
    ECU: ['Ecuadorian'],
    MDV: ['Maldivian'],
    COM: ['Comorian'],
    SUR: ['Surinamese'],
    CPV: ['Cape Verdean'],
    NPL: ['Nepali'],
    ARG: ['Argentinian', 'Argentinean'],
    BLR: ['Belarussian'],
    MKD: ['North Macedonian'],
    BIH: ['Bosnian Serb', 'Bosniak'],
    UNK: ['Kosovar Albanian'],
  },
});

/** Region names and adjectives for CAMEO's region codes (the codes are those of `CAMEO_REGIONS`). */
const REGION_NAMES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  AFR: ['Africa', 'African', 'Africans', 'sub-Saharan Africa', 'sub-Saharan'],
  ASA: ['Asia', 'Asian', 'Asians', 'Asia-Pacific'],
  BLK: ['Balkans', 'Balkan', 'Western Balkans'],
  CRB: ['Caribbean'],
  CAU: ['Caucasus', 'South Caucasus', 'North Caucasus'],
  CFR: ['Central Africa'],
  CAS: ['Central Asia', 'Central Asian'],
  CEU: ['Central Europe', 'Central European'],
  EIN: ['East Indies'],
  EAF: ['East Africa', 'Eastern Africa', 'East African', 'Horn of Africa'],
  EEU: ['Eastern Europe', 'Eastern European', 'East European', 'Baltic states', 'Baltics'],
  EUR: ['Europe', 'European', 'Europeans'],
  LAM: ['Latin America', 'Latin American', 'Central America', 'Central American'],
  MEA: ['Middle East', 'Middle Eastern', 'Mideast', 'Near East', 'Levant'],
  MDT: ['Mediterranean'],
  NAF: ['North Africa', 'North African', 'Maghreb'],
  NMR: ['North America', 'North American'],
  PGS: ['Persian Gulf', 'Arabian Gulf', 'Gulf states', 'Gulf countries', 'Gulf Arab states', 'Gulf Arab'],
  SCN: ['Scandinavia', 'Scandinavian', 'Nordic', 'Nordic countries'],
  SAM: ['South America', 'South American'],
  SAS: ['South Asia', 'South Asian'],
  SEA: ['Southeast Asia', 'South-East Asia', 'South East Asia', 'Southeast Asian', 'South-East Asian'],
  SAF: ['Southern Africa', 'Southern African'],
  WAF: ['West Africa', 'West African'],
  WST: ['Western world'],
});

interface Candidate {
  code: string;
  rank: number;
  /** Several codes at the best rank: the phrase is ambiguous and is dropped (unless `PREFERRED`). */
  tied: boolean;
  words: string[];
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * The word forms under which a name is added: the coder's form (hyphens and a possessive 's dropped, as the
 * tokenizer splits them off), the form split on spaces only, and both without accents. Empty for names that are
 * not written in Latin letters or are inverted ("Korea, Republic of").
 */
export function phraseForms(name: string): string[][] {
  const bare = name.replace(/\([^)]*\)/g, ' ').replace(/’/g, "'").trim();
  if (bare.length === 0 || bare.includes(',')) return [];
  if (!/^[\p{Script=Latin}\p{M} .'-]+$/u.test(bare)) return [];
  const spaced = bare.split(/\s+/).filter((word) => word.length > 0);
  const tokenForm = spaced
    .flatMap((word) => word.replace(/'s$/i, '').split('-'))
    .filter((word) => word.length > 0 && word !== "'");
  const forms: string[][] = [];
  const seen = new Set<string>();
  for (const words of [tokenForm, spaced]) {
    for (const variant of [words, words.map(stripAccents)]) {
      const upper = variant.map((word) => word.toUpperCase());
      const key = upper.join(' ');
      if (!seen.has(key)) {
        seen.add(key);
        forms.push(upper);
      }
    }
  }
  return forms;
}

/** Demonyms that are adjectives only, so get no plural. */
const NO_PLURAL: ReadonlySet<string> = new Set(['Philippine', 'English', 'Welsh', 'Scottish', 'Soviet', 'Lao', 'Yugoslav']);

/**
 * The plural of a person demonym ("Germans", "Israelis", "Czechs"); none for those that are their own plural or
 * only adjectives ("Chinese", "Swiss", "Polish", "Dutch").
 */
function demonymPlural(demonym: string): string | undefined {
  if (NO_PLURAL.has(demonym)) return undefined;
  if (/czech$/i.test(demonym)) return `${demonym}s`;
  if (/(ese|sh|ss|ch|x|s|z)$/i.test(demonym)) return undefined;
  return `${demonym}s`;
}

class PhraseTable {
  private readonly byKey = new Map<string, Candidate>();

  /** Adds a name under every one of its word forms; `rank` as the gazetteer's (lower wins). */
  add(name: string, code: string, rank: number): void {
    for (const words of phraseForms(name)) {
      const key = words.join(' ');
      if (LEFT_OUT.has(key)) continue;
      const known = this.byKey.get(key);
      if (!known || rank < known.rank) this.byKey.set(key, { code, rank, tied: false, words });
      else if (rank === known.rank && code !== known.code) known.tied = true;
    }
  }

  /** Phrases by code, in the order codes were first added; tied phrases dropped unless `PREFERRED` settles them. */
  phrasesByCode(): Map<string, ActorPhrase[]> {
    const byCode = new Map<string, ActorPhrase[]>();
    for (const [key, candidate] of this.byKey) {
      const code = PREFERRED[key] ?? (candidate.tied ? undefined : candidate.code);
      if (!code) continue;
      const list = byCode.get(code);
      const phrase: ActorPhrase = { words: candidate.words, exact: true };
      if (list) list.push(phrase);
      else byCode.set(code, [phrase]);
    }
    return byCode;
  }
}

/** Latin-script alternative spellings that are names, not ISO codes ("DPRK" and "UAE" stay, "KP" goes). */
function isNameSpelling(spelling: string): boolean {
  const letters = spelling.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return false;
  if (spelling === spelling.toUpperCase() && letters.length <= 4) return KEPT_ABBREVIATIONS.has(spelling);
  return true;
}

/**
 * Adds a name; a demonym as each one the package lists ("Antiguan, Barbudan") with its plural, unless it is also the
 * country's name (`country`: "Djibouti", "Vatican").
 */
function addName(table: PhraseTable, text: string, kind: GazetteerKind, code: string, rank: number, country?: string): void {
  if (kind !== 'demonym') {
    table.add(text, code, rank);
    return;
  }
  for (const demonym of text.split(/,\s*|\s+or\s+/)) {
    if (demonym.trim().length === 0) continue;
    table.add(demonym, code, rank);
    const plural = demonym === country ? undefined : demonymPlural(demonym);
    if (plural) table.add(plural, code, rank);
  }
}

function buildCountryActors(): ActorEntry[] {
  const table = new PhraseTable();
  const comments = new Map<string, string>();
  for (const { text, kind, code, name, rank, source } of gazetteerNames()) {
    comments.set(code, name);
    if (source === 'spelling' && !isNameSpelling(text)) continue;
    addName(table, text, kind, RECODED[text] ?? code, rank, source === 'name' ? name : undefined);
  }
  for (const [kind, byCode] of Object.entries(CODER_NAMES) as [GazetteerKind, Record<string, readonly string[]>][]) {
    for (const [code, names] of Object.entries(byCode)) {
      for (const text of names) addName(table, text, kind, code, gazetteerRank(kind, true));
    }
  }
  for (const [code, regionNames] of Object.entries(REGION_NAMES)) {
    comments.set(code, CAMEO_REGIONS[code] ?? code);
    for (const name of regionNames) table.add(name, code, REGION_RANK);
  }

  const entries: ActorEntry[] = [];
  for (const [code, phrases] of table.phrasesByCode()) {
    entries.push({
      phrases,
      codes: [],
      defaultCode: code,
      comment: comments.get(code) ?? code,
      origin: { file: BUILTIN_COUNTRIES_FILE, line: entries.length + 1 },
    });
  }
  return entries;
}

let built: ActorEntry[] | undefined;

/**
 * The built-in country and region actors: one entry per code (ISO alpha-3 country or CAMEO region) holding all of
 * its names, with the code as its undated code. Built once from the gazetteer; each call returns a new array
 * of the shared entries, which callers must not change.
 */
export function builtinCountryActors(): ActorEntry[] {
  built ??= buildCountryActors();
  return [...built];
}
