/**
 * Events across articles, in the manner of GDELT's NumMentions / NumArticles / NumSources: the coded events of a
 * story's articles that report the same happening become one merged event with counts and every mention.
 *
 * Two coded events report the same happening when they agree on
 * - the CAMEO code family: the same root, and the same code or one more general than the other ("040 consult, not
 *   specified" covers "042 make a visit"; "042" and "043" stay apart);
 * - each side: the same entity where both sides name one (a country as such, "the United States" coded `USA`,
 *   covers any actor of that country, as a root covers its codes), else the same actor code or one more general
 *   ("USA" covers "USAGOV");
 * - negation ("did not meet" never merges with "met");
 * - the date: explicit dates within `dayTolerance` days (1 by default). An event dated only by its article's
 *   publication reported something of that day or the day before, so its window reaches one day further back.
 *
 * Events are bucketed by root, negation and the countries of both sides, so only events that could match are
 * compared. Inside a bucket the events are put in a fixed order (most specific code and actors first, then date,
 * article and span) and each joins the first merged event whose leading event it matches, or leads a new one:
 * the result depends on the events, never on the order of the input, and nothing chains from one happening to
 * another through a vague middle.
 */
import type { DocumentData, EventSpan, MentionSpan, TextRange } from '../document/types.js';
import type { CodedEvent, EventActor, PloverType, QuadClass } from '../events/types.js';
import { articleOutlet, compareText, assignUniqueIds, contentId, squeeze, type ConnectArticle, type OutletRef } from './types.js';

export interface MergeOptions {
  /** How many days apart two explicit event dates may be and still be one happening. */
  dayTolerance?: number;
}

/** One side of a merged event: the actor code, the entity id where the actor is a resolved entity, and its name. */
export interface MergedActor {
  code: string | null;
  entity: string | null;
  name: string | null;
}

/** One sentence of one article reporting the merged event. */
export interface EventMention {
  article: string;
  /** The event span's id in that article. */
  spanId: number;
  outlet: OutletRef;
  /** The article's publication date. */
  published: string | null;
  /** The code this mention was coded with (may be more general than the merged event's). */
  code: string;
  /** The date this mention gives the event (its own, else the article's). */
  date: string | null;
  sentence: { text: string; range: TextRange };
  trigger: { text: string; ranges: TextRange[] };
}

export interface MergedEvent {
  /** Derived from code, negation, actors and date: the same happening keeps its id between runs. */
  id: string;
  /** The most specific code its mentions agree on. */
  code: string;
  root: string;
  plover: PloverType;
  quadClass: QuadClass;
  goldstein: number;
  negated: boolean;
  source: MergedActor;
  target: MergedActor;
  /** The date most mentions give (explicit dates before publication dates); null when none gives one. */
  date: string | null;
  /** Earliest and latest publication date of the articles reporting it. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Sentences reporting it; one sentence coded twice (two codes of one act) counts once. */
  numMentions: number;
  numArticles: number;
  /** Distinct outlets (articles without an outlet count one each). */
  numSources: number;
  /** Ids of the outlets reporting it, sorted. */
  outlets: string[];
  /** In article id, then text order. */
  mentions: EventMention[];
}

const DAY_MS = 86_400_000;
const DEFAULT_DAY_TOLERANCE = 1;

/** A coded event of one article, with what merging needs worked out once. */
interface Instance {
  article: ConnectArticle;
  outlet: OutletRef;
  span: EventSpan;
  event: CodedEvent;
  source: MergedActor;
  target: MergedActor;
  /** The code with a trailing "not specified" zero dropped ("040" → "04"), so generality is a prefix. */
  family: string;
  date: string | null;
  /** Day numbers the event may have happened on; null when nothing dates it. */
  window: [number, number] | null;
  /** 4 a day, 3 a week, 2 a month, 1 a year, 0 none; half a point less when only the publication dates it. */
  precision: number;
  explicitDate: boolean;
}

/** Merges the coded events of a story's articles into happenings with their mentions. */
export function mergeEvents(articles: readonly ConnectArticle[], options: MergeOptions = {}): MergedEvent[] {
  const tolerance = options.dayTolerance ?? DEFAULT_DAY_TOLERANCE;
  const buckets = new Map<string, Instance[]>();
  for (const article of articles) {
    for (const instance of instancesOf(article)) {
      const key = [instance.event.root, instance.event.negated, sideBucket(instance.source), sideBucket(instance.target)].join('|');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(instance);
      else buckets.set(key, [instance]);
    }
  }

  const clusters: Instance[][] = [];
  for (const bucket of buckets.values()) {
    bucket.sort(compareInstances);
    const local: Instance[][] = [];
    for (const instance of bucket) {
      const home = local.find((cluster) => sameHappening(cluster[0]!, instance, tolerance));
      if (home) home.push(instance);
      else local.push([instance]);
    }
    clusters.push(...local);
  }

  const merged = clusters.map(toMergedEvent);
  merged.sort(
    (a, b) =>
      compareNullableLast(a.date, b.date) ||
      b.numSources - a.numSources ||
      b.numMentions - a.numMentions ||
      compareText(a.code, b.code) ||
      compareText(a.id, b.id) ||
      compareMentions(a.mentions[0]!, b.mentions[0]!),
  );
  const ids = assignUniqueIds(merged, (m) => m.id);
  return merged.map((m, i) => ({ ...m, id: ids[i]! }));
}

