/**
 * The search page's filters as they sit in the URL, and the facets answer (GET /api/search/facets) that offers
 * them. The URL is the source of truth: a filtered search can be linked and reloaded.
 */
import type { FacetValue, SearchFacets } from '../api.js';

export type { FacetValue, SearchFacets };

/** URL parameters that narrow a search, in the order their chips are shown. */
export const FILTER_KEYS = ['outlet', 'from', 'to', 'entity', 'code', 'plover'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type SearchFilters = Partial<Record<FilterKey, string>>;

export function filtersOf(params: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** "June 2018" for "2018-06"; other values as they are. */
export function monthName(value: string): string {
  const match = MONTH.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return date.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A removable chip: what it shows and which URL parameters removing it clears. */
export interface FilterChip {
  label: string;
  keys: FilterKey[];
}

/**
 * The active filters as chips. A month facet sets from and to to the same month; it shows as one chip that
 * clears both. Entity and event-type chips use the facets' names when the facets know them.
 */
export function filterChips(filters: SearchFilters, facets: SearchFacets | undefined): FilterChip[] {
  const chips: FilterChip[] = [];
  const labelOf = (list: FacetValue[] | undefined, value: string) => list?.find((item) => item.value === value)?.label;
  if (filters.outlet) chips.push({ label: `Outlet: ${filters.outlet}`, keys: ['outlet'] });
  if (filters.from && filters.from === filters.to) {
    chips.push({ label: `Month: ${monthName(filters.from)}`, keys: ['from', 'to'] });
  } else {
    if (filters.from) chips.push({ label: `From: ${filters.from}`, keys: ['from'] });
    if (filters.to) chips.push({ label: `To: ${filters.to}`, keys: ['to'] });
  }
  if (filters.entity) chips.push({ label: `Mentions: ${labelOf(facets?.entities, filters.entity) ?? filters.entity}`, keys: ['entity'] });
  if (filters.code) {
    const name = labelOf(facets?.eventRoots, filters.code);
    chips.push({ label: `Event type: ${filters.code}${name ? ` ${name}` : ''}`, keys: ['code'] });
  }
  if (filters.plover) chips.push({ label: `PLOVER: ${filters.plover}`, keys: ['plover'] });
  return chips;
}
