/**
 * Fuzzing the PETRARCH/TABARI dictionary readers (verbs, actors, agents, discards, issues) and their byte
 * decoding: a damaged dictionary is read, or refused with a DictionaryError naming the file and a line of it,
 * in bounded time and memory (expansions that multiply each other are refused, not built).
 *
 * Inputs per full run (parser → numRuns):
 *   verbs 250, actors 250, agents 200, discards 150, issues 200, decodeDictionaryBytes 200,
 *   expansion bombs 100, loadDictionaries on files 40  — 1,390 in all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DictionaryError,
  decodeDictionaryBytes,
  loadDictionaries,
  parseActorDictionary,
  parseAgentDictionary,
  parseDiscardDictionary,
  parseIssueDictionary,
  parseVerbDictionary,
  type DictionaryMessage,
  type PhraseWord,
} from '../../src/events/dictionaries/index.js';
import { MAX_LINE_CHARACTERS } from '../../src/events/dictionaries/text.js';
import { damagedBytes, damagedText, expectDocumentedError, expectEvery, runs, scratchDirectory, settle, settleAsync, type DamageOptions } from './fuzz.js';

const RUNS = {
  verbs: 250,
  actors: 250,
  agents: 200,
  discards: 150,
  issues: 200,
  bytes: 200,
  expansionBombs: 100,
  files: 40,
};

const scratch = scratchDirectory('dictionaries');

// ---------------------------------------------------------------------------------------------------------
// Small dictionaries in each format, written for these tests

const VERBS = `<!-- harbour test verbs -->
&VESSEL
+FERRY
+TUGBOAT
+CARGO_SHIP_
&CRAFT_
+&VESSEL
+DINGHY

--- MOOR  [043] ---
MOOR
BERTH {BERTHS BERTHED BERTHING}
+TIE_UP  # the first word inflects
- $ * + AT_HARBOUR [043]  # visits
- * &CRAFT [---]
- $ * IN_ + [042:043]
~ a (a b MOOR) SAY = a b 010

--- SINK [195] ---
SCUTTLE [190]
- $ * + &VESSEL [195] ; TABARI-era comment
`;

const ACTORS = `; harbour test actors
PORT_AWEN_  [PAW]
+AWEN_HARBOUR
HARBOUR_MASTER_ # the office
\t[PAWGOV 080101-201231]
\t[PAWGOV >20210101]
\t[PAWMIL <970630]
ISLAND_FERRY_COMPANY [PAWBUS]
JANE_QUAYSIDE_ [PAWGOV 150301-190228] [PAW]
`;

const AGENTS = `<!-- harbour test agents -->
!ROLE! = KEEPER, KEEPERS, WARDEN, WARDENS

HARBOUR_MASTER [~GOV] # one office
LIGHTHOUSE_!ROLE! [~GOV]
PILOT {PILOTS} [~BUS]
SMUGGLER {} [CRM~]
COAST GUARD [~MIL]
`;

const DISCARDS = `# harbour test discards
REGATTA
+YACHT_RACE_
SEA_SHANTY
`;

const ISSUES = `# harbour test issues
<ISSUE CATEGORY="MARITIME" TYPE="ALL">
n:ferry n:route [FERRY_SERVICE]
sea+wall [COASTAL_DEFENCE]
v:dredge harbour [DREDGING]
~regatta
~~sea shanty
</ISSUE>
`;

const LINE_JUNK = ['[', ']', '{', '}', '(', ')', '#', ';', '<!--', '-->', '<! --', '~', '~~', '+', '&', '!', '_', '\t', '\n', '---', '-', '%', '$', '*', '^', ':', '0', '20210231', '>', '<', '\0', '\u0007', '\uFFFD', '|'];

const DAMAGE: DamageOptions = {
  junk: [...LINE_JUNK, 'n:', 'v:', ' _ ', '\n+ [X]\n', '\n~ _\n', '<ISSUE CATEGORY="X">', '</ISSUE>', '!ROLE!', '&VESSEL', '&CRAFT', '[~GOV]', '[---]'],
  nesting: ['[', '{', '<!--', '+', '&VESSEL ', '!ROLE! ', 'n:x ', 'a+b ', '_', '\n+&VESSEL &VESSEL'],
  hugeAfter: [/\n/, /\[/, /_/],
};

const FILE = 'harbour.txt';

/** A dictionary read, or refused by a DictionaryError that names this file and a line it has (or the one past it). */
function expectReadOrRefused<T extends { messages: DictionaryMessage[] }>(text: string, read: () => T): T | undefined {
  const outcome = settle(text, read);
  const lastLine = text.split(/\r\n|\n|\r/).length;
  if (!outcome.ok) {
    expectDocumentedError(outcome.error, DictionaryError, new RegExp(`^${FILE}:\\d+: \\S`));
    const { file, line } = outcome.error as DictionaryError;
    expect(file).toBe(FILE);
    expect(line >= 1 && line <= lastLine + 1, `line ${line} of ${lastLine}`).toBe(true);
    return undefined;
  }
  expectEvery(outcome.value.messages, (m) => m.file === FILE && m.line >= 0 && m.line <= lastLine + 1 && m.message !== '', 'a message not naming file and line');
  return outcome.value;
}

