/**
 * The language stage against the sample corpus's hand-written gold (`data/sample/language-gold.json`), through
 * ingest and the store as a user gets it. Thresholds sit below the measured figures (README), so a regression
 * in entity resolution or time normalisation fails here.
 */
import { describe, expect, it } from 'vitest';
import { measureLanguage } from '../bench/language-accuracy.js';

describe('language stage on the sample corpus gold', () => {
  it('resolves mentions to the right entity and normalises time expressions, held-out articles included', async () => {
    const { tuned, heldOut } = await measureLanguage();
    for (const [name, r] of [['held-out', heldOut], ['tuned', tuned]] as const) {
      expect(r.mentions.gold, name).toBeGreaterThan(40);
      expect(r.mentions.right / r.mentions.gold, `${name} mentions; misses:\n${r.misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
      expect(r.timexes.right / r.timexes.gold, `${name} time expressions; misses:\n${r.misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
    }
  });
});
