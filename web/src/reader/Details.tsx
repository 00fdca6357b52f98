/**
 * What was coded from a span, as the side panel of the reader shows it: an entity mention, a time expression,
 * a quote with its chain of outlets, or an event with its actors, codes and evidence.
 */
import { Link } from 'react-router';
import { actorPath, cameoName, dateSourceName, ENTITY_LABEL_NAMES, formatGoldstein, isCorpusEntity, QUAD_CLASS_NAMES } from './coding.js';
import { textOf, type AttributionSpan, type EntityGroup, type EventSpan, type MentionSpan, type ReaderDocument, type TimexSpan } from './model.js';
import type { Selection } from './selection.js';

interface CardProps {
  doc: ReaderDocument;
  onSelect: (selection: Selection) => void;
}

/** An entity's name, linked to its actor page when the store knows it across articles. */
export function EntityLink({ entity, name }: { entity: string | undefined; name: string }) {
  return isCorpusEntity(entity) ? <Link to={actorPath(entity)}>{name}</Link> : <>{name}</>;
}

/** The words an event's actor was coded from, or its canonical name where the text has none. */
export function actorName(doc: ReaderDocument | undefined, actor: EventSpan['event']['source']): string {
  const canonical = actor.entity ? doc?.mentions.find((m) => m.entity === actor.entity)?.name : undefined;
  return canonical ?? actor.text ?? actor.code ?? 'unknown';
}

/** "Kim Jong Un → Donald Trump: 036 Express intent to meet or negotiate" for lists and announcements. */
export function eventTitle(doc: ReaderDocument | undefined, event: EventSpan['event']): string {
  return `${actorName(doc, event.source)} → ${actorName(doc, event.target)}: ${event.code} ${cameoName(event.code) ?? ''}`.trim();
}

function Actor({ doc, actor, role }: { doc: ReaderDocument; actor: EventSpan['event']['source']; role: string }) {
  return (
    <>
      <dt>{role}</dt>
      <dd>
        <EntityLink entity={actor.entity} name={actorName(doc, actor)} /> <code className="badge">{actor.code ?? '—'}</code>
        {actor.text && actor.text !== actorName(doc, actor) ? <span className="muted"> (as “{actor.text}”)</span> : null}
      </dd>
    </>
  );
}

/** The evidence sentence with its trigger words emphasised. */
function Evidence({ doc, event }: { doc: ReaderDocument; event: EventSpan['event'] }) {
  const { sentence, trigger } = event.evidence;
  const cuts = [...trigger].filter((t) => t.start >= sentence.start && t.end <= sentence.end).sort((a, b) => a.start - b.start);
  const parts = [];
  let at = sentence.start;
  for (const t of cuts) {
    if (t.start < at) continue;
    parts.push(doc.text.slice(at, t.start));
    parts.push(<strong key={t.start}>{doc.text.slice(t.start, t.end)}</strong>);
    at = t.end;
  }
  parts.push(doc.text.slice(at, sentence.end));
  return <blockquote className="evidence">{parts}</blockquote>;
}

export function EventCard({ doc, span, onSelect }: CardProps & { span: EventSpan }) {
  const { event } = span;
  const name = cameoName(event.code);
  const dyad = new URLSearchParams();
  if (event.source.code) dyad.set('source', event.source.code);
  if (event.target.code) dyad.set('target', event.target.code);
  return (
    <article className="card" aria-labelledby={`card-${span.id}`}>
      <h3 id={`card-${span.id}`}>
        Event: {actorName(doc, event.source)} → {actorName(doc, event.target)}
      </h3>
      <dl className="facts">
        <Actor doc={doc} actor={event.source} role="Source" />
        <Actor doc={doc} actor={event.target} role="Target" />
        <dt>CAMEO</dt>
        <dd>
          <code>{event.code}</code> {name ?? <span className="muted">(not in the codebook)</span>}
        </dd>
        <dt>PLOVER</dt>
        <dd>
          {event.plover.category}
          {event.plover.mode ? ` (${event.plover.mode})` : ''}
        </dd>
        <dt>Quad class</dt>
        <dd className={`quad-${event.quadClass}`}>
          {event.quadClass} {QUAD_CLASS_NAMES[event.quadClass]}
        </dd>
        <dt>Goldstein</dt>
        <dd>{formatGoldstein(event.goldstein)}</dd>
        <dt>Date</dt>
        <dd>
          {event.date ?? '—'} <span className="muted">({dateSourceName(event.dateSource)})</span>
        </dd>
        {event.location ? (
          <>
            <dt>Place</dt>
            <dd>{event.location.name}</dd>
          </>
        ) : null}
        <dt>Negated</dt>
        <dd>{event.negated ? 'yes: the text says it did not happen' : 'no'}</dd>
        <dt>Modality</dt>
        <dd>{event.modality}</dd>
        {event.attribution ? (
          <>
            <dt>Reported by</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => onSelect({ kind: 'spans', ids: [event.attribution!.span] })}>
                {event.attribution.chain.map((link) => link.name).join(' → ')}
              </button>
            </dd>
          </>
        ) : null}
        <dt>Confidence</dt>
        <dd>
          {Math.round(event.confidence * 100)}% <span className="muted">({event.rule.split('/').pop()})</span>
        </dd>
      </dl>
      <p className="card-label">Evidence sentence</p>
      <Evidence doc={doc} event={event} />
      {dyad.size > 0 ? (
        <p>
          <Link to={`/dyads?${dyad.toString()}`}>
            Events between {event.source.code ?? '—'} and {event.target.code ?? '—'}
          </Link>
        </p>
      ) : null}
    </article>
  );
}

