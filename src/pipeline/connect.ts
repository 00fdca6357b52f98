import { Connector, type ConnectArticle } from '../connect/index.js';
import { Document } from '../document/document.js';
import { analyseDocumentText } from '../language/index.js';
import type { Store, StoryDetail } from '../store/types.js';

export interface OpenConnectorOptions {
  /** Start from the store's connector snapshot when it has a usable one (default true); false replays everything. */
  snapshot?: boolean;
}

/**
 * A connect stage holding everything the store already knows (its duplicates and stories). It starts from the
 * store's snapshot of the connect stage when there is one for this story model, and catches up from there with
 * what was connected and moved after it was written; otherwise, or when the catch-up cannot bring it in step,
 * it replays every stored connection. A damaged snapshot is reported as a process warning and passed over.
 */
export async function openConnector(store: Store, options: OpenConnectorOptions = {}): Promise<Connector> {
  if (options.snapshot !== false) {
    const connector = await connectorFromSnapshot(store);
    if (connector) return connector;
  }
  const connector = new Connector();
  // Read before the replay: a move stored while it runs is followed at the next catch-up (a no-op if the replay
  // already read the article where the move put it).
  const lastMove = await store.lastMove();
  await connector.restoreAll(store.connections());
  connector.followedMovesThrough(lastMove);
  return connector;
}

async function connectorFromSnapshot(store: Store): Promise<Connector | undefined> {
  const bytes = await store.connectorSnapshot();
  if (!bytes) return undefined;
  let connector: Connector | undefined;
  try {
    connector = Connector.fromSnapshot(bytes);
  } catch (error) {
    process.emitWarning(`${(error as Error).message}; replaying the stored connections instead`, 'EventwireSnapshotWarning');
    return undefined;
  }
  return connector && (await followStore(store, connector)) ? connector : undefined;
}

export interface SaveSnapshotOptions {
  /**
   * First catch up with what other processes connected meanwhile (two `eventwire ingest` runs on one store), so
   * that the last of them to finish saves a snapshot covering both. It changes the connector: only for a
   * connector about to be dropped, at the end of a run.
   */
  catchUp?: boolean;
}

/**
 * Writes the connector's snapshot to the store: the next process opens from it (see openConnector). Only a
 * connector that knows every stored connection is saved (false otherwise): its snapshot then also records how
 * far into the store it reaches, including the articles it connected itself, which it never read back.
 */
export async function saveConnectorSnapshot(store: Store, connector: Connector, options: SaveSnapshotOptions = {}): Promise<boolean> {
  let through = await store.connectionsThrough();
  if (through.articles !== connector.articles) {
    if (!options.catchUp || !(await followStore(store, connector))) return false;
    through = await store.connectionsThrough();
    // Another process is still connecting: it saves when it finishes.
    if (through.articles !== connector.articles) return false;
  }
  connector.knowsConnectionsThrough(through.lastSeq);
  connector.followedMovesThrough(through.lastMove);
  await store.saveConnectorSnapshot(connector.snapshot());
  return true;
}

/**
 * When a process writes the connector's snapshot: at the end of a run (`force`), and in a long-running process
 * whenever its connector has taken a tenth more articles (at least 1,000) since the snapshot was last written or
 * since it started. Writing is cheap beside ingesting (0.16 s for 10,000 articles, `bench/connect-restore`), and
 * a restart then replays at most about a tenth of the store.
 */
export class SnapshotSchedule {
  private savedAt: number;

  constructor(connector: Connector) {
    this.savedAt = connector.articles;
  }

  /**
   * Writes the snapshot if due; true when it wrote one. A snapshot that cannot be written costs the next start a
   * longer replay, not this run its work: the failure is a process warning, not an error. `force` is for the end
   * of a run: the connector then first catches up with what other processes connected meanwhile.
   */
  async save(store: Store, connector: Connector, options: { force?: boolean } = {}): Promise<boolean> {
    const grown = connector.articles - this.savedAt;
    if (grown <= 0 || (!options.force && grown < Math.max(SNAPSHOT_MIN_GROWTH, this.savedAt / 10))) return false;
    try {
      if (!(await saveConnectorSnapshot(store, connector, { catchUp: options.force }))) return false;
    } catch (error) {
      process.emitWarning(`connector snapshot not saved: ${(error as Error).message}`, 'EventwireSnapshotWarning');
      return false;
    }
    this.savedAt = connector.articles;
    return true;
  }
}

const SNAPSHOT_MIN_GROWTH = 1_000;

/**
 * The connector brought in step with the store: a long-running process (the API server, a feed poller) catches
 * up with what another process (`eventwire ingest`) connected meanwhile by replaying only the connections stored
 * after the last one it replayed, and following only the moves logged after the last one it followed. When that
 * still leaves it short (another process connected articles stored earlier), or the other process moved
 * articles this one placed (a story split or absorbed) in a way it cannot follow, a new connector is opened.
 */
export async function connectorInStep(store: Store, connector: Connector): Promise<Connector> {
  const connected = await store.connectedArticles();
  if (connected === connector.articles) return connector;
  return (await followStore(store, connector)) ? connector : openConnector(store);
}

/** Catches the connector up with the store; false when it cannot be brought in step that way. */
async function followStore(store: Store, connector: Connector): Promise<boolean> {
  await connector.catchUp(store.connections({ afterSeq: connector.restoredThrough }));
  if ((await store.connectedArticles()) !== connector.articles) return false;
  // Only the articles moved since the last look (the store logs each move), placements without views: moves
  // the other process made are followed in place while the stories involved still keep their members.
  for await (const placed of store.placements({ movedAfter: connector.movesFollowed })) {
    if (!connector.relocate(placed.id, placed.story, placed.storyline)) return false;
    connector.followedMovesThrough(placed.movedSeq!);
  }
  return true;
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
