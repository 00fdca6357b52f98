/**
 * A story's outlets side by side: one column per outlet listing the happenings it reports and the statements it
 * carries, each marked when only some outlets have it, and what the others report that it leaves out.
 */
import { Link } from 'react-router';
import type { OutletComparison } from '../api.js';
import { describeMergedEvent, evidenceHref, formatDate, listNames, plural } from './format.js';

type EventCoverage = OutletComparison['events'][number];
type QuoteCoverage = OutletComparison['quotes'][number];

export function OutletColumns({ comparison, names }: { comparison: OutletComparison; names: Map<string, string> }) {
  const eventsById = new Map(comparison.events.map((e) => [e.event.id, e]));
  const quotesById = new Map(comparison.quotes.map((q) => [q.id, q]));
  const total = comparison.outlets.length;
  return (
    <div className="outlet-columns" role="region" aria-label="Outlet columns" tabIndex={0}>
      {comparison.outlets.map((outlet) => {
        const name = names.get(outlet.id) ?? outlet.id;
        const headingId = `outlet-${outlet.id.replace(/[^a-z0-9]+/gi, '-')}`;
        const reported = outlet.events.reported.flatMap((id) => eventsById.get(id) ?? []);
        const carried = outlet.quotes.carried.flatMap((id) => quotesById.get(id) ?? []);
        const missingEvents = outlet.events.missing.flatMap((id) => eventsById.get(id) ?? []);
        const missingQuotes = outlet.quotes.missing.flatMap((id) => quotesById.get(id) ?? []);
        return (
          <section key={outlet.id} className="outlet-column panel" aria-labelledby={headingId}>
            <h3 id={headingId}>{name}</h3>
            <p className="small-print">
              {outlet.articles.map((article, i) => (
                <span key={article}>
                  {i > 0 && ', '}
                  <Link to={evidenceHref(article)}>{outlet.articles.length === 1 ? 'Read its article' : `article ${i + 1}`}</Link>
                </span>
              ))}
            </p>

            <h4>Reports {plural(reported.length, 'event')}</h4>
            {reported.length === 0 ? (
              <p className="muted small-print">No coded events.</p>
            ) : (
              <ul className="plain coverage-list">
                {reported.map((coverage) => (
                  <EventItem key={coverage.event.id} coverage={coverage} outlet={outlet.id} names={names} total={total} />
                ))}
              </ul>
            )}

            <h4>Carries {plural(carried.length, 'quote')}</h4>
            {carried.length === 0 ? (
              <p className="muted small-print">No statements.</p>
            ) : (
              <ul className="plain coverage-list">
                {carried.map((quote) => (
                  <QuoteItem key={quote.id} quote={quote} outlet={outlet.id} names={names} total={total} />
                ))}
              </ul>
            )}

            {missingEvents.length + missingQuotes.length > 0 && (
              <details className="left-out">
                <summary>
                  Missing here: {plural(missingEvents.length, 'event')}, {plural(missingQuotes.length, 'quote')}
                </summary>
                <ul className="plain coverage-list">
                  {missingEvents.map((coverage) => (
                    <li key={coverage.event.id}>
                      <span className={`quad-${coverage.event.quadClass}`}>{describeMergedEvent(coverage.event)}</span>
                      <div className="small-print muted">reported by {listNames(coverage.reportedBy.map((id) => names.get(id) ?? id))}</div>
                    </li>
                  ))}
                  {missingQuotes.map((quote) => (
                    <li key={quote.id}>
                      <span>
                        {quote.speaker.name ?? 'Unnamed speaker'}: “{quote.text}”
                      </span>
                      <div className="small-print muted">carried by {listNames(quote.reportedBy.map((id) => names.get(id) ?? id))}</div>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** "Only in Granite Standard", or the outlets that left it out; nothing when every outlet has it. */
function CoverageMark({ reportedBy, missingFrom, names, total }: { reportedBy: string[]; missingFrom: string[]; names: Map<string, string>; total: number }) {
  if (missingFrom.length === 0 || total < 2) return null;
  if (reportedBy.length === 1) return <span className="coverage-mark only">Only in {names.get(reportedBy[0]!) ?? reportedBy[0]}</span>;
  return <span className="coverage-mark partial">Missing from {listNames(missingFrom.map((id) => names.get(id) ?? id))}</span>;
}

function EventItem({ coverage, outlet, names, total }: { coverage: EventCoverage; outlet: string; names: Map<string, string>; total: number }) {
  const { event } = coverage;
  const mention = event.mentions.find((m) => m.outlet.id === outlet) ?? event.mentions[0];
  return (
    <li>
      <div className={`quad-${event.quadClass} event-summary`}>{describeMergedEvent(event)}</div>
      <div className="small-print muted">{event.date ? formatDate(event.date) : 'undated'}</div>
      {mention && (
        <blockquote className="story-evidence">
          <Link to={evidenceHref(mention.article, mention.spanId, 'event')}>{mention.sentence.text}</Link>
        </blockquote>
      )}
      <CoverageMark reportedBy={coverage.reportedBy} missingFrom={coverage.missingFrom} names={names} total={total} />
    </li>
  );
}

function QuoteItem({ quote, outlet, names, total }: { quote: QuoteCoverage; outlet: string; names: Map<string, string>; total: number }) {
  const instance = quote.instances.find((i) => i.outlet.id === outlet) ?? quote.instances[0];
  // This outlet's words for the speaker where they resolve to someone, else whom the outlets agree it was ("he" says little).
  const speaker = (instance?.speaker.entity ? instance.speaker.name : null) ?? quote.speaker.name ?? instance?.speaker.name ?? 'Unnamed speaker';
  return (
    <li>
      <div className="small-print">{speaker}:</div>
      <blockquote className="story-evidence">
        {instance ? <Link to={evidenceHref(instance.article, instance.spanId)}>“{instance.content}”</Link> : `“${quote.text}”`}
      </blockquote>
      <CoverageMark reportedBy={quote.reportedBy} missingFrom={quote.missingFrom} names={names} total={total} />
    </li>
  );
}
