import { describe, expect, it } from 'vitest';
import { Document } from '../document/document.js';
import { cleanSource } from '../clean/index.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { analyseAttributions, kindOf, type AttributionFinder, type PredictedAttribution } from './index.js';
import { outletByName } from './outlets.js';

const tools = loadLanguageTools();

/**
 * A finder that proposes the attributions a test spells out, located by their words in the text; "said|she
 * said" is the "said" inside the first "she said".
 */
function spelledOut(parts: { cue: string; source?: string; content: string }[]): AttributionFinder {
  return {
    findAttributions(text: string): PredictedAttribution[] {
      const at = (spec: string): { start: number; end: number } => {
        const [words, context = words] = spec.split('|') as [string, string?];
        const start = text.indexOf(context) + context.indexOf(words);
        if (text.indexOf(context) < 0) throw new Error(`"${context}" is not in the text`);
        return { start, end: start + words.length };
      };
      return parts.map((p) => ({ cue: [at(p.cue)], source: p.source ? [at(p.source)] : [], content: [at(p.content)] }));
    },
  };
}

function article(body: string, outlet = 'Harbour Gazette'): Document {
  const text = `Talks stall over ports\n\nMarch 3, 2021\n\nBy Ada Lind, ${outlet}\n\n${body}`;
  const [doc] = cleanSource({ uri: 'chain.txt', format: 'txt', text, encoding: 'utf-8', hints: {} });
  return doc!;
}

describe('outlets', () => {
  it('knows wires and outlets by name and by the shape of their names, abbreviations only as written', () => {
    expect(outletByName('United Press International')).toEqual({ name: 'United Press International', kind: 'wire' });
    expect(outletByName('AP')).toEqual({ name: 'Associated Press', kind: 'wire' });
    expect(outletByName('ap')).toBeUndefined();
    expect(outletByName('The Hill')).toEqual({ name: 'The Hill', kind: 'outlet' });
    expect(outletByName('The Lagos Herald')).toEqual({ name: 'The Lagos Herald', kind: 'outlet' });
    expect(outletByName('Ana Ferreira')).toBeUndefined();
  });
});

describe('kinds of attribution', () => {
  it('tells direct, mixed and indirect content apart', () => {
    expect(kindOf('\u201cWe will not sign this deal,\u201d')).toBe('direct');
    expect(kindOf('that the deal was \u201ca terrible mistake\u201d for the port')).toBe('mixed');
    expect(kindOf('that the deal would be signed next week')).toBe('indirect');
  });
});

describe('reporting chains', () => {
  it('traces a second-hand quote through the report the article cites and the wire that carried it', () => {
    const doc = article(
      [
        'Minister Tomas Brandt criticised the harbour deal, it emerged on Friday.',
        "Thursday's report by The Lagos Herald revealed Brandt's objections during a closed meeting, Reuters reported.",
        '\u201cThis deal gives away our harbour,\u201d Brandt reportedly said during the meeting.',
        'Port director Ines Olsen told Harbour Radio that the talks would resume. \u201cWe are not done,\u201d she said, The Coast Ledger had reported.',
      ].join('\n\n'),
    );
    const text = analyseLanguage(doc, tools);
    analyseAttributions(
      doc,
      spelledOut([
        { cue: 'reportedly said', source: 'Brandt', content: '\u201cThis deal gives away our harbour,\u201d' },
        { cue: 'told', source: 'Port director Ines Olsen', content: 'that the talks would resume' },
        { cue: 'said|she said', source: 'she|she said', content: '\u201cWe are not done,\u201d' },
      ]),
      text,
    );
    const [brandt, olsen, she] = doc.spansOf('attribution');
    expect(brandt!.kind).toBe('direct');
    expect(brandt!.speaker?.entity).toBe('person/tomas-brandt');
    expect(brandt!.chain.map((l) => [l.name, l.role])).toEqual([
      ['Tomas Brandt', 'speaker'],
      ['The Lagos Herald', 'outlet'],
      ['Reuters', 'wire'],
      ['Harbour Gazette', 'publisher'],
    ]);
    // Each named link points at the words that name it.
    for (const link of brandt!.chain.slice(1, 3)) expect(doc.slice(link.range!)).toContain(link.name.replace(/^The /, ''));

    expect(olsen!.kind).toBe('indirect');
    expect(olsen!.chain.map((l) => [l.name, l.role])).toEqual([
      ['Ines Olsen', 'speaker'],
      ['Harbour Radio', 'venue'],
      ['Harbour Gazette', 'publisher'],
    ]);
    // A pronoun source resolves through the language stage; the outlet that carried it is in the sentence.
    expect(she!.speaker?.entity).toBe('person/ines-olsen');
    expect(she!.chain.map((l) => l.name)).toEqual(['Ines Olsen', 'The Coast Ledger', 'Harbour Gazette']);
  });

  it('follows a quotation over paragraphs: open at the end of one, reopened at the start of the next', () => {
    const doc = article(
      [
        'Mayor Ines Olsen said: \u201cWe will rebuild the harbour before the winter storms arrive.',
        '\u201cThe money is already in the budget, and the workers are ready.\u201d',
        'The council meets again on Friday.',
      ].join('\n\n'),
    );
    analyseAttributions(
      doc,
      spelledOut([{ cue: 'said', source: 'Mayor Ines Olsen', content: '\u201cWe will rebuild the harbour before the winter storms arrive.' }]),
      analyseLanguage(doc, tools),
    );
    const [olsen] = doc.spansOf('attribution');
    expect(olsen!.content.map((r) => doc.slice(r))).toEqual([
      '\u201cWe will rebuild the harbour before the winter storms arrive.',
      '\u201cThe money is already in the budget, and the workers are ready.\u201d',
    ]);
    expect(olsen!.kind).toBe('direct');
  });
});
