/**
 * How well cleaning recovers what the generator put in: `npm run bench:accuracy [-- COUNT]` (default 10,000).
 * The generator (bench/generate-corpus.ts) was written apart from the cleaning rules, with its own noise, so
 * this measures the rules on text they were not written for. Fields: title accuracy over all articles;
 * published and outlet as precision (right when given) and coverage (given at all), since a generated
 * article does not always state them.
 */
import { cleanSource } from '../src/clean/index.js';
import { generateArticles } from './generate-corpus.js';

export interface AccuracyReport {
  articles: number;
  /** Inputs cut into more or fewer than one article. */
  missegmented: number;
  titleAccuracy: number;
  publishedPrecision: number;
  publishedCoverage: number;
  outletPrecision: number;
  outletCoverage: number;
}

export function measureCleaning(count: number, seed: number): AccuracyReport {
  let missegmented = 0;
  let titles = 0;
  const published = { given: 0, right: 0 };
  const outlet = { given: 0, right: 0 };
  for (const article of generateArticles(count, seed)) {
    const docs = cleanSource({ uri: article.fileName, format: 'txt', text: article.text, encoding: 'utf-8', hints: {} });
    if (docs.length !== 1) missegmented++;
    const doc = docs[0]!;
    if (doc.fieldValue('title') === article.title) titles++;
    const date = doc.fieldValue('published');
    if (date !== undefined) {
      published.given++;
      if (date === article.published) published.right++;
    }
    const name = doc.fieldValue('outlet');
    if (name !== undefined) {
      outlet.given++;
      if (name === article.outlet) outlet.right++;
    }
  }
  return {
    articles: count,
    missegmented,
    titleAccuracy: titles / count,
    publishedPrecision: published.right / Math.max(1, published.given),
    publishedCoverage: published.given / count,
    outletPrecision: outlet.right / Math.max(1, outlet.given),
    outletCoverage: outlet.given / count,
  };
}

if (process.argv[1]?.endsWith('clean-accuracy.js')) {
  const count = Number(process.argv[2] ?? 10_000);
  if (!Number.isInteger(count) || count <= 0) {
    console.error(`usage: npm run bench:accuracy [-- COUNT]  (COUNT must be a positive whole number, got "${process.argv[2]}")`);
    process.exit(2);
  }
  const report = measureCleaning(count, 123);
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  console.log(`eventwire cleaning accuracy on ${count.toLocaleString('en-US')} generated articles (seed 123)`);
  console.log(`  articles cut wrongly        ${report.missegmented}`);
  console.log(`  title accuracy              ${pct(report.titleAccuracy)}`);
  console.log(`  published precision         ${pct(report.publishedPrecision)}  (stated for ${pct(report.publishedCoverage)})`);
  console.log(`  outlet precision            ${pct(report.outletPrecision)}  (found for ${pct(report.outletCoverage)})`);
}
