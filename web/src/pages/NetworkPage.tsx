/**
 * The actor network (`/network?level=country&minEvents=2`): who acts on whom, drawn as a graph, with the links
 * of a chosen actor beside it and every link in a table below; each link opens the pair's timeline.
 */
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api.js';
import { Status } from '../components/Status.js';
import { NetworkGraph, nodeLabel } from '../charts/NetworkGraph.js';
import { formatGoldstein, goldsteinColour } from '../charts/graphLayout.js';
import type { ActorNetwork, NetworkEdge } from '../charts/types.js';
import { plural } from '../stories/format.js';
import './charts.css';

const NODE_LIMIT = 100;

function dyadHref(edge: NetworkEdge): string {
  return `/dyads?${new URLSearchParams({ source: edge.source, target: edge.target }).toString()}`;
}

export function NetworkPage() {
  const [params, setParams] = useSearchParams();
  const level = params.get('level') === 'actor' ? 'actor' : 'country';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const minEvents = Math.max(1, Number(params.get('minEvents')) || 1);
  const selected = params.get('node');

  const network = useApi<ActorNetwork>('/api/network', { level, from, to, minEvents, limit: NODE_LIMIT });
  const data = network.data;
  const nodesById = new Map((data?.nodes ?? []).map((n) => [n.id, n]));
  const name = (id: string) => {
    const node = nodesById.get(id);
    return node ? nodeLabel(node) : id;
  };
  const selectedNode = selected ? nodesById.get(selected) : undefined;
  const edgesOfSelected = selectedNode ? (data?.edges ?? []).filter((e) => e.source === selectedNode.id || e.target === selectedNode.id) : [];

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: 'node' in changes && Object.keys(changes).length === 1 });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (key: string) => String(form.get(key) ?? '').trim();
    update({
      level: value('level') === 'actor' ? 'actor' : null,
      from: value('from'),
      to: value('to'),
      minEvents: Number(value('minEvents')) > 1 ? value('minEvents') : null,
      node: null,
    });
  };

  return (
    <>
      <h1>Actor network</h1>
      <p className="muted">
        Who acts on whom in the coded events. Larger nodes take part in more events; thicker links carry more; a link's colour is its mean
        Goldstein score, from <span className="coop-text">cooperation</span> to <span className="conflict-text">conflict</span>; arrows
        point from source to target.
      </p>
      <form key={params.toString()} className="filters" onSubmit={onSubmit} aria-label="Network filters">
        <label>
          Level
          <select name="level" defaultValue={level}>
            <option value="country">countries</option>
            <option value="actor">actors (full codes)</option>
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={from} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={to} />
        </label>
        <label>
          Minimum events per link
          <input type="number" name="minEvents" min={1} defaultValue={minEvents} className="narrow-number" />
        </label>
        <button type="submit" className="primary">
          Show
        </button>
      </form>

      <Status loading={network.loading} error={network.error} what="the network" />
      {data && data.nodes.length === 0 && <p className="muted">No events between actors{from || to ? ' in this date range' : ''}.</p>}
      {data && data.nodes.length > 0 && (
        <div className="network-layout">
          <div className="panel network-canvas">
            <NetworkGraph network={data} selected={selectedNode?.id ?? null} onSelect={(id) => update({ node: id === selected ? null : id })} />
          </div>
          <aside className="panel network-side" aria-labelledby="side-heading" aria-live="polite">
            {selectedNode ? (
              <>
                <h2 id="side-heading">{nodeLabel(selectedNode)}</h2>
                <p className="muted small-print">
                  {plural(selectedNode.events, 'event')}, {plural(edgesOfSelected.length, 'link')}
                </p>
                <ul className="plain" aria-label={`Links of ${nodeLabel(selectedNode)}`}>
                  {edgesOfSelected.map((edge) => (
                    <li key={`${edge.source}>${edge.target}`}>
                      <Link to={dyadHref(edge)}>
                        {edge.source === edge.target ? `within ${name(edge.source)}` : `${name(edge.source)} → ${name(edge.target)}`}
                      </Link>
                      <div className="small-print muted">
                        {plural(edge.events, 'event')}, mean Goldstein{' '}
                        <span className="goldstein-value" style={{ color: goldsteinColour(edge.goldstein) }}>
                          {formatGoldstein(edge.goldstein)}
                        </span>
                      </div>
                    </li>
                  ))}
                </ul>
                <button type="button" onClick={() => update({ node: null })}>
                  Clear selection
                </button>
              </>
            ) : (
              <>
                <h2 id="side-heading">Links of an actor</h2>
                <p className="muted small-print">Choose a node (click it, or Tab to it and press Enter) to list its links here.</p>
              </>
            )}
          </aside>
        </div>
      )}

      {data && data.edges.length > 0 && (
        <section aria-labelledby="edges-heading">
          <h2 id="edges-heading">All links</h2>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Target</th>
                  <th scope="col">Events</th>
                  <th scope="col">Cooperation</th>
                  <th scope="col">Conflict</th>
                  <th scope="col">Mean Goldstein</th>
                  <th scope="col">Timeline</th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map((edge) => (
                  <tr key={`${edge.source}>${edge.target}`} className={selectedNode && (edge.source === selectedNode.id || edge.target === selectedNode.id) ? 'selected' : undefined}>
                    <td>{name(edge.source)}</td>
                    <td>{name(edge.target)}</td>
                    <td>{edge.events}</td>
                    <td className="quad-1">{edge.quadClasses[0] + edge.quadClasses[1]}</td>
                    <td className="quad-3">{edge.quadClasses[2] + edge.quadClasses[3]}</td>
                    <td>{formatGoldstein(edge.goldstein)}</td>
                    <td>
                      <Link to={dyadHref(edge)} aria-label={`Timeline of ${edge.source} and ${edge.target}`}>
                        timeline
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
