import { Document } from '../document/document.js';
import type { SourceText } from '../readers/types.js';
import { splitLines, type Line } from './lines.js';
import { parseDateline } from './metadata.js';
import { classifyLines, looksLikeHeadline, type LabelCache, type LineLabel } from './rules.js';

/** How far after a candidate headline the header of a new article may reach before its first paragraph. */
const HEADER_REACH = 10;

function normalised(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Evidence that a headline-like line after body prose opens a new article rather than a subheading:
 * a date line, byline or dateline before the next paragraph counts most; captions and site furniture
 * between the two articles add to it.
 */
function boundaryScore(lines: Line[], labels: LineLabel[], headline: number, previousProse: number): { score: number; strong: boolean } {
  let score = 0;
  let strong = false;
  for (let j = headline + 1; j < Math.min(lines.length, headline + HEADER_REACH); j++) {
    const label = labels[j]!;
    if (label.kind === 'prose') {
      if (parseDateline(lines[j]!.text)) {
        score += 2;
        strong = true;
      }
      break;
    }
    if (label.kind === 'date' || label.kind === 'byline') {
      score += 2;
      strong = true;
    } else if (label.kind === 'caption') score += 1;
    else if (label.kind === 'junk' && (label.reason === 'promo' || label.reason === 'newsletter')) score += 1;
  }
  for (let j = previousProse + 1; j < headline; j++) {
    const label = labels[j]!;
    if (label.kind === 'junk') {
      score += 1;
      break;
    }
  }
  return { score, strong };
}

/** Offsets where each article of a scraped text begins: one for a single article, more when several are glued. */
export function findArticleStarts(text: string, cache?: LabelCache): number[] {
  const lines = splitLines(text);
  const labels = classifyLines(lines, cache);
  const starts = [0];
  let articleFirstLine = 0;
  let lastProse = -1;
  for (let i = 0; i < lines.length; i++) {
    const label = labels[i]!;
    if (label.kind === 'prose') {
      lastProse = i;
      continue;
    }
    if (lastProse < articleFirstLine || label.kind !== 'fragment' || !looksLikeHeadline(lines[i]!.text)) continue;
    const { score, strong } = boundaryScore(lines, labels, i, lastProse);
    if (score < 2 || (!strong && score < 3)) continue;
    // Teaser headlines of a "Latest News" list come before the real one: the headline is the last such line
    // above the new article's date or byline.
    let headline = i;
    for (let j = i + 1; j < Math.min(lines.length, i + HEADER_REACH); j++) {
      const kind = labels[j]!.kind;
      if (kind === 'prose' || kind === 'date' || kind === 'byline') break;
      if (kind === 'fragment' && looksLikeHeadline(lines[j]!.text)) headline = j;
    }
    // Promotion just above the headline opens the new page ("Join our ... channel" heads many), and so do any
    // lines that opened the previous article too (a site's repeated header).
    const opening = new Set(lines.slice(articleFirstLine, articleFirstLine + 5).map((l) => normalised(l.text)));
    const opensPage = (label: LineLabel, line: Line): boolean =>
      label.kind === 'junk' && (label.reason === 'promo' || label.reason === 'newsletter' || opening.has(normalised(line.text)));
    let first = headline;
    while (first - 1 > lastProse && opensPage(labels[first - 1]!, lines[first - 1]!)) first--;
    starts.push(lines[first]!.start);
    articleFirstLine = first;
    lastProse = -1;
    i = headline;
  }
  return starts;
}

/**
 * Cuts a source into article documents. Each document's text is an exact slice of the source; its origin
 * records where, so offsets map back to the input. Only scraped plain text is cut: HTML pages and JSONL
 * records are one article each.
 */
export function splitArticles(source: SourceText, cache?: LabelCache): Document[] {
  const starts = source.format === 'txt' ? findArticleStarts(source.text, cache) : [0];
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? source.text.length;
    const doc = new Document(
      source.text.slice(start, end),
      { uri: source.uri, format: source.format, start, end, encoding: source.encoding },
      // A JSONL record's hints describe its one article; a glued text's hints would describe none in particular.
      starts.length === 1 ? source.hints : {},
    );
    for (const mark of source.marks ?? []) {
      if (mark.start >= start && mark.end <= end) {
        doc.addSpan({ type: 'markup', role: mark.role, start: mark.start - start, end: mark.end - start, stage: 'read' });
      }
    }
    return doc;
  });
}
