/**
 * Search (`/`): full-text search over articles, or over what was said and who said it, with facets that narrow
 * the results. Everything the search depends on (query, mode, filters, page) lives in the URL.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi, type ApiError, type CorpusStats, type EntitySummary, type Page, type QuoteHit, type SearchHit } from '../api.js';
import { Pager } from '../components/Pager.js';
import { Status } from '../components/Status.js';
import { Highlighted } from '../search/Highlighted.js';
import { filterChips, filtersOf, monthName, type FacetValue, type FilterKey, type SearchFacets, type SearchFilters } from '../search/filters.js';
import './search.css';

const PAGE_SIZE = 20;
/** Where styles.css stops stacking the sidebar above the content. */
const WIDE_SCREEN = '(min-width: 761px)';
const wideScreen = () => window.matchMedia(WIDE_SCREEN).matches;

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q')?.trim() ?? '';
  const quotes = params.get('quotes') === 'true';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const filters = filtersOf(params);

  /** Changes some URL parameters (undefined removes one) and goes back to the first page. */
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };

  return (
    <div className="search-page">
      <h1>{quotes ? 'Search quotes' : 'Search articles'}</h1>
      <SearchForm query={query} quotes={quotes} onSearch={(q, asQuotes) => update({ q, quotes: asQuotes ? 'true' : undefined })} />
      {query === '' ? (
        <CorpusOverview />
      ) : quotes ? (
        <QuoteResults query={query} filters={filters} offset={offset} onFilter={update} />
      ) : (
        <ArticleResults query={query} filters={filters} offset={offset} onFilter={update} />
      )}
    </div>
  );
}

function SearchForm({ query, quotes, onSearch }: { query: string; quotes: boolean; onSearch: (query: string, quotes: boolean) => void }) {
  const [draft, setDraft] = useState(query);
  const [asQuotes, setAsQuotes] = useState(quotes);
  const hintId = useId();
  // The URL wins when it changes from outside the form (a link, back and forward).
  useEffect(() => setDraft(query), [query]);
  useEffect(() => setAsQuotes(quotes), [quotes]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim(), asQuotes);
  };
  return (
    <form role="search" className="search-form" onSubmit={submit}>
      <div className="search-row">
        <label className="search-box">
          {asQuotes ? 'Search what was said and who said it' : 'Search headlines and article text'}
          <input type="search" name="q" value={draft} onChange={(event) => setDraft(event.target.value)} aria-describedby={hintId} autoComplete="off" />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <label className="quotes-toggle">
        <input type="checkbox" checked={asQuotes} onChange={(event) => setAsQuotes(event.target.checked)} />
        Search quotes
      </label>
      <p id={hintId} className="muted search-hint">
        Words match in any order; <code>"exact phrase"</code>, <code>prefix*</code>, <code>AND</code>, <code>OR</code>, <code>NOT</code> and
        parentheses combine them.
      </p>
    </form>
  );
}

type FilterUpdate = (changes: Record<string, string | undefined>) => void;

function ArticleResults({ query, filters, offset, onFilter }: { query: string; filters: SearchFilters; offset: number; onFilter: FilterUpdate }) {
  const hits = useApi<Page<SearchHit>>('/api/search', { q: query, ...filters, limit: PAGE_SIZE, offset });
  const facets = useApi<SearchFacets>('/api/search/facets', { q: query, ...filters });
  const items = hits.data?.items ?? [];
  return (
    <div className="layout-sidebar search-layout">
      {/* A query the server refuses is refused once, beside the results, not again in the sidebar. */}
      {hits.error ? <div /> : <FacetSidebar facets={facets.data} loading={facets.loading} error={facets.error} filters={filters} onFilter={onFilter} />}
      <section aria-labelledby="results-heading" className="search-results">
        <h2 id="results-heading">Results</h2>
        <FilterChips filters={filters} facets={facets.data} onFilter={onFilter} />
        <p className="result-count" role="status" aria-live="polite">
          {hits.loading ? '' : facets.data ? `${facets.data.total.toLocaleString('en')} matching ${facets.data.total === 1 ? 'article' : 'articles'}` : items.length > 0 ? `${items.length} shown` : ''}
        </p>
        <Status loading={hits.loading} error={hits.error} what="results" />
        {hits.data && items.length === 0 && offset === 0 ? <p>No article matches {`“${query}”`} with these filters.</p> : null}
        <ol className="hits" start={offset + 1} aria-label="Search results">
          {items.map((hit) => (
            <li key={hit.id} className="hit">
              <h3>
                <Link to={`/articles/${hit.id}`}>{hit.title ?? 'Untitled article'}</Link>
              </h3>
              <p className="hit-meta muted">
                <span className="hit-outlet">{hit.outlet ?? 'Unknown outlet'}</span>
                {' · '}
                <span className="hit-date">{hit.published ?? 'undated'}</span>
              </p>
              <p className="snippet">
                <Highlighted snippet={hit.snippet} />
              </p>
            </li>
          ))}
        </ol>
        {hits.data ? <Pager offset={offset} limit={PAGE_SIZE} count={items.length} onChange={(next) => onFilter({ offset: next === 0 ? undefined : String(next) })} /> : null}
      </section>
    </div>
  );
}

