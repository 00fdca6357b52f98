/**
 * Trains the NER model on CoNLL-2003 and writes it:
 *   node dist/scripts/train-ner.js --train ../shared/data/conll2003/train.txt \
 *     --dev ../shared/data/conll2003/valid.txt --out data/models/ner-conll.json.gz
 * The dev set only chooses the number of epochs and the pruning threshold; it is never trained on.
 * Deterministic for a given --seed.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { goldDocuments, readConllFile } from '../src/language/ner/conll.js';
import { formatNerScore } from '../src/language/ner/evaluate.js';
import { NerModel, deserializeModel, serializeModel } from '../src/language/ner/model.js';
import { bilouLabels } from '../src/language/ner/tags.js';
import { type TrainingDocument, pruneStage, scoreLabels, trainNer } from '../src/language/ner/train.js';
import { scriptArguments } from './script-args.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    dev: { type: 'string' },
    out: { type: 'string', default: 'data/models/ner-conll.json.gz' },
    epochs: { type: 'string', default: '20' },
    'fold-epochs': { type: 'string' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20030531' },
    'one-stage': { type: 'boolean', default: false },
    // Pruning may cost at most this much dev F1 (absolute) against the unpruned model.
    'prune-tolerance': { type: 'string', default: '0.001' },
  },
});

const script = scriptArguments(
  'train-ner',
  'node dist/scripts/train-ner.js --train TRAIN.txt [--dev DEV.txt] [--out MODEL.json.gz] [--epochs N] [--fold-epochs N] [--folds N] [--seed N] [--one-stage] [--prune-tolerance F]',
);
// Typed where declared, so that a call to usage() narrows like any never-returning call.
const usage: (problem: string) => never = script.usage;
const { wholeNumber } = script;

if (!values.train) usage('--train is required');
const epochs = wholeNumber('epochs', values.epochs, 1);
const folds = wholeNumber('folds', values.folds, 2);
const seed = wholeNumber('seed', values.seed, 0);
const foldEpochs = values['fold-epochs'] === undefined ? undefined : wholeNumber('fold-epochs', values['fold-epochs'], 1);
const pruneTolerance = Number(values['prune-tolerance']);
if (!(pruneTolerance >= 0)) usage(`--prune-tolerance must be a number of at least 0, got "${values['prune-tolerance']}"`);

function readDocuments(path: string): TrainingDocument[] {
  if (!existsSync(path)) usage(`cannot read ${path}: no such file`);
  const documents = goldDocuments(readConllFile(path)).filter((d) => d.length > 0);
  if (documents.length === 0) usage(`${path} has no sentences with gold tags`);
  return documents;
}

const started = Date.now();
const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const train = readDocuments(values.train);
const dev = values.dev ? readDocuments(values.dev) : undefined;
log(`train: ${train.length} documents, ${train.reduce((n, d) => n + d.length, 0)} sentences${dev ? `; dev: ${dev.length} documents` : ''}`);

const trained = trainNer(train, {
  maxEpochs: epochs,
  ...(foldEpochs === undefined ? {} : { foldEpochs }),
  folds,
  twoStages: !values['one-stage'],
  seed,
  ...(dev ? { dev } : {}),
  log,
});

/** The model as shipped (pruned, quantised, reloaded), scored on the dev set. */
function shippedScore(bytes: Buffer) {
  const reloaded = deserializeModel(bytes);
  return scoreLabels(dev!, dev!.map((d) => reloaded.labelDocument(d.map((s) => s.tokens))));
}

const labelCount = bilouLabels.length;
const withThreshold = (threshold: number): { model: NerModel; bytes: Buffer } => {
  const stages = trained.stages.map((s) => pruneStage(s, labelCount, threshold));
  const model = new NerModel(stages, trained.model.casing, { ...trained.model.info, pruneThreshold: threshold });
  return { model, bytes: serializeModel(model) };
};

let chosen = withThreshold(0);
if (dev) {
  const tolerance = pruneTolerance;
  const full = shippedScore(chosen.bytes).f1;
  log(`unpruned, quantised: dev F1 ${(100 * full).toFixed(2)}, ${(chosen.bytes.length / 1e6).toFixed(2)} MB`);
  for (const threshold of [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2]) {
    const candidate = withThreshold(threshold);
    const f1 = shippedScore(candidate.bytes).f1;
    log(`prune < ${threshold}: dev F1 ${(100 * f1).toFixed(2)}, ${(candidate.bytes.length / 1e6).toFixed(2)} MB`);
    if (f1 < full - tolerance) break;
    chosen = candidate;
  }
}

// No date in the file: the same data and seed give the same bytes.
const devScore = dev ? shippedScore(chosen.bytes) : undefined;
const info = { ...chosen.model.info, ...(devScore ? { devF1: Math.round(devScore.f1 * 1e4) / 1e4 } : {}) };
const bytes = serializeModel(new NerModel(chosen.model.stages, chosen.model.casing, info));
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, bytes);
log(`wrote ${values.out} (${(statSync(values.out).size / 1e6).toFixed(2)} MB)`);
if (devScore) console.log(formatNerScore(devScore));
