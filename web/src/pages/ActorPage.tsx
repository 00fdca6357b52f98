/**
 * One actor: every way the outlets name them, the CAMEO codes their events were coded with, their events (each
 * opening the reader on its evidence), what they said, and the articles that mention them. The entity id is the
 * rest of the path (/actors/person/kim-jong-un); each list's page is in the URL.
 */
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi, type ArticleSummary, type EntityDetail, type Page, type QuoteHit, type StoredEvent } from '../api.js';
import { Pager } from '../components/Pager.js';
import { Status } from '../components/Status.js';
import { cameoName, ENTITY_LABEL_NAMES, eventPath, formatGoldstein, QUAD_CLASS_NAMES, spanPath } from '../reader/coding.js';
import './reader.css';

const PER_PAGE = 20;

export function ActorPage() {
  const { '*': splat = '' } = useParams();
  const entity = splat.replace(/\/+$/, '');
  const [params, setParams] = useSearchParams();
  const detail = useApi<EntityDetail>(entity ? `/api/entities/${encodeURIComponent(entity)}` : null);
  const offsetOf = (key: string) => Math.max(0, Number(params.get(key)) || 0);
  const setOffset = (key: string) => (offset: number) => {
    const next = new URLSearchParams(params);
    if (offset === 0) next.delete(key);
    else next.set(key, String(offset));
    setParams(next, { preventScrollReset: true });
  };

  if (!entity) return <p className="status error">No actor given: choose one on the <Link to="/actors">Actors</Link> page.</p>;
  const actor = detail.data;
  const mainCode = actor?.codes[0]?.code;
  return (
    <>
      <p className="muted">
        <Link to="/actors">Actors</Link> / <code>{entity}</code>
      </p>
      <h1>{actor?.name ?? entity}</h1>
      <Status loading={detail.loading} error={detail.error} what="the actor" />
      {actor ? (
        <>
          <p className="actor-summary">
            <span>
              {actor.label} ({ENTITY_LABEL_NAMES[actor.label] ?? actor.label})
            </span>
            <span>
              {actor.mentions} mentions in {actor.articles} {actor.articles === 1 ? 'article' : 'articles'}
            </span>
            {mainCode ? <Link to={`/dyads?source=${encodeURIComponent(mainCode)}`}>Dyads with {mainCode} as source</Link> : null}
          </p>
          <div className="actor-sections">
            <NamesSection names={actor.names} />
            <CodesSection codes={actor.codes} />
          </div>
        </>
      ) : null}
      {detail.error ? null : (
        <>
          <EventsSection entity={entity} offset={offsetOf('events')} onPage={setOffset('events')} />
          <div className="actor-sections">
            <QuotesSection entity={entity} offset={offsetOf('quotes')} onPage={setOffset('quotes')} />
            <ArticlesSection entity={entity} offset={offsetOf('articles')} onPage={setOffset('articles')} />
          </div>
        </>
      )}
    </>
  );
}

