/**
 * What article extraction yields from one HTML page: the article's text as paragraphs, its metadata, and its
 * captions kept apart. `eventwire extract --json` prints these fields (a stable interface).
 */
export interface ArticleExtraction {
  /** Paragraphs of the article body joined by blank lines ("\n\n"); headline, captions, credits and chrome left out. */
  articleBody: string;
  title: string | null;
  /** Authors as written in the byline or metadata, several joined by ", ". */
  author: string | null;
  /** Each author on its own (co-authors kept). */
  authors: string[];
  /** ISO 8601 date or date-time of first publication (never a modification date). */
  published: string | null;
  /** The site or publication name. */
  outlet: string | null;
  leadImage: string | null;
  captions: string[];
  /** BCP 47 language from the page (`<html lang>`, meta), lower-case primary tag, e.g. `en`. */
  language: string | null;
  /** Where each metadata value came from, e.g. `{ "title": "json-ld", "published": "meta:article:published_time" }`. */
  sources: Partial<Record<'title' | 'author' | 'published' | 'outlet' | 'leadImage' | 'language', string>>;
}

/** Metadata found in a page, before the body is chosen. */
export type ArticleMetadata = Omit<ArticleExtraction, 'articleBody' | 'captions'>;
