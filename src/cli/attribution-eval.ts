/** `eventwire eval attribution DIR`: the attribution model scored on a PolNeAR-style folder. */
import type { Command } from 'commander';
import { type AttributionModel, loadAttributionModel } from '../attribution/model/model.js';
import { type AgreementResult, measureAgreement } from '../attribution/polnear/agreement.js';
import { formatErrors } from '../attribution/polnear/errors.js';
import { AttributionEvaluator, type AttributionScores, type Prf, roles } from '../attribution/polnear/metrics.js';
import { type PolnearFolder, formatProblem, readPolnearFolder } from '../attribution/polnear/reader.js';
import { analyseText } from '../language/text.js';

/** Where the time went: wink-nlp's analysis, then the model itself. */
export interface Timing {
  tokens: number;
  analysisMs: number;
  modelMs: number;
}

interface AttributionEvalOptions {
  json?: boolean;
  errors?: boolean;
  agreement?: boolean;
  model?: string;
}

/** Thrown for a problem the user can fix; printed as one line without a stack. */
class UsageError extends Error {}

const pct = (n: number): string => (100 * n).toFixed(1);

function formatScores(s: AttributionScores, folder: string, timing: Timing): string {
  const row = (label: string, p: Prf, right: number): string =>
    `${label.padEnd(18)}${pct(p.precision).padStart(7)}${pct(p.recall).padStart(7)}${pct(p.f1).padStart(7)}   gold ${p.gold}, ours ${p.predicted}, right ${right}`;
  const lines = [`${folder}: ${s.documents} documents, ${s.gold_attributions} gold attributions, ${s.predicted_attributions} found`, `${''.padEnd(18)}${'P'.padStart(7)}${'R'.padStart(7)}${'F1'.padStart(7)}`];
  for (const mode of ['exact', 'overlap'] as const) {
    for (const role of roles) {
      const c = s.counts[role];
      const correct = mode === 'exact' ? c.exact : c.overlap;
      const precision = mode === 'exact' ? s[`${role}_precision`] : s[`${role}_overlap_precision`];
      const recall = mode === 'exact' ? s[`${role}_recall`] : s[`${role}_overlap_recall`];
      const f1 = mode === 'exact' ? s[`${role}_f1`] : s[`${role}_overlap_f1`];
      lines.push(row(`${role} ${mode}`, { gold: c.gold, predicted: c.predicted, correct, precision, recall, f1 }, correct));
    }
  }
  lines.push(`${'speaker accuracy'.padEnd(18)}${''.padStart(14)}${pct(s.speaker_accuracy).padStart(7)}   right ${s.speaker_right} of ${s.speaker_found} gold attributions with a found cue`);
  const rate = (ms: number): number => Math.round(timing.tokens / Math.max(ms / 1000, 1e-3));
  lines.push(
    `${timing.tokens} tokens: model ${(timing.modelMs / 1000).toFixed(1)} s (${rate(timing.modelMs)} tokens/s), text analysis ${(timing.analysisMs / 1000).toFixed(1)} s (${rate(timing.analysisMs)} tokens/s)`,
  );
  return lines.join('\n');
}

const AGREEMENT_COLUMNS = [
  ['cue', 'cue_f1'],
  ['source', 'source_f1'],
  ['content', 'content_f1'],
  ['cue ovl', 'cue_overlap_f1'],
  ['source ovl', 'source_overlap_f1'],
  ['content ovl', 'content_overlap_f1'],
  ['speaker', 'speaker_accuracy'],
] as const;

function formatAgreement(agreement: AgreementResult | null, folder: string): string {
  if (!agreement) return `agreement: no article in ${folder} has more than one annotator`;
  const header = `${''.padEnd(28)}${AGREEMENT_COLUMNS.map(([label]) => label.padStart(12)).join('')}`;
  const row = (label: string, s: AttributionScores): string => `${label.padEnd(28)}${AGREEMENT_COLUMNS.map(([, key]) => pct(s[key]).padStart(12)).join('')}`;
  const lines = [
    `agreement on the ${agreement.articles} articles several annotators annotated (${agreement.annotations} annotations by ${agreement.annotators} annotators), F1 (exact unless ovl):`,
    header,
    row('annotator vs annotator', agreement.human),
  ];
  if (agreement.model) lines.push(row('model vs each annotator', agreement.model));
  return lines.join('\n');
}

