/**
 * The article reader: the clean text with every layer the pipeline added over it (entities, time expressions,
 * quotes, event triggers), the removed boilerplate on request, and beside it what was coded from whatever the
 * reader selects. The selection lives in the URL (`?event=96`), so other pages link straight to one event.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi, type StoredArticle } from '../api.js';
import { Status } from '../components/Status.js';
import { ArticleText, Headline } from '../reader/ArticleText.js';
import { cameoName, ENTITY_LABEL_NAMES } from '../reader/coding.js';
import { EntityCard, eventTitle, EventCard, MentionCard, QuoteCard, TimexCard, actorName } from '../reader/Details.js';
import { entityGroups, LAYERS, readerDocument, textOf, type EntityGroup, type Layer, type ReaderDocument } from '../reader/model.js';
import { readSelection, selectionOverlays, writeSelection, type Selection } from '../reader/selection.js';
import './reader.css';

const LAYER_LABELS: Record<Layer, string> = {
  entity: 'Entities',
  time: 'Time expressions',
  quote: 'Quotes',
  event: 'Event triggers',
};

export function ArticlePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const version = params.get('version');
  const { data, error, loading } = useApi<StoredArticle>(`/api/articles/${encodeURIComponent(id)}`, { version });
  return (
    <div className="reader">
      <Status loading={loading && !data} error={error} what="the article" />
      {data ? <Reader article={data} /> : null}
    </div>
  );
}

function Reader({ article }: { article: StoredArticle }) {
  const [params, setParams] = useSearchParams();
  const doc = useMemo(() => readerDocument(article.doc), [article]);
  const groups = useMemo(() => entityGroups(doc), [doc]);

  // Layers and the removed-text switch are copied to the URL, so a shared link shows what its sender saw; they
  // are state first because the router updates the URL a tick later, and a checkbox must change at once.
  const [hidden, setHidden] = useState(
    () => new Set((params.get('hide') ?? '').split(',').filter((l): l is Layer => (LAYERS as readonly string[]).includes(l))),
  );
  const [showRemoved, setShowRemoved] = useState(params.get('removed') === '1');
  const selection = readSelection(params);
  const selectionKey = JSON.stringify(selection ?? null);
  const overlays = useMemo(() => selectionOverlays(doc, JSON.parse(selectionKey) as Selection), [doc, selectionKey]);
  const marks = useMemo(() => doc.marks.filter((m) => !hidden.has(m.layer)), [doc, hidden]);

  const textRef = useRef<HTMLDivElement>(null);
  const detailsRef = useRef<HTMLElement>(null);
  // A selection made outside the text (the lists, a deep link) moves the reader to its place in the text.
  // The selection to bring into view once it is rendered (the URL updates a render after the request).
  const pendingFocus = useRef<string | null>(selection ? selectionKey : null);
  // Counts list selections, so that choosing the same event again still brings it back into view.
  const [focusRequests, setFocusRequests] = useState(0);
  useEffect(() => {
    if (pendingFocus.current !== selectionKey) return;
    pendingFocus.current = null;
    const target = textRef.current?.querySelector<HTMLElement>('[data-focus-target]');
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }, [selectionKey, doc, focusRequests]);

  // Functional updates: two changes before the router has applied the first must both land.
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        change(next);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const select = (next: Selection, fromText = false) => {
    pendingFocus.current = fromText ? null : JSON.stringify(next ?? null);
    if (!fromText) setFocusRequests((n) => n + 1);
    setParams((previous) => writeSelection(previous, next), { replace: true, preventScrollReset: true });
    // On a phone the details sit below the text: bring them into view.
    if (fromText && window.matchMedia('(max-width: 760px)').matches) {
      requestAnimationFrame(() => detailsRef.current?.scrollIntoView({ block: 'start' }));
    }
  };
  const selectFromText = (spanIds: number[]) => {
    const only = spanIds.length === 1 ? doc.byId.get(spanIds[0]!) : undefined;
    select(only?.type === 'event' ? { kind: 'event', id: only.id } : { kind: 'spans', ids: spanIds }, true);
  };
  const toggleLayer = (layer: Layer, on: boolean) => {
    const layers = new Set(hidden);
    if (on) layers.delete(layer);
    else layers.add(layer);
    setHidden(layers);
    update((next) => {
      if (layers.size === 0) next.delete('hide');
      else next.set('hide', [...layers].join(','));
    });
  };
  const toggleRemoved = (on: boolean) => {
    setShowRemoved(on);
    update((next) => {
      if (on) next.set('removed', '1');
      else next.delete('removed');
    });
  };

  const textProps = { doc, marks, overlays, onSelect: selectFromText };
  const counts: Record<Layer, number> = {
    entity: doc.mentions.length,
    time: doc.timexes.length,
    quote: doc.quotes.length,
    event: doc.events.length,
  };

  return (
    <div className="reader-layout">
      <article className="reader-main" aria-labelledby="article-title">
        <ArticleHeader article={article} headline={<Headline {...textProps} title={article.title} />} />
        <button type="button" className="reader-skip" onClick={() => document.getElementById('events-heading')?.focus()}>
          Skip the text to the article's events, quotes and entities
        </button>
        <fieldset className="reader-toggles">
          <legend>Highlight</legend>
          {LAYERS.map((layer) => (
            <label key={layer}>
              <input type="checkbox" checked={!hidden.has(layer)} onChange={(e) => toggleLayer(layer, e.target.checked)} />
              <span className={`swatch swatch-${layer}`} aria-hidden="true" />
              {LAYER_LABELS[layer]} <span className="muted">({counts[layer]})</span>
            </label>
          ))}
          <label>
            <input type="checkbox" checked={showRemoved} onChange={(e) => toggleRemoved(e.target.checked)} />
            <span className="swatch swatch-removed" aria-hidden="true" />
            Show removed text <span className="muted">({doc.removed.length})</span>
          </label>
        </fieldset>
        <div ref={textRef}>
          <ArticleText {...textProps} showRemoved={showRemoved} />
        </div>
      </article>
      <aside className="reader-side" aria-label="What was coded from the article">
        <section ref={detailsRef} className="panel reader-details" aria-labelledby="details-heading">
          <div className="reader-details-head">
            <h2 id="details-heading">Details</h2>
            {selection ? (
              <button type="button" onClick={() => select(undefined, true)}>
                Clear
              </button>
            ) : null}
          </div>
          <p className="reader-sr-only" aria-live="polite">
            {announce(doc, groups, selection)}
          </p>
          <SelectionDetails doc={doc} groups={groups} selection={selection} onSelect={(s) => select(s)} />
        </section>
        <div className="reader-lists">
          <EventList doc={doc} selection={selection} onSelect={(s) => select(s)} />
          <QuoteList doc={doc} selection={selection} onSelect={(s) => select(s)} />
          <EntityList groups={groups} selection={selection} onSelect={(s) => select(s)} />
        </div>
      </aside>
    </div>
  );
}

function ArticleHeader({ article, headline }: { article: StoredArticle; headline: ReactNode }) {
  const connection = article.links;
  const source = article.doc.hints.url ?? article.doc.origin.uri;
  return (
    <header className="reader-header">
      {article.outlet ? <p className="reader-outlet">{article.outlet}</p> : null}
      {/* The heading's name is the title itself, not the descriptions of the highlights inside it. */}
      <h1 id="article-title" aria-label={article.title ?? 'Untitled article'}>
        {headline}
      </h1>
      <p className="reader-meta">
        {article.author ? <span>By {article.author}</span> : null}
        {article.published ? <time dateTime={article.published}>{article.published}</time> : <span className="muted">date unknown</span>}
        {article.dateline ? <span>{article.dateline}</span> : null}
        {article.versions > 1 ? (
          <span>
            Version {article.version} of {article.versions}:{' '}
            {Array.from({ length: article.versions }, (_, i) => i + 1).map((v) =>
              v === article.version ? null : (
                <Link key={v} to={`?version=${v}`} className="reader-version">
                  version {v}
                </Link>
              ),
            )}
          </span>
        ) : null}
      </p>
      {connection?.story != null || connection?.duplicateOf ? (
        <p className="reader-meta">
          {connection.story != null ? <Link to={`/stories/${connection.story}`}>The story across outlets</Link> : null}
          {connection.duplicateOf ? (
            <span>
              A {connection.duplicateOf.kind} copy ({Math.round(connection.duplicateOf.similarity * 100)}% similar) of{' '}
              <Link to={`/articles/${encodeURIComponent(connection.duplicateOf.id)}`}>an earlier article</Link>
            </span>
          ) : null}
        </p>
      ) : null}
      <p className="reader-source muted">
        Source:{' '}
        {/^https?:\/\//.test(source) ? (
          <a href={source} rel="noreferrer noopener">
            {source}
          </a>
        ) : (
          <code>{source}</code>
        )}
      </p>
    </header>
  );
}

