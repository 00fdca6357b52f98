import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { evaluateTimemlDirectory, listTimemlFiles, readTimemlFile } from '../language/time/corpus.js';
import { scoresToJson, type Mismatch, type TimexScores } from '../language/time/evaluate.js';
import { findTimexes } from '../language/time/tagger.js';
import { writeTimeml } from '../language/time/timeml.js';

function complain(command: string, file: string, message: string): void {
  process.stderr.write(`eventwire ${command}: ${file}: ${message}\n`);
  process.exitCode = 1;
}

const pct = (n: number): string => (n * 100).toFixed(1).padStart(6);

function formatScores(s: TimexScores): string {
  const row = (name: string, p: number, r: number, f: number): string => `${name.padEnd(10)}${pct(p)}${pct(r)}${pct(f)}`;
  return [
    `${s.files} file(s), ${s.gold} gold and ${s.predicted} predicted time expressions`,
    `${''.padEnd(10)}${'P'.padStart(6)}${'R'.padStart(6)}${'F1'.padStart(6)}`,
    row('strict', s.strict.precision, s.strict.recall, s.strict.f1),
    row('relaxed', s.relaxed.precision, s.relaxed.recall, s.relaxed.f1),
    `${'type'.padEnd(10)}accuracy ${pct(s.typeAccuracy).trim()}  F1 ${pct(s.typeF1).trim()}`,
    `${'value'.padEnd(10)}accuracy ${pct(s.valueAccuracy).trim()}  F1 ${pct(s.valueF1).trim()}`,
  ].join('\n');
}

function formatMismatch(m: Mismatch): string {
  const show = (s: Mismatch['gold']): string => (s ? `"${s.text ?? ''}" ${s.type} ${s.value}` : '-');
  return `${m.kind.padEnd(8)} ${m.file}\tgold: ${show(m.gold)}\tours: ${show(m.predicted)}`;
}

interface TimexEvalOptions {
  pred?: string;
  json?: boolean;
  errors?: boolean;
}

/** `eventwire timex` and `eventwire eval timex`. */
export function registerTimexCommands(program: Command, evalCommand: Command): void {
  program
    .command('timex')
    .description('find and normalise time expressions (TimeML TIMEX3): tag a folder of TimeML files, or text given on the command line')
    .argument('[text...]', 'text to tag (prints JSON); needs --dct')
    .option('--timeml <dir>', 'folder of TimeML (*.tml) files to tag against their own creation times')
    .option('--out <dir>', 'where to write the tagged TimeML files (same relative paths)')
    .option('--dct <date>', 'document creation time for text given on the command line (ISO date or date-time)')
    .action(async (words: string[], opts: { timeml?: string; out?: string; dct?: string }) => {
      if (!opts.timeml) {
        if (words.length === 0 || !opts.dct) {
          process.stderr.write('eventwire timex: give --timeml DIR --out DIR, or some text and --dct DATE\n');
          process.exitCode = 1;
          return;
        }
        const text = words.join(' ');
        process.stdout.write(`${JSON.stringify(findTimexes(text, { dct: opts.dct }), null, 2)}\n`);
        return;
      }
      if (!opts.out) {
        process.stderr.write('eventwire timex: --timeml needs --out DIR\n');
        process.exitCode = 1;
        return;
      }
      const files = await listTimemlFiles(opts.timeml).catch((error: Error) => {
        throw new Error(`timex: cannot read the folder ${opts.timeml}: ${error.message}`);
      });
      let written = 0;
      let found = 0;
      let failed = 0;
      for (const file of files) {
        const source = join(opts.timeml, file);
        try {
          const doc = await readTimemlFile(source);
          const timexes = findTimexes(doc.text, { dct: doc.dct.value });
          const target = join(opts.out, file);
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, writeTimeml(doc, timexes), 'utf8');
          written++;
          found += timexes.length;
        } catch (error) {
          complain('timex', source, (error as Error).message);
          failed++;
        }
      }
      process.stderr.write(
        `Tagged ${written} of ${files.length} TimeML file(s): ${found} time expression(s) written to ${opts.out}${failed ? `; ${failed} file(s) failed` : ''}\n`,
      );
    });

  evalCommand
    .command('timex')
    .description('TempEval-3 time expression scores (strict/relaxed span F1, type and value F1) against gold TimeML files')
    .argument('<dir>', 'folder of gold TimeML files (searched recursively)')
    .option('--pred <dir>', 'score the TimeML files in this folder (same relative paths) instead of running the tagger')
    .option('--json', 'print the scores as JSON')
    .option('--errors', 'also list every mismatch (missed, spurious, extent, type, value)')
    .action(async (dir: string, opts: TimexEvalOptions) => {
      const { scores, mismatches, failures } = await evaluateTimemlDirectory(dir, opts.pred).catch((error: Error) => {
        throw new Error(`eval timex: ${dir}: ${error.message}`);
      });
      for (const f of failures) complain('eval timex', f.file, f.message);
      if (opts.json) {
        const out: Record<string, unknown> = scoresToJson(scores);
        if (opts.errors) out.errors = mismatches;
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (opts.errors) for (const m of mismatches) process.stdout.write(`${formatMismatch(m)}\n`);
      process.stdout.write(`${formatScores(scores)}\n`);
    });
}
