/**
 * One story: its articles (copies linked to their originals), the happenings its articles report merged across
 * them (with GDELT's mention, article and source counts), its outlets side by side with what each reports, leaves
 * out and how each words it, and which outlet relays which.
 */
import { Link, useParams } from 'react-router';
import { useApi, type StoryDetail } from '../api.js';
import { Status } from '../components/Status.js';
import { CitationView } from '../stories/CitationView.js';
import { OutletColumns } from '../stories/OutletColumns.js';
import { WordingTables } from '../stories/WordingTables.js';
import { describeMergedEvent, evidenceHref, formatDate, formatSpan, outletNames, plural, type MergedEvent } from '../stories/format.js';
import type { CompareResponse, StoryResponse } from '../stories/types.js';
import './stories.css';

export function StoryPage() {
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const story = useApi<StoryResponse>(valid ? `/api/stories/${id}` : null);
  const compare = useApi<CompareResponse>(valid ? `/api/stories/${id}/compare` : null);

  if (!valid) {
    return (
      <>
        <h1>No such story</h1>
        <p role="alert">“{id}” is not a story number. <Link to="/stories">See all stories</Link>.</p>
      </>
    );
  }
  const detail = story.data?.story;
  const comparison = compare.data?.comparison;
  const names = comparison ? outletNames(comparison) : new Map<string, string>();

  return (
    <>
      <p className="small-print">
        <Link to="/stories">← Stories</Link>
        {detail && (
          <>
            {' · '}
            <Link to={`/stories?storyline=${detail.storyline}`}>its storyline</Link>
          </>
        )}
      </p>
      <h1>{detail?.title ?? compare.data?.story.title ?? `Story ${id}`}</h1>
      <Status loading={story.loading} error={story.error} what="the story" />
      {detail && <StoryHeader story={detail} />}

      {detail && (
        <section aria-labelledby="articles-heading">
          <h2 id="articles-heading">Articles</h2>
          <ArticleList story={detail} />
        </section>
      )}

      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading">Outlets side by side</h2>
        <Status loading={compare.loading} error={compare.error} what="the comparison of outlets" />
        {comparison && comparison.outlets.length < 2 && <p className="muted">Only one outlet reports this story, so there is nothing to compare; here is what it reports.</p>}
        {comparison && <OutletColumns comparison={comparison} names={names} />}
      </section>

      {comparison && (
        <section aria-labelledby="wording-heading">
          <h2 id="wording-heading">Wording</h2>
          <WordingTables comparison={comparison} names={names} />
        </section>
      )}

      {story.data && (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">Events across articles</h2>
          <MergedEventTable events={story.data.events} names={names} />
        </section>
      )}

      {story.data && (
        <section aria-labelledby="citations-heading">
          <h2 id="citations-heading">Who relays whom</h2>
          <CitationView graph={story.data.citations} />
        </section>
      )}
    </>
  );
}

function StoryHeader({ story }: { story: StoryDetail }) {
  return (
    <>
      <p className="story-facts">
        <span>{formatSpan(story.first, story.last)}</span>
        <span>{plural(story.articles, 'article')}</span>
        {story.duplicates > 0 && <span>{plural(story.duplicates, 'copy', 'copies')}</span>}
        <span>{plural(story.outlets.length, 'outlet')}: {story.outlets.join(', ')}</span>
      </p>
      {story.actors.length > 0 && (
        <p className="small-print actor-chips">
          <span className="muted">Key actors: </span>
          {story.actors.map((actor) => (
            <Link key={actor.entity} className="badge" to={`/actors/${actor.entity}`}>
              {actor.name}
            </Link>
          ))}
        </p>
      )}
    </>
  );
}

/** The story's articles, oldest first as the API gives them; a copy names and links the article it copies. */
function ArticleList({ story }: { story: StoryDetail }) {
  const titles = new Map(story.articlesInStory.map((a) => [a.id, a.title ?? a.id]));
  return (
    <ul className="plain story-articles" aria-label="Articles of the story">
      {story.articlesInStory.map((article) => (
        <li key={article.id} className={article.duplicateOf ? 'copy-row' : undefined}>
          <Link to={evidenceHref(article.id)}>{article.title ?? article.id}</Link>
          <div className="small-print muted">
            {article.outlet ?? 'unknown outlet'} · <time dateTime={article.published ?? undefined}>{formatDate(article.published)}</time>
          </div>
          {article.duplicateOf && (
            <div className="small-print">
              <span className="badge">copy</span> of <Link to={evidenceHref(article.duplicateOf.id)}>{titles.get(article.duplicateOf.id) ?? article.duplicateOf.id}</Link>{' '}
              <span className="muted">
                ({article.duplicateOf.kind}, {Math.round(article.duplicateOf.similarity * 100)}% alike)
              </span>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function MergedEventTable({ events, names }: { events: MergedEvent[]; names: Map<string, string> }) {
  if (events.length === 0) return <p className="muted">No events were coded in this story's articles.</p>;
  return (
    <div className="table-scroll">
      <table className="merged-events">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Event</th>
            <th scope="col" title="Sentences reporting it">
              Mentions
            </th>
            <th scope="col">Articles</th>
            <th scope="col" title="Distinct outlets">
              Sources
            </th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{formatDate(event.date)}</td>
              <td>
                <span className={`quad-${event.quadClass}`}>{describeMergedEvent(event)}</span>
                <span className="muted small-print"> Goldstein {event.goldstein}</span>
                <details className="mentions">
                  <summary>
                    Reported by {event.outlets.map((o) => names.get(o) ?? o.replace(/^outlet\//, '')).join(', ')}
                  </summary>
                  <ul className="plain">
                    {event.mentions.map((mention) => (
                      <li key={`${mention.article}-${mention.spanId}`}>
                        <span className="muted small-print">{mention.outlet.name ?? 'unknown outlet'}, {formatDate(mention.published)}: </span>
                        <Link to={evidenceHref(mention.article, mention.spanId, 'event')}>{mention.sentence.text}</Link>
                      </li>
                    ))}
                  </ul>
                </details>
              </td>
              <td>{event.numMentions}</td>
              <td>{event.numArticles}</td>
              <td>{event.numSources}</td>
              <td>{formatDate(event.firstSeen)}</td>
              <td>{formatDate(event.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
