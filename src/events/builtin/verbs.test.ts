import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { EventCoder } from '../coder/coder.js';
import { coderTokens } from '../coder/tokens.js';
import { VerbLexicon, verbCode } from '../coder/verbs.js';
import { parseActorDictionary } from '../dictionaries/actors.js';
import { parseAgentDictionary } from '../dictionaries/agents.js';
import type { CodeSpec, VerbDictionary } from '../dictionaries/types.js';
import { parseVerbDictionary } from '../dictionaries/verbs.js';
import { isCameoCode } from '../ontology/cameo.js';

/**
 * Checks of eventwire's built-in verb dictionary (data/dictionaries/eventwire.verbs.txt): it reads cleanly,
 * every code is a CAMEO 1.1b3 code, all twenty roots are covered, common verbs have the codes the CAMEO
 * codebook gives them, and a handful of news sentences code as expected with a small test actor list.
 */

const FILE = 'eventwire.verbs.txt';
const TEXT = readFileSync(new URL('../../../data/dictionaries/eventwire.verbs.txt', import.meta.url), 'utf8');

function read(strict: boolean) {
  return parseVerbDictionary(TEXT, FILE, { strict });
}

const { dictionary, messages } = read(false);
const lexicon = new VerbLexicon(dictionary);

function allCodes(verbs: VerbDictionary): { where: string; spec: CodeSpec }[] {
  const codes: { where: string; spec: CodeSpec }[] = [];
  for (const block of verbs.blocks) {
    if (block.code) codes.push({ where: `block ${block.name}`, spec: block.code });
    for (const verb of block.verbs) if (verb.code) codes.push({ where: `verb ${verb.words.join('_')} (line ${verb.origin.line})`, spec: verb.code });
    for (const pattern of block.patterns) codes.push({ where: `pattern at line ${pattern.origin.line}`, spec: pattern.code });
  }
  return codes;
}

function codeStrings(spec: CodeSpec): string[] {
  return [spec.primary, spec.paired].filter((code): code is string => typeof code === 'string');
}

/** The code a single-word verb form has on its own (its entry's or its block's), `null` for no event. */
function ownCode(form: string): string | null {
  const forms = lexicon.formsOf(form).filter((candidate) => candidate.words.length === 1);
  if (forms.length === 0) throw new Error(`verb form ${form} is not in the dictionary`);
  const code = verbCode(forms[0]!);
  if (!code) return null;
  return code.paired === undefined ? code.primary : `${code.primary}:${code.paired ?? '---'}`;
}

