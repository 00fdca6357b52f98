/** The answers of GET /api/dyads/timeline and GET /api/network (see the API contract). */

/** Events per CAMEO quad class: verbal cooperation, material cooperation, verbal conflict, material conflict. */
export type QuadCounts = [number, number, number, number];

export interface DyadPeriod {
  /** 'YYYY-MM' or 'YYYY-MM-DD'. */
  period: string;
  events: number;
  /** Mean Goldstein score of the period's events, −10..+10; null when it has none. */
  goldstein: number | null;
  quadClasses: QuadCounts;
}

export interface DyadTimeline {
  source: string;
  target: string;
  directed: boolean;
  interval: 'month' | 'day';
  items: DyadPeriod[];
}

export interface NetworkNode {
  /** An actor code: a country (USA) or, at actor level, a full code (USAGOV). */
  id: string;
  label: string;
  events: number;
}

/** Events from `source` to `target`. */
export interface NetworkEdge {
  source: string;
  target: string;
  events: number;
  goldstein: number | null;
  quadClasses: QuadCounts;
}

export interface ActorNetwork {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export const QUAD_NAMES = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'] as const;
