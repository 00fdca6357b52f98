import type { Document } from '../document/document.js';
import type { FieldName, MarkupRole, RemovalReason } from '../document/types.js';
import { splitLines, wordCount, type Line } from './lines.js';
import {
  CAPTION_DATELINE,
  normaliseHintDate,
  parseByline,
  outletFromCopyright,
  outletFromCredit,
  outletFromMenu,
  outletFromPromo,
  parseDateline,
  type DateLine,
  type NameFound,
} from './metadata.js';
import { AGENCY_RESTRICTION, CREDIT_PAREN, TRAILING_TOGGLE, classifyLines, looksLikeHeadline, trailingCredit, trailingMarks, type LabelCache, type LineLabel } from './rules.js';

const STAGE = 'clean';

interface Piece {
  start: number;
  end: number;
  reason: RemovalReason | 'kept';
  rule: string;
}

/** A field value with the text that states it (offsets into the document), or none when an input hint gave it. */
interface FieldFinding {
  value: string;
  start: number;
  end: number;
  rule: string;
}

function normaliseForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function tokenSet(text: string): Set<string> {
  return new Set(normaliseForMatch(text).split(' ').filter((w) => w.length >= 3));
}

/** Share of the smaller token set found in the larger: high for a caption and its truncated or reworded twin. */
function containment(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

/** A fragment after the last paragraph that reads like furniture rather than a closing line of the story. */
function isTrailingFurniture(text: string): boolean {
  if (/:$/.test(text)) return true;
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length <= 6) return true;
  const capitalised = words.filter((w) => /^[\p{Lu}\p{N}]/u.test(w)).length;
  return capitalised / words.length >= 0.7;
}

