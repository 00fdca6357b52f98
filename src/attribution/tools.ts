import type { AttributionFinder } from './index.js';
import { loadAttributionModel } from './model/index.js';

/** The attribution stage's default finder: the committed PolNeAR-trained model, loaded once per call. */
export function loadAttributionFinder(modelPath?: string): AttributionFinder {
  return loadAttributionModel(modelPath);
}
