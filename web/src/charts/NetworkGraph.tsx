/**
 * The actor network drawn as a static SVG: d3-force places the nodes once; node size follows the events an actor
 * takes part in, edge width the events between two, edge colour their mean Goldstein score (cooperation green,
 * conflict red), arrows the direction. Nodes are buttons: click or Enter selects one.
 */
import { useMemo, type KeyboardEvent } from 'react';
import { arrowPath, formatGoldstein, goldsteinColour, labelWidth, layoutGraph } from './graphLayout.js';
import type { ActorNetwork, NetworkNode } from './types.js';

const MIN_RADIUS = 7;
const MAX_EXTRA_RADIUS = 18;
const MAX_EXTRA_WIDTH = 7;

const MAX_SHOWN_LABEL = 16;

export function nodeLabel(node: NetworkNode): string {
  return node.label && node.label !== node.id ? `${node.label} (${node.id})` : node.id;
}

/** The words under a node: its name where short, else its code (the table and the node's own label give the full name). */
function shownLabel(node: NetworkNode): string {
  return node.label && node.label.length <= MAX_SHOWN_LABEL ? node.label : node.id;
}

export function NetworkGraph({ network, selected, onSelect }: { network: ActorNetwork; selected: string | null; onSelect: (id: string) => void }) {
  const maxNode = Math.max(1, ...network.nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...network.edges.map((e) => e.events));
  const radius = (events: number) => MIN_RADIUS + Math.sqrt(events / maxNode) * MAX_EXTRA_RADIUS;

  const { positions, box } = useMemo(
    () =>
      layoutGraph(
        network.nodes.map((n) => ({ id: n.id, radius: radius(n.events), labelWidth: labelWidth(shownLabel(n)) })),
        network.edges.map((e) => ({ source: e.source, target: e.target })),
      ),
    // The layout depends on the graph only; recomputing it on selection would cost a simulation per click.
    [network],
  );
  const radii = new Map(network.nodes.map((n) => [n.id, radius(n.events)]));
  const pad = 20;

  const onKey = (event: KeyboardEvent, id: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  const touches = (edge: { source: string; target: string }) => selected !== null && (edge.source === selected || edge.target === selected);

  return (
    <svg
      className="network-graph"
      viewBox={`${(box.x - pad).toFixed(1)} ${(box.y - pad).toFixed(1)} ${(box.width + 2 * pad).toFixed(1)} ${(box.height + 2 * pad).toFixed(1)}`}
      role="group"
      aria-label={`Actor network: ${network.nodes.length} actors, ${network.edges.length} directed links. The table below lists the links.`}
    >
      <g aria-hidden="true">
        {network.edges.map((edge) => {
          const from = positions.get(edge.source);
          const to = positions.get(edge.target);
          if (!from || !to || edge.source === edge.target) return null;
          const reverse = network.edges.some((e) => e.source === edge.target && e.target === edge.source);
          const width = 1 + (edge.events / maxEdge) * MAX_EXTRA_WIDTH;
          const { d, arrow } = arrowPath({ ...from, r: radii.get(edge.source)! }, { ...to, r: radii.get(edge.target)! }, reverse ? 22 : 0, 6 + width * 1.5);
          const colour = goldsteinColour(edge.goldstein);
          const dim = selected !== null && !touches(edge);
          return (
            <g key={`${edge.source}>${edge.target}`} className={`network-edge${dim ? ' dim' : ''}`}>
              <title>{`${edge.source} → ${edge.target}: ${edge.events} events, mean Goldstein ${formatGoldstein(edge.goldstein)}`}</title>
              <path d={d} fill="none" style={{ stroke: colour, strokeWidth: width }} />
              <polygon points={arrow} style={{ fill: colour }} />
            </g>
          );
        })}
      </g>
      {network.nodes.map((node) => {
        const p = positions.get(node.id)!;
        const r = radii.get(node.id)!;
        const isSelected = node.id === selected;
        return (
          <g
            key={node.id}
            className={`network-node${isSelected ? ' selected' : ''}`}
            role="button"
            tabIndex={0}
            aria-pressed={isSelected}
            aria-label={`${nodeLabel(node)}: ${node.events} event${node.events === 1 ? '' : 's'}`}
            onClick={() => onSelect(node.id)}
            onKeyDown={(event) => onKey(event, node.id)}
          >
            <circle cx={p.x} cy={p.y} r={r} />
            <text x={p.x} y={p.y + r + 13} textAnchor="middle" aria-hidden="true">
              {shownLabel(node)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
