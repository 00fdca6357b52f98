export { parseBratAttributions, type AnnotationProblem, type CharSpan, type GoldAttribution } from './brat.js';
export { formatErrors } from './errors.js';
export { AttributionEvaluator, compareDocument, normalisePieces, trimPiece, type AttributionScores } from './metrics.js';
export { formatProblem, readPolnearFolder, type PolnearArticle, type PolnearFolder } from './reader.js';
