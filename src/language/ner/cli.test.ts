/** `eventwire ner --conll` and `eventwire eval ner`, run as built (npm test builds first). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../../test/cli-helpers.js';

// Hand-written sentences in the CoNLL-2003 layout (word, POS, chunk, gold tag).
const snippet = `-DOCSTART- -X- -X- O

Angela NNP B-NP B-PER
Ruiz NNP I-NP I-PER
flew VBD B-VP O
to TO B-PP O
Nairobi NNP B-NP B-LOC
on IN B-PP O
Monday NNP B-NP O
. . O O

Shares NNS B-NP O
of IN B-PP O
Microsoft NNP B-NP B-ORG
rose VBD B-VP O
3 CD B-NP O
percent NN I-NP O
in IN B-PP O
New NNP B-NP B-LOC
York NNP I-NP I-LOC
trading NN I-NP O
. . O O
`;

describe('eventwire ner --conll', () => {
  it('prints each input line back with the predicted IOB2 tag as a new last column', () => {
    const result = runCli(['ner', '--conll', '-'], { input: snippet });
    expect(result.status, result.stderr).toBe(0);
    const inLines = snippet.split('\n');
    const outLines = result.stdout.split('\n');
    expect(outLines).toHaveLength(inLines.length);
    inLines.forEach((line, n) => {
      if (line === '' || line.startsWith('-DOCSTART-')) expect(outLines[n]).toBe(line);
      else {
        expect(outLines[n]!.startsWith(`${line} `)).toBe(true);
        expect(outLines[n]!.slice(line.length + 1)).toMatch(/^(O|[BI]-(PER|ORG|LOC|MISC))$/);
      }
    });
    const predicted = outLines.filter((l) => l.split(' ').length === 5).map((l) => `${l.split(' ')[0]}/${l.split(' ')[4]}`);
    expect(predicted).toEqual(expect.arrayContaining(['Angela/B-PER', 'Ruiz/I-PER', 'Nairobi/B-LOC', 'Microsoft/B-ORG', 'New/B-LOC', 'York/I-LOC', 'flew/O']));
  });

  it('reads a file path as well as stdin', () => {
    const file = join(tempDir('ner'), 'in.conll');
    writeFileSync(file, snippet);
    const fromFile = runCli(['ner', '--conll', file]);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toBe(runCli(['ner', '--conll', '-'], { input: snippet }).stdout);
  });

  it('names a missing file on stderr and exits with 1', () => {
    const missing = join(tempDir('ner'), 'missing.conll');
    const result = runCli(['ner', '--conll', missing]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(missing);
  });
});

describe('eventwire eval ner', () => {
  it('scores a gold file as JSON with overall and per-type figures', () => {
    const file = join(tempDir('ner'), 'gold.conll');
    writeFileSync(file, snippet);
    const result = runCli(['eval', 'ner', file, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const score = JSON.parse(result.stdout) as Record<string, { f1: number; gold: number }> & { precision: number; recall: number; f1: number; gold: number };
    expect(score).toMatchObject({ precision: 1, recall: 1, f1: 1, gold: 4 });
    expect(score['PER']).toMatchObject({ f1: 1, gold: 1 });
    expect(score['LOC']).toMatchObject({ f1: 1, gold: 2 });
    expect(score['MISC']).toMatchObject({ gold: 0 });
    const table = runCli(['eval', 'ner', file]);
    expect(table.stdout).toMatch(/processed 19 tokens with 4 phrases; found: 4 phrases; correct: 4\./);
  });

  it('refuses input without gold tags', () => {
    const result = runCli(['eval', 'ner', '-'], { input: 'Hello\nworld\n' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no gold tags/);
  });
});
