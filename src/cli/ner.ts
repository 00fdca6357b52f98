import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type ConllFile, parseConll, formatConllWithTags } from '../language/ner/conll.js';
import { NerEvaluator, formatNerScore, type NerScore } from '../language/ner/evaluate.js';
import { type NerModel, loadNerModel } from '../language/ner/model.js';
import { entityTypes } from '../language/ner/tags.js';

/** Thrown for a problem the user can fix; printed as one line without a stack. */
class UsageError extends Error {}

function readableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

function readConllInput(file: string): ConllFile {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file === '-' ? 'standard input' : file}: ${readableReason(error)}`);
  }
  return parseConll(text);
}

function loadModel(path: string | undefined): NerModel {
  try {
    return path === undefined ? loadNerModel() : loadNerModel(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Predicted IOB2 tags per document and sentence. */
function tagFile(model: NerModel, file: ConllFile): string[][][] {
  return file.documents.map((d) => model.tagDocument(d.sentences.map((s) => s.tokens)));
}

/** Scores as JSON: overall precision, recall and f1, and one object per entity type under its name. */
function scoreJson(score: NerScore): Record<string, unknown> {
  const { types, ...overall } = score;
  const perType: Record<string, unknown> = {};
  for (const type of entityTypes) perType[type] = types[type] ?? { precision: 0, recall: 0, f1: 0, gold: 0, predicted: 0, correct: 0 };
  for (const [type, s] of Object.entries(types)) perType[type] = s;
  return { ...overall, ...perType };
}

/** Runs a command body, turning a UsageError into "eventwire <command>: message" on stderr and exit code 1. */
function reportingErrors(command: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`eventwire ${command}: ${error.message}\n`);
    process.exitCode = 1;
  }
}

/** `eventwire ner` and `eventwire eval ner`. */
export function registerNerCommands(program: Command, evalCommand: Command): void {
  program
    .command('ner')
    .description('tag names (PER, ORG, LOC, MISC): prints CoNLL input back with the predicted IOB2 tag as a new last column')
    .requiredOption('--conll <file>', 'CoNLL-2003 file (word first on each line; - for stdin)')
    .option('--model <path>', 'NER model file (default: the bundled CoNLL-2003 model)')
    .action((opts: { conll: string; model?: string }) =>
      reportingErrors('ner', () => {
        const file = readConllInput(opts.conll);
        const model = loadModel(opts.model);
        process.stdout.write(formatConllWithTags(file, tagFile(model, file)));
      }),
    );

  evalCommand
    .command('ner')
    .description('tag a CoNLL-2003 file and score it against its gold tags (conlleval: exact span and type)')
    .argument('<file>', 'CoNLL-2003 file with gold tags in the last column (- for stdin)')
    .option('--model <path>', 'NER model file (default: the bundled CoNLL-2003 model)')
    .option('--json', 'print JSON: precision, recall, f1, and an object per type')
    .action((path: string, opts: { model?: string; json?: boolean }) =>
      reportingErrors('eval ner', () => {
        const file = readConllInput(path);
        const model = loadModel(opts.model);
        const evaluator = new NerEvaluator();
        const predicted = tagFile(model, file);
        let sentences = 0;
        file.documents.forEach((document, d) =>
          document.sentences.forEach((sentence, s) => {
            if (!sentence.gold) return;
            evaluator.add(sentence.gold, predicted[d]![s]!);
            sentences++;
          }),
        );
        if (sentences === 0) throw new UsageError(`${path} has no gold tags: each token line needs the tag in its last column`);
        const score = evaluator.result();
        process.stdout.write(`${opts.json ? JSON.stringify(scoreJson(score), null, 2) : formatNerScore(score)}\n`);
      }),
    );
}