/** Runs the clean stage over one article: every non-blank character ends up kept or removed with a reason. */
export function cleanDocument(doc: Document, cache?: LabelCache): void {
  const lines = splitLines(doc.text);
  const labels = classifyLines(lines, cache);

  const firstBody = labels.findIndex((l) => l.kind === 'prose');
  const bodyFrom = firstBody >= 0 ? firstBody : lines.length;
  let tailStart = lines.length;
  for (let i = bodyFrom + 1; i < lines.length; i++) {
    const label = labels[i]!;
    if (label.kind === 'junk' && label.tailTrigger) {
      tailStart = i;
      break;
    }
  }
  // Fragments between the last paragraph and the tail are furniture when they look like it.
  const trailingFurniture = new Set<number>();
  for (let i = tailStart - 1; i > bodyFrom; i--) {
    const label = labels[i]!;
    if (label.kind === 'prose') break;
    if (label.kind === 'fragment') {
      if (!isTrailingFurniture(lines[i]!.text)) break;
      trailingFurniture.add(i);
    }
  }

  const titleHint = doc.hints.title ? normaliseForMatch(doc.hints.title) : undefined;
  const fields = new Map<FieldName, FieldFinding>();
  const setField = (name: FieldName, finding: FieldFinding): void => {
    if (!fields.has(name)) fields.set(name, finding);
  };
  let bodyDate: { line: Line; date: DateLine } | undefined;
  let updatedDate: { line: Line; date: DateLine } | undefined;
  const seenCaptions: Set<string>[] = [];
  const pieces: Piece[] = [];
  const removeLine = (line: Line, reason: RemovalReason, rule: string): void => {
    pieces.push({ start: line.start, end: line.end, reason, rule });
  };

  const headline = chooseHeadline(doc, lines, labels, bodyFrom, titleHint);
  const markupRoleOf = markupRoles(doc, lines);

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const inHeader = i < bodyFrom;
    const inTail = i >= tailStart;
    if (line === headline.line) {
      removeLine(line, 'headline', headline.rule);
      setField('title', { value: line.text, start: line.start, end: line.end, rule: 'title/headline-line' });
      continue;
    }
    let label: LineLabel = labels[i]!;
    const role = markupRoleOf(i);
    if (role === 'caption' && label.kind !== 'junk') label = { kind: 'caption', rule: 'caption/markup' };
    if (inHeader && (label.kind === 'fragment' || role === 'byline')) {
      // Names alone on a line next to the headline or date line: a byline without "By".
      // Kickers and section labels sit above the headline; bylines below it or beside the date.
      const metaAt = (j: number): boolean => labels[j]?.kind === 'date' || labels[j]?.kind === 'byline';
      const placed = role === 'byline' || lines[i - 1] === headline.line || metaAt(i - 1) || metaAt(i + 1);
      const names = placed ? parseByline(line.text, { namesOnly: true }) : undefined;
      if (names) label = { kind: 'byline', byline: names };
    }
    if ((label.kind === 'prose' || label.kind === 'fragment') && repeatsCaption(line.text, seenCaptions)) {
      removeLine(line, 'caption-repeat', 'caption/repeated-line');
      continue;
    }
    switch (label.kind) {
      case 'junk':
        removeLine(line, label.reason, label.rule);
        continue;
      case 'caption':
        pieces.push(...captionPieces(line, label.rule, seenCaptions));
        if (!fields.has('dateline')) {
          CAPTION_DATELINE.lastIndex = 0;
          const m = CAPTION_DATELINE.exec(line.text);
          if (m?.[1]) fields.set('dateline', { value: m[1], start: line.start + m.index, end: line.start + m.index + m[1].length, rule: 'dateline/photo-caption' });
        }
        continue;
      case 'date':
        removeLine(line, 'date', label.date.kind === 'updated' ? 'date/updated-line' : 'date/published-line');
        if (label.date.kind === 'updated') updatedDate ??= { line, date: label.date };
        else if (inHeader || !bodyDate) {
          if (inHeader && !fields.has('published')) {
            setField('published', { value: label.date.date, start: line.start + label.date.start, end: line.start + label.date.end, rule: 'published/date-line' });
          }
          bodyDate ??= { line, date: label.date };
        }
        continue;
      case 'byline': {
        removeLine(line, 'byline', 'byline/line');
        const b = label.byline;
        if (!inTail) {
          setField('author', { value: b.authors.join(', '), start: line.start + b.start, end: line.start + b.end, rule: 'author/byline' });
          if (b.outlet) {
            const at = line.text.lastIndexOf(b.outlet);
            setField('outlet', { value: b.outlet, start: line.start + at, end: line.start + at + b.outlet.length, rule: 'outlet/byline' });
          }
          if (b.date && inHeader) {
            setField('published', { value: b.date.date, start: line.start + b.date.start, end: line.start + b.date.end, rule: 'published/byline' });
          }
        }
        continue;
      }
      case 'prose':
      case 'fragment':
        if (inHeader) {
          removeLine(line, 'chrome', 'chrome/header-fragment');
        } else if (inTail) {
          removeLine(line, 'chrome', 'chrome/trailing-block');
        } else if (trailingFurniture.has(i)) {
          removeLine(line, 'chrome', 'chrome/trailing-fragment');
        } else {
          pieces.push(...keptPieces(line, i === firstBody ? fields : undefined));
        }
        continue;
    }
  }

  // Dates stated elsewhere than the header count when the header states none.
  if (!fields.has('published') && bodyDate) {
    setField('published', { value: bodyDate.date.date, start: bodyDate.line.start + bodyDate.date.start, end: bodyDate.line.start + bodyDate.date.end, rule: 'published/date-line-after-header' });
  }
  recoverOutlet(doc, lines, labels, fields);

  pieces.sort((a, b) => a.start - b.start);
  let lineCursor = 0;
  for (const piece of pieces) {
    if (piece.end <= piece.start) continue;
    if (piece.reason === 'kept') {
      while (lineCursor < lines.length - 1 && lines[lineCursor]!.end < piece.start) lineCursor++;
      const paragraph = lineCursor;
      doc.addSpan({ type: 'kept', start: piece.start, end: piece.end, stage: STAGE, paragraph });
    } else {
      doc.addSpan({ type: 'removed', start: piece.start, end: piece.end, stage: STAGE, reason: piece.reason, rule: piece.rule });
    }
  }

  // Input hints (JSONL fields, HTML meta) fill what the text does not state; they point at no characters.
  const hintRule = `hint/${doc.origin.format}`;
  if (!fields.has('title') && doc.hints.title) setField('title', { value: doc.hints.title, start: 0, end: 0, rule: hintRule });
  if (!fields.has('author') && doc.hints.author) setField('author', { value: doc.hints.author, start: 0, end: 0, rule: hintRule });
  if (!fields.has('published')) {
    const hinted = doc.hints.published ? normaliseHintDate(doc.hints.published) : undefined;
    if (hinted) setField('published', { value: hinted, start: 0, end: 0, rule: hintRule });
    else if (updatedDate) {
      setField('published', { value: updatedDate.date.date, start: updatedDate.line.start + updatedDate.date.start, end: updatedDate.line.start + updatedDate.date.end, rule: 'published/updated-line' });
    }
  }
  for (const [field, f] of fields) {
    doc.addSpan({ type: 'field', field, value: f.value, start: f.start, end: f.end, stage: STAGE, rule: f.rule });
  }
}

