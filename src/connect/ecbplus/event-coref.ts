/**
 * Event coreference scored on ECB+ (Cybulska and Vossen 2014) as the literature does: gold event mentions
 * (ACTION_* and NEG_ACTION_* markables) of the sentences whose annotation is complete, clustered within
 * document clusters (by default the gold sub-topics), scored with MUC, B-cubed, CEAF-e and their mean, the
 * CoNLL F1, singletons included.
 */
import type { BodyView } from '../../document/document.js';
import { recogniseEntities } from '../../language/entities/index.js';
import type { LanguageTools } from '../../language/index.js';
import { analyseText, type LanguageText } from '../../language/text.js';
import { loadLanguageTools } from '../../language/tools.js';
import { clusterByHeadLemma, clusterEventMentions, type PairModel } from '../coref/index.js';
import type { CorefToken, EventMention } from '../coref/types.js';
import { corefScores, type Prf } from '../metrics.js';
import { type EcbDocument, isEventTag, readEcbCorpus } from './corpus.js';

/** The corpus read and analysed once: event mentions with their language analysis, and the gold chains. */
export interface PreparedEcb {
  documents: EcbDocument[];
  mentions: EventMention[];
  /** Mention id → gold chain. */
  gold: Map<string, string>;
}

const ECB_TIME_ANCHOR = '2000-01-01';
const PLACE_LABELS = new Set(['GPE', 'LOC']);

/**
 * Lemmas, POS, entities and times for one document from the project's language stage. The text is the
 * document's tokens joined by spaces, each sentence its own paragraph, so no sentence runs into the next.
 */