function QuoteResults({ query, filters, offset, onFilter }: { query: string; filters: SearchFilters; offset: number; onFilter: FilterUpdate }) {
  // Quote search narrows by outlet only; the other filters stay in the URL for when articles are searched again.
  const hits = useApi<Page<QuoteHit>>('/api/search', { q: query, quotes: 'true', outlet: filters.outlet, limit: PAGE_SIZE, offset });
  const items = hits.data?.items ?? [];
  const articleOnly = Object.keys(filters).filter((key) => key !== 'outlet');
  return (
    <section aria-labelledby="results-heading" className="search-results">
      <h2 id="results-heading">Quotes</h2>
      <FilterChips filters={filters.outlet ? { outlet: filters.outlet } : {}} facets={undefined} onFilter={onFilter} />
      {articleOnly.length > 0 ? <p className="muted">Quote search filters by outlet only; the other filters apply when you search articles.</p> : null}
      <Status loading={hits.loading} error={hits.error} what="quotes" />
      {hits.data && items.length === 0 && offset === 0 ? <p>Nobody is quoted saying {`“${query}”`}, and no speaker by that name.</p> : null}
      <ol className="hits quotes" start={offset + 1} aria-label="Quotes found">
        {items.map((hit) => (
          <li key={`${hit.id}:${hit.spanId}`} className="hit quote-hit">
            <p className="speaker">
              {hit.speakerEntity ? <Link to={`/actors/${hit.speakerEntity}`}>{hit.speaker}</Link> : <strong>{hit.speaker}</strong>}
              {' '}
              <span className="badge">{hit.kind}</span>
            </p>
            <blockquote className="snippet">
              <Highlighted snippet={hit.snippet} />
            </blockquote>
            {hit.chain.length > 0 ? (
              <p className="chain muted">
                <span className="visually-hidden">Reported through: </span>
                {hit.chain.join(' → ')}
              </p>
            ) : null}
            <p className="hit-meta muted">
              <Link to={`/articles/${hit.id}?quote=${hit.spanId}`}>{hit.title ?? 'Untitled article'}</Link>
              {' · '}
              <span className="hit-outlet">{hit.outlet ?? 'Unknown outlet'}</span>
              {' · '}
              <span>{hit.published ?? 'undated'}</span>
            </p>
          </li>
        ))}
      </ol>
      {hits.data ? <Pager offset={offset} limit={PAGE_SIZE} count={items.length} onChange={(next) => onFilter({ offset: next === 0 ? undefined : String(next) })} /> : null}
    </section>
  );
}

function FilterChips({ filters, facets, onFilter }: { filters: SearchFilters; facets: SearchFacets | undefined; onFilter: FilterUpdate }) {
  const chips = filterChips(filters, facets);
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.label} className="chip">
          <span>{chip.label}</span>
          <button type="button" aria-label={`Remove filter ${chip.label}`} onClick={() => onFilter(Object.fromEntries(chip.keys.map((key) => [key, undefined])))}>
            ×
          </button>
        </li>
      ))}
      {chips.length > 1 ? (
        <li>
          <button type="button" className="link-button" onClick={() => onFilter(Object.fromEntries(chips.flatMap((chip) => chip.keys).map((key) => [key, undefined])))}>
            Clear all
          </button>
        </li>
      ) : null}
    </ul>
  );
}

interface FacetGroup {
  title: string;
  values: FacetValue[];
  /** The URL parameters a value sets. */
  apply: (value: string) => Partial<Record<FilterKey, string>>;
  active: (value: string) => boolean;
  label: (item: FacetValue) => string;
}

