import { describe, expect, it } from 'vitest';
import { analyseText } from '../../language/text.js';
import { averageLinkClusters, withTransitiveEvidence } from './cluster.js';
import { readFileSync } from 'node:fs';
import { shippedModelPath } from '../../util/package-root.js';
import { clusterByHeadLemma, clusterEventMentions, profileGroup } from './index.js';
import { defaultCorefModelFile, loadPairModel, parsePairModel } from './model.js';
import { derivationalStem } from './morphology.js';
import type { EventMention } from './types.js';

/** Event mentions of a short article: each trigger given as a word of the text (its first use after the previous trigger). */
function mentionsOf(document: string, text: string, triggers: string[]): EventMention[] {
  const { sentences } = analyseText(text);
  const out: EventMention[] = [];
  let from = 0;
  for (const word of triggers) {
    const at = text.indexOf(word, from);
    if (at < 0) throw new Error(`"${word}" is not in ${document}`);
    from = at + word.length;
    const sentence = sentences.find((s) => s.start <= at && at < s.end)!;
    const index = sentence.tokens.findIndex((t) => t.start === at);
    out.push({
      id: `${document}/${word}@${at}`,
      document,
      sentence: sentence.index,
      tokens: sentence.tokens.map((t) => ({ text: t.text, lemma: t.lemma, pos: t.pos })),
      trigger: { first: index, last: index },
    });
  }
  return out;
}

describe('derivational stems', () => {
  it('joins nominalisations and irregular forms to their verbs', () => {
    expect(derivationalStem('arrest')).toBe(derivationalStem('arrested'));
    expect(derivationalStem('shooting')).toBe(derivationalStem('shot'));
    expect(derivationalStem('death')).toBe(derivationalStem('die'));
    expect(derivationalStem('resignation')).toBe(derivationalStem('resign'));
    expect(derivationalStem('explosion')).toBe(derivationalStem('explode'));
    expect(derivationalStem('election')).toBe(derivationalStem('elect'));
  });

  it('keeps unrelated words apart', () => {
    expect(derivationalStem('attack')).not.toBe(derivationalStem('attach'));
    expect(derivationalStem('fire')).not.toBe(derivationalStem('fine'));
    expect(derivationalStem('protest')).not.toBe(derivationalStem('protect'));
  });
});

describe('average-link clustering', () => {
  it('merges while the mean pair score stays above the threshold', () => {
    // {0,1} merge first (0.9), then 2 joins them (mean 0.825 beats 2–3 at 0.7); 3's mean to {0,1,2} is
    // (0.1 + 0.1 + 0.7) / 3 = 0.3, below the threshold.
    const s = [
      [0, 0.9, 0.8, 0.1],
      [0.9, 0, 0.85, 0.1],
      [0.8, 0.85, 0, 0.7],
      [0.1, 0.1, 0.7, 0],
    ];
    const clusters = averageLinkClusters(Float64Array.from(s.flat()), 4, 0.5);
    expect(clusters[0]).toBe(clusters[1]);
    expect(clusters[1]).toBe(clusters[2]);
    expect(clusters[3]).not.toBe(clusters[0]);
    // A threshold above every score leaves all apart.
    expect(new Set(averageLinkClusters(Float64Array.from(s.flat()), 4, 0.95)).size).toBe(4);
  });
});

describe('transitive evidence', () => {
  // 0, 1, 2 report one event; 3 ("tremor") matches 1 and 2 but is worded apart from 0 ("quake"); 4 matches nothing.
  const s = [
    [0, 0.8, 0.8, 0.1, 0.05],
    [0.8, 0, 0.8, 0.8, 0.05],
    [0.8, 0.8, 0, 0.8, 0.05],
    [0.1, 0.8, 0.8, 0, 0.05],
    [0.05, 0.05, 0.05, 0.05, 0],
  ];
  const at = (m: Float64Array, i: number, j: number): number => m[i * 5 + j]!;

  it('raises a pair toward its best two-step path, so a mention worded apart joins through the others', () => {
    const raised = withTransitiveEvidence(Float64Array.from(s.flat()), 5, 0.5);
    // 0–3: half of the way from 0.1 up to min(0.8, 0.8); symmetric.
    expect(at(raised, 0, 3)).toBeCloseTo(0.1 + 0.5 * (0.8 - 0.1), 12);
    expect(at(raised, 3, 0)).toBe(at(raised, 0, 3));
    // Pairs at or above their paths keep their scores; the loner gains nothing from paths as weak as itself.
    expect(at(raised, 0, 1)).toBe(0.8);
    expect(at(raised, 4, 0)).toBe(0.05);
    // At 0.6, 3's mean to {0, 1, 2} was (0.1 + 0.8 + 0.8) / 3 = 0.57 and keeps it out; raised, it is 0.68.
    const before = averageLinkClusters(Float64Array.from(s.flat()), 5, 0.6);
    expect(before[3]).not.toBe(before[0]);
    const after = averageLinkClusters(raised, 5, 0.6);
    expect(new Set([after[0], after[1], after[2], after[3]]).size).toBe(1);
    expect(after[4]).not.toBe(after[0]);
  });

  it('lowers no pair: one without a third mention to confirm it keeps its score', () => {
    const two = [
      [0, 0.42, 0.01],
      [0.42, 0, 0.01],
      [0.01, 0.01, 0],
    ];
    const raised = withTransitiveEvidence(Float64Array.from(two.flat()), 3, 1);
    expect(Array.from(raised)).toEqual(two.flat());
  });

  it('leaves the scores as they are at weight 0, and a pair alone has no third mention', () => {
    const three = Float64Array.from([0, 0.3, 0.6, 0.3, 0, 0.2, 0.6, 0.2, 0]);
    expect(withTransitiveEvidence(three, 3, 0)).toBe(three);
    const pair = Float64Array.from([0, 0.4, 0.4, 0]);
    expect(withTransitiveEvidence(pair, 2, 0.5)).toBe(pair);
  });
});

