import type Database from 'better-sqlite3';
import type { ArticleConnection, StoredConnection } from '../connect/index.js';
import { articleLinks, checkStoryId, checkStoryline, CONNECTION_PAGE_SIZE, joinSnapshotParts, PLACEMENT_PAGE_SIZE, snapshotParts, STORY_ACTORS, storyArticle, storySummary, type StoryRow } from './connections.js';
import { keysetPages, pageParams } from './paging.js';
import type { ArticleLinks, ConnectionsThrough, Placement, StoryArticle, StoryDetail, StoryListOptions, StorylineSummary, StorySummary } from './types.js';

/** A story's summary columns as SQLite gives them: the outlets as a JSON array. */
type SqliteStoryRow = Omit<StoryRow, 'outlets'> & { outlets: string | null };

/** The part of the SQLite store that keeps what the connect stage decided: duplicates, stories, storylines. */
export class SqliteConnections {
  private readonly s;
  private readonly insertWithMoves;

  constructor(private readonly db: Database.Database) {
    // A story's summary: articles counted once (copies apart), its dates and outlets, and the headline of the
    // article that opened it (the lowest seq that is not a copy).
    const storySelect = `
      SELECT ac.story AS id, min(ac.storyline) AS storyline,
             (SELECT c2.title FROM article_connections x JOIN current_versions c2 ON c2.seq = x.article_seq
               WHERE x.story = ac.story AND x.duplicate_of IS NULL ORDER BY x.article_seq LIMIT 1) AS title,
             sum(ac.duplicate_of IS NULL) AS articles, sum(ac.duplicate_of IS NOT NULL) AS duplicates,
             min(c.published) AS first, max(c.published) AS last,
             json_group_array(DISTINCT c.outlet) FILTER (WHERE c.outlet IS NOT NULL) AS outlets
      FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
      WHERE ac.story IS NOT NULL`;
    this.s = {
      insert: db.prepare<{
        seq: number;
        story: number | null;
        storyline: number | null;
        probability: number | null;
        duplicateOf: string | null;
        kind: string | null;
        similarity: number | null;
        signature: Buffer;
        views: string | null;
      }>(
        `INSERT OR IGNORE INTO article_connections
           (article_seq, story, storyline, probability, duplicate_of, duplicate_kind, duplicate_similarity, signature, views)
         VALUES (@seq, @story, @storyline, @probability, @duplicateOf, @kind, @similarity, @signature, @views)`,
      ),
      // A moved article's join probability was for the story it left: not recorded for the new one. Each move
      // takes the next position in the log of moves (one writer connects at a time, so max + 1 is safe).
      move: db.prepare<{ article: string; story: number; storyline: number }>(
        `UPDATE article_connections SET story = @story, storyline = @storyline, probability = NULL,
           moved_seq = (SELECT coalesce(max(moved_seq), 0) + 1 FROM article_connections)
         WHERE article_seq = (SELECT seq FROM articles WHERE id = @article)`,
      ),
      page: db.prepare<{ afterSeq: number; limit: number }, { seq: number; id: string; published: string | null; signature: Buffer; views: string | null; story: number | null; storyline: number | null; duplicate_of: string | null }>(
        // Paged on the articles' seq, which SQLite walks in order; ordered by the connections' (equal) seq it
        // sorted every remaining row for each page, so reading them all grew with the square of the store.
        `SELECT c.seq, c.id, c.published, ac.signature, ac.views, ac.story, ac.storyline, ac.duplicate_of
         FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
         WHERE c.seq > @afterSeq ORDER BY c.seq LIMIT @limit`,
      ),
      placements: db.prepare<{ afterSeq: number; limit: number }, { seq: number; id: string; story: number; storyline: number; moved_seq: number | null }>(
        // Paged on the articles' seq, which SQLite walks in order (ordered by the connections' it sorts each page).
        `SELECT a.seq, a.id, ac.story, ac.storyline, ac.moved_seq
         FROM articles a JOIN article_connections ac ON ac.article_seq = a.seq
         WHERE a.seq > @afterSeq AND ac.story IS NOT NULL ORDER BY a.seq LIMIT @limit`,
      ),
      movedPlacements: db.prepare<{ movedAfter: number; limit: number }, { id: string; story: number; storyline: number; moved_seq: number }>(
        `SELECT a.id, ac.story, ac.storyline, ac.moved_seq
         FROM article_connections ac JOIN articles a ON a.seq = ac.article_seq
         WHERE ac.moved_seq > @movedAfter ORDER BY ac.moved_seq LIMIT @limit`,
      ),
      lastMove: db.prepare<[], { last: number }>('SELECT coalesce(max(moved_seq), 0) AS last FROM article_connections'),
      through: db.prepare<[], ConnectionsThrough>(
        'SELECT count(*) AS articles, coalesce(max(article_seq), 0) AS lastSeq, coalesce(max(moved_seq), 0) AS lastMove FROM article_connections',
      ),
      snapshotParts: db.prepare<[], { bytes: Buffer }>('SELECT bytes FROM connector_snapshot_parts ORDER BY part'),
      dropSnapshot: db.prepare('DELETE FROM connector_snapshot_parts'),
      saveSnapshotPart: db.prepare<{ part: number; bytes: Uint8Array; at: string }>(
        'INSERT INTO connector_snapshot_parts (part, written_at, bytes) VALUES (@part, @at, @bytes)',
      ),
      unconnectedSeqs: db.prepare<{ afterSeq: number; limit: number }, { seq: number; id: string }>(
        `SELECT a.seq, a.id FROM articles a
         WHERE a.seq > @afterSeq AND NOT EXISTS (SELECT 1 FROM article_connections ac WHERE ac.article_seq = a.seq)
         ORDER BY a.seq LIMIT @limit`,
      ),
      stories: db.prepare<{ storyline: number | null; limit: number; offset: number }, SqliteStoryRow>(
        `${storySelect} AND (@storyline IS NULL OR ac.storyline = @storyline)
         GROUP BY ac.story ORDER BY articles DESC, last DESC NULLS LAST, ac.story
         LIMIT @limit OFFSET @offset`,
      ),
      story: db.prepare<{ story: number }, SqliteStoryRow>(`${storySelect} AND ac.story = @story GROUP BY ac.story`),
      storyArticles: db.prepare<{ story: number }, { id: string; version: number; title: string | null; outlet: string | null; published: string | null; uri: string; probability: number | null; duplicate_of: string | null; duplicate_kind: string | null; duplicate_similarity: number | null }>(
        `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, ac.probability, ac.duplicate_of,
                ac.duplicate_kind, ac.duplicate_similarity
         FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
         WHERE ac.story = @story ORDER BY c.published NULLS LAST, ac.article_seq`,
      ),
      // The story's entities by the number of its articles (copies apart) naming them, one-word names linked to
      // the full name the corpus knows; descriptions are wordings, not entities.
      storyActors: db.prepare<{ story: number; limit: number }, { entity: string; name: string; articles: number }>(
        `SELECT coalesce(ea.entity, m.raw) AS entity, m.name, max(length(m.name)) AS name_length,
                count(DISTINCT m.article_seq) AS articles
         FROM (SELECT s.article_seq, json_extract(s.attrs, '$.entity') AS raw, json_extract(s.attrs, '$.name') AS name
               FROM article_connections ac
               JOIN articles a ON a.seq = ac.article_seq
               JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version AND s.type = 'mention'
               WHERE ac.story = @story AND ac.duplicate_of IS NULL) m
         LEFT JOIN entity_aliases ea ON ea.alias = m.raw
         WHERE instr(m.raw, '/description-') = 0
         GROUP BY 1 ORDER BY articles DESC, count(*) DESC, entity LIMIT @limit`,
      ),
      links: db.prepare<[number], { story: number | null; storyline: number | null; probability: number | null; duplicate_of: string | null; duplicate_kind: string | null; duplicate_similarity: number | null }>(
        `SELECT story, storyline, probability, duplicate_of, duplicate_kind, duplicate_similarity
         FROM article_connections WHERE article_seq = ?`,
      ),
      counts: db.prepare<[], { stories: number; storylines: number; copies: number | null; connected: number }>(
        `SELECT count(DISTINCT story) AS stories, count(DISTINCT storyline) AS storylines,
                sum(duplicate_of IS NOT NULL) AS copies, count(*) AS connected
         FROM article_connections`,
      ),
      storylines: db.prepare<{ limit: number; offset: number }, StorylineSummary>(
        `SELECT l.storyline AS id,
                (SELECT c2.title FROM article_connections x JOIN current_versions c2 ON c2.seq = x.article_seq
                  WHERE x.story = (SELECT y.story FROM article_connections y WHERE y.storyline = l.storyline AND y.duplicate_of IS NULL
                                   GROUP BY y.story ORDER BY count(*) DESC, y.story LIMIT 1)
                    AND x.duplicate_of IS NULL ORDER BY x.article_seq LIMIT 1) AS title,
                l.stories, l.articles, l.first, l.last
         FROM (SELECT ac.storyline, count(DISTINCT ac.story) AS stories, sum(ac.duplicate_of IS NULL) AS articles,
                      min(c.published) AS first, max(c.published) AS last
               FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
               WHERE ac.storyline IS NOT NULL GROUP BY ac.storyline) l
         ORDER BY l.articles DESC, l.last DESC NULLS LAST, l.storyline
         LIMIT @limit OFFSET @offset`,
      ),
    };
    // The article's connection and the placements its arrival changed land together or not at all.
    this.insertWithMoves = db.transaction((seq: number, connection: ArticleConnection): boolean => {
      const d = connection.duplicateOf;
      const inserted =
        this.s.insert.run({
          seq,
          story: connection.story,
          storyline: connection.storyline,
          probability: connection.probability,
          duplicateOf: d?.of ?? null,
          kind: d?.kind ?? null,
          similarity: d?.similarity ?? null,
          signature: Buffer.from(connection.signature),
          views: connection.views ? JSON.stringify(connection.views) : null,
        }).changes > 0;
      for (const move of connection.moved ?? []) this.s.move.run(move);
      return inserted;
    });
  }

