import type { LanguageTools } from './index.js';
import { loadNerModel } from './ner/model.js';
import { findTimexes } from './time/tagger.js';

/** The language stage's default tools: the committed NER model and the time tagger. Loads the model once. */
export function loadLanguageTools(modelPath?: string): LanguageTools {
  const names = loadNerModel(modelPath);
  return {
    names,
    times: (text, published) => (published ? findTimexes(text, { dct: published }) : anchorFreeTimexes(text)),
  };
}

/**
 * Without a publication date nothing relative can be resolved, but "July 18, 2018" or "three days" can: tag
 * against two distant anchors and keep what both readings agree on, which is what no anchor decides.
 */
function anchorFreeTimexes(text: string): ReturnType<typeof findTimexes> {
  const second = new Map(findTimexes(text, { dct: '2011-09-14' }).map((t) => [`${t.start}:${t.end}`, t]));
  return findTimexes(text, { dct: '1987-02-23' }).filter((t) => {
    const other = second.get(`${t.start}:${t.end}`);
    return other !== undefined && other.value === t.value && other.type === t.type;
  });
}
