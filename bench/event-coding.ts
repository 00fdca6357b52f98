/**
 * Event coding speed after language analysis: `npm run bench:events [-- ARTICLES]` (default 2,000 generated
 * articles plus the bundled sample corpus). Sentences are analysed once (tokens and tags), then coded with the
 * built-in dictionaries and, where ../shared is beside the project, with the Phoenix dictionaries, and timed
 * alone: sentences per second on one core. A benchmark, not a test: it asserts nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanSource } from '../src/clean/index.js';
import { EventCoder } from '../src/events/coder/coder.js';
import { coderTokens, type CoderToken } from '../src/events/coder/tokens.js';
import { loadDictionaries } from '../src/events/dictionaries/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import { analyseDocumentText } from '../src/language/text.js';
import { packageRoot } from '../src/util/package-root.js';
import { generateArticles } from './generate-corpus.js';

const count = Number(process.argv[2] ?? 2_000);
if (!Number.isInteger(count) || count <= 0) {
  console.error(`usage: npm run bench:events [-- ARTICLES]  (a positive whole number, got "${process.argv[2]}")`);
  process.exit(2);
}

const sampleDir = join(packageRoot(), 'data', 'sample');
const texts: { uri: string; text: string }[] = [...generateArticles(count, 7)].map((a) => ({ uri: a.fileName, text: a.text }));
for (const name of readdirSync(sampleDir).filter((n) => n.endsWith('.txt')).sort()) {
  texts.push({ uri: name, text: readFileSync(join(sampleDir, name), 'utf8') });
}
const sentences: { tokens: CoderToken[]; text: string }[] = [];
for (const { uri, text } of texts) {
  for (const doc of cleanSource({ uri, format: 'txt', text, encoding: 'utf-8', hints: {} })) {
    const analysed = analyseDocumentText(doc);
    for (const s of analysed.sentences) sentences.push({ tokens: coderTokens(s.tokens), text: analysed.view.text.slice(s.start, s.end) });
  }
}

function time(name: string, coder: EventCoder): void {
  // One warm-up pass, then the timed passes: the figure is for a coder that has seen its dictionaries once.
  for (const s of sentences) coder.codeSentence(s.tokens, '20180601', { text: s.text });
  let events = 0;
  let coded = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const s of sentences) events += coder.codeSentence(s.tokens, '20180601', { text: s.text }).events.length;
    coded += sentences.length;
    elapsed = performance.now() - started;
  } while (elapsed < 3_000);
  const perSecond = Math.round((coded / elapsed) * 1000);
  console.log(`  ${name.padEnd(28)} ${perSecond.toLocaleString('en-US').padStart(8)} sentences/s  (${(events / (coded / sentences.length)).toFixed(0)} events per pass)`);
}

console.log(`eventwire event coding: ${sentences.length.toLocaleString('en-US')} sentences from ${texts.length} articles (node ${process.version}, one core)`);
time('built-in dictionaries', await loadEventCoder());
const phoenix = join(packageRoot(), '..', 'shared', 'data', 'petrarch2', 'dictionaries');
if (existsSync(phoenix)) {
  const set = await loadDictionaries({
    verbs: [join(phoenix, 'CAMEO.verbpatterns.150430.txt')],
    actors: ['Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'].map((f) => join(phoenix, f)),
    agents: [join(phoenix, 'Phoenix.agents.txt')],
    discards: [join(phoenix, 'Phoenix.discards.txt')],
  });
  time('Phoenix + CAMEO verbpatterns', new EventCoder(set));
} else console.log(`  (Phoenix dictionaries not found at ${phoenix}; skipped)`);