const QUOTE_KINDS: Record<string, string> = {
  direct: 'direct: quoted word for word',
  indirect: "indirect: reported in the writer's words",
  mixed: 'mixed: partly quoted',
};

/** Speaker → venue → outlets → this outlet, each link an entity where one is known. */
export function Chain({ chain }: { chain: AttributionSpan['chain'] }) {
  return (
    <ol className="chain" aria-label="How the statement reached this outlet">
      {chain.map((link, i) => (
        <li key={i}>
          <EntityLink entity={link.entity} name={link.name} /> <span className="muted">({link.role === 'publisher' ? 'this outlet' : link.role})</span>
        </li>
      ))}
    </ol>
  );
}

export function QuoteCard({ doc, span, onSelect }: CardProps & { span: AttributionSpan }) {
  const reportedEvents = doc.events.filter((e) => e.event.attribution?.span === span.id);
  return (
    <article className="card" aria-labelledby={`card-${span.id}`}>
      <h3 id={`card-${span.id}`}>Quote</h3>
      <dl className="facts">
        <dt>Speaker</dt>
        <dd>{span.speaker ? <EntityLink entity={span.speaker.entity} name={span.speaker.name} /> : textOf(doc.text, span.source) || 'unnamed'}</dd>
        <dt>Kind</dt>
        <dd>{QUOTE_KINDS[span.kind] ?? span.kind}</dd>
        <dt>Cue</dt>
        <dd>{textOf(doc.text, span.cue) || '—'}</dd>
        <dt>Chain</dt>
        <dd>
          <Chain chain={span.chain} />
        </dd>
      </dl>
      <p className="card-label">Content</p>
      <blockquote className="evidence">{textOf(doc.text, span.content)}</blockquote>
      {reportedEvents.length > 0 ? (
        <>
          <p className="card-label">Events reported through it</p>
          <ul className="plain">
            {reportedEvents.map((e) => (
              <li key={e.id}>
                <button type="button" className="link-button" onClick={() => onSelect({ kind: 'event', id: e.id })}>
                  {eventTitle(doc, e.event)}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}

export function MentionCard({ doc, span, group, onSelect }: CardProps & { span: MentionSpan; group: EntityGroup | undefined }) {
  return (
    <article className="card" aria-labelledby={`card-${span.id}`}>
      <h3 id={`card-${span.id}`}>Entity: {span.name}</h3>
      <dl className="facts">
        <dt>Written</dt>
        <dd>“{doc.text.slice(span.start, span.end)}”</dd>
        <dt>Entity</dt>
        <dd>
          <code>{span.entity}</code>
        </dd>
        <dt>Label</dt>
        <dd>
          {span.label} ({ENTITY_LABEL_NAMES[span.label] ?? span.label})
        </dd>
        <dt>Form</dt>
        <dd>{span.form}</dd>
        <dt>Resolved by</dt>
        <dd>{span.rule}</dd>
      </dl>
      <EntityFooter group={group} onSelect={onSelect} />
    </article>
  );
}

function EntityFooter({ group, onSelect }: { group: EntityGroup | undefined; onSelect: (selection: Selection) => void }) {
  if (!group) return null;
  return (
    <>
      <p>
        {isCorpusEntity(group.entity) ? (
          <Link to={actorPath(group.entity)}>Actor page: {group.name}</Link>
        ) : (
          <span className="muted">Named only in this article: no actor page.</span>
        )}
      </p>
      <p>
        <button type="button" className="link-button" onClick={() => onSelect({ kind: 'entity', entity: group.entity })}>
          Highlight all {group.mentions.length} mentions in this article
        </button>
      </p>
    </>
  );
}

export function EntityCard({ group }: { group: EntityGroup }) {
  return (
    <article className="card" aria-labelledby="card-entity">
      <h3 id="card-entity">Entity: {group.name}</h3>
      <dl className="facts">
        <dt>Entity</dt>
        <dd>
          <code>{group.entity}</code>
        </dd>
        <dt>Label</dt>
        <dd>
          {group.label} ({ENTITY_LABEL_NAMES[group.label] ?? group.label})
        </dd>
        <dt>Mentions</dt>
        <dd>{group.mentions.length}</dd>
      </dl>
      <p className="card-label">How this article names them</p>
      <ul className="wordings">
        {group.wordings.map((w) => (
          <li key={w.text}>
            “{w.text}” <span className="muted">({w.form}, {w.count}×)</span>
          </li>
        ))}
      </ul>
      {isCorpusEntity(group.entity) ? (
        <p>
          <Link to={actorPath(group.entity)}>Actor page: {group.name}</Link>
        </p>
      ) : (
        <p className="muted">Named only in this article: no actor page.</p>
      )}
    </article>
  );
}

export function TimexCard({ doc, span }: { doc: ReaderDocument; span: TimexSpan }) {
  return (
    <article className="card" aria-labelledby={`card-${span.id}`}>
      <h3 id={`card-${span.id}`}>Time expression</h3>
      <dl className="facts">
        <dt>Written</dt>
        <dd>“{doc.text.slice(span.start, span.end)}”</dd>
        <dt>Value</dt>
        <dd>
          <code>{span.value}</code>
          {span.mod ? <span className="muted"> ({span.mod})</span> : null}
        </dd>
        <dt>Type</dt>
        <dd>{span.timexType}</dd>
        <dt>Rule</dt>
        <dd>{span.rule}</dd>
      </dl>
    </article>
  );
}
