/**
 * The app's pages and the frame around them. Every page reads the API through `api.ts`; what a page shows of
 * an article links to the article reader, which shows the characters it came from.
 */
import { NavLink, Outlet, useRouteError, type RouteObject } from 'react-router';
import { ActorPage } from './pages/ActorPage.js';
import { ActorsPage } from './pages/ActorsPage.js';
import { ArticlePage } from './pages/ArticlePage.js';
import { DyadPage } from './pages/DyadPage.js';
import { EventsPage } from './pages/EventsPage.js';
import { IngestPage } from './pages/IngestPage.js';
import { NetworkPage } from './pages/NetworkPage.js';
import { SearchPage } from './pages/SearchPage.js';
import { StoriesPage } from './pages/StoriesPage.js';
import { StoryPage } from './pages/StoryPage.js';

const SECTIONS: { to: string; label: string }[] = [
  { to: '/', label: 'Search' },
  { to: '/stories', label: 'Stories' },
  { to: '/events', label: 'Events' },
  { to: '/actors', label: 'Actors' },
  { to: '/dyads', label: 'Dyads' },
  { to: '/network', label: 'Network' },
  { to: '/ingest', label: 'Ingest' },
];

function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          eventwire
        </NavLink>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map(({ to, label }) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function RouteError() {
  const error = useRouteError() as { status?: number; statusText?: string; message?: string };
  return (
    <>
      <header className="site-header">
        <NavLink to="/" className="brand">
          eventwire
        </NavLink>
      </header>
      <main id="main">
        <h1>{error.status === 404 ? 'No such page' : 'Something went wrong'}</h1>
        <p role="alert">{error.statusText ?? error.message ?? String(error)}</p>
      </main>
    </>
  );
}

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <SearchPage /> },
      { path: 'stories', element: <StoriesPage /> },
      { path: 'stories/:id', element: <StoryPage /> },
      { path: 'articles/:id', element: <ArticlePage /> },
      { path: 'events', element: <EventsPage /> },
      { path: 'actors', element: <ActorsPage /> },
      // Entity ids contain a slash (person/kim-jong-un): the splat takes the rest of the path.
      { path: 'actors/*', element: <ActorPage /> },
      { path: 'dyads', element: <DyadPage /> },
      { path: 'network', element: <NetworkPage /> },
      { path: 'ingest', element: <IngestPage /> },
    ],
  },
];