  /** Stories, storylines and copies stored. */
  counts(): { stories: number; storylines: number; copies: number; connected: number } {
    const row = this.s.counts.get();
    return { stories: row?.stories ?? 0, storylines: row?.storylines ?? 0, copies: row?.copies ?? 0, connected: row?.connected ?? 0 };
  }

  /** Stores an article's connection unless it has one (a new version keeps the first), and the moves its arrival made. */
  insert(seq: number, connection: ArticleConnection): boolean {
    return this.insertWithMoves(seq, connection);
  }

  *connections(afterSeq = 0): Generator<StoredConnection> {
    const rows = keysetPages((after) => this.s.page.all({ afterSeq: after, limit: CONNECTION_PAGE_SIZE }), (row) => row.seq, CONNECTION_PAGE_SIZE, afterSeq);
    for (const row of rows) {
      yield {
        seq: row.seq,
        id: row.id,
        published: row.published,
        signature: new Uint8Array(row.signature),
        views: row.views ? (JSON.parse(row.views) as StoredConnection['views']) : null,
        story: row.story,
        storyline: row.storyline,
        duplicateOf: row.duplicate_of,
      };
    }
  }

  /** Where the connect stage put an article; undefined when it has not run on it. */
  links(seq: number): ArticleLinks | undefined {
    const row = this.s.links.get(seq);
    return row && articleLinks(row);
  }

