import { createHash } from 'node:crypto';
import type {
  DocumentData,
  FieldName,
  FieldSpan,
  KeptSpan,
  NewSpan,
  Origin,
  RemovedSpan,
  SourceHints,
  Span,
  SpanType,
} from './types.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One piece of the body view: `length` characters at `bodyStart` come from `textStart` in the original. */
export interface BodySegment {
  bodyStart: number;
  textStart: number;
  length: number;
}

/** The clean body: a view over kept spans, with a map back to the original text. */
export interface BodyView {
  text: string;
  segments: BodySegment[];
  /** Original-text offset of a body offset (end offsets map to the end of the segment they close). */
  toOriginal(bodyOffset: number): number;
}

/**
 * Spaces that scrapers leave in text (no-break, thin, figure ...) shown as plain spaces in the body view.
 * One character for one, so the offset map stays exact.
 */
const ODD_SPACE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

export class Document {
  readonly text: string;
  readonly origin: Origin;
  readonly hints: SourceHints;
  private readonly spanList: Span[] = [];
  private nextSpanId = 1;

  constructor(text: string, origin: Origin, hints: SourceHints = {}, spans: Span[] = []) {
    this.text = text;
    this.origin = origin;
    this.hints = hints;
    for (const span of spans) {
      this.checkBounds(span);
      this.spanList.push(span);
      this.nextSpanId = Math.max(this.nextSpanId, span.id + 1);
    }
  }

  static fromData(data: DocumentData): Document {
    return new Document(data.text, data.origin, data.hints, data.spans);
  }

  get spans(): readonly Span[] {
    return this.spanList;
  }

  addSpan<S extends NewSpan>(span: S): S & { id: number } {
    const withId = { ...span, id: this.nextSpanId++ } as S & { id: number };
    this.checkBounds(withId);
    this.spanList.push(withId as unknown as Span);
    return withId;
  }

  spansOf<T extends SpanType>(type: T): Extract<Span, { type: T }>[] {
    return this.spanList
      .filter((s): s is Extract<Span, { type: T }> => s.type === type)
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }

  get kept(): KeptSpan[] {
    return this.spansOf('kept');
  }

  get removed(): RemovedSpan[] {
    return this.spansOf('removed');
  }

  field(name: FieldName): FieldSpan | undefined {
    return this.spanList.find((s): s is FieldSpan => s.type === 'field' && s.field === name);
  }

  fieldValue(name: FieldName): string | undefined {
    return this.field(name)?.value;
  }

  slice(span: { start: number; end: number }): string {
    return this.text.slice(span.start, span.end);
  }

  /** Identity of the article across re-ingests: URL, else input path + headline, else input path + position. */
  get key(): string {
    if (this.hints.url) return `url:${this.hints.url}`;
    const base = this.origin.uri;
    const title = this.fieldValue('title');
    if (title) return `${base}#title=${title.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    return `${base}#at=${this.origin.start}`;
  }

  get id(): string {
    return sha256(this.key).slice(0, 12);
  }

  get contentHash(): string {
    return sha256(this.text);
  }

  /**
   * The body as a reader sees it: kept spans in order, a blank line between paragraphs and one space where
   * an inline removal split a paragraph. Odd spaces read as plain spaces; the original is untouched.
   */
  body(): BodyView {
    return this.view(this.kept);
  }

  /**
   * What a reader reads: the headline (when the text states it) as its own paragraph, then the body. Later
   * stages (sentences, entities, time) work on this view, so the headline's names and dates count too.
   */
  readingView(): BodyView {
    const title = this.field('title');
    const kept = this.kept;
    const headline = title && title.end > title.start && !kept.some((k) => k.start < title.end && title.start < k.end);
    return this.view(headline ? [{ start: title.start, end: title.end, paragraph: -1 }, ...kept] : kept);
  }

  /** Joins pieces of the original text into one string, keeping a map back to the original offsets. */
  view(pieces: readonly { start: number; end: number; paragraph: number }[]): BodyView {
    const segments: BodySegment[] = [];
    let out = '';
    let lastParagraph: number | undefined;
    for (const span of pieces) {
      const piece = this.text.slice(span.start, span.end).replace(ODD_SPACE, ' ');
      if (piece.length === 0) continue;
      if (lastParagraph !== undefined) out += span.paragraph === lastParagraph ? ' ' : '\n\n';
      segments.push({ bodyStart: out.length, textStart: span.start, length: piece.length });
      out += piece;
      lastParagraph = span.paragraph;
    }
    return {
      text: out,
      segments,
      toOriginal(bodyOffset: number): number {
        let lo = 0;
        let hi = segments.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const seg = segments[mid]!;
          if (bodyOffset < seg.bodyStart) hi = mid - 1;
          else if (bodyOffset > seg.bodyStart + seg.length) lo = mid + 1;
          else return seg.textStart + (bodyOffset - seg.bodyStart);
        }
        throw new RangeError(`body offset ${bodyOffset} falls between paragraphs or outside the body`);
      },
    };
  }

  toData(): DocumentData {
    return {
      id: this.id,
      key: this.key,
      contentHash: this.contentHash,
      text: this.text,
      origin: this.origin,
      hints: this.hints,
      spans: [...this.spanList],
    };
  }

  private checkBounds(span: { start: number; end: number; type: string }): void {
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end)) || span.start < 0 || span.end < span.start || span.end > this.text.length) {
      throw new RangeError(
        `${this.origin.uri}: ${span.type} span [${span.start}, ${span.end}) lies outside the text (length ${this.text.length})`,
      );
    }
  }
}
