/** Proleptic Gregorian calendar arithmetic on plain {year, month, day} values (no time zones involved). */

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

/** The document creation time, split into fields. */
export interface Moment extends CalendarDate {
  hour?: number;
  minute?: number;
}

function fromUtc(time: number): CalendarDate {
  const d = new Date(time);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function toUtc(d: CalendarDate): number {
  const t = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  t.setUTCFullYear(d.year, d.month - 1, d.day);
  return t.getTime();
}

const DAY_MS = 86_400_000;

export function addDays(d: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(d) + days * DAY_MS);
}

/** Adds months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: CalendarDate, months: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}

/** ISO weekday: Monday 1 ... Sunday 7. */
export function isoWeekday(d: CalendarDate): number {
  const w = new Date(toUtc(d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** ISO 8601 week: the week (Monday-Sunday) belongs to the year holding its Thursday. */
export function isoWeek(d: CalendarDate): { year: number; week: number } {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const dayOfYear = daysBetween({ year: thursday.year, month: 1, day: 1 }, thursday);
  return { year: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** Monday of the ISO week that holds d. */
export function startOfWeek(d: CalendarDate): CalendarDate {
  return addDays(d, 1 - isoWeekday(d));
}

/** Easter Sunday (Western churches), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const golden = year % 19;
  const century = Math.floor(year / 100);
  const yearInCentury = year % 100;
  const leapCenturies = Math.floor(century / 4);
  const centuryRest = century % 4;
  const moonCorrection = Math.floor((century + 8) / 25);
  const solarCorrection = Math.floor((century - moonCorrection + 1) / 3);
  const epact = (19 * golden + century - leapCenturies - solarCorrection + 15) % 30;
  const leapYears = Math.floor(yearInCentury / 4);
  const yearRest = yearInCentury % 4;
  const weekdayOffset = (32 + 2 * centuryRest + 2 * leapYears - epact - yearRest) % 7;
  const lateCorrection = Math.floor((golden + 11 * epact + 22 * weekdayOffset) / 451);
  const n = epact + weekdayOffset - 7 * lateCorrection + 114;
  return { year, month: Math.floor(n / 31), day: (n % 31) + 1 };
}

/** The nth (1-based) given ISO weekday of a month; n = -1 is the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CalendarDate {
  if (n > 0) {
    const first = { year, month, day: 1 };
    const shift = (weekday - isoWeekday(first) + 7) % 7;
    return { year, month, day: 1 + shift + (n - 1) * 7 };
  }
  const last = { year, month, day: daysInMonth(year, month) };
  const shift = (isoWeekday(last) - weekday + 7) % 7;
  return { year, month, day: last.day - shift };
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

// ---- TimeML value formatting -------------------------------------------------

export const pad2 = (n: number): string => String(n).padStart(2, '0');
export const pad4 = (n: number): string => String(n).padStart(4, '0');

export const formatYear = (year: number): string => pad4(year);
export const formatMonth = (year: number, month: number): string => `${pad4(year)}-${pad2(month)}`;
export const formatDate = (d: CalendarDate): string => `${pad4(d.year)}-${pad2(d.month)}-${pad2(d.day)}`;
export const formatQuarter = (year: number, quarter: number): string => `${pad4(year)}-Q${quarter}`;

export function formatWeek(d: CalendarDate): string {
  const { year, week } = isoWeek(d);
  return `${pad4(year)}-W${pad2(week)}`;
}

/** Parses a DCT such as "1998-01-08", "19980108", "1998-03-01T14:11:00", "2018-04-03 10:00". */
export function parseMoment(text: string): Moment | null {
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})?)?/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const moment: Moment = { year, month, day };
  if (m[4] !== undefined) {
    moment.hour = Number(m[4]);
    moment.minute = m[5] !== undefined ? Number(m[5]) : 0;
  }
  return moment;
}

/** The calendar fields a normalised DATE value pins down (used as the reference for anaphoric expressions). */
export interface ValueParts {
  year: number;
  month?: number;
  day?: number;
  quarter?: number;
  week?: number;
}

/** Reads back a concrete DATE/TIME value ("1998-08-07", "1998-Q3", "1998-W02", "1998-08-07TMO"); null for vague ones. */
export function parseValue(value: string): ValueParts | null {
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T|$)/.exec(value);
  if (m) {
    const parts: ValueParts = { year: Number(m[1]) };
    if (m[2]) parts.month = Number(m[2]);
    if (m[3]) parts.day = Number(m[3]);
    return parts;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value);
  if (m) return { year: Number(m[1]), quarter: Number(m[2]) };
  m = /^(\d{4})-W(\d{2})/.exec(value);
  if (m) return { year: Number(m[1]), week: Number(m[2]) };
  return null;
}
