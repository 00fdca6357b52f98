/**
 * The part of the PostgreSQL store that keeps what the connect stage decided: duplicates, stories, storylines.
 * The same queries as SqliteConnections, in PostgreSQL's dialect.
 */
import type pg from 'pg';
import type { ArticleConnection, StoredConnection } from '../connect/index.js';
import type { StoryMove } from '../connect/stories.js';
import { articleLinks, checkStoryId, checkStoryline, CONNECTION_PAGE_SIZE, joinSnapshotParts, PLACEMENT_PAGE_SIZE, snapshotParts, STORY_ACTORS, storyArticle, storySummary, type LinksRow, type StoryRow } from './connections.js';
import { keysetPagesAsync } from './paging.js';
import { page, type Queryable } from './postgres-common.js';
import { copyRows } from './postgres-copy.js';
import type { ArticleLinks, ConnectionsThrough, Placement, StoryArticle, StoryDetail, StoryListOptions, StorylineSummary, StorySummary } from './types.js';

/**
 * A story's summary: articles counted once (copies apart), its dates and outlets, and the headline of the article
 * that opened it (the lowest seq that is not a copy).
 */
const STORY_SELECT = `
  SELECT ac.story AS id, min(ac.storyline) AS storyline,
         (SELECT c2.title FROM article_connections x JOIN current_versions c2 ON c2.seq = x.article_seq
           WHERE x.story = ac.story AND x.duplicate_of IS NULL ORDER BY x.article_seq LIMIT 1) AS title,
         count(*) FILTER (WHERE ac.duplicate_of IS NULL) AS articles,
         count(*) FILTER (WHERE ac.duplicate_of IS NOT NULL) AS duplicates,
         min(c.published) AS "first", max(c.published) AS "last",
         array_agg(DISTINCT c.outlet) FILTER (WHERE c.outlet IS NOT NULL) AS outlets
  FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
  WHERE ac.story IS NOT NULL`;

/** A connection as the article_connections insert reads it (json_to_recordset), keyed by article seq. */
export function connectionRow(seq: number, connection: ArticleConnection): Record<string, unknown> {
  const d = connection.duplicateOf;
  return {
    seq,
    story: connection.story,
    storyline: connection.storyline,
    probability: connection.probability,
    duplicate_of: d?.of ?? null,
    duplicate_kind: d?.kind ?? null,
    duplicate_similarity: d?.similarity ?? null,
    signature: Buffer.from(connection.signature).toString('base64'),
    views: connection.views,
  };
}

/**
 * Connections of articles this transaction has just created (none can have one yet), by COPY: the story views are
 * the bulk of a batch's connection data.
 */
export async function copyNewConnections(client: pg.ClientBase, connections: { seq: number; connection: ArticleConnection }[]): Promise<void> {
  await copyRows(
    client,
    'article_connections',
    ['article_seq', 'story', 'storyline', 'probability', 'duplicate_of', 'duplicate_kind', 'duplicate_similarity', 'signature', 'views'],
    connections.map(({ seq, connection }) => {
      const d = connection.duplicateOf;
      return [seq, connection.story, connection.storyline, connection.probability, d?.of ?? null, d?.kind ?? null, d?.similarity ?? null, connection.signature, connection.views];
    }),
  );
}

