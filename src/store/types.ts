import type { DuplicateKind } from '../connect/duplicates.js';
import type { ArticleConnection, StoredConnection } from '../connect/index.js';
import type { CodedEvent } from '../events/types.js';
import type { DocumentData } from '../document/types.js';

/** What the store persists for one article version: the document with its spans, plus denormalised fields. */
export interface ArticleRecord {
  doc: DocumentData;
  title: string | null;
  outlet: string | null;
  /** ISO 8601 date (YYYY-MM-DD) or null. */
  published: string | null;
  dateline: string | null;
  author: string | null;
  /** The clean body view (kept spans joined), indexed for full-text search. */
  body: string;
  /** What the connect stage decided (duplicate, story); stored with a new article, kept for its later versions. */
  connection?: ArticleConnection;
}

/** `reanalysed`: the same text again, with different spans (a newer pipeline): spans replaced in place. */
export type IngestStatus = 'inserted' | 'unchanged' | 'new-version' | 'reanalysed';

export interface IngestOutcome {
  id: string;
  status: IngestStatus;
  version: number;
}

export interface StoredArticle extends ArticleRecord {
  id: string;
  version: number;
  /** Number of versions stored for this article. */
  versions: number;
  ingestedAt: string;
  /** Where the connect stage put it: its story and storyline, and the original it copies; absent when it did not run. */
  links?: ArticleLinks;
}

export interface ArticleLinks {
  story: number | null;
  storyline: number | null;
  /** Model probability that the article belongs to its story (1 for the article that opened it). */
  probability: number | null;
  /** The original this article copies (its id), how (exact, near, contained) and how closely. */
  duplicateOf: { id: string; kind: DuplicateKind; similarity: number } | null;
}

export interface ArticleSummary {
  id: string;
  version: number;
  title: string | null;
  outlet: string | null;
  published: string | null;
  uri: string;
}

export interface SearchHit extends ArticleSummary {
  /** Short excerpt of the body around the match, matches wrapped in [ and ]. */
  snippet: string;
  rank: number;
}

/** An attribution that matched a quote search, with the article it is in. */
export interface QuoteHit extends ArticleSummary {
  spanId: number;
  kind: string;
  speaker: string;
  speakerEntity: string | null;
  content: string;
  /** The chain from the speaker to the publisher, each link as "name (role)". */
  chain: string[];
  /** Excerpt of the content around the match, matches wrapped in [ and ]. */
  snippet: string;
  rank: number;
}

