import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldDocuments, readConllFile } from './conll.js';
import { NerEvaluator } from './evaluate.js';
import { defaultModelPath, deserializeModel, loadNerModel, serializeModel } from './model.js';
import { FeatureExtractor } from './features.js';
import { DocumentLabeller, type StageWeights } from './labeller.js';
import { bilouLabels, entityRanges } from './tags.js';
import { type TrainingDocument, trainNer } from './train.js';

const validPath = join(defaultModelPath(), '..', '..', '..', '..', 'shared', 'data', 'conll2003', 'valid.txt');

/** "word/TYPE" for each name the model finds, e.g. "Angela Ruiz/PER". */
function names(tokens: string[], tags: string[]): string[] {
  return entityRanges(tags).map((r) => `${tokens.slice(r.start, r.end).join(' ')}/${r.label}`);
}

describe('the committed NER model', () => {
  const model = loadNerModel();
  const tag = (text: string): string[] => {
    const tokens = text.split(' ');
    return names(tokens, model.tagSentence(tokens));
  };

  it('finds people, places and organisations in new sentences', () => {
    expect(tag('Angela Ruiz , chief executive of Harbor Freight Logistics , said on Monday that the company would open an office in Nairobi .')).toEqual([
      'Angela Ruiz/PER',
      'Harbor Freight Logistics/ORG',
      'Nairobi/LOC',
    ]);
    expect(tag('Prime Minister Jacinda Ardern of New Zealand spoke with President Emmanuel Macron by telephone .')).toEqual([
      'Jacinda Ardern/PER',
      'New Zealand/LOC',
      'Emmanuel Macron/PER',
    ]);
    expect(tag('Shares of Microsoft rose 3 percent in New York trading .')).toEqual(['Microsoft/ORG', 'New York/LOC']);
    expect(tag('It rained all day and nobody went out .')).toEqual([]);
  });

  it('tags a sentence alone as it tags a one-sentence document, with one tag per token', () => {
    const tokens = 'Talks between Germany and France resumed in Brussels .'.split(' ');
    const tags = model.tagSentence(tokens);
    expect(tags).toHaveLength(tokens.length);
    expect(model.tagDocument([tokens])).toEqual([tags]);
    expect(tags.every((t) => /^(O|[BI]-(PER|ORG|LOC|MISC))$/.test(t))).toBe(true);
    expect(model.tagDocument([])).toEqual([]);
    expect(model.tagDocument([[]])).toEqual([[]]);
  });

  it('uses the rest of the document for an all-capitals headline', () => {
    const headline = 'SPAIN BEAT ITALY IN MADRID'.split(' ');
    const body = 'Spain beat Italy 2-1 in Madrid on Saturday .'.split(' ');
    const [headTags] = model.tagDocument([headline, body]);
    expect(names(headline, headTags!)).toEqual(['SPAIN/LOC', 'ITALY/LOC', 'MADRID/LOC']);
  });

  it('scores from its per-word cache exactly as from the features themselves', () => {
    const document = [
      'ROVERS HOLD CITY TO DRAW'.split(' '),
      'Rovers held Manchester City to a 1-1 draw on Sunday , manager Joe Kinnear said .'.split(' '),
      'Kinnear said City played well .'.split(' '),
    ];
    const uncached = new DocumentLabeller(new FeatureExtractor(model.casing, bilouLabels.length), bilouLabels.length);
    const prepared = new FeatureExtractor(model.casing, bilouLabels.length).prepareDocument(document);
    const strip = ({ table, weights, transitions }: StageWeights): StageWeights => ({ table, weights, transitions });
    const first = uncached.labelDocument(prepared, strip(model.stages[0]!));
    const extractor = new FeatureExtractor(model.casing, bilouLabels.length);
    const second = uncached.labelDocument(prepared, strip(model.stages[1]!), extractor.stageLabels(prepared, first));
    expect(model.labelDocument(document)).toEqual(second);
  });

  it('survives a save and load unchanged', () => {
    const reloaded = deserializeModel(serializeModel(model));
    const tokens = 'Reporters in Lima met Carlos Mendoza of Andean Mining Corp .'.split(' ');
    expect(reloaded.tagSentence(tokens)).toEqual(model.tagSentence(tokens));
  });

  it('refuses a file that is not a model', () => {
    expect(() => loadNerModel(join(defaultModelPath(), '..', 'README.md'))).toThrow();
    expect(() => loadNerModel('/nonexistent/model.json.gz')).toThrow(/cannot read NER model/);
  });
});

describe.skipIf(!existsSync(validPath))('the committed NER model on CoNLL-2003 valid.txt (needs ../shared)', () => {
  it('scores entity F1 of at least 0.88', () => {
    const model = loadNerModel();
    const evaluator = new NerEvaluator();
    for (const document of goldDocuments(readConllFile(validPath))) {
      const predicted = model.tagDocument(document.map((s) => s.tokens));
      document.forEach((sentence, s) => evaluator.add(sentence.tags, predicted[s]!));
    }
    const score = evaluator.result();
    expect(score.gold).toBeGreaterThan(5000);
    expect(score.f1).toBeGreaterThanOrEqual(0.88);
  });
});

/** A made-up corpus: people, places and firms in a few sentence patterns. */
function syntheticCorpus(count: number): TrainingDocument[] {
  const people = [['Ada', 'Moreno'], ['Ben', 'Okoro'], ['Cleo', 'Varga'], ['Dev', 'Nair']];
  const places = [['Quito'], ['Oslo'], ['Cape', 'Town'], ['Lyon']];
  const firms = [['Zeta', 'Corp'], ['Orbit', 'Bank'], ['Nova', 'Group']];
  const documents: TrainingDocument[] = [];
  for (let d = 0; d < count; d++) {
    const person = people[d % people.length]!;
    const place = places[(d * 3) % places.length]!;
    const firm = firms[(d * 5) % firms.length]!;
    const sentence = (parts: [string[], string][]): { tokens: string[]; tags: string[] } => ({
      tokens: parts.flatMap(([words]) => words),
      tags: parts.flatMap(([words, type]) => words.map((_, i) => (type === 'O' ? 'O' : `${i === 0 ? 'B' : 'I'}-${type}`))),
    });
    documents.push([
      sentence([[person, 'PER'], [['visited'], 'O'], [place, 'LOC'], [['.'], 'O']]),
      sentence([[['The'], 'O'], [firm, 'ORG'], [['office', 'in'], 'O'], [place, 'LOC'], [['hired', 'her', '.'], 'O']]),
    ]);
  }
  return documents;
}

describe('training', () => {
  it('learns a small corpus, deterministically for a seed', () => {
    const corpus = syntheticCorpus(24);
    const options = { maxEpochs: 3, folds: 2, twoStages: true, seed: 5 };
    const first = trainNer(corpus, options).model;
    const second = trainNer(corpus, options).model;
    expect(serializeModel(first).equals(serializeModel(second))).toBe(true);
    const tokens = ['Ada', 'Moreno', 'visited', 'Lyon', '.'];
    expect(names(tokens, first.tagSentence(tokens))).toEqual(['Ada Moreno/PER', 'Lyon/LOC']);
    expect(first.stages).toHaveLength(2);
  });
});