function FacetSidebar({
  facets,
  loading,
  error,
  filters,
  onFilter,
}: {
  facets: SearchFacets | undefined;
  loading: boolean;
  error: ApiError | undefined;
  filters: SearchFilters;
  onFilter: FilterUpdate;
}) {
  const [open, setOpen] = useState(wideScreen);
  // On a phone the facets start folded, so the results are in sight; a wider window unfolds them.
  useEffect(() => {
    const query = window.matchMedia(WIDE_SCREEN);
    const follow = () => setOpen(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const groups: FacetGroup[] = facets
    ? [
        { title: 'Outlets', values: facets.outlets, apply: (outlet) => ({ outlet }), active: (value) => filters.outlet === value, label: (item) => item.value },
        {
          title: 'Months',
          values: facets.months,
          apply: (month) => ({ from: month, to: month }),
          active: (value) => filters.from === value && filters.to === value,
          label: (item) => monthName(item.value),
        },
        { title: 'People and organisations', values: facets.entities, apply: (entity) => ({ entity }), active: (value) => filters.entity === value, label: (item) => item.label ?? item.value },
        {
          title: 'Event types (CAMEO)',
          values: facets.eventRoots,
          apply: (code) => ({ code }),
          active: (value) => filters.code === value,
          label: (item) => `${item.value} ${item.label ?? ''}`.trim(),
        },
        { title: 'Event categories (PLOVER)', values: facets.plover, apply: (plover) => ({ plover }), active: (value) => filters.plover === value, label: (item) => item.value },
      ]
    : [];
  return (
    <aside className="facets" aria-label="Narrow the results">
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2>Narrow by</h2>
        </summary>
        <Status loading={loading && !facets} error={error} what="facets" />
        {groups.map((group) =>
          group.values.length === 0 ? null : (
            <section key={group.title} className="facet-group" aria-label={group.title}>
              <h3>{group.title}</h3>
              <ul className="facet-values">
                {group.values.map((item) => {
                  const active = group.active(item.value);
                  return (
                    <li key={item.value}>
                      <button
                        type="button"
                        className="facet-value"
                        aria-pressed={active}
                        onClick={() => onFilter(active ? Object.fromEntries(Object.keys(group.apply(item.value)).map((key) => [key, undefined])) : group.apply(item.value))}
                      >
                        <span className="facet-label">{group.label(item)}</span>{' '}
                        <span className="facet-count">{item.count.toLocaleString('en')}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          ),
        )}
      </details>
    </aside>
  );
}

/** With no query: what the corpus holds, and searches to start from, built from its most reported people. */
function CorpusOverview() {
  const stats = useApi<CorpusStats>('/api/stats');
  const people = useApi<Page<EntitySummary>>('/api/entities', { label: 'PER', limit: 3 });
  const names = (people.data?.items ?? []).map((person) => person.name);
  const examples: { label: string; q: string; quotes?: boolean; note: string }[] = [];
  const [first, second] = names;
  if (first) examples.push({ label: `"${first}"`, q: `"${first}"`, note: 'a phrase' });
  if (first && second) examples.push({ label: `"${first}" AND "${second}"`, q: `"${first}" AND "${second}"`, note: 'both' });
  if (first && second) examples.push({ label: `"${first}" NOT "${second}"`, q: `"${first}" NOT "${second}"`, note: 'one without the other' });
  // A prefix search from the first surname long enough to cut: "Trum*".
  const surname = names.map((name) => name.split(/\s+/).at(-1) ?? '').find((word) => /^\p{L}{5,}$/u.test(word));
  if (surname) examples.push({ label: `${surname.slice(0, 4)}*`, q: `${surname.slice(0, 4)}*`, note: 'any word that starts so' });
  if (first) examples.push({ label: `${first}, in quotes`, q: `"${first}"`, quotes: true, note: 'what was said by or about them' });
  const data = stats.data;
  return (
    <section className="corpus-overview" aria-labelledby="corpus-heading">
      <h2 id="corpus-heading">In the corpus</h2>
      <Status loading={stats.loading} error={stats.error} what="corpus statistics" />
      {data ? (
        data.articles === 0 ? (
          <p>
            No articles yet. <Link to="/ingest">Ingest some</Link> to search them.
          </p>
        ) : (
          <>
            <dl className="stats">
              <div>
                <dt>Articles</dt>
                <dd>{data.articles.toLocaleString('en')}</dd>
              </div>
              <div>
                <dt>Outlets</dt>
                <dd>{data.outlets.length.toLocaleString('en')}</dd>
              </div>
              <div>
                <dt>Published</dt>
                <dd>{data.firstPublished && data.lastPublished ? `${data.firstPublished} to ${data.lastPublished}` : 'dates unknown'}</dd>
              </div>
              <div>
                <dt>Stories</dt>
                <dd>
                  <Link to="/stories">{data.stories.toLocaleString('en')}</Link>
                </dd>
              </div>
            </dl>
            <h3>Outlets</h3>
            <ul className="outlet-list">
              {data.outlets.map((outlet) => (
                <li key={outlet.outlet}>
                  {outlet.outlet} <span className="muted">({outlet.articles.toLocaleString('en')})</span>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
      {examples.length > 0 ? (
        <>
          <h3>Try</h3>
          <ul className="examples">
            {examples.map((example) => (
              <li key={example.label}>
                <Link to={`/?${new URLSearchParams(example.quotes ? { q: example.q, quotes: 'true' } : { q: example.q }).toString()}`}>{example.label}</Link>
                <span className="muted"> — {example.note}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
