/**
 * Pairwise features of two event mentions: generic signals only (do the head lemmas or their derivational
 * stems agree, are the heads related in the event lexicon or in WordNet, how alike are the sentences, do the
 * participants, times and places agree), so that a model trained on one corpus carries no words of it.
 */
import { derivationalStem, LIGHT_LEMMAS, REPORTING_LEMMAS } from './morphology.js';
import { eventClassesOf, isFamilyClass, isGenericClass } from './lexicon.js';
import type { EventMention } from './types.js';
import { verbClasses } from './verb-classes.js';
import { type WordSenses, wordNetRelation, wordSenses } from './wordnet-senses.js';

/** What one mention brings to a comparison, computed once. */
export interface MentionProfile {
  mention: EventMention;
  index: number;
  head: string;
  stem: string;
  /** Event class of the head from the verb dictionary, if it has one. */
  verbClass: string | undefined;
  /** Event classes of the head (or head + particle: "step down") in the event class lexicon, generic ones left out. */
  classes: Set<string>;
  /** The head is a word that can stand for almost any event ("incident", "tragedy"). */
  generic: boolean;
  surface: string;
  pos: string;
  reporting: boolean;
  light: boolean;
  /** Content lemmas of the sentence, trigger excluded, with weights (normalised to unit length). */
  context: Map<string, number>;
  /** Content lemmas within a few tokens of the trigger. */
  window: Set<string>;
  /** Numbers written with digits in the sentence. */
  numbers: Set<string>;
  entities: Set<string>;
  times: Set<string>;
  places: Set<string>;
  /** The trigger modifies a noun right after it ("security update", "emergency patch"): a property more than an event. */
  modifier: boolean;
  /** The head's WordNet senses, if WordNet knows the word. */
  wordnet: WordSenses | undefined;
  /** How likely the mention is to corefer with no other (the singleton model's probability; 0 without one). */
  singleton: number;
}

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM']);
const NOT_CONTENT = new Set([...LIGHT_LEMMAS, 'say', 'tell', 'will', 'would', 'can', 'could', 'may', 'also', 'more', 'other', 'one', 'new']);
const WINDOW = 4;

const isContent = (lemma: string, pos: string): boolean => CONTENT_POS.has(pos) && !NOT_CONTENT.has(lemma) && /\p{L}|\d/u.test(lemma);

/**
 * The head of a trigger: its first verb that is not an auxiliary or light verb, else its last noun, else its
 * last token ("was arrested" → "arrested", "took place" → "place" only when nothing better).
 */
export function headIndex(mention: EventMention): number {
  const { first, last } = mention.trigger;
  let noun = -1;
  let verb = -1;
  for (let i = first; i <= last; i++) {
    const t = mention.tokens[i]!;
    if (t.pos === 'VERB' && verb < 0 && !LIGHT_LEMMAS.has(t.lemma.toLowerCase())) verb = i;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') noun = i;
  }
  if (verb >= 0) return verb;
  if (noun >= 0) return noun;
  for (let i = first; i <= last; i++) {
    const t = mention.tokens[i]!;
    if (t.pos === 'VERB' || t.pos === 'ADJ') return i;
  }
  return last;
}

/** Inverse document frequency of the context lemmas over a set of mentions' sentences. */
export function contextWeights(mentions: readonly EventMention[]): (lemma: string) => number {
  const seen = new Map<string, Set<string>>();
  for (const m of mentions) {
    const key = `${m.document}/${m.sentence}`;
    for (const t of m.tokens) {
      const lemma = t.lemma.toLowerCase();
      if (!isContent(lemma, t.pos)) continue;
      let sentences = seen.get(lemma);
      if (!sentences) seen.set(lemma, (sentences = new Set()));
      sentences.add(key);
    }
  }
  const total = new Set(mentions.map((m) => `${m.document}/${m.sentence}`)).size;
  return (lemma) => Math.log((1 + total) / (1 + (seen.get(lemma)?.size ?? 0)));
}

