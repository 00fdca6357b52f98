import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActorCoder, actorCodeOn } from '../coder/actors.js';
import { dictionaryKindOf, loadDictionaries, type ActorEntry, type DictionarySet } from '../dictionaries/index.js';
import { CAMEO_AGENT_TYPES, CAMEO_RELIGIONS, isCountryOrRegion } from '../ontology/actors.js';
import { BUILTIN_COUNTRIES_FILE, builtinCountryActors, builtinDictionaryFiles, phraseForms } from './index.js';

const OWN_FILES = ['eventwire.agents.txt', 'eventwire.international.actors.txt', 'eventwire.people.actors.txt'];

function fileNamed(name: string): string {
  const file = builtinDictionaryFiles().find((path) => basename(path) === name);
  if (!file) throw new Error(`${name} is not among the built-in dictionary files`);
  return file;
}

/** The entry holding a phrase (words joined by spaces), or an error naming the phrase. */
function entryFor(actors: readonly ActorEntry[], phrase: string): ActorEntry {
  const entry = actors.find((actor) => actor.phrases.some((p) => p.words.join(' ') === phrase));
  if (!entry) throw new Error(`no actor has the phrase ${phrase}`);
  return entry;
}

/**
 * CAMEO agent codes an agent may add: the agent types, the religion codes (IMAM adds MOS) and REL, CAMEO's code
 * for an unspecified religion (it is in CAMEO's actor code list but not among GDELT's agent types).
 */
function isKnownAgentBlock(block: string): boolean {
  return Object.hasOwn(CAMEO_AGENT_TYPES, block) || Object.hasOwn(CAMEO_RELIGIONS, block) || block === 'REL';
}

let set: DictionarySet;

beforeAll(async () => {
  set = await loadDictionaries({
    agents: [fileNamed(OWN_FILES[0]!)],
    actors: [fileNamed(OWN_FILES[1]!), fileNamed(OWN_FILES[2]!)],
    strict: true,
  });
});

describe('builtinDictionaryFiles', () => {
  it('lists the shipped *.txt files, sorted, as absolute paths of known kinds', () => {
    const files = builtinDictionaryFiles();
    const names = files.map((file) => basename(file));
    for (const name of OWN_FILES) expect(names).toContain(name);
    expect(names).toEqual([...names].sort());
    for (const file of files) {
      expect(file.startsWith('/')).toBe(true);
      expect(file.endsWith('.txt')).toBe(true);
      expect(dictionaryKindOf(basename(file))).toBeDefined();
    }
  });
});

