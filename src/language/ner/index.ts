export { formatConllWithTags, goldDocuments, parseConll, readConllFile, type ConllDocument, type ConllFile, type ConllSentence } from './conll.js';
export { NerEvaluator, formatNerScore, type NerScore, type TypeScore } from './evaluate.js';
export { NerModel, defaultModelPath, deserializeModel, loadNerModel, saveNerModel, serializeModel } from './model.js';
export { bilouLabels, bilouToIob2, entityRanges, entityTypes, iobToBilou, rangesToIob2, toIob2, type EntityRange, type EntityType } from './tags.js';
