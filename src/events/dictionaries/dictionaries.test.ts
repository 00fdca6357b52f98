import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DictionaryError,
  decodeDictionaryBytes,
  dictionaryKindOf,
  findDictionaryFiles,
  loadDictionaries,
  loadDictionaryDirectory,
  parseActorDictionary,
  parseAgentDictionary,
  parseDiscardDictionary,
  parseIssueDictionary,
  parseVerbDictionary,
  pluralOf,
  regularVerbForms,
  withCentury,
  type DictionaryMessage,
  type PatternElement,
  type PhraseWord,
  type VerbBlock,
} from './index.js';

/** Asserts that `run` throws a DictionaryError for `file` at `line` whose problem mentions `fragment`. */
function expectError(run: () => unknown, file: string, line: number, fragment: string | RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a DictionaryError').toBeInstanceOf(DictionaryError);
  const error = caught as DictionaryError;
  expect(error.file).toBe(file);
  expect(error.line).toBe(line);
  expect(error.message.startsWith(`${file}:${line}: `)).toBe(true);
  if (typeof fragment === 'string') expect(error.problem).toContain(fragment);
  else expect(error.problem).toMatch(fragment);
}

function messageAt(messages: DictionaryMessage[], line: number): string {
  return messages
    .filter((message) => message.line === line)
    .map((message) => message.message)
    .join(' / ');
}

const phraseText = (phrase: PhraseWord[]): string =>
  phrase.map((word, index) => word.text + (index < phrase.length - 1 ? (word.joinedToNext ? '_' : ' ') : '')).join('');

/** Patterns written back in dictionary notation, for compact assertions. */
function patternText(elements: PatternElement[]): string {
  const symbol: Record<string, string> = { source: '$', target: '+', compound: '%', skip: '^', verb: '*' };
  return elements
    .map((element) => {
      const text = element.kind === 'word' ? element.text : element.kind === 'synset' ? `&${element.name}` : symbol[element.kind]!;
      return text + (element.joinedToNext ? '_' : ' ');
    })
    .join('')
    .trim();
}

