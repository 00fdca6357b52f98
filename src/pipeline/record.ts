import type { Document } from '../document/document.js';
import type { ArticleRecord } from '../store/types.js';

/** The store's view of a cleaned document: the document itself plus the fields lists and search need. */
export function toArticleRecord(doc: Document): ArticleRecord {
  return {
    doc: doc.toData(),
    title: doc.fieldValue('title') ?? null,
    outlet: doc.fieldValue('outlet') ?? null,
    published: doc.fieldValue('published') ?? null,
    dateline: doc.fieldValue('dateline') ?? null,
    author: doc.fieldValue('author') ?? null,
    body: doc.body().text,
  };
}
