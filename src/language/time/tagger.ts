/**
 * findTimexes: runs every pattern rule over the text, keeps the longest non-overlapping matches, resolves them
 * in document order so that anaphoric expressions ("a year earlier", "that day") see the dates before them, and
 * widens them over the modifiers TimeML puts inside the extent ("early", "the end of", "more than").
 */

import { parseMoment, parseValue, type CalendarDate, type Moment, type ValueParts } from './calendar.js';
import type { ResolveContext, Resolution } from './resolve.js';
import { RULES, type TimexRule } from './rules.js';
import { tenseAround, type Tense } from './tense.js';
import type { Timex, TimexAnchor } from './types.js';

interface Candidate {
  start: number;
  end: number;
  rule: TimexRule;
  order: number;
  match: RegExpExecArray;
}

/** Words a text must contain (case-insensitively) for any rule to have a chance: a fast exit for most sentences. */
const ANY_TRIGGER =
  /\d|day|night|week|month|year|quarter|decade|centur|millenn|now|current|present|recent|past|future|term|ago|ly\b|morning|evening|noon|spring|summer|fall|autumn|winter|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|hour|minute|second|time|eve|christmas|easter|thanksgiving|halloween|epiphany|pentecost|ties|teen|twenty|thousand|half|mas|every|each|once|twice|thrice|moment|ahead|formerly/i;

export function findTimexes(text: string, anchor: TimexAnchor): Timex[] {
  const dct = parseMoment(anchor.dct);
  if (!dct) {
    const shown = anchor.dct.length > 60 ? `${anchor.dct.slice(0, 60)}…` : anchor.dct;
    throw new Error(`unreadable document creation time "${shown}" (expected an ISO date such as 1998-01-08)`);
  }
  if (!ANY_TRIGGER.test(text)) return [];
  // Typographic apostrophes ("Monday’s", "the ’90s", "New Year’s Day") read as plain ones; one code unit
  // each, so offsets do not move.
  const scanned = APOSTROPHES.test(text) ? text.replace(APOSTROPHES_ALL, "'") : text;
  const chosen = selectCandidates(scanned, collectCandidates(scanned));
  return resolveInOrder(scanned, dct, chosen).map((t) => (scanned === text ? t : { ...t, text: text.slice(t.start, t.end) }));
}

const APOSTROPHES = /[\u2018\u2019\u02bc]/;
const APOSTROPHES_ALL = /[\u2018\u2019\u02bc]/g;

function collectCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (let order = 0; order < RULES.length; order++) {
    const rule = RULES[order]!;
    if (rule.trigger && !rule.trigger.test(text)) continue;
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      if (rule.accept && !rule.accept(m, text)) {
        // Let a shorter or later reading start inside a rejected one ("May 5" rejected still allows "5 ...").
        pattern.lastIndex = m.index + 1;
        continue;
      }
      candidates.push({ start: m.index, end: m.index + m[0].length, rule, order, match: m });
    }
  }
  return candidates;
}

/** Longest first, then earlier rule, then leftmost; a candidate is dropped if it overlaps one already kept. */
function selectCandidates(text: string, candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const kept: Candidate[] = [];
  outer: for (const c of candidates) {
    for (let i = c.start; i < c.end; i++) if (taken[i]) continue outer;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

// ---- modifiers around a match ------------------------------------------------------------------

/** "early", "late", "mid-", "the end of" ... before a date: inside the TimeML extent, and a mod. */
const DATE_PREFIX =
  /(?:\b(?<pos>(?:the\s+)?(?:very\s+)?(?:beginning|start|middle|end|close|turn)\s+of\s+)|\b(?<adv>(?:very\s+)?(?:early|late|mid|middle|earlier|later)(?:\s+(?:in|on))?[\s-]+)|\b(?<hyph>(?:mid|pre|post|early|late)-))$/i;

/** Quantity modifiers before a duration: inside the extent, and a mod. */
const DURATION_PREFIX =
  /\b(?<mod>nearly|almost|more\s+than|over|less\s+than|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than|fewer\s+than|just\s+over|just\s+under|well\s+over|upwards\s+of)\s+$/i;

/** Before "N units ago" the approximators count too ("about two years ago"). */
const AGO_PREFIX = /\b(?<mod>about|around|approximately|roughly|nearly|almost|more\s+than|over|less\s+than|under|at\s+least|just\s+over|well\s+over|some)\s+$/i;

/** "around Nov. 1", "about 7:15 p.m.": an approximate point in time. */
const DATE_APPROX_PREFIX = /\b(?:around|about|approximately|roughly|circa)\s+$/i;

const DATE_MODS: Record<string, string> = {
  beginning: 'START', start: 'START', middle: 'MID', end: 'END', close: 'END', turn: 'END',
  early: 'START', late: 'END', mid: 'MID', earlier: 'START', later: 'END', pre: 'BEFORE', post: 'AFTER',
};

function durationMod(word: string): string | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:about|around|approximately|roughly|close to|some|nearly|almost)$/.test(w)) return 'APPROX';
  if (/^(?:more than|over|just over|well over|upwards of)$/.test(w)) return 'MORE_THAN';
  if (/^(?:less than|under|fewer than|just under|barely)$/.test(w)) return 'LESS_THAN';
  if (/^(?:at least|no less than|as many as|as much as|as long as)$/.test(w)) return 'EQUAL_OR_MORE';
  if (/^(?:at most|up to|no more than|as little as)$/.test(w)) return 'EQUAL_OR_LESS';
  return undefined;
}