export function profileMention(mention: EventMention, index: number, weight: (lemma: string) => number): MentionProfile {
  const h = headIndex(mention);
  const headToken = mention.tokens[h]!;
  const head = headToken.lemma.toLowerCase();
  const context = new Map<string, number>();
  const window = new Set<string>();
  const numbers = new Set<string>();
  mention.tokens.forEach((t, i) => {
    if (i >= mention.trigger.first && i <= mention.trigger.last) return;
    if (/^\d[\d,.]*$/.test(t.text)) numbers.add(t.text.replace(/,/g, ''));
    const lemma = t.lemma.toLowerCase();
    if (!isContent(lemma, t.pos)) return;
    context.set(lemma, weight(lemma));
    if (i >= mention.trigger.first - WINDOW && i <= mention.trigger.last + WINDOW) window.add(lemma);
  });
  let norm = 0;
  for (const w of context.values()) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  for (const [k, w] of context) context.set(k, w / norm);
  const args = mention.arguments ?? {};
  const { classes, generic } = lexiconClasses(mention, h, head);
  return {
    mention,
    index,
    head,
    stem: derivationalStem(head),
    verbClass: verbClasses().get(derivationalStem(head)),
    classes,
    generic,
    surface: mention.tokens.slice(mention.trigger.first, mention.trigger.last + 1).map((t) => t.text.toLowerCase()).join(' '),
    pos: headToken.pos,
    reporting: REPORTING_LEMMAS.has(head),
    light: LIGHT_LEMMAS.has(head),
    context,
    window,
    numbers,
    entities: new Set(args.entities ?? []),
    times: new Set(args.times ?? []),
    places: new Set(args.places ?? []),
    modifier: headToken.pos !== 'VERB' && h === mention.trigger.last && (mention.tokens[h + 1]?.pos === 'NOUN' || mention.tokens[h + 1]?.pos === 'PROPN'),
    wordnet: wordSenses(head, headToken.pos),
    singleton: 0,
  };
}

const PARTICLE_POS = new Set(['ADP', 'PART', 'ADV']);

/**
 * Lexicon classes of a trigger: of its head lemma, of the head with the particle after it ("stepped down" →
 * step_down, "checked into" → check_into), and of the whole trigger as a phrase. A phrase's classes come
 * first-class; the bare head adds its own too, since the lexicon cannot tell which sense is meant.
 */
function lexiconClasses(mention: EventMention, h: number, head: string): { classes: Set<string>; generic: boolean } {
  const keys = [head];
  const next = mention.tokens[h + 1];
  if (next && PARTICLE_POS.has(next.pos)) keys.push(`${head}_${next.lemma.toLowerCase()}`);
  if (mention.trigger.last > mention.trigger.first) {
    keys.push(mention.tokens.slice(mention.trigger.first, mention.trigger.last + 1).map((t) => t.lemma.toLowerCase()).join('_'));
  }
  const classes = new Set<string>();
  let generic = false;
  for (const key of keys) {
    for (const name of eventClassesOf(key)) {
      if (isGenericClass(name)) generic = true;
      else classes.add(name);
    }
  }
  return { classes, generic };
}

/** Statistics of the set of mentions being clustered (a document cluster) that pair features draw on. */
export interface ClusterStatistics {
  documents: number;
  /** Number of documents that have a mention with this stem. */
  stemDocuments: Map<string, number>;
  /** Number of documents that have a mention of this lexicon event class. */
  classDocuments: Map<string, number>;
}

export function clusterStatistics(profiles: readonly MentionProfile[]): ClusterStatistics {
  const byStem = new Map<string, Set<string>>();
  const byClass = new Map<string, Set<string>>();
  const add = (index: Map<string, Set<string>>, key: string, document: string): void => {
    let docs = index.get(key);
    if (!docs) index.set(key, (docs = new Set()));
    docs.add(document);
  };
  for (const p of profiles) {
    add(byStem, p.stem, p.mention.document);
    for (const c of p.classes) add(byClass, c, p.mention.document);
  }
  const sizes = (index: Map<string, Set<string>>): Map<string, number> => new Map([...index].map(([key, docs]) => [key, docs.size]));
  return {
    documents: new Set(profiles.map((p) => p.mention.document)).size,
    stemDocuments: sizes(byStem),
    classDocuments: sizes(byClass),
  };
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, w] of small) {
    const v = large.get(k);
    if (v !== undefined) sum += w * v;
  }
  return sum;
}

function overlap(a: Set<string>, b: Set<string>): { shared: number; union: number } {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return { shared, union: a.size + b.size - shared };
}

