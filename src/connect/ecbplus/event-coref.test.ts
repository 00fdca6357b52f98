import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldSubtopics, prepareEcbEventMentions, scoreEventCoref, wholeTopics } from './event-coref.js';

const ECBPLUS = new URL('../../../../shared/data/ecbplus', import.meta.url).pathname;
const present = existsSync(`${ECBPLUS}/ECB+`);
if (!present) console.warn(`skipping the ECB+ event coreference evaluation: no corpus at ${ECBPLUS}`);

describe.skipIf(!present)('event coreference on ECB+', () => {
  it('beats the same-head-lemma baseline', async () => {
    // Topics 1–25 were trained on; 26–35 never were (training and tuning used topics 1–25 only).
    const prepared = await prepareEcbEventMentions(ECBPLUS, { topics: (t) => Number(t) <= 35 });
    const trainTopics = Array.from({ length: 25 }, (_, i) => i + 1);
    const trained = scoreEventCoref(prepared, { topics: trainTopics });
    const trainedLemma = scoreEventCoref(prepared, { topics: trainTopics, method: 'lemma' });
    expect(trained.mentions).toBeGreaterThan(3000);
    expect(trained.conll_f1).toBeGreaterThan(trainedLemma.conll_f1 + 0.025);

    const check = Array.from({ length: 10 }, (_, i) => 26 + i);
    const held = scoreEventCoref(prepared, { topics: check, documentClusters: goldSubtopics, withoutSingletons: true });
    const heldLemma = scoreEventCoref(prepared, { topics: check, method: 'lemma' });
    expect(held.conll_f1).toBeGreaterThan(0.742);
    expect(held.conll_f1).toBeGreaterThan(heldLemma.conll_f1 + 0.01);
    expect(held.conll_f1).toBeCloseTo((held.muc.f1 + held.bcubed.f1 + held.ceafe.f1) / 3, 3);
    expect(held.without_singletons!.mentions_gold).toBeLessThan(held.mentions);
    // All documents of a topic in one cluster is harder: two events of one kind (two quakes) meet. On the
    // trained topics the model still beats the lemma baseline there, and on unseen ones by less.
    const trainedWhole = scoreEventCoref(prepared, { topics: trainTopics, documentClusters: wholeTopics });
    const trainedWholeLemma = scoreEventCoref(prepared, { topics: trainTopics, documentClusters: wholeTopics, method: 'lemma' });
    expect(trainedWhole.conll_f1).toBeGreaterThan(trainedWholeLemma.conll_f1 + 0.01);
    const whole = scoreEventCoref(prepared, { topics: check, documentClusters: wholeTopics });
    const wholeLemma = scoreEventCoref(prepared, { topics: check, documentClusters: wholeTopics, method: 'lemma' });
    expect(whole.document_clusters).toBe(10);
    expect(whole.muc.f1).toBeGreaterThan(wholeLemma.muc.f1 + 0.01);
    expect(whole.conll_f1).toBeGreaterThan(wholeLemma.conll_f1 + 0.005);
  });
});
