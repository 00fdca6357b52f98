/** Character offsets into the analysed text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Who said what: the cue ("said", "according to"), its source (may be empty) and its content, each possibly in pieces. */
export interface PredictedAttribution {
  cue: Span[];
  source: Span[];
  content: Span[];
}

/** What `analyseText` returns, the model's only view of a text. */
export type { Sentence, Token } from '../../language/text.js';
