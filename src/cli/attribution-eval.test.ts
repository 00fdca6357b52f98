/** `eventwire eval attribution`, registered on a fresh command (program.ts wires it in separately). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/cli-helpers.js';
import { registerAttributionEvalCommands } from './attribution-eval.js';

const text = 'The minister said on Monday that the talks would resume.\n\nThe river flooded three villages last spring.\n';
const offsets = (piece: string): string => `${text.indexOf(piece)} ${text.indexOf(piece) + piece.length}`;
const ann = [
  `T1\tSource ${offsets('The minister')}\tThe minister`,
  `T2\tCue ${offsets('said')}\tsaid`,
  `T3\tContent ${offsets('the talks would resume')}\tthe talks would resume`,
  `T4\tAttribution ${offsets('said')}\tsaid`,
  'E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3',
  'T5\tCue 5',
].join('\n');

function folder(): string {
  const dir = tempDir('attribution-eval');
  mkdirSync(join(dir, 'text'));
  mkdirSync(join(dir, 'attributions'));
  writeFileSync(join(dir, 'text', 'wire_talks.txt'), text);
  writeFileSync(join(dir, 'attributions', 'wire_talks_x1.ann'), ann);
  return dir;
}

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command().exitOverride();
  registerAttributionEvalCommands(program.command('eval'));
  await program.parseAsync(['eval', 'attribution', ...args], { from: 'user' });
  vi.restoreAllMocks();
  return { stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('eventwire eval attribution', () => {
  it('prints the scores as JSON with the agreed keys, and names malformed annotation lines', async () => {
    const dir = folder();
    const { stdout, stderr } = await run([dir, '--json']);
    const scores = JSON.parse(stdout) as Record<string, number>;
    for (const key of ['cue_f1', 'source_f1', 'content_f1', 'cue_overlap_f1', 'source_overlap_f1', 'content_overlap_f1', 'speaker_accuracy', 'cue_precision', 'cue_recall']) {
      expect(scores[key], key).toBeTypeOf('number');
    }
    expect(scores.documents).toBe(1);
    expect(scores.cue_f1).toBe(1);
    expect(scores.speaker_accuracy).toBe(1);
    expect(stderr).toContain(`${join(dir, 'attributions', 'wire_talks_x1.ann')}:6: T5: bad offsets "5"`);
  });

  it('prints a table, and the errors when asked', async () => {
    const { stdout } = await run([folder(), '--errors']);
    expect(stdout).toMatch(/cue exact\s+100\.0\s+100\.0\s+100\.0/);
    expect(stdout).toContain('speaker accuracy');
    expect(stdout).toContain('cue: missed (no overlapping prediction): 0');
  });

  it('adds the agreement of the annotators of an article, and the model against each, when asked', async () => {
    const dir = folder();
    // A second annotator who marked the same attribution, its content without "the".
    writeFileSync(join(dir, 'attributions', 'wire_talks_x2.ann'), ann.replace(offsets('the talks would resume'), offsets('talks would resume')).replace('\tthe talks', '\ttalks'));
    const { stdout } = await run([dir, '--json', '--agreement']);
    const { agreement } = JSON.parse(stdout) as { agreement: { articles: number; annotations: number; human: Record<string, number>; model: Record<string, number> } };
    expect(agreement).toMatchObject({ articles: 1, annotations: 2, annotators: 2 });
    expect(agreement.human).toMatchObject({ cue_f1: 1, source_f1: 1, content_f1: 0, content_overlap_f1: 1 });
    expect(agreement.model.cue_f1).toBeTypeOf('number');

    const table = await run([dir, '--agreement']);
    expect(table.stdout).toMatch(/agreement on the 1 articles several annotators annotated \(2 annotations by 2 annotators\)/);
    expect(table.stdout).toMatch(/annotator vs annotator\s+100\.0\s+100\.0\s+0\.0/);
    expect(table.stdout).toContain('model vs each annotator');

    const single = await run([folder(), '--json', '--agreement']);
    expect(JSON.parse(single.stdout)).toHaveProperty('agreement', null);
    expect((await run([folder(), '--agreement'])).stdout).toMatch(/agreement: no article in .* has more than one annotator/);
  });

  it('fails clearly on a folder that is not laid out like PolNeAR', async () => {
    const { stderr } = await run([tempDir('not-polnear')]);
    expect(stderr).toMatch(/^eventwire eval attribution: .* is not a PolNeAR folder/);
    expect(process.exitCode).toBe(1);
  });
});
