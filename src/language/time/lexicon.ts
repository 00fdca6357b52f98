/** Vocabulary of English time expressions and the regex fragments the rules are built from. */

import { addDays, easterSunday, nthWeekdayOfMonth, type CalendarDate } from './calendar.js';
import { DIGIT_NUMBER_SOURCE, NUMBER_WORDS_SOURCE, ORDINAL_WORD_SOURCE } from './numbers.js';

// ---- boundaries ------------------------------------------------------------------

/** Start of a word: not inside a word, a number, a hyphenated compound, or after a currency sign. */
export const LEFT = "(?<![\\w$£€/'])(?<!(?<!\\b(?:mid|pre|post|early|late))-)";
/** End of a word (a possessive 's may follow and stays outside the extent). */
export const RIGHT = '(?![\\w])';
/** End of a number: no more digits, no decimal or thousands part, no percent. */
export const NUMBER_END = '(?![\\w%]|[.,:/]\\d)';

// ---- months, weekdays, seasons, parts of the day ---------------------------------

export const MONTH_SOURCE =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sept?\\.?|oct\\.?|nov\\.?|dec\\.?)(?![a-z])';

const MONTH_BY_PREFIX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

export function monthNumber(name: string): number | null {
  return MONTH_BY_PREFIX[name.slice(0, 3).toLowerCase()] ?? null;
}

/** Full month names that are also ordinary words; alone they need a capital and some context. */
export const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan', 'jun', 'jul', 'sep', 'dec']);

export const WEEKDAY_SOURCE = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
/** Plural weekdays ("on Mondays") read as sets. */
export const WEEKDAYS_PLURAL_SOURCE = '(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)';

const WEEKDAY_BY_PREFIX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** ISO weekday number (Monday 1). */
export function weekdayNumber(name: string): number | null {
  return WEEKDAY_BY_PREFIX[name.slice(0, 3).toLowerCase()] ?? null;
}

export const SEASON_SOURCE = '(?:spring|summer|fall|autumn|winter)';
const SEASON_CODES: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
export const seasonCode = (name: string): string => SEASON_CODES[name.toLowerCase()] ?? 'XX';

export const PART_OF_DAY_SOURCE = '(?:morning|afternoon|evening|night|overnight)';
const PART_OF_DAY_CODES: Record<string, string> = {
  morning: 'TMO', afternoon: 'TAF', evening: 'TEV', night: 'TNI', overnight: 'TNI', tonight: 'TNI',
};
export const partOfDayCode = (name: string): string => PART_OF_DAY_CODES[name.toLowerCase()] ?? 'TDT';

// ---- numbers and units -------------------------------------------------------------

export const DAY_OF_MONTH_SOURCE = `(?:(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\\w%]|[.,]\\d)|${ORDINAL_WORD_SOURCE}(?![\\w]))`;
export const YEAR_SOURCE = '(?:1[0-9]\\d\\d|20\\d\\d)(?![\\w%]|[.,]\\d)';
/** Years said in words, as transcribed broadcasts have them: "nineteen ninety-six", "two thousand (and) one". */
export const YEAR_WORDS_SOURCE =
  '(?:(?:nineteen|eighteen|twenty)[\\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh|o)[\\s-](?:one|two|three|four|five|six|seven|eight|nine))|two\\s+thousand(?:(?:\\s+and)?\\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\\s-](?:one|two|three|four|five|six|seven|eight|nine))?))?)(?![\\w-])';

/** A count: digits, words, or a vague amount. */
export const COUNT_SOURCE = `(?:${DIGIT_NUMBER_SOURCE}|${NUMBER_WORDS_SOURCE}|an?\\s+(?:hundred|thousand)(?:\\s+and\\s+${NUMBER_WORDS_SOURCE})?|a\\s+couple\\s+of|couple\\s+of|a\\s+few|a\\s+dozen|a\\s+half|an?|few|several|some|many|a\\s+number\\s+of|numerous|dozens\\s+of|hundreds\\s+of|a\\s+couple)`;
/** A count, or a range of counts ("two to three", "12 to 18", "five or six"). */
export const QUANTITY_SOURCE = `(?:${COUNT_SOURCE}(?:\\s*(?:-|to|or)\\s*(?:${DIGIT_NUMBER_SOURCE}|${NUMBER_WORDS_SOURCE})(?![\\w]))?)`;

