/**
 * Places a graph's nodes with d3-force, run for a fixed number of ticks at once: the same graph always gets the
 * same picture (d3-force starts from a fixed spiral and seeds its own random source), and nothing moves after.
 */
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';

export interface LayoutInput {
  id: string;
  radius: number;
  /** The width of the label drawn under the node, so that labels keep apart and stay inside the box. */
  labelWidth?: number;
}

/** About how wide a label of 11px text is. */
export const labelWidth = (text: string): number => text.length * 6.4;

export interface Placed {
  x: number;
  y: number;
}

interface SimNode extends SimulationNodeDatum {
  id: string;
  radius: number;
  labelWidth: number;
}

const TICKS = 300;

/** Node positions, plus the box (with room for the largest node and its label) that holds them all. */
export function layoutGraph(
  nodes: readonly LayoutInput[],
  links: readonly { source: string; target: string }[],
  options: { distance?: number; charge?: number } = {},
): { positions: Map<string, Placed>; box: { x: number; y: number; width: number; height: number } } {
  const simNodes: SimNode[] = nodes.map((n) => ({ id: n.id, radius: n.radius, labelWidth: n.labelWidth ?? 0 }));
  const known = new Set(simNodes.map((n) => n.id));
  const simLinks: SimulationLinkDatum<SimNode>[] = links
    .filter((l) => known.has(l.source) && known.has(l.target) && l.source !== l.target)
    .map((l) => ({ source: l.source, target: l.target }));
  const simulation = forceSimulation(simNodes)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(simLinks).id((n) => n.id).distance(options.distance ?? 110))
    .force('charge', forceManyBody().strength(options.charge ?? -320))
    .force('center', forceCenter(0, 0))
    .force('collide', forceCollide<SimNode>().radius((n) => Math.max(n.radius + 14, n.labelWidth / 2 + 6)))
    .stop();
  simulation.tick(TICKS);

  const positions = new Map<string, Placed>();
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of simNodes) {
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    positions.set(n.id, { x, y });
    // Labels sit under the node and reach sideways: leave them room.
    const half = Math.max(n.radius, n.labelWidth / 2);
    minX = Math.min(minX, x - half);
    maxX = Math.max(maxX, x + half);
    minY = Math.min(minY, y - n.radius - 8);
    maxY = Math.max(maxY, y + n.radius + 22);
  }
  if (simNodes.length === 0) [minX, minY, maxX, maxY] = [-50, -50, 50, 50];
  return { positions, box: { x: minX, y: minY, width: maxX - minX, height: maxY - minY } };
}

/**
 * A directed edge from one circle to another, bent sideways by `bend` (so A→B and B→A do not overlap), ending at
 * the target's rim, with an arrowhead there: the path's `d` and the arrowhead's `points`.
 */
export function arrowPath(from: Placed & { r: number }, to: Placed & { r: number }, bend: number, head: number): { d: string; arrow: string } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  // The control point sits off the middle, to the left of the direction of travel.
  const cx = (from.x + to.x) / 2 - uy * bend;
  const cy = (from.y + to.y) / 2 + ux * bend;
  const toward = (p: Placed, q: Placed, distance: number): Placed => {
    const l = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    return { x: p.x + ((q.x - p.x) / l) * distance, y: p.y + ((q.y - p.y) / l) * distance };
  };
  const start = toward(from, { x: cx, y: cy }, from.r);
  const tip = toward(to, { x: cx, y: cy }, to.r + 1);
  const base = toward(tip, { x: cx, y: cy }, head);
  const [bx, by] = [tip.x - base.x, tip.y - base.y];
  const left = { x: base.x - by * 0.55, y: base.y + bx * 0.55 };
  const right = { x: base.x + by * 0.55, y: base.y - bx * 0.55 };
  const f = (n: number) => n.toFixed(1);
  return {
    d: `M${f(start.x)},${f(start.y)} Q${f(cx)},${f(cy)} ${f(base.x)},${f(base.y)}`,
    arrow: `${f(tip.x)},${f(tip.y)} ${f(left.x)},${f(left.y)} ${f(right.x)},${f(right.y)}`,
  };
}

/**
 * The colour of a mean Goldstein score on a diverging scale: grey around 0, deepening to the theme's cooperation
 * green toward +10 and its conflict red toward −10 (--coop, --conflict, so it follows light and dark); unknown is
 * muted grey.
 */
export function goldsteinColour(goldstein: number | null): string {
  if (goldstein === null) return 'var(--muted)';
  const strength = Math.round(35 + (Math.min(10, Math.abs(goldstein)) / 10) * 65);
  return `color-mix(in srgb, ${goldstein >= 0 ? 'var(--coop)' : 'var(--conflict)'} ${strength}%, var(--muted))`;
}

export function formatGoldstein(goldstein: number | null): string {
  if (goldstein === null) return 'n/a';
  return `${goldstein > 0 ? '+' : ''}${goldstein.toFixed(1)}`;
}
