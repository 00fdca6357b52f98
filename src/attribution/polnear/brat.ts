/**
 * Reads PolNeAR's brat standoff annotations (.ann) into attributions with character spans.
 *
 * The lines used are `T` lines (`T12<TAB>Cue 200 204<TAB>told`, discontinuous spans as `start end;start end`)
 * and `E` lines (`E3<TAB>Attribution:T12 Cue:T10 Source:T11 Content:T9`). An `E` line without a cue is an
 * empty placeholder and is skipped; `Content2` is a second content of the same attribution. `Discard` and
 * `Discuss` spans are annotator bookkeeping, not attributions. Every problem is reported as `file:line:
 * problem` and the rest of the file is still read.
 */

export interface CharSpan {
  start: number;
  end: number;
}

/** One gold attribution: each role is a list of pieces (the source may be empty). */
export interface GoldAttribution {
  id: string;
  cue: CharSpan[];
  source: CharSpan[];
  content: CharSpan[];
}

export interface AnnotationProblem {
  file: string;
  /** 1-based line number in the .ann file. */
  line: number;
  message: string;
}

interface TextBound {
  type: string;
  spans: CharSpan[];
  line: number;
}

// A Map, not an object literal: a role read from the file may be `constructor` or `__proto__`.
const roleOfArgument = new Map<string, 'cue' | 'source' | 'content'>([
  ['Cue', 'cue'],
  ['Source', 'source'],
  ['Content', 'content'],
  ['Content2', 'content'],
]);

/** Parses "200 204;210 215" into spans, or explains why it cannot. */
function parseSpans(field: string, textLength: number): CharSpan[] | string {
  const spans: CharSpan[] = [];
  for (const piece of field.split(';')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(piece);
    if (!match) return `bad offsets "${field}"`;
    const start = Number(match[1]);
    const end = Number(match[2]);
    if (end < start) return `span ${start}-${end} ends before it starts`;
    if (end > textLength) return `span ${start}-${end} runs past the end of the text (${textLength} characters)`;
    spans.push({ start, end });
  }
  return spans;
}

/**
 * Parses one .ann file against its text. `file` only names the file in problems.
 */
export function parseBratAttributions(annText: string, text: string, file: string): { attributions: GoldAttribution[]; problems: AnnotationProblem[] } {
  const problems: AnnotationProblem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  const bounds = new Map<string, TextBound>();
  const events: { id: string; args: string; line: number }[] = [];
  const lines = annText.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const lineNumber = n + 1;
    if (line.trim() === '') continue;
    const id = line.slice(0, line.indexOf('\t') >= 0 ? line.indexOf('\t') : line.length);
    if (id.startsWith('T')) {
      const fields = line.split('\t');
      if (fields.length < 2) {
        report(lineNumber, `text-bound annotation ${id} has no "Type start end" field`);
        continue;
      }
      const head = fields[1]!;
      const space = head.indexOf(' ');
      if (space < 0) {
        report(lineNumber, `text-bound annotation ${id} has no offsets`);
        continue;
      }
      const type = head.slice(0, space);
      const spans = parseSpans(head.slice(space + 1), text.length);
      if (typeof spans === 'string') {
        report(lineNumber, `${id}: ${spans}`);
        continue;
      }
      // brat writes the covered text verbatim, newlines included: those lines belong to this annotation.
      const covered = spans.map((s) => text.slice(s.start, s.end)).join(' ');
      const continuation = (covered.match(/\r?\n|\r/g) ?? []).length;
      const written = [fields.slice(2).join('\t'), ...lines.slice(n + 1, n + 1 + continuation)].join('\n');
      n += continuation;
      if (fields.length >= 3 && written.replace(/\s+/g, ' ').trim() !== covered.replace(/\s+/g, ' ').trim()) {
        report(lineNumber, `${id}: its text does not match the characters at ${head.slice(space + 1)}; using the offsets`);
      }
      if (bounds.has(id)) report(lineNumber, `${id} is defined twice; keeping the first`);
      else bounds.set(id, { type, spans, line: lineNumber });
    } else if (id.startsWith('E')) {
      const fields = line.split('\t');
      events.push({ id, args: fields[1] ?? '', line: lineNumber });
    } else if (/^[#ARNM*]/.test(id)) {
      // Notes, attributes, relations, normalisations: nothing the attribution reader needs.
    } else {
      report(lineNumber, `unrecognised line "${line.length > 40 ? `${line.slice(0, 40)}…` : line}"`);
    }
  }

  const attributions: GoldAttribution[] = [];
  for (const event of events) {
    const attribution: GoldAttribution = { id: event.id, cue: [], source: [], content: [] };
    let broken = false;
    for (const argument of event.args.split(/\s+/).filter(Boolean)) {
      const colon = argument.lastIndexOf(':');
      if (colon <= 0) {
        report(event.line, `${event.id}: argument "${argument}" is not Role:Tn`);
        broken = true;
        continue;
      }
      const role = argument.slice(0, colon);
      const target = argument.slice(colon + 1);
      const bound = bounds.get(target);
      if (!bound) {
        report(event.line, `${event.id}: ${role} refers to ${target}, which is not defined`);
        broken = true;
        continue;
      }
      const key = roleOfArgument.get(role);
      // One at a time: a line can hold more pieces than push(...spans) can take as arguments.
      if (key) for (const span of bound.spans) attribution[key].push(span);
      // The event's own trigger (Attribution / Attribution-no-source) repeats the cue span.
    }
    if (attribution.cue.length === 0) {
      // A placeholder without a cue (it has no content either in PolNeAR); broken ones were already reported.
      if (!broken && attribution.content.length > 0) report(event.line, `${event.id} has a content but no cue; skipped`);
      continue;
    }
    for (const key of ['cue', 'source', 'content'] as const) attribution[key].sort((a, b) => a.start - b.start || a.end - b.end);
    attributions.push(attribution);
  }
  return { attributions, problems };
}
