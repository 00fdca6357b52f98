/** The trained NER model: loading, saving and tagging documents. */
import { writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CorpusCasing, FeatureExtractor, featureVersion } from './features.js';
import { DocumentLabeller, type StageWeights } from './labeller.js';
import { bilouLabels, labelsToIob2 } from './tags.js';
import { decodeStage, encodeStage, fromBase64, toBase64, type EncodedStage } from './perceptron.js';
import { readModelFile, shippedModelPath } from '../../util/package-root.js';

export const defaultModelFile = 'ner-conll.json.gz';

/** What the model file says about how it was made. */
export interface ModelInfo {
  [key: string]: unknown;
}

export function defaultModelPath(): string {
  return shippedModelPath(defaultModelFile);
}

export class NerModel {
  readonly stages: readonly StageWeights[];
  private readonly extractor: FeatureExtractor;
  private readonly labeller: DocumentLabeller;

  constructor(
    stages: readonly StageWeights[],
    readonly casing: CorpusCasing,
    readonly info: ModelInfo = {},
  ) {
    // An extractor of its own: its word cache holds per-word scores of these stages only.
    this.extractor = new FeatureExtractor(casing, bilouLabels.length);
    this.labeller = new DocumentLabeller(this.extractor, bilouLabels.length);
    this.stages = stages.map((stage, slot) => ({ ...stage, cacheSlot: slot }));
  }

  /** IOB2 tags for the sentences of one document, in order (later sentences inform earlier ones). */
  tagDocument(sentences: readonly (readonly string[])[]): string[][] {
    return this.labelDocument(sentences).map(labelsToIob2);
  }

  tagSentence(tokens: readonly string[]): string[] {
    return this.tagDocument([tokens])[0]!;
  }

  /** BILOU label indices (see `bilouLabels`) of the last stage. */
  labelDocument(sentences: readonly (readonly string[])[]): Uint8Array[] {
    const document = this.extractor.prepareDocument(sentences);
    let labels = this.labeller.labelDocument(document, this.stages[0]!);
    for (let s = 1; s < this.stages.length; s++) {
      labels = this.labeller.labelDocument(document, this.stages[s]!, this.extractor.stageLabels(document, labels));
    }
    return labels;
  }
}

interface ModelFile {
  format: 'eventwire-ner';
  featureVersion: number;
  labels: string[];
  casing: { keys: string; casings: string };
  stages: EncodedStage[];
  info: ModelInfo;
}

/** The model as it is stored: gzipped JSON with base64 arrays, weights quantised to 8 bits per row. */
export function serializeModel(model: NerModel): Buffer {
  const labelCount = bilouLabels.length;
  const casing = model.casing.toArrays();
  const file: ModelFile = {
    format: 'eventwire-ner',
    featureVersion,
    labels: [...bilouLabels],
    casing: { keys: toBase64(casing.keys), casings: toBase64(casing.casings) },
    stages: model.stages.map((s) => encodeStage(s, labelCount)),
    info: model.info,
  };
  return gzipSync(JSON.stringify(file), { level: 9 });
}

export function saveNerModel(model: NerModel, path: string): void {
  writeFileSync(path, serializeModel(model));
}

export function deserializeModel(bytes: Buffer, source = 'model'): NerModel {
  const file = JSON.parse(gunzipSync(bytes).toString('utf8')) as ModelFile;
  if (file.format !== 'eventwire-ner') throw new Error(`${source} is not an eventwire NER model`);
  if (file.featureVersion !== featureVersion) {
    throw new Error(`${source} was trained with features v${file.featureVersion}; this eventwire computes v${featureVersion}: retrain it`);
  }
  if (file.labels.join() !== bilouLabels.join()) throw new Error(`${source} has labels this eventwire does not know`);
  const labelCount = bilouLabels.length;
  const casing = CorpusCasing.fromArrays(new Uint32Array(fromBase64(file.casing.keys)), new Uint8Array(fromBase64(file.casing.casings)));
  const stages = file.stages.map((s) => decodeStage(s, labelCount));
  return new NerModel(stages, casing, file.info);
}

/** Loads a model file; by default the one shipped in data/models. */
export function loadNerModel(path: string = defaultModelPath()): NerModel {
  return deserializeModel(readModelFile('NER', path), path);
}
