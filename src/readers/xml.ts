/**
 * XML checks shared by the feed and sitemap readers. htmlparser2 reads any markup leniently, closing whatever is
 * left open; a feed cut off half way would then look like a shorter feed. These checks turn that into an error.
 */
import { Parser } from 'htmlparser2';
import { decodeText } from './encoding.js';
import { sniffHtmlCharset } from './html.js';

/** Feeds and sitemaps nest a handful of levels; hostile ones nest thousands to exhaust time and stack. */
export const MAX_XML_DEPTH = 1000;

/**
 * Throws `broken XML: ...` (with the line) when an element is left open or closed by another element's end tag,
 * and `XML nested deeper than N elements (line L)` past MAX_XML_DEPTH, before the document is built. Entities are
 * not expanded beyond the predefined ones, so entity tricks (billion laughs, external entities) do nothing.
 */
export function checkWellFormedXml(xml: string): void {
  const open: { name: string; start: number }[] = [];
  let problem: string | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        if (open.length >= MAX_XML_DEPTH) throw new Error(`XML nested deeper than ${MAX_XML_DEPTH} elements (line ${lineOf(xml, parser.startIndex)})`);
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
  parser.end(xml);
  if (problem !== undefined) throw new Error(`broken XML: ${problem}`);
  if (!/<[A-Za-z_]/.test(xml)) throw new Error('not XML: no element found');
}

/** Decodes XML bytes: a BOM, UTF-8, the transport's charset or the XML declaration's encoding. */
export function decodeXml(bytes: Uint8Array, contentType?: string | null): string {
  const transport = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  return decodeText(bytes, transport ?? sniffHtmlCharset(bytes)).text;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
