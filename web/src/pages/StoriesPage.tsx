/**
 * Stories: the articles that report one happening, across outlets, grouped into storylines (topics). The list
 * shows when each story ran, how many articles and outlets carried it and who it is about; each opens the story.
 */
import { Link, useSearchParams } from 'react-router';
import { useApi, type Page, type StorylineSummary, type StorySummary } from '../api.js';
import { Pager } from '../components/Pager.js';
import { Status } from '../components/Status.js';
import { formatSpan, plural } from '../stories/format.js';
import './stories.css';

const STORIES_PER_PAGE = 20;
const STORYLINES_PER_PAGE = 30;

export function StoriesPage() {
  const [params, setParams] = useSearchParams();
  const storyline = params.get('storyline') ?? '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const linesOffset = Math.max(0, Number(params.get('lines')) || 0);

  const storylines = useApi<Page<StorylineSummary>>('/api/storylines', { limit: STORYLINES_PER_PAGE, offset: linesOffset });
  const stories = useApi<Page<StorySummary>>('/api/stories', { storyline, limit: STORIES_PER_PAGE, offset });
  const chosenLine = storylines.data?.items.find((line) => String(line.id) === storyline);

  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '' || value === 0) next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next);
  };
  const lineHref = (id: number | null) => {
    const next = new URLSearchParams(params);
    next.delete('offset');
    if (id === null) next.delete('storyline');
    else next.set('storyline', String(id));
    const qs = next.toString();
    return qs ? `?${qs}` : '?';
  };

  return (
    <>
      <h1>Stories</h1>
      <p className="muted">
        A story is one happening as several outlets report it; a storyline is a topic its stories share. Largest stories first.
      </p>
      <div className="layout-sidebar stories-layout">
        <nav aria-label="Storylines" className="storylines">
          <h2>Storylines</h2>
          <Status loading={storylines.loading} error={storylines.error} what="storylines" />
          <ul className="plain">
            <li>
              <Link to={lineHref(null)} aria-current={storyline === '' ? 'page' : undefined}>
                All stories
              </Link>
            </li>
            {storylines.data?.items.map((line) => (
              <li key={line.id}>
                <Link to={lineHref(line.id)} aria-current={storyline === String(line.id) ? 'page' : undefined}>
                  {line.title ?? `Storyline ${line.id}`}
                </Link>
                <div className="muted small-print">
                  {plural(line.stories, 'story', 'stories')}, {plural(line.articles, 'article')} · {formatSpan(line.first, line.last)}
                </div>
              </li>
            ))}
          </ul>
          {storylines.data && (
            <Pager offset={linesOffset} limit={STORYLINES_PER_PAGE} count={storylines.data.items.length} onChange={(next) => update({ lines: next })} />
          )}
        </nav>

        <section aria-labelledby="stories-heading">
          <h2 id="stories-heading">
            {storyline === '' ? 'All stories' : `Stories of “${chosenLine?.title ?? `storyline ${storyline}`}”`}
          </h2>
          <Status loading={stories.loading} error={stories.error} what="stories" />
          {stories.data && stories.data.items.length === 0 && <p className="muted">No stories yet: ingest some articles first.</p>}
          <ul className="plain story-list" aria-label="Stories">
            {stories.data?.items.map((story) => <StoryItem key={story.id} story={story} />)}
          </ul>
          {stories.data && <Pager offset={offset} limit={STORIES_PER_PAGE} count={stories.data.items.length} onChange={(next) => update({ offset: next })} />}
        </section>
      </div>
    </>
  );
}

function StoryItem({ story }: { story: StorySummary }) {
  return (
    <li className="story-item">
      <h3>
        <Link to={`/stories/${story.id}`}>{story.title ?? `Story ${story.id}`}</Link>
      </h3>
      <p className="story-facts">
        <time dateTime={story.first ?? undefined}>{formatSpan(story.first, story.last)}</time>
        <span>{plural(story.articles, 'article')}</span>
        {story.duplicates > 0 && <span>{plural(story.duplicates, 'copy', 'copies')}</span>}
        <span>{plural(story.outlets.length, 'outlet')}</span>
      </p>
      {story.outlets.length > 0 && (
        <p className="small-print">
          <span className="muted">Outlets: </span>
          {story.outlets.join(', ')}
        </p>
      )}
      {story.actors.length > 0 && (
        <p className="small-print actor-chips">
          <span className="muted">Key actors: </span>
          {story.actors.map((actor) => (
            <Link key={actor.entity} className="badge" to={`/actors/${actor.entity}`} title={`in ${plural(actor.articles, 'article')} of the story`}>
              {actor.name}
            </Link>
          ))}
        </p>
      )}
    </li>
  );
}