const block = (blocks: VerbBlock[], name: string): VerbBlock => {
  const found = blocks.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no block ${name}`);
  return found;
};

describe('inflections', () => {
  it('forms plurals with the documented rules and their usual refinements', () => {
    expect(pluralOf('LANTERN')).toBe('LANTERNS');
    expect(pluralOf('DEPUTY')).toBe('DEPUTIES');
    expect(pluralOf('MOSS')).toBe('MOSSES');
    expect(pluralOf('BOX')).toBe('BOXES');
    expect(pluralOf('BENCH')).toBe('BENCHES');
    expect(pluralOf('ENVOY')).toBe('ENVOYS');
  });

  it('forms regular verb forms without doubling consonants, as PETRARCH does', () => {
    expect(regularVerbForms('TRUDGE')).toEqual(['TRUDGES', 'TRUDGED', 'TRUDGING']);
    expect(regularVerbForms('HURRY')).toEqual(['HURRIES', 'HURRIED', 'HURRYING']);
    expect(regularVerbForms('PLAY')).toEqual(['PLAYS', 'PLAYED', 'PLAYING']);
    expect(regularVerbForms('BUZZ')).toEqual(['BUZZES', 'BUZZED', 'BUZZING']);
    expect(regularVerbForms('AGREE')).toEqual(['AGREES', 'AGREED', 'AGREEING']);
    expect(regularVerbForms('TIE')).toEqual(['TIES', 'TIED', 'TYING']);
    expect(regularVerbForms('STOP')).toEqual(['STOPS', 'STOPED', 'STOPING']);
  });

  it('reads six-digit years up to 30 as 20YY and later ones as 19YY', () => {
    expect(withCentury('300101')).toBe('20300101');
    expect(withCentury('310101')).toBe('19310101');
    expect(withCentury('000229')).toBe('20000229');
  });
});

const QUILL_VERBS = `<!-- QUILLMARK TEST VERBS -->
<!-- this comment
     runs over three lines -->
####### SYNONYM SETS #######
&GLIMMERCOIN  # coins of the marsh folk
+ZORBLE
+MOSSY_PENNY
+GRASS
+STUMP_
+TWIG BUNDLE

&HUSHWORDS_
+WHISPERY
+MUM

&TREASURE
+&GLIMMERCOIN
+OPAL
+&NOWHERE

####### VERB PATTERNS #######
--- TRUDGE [042] ---
TRUDGE   # walks in mud
HURRY [043]
FLING {FLUNG FLINGING FLINGS}
+BOOP_AWAY
MOSS_+WHISK {MOSS_+WHISKED MOSS_+WHISKING}
STOP
- * &GLIMMERCOIN [044] # paying in zorbles
- $ IN_* +_TOWER ^ % [045:046]
- SO IN_AND_*_OUT_AGAIN NOW [047]
- * NEW_&TREASURE_HOARD [048]
- * &NOWHERE [049]
- IN_ * OFF_ [050]
- * TALLY [###]  # a hash code survives
- &HUSHWORDS * [---]

--- MURMUR ---
MURMUR
- * SOFTLY [---:011]

--- DOZE [---] ---
DOZE ; TABARI-style comment

~ a (a b WILL_POUNCE) MURMUR = a b 138
`;

describe('parseVerbDictionary', () => {
  const { dictionary, messages } = parseVerbDictionary(QUILL_VERBS, 'quill.verbs');

  it('reads synsets with plurals, no-plural labels and phrases, and nested synsets', () => {
    const coins = dictionary.synsets.get('GLIMMERCOIN')!;
    expect(coins.origin).toEqual({ file: 'quill.verbs', line: 5 });
    expect(coins.phrases.map(phraseText)).toEqual([
      'ZORBLE',
      'ZORBLES',
      'MOSSY_PENNY',
      'MOSSY_PENNIES',
      'GRASS',
      'GRASSES',
      'STUMP',
      'TWIG_BUNDLE', // a space in a synset phrase also means consecutive words
      'TWIG_BUNDLES',
    ]);
    expect(dictionary.synsets.get('HUSHWORDS')!.phrases.map(phraseText)).toEqual(['WHISPERY', 'MUM']);
    const treasure = dictionary.synsets.get('TREASURE')!.phrases.map(phraseText);
    expect(treasure).toEqual([...coins.phrases.map(phraseText), 'OPAL', 'OPALS']);
    expect(messageAt(messages, 19)).toContain('&NOWHERE is not defined');
  });

  it('reads blocks with their codes: given, absent (null), null `---`, paired', () => {
    expect(dictionary.blocks.map((b) => [b.name, b.code])).toEqual([
      ['TRUDGE', { primary: '042' }],
      ['MURMUR', null],
      ['DOZE', { primary: null }],
    ]);
    expect(block(dictionary.blocks, 'MURMUR').patterns[0]!.code).toEqual({ primary: null, paired: '011' });
  });

  it('reads verbs with regular, irregular and multi-word forms and their own codes', () => {
    const verbs = block(dictionary.blocks, 'TRUDGE').verbs;
    const byWord = (word: string) => verbs.find((verb) => verb.words.includes(word))!;
    expect(byWord('TRUDGE').forms).toEqual([['TRUDGE'], ['TRUDGES'], ['TRUDGED'], ['TRUDGING']]);
    expect(byWord('TRUDGE').code).toBeUndefined();
    expect(byWord('HURRY').code).toEqual({ primary: '043' });
    expect(byWord('HURRY').forms).toEqual([['HURRY'], ['HURRIES'], ['HURRIED'], ['HURRYING']]);
    expect(byWord('FLING').forms).toEqual([['FLING'], ['FLUNG'], ['FLINGING'], ['FLINGS']]);
    const boop = byWord('BOOP');
    expect([boop.words, boop.verbIndex]).toEqual([['BOOP', 'AWAY'], 0]);
    expect(boop.forms).toEqual([['BOOP', 'AWAY'], ['BOOPS', 'AWAY'], ['BOOPED', 'AWAY'], ['BOOPING', 'AWAY']]);
    const whisk = byWord('WHISK');
    expect([whisk.words, whisk.verbIndex]).toEqual([['MOSS', 'WHISK'], 1]);
    expect(whisk.forms).toEqual([['MOSS', 'WHISK'], ['MOSS', 'WHISKED'], ['MOSS', 'WHISKING']]);
    expect(byWord('STOP').forms).toEqual([['STOP'], ['STOPS'], ['STOPED'], ['STOPING']]);
    expect(block(dictionary.blocks, 'DOZE').verbs[0]!.origin).toEqual({ file: 'quill.verbs', line: 43 });
  });

  it('reads pattern elements, `_` joins, codes and comments', () => {
    const patterns = block(dictionary.blocks, 'TRUDGE').patterns;
    expect(patterns.map((pattern) => patternText(pattern.elements))).toEqual([
      '* &GLIMMERCOIN',
      '$ IN_* +_TOWER ^ %',
      'SO IN_AND_*_OUT_AGAIN NOW',
      '* NEW_&TREASURE_HOARD',
      'IN * OFF', // `IN_ *` and a final `OFF_`: the `_` joins nothing
      '* TALLY',
      '&HUSHWORDS *',
    ]);
    expect(patterns[0]).toMatchObject({ code: { primary: '044' }, comment: 'paying in zorbles', origin: { line: 29 } });
    expect(patterns[1]!.code).toEqual({ primary: '045', paired: '046' });
    expect(patterns[1]!.comment).toBeUndefined();
    expect(patterns[5]!.code).toEqual({ primary: '###' });
    expect(patterns[6]!.code).toEqual({ primary: null });
    expect(messageAt(messages, 33)).toContain('synset &NOWHERE is not defined before this pattern; pattern skipped');
  });

  it('reads transformations', () => {
    expect(dictionary.transformations).toEqual([
      {
        upperSource: 'a',
        lowerSource: 'a',
        lowerTarget: 'b',
        lowerVerb: 'WILL_POUNCE',
        upperVerb: 'MURMUR',
        result: { source: 'a', target: 'b', code: '138' },
        origin: { file: 'quill.verbs', line: 45 },
      },
    ]);
  });

  it('reports only the tolerated problems', () => {
    expect(messages.map((message) => message.line)).toEqual([19, 33]);
  });

  it('lets a later file use the synsets of an earlier one', () => {
    const second = parseVerbDictionary('--- GRUMBLE [112] ---\nGRUMBLE\n- * ABOUT &GLIMMERCOIN [113]\n', 'more.verbs', {
      synsets: dictionary.synsets,
    });
    expect(second.messages).toEqual([]);
    expect(block(second.dictionary.blocks, 'GRUMBLE').patterns).toHaveLength(1);
  });

  it('tolerates the quirks of real verb files with messages', () => {
    const text = [
      '--- WANDER [010] [020] ---', // 1: two codes
      'WANDER',
      'DRIFT OFF', // 3: multi-word verb written with spaces
      'FLOAT_UP', // 4: multi-word verb without `+`
      '+SPIN_ROUND {+SPUN_ROUND SPINNING_ROUND+}', // 5: misplaced `+`
      '- SAID * A RIDDLE # no code', // 6
      '- MOSSLING [011]', // 7: no `*`
      '- * ROAMS * FAR [012]', // 8: two `*`
      '- * IN CIRCLES } [013]', // 9: stray `}`
      '-- + * HOME [014]', // 10: doubled dash
      '- * {ROCK | STONE} [015]', // 11: TABARI alternatives
      '&EMPTYSET', // 12
      '--- WANDER [010] ---', // 13: the same block name again
    ].join('\n');
    const result = parseVerbDictionary(text, 'quirks.verbs');
    const wander = result.dictionary.blocks[0]!;
    expect(wander.code).toEqual({ primary: '010' });
    expect(wander.verbs.map((verb) => [verb.words.join('_'), verb.verbIndex])).toEqual([
      ['WANDER', 0],
      ['DRIFT_OFF', 0],
      ['FLOAT_UP', 0],
      ['SPIN_ROUND', 0],
    ]);
    expect(wander.verbs[3]!.forms).toEqual([['SPIN', 'ROUND'], ['SPUN', 'ROUND'], ['SPINNING', 'ROUND']]);
    expect(wander.patterns.map((pattern) => patternText(pattern.elements))).toEqual(['* IN CIRCLES', '+ * HOME']);
    const lines = [...new Set(result.messages.map((message) => message.line))];
    expect(lines).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(messageAt(result.messages, 6)).toContain('no [code]');
    expect(messageAt(result.messages, 7)).toContain('no `*`');
    expect(messageAt(result.messages, 8)).toContain('2 `*`');
    expect(messageAt(result.messages, 9)).toContain('stray `}`');
  });

  it('makes quirks errors in strict mode', () => {
    expectError(() => parseVerbDictionary('--- WANDER [010] ---\nWANDER\n- SAID * A RIDDLE\n', 'f', { strict: true }), 'f', 3, 'no [code]');
    expectError(() => parseVerbDictionary('--- WANDER [010] ---\nWANDER\n- MOSSLING [011]\n', 'f', { strict: true }), 'f', 3, 'no `*`');
  });

  it('throws for malformed lines, naming file and line', () => {
    const header = '--- WOBBLE [010] ---\nWOBBLE\n';
    expectError(() => parseVerbDictionary('# first\n\nSNORKEL\n', 'a.verbs', {}), 'a.verbs', 3, 'before any `--- NAME [code] ---` block');
    expectError(() => parseVerbDictionary('- * THING [010]\n', 'b', {}), 'b', 1, 'pattern `- * THING [010]` comes before any');
    expectError(() => parseVerbDictionary(`${header}WOBBLE {WOBBLED WOBBLING\n`, 'c', {}), 'c', 3, '`{` is never closed');
    expectError(() => parseVerbDictionary(`${header}- * THING [010\n`, 'd', {}), 'd', 3, '`[` is never closed');
    expectError(() => parseVerbDictionary(`${header}- * {THING [010]\n`, 'e', {}), 'e', 3, '`{` is never closed');
    expectError(() => parseVerbDictionary(`${header}- IN* [010]\n`, 'f', {}), 'f', 3, 'must stand alone');
    expectError(() => parseVerbDictionary(`${header}- * THING [01 0]\n`, 'g', {}), 'g', 3, 'contains spaces');
    expectError(() => parseVerbDictionary(`${header}- * THING [010] EXTRA\n`, 'h', {}), 'h', 3, 'text after the pattern');
    expectError(() => parseVerbDictionary(`${header}~ a b SAY = a b\n`, 'i', {}), 'i', 3, 'transformation must read');
    expectError(() => parseVerbDictionary('&SET\n+$ COINS\n', 'j', {}), 'j', 2, 'words only');
    expectError(() => parseVerbDictionary('& BROKEN LABEL\n', 'k', {}), 'k', 1, 'synset label');
    expectError(() => parseVerbDictionary(`${header}+WOB_+BLE_+ON\n`, 'l', {}), 'l', 3, 'more than one word with `+`');
    expectError(() => parseVerbDictionary('--- [010] ---\n', 'm', {}), 'm', 1, 'has no name');
    expectError(() => parseVerbDictionary('# ok\n<!-- never closed\n--- X [010] ---\n', 'n', {}), 'n', 2, 'never closed with `-->`');
    expectError(() => parseVerbDictionary('--- X [010] ---\nX\u0000\n', 'o', {}), 'o', 2, 'binary data');
    expectError(() => parseVerbDictionary('&_\n', 'p', {}), 'p', 1, 'has no name');
    expectError(() => parseVerbDictionary('&SET\n+OWL\n+  \t\n', 'q', {}), 'q', 3, 'empty synset phrase');
    expectError(() => parseVerbDictionary(`${header}WOB {A} {B}\n`, 'r', {}), 'r', 3, 'more than one `{...}`');
    expectError(() => parseVerbDictionary(`${header}WOB [010] [020]\n`, 's', {}), 's', 3, 'more than one `[code]`');
    expectError(() => parseVerbDictionary(`${header}[010]\n`, 't', {}), 't', 3, 'has no verb');
    expectError(() => parseVerbDictionary(`${header}WOB+BLE_ON\n`, 'u', {}), 'u', 3, 'inside a word');
    expectError(() => parseVerbDictionary(`${header}WOB_+\n`, 'v', {}), 'v', 3, 'empty word');
    expectError(() => parseVerbDictionary(`${header}- * THING [010] [020]\n`, 'w', {}), 'w', 3, 'more than one [code]');
    expectError(() => parseVerbDictionary(`${header}- * & [010]\n`, 'x', {}), 'x', 3, 'not a synset name');
    expectError(() => parseVerbDictionary(`${header}- * THING [01:02:03]\n`, 'y', {}), 'y', 3, 'is not CODE or CODE:CODE');
    expectError(() => parseVerbDictionary(`${header}- * THING []\n`, 'z', {}), 'z', 3, 'empty code');
    expectError(() => parseVerbDictionary(`${header}- * [[010]]\n`, 'nested', {}), 'nested', 3, 'nested `[`');
  });
});

const QUILL_ACTORS = `# Realm of Quillmark actors
<!-- written by hand -->
MOONWICK_HOLLOW_ [MWH]
+MOONWICKIAN
+THE MOON WICK ; old spelling

BARONESS_FENNIMORE_  ; CourtRoll
\t[MWHGOV 19950601 - 19990815]
\t[MWHELI >990816]
    [MWHREB <290101]
\t[MWHOPP 310101-311231]
\t[MWH]

LORD_THISTLE_ [MWHLEG] # default code
\t[MWHMIL 20010101-20011231]

SQUIRE_PUDDLE  [QPD 850101-891231] [QPDX]
NOBODY_IN_PARTICULAR [---]
`;

describe('parseActorDictionary', () => {
  const { actors, messages } = parseActorDictionary(QUILL_ACTORS, 'quill.actors');

  it('reads records: phrases, synonyms, exactness, comments and codes', () => {
    expect(messages).toEqual([]);
    expect(actors).toHaveLength(5);
    const hollow = actors[0]!;
    expect(hollow.phrases).toEqual([
      { words: ['MOONWICK', 'HOLLOW'], exact: true },
      { words: ['MOONWICKIAN'], exact: false },
      // Written with spaces: other words may come between them inside a noun phrase.
      { words: ['THE', 'MOON', 'WICK'], exact: false, spaced: [true, true] },
    ]);
    expect(hollow.defaultCode).toBe('MWH');
    expect(hollow.codes).toEqual([]);
    expect(hollow.origin).toEqual({ file: 'quill.actors', line: 3 });
    expect(actors[4]!.defaultCode).toBe('---');
  });

  it('reads date restrictions, normalising dates to YYYYMMDD', () => {
    const baroness = actors[1]!;
    expect(baroness.comment).toBe('CourtRoll');
    expect(baroness.codes).toEqual([
      { code: 'MWHGOV', from: '19950601', to: '19990815' },
      { code: 'MWHELI', from: '19990816' },
      { code: 'MWHREB', to: '20290101' },
      { code: 'MWHOPP', from: '19310101', to: '19311231' },
    ]);
    expect(baroness.defaultCode).toBe('MWH');
    expect(actors[2]).toMatchObject({ defaultCode: 'MWHLEG', comment: 'default code', codes: [{ code: 'MWHMIL', from: '20010101', to: '20011231' }] });
  });

  it('reads TABARI-style codes on the phrase line', () => {
    expect(actors[3]).toMatchObject({ defaultCode: 'QPDX', codes: [{ code: 'QPD', from: '19850101', to: '19891231' }] });
  });

  it('tolerates the quirks of real actor files with messages', () => {
    const text = [
      'OLD_MAGISTRATE_', // 1
      '\t[MAG 9508223-991231]', // 2: seven digits
      '\t[MAGX >201005011]', // 3: nine digits
      '\t[MAGY 20121204]', // 4: no operator
      '\t[MAGZ 20121207-20120802]', // 5: ends before it starts
      'HEDGE_WIZARD_', // 6: no code yet...
      'WIZARD_OF_HEDGES_', // 7: ...so this is its synonym
      '\t[WIZ]',
      '+STRAY_BRACKET]_', // 9
      'MOONWICKIAN', // 10: new record (the previous one has a code)
      '+WIZARD_OF_HEDGES', // 11: duplicate phrase
      '+WAND_WAVER [WZW]', // 12: code on a synonym line
      'SPELL_SHOP_ [SHP]\tPotions/Brooms\t$1,000', // 13: spreadsheet leftovers
      'LONELY_HERMIT_', // 14: no code at all
    ].join('\n');
    const result = parseActorDictionary(text, 'quirks.actors');
    expect(result.actors[0]).toMatchObject({ codes: [{ code: 'MAG', from: '19950822', to: '19991231' }, { code: 'MAGX', from: '20100501' }], defaultCode: 'MAGY' });
    expect(result.actors[1]!.phrases.map((phrase) => phrase.words.join(' '))).toEqual(['HEDGE WIZARD', 'WIZARD OF HEDGES', 'STRAY BRACKET']);
    expect(result.actors[1]!.defaultCode).toBe('WIZ');
    expect(result.actors[2]!.defaultCode).toBe('WZW');
    expect(result.actors[3]!.defaultCode).toBe('SHP');
    expect(result.actors[4]!.defaultCode).toBeUndefined();
    expect(result.messages.map((message) => message.line)).toEqual([2, 3, 4, 5, 7, 9, 11, 12, 13, 14]);
    expect(messageAt(result.messages, 7)).toContain('read as its synonym');
    expect(messageAt(result.messages, 11)).toContain('WIZARD OF HEDGES already defined at line 7');
    expect(messageAt(result.messages, 14)).toContain('no code');
    expectError(() => parseActorDictionary(text, 'quirks.actors', { strict: true }), 'quirks.actors', 2, '7 digits');
  });

  it('throws for malformed restrictions and records, naming file and line', () => {
    const head = 'GREY_OWL_\n';
    expectError(() => parseActorDictionary(`${head}\t[950601-990815]\n`, 'a', {}), 'a', 2, 'has no code before its date');
    expectError(() => parseActorDictionary(`${head}\t[AAA950601-990815]\n`, 'b', {}), 'b', 2, 'code and date run together');
    expectError(() => parseActorDictionary(`${head}\t[OWL 19990231-20000101]\n`, 'c', {}), 'c', 2, 'not a calendar date');
    expectError(() => parseActorDictionary(`${head}\t[OWL ~950601]\n`, 'd', {}), 'd', 2, 'cannot read the restriction');
    expectError(() => parseActorDictionary(`${head}\t[OWL 9506-990815]\n`, 'e', {}), 'e', 2, 'too short');
    expectError(() => parseActorDictionary(`${head}\t[OWL >950601\n`, 'f', {}), 'f', 2, '`[` is never closed');
    expectError(() => parseActorDictionary(`${head}\t[]\n`, 'g', {}), 'g', 2, 'empty code');
    expectError(() => parseActorDictionary('# top\n+SYNONYM_FIRST\n', 'h', {}), 'h', 2, 'before any actor phrase');
    expectError(() => parseActorDictionary('\t[OWL]\n', 'i', {}), 'i', 1, 'before any actor phrase');
    expectError(() => parseActorDictionary(`${head}\t[OWL] stray words\n`, 'j', {}), 'j', 2, 'text outside');
    expectError(() => parseActorDictionary(`${head}+ ; only a comment\n`, 'k', {}), 'k', 2, 'has no phrase');
  });
});

const QUILL_AGENTS = `<!-- QUILLMARK AGENTS -->
!CRAFTER! = SMITH, SMITHS, WRIGHT ,WRIGHTS
LANTERN_KEEPER [~LGT] # keeps lanterns
BOG_FERRY {} [~FRY]
GOOSEHERD {GOOSEHERDS_OF_OLD} [~HRD]
COUNTY_DEPUTY [~DEP]
MOSS BARON [~MSB]
TINKER!CRAFTER! [~CRF]
!CRAFTER!_OF_BELLS [~BEL]
GUILD_OF_ROPERS  [ROP~]
RIVER_WATCH {} [ ~WAT]
STOPPED_LEDGER_ [~LDG]
KEEPER_OF_ REEDS [~RDS]
`;

describe('parseAgentDictionary', () => {
  const { agents, messages } = parseAgentDictionary(QUILL_AGENTS, 'quill.agents');
  const forms = (line: number): string[] => agents.find((agent) => agent.origin.line === line)!.phrases.map(phraseText);

  it('reads agents with automatic, explicit and suppressed plurals', () => {
    expect(messages).toEqual([]);
    expect(agents).toHaveLength(11);
    expect(forms(3)).toEqual(['LANTERN_KEEPER', 'LANTERN_KEEPERS']);
    expect(forms(4)).toEqual(['BOG_FERRY']);
    expect(forms(5)).toEqual(['GOOSEHERD', 'GOOSEHERDS_OF_OLD']);
    expect(forms(6)).toEqual(['COUNTY_DEPUTY', 'COUNTY_DEPUTIES']);
    expect(forms(12)).toEqual(['STOPPED_LEDGER', 'STOPPED_LEDGERS']);
  });

  it('keeps `_` (adjacent) apart from spaces (words may come between)', () => {
    expect(agents.find((agent) => agent.origin.line === 7)!.phrases[0]).toEqual([
      { text: 'MOSS', joinedToNext: false },
      { text: 'BARON', joinedToNext: false },
    ]);
    expect(forms(13)).toEqual(['KEEPER_OF REEDS', 'KEEPER_OF REEDSES']);
  });

  it('expands substitution markers without adding plurals', () => {
    expect(forms(8)).toEqual(['TINKERSMITH', 'TINKERSMITHS', 'TINKERWRIGHT', 'TINKERWRIGHTS']);
    expect(forms(9)).toEqual(['SMITH_OF_BELLS', 'SMITHS_OF_BELLS', 'WRIGHT_OF_BELLS', 'WRIGHTS_OF_BELLS']);
  });

  it('reads suffix (`~CODE`) and prefix (`CODE~`) codes, spaces inside the brackets allowed', () => {
    expect(agents.find((agent) => agent.origin.line === 3)).toMatchObject({ code: 'LGT', position: 'suffix' });
    expect(agents.find((agent) => agent.origin.line === 10)).toMatchObject({ code: 'ROP', position: 'prefix' });
    expect(agents.find((agent) => agent.origin.line === 11)).toMatchObject({ code: 'WAT', position: 'suffix', phrases: [[{ text: 'RIVER' }, { text: 'WATCH' }]] });
  });

  it('tolerates the quirks of real agent files with messages', () => {
    const text = [
      '!GUARD! = WARDEN, WARDENS',
      'HILL_PATROL [~PTL}', // 2: `}` for `]`
      'NO_CODE_HERE', // 3
      '!UNKNOWN!_THING [~UNK]', // 4
      'CHIEF_!GUARD! [~GRD]',
      'AD!GUARD!ING_OFFICE [~ADW]', // 6: marker inside a word
    ].join('\n');
    const result = parseAgentDictionary(text, 'quirks.agents');
    expect(result.agents.map((agent) => [agent.code, agent.phrases.map(phraseText)])).toEqual([
      ['PTL', ['HILL_PATROL', 'HILL_PATROLS']],
      ['GRD', ['CHIEF_WARDEN', 'CHIEF_WARDENS']],
      ['ADW', ['ADGUARDING_OFFICE']],
    ]);
    expect(result.messages.map((message) => message.line)).toEqual([2, 3, 4, 6]);
    expect(messageAt(result.messages, 4)).toContain('!UNKNOWN! is not defined');
    expectError(() => parseAgentDictionary(text, 'quirks.agents', { strict: true }), 'quirks.agents', 2, 'instead of `]`');
  });

  it('throws for malformed lines, naming file and line', () => {
    expectError(() => parseAgentDictionary('# x\nOWL_WATCHER [OWL]\n', 'a', {}), 'a', 2, 'must be ~CODE');
    expectError(() => parseAgentDictionary('OWL_WATCHER [~OWL~]\n', 'b', {}), 'b', 1, 'must be ~CODE');
    expectError(() => parseAgentDictionary('OWL_WATCHER {OWL_WATCHERS [~OWL]\n', 'c', {}), 'c', 1, '`{` is never closed');
    expectError(() => parseAgentDictionary('OWL_WATCHER [~OWL\n', 'd', {}), 'd', 1, '`[` is never closed');
    expectError(() => parseAgentDictionary('!BROKEN_WATCHER [~OWL]\n', 'e', {}), 'e', 1, 'unpaired `!`');
    expectError(() => parseAgentDictionary('OWL_WATCHER [~OWL] [~HOOT]\n', 'f', {}), 'f', 1, 'text after');
    expectError(() => parseAgentDictionary('!EMPTY! =\n', 'g', {}), 'g', 1, 'no values');
    expectError(() => parseAgentDictionary('OWL {OWLS} {OWLETS} [~OWL]\n', 'h', {}), 'h', 1, 'more than one `{plural}`');
    expectError(() => parseAgentDictionary('OWL {OWLS} WATCH [~OWL]\n', 'i', {}), 'i', 1, 'text between');
    expectError(() => parseAgentDictionary('{OWLS} [~OWL]\n', 'j', {}), 'j', 1, 'no phrase');
    expectError(() => parseAgentDictionary('_ [~OWL]\n', 'k', {}), 'k', 1, 'has no words');
  });
});

describe('parseDiscardDictionary', () => {
  it('reads sentence and story discards, exact and stem phrases', () => {
    const text = '# games of the marsh\nMOSSBALL TOURNAMENT   # sentence level\n+Grand_Goblin  Gala\nLEAGUE A_\n';
    const { discards, messages } = parseDiscardDictionary(text, 'quill.discards');
    expect(messages).toEqual([]);
    expect(discards).toEqual([
      { text: 'MOSSBALL TOURNAMENT', scope: 'sentence', exact: false, origin: { file: 'quill.discards', line: 2 } },
      { text: 'GRAND GOBLIN GALA', scope: 'story', exact: false, origin: { file: 'quill.discards', line: 3 } },
      { text: 'LEAGUE A', scope: 'sentence', exact: true, origin: { file: 'quill.discards', line: 4 } },
    ]);
  });

  it('reports duplicates and throws for an empty phrase', () => {
    expect(parseDiscardDictionary('BOG RACE\nBOG RACE\n', 'd').messages).toEqual([{ file: 'd', line: 2, message: 'discard phrase BOG RACE already listed at line 1' }]);
    expectError(() => parseDiscardDictionary('BOG RACE\n+\n', 'e'), 'e', 2, 'no phrase');
  });
});

const QUILL_ISSUES = `# marsh issues
<ISSUE CATEGORY="MARSH" TYPE="ALL">
n:bog [WETLAND]
v:drain n:fen [DRAINAGE]
peat+n:cutter [PEAT]
~bog standard
~~bog roll   # story-wide
reed_bed[WETLAND]
</ISSUE>
moss tax [LEVY]
`;

describe('parseIssueDictionary', () => {
  const { issues, messages } = parseIssueDictionary(QUILL_ISSUES, 'quill.issues');

  it('expands n:, v: and + forms and keeps categories and ignore lines', () => {
    expect(messages).toEqual([]);
    expect(issues.map((issue) => [issue.origin.line, issue.category, issue.code, issue.ignore, issue.phrases])).toEqual([
      [3, 'MARSH', 'WETLAND', undefined, ['BOG', 'BOGS']],
      [4, 'MARSH', 'DRAINAGE', undefined, ['DRAIN FEN', 'DRAIN FENS', 'DRAINS FEN', 'DRAINS FENS', 'DRAINED FEN', 'DRAINED FENS', 'DRAINING FEN', 'DRAINING FENS']],
      [5, 'MARSH', 'PEAT', undefined, ['PEAT CUTTER', 'PEAT-CUTTER', 'PEAT CUTTERS', 'PEAT-CUTTERS']],
      [6, 'MARSH', null, 'sentence', ['BOG STANDARD']],
      [7, 'MARSH', null, 'story', ['BOG ROLL']],
      [8, 'MARSH', 'WETLAND', undefined, ['REED BED']],
      [10, undefined, 'LEVY', undefined, ['MOSS TAX']],
    ]);
  });

  it('tolerates the quirks of real issue files with messages', () => {
    const text = [
      '<ISSUE CATEGORY="FEN">',
      'fen lands', // 2: no code
      'mire [BOG]sump [BOG]', // 3: two entries on one line
      'quag [BOG] [BOG]', // 4: repeated code
      'ooze [BOG]*****', // 5: text after the code
      'v:wade m:deep [WADE]', // 6: unknown expansion
      '</ISSUE>',
      '</ISSUE>', // 8: no open section
    ].join('\n');
    const result = parseIssueDictionary(text, 'quirks.issues');
    expect(result.issues.map((issue) => issue.phrases[0])).toEqual(['MIRE', 'SUMP', 'QUAG', 'OOZE', 'WADE M:DEEP']);
    expect([...new Set(result.messages.map((message) => message.line))]).toEqual([2, 3, 4, 5, 6, 8]);
  });

  it('throws for malformed lines, naming file and line', () => {
    expectError(() => parseIssueDictionary('<ISSUE CATEGORY="X">\nbog [WET\n', 'a'), 'a', 2, '`[` is never closed');
    expectError(() => parseIssueDictionary('# x\n[WET]\n', 'b'), 'b', 2, 'has no phrase');
    expectError(() => parseIssueDictionary('<ISSUE TYPE="ALL">\n', 'c'), 'c', 1, 'without CATEGORY');
    expectError(() => parseIssueDictionary('bog [WET LAND]\n', 'd'), 'd', 1, 'must be one word');
    expectError(() => parseIssueDictionary('~\n', 'e'), 'e', 1, 'no phrase');
  });
});

describe('loading files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eventwire-dictionaries-'));
    await writeFile(join(dir, 'quill.verbs.txt'), '\ufeff' + QUILL_VERBS);
    await writeFile(join(dir, 'quill.VerbPatterns.extra.txt'), '--- GRUMBLE [112] ---\nGRUMBLE\n- * ABOUT &GLIMMERCOIN [113]\n');
    await writeFile(join(dir, 'b.Actors.txt'), 'SECOND_REALM_ [SRM]\n');
    await writeFile(join(dir, 'a.actors.txt'), QUILL_ACTORS);
    await writeFile(join(dir, 'quill.agents.txt'), QUILL_AGENTS);
    await writeFile(join(dir, 'quill.discards.txt'), 'MOSSBALL\n');
    await writeFile(join(dir, 'quill.IssueCoding.txt'), QUILL_ISSUES);
    await writeFile(join(dir, 'notes.md'), 'not a dictionary');
    await writeFile(join(dir, 'binary.actors.bin'), Buffer.from('OWL [OWL]\nHOOT\n\u0000\u0001', 'latin1'));
    await writeFile(join(dir, 'latin1.agents.txt'), Buffer.from('OWL_WATCHER [~OWL]\nCAF\u00c9_KEEPER [~CAF]\n', 'latin1'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('classifies a directory by file names', async () => {
    expect(dictionaryKindOf('CAMEO.verbpatterns.150430.txt')).toBe('verbs');
    expect(dictionaryKindOf('Phoenix.IssueCoding.txt')).toBe('issues');
    expect(dictionaryKindOf('readme.md')).toBeUndefined();
    const found = await findDictionaryFiles(dir);
    expect(found).toEqual({
      verbs: [join(dir, 'quill.VerbPatterns.extra.txt'), join(dir, 'quill.verbs.txt')],
      actors: [join(dir, 'a.actors.txt'), join(dir, 'b.Actors.txt'), join(dir, 'binary.actors.bin')],
      agents: [join(dir, 'latin1.agents.txt'), join(dir, 'quill.agents.txt')],
      discards: [join(dir, 'quill.discards.txt')],
      issues: [join(dir, 'quill.IssueCoding.txt')],
    });
  });

  it('loads and merges files of one kind in order', async () => {
    const set = await loadDictionaries({
      verbs: [join(dir, 'quill.verbs.txt'), join(dir, 'quill.VerbPatterns.extra.txt')],
      actors: [join(dir, 'a.actors.txt'), join(dir, 'b.Actors.txt')],
      agents: [join(dir, 'quill.agents.txt')],
      discards: [join(dir, 'quill.discards.txt')],
      issues: [join(dir, 'quill.IssueCoding.txt')],
    });
    expect(set.files.map((file) => file.slice(dir.length + 1))).toEqual([
      'quill.verbs.txt',
      'quill.VerbPatterns.extra.txt',
      'a.actors.txt',
      'b.Actors.txt',
      'quill.agents.txt',
      'quill.discards.txt',
      'quill.IssueCoding.txt',
    ]);
    expect(set.verbs.blocks.map((b) => b.name)).toEqual(['TRUDGE', 'MURMUR', 'DOZE', 'GRUMBLE']);
    expect(block(set.verbs.blocks, 'GRUMBLE').patterns).toHaveLength(1); // uses a synset of the first file
    expect(set.verbs.synsets.get('GLIMMERCOIN')!.origin.line).toBe(5); // the BOM did not shift anything
    expect(set.actors.map((actor) => actor.defaultCode)).toEqual(['MWH', 'MWH', 'MWHLEG', 'QPDX', '---', 'SRM']);
    expect(set.actors[5]!.origin.file).toBe(join(dir, 'b.Actors.txt'));
    expect([set.agents.length, set.discards.length, set.issues.length]).toEqual([11, 1, 7]);
    expect(set.messages.map((message) => [message.file.slice(dir.length + 1), message.line])).toEqual([
      ['quill.verbs.txt', 19],
      ['quill.verbs.txt', 33],
    ]);
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'absent.actors.txt');
    await expect(loadDictionaries({ actors: [missing] })).rejects.toThrow(`cannot read actors dictionary ${missing}: no such file`);
    await expect(findDictionaryFiles(join(dir, 'nowhere'))).rejects.toThrow(join(dir, 'nowhere'));
  });

  it('rejects binary and non-UTF-8 files at the offending line', async () => {
    await expect(loadDictionaries({ actors: [join(dir, 'binary.actors.bin')] })).rejects.toMatchObject({
      name: 'DictionaryError',
      file: join(dir, 'binary.actors.bin'),
      line: 3,
    });
    await expect(loadDictionaries({ agents: [join(dir, 'latin1.agents.txt')] })).rejects.toMatchObject({
      name: 'DictionaryError',
      file: join(dir, 'latin1.agents.txt'),
      line: 2,
    });
    await expect(loadDictionaryDirectory(dir)).rejects.toBeInstanceOf(DictionaryError);
    expect(() => decodeDictionaryBytes(new Uint8Array([0x41, 0x0a, 0xff, 0x0a]), 'x')).toThrow('x:2: not UTF-8 text');
  });
});

// ---- the real PETRARCH dictionaries, read from the shared data folder (never copied into the project) ----

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const REAL_DIR = resolve(repoRoot, '../shared/data/petrarch2/dictionaries');
const haveRealDictionaries = existsSync(REAL_DIR);
if (!haveRealDictionaries) console.warn(`Skipping the real PETRARCH dictionary tests: ${REAL_DIR} is absent.`);
const real = (name: string): string => join(REAL_DIR, name);

describe.skipIf(!haveRealDictionaries)(`real PETRARCH dictionaries in ${REAL_DIR}`, () => {
  it('CAMEO.verbpatterns.150430.txt: synsets, blocks, patterns and its quirks', async () => {
    const file = real('CAMEO.verbpatterns.150430.txt');
    const set = await loadDictionaries({ verbs: [file] });
    const { synsets, blocks } = set.verbs;
    expect(synsets.size).toBe(38);
    expect(blocks).toHaveLength(396);
    // 11,010 `- ` lines and one `-- ` line, less the 5 skipped below.
    expect(blocks.reduce((sum, b) => sum + b.patterns.length, 0)).toBe(11006);
    expect(synsets.get('AUXVERB1')!.phrases.map(phraseText)).toEqual(['WAS', 'WERE', 'BEEN']); // its label ends in `_`
    expect(synsets.get('DEFENSE')!.phrases.map(phraseText)).toEqual(['DEFENSE', 'DEFENSES', 'DEFENCE', 'DEFENCES']);
    const abandon = block(blocks, 'ABANDON');
    expect(abandon.code).toEqual({ primary: '080' });
    expect(abandon.patterns).toHaveLength(11);
    expect(abandon.patterns[0]!.elements.map((element) => element.kind)).toEqual(['word', 'target', 'word', 'verb', 'word']);
    expect(abandon.patterns[0]!.code).toEqual({ primary: '100' });
    expect(abandon.patterns[0]!.comment?.startsWith('ABANDON')).toBe(true);
    expect(block(blocks, 'DEFEND').code).toBeNull(); // its header lost the code and closing dashes to a comment
    expect(block(blocks, 'LOCK').code).toEqual({ primary: null });
    expect(block(blocks, 'CONFER').code).toEqual({ primary: '040', paired: '040' });
    const gunDown = blocks.flatMap((b) => b.verbs).find((verb) => verb.words.join('_') === 'GUN_DOWN')!;
    expect(gunDown.code).toEqual({ primary: '193' });
    expect(gunDown.forms).toEqual([['GUN', 'DOWN'], ['GUNS', 'DOWN'], ['GUNNED', 'DOWN']]);
    expect(set.messages.map((message) => message.line)).toEqual([2568, 4387, 5860, 8056, 8394, 8733, 10843, 11786, 12935]);
  });

  it('PETR.Validate.verbs.txt: nested synsets, odd codes and joined elements', () => {
    const { dictionary, messages } = parseVerbDictionary(readReal('PETR.Validate.verbs.txt'), 'PETR.Validate.verbs.txt');
    expect(dictionary.synsets.size).toBe(17);
    expect(dictionary.blocks).toHaveLength(261);
    expect(dictionary.blocks.reduce((sum, b) => sum + b.patterns.length, 0)).toBe(474);
    expect(dictionary.synsets.get('TIETYPES')!.phrases.map(phraseText)).toEqual(['MILITARY', 'MILITARIES', 'ECONOMIC', 'ECONOMICS', 'CULTURAL', 'CULTURALS']);
    const accord = dictionary.synsets.get('ACCORDSYN')!.phrases.map(phraseText);
    expect(accord).toContain('ECONOMICS');
    expect(accord).toContain('NEARERS');
    expect(accord).toContain('SWISS_FRANCS');
    expect(block(dictionary.blocks, 'ADMIT').code).toEqual({ primary: '013', paired: '012' });
    expect(block(dictionary.blocks, 'DELAY').code).toEqual({ primary: '120' }); // the first of two codes in the header
    const restore = block(dictionary.blocks, 'RESTORE').patterns.map((pattern) => pattern.code.primary);
    expect(restore).toHaveLength(6);
    expect(restore).toContain('###'); // a `#` inside brackets is not a comment
    const accordPatterns = block(dictionary.blocks, 'ACCORD').patterns;
    expect(accordPatterns).toHaveLength(6);
    // The third pattern joins its word to the verb with `_`; the fourth writes `_ `, which joins nothing.
    expect([accordPatterns[2]!.elements[0]!.joinedToNext, accordPatterns[3]!.elements[0]!.joinedToNext]).toEqual([true, false]);
    expect(accordPatterns[1]!.elements.some((element) => element.kind === 'synset' && element.name === 'ACCORDSYN')).toBe(true);
    const wireTap = block(dictionary.blocks, 'CONFISCATE').verbs[1]!;
    expect([wireTap.words, wireTap.verbIndex, wireTap.forms]).toEqual([['WIRE', 'TAP'], 1, [['WIRE', 'TAP'], ['WIRE', 'TAPPED'], ['WIRE', 'TAPPING']]]);
    expect(messages.map((message) => message.line)).toEqual([447, 688, 1025, 1093]);
  });

  it('PETR.Validate.actors.txt: date restrictions as written there', () => {
    const { actors } = parseActorDictionary(readReal('PETR.Validate.actors.txt'), 'v');
    const actor = (first: string) => actors.find((entry) => entry.phrases[0]!.words.join('_') === first)!;
    expect(actor('GOLLUM').phrases.map((phrase) => phrase.words[0])).toEqual(['GOLLUM', 'SMEAGOL', 'SLINKER', 'STINKER']);
    expect(actor('GOLLUM').codes).toEqual([
      { code: 'HOB', to: '19950601' },
      { code: 'HOBGOV', from: '19950601', to: '19990815' },
      { code: 'HOBREB', from: '19990816' },
    ]);
    expect(actor('PRINCE_OF_DOL_AMROTH')).toMatchObject({ defaultCode: 'DOL', codes: [{ code: '---', to: '19950630' }] });
    expect(actor('ZIMBABWE')).toMatchObject({ defaultCode: 'ZBW', codes: [{ code: 'RHO', to: '19790606' }] });
    expect(actor('INTERNATIONAL_CRIMINAL_POLICE_ORGANIZATION').phrases[0]!.exact).toBe(true);
    expect(actor('ARGENTIN').phrases[0]!.exact).toBe(false);
  });

  it('Phoenix.Countries.actors.txt: 54k lines, read quickly', () => {
    const text = readReal('Phoenix.Countries.actors.txt');
    parseActorDictionary(text, 'warm-up');
    const started = performance.now();
    const { actors, messages } = parseActorDictionary(text, 'Phoenix.Countries.actors.txt');
    const elapsed = performance.now() - started;
    console.info(`Phoenix.Countries.actors.txt: ${actors.length} actors in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(3000);
    expect(actors).toHaveLength(18353);
    const zahir = actors.find((entry) => entry.origin.line === 105)!;
    expect(zahir.phrases).toEqual([{ words: ['MOHAMMAD', 'ZAHIR', 'SHAH'], exact: true }]);
    expect(zahir.codes).toEqual([
      { code: 'AFGELI', from: '19320101', to: '19331108' },
      { code: 'AFGGOV', from: '19331108', to: '19730717' },
      { code: 'AFGELI', from: '19730717', to: '20070723' },
    ]);
    // Three phrase lines without `+` before the first code: one actor, as PETRARCH reads them.
    const josipovic = actors.find((entry) => entry.origin.line === 11939)!;
    expect(josipovic.phrases.map((phrase) => phrase.words.join(' '))).toEqual(['IVO JOSIPOVIC', 'PRESIDENT JOSIPOVIC', 'JOSIPOVIC']);
    expect(josipovic.codes[0]).toEqual({ code: 'HRVGOV', from: '20120219' });
    expect(messageAt(messages, 2039)).toContain('9008223 has 7 digits; read as 19900822');
    expect(messageAt(messages, 31715)).toContain('read as the undated code MNEGOV');
  });

  it('Phoenix.International and MilNonState actors: TABARI-style codes on the phrase line', () => {
    const international = parseActorDictionary(readReal('Phoenix.International.actors.txt'), 'i');
    expect(international.actors).toHaveLength(7838);
    const cuellar = international.actors.find((entry) => entry.origin.line === 60)!;
    expect(cuellar).toMatchObject({
      phrases: [{ words: ['JAVIER', 'DE', 'CUELLAR'], exact: true }],
      codes: [{ code: 'IGOUNO', from: '19820101', to: '19911231' }],
      defaultCode: 'ELI',
    });
    expect(parseActorDictionary(readReal('Phoenix.MilNonState.actors.txt'), 'm').actors).toHaveLength(1021);
  });

  it('agent dictionaries: markers, plurals and typos', () => {
    const validate = parseAgentDictionary(readReal('PETR.Validate.agents.txt'), 'v');
    expect(validate.messages).toEqual([]);
    expect(validate.agents).toHaveLength(88);
    const at = (agents: typeof validate.agents, line: number) => agents.find((agent) => agent.origin.line === line)!;
    expect(at(validate.agents, 19).phrases.map(phraseText)).toEqual(['CONGRESSMAN', 'CONGRESSMEN', 'CONGRESSWOMAN', 'CONGRESSWOMEN', 'CONGRESSPERSON']);
    expect(at(validate.agents, 18).phrases.map(phraseText)).toEqual(['CONGRESS', 'CONGRESSES']);
    expect(at(validate.agents, 20).phrases.map(phraseText)).toEqual(['MINISTER_OF_SILLY_WALKS', 'MINISTERS_OF_SILLY_WALKS', 'MINISTRY_OF_SILLY_WALKS', 'MINISTRIES_OF_SILLY_WALKS']);
    expect(at(validate.agents, 42).phrases.map(phraseText)).toEqual(['GOLDEN_GOOSE', 'GOLDEN_GEESE']);
    expect(at(validate.agents, 56)).toMatchObject({ code: 'COP', position: 'suffix', phrases: [[{ text: 'POLICE' }]] }); // space inside the brackets, no plural
    expect(at(validate.agents, 47)).toMatchObject({ code: 'NGO', position: 'prefix' });
    const phoenix = parseAgentDictionary(readReal('Phoenix.agents.txt'), 'p');
    expect(phoenix.agents).toHaveLength(2244);
    expect(phoenix.messages.map((message) => message.line)).toEqual([544, 904, 925, 930, 1041, 1065, 1069, 1927]);
    expect(at(phoenix.agents, 544)).toMatchObject({ code: 'ENV', position: 'suffix' }); // code closed with `}`
    expect(at(phoenix.agents, 904).phrases.map(phraseText)[0]).toBe('MINISTER FOR_PUBLIC_SERVICE_AND_ADMINISTRATIVE_REFORM');
  });

  it('discard lists', () => {
    const validate = parseDiscardDictionary(readReal('PETR.Validate.discards.txt'), 'v').discards;
    expect(validate).toHaveLength(9);
    expect(validate.find((entry) => entry.origin.line === 5)).toMatchObject({ text: 'WORLD GOLF CHAMPIONSHIPS', scope: 'story', exact: false });
    const phoenix = parseDiscardDictionary(readReal('Phoenix.discards.txt'), 'p').discards;
    expect(phoenix).toHaveLength(506);
    expect(phoenix.find((entry) => entry.origin.line === 267)).toMatchObject({ text: 'GROUP A', scope: 'sentence', exact: true });
  });

  it('Phoenix.IssueCoding.txt', () => {
    const { issues, messages } = parseIssueDictionary(readReal('Phoenix.IssueCoding.txt'), 'Phoenix.IssueCoding.txt');
    expect(issues).toHaveLength(3159);
    expect(issues.find((issue) => issue.origin.line === 7)).toMatchObject({
      category: 'EDUCATION',
      code: 'EARLY_CHILDHOOD_EDUCATION',
      phrases: ['PRE SCHOOL', 'PRE-SCHOOL', 'PRE SCHOOLS', 'PRE-SCHOOLS'],
    });
    expect(issues.find((issue) => issue.origin.line === 14)).toMatchObject({ code: null, ignore: 'sentence', phrases: ['A HEAD START'] });
    expect(issues.filter((issue) => issue.origin.line === 1198).map((issue) => issue.phrases[0])).toEqual(['INTIMIDATION OF PRESS', 'INTIMIDATION OF THE MEDIA']);
    expect(messageAt(messages, 481)).toContain('</ISSUE> without an open');
  });

  it('the whole directory loads without errors', async () => {
    const set = await loadDictionaryDirectory(REAL_DIR);
    expect(set.files).toHaveLength(11);
    expect(set.verbs.blocks).toHaveLength(396 + 261);
    expect(set.actors.length).toBe(128 + 18353 + 7838 + 1021);
    expect(set.agents.length).toBe(88 + 2244);
    expect(set.issues.length).toBe(3159);
  });
});

function readReal(name: string): string {
  return decodeDictionaryBytes(readFileSync(real(name)), name);
}
