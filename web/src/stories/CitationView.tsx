/**
 * Who relays whom in a story: an outlet that carried another's account, or took a statement from it, points at
 * it. A small drawing when there are edges, and always the list, each edge with the passages that state it.
 */
import { Link } from 'react-router';
import type { CitationGraph } from '../api.js';
import { arrowPath, layoutGraph } from '../charts/graphLayout.js';
import { evidenceHref, plural } from './format.js';

const NODE_RADIUS = 9;

export function CitationView({ graph }: { graph: CitationGraph }) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const name = (id: string) => names.get(id) ?? id;
  if (graph.edges.length === 0) {
    return (
      <p className="muted">
        No outlet of this story cites another: {graph.nodes.length > 0 ? `${graph.nodes.map((n) => n.name).join(', ')} each report on their own.` : 'no outlets found.'}
      </p>
    );
  }
  return (
    <div className="citations">
      <CitationDrawing graph={graph} />
      <ul className="plain">
        {graph.edges.map((edge) => (
          <li key={`${edge.from}>${edge.to}`}>
            <strong>{name(edge.from)}</strong> relays <strong>{name(edge.to)}</strong>{' '}
            <span className="muted small-print">
              ({plural(edge.count, 'chain')}; {name(edge.to)} as {edge.roles.join(', ')})
            </span>
            <div className="small-print">
              Evidence:{' '}
              {edge.evidence.map((e, i) => (
                <span key={`${e.article}-${e.spanId}`}>
                  {i > 0 && ', '}
                  <Link to={evidenceHref(e.article, e.spanId)}>passage {i + 1}</Link>
                </span>
              ))}
              {edge.against.length > 0 && <span className="muted"> · {plural(edge.against.length, 'chain')} state the opposite direction</span>}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The citation graph drawn; the list beside it says the same in words, so the drawing is hidden from screen readers. */
function CitationDrawing({ graph }: { graph: CitationGraph }) {
  const nodes = graph.nodes.filter((n) => graph.edges.some((e) => e.from === n.id || e.to === n.id));
  const { positions, box } = layoutGraph(
    nodes.map((n) => ({ id: n.id, radius: NODE_RADIUS })),
    graph.edges.map((e) => ({ source: e.from, target: e.to })),
    { distance: 120 },
  );
  const pad = 30;
  return (
    <svg className="citation-graph" viewBox={`${box.x - pad} ${box.y - pad} ${box.width + 2 * pad} ${box.height + 2 * pad}`} aria-hidden="true">
      {graph.edges.map((edge) => {
        const from = positions.get(edge.from);
        const to = positions.get(edge.to);
        if (!from || !to) return null;
        const reverse = graph.edges.some((e) => e.from === edge.to && e.to === edge.from);
        const { d, arrow } = arrowPath({ ...from, r: NODE_RADIUS }, { ...to, r: NODE_RADIUS }, reverse ? 18 : 0, 8);
        return (
          <g key={`${edge.from}>${edge.to}`} className="citation-edge">
            <path d={d} fill="none" strokeWidth={1 + Math.min(edge.count, 5)} />
            <polygon points={arrow} />
          </g>
        );
      })}
      {nodes.map((node) => {
        const p = positions.get(node.id)!;
        return (
          <g key={node.id} className={`citation-node ${node.roles.includes('publisher') ? 'publisher' : ''}`}>
            <circle cx={p.x} cy={p.y} r={NODE_RADIUS} />
            <text x={p.x} y={p.y + NODE_RADIUS + 13} textAnchor="middle">
              {node.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