function announce(doc: ReaderDocument, groups: EntityGroup[], selection: Selection): string {
  if (!selection) return '';
  if (selection.kind === 'entity') return `Showing entity ${groups.find((g) => g.entity === selection.entity)?.name ?? selection.entity}`;
  const ids = selection.kind === 'event' ? [selection.id] : selection.ids;
  return `Showing ${ids
    .map((id) => doc.byId.get(id))
    .map((span) => {
      if (span?.type === 'event') return `event ${eventTitle(doc, span.event)}`;
      if (span?.type === 'mention') return `entity ${span.name}`;
      if (span?.type === 'timex') return `time ${span.value}`;
      if (span?.type === 'attribution') return 'quote';
      return 'nothing';
    })
    .join(', ')}`;
}

/** Cards for the selection, the most specific first: a name before the quote it is in, before the event. */
const CARD_ORDER = { mention: 0, timex: 1, attribution: 2, event: 3 } as Record<string, number>;

function SelectionDetails({ doc, groups, selection, onSelect }: { doc: ReaderDocument; groups: EntityGroup[]; selection: Selection; onSelect: (s: Selection) => void }) {
  if (!selection) {
    return <p className="muted">Select a highlight in the text, or an event, quote or entity below, to see what was coded from it.</p>;
  }
  if (selection.kind === 'entity') {
    const group = groups.find((g) => g.entity === selection.entity);
    return group ? <EntityCard group={group} /> : <p className="muted">This article does not mention {selection.entity}.</p>;
  }
  const ids = selection.kind === 'event' ? [selection.id] : selection.ids;
  const spans = ids.map((id) => doc.byId.get(id)).filter((s) => s !== undefined);
  if (spans.length === 0) return <p className="status error">This article has no span {ids.join(', ')}.</p>;
  spans.sort((a, b) => (CARD_ORDER[a.type] ?? 9) - (CARD_ORDER[b.type] ?? 9));
  return (
    <>
      {spans.map((span) => {
        switch (span.type) {
          case 'event':
            return <EventCard key={span.id} doc={doc} span={span} onSelect={onSelect} />;
          case 'attribution':
            return <QuoteCard key={span.id} doc={doc} span={span} onSelect={onSelect} />;
          case 'mention':
            return <MentionCard key={span.id} doc={doc} span={span} group={groups.find((g) => g.entity === span.entity)} onSelect={onSelect} />;
          case 'timex':
            return <TimexCard key={span.id} doc={doc} span={span} />;
          default:
            return (
              <p key={span.id} className="muted">
                Span {span.id} ({span.type}).
              </p>
            );
        }
      })}
    </>
  );
}

