/**
 * The event stage: political events (who did what to whom, CAMEO and PLOVER coded) added to an analysed document
 * as `event` spans, each pointing at its sentence, its trigger words and its actors' words. It reads sentence,
 * mention, timex and attribution spans and never changes the text.
 */
import type { Document } from '../document/document.js';
import type { AttributionSpan, MentionSpan, TextRange, TimexSpan } from '../document/types.js';
import type { LanguageText } from '../language/text.js';
import { compactDate } from './coder/actors.js';
import { EventCoder, type CodedSide, type SentenceEvent } from './coder/coder.js';
import type { ActorResolver } from './coder/phrases.js';
import { coderTokens, type CoderToken } from './coder/tokens.js';
import { modalityOf } from './modality.js';
import { cameoCode } from './ontology/cameo.js';
import { isCountryOrRegion } from './ontology/actors.js';
import { ploverFor } from './ontology/plover.js';
import type { CodedEvent, EventActor } from './types.js';
import { partitionPoint } from '../util/search.js';

export { EventCoder } from './coder/coder.js';
export type { CodedEvent } from './types.js';

export const EVENT_STAGE = 'events';

/** Sorted, non-overlapping original ranges of token lists, merging neighbours separated by a space at most. */
function rangesOf(tokens: readonly CoderToken[], indices: readonly number[], toOriginal: (offset: number) => number): TextRange[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: TextRange[] = [];
  for (const index of sorted) {
    const token = tokens[index]!;
    const start = toOriginal(token.start);
    const end = Math.max(start, toOriginal(token.end));
    const last = ranges[ranges.length - 1];
    if (last && start - last.end <= 1) last.end = end;
    else ranges.push({ start, end });
  }
  return ranges;
}

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Index of the first of `sorted` (by start) that starts at or after `start`. */
function firstStartingFrom(sorted: readonly TextRange[], start: number): number {
  return partitionPoint(sorted, (range) => range.start < start);
}

/** Mentions sorted by start, for lookups by range. */
class MentionIndex {
  private readonly mentions: MentionSpan[];
  constructor(mentions: MentionSpan[]) {
    this.mentions = [...mentions].sort((a, b) => a.start - b.start);
  }
  private firstFrom(start: number): number {
    return firstStartingFrom(this.mentions, start);
  }
  /** Mentions starting at `start` or at most `slack` characters after it. */
  startingNear(start: number, slack: number): MentionSpan[] {
    const out: MentionSpan[] = [];
    for (let i = this.firstFrom(start); i < this.mentions.length && this.mentions[i]!.start <= start + slack; i++) out.push(this.mentions[i]!);
    return out;
  }
  /** The longest mention inside `range` (the phrase's head entity). */
  within(range: TextRange): MentionSpan | undefined {
    let best: MentionSpan | undefined;
    const lo = this.firstFrom(range.start);
    for (let i = lo; i < this.mentions.length && this.mentions[i]!.start < range.end; i++) {
      const m = this.mentions[i]!;
      if (m.end > range.end) continue;
      if (!best || m.end - m.start > best.end - best.start) best = m;
    }
    return best;
  }
}

/** Attribution content pieces sorted by end, to find the statement an event's trigger sits in. */
class ContentIndex {
  private readonly pieces: { start: number; end: number; span: AttributionSpan }[];
  constructor(attributions: AttributionSpan[]) {
    this.pieces = attributions.flatMap((span) => span.content.map((c) => ({ start: c.start, end: c.end, span }))).sort((a, b) => a.end - b.end);
  }
  /**
   * The attribution whose content holds `range`. Contents seldom overlap one another, so a few pieces after the
   * first one ending past the range's start settle it.
   */
  covering(range: TextRange): AttributionSpan | undefined {
    const lo = partitionPoint(this.pieces, (piece) => piece.end <= range.start);
    for (let i = lo; i < Math.min(this.pieces.length, lo + 8); i++) if (overlaps(this.pieces[i]!, range)) return this.pieces[i]!.span;
    return undefined;
  }
}

