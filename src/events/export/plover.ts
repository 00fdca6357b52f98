/**
 * PLOVER event records (the JSON interchange fields of the PLOVER manual, named as the POLECAT event data
 * releases them: event_id, event_date, event_type, mode, context ...). Fields PLOVER defines come first;
 * eventwire's CAMEO coding and its evidence (character ranges, rule, confidence) ride along under `cameo` and
 * `eventwire`, as the specification allows ("providers should feel free to include named fields").
 */
import { cameoCode } from '../ontology/cameo.js';
import { ploverContexts, ploverQuadClass } from '../ontology/plover.js';
import type { CodedEvent, EventActor, QuadClass } from '../types.js';
import { actorCode, actorParts, exportDate, safeJson, type ExportRow } from './rows.js';

/** PLOVER's actor object: top-level code (country or non-state code), sector, and the text it was coded from. */
export interface PloverActor {
  /** ISO alpha-3 country, CAMEO region, or the non-state code (IGO, NGO, IMG, MNC) heading the actor code. */
  code: string | null;
  /** Primary sector code with an optional secondary one (`GOV`, `MILREB`). */
  sector: string | null;
  /** The words the actor was coded from. */
  actor_text: string | null;
  /** eventwire: the full CAMEO actor code. */
  cameo_code: string;
  /** eventwire: the entity id from the language stage (not a Wikidata id). */
  entity?: string;
  /** eventwire: where the text names the actor. */
  range?: { start: number; end: number };
}

export interface PloverRecord {
  event_id: number;
  /** The coded date (`YYYY-MM-DD` or coarser), else the article's publication day; null when neither exists. */
  event_date: string | null;
  event_type: string;
  mode: string[];
  context: string[];
  /** The PLOVER category's quad class, else the CAMEO event's. */
  quad_code: QuadClass;
  source: PloverActor[];
  recipient: PloverActor[];
  event_loc: { name: string; cc3?: string } | null;
  story_id: string;
  story_date: string | null;
  cite_info: { url?: string; title?: string; publication?: string };
  coder: 'eventwire';
  cameo: { code: string; name: string | null; root: string; quad_class: QuadClass; goldstein: number };
  eventwire: {
    negated: boolean;
    modality: CodedEvent['modality'];
    date_source: CodedEvent['dateSource'];
    confidence: number;
    rule: string;
    evidence: CodedEvent['evidence'];
    attribution: CodedEvent['attribution'] | null;
  };
}

/** Non-state actor codes PLOVER allows in the top-level `code` field. */
const NON_STATE = new Set(['IGO', 'NGO', 'IMG', 'MNC']);

function ploverActors(actor: EventActor): PloverActor[] {
  const code = actorCode(actor);
  if (!code && !actor.text) return [];
  const parts = actorParts(actor);
  const top = parts.country ?? (NON_STATE.has(parts.types[0] ?? '') ? parts.types[0] : undefined);
  const sectors = parts.types.filter((t) => t !== top).slice(0, 2);
  const out: PloverActor = {
    code: top ?? null,
    sector: sectors.length ? sectors.join('') : null,
    actor_text: actor.text ?? null,
    cameo_code: code ?? '---',
  };
  if (actor.entity !== undefined) out.entity = actor.entity;
  if (actor.range) out.range = { start: actor.range.start, end: actor.range.end };
  return [out];
}

/** The crosswalk's contexts for the code, then how the text holds the event (negation, future, hypothetical). */
function contexts(e: CodedEvent): string[] {
  const out = new Set(ploverContexts(e.code));
  if (e.negated) out.add('negation');
  if (e.modality === 'intent' || e.modality === 'promise') out.add('future');
  if (e.modality === 'hypothetical') out.add('hypothetical');
  return [...out];
}

/** One event as a PLOVER record. */
export function ploverRecord(row: ExportRow): PloverRecord {
  const { event: e, article: a } = row;
  const date = exportDate(row);
  const cite: PloverRecord['cite_info'] = {};
  if (a.url !== undefined) cite.url = a.url;
  if (a.title !== undefined) cite.title = a.title;
  if (a.outlet !== undefined) cite.publication = a.outlet;
  return {
    event_id: row.eventId,
    event_date: date.date ?? null,
    event_type: e.plover.category,
    mode: e.plover.mode ? [e.plover.mode] : [],
    context: contexts(e),
    quad_code: ploverQuadClass(e.plover.category) ?? e.quadClass,
    source: ploverActors(e.source),
    recipient: ploverActors(e.target),
    event_loc: e.location ? { name: e.location.name, ...(e.location.country && { cc3: e.location.country }) } : null,
    story_id: a.id,
    story_date: a.published ?? null,
    cite_info: cite,
    coder: 'eventwire',
    cameo: {
      code: e.code,
      name: cameoCode(e.code)?.name ?? null,
      root: e.root,
      quad_class: e.quadClass,
      goldstein: e.goldstein,
    },
    eventwire: {
      negated: e.negated,
      modality: e.modality,
      date_source: date.source,
      confidence: e.confidence,
      rule: e.rule,
      evidence: e.evidence,
      attribution: e.attribution ?? null,
    },
  };
}

export interface PloverOptions {
  /** One record a line (JSON Lines, as the PLOVER manual suggests) instead of one indented JSON array. */
  lines?: boolean;
}

/** Events as PLOVER JSON: an indented array by default, or one record a line. */
export function toPloverJson(rows: readonly ExportRow[], options: PloverOptions = {}): string {
  const records = rows.map(ploverRecord);
  if (options.lines) return records.map((r) => `${safeJson(r)}\n`).join('');
  return `${safeJson(records, 2)}\n`;
}
