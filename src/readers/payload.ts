/**
 * An HTTP response body (from a WARC record or a live fetch) as a source: its media type decides HTML or text,
 * its charset is decoded the way browsers do, and HTML goes through the article extractor.
 */
import type { InputFormat, SourceHints } from '../document/types.js';
import { decodeText } from './encoding.js';
import { extractHtml, sniffHtmlCharset } from './html.js';
import type { ReadResult } from './types.js';

const HTML_MEDIA_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_MEDIA_TYPES = new Set(['text/plain']);

/** The media type of a Content-Type header, lower-cased without parameters (`text/html`). */
export function mediaTypeOf(contentType: string | null | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** The `charset` parameter of a Content-Type header. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1];
}

/**
 * How a body with this Content-Type is read: `html`, `txt`, or undefined for anything else (images, scripts,
 * PDFs). Without a Content-Type the first bytes decide.
 */
export function payloadFormat(contentType: string | null | undefined, body: Uint8Array): InputFormat | undefined {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === undefined) return looksLikeHtml(body) ? 'html' : 'txt';
  if (HTML_MEDIA_TYPES.has(mediaType)) return 'html';
  if (TEXT_MEDIA_TYPES.has(mediaType)) return 'txt';
  return undefined;
}

export interface PayloadOptions {
  contentType?: string | null;
  /** Facts from outside the page (the crawl date, a feed item's title): the page's own metadata wins over them. */
  fallbackHints?: SourceHints;
}

/**
 * Reads one HTTP body as a source named `uri`. A body that is neither HTML nor text, or that cannot be decoded or
 * has no text, gives an error result naming `uri`.
 */
export function readHttpPayload(uri: string, body: Uint8Array, options: PayloadOptions = {}): ReadResult {
  const format = payloadFormat(options.contentType, body);
  if (format === undefined) {
    return failure(uri, `not an HTML or text page (Content-Type ${options.contentType ?? 'missing'})`);
  }
  const fallback = options.fallbackHints ?? {};
  try {
    // The transport's charset comes first, as in browsers; a page's own declaration is the fallback.
    const declared = charsetOf(options.contentType) ?? (format === 'html' ? sniffHtmlCharset(body) : undefined);
    const { text, encoding } = decodeText(body, declared);
    if (format === 'txt') return { ok: true, source: { uri, format, text, encoding, hints: { ...fallback } } };
    const page = extractHtml(text);
    return { ok: true, source: { uri, format, text: page.text, encoding, hints: { ...fallback, ...page.hints }, marks: page.marks } };
  } catch (error) {
    return failure(uri, error instanceof Error ? error.message : String(error));
  }
}

function looksLikeHtml(body: Uint8Array): boolean {
  const head = Buffer.from(body.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(?:head|body|p|div|article)[\s>]/.test(head);
}

function failure(uri: string, message: string): ReadResult {
  return { ok: false, error: { uri, message } };
}
