import * as chrono from 'chrono-node';
import { wordCount } from './lines.js';

/** A calendar date as the text states it, `YYYY-MM-DD`, with no time-zone shift. */
export type IsoDate = string & { readonly __isoDate: unique symbol };

export function toIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

const DATE_PREFIX =
  /^(?:(published|posted|first published|originally published|date|dated|created)|(updated|last updated|modified|last modified))(?:\s+(?:on|at))?\s*[:-]?\s*/i;
/** Words that may surround a stated date without making the line prose. */
const DATE_FILLER = /\b(?:a\.?m\.?|p\.?m\.?|et|est|edt|pt|pst|pdt|gmt|utc|kst|jst|sgt|cst|cdt|bst|at|on|\|)\b|[|•·,\-–—:/()]/gi;

export interface DateLine {
  date: IsoDate;
  /** `updated` dates are used for publication only when nothing else states one. */
  kind: 'published' | 'updated';
  /** Offsets of the date expression within the line. */
  start: number;
  end: number;
}

const DATE_WORD =
  /^(?:\d+(?:st|nd|rd|th)?\.?|\d+t\d+|\d+(?:\.\d+)?z|\d{4}-\d{2}-\d{2}(?:t[\d:.+z-]*)?|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm|a\.m\.|p\.m\.)?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?|a\.?m\.?|p\.?m\.?|noon|midnight|at|on|of|the|utc|gmt|[a-z]{1,2}[sd]t|et|pt|ct|kst|jst|sgt|bst|cet|cest)$/i;

/** Cheap gate so the date parser only sees lines that could be dates. */
const MAY_HOLD_DATE =
  /\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;

/**
 * A line that is nothing but a date, possibly with a "Published"/"Updated" label and a time: "June 21, 2018",
 * "Published 10:42 a.m. ET Sept. 19, 2018", "Updated: 2018-07-08". The year must be stated.
 */
export function parseDateLine(text: string): DateLine | undefined {
  if (text.length > 90 || !MAY_HOLD_DATE.test(text)) return undefined;
  const prefix = DATE_PREFIX.exec(text);
  const bodyStart = prefix ? prefix[0].length : 0;
  const rest = text.slice(bodyStart);
  // Any word that cannot be part of a date or time rules the line out before the (slower) date parser runs.
  if (rest.split(/[\s,|•·\-–—:/()]+/).some((word) => word !== '' && !DATE_WORD.test(word))) return undefined;
  const simple = simpleDate(rest);
  if (simple) return { date: simple, kind: prefix?.[2] ? 'updated' : 'published', start: bodyStart, end: bodyStart + rest.trimEnd().length };
  const results = chrono.parse(rest, undefined, { forwardDate: false });
  const first = results.find((r) => r.start.isCertain('year') && r.start.isCertain('month') && r.start.isCertain('day'));
  if (!first) return undefined;
  // Everything outside the date expressions must be filler (times, zones, separators, weekday names).
  let leftover = rest;
  for (const r of results) leftover = leftover.replace(r.text, ' ');
  leftover = leftover.replace(DATE_FILLER, ' ').replace(/\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?/gi, ' ');
  if (wordCount(leftover) > 0) return undefined;
  const date = toIsoDate(first.start.get('year')!, first.start.get('month')!, first.start.get('day')!);
  return {
    date,
    kind: prefix?.[2] ? 'updated' : 'published',
    start: bodyStart + first.index,
    end: bodyStart + first.index + first.text.length,
  };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SIMPLE_DATE =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/i;

/**
 * The two commonest date lines, "June 21, 2018" and "2018-06-21", read directly: chrono-node takes about
 * 0.2 ms a call, which was the largest single cost of cleaning. Everything else goes to chrono.
 */
function simpleDate(text: string): IsoDate | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const named = iso ? undefined : SIMPLE_DATE.exec(trimmed);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : named
      ? [Number(named[3]), MONTHS.indexOf(named[1]!.toLowerCase().slice(0, 3)) + 1, Number(named[2])]
      : [0, 0, 0];
  if (!year) return undefined;
  // Reject impossible days (Feb. 30) the way a calendar would.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return toIsoDate(year, month, day);
}

