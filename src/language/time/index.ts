/** Time expressions: recognition and TimeML normalisation against a document creation time, TimeML I/O, TempEval-3 scoring. */
export { findTimexes } from './tagger.js';
export type { Timex, TimexAnchor, TimexType } from './types.js';
export { parseTimeml, writeTimeml, TimemlError, type TimemlDocument, type TimemlTimex } from './timeml.js';
export { scoreTimexes, scoresToJson, matchSpans, type TimexScores, type Mismatch, type ScoredDocument, type ScoredSpan } from './evaluate.js';
export { evaluateTimemlDirectory, listTimemlFiles, readTimemlFile } from './corpus.js';
export { easterSunday } from './calendar.js';
