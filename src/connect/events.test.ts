/**
 * Merging events across articles, on short articles written for this test (real office-holders, invented
 * reports) run through the whole pipeline, and on hand-made coded events for the code and negation rules.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/cli-helpers.js';
import { analysedArticles } from '../../test/connect-helpers.js';
import type { DocumentData, EventSpan } from '../document/types.js';
import type { CodedEvent } from '../events/types.js';
import { mergeEvents, type MergedEvent } from './events.js';
import type { ConnectArticle } from './types.js';


// Two outlets report the same Tuesday meeting in different words (headline and body each); the first also
// reports a different meeting of the same minister, the second a criticism, and a third report, two weeks later,
// a new meeting of the same two men.
const ARTICLES = [
  {
    url: 'https://harbour-courier.example/kono-wang',
    outlet: 'Harbour Courier',
    title: 'Taro Kono meets Wang Yi in Beijing',
    published: '2019-03-13T09:00:00Z',
    text: 'Taro Kono meets Wang Yi in Beijing\n\nBEIJING — Japanese Foreign Minister Taro Kono met Chinese Foreign Minister Wang Yi in Beijing on Tuesday, officials said.\n\nThe two ministers discussed fisheries and trade for three hours.\n\nOn Friday, Kono met South Korean Foreign Minister Kang Kyung-wha in Seoul.\n',
  },
  {
    url: 'https://meridian-daily.example/japan-china-talks',
    outlet: 'Meridian Daily',
    title: 'Kono and Wang hold talks in Beijing',
    published: '2019-03-12T18:00:00Z',
    text: "Kono and Wang hold talks in Beijing\n\nTOKYO — Taro Kono, Japan's foreign minister, held talks with Wang Yi, his Chinese counterpart, in Beijing on Tuesday.\n\nChina criticized Japan over the island dispute, a spokesman told reporters.\n",
  },
  {
    url: 'https://harbour-courier.example/kono-wang-tokyo',
    outlet: 'Harbour Courier',
    title: 'Wang returns the visit',
    published: '2019-03-26T09:00:00Z',
    text: 'Wang returns the visit\n\nTOKYO — Japanese Foreign Minister Taro Kono met Chinese Foreign Minister Wang Yi in Tokyo on Monday.\n',
  },
];

const between = (events: MergedEvent[], source: string, target: string): MergedEvent[] =>
  events.filter((e) => e.source.entity === source && e.target.entity === target);

describe('merging the events of articles that report the same happening', () => {
  let articles: ConnectArticle[];
  let merged: MergedEvent[];
  beforeAll(async () => {
    const file = join(tempDir('connect-events-input'), 'articles.jsonl');
    writeFileSync(file, ARTICLES.map((a) => JSON.stringify(a)).join('\n') + '\n');
    articles = await analysedArticles([file]);
    expect(articles).toHaveLength(3);
    merged = mergeEvents(articles);
  });

  it('merges the meeting both outlets report, however each words it, counting every sentence', () => {
    const meeting = between(merged, 'person/taro-kono', 'person/wang-yi').filter((e) => e.date === '2019-03-12');
    expect(meeting).toHaveLength(1);
    const [event] = meeting;
    expect(event!.root).toBe('04');
    // "held talks with" (046) is more specific than "met" (040): the merged event takes the specific code.
    expect(event!.code).toBe('046');
    expect(event!.numArticles).toBe(2);
    expect(event!.numSources).toBe(2);
    expect(event!.numMentions).toBe(4);
    expect(event!.firstSeen).toBe('2019-03-12');
    expect(event!.lastSeen).toBe('2019-03-13');
    expect(new Set(event!.mentions.map((m) => m.outlet.name))).toEqual(new Set(['Harbour Courier', 'Meridian Daily']));
    const triggers = event!.mentions.map((m) => m.trigger.text.toLowerCase());
    expect(triggers).toEqual(expect.arrayContaining([expect.stringMatching(/\bmet\b/), expect.stringMatching(/held talks/)]));
    // Every mention points at its words.
    for (const mention of event!.mentions) {
      const doc = articles.find((a) => a.id === mention.article)!.doc;
      expect(doc.text.slice(mention.sentence.range.start, mention.sentence.range.end).replace(/\s+/g, ' ').trim()).toBe(mention.sentence.text);
      expect(mention.trigger.ranges.map((r) => doc.text.slice(r.start, r.end)).join(' ')).toBe(mention.trigger.text);
      const span = doc.spans.find((s): s is EventSpan => s.id === mention.spanId && s.type === 'event');
      expect(span?.event.evidence.sentence).toEqual(mention.sentence.range);
    }
  });

  it('keeps a meeting with someone else, a criticism and a meeting two weeks later apart', () => {
    const kang = between(merged, 'person/taro-kono', 'person/kang-kyung-wha');
    expect(kang).toHaveLength(1);
    expect(kang[0]!.numArticles).toBe(1);
    expect(kang[0]!.date).toBe('2019-03-08');

    const criticism = merged.filter((e) => e.root === '11');
    expect(criticism).toHaveLength(1);
    expect(criticism[0]!.numMentions).toBe(1);

    const later = between(merged, 'person/taro-kono', 'person/wang-yi').filter((e) => e.date === '2019-03-25');
    expect(later).toHaveLength(1);
    expect(later[0]!.mentions.map((m) => m.outlet.name)).toEqual(['Harbour Courier']);
  });

  it('merges across a wider gap only when told to', () => {
    const wide = mergeEvents(articles, { dayTolerance: 30 });
    const meetings = between(wide, 'person/taro-kono', 'person/wang-yi');
    expect(meetings).toHaveLength(1);
    expect(meetings[0]!.numArticles).toBe(3);
  });

  it('gives the same result, ids included, whatever the order of the articles', () => {
    expect(mergeEvents([...articles].reverse())).toEqual(merged);
    expect(mergeEvents([articles[1]!, articles[2]!, articles[0]!])).toEqual(merged);
    expect(new Set(merged.map((e) => e.id)).size).toBe(merged.length);
    // Ids come from content: dropping an unrelated article leaves the meeting's id alone.
    const id = between(merged, 'person/taro-kono', 'person/wang-yi').find((e) => e.date === '2019-03-12')!.id;
    const without = mergeEvents(articles.filter((a) => a.outlet !== 'Harbour Courier' || a.published !== '2019-03-26'));
    expect(between(without, 'person/taro-kono', 'person/wang-yi').map((e) => e.id)).toContain(id);
  });
});

describe('the rules of the merge, on hand-made coded events', () => {
  const TEXT = 'Kono met Wang. Kono visited Wang. Wang hosted Kono. Kono did not meet Wang. Japan met Wang.';
  let nextId = 1;
  /** A coded event over the n-th sentence of TEXT. */
  function coded(sentence: number, code: string, over: Partial<CodedEvent> = {}): EventSpan {
    const starts = [...TEXT.matchAll(/[^.]+\./g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
    const range = starts[sentence]!;
    return {
      id: nextId++,
      type: 'event',
      stage: 'test',
      ...range,
      event: {
        source: { code: 'JPNGOV', entity: 'person/taro-kono' },
        target: { code: 'CHNGOV', entity: 'person/wang-yi' },
        code,
        root: code.slice(0, 2),
        quadClass: 1,
        goldstein: 1,
        plover: { category: 'CONSULT' },
        date: '2019-03-12',
        dateSource: 'timex',
        negated: false,
        modality: 'asserted',
        evidence: { sentence: range, trigger: [{ start: range.start + 5, end: range.start + 9 }] },
        confidence: 1,
        rule: 'test',
        ...over,
      },
    };
  }
  const article = (id: string, outlet: string, spans: EventSpan[]): ConnectArticle => ({
    id,
    outlet,
    published: '2019-03-13',
    doc: { id, key: id, contentHash: '', text: TEXT, origin: { uri: id, format: 'txt', start: 0, end: TEXT.length, encoding: 'utf-8' }, hints: {}, spans } satisfies DocumentData,
  });

  it('lets a general code join a specific one, but not two specific codes of one root', () => {
    const merged = mergeEvents([article('a', 'A', [coded(0, '040'), coded(1, '042')]), article('b', 'B', [coded(2, '043')])]);
    expect(merged.map((e) => [e.code, e.numMentions]).sort()).toEqual([
      ['042', 2],
      ['043', 1],
    ]);
  });

  it('never merges a denial with the act, nor a country with another country\'s actor', () => {
    const merged = mergeEvents([
      article('a', 'A', [coded(0, '040'), coded(3, '040', { negated: true })]),
      article('b', 'B', [coded(4, '040', { source: { code: 'KOR', entity: 'country/KOR' } })]),
    ]);
    expect(merged).toHaveLength(3);
  });

  it('lets a country as such stand for its actors', () => {
    const merged = mergeEvents([article('a', 'A', [coded(0, '040')]), article('b', 'B', [coded(4, '040', { source: { code: 'JPN', entity: 'country/JPN' } })])]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.source.entity).toBe('person/taro-kono');
    expect(merged[0]!.numSources).toBe(2);
  });

  it('counts articles without an outlet as sources of their own and dates events by their article', () => {
    const undated = (id: string, published: string | null): ConnectArticle => ({ ...article(id, 'x', [coded(0, '040', { date: undefined, dateSource: 'none' })]), outlet: null, published });
    const merged = mergeEvents([undated('a', '2019-03-12'), undated('b', '2019-03-13'), undated('c', '2019-03-20')]);
    expect(merged.map((e) => e.numSources)).toEqual([2, 1]);
    expect(merged[0]!.date).toBe('2019-03-12');
  });
});
