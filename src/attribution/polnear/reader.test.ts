import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/cli-helpers.js';
import { parseBratAttributions } from './brat.js';
import { formatProblem, readPolnearFolder, splitAnnotationFileName } from './reader.js';

// A hand-written article: a headline cue (colon), an indirect report, and a quote split around its cue.
const text = [
  'Ortiz: Bridge Will Reopen in May',
  '',
  'Mayor Lena Ortiz said on Tuesday that the harbor bridge would reopen in May.',
  '',
  '“We are not worried,” the ministry said. “The repairs are on schedule.”',
].join('\n');

/** brat offsets of the first occurrence of `piece` at or after `from`. */
function at(piece: string, from = 0): [number, number] {
  const start = text.indexOf(piece, from);
  if (start < 0) throw new Error(`"${piece}" is not in the text`);
  return [start, start + piece.length];
}

function tLine(id: string, type: string, ...pieces: [number, number][]): string {
  return `${id}\t${type} ${pieces.map(([s, e]) => `${s} ${e}`).join(';')}\t${pieces.map(([s, e]) => text.slice(s, e)).join(' ')}`;
}

const quote1 = at('“We are not worried,”');
const quote2 = at('“The repairs are on schedule.”');
const ann = [
  tLine('T1', 'Source', at('Ortiz')),
  tLine('T2', 'Cue', at(':')),
  tLine('T3', 'Content', at('Bridge Will Reopen in May')),
  tLine('T4', 'Attribution', at(':')),
  'E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3',
  tLine('T5', 'Source', at('Mayor Lena Ortiz')),
  tLine('T6', 'Cue', at('said on Tuesday')),
  tLine('T7', 'Content', at('the harbor bridge would reopen in May')),
  tLine('T8', 'Attribution', at('said on Tuesday')),
  'E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7',
  tLine('T9', 'Content', quote1, quote2),
  tLine('T10', 'Source', at('the ministry')),
  tLine('T11', 'Cue', at('said', at('the ministry')[1])),
  tLine('T12', 'Attribution', at('said', at('the ministry')[1])),
  'E3\tAttribution:T12 Source:T10 Cue:T11 Content:T9',
  '#1\tAnnotatorNotes T9\tthe quote goes on after the cue',
  '',
].join('\n');

describe('parseBratAttributions', () => {
  it('reads cues, sources and contents with character offsets, discontinuous contents as pieces', () => {
    const { attributions, problems } = parseBratAttributions(ann, text, 'sample.ann');
    expect(problems).toEqual([]);
    const show = (spans: { start: number; end: number }[]): string[] => spans.map((s) => text.slice(s.start, s.end));
    expect(attributions.map((a) => ({ id: a.id, cue: show(a.cue), source: show(a.source), content: show(a.content) }))).toEqual([
      { id: 'E1', cue: [':'], source: ['Ortiz'], content: ['Bridge Will Reopen in May'] },
      { id: 'E2', cue: ['said on Tuesday'], source: ['Mayor Lena Ortiz'], content: ['the harbor bridge would reopen in May'] },
      { id: 'E3', cue: ['said'], source: ['the ministry'], content: ['“We are not worried,”', '“The repairs are on schedule.”'] },
    ]);
  });

  it('takes the continuation lines of a text that covers a line break, and a second content', () => {
    const across = [at('May.')[0], at('“We are')[0] + 3] as [number, number];
    const lines = [tLine('T1', 'Cue', at('said on Tuesday')), tLine('T2', 'Content', across), tLine('T3', 'Content', at('the harbor bridge')), 'E1\tAttribution-no-source:T1 Cue:T1 Content:T2 Content2:T3'];
    expect(lines[1]!.split('\n')).toHaveLength(3);
    const { attributions, problems } = parseBratAttributions(lines.join('\n'), text, 'multi.ann');
    expect(problems).toEqual([]);
    expect(attributions).toHaveLength(1);
    expect(attributions[0]!.source).toEqual([]);
    expect(attributions[0]!.content.map((s) => text.slice(s.start, s.end))).toEqual(['the harbor bridge', text.slice(...across)]);
  });

  it('reports malformed lines as file:line and keeps reading', () => {
    const broken = [
      tLine('T1', 'Cue', at('said on Tuesday')),
      'T2\tSource nine ten\tMayor',
      `T3\tContent 10 ${text.length + 5}\ttoo far`,
      'E1\tAttribution:T1 Cue:T1 Source:T9',
      'this line means nothing',
      tLine('T4', 'Cue', at(':')),
      'E2\tAttribution:T4 Cue:T4',
      'E3\tAttribution-no-source:T7 ',
    ].join('\n');
    const { attributions, problems } = parseBratAttributions(broken, text, 'broken.ann');
    expect(problems.map(formatProblem)).toEqual([
      'broken.ann:2: T2: bad offsets "nine ten"',
      `broken.ann:3: T3: span 10-${text.length + 5} runs past the end of the text (${text.length} characters)`,
      'broken.ann:5: unrecognised line "this line means nothing"',
      'broken.ann:4: E1: Source refers to T9, which is not defined',
      'broken.ann:8: E3: Attribution-no-source refers to T7, which is not defined',
    ]);
    // E1 keeps its cue; E2 has no content or source but is an attribution all the same.
    expect(attributions.map((a) => a.id)).toEqual(['E1', 'E2']);
  });

  it('notices a text field that does not match the offsets', () => {
    const { problems } = parseBratAttributions(`T1\tCue ${at('said')[0]} ${at('said')[1]}\ttold`, text, 'x.ann');
    expect(problems.map((p) => p.message)).toEqual([`T1: its text does not match the characters at ${at('said')[0]} ${at('said')[1]}; using the offsets`]);
  });
});

describe('readPolnearFolder', () => {
  it('pairs texts with annotations and uses the annotator whose id sorts first', () => {
    const dir = tempDir('polnear');
    mkdirSync(join(dir, 'text'));
    mkdirSync(join(dir, 'attributions'));
    writeFileSync(join(dir, 'text', 'paper_2016-05-01_bridge.txt'), text);
    writeFileSync(join(dir, 'attributions', 'paper_2016-05-01_bridge_b7.ann'), ann);
    writeFileSync(join(dir, 'attributions', 'paper_2016-05-01_bridge_a1.ann'), ann.split('\n').slice(0, 5).join('\n'));
    writeFileSync(join(dir, 'attributions', 'paper_2016-05-02_missing_a1.ann'), '');
    const folder = readPolnearFolder(dir);
    expect(folder.articles).toHaveLength(1);
    expect(folder.articles[0]).toMatchObject({ name: 'paper_2016-05-01_bridge', annotator: 'a1', otherAnnotators: ['b7'] });
    expect(folder.articles[0]!.attributions).toHaveLength(1);
    expect(folder.problems.map((p) => p.message)).toEqual([`no text file ${join(dir, 'text', 'paper_2016-05-02_missing.txt')}; skipped`]);
  });

  it('refuses a folder without text/ and attributions/', () => {
    expect(() => readPolnearFolder(tempDir('empty'))).toThrow(/is not a PolNeAR folder/);
  });

  it('splits annotation file names at the last underscore', () => {
    expect(splitAnnotationFileName('nyt_2016-09-12_a-title_4e07.ann')).toEqual({ name: 'nyt_2016-09-12_a-title', annotator: '4e07' });
    expect(splitAnnotationFileName('notes.txt')).toBeUndefined();
  });
});
