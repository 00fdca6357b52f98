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
import { loadAttributionModel } from '../src/attribution/model/model.js';
import { readPolnearFolder } from '../src/attribution/polnear/index.js';
import { analyseText } from '../src/language/text.js';
import { processCpu } from './measure.js';

const projectRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
const args = process.argv.slice(2);
const passesAt = args.indexOf('--passes');
const passes = passesAt >= 0 ? Number(args[passesAt + 1]) : 5;
if (!Number.isInteger(passes) || passes < 1) {
  console.error(`bench/attribution-speed: --passes must be a positive whole number, got "${args[passesAt + 1]}"`);
  process.exit(2);
}
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--passes') ?? join(projectRoot, '..', 'shared', 'data', 'polnear', 'dev');
if (!existsSync(dir)) {
  console.error(`bench/attribution-speed: ${dir} does not exist (a folder laid out like PolNeAR's dev/)`);
  process.exit(2);
}

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
