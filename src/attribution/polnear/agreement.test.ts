import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/cli-helpers.js';
import { measureAgreement } from './agreement.js';
import { readPolnearFolder } from './reader.js';

const text = 'Kim said the talks would resume. Officials believe the deal is close.\n';

interface Made {
  source: string;
  cue: string;
  content: string;
}

/** A brat annotation of the given attributions, PolNeAR's way (an Attribution event over the cue). */
function brat(attributions: readonly Made[]): string {
  const at = (piece: string): string => {
    const start = text.indexOf(piece);
    if (start < 0) throw new Error(`"${piece}" is not in the text`);
    return `${start} ${start + piece.length}\t${piece}`;
  };
  const lines: string[] = [];
  attributions.forEach((a, i) => {
    const t = 4 * i;
    lines.push(`T${t + 1}\tSource ${at(a.source)}`, `T${t + 2}\tCue ${at(a.cue)}`, `T${t + 3}\tContent ${at(a.content)}`, `T${t + 4}\tAttribution ${at(a.cue)}`);
    lines.push(`E${i + 1}\tAttribution:T${t + 4} Source:T${t + 1} Cue:T${t + 2} Content:T${t + 3}`);
  });
  return lines.join('\n');
}

const kim: Made = { source: 'Kim', cue: 'said', content: 'the talks would resume' };
const officials: Made = { source: 'Officials', cue: 'believe', content: 'the deal is close' };

/** One article annotated three ways, and one annotated once (left out of the agreement). */
function folder(): string {
  const dir = tempDir('polnear-agreement');
  mkdirSync(join(dir, 'text'));
  mkdirSync(join(dir, 'attributions'));
  writeFileSync(join(dir, 'text', 'talks.txt'), text);
  writeFileSync(join(dir, 'attributions', 'talks_a1.ann'), brat([kim, officials]));
  writeFileSync(join(dir, 'attributions', 'talks_a2.ann'), brat([kim]));
  writeFileSync(join(dir, 'attributions', 'talks_a3.ann'), brat([{ ...kim, content: 'talks would resume' }, officials]));
  writeFileSync(join(dir, 'text', 'alone.txt'), text);
  writeFileSync(join(dir, 'attributions', 'alone_a1.ann'), brat([kim]));
  return dir;
}

describe('measureAgreement', () => {
  it('scores every annotator of an article against every other, and the model against each', () => {
    const { articles, problems } = readPolnearFolder(folder());
    expect(problems).toEqual([]);
    const asModel = articles.find((a) => a.name === 'talks')!.attributions; // a1's, the first annotator's
    const result = measureAgreement(articles, () => asModel)!;
    expect(result).toMatchObject({ articles: 1, annotations: 3, annotators: 3, problems: [] });
    // Six ordered pairs. Cues: a1 and a3 agree on both, a2 shares one with each: 8 matches of 10 either way.
    expect(result.human.cue_f1).toBeCloseTo(0.8, 10);
    expect(result.human.counts.cue).toEqual({ gold: 10, predicted: 10, exact: 8, overlap: 8 });
    // Contents: a3 cut "the" from Kim's, so a1-a3 share one exactly and two by overlap, a2-a3 none and one.
    expect(result.human.content_f1).toBeCloseTo(0.4, 10);
    expect(result.human.content_overlap_f1).toBeCloseTo(0.8, 10);
    expect(result.human.speaker_accuracy).toBe(1);
    // a1's annotation as the model: all 5 cues of the three annotators found, 1 of its 6 not in a2's.
    expect(result.model!.counts.cue).toEqual({ gold: 5, predicted: 6, exact: 5, overlap: 5 });
    expect(result.model!.cue_f1).toBeCloseTo(10 / 11, 10);
  });

  it('gives nothing for a folder where every article has one annotator, and no model scores without a model', () => {
    const dir = folder();
    const { articles } = readPolnearFolder(dir);
    expect(measureAgreement(articles.filter((a) => a.name === 'alone'))).toBeNull();
    expect(measureAgreement(articles)!.model).toBeNull();
  });

  it('names a malformed line of another annotator, and scores the rest', () => {
    const dir = folder();
    writeFileSync(join(dir, 'attributions', 'talks_a2.ann'), `${brat([kim])}\nT99\tCue 5`);
    const result = measureAgreement(readPolnearFolder(dir).articles)!;
    expect(result.problems).toEqual([{ file: join(dir, 'attributions', 'talks_a2.ann'), line: 6, message: 'T99: bad offsets "5"' }]);
    expect(result.human.cue_f1).toBeCloseTo(0.8, 10);
  });
});