const NAMED_DATE_IN_TEXT = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/gi;

/** Full calendar dates written in running text ("July 18, 2018", "2018-07-18"), as ISO dates. */
export function datesNamedIn(text: string): IsoDate[] {
  const out: IsoDate[] = [];
  for (const m of text.matchAll(NAMED_DATE_IN_TEXT)) {
    const date = simpleDate(m[0]);
    if (date) out.push(date);
  }
  return out;
}

/** The longest date hint read: "Monday, 11 June 2018, 10:42 a.m. Eastern Daylight Time" is some 60 characters. */
const MAX_HINT_DATE_LENGTH = 200;

/** A date given by the input (JSONL field, HTML meta): ISO forms keep their stated calendar day. */
export function normaliseHintDate(value: string): IsoDate | undefined {
  // A field this long holds no date, and the date parser's time grows with its input.
  if (value.length > MAX_HINT_DATE_LENGTH) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const parsed = chrono.parse(value)[0];
  if (parsed && parsed.start.isCertain('year') && parsed.start.isCertain('day')) {
    return toIsoDate(parsed.start.get('year')!, parsed.start.get('month')!, parsed.start.get('day')!);
  }
  return undefined;
}

const NAME_WORD = String.raw`(?:[A-Z][\p{L}'’.-]*|de|del|da|van|von|der|bin|al|le|la)`;
const PERSON_NAME = new RegExp(String.raw`^[A-Z][\p{L}'’.-]+(?:\s+${NAME_WORD}){0,4}$`, 'u');
const BYLINE_LEAD = /^(?:by|written by|words by|story by|author:?|authors:?)\s+/i;
/** "Staff Writer", "Seoul correspondent", "Lanternfish Wire diplomatic writer": a role after a byline's comma. */
const ROLE_NOUN = /(?:^|\s)(?:staff writer|writer|reporter|correspondent|editor|contributor|columnist|bureau chief|analyst|journalist|producer)s?$/i;
const ROLE_ADJECTIVE =
  /^(?:senior|chief|staff|deputy|associate|assistant|contributing|special|managing|executive|national|international|foreign|diplomatic|political|politics|investigative|economics|business|security|defen[cs]e|legal|science|health|climate|energy|technology|tech|regional|local|bureau|affairs|white|house|and|of|the)$/i;

/**
 * "Staff Writer", "Seoul correspondent", "Lanternfish Wire diplomatic writer": a role noun after at most four
 * words that are capitalised (places, outlets) or role adjectives, so "talks clash over journalists" is not one.
 */
function isStaffRole(text: string): boolean {
  const role = ROLE_NOUN.exec(text);
  if (!role) return false;
  const before = text.slice(0, role.index).trim().split(/\s+/).filter(Boolean);
  return before.length <= 4 && before.every((w) => /^[\p{Lu}&]/u.test(w) || ROLE_ADJECTIVE.test(w));
}
/** Head words of media names: a byline part ending in one is the outlet, not an author. */
const MEDIA_WORD =
  /\b(?:wire|news|times|post|dispatch|journal|herald|ledger|standard|press|daily|tribune|gazette|observer|review|report|agency|service|network|media|radio|tv|magazine|courier|telegraph|chronicle|monitor|bulletin|register|star|sun|mail|express|guardian|globe|inquirer|examiner|sentinel|beacon|record|digest|weekly|today|insider|memo|asia|online|newswire|broadcasting|channel|public)$/i;

export interface Byline {
  authors: string[];
  /** An outlet named after a separator: "By Jane Doe | Kestrel Wire". */
  outlet?: string;
  /** A date stated on the same line: "By Jane Doe | June 12, 2018". */
  date?: DateLine;
  /** Offsets of the author names within the line. */
  start: number;
  end: number;
  /** Names alone on a line, with no "By": a byline only where the header's layout says so. */
  namesOnly?: boolean;
}

