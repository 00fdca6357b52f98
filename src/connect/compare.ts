/**
 * How the outlets of one story differ: which happenings each reports and leaves out, which quotes each carries,
 * and the words each uses for the same actor and the same act. Every item points at its evidence (article, span,
 * character ranges) so a reader can check it in the text.
 *
 * Quotes are the attribution stage's statements. Two statements are the same quote when their speakers do not
 * disagree (different resolved entities) and either they share a quoted passage of at least two words, word for
 * word, or their contents share most of their content words (token Jaccard; a lower bar when both speakers are
 * the same known entity). Candidates are found through shared words, so unrelated statements are never compared,
 * and quotes that match are grouped transitively (connected components: the groups do not depend on input order).
 */
import type { AttributionSpan, MentionForm, MentionSpan, TextRange } from '../document/types.js';
import { mergeEvents, type MergedEvent, type MergeOptions } from './events.js';
import { articleOutlet, assignUniqueIds, compareText, contentId, squeeze, type ConnectArticle, type Evidence, type OutletRef } from './types.js';

export interface CompareOptions extends MergeOptions {
  /** Token Jaccard of two contents from which they are one quote when both speakers are the same entity. */
  sameSpeakerSimilarity?: number;
  /** The same where a speaker is unknown on either side. */
  unknownSpeakerSimilarity?: number;
}

/** One outlet of the story and, by id, what it reports and leaves out of what the others report. */
export interface OutletCoverage extends OutletRef {
  articles: string[];
  /** Merged event ids it reports / that other outlets report and it does not. */
  events: { reported: string[]; missing: string[] };
  /** Quote ids it carries / that other outlets carry and it does not. */
  quotes: { carried: string[]; missing: string[] };
}

/** A merged event with the outlets (ids) that report it and those of the story that do not. */
export interface EventCoverage {
  event: MergedEvent;
  reportedBy: string[];
  missingFrom: string[];
}

/** One article's rendering of a quote: the attribution span, its content text and where the content sits. */
export interface QuoteInstance {
  article: string;
  outlet: OutletRef;
  spanId: number;
  kind: AttributionSpan['kind'];
  speaker: { entity: string | null; name: string | null };
  content: string;
  /** The content's pieces in the article's text; `span` is the whole attribution (cue, source and content). */
  ranges: TextRange[];
  span: TextRange;
}

/** One statement as the outlets carry it. */
export interface QuoteCoverage {
  /** Derived from the speaker and the representative content. */
  id: string;
  /** The speaker most renderings resolve to (null entity: none resolved). */
  speaker: { entity: string | null; name: string | null };
  /** The fullest rendering's content: a direct quotation where there is one. */
  text: string;
  reportedBy: string[];
  missingFrom: string[];
  instances: QuoteInstance[];
}

/** The words one outlet uses for something, how often, and where. */
export interface Wording {
  text: string;
  count: number;
  /** True when no other outlet of the story uses these words for it. */
  onlyThisOutlet: boolean;
  evidence: Evidence[];
}

/** How each outlet names one entity that at least two outlets mention (names, titles and descriptions; no pronouns). */
export interface ActorWording {
  entity: string;
  name: string;
  label: MentionSpan['label'];
  byOutlet: { outlet: string; forms: (Wording & { form: MentionForm })[] }[];
}

/** The trigger words each outlet uses for one merged event that at least two outlets report. */
export interface ActWording {
  event: string;
  code: string;
  byOutlet: { outlet: string; triggers: Wording[] }[];
}

export interface OutletComparison {
  /** Every outlet of the story, by id; articles without an outlet stand alone as `unknown/<article id>`. */
  outlets: OutletCoverage[];
  /** Every merged event, by date. */
  events: EventCoverage[];
  /** Every quote, most widely carried first. */
  quotes: QuoteCoverage[];
  wording: { actors: ActorWording[]; acts: ActWording[] };
}

const DEFAULT_SAME_SPEAKER_SIMILARITY = 0.45;
const DEFAULT_UNKNOWN_SPEAKER_SIMILARITY = 0.6;
/** Statements with fewer content words than this and no quoted passage say too little to match. */
const MIN_CONTENT_WORDS = 3;
const MIN_PASSAGE_WORDS = 2;
/** Forms that word an actor; pronouns and nationality adjectives say nothing about an outlet's choice of words. */
const WORDING_FORMS: readonly MentionForm[] = ['name', 'title', 'description'];

