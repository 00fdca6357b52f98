/** Folders of TimeML files: listing, tagging and scoring them (shared by the CLI and the tests). */

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { scoreTimexes, type Mismatch, type ScoredDocument, type TimexScores } from './evaluate.js';
import { findTimexes } from './tagger.js';
import { parseTimeml, type TimemlDocument } from './timeml.js';

/** Every *.tml file under dir (recursively), as paths relative to it, sorted. */
export async function listTimemlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.tml'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

export async function readTimemlFile(path: string): Promise<TimemlDocument> {
  return parseTimeml(await readFile(path, 'utf8'));
}

export interface DirectoryScores {
  scores: TimexScores;
  mismatches: Mismatch[];
  /** Files that could not be read or parsed, with the reason; they are left out of the scores. */
  failures: { file: string; message: string }[];
}

/**
 * Scores our tagger against the gold TimeML files under goldDir, or, with predDir, the TIMEX3s already in the
 * files at the same relative paths there (their text must be the gold text).
 */
export async function evaluateTimemlDirectory(goldDir: string, predDir?: string): Promise<DirectoryScores> {
  const files = await listTimemlFiles(goldDir);
  if (files.length === 0) throw new Error(`no .tml files under ${goldDir}`);
  const documents: ScoredDocument[] = [];
  const failures: DirectoryScores['failures'] = [];
  for (const file of files) {
    try {
      const gold = await readTimemlFile(join(goldDir, file));
      let predicted;
      if (predDir) {
        const theirs = await readTimemlFile(join(predDir, file)).catch((error: Error) => {
          throw new Error(`${join(predDir, file)}: ${error.message}`);
        });
        if (theirs.text !== gold.text) throw new Error(`the text of ${join(predDir, file)} differs from the gold file's`);
        predicted = theirs.timexes;
      } else predicted = findTimexes(gold.text, { dct: gold.dct.value });
      documents.push({ name: file, gold: gold.timexes, predicted });
    } catch (error) {
      failures.push({ file: join(goldDir, file), message: (error as Error).message });
    }
  }
  return { ...scoreTimexes(documents), failures };
}
