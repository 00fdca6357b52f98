import { Document } from '../../document/document.js';
import { analyseLanguage, type LanguageText, type LanguageTools } from '../../language/index.js';
import { documentText, type EcbDocument } from './corpus.js';

/**
 * An ECB+ article as an eventwire document, analysed by the language stage. The text is ECB+'s tokens joined
 * by spaces, one sentence a line, so token offsets are known; the added ECB+ articles carry their page's URL as
 * sentence 0, which becomes the document's URL rather than body text. The body is one kept span: ECB+ texts are
 * already clean.
 */
export function analyseEcbDocument(ecb: EcbDocument, tools: LanguageTools): { doc: Document; text: LanguageText; tokenOffsets: Map<number, { start: number; end: number }> } {
  const { text, offsets } = documentText(ecb);
  const plus = ecb.subtopic.endsWith('ecbplus');
  const firstLineEnd = text.indexOf('\n');
  const bodyStart = plus && firstLineEnd > 0 ? firstLineEnd + 1 : 0;
  const url = plus && firstLineEnd > 0 ? text.slice(0, firstLineEnd).replace(/\s+/g, '') : undefined;
  const origin = { uri: `ecbplus:${ecb.name}`, format: 'txt' as const, start: 0, end: text.length, encoding: 'utf-8' };
  const doc = new Document(text, origin, url ? { url } : {});
  if (bodyStart < text.length) doc.addSpan({ type: 'kept', paragraph: 0, stage: 'ecbplus', start: bodyStart, end: text.length });
  const analysed = analyseLanguage(doc, tools);
  return { doc, text: analysed, tokenOffsets: offsets };
}
