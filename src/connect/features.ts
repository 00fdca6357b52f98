import type { Document } from '../document/document.js';
import type { LanguageText } from '../language/text.js';

/**
 * What an article is about, for story clustering, seen several ways. Each view is a bag of terms compared by
 * TF-IDF cosine, and a small learned model weighs the views (`stories.ts`): two reports of one happening share
 * its names, numbers and lead, while two happenings of the same kind (two earthquakes, two summits) share only
 * the topic's words, so the views tell apart what one bag of words cannot.
 */
export const STORY_VIEWS = [
  'words', // content lemmas and entity ids: the topic
  'events', // verb and noun lemmas: what happened
  'names', // proper-noun lemmas: who and where, as written
  'people', // surnames of named people ("Kim Jong Un" and "Kim" alike)
  'places', // countries, cities and other places, by entity id
  'numbers', // figures: magnitudes, tolls, scores
  'lead', // content lemmas of the first two sentences, where news states its happening
  'leadNames', // proper nouns of the lead
  'years', // years named or normalised from time expressions
] as const;
export type StoryView = (typeof STORY_VIEWS)[number];

export type TermCounts = Map<string, number>;
export type ArticleViews = Record<StoryView, TermCounts>;
/** Term counts per view as anything that yields [term, count]: the views, or their stored data as read. */
export type ViewTerms = Record<StoryView, Iterable<readonly [string, number]>>;

const CONTENT_POS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM']);
/** Sentences that make the lead. */
const LEAD_SENTENCES = 2;

/** Verbs and nouns that every news article uses, whatever it reports. */
const GENERIC_LEMMAS = new Set([
  'be', 'have', 'do', 'say', 'tell', 'get', 'make', 'go', 'take', 'come', 'see', 'know', 'also', 'year', 'day',
  'time', 'people', 'report', 'add', 'include', 'accord', 'show', 'use', 'can', 'will', 'would', 'could', 'may',
  'new', 'other', 'many', 'more', 'last', 'first', 'one', 'two',
]);

function emptyViews(): ArticleViews {
  return Object.fromEntries(STORY_VIEWS.map((v) => [v, new Map()])) as ArticleViews;
}

function add(terms: TermCounts, term: string): void {
  terms.set(term, (terms.get(term) ?? 0) + 1);
}

/** The views of an analysed document (language stage spans and tokens). */
export function articleViews(doc: Document, text: LanguageText): ArticleViews {
  const views = emptyViews();
  const firstSentence = text.sentences[0]?.index ?? 0;
  for (const token of text.tokens) {
    const lemma = token.lemma.toLowerCase();
    const lead = token.sentence < firstSentence + LEAD_SENTENCES;
    if (token.pos === 'NUM' && /\d/.test(lemma)) add(views.numbers, lemma.replace(/,/g, ''));
    if (/^(1[89]|20)\d\d$/.test(lemma)) add(views.years, lemma);
    if (token.pos === 'PROPN') {
      add(views.names, lemma);
      if (lead) add(views.leadNames, lemma);
    }
    if (!CONTENT_POS.has(token.pos) || lemma.length < 2 || GENERIC_LEMMAS.has(lemma) || !/\p{L}/u.test(lemma)) continue;
    add(views.words, `w:${lemma}`);
    if (token.pos === 'VERB' || token.pos === 'NOUN') add(views.events, lemma);
    if (lead) add(views.lead, lemma);
  }
  for (const m of doc.spansOf('mention')) {
    // Pronouns repeat an entity already named; counting them would weigh a story's protagonist twice.
    if (m.form === 'pronoun') continue;
    add(views.words, `e:${m.entity}`);
    if (m.label === 'PER' && m.form === 'name') {
      const surname = m.name.split(/\s+/).pop()?.toLowerCase();
      if (surname) add(views.people, surname);
    }
    if ((m.label === 'GPE' || m.label === 'LOC') && m.form !== 'demonym') add(views.places, m.entity);
  }
  for (const t of doc.spansOf('timex')) {
    const year = /^(\d{4})/.exec(t.value);
    if (year) add(views.years, year[1]!);
  }
  return views;
}

/** Views as plain data (JSON), and back: for caching analysed articles and for the store. */
export function viewsToData(views: ArticleViews): Record<string, [string, number][]> {
  return Object.fromEntries(STORY_VIEWS.map((v) => [v, [...views[v]]]));
}

/** Stored views as term counts without building maps: what replaying a store needs (a view not stored is empty). */
export function viewTermsOfData(data: Record<string, [string, number][]>): ViewTerms {
  const terms = {} as ViewTerms;
  for (const v of STORY_VIEWS) terms[v] = data[v] ?? [];
  return terms;
}

export function viewsFromData(data: Record<string, [string, number][]>): ArticleViews {
  const views = emptyViews();
  for (const v of STORY_VIEWS) for (const [term, n] of data[v] ?? []) views[v].set(term, n);
  return views;
}
