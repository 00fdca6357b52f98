/**
 * The article's text with its highlight layers. Text is always rendered as React text (never as HTML); each
 * highlight is a flat segment carrying every layer that covers it, so overlapping spans draw as stacked styles.
 * A segment where a highlight starts is a keyboard-reachable button; the rest of a highlight answers the mouse.
 */
import { Fragment, type KeyboardEvent, type ReactNode } from 'react';
import { cameoName, ENTITY_LABEL_NAMES } from './coding.js';
import { segmentRange, type Block, type Mark, type Overlay, type Range, type ReaderDocument, type RemovedSpan } from './model.js';

interface TextProps {
  doc: ReaderDocument;
  /** Marks of the layers switched on. */
  marks: readonly Mark[];
  overlays: readonly Overlay[];
  onSelect: (spanIds: number[]) => void;
}

function describeMark(doc: ReaderDocument, mark: Mark): string {
  const span = doc.byId.get(mark.span);
  if (!span) return mark.layer;
  switch (span.type) {
    case 'mention':
      return `${ENTITY_LABEL_NAMES[span.label] ?? span.label} ${span.name}`;
    case 'timex':
      return `time ${span.value}`;
    case 'attribution':
      return mark.part === 'cue' ? 'quote cue' : `quote${span.speaker ? ` of ${span.speaker.name}` : ''}`;
    case 'event':
      return `event trigger ${span.event.code} ${cameoName(span.event.code) ?? ''}`.trim();
    default:
      return mark.layer;
  }
}

const PART_CLASS: Record<Mark['part'], string> = {
  mention: 'hl-entity',
  timex: 'hl-time',
  content: 'hl-quote',
  cue: 'hl-cue',
  trigger: 'hl-trigger',
};

/** Where the selection starts: the segment focused and scrolled to when the selection comes from a list. */
export function focusStart(overlays: readonly Overlay[]): number | undefined {
  const starts = overlays.filter((o) => o.kind !== 'actor').map((o) => o.start);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

function Segments({ doc, marks, overlays, onSelect, start, end }: TextProps & Range) {
  const focusAt = focusStart(overlays);
  return (
    <>
      {segmentRange(start, end, marks, overlays).map((segment) => {
        const text = doc.text.slice(segment.start, segment.end);
        if (segment.marks.length === 0 && segment.overlays.length === 0) return <Fragment key={segment.start}>{text}</Fragment>;
        const classes = new Set<string>();
        for (const mark of segment.marks) classes.add(PART_CLASS[mark.part]);
        for (const overlay of segment.overlays) classes.add(`is-${overlay.kind}`);
        const isFocusTarget = segment.start === focusAt && segment.overlays.some((o) => o.kind !== 'actor');
        const focusProps = isFocusTarget ? { 'data-focus-target': 'true' } : {};
        if (segment.marks.length === 0) {
          return (
            <span key={segment.start} className={[...classes].join(' ')} tabIndex={isFocusTarget ? -1 : undefined} {...focusProps}>
              {text}
            </span>
          );
        }
        const spanIds = [...new Set(segment.marks.map((m) => m.span))];
        const select = () => onSelect(spanIds);
        const description = [...new Set(segment.marks.map((m) => describeMark(doc, m)))].join('; ');
        // Only where a highlight begins is a tab stop: one per highlight, not one per piece a boundary cut off.
        const startsHere = segment.marks.some((m) => m.start === segment.start);
        const onKeyDown = (event: KeyboardEvent) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            select();
          }
        };
        return startsHere ? (
          <span
            key={segment.start}
            className={[...classes, 'hl'].join(' ')}
            role="button"
            tabIndex={0}
            aria-label={`${text.trim()}: ${description}`}
            title={description}
            onClick={select}
            onKeyDown={onKeyDown}
            {...focusProps}
          >
            {text}
          </span>
        ) : (
          <span key={segment.start} className={[...classes, 'hl'].join(' ')} title={description} onClick={select} tabIndex={isFocusTarget ? -1 : undefined} {...focusProps}>
            {text}
          </span>
        );
      })}
    </>
  );
}

function Removed({ doc, span }: { doc: ReaderDocument; span: RemovedSpan }) {
  return (
    <del className="removed" title={`removed by rule ${span.rule}`}>
      <span className="removed-reason">{span.reason}</span> {doc.text.slice(span.start, span.end)}
    </del>
  );
}

/** The headline, highlighted like the body: the language stage reads it, so names and events can come from it. */
export function Headline(props: TextProps & { title: string | null }) {
  const { doc, title } = props;
  if (!doc.headline) return <>{title ?? 'Untitled article'}</>;
  return <Segments {...props} start={doc.headline.start} end={doc.headline.end} />;
}

export function ArticleText(props: TextProps & { showRemoved: boolean }) {
  const { doc, showRemoved } = props;
  const blocks: ReactNode[] = doc.blocks.map((block: Block) => {
    if (block.kind === 'removed') {
      if (!showRemoved) return null;
      return (
        <p key={block.key} className="removed-block">
          <Removed doc={doc} span={block.span} />
        </p>
      );
    }
    return (
      <p key={block.key}>
        {block.pieces.map((piece, i) => {
          const space = i > 0 ? ' ' : '';
          if (piece.kind === 'removed') {
            return showRemoved ? (
              <Fragment key={`r${piece.span.id}`}>
                {space}
                <Removed doc={doc} span={piece.span} />
              </Fragment>
            ) : null;
          }
          return (
            <Fragment key={piece.start}>
              {space}
              <Segments {...props} start={piece.start} end={piece.end} />
            </Fragment>
          );
        })}
      </p>
    );
  });
  return <div className="article-text">{blocks}</div>;
}
