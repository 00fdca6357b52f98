/**
 * Events coded from the two scraped seed articles in ../shared/seeds: the events an analyst would code, each with
 * the right actors, root code, modality and date, none from the boilerplate; and the same key events when the
 * Phoenix dictionaries are added. Words are matched in the files at run time; no article text is copied here.
 * Skips where ../shared is absent (a user's fresh clone).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseAttributions } from '../src/attribution/index.js';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import { cleanSource } from '../src/clean/index.js';
import type { Document } from '../src/document/document.js';
import { analyseEvents } from '../src/events/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import type { CodedEvent } from '../src/events/types.js';
import { analyseLanguage } from '../src/language/index.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { readInputs } from '../src/readers/index.js';
import { sharedDir } from './cli-helpers.js';

const seedsDir = join(sharedDir, 'seeds');
const phoenixDir = join(sharedDir, 'data', 'petrarch2', 'dictionaries');
const haveSeeds = existsSync(seedsDir);
if (!haveSeeds) console.warn(`skipping seed event tests: ${seedsDir} not found (it sits beside the project in development and CI)`);

interface Coded {
  doc: Document;
  event: CodedEvent;
}

async function codeSeeds(dictionaries?: string[]): Promise<Coded[]> {
  const coder = await loadEventCoder(dictionaries ? { dictionaries } : {});
  const language = loadLanguageTools();
  const finder = loadAttributionFinder();
  const out: Coded[] = [];
  for await (const result of readInputs(readdirSync(seedsDir).sort().map((f) => join(seedsDir, f)))) {
    if (!result.ok) throw new Error(result.error.message);
    for (const doc of cleanSource(result.source)) {
      const analysed = analyseLanguage(doc, language);
      analyseAttributions(doc, finder, analysed);
      for (const event of analyseEvents(doc, coder, analysed)) out.push({ doc, event });
    }
  }
  return out;
}

const trigger = (c: Coded) => c.event.evidence.trigger.map((r) => c.doc.slice(r).toLowerCase()).join(' ');
const find = (events: Coded[], source: RegExp, target: RegExp, root: RegExp, word: RegExp) =>
  events.filter((c) => source.test(c.event.source.code ?? '') && target.test(c.event.target.code ?? '') && root.test(c.event.root) && word.test(trigger(c)));

/** The events the issue names, as (source, target, root, trigger word) patterns. */
const KEY_EVENTS: [string, RegExp, RegExp, RegExp, RegExp][] = [
  ['Kim praises Pompeo', /^PRKGOV/, /^USAGOV/, /^05$/, /prais/],
  ['meetings in Pyongyang', /^USAGOV/, /^PRKGOV/, /^04$/, /\bmet\b|meet/],
  ["Trump's promise of a peace declaration", /^USAGOV/, /^PRK/, /^03$/, /promis/],
  ["Pompeo's demand for warheads", /^USAGOV/, /^PRK/, /^10$/, /demand/],
  ['the cancelled trip', /^USAGOV/, /^PRK/, /^16$/, /cancel/],
  ['North Korean officials accuse the CIA', /^PRKGOV/, /^USASPY/, /^11$/, /accus/],
  ['the release of the detainees', /^PRKGOV/, /^USA/, /^08$/, /releas/],
];

describe.skipIf(!haveSeeds)('events on the seed articles', () => {
  let events: Coded[];
  beforeAll(async () => {
    events = await codeSeeds();
  });

  it.each(KEY_EVENTS)('codes %s with the right actors', (_name, source, target, root, word) => {
    expect(find(events, source, target, root, word).length).toBeGreaterThan(0);
  });

  it('dates the CIA accusation from its time expression, the rest from the publication date', () => {
    const accusation = find(events, /^PRKGOV/, /^USASPY/, /^11$/, /accus/)[0]!;
    expect(accusation.event.date).toBe('2017-05');
    expect(accusation.event.dateSource).toBe('timex');
    const praise = find(events, /^PRKGOV/, /^USAGOV/, /^05$/, /prais/)[0]!;
    expect(praise.event.date).toBe(praise.doc.fieldValue('published'));
    expect(praise.event.dateSource).toBe('published');
  });

  it('marks the promise, the demand and the stated intentions', () => {
    expect(find(events, /^USAGOV/, /^PRK/, /^03$/, /promis/)[0]!.event.modality).toBe('promise');
    expect(find(events, /^USAGOV/, /^PRK/, /^10$/, /demand/)[0]!.event.modality).toBe('demand');
    expect(find(events, /^PRKGOV/, /^USA/, /^08$/, /releas/)[0]!.event.modality).toBe('intent');
  });

  it('places the Pyongyang meeting and reads the speaker chain of reported events', () => {
    const meeting = find(events, /^USAGOV/, /^PRKGOV/, /^04$/, /\bmet\b/);
    expect(meeting.some((c) => c.event.location?.name === 'Pyongyang' && c.event.location.country === 'PRK')).toBe(true);
    const release = find(events, /^PRKGOV/, /^USA/, /^08$/, /releas/)[0]!;
    expect(release.event.source.entity).toBe('person/kim-jong-un');
  });

  it('points every event at its words, and codes nothing from the boilerplate', () => {
    for (const { doc, event } of events) {
      const { sentence, trigger: words } = event.evidence;
      for (const r of words) {
        expect(r.start).toBeGreaterThanOrEqual(sentence.start);
        expect(r.end).toBeLessThanOrEqual(sentence.end);
      }
      for (const side of [event.source, event.target]) if (side.range) expect(doc.slice(side.range)).toBe(side.text);
      // The sentence lies in the headline or in kept body text, never in a removed span.
      const removed = doc.removed.some((span) => span.start < sentence.end && sentence.start < span.end && span.reason !== 'headline');
      expect(removed, doc.slice(sentence)).toBe(false);
    }
  });

  it.skipIf(!existsSync(phoenixDir))('gives the same key events with the Phoenix dictionaries added', async () => {
    const withPhoenix = await codeSeeds(
      ['CAMEO.verbpatterns.150430.txt', 'Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt', 'Phoenix.agents.txt', 'Phoenix.discards.txt'].map((f) =>
        join(phoenixDir, f),
      ),
    );
    for (const [name, source, target, root, word] of KEY_EVENTS) {
      expect(find(withPhoenix, source, target, root, word).length, name).toBeGreaterThan(0);
    }
  });
});