/** The actor code an entity stands for: a country id's ISO code, or what the dictionaries call its name. */
function entityCode(mention: MentionSpan, coder: EventCoder, date: string | undefined): string | undefined {
  const country = /^country\/([A-Z]{3})$/.exec(mention.entity);
  if (country) return country[1];
  return coder.actors.codeName(mention.name, date);
}

/** Words before a date that say it is not when the event happened: "since 2000", "until June". */
const NOT_EVENT_TIME = /\b(?:since|until|till|before|after|by|from)\s+(?:the\s+)?$/i;

/** How far (characters) from its trigger a date may stand and still date the event, not a clause beside it. */
const DATE_REACH = 100;

/**
 * The calendar date of an event: the time expression of its sentence nearest its trigger ("met on Saturday",
 * "in May 2017, ... accused"), leaving out times, durations and dates that only bound it ("since 2000").
 */
function eventDate(doc: Document, timexes: readonly TimexSpan[], sentence: TextRange, trigger: readonly TextRange[]): string | undefined {
  const anchor = trigger[0]?.start ?? sentence.start;
  let best: { value: string; distance: number } | undefined;
  for (const timex of timexes) {
    if (timex.timexType !== 'DATE' || !overlaps(timex, sentence)) continue;
    if (!/^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$/.test(timex.value)) continue;
    if (NOT_EVENT_TIME.test(doc.text.slice(Math.max(sentence.start, timex.start - 12), timex.start))) continue;
    const distance = Math.abs(timex.start - anchor);
    if (distance > DATE_REACH) continue;
    if (!best || distance < best.distance) best = { value: timex.value, distance };
  }
  return best?.value;
}

const LOCATION_PREPOSITIONS = new Set(['IN', 'AT', 'NEAR', 'INSIDE', 'OUTSIDE']);

function locationOf(
  coder: EventCoder,
  date: string | undefined,
  tokens: readonly CoderToken[],
  event: SentenceEvent,
  lowerEnd: number,
  mentions: MentionIndex,
  toOriginal: (offset: number) => number,
): CodedEvent['location'] {
  for (let at = event.verb.end; at < lowerEnd - 1; at++) {
    if (!LOCATION_PREPOSITIONS.has(tokens[at]!.word)) continue;
    const start = toOriginal(tokens[at + 1]!.start);
    const place = mentions.startingNear(start, 4).find((m) => m.label === 'GPE' || m.label === 'LOC');
    if (place) {
      // A country is its own; a city or region is in the country the dictionaries place it in (capitals).
      const placeCode = /^country\/([A-Z]{3})$/.exec(place.entity)?.[1] ?? coder.actors.codeName(place.name, date)?.slice(0, 3);
      const country = placeCode && isCountryOrRegion(placeCode) ? placeCode : undefined;
      return { name: place.name, range: { start: place.start, end: place.end }, ...(country ? { country } : {}) };
    }
  }
  return undefined;
}

/**
 * Codes every sentence of an analysed document and adds one `event` span per event. All spans or none: they are
 * computed first and added at the end. Events whose code is not in the CAMEO codebook (test dictionaries use
 * such codes) are left out here; `validate` reports them as coded.
 */