/** Two time values agree when one is a prefix of the other ("2008-09" and "2008-09-22"). */
function timesAgree(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) for (const y of b) if (x.startsWith(y) || y.startsWith(x)) return true;
  return false;
}

export const FEATURE_NAMES = [
  'bias',
  'same_lemma',
  'same_stem_other_lemma',
  'similar_stem',
  'same_document',
  'same_document_same_lemma',
  'same_sentence',
  'sentence_cosine',
  'same_lemma_x_cosine',
  'window_overlap',
  'entities_shared',
  'entities_disjoint',
  'times_agree',
  'times_disagree',
  'places_shared',
  'places_disjoint',
  'reporting_same_lemma',
  'light_same_lemma',
  'pos_mismatch',
  'both_nouns',
  'stem_document_spread',
  'sentence_closeness',
  'both_lead_sentences',
  'same_surface',
  'different_lemma_x_cosine',
  'same_verb_class',
  'different_stems_both_spread',
  'different_stems_spread_lead',
  'different_stems_window_overlap',
  'different_stems_entities_shared',
  'same_stem_entities_shared',
  'same_stem_entities_disjoint',
  'same_stem_times_disagree',
  'same_stem_places_disjoint',
  'same_stem_context_numbers_differ',
  'shared_event_class',
  'event_class_overlap',
  'shared_class_x_cosine',
  'shared_class_window_overlap',
  'shared_class_entities_shared',
  'shared_class_entities_disjoint',
  'shared_class_times_agree',
  'shared_class_times_disagree',
  'shared_class_places_shared',
  'shared_class_both_spread',
  'shared_class_numbers_differ',
  'generic_event_word',
  'generic_x_cosine',
  'shared_family_only',
  'known_different_classes',
  'wordnet_synonym',
  'wordnet_hypernym',
  'wordnet_cause_or_entailment',
  'wordnet_antonym',
  'wordnet_sibling',
  'wordnet_related_x_cosine',
  'same_stem_modifier',
  'modifier',
  'singleton_max',
  'singleton_min',
  'singleton_product',
] as const;

/** Position of a feature in `FEATURE_NAMES`. */
export const featureIndex = (name: (typeof FEATURE_NAMES)[number]): number => FEATURE_NAMES.indexOf(name);

