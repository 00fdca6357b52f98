/**
 * Trains the event coreference pair model on ECB+ topics 1–25 (gold event mentions of the selected sentences,
 * pairs within whole topics; the merge threshold and transitivity by 5-fold cross-validation over those topics) and writes it:
 *   node dist/scripts/train-event-coref.js --ecbplus ../shared/data/ecbplus --out data/models/event-coref-ecbplus.json
 * Topics 26–35 are never trained or tuned on; `--report` scores them (and topics 1–25) afterwards.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { groupByDocumentCluster } from '../src/connect/coref/index.js';
import { serialisePairModel } from '../src/connect/coref/model.js';
import { trainPairModel } from '../src/connect/coref/train.js';
import { goldSubtopics, prepareEcbEventMentions, scoreEventCoref, wholeTopics } from '../src/connect/ecbplus/event-coref.js';
import { scriptArguments } from './script-args.js';

const { values } = parseArgs({
  options: {
    ecbplus: { type: 'string', default: '../shared/data/ecbplus' },
    out: { type: 'string', default: 'data/models/event-coref-ecbplus.json' },
    report: { type: 'boolean', default: false },
    l2: { type: 'string', default: '0.001' },
    folds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '300' },
    'fit-within': { type: 'string', default: 'topics' },
  },
});
const { usage } = scriptArguments('train-event-coref', 'node dist/scripts/train-event-coref.js [--ecbplus DIR] [--out MODEL.json] [--report] [--l2 X] [--epochs N] [--folds K] [--fit-within topics|subtopics]');
const l2 = Number(values.l2);
if (!(l2 >= 0)) usage(`--l2 must be a non-negative number, got "${values.l2}"`);
const epochs = Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 1) usage(`--epochs must be a positive integer, got "${values.epochs}"`);
const fitWithin = values['fit-within'];
if (fitWithin !== 'topics' && fitWithin !== 'subtopics') usage(`--fit-within must be "topics" or "subtopics", got "${fitWithin}"`);
const folds = Number(values.folds);
if (!Number.isInteger(folds) || folds < 0 || folds === 1) usage(`--folds must be 0 (no cross-validation) or an integer of at least 2, got "${values.folds}"`);

const TRAIN_TOPICS = Array.from({ length: 25 }, (_, i) => String(i + 1));
const CHECK_TOPICS = Array.from({ length: 10 }, (_, i) => String(i + 26));

const started = Date.now();
const prepared = await prepareEcbEventMentions(values.ecbplus!);
console.error(`prepared ${prepared.mentions.length} mentions of ${prepared.documents.length} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const trainDocuments = prepared.documents.filter((d) => TRAIN_TOPICS.includes(d.topic));
// Pairs are fitted within whole topics by default: pairs across a topic's two sub-topics (two shootings, two
// quakes) are the hard negatives that teach the model to weigh participants, times and places. The threshold
// is chosen for gold sub-topics, the clustering scored.
const dataOf = (documents: typeof trainDocuments) => {
  const names = new Set(documents.map((d) => d.name));
  const mentions = prepared.mentions.filter((m) => names.has(m.document));
  const score = groupByDocumentCluster(mentions, goldSubtopics(documents));
  return { fit: fitWithin === 'topics' ? groupByDocumentCluster(mentions, wholeTopics(documents)) : score, score };
};
const data = dataOf(trainDocuments);
// Folds of whole topics (topic t in fold t mod K), so no fold's events are seen in training.
const topicFolds = folds >= 2 ? Array.from({ length: folds }, (_, f) => dataOf(trainDocuments.filter((d) => Number(d.topic) % folds === f))) : undefined;
const { model, sweep, crossValidated, parts } = trainPairModel(data, prepared.gold, { l2, epochs, ...(topicFolds ? { folds: topicFolds } : {}) });
const show = (s: { threshold: number; transitivity: number; conll: number }[]): string =>
  [...new Set(s.map((x) => x.transitivity))]
    .map((t) => `\n  transitivity ${t}: ${s.filter((x) => x.transitivity === t).map((x) => `${x.threshold}:${(100 * x.conll).toFixed(1)}`).join(' ')}`)
    .join('');
console.error(`training pairs (topics 1–25): ${parts.map((p) => `${p.kind} ${p.pairs} (${p.coreferent} coreferent)`).join(', ')}`);
console.error(`threshold sweep (topics 1–25, in sample): ${show(sweep)}`);
if (crossValidated) {
  const best = crossValidated.reduce((a, b) => (b.conll > a.conll ? b : a));
  console.error(`threshold sweep (topics 1–25, ${folds}-fold cross-validated by topic): ${show(crossValidated)}`);
  console.error(`cross-validated CoNLL F1 at the chosen setting: ${(100 * best.conll).toFixed(2)}`);
}
console.error(`chosen threshold ${model.threshold}, transitivity ${model.transitivity}`);
writeFileSync(values.out!, serialisePairModel(model, {
  trained_on: 'ECB+ (Cybulska and Vossen 2014, CC BY 3.0) topics 1-25: gold event mentions of the selected sentences, pairs within gold sub-topics',
  retrain: 'node dist/scripts/train-event-coref.js --ecbplus ../shared/data/ecbplus --out data/models/event-coref-ecbplus.json',
}));
console.error(`wrote ${values.out}`);

if (values.report) {
  const rows: Record<string, unknown>[] = [];
  for (const [name, topics] of [['topics 1-25', TRAIN_TOPICS], ['topics 26-35', CHECK_TOPICS]] as const) {
    for (const [clustering, documentClusters] of [['gold sub-topics', goldSubtopics], ['whole topics', wholeTopics]] as const) {
      for (const method of ['lemma', 'stem', 'model'] as const) {
        const s = scoreEventCoref(prepared, { topics, documentClusters, method, model, withoutSingletons: true });
        rows.push({ topics: name, clustering, method, conll: s.conll_f1, muc: s.muc.f1, bcubed: s.bcubed.f1, ceafe: s.ceafe.f1, no_singletons: s.without_singletons!.conll_f1, mentions: s.mentions });
      }
    }
  }
  console.table(rows);
}
console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
