import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { clusterStatistics, FEATURE_COUNT, featureIndex, pairFeatures, profileMention } from './features.js';
import { eventClassesOf, loadEventLexicon, parseEventLexicon } from './lexicon.js';
import { pairKind } from './model.js';
import type { EventMention } from './types.js';

describe('event class lexicon reader', () => {
  const text = [
    '# a comment',
    '',
    'kill: kill murder slay assassination',
    'resign: resign quit step_down',
    'generic-incident: incident tragedy',
  ].join('\n');

  it('reads classes, phrases and generic classes, and finds words by lemma or by stem', () => {
    const lexicon = parseEventLexicon(text, 'test.txt');
    expect(lexicon.classes.map((c) => c.name)).toEqual(['kill', 'resign', 'generic-incident']);
    expect(lexicon.classes[2]!.generic).toBe(true);
    expect(eventClassesOf('murder', lexicon)).toEqual(['kill']);
    // Forms the file does not list reach their class through the derivational stem.
    expect(eventClassesOf('murdered', lexicon)).toEqual(['kill']);
    expect(eventClassesOf('assassinations', lexicon)).toEqual(['kill']);
    expect(eventClassesOf('step down', lexicon)).toEqual(['resign']);
    expect(eventClassesOf('stepped_down', lexicon)).toEqual(['resign']);
    expect(eventClassesOf('step', lexicon)).toEqual([]);
    expect(eventClassesOf('election', lexicon)).toEqual([]);
  });

  it('names the file and line of a malformed line', () => {
    expect(() => parseEventLexicon('kill: kill\nno colon here', 'lex.txt')).toThrow(/^lex\.txt:2: .*":"/);
    expect(() => parseEventLexicon('\nKill Class: kill', 'lex.txt')).toThrow(/^lex\.txt:2: bad class name "Kill Class"/);
    expect(() => parseEventLexicon('kill:   ', 'lex.txt')).toThrow(/^lex\.txt:1: class "kill" has no lemmas/);
    expect(() => parseEventLexicon('kill: kill Murder', 'lex.txt')).toThrow(/^lex\.txt:1: bad lemma "Murder"/);
    expect(() => parseEventLexicon('kill: kill\n# x\nkill: slay', 'lex.txt')).toThrow(/^lex\.txt:3: class "kill" is defined twice/);
    expect(() => loadEventLexicon('/nonexistent/event-classes.txt')).toThrow(/cannot read the event class lexicon \/nonexistent\/event-classes\.txt/);
  });

  it('the shipped lexicon is well formed and joins words news uses for one event', () => {
    const lexicon = loadEventLexicon();
    expect(lexicon.classes.length).toBeGreaterThanOrEqual(250);
    const share = (a: string, b: string): boolean => eventClassesOf(a).some((c) => eventClassesOf(b).includes(c));
    for (const [a, b] of [['kill', 'murder'], ['die', 'death'], ['quake', 'earthquake'], ['temblor', 'tremor'], ['arrest', 'detain'], ['nab', 'custody'],
      ['fire', 'blaze'], ['fire', 'sack'], ['acquire', 'takeover'], ['resign', 'step_down'], ['check_into', 'rehab'], ['explosion', 'blast'], ['wedding', 'marry']]) {
      expect(share(a!, b!), `${a} / ${b}`).toBe(true);
    }
    expect(share('arrest', 'earthquake')).toBe(false);
    expect(share('marry', 'divorce')).toBe(false);
  });
});

describe('event class features', () => {
  function mention(document: string, text: string, trigger: string): EventMention {
    const { sentences } = analyseText(text);
    const tokens = sentences[0]!.tokens;
    const index = tokens.findIndex((t) => t.text === trigger);
    return { id: `${document}/${trigger}`, document, sentence: 0, tokens: tokens.map((t) => ({ text: t.text, lemma: t.lemma, pos: t.pos })), trigger: { first: index, last: index } };
  }

  it('marks different words of one event class, and leaves unrelated words out', () => {
    const killed = mention('a', 'A gunman killed three people in Ohio on Monday.', 'killed');
    const murder = mention('b', 'Police are investigating the murder of three people in Ohio.', 'murder');
    const investigating = mention('b', 'Police are investigating the murder of three people in Ohio.', 'investigating');
    const profiles = [killed, murder, investigating].map((m, i) => profileMention(m, i, () => 1));
    const stats = clusterStatistics(profiles);
    const features = new Float64Array(FEATURE_COUNT);
    pairFeatures(profiles[0]!, profiles[1]!, stats, features);
    expect(features[featureIndex('shared_event_class')]).toBe(1);
    expect(pairKind(features)).toBe('related');
    pairFeatures(profiles[0]!, profiles[2]!, stats, features);
    expect(features[featureIndex('shared_event_class')]).toBe(0);
    expect(features[featureIndex('known_different_classes')]).toBe(1);
    expect(pairKind(features)).toBe('other');
  });
});