export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Writes the features of a pair into `out` (length FEATURE_COUNT). */
export function pairFeatures(a: MentionProfile, b: MentionProfile, stats: ClusterStatistics, out: Float64Array): void {
  const sameLemma = a.head === b.head ? 1 : 0;
  const sameStem = a.stem === b.stem ? 1 : 0;
  const prefix = commonPrefix(a.stem, b.stem);
  const similarStem = !sameStem && prefix >= 4 && prefix >= Math.max(a.stem.length, b.stem.length) - 2 ? 1 : 0;
  const sameDocument = a.mention.document === b.mention.document ? 1 : 0;
  const sameSentence = sameDocument && a.mention.sentence === b.mention.sentence ? 1 : 0;
  const context = cosine(a.context, b.context);
  const window = overlap(a.window, b.window);
  const entities = overlap(a.entities, b.entities);
  const places = overlap(a.places, b.places);
  const bothTimes = a.times.size > 0 && b.times.size > 0;
  const timeAgree = bothTimes && timesAgree(a.times, b.times) ? 1 : 0;
  const lexical = sameLemma || sameStem;
  const spread = lexical && stats.documents > 1 ? spreadOf(a, stats) : 0;
  let i = 0;
  out[i++] = 1;
  out[i++] = sameLemma;
  out[i++] = sameStem && !sameLemma ? 1 : 0;
  out[i++] = similarStem;
  out[i++] = sameDocument;
  out[i++] = sameDocument * sameLemma;
  out[i++] = sameSentence;
  out[i++] = context;
  out[i++] = lexical * context;
  out[i++] = window.union === 0 ? 0 : window.shared / window.union;
  out[i++] = entities.union === 0 ? 0 : entities.shared / entities.union;
  out[i++] = a.entities.size > 0 && b.entities.size > 0 && entities.shared === 0 ? 1 : 0;
  out[i++] = timeAgree;
  out[i++] = bothTimes && !timeAgree ? 1 : 0;
  out[i++] = places.shared > 0 ? 1 : 0;
  out[i++] = a.places.size > 0 && b.places.size > 0 && places.shared === 0 ? 1 : 0;
  out[i++] = lexical && (a.reporting || b.reporting) ? 1 : 0;
  out[i++] = lexical && (a.light || b.light) ? 1 : 0;
  out[i++] = (a.pos === 'VERB') !== (b.pos === 'VERB') ? 1 : 0;
  out[i++] = a.pos !== 'VERB' && b.pos !== 'VERB' ? 1 : 0;
  out[i++] = spread;
  out[i++] = sameDocument && !sameSentence ? 1 / (1 + Math.abs(a.mention.sentence - b.mention.sentence)) : 0;
  out[i++] = a.mention.sentence <= 2 && b.mention.sentence <= 2 ? 1 : 0;
  out[i++] = a.surface === b.surface ? 1 : 0;
  out[i++] = lexical ? 0 : context;
  out[i++] = !lexical && a.verbClass !== undefined && a.verbClass === b.verbClass ? 1 : 0;
  // Words many documents of the cluster use are likely its main event, whatever the wording.
  const bothSpread = lexical || stats.documents <= 1 ? 0 : Math.min(spreadOf(a, stats), spreadOf(b, stats));
  out[i++] = bothSpread;
  out[i++] = a.mention.sentence <= 2 && b.mention.sentence <= 2 ? bothSpread : 0;
  out[i++] = lexical ? 0 : out[9]!;
  out[i++] = lexical ? 0 : out[10]!;
  out[i++] = lexical ? out[10]! : 0;
  out[i++] = lexical ? out[11]! : 0;
  out[i++] = lexical ? out[13]! : 0;
  out[i++] = lexical ? out[15]! : 0;
  out[i++] = lexical && numbersDiffer(a, b) ? 1 : 0;
  // Different words of one event class ("killed" / "murder"): only the arguments can tell whether they are
  // the same event, so the class features come crossed with them.
  const classes = overlap(a.classes, b.classes);
  const related = !lexical && classes.shared > 0 ? 1 : 0;
  out[i++] = related;
  out[i++] = lexical || classes.union === 0 ? 0 : classes.shared / classes.union;
  out[i++] = related * context;
  out[i++] = related * out[9]!;
  out[i++] = related * out[10]!;
  out[i++] = related * out[11]!;
  out[i++] = related * timeAgree;
  out[i++] = related * out[13]!;
  out[i++] = related * out[14]!;
  out[i++] = related ? sharedClassSpread(a, b, stats) : 0;
  out[i++] = related && numbersDiffer(a, b) ? 1 : 0;
  const generic = !lexical && (a.generic || b.generic) ? 1 : 0;
  out[i++] = generic;
  out[i++] = generic * context;
  out[i++] = related && !sharesNarrowClass(a, b) ? 1 : 0;
  // Both heads are known to the lexicon and name different kinds of event: a firmer "no" than an unknown word.
  out[i++] = !lexical && !related && a.classes.size > 0 && b.classes.size > 0 ? 1 : 0;
  // WordNet's relations between different words: a second opinion beside the lexicon, and the only one for
  // words it lacks ("sever" / "cut", "victory" / "win").
  const wordnet = !lexical && a.wordnet && b.wordnet ? wordNetRelation(a.wordnet, b.wordnet) : undefined;
  const wordnetRelated = wordnet !== undefined && (wordnet.synonym || wordnet.hypernym || wordnet.causeOrEntailment);
  out[i++] = wordnet?.synonym ? 1 : 0;
  out[i++] = wordnet?.hypernym ? 1 : 0;
  out[i++] = wordnet?.causeOrEntailment ? 1 : 0;
  out[i++] = wordnet?.antonym ? 1 : 0;
  out[i++] = wordnet?.sibling ? 1 : 0;
  out[i++] = wordnetRelated ? context : 0;
  out[i++] = lexical && (a.modifier || b.modifier) ? 1 : 0;
  out[i++] = !lexical && (a.modifier || b.modifier) ? 1 : 0;
  // Mentions likely to stand alone (a passing "security update", a tally "scored 20 points" in every report)
  // join nothing, whatever their words share.
  out[i++] = Math.max(a.singleton, b.singleton);
  out[i++] = Math.min(a.singleton, b.singleton);
  out[i++] = a.singleton * b.singleton;
}

