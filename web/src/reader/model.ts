/**
 * The article reader's model of a stored document: what a reader reads (headline, then body paragraphs), the
 * removed pieces between them, and the highlight layers over the text, split into segments at every boundary so
 * that overlapping spans (a name inside a quote inside an event's sentence) render as flat, non-nested pieces.
 * Every offset is into `doc.text`, as the spans store them.
 */
import type { DocumentData, Span } from '../api.js';

export type MentionSpan = Extract<Span, { type: 'mention' }>;
export type TimexSpan = Extract<Span, { type: 'timex' }>;
export type AttributionSpan = Extract<Span, { type: 'attribution' }>;
export type EventSpan = Extract<Span, { type: 'event' }>;
export type RemovedSpan = Extract<Span, { type: 'removed' }>;
type KeptSpan = Extract<Span, { type: 'kept' }>;

export interface Range {
  start: number;
  end: number;
}

/** The highlight layers a reader can switch on and off. */
export const LAYERS = ['entity', 'time', 'quote', 'event'] as const;
export type Layer = (typeof LAYERS)[number];

/** One highlighted range: a mention, a time expression, a quote's content or cue, an event's trigger word. */
export interface Mark extends Range {
  layer: Layer;
  part: 'mention' | 'timex' | 'content' | 'cue' | 'trigger';
  /** The span it shows. */
  span: number;
}

/** What the current selection adds over the text, drawn whatever layers are on. */
export interface Overlay extends Range {
  kind: 'selected' | 'evidence' | 'actor';
}

export type Piece = { kind: 'kept'; start: number; end: number } | { kind: 'removed'; span: RemovedSpan };

export type Block = { kind: 'paragraph'; key: string; pieces: Piece[] } | { kind: 'removed'; key: string; span: RemovedSpan };

export interface ReaderDocument {
  text: string;
  /** The headline's characters when the text states it apart from the body (the language stage reads it too). */
  headline: Range | undefined;
  blocks: Block[];
  marks: Mark[];
  mentions: MentionSpan[];
  timexes: TimexSpan[];
  quotes: AttributionSpan[];
  events: EventSpan[];
  removed: RemovedSpan[];
  byId: Map<number, Span>;
}

function byStart<T extends Range>(a: T, b: T): number {
  return a.start - b.start || b.end - a.end;
}

/** Where the reading view puts the headline: the title field's characters, when they are not body text. */
function headlineRange(spans: readonly Span[], kept: readonly KeptSpan[]): Range | undefined {
  const title = spans.find((s): s is Extract<Span, { type: 'field' }> => s.type === 'field' && s.field === 'title');
  if (!title || title.end <= title.start) return undefined;
  if (kept.some((k) => k.start < title.end && title.start < k.end)) return undefined;
  return { start: title.start, end: title.end };
}

/**
 * Paragraphs of kept text in reading order, with each removed piece where it was: inside a paragraph when it
 * split one (an inline credit), else as a block of its own between paragraphs.
 */
function buildBlocks(kept: readonly KeptSpan[], removed: readonly RemovedSpan[], headline: Range | undefined): Block[] {
  const items = [
    ...kept.map((span) => ({ start: span.start, end: span.end, kept: span })),
    // The headline's removed span is drawn as the page's heading, not again in the text.
    ...removed
      .filter((span) => !(headline && span.start >= headline.start && span.end <= headline.end))
      .map((span) => ({ start: span.start, end: span.end, removed: span })),
  ].sort(byStart);
  const sortedKept = [...kept].sort(byStart);
  const blocks: Block[] = [];
  let paragraph: { block: Extract<Block, { kind: 'paragraph' }>; index: number } | undefined;
  for (const item of items) {
    if ('kept' in item && item.kept) {
      const k = item.kept;
      if (!paragraph || paragraph.index !== k.paragraph) {
        paragraph = { block: { kind: 'paragraph', key: `p${k.start}`, pieces: [] }, index: k.paragraph };
        blocks.push(paragraph.block);
      }
      paragraph.block.pieces.push({ kind: 'kept', start: k.start, end: k.end });
    } else if ('removed' in item && item.removed) {
      const r = item.removed;
      const next = sortedKept.find((k) => k.start >= r.end);
      if (paragraph && next && next.paragraph === paragraph.index) {
        paragraph.block.pieces.push({ kind: 'removed', span: r });
      } else {
        blocks.push({ kind: 'removed', key: `r${r.id}`, span: r });
        paragraph = undefined;
      }
    }
  }
  return blocks;
}

