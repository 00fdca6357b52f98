import { createHash } from 'node:crypto';
import { datesNamedIn } from '../clean/metadata.js';
import type { Document } from '../document/document.js';
import type { LanguageText } from '../language/text.js';
import { computeSignature, DuplicateIndex, encodeSignature, type DuplicateMatch } from './duplicates.js';
import { articleViews, viewsToData, viewTermsOfData, type ArticleViews } from './features.js';
import { SnapshotReader, SnapshotWriter } from './snapshot-codec.js';
import { StoryIndex, type StoryIndexOptions, type StoryModel, type StoryMove } from './stories.js';

export { compareOutlets, type OutletComparison } from './compare.js';
export { citationGraph, type CitationGraph } from './citations.js';
export { mergeEvents, type MergedEvent } from './events.js';
export type { ConnectArticle } from './types.js';

/**
 * What the connect stage decided for one article: the duplicate it is of (if any) and the story and storyline
 * it joined, plus what a later run needs to rebuild its indexes (the duplicate signature and the story views).
 */
export interface ArticleConnection {
  duplicateOf: DuplicateMatch | null;
  story: number | null;
  storyline: number | null;
  /** Model probability that the article belongs to its story (1 for the article that opened it). */
  probability: number | null;
  /** Encoded duplicate signature (MinHash, exact hash, containment sample). */
  signature: Uint8Array;
  /** The article's story views as JSON-friendly data; null when the language stage did not run. */
  views: Record<string, [string, number][]> | null;
  /**
   * Articles already connected that this arrival moved to another story (a story split, a small one absorbed),
   * copies included, in order: the store updates their placement with this article's.
   */
  moved?: StoryMove[];
}

/** A stored connection, replayed in storage order to rebuild the indexes of a new run. */
export interface StoredConnection {
  /** The article's position in the store: connections come in this order. */
  seq: number;
  id: string;
  published: string | null;
  signature: Uint8Array;
  views: Record<string, [string, number][]> | null;
  story: number | null;
  storyline: number | null;
  /** The id of the original this article copies, if it is a copy. */
  duplicateOf: string | null;
}

/**
 * The connect stage: duplicates and stories, decided incrementally as articles arrive. It holds the indexes of
 * everything already stored (replayed with `restore`), so a new article joins or opens a story without anything
 * being re-clustered, and a copy of a stored article is linked to it and joins its story.
 */
export class Connector {
  private duplicates = new DuplicateIndex();
  private stories: StoryIndex;
  /** Where each known article was placed, for copies and for new versions of it. */
  private readonly placed = new Map<string, { story: number; storyline: number }>();
  /** The copies of each original: they follow it when it moves to another story. */
  private readonly copies = new Map<string, string[]>();
  private readonly copyIds = new Set<string>();
  /** The store position of the last stored connection replayed or passed over: a catch-up starts after it. */
  private restoredThroughSeq = 0;
  /** The position in the store's log of moves up to which this connector follows other processes' moves. */
  private movesFollowedThrough = 0;

  constructor(options: { model?: StoryModel } = {}) {
    this.stories = new StoryIndex(options.model ? { model: options.model } : {});
  }

  /**
   * Everything this connector holds, as bytes a later process reads back with `Connector.fromSnapshot` instead
   * of replaying the whole store: its indexes, where it placed each article, and how far into the store and
   * its log of moves it has read. Bound to the story model and the index's settings: a snapshot written under
   * others is not read.
   */
  snapshot(): Uint8Array {
    const out = new SnapshotWriter();
    out.string(SNAPSHOT_MAGIC);
    out.string(indexFingerprint(this.stories.options));
    out.uint(this.restoredThroughSeq);
    out.uint(this.movesFollowedThrough);
    const entries = [...this.duplicates.entries()];
    out.uint(entries.length);
    for (const { id, signature } of entries) {
      out.string(id);
      out.bytesOf(signature);
    }
    out.uint(this.placed.size);
    for (const [id, { story, storyline }] of this.placed) {
      out.string(id);
      out.uint(story);
      out.uint(storyline);
    }
    out.uint(this.copies.size);
    for (const [original, copies] of this.copies) {
      out.string(original);
      out.strings(copies);
    }
    this.stories.writeSnapshot(out);
    return out.finish();
  }

