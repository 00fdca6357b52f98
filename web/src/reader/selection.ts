/**
 * What the reader has selected, kept in the URL so that a selection can be linked and reloaded:
 * `?event=96` an event, `?span=46,86` the spans under a clicked highlight (`?quote=87`, as search links a
 * quote, is one span), `?entity=person/kim-jong-un` every mention of one entity.
 */
import type { Overlay, ReaderDocument } from './model.js';

export type Selection =
  | { kind: 'event'; id: number }
  | { kind: 'spans'; ids: number[] }
  | { kind: 'entity'; entity: string }
  | undefined;

const SELECTION_KEYS = ['event', 'span', 'quote', 'entity'] as const;

export function readSelection(params: URLSearchParams): Selection {
  const event = Number(params.get('event'));
  if (params.has('event') && Number.isInteger(event)) return { kind: 'event', id: event };
  const spans = (params.get('span') ?? params.get('quote') ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number)
    .filter(Number.isInteger);
  if (spans.length > 0) return { kind: 'spans', ids: spans };
  const entity = params.get('entity');
  if (entity) return { kind: 'entity', entity };
  return undefined;
}

/** The URL parameters with `selection` in place of the previous one; other parameters are kept. */
export function writeSelection(params: URLSearchParams, selection: Selection): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of SELECTION_KEYS) next.delete(key);
  if (selection?.kind === 'event') next.set('event', String(selection.id));
  else if (selection?.kind === 'spans') next.set('span', selection.ids.join(','));
  else if (selection?.kind === 'entity') next.set('entity', selection.entity);
  return next;
}

/** The selection's characters: an event's sentence, trigger and actors; a quote's pieces; each mention. */
export function selectionOverlays(doc: ReaderDocument, selection: Selection): Overlay[] {
  if (!selection) return [];
  const overlays: Overlay[] = [];
  const addSpan = (id: number) => {
    const span = doc.byId.get(id);
    if (!span) return;
    if (span.type === 'event') {
      const { evidence, source, target } = span.event;
      overlays.push({ ...evidence.sentence, kind: 'evidence' });
      for (const r of evidence.trigger) overlays.push({ start: r.start, end: r.end, kind: 'selected' });
      for (const actor of [source, target]) if (actor.range) overlays.push({ ...actor.range, kind: 'actor' });
    } else if (span.type === 'attribution') {
      for (const r of [...span.content, ...span.cue, ...span.source]) overlays.push({ start: r.start, end: r.end, kind: 'selected' });
    } else {
      overlays.push({ start: span.start, end: span.end, kind: 'selected' });
    }
  };
  if (selection.kind === 'event') addSpan(selection.id);
  else if (selection.kind === 'spans') selection.ids.forEach(addSpan);
  else for (const m of doc.mentions) if (m.entity === selection.entity) overlays.push({ start: m.start, end: m.end, kind: 'selected' });
  return overlays.filter((o) => o.end > o.start);
}
