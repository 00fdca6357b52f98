/**
 * Entities of one document: names found by the statistical tagger, countries and nationalities from the
 * gazetteer, titles and descriptions from the title lexicon, pronouns; then every mention is resolved to one
 * entity ("Kim" = "Kim Jong Un" = "the North Korean dictator" = "he") with an id that is the same across
 * documents for the same person, body or place.
 */
import type { EntityLabel, MentionForm } from '../../document/types.js';
import { countryByName, type GazetteerEntry, matchGazetteer } from '../gazetteer/index.js';
import { entityRanges } from '../ner/tags.js';
import type { LanguageText, Token } from '../text.js';
import { ACRONYM_SKIP, ORGANISATION_SUFFIXES } from './names.js';
import { DEFINITE, INDEFINITE, isPluralTitleWord, TITLE_QUALIFIERS, titleAt } from './titles.js';
import { partitionPoint } from '../../util/search.js';

/** What the entity stage needs from a name tagger: IOB2 tags for the sentences of one document. */
export interface NameTagger {
  tagDocument(sentences: string[][]): string[][];
}

/** A mention in offsets of the reading view. */
export interface EntityMention {
  start: number;
  end: number;
  text: string;
  label: EntityLabel;
  form: MentionForm;
  entity: string;
  name: string;
  rule: string;
}

interface TitleInfo {
  title: string;
  head: string;
  titleClass: string;
  /** Country code of a nationality or country inside the title phrase ("North Korean dictator"). */
  country?: string;
  /** Organisation named inside the title phrase ("CIA Director"). */
  org?: string;
}

interface Mention {
  first: number; // token index, inclusive
  last: number; // token index, inclusive
  sentence: number;
  label: EntityLabel;
  form: MentionForm;
  rule: string;
  cluster?: Cluster;
  /** For titles and descriptions. */
  titleInfo?: TitleInfo;
  /** Place a gazetteer knows. */
  place?: GazetteerEntry;
  /** Name words without honorifics or a possessive, for alias matching. */
  words: string[];
  gender?: Gender;
}

type Gender = 'm' | 'f';

interface Cluster {
  label: EntityLabel;
  mentions: Mention[];
  titles: TitleInfo[];
  gender?: Gender;
  /** Set for places the gazetteer knows. */
  place?: GazetteerEntry;
  /** Fixed id for entities that are not names (descriptions nobody was named by). */
  localId?: string;
  /** Words of the fullest name, for alias matching. */
  fullWords?: string[];
  /** First tokens of its mentions, sorted: "named last before here" and "named how often so far" by binary search. */
  firsts: number[];
}

/** Appends to the list a map holds under `key`, starting one if need be (in place: long lists stay linear). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Adds a mention to a cluster, keeping `firsts` sorted. */
function addToCluster(cluster: Cluster, mention: Mention): void {
  cluster.mentions.push(mention);
  cluster.firsts.splice(countBefore(cluster, mention.first), 0, mention.first);
}

/** How many of the cluster's mentions start before token `at`. */
function countBefore(cluster: Cluster, at: number): number {
  return partitionPoint(cluster.firsts, (first) => first < at);
}

/** The first token of the cluster's last mention before token `at`, or -1. */
function lastBefore(cluster: Cluster, at: number): number {
  const n = countBefore(cluster, at);
  return n > 0 ? cluster.firsts[n - 1]! : -1;
}

const HONORIFIC_GENDER: Record<string, Gender | undefined> = {
  'mr.': 'm', mr: 'm', sir: 'm', 'mrs.': 'f', mrs: 'f', 'ms.': 'f', ms: 'f', miss: 'f', dame: 'f', madam: 'f',
  'dr.': undefined, dr: undefined,
};
const PRONOUN_GENDER: Record<string, Gender> = {
  he: 'm', him: 'm', his: 'm', himself: 'm', she: 'f', her: 'f', hers: 'f', herself: 'f',
};

/** Bodies a country has, named by description: "North Korea's state media", "the Chinese foreign ministry". */
const STATE_BODIES = [
  'state media', 'state news agency', 'news agency', 'state television', 'state tv', 'foreign ministry',
  'defense ministry', 'defence ministry', 'ministry of foreign affairs', 'government', 'regime', 'military', 'army',
  'navy', 'air force', 'parliament', 'congress', 'embassy', 'intelligence service', 'intelligence agency',
  'central bank', 'supreme court', 'delegation', 'administration',
].map((phrase) => phrase.split(' '));

/** Titles that name an office even in lower case: "dictator Kim Jong Un", "first lady Melania Trump". */
const STRONG_TITLE_CLASSES = new Set(['head', 'minister', 'legislator', 'diplomat', 'military', 'judiciary', 'royal', 'religious', 'honorific']);

/** Verbs by which a subject reports its own words, plans or beliefs: "X said he would ...". */
const REPORTING_LEMMAS = new Set([
  'say', 'state', 'add', 'claim', 'insist', 'announce', 'warn', 'believe', 'think', 'promise', 'vow', 'pledge', 'report', 'expect',
  'argue', 'recall', 'admit', 'deny', 'declare', 'explain', 'hope', 'fear', 'feel', 'suggest', 'write',
]);
/** Verbs that give their subject a title: "was", "served as", "became", "was confirmed as", "was named". */
const PREDICATE_LEMMAS = new Set([
  'be', 'serve', 'become', 'remain', 'confirm', 'name', 'appoint', 'nominate', 'elect', 'swear', 'install', 'return',
]);

/** What may come before a sentence's subject without changing who the subject is. */
const QUOTE_OR_CONNECTIVE = new Set([
  '"', '“', '”', "'", '‘', '’', '(', '-', '—', 'but', 'and', 'so', 'yet', 'then', 'still', 'now', 'also',
  // A subordinate clause opening the sentence keeps the previous subject in view: "Because he is ...".
  'because', 'although', 'though', 'while', 'when', 'after', 'before', 'since', 'if', 'as', 'once', 'until',
]);