interface HeadlineChoice {
  line: Line | undefined;
  rule: string;
}

/**
 * The headline: the line the input's title or the markup names, else the headline-like line closest above
 * the header's date or byline (mastheads and taglines come before it), else the first headline-like line.
 */
function chooseHeadline(doc: Document, lines: Line[], labels: LineLabel[], bodyFrom: number, titleHint: string | undefined): HeadlineChoice {
  const header = lines.slice(0, bodyFrom);
  if (titleHint) {
    const line = header.find((l) => normaliseForMatch(l.text) === titleHint);
    if (line) return { line, rule: 'headline/matches-input-title' };
  }
  const marked = doc.spansOf('markup').find((m) => m.role === 'headline');
  if (marked) {
    const line = lines.find((l) => l.start <= marked.start && marked.end <= l.end + 1 && l.start < marked.end);
    if (line && line.index < Math.max(bodyFrom, 1)) return { line, rule: 'headline/markup' };
  }
  const candidates = header.filter((l, i) => labels[i]!.kind === 'fragment' && looksLikeHeadline(l.text));
  const firstMeta = labels.findIndex((l, i) => i < bodyFrom && (l.kind === 'date' || l.kind === 'byline'));
  if (firstMeta >= 0) {
    const above = candidates.filter((l) => l.index < firstMeta);
    if (above.length > 0) return { line: above[above.length - 1], rule: 'headline/above-date-or-byline' };
  }
  // Two-word lines are more often kickers ("World News") than headlines: take one only when nothing longer is there.
  const first = candidates.find((l) => wordCount(l.text) >= 3) ?? candidates[0];
  if (first) return { line: first, rule: 'headline/first-title-line' };
  // A page with no paragraph of prose: its first fragment is still its title.
  if (bodyFrom >= lines.length) return { line: lines.find((_, i) => labels[i]!.kind === 'fragment'), rule: 'headline/first-fragment' };
  return { line: undefined, rule: '' };
}

/** The markup role (if any) of each line: a line is marked when a markup span covers it. */
function markupRoles(doc: Document, lines: Line[]): (index: number) => MarkupRole | undefined {
  const marks = doc.spansOf('markup');
  if (marks.length === 0) return () => undefined;
  return (index) => {
    const line = lines[index]!;
    return marks.find((m) => m.start <= line.start && line.end <= m.end)?.role;
  };
}

/** A line that repeats a caption seen above it, often cut short ("..."): scrapers pick up both variants. */
function repeatsCaption(text: string, seenCaptions: Set<string>[]): boolean {
  // A repeat has no more words than the longest caption it could repeat.
  if (seenCaptions.length === 0 || wordCount(text) > Math.max(...seenCaptions.map((c) => c.size)) * 1.5 + 5) return false;
  const tokens = tokenSet(text);
  if (tokens.size < 5) return false;
  return seenCaptions.some((seen) => {
    let shared = 0;
    for (const t of tokens) if (seen.has(t)) shared++;
    return shared / tokens.size >= 0.8;
  });
}

