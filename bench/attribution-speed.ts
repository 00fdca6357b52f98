/**
 * Attribution speed on one core: `node dist/bench/attribution-speed.js [DIR] [--passes N]`. Runs the committed
 * attribution model's `findAttributions` over the articles of a PolNeAR-style folder (default
 * ../shared/data/polnear/dev; `text/*.txt`), with each text's analysis made beforehand, N passes (default 5) after
 * nothing else; prints CPU seconds per pass and tokens per second of the best pass. The first pass is cold
 * (compiling, the combined cue table). A benchmark: it asserts nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAttributionModel } from '../src/attribution/model/model.js';
import { readPolnearFolder } from '../src/attribution/polnear/index.js';
import { analyseText } from '../src/language/text.js';
import { optionsOrExit } from './api-load.js';
import { processCpu } from './measure.js';

const USAGE = 'usage: node dist/bench/attribution-speed.js [DIR] [--passes N]';
const projectRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

function parseOptions(argv: string[]): { dir: string; passes: number } {
  const { values, positionals } = parseArgs({ args: argv, options: { passes: { type: 'string', default: '5' } }, allowPositionals: true });
  const passes = Number(values.passes);
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`bench/attribution-speed: --passes must be a positive whole number, got "${values.passes}"`);
  if (positionals.length > 1) throw new Error(`bench/attribution-speed: one folder at most, got ${positionals.length}`);
  const dir = positionals[0] ?? join(projectRoot, '..', 'shared', 'data', 'polnear', 'dev');
  if (!existsSync(dir)) throw new Error(`bench/attribution-speed: ${dir} does not exist (a folder laid out like PolNeAR's dev/)`);
  return { dir, passes };
}

const { dir, passes } = optionsOrExit(parseOptions, USAGE);
const { articles } = readPolnearFolder(dir);
const model = loadAttributionModel();
const texts = articles.map((a) => ({ text: a.text, analysed: analyseText(a.text) }));
const tokens = texts.reduce((sum, t) => sum + t.analysed.tokens.length, 0);
const seconds: number[] = [];
let attributions = 0;
for (let pass = 0; pass < passes; pass++) {
  const start = processCpu();
  attributions = 0;
  for (const t of texts) attributions += model.findAttributions(t.text, t.analysed).length;
  seconds.push(processCpu() - start);
}
const best = Math.min(...seconds);
console.log(`attribution speed: ${texts.length} articles, ${tokens.toLocaleString('en-US')} tokens, ${attributions.toLocaleString('en-US')} attributions found`);
console.log(`CPU seconds per pass: ${seconds.map((s) => s.toFixed(3)).join(', ')}`);
console.log(`best pass: ${Math.round(tokens / best).toLocaleString('en-US')} tokens/s (${((best * 1000) / texts.length).toFixed(2)} ms an article)`);