/** Person names joined by commas, "and" or "&"; a trailing part that names a medium is returned as the outlet. */
function splitAuthors(names: string): { authors: string[]; outlet?: string } | undefined {
  const parts = names
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 6) return undefined;
  const last = parts[parts.length - 1]!;
  const outlet = parts.length > 1 && MEDIA_WORD.test(last) ? parts.pop() : undefined;
  if (!parts.every((p) => PERSON_NAME.test(p) && !MEDIA_WORD.test(p))) return undefined;
  return outlet ? { authors: parts, outlet } : { authors: parts };
}

/** Bylines of up to 24 words with a date and an outlet stay well under this. */
const MAX_BYLINE_LENGTH = 500;

/**
 * "By Jane Doe", "By Jane Doe and John Roe | Kestrel Wire", "Jane Doe, Staff Writer", "Author: Jane Doe",
 * "By Jane Doe | June 12, 2018". Names must look like names; a line of prose starting with "By" is not a byline.
 */
export function parseByline(text: string, options: { namesOnly?: boolean } = {}): Byline | undefined {
  // Without "By" a byline needs a comma ("Jane Doe, Staff Writer") unless the layout already says it is one.
  if (!options.namesOnly && !/[,|•·]/.test(text) && !BYLINE_LEAD.test(text)) return undefined;
  // Long lines are not bylines, and the name patterns below are quadratic on long runs of spaces.
  if (text.length > MAX_BYLINE_LENGTH || wordCount(text) > 24) return undefined;
  // `(?<!\s)` in these patterns: a run of spaces is tried once, not once per space (quadratic on long runs).
  const parts = text.split(/(?<!\s)\s+[|•·]\s+|(?<!\s)\s+[—–]\s+/);
  const head = parts[0] ?? '';
  const lead = BYLINE_LEAD.exec(head);
  const nameStart = lead ? lead[0].length : 0;
  let names = head.slice(nameStart).replace(/[.,;:]$/, '');
  // Without "By", names are a byline only with a role or an outlet beside them: "Jane Doe, Staff Writer",
  // "Jane Doe and John Roe, The Harbor Times", "Jane Doe | Harbor Times correspondent".
  const needsCredentials = !lead && !options.namesOnly;
  let outlet: string | undefined;
  // "By Jane Doe for Kestrel Wire", "By Jane Doe in Seoul"
  const forOutlet = /(?<!\s)\s+(?:for|of)\s+((?:the\s+)?[A-Z][\w&'’. -]+)$/.exec(names);
  if (forOutlet) {
    outlet = forOutlet[1]!.trim();
    names = names.slice(0, forOutlet.index);
  }
  names = names.replace(/(?<!\s)\s+in\s+[A-Z][\p{L}.'’ -]*$/u, '');
  // "By Jane Doe, Staff Writer", "Jane Doe, Seoul correspondent"
  const comma = names.lastIndexOf(',');
  if (comma > 0 && isStaffRole(names.slice(comma + 1).trim())) names = names.slice(0, comma);
  const hadRole = comma > 0 && names.length === comma;
  const split = splitAuthors(names);
  if (!split) return undefined;
  const byline: Byline = { authors: split.authors, start: nameStart, end: nameStart + names.length };
  if (outlet ?? split.outlet) byline.outlet = (outlet ?? split.outlet)!;
  if (!lead && options.namesOnly) byline.namesOnly = true;
  const result = attachTrailingParts(byline, parts.slice(1), text);
  if (needsCredentials && !hadRole && !result?.outlet && !parts.slice(1).some((p) => isStaffRole(p.trim()))) return undefined;
  return result;
}

function attachTrailingParts(byline: Byline, rest: string[], line: string): Byline | undefined {
  for (const part of rest) {
    const date = parseDateLine(part);
    if (date) {
      const at = line.indexOf(part);
      byline.date = { ...date, start: at + date.start, end: at + date.end };
    } else if (/^(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}$/.test(part) && !isStaffRole(part)) {
      byline.outlet = part.trim();
    } else if (isStaffRole(part)) {
      // "Harbor Times correspondent": the capitalised words before the role name the outlet.
      const named = /^((?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*)\s+[a-z]/.exec(part.trim());
      if (named && MEDIA_WORD.test(named[1]!)) byline.outlet ??= named[1]!;
    } else {
      return undefined;
    }
  }
  return byline;
}

export interface Dateline {
  /** The place as the dateline gives it: "SEOUL, South Korea", "WASHINGTON". */
  place: string;
  /** A wire or outlet named in the dateline: "(Reuters)". */
  agency?: string;
  /** Offsets within the paragraph: the whole dateline including its dash, and the place. */
  end: number;
  placeEnd: number;
}

const MONTH = String.raw`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?`;
/**
 * A news dateline opening a paragraph: an upper-case place (optionally ", Region"), an optional date and
 * agency, then a dash or colon: "SEOUL, South Korea (Reuters) — ", "WASHINGTON — ", "SINGAPORE, June 12 — ".
 * Title-case places are accepted only with an agency: "Washington (Kestrel Wire) — ".
 */
const DATELINE = new RegExp(
  String.raw`^(?<place>(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3}(?:,\s*[A-Z][\p{L}.'’-]*(?:\s+[A-Z][\p{L}.'’-]*){0,2})?)|(?:[A-Z][\p{Ll}'’.-]+(?:\s+[A-Z][\p{Ll}'’.-]+){0,2}(?=,?\s*(?:${MONTH}\s+\d{1,2}\s*)?\()))` +
    String.raw`(?:,?\s*(?<date>${MONTH}\s+\d{1,2}(?:,\s*\d{4})?))?` +
    String.raw`(?:\s*\((?<agency>[^()]{2,40})\))?` +
    String.raw`\s*(?:—|–|--?|:)\s+(?=\S)`,
  'u',
);

export function parseDateline(paragraph: string): Dateline | undefined {
  const m = DATELINE.exec(paragraph);
  if (!m?.groups) return undefined;
  // `(?<!…)`: a run of spaces inside the place is tried once, not once per space.
  const place = m.groups.place!.replace(/(?<![,\s])[,\s]+$/, '');
  // One upper-case word of two letters is more likely an acronym opening a sentence ("US - ...") than a place.
  if (!/\s|,/.test(place) && place.length < 4 && !m.groups.agency) return undefined;
  const dateline: Dateline = { place, end: m[0].length, placeEnd: place.length };
  if (m.groups.agency) dateline.agency = m.groups.agency.trim();
  return dateline;
}

/**
 * Getty-style caption dateline: "WASHINGTON, DC - JULY 18: ...". `(?<![A-Z])`: a long run of capitals is tried
 * from its start only (a match inside it would also match from its start), not once per letter.
 */
export const CAPTION_DATELINE = /(?<![A-Z])([A-Z][A-Z.'’]+(?:\s+[A-Z][A-Z.'’]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?)\s+-\s+[A-Z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?:/g;

const PLATFORM =
  /\b(?:telegram|whatsapp|facebook|twitter|instagram|youtube|tiktok|linkedin|threads|bluesky|mastodon|truth social|rumble|google news|apple news|flipboard|x)\b/i;
const GENERIC_NAME_WORDS = new Set(['Telegram', 'WhatsApp', 'Facebook', 'Twitter', 'Instagram', 'YouTube', 'TikTok', 'LinkedIn', 'Channel', 'Page', 'App', 'Newsletter', 'Us', 'Our', 'The', 'X', 'Google', 'Apple', 'Sign', 'Subscribe', 'Get', 'Join', 'Follow', 'Download', 'Start']);

/** A name found in a line, with its offsets in that line. */
export interface NameFound {
  name: string;
  start: number;
  end: number;
}

const PROMO_VERB = /^(?:join|follow|subscribe|like|add|with|download|get|to|on|our|the|at|from|and|in|of|forward|keep|support|become)$/i;

/**
 * The outlet a promo line names: "Join our ... AMN Telegram channel", "Follow Kestrel Wire on WhatsApp",
 * "Start your day with TPM.", "Download the Harbor Times app". The name is the run of capitalised words
 * next to the platform word or after the verb. Returns the name and its offsets in the line.
 */
export function outletFromPromo(text: string): NameFound | undefined {
  const words = [...text.matchAll(/[\p{L}\p{N}&'’.-]+/gu)].map((m) => ({ text: m[0].replace(/[.]$/, ''), index: m.index }));
  const isNameWord = (w: string): boolean => /^[\p{Lu}\p{N}]/u.test(w) && !GENERIC_NAME_WORDS.has(w) && !PROMO_VERB.test(w);
  const runFrom = (from: number, step: 1 | -1): { first: number; last: number } | undefined => {
    let i = from;
    while (i >= 0 && i < words.length && isNameWord(words[i]!.text)) i += step;
    const end = i - step;
    if (end === from - step) return undefined;
    return step === 1 ? { first: from, last: end } : { first: end, last: from };
  };
  const candidates: { first: number; last: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    // Not "newsletter" or "podcast": a name before those ("our World newsletter") names the product, not the outlet.
    if (PLATFORM.test(w) || /^(?:app|channel|page)$/i.test(w)) {
      // "verified AMN Telegram channel": the run just before, skipping "on"
      const before = i > 0 && /^on$/i.test(words[i - 1]!.text) ? i - 2 : i - 1;
      const run = before >= 0 ? runFrom(before, -1) : undefined;
      if (run) candidates.push(run);
    }
    if (/^(?:follow|join|like|with|download|subscribe|forward|of)$/i.test(w) && (w.toLowerCase() !== 'of' || /^(?:member|subscriber|supporter|friend)s?$/i.test(words[i - 1]?.text ?? ''))) {
      const after = i + 1 < words.length && /^(?:the|to)$/i.test(words[i + 1]!.text) ? i + 2 : i + 1;
      const run = runFrom(after, 1);
      if (run) candidates.push(run);
    }
  }
  const best = candidates[0];
  if (!best) return undefined;
  // "The" belongs to names like "The Commons Dispatch".
  if (best.first > 0 && words[best.first - 1]!.text === 'The') best.first--;
  const start = words[best.first]!.index;
  const end = words[best.last]!.index + words[best.last]!.text.length;
  return { name: text.slice(start, end), start, end };
}

/** "© 2018 The Harbor Times. All rights reserved." → "The Harbor Times" */
export function outletFromCopyright(text: string): NameFound | undefined {
  const m = /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*((?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,5})/i.exec(text);
  if (!m?.[1]) return undefined;
  const name = m[1].replace(/\s+(?:All|Inc|LLC|Ltd)$/i, '').trim();
  if (/^all rights/i.test(name)) return undefined;
  const start = text.indexOf(name);
  return { name, start, end: start + name.length };
}

/** Separators between the items of a menu or breadcrumb: "Home | World", "World • Asia", "About   Contact". */
export const MENU_SEPARATOR = /\s*[|•·»›]\s*|\s{2,}/;

/** The site name opening a navigation menu, when it reads as a medium's name: "Granite Standard | World | ..." */
export function outletFromMenu(text: string): NameFound | undefined {
  const first = text.split(MENU_SEPARATOR)[0]?.trim();
  if (!first || !MEDIA_WORD.test(first) || !/^(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}$/.test(first)) return undefined;
  const start = text.indexOf(first);
  return { name: first, start, end: start + first.length };
}

/** A staff photographer's credit names the outlet: "Credit: Jane Doe for The Harbor Times". */
export function outletFromCredit(text: string): NameFound | undefined {
  const m = /\b[A-Z][\p{L}.'’-]*\s+for\s+((?:The\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})\)?\.?$/u.exec(text);
  const name = m?.[1];
  if (!m || !name || !MEDIA_WORD.test(name)) return undefined;
  const start = m.index + m[0].lastIndexOf(name);
  return { name, start, end: start + name.length };
}
