/**
 * Actors: the people, organisations and places the stored articles mention, most widely reported first, each
 * opening its actor page. The type filter and the page are in the URL.
 */
import { Link, useSearchParams } from 'react-router';
import { useApi, type EntitySummary, type Page } from '../api.js';
import { Pager } from '../components/Pager.js';
import { Status } from '../components/Status.js';
import { actorPath, ENTITY_LABEL_NAMES } from '../reader/coding.js';
import './reader.css';

const PER_PAGE = 50;
const LABELS = ['PER', 'ORG', 'GPE', 'LOC', 'MISC'] as const;

export function ActorsPage() {
  const [params, setParams] = useSearchParams();
  const label = params.get('label') ?? '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const { data, error, loading } = useApi<Page<EntitySummary>>('/api/entities', { label, limit: PER_PAGE, offset });

  const update = (changes: Record<string, string | number>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === '' || value === 0) next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next);
  };

  return (
    <>
      <h1>Actors</h1>
      <p className="muted">People, organisations and places across the stored articles, the most widely reported first.</p>
      <div className="filters">
        <label>
          Type
          <select value={label} onChange={(e) => update({ label: e.target.value, offset: 0 })}>
            <option value="">All types</option>
            {LABELS.map((l) => (
              <option key={l} value={l}>
                {l}: {ENTITY_LABEL_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Status loading={loading} error={error} what="actors" />
      {data ? (
        <>
          <p className="muted" role="status" aria-live="polite">
            {data.items.length === 0
              ? 'No actor of this type.'
              : `Actors ${offset + 1}–${offset + data.items.length}${label ? ` of type ${label}` : ''}, most widely reported first.`}
          </p>
          {data.items.length > 0 ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Articles</th>
                    <th scope="col">Mentions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((actor) => (
                    <tr key={actor.entity}>
                      <td>
                        <Link to={actorPath(actor.entity)}>{actor.name}</Link> <code className="muted">{actor.entity}</code>
                      </td>
                      <td>
                        {actor.label} <span className="muted">({ENTITY_LABEL_NAMES[actor.label] ?? actor.label})</span>
                      </td>
                      <td>{actor.articles}</td>
                      <td>{actor.mentions}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager offset={offset} limit={PER_PAGE} count={data.items.length} onChange={(o) => update({ offset: o })} />
        </>
      ) : null}
    </>
  );
}
