/**
 * Reads a PolNeAR folder laid out like the corpus's `train/` or `dev/`: `text/<article>.txt` and
 * `attributions/<article>_<annotator>.ann`. When several annotators annotated one article, the annotator whose
 * id sorts first is used, always (so the same folder always gives the same gold standard).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AnnotationProblem, type GoldAttribution, parseBratAttributions } from './brat.js';

export interface PolnearArticle {
  /** File name without extension, e.g. `nyt_2016-09-12_some-title`. */
  name: string;
  annotator: string;
  /** Other annotators of the same article, not used. */
  otherAnnotators: string[];
  textPath: string;
  annotationPath: string;
  text: string;
  attributions: GoldAttribution[];
}

export interface PolnearFolder {
  articles: PolnearArticle[];
  problems: AnnotationProblem[];
}

/** Splits `name_annotator.ann` into its article name and annotator id. */
export function splitAnnotationFileName(fileName: string): { name: string; annotator: string } | undefined {
  const match = /^(.+)_([^_]+)\.ann$/.exec(fileName);
  return match ? { name: match[1]!, annotator: match[2]! } : undefined;
}

/** Throws when `dir` is not laid out like PolNeAR; otherwise reads every annotated article, in name order. */
export function readPolnearFolder(dir: string): PolnearFolder {
  const textDir = join(dir, 'text');
  const annotationDir = join(dir, 'attributions');
  for (const needed of [textDir, annotationDir]) {
    if (!existsSync(needed) || !statSync(needed).isDirectory()) throw new Error(`${dir} is not a PolNeAR folder: ${needed} is missing`);
  }
  const problems: AnnotationProblem[] = [];
  const annotators = new Map<string, string[]>();
  for (const fileName of readdirSync(annotationDir).sort()) {
    if (!fileName.endsWith('.ann')) continue;
    const parts = splitAnnotationFileName(fileName);
    if (!parts) {
      problems.push({ file: join(annotationDir, fileName), line: 0, message: 'name is not <article>_<annotator>.ann; skipped' });
      continue;
    }
    const list = annotators.get(parts.name) ?? [];
    list.push(parts.annotator);
    annotators.set(parts.name, list);
  }
  const articles: PolnearArticle[] = [];
  for (const [name, ids] of [...annotators].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    ids.sort();
    const annotator = ids[0]!;
    const textPath = join(textDir, `${name}.txt`);
    const annotationPath = join(annotationDir, `${name}_${annotator}.ann`);
    if (!existsSync(textPath)) {
      problems.push({ file: annotationPath, line: 0, message: `no text file ${textPath}; skipped` });
      continue;
    }
    const text = readFileSync(textPath, 'utf8');
    const parsed = parseBratAttributions(readFileSync(annotationPath, 'utf8'), text, annotationPath);
    for (const problem of parsed.problems) problems.push(problem);
    articles.push({ name, annotator, otherAnnotators: ids.slice(1), textPath, annotationPath, text, attributions: parsed.attributions });
  }
  return { articles, problems };
}

export function formatProblem(problem: AnnotationProblem): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}