export const SINGLETON_FEATURE_NAMES = [
  'bias',
  'verb',
  'noun',
  'adjective',
  'modifier',
  'reporting',
  'light',
  'generic',
  'in_lexicon',
  'in_wordnet',
  'first_sentence',
  'second_sentence',
  'third_sentence',
  'sentences_4_to_6',
  'stem_document_spread',
  'class_document_spread',
  'stem_in_one_document',
  'several_words',
  'has_entities',
  'has_times',
  'stem_repeated_in_document',
  'log_documents',
] as const;

/**
 * Features of one mention for the singleton model: what it is (part of speech, a modifier, a reporting verb),
 * where it sits, and how many of the cluster's documents use its word or its event class.
 */
export function singletonFeatures(p: MentionProfile, stats: ClusterStatistics, stemsInDocument: ReadonlyMap<string, number>): Float64Array {
  const spread = stats.documents > 1 ? spreadOf(p, stats) : 0;
  let classSpread = 0;
  if (stats.documents > 1) for (const c of p.classes) classSpread = Math.max(classSpread, classSpreadOf(c, stats));
  const s = p.mention.sentence;
  return Float64Array.from([
    1,
    p.pos === 'VERB' ? 1 : 0,
    p.pos === 'NOUN' ? 1 : 0,
    p.pos === 'ADJ' ? 1 : 0,
    p.modifier ? 1 : 0,
    p.reporting ? 1 : 0,
    p.light ? 1 : 0,
    p.generic ? 1 : 0,
    p.classes.size > 0 ? 1 : 0,
    p.wordnet ? 1 : 0,
    s === 0 ? 1 : 0,
    s === 1 ? 1 : 0,
    s === 2 ? 1 : 0,
    s >= 3 && s < 6 ? 1 : 0,
    spread,
    classSpread,
    spread === 0 ? 1 : 0,
    p.mention.trigger.last > p.mention.trigger.first ? 1 : 0,
    p.entities.size > 0 ? 1 : 0,
    p.times.size > 0 ? 1 : 0,
    (stemsInDocument.get(`${p.mention.document}/${p.stem}`) ?? 1) > 1 ? 1 : 0,
    Math.log(1 + stats.documents),
  ]);
}

/** Each mention's singleton features, within its group (the counts they use are the group's). */
export function groupSingletonFeatures(profiles: readonly MentionProfile[], stats: ClusterStatistics): Float64Array[] {
  const stemsInDocument = new Map<string, number>();
  for (const p of profiles) {
    const key = `${p.mention.document}/${p.stem}`;
    stemsInDocument.set(key, (stemsInDocument.get(key) ?? 0) + 1);
  }
  return profiles.map((p) => singletonFeatures(p, stats, stemsInDocument));
}

function sharesNarrowClass(a: MentionProfile, b: MentionProfile): boolean {
  for (const c of a.classes) if (!isFamilyClass(c) && b.classes.has(c)) return true;
  return false;
}

/** Both sentences state numbers (distances, tolls, ages) and share none of them. */
function numbersDiffer(a: MentionProfile, b: MentionProfile): boolean {
  if (a.numbers.size === 0 || b.numbers.size === 0) return false;
  for (const x of a.numbers) if (b.numbers.has(x)) return false;
  return true;
}

/** The largest share of the cluster's other documents that mention a class both mentions have. */
function sharedClassSpread(a: MentionProfile, b: MentionProfile, stats: ClusterStatistics): number {
  if (stats.documents <= 1) return 0;
  let best = 0;
  for (const c of a.classes) if (b.classes.has(c)) best = Math.max(best, classSpreadOf(c, stats));
  return best;
}

/** The share of the cluster's other documents using the mention's stem (the cluster has at least two). */
function spreadOf(p: MentionProfile, stats: ClusterStatistics): number {
  return ((stats.stemDocuments.get(p.stem) ?? 1) - 1) / (stats.documents - 1);
}

/** The share of the cluster's other documents mentioning an event class (the cluster has at least two). */
function classSpreadOf(eventClass: string, stats: ClusterStatistics): number {
  return ((stats.classDocuments.get(eventClass) ?? 1) - 1) / (stats.documents - 1);
}
