/**
 * The periods between a timeline's first and last, so quiet months show as gaps instead of vanishing: the API
 * lists only periods with events. Only whole months or days are filled, and only up to a few years of days.
 */
import type { DyadPeriod } from './types.js';

const MAX_FILLED = 1500;

export function fillPeriods(items: readonly DyadPeriod[], interval: string): DyadPeriod[] {
  const sorted = [...items].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const pattern = interval === 'day' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}$/;
  if (sorted.length < 2 || !sorted.every((i) => pattern.test(i.period))) return sorted;
  const byPeriod = new Map(sorted.map((i) => [i.period, i]));
  const all: DyadPeriod[] = [];
  const last = sorted[sorted.length - 1]!.period;
  for (let period: string = sorted[0]!.period; period <= last; period = nextPeriod(period, interval)) {
    all.push(byPeriod.get(period) ?? { period, events: 0, goldstein: null, quadClasses: [0, 0, 0, 0] });
    if (all.length > MAX_FILLED) return sorted;
  }
  return all;
}

function nextPeriod(period: string, interval: string): string {
  const [year, month, day] = period.split('-').map(Number) as [number, number, number?];
  if (interval === 'day') return new Date(Date.UTC(year, month - 1, (day ?? 1) + 1)).toISOString().slice(0, 10);
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
}

/**
 * The event-date range of one period within the page's own from/to: a month period asks for `2018-06`, which the
 * events filter reads as every date in June; a from or to inside the period narrows it.
 */
export function periodRange(period: string, from: string, to: string): { from: string; to: string } {
  return {
    from: from && from.startsWith(period) ? from : period,
    to: to && to.startsWith(period) ? to : period,
  };
}
