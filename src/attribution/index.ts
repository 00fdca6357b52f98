/**
 * The attribution stage: who said (thinks, intends) what, according to whom. A finder proposes cue, source and
 * content pieces; this stage resolves each source to the entity the language stage found there, tells direct
 * quotes from reported speech, and traces the chain of outlets the statement travelled through. Every result is
 * an `attribution` span whose pieces point into the original text.
 */
import type { Document } from '../document/document.js';
import type { AttributionKind, AttributionSpan, ChainLink, MentionSpan, NewSpan, TextRange } from '../document/types.js';
import { analyseDocumentText, type LanguageText, type Sentence, type Token } from '../language/text.js';
import { chainFor, findCitations, type PlacedToken } from './chains.js';
import { outletByName } from './outlets.js';
import { partitionPoint } from '../util/search.js';

export { findCitations, chainFor, type Citation, type CitationRole } from './chains.js';
export { outletByName, type OutletKind, type OutletName } from './outlets.js';

/** An attribution as a finder proposes it, in offsets of the text it was given. */
export interface PredictedAttribution {
  cue: TextRange[];
  source: TextRange[];
  content: TextRange[];
}

export interface AttributionFinder {
  findAttributions(text: string, analysed?: { sentences: Sentence[]; tokens: Token[] }): PredictedAttribution[];
}

export const ATTRIBUTION_STAGE = 'attribution';