/** Stores connections for articles that have none (a new version keeps its article's first); returns how many. */
export async function insertConnections(db: Queryable, rows: Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO article_connections
       (article_seq, story, storyline, probability, duplicate_of, duplicate_kind, duplicate_similarity, signature, views)
     SELECT r.seq, r.story, r.storyline, r.probability, r.duplicate_of, r.duplicate_kind, r.duplicate_similarity,
            decode(r.signature, 'base64'), r.views
     FROM json_to_recordset($1::json) AS r(seq bigint, story integer, storyline integer, probability double precision,
          duplicate_of text, duplicate_kind text, duplicate_similarity double precision, signature text, views json)
     ORDER BY r.seq
     ON CONFLICT (article_seq) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

/** Any fixed 64-bit number, the same in every eventwire process: the lock moving transactions take turns under. */
const MOVES_LOCK = 0x657677_6d6f76; // "evw" "mov"

/** Replaces the connector snapshot's parts; run in a transaction, so a reader sees the old parts or the new ones. */
export async function replaceConnectorSnapshot(client: Queryable, bytes: Uint8Array): Promise<void> {
  await client.query('DELETE FROM connector_snapshot_parts');
  const parts = snapshotParts(bytes);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    await client.query('INSERT INTO connector_snapshot_parts (part, written_at, bytes) VALUES ($1, now(), $2)', [i, Buffer.from(part.buffer, part.byteOffset, part.byteLength)]);
  }
}

/**
 * Moves connected articles to the stories an arrival put them in (a story split, a small one absorbed), in
 * order. Their join probability was for the story they left, so it is no longer recorded.
 */
export async function applyStoryMoves(db: Queryable, moves: readonly StoryMove[]): Promise<void> {
  if (moves.length === 0) return;
  // One row per article, its last move: an UPDATE ... FROM with two rows for one target picks either. Each
  // takes a place in the log of moves from a sequence. Readers page on those places, so they must commit in
  // order: transactions that move articles take turns under a lock held to their commit (`db` is always a
  // transaction's client here; moves come last in it, so the turn is short).
  const last = new Map<string, StoryMove>();
  for (const move of moves) last.set(move.article, move);
  await db.query('SELECT pg_advisory_xact_lock($1)', [MOVES_LOCK]);
  await db.query(
    `UPDATE article_connections ac SET story = m.story, storyline = m.storyline, probability = NULL,
       moved_seq = nextval('article_moves_seq')
     FROM json_to_recordset($1::json) AS m(article text, story integer, storyline integer)
     JOIN articles a ON a.id = m.article
     WHERE ac.article_seq = a.seq`,
    [JSON.stringify([...last.values()])],
  );
}

export class PostgresConnections {
  constructor(private readonly pool: pg.Pool) {}

  async counts(db: Queryable = this.pool): Promise<{ stories: number; storylines: number; copies: number; connected: number }> {
    const { rows } = await db.query<{ stories: number; storylines: number; copies: number; connected: number }>(
      `SELECT count(DISTINCT story) AS stories, count(DISTINCT storyline) AS storylines,
              count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS copies, count(*) AS connected
       FROM article_connections`,
    );
    const row = rows[0];
    return { stories: row?.stories ?? 0, storylines: row?.storylines ?? 0, copies: row?.copies ?? 0, connected: row?.connected ?? 0 };
  }

  async *connections(afterSeq = 0): AsyncGenerator<StoredConnection> {
    const readPage = async (after: number) =>
      (
        await this.pool.query<{ seq: number; id: string; published: string | null; signature: Buffer; views: StoredConnection['views']; story: number | null; storyline: number | null; duplicate_of: string | null }>(
          `SELECT ac.article_seq AS seq, c.id, c.published, ac.signature, ac.views, ac.story, ac.storyline, ac.duplicate_of
           FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
           WHERE ac.article_seq > $1 ORDER BY ac.article_seq LIMIT $2`,
          [after, CONNECTION_PAGE_SIZE],
        )
      ).rows;
    for await (const row of keysetPagesAsync(readPage, (row) => row.seq, CONNECTION_PAGE_SIZE, afterSeq)) {
      yield { seq: Number(row.seq), id: row.id, published: row.published, signature: new Uint8Array(row.signature), views: row.views, story: row.story, storyline: row.storyline, duplicateOf: row.duplicate_of };
    }
  }

  /** Where the connect stage put each of these articles (by seq); articles it has not run on are absent. */
  async links(seqs: number[], db: Queryable = this.pool): Promise<Map<number, ArticleLinks>> {
    const { rows } = await db.query<LinksRow & { seq: number }>(
      `SELECT article_seq AS seq, story, storyline, probability, duplicate_of, duplicate_kind, duplicate_similarity
       FROM article_connections WHERE article_seq = ANY($1::bigint[])`,
      [seqs],
    );
    return new Map(
      rows.map((row) => [row.seq, articleLinks(row)]),
    );
  }