interface ListProps {
  doc: ReaderDocument;
  selection: Selection;
  onSelect: (s: Selection) => void;
}

function EventList({ doc, selection, onSelect }: ListProps) {
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading" tabIndex={-1}>
        Events ({doc.events.length})
      </h2>
      {doc.events.length === 0 ? (
        <p className="muted">No event was coded from this article.</p>
      ) : (
        <ol className="reader-list">
          {doc.events.map(({ id, event }) => (
            <li key={id}>
              <button type="button" aria-pressed={selection?.kind === 'event' && selection.id === id} onClick={() => onSelect({ kind: 'event', id })}>
                <span className="reader-list-title">
                  {actorName(doc, event.source)} → {actorName(doc, event.target)}
                </span>{' '}
                <span className={`reader-list-sub quad-${event.quadClass}`}>
                  {event.code} {cameoName(event.code) ?? ''}
                  {event.negated ? ' (negated)' : ''}
                  {event.date ? ` · ${event.date}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function QuoteList({ doc, selection, onSelect }: ListProps) {
  return (
    <section aria-labelledby="quotes-heading">
      <h2 id="quotes-heading">Quotes ({doc.quotes.length})</h2>
      {doc.quotes.length === 0 ? (
        <p className="muted">No quote or reported speech was found.</p>
      ) : (
        <ol className="reader-list">
          {doc.quotes.map((quote) => {
            const content = textOf(doc.text, quote.content);
            const selected = selection?.kind === 'spans' && selection.ids.length === 1 && selection.ids[0] === quote.id;
            return (
              <li key={quote.id}>
                <button type="button" aria-pressed={selected} onClick={() => onSelect({ kind: 'spans', ids: [quote.id] })}>
                  <span className="reader-list-title">{quote.speaker?.name ?? textOf(doc.text, quote.source)}</span>{' '}
                  <span className="reader-list-sub">
                    {quote.kind}: “{content.length > 110 ? `${content.slice(0, 110)}…` : content}”
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function EntityList({ groups, selection, onSelect }: { groups: EntityGroup[]; selection: Selection; onSelect: (s: Selection) => void }) {
  return (
    <section aria-labelledby="entities-heading">
      <h2 id="entities-heading">Entities ({groups.length})</h2>
      {groups.length === 0 ? (
        <p className="muted">No entity was found.</p>
      ) : (
        <ul className="reader-list reader-entities">
          {groups.map((group) => (
            <li key={group.entity}>
              <button
                type="button"
                aria-pressed={selection?.kind === 'entity' && selection.entity === group.entity}
                onClick={() => onSelect({ kind: 'entity', entity: group.entity })}
              >
                <span className="reader-list-title">{group.name}</span>{' '}
                <span className="reader-list-sub">
                  {ENTITY_LABEL_NAMES[group.label] ?? group.label} · {group.mentions.length} {group.mentions.length === 1 ? 'mention' : 'mentions'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
