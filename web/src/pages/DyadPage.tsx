/**
 * Cooperation and conflict between two actors over time (`/dyads?source=USA&target=PRK&interval=month`): a chart
 * of events per period stacked by quad class with the mean Goldstein score, the same numbers as a table, and the
 * events of a chosen period. Everything chosen lives in the URL; without a pair the busiest one is shown.
 */
import { useEffect, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi, type Page, type StoredEvent } from '../api.js';
import { Status } from '../components/Status.js';
import { DyadChart, describePeriod, periodLabel } from '../charts/DyadChart.js';
import { formatGoldstein } from '../charts/graphLayout.js';
import { fillPeriods, periodRange } from '../charts/periods.js';
import type { ActorNetwork, DyadTimeline } from '../charts/types.js';
import { evidenceHref, formatDate, plural } from '../stories/format.js';
import './charts.css';

const EVENTS_LIMIT = 200;

export function DyadPage() {
  const [params, setParams] = useSearchParams();
  const source = (params.get('source') ?? '').trim().toUpperCase();
  const target = (params.get('target') ?? '').trim().toUpperCase();
  const directed = params.get('directed') === 'true';
  const interval = params.get('interval') === 'day' ? 'day' : 'month';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const period = params.get('period');
  const hasPair = source !== '' && target !== '';

  // No pair chosen: show the busiest edge of the network, and say so in the URL so the page can be shared.
  const network = useApi<ActorNetwork>(source === '' && target === '' ? '/api/network' : null, { level: 'country', from, to });
  useEffect(() => {
    const busiest = [...(network.data?.edges ?? [])].filter((e) => e.source !== e.target).sort((a, b) => b.events - a.events)[0];
    if (!busiest) return;
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('source', busiest.source);
        next.set('target', busiest.target);
        return next;
      },
      { replace: true },
    );
  }, [network.data, setParams]);

  const timeline = useApi<DyadTimeline>(hasPair ? '/api/dyads/timeline' : null, { source, target, directed, interval, from, to });
  const items = timeline.data ? fillPeriods(timeline.data.items, interval) : [];
  const total = items.reduce((sum, item) => sum + item.events, 0);
  const selected = items.find((item) => item.period === period) ?? null;

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    update({
      source: value('source').toUpperCase(),
      target: value('target').toUpperCase(),
      directed: value('direction') === 'directed' ? 'true' : null,
      interval: value('interval') === 'day' ? 'day' : null,
      from: value('from'),
      to: value('to'),
      period: null,
    });
  };

  const pairName = directed ? `${source} → ${target}` : `${source} ↔ ${target}`;

  return (
    <>
      <h1>Dyads{hasPair ? `: ${pairName}` : ''}</h1>
      <p className="muted">
        Cooperation and conflict between two actors over time. Codes are CAMEO actor codes or their starts: a country (USA, PRK) or a
        part of its government (USAGOV).
      </p>
      {/* Keyed on the URL so the fields show what a link or the back button chose. */}
      <form key={params.toString()} className="filters" onSubmit={onSubmit} aria-label="Choose the pair">
        <label>
          Source code
          <input type="text" name="source" defaultValue={source} size={8} autoCapitalize="characters" spellCheck={false} />
        </label>
        <label>
          Target code
          <input type="text" name="target" defaultValue={target} size={8} autoCapitalize="characters" spellCheck={false} />
        </label>
        <label>
          Direction
          <select name="direction" defaultValue={directed ? 'directed' : 'both'}>
            <option value="both">both ways</option>
            <option value="directed">source → target only</option>
          </select>
        </label>
        <label>
          Interval
          <select name="interval" defaultValue={interval}>
            <option value="month">month</option>
            <option value="day">day</option>
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
        <button type="submit" className="primary">
          Show
        </button>
        {hasPair && (
          <Link className="button" to={`?${swapped(params)}`}>
            Swap source and target
          </Link>
        )}
      </form>

      {!hasPair && (
        <>
          <Status loading={network.loading} error={network.error} what="the busiest pair" />
          {network.data && network.data.edges.length === 0 && <p className="muted">No events between two actors yet: ingest some articles first.</p>}
          {(source === '') !== (target === '') && <p className="muted">Give both a source and a target code.</p>}
        </>
      )}

      {hasPair && (
        <>
          <Status loading={timeline.loading} error={timeline.error} what="the timeline" />
          {timeline.data && (
            <section aria-labelledby="chart-heading">
              <h2 id="chart-heading">
                {plural(total, 'event')} {directed ? `from ${source} to ${target}` : `between ${source} and ${target}`}, by {interval}
              </h2>
              {items.length === 0 ? (
                <p className="muted">No events for this pair{from || to ? ' in this date range' : ''}.</p>
              ) : (
                <>
                  <p className="small-print muted">Choose a bar (or a row of the table) to list its events.</p>
                  <DyadChart
                    items={items}
                    interval={interval}
                    selected={selected?.period ?? null}
                    onSelect={(p) => update({ period: p })}
                    label={`Events per ${interval}, ${pairName}, stacked by quad class, with the mean Goldstein score`}
                  />
                  <details className="chart-table">
                    <summary>The chart as a table</summary>
                    <TimelineTable items={items} interval={interval} selected={selected?.period ?? null} onSelect={(p) => update({ period: p })} />
                  </details>
                </>
              )}
            </section>
          )}
          <div aria-live="polite">
            {selected && (
              <PeriodEvents
                key={selected.period}
                source={source}
                target={target}
                directed={directed}
                range={periodRange(selected.period, from, to)}
                heading={describePeriod(selected, interval)}
              />
            )}
          </div>
        </>
      )}
    </>
  );
}

