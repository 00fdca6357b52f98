import type { CodedEvent } from '../events/types.js';

/**
 * The Document model: one original text, never rewritten, and typed spans that point into it.
 *
 * Offsets are JavaScript string indices (UTF-16 code units) into `Document.text`, half-open `[start, end)`.
 * `Document.origin` says where that text sits inside the input it was read from, so any span can be mapped
 * back to the input file (`origin.start + span.start`).
 */

/** Why a piece of text is not part of the article body. Each reason is a rule family, like a vfile rule id. */
export const REMOVAL_REASONS = [
  'promo', // "Join our ... Telegram channel", "Follow us on ...", "Click here to ..."
  'newsletter', // "Start your day with X." / "Sign up for the ... newsletter"
  'caption', // a photo caption
  'caption-repeat', // a second, near-identical variant of a caption already seen
  'credit', // "(Photo by ...)", "(White House/Released)", "Photo: AP"
  'agency-restriction', // "(AFP OUT)", "(NO SALES)"
  'toggle', // UI toggles scraped with the text: "MORE LESS", "Show more"
  'chrome', // site furniture: "Latest News", "Comments", mastheads, staff lists, footers
  'headline', // recovered as the document's title
  'dateline', // recovered as the document's dateline
  'date', // a line stating the publication date, recovered as `published`
  'byline', // recovered as the author
] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** Metadata fields a stage can recover from the text, each backed by a span. */
export type FieldName = 'title' | 'dateline' | 'published' | 'author' | 'outlet';

interface SpanBase {
  /** Stable within a document: assigned in insertion order by `Document.addSpan`. */
  id: number;
  start: number;
  end: number;
  /** The stage that produced the span, e.g. `clean`. */
  stage: string;
}

/** Text that belongs to the article body. */
export interface KeptSpan extends SpanBase {
  type: 'kept';
  /** Index of the body paragraph this span belongs to (several spans can share one). */
  paragraph: number;
}

/** Text left out of the body, with the reason and the rule that decided it. */
export interface RemovedSpan extends SpanBase {
  type: 'removed';
  reason: RemovalReason;
  /** The specific rule, e.g. `promo/social-channel`; finer than the reason. */
  rule: string;
}

/** A metadata value recovered from the text; `value` is normalised (an ISO date for `published`). */
export interface FieldSpan extends SpanBase {
  type: 'field';
  field: FieldName;
  value: string;
  rule: string;
}

/** What the input's markup says a stretch of text is (an HTML `<figcaption>`, `<h1>`, byline element). */
export type MarkupRole = 'caption' | 'headline' | 'byline';

/** Structure a reader knew and the plain text cannot show; cleaning reads it. */
export interface MarkupSpan extends SpanBase {
  type: 'markup';
  role: MarkupRole;
}

/** A sentence of the reading text (headline and body), as the language stage split it. */
export interface SentenceSpan extends SpanBase {
  type: 'sentence';
  /** Index of the sentence in reading order. */
  index: number;
}

/** CoNLL's four types, with countries, cities and other political places (GPE) told apart from LOC. */
export const ENTITY_LABELS = ['PER', 'ORG', 'GPE', 'LOC', 'MISC'] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

/**
 * How a mention names its entity: by name ("Mike Pompeo", "Pompeo"), by a title or role next to or instead of a
 * name ("Secretary of State"), by a description ("the North Korean dictator"), by a pronoun ("he"), or by an
 * adjective of nationality ("North Korean" for North Korea).
 */
export const MENTION_FORMS = ['name', 'title', 'description', 'pronoun', 'demonym'] as const;
export type MentionForm = (typeof MENTION_FORMS)[number];

/** A mention of an entity. Every mention of the same entity carries the same `entity` id, across documents. */
export interface MentionSpan extends SpanBase {
  type: 'mention';
  label: EntityLabel;
  form: MentionForm;
  /** Corpus-wide entity id, e.g. `person/kim-jong-un`, `country/PRK`, `org/united-press-international`. */
  entity: string;
  /** The entity's canonical name in this document (its fullest name, or the description if it has none). */
  name: string;
  /** Why the mention belongs to the entity, e.g. `ner`, `alias/surname`, `title/apposition`, `pronoun/nearest`. */
  rule: string;
}

