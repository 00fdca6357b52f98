/**
 * NER tagging speed on one core: `node dist/bench/ner-speed.js [MODEL]`. Tags CoNLL-2003 valid.txt when
 * ../shared is present (else generated text), best of several runs after a warm-up; prints tokens per
 * second of `tagDocument` and the model's load time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readConllFile } from '../src/language/ner/conll.js';
import { loadNerModel } from '../src/language/ner/model.js';
import { seededRandom } from '../src/util/random.js';

const projectRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');
const validPath = join(projectRoot, '..', 'shared', 'data', 'conll2003', 'valid.txt');

/** Made-up news-like sentences, for machines without the licensed data. */
function generatedDocuments(count: number): string[][][] {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people = ['Anna Kowalczyk', 'Tomas Reyes', 'Mei Lin', 'John Carter', 'Farid Haddad'];
  const places = ['Lisbon', 'Nairobi', 'Ottawa', 'Peru', 'Germany', 'New Zealand'];
  const groups = ['Northwind Bank', 'the United Nations', 'Acme Steel Corp', 'Volta Energy'];
  const verbs = ['met', 'criticised', 'praised', 'visited', 'called'];
  const documents: string[][][] = [];
  for (let d = 0; d < count; d++) {
    const sentences: string[][] = [`${pick(places).toUpperCase()} TALKS RESUME`.split(' ')];
    for (let s = 0; s < 12; s++) {
      const text = `${pick(people)} of ${pick(groups)} ${pick(verbs)} officials in ${pick(places)} on Tuesday , saying the talks would go on .`;
      sentences.push(text.split(' '));
    }
    documents.push(sentences);
  }
  return documents;
}

const modelPath = process.argv[2];
const loadStart = performance.now();
const model = modelPath ? loadNerModel(modelPath) : loadNerModel();
const loadMs = performance.now() - loadStart;

const source = existsSync(validPath) ? 'CoNLL-2003 valid.txt' : 'generated text';
const documents = existsSync(validPath) ? readConllFile(validPath).documents.map((d) => d.sentences.map((s) => s.tokens)) : generatedDocuments(400);
const tokens = documents.reduce((n, d) => n + d.reduce((m, s) => m + s.length, 0), 0);

const runOnce = (): number => {
  const start = performance.now();
  for (const document of documents) model.tagDocument(document);
  return performance.now() - start;
};
const cold = runOnce(); // warm-up: JIT and the word cache
const runs = Array.from({ length: 10 }, runOnce);
const best = Math.min(...runs);
const median = [...runs].sort((a, b) => a - b)[runs.length >> 1]!;

console.log(`model: ${modelPath ?? 'data/models (default)'}, loaded in ${loadMs.toFixed(0)} ms`);
console.log(`input: ${source}, ${documents.length} documents, ${tokens} tokens`);
const rate = (ms: number): string => Math.round(tokens / (ms / 1000)).toLocaleString('en-US');
console.log(`first (cold) run: ${rate(cold)} tokens/s`);
console.log(`tagDocument: ${rate(best)} tokens/s (best of ${runs.length} runs; median ${rate(median)} tokens/s)`);
