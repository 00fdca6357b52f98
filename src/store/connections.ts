/** What the stores' connection tables (SqliteConnections, PostgresConnections) make of their rows, alike. */
import type { DuplicateKind } from '../connect/duplicates.js';
import type { ArticleLinks, StoryArticle, StoryListOptions, StorySummary } from './types.js';

/** Connections replayed per query: bounds memory without holding a cursor open between yields. */
export const CONNECTION_PAGE_SIZE = 500;
/** Placements read per query: small rows (ids and story numbers), so larger pages than the connections'. */
export const PLACEMENT_PAGE_SIZE = 2_000;
/** Actors listed per story. */
export const STORY_ACTORS = 6;

/** An article's connection columns. */
export interface LinksRow {
  story: number | null;
  storyline: number | null;
  probability: number | null;
  duplicate_of: string | null;
  duplicate_kind: string | null;
  duplicate_similarity: number | null;
}

export function articleLinks(row: LinksRow): ArticleLinks {
  return {
    story: row.story,
    storyline: row.storyline,
    probability: row.probability,
    duplicateOf:
      row.duplicate_of === null ? null : { id: row.duplicate_of, kind: row.duplicate_kind as DuplicateKind, similarity: row.duplicate_similarity ?? 0 },
  };
}

/** An article of a story as its row gives it. */
export function storyArticle(
  a: Omit<LinksRow, 'story' | 'storyline'> & { id: string; version: number; title: string | null; outlet: string | null; published: string | null; uri: string },
): StoryArticle {
  return {
    id: a.id,
    version: a.version,
    title: a.title,
    outlet: a.outlet,
    published: a.published,
    uri: a.uri,
    probability: a.probability,
    duplicateOf: a.duplicate_of ? { id: a.duplicate_of, kind: a.duplicate_kind ?? 'near', similarity: a.duplicate_similarity ?? 0 } : null,
  };
}

/** A story's summary columns, its outlets decoded. */
export interface StoryRow {
  id: number;
  storyline: number;
  title: string | null;
  articles: number;
  duplicates: number;
  first: string | null;
  last: string | null;
  outlets: string[] | null;
}

export function storySummary(row: StoryRow, actors: StorySummary['actors']): StorySummary {
  return {
    id: row.id,
    storyline: row.storyline,
    title: row.title,
    articles: row.articles,
    duplicates: row.duplicates,
    first: row.first,
    last: row.last,
    outlets: [...(row.outlets ?? [])].sort(),
    actors,
  };
}

/** Checked because a fraction or NaN would bind and silently match nothing. */
export function checkStoryline(options: StoryListOptions): void {
  if (options.storyline !== undefined && !Number.isSafeInteger(options.storyline)) {
    throw new RangeError(`stories: storyline must be an integer, got ${options.storyline}`);
  }
}

export function checkStoryId(id: number): void {
  if (!Number.isSafeInteger(id)) throw new RangeError(`story: id must be an integer, got ${id}`);
}

/** Bytes of one stored part of the connector snapshot: well below the 1 GB a SQLite BLOB or a PostgreSQL bytea holds. */
export const SNAPSHOT_PART_BYTES = 64 * 1024 * 1024;

/** A snapshot cut into parts of at most `size` bytes (views into it, not copies); at least one part. */
export function snapshotParts(bytes: Uint8Array, size = SNAPSHOT_PART_BYTES): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return parts.length > 0 ? parts : [bytes];
}

/** The stored parts of a snapshot, joined in order. */
export function joinSnapshotParts(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return new Uint8Array(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength);
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