describe('event coreference across articles', () => {
  const first = mentionsOf(
    'leeds-1',
    'Police arrested a man in Leeds on Tuesday after a string of burglaries. The arrest followed a two-week investigation, a police spokesman said.',
    ['arrested', 'burglaries', 'arrest', 'investigation', 'said'],
  );
  const second = mentionsOf(
    'leeds-2',
    'A 34-year-old man was arrested in Leeds on Tuesday in connection with several burglaries in the city, officers told reporters.',
    ['arrested', 'burglaries', 'told'],
  );
  // Another story: an arrest too, but in another document cluster.
  const other = mentionsOf('york-1', 'Officers arrested two teenagers in York in March for shoplifting.', ['arrested', 'shoplifting']);
  const all = [...first, ...second, ...other];
  const documentClusters = [['leeds-1', 'leeds-2'], ['york-1']];
  const id = (mentions: EventMention[], word: string): string => mentions.find((m) => m.id.startsWith(`${m.document}/${word}@`))!.id;

  it('joins the arrest however it is worded, and keeps reporting verbs and other stories apart', () => {
    const clusters = clusterEventMentions(all, { documentClusters });
    const arrest = clusters.get(id(first, 'arrested'));
    expect(clusters.get(id(first, 'arrest'))).toBe(arrest);
    expect(clusters.get(id(second, 'arrested'))).toBe(arrest);
    expect(clusters.get(id(first, 'burglaries'))).toBe(clusters.get(id(second, 'burglaries')));
    expect(clusters.get(id(first, 'burglaries'))).not.toBe(arrest);
    expect(clusters.get(id(first, 'investigation'))).not.toBe(arrest);
    // "said" and "told" are different reports by different people.
    expect(clusters.get(id(first, 'said'))).not.toBe(clusters.get(id(second, 'told')));
    expect(clusters.get(id(first, 'said'))).not.toBe(arrest);
    // Mentions of different document clusters never corefer.
    expect(clusters.get(id(other, 'arrested'))).not.toBe(arrest);
  });

  it('rates how likely each mention is to stand alone: the reporting verb more than the arrest every report names', () => {
    const { profiles } = profileGroup([...first, ...second], loadPairModel().singleton);
    const of = (mentions: EventMention[], word: string) => profiles.find((p) => p.mention.id === id(mentions, word))!.singleton;
    for (const p of profiles) expect(p.singleton).toBeGreaterThan(0);
    expect(of(first, 'said')).toBeGreaterThan(of(first, 'arrested'));
    expect(of(second, 'told')).toBeGreaterThan(of(second, 'arrested'));
    // Without singleton weights, no probability is made up.
    expect(profileGroup(first).profiles.every((p) => p.singleton === 0)).toBe(true);
  });

  it('refuses a model file without the singleton model its features need', () => {
    const file = JSON.parse(readFileSync(shippedModelPath(defaultCorefModelFile), 'utf8')) as Record<string, unknown>;
    expect(parsePairModel(JSON.stringify(file), 'shipped.json').singleton).toHaveLength((file.singleton as number[]).length);
    expect(parsePairModel(JSON.stringify(file), 'shipped.json').transitivity).toBe(file.transitivity);
    expect(() => parsePairModel(JSON.stringify({ ...file, transitivity: 1.5 }), 'bad.json')).toThrow(/^bad\.json: "transitivity" must be a number in \[0, 1\], got 1\.5$/);
    // A model written before transitivity existed merges on the pair scores alone.
    expect(parsePairModel(JSON.stringify({ ...file, transitivity: undefined }), 'older.json').transitivity).toBe(0);
    delete file.singleton;
    expect(() => parsePairModel(JSON.stringify(file), 'old.json')).toThrow(/^old\.json: no singleton model .*retrain it/);
  });

  it('the lemma baseline joins same lemmas, reporting verbs included, within a document cluster only', () => {
    const clusters = clusterByHeadLemma(all, documentClusters);
    expect(clusters.get(id(first, 'arrested'))).toBe(clusters.get(id(second, 'arrested')));
    expect(clusters.get(id(first, 'arrest'))).toBe(clusters.get(id(first, 'arrested')));
    expect(clusters.get(id(other, 'arrested'))).not.toBe(clusters.get(id(first, 'arrested')));
    const reports = clusterByHeadLemma([...first, ...mentionsOf('leeds-3', 'The mayor said the city was safe.', ['said'])], [['leeds-1', 'leeds-3']]);
    expect(reports.get(id(first, 'said'))).toBe(reports.get('leeds-3/said@10'));
  });
});