  async *placements(): AsyncGenerator<Placement> {
    const readPage = async (afterSeq: number) =>
      (
        await this.pool.query<{ seq: string; id: string; story: number; storyline: number; moved_seq: string | null }>(
          `SELECT ac.article_seq AS seq, a.id, ac.story, ac.storyline, ac.moved_seq
           FROM article_connections ac JOIN articles a ON a.seq = ac.article_seq
           WHERE ac.article_seq > $1 AND ac.story IS NOT NULL ORDER BY ac.article_seq LIMIT $2`,
          [afterSeq, PLACEMENT_PAGE_SIZE],
        )
      ).rows;
    for await (const { id, story, storyline, moved_seq } of keysetPagesAsync(readPage, (row) => Number(row.seq), PLACEMENT_PAGE_SIZE)) {
      yield { id, story, storyline, movedSeq: moved_seq === null ? null : Number(moved_seq) };
    }
  }

  /** The articles moved after a position in the log of moves, in the order of their last move. */
  async *movedPlacements(movedAfter: number): AsyncGenerator<Placement> {
    const readPage = async (after: number) =>
      (
        await this.pool.query<{ id: string; story: number; storyline: number; moved_seq: string }>(
          `SELECT a.id, ac.story, ac.storyline, ac.moved_seq
           FROM article_connections ac JOIN articles a ON a.seq = ac.article_seq
           WHERE ac.moved_seq > $1 ORDER BY ac.moved_seq LIMIT $2`,
          [after, PLACEMENT_PAGE_SIZE],
        )
      ).rows;
    for await (const { id, story, storyline, moved_seq } of keysetPagesAsync(readPage, (row) => Number(row.moved_seq), PLACEMENT_PAGE_SIZE, movedAfter)) {
      yield { id, story, storyline, movedSeq: Number(moved_seq) };
    }
  }

  async lastMove(): Promise<number> {
    const { rows } = await this.pool.query<{ last: string }>('SELECT coalesce(max(moved_seq), 0) AS last FROM article_connections');
    return Number(rows[0]?.last ?? 0);
  }

  async through(): Promise<ConnectionsThrough> {
    const { rows } = await this.pool.query<{ articles: string; last_seq: string; last_move: string }>(
      'SELECT count(*) AS articles, coalesce(max(article_seq), 0) AS last_seq, coalesce(max(moved_seq), 0) AS last_move FROM article_connections',
    );
    const row = rows[0];
    return { articles: Number(row?.articles ?? 0), lastSeq: Number(row?.last_seq ?? 0), lastMove: Number(row?.last_move ?? 0) };
  }