export const UNIT_SOURCE =
  '(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|century|centuries|millenni(?:um|a|ums)|semesters?)';

export interface UnitInfo {
  /** ISO 8601 duration designator (after P, or after PT for time units). */
  code: string;
  /** The unit is below a day, so the duration goes after "T". */
  time: boolean;
  /** How many of `code` one unit makes (a decade is 10 years). */
  factor: number;
  /** The TimeML designator for vague amounts ("decades" is PXDE). */
  vague: string;
}

export function unitInfo(raw: string): UnitInfo | null {
  const unit = raw.toLowerCase();
  if (unit.startsWith('second')) return { code: 'S', time: true, factor: 1, vague: 'S' };
  if (unit.startsWith('minute')) return { code: 'M', time: true, factor: 1, vague: 'M' };
  if (unit.startsWith('hour')) return { code: 'H', time: true, factor: 1, vague: 'H' };
  if (unit.startsWith('day') || unit.startsWith('night')) return { code: 'D', time: false, factor: 1, vague: 'D' };
  if (unit.startsWith('weekend')) return { code: 'D', time: false, factor: 2, vague: 'WE' };
  if (unit.startsWith('fortnight')) return { code: 'W', time: false, factor: 2, vague: 'W' };
  if (unit.startsWith('week')) return { code: 'W', time: false, factor: 1, vague: 'W' };
  if (unit.startsWith('month')) return { code: 'M', time: false, factor: 1, vague: 'M' };
  if (unit.startsWith('semester')) return { code: 'M', time: false, factor: 6, vague: 'M' };
  if (unit.startsWith('quarter')) return { code: 'Q', time: false, factor: 1, vague: 'Q' };
  if (unit.startsWith('year')) return { code: 'Y', time: false, factor: 1, vague: 'Y' };
  if (unit.startsWith('decade')) return { code: 'Y', time: false, factor: 10, vague: 'DE' };
  if (unit.startsWith('centur')) return { code: 'Y', time: false, factor: 100, vague: 'CE' };
  if (unit.startsWith('millenni')) return { code: 'Y', time: false, factor: 1000, vague: 'ML' };
  return null;
}

/** Next smaller unit, for fractional amounts (2 1/2 years = P2Y6M). */
const SMALLER: Record<string, { code: string; per: number; time: boolean }> = {
  'Y': { code: 'M', per: 12, time: false },
  'Q': { code: 'M', per: 3, time: false },
  'M': { code: 'D', per: 30, time: false },
  'W': { code: 'D', per: 7, time: false },
  'D': { code: 'H', per: 24, time: true },
  'TH': { code: 'M', per: 60, time: true },
  'TM': { code: 'S', per: 60, time: true },
};

/** ISO duration for an amount of a unit; 'X' for vague amounts ("several years" is PXY). */
export function durationValue(amount: number | 'X', unit: UnitInfo): string {
  if (amount === 'X') return unit.time ? `PTX${unit.vague}` : `PX${unit.vague}`;
  const total = amount * unit.factor;
  const whole = Math.floor(total);
  const fraction = total - whole;
  let value = unit.time ? `PT${whole}${unit.code}` : `P${whole}${unit.code}`;
  if (fraction > 1e-9) {
    const smaller = SMALLER[unit.time ? `T${unit.code}` : unit.code];
    if (!smaller) return value;
    const rest = Math.round(fraction * smaller.per);
    if (whole === 0) value = unit.time || smaller.time ? 'PT' : 'P';
    if (smaller.time && !unit.time) value += whole > 0 ? `T${rest}${smaller.code}` : `${rest}${smaller.code}`;
    else value += `${rest}${smaller.code}`;
  }
  return value;
}

// ---- holidays -------------------------------------------------------------------------

export interface Holiday {
  /** Regex source (lower case, matched case-insensitively, capitalisation checked by the rule). */
  source: string;
  date: (year: number) => CalendarDate;
}

