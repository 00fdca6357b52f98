/**
 * Scores the entity layer against gold mentions with the field's metrics:
 * - mention detection of names (PER, ORG, LOC): precision, recall, F1, typed and untyped, by exact span and by
 *   head/overlap;
 * - within-document coreference: MUC, B³ and CEAF-e and their mean (the CoNLL F1), computed as the CoNLL-2012
 *   reference scorer does (Pradhan et al. 2014) from key and response clusters, with twinless mentions;
 * - cross-document coreference: B³ over the mentions of a corpus, gold clusters being corpus-wide instances.
 *
 * Counts are micro-averaged: numerators and denominators are summed over documents before dividing, as the
 * reference scorer does for a multi-document file.
 */
import type { Document } from '../../document/document.js';
import type { EntityLabel, MentionForm, MentionSpan, Span } from '../../document/types.js';
import { toArticleRecord } from '../../pipeline/record.js';
import { openSqliteStore } from '../../store/sqlite.js';
import { analyseLanguage, type LanguageTools } from '../index.js';
import { loadLanguageTools } from '../tools.js';
import { type GoldForm, listMeantimeFiles, type MeantimeDocument, readMeantimeFile, toEventwireDocument } from './meantime.js';
import type { EntityMention } from './index.js';

// ---------------------------------------------------------------------------------------------------------
// Coreference metrics on clusterings

/** A clustering: each cluster a list of mention ids; a mention in at most one cluster. */
export type Clusters = readonly (readonly string[])[];

/** Precision and recall as sums, so documents add up before dividing. */
export interface RatioCounts {
  precisionNum: number;
  precisionDen: number;
  recallNum: number;
  recallDen: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export const zeroCounts = (): RatioCounts => ({ precisionNum: 0, precisionDen: 0, recallNum: 0, recallDen: 0 });

export function addCounts(into: RatioCounts, more: RatioCounts): void {
  into.precisionNum += more.precisionNum;
  into.precisionDen += more.precisionDen;
  into.recallNum += more.recallNum;
  into.recallDen += more.recallDen;
}

export function toPrf(c: RatioCounts): Prf {
  const precision = c.precisionDen === 0 ? 0 : c.precisionNum / c.precisionDen;
  const recall = c.recallDen === 0 ? 0 : c.recallNum / c.recallDen;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Mention id → cluster index; refuses a mention listed twice. */
function clusterIndex(clusters: Clusters, what: string): Map<string, number> {
  const index = new Map<string, number>();
  clusters.forEach((cluster, i) => {
    for (const m of cluster) {
      if (index.has(m)) throw new Error(`${what}: mention ${m} is in two clusters`);
      index.set(m, i);
    }
  });
  return index;
}

/**
 * MUC (Vilain et al. 1995): links. Recall = Σ(|K| − |p(K)|) / Σ(|K| − 1), p(K) being the pieces the response
 * cuts K into, a key mention the response lacks counting as a piece of its own; precision the same the other way.
 */
export function mucCounts(key: Clusters, response: Clusters): RatioCounts {
  const side = (gold: Clusters, other: Clusters): [number, number] => {
    const otherIndex = clusterIndex(other, 'muc');
    let num = 0;
    let den = 0;
    for (const cluster of gold) {
      if (cluster.length === 0) continue;
      const pieces = new Set<string>();
      for (const m of cluster) {
        const at = otherIndex.get(m);
        pieces.add(at === undefined ? `alone:${m}` : `cluster:${at}`);
      }
      num += cluster.length - pieces.size;
      den += cluster.length - 1;
    }
    return [num, den];
  };
  const [recallNum, recallDen] = side(key, response);
  const [precisionNum, precisionDen] = side(response, key);
  return { precisionNum, precisionDen, recallNum, recallDen };
}

/** |K ∩ R| for every key/response pair that shares a mention: key index → response index → size. */
function overlaps(key: Clusters, response: Clusters): Map<number, Map<number, number>> {
  const responseIndex = clusterIndex(response, 'response');
  clusterIndex(key, 'key');
  const out = new Map<number, Map<number, number>>();
  key.forEach((cluster, k) => {
    const row = new Map<number, number>();
    for (const m of cluster) {
      const r = responseIndex.get(m);
      if (r !== undefined) row.set(r, (row.get(r) ?? 0) + 1);
    }
    out.set(k, row);
  });
  return out;
}

/**
 * B³ (Bagga and Baldwin 1998), mention-weighted: recall = Σ_K Σ_R |K∩R|²/|K| over Σ|K|, precision =
 * Σ_R Σ_K |K∩R|²/|R| over Σ|R|. A twinless mention adds to a denominator only.
 */
export function bCubedCounts(key: Clusters, response: Clusters): RatioCounts {
  const shared = overlaps(key, response);
  let recallNum = 0;
  let precisionNum = 0;
  shared.forEach((row, k) => {
    for (const [r, n] of row) {
      recallNum += (n * n) / key[k]!.length;
      precisionNum += (n * n) / response[r]!.length;
    }
  });
  const size = (c: Clusters): number => c.reduce((n, cluster) => n + cluster.length, 0);
  return { precisionNum, precisionDen: size(response), recallNum, recallDen: size(key) };
}

/**
 * CEAF-e (Luo 2005), entity-based: the one-to-one alignment of key and response entities maximising
 * Σ φ4(K, R), φ4 = 2|K∩R| / (|K| + |R|); recall divides that by the number of key entities, precision by the
 * number of response entities.
 */
export function ceafECounts(key: Clusters, response: Clusters): RatioCounts {
  const keys = key.filter((c) => c.length > 0);
  const responses = response.filter((c) => c.length > 0);
  const shared = overlaps(keys, responses);
  const similarity = keys.map((k, i) => responses.map((r, j) => (2 * (shared.get(i)?.get(j) ?? 0)) / (k.length + r.length)));
  const best = maxAssignment(similarity);
  return { precisionNum: best, precisionDen: responses.length, recallNum: best, recallDen: keys.length };
}

/**
 * The largest sum of a one-to-one assignment of rows to columns (rows or columns may stay unassigned): the
 * Hungarian method (Kuhn-Munkres) with potentials on the square matrix of costs `max − weight`, padded with
 * zero weights.
 */
export function maxAssignment(weights: readonly (readonly number[])[]): number {
  const rows = weights.length;
  const cols = rows === 0 ? 0 : Math.max(...weights.map((r) => r.length));
  const n = Math.max(rows, cols);
  if (n === 0) return 0;
  const weight = (i: number, j: number): number => weights[i]?.[j] ?? 0;
  let top = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) top = Math.max(top, weight(i, j));
  const cost = (i: number, j: number): number => top - weight(i, j);
  // 1-based arrays: column 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOfColumn[0] = i;
    let column = 0;
    const minTo = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[column] = 1;
      const row = rowOfColumn[column]!;
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const reduced = cost(row - 1, j - 1) - u[row]! - v[j]!;
        if (reduced < minTo[j]!) {
          minTo[j] = reduced;
          way[j] = column;
        }
        if (minTo[j]! < delta) {
          delta = minTo[j]!;
          next = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          const r = rowOfColumn[j]!;
          u[r] = u[r]! + delta;
          v[j] = v[j]! - delta;
        } else minTo[j] = minTo[j]! - delta;
      }
      column = next;
    } while (rowOfColumn[column] !== 0);
    do {
      const previous = way[column]!;
      rowOfColumn[column] = rowOfColumn[previous]!;
      column = previous;
    } while (column !== 0);
  }
  let total = 0;
  for (let j = 1; j <= n; j++) if (rowOfColumn[j]! > 0) total += weight(rowOfColumn[j]! - 1, j - 1);
  return total;
}