  /**
   * A connector as `snapshot()` left it; undefined when the snapshot was written for another story model, other
   * index settings or in another format (the caller replays the store instead). Damaged bytes are an error.
   */
  static fromSnapshot(bytes: Uint8Array, options: { model?: StoryModel } = {}): Connector | undefined {
    const input = new SnapshotReader(bytes);
    const connector = new Connector(options);
    if (input.string() !== SNAPSHOT_MAGIC) return undefined;
    if (input.string() !== indexFingerprint(connector.stories.options)) return undefined;
    connector.restoredThroughSeq = input.uint();
    connector.movesFollowedThrough = input.uint();
    const entries: { id: string; signature: Uint8Array }[] = [];
    for (let n = input.count(2); n > 0; n--) entries.push({ id: input.string(), signature: input.bytesOf() });
    connector.duplicates = DuplicateIndex.restore(entries);
    for (let n = input.count(3); n > 0; n--) connector.placed.set(input.string(), { story: input.uint(), storyline: input.uint() });
    for (let n = input.count(2); n > 0; n--) {
      const original = input.string();
      for (const copy of input.strings()) connector.noteCopy(original, copy);
    }
    connector.stories = StoryIndex.fromSnapshot(input, connector.stories.options);
    input.end();
    return connector;
  }

  /** Articles restored or connected: a store holding more was written by another process meanwhile. */
  get articles(): number {
    return this.duplicates.size;
  }

  /** Where an article was placed (its story and storyline), if it was. */
  placement(id: string): { story: number; storyline: number } | undefined {
    const placed = this.placed.get(id);
    return placed && { ...placed };
  }

  get restoredThrough(): number {
    return this.restoredThroughSeq;
  }

  get movesFollowed(): number {
    return this.movesFollowedThrough;
  }

  /**
   * Notes that every stored connection up to `seq` is known to this connector (the caller checked that the store
   * holds no connection it lacks): a catch-up then starts after it.
   */
  knowsConnectionsThrough(seq: number): void {
    this.restoredThroughSeq = Math.max(this.restoredThroughSeq, seq);
  }

  /** Notes that the store's moves up to `seq` are followed (restored with the rest, or relocated). */
  followedMovesThrough(seq: number): void {
    this.movesFollowedThrough = Math.max(this.movesFollowedThrough, seq);
  }

  /** Replays a stored article: into the duplicate index, and into its story as it was placed. */
  restore(entry: StoredConnection): void {
    this.restoredThroughSeq = Math.max(this.restoredThroughSeq, entry.seq);
    this.duplicates.addSignature(entry.id, entry.signature);
    if (entry.story === null || entry.storyline === null) return;
    this.placed.set(entry.id, { story: entry.story, storyline: entry.storyline });
    // A copy is counted once, as when it was connected: it follows its original and weighs on no centroid.
    if (entry.duplicateOf !== null && this.placed.has(entry.duplicateOf)) {
      this.noteCopy(entry.duplicateOf, entry.id);
      return;
    }
    if (entry.views) this.stories.restore({ id: entry.id, views: viewTermsOfData(entry.views), published: entry.published }, entry.story, entry.storyline);
  }

  /** Replays everything a store holds, in its order. Returns the number of articles replayed. */
  async restoreAll(entries: AsyncIterable<StoredConnection> | Iterable<StoredConnection>): Promise<number> {
    let n = 0;
    for await (const entry of entries) {
      this.restore(entry);
      n++;
    }
    return n;
  }

