import { Connector, type ConnectArticle } from '../connect/index.js';
import { Document } from '../document/document.js';
import { analyseDocumentText } from '../language/index.js';
import type { Store, StoryDetail } from '../store/types.js';

/** A connect stage holding everything the store already knows (its duplicates and stories, replayed). */
export async function openConnector(store: Store): Promise<Connector> {
  const connector = new Connector();
  // Read before the replay: a move stored while it runs is followed at the next catch-up (a no-op if the replay
  // already read the article where the move put it).
  const lastMove = await store.lastMove();
  await connector.restoreAll(store.connections());
  connector.followedMovesThrough(lastMove);
  return connector;
}

/**
 * The connector brought in step with the store: a long-running process (the API server, a feed poller) catches
 * up with what another process (`eventwire ingest`) connected meanwhile by replaying only the connections stored
 * after the last one it replayed, and following only the moves logged after the last one it followed. When that
 * still leaves it short (another process connected articles stored earlier), or the other process moved
 * articles this one placed (a story split or absorbed) in a way it cannot follow, a new connector is restored
 * from the whole store.
 */
export async function connectorInStep(store: Store, connector: Connector): Promise<Connector> {
  const connected = await store.connectedArticles();
  if (connected === connector.articles) return connector;
  await connector.catchUp(store.connections({ afterSeq: connector.restoredThrough }));
  if ((await store.connectedArticles()) !== connector.articles) return openConnector(store);
  // Only the articles moved since the last look (the store logs each move), placements without views: moves
  // the other process made are followed in place while the stories involved still keep their members.
  for await (const placed of store.placements({ movedAfter: connector.movesFollowed })) {
    if (!connector.relocate(placed.id, placed.story, placed.storyline)) return openConnector(store);
    connector.followedMovesThrough(placed.movedSeq!);
  }
  return connector;
}

/**
 * Connects articles stored before the connect stage existed, in storage order: their views are read again from
 * the stored text and spans (tokens only; entities and times are the stored spans). Returns how many.
 */
export async function connectStoredArticles(store: Store, connector: Connector, onArticle?: (done: number) => void): Promise<number> {
  // Collected first: the store is written while connecting, and its pages are read by position.
  const pending: string[] = [];
  for await (const id of store.unconnected()) pending.push(id);
  let done = 0;
  for (const id of pending) {
    const article = await store.get(id);
    if (!article) continue;
    const doc = Document.fromData(article.doc);
    const text = doc.spansOf('sentence').length > 0 ? analyseDocumentText(doc) : undefined;
    await store.saveConnection(id, connector.connect(doc, text, article.body));
    done++;
    onArticle?.(done);
  }
  return done;
}

/** A story's articles as the connect analyses read them: current versions, copies left out (counted once). */
export async function storyArticles(store: Store, story: StoryDetail): Promise<ConnectArticle[]> {
  const out: ConnectArticle[] = [];
  for (const a of story.articlesInStory) {
    if (a.duplicateOf) continue;
    const stored = await store.get(a.id);
    if (stored) out.push({ id: stored.id, outlet: stored.outlet, published: stored.published, doc: stored.doc });
  }
  return out;
}

/** A story with its articles as the connect analyses read them; undefined when there is no such story. */
export async function loadStory(store: Store, id: number): Promise<{ story: StoryDetail; articles: ConnectArticle[] } | undefined> {
  const story = await store.story(id);
  return story && { story, articles: await storyArticles(store, story) };
}

/**
 * Every current article as the citation graph reads it: only attributions and nationality words are kept, the
 * rest of each document is left behind, so the whole corpus fits in memory.
 */
export async function citationArticles(store: Store): Promise<ConnectArticle[]> {
  const articles: ConnectArticle[] = [];
  for await (const a of store.exportAll()) {
    const spans = a.doc.spans.filter((s) => s.type === 'attribution' || (s.type === 'mention' && s.form === 'demonym'));
    articles.push({ id: a.id, outlet: a.outlet, published: a.published, doc: { ...a.doc, text: '', spans } });
  }
  return articles;
}
