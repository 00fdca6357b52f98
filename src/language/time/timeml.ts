/**
 * TimeML files (the TempEval-3 format): read the document creation time, the plain text of <TEXT> and its
 * gold TIMEX3s with offsets into that plain text; write the file back with another set of TIMEX3s.
 *
 * A small dedicated XML scanner does the reading: TimeML is flat, and offsets into the decoded text must be
 * exact, which a DOM would not give. It checks that tags balance and entities are known, and reports the line.
 */

import { lineOf } from '../../util/xml.js';
import type { Timex, TimexType } from './types.js';

export interface TimemlTimex {
  start: number;
  end: number;
  text: string;
  type: TimexType;
  value: string;
  tid: string;
  mod?: string;
}

/** A non-TIMEX3 element inside <TEXT> (EVENT, SIGNAL ...), kept so the writer can put it back. */
export interface TimemlElement {
  name: string;
  start: number;
  end: number;
  /** The opening tag exactly as it was in the file. */
  openTag: string;
  attributes: Record<string, string>;
}

export interface TimemlDocument {
  source: string;
  docId: string | null;
  dct: { value: string; tid: string; type: string };
  /** Text content of <TEXT>, tags removed, entities decoded. */
  text: string;
  timexes: TimemlTimex[];
  elements: TimemlElement[];
  /** Offsets in `source` of the content of <TEXT> (between its tags). */
  textContentStart: number;
  textContentEnd: number;
}

export class TimemlError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const TAG = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>$/;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function fail(source: string, index: number, message: string): never {
  throw new TimemlError(`line ${lineOf(source, index)}: ${message}`);
}

/** Where a tag starts, so a problem in its attributes can name the line. */
interface Location {
  source: string;
  index: number;
}

function decodeEntity(source: string, at: number): { text: string; length: number } {
  const m = /^&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/.exec(source.slice(at, at + 12));
  if (!m) fail(source, at, 'bare "&" (write &amp;)');
  const name = m[1]!;
  const text = name.startsWith('#') ? referencedCharacter(name, { source, index: at }) : ENTITIES[name];
  if (text === undefined) fail(source, at, `unknown entity &${name};`);
  return { text, length: m[0].length };
}

/** The character a numeric reference (`#x41`, `#65`) names; a number past U+10FFFF names none and is an error. */
function referencedCharacter(name: string, where: Location | undefined): string {
  const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : Number(name.slice(1));
  if (code <= 0x10ffff) return String.fromCodePoint(code);
  const problem = `&${name}; is not a Unicode character`;
  if (where) fail(where.source, where.index, problem);
  throw new TimemlError(problem);
}

/** A tag's attributes, references decoded; `where` (the tag's place) lets a bad reference name its line. */
export function parseAttributes(raw: string, where?: Location): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(ATTRIBUTE)) out[m[1]!] = decodeAttribute(m[2] ?? m[3] ?? '', where);
  return out;
}

function decodeAttribute(raw: string, where: Location | undefined): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, name: string) =>
    name.startsWith('#') ? referencedCharacter(name, where) : ENTITIES[name]!,
  );
}

interface TagToken {
  kind: 'open' | 'close' | 'empty';
  name: string;
  raw: string;
  attributes: Record<string, string>;
  index: number;
}

/**
 * Walks source[from, to): calls onText with decoded text runs and onTag with tags; checks nesting.
 * Comments, processing instructions and the doctype are skipped.
 */
function scan(source: string, from: number, to: number, onText: (text: string) => void, onTag: (tag: TagToken) => void): void {
  const open: { name: string; index: number }[] = [];
  let i = from;
  let run = '';
  const flush = (): void => {
    if (run) onText(run);
    run = '';
  };
  while (i < to) {
    const c = source[i]!;
    if (c === '<') {
      if (source.startsWith('<!--', i)) {
        const close = source.indexOf('-->', i + 4);
        if (close < 0 || close >= to) fail(source, i, 'unterminated comment');
        i = close + 3;
        continue;
      }
      if (source.startsWith('<?', i) || source.startsWith('<!', i)) {
        const close = source.indexOf('>', i);
        if (close < 0 || close >= to) fail(source, i, 'unterminated declaration');
        i = close + 1;
        continue;
      }
      const close = source.indexOf('>', i);
      if (close < 0 || close >= to) fail(source, i, 'unterminated tag');
      const raw = source.slice(i, close + 1);
      const m = TAG.exec(raw);
      if (!m) fail(source, i, `malformed tag ${JSON.stringify(raw.slice(0, 60))}`);
      flush();
      const name = m[2]!;
      const token: TagToken = {
        kind: m[1] ? 'close' : m[4] ? 'empty' : 'open',
        name,
        raw,
        attributes: m[1] ? {} : parseAttributes(m[3] ?? '', { source, index: i }),
        index: i,
      };
      if (token.kind === 'open') open.push({ name, index: i });
      else if (token.kind === 'close') {
        const top = open.pop();
        if (!top) fail(source, i, `closing </${name}> without an opening tag`);
        if (top.name !== name) fail(source, i, `</${name}> closes <${top.name}> (opened on line ${lineOf(source, top.index)})`);
      }
      onTag(token);
      i = close + 1;
      continue;
    }
    if (c === '&') {
      const entity = decodeEntity(source, i);
      run += entity.text;
      i += entity.length;
      continue;
    }
    if (c === '>') {
      run += c;
      i++;
      continue;
    }
    run += c;
    i++;
  }
  flush();
  const unclosed = open.pop();
  if (unclosed) fail(source, unclosed.index, `<${unclosed.name}> is never closed`);
}

