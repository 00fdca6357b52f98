/**
 * Article extraction from one HTML page: the body (paragraphs, captions, lead image) and the metadata, from a
 * single parse.
 */
import { extractBody } from './body.js';
import { checkNesting, MAX_HTML_DEPTH, normaliseSpace, parseHtml, type HtmlDocument } from './dom.js';
import { extractMetadata } from './metadata.js';
import type { ArticleExtraction } from './types.js';

export type { ArticleExtraction, ArticleMetadata } from './types.js';
export { extractBody, type BodyExtraction, type BodyOptions } from './body.js';

export interface ExtractOptions {
  /** The page's address: resolves relative image URLs and helps the metadata. */
  url?: string;
}

/**
 * Extracts the article from an HTML page. Throws `HTML nested deeper than N elements (at character C)` for a
 * page nested beyond any real page, before parsing it.
 */
export function extractArticle(html: string, options: ExtractOptions = {}): ArticleExtraction {
  checkNesting(html);
  return extractFromDocument(parseHtml(html, MAX_HTML_DEPTH), options);
}

/** Extracts the article from a page already parsed with `parseHtml` (see dom.ts). */
export function extractFromDocument(document: HtmlDocument, options: ExtractOptions = {}): ArticleExtraction {
  const url = options.url;
  const body = extractBody(document, url === undefined ? {} : { url });
  const metadata = extractMetadata(document, url === undefined ? {} : { url });
  const paragraphs = withoutHeadline(body.paragraphs, metadata.title);
  const sources = { ...metadata.sources };
  let leadImage = metadata.leadImage;
  if (leadImage === null && body.leadImage !== null) {
    leadImage = body.leadImage;
    sources.leadImage = 'body';
  }
  return {
    ...metadata,
    articleBody: paragraphs.join('\n\n'),
    leadImage,
    captions: body.captions,
    sources,
  };
}

/** The body without a leading repeat of the headline (pages often put the headline inside the article). */
function withoutHeadline(paragraphs: string[], title: string | null): string[] {
  if (title === null || paragraphs.length === 0) return paragraphs;
  const comparable = (text: string) => normaliseSpace(text).toLowerCase();
  return comparable(paragraphs[0]!) === comparable(title) ? paragraphs.slice(1) : paragraphs;
}
