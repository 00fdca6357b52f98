import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { parseActorDictionary } from '../dictionaries/actors.js';
import { parseAgentDictionary } from '../dictionaries/agents.js';
import { parseDiscardDictionary } from '../dictionaries/discards.js';
import { parseIssueDictionary } from '../dictionaries/issues.js';
import type { DictionarySet } from '../dictionaries/types.js';
import { parseVerbDictionary } from '../dictionaries/verbs.js';
import { EventCoder } from './coder.js';
import { coderTokens, type CoderToken } from './tokens.js';

// Invented dictionaries: places and people that exist nowhere, codes chosen for the test.
const ACTORS = `
VALDORIA [VAL]
+VALDORIAN
KESTREL_ISLANDS [KST]
+KESTREL
NORTH_BRASK [NBR]
BRASK [BRK]
MARA_TOLL
\t[VALGOV 20100101-20151231]
\t[VALOPP >20160101]
TORVIK TELEVISION [TORMED]
TORVIK [TOR]
`;
const AGENTS = `
MINISTER [~GOV]
GOVERNMENT [~GOV]
SOLDIER [~MIL]
LAWMAKER [~LEG]
RELIEF_AGENCY [NGO~]
`;
const VERBS = `
&TIES
+DIPLOMATIC
+TRADE

--- PRAISE [051] ---
PRAISE
HAIL
- WARMLY_* [051]

--- MEET [036:036] ---
MEET {MEETS MET MEETING}
- % * [043]

--- RESTORE [064] ---
RESTORE
- * &TIES TIES [064]
- NOT * [111]

--- ACCUSE [112] ---
ACCUSE
- * + OF SPYING [1121]

--- SEIZE [171] ---
SEIZE {SEIZES SEIZED SEIZING}
- *_CONTROL [171]

--- CONDEMN [122] ---
CONDEMN
ZORP_+BLIX [1231]

--- PROMISE [050] ---
PROMISE
- * AID [051]
`;

function dictionaries(extraDiscards = ''): DictionarySet {
  return {
    verbs: parseVerbDictionary(VERBS, 'test.verbs.txt').dictionary,
    actors: parseActorDictionary(ACTORS, 'test.actors.txt').actors,
    agents: parseAgentDictionary(AGENTS, 'test.agents.txt').agents,
    discards: parseDiscardDictionary(extraDiscards, 'test.discards.txt').discards,
    issues: [],
    messages: [],
    files: [],
  };
}

function code(sentence: string, date = '20200101', discards = ''): string[] {
  const coder = new EventCoder(dictionaries(discards));
  const coding = coder.codeSentence(coderTokens(analyseText(sentence).tokens), date, { text: sentence });
  return coding.events.map((e) => `${e.source.code}>${e.target.code}:${e.code}`);
}

