/** The trained NER model: loading, saving and tagging documents. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CorpusCasing, FeatureExtractor, featureVersion } from './features.js';
import { FeatureTable } from './hash.js';
import { DocumentLabeller, type StageWeights } from './labeller.js';
import { bilouLabels, labelsToIob2 } from './tags.js';

export const defaultModelFile = 'ner-conll.json.gz';

/** What the model file says about how it was made. */
export interface ModelInfo {
  [key: string]: unknown;
}

function findPackageRoot(from: string): string {
  // Walk up rather than count levels: this file runs from src/ under vitest and from dist/src/ when built.
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root above ${from}`);
    dir = parent;
  }
}

export function defaultModelPath(): string {
  return join(findPackageRoot(dirname(fileURLToPath(import.meta.url))), 'data', 'models', defaultModelFile);
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

function toBase64(array: Uint32Array | Float32Array | Int8Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

interface StageFile {
  keys: string;
  /** One scale per row: weight = int8 × scale. */
  scales: string;
  weights: string;
  transitions: number[];
}

interface ModelFile {
  format: 'eventwire-ner';
  featureVersion: number;
  labels: string[];
  casing: { keys: string; casings: string };
  stages: StageFile[];
  info: ModelInfo;
}

/** Quantises each feature row to 8 bits with its own scale. */
function encodeStage(stage: StageWeights, labelCount: number): StageFile {
  const keys = stage.table.keysByRow();
  const rows = keys.length;
  const scales = new Float32Array(rows);
  const weights = new Int8Array(rows * labelCount);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let l = 0; l < labelCount; l++) max = Math.max(max, Math.abs(stage.weights[r * labelCount + l]!));
    const scale = max / 127 || 1;
    scales[r] = scale;
    for (let l = 0; l < labelCount; l++) weights[r * labelCount + l] = Math.round(stage.weights[r * labelCount + l]! / scale);
  }
  return {
    keys: toBase64(keys),
    scales: toBase64(scales),
    weights: toBase64(weights),
    transitions: Array.from(stage.transitions, (t) => Math.round(t * 1e4) / 1e4),
  };
}

function decodeStage(file: StageFile, labelCount: number): StageWeights {
  const keys = new Uint32Array(fromBase64(file.keys));
  const scales = new Float32Array(fromBase64(file.scales));
  const quantised = new Int8Array(fromBase64(file.weights));
  const weights = new Float32Array(quantised.length);
  for (let r = 0; r < keys.length; r++) {
    for (let l = 0; l < labelCount; l++) weights[r * labelCount + l] = quantised[r * labelCount + l]! * scales[r]!;
  }
  return { table: FeatureTable.fromKeys(keys), weights, transitions: Float32Array.from(file.transitions) };
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read NER model ${path}: ${(error as Error).message}`);
  }
  return deserializeModel(bytes, path);
}
