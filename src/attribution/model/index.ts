export {
  AttributionModel,
  defaultAttributionModelPath,
  deserializeAttributionModel,
  loadAttributionModel,
  saveAttributionModel,
  serializeAttributionModel,
} from './model.js';
export type { PredictedAttribution, Span } from './types.js';