describe('EventCoder', () => {
  it('codes subject, verb and object with the verb block code', () => {
    expect(code('Valdoria praised Brask on Monday.')).toEqual(['VAL>BRK:051']);
  });

  it('prefers the longest actor phrase and composes agents after the actor code', () => {
    expect(code('The North Brask minister condemned Valdoria.')).toEqual(['NBRGOV>VAL:122']);
  });

  it('uses the more specific pattern, with synsets and gaps between pattern words', () => {
    expect(code('Valdoria will restore full trade ties with Brask.')).toEqual(['VAL>BRK:064']);
    expect(code('Valdoria promised aid to the Kestrel Islands.')).toEqual(['VAL>KST:051']);
    expect(code('Valdoria promised talks to the Kestrel Islands.')).toEqual(['VAL>KST:050']);
  });

  it('finds a multi-word verb whatever the tagger made of its words', () => {
    expect(code('Valdoria zorp blixes Brask.')).toEqual(['VAL>BRK:1231']);
  });

  it('takes the target a pattern names', () => {
    expect(code('Brask accused Valdoria of spying.')).toEqual(['BRK>VAL:1121']);
  });

  it('gives paired codes both ways and compounds to every member', () => {
    expect(code('Valdoria met Brask in the capital.').sort()).toEqual(['BRK>VAL:036', 'VAL>BRK:036']);
    expect(code('Valdoria and Brask met on Friday.').sort()).toEqual(['BRK>VAL:043', 'VAL>BRK:043']);
    expect(code('Valdoria and the Kestrel Islands condemned Brask.').sort()).toEqual(['KST>BRK:122', 'VAL>BRK:122']);
  });

  it('distributes a prepositional phrase over conjuncts without an actor of their own', () => {
    expect(code('Soldiers and lawmakers from Valdoria condemned Brask.').sort()).toEqual(['VALLEG>BRK:122', 'VALMIL>BRK:122']);
  });

  it('shares the subject with a second verb phrase joined by and', () => {
    expect(code('The Valdorian government condemned Brask on Thursday and seized the Kestrel Islands.').sort()).toEqual([
      'VALGOV>BRK:122',
      'VALGOV>KST:171',
    ]);
  });

  it('swaps source and target in a passive with "by"', () => {
    expect(code('Valdoria was condemned by Brask.')).toEqual(['BRK>VAL:122']);
  });

  it('resolves date-restricted actor codes against the sentence date', () => {
    expect(code('Mara Toll praised Brask.', '20120601')).toEqual(['VALGOV>BRK:051']);
    expect(code('Mara Toll praised Brask.', '20190601')).toEqual(['VALOPP>BRK:051']);
  });

  it('lets words come between space-separated actor words inside one phrase', () => {
    expect(code('Brask praised Torvik state television.')).toEqual(['BRK>TORMED:051']);
  });

  it('puts agents written with a trailing tilde before the actor code', () => {
    expect(code('A Valdoria relief agency praised Brask.')).toEqual(['NGOVAL>BRK:051']);
  });

  it('codes nothing without two known actors, and nothing from discarded sentences', () => {
    expect(code('Crowds praised the weather.')).toEqual([]);
    expect(code('Valdoria praised Brask at the chess olympiad.', '20200101', 'CHESS OLYMPIAD')).toEqual([]);
  });

  it('codes the issues of a sentence that has an event, and none where an ignore phrase stands', () => {
    const issues = parseIssueDictionary('<ISSUE CATEGORY="WATER">\nn:reservoir [WATER_RIGHTS]\nriver v:dam [WATER_RIGHTS]\nn:drought [DROUGHT]\n~drought of ideas\n</ISSUE>\n', 'test.issues.txt').issues;
    const coder = new EventCoder({ ...dictionaries(), issues });
    const run = (text: string) => coder.codeSentence(coderTokens(analyseText(text).tokens), '20200101', { text });
    expect(run('Valdoria condemned Brask over the reservoirs and the drought.').issues.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: 'DROUGHT', count: 1 },
      { code: 'WATER_RIGHTS', count: 1 },
    ]);
    expect(run('Valdoria condemned Brask for a drought of ideas.').issues).toEqual([]);
    expect(run('The reservoirs are low.').issues).toEqual([]);
  });

  it('does not code an actor acting on itself', () => {
    expect(code('Valdoria praised Valdoria.')).toEqual([]);
  });

  it('never throws and keeps every index inside the sentence, whatever the words and tags', () => {
    const coder = new EventCoder(dictionaries('CHESS'));
    const words = ['WARMLY', 'SEIZED', 'CONTROL', 'VALDORIA', 'BRASK', 'MINISTER', 'PRAISED', 'MET', 'RESTORE', 'TIES', 'TRADE', 'AND', ',', 'BY', 'WAS', 'THE', 'OF', 'FROM', 'NOT', 'AID', '.', 'SPYING', 'ACCUSED', 'KESTREL', 'ISLANDS', "'S", '-'];
    const tags = ['PROPN', 'NOUN', 'VERB', 'AUX', 'ADP', 'DET', 'ADJ', 'ADV', 'PUNCT', 'CCONJ', 'PART', 'PRON'];
    const token = fc.record({ word: fc.constantFrom(...words), pos: fc.constantFrom(...tags) });
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (drawn) => {
        const tokens: CoderToken[] = drawn.map((t, i) => ({ ...t, start: i * 10, end: i * 10 + t.word.length }));
        const coding = coder.codeSentence(tokens, '20200101');
        for (const event of coding.events) {
          for (const index of [...event.trigger, ...event.source.tokens, ...event.target.tokens]) {
            expect(index).toBeGreaterThanOrEqual(0);
            expect(index).toBeLessThan(tokens.length);
          }
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
