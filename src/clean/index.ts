export { cleanDocument } from './clean.js';
export { findArticleStarts, splitArticles } from './segment.js';
export { splitLines, type Line } from './lines.js';
export { parseDateLine, parseByline, parseDateline, normaliseHintDate, type IsoDate } from './metadata.js';

import type { Document } from '../document/document.js';
import type { SourceText } from '../readers/types.js';
import { cleanDocument } from './clean.js';
import type { LabelCache } from './rules.js';
import { splitArticles } from './segment.js';

/** Reader output in, cleaned article documents out. */
export function cleanSource(source: SourceText): Document[] {
  const labels: LabelCache = new Map();
  const docs = splitArticles(source, labels);
  for (const doc of docs) cleanDocument(doc, labels);
  return docs;
}