export function compareOutlets(articles: readonly ConnectArticle[], options: CompareOptions = {}): OutletComparison {
  const ordered = [...articles].sort((a, b) => compareText(a.id, b.id));
  const outletIds = new Map<string, OutletRef & { articles: string[] }>();
  for (const article of ordered) {
    const outlet = articleOutlet(article);
    const known = outletIds.get(outlet.id);
    if (known) known.articles.push(article.id);
    else outletIds.set(outlet.id, { ...outlet, articles: [article.id] });
  }
  const allOutlets = [...outletIds.keys()].sort(compareText);
  const missingFrom = (reportedBy: readonly string[]): string[] => allOutlets.filter((o) => !reportedBy.includes(o));

  const merged = mergeEvents(ordered, options);
  const events: EventCoverage[] = merged.map((event) => ({ event, reportedBy: event.outlets, missingFrom: missingFrom(event.outlets) }));
  const quotes = groupQuotes(ordered, options).map((q) => ({ ...q, missingFrom: missingFrom(q.reportedBy) }));

  const outlets: OutletCoverage[] = allOutlets.map((id) => {
    const ref = outletIds.get(id)!;
    return {
      id,
      name: ref.name,
      articles: ref.articles,
      events: { reported: events.filter((e) => e.reportedBy.includes(id)).map((e) => e.event.id), missing: events.filter((e) => e.missingFrom.includes(id)).map((e) => e.event.id) },
      quotes: { carried: quotes.filter((q) => q.reportedBy.includes(id)).map((q) => q.id), missing: quotes.filter((q) => q.missingFrom.includes(id)).map((q) => q.id) },
    };
  });

  return { outlets, events, quotes, wording: { actors: actorWording(ordered), acts: actWording(merged) } };
}

// ---- quotes ----

interface QuoteCandidate extends QuoteInstance {
  words: Set<string>;
  passages: string[];
}

function groupQuotes(articles: readonly ConnectArticle[], options: CompareOptions): Omit<QuoteCoverage, 'missingFrom'>[] {
  const sameSpeaker = options.sameSpeakerSimilarity ?? DEFAULT_SAME_SPEAKER_SIMILARITY;
  const unknownSpeaker = options.unknownSpeakerSimilarity ?? DEFAULT_UNKNOWN_SPEAKER_SIMILARITY;
  const candidates: QuoteCandidate[] = [];
  for (const article of articles) {
    const outlet = articleOutlet(article);
    const text = article.doc.text;
    for (const span of article.doc.spans) {
      if (span.type !== 'attribution') continue;
      const ranges = [...span.content].sort((a, b) => a.start - b.start);
      const content = squeeze(ranges.map((r) => text.slice(r.start, r.end)).join(' … '));
      // A content range may stop just inside the quotation marks that show a passage is verbatim.
      const withMarks = ranges.map((r) => text.slice(Math.max(0, r.start - 1), Math.min(text.length, r.end + 1))).join(' … ');
      const passages = quotedPassages(withMarks).filter((p) => p.split(' ').length >= MIN_PASSAGE_WORDS);
      const words = new Set(contentWords(content));
      if (words.size < MIN_CONTENT_WORDS && passages.length === 0) continue;
      candidates.push({
        article: article.id,
        outlet,
        spanId: span.id,
        kind: span.kind,
        speaker: { entity: span.speaker?.entity ?? null, name: span.speaker?.name ?? speakerText(span, text) },
        content,
        ranges: ranges.map((r) => ({ start: r.start, end: r.end })),
        span: { start: span.start, end: span.end },
        words,
        passages,
      });
    }
  }

  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const conflict = (a: QuoteCandidate, b: QuoteCandidate): boolean => a.speaker.entity !== null && b.speaker.entity !== null && a.speaker.entity !== b.speaker.entity;

  // The same passage word for word.
  const byPassage = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    for (const p of new Set(c.passages)) pushTo(byPassage, p, i);
  });
  for (const holders of byPassage.values()) {
    for (let x = 0; x < holders.length; x++) for (let y = x + 1; y < holders.length; y++) if (!conflict(candidates[holders[x]!]!, candidates[holders[y]!]!)) union(holders[x]!, holders[y]!);
  }

  // Mostly the same words: only pairs that share a word are looked at.
  const byWord = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    for (const w of c.words) pushTo(byWord, w, i);
  });
  candidates.forEach((c, i) => {
    const shared = new Map<number, number>();
    for (const w of c.words) for (const j of byWord.get(w)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, n] of shared) {
      const other = candidates[j]!;
      if (conflict(c, other)) continue;
      const jaccard = n / (c.words.size + other.words.size - n);
      const bar = c.speaker.entity !== null && c.speaker.entity === other.speaker.entity ? sameSpeaker : unknownSpeaker;
      if (jaccard >= bar) union(i, j);
    }
  });

  const groups = new Map<number, QuoteCandidate[]>();
  candidates.forEach((c, i) => pushTo(groups, find(i), c));

  const found = [...groups.values()].map((members) => {
    const representative = [...members].sort(
      (a, b) => kindRank(a.kind) - kindRank(b.kind) || b.words.size - a.words.size || compareText(a.article, b.article) || a.spanId - b.spanId,
    )[0]!;
    const speaker = mostCommonSpeaker(members);
    const instances = members
      .map(({ words: _words, passages: _passages, ...instance }) => instance)
      .sort((a, b) => compareText(a.article, b.article) || a.spanId - b.spanId);
    return {
      id: contentId('quote', `${speaker.entity ?? ''}|${[...representative.words].sort().join(' ')}`),
      speaker,
      text: representative.content,
      reportedBy: [...new Set(members.map((m) => m.outlet.id))].sort(compareText),
      instances,
    };
  });
  found.sort((a, b) => b.reportedBy.length - a.reportedBy.length || b.instances.length - a.instances.length || compareText(a.id, b.id));
  const ids = assignUniqueIds(found, (q) => q.id);
  return found.map((q, i) => ({ ...q, id: ids[i]! }));
}

