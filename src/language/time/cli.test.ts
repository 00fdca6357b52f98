/** `eventwire timex` and `eventwire eval timex`, run as a user runs them (needs `npm run build`). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTimeml } from './timeml.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'src', 'cli', 'main.js');
const built = existsSync(cli);
if (!built) console.warn(`skipping the timex CLI tests: ${cli} is missing (run \`npm run build\`)`);

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

const timeml = (dct: string, body: string): string => `<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="${dct}" temporalFunction="false" functionInDocument="CREATION_TIME">${dct}</TIMEX3></DCT>
<TEXT>
${body}
</TEXT>
</TimeML>
`;

describe.skipIf(!built)('eventwire timex / eval timex', () => {
  const root = mkdtempSync(join(tmpdir(), 'eventwire-timex-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const gold = join(root, 'gold');
  mkdirSync(join(gold, 'wire'), { recursive: true });
  writeFileSync(
    join(gold, 'wire', 'one.tml'),
    timeml('2018-04-03', 'Ferries stopped <TIMEX3 tid="t1" type="DATE" value="2018-04-02">Monday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> &amp; more.'),
  );
  writeFileSync(join(gold, 'two.tml'), timeml('1998-01-08', 'Markets fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>.'));

  it('tags a folder of TimeML files into another, same relative paths', () => {
    const out = join(root, 'out');
    const result = run(['timex', '--timeml', gold, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Tagged 2 of 2 TimeML file\(s\): 3 time expression\(s\)/);
    const written = parseTimeml(readFileSync(join(out, 'wire', 'one.tml'), 'utf8'));
    expect(written.text).toContain('three days & more.');
    expect(written.timexes.map((t) => [t.text, t.value])).toEqual([
      ['Monday', '2018-04-02'],
      ['three days', 'P3D'],
    ]);

    const scored = run(['eval', 'timex', gold, '--pred', out, '--json']);
    expect(scored.status, scored.stderr).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ files: 2, gold: 3, predicted: 3, strict_f1: 1, value_f1: 1 });
  });

  it('names an unreadable file, keeps going and exits 1', () => {
    const mixed = join(root, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'good.tml'), readFileSync(join(gold, 'two.tml')));
    writeFileSync(join(mixed, 'bad.tml'), timeml('1998-01-08', 'Broken <TIMEX3 tid="t1" type="DATE" value="1998">1998.'));
    const out = join(root, 'mixed-out');
    const result = run(['timex', '--timeml', mixed, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(mixed, 'bad.tml'));
    expect(result.stderr).toMatch(/line \d+/);
    expect(result.stderr).toMatch(/Tagged 1 of 2/);
    expect(existsSync(join(out, 'good.tml'))).toBe(true);
  });

  it('scores the tagger with TempEval-3 metrics, as JSON or as a table, with the mismatches on request', () => {
    const json = run(['eval', 'timex', gold, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const scores = JSON.parse(json.stdout) as Record<string, number>;
    for (const key of ['strict_precision', 'strict_recall', 'strict_f1', 'relaxed_precision', 'relaxed_recall', 'relaxed_f1', 'type_f1', 'value_f1', 'type_accuracy', 'value_accuracy', 'gold', 'predicted']) {
      expect(scores).toHaveProperty(key);
    }
    expect(scores.value_f1).toBe(1);
    const table = run(['eval', 'timex', gold, '--errors']);
    expect(table.stdout).toMatch(/strict\s+100\.0\s+100\.0\s+100\.0/);
    expect(table.stdout).toMatch(/value\s+accuracy 100\.0/);
  });

  it('tags text given on the command line', () => {
    const result = run(['timex', '--dct', '2018-04-03', 'Crowds', 'gathered', 'over', 'Easter', 'weekend.']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([{ text: 'Easter weekend', type: 'DATE', value: '2018-04-01', rule: 'date.holiday' }]);
  });
});
