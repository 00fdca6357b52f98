/**
 * XML checks shared by the feed and sitemap readers. htmlparser2 reads any markup leniently, closing whatever is
 * left open; a feed cut off half way would then look like a shorter feed. These checks turn that into an error.
 */
import type { Parser } from 'htmlparser2';
import { lineOf, parseBoundedXml } from '../util/xml.js';
import { decodeText } from './encoding.js';
import { sniffHtmlCharset } from './html.js';

/**
 * Throws `broken XML: ...` (with the line) when an element is left open or closed by another element's end tag,
 * and `XML nested deeper than N elements (line L)` past MAX_XML_DEPTH (src/util/xml.ts), before the document is built. Entities are
 * not expanded beyond the predefined ones, so entity tricks (billion laughs, external entities) do nothing.
 */
export function checkWellFormedXml(xml: string): void {
  const open: { name: string; start: number }[] = [];
  let problem: string | undefined;
  let parser!: Parser;
  parseBoundedXml(
    xml,
    {
      onparserinit(running) {
        parser = running;
      },
      onopentag(name) {
        open.push({ name, start: parser.startIndex });
      },
      onclosetag(name, isImplied) {
        const element = open.pop();
        if (problem !== undefined || !isImplied) return;
        const token = xml.slice(parser.startIndex, parser.endIndex + 1);
        if (token.startsWith(`<${name}`) && token.endsWith('/>')) return; // <name/> closes itself
        const opened = `<${name}> opened on line ${lineOf(xml, element?.start ?? 0)}`;
        problem = token.startsWith('</')
          ? `${opened} is closed by ${token} on line ${lineOf(xml, parser.startIndex)}`
          : `${opened} is never closed (the document ends first)`;
      },
    },
    { xmlMode: true },
  );
  if (problem !== undefined) throw new Error(`broken XML: ${problem}`);
  if (!/<[A-Za-z_]/.test(xml)) throw new Error('not XML: no element found');
}

/** Decodes XML bytes: a BOM, UTF-8, the transport's charset or the XML declaration's encoding. */
export function decodeXml(bytes: Uint8Array, contentType?: string | null): string {
  const transport = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  return decodeText(bytes, transport ?? sniffHtmlCharset(bytes)).text;
}