  async snapshot(): Promise<Uint8Array | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM connector_snapshot_parts ORDER BY part');
    return rows.length === 0 ? undefined : joinSnapshotParts(rows.map((row) => row.bytes));
  }

  async unconnectedPage(afterSeq: number, limit: number): Promise<{ seq: number; id: string }[]> {
    const { rows } = await this.pool.query<{ seq: number; id: string }>(
      `SELECT a.seq, a.id FROM articles a
       WHERE a.seq > $1 AND NOT EXISTS (SELECT 1 FROM article_connections ac WHERE ac.article_seq = a.seq)
       ORDER BY a.seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows;
  }

  async stories(options: StoryListOptions = {}): Promise<StorySummary[]> {
    checkStoryline(options);
    const { limit, offset } = page('stories', options);
    const { rows } = await this.pool.query<StoryRow>(
      `${STORY_SELECT} AND ($1::bigint IS NULL OR ac.storyline = $1)
       GROUP BY ac.story ORDER BY articles DESC, "last" DESC NULLS LAST, ac.story
       LIMIT $2 OFFSET $3`,
      [options.storyline ?? null, limit, offset],
    );
    return this.summaries(rows);
  }

  async story(id: number): Promise<StoryDetail | undefined> {
    checkStoryId(id);
    const { rows } = await this.pool.query<StoryRow>(`${STORY_SELECT} AND ac.story = $1::bigint GROUP BY ac.story`, [id]);
    const [summary] = await this.summaries(rows);
    if (!summary) return undefined;
    const members = await this.pool.query<{ id: string; version: number; title: string | null; outlet: string | null; published: string | null; uri: string } & LinksRow>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, ac.probability, ac.duplicate_of,
              ac.duplicate_kind, ac.duplicate_similarity
       FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
       WHERE ac.story = $1::bigint ORDER BY c.published NULLS LAST, ac.article_seq`,
      [id],
    );
    const articlesInStory: StoryArticle[] = members.rows.map(storyArticle);
    return { ...summary, articlesInStory };
  }

  async storylines(options: { limit?: number; offset?: number } = {}): Promise<StorylineSummary[]> {
    const { limit, offset } = page('storylines', options);
    const { rows } = await this.pool.query<StorylineSummary>(
      `SELECT l.storyline AS id,
              (SELECT c2.title FROM article_connections x JOIN current_versions c2 ON c2.seq = x.article_seq
                WHERE x.story = (SELECT y.story FROM article_connections y WHERE y.storyline = l.storyline AND y.duplicate_of IS NULL
                                 GROUP BY y.story ORDER BY count(*) DESC, y.story LIMIT 1)
                  AND x.duplicate_of IS NULL ORDER BY x.article_seq LIMIT 1) AS title,
              l.stories, l.articles, l."first", l."last"
       FROM (SELECT ac.storyline, count(DISTINCT ac.story) AS stories, count(*) FILTER (WHERE ac.duplicate_of IS NULL) AS articles,
                    min(c.published) AS "first", max(c.published) AS "last"
             FROM article_connections ac JOIN current_versions c ON c.seq = ac.article_seq
             WHERE ac.storyline IS NOT NULL GROUP BY ac.storyline) l
       ORDER BY l.articles DESC, l."last" DESC NULLS LAST, l.storyline
       LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows;
  }

  /**
   * Summaries with their actors: the entities most of each story's articles (copies apart) name, one-word names
   * linked to the full name the corpus knows, descriptions left out. One query for all the stories of a page.
   */
  private async summaries(rows: StoryRow[]): Promise<StorySummary[]> {
    if (rows.length === 0) return [];
    const actors = await this.pool.query<{ story: number; entity: string; name: string; articles: number }>(
      `SELECT story, entity, name, articles FROM (
         SELECT ac.story, coalesce(ea.entity, s.entity) AS entity,
                (array_agg(s.name ORDER BY char_length(s.name) DESC, s.article_seq, s.position))[1] AS name,
                count(DISTINCT s.article_seq) AS articles,
                row_number() OVER (PARTITION BY ac.story
                                   ORDER BY count(DISTINCT s.article_seq) DESC, count(*) DESC, coalesce(ea.entity, s.entity)) AS place
         FROM article_connections ac
         JOIN articles a ON a.seq = ac.article_seq
         JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version AND s.type = 'mention'
         LEFT JOIN entity_aliases ea ON ea.alias = s.entity
         WHERE ac.story = ANY($1::integer[]) AND ac.duplicate_of IS NULL AND strpos(s.entity, '/description-') = 0
         GROUP BY ac.story, 2) ranked
       WHERE place <= $2 ORDER BY story, place`,
      [rows.map((r) => r.id), STORY_ACTORS],
    );
    const byStory = new Map<number, StorySummary['actors']>();
    for (const a of actors.rows) {
      let list = byStory.get(a.story);
      if (!list) byStory.set(a.story, (list = []));
      list.push({ entity: a.entity, name: a.name, articles: a.articles });
    }
    return rows.map((row) => storySummary(row, byStory.get(row.id) ?? []));
  }
}
