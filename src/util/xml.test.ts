import { DomHandler, DomUtils } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseBoundedXml, XmlDepthError } from './xml.js';

const nested = (depth: number, closed = true): string => `<r>\n${'<a>'.repeat(depth - 1)}x${closed ? '</a>'.repeat(depth - 1) : ''}</r>`;

describe('parseBoundedXml', () => {
  it('reads nesting up to the bound and refuses the first element past it, with the line and the file', () => {
    let deepest = 0;
    let depth = 0;
    const counting = { onopentag: () => (deepest = Math.max(deepest, ++depth)), onclosetag: () => depth-- };
    parseBoundedXml(nested(40), counting, { xmlMode: true, maxDepth: 40 });
    expect(deepest).toBe(40);

    for (const closed of [true, false]) {
      const refusal = (() => {
        try {
          parseBoundedXml(nested(41, closed), {}, { xmlMode: true, maxDepth: 40, where: 'deep.xml' });
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(XmlDepthError);
      expect((refusal as Error).message).toBe('deep.xml: XML nested deeper than 40 elements (line 2)');
    }
    expect(() => parseBoundedXml('<a>'.repeat(1001), {}, { xmlMode: true })).toThrow(/^XML nested deeper than 1000 elements \(line 1\)$/);
  });

  it('counts elements that close themselves, or are cut off, as closed', () => {
    // 2,000 siblings, each closed one way or another, never more than two deep.
    const siblings = `<r>${'<a/><b></b>'.repeat(1000)}</r>`;
    let opened = 0;
    parseBoundedXml(siblings, { onopentag: () => opened++ }, { xmlMode: true, recognizeSelfClosing: true, maxDepth: 2 });
    expect(opened).toBe(2001);
    expect(() => parseBoundedXml('<r><a x="1', {}, { xmlMode: true, maxDepth: 2 })).not.toThrow();
  });

  it('drives a DomHandler as parseDocument does, its methods called on it', () => {
    const handler = new DomHandler(undefined, { xmlMode: true });
    parseBoundedXml('<doc><token t_id="1">Acme</token><token t_id="2">&amp; Co</token></doc>', handler, { xmlMode: true, decodeEntities: true });
    const tokens = DomUtils.getElementsByTagName('token', handler.root.children);
    expect(tokens.map((token) => [token.attribs['t_id'], DomUtils.textContent(token)])).toEqual([['1', 'Acme'], ['2', '& Co']]);
  });
});
