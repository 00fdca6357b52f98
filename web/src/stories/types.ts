/** The answers of the story endpoints, as src/server/routes/stories.ts gives them. */
import type { CitationGraph, OutletComparison, StoryDetail } from '../api.js';
import type { MergedEvent } from './format.js';

/** GET /api/stories/{id}: the story, its events merged across articles, and who relays whom. */
export interface StoryResponse {
  story: StoryDetail;
  events: MergedEvent[];
  citations: CitationGraph;
}

/** GET /api/stories/{id}/compare. */
export interface CompareResponse {
  story: { id: number; title: string | null; storyline: number };
  comparison: OutletComparison;
}