const kindRank = (kind: AttributionSpan['kind']): number => (kind === 'direct' ? 0 : kind === 'mixed' ? 1 : 2);

function speakerText(span: AttributionSpan, text: string): string | null {
  const source = squeeze([...span.source].sort((a, b) => a.start - b.start).map((r) => text.slice(r.start, r.end)).join(' '));
  return source || null;
}

function mostCommonSpeaker(members: readonly QuoteCandidate[]): { entity: string | null; name: string | null } {
  const counts = new Map<string, { speaker: QuoteInstance['speaker']; n: number }>();
  for (const m of members) {
    const key = m.speaker.entity ?? `\u0000${m.speaker.name ?? ''}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { speaker: m.speaker, n: 1 });
  }
  // A resolved speaker wins over unresolved ones; then the most frequent.
  return [...counts.entries()].sort(
    (a, b) => Number(b[1].speaker.entity !== null) - Number(a[1].speaker.entity !== null) || b[1].n - a[1].n || compareText(a[0], b[0]),
  )[0]![1].speaker;
}

/** The passages inside quotation marks, as lower-case words. */
function quotedPassages(text: string): string[] {
  const passages: string[] = [];
  for (const m of text.matchAll(/[“"]([^”"]+)[”"]|(?<![\p{L}\p{N}])‘([^’]+)’(?![\p{L}\p{N}])/gu)) {
    const words = tokens(m[1] ?? m[2] ?? '');
    if (words.length > 0) passages.push(words.join(' '));
  }
  return passages;
}

const tokens = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

const STOPWORDS = new Set(
  `a an the and or but if then than that this these those it its it's is are was were be been being has have had do does did
  to of in on at by for with from as into about over after before under between through during without within
  he she they we you i me him her them us his their our your my who whom whose which what when where why how
  not no so too very also just would could should will can may might must shall said says say told tell`.split(/\s+/),
);

/** Content words of a statement, with a plural or possessive ending dropped so "demand" and "demands" agree. */
function contentWords(text: string): string[] {
  return tokens(text)
    .map((w) => w.replace(/['’]s$/, '').replace(/(?<=[a-z]{3})s$/, ''))
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

// ---- wording ----

function actorWording(articles: readonly ConnectArticle[]): ActorWording[] {
  interface Seen {
    texts: Map<string, { shown: Map<string, number>; forms: Map<MentionForm, number>; evidence: Evidence[] }>;
  }
  const byEntity = new Map<string, { label: MentionSpan['label']; names: Map<string, number>; outlets: Map<string, Seen> }>();
  for (const article of articles) {
    const outlet = articleOutlet(article).id;
    for (const span of article.doc.spans) {
      if (span.type !== 'mention' || !WORDING_FORMS.includes(span.form)) continue;
      const shown = squeeze(article.doc.text.slice(span.start, span.end));
      if (!shown) continue;
      let entity = byEntity.get(span.entity);
      if (!entity) byEntity.set(span.entity, (entity = { label: span.label, names: new Map(), outlets: new Map() }));
      entity.names.set(span.name, (entity.names.get(span.name) ?? 0) + 1);
      let seen = entity.outlets.get(outlet);
      if (!seen) entity.outlets.set(outlet, (seen = { texts: new Map() }));
      // "The North Korean dictator" and "the North Korean dictator" are the same words, whichever form the tagger gave them.
      const key = shown.toLowerCase();
      let wording = seen.texts.get(key);
      if (!wording) seen.texts.set(key, (wording = { shown: new Map(), forms: new Map(), evidence: [] }));
      wording.shown.set(shown, (wording.shown.get(shown) ?? 0) + 1);
      wording.forms.set(span.form, (wording.forms.get(span.form) ?? 0) + 1);
      wording.evidence.push({ article: article.id, spanId: span.id, ranges: [{ start: span.start, end: span.end }] });
    }
  }

  const out: (ActorWording & { mentions: number })[] = [];
  for (const [entity, seen] of byEntity) {
    if (seen.outlets.size < 2) continue;
    const usedBy = new Map<string, Set<string>>();
    for (const [outlet, s] of seen.outlets) for (const key of s.texts.keys()) usedBy.set(key, (usedBy.get(key) ?? new Set()).add(outlet));
    let mentions = 0;
    const byOutlet = [...seen.outlets]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([outlet, s]) => ({
        outlet,
        forms: [...s.texts]
          .map(([key, w]) => {
            mentions += w.evidence.length;
            return {
              text: mostFrequent(w.shown),
              form: mostFrequent(w.forms) as MentionForm,
              count: w.evidence.length,
              onlyThisOutlet: usedBy.get(key)!.size === 1,
              evidence: w.evidence.sort(compareEvidence),
            };
          })
          .sort((a, b) => WORDING_FORMS.indexOf(a.form) - WORDING_FORMS.indexOf(b.form) || b.count - a.count || compareText(a.text, b.text)),
      }));
    out.push({ entity, name: mostFrequent(seen.names), label: seen.label, byOutlet, mentions });
  }
  out.sort((a, b) => b.byOutlet.length - a.byOutlet.length || b.mentions - a.mentions || compareText(a.entity, b.entity));
  return out.map(({ mentions: _mentions, ...actor }) => actor);
}

function actWording(merged: readonly MergedEvent[]): ActWording[] {
  const out: ActWording[] = [];
  for (const event of merged) {
    if (event.outlets.length < 2) continue;
    const byOutlet = new Map<string, Map<string, { shown: Map<string, number>; evidence: Evidence[] }>>();
    for (const mention of event.mentions) {
      const words = byOutlet.get(mention.outlet.id) ?? new Map<string, { shown: Map<string, number>; evidence: Evidence[] }>();
      byOutlet.set(mention.outlet.id, words);
      const key = mention.trigger.text.toLowerCase();
      const wording = words.get(key) ?? { shown: new Map<string, number>(), evidence: [] };
      words.set(key, wording);
      wording.shown.set(mention.trigger.text, (wording.shown.get(mention.trigger.text) ?? 0) + 1);
      wording.evidence.push({ article: mention.article, spanId: mention.spanId, ranges: mention.trigger.ranges });
    }
    const usedBy = new Map<string, number>();
    for (const words of byOutlet.values()) for (const key of words.keys()) usedBy.set(key, (usedBy.get(key) ?? 0) + 1);
    out.push({
      event: event.id,
      code: event.code,
      byOutlet: [...byOutlet]
        .sort((a, b) => compareText(a[0], b[0]))
        .map(([outlet, words]) => ({
          outlet,
          triggers: [...words]
            .map(([key, w]) => ({ text: mostFrequent(w.shown), count: w.evidence.length, onlyThisOutlet: usedBy.get(key) === 1, evidence: w.evidence.sort(compareEvidence) }))
            .sort((a, b) => b.count - a.count || compareText(a.text, b.text)),
        })),
    });
  }
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
}

const compareEvidence = (a: Evidence, b: Evidence): number => compareText(a.article, b.article) || a.spanId - b.spanId;
