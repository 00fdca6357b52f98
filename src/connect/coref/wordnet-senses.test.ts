import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { clusterStatistics, FEATURE_COUNT, featureIndex, pairFeatures, profileMention } from './features.js';
import type { EventMention } from './types.js';
import { type WordNetRelation, wordNetRelation, wordSenses } from './wordnet-senses.js';

function relation(a: string, aPos: string, b: string, bPos: string): WordNetRelation {
  const x = wordSenses(a, aPos);
  const y = wordSenses(b, bPos);
  if (!x || !y) throw new Error(`WordNet lacks ${x ? b : a}`);
  return wordNetRelation(x, y);
}

describe('WordNet relations of event words', () => {
  it('relates synonyms, kinds, causes and opposites, nouns and verbs alike', () => {
    expect(relation('quake', 'NOUN', 'earthquake', 'NOUN').synonym).toBe(true);
    // A murder is a kind of killing, whether the report uses the noun or the verb.
    const murder = relation('murder', 'NOUN', 'kill', 'VERB');
    expect(murder.synonym || murder.hypernym).toBe(true);
    expect(relation('kill', 'VERB', 'die', 'VERB').causeOrEntailment).toBe(true);
    expect(relation('win', 'VERB', 'lose', 'VERB').antonym).toBe(true);
    expect(relation('win', 'VERB', 'lose', 'VERB').synonym).toBe(false);
  });

  it('says nothing of unrelated words, and knows when WordNet lacks a word', () => {
    expect(relation('kill', 'VERB', 'eat', 'VERB')).toEqual({ synonym: false, hypernym: false, causeOrEntailment: false, antonym: false, sibling: false });
    expect(wordSenses('qwxzv', 'VERB')).toBeUndefined();
  });

  it('reaches the pair features only for different words', () => {
    const mention = (document: string, text: string, trigger: string): EventMention => {
      const tokens = analyseText(text).sentences[0]!.tokens;
      const index = tokens.findIndex((t) => t.text === trigger);
      return { id: `${document}/${trigger}`, document, sentence: 0, tokens: tokens.map((t) => ({ text: t.text, lemma: t.lemma, pos: t.pos })), trigger: { first: index, last: index } };
    };
    const mentions = [
      mention('a', 'The earthquake destroyed the old town on Monday.', 'earthquake'),
      mention('b', 'The quake destroyed the old town on Monday.', 'quake'),
      mention('c', 'Another earthquake hit the coast a year later.', 'earthquake'),
    ];
    const profiles = mentions.map((m, i) => profileMention(m, i, () => 1));
    const stats = clusterStatistics(profiles);
    const features = new Float64Array(FEATURE_COUNT);
    pairFeatures(profiles[0]!, profiles[1]!, stats, features);
    expect(features[featureIndex('wordnet_synonym')]).toBe(1);
    expect(features[featureIndex('wordnet_related_x_cosine')]).toBeGreaterThan(0);
    pairFeatures(profiles[0]!, profiles[2]!, stats, features);
    expect(features[featureIndex('same_lemma')]).toBe(1);
    expect(features[featureIndex('wordnet_synonym')]).toBe(0);
  });
});
