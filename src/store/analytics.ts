/**
 * The store-neutral part of the read-side views (SqliteAnalytics, PostgresAnalytics): the limits they share and
 * what they make of the rows their SQL returns, so both stores answer alike.
 */
import { actorCodeLabel } from '../events/ontology/actors.js';
import { cameoCode, CAMEO_ROOTS } from '../events/ontology/cameo.js';
import type { ActorNetwork, DyadPeriod, EntityDetail, FacetValue, NetworkQuery, SearchFacets } from './types.js';

/** Facets count the best matches only: enough to show what a search is made of, bounded on any corpus. */
export const SEARCH_FACET_SAMPLE = 2000;
export const FACET_VALUES = 12;
export const ENTITY_WORDINGS = 40;

export const ROOT_NAMES: ReadonlyMap<string, string> = new Map(CAMEO_ROOTS.map((r) => [r.code, r.name]));

/** An actor code start as a range condition on a column: `USA` matches USA, USAGOV, USAMIL… and uses the index. */
export const codeStarts = (column: string, param: string): string => `(${column} >= ${param} AND ${column} < ${param} || '~')`;

function tally(values: (string | null)[]): FacetValue[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, FACET_VALUES);
}

/** The outlet and month facets of the best matches: the most frequent outlets, the months latest first. */
export function outletAndMonthFacets(best: { outlet: string | null; published: string | null }[]): Pick<SearchFacets, 'outlets' | 'months'> {
  return {
    outlets: tally(best.map((b) => b.outlet)),
    months: tally(best.map((b) => b.published?.slice(0, 7) ?? null)).sort((a, b) => b.value.localeCompare(a.value)),
  };
}

/**
 * The same words in different case ("His", "his") are one wording, whatever form the language stage gave each
 * mention; the wording takes the form of most of its mentions (rows come most frequent first).
 */
export function mergeWordings(rows: { text: string; form: string; count: number; outlets: string[] | null }[]): EntityDetail['names'] {
  const merged = new Map<string, { text: string; form: string; count: number; outlets: Set<string> }>();
  for (const row of rows) {
    const text = row.text.replace(/\s+/g, ' ').trim();
    const key = text.toLowerCase();
    let entry = merged.get(key);
    if (!entry) merged.set(key, (entry = { text, form: row.form, count: 0, outlets: new Set() }));
    entry.count += row.count;
    for (const outlet of row.outlets ?? []) entry.outlets.add(outlet);
  }
  return [...merged.values()]
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .map((e) => ({ text: e.text, form: e.form, count: e.count, outlets: [...e.outlets].sort() }));
}

/** Event counts by CAMEO code and quad class, as the dyad and network queries return them. */
interface EventCount {
  code: string;
  quadClass: number;
  n: number;
}

interface Tally {
  events: number;
  goldsteinSum: number;
  scored: number;
  quadClasses: [number, number, number, number];
}

const newTally = (): Tally => ({ events: 0, goldsteinSum: 0, scored: 0, quadClasses: [0, 0, 0, 0] });

/** Goldstein scores come from the CAMEO codebook by code, as GDELT assigns them. */
function addToTally(tally: Tally, row: EventCount): void {
  tally.events += row.n;
  const goldstein = cameoCode(row.code)?.goldstein;
  if (goldstein !== undefined) {
    tally.goldsteinSum += goldstein * row.n;
    tally.scored += row.n;
  }
  if (row.quadClass >= 1 && row.quadClass <= 4) tally.quadClasses[row.quadClass - 1]! += row.n;
}

function finishTally(tally: Tally): Omit<DyadPeriod, 'period'> {
  return {
    events: tally.events,
    goldstein: tally.scored > 0 ? Math.round((tally.goldsteinSum / tally.scored) * 100) / 100 : null,
    quadClasses: tally.quadClasses,
  };
}

/** A dyad's timeline from its event counts by period (rows in period order). */
export function dyadPeriods(rows: (EventCount & { period: string })[]): DyadPeriod[] {
  const periods = new Map<string, Tally>();
  for (const row of rows) {
    let periodTally = periods.get(row.period);
    if (!periodTally) periods.set(row.period, (periodTally = newTally()));
    addToTally(periodTally, row);
  }
  return [...periods].map(([period, t]) => ({ period, ...finishTally(t) }));
}

/** The actor network from event counts by source and target: the strongest edges and the actors they join. */
export function actorNetwork(rows: (EventCount & { source: string; target: string })[], query: NetworkQuery): ActorNetwork {
  const edges = new Map<string, { source: string; target: string; tally: Tally }>();
  for (const row of rows) {
    // An actor acting on itself (a government on its own country) is no edge of a network between actors.
    if (row.source === row.target) continue;
    const key = `${row.source}\t${row.target}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { source: row.source, target: row.target, tally: newTally() }));
    addToTally(edge.tally, row);
  }
  const kept = [...edges.values()]
    .filter((e) => e.tally.events >= (query.minEvents ?? 1))
    .sort((a, b) => b.tally.events - a.tally.events || a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
    .slice(0, query.limit ?? 100);
  const nodeEvents = new Map<string, number>();
  for (const e of kept) {
    nodeEvents.set(e.source, (nodeEvents.get(e.source) ?? 0) + e.tally.events);
    nodeEvents.set(e.target, (nodeEvents.get(e.target) ?? 0) + e.tally.events);
  }
  return {
    nodes: [...nodeEvents]
      .map(([id, events]) => ({ id, label: actorCodeLabel(id), events }))
      .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)),
    edges: kept.map((e) => ({ source: e.source, target: e.target, ...finishTally(e.tally) })),
  };
}
