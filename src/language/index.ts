/**
 * The language stage: sentences, entities with their aliases, and time expressions, added to a cleaned
 * document as spans over its reading view (headline and body). It reads `kept` and `field` spans and never
 * changes the text.
 */
import type { Document } from '../document/document.js';
import type { NewSpan, TimexType } from '../document/types.js';
import { type NameTagger, recogniseEntities } from './entities/index.js';
import { analyseDocumentText, type LanguageText } from './text.js';

export { analyseText, analyseDocumentText, type LanguageText, type Sentence, type Token } from './text.js';
export { recogniseEntities, type EntityMention, type NameTagger } from './entities/index.js';

/** A time expression in offsets of the text it was found in. */
export interface FoundTimex {
  start: number;
  end: number;
  type: TimexType;
  value: string;
  mod?: string;
  rule: string;
}

/** Finds and normalises time expressions against an anchor date (the publication date, ISO). */
export type TimeTagger = (text: string, anchor: string | undefined) => FoundTimex[];

export interface LanguageTools {
  names: NameTagger;
  times: TimeTagger;
}

/** The `stage` of every span this stage adds. */
export const LANGUAGE_STAGE = 'language';

/**
 * Adds sentence, mention and timex spans to a cleaned document. All of them or none: the spans are computed
 * first and added at the end, so a failure leaves the document as cleaning left it. Returns the analysed text
 * (sentences and tokens), for later stages to reuse.
 */
export function analyseLanguage(doc: Document, tools: LanguageTools): LanguageText {
  const text = analyseDocumentText(doc);
  const { view } = text;
  if (view.text.length === 0) return text;
  const range = (start: number, end: number): { start: number; end: number } => ({
    start: view.toOriginal(start),
    end: Math.max(view.toOriginal(start), view.toOriginal(end)),
  });
  const spans: NewSpan[] = [];
  for (const sentence of text.sentences) {
    spans.push({ type: 'sentence', stage: LANGUAGE_STAGE, index: sentence.index, ...range(sentence.start, sentence.end) });
  }
  // Time first: a time expression is never a name ("Easter", "Monday"), whatever the tagger thinks.
  const times = tools.times(view.text, doc.fieldValue('published'));
  for (const m of recogniseEntities(text, tools.names, doc.id, { timeRanges: times })) {
    spans.push({
      type: 'mention',
      stage: LANGUAGE_STAGE,
      label: m.label,
      form: m.form,
      entity: m.entity,
      name: m.name,
      rule: m.rule,
      ...range(m.start, m.end),
    });
  }
  for (const t of times) {
    spans.push({
      type: 'timex',
      stage: LANGUAGE_STAGE,
      timexType: t.type,
      value: t.value,
      rule: t.rule,
      ...(t.mod ? { mod: t.mod } : {}),
      ...range(t.start, t.end),
    });
  }
  for (const span of spans) doc.addSpan(span);
  return text;
}