const TIMEX_TYPES = new Set(['DATE', 'TIME', 'DURATION', 'SET']);

export function parseTimeml(source: string): TimemlDocument {
  // The whole file must be well formed; this also finds where <TEXT> and <DCT> are.
  let textOpen: TagToken | null = null;
  let textClose: TagToken | null = null;
  let dct: TimemlDocument['dct'] | null = null;
  let inDct = false;
  let docId: string | null = null;
  let inDocId = false;
  let depth = 0;
  scan(
    source,
    0,
    source.length,
    (text) => {
      if (inDocId) docId = (docId ?? '') + text;
    },
    (tag) => {
      if (tag.kind === 'open') depth++;
      if (tag.kind === 'close') depth--;
      if (tag.name === 'TEXT' && tag.kind === 'open') {
        if (textOpen) fail(source, tag.index, 'more than one <TEXT>');
        textOpen = tag;
      }
      if (tag.name === 'TEXT' && tag.kind === 'close') textClose = tag;
      if (tag.name === 'DCT') inDct = tag.kind === 'open';
      if (tag.name === 'DOCID') inDocId = tag.kind === 'open';
      if (tag.name === 'TIMEX3' && tag.kind !== 'close' && (inDct || tag.attributes.functionInDocument === 'CREATION_TIME') && !dct) {
        if (!tag.attributes.value) fail(source, tag.index, 'creation-time TIMEX3 without a value');
        dct = { value: tag.attributes.value, tid: tag.attributes.tid ?? 't0', type: tag.attributes.type ?? 'DATE' };
      }
    },
  );
  if (depth !== 0) fail(source, source.length, 'unbalanced tags');
  const open = textOpen as TagToken | null;
  const close = textClose as TagToken | null;
  if (!open || !close) throw new TimemlError('no <TEXT> element');
  if (!dct) throw new TimemlError('no document creation time (a TIMEX3 with functionInDocument="CREATION_TIME" in <DCT>)');

  const textContentStart = open.index + open.raw.length;
  const textContentEnd = close.index;
  let text = '';
  const timexes: TimemlTimex[] = [];
  const elements: TimemlElement[] = [];
  const stack: { tag: TagToken; start: number }[] = [];
  scan(
    source,
    textContentStart,
    textContentEnd,
    (run) => {
      text += run;
    },
    (tag) => {
      if (tag.kind === 'open') stack.push({ tag, start: text.length });
      else if (tag.kind === 'empty') elements.push({ name: tag.name, start: text.length, end: text.length, openTag: tag.raw, attributes: tag.attributes });
      else {
        const top = stack.pop()!;
        const attrs = top.tag.attributes;
        if (tag.name === 'TIMEX3') {
          const type = (attrs.type ?? '').toUpperCase();
          if (!TIMEX_TYPES.has(type)) fail(source, top.tag.index, `TIMEX3 with unknown type "${attrs.type ?? ''}"`);
          const timex: TimemlTimex = {
            start: top.start,
            end: text.length,
            text: text.slice(top.start),
            type: type as TimexType,
            value: attrs.value ?? '',
            tid: attrs.tid ?? '',
          };
          if (attrs.mod) timex.mod = attrs.mod;
          timexes.push(timex);
        } else elements.push({ name: tag.name, start: top.start, end: text.length, openTag: top.tag.raw, attributes: attrs });
      }
    },
  );
  return { source, docId: docId === null ? null : (docId as string).trim(), dct: dct as TimemlDocument['dct'], text, timexes, elements, textContentStart, textContentEnd };
}

// ---- writing -------------------------------------------------------------------------------------

export const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttribute = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/**
 * The file again with <TEXT>'s TIMEX3s replaced by `timexes` (tids t1, t2 ... skipping the DCT's).
 * EVENT and SIGNAL tags that do not overlap a new TIMEX3 stay; the others go, and so do MAKEINSTANCEs of
 * dropped events and any link that points at an old TIMEX3 or a dropped event, so the file stays consistent.
 */
