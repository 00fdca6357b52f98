/**
 * The recogniser's pattern rules. Each rule is one pre-compiled regex plus a resolver that turns a match into
 * a TIMEX3 type and value. Rules are written for the general shapes of English news dates, not for phrases
 * of any one corpus. Where several rules match overlapping text the tagger keeps the longest match, then the
 * earlier rule in this list.
 */

import {
  addDays,
  daysInMonth,
  formatDate,
  formatMonth,
  formatQuarter,
  formatWeek,
  formatYear,
  isoWeekday,
  pad2,
  type CalendarDate,
} from './calendar.js';
import {
  AMBIGUOUS_MONTHS,
  DAY_OF_MONTH_SOURCE,
  HOLIDAY_SOURCE,
  LEFT,
  MONTH_SOURCE,
  NUMBER_END,
  PART_OF_DAY_SOURCE,
  QUANTITY_SOURCE,
  RIGHT,
  SEASON_SOURCE,
  TIME_ZONE_SOURCE,
  UNIT_SOURCE,
  WEEKDAYS_PLURAL_SOURCE,
  WEEKDAY_SOURCE,
  YEAR_SOURCE,
  YEAR_WORDS_SOURCE,
  durationValue,
  holidayDate,
  monthNumber,
  partOfDayCode,
  seasonCode,
  unitInfo,
  weekdayNumber,
} from './lexicon.js';
import { NUMBER_WORDS_SOURCE, parseNumber, parseOrdinal, parseYearWords } from './numbers.js';
import {
  daySpan,
  directionFromTense,
  latestCompletedQuarter,
  monthSpan,
  pickYear,
  quarterOf,
  referenceAt,
  shiftQuarter,
  shiftedValue,
  weekdayFrom,
  weekdayInWeekOf,
  type Direction,
  type Granularity,
  type ResolveContext,
  type Resolution,
} from './resolve.js';

export interface TimexRule {
  id: string;
  /** Global, case-insensitive; compiled once at load. */
  pattern: RegExp;
  /** Fast pre-check on the whole text: the rule's regex only runs when this matches. */
  trigger?: RegExp;
  /** Match-time filter (capitalisation, surrounding words). */
  accept?: (m: RegExpExecArray, text: string) => boolean;
  resolve: (m: RegExpExecArray, ctx: ResolveContext) => Resolution | null;
}

const rx = (source: string): RegExp => new RegExp(source, 'gi');
const groups = (m: RegExpExecArray): Record<string, string | undefined> => m.groups ?? {};
const capitalised = (word: string | undefined): boolean => word !== undefined && /^[A-Z]/.test(word);
const lower = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/\s+/g, ' ');

/** Text just before a match, lower-cased, for context checks. */
const before = (text: string, index: number, length = 30): string => text.slice(Math.max(0, index - length), index).toLowerCase();
const after = (m: RegExpExecArray, text: string, length = 30): string => text.slice(m.index + m[0].length, m.index + m[0].length + length);

// ---- shared resolution pieces -------------------------------------------------------------

/** A two-digit year ('98) in the century that puts it closest to the DCT, leaning to the past. */
function expandShortYear(yy: number, dctYear: number): number {
  const century = Math.floor(dctYear / 100) * 100;
  const candidates = [century - 100 + yy, century + yy, century + 100 + yy];
  let best = candidates[1]!;
  for (const c of candidates) if (Math.abs(c - dctYear - 5) < Math.abs(best - dctYear - 5)) best = c;
  return best;
}

function yearFrom(raw: string | undefined, dctYear: number): number | null {
  if (!raw) return null;
  const text = raw.trim();
  if (/^\d{4}$/.test(text)) return Number(text);
  const short = /^'(\d\d)$/.exec(text);
  if (short) return expandShortYear(Number(short[1]), dctYear);
  return parseYearWords(text);
}

/** "a couple of" is 2; vague amounts ("several") are 'X'; ranges ("two to three") are vague too. */
export function quantity(raw: string): number | 'X' | null {
  const text = lower(raw).trim();
  if (/\s(?:to|or)\s|\d\s*-\s*\d|^\w+-\w+$/.test(text) && !/^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\w+$/.test(text)) {
    return 'X';
  }
  if (/^(?:a )?couple(?: of)?$/.test(text)) return 2;
  if (/^an? (?:hundred|thousand)/.test(text)) return parseNumber(text.replace(/^an? /, 'one '));
  if (text === 'a dozen') return 12;
  if (text === 'a half') return 0.5;
  if (/^(?:a few|few|several|some|many|a number of|numerous|dozens of|hundreds of)$/.test(text)) return 'X';
  return parseNumber(text);
}

function direction(ctx: ResolveContext, fallback: Direction): Direction {
  return directionFromTense(ctx.tense(), fallback);
}

/** Resolves month (+ day) without a year against the DCT. */
function monthDayValue(ctx: ResolveContext, month: number, day: number | null): string {
  const tense = ctx.tense();
  const dir: Direction = tense === 'FUTURE' ? 'future' : tense === 'PAST' ? 'past' : 'nearest';
  if (day === null) return formatMonth(pickYear(ctx.dct, dir, monthSpan(month)), month);
  const year = pickYear(ctx.dct, dir, daySpan(month, day));
  return formatDate({ year, month, day });
}

function validDay(year: number, month: number, day: number): boolean {
  return day >= 1 && day <= daysInMonth(year, month);
}

/** A named day of the week, resolved by the sentence's tense with a past default. */
function weekdayDate(ctx: ResolveContext, weekday: number): CalendarDate {
  return weekdayFrom(ctx.dct, weekday, direction(ctx, 'past'));
}

function withPart(day: CalendarDate, part: string | undefined): Resolution {
  if (!part) return { type: 'DATE', value: formatDate(day) };
  return { type: 'TIME', value: `${formatDate(day)}${partOfDayCode(part)}` };
}

const GRANULARITY: Record<string, Granularity> = {
  day: 'day', night: 'day', morning: 'day', afternoon: 'day', evening: 'day',
  week: 'week', weekend: 'weekend', month: 'month', quarter: 'quarter', year: 'year',
  decade: 'decade', century: 'century',
};

function granularityOf(unit: string): Granularity | null {
  const u = unit.toLowerCase().replace(/s$/, '').replace(/ies$/, 'y');
  if (u.startsWith('centur')) return 'century';
  return GRANULARITY[u] ?? null;
}

// ---- season arithmetic --------------------------------------------------------------------

const SEASON_ORDER = ['SP', 'SU', 'FA', 'WI'];
/** Seasons as a running index (year*4 + position); winter belongs to the year it starts in (December). */
function seasonIndexOf(d: CalendarDate): number {
  if (d.month <= 2) return (d.year - 1) * 4 + 3;
  if (d.month === 12) return d.year * 4 + 3;
  return d.year * 4 + Math.floor((d.month - 3) / 3);
}
const seasonValue = (index: number): string => `${formatYear(Math.floor(index / 4))}-${SEASON_ORDER[index % 4]}`;

/**
 * A season named relative to the DCT: "last summer" is the latest summer that has ended, "next winter" the first
 * one not yet begun, "this fall" the DCT year's; a bare "the summer" is the current one, else the tense decides.
 */
function seasonRelative(dct: CalendarDate, code: string, rel: string, tense: Direction): string {
  const current = seasonIndexOf(dct);
  const position = SEASON_ORDER.indexOf(code);
  const base = Math.floor(current / 4) * 4 + position;
  const lastOne = base < current ? base : base - 4;
  const nextOne = base > current ? base : base + 4;
  if (rel === 'last' || rel === 'this past' || rel === 'past') return seasonValue(lastOne);
  if (rel === 'next' || rel === 'this coming' || rel === 'coming') return seasonValue(nextOne);
  if (rel === 'this') return `${formatYear(dct.year)}-${code}`;
  if (base === current) return seasonValue(current);
  return seasonValue(tense === 'future' ? nextOne : lastOne);
}

// ---- fragments -----------------------------------------------------------------------------

const M = MONTH_SOURCE;
const D = DAY_OF_MONTH_SOURCE;
const Y = YEAR_SOURCE;
const WD = WEEKDAY_SOURCE;
const PART = PART_OF_DAY_SOURCE;
const SHORT_YEAR = "'\\d\\d(?![\\w'])";

/** Month names are capitalised in news; a lower-case "march" or "may" is a verb. */
const monthOk = (name: string | undefined): boolean => capitalised(name);

/** A lone month that is also an English word ("May", "March") needs a date-like word before it. */
const MONTH_CONTEXT =
  /(?:\b(?:in|since|by|until|till|through|from|to|during|early|late|mid|before|after|of|last|this|next|and|or|between|around|about|throughout|on|for|each|every|following|previous|past|coming|end|beginning|start|middle)|[-,])\s*$/;

// ---- the rules ---------------------------------------------------------------------------------

