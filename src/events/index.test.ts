import { describe, expect, it } from 'vitest';
import { analyseAttributions } from '../attribution/index.js';
import { loadAttributionFinder } from '../attribution/tools.js';
import { cleanSource } from '../clean/index.js';
import type { Document } from '../document/document.js';
import { analyseLanguage } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { analyseEvents } from './index.js';
import { loadEventCoder } from './tools.js';
import type { CodedEvent } from './types.js';

// An invented article in eventwire's own words (real countries and office-holders, events made up).
const ARTICLE = `Japan and China agree to resume fisheries talks

March 14, 2019

TOKYO — Japanese Foreign Minister Taro Kono met Chinese Foreign Minister Wang Yi in Beijing on Tuesday, officials said.

China did not criticize Japan over the island dispute, a spokesman told reporters.

Kono later vowed to visit South Korea next month.

In a statement, Wang said China would never attack Taiwan.
`;

async function code(text: string): Promise<{ doc: Document; events: CodedEvent[] }> {
  const [doc] = [...cleanSource({ uri: 'invented.txt', format: 'txt', text, encoding: 'utf-8', hints: {} })];
  const analysed = analyseLanguage(doc!, loadLanguageTools());
  analyseAttributions(doc!, loadAttributionFinder(), analysed);
  return { doc: doc!, events: analyseEvents(doc!, await loadEventCoder(), analysed) };
}

describe('analyseEvents', () => {
  it('codes events with actors, CAMEO and PLOVER, date, place and evidence that points into the text', async () => {
    const { doc, events } = await code(ARTICLE);
    const meeting = events.find((e) => e.source.code === 'JPNGOV' && e.target.code === 'CHNGOV' && e.root === '04');
    expect(meeting, JSON.stringify(events.map((e) => [e.source.code, e.target.code, e.code]))).toBeDefined();
    expect(meeting!.plover.category).toBe('CONSULT');
    expect(meeting!.quadClass).toBe(1);
    expect(meeting!.date).toBe('2019-03-12'); // "on Tuesday" before the 14 March publication date
    expect(meeting!.dateSource).toBe('timex');
    expect(meeting!.location).toMatchObject({ name: 'Beijing', country: 'CHN' });
    expect(doc.slice(meeting!.evidence.trigger[0]!)).toBe('met');
    expect(doc.slice(meeting!.source.range!)).toBe(meeting!.source.text);
    expect(meeting!.source.entity).toBe('person/taro-kono');
    // Every event's span is stored on the document, covering its sentence.
    expect(doc.spansOf('event')).toHaveLength(events.length);
  });

  it('marks negation and modality', async () => {
    const { events } = await code(ARTICLE);
    const criticism = events.find((e) => e.source.code?.startsWith('CHN') && e.target.code?.startsWith('JPN') && e.root === '11');
    expect(criticism?.negated).toBe(true);
    const visit = events.find((e) => e.source.code?.startsWith('JPN') && e.target.code?.startsWith('KOR'));
    expect(visit?.modality).toBe('promise');
    const attack = events.find((e) => e.source.code?.startsWith('CHN') && e.target.code?.startsWith('TWN'));
    expect(attack?.negated).toBe(true);
  });

  it('codes a run-on sentence of thousands of clauses (windows bounded around each verb)', async () => {
    const runOn = `Talks stall\n\nMay 2, 2019\n\n${Array.from({ length: 1500 }, () => 'Russia praised Japan, while France condemned Germany and').join(' ')} Spain agreed.\n`;
    const { events } = await code(runOn);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.evidence.trigger.length).toBeGreaterThan(0);
  }, 60_000);
});