export function writeTimeml(doc: TimemlDocument, timexes: readonly Pick<Timex, 'start' | 'end' | 'type' | 'value' | 'mod' | 'freq' | 'quant'>[]): string {
  const sorted = [...timexes].sort((a, b) => a.start - b.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new TimemlError(`overlapping time expressions at ${sorted[i]!.start}`);
  }
  const overlapsTimex = (e: { start: number; end: number }): boolean =>
    sorted.some((t) => (e.start < t.end && t.start < e.end) || (e.start === e.end && e.start > t.start && e.start < t.end));
  const kept = doc.elements.filter((e) => !overlapsTimex(e));
  const keptEvents = new Set(kept.filter((e) => e.name === 'EVENT').map((e) => e.attributes.eid).filter(Boolean) as string[]);
  const keptSignals = new Set(kept.filter((e) => e.name === 'SIGNAL').map((e) => e.attributes.sid).filter(Boolean) as string[]);

  // Boundaries: opening and closing positions of everything we write inside <TEXT>.
  interface Mark {
    at: number;
    close: boolean;
    length: number; // longer elements open first and close last
    tag: string;
  }
  const marks: Mark[] = [];
  const used = new Set([doc.dct.tid]);
  let next = 1;
  for (const t of sorted) {
    while (used.has(`t${next}`)) next++;
    const tid = `t${next++}`;
    let attrs = `tid="${tid}" type="${t.type}" value="${escapeAttribute(t.value)}"`;
    if (t.mod) attrs += ` mod="${escapeAttribute(t.mod)}"`;
    if (t.freq) attrs += ` freq="${escapeAttribute(t.freq)}"`;
    if (t.quant) attrs += ` quant="${escapeAttribute(t.quant)}"`;
    if (t.start === t.end) {
      marks.push({ at: t.start, close: false, length: 0, tag: `<TIMEX3 ${attrs}></TIMEX3>` });
      continue;
    }
    marks.push({ at: t.start, close: false, length: t.end - t.start, tag: `<TIMEX3 ${attrs}>` });
    marks.push({ at: t.end, close: true, length: t.end - t.start, tag: '</TIMEX3>' });
  }
  for (const e of kept) {
    // An empty element is written whole: as two marks at one position, its end tag would sort before its start tag.
    if (e.start === e.end) {
      marks.push({ at: e.start, close: false, length: 0, tag: /\/>$/.test(e.openTag) ? e.openTag : `${e.openTag}</${e.name}>` });
      continue;
    }
    marks.push({ at: e.start, close: false, length: e.end - e.start, tag: e.openTag });
    marks.push({ at: e.end, close: true, length: e.end - e.start, tag: `</${e.name}>` });
  }
  // At one position: closings before openings; closings shortest first, openings longest first.
  marks.sort((a, b) => a.at - b.at || (a.close === b.close ? (a.close ? a.length - b.length : b.length - a.length) : a.close ? -1 : 1));

  let body = '';
  let pos = 0;
  for (const mark of marks) {
    body += escapeText(doc.text.slice(pos, mark.at)) + mark.tag;
    pos = mark.at;
  }
  body += escapeText(doc.text.slice(pos));

  const head = doc.source.slice(0, doc.textContentStart);
  const tail = cleanLinks(doc.source.slice(doc.textContentEnd), keptEvents, keptSignals, doc.dct.tid);
  return head + body + tail;
}

/** Drops MAKEINSTANCEs of dropped events, and links to old TIMEX3s, dropped event instances or dropped signals. */
function cleanLinks(tail: string, keptEvents: Set<string>, keptSignals: Set<string>, dctTid: string): string {
  const keptInstances = new Set<string>();
  let out = tail.replace(/[ \t]*<MAKEINSTANCE\b[^>]*\/>[ \t]*\r?\n?/g, (tag) => {
    const a = parseAttributes(tag.replace(/^\s*<MAKEINSTANCE/, '').replace(/\/>\s*$/, ''));
    if (a.eventID && keptEvents.has(a.eventID)) {
      if (a.eiid) keptInstances.add(a.eiid);
      return tag;
    }
    return '';
  });
  out = out.replace(/[ \t]*<(TLINK|SLINK|ALINK)\b[^>]*\/>[ \t]*\r?\n?/g, (tag) => {
    const a = parseAttributes(tag.replace(/^\s*<\w+/, '').replace(/\/>\s*$/, ''));
    for (const [key, value] of Object.entries(a)) {
      if (/^(?:timeID|relatedToTime|anchorTimeID)$/.test(key) && value !== dctTid) return '';
      if (/(?:eventInstanceID|relatedToEventInstance|subordinatedEventInstance)$/.test(key) && !keptInstances.has(value)) return '';
      if (key === 'signalID' && !keptSignals.has(value)) return '';
    }
    return tag;
  });
  return out;
}
