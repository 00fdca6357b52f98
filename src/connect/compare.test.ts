/**
 * Outlet comparison on the sample corpus (data/sample, written for eventwire): two reports of the Kim Yong Chol –
 * Pompeo talks in New York, and four of the Singapore summit.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../test/cli-helpers.js';
import { analysedArticles } from '../../test/connect-helpers.js';
import { compareOutlets, type OutletComparison } from './compare.js';
import type { ConnectArticle, Evidence } from './types.js';


const ROTUNDA = 'outlet/rotunda-memo';
const TIDELINES = 'outlet/tidelines-asia';

describe('comparing the outlets of a story on the sample corpus', () => {
  let corpus: ConnectArticle[];
  const pick = (outlet: string, published: string): ConnectArticle => {
    const found = corpus.filter((a) => a.outlet === outlet && a.published === published);
    expect(found, `${outlet} ${published}`).toHaveLength(1);
    return found[0]!;
  };
  /** Every piece of evidence points into its own article's text. */
  const text = (evidence: Evidence): string => {
    const doc = corpus.find((a) => a.id === evidence.article)!.doc;
    expect(doc.spans.some((s) => s.id === evidence.spanId)).toBe(true);
    return evidence.ranges.map((r) => doc.text.slice(r.start, r.end)).join(' ');
  };

  beforeAll(async () => {
    corpus = await analysedArticles([join(projectRoot, 'data', 'sample')]);
  });

  describe('the New York talks of Kim Yong Chol and Pompeo', () => {
    let comparison: OutletComparison;
    let story: ConnectArticle[];
    beforeAll(() => {
      story = [pick('Rotunda Memo', '2018-06-01'), pick('Tidelines Asia', '2018-05-31')];
      comparison = compareOutlets(story);
    });

    it('lists both outlets with their articles', () => {
      expect(comparison.outlets.map((o) => [o.id, o.articles])).toEqual([
        [ROTUNDA, [story[0]!.id]],
        [TIDELINES, [story[1]!.id]],
      ]);
    });

    it('finds the talks in both, however each words them', () => {
      const talks = comparison.events.filter((e) => e.event.source.entity === 'person/kim-yong-chol' && e.event.target.entity === 'person/mike-pompeo');
      expect(talks).toHaveLength(1);
      expect(talks[0]!.event.root).toBe('04');
      expect(talks[0]!.reportedBy).toEqual([ROTUNDA, TIDELINES]);
      expect(talks[0]!.missingFrom).toEqual([]);
      for (const outlet of comparison.outlets) expect(outlet.events.reported).toContain(talks[0]!.event.id);

      const act = comparison.wording.acts.find((a) => a.event === talks[0]!.event.id)!;
      expect(act.byOutlet.map((o) => o.outlet)).toEqual([ROTUNDA, TIDELINES]);
      for (const { triggers } of act.byOutlet) {
        for (const trigger of triggers) for (const e of trigger.evidence) expect(text(e).replace(/\s+/g, ' ')).toBe(trigger.text);
      }
      const words = act.byOutlet.map((o) => o.triggers.map((t) => t.text.toLowerCase()));
      expect(words[0]).not.toEqual(words[1]);
      expect(words.flat().every((w) => /talks/.test(w))).toBe(true);
    });

    it("finds what only Tidelines Asia reports: Lavrov's meeting with Kim Jong Un", () => {
      const lavrov = comparison.events.filter((e) => e.event.source.entity === 'person/sergei-lavrov' && e.event.target.entity === 'person/kim-jong-un');
      expect(lavrov).toHaveLength(1);
      expect(lavrov[0]!.reportedBy).toEqual([TIDELINES]);
      expect(lavrov[0]!.missingFrom).toEqual([ROTUNDA]);
      const rotunda = comparison.outlets.find((o) => o.id === ROTUNDA)!;
      expect(rotunda.events.missing).toContain(lavrov[0]!.event.id);
      expect(rotunda.events.reported).not.toContain(lavrov[0]!.event.id);
      const mention = lavrov[0]!.event.mentions[0]!;
      expect(mention.article).toBe(story[1]!.id);
      expect(mention.sentence.text).toMatch(/Lavrov/);
    });

    it('gives every outlet the events it reports and those it leaves out, and nothing twice', () => {
      for (const outlet of comparison.outlets) {
        const all = [...outlet.events.reported, ...outlet.events.missing];
        expect(new Set(all).size).toBe(all.length);
        expect(new Set(all)).toEqual(new Set(comparison.events.map((e) => e.event.id)));
      }
    });
  });

  describe('the Singapore summit in four outlets', () => {
    let comparison: OutletComparison;
    let story: ConnectArticle[];
    beforeAll(() => {
      story = ['Lanternfish Wire', 'The Continental Ledger', 'Granite Standard', 'Tidelines Asia'].map((o) => pick(o, '2018-06-12'));
      comparison = compareOutlets(story);
    });

    it('matches the "very provocative" quote across the three outlets that carry it, and finds it missing from the fourth', () => {
      const quote = comparison.quotes.filter((q) => q.instances.some((i) => /very provocative/.test(i.content)));
      expect(quote).toHaveLength(1);
      expect(quote[0]!.speaker.entity).toBe('person/donald-trump');
      expect(quote[0]!.reportedBy).toEqual(['outlet/continental-ledger', 'outlet/granite-standard', 'outlet/lanternfish-wire']);
      expect(quote[0]!.missingFrom).toEqual([TIDELINES]);
      expect(comparison.outlets.find((o) => o.id === TIDELINES)!.quotes.missing).toContain(quote[0]!.id);
      for (const instance of quote[0]!.instances) {
        expect(text({ article: instance.article, spanId: instance.spanId, ranges: instance.ranges })).toMatch(/provocative/);
      }
    });

    it('does not lump different statements together', () => {
      for (const quote of comparison.quotes) {
        const speakers = new Set(quote.instances.map((i) => i.speaker.entity).filter((e) => e !== null));
        expect(speakers.size).toBeLessThanOrEqual(1);
      }
      expect(comparison.quotes.length).toBeGreaterThan(20);
    });

    it('shows how each outlet names Kim Jong Un: a dictator in one, a leader in others', () => {
      const kim = comparison.wording.actors.find((a) => a.entity === 'person/kim-jong-un')!;
      expect(kim.byOutlet.length).toBeGreaterThanOrEqual(3);
      const forms = (outlet: string) => kim.byOutlet.find((o) => o.outlet === outlet)?.forms ?? [];
      const dictator = forms('outlet/granite-standard').filter((f) => /dictator/i.test(f.text));
      expect(dictator.length).toBeGreaterThan(0);
      expect(dictator.every((f) => f.onlyThisOutlet && f.form !== 'pronoun')).toBe(true);
      expect(forms('outlet/lanternfish-wire').some((f) => /leader/i.test(f.text))).toBe(true);
      expect(forms('outlet/lanternfish-wire').some((f) => /dictator/i.test(f.text))).toBe(false);
      for (const outlet of kim.byOutlet) for (const form of outlet.forms) for (const e of form.evidence) expect(text(e).replace(/\s+/g, ' ').toLowerCase()).toBe(form.text.toLowerCase());
    });

    it('is the same whatever the order of the articles', () => {
      expect(compareOutlets([...story].reverse())).toEqual(comparison);
      expect(JSON.parse(JSON.stringify(comparison))).toEqual(comparison);
    });
  });
});
