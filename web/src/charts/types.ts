/** The answers of GET /api/dyads/timeline and GET /api/network: the library's own types, so the app follows them. */
import type { ActorNetwork, DyadPeriod } from '../api.js';

export type { ActorNetwork, DyadPeriod };

/** GET /api/dyads/timeline: the periods with the pair and settings they were asked for. */
export interface DyadTimeline {
  source: string;
  target: string;
  directed: boolean;
  interval: 'month' | 'day';
  items: DyadPeriod[];
}

export type NetworkNode = ActorNetwork['nodes'][number];
/** Events from `source` to `target`. */
export type NetworkEdge = ActorNetwork['edges'][number];

export const QUAD_NAMES = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'] as const;