function instancesOf(article: ConnectArticle): Instance[] {
  const doc = article.doc;
  const outlet = articleOutlet(article);
  const mentions = doc.spans.filter((s): s is MentionSpan => s.type === 'mention');
  const out: Instance[] = [];
  for (const span of doc.spans) {
    if (span.type !== 'event') continue;
    const event = span.event;
    const explicitDate = event.dateSource === 'timex' || event.dateSource === 'record';
    const date = event.date ?? article.published ?? null;
    const window = dayWindow(date, !explicitDate);
    out.push({
      article,
      outlet,
      span,
      event,
      source: resolveActor(event.source, mentions, doc),
      target: resolveActor(event.target, mentions, doc),
      family: codeFamily(event.code),
      date,
      window: window?.days ?? null,
      precision: window ? window.precision - (explicitDate ? 0 : 0.5) : 0,
      explicitDate: explicitDate && window !== undefined,
    });
  }
  return out;
}

/**
 * The actor with its entity as the article's mentions now name it. The store links one-word names across the
 * corpus ("Trump" → `person/donald-trump`) on the mentions, not inside coded events, so the mention under the
 * actor's words is the better witness; an actor the coder left without an entity keeps none.
 */
function resolveActor(actor: EventActor, mentions: readonly MentionSpan[], doc: DocumentData): MergedActor {
  const text = actor.text ? squeeze(actor.text) : null;
  if (!actor.entity) return { code: actor.code, entity: null, name: text };
  const range = actor.range;
  const under = range ? mentions.filter((m) => m.start < range.end && range.start < m.end) : [];
  const exact = under.find((m) => m.entity === actor.entity);
  const best =
    exact ??
    [...under]
      .filter((m) => m.form !== 'demonym' || actor.entity!.startsWith('country/'))
      .sort((a, b) => overlap(b, range!) - overlap(a, range!) || b.end - b.start - (a.end - a.start) || a.start - b.start)[0];
  if (!best) return { code: actor.code, entity: actor.entity, name: text ?? (range ? squeeze(doc.text.slice(range.start, range.end)) : null) };
  return { code: actor.code, entity: best.entity, name: best.name };
}

const overlap = (a: TextRange, b: TextRange): number => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Which bucket a side falls in: the country of its code (the part both a general and a specific code share). */
function sideBucket(actor: MergedActor): string {
  if (actor.code) return actor.code.slice(0, 3);
  return actor.entity ?? '';
}

function codeFamily(code: string): string {
  return code.length === 3 && code.endsWith('0') ? code.slice(0, 2) : code;
}

const isPrefixEither = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);

function sameHappening(leader: Instance, other: Instance, tolerance: number): boolean {
  if (!isPrefixEither(leader.family, other.family)) return false;
  if (!sameSide(leader.source, other.source) || !sameSide(leader.target, other.target)) return false;
  if (!leader.window || !other.window) return true;
  const gap = Math.max(leader.window[0], other.window[0]) - Math.min(leader.window[1], other.window[1]);
  return gap <= tolerance;
}

function sameSide(a: MergedActor, b: MergedActor): boolean {
  if (a.entity && b.entity) {
    if (a.entity === b.entity) return true;
    // A country stands for any of its actors: "the United States would suspend" and "Trump would halt".
    return countryCovers(a, b) || countryCovers(b, a);
  }
  if (!a.code || !b.code) return !a.code && !b.code && !a.entity && !b.entity;
  if (a.code === b.code) return true;
  // "USA" covers "USAGOV"; an unknown country ("---GOV") covers nothing.
  return !a.code.startsWith('---') && !b.code.startsWith('---') && a.code.length % 3 === 0 && b.code.length % 3 === 0 && isPrefixEither(a.code, b.code);
}

/** The country itself ("the United States", coded `USA`) covers its actors; "North Korean officials" (`PRKGOV`) does not. */
function countryCovers(general: MergedActor, specific: MergedActor): boolean {
  const country = general.entity?.match(/^country\/([A-Z]{3})$/)?.[1];
  return country !== undefined && general.code === country && specific.code?.startsWith(country) === true && !specific.entity?.startsWith('country/');
}

/** How specifically a side is known: a person or organisation 2, a country 1, a bare code 0. */
function actorSpecificity(actor: MergedActor): number {
  if (!actor.entity) return 0;
  return actor.entity.startsWith('country/') ? 1 : 2;
}

function compareInstances(a: Instance, b: Instance): number {
  return (
    b.family.length - a.family.length ||
    actorSpecificity(b.source) + actorSpecificity(b.target) - actorSpecificity(a.source) - actorSpecificity(a.target) ||
    b.precision - a.precision ||
    (a.window?.[0] ?? Infinity) - (b.window?.[0] ?? Infinity) ||
    compareText(a.article.id, b.article.id) ||
    a.span.id - b.span.id
  );
}


function compareNullableLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}

const compareMentions = (a: EventMention, b: EventMention): number => compareText(a.article, b.article) || a.sentence.range.start - b.sentence.range.start || a.spanId - b.spanId;

/**
 * Day numbers a date may stand for: a day, an ISO week, a month or a year. A publication date stands for that day
 * or the one before, since news reports yesterday's happenings as often as today's.
 */
function dayWindow(date: string | null, fromPublication: boolean): { days: [number, number]; precision: number } | undefined {
  if (!date) return undefined;
  let found: { days: [number, number]; precision: number } | undefined;
  let m: RegExpMatchArray | null;
  if ((m = date.match(/^(\d{4})-(\d{2})-(\d{2})/))) {
    const day = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY_MS;
    found = { days: [day, day], precision: 4 };
  } else if ((m = date.match(/^(\d{4})-W(\d{2})/))) {
    // ISO week 1 holds 4 January; weeks start on Monday.
    const jan4 = Date.UTC(+m[1]!, 0, 4) / DAY_MS;
    const monday = jan4 - ((new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7) + (+m[2]! - 1) * 7;
    found = { days: [monday, monday + 6], precision: 3 };
  } else if ((m = date.match(/^(\d{4})-(\d{2})$/))) {
    found = { days: [Date.UTC(+m[1]!, +m[2]! - 1, 1) / DAY_MS, Date.UTC(+m[1]!, +m[2]!, 1) / DAY_MS - 1], precision: 2 };
  } else if ((m = date.match(/^(\d{4})$/))) {
    found = { days: [Date.UTC(+m[1]!, 0, 1) / DAY_MS, Date.UTC(+m[1]! + 1, 0, 1) / DAY_MS - 1], precision: 1 };
  }
  if (found && fromPublication) found.days = [found.days[0] - 1, found.days[1]];
  return found;
}

function toMergedEvent(cluster: Instance[]): MergedEvent {
  const leader = cluster[0]!;
  // One sentence coded twice (a general and a specific code of one act) is one mention: the first in order stays.
  const mentions: EventMention[] = [];
  const seenSentences = new Set<string>();
  for (const instance of cluster) {
    const sentence = instance.event.evidence.sentence;
    const key = `${instance.article.id}|${sentence.start}`;
    if (seenSentences.has(key)) continue;
    seenSentences.add(key);
    mentions.push(toMention(instance));
  }
  mentions.sort(compareMentions);

  const articles = new Set(cluster.map((i) => i.article.id));
  const outlets = [...new Set(cluster.map((i) => i.outlet.id))].sort(compareText);
  const published = [...new Set(cluster.map((i) => i.article.published).filter((p): p is string => p !== null))].sort(compareText);
  const date = mergedDate(cluster);
  const event = leader.event;
  const sideId = (a: MergedActor): string => `${a.code ?? '-'}:${a.entity ?? ''}`;
  return {
    id: contentId('event', [event.code, event.negated, sideId(leader.source), sideId(leader.target), date ?? ''].join('|')),
    code: event.code,
    root: event.root,
    plover: event.plover,
    quadClass: event.quadClass,
    goldstein: event.goldstein,
    negated: event.negated,
    source: leader.source,
    target: leader.target,
    date,
    firstSeen: published[0] ?? null,
    lastSeen: published[published.length - 1] ?? null,
    numMentions: mentions.length,
    numArticles: articles.size,
    numSources: outlets.length,
    outlets,
    mentions,
  };
}

/** The date most mentions state, explicit dates first and finer dates before coarser ones; ties go to the earliest. */
function mergedDate(cluster: readonly Instance[]): string | null {
  const dated = cluster.filter((i) => i.date !== null && i.window !== null);
  if (dated.length === 0) return cluster.find((i) => i.date !== null)?.date ?? null;
  const best = Math.max(...dated.map((i) => (i.explicitDate ? 10 : 0) + i.precision));
  const counts = new Map<string, number>();
  for (const i of dated) if ((i.explicitDate ? 10 : 0) + i.precision === best) counts.set(i.date!, (counts.get(i.date!) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]![0];
}

function toMention(instance: Instance): EventMention {
  const { article, event } = instance;
  const text = article.doc.text;
  const sentence = event.evidence.sentence;
  const trigger = [...event.evidence.trigger].sort((a, b) => a.start - b.start);
  return {
    article: article.id,
    spanId: instance.span.id,
    outlet: instance.outlet,
    published: article.published,
    code: event.code,
    date: instance.date,
    sentence: { text: squeeze(text.slice(sentence.start, sentence.end)), range: { start: sentence.start, end: sentence.end } },
    trigger: { text: squeeze(trigger.map((r) => text.slice(r.start, r.end)).join(' ')), ranges: trigger.map((r) => ({ start: r.start, end: r.end })) },
  };
}