  /**
   * Replays the stored connections this connector does not know (another process connected them), skipping
   * the ones it made itself. Returns the number replayed.
   */
  async catchUp(entries: AsyncIterable<StoredConnection> | Iterable<StoredConnection>): Promise<number> {
    let n = 0;
    for await (const entry of entries) {
      if (this.duplicates.has(entry.id)) {
        this.restoredThroughSeq = Math.max(this.restoredThroughSeq, entry.seq);
        continue;
      }
      this.restore(entry);
      n++;
    }
    return n;
  }

  /**
   * Follows a move another process made and stored (an article of a story split or absorbed there): the
   * article, with its copies, goes to the given story. False when this connector cannot follow it.
   */
  relocate(id: string, story: number, storyline: number): boolean {
    const known = this.placed.get(id);
    if (!known) return false;
    if (known.story === story && known.storyline === storyline) return true;
    // A copy follows its original; it weighs on no centroid, so only its placement changes.
    if (!this.copyIds.has(id) && !this.stories.relocate(id, known.story, story, storyline)) return false;
    this.placed.set(id, { story, storyline });
    return true;
  }

  /**
   * Links an analysed article: duplicate check, then its story (a copy joins its original's story). `body` is
   * the clean body when the caller has it already (the store record carries it).
   */
  connect(doc: Document, text: LanguageText | undefined, body: string = doc.body().text): ArticleConnection {
    const signature = computeSignature(body);
    const known = this.placed.get(doc.id);
    const views: ArticleViews | null = text ? articleViews(doc, text) : null;
    const base = { signature: encodeSignature(signature), views: views ? viewsToData(views) : null };
    if (known) {
      // A new version (or a re-read) of an article already placed keeps its story: ids stay stable.
      this.duplicates.addSignature(doc.id, signature);
      return { duplicateOf: null, ...known, probability: null, ...base };
    }
    const duplicateOf = this.duplicates.addSignature(doc.id, signature);
    const original = duplicateOf ? this.placed.get(duplicateOf.of) : undefined;
    if (original) {
      // A copy is counted once: it joins the original's story without weighing on it.
      this.placed.set(doc.id, { ...original });
      this.noteCopy(duplicateOf!.of, doc.id);
      return { duplicateOf, ...original, probability: duplicateOf!.similarity, ...base };
    }
    if (!views) return { duplicateOf, story: null, storyline: null, probability: null, ...base };
    const published = doc.fieldValue('published') ?? null;
    const assigned = this.stories.add({ id: doc.id, views, published, notBefore: published ? null : photoDate(doc) });
    this.placed.set(doc.id, { story: assigned.story, storyline: assigned.storyline });
    const moved: StoryMove[] = [];
    for (const move of assigned.moved) {
      for (const id of [move.article, ...(this.copies.get(move.article) ?? [])]) {
        this.placed.set(id, { story: move.story, storyline: move.storyline });
        moved.push({ ...move, article: id });
      }
    }
    return { duplicateOf, story: assigned.story, storyline: assigned.storyline, probability: assigned.probability, ...base, ...(moved.length > 0 ? { moved } : {}) };
  }

  private noteCopy(original: string, copy: string): void {
    this.copyIds.add(copy);
    const list = this.copies.get(original);
    if (list) list.push(copy);
    else this.copies.set(original, [copy]);
  }
}

/** Bumped whenever the snapshot's layout changes: an older snapshot is then passed over, not misread. */
const SNAPSHOT_MAGIC = 'eventwire-connector-snapshot 2';

/** Which story model and index settings (candidates, day limits ...) a snapshot's decisions came from. */
function indexFingerprint(options: StoryIndexOptions): string {
  return createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 32);
}

/** The latest date an article's captions and photo credits name: the article is no older than its photos. */
function photoDate(doc: Document): string | null {
  let latest: string | null = null;
  for (const span of doc.removed) {
    if (span.reason !== 'caption' && span.reason !== 'caption-repeat' && span.reason !== 'credit') continue;
    for (const date of datesNamedIn(doc.slice(span))) if (!latest || date > latest) latest = date;
  }
  return latest;
}