// ---------------------------------------------------------------------------------------------------------
// Matching predicted mentions to gold ones

export type MatchMode = 'exact' | 'overlap';

export interface SpanLike {
  start: number;
  end: number;
  /** For gold mentions: where the head is, when known. */
  head?: { start: number; end: number };
}

/**
 * One-to-one pairs of predicted and gold mentions: predicted index → gold index. `exact`: the same characters.
 * `overlap` (head/overlap): exact pairs first, then spans that overlap (and cover part of the gold head when the
 * gold mention has one), the most similar pairs first (Dice of the character ranges), so "United States" pairs
 * with "the United States" rather than with an enclosing "the United States government".
 */
export function matchMentions(gold: readonly SpanLike[], predicted: readonly SpanLike[], mode: MatchMode): Map<number, number> {
  const pairs = new Map<number, number>();
  const goldTaken = new Set<number>();
  const exactIndex = new Map<string, number[]>();
  gold.forEach((g, i) => {
    const key = `${g.start}:${g.end}`;
    exactIndex.set(key, [...(exactIndex.get(key) ?? []), i]);
  });
  predicted.forEach((p, pi) => {
    const free = exactIndex.get(`${p.start}:${p.end}`)?.find((gi) => !goldTaken.has(gi));
    if (free === undefined) return;
    pairs.set(pi, free);
    goldTaken.add(free);
  });
  if (mode === 'exact') return pairs;
  const candidates: { pi: number; gi: number; score: number }[] = [];
  predicted.forEach((p, pi) => {
    if (pairs.has(pi)) return;
    gold.forEach((g, gi) => {
      if (goldTaken.has(gi)) return;
      const shared = Math.min(p.end, g.end) - Math.max(p.start, g.start);
      if (shared <= 0) return;
      if (g.head && Math.min(p.end, g.head.end) - Math.max(p.start, g.head.start) <= 0) return;
      candidates.push({ pi, gi, score: (2 * shared) / (p.end - p.start + (g.end - g.start)) });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.gi - b.gi || a.pi - b.pi);
  for (const c of candidates) {
    if (pairs.has(c.pi) || goldTaken.has(c.gi)) continue;
    pairs.set(c.pi, c.gi);
    goldTaken.add(c.gi);
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------------------
// Documents to score

export interface EvalGoldMention extends SpanLike {
  text: string;
  form: GoldForm;
  /** A relative pronoun ("which", "who"). */
  relative?: boolean;
  /** Entity type of the referent: PER, ORG, LOC, PRO, FIN, MIX; undefined when unknown. */
  type: string | undefined;
  /** Gold entity within the document. */
  entity: string;
  /** Gold entity across documents: the corpus-wide instance id (or a document-scoped id for local entities). */
  instance: string;
  /** The entity's descriptor, for reports. */
  entityName?: string;
  /** Inside the fully annotated part of the document. */
  inRegion: boolean;
}

/** An eventwire mention as scored: its `entity` is the id the product shows (read back from the store). */
export interface EvalPredictedMention extends Omit<EntityMention, 'name' | 'rule'> {
  /** Entity id as the language stage gave it, before the store's linking. */
  rawEntity: string;
  inRegion: boolean;
}

export interface EvalDocument {
  corpus: string;
  name: string;
  gold: EvalGoldMention[];
  predicted: EvalPredictedMention[];
}

/** The gold types eventwire's labels cover; GPE counts as LOC. */
export const SCORED_TYPES = ['PER', 'ORG', 'LOC'] as const;
export type ScoredType = (typeof SCORED_TYPES)[number];

export function labelToType(label: EntityLabel): ScoredType | undefined {
  return label === 'GPE' || label === 'LOC' ? 'LOC' : label === 'PER' || label === 'ORG' ? label : undefined;
}

const isScoredType = (type: string | undefined): type is ScoredType => type === 'PER' || type === 'ORG' || type === 'LOC';

/** A mention that strictly contains another mention of its own entity: an apposition ("European manufacturer, Airbus"). */
function appositionLike(doc: EvalDocument): Set<number> {
  const out = new Set<number>();
  doc.gold.forEach((g, i) => {
    if (doc.gold.some((h, j) => j !== i && h.entity === g.entity && h.start >= g.start && h.end <= g.end && h.end - h.start < g.end - g.start)) out.add(i);
  });
  return out;
}

/** Why a gold mention is not in the coreference scope, or undefined when it is. */
export function corefExclusion(g: EvalGoldMention, apposition: boolean): string | undefined {
  if (!isScoredType(g.type)) return `entity type ${g.type ?? 'unknown'}`;
  if (apposition) return 'apposition (contains a mention of its own entity)';
  if (g.form === 'other') return 'coordination, apposition, partitive or other phrase';
  if (g.form === 'pronoun' && g.relative) return 'relative pronoun';
  if (g.form === 'nominal' && g.type === 'LOC') return 'nominal of a place';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Per-document scoring

export interface CountScore extends Prf {
  gold: number;
  predicted: number;
  correct: number;
}

interface Tally {
  gold: number;
  predicted: number;
  correct: number;
}

const tally = (): Tally => ({ gold: 0, predicted: 0, correct: 0 });
function countScore(t: Tally): CountScore {
  return { ...toPrf({ precisionNum: t.correct, precisionDen: t.predicted, recallNum: t.correct, recallDen: t.gold }), ...t };
}

interface DetectionTally {
  untyped: Tally;
  typed: Tally;
  types: Record<ScoredType, Tally>;
  /** Predicted names over gold names of types eventwire does not have (products, financial): not scored. */
  outOfScopeType: number;
  /** Predicted MISC names with no gold name: MEANTIME does not annotate what CoNLL calls MISC. */
  unmatchedMisc: number;
}

const detectionTally = (): DetectionTally => ({
  untyped: tally(),
  typed: tally(),
  types: { PER: tally(), ORG: tally(), LOC: tally() },
  outOfScopeType: 0,
  unmatchedMisc: 0,
});

/** What an error report lists: one line per kind of mistake, with the document it came from. */
export interface ErrorExample {
  doc: string;
  /** What went wrong, in words. */
  detail: string;
  /** Groups examples of the same mistake ("'GM' and 'General Motors' got different ids"). */
  key: string;
  /** How much the mistake costs, when one example stands for many (mention pairs split apart); default 1. */
  weight?: number;
  /** About a whole corpus (cross-document), not one document. */
  corpusWide?: boolean;
}

type ErrorSink = (errorClass: string, example: ErrorExample) => void;

const isNameForm = (form: MentionForm): boolean => form === 'name' || form === 'demonym';
const quote = (s: string): string => `"${s.replace(/\s+/g, ' ')}"`;

function scoreDetection(doc: EvalDocument, mode: MatchMode, into: DetectionTally, report?: ErrorSink): void {
  const apposition = appositionLike(doc);
  const gold = doc.gold.filter((g, i) => g.inRegion && g.form === 'name' && !apposition.has(i));
  const predicted = doc.predicted.filter((p) => p.inRegion && isNameForm(p.form));
  const pairs = matchMentions(gold, predicted, mode);
  const found = new Set(pairs.values());
  gold.forEach((g, gi) => {
    if (!isScoredType(g.type)) return;
    into.untyped.gold++;
    into.typed.gold++;
    into.types[g.type].gold++;
    if (!found.has(gi)) report?.('missed name', { doc: doc.name, key: `${g.text} (${g.type})`, detail: `gold ${g.type} name ${quote(g.text)} not found` });
  });
  predicted.forEach((p, pi) => {
    const type = labelToType(p.label);
    const gi = pairs.get(pi);
    if (gi === undefined) {
      if (!type) {
        into.unmatchedMisc++;
        return;
      }
      into.untyped.predicted++;
      into.typed.predicted++;
      into.types[type].predicted++;
      report?.('spurious name', { doc: doc.name, key: `${p.text} (${p.label})`, detail: `${p.label} name ${quote(p.text)} is no gold name` });
      return;
    }
    const g = gold[gi]!;
    if (!isScoredType(g.type)) {
      into.outOfScopeType++;
      if (type) report?.('product or other non-PER/ORG/LOC name typed as PER/ORG/LOC (not scored)', { doc: doc.name, key: `${p.text}: gold ${g.type ?? '?'}, ours ${p.label}`, detail: `${quote(p.text)} gold ${g.type ?? '?'} (${g.entityName ?? ''}), ours ${p.label}` });
      return;
    }
    into.untyped.predicted++;
    into.untyped.correct++;
    if (type) {
      into.typed.predicted++;
      into.types[type].predicted++;
    }
    if (type === g.type) {
      into.typed.correct++;
      into.types[type].correct++;
    } else report?.('wrong type', { doc: doc.name, key: `${g.text}: gold ${g.type}, ours ${p.label}`, detail: `${quote(p.text)} gold ${g.type}, ours ${p.label}` });
    if (g.start !== p.start || g.end !== p.end) {
      report?.('name boundary differs', { doc: doc.name, key: `gold ${quote(g.text)} / ours ${quote(p.text)}`, detail: `gold ${quote(g.text)}, ours ${quote(p.text)}` });
    }
  });
}

/** Key and response clusters of one set of gold and predicted mentions, paired up by `matchMentions`. */
interface Clustering {
  key: string[][];
  response: string[][];
  /** The same clusters under their entity ids, to pool documents. */
  keyGroups: Map<string, string[]>;
  responseGroups: Map<string, string[]>;
  /** Gold mention index (in the document) → predicted mention index, for matched in-scope mentions. */
  matched: Map<number, number>;
  keyMentions: number;
  responseMentions: number;
}

/**
 * Key: in-scope gold mentions grouped by `goldEntity`. Response: predicted mentions grouped by `predictedEntity`,
 * except those that match an out-of-scope gold mention (a product, an apposition, a relative pronoun: neither
 * right nor wrong here) and unmatched MISC (MEANTIME does not annotate what CoNLL calls MISC). Mention ids are
 * gold ids for matched mentions, so key and response share them.
 */
function buildClustering(
  gold: readonly EvalGoldMention[],
  inScope: (i: number) => boolean,
  predicted: readonly EvalPredictedMention[],
  mode: MatchMode,
  goldEntity: (g: EvalGoldMention) => string,
  predictedEntity: (p: EvalPredictedMention) => string,
  idPrefix: string,
): Clustering {
  const pairs = matchMentions(gold, predicted, mode);
  const keyGroups = new Map<string, string[]>();
  gold.forEach((g, gi) => {
    if (!inScope(gi)) return;
    const group = keyGroups.get(goldEntity(g)) ?? [];
    group.push(`${idPrefix}g${gi}`);
    keyGroups.set(goldEntity(g), group);
  });
  const responseGroups = new Map<string, string[]>();
  const matched = new Map<number, number>();
  predicted.forEach((p, pi) => {
    const gi = pairs.get(pi);
    let id: string;
    if (gi !== undefined) {
      if (!inScope(gi)) return;
      id = `${idPrefix}g${gi}`;
      matched.set(gi, pi);
    } else {
      if (!labelToType(p.label)) return;
      id = `${idPrefix}p${pi}`;
    }
    const entity = predictedEntity(p);
    const group = responseGroups.get(entity) ?? [];
    group.push(id);
    responseGroups.set(entity, group);
  });
  const key = [...keyGroups.values()];
  const response = [...responseGroups.values()];
  return {
    key,
    response,
    keyGroups,
    responseGroups,
    matched,
    keyMentions: key.reduce((n, c) => n + c.length, 0),
    responseMentions: response.reduce((n, c) => n + c.length, 0),
  };
}

interface CorefTally {
  muc: RatioCounts;
  b3: RatioCounts;
  ceafe: RatioCounts;
  keyMentions: number;
  keyEntities: number;
  responseMentions: number;
  responseEntities: number;
  matchedMentions: number;
}

const corefTally = (): CorefTally => ({
  muc: zeroCounts(),
  b3: zeroCounts(),
  ceafe: zeroCounts(),
  keyMentions: 0,
  keyEntities: 0,
  responseMentions: 0,
  responseEntities: 0,
  matchedMentions: 0,
});

function addClustering(into: CorefTally, c: Clustering): void {
  addCounts(into.muc, mucCounts(c.key, c.response));
  addCounts(into.b3, bCubedCounts(c.key, c.response));
  addCounts(into.ceafe, ceafECounts(c.key, c.response));
  into.keyMentions += c.keyMentions;
  into.keyEntities += c.key.length;
  into.responseMentions += c.responseMentions;
  into.responseEntities += c.response.length;
  into.matchedMentions += c.matched.size;
}

/** In-scope gold mentions of a document for coreference, and why the others are out. */
function corefScope(doc: EvalDocument, regionOnly: boolean): { inScope: boolean[]; excluded: Map<string, number> } {
  const apposition = appositionLike(doc);
  const excluded = new Map<string, number>();
  const inScope = doc.gold.map((g, i) => {
    if (regionOnly && !g.inRegion) return false;
    const why = corefExclusion(g, apposition.has(i));
    if (why) excluded.set(why, (excluded.get(why) ?? 0) + 1);
    return why === undefined;
  });
  return { inScope, excluded };
}

function scoreCoref(doc: EvalDocument, mode: MatchMode, into: CorefTally, report?: ErrorSink): void {
  const { inScope } = corefScope(doc, true);
  const gold = doc.gold;
  const region = doc.predicted.filter((p) => p.inRegion);
  // Predicted mentions are cut to the annotated sentences; gold mentions past them cannot pair with any.
  const c = buildClustering(gold, (i) => inScope[i]! && gold[i]!.inRegion, region, mode, (g) => g.entity, (p) => p.entity, '');
  addClustering(into, c);
  if (report) reportClusterErrors(doc, gold, inScope, region, c.matched, report);
}

/** Split and merged entities within a document, and pronouns and descriptions left unresolved. */
function reportClusterErrors(
  doc: EvalDocument,
  gold: readonly EvalGoldMention[],
  inScope: readonly boolean[],
  predicted: readonly EvalPredictedMention[],
  matched: ReadonlyMap<number, number>,
  report: ErrorSink,
): void {
  const byGold = new Map<string, number[]>();
  gold.forEach((g, i) => {
    if (inScope[i]) byGold.set(g.entity, [...(byGold.get(g.entity) ?? []), i]);
  });
  const byPredicted = new Map<string, number[]>();
  for (const [gi, pi] of matched) byPredicted.set(predicted[pi]!.entity, [...(byPredicted.get(predicted[pi]!.entity) ?? []), gi]);

  for (const mentions of byGold.values()) {
    const first = gold[mentions[0]!]!;
    const ids = new Map<string, string[]>();
    for (const gi of mentions) {
      const pi = matched.get(gi);
      if (pi !== undefined) ids.set(predicted[pi]!.entity, [...(ids.get(predicted[pi]!.entity) ?? []), predicted[pi]!.text]);
    }
    if (ids.size > 1) {
      const parts = [...ids].sort((a, b) => a[0].localeCompare(b[0])).map(([id, texts]) => `${id} (${[...new Set(texts)].map(quote).join(', ')})`);
      report('split entity (within a document)', {
        doc: doc.name,
        key: `${first.entityName ?? first.text} → ${[...ids.keys()].sort().join(' + ')}`,
        detail: `gold ${first.type} ${quote(first.entityName ?? first.text)} got ${ids.size} ids: ${parts.join('; ')}`,
      });
    }
    // Pronouns and descriptions of an entity the text also names.
    const names = mentions.filter((gi) => gold[gi]!.form === 'name' && matched.has(gi));
    const nameIds = new Set(names.map((gi) => predicted[matched.get(gi)!]!.entity));
    for (const gi of mentions) {
      const g = gold[gi]!;
      if (g.form !== 'pronoun' && g.form !== 'nominal') continue;
      const what = g.form === 'pronoun' ? 'pronoun' : 'description';
      const pi = matched.get(gi);
      if (pi === undefined) {
        report(`unresolved ${what}`, {
          doc: doc.name,
          key: `${g.text.toLowerCase()} (${g.type})`,
          detail: `${quote(g.text)} → gold ${g.type} ${quote(first.entityName ?? '')}: no mention`,
        });
      } else if (nameIds.size > 0 && !nameIds.has(predicted[pi]!.entity)) {
        report(`misresolved ${what}`, {
          doc: doc.name,
          key: `${g.text.toLowerCase()} (${g.type})`,
          detail: `${quote(g.text)} → gold ${quote(first.entityName ?? '')} (ours for its name: ${[...nameIds].join(', ')}), ours ${predicted[pi]!.entity}`,
        });
      }
    }
  }
  for (const [id, mentions] of byPredicted) {
    const entities = new Map<string, string[]>();
    for (const gi of mentions) entities.set(gold[gi]!.entity, [...(entities.get(gold[gi]!.entity) ?? []), gold[gi]!.text]);
    if (entities.size < 2) continue;
    const names = [...entities].map(([entity, texts]) => `${gold.find((g) => g.entity === entity)?.entityName ?? entity} (${[...new Set(texts)].map(quote).join(', ')})`);
    report('merged entities (within a document)', {
      doc: doc.name,
      key: `${id} over ${[...entities.keys()].map((e) => gold.find((g) => g.entity === e)?.entityName ?? e).sort().join(' + ')}`,
      detail: `${id} covers ${entities.size} gold entities: ${names.join('; ')}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cross-document

interface CrossDocTally {
  /** B³ over all in-scope gold mentions; product ids (after the store's linking). */
  linked: RatioCounts;
  /** The same with the language stage's ids. */
  unlinked: RatioCounts;
  /** Gold name mentions only: do the names of one entity get one id across the corpus? */
  names: RatioCounts;
  /** CoNLL-way B³ on the fully annotated parts, twinless predicted mentions included; product ids. */
  region: RatioCounts;
  goldMentions: number;
  goldEntities: number;
  detected: number;
}

/**
 * Cross-document B³ for a group of documents. Gold clusters are instances; each in-scope gold mention takes the
 * id of the predicted mention paired with it, a gold mention nothing found being an entity of its own (so it
 * costs recall). Predicted mentions paired with no gold mention are left out: past the fully annotated sentences
 * the gold lists only mentions of cross-document instances, and detection precision is scored separately.
 */
function scoreCrossDoc(docs: readonly EvalDocument[], mode: MatchMode, report?: ErrorSink): CrossDocTally {
  const keyGroups = new Map<string, string[]>();
  const linkedGroups = new Map<string, string[]>();
  const unlinkedGroups = new Map<string, string[]>();
  const nameKey = new Map<string, string[]>();
  const nameLinked = new Map<string, string[]>();
  const regionKey = new Map<string, string[]>();
  const regionResponse = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, id: string): void => {
    const group = map.get(key);
    if (group) group.push(id);
    else map.set(key, [id]);
  };
  const instanceNames = new Map<string, string>();
  const found: FoundMention[] = [];
  let goldMentions = 0;
  let detected = 0;
  docs.forEach((doc, d) => {
    const { inScope } = corefScope(doc, false);
    const pairs = matchMentions(doc.gold, doc.predicted, mode);
    const predictedOf = new Map<number, number>();
    for (const [pi, gi] of pairs) predictedOf.set(gi, pi);
    doc.gold.forEach((g, gi) => {
      if (!inScope[gi]) return;
      const id = `d${d}g${gi}`;
      goldMentions++;
      push(keyGroups, g.instance, id);
      const isName = g.form === 'name';
      if (isName) push(nameKey, g.instance, id);
      if (g.entityName) instanceNames.set(g.instance, g.entityName);
      const pi = predictedOf.get(gi);
      if (pi === undefined) {
        push(linkedGroups, `missed:${id}`, id);
        push(unlinkedGroups, `missed:${id}`, id);
        if (isName) push(nameLinked, `missed:${id}`, id);
        return;
      }
      detected++;
      const p = doc.predicted[pi]!;
      push(linkedGroups, p.entity, id);
      push(unlinkedGroups, p.rawEntity, id);
      if (isName) push(nameLinked, p.entity, id);
      found.push({ instance: g.instance, entity: p.entity, text: p.text, doc: doc.name });
    });
    // The CoNLL way, on the fully annotated part only; clusters join across documents by their ids.
    const region = doc.predicted.filter((p) => p.inRegion);
    const c = buildClustering(doc.gold, (i) => inScope[i]! && doc.gold[i]!.inRegion, region, mode, (g) => g.instance, (p) => p.entity, `d${d}`);
    for (const [instance, ids] of c.keyGroups) for (const id of ids) push(regionKey, instance, id);
    for (const [entity, ids] of c.responseGroups) for (const id of ids) push(regionResponse, entity, id);
  });
  if (report) reportCrossDocErrors(found, instanceNames, report);
  return {
    linked: bCubedCounts([...keyGroups.values()], [...linkedGroups.values()]),
    unlinked: bCubedCounts([...keyGroups.values()], [...unlinkedGroups.values()]),
    names: bCubedCounts([...nameKey.values()], [...nameLinked.values()]),
    region: bCubedCounts([...regionKey.values()], [...regionResponse.values()]),
    goldMentions,
    goldEntities: keyGroups.size,
    detected,
  };
}

interface FoundMention {
  instance: string;
  entity: string;
  text: string;
  doc: string;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** One gold instance under several ids, and one id over several gold instances, across a corpus. */
function reportCrossDocErrors(found: readonly FoundMention[], instanceNames: ReadonlyMap<string, string>, report: ErrorSink): void {
  const nameOf = (instance: string): string => instanceNames.get(instance) ?? instance;
  const describe = (items: readonly FoundMention[], by: 'instance' | 'entity'): string =>
    [...groupBy(items, (f) => f[by])]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([k, list]) => {
        const docs = new Set(list.map((f) => f.doc)).size;
        const texts = [...new Set(list.map((f) => f.text))].slice(0, 4).map(quote).join(', ');
        return `${by === 'instance' ? quote(nameOf(k)) : k} ×${list.length} in ${docs} doc(s) (${texts})`;
      })
      .join('; ');
  const docCount = (items: readonly FoundMention[]): string => `${new Set(items.map((f) => f.doc)).size} docs`;
  for (const [instance, items] of groupBy(found, (f) => f.instance)) {
    const ids = groupBy(items, (f) => f.entity);
    if (ids.size < 2) continue;
    // Mention pairs of this entity under different ids: what the split costs in B³ recall.
    const apart = (items.length ** 2 - [...ids.values()].reduce((n, l) => n + l.length ** 2, 0)) / 2;
    report('split entity (across documents)', {
      doc: docCount(items),
      key: nameOf(instance),
      weight: apart,
      corpusWide: true,
      detail: `gold ${quote(nameOf(instance))} has ${ids.size} ids, ${apart} mention pairs apart: ${describe(items, 'entity')}`,
    });
  }
  for (const [entity, items] of groupBy(found, (f) => f.entity)) {
    const instances = groupBy(items, (f) => f.instance);
    if (instances.size < 2) continue;
    const together = (items.length ** 2 - [...instances.values()].reduce((n, l) => n + l.length ** 2, 0)) / 2;
    report('merged entities (across documents)', {
      doc: docCount(items),
      key: entity,
      weight: together,
      corpusWide: true,
      detail: `${entity} covers ${instances.size} gold entities, ${together} mention pairs wrongly together: ${describe(items, 'instance')}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Whole evaluation

export interface DetectionScores {
  untyped: CountScore;
  typed: CountScore;
  types: Record<ScoredType, CountScore>;
  /** Predicted names paired with gold names of other types (products, financial): neither right nor wrong. */
  out_of_scope_type: number;
  /** Predicted MISC names paired with no gold name: MEANTIME has no such class. */
  unmatched_misc: number;
}

export interface CorefScores {
  muc: Prf;
  b3: Prf;
  ceafe: Prf;
  /** Mean of the MUC, B³ and CEAF-e F1s. */
  conll_f1: number;
  key_mentions: number;
  key_entities: number;
  response_mentions: number;
  response_entities: number;
  matched_mentions: number;
}

export interface CrossDocScores {
  b3: Prf;
  b3_unlinked: Prf;
  b3_names: Prf;
  b3_region: Prf;
  gold_mentions: number;
  gold_entities: number;
  detected_mentions: number;
}

export interface GroupScores {
  documents: number;
  mentions: Record<MatchMode, DetectionScores>;
  coref: Record<MatchMode, CorefScores>;
  cross_doc: Record<MatchMode, CrossDocScores>;
  counts: GoldCounts;
}

export interface GoldCounts {
  /** Every gold entity mention read. */
  gold_mentions: number;
  gold_mentions_in_annotated_part: number;
  /** Gold names of PER, ORG and LOC in the annotated part (the detection key). */
  gold_names: Record<ScoredType, number>;
  /** In-scope gold mentions for within-document coreference, by form. */
  coref_key_by_form: Record<'name' | 'nominal' | 'pronoun', number>;
  /** Gold mentions of the annotated part left out of coreference, by reason. */
  coref_excluded: Record<string, number>;
  predicted_mentions: number;
  predicted_mentions_in_annotated_part: number;
  predicted_by_form: Record<string, number>;
}

export interface ErrorClass {
  class: string;
  /** Number of mistakes of this class. */
  count: number;
  /** Summed weight of the mistakes (mention pairs for cross-document splits and merges, else the count). */
  weight: number;
  /** The same mistake grouped: how often (and how costly), and where first; costliest first. */
  top: { key: string; count: number; weight: number; docs: number; example: string; doc: string }[];
}

export interface EntityEvaluation {
  overall: GroupScores;
  corpora: Record<string, GroupScores>;
  errors: ErrorClass[];
}

function finishDetection(t: DetectionTally): DetectionScores {
  return {
    untyped: countScore(t.untyped),
    typed: countScore(t.typed),
    types: { PER: countScore(t.types.PER), ORG: countScore(t.types.ORG), LOC: countScore(t.types.LOC) },
    out_of_scope_type: t.outOfScopeType,
    unmatched_misc: t.unmatchedMisc,
  };
}

function finishCoref(t: CorefTally): CorefScores {
  const muc = toPrf(t.muc);
  const b3 = toPrf(t.b3);
  const ceafe = toPrf(t.ceafe);
  return {
    muc,
    b3,
    ceafe,
    conll_f1: (muc.f1 + b3.f1 + ceafe.f1) / 3,
    key_mentions: t.keyMentions,
    key_entities: t.keyEntities,
    response_mentions: t.responseMentions,
    response_entities: t.responseEntities,
    matched_mentions: t.matchedMentions,
  };
}

function finishCrossDoc(t: CrossDocTally): CrossDocScores {
  return {
    b3: toPrf(t.linked),
    b3_unlinked: toPrf(t.unlinked),
    b3_names: toPrf(t.names),
    b3_region: toPrf(t.region),
    gold_mentions: t.goldMentions,
    gold_entities: t.goldEntities,
    detected_mentions: t.detected,
  };
}

function goldCounts(docs: readonly EvalDocument[]): GoldCounts {
  const counts: GoldCounts = {
    gold_mentions: 0,
    gold_mentions_in_annotated_part: 0,
    gold_names: { PER: 0, ORG: 0, LOC: 0 },
    coref_key_by_form: { name: 0, nominal: 0, pronoun: 0 },
    coref_excluded: {},
    predicted_mentions: 0,
    predicted_mentions_in_annotated_part: 0,
    predicted_by_form: {},
  };
  for (const doc of docs) {
    const apposition = appositionLike(doc);
    const { inScope, excluded } = corefScope(doc, true);
    doc.gold.forEach((g, i) => {
      counts.gold_mentions++;
      if (!g.inRegion) return;
      counts.gold_mentions_in_annotated_part++;
      if (g.form === 'name' && isScoredType(g.type) && !apposition.has(i)) counts.gold_names[g.type]++;
      if (inScope[i] && g.form !== 'other') counts.coref_key_by_form[g.form]++;
    });
    for (const [why, n] of excluded) counts.coref_excluded[why] = (counts.coref_excluded[why] ?? 0) + n;
    for (const p of doc.predicted) {
      counts.predicted_mentions++;
      if (!p.inRegion) continue;
      counts.predicted_mentions_in_annotated_part++;
      counts.predicted_by_form[p.form] = (counts.predicted_by_form[p.form] ?? 0) + 1;
    }
  }
  return counts;
}

function scoreGroup(docs: readonly EvalDocument[], report?: ErrorSink): GroupScores {
  const modes: MatchMode[] = ['exact', 'overlap'];
  const mentions = {} as Record<MatchMode, DetectionScores>;
  const coref = {} as Record<MatchMode, CorefScores>;
  const crossDoc = {} as Record<MatchMode, CrossDocScores>;
  for (const mode of modes) {
    // Errors are listed once, from the lenient pairing, so a boundary slip is not also a miss.
    const sink = mode === 'overlap' ? report : undefined;
    const detection = detectionTally();
    const within = corefTally();
    for (const doc of docs) {
      scoreDetection(doc, mode, detection, sink);
      scoreCoref(doc, mode, within, sink);
    }
    mentions[mode] = finishDetection(detection);
    coref[mode] = finishCoref(within);
    crossDoc[mode] = finishCrossDoc(scoreCrossDoc(docs, mode, sink));
  }
  return { documents: docs.length, mentions, coref, cross_doc: crossDoc, counts: goldCounts(docs) };
}

/** Scores documents per corpus and over all of them (cross-document clusters pooled over all corpora). */
export function evaluateEntities(docs: readonly EvalDocument[], options: { maxExamples?: number } = {}): EntityEvaluation {
  const byCorpus = new Map<string, EvalDocument[]>();
  for (const doc of docs) byCorpus.set(doc.corpus, [...(byCorpus.get(doc.corpus) ?? []), doc]);
  const corpora: Record<string, GroupScores> = {};
  const found = new Map<string, ErrorExample[]>();
  // Errors come from the per-corpus runs: cross-document errors are within a corpus, like its gold instances.
  const sink: ErrorSink = (errorClass, example) => found.set(errorClass, [...(found.get(errorClass) ?? []), example]);
  for (const [corpus, group] of [...byCorpus].sort((a, b) => a[0].localeCompare(b[0]))) {
    corpora[corpus] = scoreGroup(group, (c, e) =>
      sink(c, e.corpusWide ? { ...e, key: `${corpus}: ${e.key}`, doc: `${corpus} (${e.doc})` } : { ...e, doc: `${corpus}/${e.doc}` }),
    );
  }
  const overall = scoreGroup(docs);
  return { overall, corpora, errors: summariseErrors(found, options.maxExamples ?? 15) };
}

function summariseErrors(found: ReadonlyMap<string, ErrorExample[]>, maxExamples: number): ErrorClass[] {
  const classes: ErrorClass[] = [];
  for (const [errorClass, examples] of found) {
    const byKey = new Map<string, ErrorExample[]>();
    for (const e of examples) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
    const weightOf = (list: readonly ErrorExample[]): number => list.reduce((n, e) => n + (e.weight ?? 1), 0);
    const top = [...byKey]
      .map(([key, list]) => ({
        key,
        count: list.length,
        weight: weightOf(list),
        docs: new Set(list.map((e) => e.doc)).size,
        example: list[0]!.detail,
        doc: list[0]!.doc,
      }))
      .sort((a, b) => b.weight - a.weight || b.count - a.count || a.key.localeCompare(b.key))
      .slice(0, maxExamples);
    classes.push({ class: errorClass, count: examples.length, weight: weightOf(examples), top });
  }
  return classes.sort((a, b) => b.count - a.count || a.class.localeCompare(b.class));
}

/** The headline figures, flat, as `eval entities --json` prints them. */
export function headlineFigures(s: GroupScores): Record<string, number> {
  return {
    mention_f1: s.mentions.exact.untyped.f1,
    mention_typed_f1: s.mentions.exact.typed.f1,
    mention_overlap_f1: s.mentions.overlap.untyped.f1,
    mention_typed_overlap_f1: s.mentions.overlap.typed.f1,
    muc_f1: s.coref.exact.muc.f1,
    b3_f1: s.coref.exact.b3.f1,
    ceafe_f1: s.coref.exact.ceafe.f1,
    conll_f1: s.coref.exact.conll_f1,
    muc_overlap_f1: s.coref.overlap.muc.f1,
    b3_overlap_f1: s.coref.overlap.b3.f1,
    ceafe_overlap_f1: s.coref.overlap.ceafe.f1,
    conll_overlap_f1: s.coref.overlap.conll_f1,
    cross_doc_b3_f1: s.cross_doc.exact.b3.f1,
    cross_doc_b3_unlinked_f1: s.cross_doc.exact.b3_unlinked.f1,
    cross_doc_b3_names_f1: s.cross_doc.exact.b3_names.f1,
    cross_doc_b3_region_f1: s.cross_doc.exact.b3_region.f1,
    cross_doc_b3_overlap_f1: s.cross_doc.overlap.b3.f1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// MEANTIME through the real pipeline

export interface MeantimeEvaluation {
  evaluation: EntityEvaluation;
  documents: number;
  /** Files that could not be read or analysed. */
  failures: { file: string; message: string }[];
}

export interface MeantimeEvaluationOptions {
  /** Language tools (default: the committed NER model and time tagger). */
  tools?: LanguageTools;
  /** Grouped examples per error class. */
  maxExamples?: number;
  onDocument?: (done: number, total: number, file: string) => void;
}

/** The scoring view of a MEANTIME document and what eventwire found in it (store spans: linked ids). */
export function toEvalDocument(doc: MeantimeDocument, raw: readonly MentionSpan[], stored: readonly MentionSpan[]): EvalDocument {
  const rawById = new Map(raw.map((s) => [s.id, s]));
  return {
    corpus: doc.corpus,
    name: doc.name,
    gold: doc.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      ...(m.head ? { head: m.head } : {}),
      text: m.text,
      form: m.form,
      relative: m.relative,
      type: m.entityType,
      entity: m.entity,
      // Entities without an instance id are this document's own.
      instance: m.instance ?? `${doc.corpus}/${doc.docId}/${m.entity}`,
      ...(m.entityName ? { entityName: m.entityName } : {}),
      inRegion: m.sentence < doc.annotatedSentences,
    })),
    predicted: stored.map((s) => ({
      start: s.start,
      end: s.end,
      text: doc.text.slice(s.start, s.end),
      label: s.label,
      form: s.form,
      entity: s.entity,
      rawEntity: rawById.get(s.id)?.entity ?? s.entity,
      inRegion: s.start < doc.annotatedEnd,
    })),
  };
}

/**
 * Reads every MEANTIME file under `dir`, runs the language stage on each, ingests them all into a throwaway
 * SQLite store and reads them back (so one-word names carry the ids the store links them to, as `show` and
 * `entities` report them), then scores.
 */
export async function evaluateMeantimeDirectory(dir: string, options: MeantimeEvaluationOptions = {}): Promise<MeantimeEvaluation> {
  const files = await listMeantimeFiles(dir);
  if (files.length === 0) throw new Error(`no MEANTIME XML files under ${dir}`);
  const tools = options.tools ?? loadLanguageTools();
  const failures: { file: string; message: string }[] = [];
  const analysed: { gold: MeantimeDocument; doc: Document }[] = [];
  const ids = new Set<string>();
  for (const [i, file] of files.entries()) {
    try {
      const gold = await readMeantimeFile(file.path, file.corpus);
      let doc = toEventwireDocument(gold);
      // Two files with one URL would be two versions of one article in the store: keep them apart.
      if (ids.has(doc.id)) doc = toEventwireDocument({ ...gold, url: undefined });
      ids.add(doc.id);
      analyseLanguage(doc, tools);
      analysed.push({ gold, doc });
    } catch (error) {
      failures.push({ file: file.path, message: (error as Error).message });
    }
    options.onDocument?.(i + 1, files.length, file.path);
  }
  const store = openSqliteStore(':memory:');
  const docs: EvalDocument[] = [];
  try {
    await store.ingest(analysed.map((a) => toArticleRecord(a.doc)));
    for (const { gold, doc } of analysed) {
      const stored = await store.get(doc.id);
      if (!stored) throw new Error(`${gold.file}: not found in the store after ingest`);
      const mentions = (spans: readonly Span[]): MentionSpan[] => spans.filter((s): s is MentionSpan => s.type === 'mention');
      docs.push(toEvalDocument(gold, mentions(doc.spans), mentions(stored.doc.spans)));
    }
  } finally {
    await store.close();
  }
  return { evaluation: evaluateEntities(docs, { maxExamples: options.maxExamples ?? 15 }), documents: docs.length, failures };
}

/** What the figures count, in words: printed with them, so a number is never read without its scope. */
export const EVALUATION_NOTES = [
  'Gold: MEANTIME entity mentions. Document-level annotation covers the headline, the date line and the first body sentences; past them only mentions of cross-document instances are annotated, so detection and within-document coreference are scored on the fully annotated sentences only.',
  'Names: gold NAM and PRE.NAM mentions (and untyped mentions whose words are capitalised) of PER, ORG and LOC entities; eventwire name and demonym mentions. Typed: GPE counts as LOC. Appositions (a name containing a mention of its own entity) are left out. Eventwire names over gold products or financial names, and eventwire MISC names with no gold name, are neither right nor wrong (MEANTIME has no MISC).',
  'Exact: same characters. Overlap: the spans overlap and the prediction touches the gold head (annotated, or for a nominal its last word before a preposition or comma); pairs are one-to-one, exact ones first.',
  'Within-document coreference (MUC, B³, CEAF-e, CoNLL = their mean; CoNLL-2012 scorer definitions, singletons included): key = gold names, nominals of persons and organisations and non-relative pronouns referring to PER, ORG or LOC entities; response = every eventwire mention of the annotated sentences grouped by its entity id, minus those paired with out-of-scope gold mentions and unpaired MISC ones.',
  'Cross-document B³: all in-scope gold mentions of a corpus (whole documents), clustered by instance id; each takes the id of the eventwire mention paired with it (a gold mention nothing found is a singleton), unpaired eventwire mentions are left out. Ids are read back from a SQLite store holding all the documents (one-word person names linked across articles); "unlinked" uses the language stage\'s own ids; "names" restricts the gold to name mentions; "region" is the CoNLL-style B³ on the annotated sentences with unpaired eventwire mentions counted.',
];