export function readerDocument(doc: DocumentData): ReaderDocument {
  const kept: KeptSpan[] = [];
  const removed: RemovedSpan[] = [];
  const mentions: MentionSpan[] = [];
  const timexes: TimexSpan[] = [];
  const quotes: AttributionSpan[] = [];
  const events: EventSpan[] = [];
  const marks: Mark[] = [];
  const byId = new Map<number, Span>();
  for (const span of doc.spans) {
    byId.set(span.id, span);
    switch (span.type) {
      case 'kept':
        kept.push(span);
        break;
      case 'removed':
        removed.push(span);
        break;
      case 'mention':
        mentions.push(span);
        marks.push({ start: span.start, end: span.end, layer: 'entity', part: 'mention', span: span.id });
        break;
      case 'timex':
        timexes.push(span);
        marks.push({ start: span.start, end: span.end, layer: 'time', part: 'timex', span: span.id });
        break;
      case 'attribution':
        quotes.push(span);
        for (const r of span.content) marks.push({ ...range(r), layer: 'quote', part: 'content', span: span.id });
        for (const r of span.cue) marks.push({ ...range(r), layer: 'quote', part: 'cue', span: span.id });
        break;
      case 'event':
        events.push(span);
        for (const r of span.event.evidence.trigger) marks.push({ ...range(r), layer: 'event', part: 'trigger', span: span.id });
        break;
      default:
        break;
    }
  }
  const headline = headlineRange(doc.spans, kept);
  return {
    text: doc.text,
    headline,
    blocks: buildBlocks(kept, removed, headline),
    marks: marks.filter((m) => m.end > m.start).sort(byStart),
    mentions: mentions.sort(byStart),
    timexes: timexes.sort(byStart),
    quotes: quotes.sort(byStart),
    events: events.sort((a, b) => a.event.evidence.sentence.start - b.event.evidence.sentence.start || a.id - b.id),
    removed: removed.sort(byStart),
    byId,
  };
}

function range(r: Range): Range {
  return { start: r.start, end: r.end };
}

/** A stretch of text with every mark and overlay covering all of it. */
export interface Segment extends Range {
  marks: Mark[];
  overlays: Overlay[];
}

/**
 * Cuts [start, end) at every boundary of a mark or overlay inside it; each segment carries everything that
 * covers it whole. Segments with nothing on them are kept too, so the text reads on unbroken.
 */
export function segmentRange(start: number, end: number, marks: readonly Mark[], overlays: readonly Overlay[]): Segment[] {
  const inside = <T extends Range>(items: readonly T[]) => items.filter((m) => m.start < end && m.end > start);
  const localMarks = inside(marks);
  const localOverlays = inside(overlays);
  const cuts = new Set<number>([start, end]);
  for (const item of [...localMarks, ...localOverlays]) {
    if (item.start > start) cuts.add(item.start);
    if (item.end < end) cuts.add(item.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    segments.push({
      start: a,
      end: b,
      marks: localMarks.filter((m) => m.start <= a && m.end >= b),
      overlays: localOverlays.filter((o) => o.start <= a && o.end >= b),
    });
  }
  return segments;
}

/** The text of some ranges of the document, with an ellipsis where they are apart. */
export function textOf(text: string, ranges: readonly Range[]): string {
  return [...ranges]
    .sort(byStart)
    .map((r) => text.slice(r.start, r.end).trim())
    .filter((piece) => piece.length > 0)
    .join(' … ');
}

/** Every mention of each entity in the article, most mentioned first: "how this article names them". */
export interface EntityGroup {
  entity: string;
  name: string;
  label: string;
  mentions: MentionSpan[];
  /** Each distinct wording, with how often it is used. */
  wordings: { text: string; form: string; count: number }[];
}

export function entityGroups(doc: ReaderDocument): EntityGroup[] {
  const groups = new Map<string, EntityGroup>();
  for (const mention of doc.mentions) {
    let group = groups.get(mention.entity);
    if (!group) {
      group = { entity: mention.entity, name: mention.name, label: mention.label, mentions: [], wordings: [] };
      groups.set(mention.entity, group);
    }
    group.mentions.push(mention);
    const text = doc.text.slice(mention.start, mention.end).replace(/\s+/g, ' ');
    const wording = group.wordings.find((w) => w.text === text);
    if (wording) wording.count++;
    else group.wordings.push({ text, form: mention.form, count: 1 });
  }
  for (const group of groups.values()) group.wordings.sort((a, b) => b.count - a.count);
  return [...groups.values()].sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
}