function loadModel(path: string | undefined): AttributionModel {
  try {
    return path === undefined ? loadAttributionModel() : loadAttributionModel(path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function readFolder(dir: string): PolnearFolder {
  try {
    return readPolnearFolder(dir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Scores the model on every article of a folder; the evaluator keeps per-document comparisons for --errors. */
export function evaluateAttributionFolder(model: AttributionModel, folder: PolnearFolder): { evaluator: AttributionEvaluator; timing: Timing } {
  const evaluator = new AttributionEvaluator();
  const timing: Timing = { tokens: 0, analysisMs: 0, modelMs: 0 };
  for (const article of folder.articles) {
    const t0 = process.hrtime.bigint();
    const analysed = analyseText(article.text);
    const t1 = process.hrtime.bigint();
    const predicted = model.findAttributions(article.text, analysed);
    const t2 = process.hrtime.bigint();
    timing.analysisMs += Number(t1 - t0) / 1e6;
    timing.modelMs += Number(t2 - t1) / 1e6;
    timing.tokens += analysed.tokens.length;
    evaluator.add(article.name, article.text, article.attributions, predicted);
  }
  return { evaluator, timing };
}

/** Adds `eventwire eval attribution DIR [--json] [--errors] [--model PATH]` under `eval`. */
export function registerAttributionEvalCommands(evalCommand: Command): void {
  evalCommand
    .command('attribution')
    .description(
      'find attributions (cue, source, content) in a PolNeAR-style folder (text/ and attributions/) and score them: span P/R/F1 per role, exact and overlap, and speaker accuracy',
    )
    .argument('<dir>', 'folder with text/<article>.txt and attributions/<article>_<annotator>.ann (brat); with several annotators, the first id in sort order is used')
    .option('--model <path>', 'attribution model file (default: the bundled PolNeAR model)')
    .option('--json', 'print the scores as JSON')
    .option('--errors', 'also list the most frequent errors: missed, spurious and mis-bounded spans, wrong speakers (on stderr with --json)')
    .option('--agreement', 'also score, on the articles several annotators annotated, every annotator against every other and the model against each of them: the ceiling a model scored against one annotator can reach (JSON key agreement)')
    .action((dir: string, opts: AttributionEvalOptions) => {
      try {
        const folder = readFolder(dir);
        // Malformed annotation lines are reported and skipped; the rest of the folder is still scored.
        for (const problem of folder.problems) process.stderr.write(`${formatProblem(problem)}\n`);
        if (folder.articles.length === 0) throw new UsageError(`${dir} has no annotated articles (attributions/*.ann with a matching text/*.txt)`);
        const model = loadModel(opts.model);
        const { evaluator, timing } = evaluateAttributionFolder(model, folder);
        const scores = evaluator.result();
        const agreement = opts.agreement ? measureAgreement(folder.articles, (text) => model.findAttributions(text, analyseText(text))) : undefined;
        for (const problem of agreement?.problems ?? []) process.stderr.write(`${formatProblem(problem)}\n`);
        if (opts.json) {
          const json: Record<string, unknown> = { ...scores, annotation_problems: folder.problems.length, tokens: timing.tokens, model_seconds: Math.round(timing.modelMs) / 1000 };
          if (agreement !== undefined) json.agreement = agreement && { articles: agreement.articles, annotations: agreement.annotations, annotators: agreement.annotators, human: agreement.human, model: agreement.model };
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
          if (opts.errors) process.stderr.write(`${formatErrors(evaluator.comparisons)}\n`);
        } else {
          process.stdout.write(`${formatScores(scores, dir, timing)}\n`);
          if (agreement !== undefined) process.stdout.write(`${formatAgreement(agreement, dir)}\n`);
          if (folder.problems.length > 0) process.stdout.write(`${folder.problems.length} annotation problems (listed on stderr)\n`);
          if (opts.errors) process.stdout.write(`${formatErrors(evaluator.comparisons)}\n`);
        }
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`eventwire eval attribution: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