export function analyseEvents(doc: Document, coder: EventCoder, analysed: LanguageText): CodedEvent[] {
  const { view } = analysed;
  const toOriginal = (offset: number) => view.toOriginal(offset);
  const published = doc.fieldValue('published');
  const date = compactDate(published);
  const mentionIndex = new MentionIndex(doc.spansOf('mention'));
  // Time expressions sorted by start: each sentence finds its own by binary search, not by a scan of all.
  const timexes = [...doc.spansOf('timex')].sort((a, b) => a.start - b.start);
  const contents = new ContentIndex(doc.spansOf('attribution'));
  const found: { event: CodedEvent; sentence: TextRange }[] = [];
  for (const sentence of analysed.sentences) {
    const tokens = coderTokens(sentence.tokens);
    if (tokens.length === 0) continue;
    const sentenceRange = { start: toOriginal(sentence.start), end: Math.max(toOriginal(sentence.start), toOriginal(sentence.end)) };
    const sentenceTimexes: TimexSpan[] = [];
    for (let t = firstStartingFrom(timexes, sentenceRange.start); t < timexes.length && timexes[t]!.start < sentenceRange.end; t++) {
      sentenceTimexes.push(timexes[t]!);
    }
    const resolve: ActorResolver = (indices) => {
      const ranges = rangesOf(tokens, indices, toOriginal);
      if (ranges.length === 0) return undefined;
      const end = ranges[ranges.length - 1]!.end;
      const mention = mentionIndex.within({ start: ranges[0]!.start, end });
      // The mention must be the phrase's head: "his intention" is not Kim, though "his" is.
      if (!mention || /[\p{L}\p{N}]/u.test(doc.text.slice(mention.end, end).replace(/^['’]s\b/u, ''))) return undefined;
      const code = entityCode(mention, coder, date);
      return code ? { code, entity: mention.entity } : undefined;
    };
    const coding = coder.codeSentence(tokens, date, { text: view.text.slice(sentence.start, sentence.end), resolve, embeddedStatements: true });
    for (const event of coding.events) {
      const cameo = cameoCode(event.code);
      if (!cameo) continue;
      const side = (coded: CodedSide): EventActor => {
        const ranges = rangesOf(tokens, coded.tokens, toOriginal);
        const range = ranges.length ? { start: ranges[0]!.start, end: ranges[ranges.length - 1]!.end } : undefined;
        const mention = range ? mentionIndex.within(range) : undefined;
        const country = coded.code.slice(0, 3);
        return {
          code: coded.code,
          ...(mention ? { entity: mention.entity } : {}),
          ...(range ? { text: doc.text.slice(range.start, range.end), range } : {}),
          ...(isCountryOrRegion(country) ? { country } : {}),
        };
      };
      const { negated, modality } = modalityOf(tokens, event.verb.start, event.verb.clauseStart);
      const trigger = rangesOf(tokens, event.trigger, toOriginal);
      const when = eventDate(doc, sentenceTimexes, sentenceRange, trigger);
      const attribution = trigger.length ? contents.covering(trigger[0]!) : undefined;
      const location = locationOf(coder, date, tokens, event, tokens.length, mentionIndex, toOriginal);
      const coded: CodedEvent = {
        source: side(event.source),
        target: side(event.target),
        code: event.code,
        root: cameo.root,
        quadClass: cameo.quadClass,
        goldstein: cameo.goldstein,
        plover: ploverFor(event.code),
        ...(when ? { date: when, dateSource: 'timex' as const } : published ? { date: published.slice(0, 10), dateSource: 'published' as const } : { dateSource: 'none' as const }),
        ...(location ? { location } : {}),
        negated,
        modality,
        ...(attribution ? { attribution: { span: attribution.id, chain: attribution.chain.map((l) => ({ name: l.name, role: l.role, ...(l.entity ? { entity: l.entity } : {}) })) } } : {}),
        ...(coding.issues.length ? { issues: coding.issues } : {}),
        evidence: { sentence: sentenceRange, trigger },
        confidence: confidenceOf(event),
        rule: event.rule,
      };
      found.push({ event: coded, sentence: sentenceRange });
    }
  }
  for (const { event, sentence } of found) doc.addSpan({ type: 'event', stage: EVENT_STAGE, start: sentence.start, end: sentence.end, event });
  return found.map((f) => f.event);
}

/**
 * How much of the coding rests on exact dictionary matches: a pattern match over a bare verb code, and actors
 * named by the dictionaries over ones found through a resolved pronoun or description.
 */
function confidenceOf(event: SentenceEvent): number {
  let confidence = event.byPattern ? 0.7 : 0.5;
  if (!event.source.code.startsWith('---')) confidence += 0.15;
  if (!event.target.code.startsWith('---')) confidence += 0.15;
  return Math.round(confidence * 100) / 100;
}