function swapped(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.set('source', params.get('target') ?? '');
  next.set('target', params.get('source') ?? '');
  next.delete('period');
  return next.toString();
}

function TimelineTable({
  items,
  interval,
  selected,
  onSelect,
}: {
  items: ReturnType<typeof fillPeriods>;
  interval: string;
  selected: string | null;
  onSelect: (period: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{interval === 'day' ? 'Day' : 'Month'}</th>
            <th scope="col">Events</th>
            <th scope="col">Verbal cooperation</th>
            <th scope="col">Material cooperation</th>
            <th scope="col">Verbal conflict</th>
            <th scope="col">Material conflict</th>
            <th scope="col">Mean Goldstein</th>
          </tr>
        </thead>
        <tbody>
          {items
            .filter((item) => item.events > 0)
            .map((item) => (
              <tr key={item.period} className={item.period === selected ? 'selected' : undefined}>
                <th scope="row">
                  <button type="button" className="period-button" onClick={() => onSelect(item.period)} aria-pressed={item.period === selected}>
                    {periodLabel(item.period, interval)}
                  </button>
                </th>
                <td>{item.events}</td>
                {item.quadClasses.map((count, quad) => (
                  <td key={quad} className={`quad-${quad + 1}`}>
                    {count}
                  </td>
                ))}
                <td>{formatGoldstein(item.goldstein)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

/** The events of one period, both ways unless the page is directed, each linking to its sentence in the reader. */
function PeriodEvents({
  source,
  target,
  directed,
  range,
  heading,
}: {
  source: string;
  target: string;
  directed: boolean;
  range: { from: string; to: string };
  heading: string;
}) {
  const forward = useApi<Page<StoredEvent>>('/api/events', { source, target, ...range, limit: EVENTS_LIMIT });
  const reverseWanted = !directed && source !== target;
  const backward = useApi<Page<StoredEvent>>(reverseWanted ? '/api/events' : null, { source: target, target: source, ...range, limit: EVENTS_LIMIT });
  const loading = forward.loading || backward.loading;
  const error = forward.error ?? backward.error;
  // Overlapping codes (USA and USAGOV) can match one event both ways: list it once.
  const unique = new Map([...(forward.data?.items ?? []), ...(backward.data?.items ?? [])].map((e) => [`${e.id}-${e.spanId}`, e]));
  const events = [...unique.values()].sort(
    (a, b) => (a.event.date ?? '').localeCompare(b.event.date ?? '') || (a.published ?? '').localeCompare(b.published ?? '') || a.id.localeCompare(b.id) || a.spanId - b.spanId,
  );
  const truncated = (forward.data?.items.length ?? 0) >= EVENTS_LIMIT || (backward.data?.items.length ?? 0) >= EVENTS_LIMIT;
  return (
    <section aria-labelledby="period-heading" className="period-events">
      <h2 id="period-heading">{heading}</h2>
      <Status loading={loading} error={error} what="the period's events" />
      {!loading && !error && (
        <>
          {truncated && <p className="muted small-print">Showing the first {EVENTS_LIMIT} each way.</p>}
          <ul className="plain" aria-label="Events of the period">
            {events.map((stored) => (
              <li key={`${stored.id}-${stored.spanId}`}>
                <div className={`quad-${stored.event.quadClass} event-summary`}>
                  {actorText(stored.event.source)} → {stored.event.negated ? 'not ' : ''}
                  {stored.event.plover.category} ({stored.event.code}) → {actorText(stored.event.target)}
                  <span className="muted small-print"> · Goldstein {stored.event.goldstein}</span>
                </div>
                <Link to={evidenceHref(stored.id, stored.spanId, 'event')}>{stored.sentence}</Link>
                <div className="muted small-print">
                  {formatDate(stored.event.date)} · {stored.outlet ?? 'unknown outlet'}: {stored.title ?? stored.id}
                </div>
              </li>
            ))}
          </ul>
          {events.length === 0 && <p className="muted">No events listed for this period.</p>}
        </>
      )}
    </section>
  );
}

function actorText(actor: StoredEvent['event']['source']): string {
  if (!actor.code) return actor.text ?? 'someone';
  return actor.text ? `${actor.text} (${actor.code})` : actor.code;
}