/** Splits a kept line around inline junk; on the first paragraph also takes off a news dateline. */
function keptPieces(line: Line, fields: Map<FieldName, FieldFinding> | undefined): Piece[] {
  const out: Piece[] = [];
  const inline: Piece[] = [];
  if (fields) {
    const dateline = parseDateline(line.text);
    if (dateline) {
      const end = line.start + line.text.slice(0, dateline.end).trimEnd().length;
      inline.push({ start: line.start, end, reason: 'dateline', rule: 'dateline/paragraph-lead' });
      fields.set('dateline', { value: dateline.place, start: line.start, end: line.start + dateline.placeEnd, rule: 'dateline/paragraph-lead' });
      if (dateline.agency && !fields.has('outlet')) {
        const at = line.text.indexOf(dateline.agency);
        fields.set('outlet', { value: dateline.agency, start: line.start + at, end: line.start + at + dateline.agency.length, rule: 'outlet/dateline-agency' });
      }
    }
  }
  AGENCY_RESTRICTION.lastIndex = 0;
  for (let m = AGENCY_RESTRICTION.exec(line.text); m; m = AGENCY_RESTRICTION.exec(line.text)) {
    inline.push({ start: line.start + m.index, end: line.start + m.index + m[0].length, reason: 'agency-restriction', rule: 'agency-restriction/inline' });
  }
  const toggle = TRAILING_TOGGLE.exec(line.text);
  if (toggle) {
    const lead = toggle[0].length - toggle[0].trimStart().length;
    inline.push({ start: line.start + toggle.index + lead, end: line.end, reason: 'toggle', rule: 'toggle/trailing' });
  }
  inline.sort((a, b) => a.start - b.start);
  let cursor = line.start;
  for (const piece of inline) {
    if (piece.start < cursor) continue;
    pushTrimmed(out, cursor, piece.start, line, 'kept', 'kept');
    out.push(piece);
    cursor = piece.end;
  }
  pushTrimmed(out, cursor, line.end, line, 'kept', 'kept');
  return out;
}

/** Adds `[start, end)` without its edge whitespace, when anything is left. */
function pushTrimmed(out: Piece[], start: number, end: number, line: Line, reason: Piece['reason'], rule: string): void {
  const text = line.text.slice(start - line.start, end - line.start);
  const lead = text.length - text.trimStart().length;
  const trail = text.length - text.trimEnd().length;
  if (end - trail > start + lead) out.push({ start: start + lead, end: end - trail, reason, rule });
}

/**
 * A caption line, cut into its parts: agency restrictions, credits, toggles, and the caption text itself,
 * where a variant that repeats a caption seen before (a truncated or reworded twin) is marked as a repeat.
 */