describe('built-in agent and actor dictionaries', () => {
  it('load in strict mode with no messages', () => {
    expect(set.messages).toEqual([]);
    expect(set.agents.length).toBeGreaterThan(300);
    expect(set.actors.filter((actor) => actor.origin.file.endsWith(OWN_FILES[2]!)).length).toBeGreaterThan(300);
  });

  it('do not define a phrase in both actor files', () => {
    const seen = new Map<string, string>();
    for (const actor of set.actors) {
      for (const phrase of actor.phrases) {
        const key = phrase.words.join(' ');
        const where = basename(actor.origin.file);
        const first = seen.get(key);
        if (first !== undefined) expect(first, `${key} is in ${first} and ${where}`).toBe(where);
        else seen.set(key, where);
      }
    }
  });

  it('use only CAMEO agent codes, in 3-letter blocks', () => {
    for (const agent of set.agents) {
      expect(agent.code, `line ${agent.origin.line}`).toMatch(/^([A-Z]{3})+$/);
      const blocks = agent.code.match(/[A-Z]{3}/g)!;
      for (const block of blocks) expect(isKnownAgentBlock(block), `${agent.code} at line ${agent.origin.line}`).toBe(true);
      if (agent.position === 'prefix') expect(['NGO', 'NGM']).toContain(agent.code);
    }
  });

  it('give every actor codes that start with a country, a region or an international type', () => {
    for (const actor of set.actors) {
      const codes = [...(actor.defaultCode ? [actor.defaultCode] : []), ...actor.codes.map((dated) => dated.code)];
      expect(codes.length, `${actor.origin.file}:${actor.origin.line}`).toBeGreaterThan(0);
      for (const code of codes) {
        expect(code, `${actor.origin.file}:${actor.origin.line}`).toMatch(/^([A-Z]{3})+$/);
        const first = code.slice(0, 3);
        expect(isCountryOrRegion(first) || ['IGO', 'IMG', 'NGO', 'INT'].includes(first), `${code} at line ${actor.origin.line}`).toBe(true);
      }
    }
  });

  it('keep every date range in order', () => {
    for (const actor of set.actors) {
      for (const dated of actor.codes) {
        if (dated.from && dated.to) expect(dated.from <= dated.to, `${actor.origin.line}`).toBe(true);
      }
    }
  });

  it('date-restrict Mike Pompeo: CIA director in 2017, secretary of state in 2019', () => {
    const pompeo = entryFor(set.actors, 'MIKE POMPEO');
    expect(actorCodeOn(pompeo, '20170601')).toBe('USASPY');
    expect(actorCodeOn(pompeo, '20190601')).toBe('USAGOV');
    expect(actorCodeOn(pompeo, '20150601')).toBe('USALEG');
    expect(actorCodeOn(pompeo, '20220601')).toBe('USAELI');
    expect(entryFor(set.actors, 'POMPEO')).toBe(pompeo);
  });

  it('date-restrict other office holders', () => {
    const trump = entryFor(set.actors, 'DONALD TRUMP');
    expect(actorCodeOn(trump, '20180101')).toBe('USAGOV');
    expect(actorCodeOn(trump, '20230101')).toBe('USAELI');
    expect(actorCodeOn(trump, '20250601')).toBe('USAGOV');
    const kim = entryFor(set.actors, 'KIM JONG UN');
    expect(entryFor(set.actors, 'KIM JONG-UN')).toBe(kim);
    expect(actorCodeOn(kim, '20180612')).toBe('PRKGOV');
    const taliban = entryFor(set.actors, 'TALIBAN');
    expect(actorCodeOn(taliban, '20100101')).toBe('AFGREBTAL');
    expect(actorCodeOn(taliban, '20220101')).toBe('AFGGOVTAL');
    const assad = entryFor(set.actors, 'BASHAR AL ASSAD');
    expect(actorCodeOn(assad, '20150101')).toBe('SYRGOV');
    expect(actorCodeOn(assad, '20250101')).toBe('SYRELI');
  });

  it('code noun phrases with actors and agents together', () => {
    const coder = new ActorCoder([...builtinCountryActors(), ...set.actors], set.agents);
    const code = (text: string, date = '20190601') => coder.codePhrase(text.split(' '), date)?.code;
    expect(code('NORTH KOREAN FOREIGN MINISTER RI YONG HO')).toBe('PRKGOV');
    expect(code('SECRETARY OF STATE MIKE POMPEO')).toBe('USAGOV');
    expect(code('RUSSIAN DEFENSE MINISTER')).toBe('RUSGOVMIL');
    expect(code('ISRAELI POLICE')).toBe('ISRCOP');
    expect(code('SYRIAN REBELS')).toBe('SYRREB');
    expect(code('UN PEACEKEEPERS')).toBe('IGOUNOPKO');
    expect(code('FORMER U.S. PRESIDENT')).toBe('USAELI');
    expect(code('EGYPTIAN HUMAN RIGHTS GROUP')).toBe('EGYHRI');
    expect(code('PALESTINIAN AID AGENCY')).toBe('NGOPSE');
  });
});