describe('built-in verb dictionary: format', () => {
  it('reads without errors or messages, also in strict mode', () => {
    expect(messages).toEqual([]);
    expect(() => read(true)).not.toThrow();
  });

  it('is a substantial dictionary', () => {
    const verbs = dictionary.blocks.reduce((n, block) => n + block.verbs.length, 0);
    const patterns = dictionary.blocks.reduce((n, block) => n + block.patterns.length, 0);
    expect(verbs).toBeGreaterThanOrEqual(350);
    expect(patterns).toBeGreaterThanOrEqual(250);
    expect(dictionary.synsets.size).toBeGreaterThanOrEqual(50);
  });

  it('uses only 3- and 4-digit codes of the CAMEO 1.1b3 codebook', () => {
    const bad = allCodes(dictionary).flatMap(({ where, spec }) =>
      codeStrings(spec)
        .filter((code) => !/^\d{3,4}$/.test(code) || !isCameoCode(code))
        .map((code) => `${where}: ${code}`),
    );
    expect(bad).toEqual([]);
  });

  it('covers all twenty CAMEO roots, each with at least one verb that codes it on its own', () => {
    const roots = (codes: string[]) => new Set(codes.map((code) => code.slice(0, 2)));
    const expected = Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0'));
    const everywhere = roots(allCodes(dictionary).flatMap(({ spec }) => codeStrings(spec)));
    const defaults = roots(
      dictionary.blocks.flatMap((block) => [...(block.code ? codeStrings(block.code) : []), ...block.verbs.flatMap((verb) => (verb.code ? codeStrings(verb.code) : []))]),
    );
    for (const root of expected) {
      expect(everywhere, `root ${root} among all codes`).toContain(root);
      expect(defaults, `root ${root} among block and verb codes`).toContain(root);
    }
  });

  it('lists every surface form of a verb in one block only', () => {
    const owner = new Map<string, string>();
    const duplicates: string[] = [];
    for (const block of dictionary.blocks) {
      for (const verb of block.verbs) {
        for (const form of verb.forms) {
          const key = form.join(' ');
          const first = owner.get(key);
          if (first !== undefined && first !== block.name) duplicates.push(`${key}: ${first} and ${block.name}`);
          owner.set(key, block.name);
        }
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('gives irregular and consonant-doubling verbs their real forms', () => {
    for (const form of [
      'MET', 'SAID', 'TOLD', 'HELD', 'SOUGHT', 'FOUGHT', 'STRUCK', 'WITHDREW', 'FROZE', 'GAVE', 'SENT', 'TOOK', 'BROKE',
      'EXPELLED', 'KIDNAPPED', 'PLANNED', 'STOPPED', 'COMMITTED', 'BANNED', 'CANCELLED', 'CANCELED', 'TRAVELLED',
      'TRAVELED', 'SLAMMED', 'SNUBBED', 'ADMITTED', 'SHOT', 'SOLD', 'BOUGHT', 'FORBADE', 'OVERRAN', 'SLAIN',
    ]) {
      expect(lexicon.formsOf(form).length, form).toBeGreaterThan(0);
    }
    // Regular forms the reader must not invent for irregular verbs.
    expect(lexicon.formsOf('MEETED')).toEqual([]);
    expect(lexicon.formsOf('SAYED')).toEqual([]);
    expect(lexicon.formsOf('TELLED')).toEqual([]);
  });
});

describe('built-in verb dictionary: codes of common verbs', () => {
  it('codes verbs on their own as the CAMEO codebook does', () => {
    const expected: Record<string, string | null> = {
      // 01: attribution verbs stay silent so the reported act is coded; statements and denials code
      SAID: null, TOLD: null, ANNOUNCED: null, COMMENTED: '010', DENIED: '016', ACKNOWLEDGED: '015', CONSIDERED: '014',
      // 02-05
      URGED: '020', APPEALED: '020', PROMISED: '030', PLEDGED: '030', VOWED: '030', INTENDS: null, PLANNED: null,
      MET: '040:040', VISITED: '042:043', HOSTED: '043:042', PHONED: '041:041', NEGOTIATED: '046:046', MEDIATED: '045',
      PRAISED: '051', HAILED: '051', ENDORSED: '051', DEFENDED: '052', RECOGNIZED: '054', APOLOGIZED: '055', SIGNED: '057:057',
      // 06-09
      COOPERATED: '060', EXTRADITED: '063', PROVIDED: '070', RELEASED: '084', FREED: '084', WITHDREW: '0874',
      DISARMED: '0873', RESIGNED: '0831', INVESTIGATED: '090',
      // 10-14
      DEMANDED: '100', INSISTED: '100', CRITICIZED: '111', CRITICISED: '111', CONDEMNED: '111', ACCUSED: '112', BLAMED: '112',
      SUED: '115', REJECTED: '120', REFUSED: '120', VETOED: '129', DEFIED: '128', THREATENED: '130', WARNED: '130',
      PROTESTED: '110', RALLIED: '141', RIOTED: '145', BOYCOTTED: '143',
      // 15-20
      MOBILIZED: '154', DEPLOYED: '154', CANCELLED: '160', SUSPENDED: '160', IMPOSED: '163', SEVERED: '161',
      ARRESTED: '173', DETAINED: '173', SEIZED: '171', BANNED: '172', EXPELLED: '174', KIDNAPPED: '181', TORTURED: '1822',
      ASSASSINATED: '186', BOMBED: '195', ATTACKED: '190', CLASHED: '190:190', SHELLED: '194', INVADED: '192',
      MASSACRED: '202', GASSED: '2041',
    };
    const actual = Object.fromEntries(Object.keys(expected).map((form) => [form, ownCode(form)]));
    expect(actual).toEqual(expected);
  });

  it('recognises multi-word verbs', () => {
    for (const [first, second] of [
      ['CALLED', 'OFF'], ['CALLED', 'FOR'], ['CALLED', 'ON'], ['PULLED', 'OUT'], ['CRACKED', 'DOWN'], ['STEPPED', 'DOWN'],
      ['HANDED', 'OVER'], ['SHOT', 'DOWN'], ['BLEW', 'UP'], ['TURNED', 'DOWN'], ['RULED', 'OUT'], ['BROKE', 'OFF'],
    ] as const) {
      expect(lexicon.formsOf(first).some((form) => form.words.join(' ') === `${first} ${second}`), `${first} ${second}`).toBe(true);
    }
  });
});

// Test actors for the sentence checks: real names with the codes a CAMEO actor dictionary would give them.
const ACTORS = `
NORTH_KOREA [PRK]
+NORTH_KOREAN
+PYONGYANG
SOUTH_KOREA [KOR]
+SOUTH_KOREAN
+SEOUL
KIM_JONG_UN [PRKGOV]
+KIM
UNITED_STATES [USA]
+AMERICAN
+WASHINGTON
MIKE_POMPEO [USAGOV]
+POMPEO
DONALD_TRUMP [USAGOV]
+TRUMP
CIA [USAINT]
MOON_JAE-IN [KORGOV]
+MOON
CHINA [CHN]
+CHINESE
RUSSIA [RUS]
+RUSSIAN
UKRAINE [UKR]
+KHARKIV
JAPAN [JPN]
+JAPANESE
IRAN [IRN]
+IRANIAN
ISRAEL [ISR]
+ISRAELI
GAZA [PSE]
+HAMAS
UNITED_NATIONS [IGOUNO]
+UN
`;
const AGENTS = `
OFFICIAL [~GOV]
ARMY [~MIL]
TROOPS [~MIL]
POLICE [~COP]
PROTESTER [~OPP]
DETAINEE [~CVL]
`;

const coder = new EventCoder({
  verbs: dictionary,
  actors: parseActorDictionary(ACTORS, 'test.actors').actors,
  agents: parseAgentDictionary(AGENTS, 'test.agents').agents,
  discards: [],
  issues: [],
  messages: [],
  files: [],
});

function code(sentence: string): string[] {
  const coding = coder.codeSentence(coderTokens(analyseText(sentence).tokens), '20180601', { text: sentence });
  return coding.events.map((event) => `${event.source.code}>${event.target.code}:${event.code}`).sort();
}

describe('built-in verb dictionary: sentences', () => {
  it.each([
    ['Kim praised Pompeo.', ['PRKGOV>USAGOV:051']],
    ['Pompeo met Kim in Pyongyang.', ['PRKGOV>USAGOV:040', 'USAGOV>PRKGOV:040']],
    ['Pompeo will travel to Pyongyang.', ['USAGOV>PRK:036']],
    ['Pompeo visited Pyongyang.', ['PRK>USAGOV:043', 'USAGOV>PRK:042']],
    ['Trump promised Kim a peace declaration.', ['USAGOV>PRKGOV:037']],
    ['Pompeo demanded that North Korea hand over its warheads.', ['USAGOV>PRK:1056']],
    ["Trump cancelled Pompeo's trip to North Korea.", ['USAGOV>PRK:161']],
    ['North Korean officials accused the CIA of plotting.', ['PRKGOV>USAINT:112']],
    ['North Korea released three American detainees.', ['PRK>USACVL:0841']],
    ['Kim told Pompeo that he intends to denuclearize.', ['PRKGOV>USAGOV:035']],
    ['China criticized the sanctions against North Korea.', ['CHN>PRK:111']],
    ['Russia denied accusations by the United States.', ['RUS>USA:016']],
    ['The Russian army shelled Kharkiv.', ['RUSMIL>UKR:194']],
    ['Police arrested protesters.', ['---COP>---OPP:173']],
    ['Iranian police detained an American journalist.', ['IRNCOP>USA:173']],
  ])('%s', (sentence, events) => {
    expect(code(sentence)).toEqual(events);
  });

  it('codes noun-with-light-verb constructions by the noun', () => {
    expect(code('Pompeo held talks with Kim Jong Un.')).toEqual(['PRKGOV>USAGOV:046', 'USAGOV>PRKGOV:046']);
    expect(code('Israel launched airstrikes on Gaza.')).toEqual(['ISR>PSE:195']);
    expect(code('Japan lodged a protest with China.')).toEqual(['JPN>CHN:114']);
    expect(code('Trump expressed sympathy for South Korea.')).toEqual(['USAGOV>KOR:018']);
    expect(code('North Korea issued an ultimatum to South Korea.')).toEqual(['PRK>KOR:139']);
  });

  it('codes the act a reporting or control verb introduces', () => {
    // SAY and ANNOUNCE are silent, so the reported act is coded (with the pipeline's intent modality).
    expect(code('North Korea announced it would release three American detainees.')).toEqual(['PRK>USACVL:0353']);
    expect(code('Kim said he was ready to meet Trump.')).toEqual(['PRKGOV>USAGOV:036']);
    expect(code('Trump said he was confident North Korea would denuclearize.')).toEqual(['USAGOV>PRK:013']);
    expect(code('China urged North Korea to release the detainees.')).toEqual(['CHN>PRK:0253']);
    expect(code('Kim refused to meet Pompeo.')).toEqual(['PRKGOV>USAGOV:125']);
    expect(code('Iran threatened to attack Israel.')).toEqual(['IRN>ISR:1384']);
    expect(code('North Korea vowed to retaliate against the United States.')).toEqual(['PRK>USA:138']);
  });

  it('lets the object decide between related codes', () => {
    expect(code('Trump called off the summit with Kim.')).toEqual(['USAGOV>PRKGOV:161']);
    expect(code('North Korea suspended talks with South Korea.')).toEqual(['PRK>KOR:164']);
    expect(code('The United States imposed sanctions on Russia.')).toEqual(['USA>RUS:163']);
    expect(code('China eased sanctions on North Korea.')).toEqual(['CHN>PRK:085']);
    expect(code('Russian troops withdrew from Ukraine.')).toEqual(['RUSMIL>UKR:0874']);
    expect(code('Japan recalled its ambassador to South Korea.')).toEqual(['JPN>KOR:161']);
    expect(code('North Korea declared a ceasefire with South Korea.')).toEqual(['PRK>KOR:0871']);
    expect(code('North Korea violated the ceasefire with South Korea.')).toEqual(['PRK>KOR:196']);
    expect(code('China accused Japan of spying.')).toEqual(['CHN>JPN:1125']);
    expect(code('Kim welcomed Pompeo to Pyongyang.')).toEqual(['PRKGOV>USAGOV:043', 'USAGOV>PRKGOV:042']);
  });
});