/** A company's legal form at the end of its name: left out of its id. */
const LEGAL_FORM = /(?:,?\s+(?:inc|corp|corporation|co|company|ltd|llc|plc|ag|sa|nv|n\.v|gmbh|s\.a|limited)\.?)+$/i;


/** Nouns that, right before a name, say it is an organisation's: "automaker Chrysler", "carrier Ryanair". */
const ORGANISATION_NOUNS = new Set([
  'company', 'firm', 'automaker', 'carmaker', 'manufacturer', 'maker', 'airline', 'carrier', 'planemaker', 'bank',
  'retailer', 'conglomerate', 'giant', 'group', 'insurer', 'lender', 'operator', 'broadcaster', 'newspaper',
  'publisher', 'network', 'startup', 'supplier', 'rival', 'subsidiary', 'unit', 'contractor', 'producer', 'developer',
  'brokerage', 'exchange', 'regulator', 'party', 'agency',
]);

/** Nouns a definite description of an organisation is made of: "the company", "the automaker". */
const ORGANISATION_DESCRIPTIONS = new Set([
  'company', 'firm', 'automaker', 'carmaker', 'manufacturer', 'maker', 'airline', 'carrier', 'planemaker', 'bank',
  'retailer', 'conglomerate', 'group', 'insurer', 'lender', 'operator', 'broadcaster', 'newspaper', 'publisher',
  'startup', 'supplier', 'subsidiary', 'contractor', 'producer', 'developer', 'corporation', 'business', 'organisation',
  'organization', 'party', 'agency',
]);

const COMPASS_WORDS = new Set(['north', 'south', 'east', 'west']);

const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'hers']);

const POSSESSIVE = new Set(["'s", "'", '’s', '’']);

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);

export interface EntityOptions {
  /** Stretches of the view that are time expressions: never names ("Easter", "Monday"). */
  timeRanges?: readonly { start: number; end: number }[];
}