describe('builtinCountryActors', () => {
  const countries = builtinCountryActors();

  it('codes country names, demonyms and capitals with ISO codes', () => {
    const codeOf = (phrase: string) => entryFor(countries, phrase).defaultCode;
    for (const phrase of ['NORTH KOREA', 'NORTH KOREAN', 'NORTH KOREANS', 'PYONGYANG', 'DPRK']) expect(codeOf(phrase)).toBe('PRK');
    for (const phrase of ['UNITED STATES', 'AMERICAN', 'AMERICANS', 'WASHINGTON', 'U.S.', 'AMERICA']) expect(codeOf(phrase)).toBe('USA');
    for (const phrase of ['SOUTH KOREA', 'SOUTH KOREAN', 'SEOUL', 'REPUBLIC OF KOREA']) expect(codeOf(phrase)).toBe('KOR');
    for (const phrase of ['JAPAN', 'JAPANESE', 'TOKYO']) expect(codeOf(phrase)).toBe('JPN');
    expect(codeOf('TURKEY')).toBe('TUR');
    expect(codeOf('BRITAIN')).toBe('GBR');
    expect(codeOf('GUINEA BISSAU')).toBe('GNB');
    expect(codeOf('GUINEA-BISSAU')).toBe('GNB');
    expect(codeOf('PEOPLE REPUBLIC OF CHINA')).toBe('CHN');
    expect(codeOf('BOGOTA')).toBe('COL');
    expect(codeOf('CONGO')).toBe('COD');
    expect(codeOf('GAZA')).toBe('PSE');
  });

  it("takes the gazetteer's names, with CAMEO's codes for former states", () => {
    const codeOf = (phrase: string) => entryFor(countries, phrase).defaultCode;
    expect(codeOf('PEKING')).toBe('CHN');
    expect(codeOf('SOVIET UNION')).toBe('RUS');
    expect(codeOf('SAUDIS')).toBe('SAU');
    expect(codeOf('YUGOSLAVIA')).toBe('YUG');
    expect(codeOf('YUGOSLAV')).toBe('YUG');
    expect(codeOf('SERBIA AND MONTENEGRO')).toBe('SCG');
  });

  it('codes regions with CAMEO region codes', () => {
    expect(entryFor(countries, 'AFRICA').defaultCode).toBe('AFR');
    expect(entryFor(countries, 'AFRICAN').defaultCode).toBe('AFR');
    expect(entryFor(countries, 'MIDDLE EAST').defaultCode).toBe('MEA');
    expect(entryFor(countries, 'EUROPEAN').defaultCode).toBe('EUR');
    expect(entryFor(countries, 'LATIN AMERICA').defaultCode).toBe('LAM');
    expect(entryFor(countries, 'SOUTH AFRICAN').defaultCode).toBe('ZAF');
  });

  it('leaves out ambiguous words and codes', () => {
    const phrases = new Set(countries.flatMap((entry) => entry.phrases.map((p) => p.words.join(' '))));
    for (const left of ['US', 'JERSEY', 'ISLAND', 'MALE', 'VICTORIA', 'KP', 'CHANNEL ISLANDER']) expect(phrases.has(left), left).toBe(false);
  });

  it('gives each code one entry with its origin and every phrase once', () => {
    const codes = countries.map((entry) => entry.defaultCode);
    expect(new Set(codes).size).toBe(codes.length);
    countries.forEach((entry, index) => expect(entry.origin).toEqual({ file: BUILTIN_COUNTRIES_FILE, line: index + 1 }));
    const phrases = countries.flatMap((entry) => entry.phrases.map((p) => p.words.join(' ')));
    expect(new Set(phrases).size).toBe(phrases.length);
  });

  it('does not repeat a phrase of the international or people dictionaries', () => {
    const own = new Map<string, string>();
    for (const actor of set.actors) for (const phrase of actor.phrases) own.set(phrase.words.join(' '), `${basename(actor.origin.file)}:${actor.origin.line}`);
    for (const entry of countries) for (const phrase of entry.phrases) expect(own.get(phrase.words.join(' ')), phrase.words.join(' ')).toBeUndefined();
  });

  it('splits names the way the tokenizer does, keeping the one-word form too', () => {
    expect(phraseForms("Côte d'Ivoire")).toContainEqual(['COTE', "D'IVOIRE"]);
    expect(phraseForms('Korea, Republic of')).toEqual([]);
    expect(phraseForms('Timor-Leste')).toEqual([['TIMOR', 'LESTE'], ['TIMOR-LESTE']]);
  });
});