export const TIMEX_TYPES = ['DATE', 'TIME', 'DURATION', 'SET'] as const;
export type TimexType = (typeof TIMEX_TYPES)[number];

/** A time expression normalised TimeML-style against the publication date. */
export interface TimexSpan extends SpanBase {
  type: 'timex';
  timexType: TimexType;
  /** TIMEX3 value: `2018-04-01`, `2018-04`, `P3D`, `XXXX-WXX-1`, `PRESENT_REF` ... */
  value: string;
  /** TIMEX3 mod where one applies: `START`, `END`, `APPROX`, `MORE_THAN` ... */
  mod?: string;
  rule: string;
}

/** A stretch of the original text: one piece of a cue, source or content. */
export interface TextRange {
  start: number;
  end: number;
}

export const ATTRIBUTION_KINDS = ['direct', 'indirect', 'mixed'] as const;
/** direct: the content is a verbatim quotation; mixed: partly quoted; indirect: reported in the writer's words. */
export type AttributionKind = (typeof ATTRIBUTION_KINDS)[number];

/**
 * One link of the way a statement reached the reader, from the speaker to the publisher: `venue` is where the
 * speaker said it ("in an interview with Fox & Friends"), `outlet` or `wire` a medium that carried it
 * ("The Asahi Shimbun", "United Press International reported"), `publisher` the outlet of this article.
 */
export interface ChainLink {
  name: string;
  role: 'speaker' | 'venue' | 'outlet' | 'wire' | 'publisher';
  /** Entity id where the link is an entity eventwire resolved. */
  entity?: string;
  /** Where the text names it; absent for the publisher, which the article's metadata names. */
  range?: TextRange;
}

/**
 * Who said (or thinks, or intends) what: a cue ("said", "according to", "reportedly"), a source and a content,
 * each as pieces of the original text, the speaker the source resolves to, and the chain of outlets the
 * statement travelled through. The span itself covers every piece, so a reader can highlight the whole.
 */
export interface AttributionSpan extends SpanBase {
  type: 'attribution';
  kind: AttributionKind;
  cue: TextRange[];
  source: TextRange[];
  content: TextRange[];
  speaker?: { entity: string; name: string };
  chain: ChainLink[];
  rule: string;
}

/**
 * A political event coded from one sentence (the span covers the sentence). Its actors, trigger words and
 * attribution point back into the same text; `event` carries the CAMEO/PLOVER coding.
 */
export interface EventSpan extends SpanBase {
  type: 'event';
  event: CodedEvent;
}

export type Span =
  | KeptSpan
  | RemovedSpan
  | FieldSpan
  | MarkupSpan
  | SentenceSpan
  | MentionSpan
  | TimexSpan
  | AttributionSpan
  | EventSpan;
export type SpanType = Span['type'];
/** A span as a stage proposes it, before the document gives it an id. */
export type NewSpan = Span extends infer S ? (S extends Span ? Omit<S, 'id'> : never) : never;

/** Where a document's text came from. */
export interface Origin {
  /** Path, URL or `stdin`, plus `#line=N` for a JSONL record. */
  uri: string;
  format: InputFormat;
  /** Offsets of this document's text inside the decoded input (several articles can share one input). */
  start: number;
  end: number;
  /** Encoding the input bytes were decoded from. */
  encoding: string;
}

export type InputFormat = 'txt' | 'html' | 'jsonl';

/** Facts the input states outside the text itself (JSONL fields, HTML meta tags). Used as hints by cleaning. */
export interface SourceHints {
  url?: string;
  outlet?: string;
  title?: string;
  /** As given; cleaning normalises it. */
  published?: string;
  author?: string;
}

/** Plain data form of a document: what the store persists and what crosses process boundaries. */
export interface DocumentData {
  /** Short stable id derived from `key`: the same article keeps its id across versions. */
  id: string;
  /** What makes two inputs "the same article": its URL, else its input path plus headline (or position). */
  key: string;
  /** sha256 of `text`: equal hashes mean an unchanged article, a new hash under the same key a new version. */
  contentHash: string;
  text: string;
  origin: Origin;
  hints: SourceHints;
  spans: Span[];
}