function analyseEcbDocument(doc: EcbDocument, tools: LanguageTools): {
  tokens: Map<number, CorefToken>;
  sentenceArguments: Map<number, { entities: Set<string>; places: Set<string>; times: Set<string> }>;
} {
  let text = '';
  const offsets = new Map<number, { start: number; end: number }>();
  const sentenceStarts: { sentence: number; start: number }[] = [];
  let sentence = -1;
  for (const t of doc.tokens) {
    if (t.sentence !== sentence) {
      if (text.length > 0) text += '\n\n';
      sentence = t.sentence;
      sentenceStarts.push({ sentence, start: text.length });
    } else text += ' ';
    offsets.set(t.id, { start: text.length, end: text.length + t.text.length });
    text += t.text;
  }
  const analysed = analyseText(text);
  // Each ECB+ token takes the lemma and POS of the analysed token covering its first character.
  const at = new Array<number>(text.length).fill(-1);
  analysed.tokens.forEach((t, i) => {
    for (let c = t.start; c < t.end; c++) at[c] = i;
  });
  const tokens = new Map<number, CorefToken>();
  for (const t of doc.tokens) {
    const found = analysed.tokens[at[offsets.get(t.id)!.start]!];
    tokens.set(t.id, { text: t.text, lemma: found?.lemma ?? t.text.toLowerCase(), pos: found?.pos ?? 'X' });
  }
  const sentenceAt = (offset: number): number => {
    let lo = 0;
    let hi = sentenceStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sentenceStarts[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return sentenceStarts[lo]!.sentence;
  };
  const sentenceArguments = new Map<number, { entities: Set<string>; places: Set<string>; times: Set<string> }>();
  const argumentsOf = (offset: number): { entities: Set<string>; places: Set<string>; times: Set<string> } => {
    const s = sentenceAt(offset);
    let args = sentenceArguments.get(s);
    if (!args) sentenceArguments.set(s, (args = { entities: new Set(), places: new Set(), times: new Set() }));
    return args;
  };
  // ECB+ gives no publication dates. One fixed anchor for every document keeps relative expressions
  // comparable across them ("on Friday" and "on Friday" agree, "on Saturday" does not).
  const times = tools.times(text, ECB_TIME_ANCHOR);
  const view: BodyView = { text, segments: [], toOriginal: (offset) => offset };
  const language: LanguageText = { view, ...analysed };
  for (const m of recogniseEntities(language, tools.names, doc.name, { timeRanges: times })) {
    const args = argumentsOf(m.start);
    (PLACE_LABELS.has(m.label) ? args.places : args.entities).add(m.entity);
  }
  for (const t of times) argumentsOf(t.start).times.add(t.value);
  return { tokens, sentenceArguments };
}

/** Reads ECB+ and turns its gold event mentions in selected sentences into coreference input. */
export async function prepareEcbEventMentions(dir: string, options: { topics?: (topic: string) => boolean; tools?: LanguageTools } = {}): Promise<PreparedEcb> {
  const corpus = await readEcbCorpus(dir);
  const tools = options.tools ?? loadLanguageTools();
  const documents = corpus.documents.filter((d) => !options.topics || options.topics(d.topic));
  const mentions: EventMention[] = [];
  const gold = new Map<string, string>();
  for (const doc of documents) {
    const events = doc.mentions.filter((m) => isEventTag(m.tag));
    const sentenceOf = new Map(doc.tokens.map((t) => [t.id, t.sentence]));
    const inSelected = events.filter((m) => corpus.selected.has(`${doc.name}/${sentenceOf.get(m.tokens[0]!)}`));
    if (inSelected.length === 0) continue;
    const { tokens, sentenceArguments } = analyseEcbDocument(doc, tools);
    const sentences = new Map<number, number[]>();
    for (const t of doc.tokens) {
      const list = sentences.get(t.sentence);
      if (list) list.push(t.id);
      else sentences.set(t.sentence, [t.id]);
    }
    for (const m of inSelected) {
      const sentence = sentenceOf.get(m.tokens[0]!)!;
      const ids = sentences.get(sentence)!;
      const index = new Map(ids.map((id, i) => [id, i]));
      const positions = m.tokens.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      const args = sentenceArguments.get(sentence);
      const id = `${doc.name}/${m.id}`;
      mentions.push({
        id,
        document: doc.name,
        sentence,
        tokens: ids.map((t) => tokens.get(t)!),
        trigger: { first: Math.min(...positions), last: Math.max(...positions) },
        arguments: { entities: [...(args?.entities ?? [])], places: [...(args?.places ?? [])], times: [...(args?.times ?? [])] },
      });
      gold.set(id, m.chain);
    }
  }
  return { documents, mentions, gold };
}

/** Gold sub-topics (`<topic>ecb`, `<topic>ecbplus`) as document clusters. */
export function goldSubtopics(docs: readonly EcbDocument[]): string[][] {
  return groupDocuments(docs, (d) => d.subtopic);
}

/** Every document of a topic in one cluster: harder, both seminal events of a topic mixed. */
export function wholeTopics(docs: readonly EcbDocument[]): string[][] {
  return groupDocuments(docs, (d) => d.topic);
}

function groupDocuments(docs: readonly EcbDocument[], key: (d: EcbDocument) => string): string[][] {
  const groups = new Map<string, string[]>();
  for (const d of docs) {
    const list = groups.get(key(d));
    if (list) list.push(d.name);
    else groups.set(key(d), [d.name]);
  }
  return [...groups.values()];
}

export interface EventCorefOptions {
  /** A partition of document names (default: the gold sub-topics). */
  documentClusters?: (docs: EcbDocument[]) => string[][];
  /** Topics to score, by number (default: every topic read). */
  topics?: readonly (string | number)[] | ((topic: string) => boolean);
  /** `model` (default), the same-head-lemma baseline, or same derivational stem. */
  method?: 'model' | 'lemma' | 'stem';
  model?: PairModel;
  threshold?: number;
  /** Score without singletons too (each side's own singletons removed, as Cattan et al. 2021 do). */
  withoutSingletons?: boolean;
}

export interface CorefEvaluation {
  conll_f1: number;
  muc: Prf;
  bcubed: Prf;
  ceafe: Prf;
  mentions: number;
  documents: number;
  document_clusters: number;
  gold_clusters: number;
  predicted_clusters: number;
  without_singletons?: { conll_f1: number; muc: Prf; bcubed: Prf; ceafe: Prf; mentions_gold: number; mentions_predicted: number };
}

function topicFilter(topics: EventCorefOptions['topics']): ((topic: string) => boolean) | undefined {
  if (topics === undefined || typeof topics === 'function') return topics;
  const wanted = new Set(topics.map(String));
  return (topic) => wanted.has(topic);
}

const round = (p: Prf): Prf => ({ precision: round4(p.precision), recall: round4(p.recall), f1: round4(p.f1) });
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function withoutSingletons(clustering: Map<string, string>): Map<string, string> {
  const sizes = new Map<string, number>();
  for (const c of clustering.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  return new Map([...clustering].filter(([, c]) => sizes.get(c)! > 1));
}

/** Scores event coreference on prepared ECB+ data. */
export function scoreEventCoref(prepared: PreparedEcb, options: Omit<EventCorefOptions, 'topics'> & { topics?: EventCorefOptions['topics'] } = {}): CorefEvaluation {
  const keep = topicFilter(options.topics);
  const documents = prepared.documents.filter((d) => !keep || keep(d.topic));
  const names = new Set(documents.map((d) => d.name));
  const mentions = prepared.mentions.filter((m) => names.has(m.document));
  const clusters = (options.documentClusters ?? goldSubtopics)(documents);
  const response = options.method === 'lemma' || options.method === 'stem'
    ? clusterByHeadLemma(mentions, clusters, options.method)
    : clusterEventMentions(mentions, { documentClusters: clusters, ...(options.model ? { model: options.model } : {}), ...(options.threshold !== undefined ? { threshold: options.threshold } : {}) });
  const key = new Map(mentions.map((m) => [m.id, prepared.gold.get(m.id)!]));
  const scores = corefScores(key, response);
  const out: CorefEvaluation = {
    conll_f1: round4(scores.conll),
    muc: round(scores.muc),
    bcubed: round(scores.bcubed),
    ceafe: round(scores.ceafe),
    mentions: mentions.length,
    documents: new Set(mentions.map((m) => m.document)).size,
    document_clusters: clusters.length,
    gold_clusters: new Set(key.values()).size,
    predicted_clusters: new Set(response.values()).size,
  };
  if (options.withoutSingletons) {
    const k = withoutSingletons(key);
    const r = withoutSingletons(response);
    const s = corefScores(k, r);
    out.without_singletons = { conll_f1: round4(s.conll), muc: round(s.muc), bcubed: round(s.bcubed), ceafe: round(s.ceafe), mentions_gold: k.size, mentions_predicted: r.size };
  }
  return out;
}

/** Reads ECB+ from `dir` (laid out as published) and scores event coreference on it. */
export async function evaluateEventCoref(dir: string, options: EventCorefOptions = {}): Promise<CorefEvaluation> {
  const topics = topicFilter(options.topics);
  const prepared = await prepareEcbEventMentions(dir, topics ? { topics } : {});
  return scoreEventCoref(prepared, options);
}
