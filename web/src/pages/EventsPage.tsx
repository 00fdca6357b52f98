/**
 * Events (`/events`): the coded events of current articles, filtered by actors, CAMEO code, PLOVER category,
 * quad class, outlet and date, each row linking to the sentence it was coded from. The filters live in the URL,
 * and the export links carry the same filters, so what is downloaded is what is shown (all pages of it).
 */
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PLOVER_CATEGORIES } from '../../../src/events/ontology/plover.js';
import { CAMEO_ROOTS, cameoCode } from '../../../src/events/ontology/cameo.js';
import { apiUrl, downloadWithToken, hasToken, useApi, type CorpusStats, type Page, type StoredEvent } from '../api.js';
import { Pager } from '../components/Pager.js';
import { Status } from '../components/Status.js';
import {
  EVENT_FILTER_KEYS,
  EXPORT_FORMATS,
  QUAD_CLASSES,
  eventFiltersOf,
  normaliseActorCode,
  quadClassName,
  truncate,
  type EventFilterKey,
  type EventFilters,
} from '../events/filters.js';
import './events.css';

const PAGE_SIZE = 50;
const ACTOR_KEYS: readonly EventFilterKey[] = ['actor', 'source', 'target'];

export function EventsPage() {
  const [exportError, setExportError] = useState<string | undefined>();
  const [params, setParams] = useSearchParams();
  const filters = eventFiltersOf(params);
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const events = useApi<Page<StoredEvent>>('/api/events', { ...filters, limit: PAGE_SIZE, offset });
  const items = events.data?.items ?? [];
  const stats = useApi<CorpusStats>('/api/stats');
  const outlets = stats.data?.outlets.map((outlet) => outlet.outlet) ?? [];

  const apply = (next: EventFilters, nextOffset = 0) => {
    const query = new URLSearchParams();
    for (const key of EVENT_FILTER_KEYS) {
      const value = ACTOR_KEYS.includes(key) ? normaliseActorCode(next[key]) : next[key].trim();
      if (value) query.set(key, value);
    }
    if (nextOffset > 0) query.set('offset', String(nextOffset));
    setParams(query);
  };

  const activeFilters = Object.fromEntries(EVENT_FILTER_KEYS.filter((key) => filters[key]).map((key) => [key, filters[key]]));
  return (
    <div className="events-page">
      <h1>Events</h1>
      {/* Keyed by the URL's filters: a link or back/forward gives the form the URL's values afresh. */}
      <EventFilterForm key={EVENT_FILTER_KEYS.map((key) => filters[key]).join('\u0000')} filters={filters} outlets={outlets} onApply={apply} />
      {filters.source && filters.target ? (
        <p className="dyad-link">
          <Link to={`/dyads?${new URLSearchParams({ source: filters.source, target: filters.target }).toString()}`}>
            {filters.source} and {filters.target} over time (dyad timeline)
          </Link>
        </p>
      ) : null}
      <section className="exports" aria-labelledby="export-heading">
        <h2 id="export-heading">Export</h2>
        <p className="muted">Every event matching these filters (all pages):</p>
        <ul>
          {EXPORT_FORMATS.map(({ format, label, extension }) => (
            <li key={format}>
              <a
                className="button"
                href={apiUrl('/api/events/export', { format, ...activeFilters })}
                download={`events.${extension}`}
                onClick={(event) => {
                  // A server started with a token wants it on the download too, which a plain link cannot send.
                  if (!hasToken()) return;
                  event.preventDefault();
                  downloadWithToken(event.currentTarget.href, `events.${extension}`).catch((error: Error) => setExportError(error.message));
                }}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
        {exportError ? (
          <p className="status error" role="alert">
            The export failed: {exportError}
          </p>
        ) : null}
      </section>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Coded events</h2>
        <p className="muted" role="status" aria-live="polite">
          {events.data ? (items.length === 0 ? (offset === 0 ? 'No event matches these filters.' : 'No more events.') : `Events ${offset + 1}–${offset + items.length}, by date`) : ''}
        </p>
        <Status loading={events.loading} error={events.error} what="events" />
        {items.length > 0 ? <EventTable events={items} /> : null}
        {events.data ? <Pager offset={offset} limit={PAGE_SIZE} count={items.length} onChange={(next) => apply(filters, next)} /> : null}
      </section>
    </div>
  );
}

function EventFilterForm({ filters, outlets, onApply }: { filters: EventFilters; outlets: string[]; onApply: (filters: EventFilters) => void }) {
  const [draft, setDraft] = useState(filters);

  const set = (name: EventFilterKey) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [name]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const swap = () => {
    const swapped = { ...draft, source: draft.target, target: draft.source };
    setDraft(swapped);
    onApply(swapped);
  };
  const clear = () => {
    const empty = Object.fromEntries(EVENT_FILTER_KEYS.map((name) => [name, ''])) as EventFilters;
    setDraft(empty);
    onApply(empty);
  };
  const codeName = /^\d{2,4}$/.test(draft.code.trim()) ? cameoCode(draft.code.trim())?.name : undefined;
  return (
    <form className="event-filters" onSubmit={submit} aria-label="Filter events">
      <div className="filters">
        <fieldset className="dyad">
          <legend>Dyad: who acts on whom</legend>
          <label>
            Source
            <input type="text" value={draft.source} onChange={set('source')} placeholder="USA" autoCapitalize="characters" spellCheck={false} size={10} />
          </label>
          <button type="button" onClick={swap} aria-label="Swap source and target" title="Swap source and target">
            ⇄
          </button>
          <label>
            Target
            <input type="text" value={draft.target} onChange={set('target')} placeholder="PRK" autoCapitalize="characters" spellCheck={false} size={10} />
          </label>
        </fieldset>
        <label>
          Actor (either side)
          <input type="text" value={draft.actor} onChange={set('actor')} placeholder="USAGOV" autoCapitalize="characters" spellCheck={false} size={10} />
        </label>
        <label>
          CAMEO code
          <input type="text" inputMode="numeric" value={draft.code} onChange={set('code')} placeholder="04 or 042" size={8} list="cameo-roots" title={codeName} />
          <datalist id="cameo-roots">
            {CAMEO_ROOTS.map((root) => (
              <option key={root.code} value={root.code} label={root.name} />
            ))}
          </datalist>
        </label>
        <label>
          PLOVER
          <select value={draft.plover} onChange={set('plover')}>
            <option value="">any</option>
            {PLOVER_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quad class
          <select value={draft.quadClass} onChange={set('quadClass')}>
            <option value="">any</option>
            {QUAD_CLASSES.map((quad) => (
              <option key={quad.value} value={String(quad.value)}>
                {quad.value}: {quad.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outlet
          <select value={draft.outlet} onChange={set('outlet')}>
            <option value="">any</option>
            {/* An outlet from a link that the stats do not list stays selectable. */}
            {[...new Set([...outlets, ...(draft.outlet ? [draft.outlet] : [])])].map((outlet) => (
              <option key={outlet} value={outlet}>
                {outlet}
              </option>
            ))}
          </select>
        </label>
        {draft.entity || filters.entity ? (
          <label>
            Entity
            <input type="text" value={draft.entity} onChange={set('entity')} placeholder="person/mike-pompeo" spellCheck={false} />
          </label>
        ) : null}
        <label>
          From
          <input type="text" value={draft.from} onChange={set('from')} placeholder="YYYY-MM-DD" pattern="\d{4}(-\d{2}(-\d{2})?)?" title="YYYY, YYYY-MM or YYYY-MM-DD" size={11} />
        </label>
        <label>
          To
          <input type="text" value={draft.to} onChange={set('to')} placeholder="YYYY-MM-DD" pattern="\d{4}(-\d{2}(-\d{2})?)?" title="YYYY, YYYY-MM or YYYY-MM-DD" size={11} />
        </label>
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** One side of an event: its actor code and the words it was coded from. */
function Actor({ actor }: { actor: StoredEvent['event']['source'] }) {
  if (!actor.code) return <span className="muted">none</span>;
  return (
    <>
      <code>{actor.code}</code>
      {actor.text ? <span className="actor-name"> {actor.text}</span> : null}
    </>
  );
}

function EventTable({ events }: { events: StoredEvent[] }) {
  return (
    <div className="table-scroll">
      <table className="event-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Source → target</th>
            <th scope="col">CAMEO</th>
            <th scope="col">PLOVER</th>
            <th scope="col">Quad class</th>
            <th scope="col">Goldstein</th>
            <th scope="col">Sentence</th>
            <th scope="col">Article</th>
          </tr>
        </thead>
        <tbody>
          {events.map((stored) => {
            const { event } = stored;
            const name = cameoCode(event.code)?.name;
            return (
              <tr key={`${stored.id}:${stored.spanId}`}>
                <td className="nowrap">{event.date ?? <span className="muted">undated</span>}</td>
                <td className="dyad-cell">
                  <span className="actor source">
                    <Actor actor={event.source} />
                  </span>
                  <span className="actor target">
                    <span className="arrow" aria-label="on">
                      →{' '}
                    </span>
                    <Actor actor={event.target} />
                  </span>
                </td>
                <td>
                  <code>{event.code}</code>
                  {name ? <span className="code-name">{name}</span> : null}
                  {event.negated ? <span className="badge">negated</span> : null}
                  {event.modality !== 'asserted' ? <span className="badge">{event.modality}</span> : null}
                </td>
                <td>
                  {event.plover.category}
                  {event.plover.mode ? <span className="code-name">{event.plover.mode}</span> : null}
                </td>
                <td>
                  <span className={`quad-${event.quadClass}`}>{quadClassName(event.quadClass)}</span>
                </td>
                <td className="number">{event.goldstein > 0 ? `+${event.goldstein}` : String(event.goldstein)}</td>
                <td className="sentence" title={stored.sentence.length > 160 ? stored.sentence : undefined}>
                  {truncate(stored.sentence, 160)}
                </td>
                <td className="article-cell">
                  <span className="muted">{stored.outlet ?? 'Unknown outlet'}</span>
                  <Link to={`/articles/${stored.id}?event=${stored.spanId}`}>{stored.title ?? 'Untitled article'}</Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
