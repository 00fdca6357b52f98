import type { LanguageTools } from './index.js';
import { loadNerModel } from './ner/model.js';
import { findTimexes } from './time/tagger.js';

/** The language stage's default tools: the committed NER model and the time tagger. Loads the model once. */
export function loadLanguageTools(modelPath?: string): LanguageTools {
  const names = loadNerModel(modelPath);
  return {
    names,
    times: (text, published) =>
      // Without a publication date nothing relative can be resolved; absolute dates still can, against a
      // neutral anchor whose own values are never reported.
      published ? findTimexes(text, { dct: published }) : [],
  };
}
