/**
 * The words each outlet uses: for the same person or country ("North Korean dictator" against "North Korean
 * leader") and for the same act ("halt exercises" against "suspend exercises"). Rows are actors or acts, columns
 * outlets; every wording links to where the article uses it.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { OutletComparison } from '../api.js';
import { describeMergedEvent, evidenceHref, plural } from './format.js';

type Wording = OutletComparison['wording']['actors'][number]['byOutlet'][number]['forms'][number];

export function WordingTables({ comparison, names }: { comparison: OutletComparison; names: Map<string, string> }) {
  const outlets = comparison.outlets.map((o) => o.id);
  const eventsById = new Map(comparison.events.map((e) => [e.event.id, e.event]));
  const { actors, acts } = comparison.wording;
  return (
    <>
      <p className="small-print muted">
        <span className="wording-unique">Marked words</span> are used by this outlet alone. Each wording links to where the article uses it; ×n counts its uses.
      </p>
      <h3 id="actor-wording">How each outlet names the actors</h3>
      {actors.length === 0 ? (
        <p className="muted">No person or country is named by two outlets of this story.</p>
      ) : (
        <WordingTable
          labelledBy="actor-wording"
          spanKind="span"
          outlets={outlets}
          names={names}
          rowLabel="Actor"
          rows={actors.map((actor) => ({
            key: actor.entity,
            header: (
              <>
                <Link to={`/actors/${actor.entity}`}>{actor.name}</Link> <span className="muted small-print">{actor.label}</span>
              </>
            ),
            cells: new Map(actor.byOutlet.map((entry) => [entry.outlet, entry.forms])),
          }))}
        />
      )}
      <h3 id="act-wording">How each outlet words the acts</h3>
      {acts.length === 0 ? (
        <p className="muted">No event is reported by two outlets of this story.</p>
      ) : (
        <WordingTable
          labelledBy="act-wording"
          spanKind="event"
          outlets={outlets}
          names={names}
          rowLabel="Event"
          rows={acts.map((act) => {
            const event = eventsById.get(act.event);
            return {
              key: act.event,
              header: <span className={event ? `quad-${event.quadClass}` : undefined}>{event ? describeMergedEvent(event) : `CAMEO ${act.code}`}</span>,
              cells: new Map(act.byOutlet.map((entry) => [entry.outlet, entry.triggers])),
            };
          })}
        />
      )}
    </>
  );
}

interface Row {
  key: string;
  header: ReactNode;
  cells: Map<string, Wording[] | Omit<Wording, 'form'>[]>;
}

/** `spanKind`: how the reader takes the evidence's spans (mentions as `span`, event triggers as `event`). */
function WordingTable({
  labelledBy,
  spanKind,
  outlets,
  names,
  rowLabel,
  rows,
}: {
  labelledBy: string;
  spanKind: 'span' | 'event';
  outlets: string[];
  names: Map<string, string>;
  rowLabel: string;
  rows: Row[];
}) {
  return (
    <div className="table-scroll wording-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="wording-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{rowLabel}</th>
            {outlets.map((outlet) => (
              <th scope="col" key={outlet}>
                {names.get(outlet) ?? outlet}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.header}</th>
              {outlets.map((outlet) => {
                const words = row.cells.get(outlet);
                return (
                  <td key={outlet}>
                    {!words || words.length === 0 ? (
                      <span className="muted" aria-label="not mentioned">
                        —
                      </span>
                    ) : (
                      <ul className="wording-list">
                        {words.map((wording) => (
                          <li key={wording.text}>
                            <WordingLink wording={wording} spanKind={spanKind} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WordingLink({ wording, spanKind }: { wording: Omit<Wording, 'form'>; spanKind: 'span' | 'event' }) {
  const first = wording.evidence[0];
  const text = first ? (
    <Link to={evidenceHref(first.article, first.spanId, spanKind)} className={wording.onlyThisOutlet ? 'wording-unique' : undefined} title={`used ${plural(wording.count, 'time')}`}>
      {wording.text}
    </Link>
  ) : (
    <span className={wording.onlyThisOutlet ? 'wording-unique' : undefined}>{wording.text}</span>
  );
  return (
    <>
      {text}
      {wording.onlyThisOutlet && <span className="screen-reader-only"> (only this outlet)</span>}
      {wording.count > 1 && <span className="muted small-print"> ×{wording.count}</span>}
    </>
  );
}