export function recogniseEntities(text: LanguageText, tagger: NameTagger, documentId: string, options: EntityOptions = {}): EntityMention[] {
  const tokens = text.tokens;
  const lower = tokens.map((t) => t.text.toLowerCase());
  // Index of each sentence's first token in the flat token list (sentences hold their tokens in order).
  const sentenceFirst: number[] = [];
  for (let s = 0, at = 0; s < text.sentences.length; at += text.sentences[s]!.tokens.length, s++) sentenceFirst.push(at);
  const bodyWords = wordCasing(tokens);
  const sentenceTags = tagger.tagDocument(text.sentences.map((s) => taggerInput(s.tokens, bodyWords)));
  const mentions: Mention[] = [];
  const nameAt = new Map<number, Mention>(); // first token → name mention
  const nameEndingAt = new Map<number, Mention>(); // last token → name mention
  const covered = new Uint8Array(tokens.length);

  // 1. Names from the tagger, typed further by the gazetteer.
  const timeToken = new Uint8Array(tokens.length);
  for (const r of options.timeRanges ?? []) {
    for (let k = firstTokenAtOrAfter(r.start); k < tokens.length && tokens[k]!.end <= r.end; k++) timeToken[k] = 1;
  }
  const inTimex = (first: number, last: number): boolean => {
    for (let k = first; k <= last; k++) if (!timeToken[k]) return false;
    return true;
  };
  const tagged: { first: number; last: number; sentence: number; label: EntityLabel }[] = [];
  for (let si = 0; si < text.sentences.length; si++) {
    const offset = sentenceFirst[si]!;
    const tags = sentenceTags[si] ?? [];
    for (const range of entityRanges(tags)) {
      let first = offset + range.start;
      let last = offset + range.end - 1;
      while (last > first && POSSESSIVE.has(lower[last]!)) last--;
      // "Easter", "Monday": a time expression, whatever the tagger thought.
      if (inTimex(first, last)) continue;
      const label = range.label as EntityLabel;
      // A title inside a tagged name is not part of it: "CIA Director" is the CIA and a title; "Supreme Court
      // Justice Samuel Alito" a court, a title and a person; "President Trump" tagged whole is a title and a name.
      for (let k = first; k <= last; k++) {
        const title = titleAt(lower, k);
        if (!title || !isCapitalised(tokens[k]!.text) || title.titleClass === 'honorific') continue;
        // "National Security" tagged before "Adviser John Bolton": the whole name is a title.
        if (k === first && k + title.words.length - 1 > last) {
          first = -1;
          break;
        }
        // "General Motors" is a company, not a general; "CEO Steve Jobs" and "Prime Minister X" open on a title.
        const unmistakable = title.words.length > 1 || /^\p{Lu}{2,}$/u.test(tokens[k]!.text);
        if (k === first && label !== 'PER' && !unmistakable) continue;
        const after = k + title.words.length;
        if (k > first) tagged.push({ first, last: k - 1, sentence: si, label });
        if (after <= last && lower[after] === 'of') {
          // "Chief Executive of Chrysler": what follows "of" is the body the title belongs to.
          if (after < last) tagged.push({ first: after + 1, last, sentence: si, label: label === 'PER' ? 'ORG' : label });
        } else if (after <= last) {
          // Words after a title are a person's name: "President Trump", "Supreme Court Justice Samuel Alito".
          tagged.push({ first: after, last, sentence: si, label: 'PER' });
        }
        first = -1;
        break;
      }
      if (first >= 0) tagged.push({ first, last, sentence: si, label });
    }
  }
  // One name, one type within a document: the tagger may call "Kim Jong Un" an organisation in a headline and
  // a person everywhere else. The majority wins; a word of a person's full name is that person.
  const votes = new Map<string, Map<EntityLabel, number>>();
  const keyOf = (t: { first: number; last: number }): string => lower.slice(t.first, t.last + 1).join(' ');
  for (const t of tagged) {
    const counts = votes.get(keyOf(t)) ?? new Map<EntityLabel, number>();
    // A title or honorific right before a name ("President Trump", "Mr. Kim") says person more surely than
    // the tagger does: it outweighs the tagger's guesses elsewhere in the document.
    const titled = t.first > 0 && tokens[t.first - 1]!.sentence === tokens[t.first]!.sentence && titleEndsAt(t.first - 1);
    // Likewise for organisations: "Apple Inc.", "DaimlerChrysler", "automaker Chrysler", "carrier Ryanair".
    const organisation = !titled && hasOrganisationCue(t);
    const label: EntityLabel = titled && t.label !== 'PER' && !countryByName(keyOf(t)) ? 'PER' : organisation ? 'ORG' : t.label;
    counts.set(label, (counts.get(label) ?? 0) + (titled || organisation ? 10 : 1));
    votes.set(keyOf(t), counts);
  }
  const majority = (t: { first: number; last: number }): EntityLabel =>
    [...votes.get(keyOf(t))!].sort((a, b) => b[1] - a[1] || (a[0] === 'PER' ? -1 : b[0] === 'PER' ? 1 : 0))[0]![0];
  const personWords = new Set(tagged.filter((t) => t.last > t.first && majority(t) === 'PER').flatMap((t) => lower.slice(t.first, t.last + 1)));
  // The first word of a company's full name, alone, is that company: "Ford" beside "Ford Motor Company".
  const organisationFirstWords = new Set(tagged.filter((t) => t.last > t.first && majority(t) === 'ORG').map((t) => lower[t.first]!));
  for (const t of tagged) {
    t.label = majority(t);
    if (t.first === t.last && t.label !== 'PER' && personWords.has(lower[t.first]!) && !countryByName(tokens[t.first]!.text)) t.label = 'PER';
    else if (t.first === t.last && t.label !== 'ORG' && organisationFirstWords.has(lower[t.first]!) && !personWords.has(lower[t.first]!) && !countryByName(tokens[t.first]!.text)) {
      t.label = 'ORG';
    }
    // "The Hill had reported": a capitalised "The" inside a sentence makes a one-word name a title of a work
    // or a body, not a person.
    const before = tokens[t.first - 1];
    if (t.label === 'PER' && t.first === t.last && before?.text === 'The' && before.sentence === tokens[t.first]!.sentence && sentenceFirst[before.sentence]! < t.first - 1) {
      t.label = 'ORG';
    }
  }
  for (const t of tagged) {
    const surface = tokens.slice(t.first, t.last + 1).map((tok) => tok.text).join(' ');
    const place = countryByName(surface);
    if (!place && t.label === 'MISC' && !isCapitalised(surface)) continue;
    addName(t.first, t.last, t.sentence, place ? 'GPE' : t.label, place?.kind === 'demonym' ? 'demonym' : 'name', place ? 'gazetteer' : 'ner', place);
  }
  // Places the tagger missed ("North Korean" inside a title, a capital in a headline).
  for (const sentence of text.sentences) {
    const offset = sentenceFirst[sentence.index]!;
    for (const match of matchGazetteer(sentence.tokens.map((t) => t.text))) {
      const first = offset + match.start;
      const last = offset + match.end - 1;
      if (!isCapitalised(tokens[first]!.text)) continue;
      let free = true;
      for (let i = first; i <= last; i++) if (covered[i]) free = false;
      if (free) addName(first, last, sentence.index, 'GPE', match.kind === 'demonym' ? 'demonym' : 'name', 'gazetteer', match);
    }
  }

  /** The title written right before a name ("President" in "President Trump"), lower-cased, if any. */
  function prefixTitle(mention: Mention): string | undefined {
    const at = mention.first - 1;
    if (at < 0 || tokens[at]!.sentence !== mention.sentence) return undefined;
    for (let from = Math.max(0, at - 3); from <= at; from++) {
      const title = titleAt(lower, from);
      if (title && title.titleClass !== 'honorific' && from + title.words.length - 1 === at) return title.title;
    }
    return undefined;
  }

  /** Signs in the text itself that a name is an organisation's: its last word, its shape, the noun before it. */
  function hasOrganisationCue(t: { first: number; last: number }): boolean {
    const lastWord = lower[t.last]!.replace(/\.$/, '');
    if (t.last > t.first && ORGANISATION_SUFFIXES.has(lastWord)) return true;
    // One word with a capital inside after lower case: "DaimlerChrysler", "PepsiCo" (but not "McCain", "DeSantis").
    // Products start in lower case ("iPod") and are not meant here.
    if (t.first === t.last && /^\p{Lu}\p{Ll}+\p{Lu}/u.test(tokens[t.first]!.text) && !/^(?:Mc|Mac|De|Di|La|Le|Van|Von|O')/.test(tokens[t.first]!.text)) return true;
    const before = t.first - 1;
    return before >= 0 && tokens[before]!.sentence === tokens[t.first]!.sentence && ORGANISATION_NOUNS.has(lower[before]!);
  }

  /** Whether a capitalised title or an honorific ends at token `at` ("Secretary of State", "President", "Mr."). */
  function titleEndsAt(at: number): boolean {
    for (let from = Math.max(0, at - 3); from <= at; from++) {
      const title = titleAt(lower, from);
      if (!title || from + title.words.length - 1 !== at) continue;
      // Lower-case "official" or "expert" before a name is often an adjective ("official Xinhua"); offices are not.
      if (/^\p{Lu}/u.test(tokens[from]!.text) || title.words.length > 1 || STRONG_TITLE_CLASSES.has(title.titleClass)) return true;
    }
    return false;
  }

  function addName(
    first: number,
    last: number,
    sentence: number,
    label: EntityLabel,
    form: MentionForm,
    rule: string,
    place?: GazetteerEntry,
  ): Mention {
    let from = first;
    let gender: Gender | undefined;
    // An honorific the tagger took into the name is a title, not a word of the name.
    while (from < last && lower[from]! in HONORIFIC_GENDER) gender ??= HONORIFIC_GENDER[lower[from]!], from++;
    const words = lower.slice(from, last + 1).filter((w) => !POSSESSIVE.has(w));
    const mention: Mention = {
      first,
      last,
      sentence,
      label,
      form,
      rule,
      words: words.length > 0 ? words : lower.slice(first, last + 1),
      ...(place ? { place } : {}),
      ...(gender ? { gender } : {}),
    };
    mentions.push(mention);
    for (let i = first; i <= last; i++) covered[i] = 1;
    nameAt.set(first, mention);
    nameEndingAt.set(last, mention);
    return mention;
  }

  // 2. Titles, roles and descriptions.
  const titleMentions: { mention: Mention; attachTo?: Mention; determiner?: string }[] = [];
  for (const sentence of text.sentences) {
    const sFirst = sentenceFirst[sentence.index]!;
    const sEnd = sFirst + sentence.tokens.length;
    for (let i = sFirst; i < sEnd; i++) {
      if (covered[i] && !nameAt.get(i)?.place) continue;
      const title = titleAt(lower, i);
      if (!title) continue;
      const titleLast = i + title.words.length - 1;
      if (titleLast >= sEnd) continue;
      if (isPluralTitleWord(lower[titleLast + 1] ?? '')) continue;
      // A name right after the title: "Secretary of State Mike Pompeo", "President Trump", "Mr. Kim".
      const named = nameAt.get(titleLast + 1);
      if (title.titleClass === 'honorific') {
        if (named && named.label === 'PER') named.gender ??= HONORIFIC_GENDER[lower[i]!];
        continue;
      }
      // Qualifiers to the left: "then CIA", "North Korean", "the former", "North Korea's".
      let from = i;
      let country: string | undefined;
      let org: Mention | undefined;
      let determiner: string | undefined;
      let capitalisedWords = isCapitalised(tokens[i]!.text) ? 1 : 0;
      while (from > sFirst) {
        const prev = from - 1;
        const word = lower[prev]!;
        const nameHere = nameEndingAt.get(prev);
        if (nameHere && (nameHere.place || nameHere.label === 'ORG')) {
          if (nameHere.place) country ??= nameHere.place.code;
          else org ??= nameHere;
          from = nameHere.first;
          continue;
        }
        if (POSSESSIVE.has(word) && nameEndingAt.get(prev - 1)?.place) {
          const owner = nameEndingAt.get(prev - 1)!;
          country ??= owner.place!.code;
          from = owner.first;
          continue;
        }
        if (TITLE_QUALIFIERS.has(word) || word === '-' || (word.endsWith('-') && TITLE_QUALIFIERS.has(word.slice(0, -1)))) {
          if (isCapitalised(tokens[prev]!.text)) capitalisedWords++;
          from = prev;
          continue;
        }
        if (DEFINITE.has(word) || INDEFINITE.has(word)) {
          determiner = word;
          from = prev;
        }
        break;
      }
      const titleInfo: TitleInfo = {
        title: title.title,
        head: title.head,
        titleClass: title.titleClass,
        ...(country ? { country } : {}),
        ...(org ? { org: orgKey(org) } : {}),
      };
      const start = determiner ? from + 1 : from;
      const qualified = start < i || capitalisedWords > 0;
      const mention: Mention = {
        first: start,
        last: titleLast,
        sentence: sentence.index,
        label: 'PER',
        form: 'title',
        rule: 'title/prefix',
        titleInfo,
        words: [],
      };
      if (named && named.label === 'PER' && !determiner) {
        titleMentions.push({ mention, attachTo: named });
      } else if (named && named.label !== 'PER') {
        continue;
      } else {
        // Apposition: "Kim Jong Un, North Korea's leader," or "the North Korean leader, Kim Jong Un,".
        const before = nameEndingAt.get(from - 2);
        const after = nameAt.get(titleLast + 2);
        // An apposition is closed off: "Pompeo, a former congressman, said"; "Pompeo, a Senate aide told ..." is not one.
        const closed = [',', '.', ')', ';', ':', '—', '–', undefined].includes(tokens[titleLast + 1]?.sentence === sentence.index ? lower[titleLast + 1] : undefined);
        if (lower[from - 1] === ',' && before?.label === 'PER' && closed) {
          mention.rule = 'title/apposition';
          titleMentions.push({ mention, attachTo: before });
        } else if (lower[titleLast + 1] === ',' && after?.label === 'PER' && !(determiner && INDEFINITE.has(determiner))) {
          mention.rule = 'title/apposition';
          titleMentions.push({ mention, attachTo: after });
        } else if (predicateSubject(from) && !(determiner && INDEFINITE.has(determiner))) {
          // "Pompeo, who served as CIA Director", "Pompeo was confirmed as Secretary of State".
          mention.rule = 'title/predicate';
          titleMentions.push({ mention, attachTo: predicateSubject(from)! });
        } else if (qualified || determiner) {
          mention.form = 'description';
          mention.rule = determiner && INDEFINITE.has(determiner) ? 'description/indefinite' : 'description/title';
          titleMentions.push({ mention, ...(determiner ? { determiner } : {}) });
        } else continue;
      }
      i = titleLast;
    }
  }

  // Bodies of a country named by description: "North Korea's state media".
  for (const place of mentions.filter((m) => m.place && m.place.kind !== 'capital')) {
    let at = place.last + 1;
    if (POSSESSIVE.has(lower[at] ?? '')) at++;
    const body = STATE_BODIES.find((words) => words.every((w, k) => lower[at + k] === w));
    if (!body || tokens[at]?.sentence !== place.sentence) continue;
    const head = body.join(' ');
    const first = lower[place.first - 1] === 'the' ? place.first - 1 : place.first;
    mentions.push({
      first,
      last: at + body.length - 1,
      sentence: place.sentence,
      label: 'ORG',
      form: 'description',
      rule: 'description/state-body',
      words: [],
      cluster: {
        label: 'ORG',
        mentions: [],
        titles: [],
        localId: `org/${place.place!.code}-${slug(head)}`,
        firsts: [],
      },
    });
    const created = mentions[mentions.length - 1]!;
    addToCluster(created.cluster!, created);
  }

  // 3. Names to entities: aliases by shared words, acronyms, places by country code.
  const clusters: Cluster[] = [];
  const names = mentions.filter((m) => m.form === 'name' || m.form === 'demonym').filter((m) => !m.cluster);
  // Indexes, so that resolving stays linear in long documents: clusters by label and name, by each word of their
  // fullest name, and organisations by their initials; and the titles each name is written with.
  const clusterByName = new Map<string, Cluster>();
  const placeClusters = new Map<string, Cluster>();
  const clustersByWord = new Map<string, Cluster[]>();
  const clustersByInitials = new Map<string, Cluster[]>();
  const titlesByName = new Map<string, string[]>();
  for (const m of names) {
    const title = prefixTitle(m);
    if (title) pushTo(titlesByName, m.words.join(' '), title);
  }
  // Fullest names first, so "Kim" finds "Kim Jong Un" whatever the order in the text.
  const byLength = [...names].sort((a, b) => b.words.length - a.words.length || a.first - b.first);
  for (const mention of byLength) {
    if (mention.place) {
      const key = mention.place.kind === 'capital' ? `place/${slug(mention.words.join(' '))}` : `country/${mention.place.code}`;
      const known = placeClusters.get(key);
      if (known) join(known, mention, mention.form === 'demonym' ? 'gazetteer/demonym' : 'gazetteer');
      else placeClusters.set(key, newCluster(mention, 'GPE', key));
      continue;
    }
    // "the North" in an article about North Korea is North Korea: a compass word standing for the one country
    // the article names with it.
    if (mention.words.length === 1 && COMPASS_WORDS.has(mention.words[0]!) && lower[mention.first - 1] === 'the') {
      const countries = [...placeClusters.values()].filter((c) => c.place?.kind === 'country' && c.place.name.toLowerCase().startsWith(`${mention.words[0]} `));
      if (countries.length === 1) {
        mention.label = 'GPE';
        join(countries[0]!, mention, 'alias/short-country');
        continue;
      }
    }
    const target = aliasTarget(mention);
    if (target) join(target.cluster, mention, target.rule);
    else newCluster(mention, mention.label);
  }

  for (const { mention, attachTo } of titleMentions) {
    if (!attachTo?.cluster) continue;
    attachTo.cluster.titles.push(mention.titleInfo!);
    join(attachTo.cluster, mention, mention.rule);
    mentions.push(mention);
  }
  let descriptions = 0;
  // Only named people with a title can be what a description points at; their titles are all known by now.
  const titledPeople = clusters.filter((c) => c.label === 'PER' && !c.localId && c.titles.length > 0);
  for (const { mention, determiner } of titleMentions) {
    if (mention.cluster) continue;
    mentions.push(mention);
    const target = determiner && INDEFINITE.has(determiner) ? undefined : describedEntity(mention, titledPeople);
    if (target) join(target, mention, 'description/title-match');
    else newCluster(mention, 'PER', `${documentId}/description-${++descriptions}`);
  }

  // 4. Pronouns with one clear antecedent; organisations named by description ("the company") or "its".
  resolvePronouns();
  resolveOrganisationReferences();

  /** Name and id of each entity, worked out once: a cluster's fullest name takes a walk over all its mentions. */
  const identities = new Map<Cluster, { name: string; entity: string }>();

  return mentions
    .filter((m) => m.cluster)
    .sort((a, b) => a.first - b.first || b.last - a.last)
    .map((m) => toEntityMention(m));

  function firstTokenAtOrAfter(offset: number): number {
    return partitionPoint(tokens, (token) => token.start < offset);
  }

  function orgKey(org: Mention): string {
    return org.words.join(' ');
  }

  function join(cluster: Cluster, mention: Mention, rule: string): void {
    mention.cluster = cluster;
    mention.rule = rule;
    addToCluster(cluster, mention);
    if (mention.gender) cluster.gender ??= mention.gender;
    if (mention.form === 'name') clusterByName.set(`${mention.label} ${mention.words.join(' ')}`, cluster);
  }

  function newCluster(mention: Mention, label: EntityLabel, localId?: string): Cluster {
    const cluster: Cluster = {
      label,
      mentions: [mention],
      firsts: [mention.first],
      titles: mention.titleInfo ? [mention.titleInfo] : [],
      ...(localId ? { localId } : {}),
      ...(mention.place ? { place: mention.place } : {}),
      ...(mention.gender ? { gender: mention.gender } : {}),
    };
    mention.cluster = cluster;
    clusters.push(cluster);
    if (mention.form === 'name' && !cluster.place && !localId) {
      // Names arrive fullest first, so the first mention's words are the cluster's full name.
      cluster.fullWords = mention.words;
      clusterByName.set(`${mention.label} ${mention.words.join(' ')}`, cluster);
      for (const word of new Set(mention.words)) pushTo(clustersByWord, word, cluster);
      if (label === 'ORG' && mention.words.length >= 2) {
        const initials = mention.words.filter((w) => !ACRONYM_SKIP.has(w)).map((w) => w[0]).join('');
        pushTo(clustersByInitials, initials, cluster);
      }
    }
    return cluster;
  }

  /** The entity a shorter name stands for: "Kim" → "Kim Jong Un", "CIA" → "Central Intelligence Agency". */
  function aliasTarget(mention: Mention): { cluster: Cluster; rule: string } | undefined {
    const words = mention.words;
    const key = words.join(' ');
    const exact = clusterByName.get(`${mention.label} ${key}`);
    if (exact) return { cluster: exact, rule: 'alias/same-name' };
    const candidates: Cluster[] = [];
    // The titles this name is written with anywhere in the document ("President Trump" → president).
    const ownTitles = titlesByName.get(key) ?? [];
    const possible = new Set([...(clustersByWord.get(words[0]!) ?? []), ...(words.length === 1 ? (clustersByInitials.get(words[0]!.replace(/\./g, '')) ?? []) : [])]);
    for (const cluster of possible) {
      // "President Trump" is not "first lady Melania Trump": different titles before the names, different people.
      const theirTitles = cluster.mentions.map(prefixTitle).filter((t): t is string => t !== undefined);
      if (ownTitles.length > 0 && theirTitles.length > 0 && !theirTitles.some((t) => ownTitles.includes(t))) continue;
      const full = cluster.fullWords!;
      const person = cluster.label === 'PER';
      // A single word of a person's name may come from a tagger that typed it otherwise ("Pompeo" as ORG).
      const compatible = (cluster.label === mention.label && (person || cluster.label === 'ORG')) || (person && words.length === 1);
      // A company's short name is the start of its full name when the rest is corporate ("Ford" for "Ford Motor
      // Company"); "Boeing" is not "Boeing Commercial Airplanes", a part of it.
      // The rest of a name the tagger typed as an organisation but made of name words only ("Kim Jong Un": words
      // the article never writes in lower case) still allows a part of it.
      const shortName = person
        ? isSubsequence(words, full)
        : (words.every((w, k) => full[k] === w) && full.slice(words.length).every((w) => ORGANISATION_SUFFIXES.has(w.replace(/\.$/, '')))) ||
          (isSubsequence(words, full) && full.every((w) => !bodyWords.has(w) && !ORGANISATION_SUFFIXES.has(w) && !ORGANISATION_NOUNS.has(w)));
      if (compatible && words.length < full.length && shortName) candidates.push(cluster);
      else if (cluster.label === 'ORG' && words.length === 1 && isAcronymOf(words[0]!, full)) candidates.push(cluster);
    }
    if (candidates.length === 0) return undefined;
    // Several people share a surname: the one named most recently before this mention.
    const chosen =
      candidates.length === 1
        ? candidates[0]!
        : candidates
            .map((c) => ({ c, at: lastBefore(c, mention.first) }))
            .sort((a, b) => b.at - a.at)[0]!.c;
    mention.label = chosen.label;
    return { cluster: chosen, rule: candidates.length === 1 ? 'alias/part-of-name' : 'alias/nearest-name' };
  }

  /** The named person a description points at: the same title, or the same kind of office in the same country. */
  function describedEntity(mention: Mention, known: Cluster[]): Cluster | undefined {
    const wanted = mention.titleInfo!;
    let best: { cluster: Cluster; score: number; recency: number } | undefined;
    for (const cluster of known) {
      if (cluster.label !== 'PER' || cluster.localId) continue;
      let score = 0;
      for (const t of cluster.titles) {
        if (wanted.country && t.country && wanted.country !== t.country) continue;
        if (wanted.org && t.org && wanted.org !== t.org) continue;
        let s = t.title === wanted.title ? 4 : t.head === wanted.head ? 3 : t.titleClass === wanted.titleClass ? 1 : 0;
        if (s === 0) continue;
        if (wanted.country && t.country === wanted.country) s += 2;
        if (wanted.org && t.org === wanted.org) s += 2;
        score = Math.max(score, s);
      }
      // A class match alone needs the country to agree: "leader" fits every head of state.
      if (score < 2) continue;
      const recency = lastBefore(cluster, mention.first);
      if (!best || score > best.score || (score === best.score && recency > best.recency)) best = { cluster, score, recency };
    }
    return best?.cluster;
  }

  /**
   * "U.S. automaker Chrysler" describes the name it stands before; "the company" and "the automaker" point back
   * to the organisation named last (within three sentences); "its", and "it" before a verb of saying ("it
   * said"), to the one organisation in this sentence and the one before.
   */
  function resolveOrganisationReferences(): void {
    // Organisation mentions by sentence, in text order: each reference looks only at the few sentences in reach.
    const organisationsBySentence = (): Map<number, Mention[]> => {
      const bySentence = new Map<number, Mention[]>();
      for (const m of mentions.filter((m) => m.cluster?.label === 'ORG' && !m.cluster.place).sort((a, b) => a.first - b.first)) {
        pushTo(bySentence, m.sentence, m);
      }
      return bySentence;
    };
    const add = (first: number, last: number, form: MentionForm, rule: string, cluster: Cluster): void => {
      const mention: Mention = { first, last, sentence: tokens[first]!.sentence, label: 'ORG', form, rule, words: [] };
      mentions.push(mention);
      join(cluster, mention, rule);
    };
    let known = organisationsBySentence();
    for (let i = 0; i < tokens.length; i++) {
      const word = lower[i]!;
      if (!ORGANISATION_DESCRIPTIONS.has(word) || covered[i]) continue;
      const named = nameAt.get(i + 1);
      if (named?.cluster?.label === 'ORG') {
        // The noun, with a nationality or place before it: "U.S. automaker", "automaker".
        const place = nameEndingAt.get(i - 1);
        add(place?.place ? place.first : i, i, 'description', 'description/prefix', named.cluster);
        continue;
      }
      const next = lower[i + 1] ?? '';
      if (lower[i - 1] !== 'the' || /^\p{L}/u.test(next) && !POSSESSIVE.has(next) && tokens[i + 1]!.pos !== 'VERB' && tokens[i + 1]!.pos !== 'AUX') continue;
      // Of the organisations named in the last three sentences, the one the article names most (its subject),
      // then the latest.
      const sentence = tokens[i]!.sentence;
      const inReach: Mention[] = [];
      for (let back = 3; back >= 0; back--) inReach.push(...(known.get(sentence - back) ?? []).filter((m) => m.first < i));
      const salience = (c: Cluster): number => countBefore(c, i);
      const target = inReach.reduce<Mention | undefined>((best, m) => (!best || salience(m.cluster!) >= salience(best.cluster!) ? m : best), undefined);
      if (target) add(i, i, 'description', 'description/organisation', target.cluster!);
    }
    known = organisationsBySentence();
    for (let i = 0; i < tokens.length; i++) {
      const word = lower[i]!;
      const saying = word === 'it' && REPORTING_LEMMAS.has(tokens[i + 1]?.lemma ?? '');
      if (word !== 'its' && !saying) continue;
      const sentence = tokens[i]!.sentence;
      const inReach = [...(known.get(sentence) ?? []).filter((m) => m.last < i), ...(known.get(sentence - 1) ?? [])];
      const clusters = new Set(inReach.map((m) => m.cluster));
      if (clusters.size === 1) add(i, i, 'pronoun', 'pronoun/only-organisation', [...clusters][0]!);
    }
  }

  function resolvePronouns(): void {
    // People mentioned in each sentence, in text order: a pronoun looks at its own sentence and the few before
    // it, so a long document costs no more per pronoun than a short one.
    const peopleIn = new Map<number, Mention[]>();
    for (const m of mentions.filter((m) => m.cluster?.label === 'PER').sort((a, b) => a.first - b.first)) {
      pushTo(peopleIn, m.sentence, m);
    }
    for (let i = 0; i < tokens.length; i++) {
      const gender = PRONOUN_GENDER[lower[i]!];
      if (!gender) continue;
      const sentence = tokens[i]!.sentence;
      const fits = (m: Mention): boolean => !m.cluster!.gender || m.cluster!.gender === gender;
      const here = (peopleIn.get(sentence) ?? []).filter((m) => m.last < i && fits(m));
      // The nearest earlier sentence that names someone, at most three back.
      let previous: Mention[] = [];
      for (let back = 1; back <= 3 && previous.length === 0; back++) {
        previous = (peopleIn.get(sentence - back) ?? []).filter(fits);
      }
      // Resolved only where the antecedent is clear; two people in reach and no telling pattern: left alone.
      let target: Cluster | undefined;
      let rule = '';
      const distinct = new Set([...here, ...previous].map((m) => m.cluster));
      const firstOfSentence = sentenceFirst[sentence]!;
      const leading = lower.slice(firstOfSentence, i).every((w) => QUOTE_OR_CONNECTIVE.has(w));
      const nearest = here[here.length - 1];
      const opening = here[0] && lower.slice(firstOfSentence, here[0].first).every((w) => QUOTE_OR_CONNECTIVE.has(w)) ? here[0] : undefined;
      if (distinct.size === 1) {
        target = [...distinct][0];
        rule = 'pronoun/only-candidate';
      } else if (insideQuote(firstOfSentence, i)) {
        // Inside a quotation "he" is seen from the speaker, who may be anyone: not guessed.
      } else if (here.length === 0 && leading && previous.length > 0) {
        // "He also stated ...": a sentence opening on a pronoun continues with the previous sentence's subject.
        target = previous[0]!.cluster;
        rule = 'pronoun/previous-subject';
      } else if (here.length > 0 && reportsOwnWords(here[0]!, i)) {
        // "Kim said he ...": the subject of a verb of saying or believing, speaking of himself.
        target = here[0]!.cluster;
        rule = 'pronoun/reporting-subject';
      } else if (nearest && POSSESSIVE_PRONOUNS.has(lower[i]!) && i - nearest.last === 2 && tokens[i - 1]!.pos === 'ADP') {
        // "praised Pompeo for his guts", "told Pompeo to his face": the person just named owns it.
        target = nearest.cluster;
        rule = 'pronoun/object-possessive';
      } else if (nearest && isClauseSubject(nearest) && !personBetween(nearest.last, i, here)) {
        // "while Pompeo was in the capital for his second meeting": the subject of the clause it sits in.
        target = nearest.cluster;
        rule = 'pronoun/clause-subject';
      } else if (opening && isClauseSubject(opening, true) && here.every((m) => m.cluster === opening.cluster || inParenthesis(opening, m))) {
        // "Pompeo, whom Trump nominated ..., did not mention it at his hearing": the main clause's subject; the
        // people named inside the aside do not compete.
        target = opening.cluster;
        rule = 'pronoun/main-subject';
      }
      if (!target) continue;
      const mention: Mention = { first: i, last: i, sentence, label: 'PER', form: 'pronoun', rule, words: [] };
      mentions.push(mention);
      join(target, mention, rule);
      target.gender ??= gender;
      const inSentence = peopleIn.get(sentence) ?? [];
      // Names after the pronoun in its sentence stay after it.
      const at = inSentence.findIndex((m) => m.first > i);
      inSentence.splice(at < 0 ? inSentence.length : at, 0, mention);
      peopleIn.set(sentence, inSentence);
    }
  }

  /**
   * The person a title is said of, when the words before the title are "<person> [, who] <be | serve | become |
   * be named ...> [as] [the]": a predicate, not a new person.
   */
  function predicateSubject(titleStart: number): Mention | undefined {
    let at = titleStart - 1;
    if (lower[at] === 'as') at--;
    let verbs = 0;
    while (at >= 0 && verbs < 3 && (PREDICATE_LEMMAS.has(tokens[at]!.lemma) || tokens[at]!.pos === 'AUX')) at--, verbs++;
    if (verbs === 0) return undefined;
    if (lower[at] === 'who') at--;
    if (lower[at] === ',') at--;
    const subject = nameEndingAt.get(at);
    return subject?.label === 'PER' && subject.sentence === tokens[titleStart]!.sentence ? subject : undefined;
  }

  /** Whether an odd number of quotation marks opens before token `at` in its sentence. */
  function insideQuote(from: number, at: number): boolean {
    let open = 0;
    for (let k = from; k < at; k++) {
      const w = tokens[k]!.text;
      if (w === '“') open++;
      else if (w === '”') open = Math.max(0, open - 1);
      else if (w === '"') open = open > 0 ? open - 1 : 1;
    }
    return open > 0;
  }

  /** A verb (or an aside set off by commas, then a verb) follows the name: it is a clause's subject. */
  function isClauseSubject(m: Mention, allowAside = false): boolean {
    let at = m.last + 1;
    if (POSSESSIVE.has(lower[at] ?? '')) return false;
    if (allowAside && lower[at] === ',') {
      const close = lower.indexOf(',', at + 1);
      if (close < 0 || tokens[close]!.sentence !== m.sentence) return false;
      at = close + 1;
    }
    const next = tokens[at];
    return next !== undefined && next.sentence === m.sentence && (next.pos === 'VERB' || next.pos === 'AUX');
  }

  function personBetween(from: number, to: number, candidates: Mention[]): boolean {
    return candidates.some((m) => m.first > from && m.last < to);
  }

  /** `inner` lies in the comma-delimited aside right after `subject`. */
  function inParenthesis(subject: Mention, inner: Mention): boolean {
    if (lower[subject.last + 1] !== ',') return false;
    const close = lower.indexOf(',', subject.last + 2);
    return close > inner.last && inner.first > subject.last;
  }

  /** `subject` opens its sentence and only a verb of saying or thinking (and "that") stands between it and the pronoun. */
  function reportsOwnWords(subject: Mention, pronoun: number): boolean {
    const opening = lower.slice(sentenceFirst[subject.sentence]!, subject.first);
    if (!opening.every((w) => QUOTE_OR_CONNECTIVE.has(w))) return false;
    const between = tokens.slice(subject.last + 1, pronoun);
    return (
      between.length > 0 &&
      between.length <= 3 &&
      between.some((t) => REPORTING_LEMMAS.has(t.lemma)) &&
      between.every((t) => REPORTING_LEMMAS.has(t.lemma) || t.pos === 'ADV' || t.pos === 'AUX' || t.lemma === 'that')
    );
  }

  function fullest(cluster: Cluster): Mention {
    let best = cluster.mentions[0]!;
    for (const m of cluster.mentions) {
      if ((m.form === 'name' && best.form !== 'name') || (m.form === best.form && m.words.length > best.words.length)) best = m;
    }
    return best;
  }

  function surface(m: Mention): string {
    const first = tokens[m.first]!;
    const last = tokens[m.last]!;
    return text.view.text.slice(first.start, last.end);
  }

  function canonicalName(cluster: Cluster): string {
    if (cluster.place) return cluster.place.kind === 'capital' ? surface(cluster.mentions[0]!) : cluster.place.name;
    const best = fullest(cluster);
    // Without honorifics, determiners or a possessive, in the text's own spelling.
    let first = best.first;
    let last = best.last;
    const drop = (w: string): boolean => w in HONORIFIC_GENDER || DEFINITE.has(w) || INDEFINITE.has(w);
    while (first < last && drop(lower[first]!)) first++;
    while (last > first && POSSESSIVE.has(lower[last]!)) last--;
    return text.view.text.slice(tokens[first]!.start, tokens[last]!.end).replace(/\s+/g, ' ');
  }

  function entityId(cluster: Cluster, name: string): string {
    if (cluster.localId) return cluster.localId;
    const prefix = { PER: 'person', ORG: 'org', GPE: 'place', LOC: 'place', MISC: 'misc' }[cluster.label];
    // "Apple Inc." and "Apple", "General Motors Corporation" and "General Motors": one company, one id.
    const key = cluster.label === 'ORG' ? name.replace(LEGAL_FORM, '') || name : name;
    return `${prefix}/${slug(key) || 'unnamed'}`;
  }

  function identity(cluster: Cluster): { name: string; entity: string } {
    let known = identities.get(cluster);
    if (!known) {
      const name = canonicalName(cluster);
      known = { name, entity: entityId(cluster, name) };
      identities.set(cluster, known);
    }
    return known;
  }

  function toEntityMention(m: Mention): EntityMention {
    const cluster = m.cluster!;
    const { name, entity } = identity(cluster);
    const first = tokens[m.first]!;
    const last = tokens[m.last]!;
    return {
      start: first.start,
      end: last.end,
      text: text.view.text.slice(first.start, last.end),
      label: cluster.label === 'PER' || cluster.label === 'GPE' ? cluster.label : m.label === 'GPE' ? 'GPE' : cluster.label,
      form: m.form,
      entity,
      name,
      rule: m.rule,
    };
  }
}

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let at = 0;
  for (const word of whole) if (word === part[at]) at++;
  return at === part.length;
}

function isAcronymOf(word: string, full: readonly string[]): boolean {
  if (word.length < 2 || full.length < 2) return false;
  const letters = full.filter((w) => !ACRONYM_SKIP.has(w)).map((w) => w[0]).join('');
  return letters === word.replace(/\./g, '');
}

/** How each word is written in the document's running text: lower-case somewhere, or only capitalised. */
function wordCasing(tokens: readonly Token[]): Set<string> {
  const lowerSeen = new Set<string>();
  for (const t of tokens) if (/^\p{Ll}/u.test(t.text)) lowerSeen.add(t.text);
  return lowerSeen;
}

/**
 * What the tagger reads. A Title-Case Headline Capitalises Every Word, which a tagger trained on running text
 * takes for one long name: such headlines are shown to it with each word the document also writes in lower case
 * lowered ("Trump And Pompeo Out Of Step" → "Trump and Pompeo out of step"). Offsets do not change.
 */
function taggerInput(sentence: readonly Token[], lowerSeen: ReadonlySet<string>): string[] {
  const words = sentence.filter((t) => /^\p{L}/u.test(t.text));
  const capitalised = words.filter((t) => /^\p{Lu}/u.test(t.text)).length;
  const titleCase = words.length >= 4 && capitalised / words.length >= 0.7 && words.some((t) => /^\p{Lu}\p{Ll}/u.test(t.text));
  if (!titleCase) return sentence.map((t) => t.text);
  return sentence.map((t, i) => {
    const lowered = t.text.toLowerCase();
    return i > 0 && /^\p{Lu}\p{Ll}*$/u.test(t.text) && lowerSeen.has(lowered) ? lowered : t.text;
  });
}
