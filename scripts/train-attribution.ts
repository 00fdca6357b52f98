/**
 * Trains the attribution model on PolNeAR and writes it:
 *   node dist/scripts/train-attribution.js --train ../shared/data/polnear/train \
 *     --dev ../shared/data/polnear/dev --out data/models/attribution-polnear.json.gz
 * The dev folder only chooses the epochs and cue boosts of each stage; it is never trained on.
 * Deterministic for a given --seed.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AttributionModel, cueStageTypeSets, deserializeAttributionModel, serializeAttributionModel } from '../src/attribution/model/model.js';
import { type AttributionTrainingArticle, evaluatePrepared, formatScoreLine, prepareArticle, pruneAttributionModel, trainAttributionModel } from '../src/attribution/model/train.js';
import { formatProblem, readPolnearFolder } from '../src/attribution/polnear/reader.js';
import { scriptArguments } from './script-args.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    dev: { type: 'string' },
    out: { type: 'string', default: 'data/models/attribution-polnear.json.gz' },
    'cue-epochs': { type: 'string', default: '15' },
    'role-epochs': { type: 'string', default: '12' },
    'cue-types': { type: 'string', default: 'cue' },
    'one-pass': { type: 'boolean', default: false },
    folds: { type: 'string', default: '4' },
    seed: { type: 'string', default: '20161108' },
    // The shipped file's size limit: feature rows with small weights are pruned until it fits.
    'max-megabytes': { type: 'string', default: '3' },
  },
});

const script = scriptArguments(
  'train-attribution',
  'node dist/scripts/train-attribution.js --train DIR [--dev DIR] [--out MODEL.json.gz] [--cue-epochs N] [--role-epochs N] [--cue-types cue|joint] [--one-pass] [--folds N] [--seed N] [--max-megabytes M]',
);
// Typed where declared, so that a call to usage() narrows like any never-returning call.
const usage: (problem: string) => never = script.usage;
const { wholeNumber } = script;

if (!values.train) usage('--train is required');
const cueEpochs = wholeNumber('cue-epochs', values['cue-epochs'], 1);
const roleEpochs = wholeNumber('role-epochs', values['role-epochs'], 1);
const seed = wholeNumber('seed', values.seed, 0);
const folds = wholeNumber('folds', values.folds, 2);
const cueTypes = values['cue-types'] as keyof typeof cueStageTypeSets;
if (!(cueTypes in cueStageTypeSets)) usage(`--cue-types must be one of ${Object.keys(cueStageTypeSets).join(', ')}`);
const maxBytes = Number(values['max-megabytes']) * 1e6;
if (!(maxBytes > 0)) usage(`--max-megabytes must be a positive number, got "${values['max-megabytes']}"`);

function readArticles(dir: string): AttributionTrainingArticle[] {
  let folder;
  try {
    folder = readPolnearFolder(dir);
  } catch (error) {
    usage((error as Error).message);
  }
  for (const problem of folder.problems) console.error(formatProblem(problem));
  if (folder.articles.length === 0) usage(`${dir} has no annotated articles`);
  return folder.articles.map((a) => ({ name: a.name, text: a.text, attributions: a.attributions }));
}

const started = Date.now();
const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const train = readArticles(values.train);
const dev = values.dev ? readArticles(values.dev) : undefined;
log(`train: ${train.length} articles, ${train.reduce((n, a) => n + a.attributions.length, 0)} attributions${dev ? `; dev: ${dev.length} articles` : ''}`);

const trained = trainAttributionModel(train, { cueEpochs, roleEpochs, seed, cueTypes, secondPass: !values['one-pass'], folds, ...(dev ? { dev } : {}), log });
log(`chose ${trained.cueEpochs} cue epochs and ${trained.roleEpochs} role epochs`);

const devArticles = dev ? dev.map(prepareArticle) : [];
/** The model as shipped (quantised and reloaded), scored on the dev set. */
const shippedScores = (bytes: Buffer) => evaluatePrepared(deserializeAttributionModel(bytes), devArticles);

// Pruning: the least-pruned model that fits in --max-megabytes (small rows barely move the scores; see the log).
let chosen: { model: AttributionModel; bytes: Buffer; threshold: number } = { model: trained.model, bytes: serializeAttributionModel(trained.model), threshold: 0 };
const describe = (bytes: Buffer): string => `${dev ? `${formatScoreLine(shippedScores(bytes))}, ` : ''}${(bytes.length / 1e6).toFixed(2)} MB`;
log(`unpruned, quantised: ${describe(chosen.bytes)}`);
for (const threshold of [0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16]) {
  if (chosen.bytes.length <= maxBytes) break;
  const model = pruneAttributionModel(trained.model, threshold);
  chosen = { model, bytes: serializeAttributionModel(model), threshold };
  log(`prune < ${threshold}: ${describe(chosen.bytes)}`);
}
if (chosen.bytes.length > maxBytes) log(`warning: even the most pruned model is ${(chosen.bytes.length / 1e6).toFixed(2)} MB`);

// No date in the file: the same data and seed give the same bytes.
const finalScores = dev ? shippedScores(chosen.bytes) : undefined;
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const info = {
  ...chosen.model.info,
  ...(finalScores
    ? { dev: { cue_f1: round(finalScores.cue_f1), source_f1: round(finalScores.source_f1), content_overlap_f1: round(finalScores.content_overlap_f1), speaker_accuracy: round(finalScores.speaker_accuracy) } }
    : {}),
};
const m = chosen.model;
const bytes = serializeAttributionModel(new AttributionModel(m.cueStage, m.roleStage, m.cueTypes, info, m.cueBoost, m.secondCueStage, m.secondCueBoost));
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, bytes);
log(`wrote ${values.out} (${(statSync(values.out).size / 1e6).toFixed(2)} MB)`);
if (finalScores) console.log(JSON.stringify(finalScores, null, 2));