function captionPieces(line: Line, rule: string, seenCaptions: Set<string>[]): Piece[] {
  const text = line.text;
  const marks: Piece[] = [];
  const at = (index: number): number => line.start + index;
  AGENCY_RESTRICTION.lastIndex = 0;
  for (let m = AGENCY_RESTRICTION.exec(text); m; m = AGENCY_RESTRICTION.exec(text)) {
    marks.push({ start: at(m.index), end: at(m.index + m[0].length), reason: 'agency-restriction', rule: 'agency-restriction/caption' });
  }
  CREDIT_PAREN.lastIndex = 0;
  for (let m = CREDIT_PAREN.exec(text); m; m = CREDIT_PAREN.exec(text)) {
    marks.push({ start: at(m.index), end: at(m.index + m[0].length), reason: 'credit', rule: 'credit/parenthesis' });
  }
  const toggle = TRAILING_TOGGLE.exec(text);
  if (toggle) {
    const lead = toggle[0].length - toggle[0].trimStart().length;
    marks.push({ start: at(toggle.index + lead), end: line.end, reason: 'toggle', rule: 'toggle/trailing' });
  }
  const photoBy = trailingCredit(text.slice(0, trailingMarks(text).start).trimEnd());
  if (photoBy) marks.push({ start: at(photoBy.start), end: at(photoBy.end), reason: 'credit', rule: 'credit/photo-by' });
  marks.sort((a, b) => a.start - b.start || b.end - a.end);

  // Caption variants start where a caption dateline starts again inside the line.
  const variantStarts = new Set<number>();
  CAPTION_DATELINE.lastIndex = 0;
  for (let m = CAPTION_DATELINE.exec(text); m; m = CAPTION_DATELINE.exec(text)) if (m.index > 0) variantStarts.add(at(m.index));

  const out: Piece[] = [];
  let variant: Piece[] = [];
  const closeVariant = (): void => {
    const words = variant.map((p) => line.text.slice(p.start - line.start, p.end - line.start)).join(' ');
    const tokens = tokenSet(words);
    const repeat = tokens.size > 0 && seenCaptions.some((seen) => containment(seen, tokens) >= 0.6);
    for (const p of variant) out.push(repeat ? { ...p, reason: 'caption-repeat', rule: 'caption/repeated-variant' } : p);
    if (tokens.size > 0) seenCaptions.push(tokens);
    variant = [];
  };
  const addCaptionText = (start: number, end: number): void => {
    let from = start;
    for (const v of [...variantStarts].filter((s) => s > start && s < end).sort((a, b) => a - b)) {
      const before: Piece[] = [];
      pushTrimmed(before, from, v, line, 'caption', rule);
      variant.push(...before);
      closeVariant();
      from = v;
    }
    const rest: Piece[] = [];
    pushTrimmed(rest, from, end, line, 'caption', rule);
    variant.push(...rest);
  };
  let cursor = line.start;
  for (const mark of marks) {
    if (mark.start < cursor) continue;
    addCaptionText(cursor, mark.start);
    if (variantStarts.has(mark.start)) closeVariant();
    out.push(mark);
    cursor = mark.end;
  }
  addCaptionText(cursor, line.end);
  closeVariant();
  return out.sort((a, b) => a.start - b.start);
}

function recoverOutlet(doc: Document, lines: Line[], labels: LineLabel[], fields: Map<FieldName, FieldFinding>): void {
  if (doc.hints.outlet) {
    fields.set('outlet', { value: doc.hints.outlet, start: 0, end: 0, rule: `hint/${doc.origin.format}` });
    return;
  }
  if (fields.has('outlet') && fields.get('outlet')!.rule === 'outlet/byline') return;
  // The outlet's own promotion names it ("Join our ... AMN Telegram channel", "Start your day with TPM.").
  for (let i = 0; i < lines.length; i++) {
    const label = labels[i]!;
    if (label.kind !== 'junk' || (label.reason !== 'promo' && label.reason !== 'newsletter')) continue;
    const found = outletFromPromo(lines[i]!.text);
    if (found) {
      fields.set('outlet', { value: found.name, start: lines[i]!.start + found.start, end: lines[i]!.start + found.end, rule: `outlet/${label.rule}` });
      return;
    }
  }
  // Then the site's own furniture: a copyright line, the site name opening a menu ("Granite Standard | World |
  // Politics"), a staff photographer's credit ("Jane Doe for The Harbor Times").
  const finders: [string, (line: Line, label: LineLabel) => NameFound | undefined][] = [
    ['outlet/copyright', (line, label) => (label.kind === 'junk' && label.rule === 'chrome/copyright' ? outletFromCopyright(line.text) : undefined)],
    ['outlet/site-menu', (line, label) => (label.kind === 'junk' && label.rule === 'chrome/navigation-menu' ? outletFromMenu(line.text) : undefined)],
    ['outlet/photo-credit', (line, label) => (label.kind === 'caption' || label.kind === 'junk' ? outletFromCredit(line.text) : undefined)],
  ];
  // A dateline agency spelled out ("Reuters") stands; an abbreviation ("LW") gives way to a name.
  const agency = fields.get('outlet');
  if (agency && !/^[A-Z]{1,5}$/.test(agency.value)) return;
  for (const [rule, find] of finders) {
    for (let i = 0; i < lines.length; i++) {
      const found = find(lines[i]!, labels[i]!);
      if (!found) continue;
      fields.set('outlet', { value: found.name, start: lines[i]!.start + found.start, end: lines[i]!.start + found.end, rule });
      return;
    }
  }
  // A dateline agency ("(Reuters)") found earlier stays as the fallback.
}