const OPENING_QUOTES = /^["“‘']/;
const CLOSING_QUOTES = /["”’'][.,!?;:)]*$/;

/** Direct when the content is one quotation, mixed when it quotes some of its words, else indirect. */
export function kindOf(content: string): AttributionKind {
  const trimmed = content.trim();
  if (OPENING_QUOTES.test(trimmed) && CLOSING_QUOTES.test(trimmed)) {
    const inner = trimmed.slice(1).replace(CLOSING_QUOTES, '');
    if (!/["“”]/.test(inner)) return 'direct';
  }
  return /["“][^"“”]*\s[^"“”]*["”]/.test(trimmed) ? 'mixed' : 'indirect';
}

/**
 * Adds attribution spans to a document the language stage has read (its mentions resolve the sources). Pass
 * the language stage's text when there is one, to spare a second tokenisation. All spans or none.
 */
export function analyseAttributions(doc: Document, finder: AttributionFinder, analysed: LanguageText = analyseDocumentText(doc)): void {
  const { view, sentences, tokens } = analysed;
  if (view.text.length === 0) return;
  const toRange = (r: TextRange): TextRange => {
    const start = view.toOriginal(r.start);
    return { start, end: Math.max(start, view.toOriginal(r.end)) };
  };
  const paragraphOf = new Map(sentences.map((s) => [s.index, s.paragraph]));
  const placed: PlacedToken[] = tokens.map((t) => ({
    start: t.start,
    end: t.end,
    text: t.text,
    pos: t.pos,
    lemma: t.lemma,
    sentence: t.sentence,
    from: view.toOriginal(t.start),
    to: view.toOriginal(t.end),
    paragraph: paragraphOf.get(t.sentence) ?? 0,
  }));
  /** The token holding original offset `at`, or the first after it. */
  const tokenAt = (at: number): PlacedToken | undefined => placed[partitionPoint(placed, (token) => token.to <= at)];
  /** A sentence's stretch of the original text, if there is such a sentence. */
  const sentenceRange = (index: number): TextRange | undefined => {
    const sentence = sentences[index];
    return sentence && toRange(sentence);
  };
  const viewPieces: ViewPiece[] = view.segments.map((seg) => ({ start: seg.textStart, end: seg.textStart + seg.length, bodyStart: seg.bodyStart }));
  const mentions = doc.spansOf('mention');
  const citations = findCitations(placed, doc.text, mentions);
  const publisher = doc.fieldValue('outlet');

  const spans: NewSpan[] = [];
  for (const predicted of finder.findAttributions(view.text, { sentences, tokens })) {
    const cue = predicted.cue.map(toRange);
    const source = predicted.source.map(toRange);
    const content = continueQuotation(doc, viewPieces, predicted.content.map(toRange));
    const all = [...cue, ...source, ...content];
    if (cue.length === 0 || all.length === 0) continue;
    const cueToken = tokenAt(cue[0]!.start);
    const sourceText = source.map((r) => doc.slice(r)).join(' ');
    const pieces = content.map((r) => doc.slice(r).trim());
    // A quotation over paragraphs reopens each one: every piece opens with a mark and the last one closes.
    const overParagraphs = pieces.length > 1 && pieces.every((p) => OPENING_QUOTES.test(p)) && CLOSING_QUOTES.test(pieces[pieces.length - 1]!);
    const kind = overParagraphs ? 'direct' : kindOf(pieces.join(' '));
    let rule = 'model';
    let speakerMention = bestMention(doc, mentions, source);
    // An outlet as the source: "according to a Wednesday Vox report", "United Press International reported".
    const cited = citations.find((c) => source.some((r) => r.start <= c.range.start && c.range.end <= r.end));
    const asOutlet = cited ? { name: cited.name, kind: cited.kind } : source.length > 0 ? outletByName(sourceText) : undefined;
    // "“I am hopeful ...,” CNN had reported": an outlet carrying a quotation without naming the speaker in the
    // sentence; the speaker is the person the previous sentence is about.
    // Likewise a quotation with no source at all ("“I am hopeful ...,” adding that ...").
    let fromPreviousSentence = false;
    if ((asOutlet || source.length === 0) && OPENING_QUOTES.test(pieces.join(' ')) && cueToken) {
      const previousSubject = subjectBefore(mentions, sentenceRange(cueToken.sentence - 1), sentenceRange(cueToken.sentence - 2));
      if (previousSubject) {
        fromPreviousSentence = true;
        speakerMention = previousSubject;
        rule = asOutlet ? 'model/outlet-carried-quote' : 'model/quote-of-previous-subject';
      }
    }
    const speaker: ChainLink =
      asOutlet && !fromPreviousSentence
        ? { name: asOutlet.name, role: asOutlet.kind, range: source[0]!, ...(speakerMention ? { entity: speakerMention.entity } : {}) }
        : speakerMention
          ? { name: speakerMention.name, role: 'speaker', entity: speakerMention.entity, range: fromPreviousSentence ? { start: speakerMention.start, end: speakerMention.end } : source[0]! }
          : { name: sourceText || '(unnamed)', role: 'speaker', ...(source[0] ? { range: source[0] } : {}) };
    const span: Omit<AttributionSpan, 'id'> = {
      type: 'attribution',
      stage: ATTRIBUTION_STAGE,
      start: Math.min(...all.map((r) => r.start)),
      end: Math.max(...all.map((r) => r.end)),
      kind,
      cue,
      source,
      content,
      ...(speakerMention && (!asOutlet || fromPreviousSentence) ? { speaker: { entity: speakerMention.entity, name: speakerMention.name } } : {}),
      // The outlet that carried a quotation is a link of its chain, not the speaker to leave out.
      chain: chainFor(speaker, cue.map((r) => doc.slice(r)).join(' '), cueToken?.sentence ?? 0, cueToken?.paragraph ?? 0, citations, publisher, fromPreviousSentence && cited ? undefined : source[0]),
      rule,
    };
    spans.push(span);
  }
  for (const span of spans) doc.addSpan(span);
}

/** A piece of the reading view: its stretch of the original text and where it starts in the view. */
interface ViewPiece {
  start: number;
  end: number;
  bodyStart: number;
}

/**
 * A quotation that runs over paragraphs: by news convention its paragraphs end without a closing mark and the
 * next one opens with a new opening mark. When the content's last piece leaves a quotation open at the end of
 * its paragraph, the following paragraphs that open with a quotation mark join it, up to the one that closes.
 */
function continueQuotation(doc: Document, paragraphs: readonly ViewPiece[], content: TextRange[]): TextRange[] {
  const last = content[content.length - 1];
  if (!last) return content;
  const here = paragraphs.findIndex((p) => p.start <= last.start && last.end <= p.end);
  if (here < 0) return content;
  // Open when the content has more opening than closing marks and reaches the end of its paragraph.
  const text = doc.text.slice(last.start, paragraphs[here]!.end);
  if (text.trim().length > doc.slice(last).trim().length + 2) return content;
  const opens = (doc.slice(last).match(/“/g) ?? []).length;
  const closes = (doc.slice(last).match(/”/g) ?? []).length;
  if (opens <= closes) return content;
  const extended = [...content.slice(0, -1), { start: last.start, end: paragraphs[here]!.end }];
  for (let k = here + 1; k < paragraphs.length; k++) {
    const paragraph = paragraphs[k]!;
    // Only the next paragraph of the body view (a blank line apart), and only if it opens a quotation.
    if (paragraph.bodyStart - (paragraphs[k - 1]!.bodyStart + (paragraphs[k - 1]!.end - paragraphs[k - 1]!.start)) !== 2) break;
    const piece = doc.text.slice(paragraph.start, paragraph.end);
    if (!piece.startsWith('“')) break;
    const closing = piece.lastIndexOf('”');
    if (closing >= 0 && (piece.match(/“/g) ?? []).length <= (piece.match(/”/g) ?? []).length) {
      extended.push({ start: paragraph.start, end: paragraph.start + closing + 1 });
      break;
    }
    extended.push({ start: paragraph.start, end: paragraph.end });
  }
  return extended;
}

/** The first person named (not by a pronoun) in the first of these sentences that names one. */
function subjectBefore(mentions: readonly MentionSpan[], ...sentences: (TextRange | undefined)[]): MentionSpan | undefined {
  for (const range of sentences) {
    if (!range) continue;
    const person = mentions.find((m) => m.label === 'PER' && m.start >= range.start && m.end <= range.end && m.form !== 'pronoun');
    if (person) return person;
  }
  return undefined;
}

/**
 * The mention that names the source's head, its last word: "Kim" for "Kim", "aide" for "a Republican Senate
 * aide"; in "a former Pompeo staffer" no mention does (Pompeo is not the speaker), and there is none.
 */
function bestMention(doc: Document, mentions: readonly MentionSpan[], source: readonly TextRange[]): MentionSpan | undefined {
  const last = source[source.length - 1];
  if (!last) return undefined;
  const text = doc.slice(last).replace(/(?:['’]s)?[^\p{L}\p{N}]*$/u, '');
  if (text.length === 0) return undefined;
  const headEnd = last.start + text.length;
  const covering = mentions.filter((m) => m.form !== 'demonym' && m.start < headEnd && headEnd <= m.end);
  return covering.sort((a, b) => a.end - a.start - (b.end - b.start))[0];
}
