/**
 * Language-stage accuracy on the sample corpus's hand-written gold (`data/sample/language-gold.json`):
 * `npm run bench:language`. The corpus is ingested into a temporary store, so entity ids are read back as the
 * product shows them (linked across articles). Prints the share of gold mentions resolved to the right entity
 * (by form of mention) and of gold time expressions with the right type and value, and lists the misses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from '../src/document/document.js';
import { titleAt } from '../src/language/entities/titles.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { packageRoot } from '../src/util/package-root.js';

export const sampleDir = join(packageRoot(), 'data', 'sample');

interface GoldArticle {
  file: string;
  index: number;
  /** Annotated before eventwire ran on it and never used to tune it. */
  heldOut: boolean;
  mentions: [text: string, occurrence: number, entity: string][];
  timexes: [text: string, occurrence: number, type: string, value: string][];
}

export interface LanguageAccuracy {
  mentions: { gold: number; right: number; byKind: Record<string, { gold: number; right: number }> };
  timexes: { gold: number; right: number };
  misses: string[];
}

const emptyAccuracy = (): LanguageAccuracy => ({ mentions: { gold: 0, right: 0, byKind: {} }, timexes: { gold: 0, right: 0 }, misses: [] });

const PRONOUNS = new Set(['he', 'him', 'his', 'she', 'her', 'hers']);

/** Start offsets (in `text`) of whole-word, case-sensitive occurrences of `phrase`. */
function wordOccurrences(text: string, phrase: string): number[] {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'))].map((m) => m.index);
}

/** Accuracy on the articles used while writing the rules (`tuned`) and on those never used (`heldOut`). */
export async function measureLanguage(): Promise<{ tuned: LanguageAccuracy; heldOut: LanguageAccuracy }> {
  const gold = (JSON.parse(readFileSync(join(sampleDir, 'language-gold.json'), 'utf8')) as { articles: GoldArticle[] }).articles;
  const work = mkdtempSync(join(tmpdir(), 'eventwire-language-'));
  const store = openSqliteStore(join(work, 'gold.db'));
  try {
    await ingest([sampleDir], store, { language: loadLanguageTools() });
    const docs = await Promise.all((await store.list()).map(async (s) => Document.fromData((await store.get(s.id))!.doc)));
    const results = { tuned: emptyAccuracy(), heldOut: emptyAccuracy() };
    for (const article of gold) {
      const result = article.heldOut ? results.heldOut : results.tuned;
      const doc = docs
        .filter((d) => d.origin.uri.endsWith(`/${article.file}`) || d.origin.uri.endsWith(`${article.file}#line=${article.index + 1}`))
        .sort((a, b) => a.origin.start - b.origin.start)[article.index];
      if (!doc) throw new Error(`language-gold.json: no stored article ${article.file} #${article.index}`);
      const view = doc.readingView();
      const locate = (text: string, occurrence: number): { start: number; end: number } => {
        const at = wordOccurrences(view.text, text)[occurrence];
        if (at === undefined) throw new Error(`language-gold.json: ${article.file}: "${text}" occurrence ${occurrence} not in the reading view`);
        return { start: view.toOriginal(at), end: view.toOriginal(at + text.length) };
      };
      for (const [text, occurrence, entity] of article.mentions) {
        const at = locate(text, occurrence);
        const words = text.toLowerCase().split(' ');
        const titled = words.some((_, k) => titleAt(words, k) !== undefined);
        const kind = PRONOUNS.has(text.toLowerCase()) ? 'pronoun' : titled ? 'title or description' : 'name';
        const covering = doc
          .spansOf('mention')
          .filter((m) => m.start <= at.start && at.end <= m.end)
          .sort((a, b) => a.end - a.start - (b.end - b.start));
        const found = covering[0]?.entity;
        const bucket = (result.mentions.byKind[kind] ??= { gold: 0, right: 0 });
        result.mentions.gold++;
        bucket.gold++;
        if (found === entity) {
          result.mentions.right++;
          bucket.right++;
        } else result.misses.push(`${article.file}: "${text}" #${occurrence}: expected ${entity}, got ${found ?? 'nothing'}`);
      }
      for (const [text, occurrence, type, value] of article.timexes) {
        const at = locate(text, occurrence);
        const found = doc.spansOf('timex').find((t) => t.start < at.end && at.start < t.end);
        result.timexes.gold++;
        if (found?.timexType === type && found.value === value) result.timexes.right++;
        else result.misses.push(`${article.file}: time "${text}" #${occurrence}: expected ${type} ${value}, got ${found ? `${found.timexType} ${found.value} on "${doc.slice(found)}"` : 'nothing'}`);
      }
    }
    return results;
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const results = await measureLanguage();
  const pct = (right: number, total: number): string => `${((100 * right) / total).toFixed(1)} % (${right}/${total})`;
  console.log(`eventwire language accuracy on data/sample/language-gold.json`);
  for (const [name, r] of [['held-out articles (never used for tuning)', results.heldOut], ['articles used while writing the rules', results.tuned]] as const) {
    console.log(`${name}:`);
    console.log(`  mentions resolved to the right entity   ${pct(r.mentions.right, r.mentions.gold)}`);
    for (const [kind, b] of Object.entries(r.mentions.byKind)) console.log(`    ${kind.padEnd(37)} ${pct(b.right, b.gold)}`);
    console.log(`  time expressions, right type and value  ${pct(r.timexes.right, r.timexes.gold)}`);
    if (r.misses.length > 0) console.log(`  misses:\n${r.misses.map((m) => `    ${m}`).join('\n')}`);
  }
}
