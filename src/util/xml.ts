/**
 * htmlparser2 with a bound on nesting, for every XML the project reads (feeds, sitemaps, evaluation corpora).
 * htmlparser2 keeps its open elements in an array it unshifts and shifts at the front; once that array is tens
 * of thousands long, every tag costs time in proportion to the depth (quadratic over the file), and a DOM that
 * deep overflows the stack of a recursive walk. Real files nest a handful of levels.
 */
import { Parser, type Handler, type ParserOptions } from 'htmlparser2';

export const MAX_XML_DEPTH = 1000;

/** Nesting past the bound: `[where: ]XML nested deeper than N elements (line L)`. */
export class XmlDepthError extends Error {}

export interface BoundedXmlOptions extends ParserOptions {
  /** Put before the message: the file name, say. */
  where?: string;
  maxDepth?: number;
}

const HANDLER_METHODS = [
  'onparserinit', 'onreset', 'onend', 'onerror', 'onclosetag', 'onopentagname', 'onattribute', 'onopentag', 'ontext',
  'oncomment', 'oncdatastart', 'oncdataend', 'oncommentend', 'onprocessinginstruction',
] as const satisfies readonly (keyof Handler)[];

/**
 * Parses `xml` whole with `handler` (an object of callbacks or a DomHandler; its methods are called on it), and
 * throws XmlDepthError at the first element opened deeper than `maxDepth`. A handler that reads the parser's
 * indices while it runs gets the parser from `onparserinit`.
 */
export function parseBoundedXml(xml: string, handler: Partial<Handler>, options: BoundedXmlOptions = {}): void {
  const { where, maxDepth = MAX_XML_DEPTH, ...parserOptions } = options;
  const callbacks: Partial<Record<keyof Handler, unknown>> = {};
  for (const method of HANDLER_METHODS) {
    const callback = handler[method] as ((...args: unknown[]) => void) | undefined;
    if (callback) callbacks[method] = callback.bind(handler);
  }
  let depth = 0;
  const opened = callbacks.onopentagname as ((name: string) => void) | undefined;
  const closed = callbacks.onclosetag as ((name: string, isImplied: boolean) => void) | undefined;
  // onopentagname, not onopentag: it is the one htmlparser2 calls whenever it pushes an element, even one whose
  // start tag the input cuts off before its attributes end.
  callbacks.onopentagname = (name: string) => {
    if (++depth > maxDepth) {
      const message = `XML nested deeper than ${maxDepth} elements (line ${lineOf(xml, parser.startIndex)})`;
      throw new XmlDepthError(where === undefined ? message : `${where}: ${message}`);
    }
    opened?.(name);
  };
  callbacks.onclosetag = (name: string, isImplied: boolean) => {
    depth--;
    closed?.(name, isImplied);
  };
  const parser = new Parser(callbacks as Partial<Handler>, parserOptions);
  parser.write(xml);
  parser.end();
}

/** The 1-based line of a character offset. */
export function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
