/**
 * The events page's filters: the URL parameters GET /api/events and /api/events/export take, read from and
 * written to the page's URL so a filtered table can be linked, reloaded and exported as it is shown.
 */
export const EVENT_FILTER_KEYS = ['actor', 'source', 'target', 'code', 'plover', 'quadClass', 'entity', 'outlet', 'from', 'to'] as const;
export type EventFilterKey = (typeof EVENT_FILTER_KEYS)[number];
export type EventFilters = Record<EventFilterKey, string>;

export function eventFiltersOf(params: URLSearchParams): EventFilters {
  const filters = {} as EventFilters;
  for (const key of EVENT_FILTER_KEYS) filters[key] = params.get(key)?.trim() ?? '';
  return filters;
}

/** CAMEO's quad classes, by number. */
export const QUAD_CLASSES: readonly { value: 1 | 2 | 3 | 4; name: string }[] = [
  { value: 1, name: 'verbal cooperation' },
  { value: 2, name: 'material cooperation' },
  { value: 3, name: 'verbal conflict' },
  { value: 4, name: 'material conflict' },
];

export function quadClassName(value: number): string {
  return QUAD_CLASSES.find((quad) => quad.value === value)?.name ?? `quad class ${value}`;
}

/** The export formats the API writes, with what a person calls them and the file name ending they get. */
export const EXPORT_FORMATS: readonly { format: string; label: string; extension: string }[] = [
  { format: 'csv', label: 'CSV', extension: 'csv' },
  { format: 'gdelt', label: 'GDELT TSV', extension: 'gdelt.tsv' },
  { format: 'plover', label: 'PLOVER JSON', extension: 'plover.json' },
  { format: 'jsonl', label: 'JSON Lines', extension: 'jsonl' },
];

/** Actor codes are capitals (USA, USAGOV); what is typed is forgiven its case and spaces. */
export function normaliseActorCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Cuts a sentence at a word boundary near `max` characters. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
