/** Turning relative time expressions into calendar values: direction (past bias), granularity, anaphora. */

import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  formatDate,
  formatMonth,
  formatQuarter,
  formatWeek,
  formatYear,
  isoWeekday,
  pad2,
  startOfWeek,
  type CalendarDate,
  type Moment,
  type ValueParts,
} from './calendar.js';
import type { Tense } from './tense.js';
import type { TimexType } from './types.js';

export interface Resolution {
  type: TimexType;
  value: string;
  mod?: string;
  freq?: string;
  quant?: string;
  /** A comparison ("a year earlier") that should not become the reference for later anaphora. */
  keepReference?: boolean;
}

/** What a rule's resolver may consult. */
export interface ResolveContext {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly dct: Moment;
  /** Tense cue of the sentence around the expression (computed on demand). */
  tense(): Tense;
  /** The last concrete date mentioned before this expression (any granularity), or the DCT. */
  readonly reference: ValueParts;
  /** The last day-level date mentioned before this expression, or the DCT. */
  readonly referenceDay: CalendarDate;
  /** The last quarter mentioned (financial news compares "the quarter" with "the year-ago quarter"). */
  readonly referenceQuarter: { year: number; quarter: number } | null;
}

export type Direction = 'past' | 'future' | 'nearest';

/** Direction for an unanchored name ("Friday", "in April") from the sentence's tense: news defaults to the past. */
export function directionFromTense(tense: Tense, fallback: Direction = 'past'): Direction {
  if (tense === 'FUTURE') return 'future';
  if (tense === 'PAST') return 'past';
  return fallback;
}

/** How many days of distance a tense cue is worth when picking a year for a month or a date. */
const TENSE_WEIGHT_DAYS = 240;
/** Without any cue news still leans to the past, by this many days. */
const PAST_LEAN_DAYS = 120;

/**
 * Picks the year for a recurring calendar span (a month, a month and day, a holiday, a season) named
 * without its year. `span(year)` gives the span's first and last day in a year. A span holding the DCT is
 * always the current one. Otherwise the closest occurrence wins, but one on the wrong side of the tense
 * cue counts as TENSE_WEIGHT_DAYS further away: "by Jan. 14" in a past-tense sentence of Jan. 6 is still
 * next week, while "in January" in a past-tense sentence of October is this year's January.
 * With `strict`, only occurrences on the asked side count ("last Christmas").
 */
export function pickYear(
  dct: CalendarDate,
  direction: Direction,
  span: (year: number) => [CalendarDate, CalendarDate],
  strict = false,
): number {
  const years = [dct.year - 1, dct.year, dct.year + 1];
  let best = dct.year;
  let bestScore = Infinity;
  for (const year of years) {
    const [from, to] = span(year);
    if (compareDates(from, dct) <= 0 && compareDates(dct, to) <= 0) return year;
    const isPast = compareDates(to, dct) < 0;
    const wrongSide = (direction === 'past' && !isPast) || (direction === 'future' && isPast);
    if (strict && wrongSide) continue;
    const distance = Math.min(Math.abs(daysBetween(dct, from)), Math.abs(daysBetween(dct, to)));
    const score = distance + (wrongSide ? TENSE_WEIGHT_DAYS : direction === 'nearest' && !isPast ? PAST_LEAN_DAYS : 0);
    // Ties go to the past: news reports what happened.
    if (score < bestScore || (score === bestScore && year < best)) {
      best = year;
      bestScore = score;
    }
  }
  return best;
}

export const monthSpan = (month: number) => (year: number): [CalendarDate, CalendarDate] => [
  { year, month, day: 1 },
  { year, month, day: daysInMonth(year, month) },
];

export const daySpan = (month: number, day: number) => (year: number): [CalendarDate, CalendarDate] => {
  const d = { year, month, day: Math.min(day, daysInMonth(year, month)) };
  return [d, d];
};

/** A weekday resolved relative to a base day: the one on or before it (past), on or after it (future). */
export function weekdayFrom(base: CalendarDate, weekday: number, direction: Direction, inclusive = true): CalendarDate {
  const today = isoWeekday(base);
  if (direction === 'future') {
    let ahead = (weekday - today + 7) % 7;
    if (ahead === 0 && !inclusive) ahead = 7;
    return addDays(base, ahead);
  }
  if (direction === 'past') {
    let back = (today - weekday + 7) % 7;
    if (back === 0 && !inclusive) back = 7;
    return addDays(base, -back);
  }
  // nearest: within three days either way
  const back = (today - weekday + 7) % 7;
  return back <= 3 ? addDays(base, -back) : addDays(base, 7 - back);
}

/** The weekday in the same ISO week as the base ("this Friday"). */
export function weekdayInWeekOf(base: CalendarDate, weekday: number): CalendarDate {
  return addDays(startOfWeek(base), weekday - 1);
}

export const quarterOf = (d: CalendarDate): number => Math.floor((d.month - 1) / 3) + 1;

export function shiftQuarter(year: number, quarter: number, by: number): { year: number; quarter: number } {
  const index = year * 4 + (quarter - 1) + by;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

/** The last quarter that has ended by the DCT (what "the quarter" means in an earnings report). */
export function latestCompletedQuarter(dct: CalendarDate): { year: number; quarter: number } {
  return shiftQuarter(dct.year, quarterOf(dct), -1);
}

/** Granularities a relative expression can be normalised at. */
export type Granularity = 'day' | 'week' | 'weekend' | 'month' | 'quarter' | 'year' | 'decade' | 'century';

/** The value of a day shifted by a number of units, written at that unit's granularity. */
export function shiftedValue(base: CalendarDate, granularity: Granularity, by: number): string {
  switch (granularity) {
    case 'day':
      return formatDate(addDays(base, by));
    case 'week':
      return formatWeek(addDays(base, by * 7));
    case 'weekend': {
      // The weekend of the week holding the day; TimeML writes it as the week plus -WE.
      return `${formatWeek(addDays(base, by * 7))}-WE`;
    }
    case 'month': {
      const d = addMonths({ ...base, day: 1 }, by);
      return formatMonth(d.year, d.month);
    }
    case 'quarter': {
      const q = shiftQuarter(base.year, quarterOf(base), by);
      return formatQuarter(q.year, q.quarter);
    }
    case 'year':
      return formatYear(base.year + by);
    case 'decade':
      return String(Math.floor((base.year + by * 10) / 10)).padStart(3, '0');
    case 'century':
      return centuryValue(base.year + by * 100);
  }
}

/** The century prefix TimeML uses: 1998 is in "19" (the twentieth century, counted as the 1900s). */
export const centuryValue = (year: number): string => pad2(Math.floor(year / 100));

/** The reference read at a granularity, or null when the reference is coarser than that. */
export function referenceAt(parts: ValueParts, granularity: Granularity): CalendarDate | null {
  switch (granularity) {
    case 'day':
    case 'week':
    case 'weekend':
      return parts.day !== undefined && parts.month !== undefined ? { year: parts.year, month: parts.month, day: parts.day } : null;
    case 'month':
      return parts.month !== undefined ? { year: parts.year, month: parts.month, day: 1 } : null;
    case 'quarter':
      if (parts.quarter !== undefined) return { year: parts.year, month: (parts.quarter - 1) * 3 + 1, day: 1 };
      return parts.month !== undefined ? { year: parts.year, month: parts.month, day: 1 } : null;
    default:
      return { year: parts.year, month: parts.month ?? 1, day: parts.day ?? 1 };
  }
}