export const RULES: TimexRule[] = [
  // ===== absolute dates =====
  {
    id: 'date.month-day-year',
    pattern: rx(
      `${LEFT}(?:(?<wd>${WD}),?\\s+)?(?<month>${M})\\s*(?<day>${D})(?:(?:,\\s*|\\s+)(?<year>${Y}|${SHORT_YEAR}))?`,
    ),
    accept: (m) => monthOk(groups(m).month) && !/^\d+[.,]\d/.test(groups(m).day ?? ''),
    resolve: (m, ctx) => {
      const g = groups(m);
      const month = monthNumber(g.month!)!;
      const day = parseOrdinal(g.day!.replace(/\s+/g, ' '));
      if (day === null || day < 1 || day > 31) return null;
      const year = yearFrom(g.year, ctx.dct.year);
      if (year !== null) return validDay(year, month, day) ? { type: 'DATE', value: formatDate({ year, month, day }) } : null;
      if (g.wd) {
        // A weekday pins the year: take the nearest year where that day falls on it.
        const weekday = weekdayNumber(g.wd)!;
        for (const y of [ctx.dct.year, ctx.dct.year - 1, ctx.dct.year + 1]) {
          if (validDay(y, month, day) && isoWeekday({ year: y, month, day }) === weekday) return { type: 'DATE', value: formatDate({ year: y, month, day }) };
        }
      }
      return { type: 'DATE', value: monthDayValue(ctx, month, day) };
    },
  },
  {
    id: 'date.day-month-year',
    pattern: rx(`${LEFT}(?:(?<wd>${WD}),?\\s+)?(?:the\\s+)?(?<day>${D})(?:\\s+of)?\\s+(?<month>${M})(?:,?\\s+(?<year>${Y}))?`),
    accept: (m) => monthOk(groups(m).month),
    resolve: (m, ctx) => {
      const g = groups(m);
      const month = monthNumber(g.month!)!;
      const day = parseOrdinal(g.day!);
      if (day === null || day < 1 || day > 31) return null;
      const year = yearFrom(g.year, ctx.dct.year);
      if (year !== null) return validDay(year, month, day) ? { type: 'DATE', value: formatDate({ year, month, day }) } : null;
      return { type: 'DATE', value: monthDayValue(ctx, month, day) };
    },
  },
  {
    id: 'date.month-year',
    pattern: rx(`${LEFT}(?<month>${M}),?\\s+(?:of\\s+)?(?<year>${Y}|${SHORT_YEAR}|${YEAR_WORDS_SOURCE})`),
    accept: (m) => monthOk(groups(m).month),
    resolve: (m, ctx) => {
      const g = groups(m);
      const year = yearFrom(g.year, ctx.dct.year);
      return year === null ? null : { type: 'DATE', value: formatMonth(year, monthNumber(g.month!)!) };
    },
  },
  {
    id: 'date.month-relative-year',
    pattern: rx(`${LEFT}(?<month>${M})\\s+(?:of\\s+)?(?<rel>this|last|next|the\\s+previous|the\\s+following|that)\\s+year${RIGHT}`),
    accept: (m) => monthOk(groups(m).month),
    resolve: (m, ctx) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const base = rel === 'that' || rel.startsWith('the') ? ctx.reference.year : ctx.dct.year;
      const shift = rel === 'last' || rel === 'the previous' ? -1 : rel === 'next' || rel === 'the following' ? 1 : 0;
      return { type: 'DATE', value: formatMonth(base + shift, monthNumber(g.month!)!) };
    },
  },
  {
    id: 'date.iso',
    trigger: /\d{4}-\d\d-\d\d/,
    pattern: rx(`${LEFT}(?<year>\\d{4})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])(?:[T ](?<hour>[01]\\d|2[0-3]):(?<minute>[0-5]\\d))?(?![\\w])`),
    resolve: (m) => {
      const g = groups(m);
      const date = { year: Number(g.year), month: Number(g.month), day: Number(g.day) };
      if (!validDay(date.year, date.month, date.day)) return null;
      if (g.hour) return { type: 'TIME', value: `${formatDate(date)}T${g.hour}:${g.minute}` };
      return { type: 'DATE', value: formatDate(date) };
    },
  },
  {
    id: 'date.numeric',
    trigger: /\d\/\d/,
    pattern: rx(`${LEFT}(?<a>\\d{1,2})/(?<b>\\d{1,2})/(?<y>\\d{4}|\\d{2})${NUMBER_END}`),
    resolve: (m, ctx) => {
      const g = groups(m);
      let month = Number(g.a);
      let day = Number(g.b);
      if (month > 12 && day <= 12) [month, day] = [day, month]; // day/month/year
      const year = g.y!.length === 2 ? expandShortYear(Number(g.y), ctx.dct.year) : Number(g.y);
      if (month < 1 || month > 12 || !validDay(year, month, day)) return null;
      return { type: 'DATE', value: formatDate({ year, month, day }) };
    },
  },
  {
    id: 'date.year',
    trigger: /\d{4}|'\d\d|nineteen|thousand|twenty/i,
    pattern: rx(
      `${LEFT}(?:(?<prefix>(?:the\\s+)?(?:(?:fiscal|calendar|financial|model|school|tax)\\s+)?year|fiscal|calendar|FY)\\s+)?(?<year>${Y}|${SHORT_YEAR}|${YEAR_WORDS_SOURCE})(?!\\s*(?:percent|%|-\\d))`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const raw = g.year!;
      const prev = before(text, m.index, 25);
      if (/^\d{4}$/.test(raw)) {
        if (g.prefix) return true;
        const n = Number(raw);
        // Counted things ("1,500", "No. 1990", "2000 troops") are not years.
        if (/(?:\bno\.|#|\bnumber|\broute|\bflight|\bpage|\broom|\bbox|\bsuite|\bmodel|\bversion|\bpart|\bsection|\barticle|\brule|\bunits?|[\d,.])\s*$/.test(prev)) return false;
        if (/^\s*(?:[A-Z]?[a-z]+\s+)?(?:people|persons|troops|soldiers|men|women|children|workers|employees|shares|jobs|cars|homes|copies|tons|miles|acres|feet|meters|members|students|votes|points|units|barrels|dollars|yen|marks|pounds|francs|euros|kilometers)\b/i.test(after(m, text, 30))) return false;
        return n >= 1500 && n <= 2099;
      }
      if (raw.startsWith("'")) return !!g.prefix || /\b(?:in|since|of|by|until|from|to|through|the|class|during|before|after)\s*$/.test(prev);
      return true;
    },
    resolve: (m, ctx) => {
      const year = yearFrom(groups(m).year, ctx.dct.year);
      return year === null ? null : { type: 'DATE', value: formatYear(year) };
    },
  },
  {
    id: 'date.decade',
    trigger: /0s|ties|'\d0/i,
    pattern: rx(
      `${LEFT}(?<the>the\\s+)?(?:(?<mod>early|mid|late)[\\s-]+)?(?:(?<full>(?:1[0-9]|20)\\d0)'?s|'(?<short>\\d0)'?s|(?<bare>(?<=\\bthe\\s{1,10}(?:(?:early|mid|late)[\\s-]{1,10})?)[2-9]0)s|(?<words>(?:nineteen[\\s-]+|twenty[\\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)))${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      // "in his sixties" is an age; "the sixties" is a decade.
      if (g.words && !g.the && !/^(?:nineteen|twenty)/i.test(g.words)) return false;
      if ((g.words || g.bare) && /\b(?:his|her|their|its|my|your|our)\s*$/.test(before(text, m.index))) return false;
      // "temperatures in the 80s" are degrees.
      if (g.bare && /^\s+(?:degrees|percent|mph|range)\b/i.test(after(m, text, 10))) return false;
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      let decade: number;
      if (g.full) decade = Number(g.full) / 10;
      else if (g.short ?? g.bare) {
        const yy = Number(g.short ?? g.bare);
        decade = Math.floor(ctx.dct.year / 100) * 10 + yy / 10;
        if (decade * 10 > ctx.dct.year) decade -= 10;
      } else {
        const words = lower(g.words);
        const tens = ['twenties', 'thirties', 'forties', 'fifties', 'sixties', 'seventies', 'eighties', 'nineties'].findIndex((w) => words.endsWith(w)) + 2;
        const century = words.startsWith('twenty') ? 20 : words.startsWith('nineteen') ? 19 : Math.floor(ctx.dct.year / 100);
        decade = century * 10 + tens;
        if (decade * 10 > ctx.dct.year && !words.startsWith('twenty')) decade -= 10;
      }
      const mod = g.mod ? { early: 'START', mid: 'MID', late: 'END' }[lower(g.mod)] : undefined;
      return { type: 'DATE', value: String(decade).padStart(3, '0'), ...(mod ? { mod } : {}) };
    },
  },
  {
    id: 'date.century',
    trigger: /century/i,
    pattern: rx(`${LEFT}(?:the\\s+)?(?:(?<mod>early|mid|late)[\\s-]+)?(?<ord>\\d{1,2}(?:st|nd|rd|th)|(?:twenty|nineteen|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelf|eleven|ten)th|twenty[\\s-]first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)[\\s-]+century${RIGHT}`),
    resolve: (m) => {
      const g = groups(m);
      const n = parseOrdinal(lower(g.ord).replace(/-/g, ' '));
      if (n === null || n < 1 || n > 30) return null;
      const mod = g.mod ? { early: 'START', mid: 'MID', late: 'END' }[lower(g.mod)] : undefined;
      return { type: 'DATE', value: pad2(n - 1), ...(mod ? { mod } : {}) };
    },
  },

  // ===== seasons, quarters, halves, fiscal years =====
  {
    id: 'date.season',
    trigger: /spring|summer|fall|autumn|winter/i,
    pattern: rx(
      `${LEFT}(?:(?<rel>this\\s+past|this\\s+coming|the\\s+past|the\\s+coming|last|this|next|past|coming|the|that)\\s+)?(?:(?<mod>early|mid|late)[\\s-]+)?(?<season>${SEASON_SOURCE})(?:\\s+(?:of\\s+)?(?<year>${Y}|${SHORT_YEAR}|${YEAR_WORDS_SOURCE}))?${RIGHT}(?!-)`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const season = lower(g.season);
      const rel = lower(g.rel);
      if (g.year) return true;
      // "prices fall", "spring into action": the verb readings need a determiner to become seasons.
      if (season === 'fall' || season === 'spring') {
        if (!rel) return /\b(?:in|by|until|till|since|during|through|before|after|early|late|mid|and|or)\s*$/.test(before(text, m.index, 12)) && !/^\s+(?:of|in|to|from|by)\b/i.test(after(m, text, 6));
        if (rel === 'the' && /^\s+(?:of|in)\s+(?!19|20)/i.test(after(m, text, 12))) return false;
        return true;
      }
      if (rel === 'that' || rel === 'the') return true;
      return !/^\s*(?:camp|school|olympics|games|house|home|palace|job|resort|storm|weather|clothes|wheat|vacation|break|session)\b/i.test(after(m, text, 15)) || !!rel;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const code = seasonCode(g.season!);
      const mod = g.mod ? { early: 'START', mid: 'MID', late: 'END' }[lower(g.mod)] : undefined;
      const extra = mod ? { mod } : {};
      const year = yearFrom(g.year, ctx.dct.year);
      if (year !== null) return { type: 'DATE', value: `${formatYear(year)}-${code}`, ...extra };
      let rel = lower(g.rel);
      if (rel === 'the past') rel = 'last';
      if (rel === 'the coming') rel = 'next';
      if (rel === 'that') return { type: 'DATE', value: `${formatYear(ctx.reference.year)}-${code}`, ...extra };
      return { type: 'DATE', value: seasonRelative(ctx.dct, code, rel === 'the' ? '' : rel, direction(ctx, 'past')), ...extra };
    },
  },
  {
    id: 'date.quarter',
    trigger: /quarter/i,
    pattern: rx(
      `${LEFT}(?:(?<det>the)\\s+)?(?:(?<pre>${Y}|this\\s+year's|last\\s+year's|next\\s+year's|the\\s+year's)\\s+)?(?:(?<adj>fiscal|calendar|current|latest|comparable|year-ago|year-earlier|same|previous|preceding|prior|just-ended|recent|most\\s+recent|corresponding|recently\\s+ended|ended)[\\s-]+)?(?:(?<pre2>${Y})\\s+)?(?<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\\s-]+(?:fiscal[\\s-]+|calendar[\\s-]+)?(?:-)?quarters?(?:\\s+(?:of|in)\\s+(?:the\\s+)?(?:(?:fiscal|calendar)\\s+(?:year\\s+)?)?(?<post>${Y}|${SHORT_YEAR}|this\\s+year|last\\s+year|next\\s+year|the\\s+year|the\\s+current\\s+year))?(?:\\s+(?<ago>a\\s+year\\s+(?:ago|earlier|before)|last\\s+year|of\\s+last\\s+year))?${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      if (lower(g.ord) === 'last' && !g.post && !g.pre) return false; // "last quarter" is the relative rule's
      return !/^\s+of\s+(?:a|an|the|its|their|this|that)?\s*(?:century|mile|inch|point|percent|hour|way|\d)/i.test(after(m, text)) || !!g.post;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const ord = lower(g.ord);
      const quarter = ord === 'final' || ord === 'last' ? 4 : (parseOrdinal(ord) ?? 0);
      if (quarter < 1 || quarter > 4) return null;
      const adj = lower(g.adj);
      let year: number | null = null;
      const pre = lower(g.pre ?? g.pre2);
      const post = lower(g.post);
      if (/^\d{4}$/.test(pre)) year = Number(pre);
      else if (pre.startsWith('this')) year = ctx.dct.year;
      else if (pre.startsWith('last')) year = ctx.dct.year - 1;
      else if (pre.startsWith('next')) year = ctx.dct.year + 1;
      else if (pre.startsWith('the year')) year = ctx.reference.year;
      if (post) {
        if (post === 'this year' || post === 'the current year') year = ctx.dct.year;
        else if (post === 'last year') year = ctx.dct.year - 1;
        else if (post === 'next year') year = ctx.dct.year + 1;
        else if (post === 'the year') year = ctx.reference.year;
        else year = yearFrom(post, ctx.dct.year);
      }
      if (year === null) {
        year = ctx.dct.year;
        // The fourth quarter named in January is last year's, unless the sentence looks ahead.
        if (quarter > quarterOf(ctx.dct) && ctx.tense() !== 'FUTURE') year -= 1;
      }
      if (adj === 'year-ago' || adj === 'year-earlier' || g.ago) year -= 1;
      if (/s$/i.test(m[0]) && !g.post && !g.pre && !g.pre2) return { type: 'SET', value: `XXXX-Q${quarter}` };
      return { type: 'DATE', value: formatQuarter(year, quarter) };
    },
  },
  {
    id: 'date.quarter-code',
    trigger: /\b(?:Q[1-4]|H[12]|FY)/,
    // Business shorthand: "Q3 2017", "Q3'17", "3Q17", "H1 2018", "FY2017", "FY17".
    pattern: new RegExp(
      `${LEFT}(?:(?<q>Q[1-4]|[1-4]Q)|(?<h>H[12])|(?<fy>FY))(?:\\s*(?<year>\\d{4}|'\\d\\d|\\d\\d))?(?![\\w])`,
      'g',
    ),
    accept: (m) => !!groups(m).year || !groups(m).fy,
    resolve: (m, ctx) => {
      const g = groups(m);
      const rawYear = g.year?.replace("'", '');
      let year = rawYear === undefined ? null : rawYear.length === 4 ? Number(rawYear) : expandShortYear(Number(rawYear), ctx.dct.year);
      if (g.fy) return year === null ? null : { type: 'DATE', value: formatYear(year) };
      if (g.h) return { type: 'DATE', value: `${formatYear(year ?? ctx.dct.year)}-H${g.h[1]}` };
      const quarter = Number(g.q!.replace(/\D/g, ''));
      if (year === null) {
        year = ctx.dct.year;
        if (quarter > quarterOf(ctx.dct) && ctx.tense() !== 'FUTURE') year -= 1;
      }
      return { type: 'DATE', value: formatQuarter(year, quarter) };
    },
  },
  {
    id: 'date.quarter-relative',
    trigger: /quarter|period/i,
    pattern: rx(
      `${LEFT}(?:(?<det>the|its|their|this|that|last|next|a)\\s+)?(?:(?<adj>(?:fiscal|calendar|current|latest|comparable|year-ago|year-earlier|same|previous|preceding|prior|just-ended|just\\s+ended|recent|most\\s+recent|corresponding|past|coming|following|next|recently\\s+ended|year-before|first)[\\s-]+){0,3})(?<noun>quarter|period)(?:\\s+(?<ago>a\\s+year\\s+(?:ago|earlier|before)|last\\s+year|of\\s+last\\s+year|of\\s+the\\s+previous\\s+year|a\\s+year\\s+before))?${RIGHT}(?!-)`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const det = lower(g.det);
      const adj = lower(g.adj).trim();
      if (/^\s+(?:of|in)\s+(?:a|an|the|its|this|\d)/i.test(after(m, text)) && !/\bquarter\b/i.test(after(m, text, 20).slice(0, 8))) {
        // "the quarter of a century", "a quarter of the shares": fractions, not periods.
        if (lower(g.noun) === 'quarter') return false;
      }
      if (det === 'a' && !adj) return false;
      if (lower(g.noun) === 'period') {
        // Only the comparison periods of financial news ("the year-ago period", "the latest period").
        return /year-ago|year-earlier|latest|comparable|corresponding|same|year-before|previous|prior/.test(adj) || !!g.ago;
      }
      if (!det && !adj) return false;
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const det = lower(g.det);
      const adj = lower(g.adj).trim();
      const latest = latestCompletedQuarter(ctx.dct);
      const current = { year: ctx.dct.year, quarter: quarterOf(ctx.dct) };
      let q: { year: number; quarter: number };
      const yearAgo = /year-ago|year-earlier|year-before|comparable|corresponding|same/.test(adj) || !!g.ago;
      // "the quarter ended Sept. 30" names its own end.
      const ended = new RegExp(`^\\s*,?\\s+(?:that\\s+)?(?:ended|ending|ends|through)\\s+(?<month>${M})`, 'i').exec(ctx.text.slice(ctx.end, ctx.end + 30));
      if (ended && !yearAgo) {
        const month = monthNumber(ended.groups!.month!)!;
        const year = month <= ctx.dct.month ? ctx.dct.year : ctx.dct.year - 1;
        return { type: 'DATE', value: formatQuarter(year, Math.floor((month - 1) / 3) + 1) };
      }
      if (det === 'this' || /current/.test(adj)) q = current;
      else if (det === 'last' || /previous|preceding|prior/.test(adj)) q = shiftQuarter(current.year, current.quarter, -1);
      else if (det === 'next' || /coming|following|next/.test(adj)) q = shiftQuarter(current.year, current.quarter, 1);
      else if (/latest|just|recent/.test(adj)) q = latest;
      else q = ctx.referenceQuarter ?? latest;
      if (yearAgo) {
        q = { year: (ctx.referenceQuarter ?? latest).year - 1, quarter: (ctx.referenceQuarter ?? latest).quarter };
        return { type: 'DATE', value: formatQuarter(q.year, q.quarter), keepReference: true };
      }
      return { type: 'DATE', value: formatQuarter(q.year, q.quarter) };
    },
  },
  {
    id: 'date.year-period',
    trigger: /\d{4}\s+(?:period|quarter)/i,
    pattern: rx(`${LEFT}the\\s+(?<year>${Y})\\s+(?:period|quarter)${RIGHT}`),
    resolve: (m, ctx) => {
      const quarter = (ctx.referenceQuarter ?? latestCompletedQuarter(ctx.dct)).quarter;
      return { type: 'DATE', value: formatQuarter(Number(groups(m).year), quarter), keepReference: true };
    },
  },
  {
    id: 'date.half',
    trigger: /half/i,
    pattern: rx(
      `${LEFT}(?:the\\s+)?(?<ord>first|second|last|latter|final)\\s+half(?:\\s+of\\s+(?:(?<rel>this|last|next|the)\\s+year|(?:fiscal\\s+)?(?<year>${Y}))|(?![\\s-]+(?:of|hour|point|dozen|million|billion|percent|time|inning)))${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      // "the second half" of a match or a game is not a date; bare halves only in business prose.
      if (g.rel || g.year) return true;
      return /\b(?:results?|earnings|profits?|sales|revenue|growth|economy|year|quarter|fiscal|forecast|expects?|in|during|for)\b/i.test(before(text, m.index, 60));
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const half = lower(g.ord) === 'first' ? 1 : 2;
      const rel = lower(g.rel);
      const year = g.year ? Number(g.year) : rel === 'last' ? ctx.dct.year - 1 : rel === 'next' ? ctx.dct.year + 1 : ctx.dct.year;
      return { type: 'DATE', value: `${formatYear(year)}-H${half}` };
    },
  },
  {
    id: 'date.fiscal-year',
    trigger: /year/i,
    pattern: rx(
      `${LEFT}(?:(?<det>the|this|last|next|that)\\s+)?(?:(?<adj>current|latest|previous|past|coming|new|full|entire|whole|just-ended|prior|same|following)\\s+)?(?:(?<kind>fiscal|financial|calendar|tax|budget)\\s+)?year(?:\\s+(?<year>${Y}|${SHORT_YEAR}))?${RIGHT}(?!\\s+(?:ago|earlier|before|later|after|from\\s+now|old|olds)\\b)(?!-)`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const det = lower(g.det);
      if (g.year) return !!g.kind || det === 'the';
      if (!det) return false;
      // "the year" is the current (or report's) year; "that year" is the anaphoric rule's.
      if (det === 'that' && !g.kind) return false;
      if (det === 'this' || det === 'last' || det === 'next') return !!g.kind || !!g.adj;
      return /^\s*(?:[,.;:)'"]|\s(?:and|to|in|as|for|by|with|from|ended|ending|earlier|before|through|so|but|when|was|were|is|has|had|will|the|a|of\s+\d)\b)/i.test(after(m, text, 12)) || !!g.kind || !!g.adj;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const det = lower(g.det);
      const adj = lower(g.adj);
      if (g.year) return { type: 'DATE', value: formatYear(yearFrom(g.year, ctx.dct.year)!) };
      // "the year ended March 31" is a twelve-month period of accounts, not a calendar year.
      if (/^\s+(?:ended|ending|that\s+ended|that\s+ends|through|to)\b/i.test(ctx.text.slice(ctx.end, ctx.end + 20))) return { type: 'DURATION', value: 'P1Y' };
      // "the following year", "the previous year", "the same year" count from the last year mentioned.
      if (det === 'the' && /^(?:following|previous|prior|same)$/.test(adj)) {
        const shift = adj === 'following' ? 1 : adj === 'same' ? 0 : -1;
        return { type: 'DATE', value: formatYear(ctx.reference.year + shift) };
      }
      let year = ctx.dct.year;
      if (det === 'last' || /previous|past|prior/.test(adj)) year -= 1;
      else if (det === 'next' || /coming|following/.test(adj)) year += 1;
      else if (adj === 'latest' || adj === 'just-ended') year -= 1;
      else if (det === 'that' || adj === 'same') year = ctx.reference.year;
      return { type: 'DATE', value: formatYear(year) };
    },
  },
  {
    id: 'date.part-of-period',
    trigger: /\bof the (?:week|month|quarter|year|decade|century)/i,
    // "the end of the month", "the beginning of the week": the current period, with a mod.
    pattern: rx(`${LEFT}(?:the\\s+)?(?:very\\s+)?(?<pos>beginning|start|end|middle|close)\\s+of\\s+the\\s+(?<unit>week|month|quarter|year|decade|century)${RIGHT}`),
    resolve: (m, ctx) => {
      const g = groups(m);
      const mod = { beginning: 'START', start: 'START', middle: 'MID', end: 'END', close: 'END' }[lower(g.pos)];
      const unit = lower(g.unit);
      const granularity = GRANULARITY[unit]!;
      // Counted from the last date named when it is fine enough ("in March ... by the end of the month"), else from the DCT.
      const base = unit === 'month' || unit === 'week' ? (referenceAt(ctx.reference, granularity) ?? ctx.dct) : ctx.dct;
      return { type: 'DATE', value: shiftedValue(base, granularity, 0), ...(mod ? { mod } : {}) };
    },
  },
  {
    id: 'date.year-end',
    trigger: /year/i,
    pattern: rx(`${LEFT}(?:the\\s+)?(?:year[\\s-]end|year's\\s+end|end[\\s-]of[\\s-]year)${RIGHT}`),
    resolve: (_m, ctx) => ({ type: 'DATE', value: formatYear(ctx.dct.year), mod: 'END' }),
  },
  {
    id: 'date.year-ago-adjective',
    trigger: /year-/i,
    pattern: rx(`${LEFT}(?:year-ago|year-earlier|year-before)${RIGHT}`),
    resolve: (_m, ctx) => {
      if (ctx.referenceQuarter && ctx.reference.quarter !== undefined) {
        const q = shiftQuarter(ctx.referenceQuarter.year, ctx.referenceQuarter.quarter, -4);
        return { type: 'DATE', value: formatQuarter(q.year, q.quarter), keepReference: true };
      }
      // Without a quarter to compare, "year-ago" results are last year's (counted from the article, not from a year named earlier).
      return { type: 'DATE', value: formatYear(ctx.dct.year - 1), keepReference: true };
    },
  },

  // ===== relative to the DCT or to the last mentioned date =====
  {
    id: 'date.deictic-day',
    trigger: /yesterday|today|tomorrow|tonight/i,
    pattern: rx(`${LEFT}(?:the\\s+day\\s+(?<dir>before|after)\\s+)?(?<word>yesterday|today|tomorrow|tonight)(?:\\s+(?<part>${PART}))?${RIGHT}`),
    resolve: (m, ctx) => {
      const g = groups(m);
      const word = lower(g.word);
      let offset = word === 'yesterday' ? -1 : word === 'tomorrow' ? 1 : 0;
      if (g.dir) offset += lower(g.dir) === 'before' ? -1 : 1;
      const day = addDays(ctx.dct, offset);
      if (word === 'tonight') return { type: 'TIME', value: `${formatDate(day)}TNI` };
      return withPart(day, g.part);
    },
  },
  {
    id: 'date.relative-part-of-day',
    trigger: /morning|afternoon|evening|night/i,
    pattern: rx(`${LEFT}(?<rel>this|last|that|the\\s+next|the\\s+following|the\\s+previous|the\\s+same|the)\\s+(?<part>morning|afternoon|evening|night)${RIGHT}`),
    accept: (m, text) => {
      const rel = lower(groups(m).rel);
      if (rel !== 'the') return !/^\s+of\b/i.test(after(m, text, 5));
      // "the morning" only as an anaphoric time closing a phrase ("in the morning" is generic, "the night of Oct. 23" a frame).
      return !/\b(?:in|during|of|all|every|each)\s*$/.test(before(text, m.index, 12)) && /^\s*[.,;:!?)]/.test(after(m, text, 3));
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const code = partOfDayCode(g.part!);
      if (rel === 'this') return { type: 'TIME', value: `${formatDate(ctx.dct)}${code}` };
      if (rel === 'last') {
        // "last night" is the night before the article; "last evening" likewise.
        return { type: 'TIME', value: `${formatDate(addDays(ctx.dct, -1))}${code}` };
      }
      const base = ctx.referenceDay;
      const shift = rel === 'the next' || rel === 'the following' ? 1 : rel === 'the previous' ? -1 : 0;
      return { type: 'TIME', value: `${formatDate(addDays(base, shift))}${code}` };
    },
  },
  {
    id: 'date.relative-unit',
    trigger: /week|month|year|quarter|decade|century|day|weekend/i,
    pattern: rx(
      `${LEFT}(?:(?<the>the)\\s+)?(?<rel>this\\s+past|this\\s+coming|last|this|next|past|coming|previous|current|following|present|same|prior|preceding|upcoming|ensuing|that)\\s+(?<unit>week|weekend|month|year|decade|century|day)(?<orso>\\s+or\\s+so)?${RIGHT}(?!-)`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const unit = lower(g.unit);
      // Days only anaphorically: "the next day", "that day" ("the last day of the talks" is not yesterday).
      if (unit === 'day') return (!!g.the && /^(?:next|following|previous|preceding|prior|same)$/.test(rel)) || rel === 'that' || rel === 'same';
      // "the last year of his term", "the past year's": keep; "the next year or two" handled as vague.
      if (/^\s+or\s+(?:two|three)\b/i.test(after(m, text))) return false;
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const unit = lower(g.unit);
      const granularity = GRANULARITY[unit]!;
      const anaphoric = rel === 'that' || rel === 'same' || (!!g.the && /^(?:following|next|previous|preceding|prior|ensuing)$/.test(rel));
      if (anaphoric) {
        const base = referenceAt(ctx.reference, granularity) ?? ctx.dct;
        const shift = /following|next|ensuing/.test(rel) ? 1 : /previous|preceding|prior/.test(rel) ? -1 : 0;
        if (granularity === 'week' && shift === 0 && ctx.reference.day === undefined) return null;
        return { type: 'DATE', value: shiftedValue(base, granularity, shift) };
      }
      if (g.orso) {
        const shift = /^(?:last|past|previous|prior|preceding)$/.test(rel) ? -1 : /^(?:next|coming|following|upcoming)$/.test(rel) ? 1 : 0;
        return { type: 'DATE', value: shiftedValue(ctx.dct, granularity, shift), mod: 'APPROX' };
      }
      let shift = 0;
      if (/^(?:last|past|previous|this past|prior|preceding)$/.test(rel)) shift = -1;
      else if (/^(?:next|coming|following|this coming|upcoming|ensuing)$/.test(rel)) shift = 1;
      // Weekends go by ISO week: "last weekend" is the previous week's, "this weekend" the current week's.
      return { type: 'DATE', value: shiftedValue(ctx.dct, granularity, shift) };
    },
  },
  {
    id: 'date.relative-quarter',
    trigger: /quarter/i,
    pattern: rx(`${LEFT}(?<rel>last|this|next|the\\s+past|the\\s+last|the\\s+next|the\\s+coming|the\\s+current|the\\s+previous|the\\s+latest)\\s+quarter${RIGHT}(?!-|\\s+of\\b)`),
    resolve: (m, ctx) => {
      const rel = lower(groups(m).rel).replace(/^the /, '');
      const current = { year: ctx.dct.year, quarter: quarterOf(ctx.dct) };
      const shift = /last|past|previous|latest/.test(rel) ? -1 : /next|coming/.test(rel) ? 1 : 0;
      const q = shiftQuarter(current.year, current.quarter, shift);
      return { type: 'DATE', value: formatQuarter(q.year, q.quarter) };
    },
  },
  {
    id: 'date.the-weekend',
    trigger: /weekend/i,
    pattern: rx(`${LEFT}the\\s+weekend${RIGHT}`),
    resolve: (_m, ctx) => {
      const dow = isoWeekday(ctx.dct);
      const dir = direction(ctx, 'past');
      // From Saturday or Sunday "the weekend" is this one; otherwise the last or the next by tense.
      if (dow >= 6) return { type: 'DATE', value: shiftedValue(ctx.dct, 'weekend', 0) };
      return { type: 'DATE', value: shiftedValue(ctx.dct, 'weekend', dir === 'future' ? 0 : -1) };
    },
  },
  {
    id: 'date.relative-weekday',
    trigger: /day/i,
    pattern: rx(
      `${LEFT}(?<rel>last|this|next|this\\s+past|this\\s+coming|coming|past|the\\s+previous|the\\s+following|the\\s+next|the\\s+preceding|that)\\s+(?<wd>${WD})(?:\\s+(?<part>${PART}))?${RIGHT}`,
    ),
    accept: (m) => capitalised(groups(m).wd),
    resolve: (m, ctx) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const weekday = weekdayNumber(g.wd!)!;
      let day: CalendarDate;
      if (rel === 'last' || rel === 'this past' || rel === 'past') day = weekdayFrom(ctx.dct, weekday, 'past', false);
      else if (rel === 'next' || rel === 'this coming' || rel === 'coming') day = weekdayFrom(ctx.dct, weekday, 'future', false);
      else if (rel === 'this') day = weekdayInWeekOf(ctx.dct, weekday);
      else if (rel === 'the previous' || rel === 'the preceding') day = weekdayFrom(ctx.referenceDay, weekday, 'past', false);
      else if (rel === 'that') day = weekdayFrom(ctx.referenceDay, weekday, 'nearest');
      else day = weekdayFrom(ctx.referenceDay, weekday, 'future', false);
      return withPart(day, g.part);
    },
  },
  {
    id: 'date.relative-month',
    // "last Oct. 23" is a day (the month-day rule's), not a month.
    pattern: rx(`${LEFT}(?<rel>last|this|next|this\\s+past|this\\s+coming|coming|past)\\s+(?<month>${M})${RIGHT}(?!\\.?\\s*\\d)`),
    accept: (m) => monthOk(groups(m).month) && !/\.$/.test(groups(m).month!) || /^(?:jan|feb|aug|sept?|oct|nov|dec)\./i.test(groups(m).month ?? ''),
    resolve: (m, ctx) => {
      const g = groups(m);
      const rel = lower(g.rel);
      const month = monthNumber(g.month!)!;
      let year = ctx.dct.year;
      if (rel === 'last' || rel === 'this past' || rel === 'past') year = month < ctx.dct.month ? ctx.dct.year : ctx.dct.year - 1;
      else if (rel === 'next' || rel === 'this coming' || rel === 'coming') year = month > ctx.dct.month ? ctx.dct.year : ctx.dct.year + 1;
      return { type: 'DATE', value: formatMonth(year, month) };
    },
  },
  {
    id: 'date.ago',
    trigger: /ago|earlier|later|before|after|from now|hence|back|previously/i,
    pattern: rx(
      `${LEFT}(?<qty>${QUANTITY_SOURCE})(?:\\s+(?:more|full|long))?[\\s-]+(?<unit>${UNIT_SOURCE})(?<orso>\\s+or\\s+so)?\\s+(?<dir>ago|earlier|later|before|after|afterwards?|from\\s+now|hence|back|previously)${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const dir = lower(g.dir);
      if (dir === 'before' || dir === 'after') {
        // "two days before the vote": TimeML tags the duration and leaves "before" as a signal.
        return /^\s*(?:[.,;:!?)"'\u2019\u201d]|$|(?:and|but|when|that|he|she|they|it|the\s+company)\b)/i.test(after(m, text, 20));
      }
      if (dir === 'back') return /^\s*(?:[.,;:!?)]|$)/.test(after(m, text, 5));
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const amount = quantity(g.qty!);
      const unit = lower(g.unit);
      const dir = lower(g.dir);
      const fromDct = /ago|from now|hence|back/.test(dir);
      const forward = /later|after|from now|hence/.test(dir);
      const mod = g.orso ? { mod: 'APPROX' } : {};
      if (amount === null) return null;
      const info = unitInfo(unit);
      if (!info) return null;
      if (amount === 'X') return { type: 'DATE', value: forward ? 'FUTURE_REF' : 'PAST_REF', ...mod };
      if (info.time) {
        // Hours and minutes: a time relative to the reference day is rarely recoverable; keep it as a duration.
        return { type: 'DURATION', value: durationValue(amount, info) };
      }
      const granularity = granularityOf(unit);
      if (!granularity) return null;
      const sign = forward ? 1 : -1;
      let units = amount;
      let gran: Granularity = granularity;
      if (granularity === 'decade') {
        gran = 'year';
        units = amount * 10;
      } else if (granularity === 'century') {
        gran = 'year';
        units = amount * 100;
      } else if (granularity === 'weekend') gran = 'week';
      if (!Number.isInteger(units)) {
        // "a year and a half ago" and the like: fall back to the month.
        if (gran === 'year') {
          gran = 'month';
          units = Math.round(units * 12);
        } else units = Math.round(units);
      }
      // "a year ago" after "the third quarter" compares quarters: the same quarter a year before.
      if (gran === 'year' && ctx.referenceQuarter && ctx.reference.quarter !== undefined) {
        const q = shiftQuarter(ctx.referenceQuarter.year, ctx.referenceQuarter.quarter, sign * units * 4);
        return { type: 'DATE', value: formatQuarter(q.year, q.quarter), keepReference: true, ...mod };
      }
      let base: CalendarDate;
      if (fromDct) base = ctx.dct;
      else base = referenceAt(ctx.reference, gran) ?? (gran === 'year' ? { year: ctx.reference.year, month: 1, day: 1 } : ctx.dct);
      if (gran === 'quarter' && !fromDct && ctx.referenceQuarter) {
        const q = shiftQuarter(ctx.referenceQuarter.year, ctx.referenceQuarter.quarter, sign * units);
        return { type: 'DATE', value: formatQuarter(q.year, q.quarter), ...mod };
      }
      return { type: 'DATE', value: shiftedValue(base, gran, sign * units), keepReference: gran === 'year', ...mod };
    },
  },
  {
    id: 'date.vague-ago',
    trigger: /ago/i,
    pattern: rx(`${LEFT}(?:(?:many|several|some|a\\s+few|few)\\s+)?(?:minutes|hours|days|weeks|months|years|decades|centuries|moments|ages)\\s+ago${RIGHT}`),
    resolve: () => ({ type: 'DATE', value: 'PAST_REF' }),
  },
  {
    id: 'date.anaphoric',
    trigger: /that|same|day|night/i,
    pattern: rx(
      `${LEFT}(?:(?<adv>earlier|later)\\s+)?(?:(?<that>that|the\\s+same)\\s+(?<unit>day|week|month|year|morning|afternoon|evening|night|weekend)|the\\s+(?<unit2>day|night|morning|evening)\\s+(?<dir>before|after))${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      if (g.dir) return /^\s*(?:[.,;:!?)"']|$)/.test(after(m, text, 5));
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const unit = lower(g.unit ?? g.unit2);
      const adv = lower(g.adv);
      const mod = adv === 'earlier' ? { mod: 'START' } : adv === 'later' ? { mod: 'END' } : {};
      if (g.dir) {
        const day = addDays(ctx.referenceDay, lower(g.dir) === 'before' ? -1 : 1);
        return unit === 'day' ? { type: 'DATE', value: formatDate(day) } : { type: 'TIME', value: `${formatDate(day)}${partOfDayCode(unit)}` };
      }
      if (/morning|afternoon|evening|night/.test(unit)) return { type: 'TIME', value: `${formatDate(ctx.referenceDay)}${partOfDayCode(unit)}`, ...mod };
      const granularity = GRANULARITY[unit]!;
      const base = referenceAt(ctx.reference, granularity);
      if (!base) {
        if (granularity === 'year') return { type: 'DATE', value: formatYear(ctx.reference.year), ...mod };
        return { type: 'DATE', value: shiftedValue(ctx.referenceDay, granularity, 0), ...mod };
      }
      return { type: 'DATE', value: shiftedValue(base, granularity, 0), ...mod };
    },
  },

  // ===== named days, months, holidays =====
  {
    id: 'date.weekday',
    trigger: /day/i,
    pattern: rx(`${LEFT}(?<wd>${WD})(?:\\s+(?<part>${PART}|mornings|afternoons|evenings|nights))?${RIGHT}`),
    accept: (m) => capitalised(groups(m).wd),
    resolve: (m, ctx) => {
      const g = groups(m);
      const weekday = weekdayNumber(g.wd!)!;
      if (g.part && /s$/i.test(g.part)) return { type: 'SET', value: `XXXX-WXX-${weekday}${partOfDayCode(g.part.slice(0, -1))}` };
      return withPart(weekdayDate(ctx, weekday), g.part);
    },
  },
  {
    id: 'set.weekday-plural',
    trigger: /days/i,
    pattern: rx(`${LEFT}(?<wd>${WEEKDAYS_PLURAL_SOURCE})(?:\\s+(?<part>${PART}))?${RIGHT}`),
    accept: (m) => capitalised(groups(m).wd),
    resolve: (m) => {
      const g = groups(m);
      const code = g.part ? partOfDayCode(g.part) : '';
      return { type: 'SET', value: `XXXX-WXX-${weekdayNumber(g.wd!)}${code}` };
    },
  },
  {
    id: 'date.month',
    pattern: rx(`${LEFT}(?<month>january|february|march|april|may|june|july|august|september|october|november|december|sept\\.|jan\\.|feb\\.|aug\\.|oct\\.|nov\\.|dec\\.)${RIGHT}`),
    accept: (m, text) => {
      const name = groups(m).month!;
      if (!capitalised(name)) return false;
      const prev = before(text, m.index, 20);
      if (AMBIGUOUS_MONTHS.has(name.toLowerCase())) return MONTH_CONTEXT.test(prev) && !/^\s+(?:be|have|not|also|still|well|never|ask)\b/i.test(after(m, text, 8));
      // "April Fools", a name like "June Carter": a capitalised word right after is a name.
      if (/^\s+[A-Z][a-z]/.test(after(m, text, 4)) && !/^\s+(?:and|or)\b/i.test(after(m, text, 5))) return false;
      return true;
    },
    resolve: (m, ctx) => ({ type: 'DATE', value: monthDayValue(ctx, monthNumber(groups(m).month!)!, null) }),
  },
  {
    id: 'date.holiday',
    pattern: rx(
      `${LEFT}(?:(?<rel>last|this|next|this\\s+past|this\\s+coming|the\\s+coming|the\\s+last)\\s+)?(?<name>${HOLIDAY_SOURCE})(?:\\s+(?<suffix>weekend|week|holidays?|season|period|eve|morning|afternoon|evening|night))?(?:,?\\s+(?<year>${Y})|\\s+of\\s+(?<year2>${Y}))?${RIGHT}`,
    ),
    accept: (m) => {
      const name = groups(m).name!;
      return /^(?:the\s+)?[A-Z]/.test(name) || /^[A-Z]/.test(m[0]);
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      const name = g.name!;
      const rel = lower(g.rel);
      const explicit = g.year ?? g.year2;
      const dateIn = (year: number): CalendarDate => holidayDate(name, year)!;
      if (!holidayDate(name, ctx.dct.year)) return null;
      let year: number;
      if (explicit) year = Number(explicit);
      else if (rel === 'last' || rel === 'this past' || rel === 'the last') year = pickYear(addDays(ctx.dct, -1), 'past', (y) => [dateIn(y), dateIn(y)], true);
      else if (rel === 'next' || rel === 'this coming' || rel === 'the coming') year = pickYear(addDays(ctx.dct, 1), 'future', (y) => [dateIn(y), dateIn(y)], true);
      else if (rel === 'this') year = ctx.dct.year;
      else {
        // A holiday weekend takes in the days around the holiday, so "over Easter weekend" two days later still means that one.
        const dir = direction(ctx, 'nearest');
        year = pickYear(ctx.dct, dir, (y) => [addDays(dateIn(y), -2), addDays(dateIn(y), 1)]);
      }
      let day = dateIn(year);
      const suffix = lower(g.suffix);
      if (suffix === 'eve' && !/eve$/i.test(name)) day = addDays(day, -1);
      if (suffix === 'week') return { type: 'DATE', value: formatWeek(day) };
      if (/morning|afternoon|evening|night/.test(suffix)) return { type: 'TIME', value: `${formatDate(day)}${partOfDayCode(suffix)}` };
      return { type: 'DATE', value: formatDate(day) };
    },
  },

  // ===== clock times =====
  {
    id: 'time.clock',
    trigger: /\d\s*(?:a\.?\s?m|p\.?\s?m|o'clock)|\d:\d\d/i,
    pattern: rx(
      `${LEFT}(?<hour>[01]?\\d|2[0-3])(?:[:.](?<minute>[0-5]\\d))?\\s*(?<ampm>a\\.\\s?m\\.?|p\\.\\s?m\\.?|am|pm|o'clock|GMT|UTC)(?![\\w])(?:\\s+(?<tz>${TIME_ZONE_SOURCE})(?![\\w]))?(?:,?\\s+(?<day>today|tonight|yesterday|tomorrow|(?<wd>${WD})(?:,?\\s+(?<month>${M})\\s*(?<dom>${D}))?|(?<month2>${M})\\s*(?<dom2>${D})(?:,?\\s+(?<year>${Y}))?))?`,
    ),
    accept: (m) => {
      const g = groups(m);
      const ampm = lower(g.ampm);
      if ((ampm === 'gmt' || ampm === 'utc') && !g.minute) return false;
      if (g.wd && !capitalised(g.wd)) return false;
      return true;
    },
    resolve: (m, ctx) => {
      const g = groups(m);
      let hour = Number(g.hour);
      const minute = g.minute ? Number(g.minute) : 0;
      const ampm = lower(g.ampm).replace(/[.\s]/g, '');
      if (ampm === 'pm' && hour < 12) hour += 12;
      if (ampm === 'am' && hour === 12) hour = 0;
      if (hour > 23) return null;
      const day = clockDay(g, ctx);
      if (!day) return null;
      return { type: 'TIME', value: `${formatDate(day)}T${pad2(hour)}:${pad2(minute)}` };
    },
  },
  {
    id: 'time.named',
    trigger: /noon|midnight|midday/i,
    pattern: rx(
      `${LEFT}(?<word>noon|midnight|midday)(?:\\s+(?<tz>${TIME_ZONE_SOURCE})(?![\\w]))?(?:,?\\s+(?<day>today|tonight|yesterday|tomorrow|(?<wd>${WD})(?:,?\\s+(?<month>${M})\\s*(?<dom>${D}))?|(?<month2>${M})\\s*(?<dom2>${D})(?:,?\\s+(?<year>${Y}))?))?${RIGHT}`,
    ),
    // "high noon" is an idiom (and a film).
    accept: (m, text) => (!groups(m).wd || capitalised(groups(m).wd)) && !/\bhigh\s+$/i.test(before(text, m.index, 6)),
    resolve: (m, ctx) => {
      const g = groups(m);
      const day = clockDay(g, ctx);
      if (!day) return null;
      const time = lower(g.word) === 'midnight' ? '24:00' : '12:00';
      return { type: 'TIME', value: `${formatDate(day)}T${time}` };
    },
  },
  {
    id: 'time.in-the-part',
    trigger: /in the (?:morning|afternoon|evening)/i,
    pattern: rx(`${LEFT}(?<hour>[01]?\\d|${NUMBER_WORDS_SOURCE})(?::(?<minute>[0-5]\\d))?(?:\\s+o'clock)?\\s+in\\s+the\\s+(?<part>morning|afternoon|evening)${RIGHT}`),
    resolve: (m, ctx) => {
      const g = groups(m);
      let hour = parseNumber(g.hour!);
      if (hour === null || hour < 1 || hour > 12) return null;
      const part = lower(g.part);
      if (part !== 'morning' && hour < 12) hour += 12;
      return { type: 'TIME', value: `${formatDate(ctx.referenceDay)}T${pad2(hour)}:${pad2(g.minute ? Number(g.minute) : 0)}` };
    },
  },

  // ===== durations =====
  {
    id: 'duration.count',
    pattern: rx(
      `${LEFT}(?:(?<det>the|these|those)\\s+)?(?:(?<dir>past|(?<!\\b(?:will|would|could|can|may|might|should|must|to|did|does|do|not|n't)\\s+)last|next|first|coming|previous|following|latest|final|remaining|initial|prior|ensuing|preceding|succeeding|other|same|full|entire|whole|better\\s+part\\s+of\\s+(?:the|a))\\s+)?(?<qty>${QUANTITY_SOURCE})(?:\\s+(?<extra>more|additional|full|straight|consecutive|trading|business|calendar|working|long|short|extra|whole|entire|solid|successive|separate|different|subsequent|further|odd|or\\s+more|or\\s+so))?[\\s-]+(?<unit>${UNIT_SOURCE})(?<suffix>-long|-old|(?:\\s+or\\s+so)|(?:\\s+or\\s+more)|(?:\\s+or\\s+less))?${RIGHT}`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const qty = lower(g.qty);
      const unit = lower(g.unit);
      const next = after(m, text, 20);
      // ("last" after a modal is the verb: "would last three years" keeps only "three years"; see the pattern.)
      // "a second term", "the second", "one second": ordinal and fraction readings.
      if (/^seconds?$/.test(unit) && !/^\d|^(?:two|three|four|five|ten|twenty|thirty|several|few|a few)/.test(qty)) return false;
      if (/^quarters?$/.test(unit) && (/^an?$/.test(qty) || /^\s+of\b/i.test(next))) return false;
      // "the first day of the month" names a day, not a duration.
      if (/^(?:day|night)s?$/.test(unit) && /^\s+of\s+(?:the\s+)?(?:week|month|year)\b/i.test(next)) return false;
      if (/^(?:some|many)$/.test(qty) && /^(?:time|day|night|weekend)s?$/.test(unit)) return false;
      if (/^an?$/.test(qty) && g.det) return false;
      if (/^an?$/.test(qty) && /\b(?:once|twice|thrice|times|per|every|each)\s*$/.test(before(text, m.index, 12))) return false;
      if (/^an?$/.test(qty) && /^(?:day|night|week|weekend)$/.test(unit) && /^\s*(?:'s|’s)/.test(next)) return false;
      // Money rates ("$5 a year") are sets, handled elsewhere.
      if (/^an?$/.test(qty) && /(?:\d|%|percent|dollars?|cents?|\bpounds?|\byen)\s*$/.test(before(text, m.index, 12))) return false;
      // "the first day", "one day" as in "someday": keep only numbers with units, not ordinal-like phrases.
      // Ages ("a 6-year-old", "52 years old") describe people, not times; news annotation leaves them out.
      if (g.suffix === '-old' || /^[\s-]+old\b/i.test(next)) return false;
      return true;
    },
    resolve: (m) => {
      const g = groups(m);
      const amount = quantity(g.qty!);
      const info = unitInfo(g.unit!);
      if (amount === null || !info) return null;
      if (amount !== 'X' && amount <= 0) return null;
      const suffix = lower(g.suffix ?? g.extra);
      const mod = /or so/.test(suffix) ? 'APPROX' : /or more/.test(suffix) ? 'EQUAL_OR_MORE' : /or less/.test(suffix) ? 'EQUAL_OR_LESS' : undefined;
      return { type: 'DURATION', value: durationValue(amount, info), ...(mod ? { mod } : {}) };
    },
  },
  {
    id: 'duration.and-a-half',
    trigger: /half/i,
    pattern: rx(
      `${LEFT}(?:(?<qty>${QUANTITY_SOURCE})[\\s-]+(?<unit>${UNIT_SOURCE})[\\s-]+and[\\s-]+a[\\s-]+half|(?<qty4>${QUANTITY_SOURCE})\\s+and\\s+a\\s+half[\\s-]+(?<unit4>${UNIT_SOURCE})|(?:a|one)[\\s-]+half[\\s-]+(?:an?\\s+)?(?<unit2>hour|day|year|century|decade|minute|month|week)|half[\\s-]+(?:an?\\s+)?(?<unit3>hour|day|year|century|decade|minute|month|week))${RIGHT}`,
    ),
    accept: (m, text) => !/^\s+of\b/i.test(after(m, text, 6)) || !!groups(m).qty,
    resolve: (m) => {
      const g = groups(m);
      const info = unitInfo(g.unit ?? g.unit2 ?? g.unit3 ?? g.unit4!);
      if (!info) return null;
      const count = g.qty ?? g.qty4;
      const whole = count ? quantity(count) : 0;
      if (whole === null || whole === 'X') return null;
      return { type: 'DURATION', value: durationValue(whole + 0.5, info) };
    },
  },
  {
    id: 'duration.vague-plural',
    trigger: /s\b/i,
    pattern: rx(
      // A bare "the" stays outside ("in [the] weeks before the vote"); "the past", "the coming" ... belong inside.
      `${LEFT}(?:(?<=\\bthe\\s{1,10})|(?<det>recent|coming|past|these|those|the\\s+past|the\\s+last|the\\s+next|the\\s+coming|the\\s+early|the\\s+first|the\\s+final|the\\s+last\\s+few|the\\s+past\\s+few)\\s+)?(?<unit>minutes|hours|days|weeks|months|years|decades|centuries|quarters)(?:\\s+(?<and>and|or)\\s+(?<unit2>days|weeks|months|years|decades))?${RIGHT}(?!-)`,
    ),
    accept: (m, text) => {
      const g = groups(m);
      const det = lower(g.det);
      const prev = before(text, m.index, 14);
      const next = after(m, text, 16);
      if (/^\s+(?:ago|earlier|later|old|of\s+(?:age|experience|service|the|his|her|their|its|a|an))\b/i.test(next) && !det) return false;
      if (/^\s+old\b/i.test(next)) return false;
      if (det) return true;
      // A bare plural is a duration after words that take one: "for years", "in months", "within weeks".
      return /\b(?:for|in|over|within|after|took|take|takes|taken|spent|spend|lasted|last|lasting|lasts|than|about|nearly|almost|only|just|and|or|into|before)(?:\s+the)?\s*$/.test(prev) || /^\s*-\s*long/.test(next);
    },
    resolve: (m) => {
      const g = groups(m);
      const det = lower(g.det);
      const info = unitInfo(g.unit!);
      if (!info) return null;
      // "these days" is now; "recent years" stays a vague duration (PXY), as news annotation has it.
      if (det === 'these') return { type: 'DATE', value: 'PRESENT_REF' };
      if (det === 'coming') return { type: 'DATE', value: 'FUTURE_REF' };
      return { type: 'DURATION', value: durationValue('X', info) };
    },
  },

  // ===== present, past, future references =====
  {
    id: 'ref.present',
    trigger: /now|current|present|these days|moment|this time/i,
    pattern: rx(
      `${LEFT}(?:(?<word>right\\s+now|just\\s+now|now|currently|nowadays|presently|(?<=\\bat\\s{1,10})present|the\\s+present(?:\\s+time|\\s+day)?|these\\s+days|at\\s+the\\s+moment|(?<=\\bat\\s{1,10})this\\s+time|(?<=\\bfor\\s{1,10})the\\s+time\\s+being|current))${RIGHT}(?!-)`,
    ),
    accept: (m, text) => {
      const word = lower(groups(m).word);
      const next = after(m, text, 20);
      if (word === 'now' && /^\s*-/.test(next)) return false;
      if (word === 'current') {
        // "current" as an adjective of a period or state ("current chairman"), not "current account".
        if (/^\s+(?:account|accounts|affairs|events|assets|liabilities|flow|flows|density|carrying|rate|rates|price|prices|value|dollars|terms|issue|of|and|levels?|yield)\b/i.test(next)) return false;
        if (/^\s+(?:quarter|period|year|fiscal|month|week)\b/i.test(next)) return false;
      }
      return true;
    },
    resolve: () => ({ type: 'DATE', value: 'PRESENT_REF' }),
  },
  {
    id: 'ref.past',
    trigger: /recent|past|formerly|lately/i,
    pattern: rx(`${LEFT}(?<word>recently|lately|the\\s+past|the\\s+recent\\s+past|formerly|more\\s+recently|until\\s+recently|recent\\s+(?:times|history))${RIGHT}(?!-)`),
    accept: (m, text) => {
      const word = lower(groups(m).word);
      if (word === 'the past') return !/^\s+(?:\d|few|several|two|three|four|five|six|seven|eight|nine|ten|year|month|week|decade|century|president|chairman|record|performance)/i.test(after(m, text, 20));
      return true;
    },
    resolve: (m) => {
      const word = lower(groups(m).word);
      return { type: 'DATE', value: word === 'until recently' ? 'PAST_REF' : 'PAST_REF' };
    },
  },
  {
    id: 'ref.future',
    trigger: /future|term|ahead|coming/i,
    pattern: rx(
      `${LEFT}(?<word>the\\s+(?:near\\s+|distant\\s+|foreseeable\\s+|immediate\\s+)?future|(?<=\\bin\\s{1,10})future|(?:the\\s+)?(?:near|short|long|medium|longer|shorter)\\s+term|the\\s+(?:days|weeks|months|years|decades)\\s+ahead|the\\s+coming\\s+(?:days|weeks|months|years|decades))${RIGHT}(?!-)`,
    ),
    resolve: () => ({ type: 'DATE', value: 'FUTURE_REF' }),
  },

  // ===== sets =====
  {
    id: 'set.adverb',
    trigger: /ly\b/i,
    pattern: rx(`${LEFT}(?<word>daily|weekly|monthly|yearly|annually|hourly|nightly|biweekly|bimonthly|semiannually|semi-annually|biannually|quarterly)${RIGHT}(?!-)`),
    accept: (m, text) => {
      const word = lower(groups(m).word);
      if (word === 'daily' || word === 'annually' || word === 'semiannually' || word === 'semi-annually' || word === 'biannually' || word === 'hourly') return true;
      // Adjectives in front of a noun ("quarterly dividend", "weekly magazine") are not tagged; adverbs are.
      return !/^\s+[a-z]/.test(after(m, text, 3)) || /^\s+(?:and|or|to|in|on|at|for|by|from|basis|since|until|through|rather|instead|as|but|over|with|the|a|an|after|before)\b/.test(after(m, text, 10));
    },
    resolve: (m) => {
      const word = lower(groups(m).word);
      const values: Record<string, string> = {
        daily: 'P1D', weekly: 'P1W', monthly: 'P1M', yearly: 'P1Y', annually: 'P1Y', hourly: 'PT1H', nightly: 'P1D',
        biweekly: 'P2W', bimonthly: 'P2M', semiannually: 'P6M', 'semi-annually': 'P6M', biannually: 'P6M', quarterly: 'P3M',
      };
      return { type: 'SET', value: values[word]! };
    },
  },
  {
    id: 'set.every',
    trigger: /every|each|per\b/i,
    pattern: rx(
      `${LEFT}(?<q>every|each|per)\\s+(?:(?<other>other|single)\\s+)?(?:(?<n>\\d+|${NUMBER_WORDS_SOURCE}|few|couple\\s+of)\\s+)?(?<what>${UNIT_SOURCE}|${WD}|${M}|${SEASON_SOURCE}|morning|afternoon|evening|night|weekday|weekend)${RIGHT}(?!\\s+of\\b)`,
    ),
    // Weekday and month names are capitalised ("every may" is not a date).
    accept: (m) => {
      const what = groups(m).what!;
      const isName = new RegExp(`^(?:${WD}|${M})$`, 'i').test(what) && unitInfo(what) === null;
      return !isName || capitalised(what);
    },
    resolve: (m) => {
      const g = groups(m);
      const what = lower(g.what);
      const quant = lower(g.q) === 'each' ? 'EACH' : 'EVERY';
      const n = lower(g.other) === 'other' ? 2 : g.n ? quantity(g.n) : 1;
      if (n === null) return null;
      if (new RegExp(`^${WD}$`).test(what)) return { type: 'SET', value: `XXXX-WXX-${weekdayNumber(what)}`, quant };
      if (/^(?:morning|afternoon|evening|night)$/.test(what)) return { type: 'SET', value: `XXXX-XX-XX${partOfDayCode(what)}`, quant };
      if (what === 'weekend') return { type: 'SET', value: 'XXXX-WXX-WE', quant };
      if (what === 'weekday') return { type: 'SET', value: 'XXXX-WXX-WD', quant };
      if (new RegExp(`^${SEASON_SOURCE}$`).test(what)) return { type: 'SET', value: `XXXX-${seasonCode(what)}`, quant };
      const info = unitInfo(what);
      if (info) return { type: 'SET', value: durationValue(n, info), quant };
      const month = monthNumber(what);
      return month === null ? null : { type: 'SET', value: `XXXX-${pad2(month)}`, quant };
    },
  },
  {
    id: 'set.frequency',
    trigger: /once|twice|thrice|times/i,
    pattern: rx(
      `${LEFT}(?<freq>once|twice|thrice|(?:\\d+|${NUMBER_WORDS_SOURCE}|several|many)\\s+times)\\s+(?:a|an|per|each|every)\\s+(?<unit>second|minute|hour|day|night|week|month|quarter|year|decade)${RIGHT}`,
    ),
    resolve: (m) => {
      const g = groups(m);
      const info = unitInfo(g.unit!)!;
      const f = lower(g.freq);
      const count = f === 'once' ? 1 : f === 'twice' ? 2 : f === 'thrice' ? 3 : quantity(f.replace(/\s+times$/, ''));
      return { type: 'SET', value: durationValue(1, info), freq: `${count === 'X' || count === null ? 'X' : count}X` };
    },
  },
  {
    id: 'set.rate',
    trigger: /\b(?:a|an|per)\s+(?:year|month|week|day|hour|quarter)/i,
    // The amount is looked for behind the word, not at every position: behind every position of a long run of
    // spaces, it made the scan quadratic in the run's length.
    pattern: rx(`(?<=\\s)(?:a|an|per)(?<=(?:\\d|%|percent|dollars?|cents?|\\bpounds?|\\byen|\\beuros?|\\bfrancs?|\\bmarks)\\s{1,10}(?:a|an|per))\\s+(?<unit>year|month|week|day|hour|quarter)${RIGHT}`),
    resolve: (m) => ({ type: 'SET', value: durationValue(1, unitInfo(groups(m).unit!)!) }),
  },
];

/** The day a clock time belongs to: an attached day ("5 p.m. Tuesday"), else the last day mentioned. */
function clockDay(g: Record<string, string | undefined>, ctx: ResolveContext): CalendarDate | null {
  const day = lower(g.day);
  if (!day) return ctx.referenceDay;
  if (day === 'today' || day === 'tonight') return ctx.dct;
  if (day === 'yesterday') return addDays(ctx.dct, -1);
  if (day === 'tomorrow') return addDays(ctx.dct, 1);
  const monthName = g.month ?? g.month2;
  const dom = g.dom ?? g.dom2;
  if (monthName && dom) {
    const month = monthNumber(monthName)!;
    const d = parseOrdinal(dom);
    if (d === null) return null;
    const year = g.year ? Number(g.year) : null;
    if (year !== null) return { year, month, day: d };
    const value = monthDayValue(ctx, month, d);
    const [y, mo, da] = value.split('-').map(Number);
    return { year: y!, month: mo!, day: da! };
  }
  if (g.wd) return weekdayDate(ctx, weekdayNumber(g.wd)!);
  return ctx.referenceDay;
}