const fixed = (month: number, day: number) => (year: number): CalendarDate => ({ year, month, day });
const easterOffset = (days: number) => (year: number): CalendarDate => addDays(easterSunday(year), days);
const nth = (month: number, weekday: number, n: number) => (year: number): CalendarDate => nthWeekdayOfMonth(year, month, weekday, n);

/** Public holidays and observances common in English-language news. Order matters: longer names first. */
export const HOLIDAYS: Holiday[] = [
  { source: "new\\s+year'?s\\s+eve", date: fixed(12, 31) },
  { source: "new\\s+year'?s(?:\\s+day)?", date: fixed(1, 1) },
  { source: 'christmas\\s+eve', date: fixed(12, 24) },
  { source: 'christmas(?:\\s+day)?', date: fixed(12, 25) },
  { source: 'boxing\\s+day', date: fixed(12, 26) },
  { source: "valentine'?s\\s+day", date: fixed(2, 14) },
  { source: "(?:st\\.?|saint)\\s+patrick'?s\\s+day", date: fixed(3, 17) },
  { source: 'independence\\s+day|(?:the\\s+)?fourth\\s+of\\s+july|july\\s+fourth', date: fixed(7, 4) },
  { source: 'halloween', date: fixed(10, 31) },
  { source: "veterans'?\\s+day|armistice\\s+day|remembrance\\s+day", date: fixed(11, 11) },
  { source: 'bastille\\s+day', date: fixed(7, 14) },
  { source: 'canada\\s+day', date: fixed(7, 1) },
  { source: 'juneteenth', date: fixed(6, 19) },
  { source: 'cinco\\s+de\\s+mayo', date: fixed(5, 5) },
  { source: "all\\s+saints'?\\s+day", date: fixed(11, 1) },
  { source: 'epiphany', date: fixed(1, 6) },
  { source: 'good\\s+friday', date: easterOffset(-2) },
  { source: '(?:holy|maundy)\\s+thursday', date: easterOffset(-3) },
  { source: 'palm\\s+sunday', date: easterOffset(-7) },
  { source: 'ash\\s+wednesday', date: easterOffset(-46) },
  { source: 'shrove\\s+tuesday|mardi\\s+gras', date: easterOffset(-47) },
  { source: 'easter\\s+monday', date: easterOffset(1) },
  { source: 'easter(?:\\s+sunday)?', date: easterOffset(0) },
  { source: 'ascension\\s+day', date: easterOffset(39) },
  { source: 'pentecost(?:\\s+sunday)?|whit\\s+sunday', date: easterOffset(49) },
  { source: "martin\\s+luther\\s+king(?:\\s+jr\\.?)?(?:'s)?\\s+(?:day|birthday)|mlk\\s+day", date: nth(1, 1, 3) },
  { source: "presidents'?\\s+day|washington'?s\\s+birthday", date: nth(2, 1, 3) },
  { source: "mother'?s\\s+day", date: nth(5, 7, 2) },
  { source: 'memorial\\s+day', date: nth(5, 1, -1) },
  { source: "father'?s\\s+day", date: nth(6, 7, 3) },
  { source: 'labou?r\\s+day', date: nth(9, 1, 1) },
  { source: 'columbus\\s+day', date: nth(10, 1, 2) },
  { source: 'thanksgiving(?:\\s+day)?', date: nth(11, 4, 4) },
  { source: 'black\\s+friday', date: (y) => addDays(nthWeekdayOfMonth(y, 11, 4, 4), 1) },
  { source: 'election\\s+day', date: (y) => addDays(nthWeekdayOfMonth(y, 11, 1, 1), 1) },
];

export const HOLIDAY_SOURCE = `(?:${HOLIDAYS.map((h) => h.source).join('|')})`;
const HOLIDAY_PATTERNS = HOLIDAYS.map((h) => ({ pattern: new RegExp(`^(?:${h.source})$`, 'i'), date: h.date }));

export function holidayDate(name: string, year: number): CalendarDate | null {
  const normalised = name.replace(/[’]/g, "'").trim();
  for (const h of HOLIDAY_PATTERNS) if (h.pattern.test(normalised)) return h.date(year);
  return null;
}

/** Time zones written after clock times ("5 p.m. EST"): kept inside the extent. */
export const TIME_ZONE_SOURCE = '(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|local\\s+time)';
