/**
 * Event coding speed after language analysis: `npm run bench:events [-- ARTICLES]`. Three sets of sentences:
 * generated articles (default 2,000; formulaic), the bundled sample corpus (news-like prose), and, where ../shared
 * is beside the project, the 77 GigaWord news sentences PETRARCH ships as a sample (long wire sentences).
 * Sentences are analysed once (tokens and tags), then coded with the built-in dictionaries and with the Phoenix
 * dictionaries added, and timed alone: sentences per second on one core. A benchmark, not a test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cleanSource } from '../src/clean/index.js';
import { parseValidationFile } from '../src/events/validate/records.js';
import { EventCoder } from '../src/events/coder/coder.js';
import { coderTokens, type CoderToken } from '../src/events/coder/tokens.js';
import { loadDictionaries } from '../src/events/dictionaries/index.js';
import { loadEventCoder } from '../src/events/tools.js';
import { analyseDocumentText, analyseText } from '../src/language/text.js';
import { packageRoot } from '../src/util/package-root.js';
import { generateArticles } from './generate-corpus.js';

const count = Number(process.argv[2] ?? 2_000);
if (!Number.isInteger(count) || count <= 0) {
  console.error(`usage: npm run bench:events [-- ARTICLES]  (a positive whole number, got "${process.argv[2]}")`);
  process.exit(2);
}

type Sentences = { tokens: CoderToken[]; text: string }[];

function sentencesOf(texts: { uri: string; text: string }[]): Sentences {
  const out: Sentences = [];
  for (const { uri, text } of texts) {
    for (const doc of cleanSource({ uri, format: 'txt', text, encoding: 'utf-8', hints: {} })) {
      const analysed = analyseDocumentText(doc);
      for (const s of analysed.sentences) out.push({ tokens: coderTokens(s.tokens), text: analysed.view.text.slice(s.start, s.end) });
    }
  }
  return out;
}

const sampleDir = join(packageRoot(), 'data', 'sample');
const petrarchDir = join(packageRoot(), '..', 'shared', 'data', 'petrarch2');
const sets: [string, Sentences][] = [
  [`${count} generated articles`, sentencesOf([...generateArticles(count, 7)].map((a) => ({ uri: a.fileName, text: a.text })))],
  [
    'sample corpus',
    sentencesOf(readdirSync(sampleDir).filter((n) => n.endsWith('.txt')).sort().map((name) => ({ uri: name, text: readFileSync(join(sampleDir, name), 'utf8') }))),
  ],
];
const gigaword = join(petrarchDir, 'GigaWord.sample.PETR.xml');
if (existsSync(gigaword)) {
  const records = parseValidationFile(readFileSync(gigaword, 'utf8'), gigaword).records.filter((r) => r.text.length > 0);
  sets.push(['GigaWord sample (PETRARCH)', records.map((r) => ({ tokens: coderTokens(analyseText(r.text).tokens), text: r.text }))]);
}

function time(sentences: Sentences, coder: EventCoder): string {
  // One warm-up pass, then passes for at least 3 s: the figure is for a coder that has seen its dictionaries once.
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
  const passes = coded / sentences.length;
  return `${Math.round((coded / elapsed) * 1000).toLocaleString('en-US').padStart(8)} sentences/s (${Math.round(events / passes)} events)`;
}

const coders: [string, EventCoder][] = [['built-in dictionaries', await loadEventCoder()]];
const phoenix = join(petrarchDir, 'dictionaries');
if (existsSync(phoenix)) {
  const files = ['CAMEO.verbpatterns.150430.txt', 'Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt', 'Phoenix.agents.txt', 'Phoenix.discards.txt'];
  coders.push(['built-in + Phoenix', await loadEventCoder({ dictionaries: files.map((f) => join(phoenix, f)) })]);
  const only = await loadDictionaries({
    verbs: [join(phoenix, files[0]!)],
    actors: files.slice(1, 4).map((f) => join(phoenix, f)),
    agents: [join(phoenix, files[4]!)],
    discards: [join(phoenix, files[5]!)],
  });
  coders.push(['Phoenix only', new EventCoder(only)]);
}

console.log(`eventwire event coding after language analysis (node ${process.version}, one core)`);
for (const [name, sentences] of sets) {
  console.log(`  ${name}: ${sentences.length.toLocaleString('en-US')} sentences`);
  for (const [coderName, coder] of coders) console.log(`    ${coderName.padEnd(24)} ${time(sentences, coder)}`);
}
