/**
 * CoNLL-2003 files: one token a line (word first, gold tag last), blank lines between sentences, `-DOCSTART-`
 * lines between documents. The raw lines are kept so a tagged file can be printed back unchanged.
 */
import { readFileSync } from 'node:fs';
import { toIob2 } from './tags.js';

export interface ConllSentence {
  tokens: string[];
  /** Gold tags as IOB2 (converted from IOB1 where the file uses it); absent when lines have one column. */
  gold?: string[];
  /** Index in `ConllFile.lines` of each token's line. */
  lineNumbers: number[];
}

export interface ConllDocument {
  sentences: ConllSentence[];
}

export interface ConllFile {
  /** Every line of the input, without line terminators. */
  lines: string[];
  documents: ConllDocument[];
}

const docStart = '-DOCSTART-';

function isDocStart(line: string): boolean {
  return line.startsWith(docStart) && (line.length === docStart.length || /\s/.test(line[docStart.length]!));
}

export function parseConll(text: string): ConllFile {
  const lines = text.split(/\r?\n/);
  // A final newline does not start another (empty) line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const documents: ConllDocument[] = [];
  let document: ConllDocument | undefined;
  let sentence: { tokens: string[]; tags: string[]; lineNumbers: number[] } | undefined;
  let allTagged = true;

  const closeSentence = (): void => {
    if (!sentence) return;
    if (!document) {
      document = { sentences: [] };
      documents.push(document);
    }
    const parsed: ConllSentence = { tokens: sentence.tokens, lineNumbers: sentence.lineNumbers };
    if (allTagged) parsed.gold = toIob2(sentence.tags);
    document.sentences.push(parsed);
    sentence = undefined;
    allTagged = true;
  };

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (isDocStart(line)) {
      closeSentence();
      document = { sentences: [] };
      documents.push(document);
      continue;
    }
    const columns = line.trim().split(/\s+/);
    if (columns[0] === '') {
      closeSentence();
      continue;
    }
    sentence ??= { tokens: [], tags: [], lineNumbers: [] };
    sentence.tokens.push(columns[0]!);
    sentence.lineNumbers.push(n);
    if (columns.length > 1) sentence.tags.push(columns[columns.length - 1]!);
    else allTagged = false;
  }
  closeSentence();
  return { lines, documents: documents.filter((d) => d.sentences.length > 0) };
}

export function readConllFile(path: string): ConllFile {
  return parseConll(readFileSync(path, 'utf8'));
}

/** The input lines, each token line with its predicted tag appended as a new last column. */
export function formatConllWithTags(file: ConllFile, predicted: readonly (readonly (readonly string[])[])[]): string {
  const appended = new Map<number, string>();
  file.documents.forEach((document, d) =>
    document.sentences.forEach((sentence, s) => {
      const tags = predicted[d]?.[s];
      sentence.lineNumbers.forEach((lineNumber, t) => appended.set(lineNumber, tags?.[t] ?? 'O'));
    }),
  );
  const out: string[] = [];
  file.lines.forEach((line, n) => {
    const tag = appended.get(n);
    out.push(tag === undefined ? line : `${line} ${tag}`);
  });
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Sentences with gold tags, grouped by document; sentences without gold tags are left out. */
export function goldDocuments(file: ConllFile): { tokens: string[]; tags: string[] }[][] {
  return file.documents.map((d) =>
    d.sentences.filter((s) => s.gold !== undefined).map((s) => ({ tokens: s.tokens, tags: s.gold! })),
  );
}