  *placements(): Generator<Placement> {
    const rows = keysetPages((afterSeq) => this.s.placements.all({ afterSeq, limit: PLACEMENT_PAGE_SIZE }), (row) => row.seq, PLACEMENT_PAGE_SIZE);
    for (const { id, story, storyline, moved_seq } of rows) yield { id, story, storyline, movedSeq: moved_seq };
  }

  /** The articles moved after a position in the log of moves, in the order of their last move. */
  *movedPlacements(movedAfter: number): Generator<Placement> {
    const rows = keysetPages((after) => this.s.movedPlacements.all({ movedAfter: after, limit: PLACEMENT_PAGE_SIZE }), (row) => row.moved_seq, PLACEMENT_PAGE_SIZE, movedAfter);
    for (const { id, story, storyline, moved_seq } of rows) yield { id, story, storyline, movedSeq: moved_seq };
  }

  lastMove(): number {
    return this.s.lastMove.get()?.last ?? 0;
  }

  through(): ConnectionsThrough {
    return this.s.through.get() ?? { articles: 0, lastSeq: 0, lastMove: 0 };
  }

  snapshot(): Uint8Array | undefined {
    const parts = this.s.snapshotParts.all().map((row) => row.bytes);
    return parts.length === 0 ? undefined : joinSnapshotParts(parts);
  }

  /** Replaces the snapshot in one transaction: a reader sees the old parts or the new ones. */
  saveSnapshot(bytes: Uint8Array): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.s.dropSnapshot.run();
      snapshotParts(bytes).forEach((part, i) => this.s.saveSnapshotPart.run({ part: i, bytes: part, at }));
    })();
  }

  /** Ids of articles without a connection after `afterSeq`, a page at a time. */
  unconnectedPage(afterSeq: number, limit: number): { seq: number; id: string }[] {
    return this.s.unconnectedSeqs.all({ afterSeq, limit });
  }

  stories(options: StoryListOptions = {}): StorySummary[] {
    checkStoryline(options);
    const { limit, offset } = pageParams('stories', options);
    return this.s.stories.all({ storyline: options.storyline ?? null, limit, offset }).map((row) => this.summary(row));
  }

  story(id: number): StoryDetail | undefined {
    checkStoryId(id);
    const row = this.s.story.get({ story: id });
    if (!row) return undefined;
    const articlesInStory: StoryArticle[] = this.s.storyArticles.all({ story: id }).map(storyArticle);
    return { ...this.summary(row), articlesInStory };
  }

  storylines(options: { limit?: number; offset?: number } = {}): StorylineSummary[] {
    const { limit, offset } = pageParams('storylines', options);
    return this.s.storylines.all({ limit, offset });
  }

  private summary(row: SqliteStoryRow): StorySummary {
    const actors = this.s.storyActors.all({ story: row.id, limit: STORY_ACTORS }).map((a) => ({ entity: a.entity, name: a.name, articles: a.articles }));
    return storySummary({ ...row, outlets: row.outlets === null ? null : (JSON.parse(row.outlets) as string[]) }, actors);
  }
}