/** Which stored events to return; every filter is optional and they combine with AND. */
export interface EventQuery {
  /** An actor code or its start, on either side (`PRK`, `USAGOV`). */
  actor?: string;
  /** Source and target code starts, when the direction matters. */
  source?: string;
  target?: string;
  /** A CAMEO code or its start (`04`, `042`). */
  code?: string;
  /** A PLOVER category (`CONSULT`). */
  plover?: string;
  /** An entity id on either side (`person/mike-pompeo`). */
  entity?: string;
  /** CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quadClass?: number;
  /** The outlet of the article the event was coded from, exactly as stored. */
  outlet?: string;
  /** Event dates from/to (ISO, inclusive). */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** A stored event with the article it was coded from and the sentence that is its evidence. */
export interface StoredEvent extends ArticleSummary {
  spanId: number;
  event: CodedEvent;
  sentence: string;
}

export interface EntitySummary {
  /** Corpus-wide id, e.g. `person/kim-jong-un`. */
  entity: string;
  /** The fullest name any article gives it. */
  name: string;
  label: string;
  articles: number;
  mentions: number;
}

export interface EntityListOptions {
  label?: string;
  limit?: number;
  offset?: number;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
  outlet?: string;
}

export interface CorpusStats {
  articles: number;
  versions: number;
  outlets: { outlet: string; articles: number }[];
  /** Earliest and latest publication dates, ISO, or null when none is known. */
  firstPublished: string | null;
  lastPublished: string | null;
  /** Removed spans in current versions, counted and measured (characters) by reason. */
  removed: { reason: string; spans: number; chars: number }[];
  inputErrors: number;
  /** What the connect stage found: stories, storylines, and articles linked to an original as its copies. */
  stories: number;
  storylines: number;
  copies: number;
  /** Articles the connect stage has decided on. */
  connected: number;
}

/** A story: the articles that report one happening, across outlets. */
export interface StorySummary {
  id: number;
  storyline: number;
  /** The headline of the article that opened the story. */
  title: string | null;
  /** Articles counted once: copies are left out. */
  articles: number;
  duplicates: number;
  /** Earliest and latest publication dates of its articles (ISO), or null. */
  first: string | null;
  last: string | null;
  outlets: string[];
  /** The entities most of its articles mention, most widely first. */
  actors: { entity: string; name: string; articles: number }[];
}

/** A storyline: stories on one topic. */
export interface StorylineSummary {
  id: number;
  /** The title of its largest story. */
  title: string | null;
  stories: number;
  articles: number;
  first: string | null;
  last: string | null;
}

/** A story's article, with how it joined. */
export interface StoryArticle extends ArticleSummary {
  /** Model probability it belongs to the story; 1 for the article that opened it; null if not recorded. */
  probability: number | null;
  duplicateOf: { id: string; kind: string; similarity: number } | null;
}

export interface StoryDetail extends StorySummary {
  articlesInStory: StoryArticle[];
}

export interface StoryListOptions {
  storyline?: number;
  limit?: number;
  offset?: number;
}

/**
 * One store interface, two implementations to come (SQLite now, PostgreSQL with scale-out). Async so that a
 * networked store fits without changing callers.
 */
/** How far the store's connections reach (see Store.connectionsThrough). */
export interface ConnectionsThrough {
  articles: number;
  lastSeq: number;
  lastMove: number;
}

export interface Store {
  /** Stores a batch in one transaction: all of it or none of it. Same content again is a no-op. */
  ingest(records: ArticleRecord[]): Promise<IngestOutcome[]>;
  /** Records an input that could not be read, so summaries can report it. */
  recordInputError(uri: string, message: string): Promise<void>;
  /** The current version, or the given one. */
  get(id: string, version?: number): Promise<StoredArticle | undefined>;
  list(options?: ListOptions): Promise<ArticleSummary[]>;
  /** Full-text search over titles and clean bodies (FTS5 query syntax: AND, OR, NOT, "phrases", prefix*). */
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;
  /** What the best matches of a search are made of: outlets, months, entities, event types (for narrowing it). */
  searchFacets(query: string, options?: SearchOptions): Promise<SearchFacets>;
  /** Every current version, in ingest order, streamed. */
  exportAll(): AsyncIterable<StoredArticle>;
  /** Full-text search over what was said (quotes and reported speech) and who said it. */
  searchQuotes(query: string, options?: ListOptions): Promise<QuoteHit[]>;
  /** Quotes newest first, optionally only one speaker's. */
  quotes(options?: QuoteListOptions): Promise<QuoteHit[]>;
  /** One entity with every wording used for it; undefined when no current article mentions it. */
  entity(entity: string): Promise<EntityDetail | undefined>;
  /** Events between two actors by period: counts, mean Goldstein, quad classes. */
  dyadTimeline(query: DyadQuery): Promise<DyadPeriod[]>;
  /** Who acts on whom: actors and the event counts between them. */
  actorNetwork(query?: NetworkQuery): Promise<ActorNetwork>;
  /** Entities across current versions, most widely reported first. */
  entities(options?: EntityListOptions): Promise<EntitySummary[]>;
  /** Current versions that mention an entity, newest first. */
  articlesMentioning(entity: string, options?: ListOptions): Promise<ArticleSummary[]>;
  /** Events of current versions, by date (undated last), then article and position. */
  events(query?: EventQuery): Promise<StoredEvent[]>;
  stats(): Promise<CorpusStats>;
  /**
   * What the connect stage stored, in storage order: replayed to rebuild its indexes. With `afterSeq`, only
   * the articles stored after that position (an entry's `seq`): what a running connector has not seen yet.
   */
  connections(options?: { afterSeq?: number }): AsyncIterable<StoredConnection>;
  /**
   * Where the connect stage has each placed article now, in storage order. With `movedAfter`, only the articles
   * moved (a story split or absorbed) after that position in the store's log of moves, in the order of their
   * last move: what a running connector must follow of another process's arrivals.
   */
  placements(options?: { movedAfter?: number }): AsyncIterable<Placement>;
  /** The position of the last move in the store's log of moves (0 when nothing has moved). */
  lastMove(): Promise<number>;
  /**
   * Read together: how many articles have a connection, the storage position of the last of them, and the last
   * position in the log of moves.
   */
  connectionsThrough(): Promise<ConnectionsThrough>;
  /** The connect stage's last saved snapshot (`Connector.snapshot`), if one was saved. */
  connectorSnapshot(): Promise<Uint8Array | undefined>;
  /** Replaces the connect stage's snapshot, in one statement: a reader sees the old one or the new one. */
  saveConnectorSnapshot(bytes: Uint8Array): Promise<void>;
  /** Ids of articles stored without a connection (before the connect stage existed), in storage order. */
  unconnected(): AsyncIterable<string>;
  /** Articles the connect stage has decided on (without the rest of `stats`). */
  connectedArticles(): Promise<number>;
  /** Records a connection for an article stored without one; false if it has one already. */
  saveConnection(id: string, connection: ArticleConnection): Promise<boolean>;
  /** Stories, largest (articles counted once) first. */
  stories(options?: StoryListOptions): Promise<StorySummary[]>;
  story(id: number): Promise<StoryDetail | undefined>;
  storylines(options?: { limit?: number; offset?: number }): Promise<StorylineSummary[]>;
  close(): Promise<void>;
}

/** Search filters besides the words: they combine with AND. */
export interface SearchOptions extends ListOptions {
  /** Published on or after / on or before (ISO, inclusive; YYYY or YYYY-MM cover the whole year or month). */
  from?: string;
  to?: string;
  /** Articles that mention this entity (or a one-word alias the corpus resolves to it). */
  entity?: string;
  /** Articles with an event whose CAMEO code starts so (`04`). */
  code?: string;
  /** Articles with an event of this PLOVER category. */
  plover?: string;
}

export interface FacetValue {
  value: string;
  /** A readable name for the value where the value is an id or code. */
  label?: string;
  count: number;
}

/** What the best matches of a search are made of, to narrow it: counts of matching articles. */
export interface SearchFacets {
  /** All matching articles. */
  total: number;
  /** How many of the best matches the facets count (at most SEARCH_FACET_SAMPLE). */
  counted: number;
  outlets: FacetValue[];
  months: FacetValue[];
  entities: FacetValue[];
  eventRoots: FacetValue[];
  plover: FacetValue[];
}

export interface QuoteListOptions extends ListOptions {
  /** Only what this entity said. */
  entity?: string;
}

/** One entity across the corpus, with every wording the articles used for it. */
export interface EntityDetail extends EntitySummary {
  /** The words used for it ("Kim", "the North Korean leader"), most used first, with the outlets that used them. */
  names: { text: string; form: string; count: number; outlets: string[] }[];
  /** The CAMEO actor codes of the events it took part in, with how many. */
  codes: { code: string; events: number }[];
}

export interface DyadQuery {
  /** Actor code starts (`USA`, `USAGOV`, `PRK`). */
  source: string;
  target: string;
  /** false counts both directions. */
  directed?: boolean;
  interval?: 'day' | 'month';
  from?: string;
  to?: string;
  outlet?: string;
}

/** The events between two actors in one period: how many, how cooperative (mean Goldstein) and of which quad class. */
export interface DyadPeriod {
  period: string;
  events: number;
  /** Mean Goldstein score (-10 conflict .. +10 cooperation) of the period's events. */
  goldstein: number | null;
  /** Counts of quad classes 1..4 (verbal cooperation, material cooperation, verbal conflict, material conflict). */
  quadClasses: [number, number, number, number];
}

export interface NetworkQuery {
  /** country: codes cut to their first part (USAGOV → USA); actor: codes as coded. */
  level?: 'country' | 'actor';
  from?: string;
  to?: string;
  outlet?: string;
  /** Edges with fewer events are left out. */
  minEvents?: number;
  /** At most this many edges, the busiest. */
  limit?: number;
}

export interface ActorNetwork {
  nodes: { id: string; label: string; events: number }[];
  edges: { source: string; target: string; events: number; goldstein: number | null; quadClasses: [number, number, number, number] }[];
}

/** Where the connect stage has an article now; `movedSeq` is the position of its last move, null if it never moved. */
export interface Placement {
  id: string;
  story: number;
  storyline: number;
  movedSeq: number | null;
}