/** A phrase of one or more words, none of them blank. */
const hasWords = (phrase: readonly PhraseWord[]) => phrase.length > 0 && phrase.every((word) => word.text.trim() !== '');

describe('dictionary readers on damaged dictionaries', () => {
  it('reads verb dictionaries: every kept pattern has exactly one verb, every phrase words', () => {
    fc.assert(
      fc.property(damagedText(VERBS, DAMAGE), fc.boolean(), (text, strict) => {
        const read = expectReadOrRefused(text, () => parseVerbDictionary(text, FILE, { strict }));
        if (!read) return;
        expectEvery([...read.dictionary.synsets.values()].flatMap((synset) => synset.phrases), hasWords, 'a synset phrase without words');
        const { blocks } = read.dictionary;
        expectEvery(blocks, (block) => block.name.trim() !== '', 'a block without a name');
        expectEvery(blocks.flatMap((block) => block.patterns), (p) => p.elements.filter((element) => element.kind === 'verb').length === 1, 'a pattern without exactly one verb');
        const wellFormed = (verb: (typeof blocks)[number]['verbs'][number]) => verb.verbIndex < verb.words.length && verb.forms.every((form) => form.every((word) => word !== ''));
        expectEvery(blocks.flatMap((block) => block.verbs), wellFormed, 'a verb with an empty word');
      }),
      runs(5101, RUNS.verbs),
    );
  });

  it('reads actor dictionaries: every actor has a phrase, every date is a calendar date', () => {
    fc.assert(
      fc.property(damagedText(ACTORS, DAMAGE), fc.boolean(), (text, strict) => {
        const read = expectReadOrRefused(text, () => parseActorDictionary(text, FILE, { strict }));
        if (!read) return;
        expectEvery(read.actors, (actor) => actor.phrases.length > 0 && actor.phrases.every((phrase) => phrase.words.every((word) => word !== '')), 'an actor without a phrase');
        const isDate = (date: string | undefined) => date === undefined || !Number.isNaN(Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`));
        expectEvery(read.actors.flatMap((actor) => actor.codes), (code) => isDate(code.from) && isDate(code.to), 'a restriction with an impossible date');
      }),
      runs(5201, RUNS.actors),
    );
  });

  it('reads agent dictionaries: every agent has a code and phrases of words', () => {
    fc.assert(
      fc.property(damagedText(AGENTS, DAMAGE), fc.boolean(), (text, strict) => {
        const read = expectReadOrRefused(text, () => parseAgentDictionary(text, FILE, { strict }));
        if (read) expectEvery(read.agents, (agent) => agent.code !== '' && agent.phrases.every(hasWords), 'an agent without a code or words');
      }),
      runs(5301, RUNS.agents),
    );
  });

  it('reads discard lists: every discard is a phrase', () => {
    fc.assert(
      fc.property(damagedText(DISCARDS, DAMAGE), (text) => {
        const read = expectReadOrRefused(text, () => parseDiscardDictionary(text, FILE));
        if (read) expectEvery(read.discards, (discard) => discard.text.trim() !== '', 'an empty discard');
      }),
      runs(5401, RUNS.discards),
    );
  });

  it('reads issue dictionaries: every issue has phrases of words', () => {
    fc.assert(
      fc.property(damagedText(ISSUES, DAMAGE), fc.boolean(), (text, strict) => {
        const read = expectReadOrRefused(text, () => parseIssueDictionary(text, FILE, { strict }));
        if (read) expectEvery(read.issues, (issue) => issue.phrases.length > 0 && issue.phrases.every((phrase) => phrase.trim() !== ''), 'an issue without phrases');
      }),
      runs(5501, RUNS.issues),
    );
  });
});

describe('decodeDictionaryBytes', () => {
  it('decodes UTF-8 or names the line with the NUL or the bad byte', () => {
    const valid = Buffer.from(VERBS + ACTORS + ISSUES, 'utf8');
    fc.assert(
      fc.property(damagedBytes(valid, { junk: ['\0', '\u00e9', '\uFEFF'] }), (bytes) => {
        const outcome = settle(bytes, () => decodeDictionaryBytes(bytes, FILE));
        if (!outcome.ok) return expectDocumentedError(outcome.error, DictionaryError, /^harbour\.txt:\d+: (?:binary data|not UTF-8 text)/);
        expect(outcome.value.startsWith('\uFEFF')).toBe(false);
      }),
      runs(5601, RUNS.bytes),
    );
  });
});

describe('expansions that multiply each other', () => {
  it('are read when small and refused with the line when they would exhaust memory', () => {
    // Each bomb doubles (or more) per repeat: n: forms, + joins, !MARKER! values, synsets of synsets.
    const bomb = fc.tuple(fc.constantFrom('issue-forms', 'issue-joins', 'agent-markers', 'synsets'), fc.integer({ min: 1, max: 60 })).map(([kind, repeats]) => {
      switch (kind) {
        case 'issue-forms':
          return { kind, text: `<ISSUE CATEGORY="X">\n${'n:quay '.repeat(repeats)}[X]\n</ISSUE>`, read: parseIssueDictionary };
        case 'issue-joins':
          return { kind, text: `<ISSUE CATEGORY="X">\nsea${'+n:wall'.repeat(repeats)} [X]\n</ISSUE>`, read: parseIssueDictionary };
        case 'agent-markers':
          return { kind, text: `!M! = A, B, C\n${'!M!_'.repeat(repeats)}KEEPER [~GOV]`, read: parseAgentDictionary };
        default: {
          // &S1 = two phrases, &S2 = every pair of &S1 phrases, &S3 = every pair of &S2 phrases ...
          const synsets = Array.from({ length: repeats }, (_, i) => (i === 0 ? '&S1\n+QUAY\n+DOCK' : `&S${i + 1}\n+&S${i} &S${i}`));
          return { kind, text: `${synsets.join('\n')}\n--- MOOR [043] ---\nMOOR\n- * &S${repeats} [043]`, read: parseVerbDictionary };
        }
      }
    });
    fc.assert(
      fc.property(bomb, ({ text, read }) => {
        const outcome = settle(text, () => read(text, FILE));
        if (!outcome.ok) expectDocumentedError(outcome.error, DictionaryError, /^harbour\.txt:\d+: expan(?:ds to more than [\d,]+ (?:phrases|characters), the limit for one line|sions add up to more than)/);
        else expect(JSON.stringify(outcome.value).length).toBeLessThan(20 * MAX_LINE_CHARACTERS);
      }),
      runs(5701, RUNS.expansionBombs),
    );
  });
});

describe('loadDictionaries', () => {
  it('loads damaged files of every kind, or names the file and line that stops it', async () => {
    const files = fc.record({
      verbs: fc.oneof(damagedText(VERBS, DAMAGE), fc.constant(VERBS)),
      actors: damagedText(ACTORS, DAMAGE),
      agents: damagedText(AGENTS, DAMAGE),
      discards: damagedText(DISCARDS, DAMAGE),
      issues: damagedText(ISSUES, DAMAGE),
    });
    let count = 0;
    await fc.assert(
      fc.asyncProperty(files, async (texts) => {
        const paths = Object.fromEntries(
          Object.entries(texts).map(([kind, text]) => {
            const path = join(scratch, `${++count}.${kind}.txt`);
            writeFileSync(path, text);
            return [kind, [path]];
          }),
        );
        const outcome = await settleAsync(texts, () => loadDictionaries(paths));
        if (outcome.ok) expect(outcome.value.files).toHaveLength(5);
        else expectDocumentedError(outcome.error, DictionaryError, new RegExp(`^${scratch}/\\d+\\.\\w+\\.txt:\\d+: `));
      }),
      runs(5801, RUNS.files),
    );
  });

  it('merges a verb file of 200,000 blocks, more than a spread argument list holds', async () => {
    // Not fuzzed, and not held to the hang bound: one large input, sized past what push(...blocks) survives.
    const path = join(scratch, 'many.verbs.txt');
    writeFileSync(path, Array.from({ length: 200_000 }, (_, i) => `--- BLOCK${i} [010] ---`).join('\n'));
    const dictionaries = await loadDictionaries({ verbs: [path] });
    expect(dictionaries.verbs.blocks).toHaveLength(200_000);
  });
});