const ADJECTIVAL_UNIT = /\w-(?:quarter|year|month|week|day|hour|minute|second|decade|century)$/i;

const isVague = (value: string): boolean => /_REF$/.test(value) || value.startsWith('X') || value.startsWith('P');

/**
 * The final extent and mod of a resolved match: widened over the modifiers TimeML includes, narrowed by an
 * article before an adjectival unit and by a sentence-final period.
 */
function extent(text: string, previousEnd: number, c: Candidate, resolved: Resolution): { start: number; end: number; mod: string | undefined } {
  let { start, end } = c;
  let mod = resolved.mod;
  const head = text.slice(Math.max(previousEnd, start - 40), start);
  if (resolved.type === 'DATE' || resolved.type === 'TIME') {
    const p = isVague(resolved.value) ? null : DATE_PREFIX.exec(head);
    if (p && p.groups && !/^(?:the\s+)?(?:early|late|mid)\b/i.test(c.match[0])) {
      const word = (p.groups.pos ?? p.groups.adv ?? p.groups.hyph ?? '').toLowerCase();
      const key = /(beginning|start|middle|end|close|turn|early|late|mid|earlier|later|pre|post)/.exec(word)?.[1];
      if (key && !(key === 'turn' && !/century|year/.test(c.match[0]))) {
        start -= p[0].length;
        mod ??= DATE_MODS[key];
      }
    }
    // Only before explicit points ("around Nov. 1", "about 7:15 p.m."): "get around Wednesday's ruling" is a verb.
    const explicitPoint = /\d|year[\s-]end|noon|midnight/i.test(c.match[0]);
    const approx = isVague(resolved.value) || !explicitPoint ? null : DATE_APPROX_PREFIX.exec(text.slice(Math.max(previousEnd, start - 20), start));
    if (approx) {
      start -= approx[0].length;
      mod ??= 'APPROX';
    }
  } else if (resolved.type === 'DURATION' && COUNTED.test(c.match[0])) {
    const p = DURATION_PREFIX.exec(head);
    if (p && p.groups) {
      start -= p[0].length;
      mod ??= durationMod(p.groups.mod!);
    }
  }
  if (resolved.type === 'DATE' && /ago$/i.test(c.match[0]) && !mod) {
    const p = AGO_PREFIX.exec(head);
    if (p && p.groups) {
      start -= p[0].length;
      mod = durationMod(p.groups.mod!);
    }
  }
  // An adjective before a noun ("the third-quarter results", "the two-week visit"): the article belongs to the noun.
  const covered = text.slice(start, end);
  if (/^the\s/i.test(covered) && ADJECTIVAL_UNIT.test(covered)) start += /^the\s+/i.exec(covered)![0].length;
  // A period that both ends an abbreviation and the sentence belongs to the sentence (TimeML tokenisation).
  if (text[end - 1] === '.' && (end === text.length || /^\s*(?:\n|$)|^\s+["'`]*[A-Z]/.test(text.slice(end, end + 4)))) end -= 1;
  return { start, end, mod };
}

/** A duration that starts with its count (only those take "more than", "nearly" ... in front). */
const COUNTED = /^\d|^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|several|a few|few)\b/i;

// ---- resolution in document order ---------------------------------------------------------------

function resolveInOrder(text: string, dct: Moment, chosen: Candidate[]): Timex[] {
  const dctDay: CalendarDate = { year: dct.year, month: dct.month, day: dct.day };
  let reference: ValueParts = { year: dct.year, month: dct.month, day: dct.day };
  let referenceDay: CalendarDate = dctDay;
  let referenceQuarter: { year: number; quarter: number } | null = null;
  const out: Timex[] = [];
  let previousEnd = 0;

  for (const c of chosen) {
    let tense: Tense | undefined;
    const ctx: ResolveContext = {
      text,
      start: c.start,
      end: c.end,
      dct,
      tense: () => (tense ??= tenseAround(text, c.start, c.end)),
      reference,
      referenceDay,
      referenceQuarter,
    };
    const resolved: Resolution | null = c.rule.resolve(c.match, ctx);
    if (!resolved) continue;
    const { start, end, mod } = extent(text, previousEnd, c, resolved);
    const timex: Timex = { start, end, text: text.slice(start, end), type: resolved.type, value: resolved.value, rule: c.rule.id };
    if (mod) timex.mod = mod;
    if (resolved.freq) timex.freq = resolved.freq;
    if (resolved.quant) timex.quant = resolved.quant;
    out.push(timex);
    previousEnd = end;

    // Concrete dates become the reference for what follows.
    if ((resolved.type === 'DATE' || resolved.type === 'TIME') && !resolved.keepReference) {
      const parts = parseValue(resolved.value);
      if (parts && !resolved.value.startsWith('XXXX')) {
        reference = parts;
        if (parts.day !== undefined && parts.month !== undefined) referenceDay = { year: parts.year, month: parts.month, day: parts.day };
        if (parts.quarter !== undefined) referenceQuarter = { year: parts.year, quarter: parts.quarter };
      }
    }
  }
  return out;
}