function NamesSection({ names }: { names: EntityDetail['names'] }) {
  return (
    <section aria-labelledby="names-heading">
      <h2 id="names-heading">How outlets name them</h2>
      {names.length === 0 ? (
        <p className="muted">No wording recorded.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Wording</th>
                <th scope="col">Form</th>
                <th scope="col">Times</th>
                <th scope="col">Outlets</th>
              </tr>
            </thead>
            <tbody>
              {names.map((name) => (
                <tr key={`${name.text}|${name.form}`}>
                  <td>“{name.text}”</td>
                  <td>{name.form}</td>
                  <td>{name.count}</td>
                  <td className="outlet-list">{name.outlets.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CodesSection({ codes }: { codes: EntityDetail['codes'] }) {
  return (
    <section aria-labelledby="codes-heading">
      <h2 id="codes-heading">CAMEO actor codes</h2>
      {codes.length === 0 ? (
        <p className="muted">No event was coded with this actor.</p>
      ) : (
        <>
          <p className="muted">The codes their events were coded with; each opens the dyads it is the source of.</p>
          <ul className="actor-codes">
            {codes.map(({ code, events }) => (
              <li key={code}>
                <Link className="button" to={`/dyads?source=${encodeURIComponent(code)}`}>
                  <code>{code}</code> <span className="muted">({events} {events === 1 ? 'event' : 'events'})</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

interface ListSectionProps {
  entity: string;
  offset: number;
  onPage: (offset: number) => void;
}

function EventsSection({ entity, offset, onPage }: ListSectionProps) {
  const { data, error, loading } = useApi<Page<StoredEvent>>('/api/events', { entity, limit: PER_PAGE, offset });
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      <Status loading={loading} error={error} what="events" />
      {data && data.items.length === 0 ? <p className="muted">No event was coded with them as source or target.</p> : null}
      {data && data.items.length > 0 ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Who → whom</th>
                <th scope="col">Event</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => {
                const { event } = item;
                return (
                  <tr key={`${item.id}-${item.spanId}`}>
                    <td className="nowrap">{event.date ?? '—'}</td>
                    <td>
                      {event.source.text ?? event.source.code ?? '—'} <code className="muted">{event.source.code ?? '—'}</code> →{' '}
                      {event.target.text ?? event.target.code ?? '—'} <code className="muted">{event.target.code ?? '—'}</code>
                    </td>
                    <td>
                      <Link to={eventPath(item.id, item.spanId)} title={item.sentence}>
                        {event.code} {cameoName(event.code) ?? ''}
                      </Link>
                      <br />
                      <span className={`quad-${event.quadClass}`}>
                        {QUAD_CLASS_NAMES[event.quadClass]}, Goldstein {formatGoldstein(event.goldstein)}
                      </span>
                      <span className="muted"> · {item.outlet ?? 'unknown outlet'}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {data ? <Pager offset={offset} limit={PER_PAGE} count={data.items.length} onChange={onPage} /> : null}
    </section>
  );
}

function QuotesSection({ entity, offset, onPage }: ListSectionProps) {
  const { data, error, loading } = useApi<Page<QuoteHit>>('/api/quotes', { entity, limit: PER_PAGE, offset });
  return (
    <section aria-labelledby="quotes-heading">
      <h2 id="quotes-heading">What they said</h2>
      <Status loading={loading} error={error} what="quotes" />
      {data && data.items.length === 0 ? <p className="muted">No quote or reported speech is attributed to them.</p> : null}
      {data && data.items.length > 0 ? (
        <ul className="plain">
          {data.items.map((quote) => (
            <li key={`${quote.id}-${quote.spanId}`}>
              <blockquote className="actor-quote">“{quote.content}”</blockquote>
              <span className="muted">
                {quote.kind} · via {quote.chain.join(' → ')} ·{' '}
              </span>
              <Link to={spanPath(quote.id, quote.spanId)}>{quote.title ?? 'Untitled article'}</Link>
              {quote.published ? <span className="muted"> ({quote.published})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {data ? <Pager offset={offset} limit={PER_PAGE} count={data.items.length} onChange={onPage} /> : null}
    </section>
  );
}

function ArticlesSection({ entity, offset, onPage }: ListSectionProps) {
  const { data, error, loading } = useApi<Page<ArticleSummary>>(`/api/entities/${encodeURIComponent(entity)}/articles`, { limit: PER_PAGE, offset });
  return (
    <section aria-labelledby="articles-heading">
      <h2 id="articles-heading">Articles mentioning them</h2>
      <Status loading={loading} error={error} what="articles" />
      {data && data.items.length > 0 ? (
        <ul className="plain">
          {data.items.map((article) => (
            <li key={article.id}>
              <Link to={`/articles/${encodeURIComponent(article.id)}?entity=${encodeURIComponent(entity)}`}>{article.title ?? 'Untitled article'}</Link>
              <br />
              <span className="muted">
                {article.outlet ?? 'unknown outlet'} · {article.published ?? 'date unknown'}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {data ? <Pager offset={offset} limit={PER_PAGE} count={data.items.length} onChange={onPage} /> : null}
    </section>
  );
}
