/**
 * The API's zod schemas: parameters, queries and bodies (validated), and responses (documented). Each is
 * registered with a name, so `/openapi.json` describes every route with them. Nested analysis results (spans,
 * coded and merged events, comparisons) are typed by the library and documented here by their top-level shape.
 */
import { z } from '@hono/zod-openapi';
import type { CitationGraph, MergedEvent, OutletComparison } from '../connect/index.js';
import type { DocumentData, Span } from '../document/types.js';
import { EXPORT_FORMATS } from '../events/export/index.js';
import { PLOVER_CATEGORIES } from '../events/ontology/plover.js';
import type { CodedEvent } from '../events/types.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

// ---------------------------------------------------------------------------------------------------------
// Parameters

/** A query parameter holding a whole number in [min, max]; the messages name the parameter. */
function wholeNumber(name: string, options: { min?: number; max?: number; description: string; example?: number }) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,15}$/, { error: `${name} must be a whole number ${range}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `${name} must be a whole number ${range}` })
        .max(max, { error: `${name} must be a whole number ${range}` }),
    )
    .openapi({
      type: 'integer',
      minimum: min,
      ...(max !== Number.MAX_SAFE_INTEGER ? { maximum: max } : {}),
      description: options.description,
      ...(options.example !== undefined ? { example: options.example } : {}),
    });
}

const limit = wholeNumber('limit', { max: MAX_LIMIT, description: `How many items (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`, example: 20 }).optional();
const offset = wholeNumber('offset', { description: 'How many items to skip (default 0).' }).optional();

export const PageQuery = z.object({ limit, offset });

const outlet = z.string().min(1).max(200).optional().openapi({ description: 'Only this outlet, exactly as stored.', example: 'Lanternfish Wire' });

export const ArticleListQuery = PageQuery.extend({ outlet }).openapi('ArticleListQuery');

/** Article ids are the store's: the first 12 hex digits of the sha256 of the article's identity. */
export const ArticleIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{12}$/, { error: 'an article id is 12 hexadecimal digits (see GET /api/articles)' })
    .openapi({ param: { name: 'id', in: 'path' }, example: '3f9a0c2b7d1e' }),
});

export const ArticleVersionQuery = z.object({
  version: wholeNumber('version', { min: 1, description: 'An earlier version (1 is the first); the current one when absent.' }).optional(),
});



export const ENTITY_LABELS = ['PER', 'ORG', 'GPE', 'LOC', 'MISC'] as const;

export const EntityListQuery = PageQuery.extend({
  label: z.enum(ENTITY_LABELS, { error: `label must be one of ${ENTITY_LABELS.join(', ')}` }).optional().openapi({ description: 'Only this type of entity.' }),
}).openapi('EntityListQuery');

export const EntityParams = z.object({
  entity: z
    .string()
    .regex(/^(person|org|country|place|misc)\/[^/\s]{1,200}$/, {
      error: 'an entity id looks like person/kim-jong-un (type, slash, name), URL-encoded in the path: person%2Fkim-jong-un',
    })
    .openapi({ param: { name: 'entity', in: 'path' }, description: 'Entity id, URL-encoded (the slash as %2F).', example: 'person%2Fkim-jong-un' }),
});

const actorCode = (name: string, description: string) =>
  z
    .string()
    .regex(/^[A-Z0-9]{1,30}$/, { error: `${name} must be an actor code or its start, in capitals (PRK, USAGOV)` })
    .optional()
    .openapi({ description, example: 'PRK' });
const isoDate = (name: string, description: string) =>
  z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { error: `${name} must be an ISO date: YYYY-MM-DD, YYYY-MM or YYYY` })
    .optional()
    .openapi({ description, example: '2018-06-12' });

export const EventFilters = z.object({
  actor: actorCode('actor', 'An actor code or its start, on either side.'),
  source: actorCode('source', 'Source actor code or its start.'),
  target: actorCode('target', 'Target actor code or its start.'),
  code: z
    .string()
    .regex(/^\d{2,4}$/, { error: 'code must be a CAMEO code or its start: 2 to 4 digits (04, 042)' })
    .optional()
    .openapi({ description: 'A CAMEO code or its start.', example: '04' }),
  plover: z
    .enum(PLOVER_CATEGORIES, { error: `plover must be one of ${PLOVER_CATEGORIES.join(', ')}` })
    .optional()
    .openapi({ description: 'A PLOVER category.' }),
  entity: z
    .string()
    .regex(/^(person|org|country|place|misc)\/\S{1,200}$/, { error: 'entity must be an entity id such as person/mike-pompeo' })
    .optional()
    .openapi({ description: 'An entity id on either side.', example: 'person/mike-pompeo' }),
  quadClass: z
    .enum(['1', '2', '3', '4'], { error: 'quadClass must be 1 (verbal cooperation), 2 (material cooperation), 3 (verbal conflict) or 4 (material conflict)' })
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', enum: [1, 2, 3, 4], description: 'CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.' }),
  outlet,
  from: isoDate('from', 'Events dated on or after (ISO, inclusive).'),
  to: isoDate('to', 'Events dated on or before (ISO, inclusive).'),
});

export const EventListQuery = EventFilters.extend(PageQuery.shape).openapi('EventListQuery');

const searchWords = z
  .string({ error: 'q is required: the words to search for (FTS5 syntax: words, "phrases", prefix*, AND, OR, NOT)' })
  .trim()
  .min(1, { error: 'q must not be empty' })
  .max(1000, { error: 'q must be at most 1,000 characters' })
  .openapi({ description: 'FTS5 query: words, "phrases", prefix*, AND, OR, NOT, parentheses.', example: 'gangster' });

/** What narrows a search besides its words. */
const SearchFilters = z.object({
  q: searchWords,
  outlet,
  from: isoDate('from', 'Articles published on or after (ISO, inclusive).'),
  to: isoDate('to', 'Articles published on or before (ISO, inclusive).'),
  entity: EventFilters.shape.entity.openapi({ description: 'Articles that mention this entity id.', example: 'person/kim-jong-un' }),
  code: EventFilters.shape.code.openapi({ description: 'Articles with an event whose CAMEO code starts so.', example: '04' }),
  plover: EventFilters.shape.plover.openapi({ description: 'Articles with an event of this PLOVER category.' }),
});

export const SearchQuery = SearchFilters.extend({
  ...PageQuery.shape,
  quotes: z
    .enum(['true', 'false'], { error: 'quotes must be true or false' })
    .optional()
    .openapi({ description: 'true searches what was said and who said it (quotes and reported speech) instead of articles; only outlet filters it.' }),
}).openapi('SearchQuery');

export const SearchFacetsQuery = SearchFilters.openapi('SearchFacetsQuery');

export const QuoteListQuery = PageQuery.extend({
  entity: EventFilters.shape.entity.openapi({ description: 'Only what this entity said.', example: 'person/mike-pompeo' }),
  outlet,
}).openapi('QuoteListQuery');

const actorCodeRequired = (name: string) =>
  z
    .string({ error: `${name} is required: an actor code or its start, in capitals (USA, PRKGOV)` })
    .regex(/^[A-Z0-9]{1,30}$/, { error: `${name} must be an actor code or its start, in capitals (PRK, USAGOV)` })
    .openapi({ example: name === 'source' ? 'USA' : 'PRK' });

export const DyadQuery = z
  .object({
    source: actorCodeRequired('source'),
    target: actorCodeRequired('target'),
    directed: z
      .enum(['true', 'false'], { error: 'directed must be true or false' })
      .optional()
      .openapi({ description: 'false (the default) counts both directions; true only source acting on target.' }),
    interval: z.enum(['day', 'month'], { error: 'interval must be day or month' }).optional().openapi({ description: 'Period length (default month).' }),
    from: isoDate('from', 'Events dated on or after (ISO, inclusive).'),
    to: isoDate('to', 'Events dated on or before (ISO, inclusive).'),
    outlet,
  })
  .openapi('DyadQuery');

export const NetworkQuery = z
  .object({
    level: z
      .enum(['country', 'actor'], { error: 'level must be country or actor' })
      .optional()
      .openapi({ description: 'country (default) joins the codes of one country (USAGOV, USAMIL → USA); actor keeps them apart.' }),
    from: isoDate('from', 'Events dated on or after (ISO, inclusive).'),
    to: isoDate('to', 'Events dated on or before (ISO, inclusive).'),
    outlet,
    minEvents: wholeNumber('minEvents', { min: 1, description: 'Leave out edges with fewer events (default 1).' }).optional(),
    limit: wholeNumber('limit', { min: 1, max: MAX_LIMIT, description: 'At most this many edges, the busiest (default 100).' }).optional(),
  })
  .openapi('NetworkQuery');


export const EventExportQuery = EventFilters.extend({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(', ')}` }).openapi({ description: 'GDELT 2.0 event TSV, PLOVER JSON, CSV or JSON Lines.' }),
  limit: wholeNumber('limit', { description: 'At most this many events (all when absent).' }).optional(),
  offset,
}).openapi('EventExportQuery');

const storyNumber = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, { error: `${name} must be a story number (see GET /api/stories)` })
    .transform(Number)
    .openapi({ type: 'integer', minimum: 0, param: { name, in: 'path' }, example: '1' });

export const StoryParams = z.object({ id: storyNumber('id') });

export const StoryListQuery = PageQuery.extend({
  storyline: wholeNumber('storyline', { description: 'Only the stories of this storyline.' }).optional(),
}).openapi('StoryListQuery');

export const CitationQuery = z.object({
  story: wholeNumber('story', { description: "Only the articles of this story; the whole corpus when absent." }).optional(),
});

export const JobParams = z.object({
  job: z
    .string()
    .regex(/^[0-9a-f-]{36}$/, { error: 'a job id is the UUID POST /api/ingest answered with' })
    .openapi({ param: { name: 'job', in: 'path' }, example: '0b7e2c44-3c1a-4c8e-9d0e-5f6a7b8c9d0e' }),
});

// ---------------------------------------------------------------------------------------------------------
// Bodies

const hint = (field: string) => z.string({ error: `${field} must be a string` }).max(2000, { error: `${field} must be at most 2,000 characters` }).optional();

export const IngestArticle = z
  .object({
    text: z.string({ error: 'text must be a string' }).optional().openapi({ description: 'The article as plain text (as scraped).' }),
    html: z.string({ error: 'html must be a string' }).optional().openapi({ description: 'The article as an HTML page.' }),
    url: hint('url').openapi({ description: "The article's URL: its identity (without one, its text is)." }),
    title: hint('title'),
    outlet: hint('outlet'),
    published: hint('published').openapi({ description: 'Publication date as given (ISO 8601 preferred).' }),
  })
  .refine((a) => (a.text ?? '').trim() !== '' || (a.html ?? '').trim() !== '', { error: 'each article needs a non-empty text or html' })
  .openapi('IngestArticle');

export const IngestBody = z
  .object({
    articles: z
      .array(IngestArticle, { error: 'articles must be an array of articles' })
      .min(1, { error: 'articles must hold at least one article' })
      .max(1000, { error: 'at most 1,000 articles a request' }),
  })
  .openapi('IngestRequest');

// ---------------------------------------------------------------------------------------------------------
// Responses

export const ErrorResponse = z
  .object({
    error: z.object({
      status: z.number().int().openapi({ example: 404 }),
      message: z.string().openapi({ example: 'no story 42 (see GET /api/stories)' }),
    }),
  })
  .openapi('Error');

/** `{ items, limit, offset }` around a list of items. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), limit: z.number().int(), offset: z.number().int() }).openapi(name);
}

export const ArticleSummary = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string().nullable(),
    outlet: z.string().nullable(),
    published: z.string().nullable().openapi({ description: 'ISO date' }),
    uri: z.string().openapi({ description: 'Where the text came from: URL, path, or api:<hash> for articles sent to the API.' }),
  })
  .openapi('ArticleSummary');

export const SearchHit = ArticleSummary.extend({
  snippet: z.string().openapi({ description: 'Excerpt around the match, matches wrapped in [ and ].' }),
  rank: z.number(),
}).openapi('SearchHit');

export const QuoteHit = ArticleSummary.extend({
  spanId: z.number().int(),
  kind: z.string(),
  speaker: z.string(),
  speakerEntity: z.string().nullable(),
  content: z.string(),
  chain: z.array(z.string()).openapi({ description: 'From the speaker to the publisher, each link as "name (role)".' }),
  snippet: z.string(),
  rank: z.number(),
}).openapi('QuoteHit');

const SpanSchema = z.custom<Span>(() => true).openapi('Span', {
  type: 'object',
  description:
    'A typed span over the original text: kept, removed, field, markup (cleaning); sentence, mention, timex (language); attribution; event. Offsets are UTF-16 code units into `doc.text`.',
  properties: {
    id: { type: 'integer' },
    type: { type: 'string', enum: ['kept', 'removed', 'field', 'markup', 'sentence', 'mention', 'timex', 'attribution', 'event'] },
    stage: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
  },
  required: ['id', 'type', 'stage', 'start', 'end'],
});

const DocumentSchema = z.custom<DocumentData>(() => true).openapi('Document', {
  type: 'object',
  description: 'The original text exactly as received and every span over it.',
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    contentHash: { type: 'string' },
    text: { type: 'string' },
    origin: { type: 'object' },
    hints: { type: 'object' },
    spans: { type: 'array', items: { $ref: '#/components/schemas/Span' } },
  },
  required: ['id', 'key', 'contentHash', 'text', 'origin', 'hints', 'spans'],
});
// Referenced by the Document's description above: registered so the reference resolves.
export const SpanComponent = SpanSchema;

const LinksSchema = z
  .object({
    story: z.number().int().nullable(),
    storyline: z.number().int().nullable(),
    probability: z.number().nullable(),
    duplicateOf: z.object({ id: z.string(), kind: z.string(), similarity: z.number() }).nullable(),
  })
  .openapi('ArticleLinks', { description: 'Where the connect stage put the article: its story and storyline, and the original it copies.' });

export const Article = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.number().int(),
    ingestedAt: z.string(),
    title: z.string().nullable(),
    outlet: z.string().nullable(),
    published: z.string().nullable(),
    dateline: z.string().nullable(),
    author: z.string().nullable(),
    body: z.string().openapi({ description: 'The clean body (kept spans joined).' }),
    doc: DocumentSchema,
    links: LinksSchema.optional(),
  })
  .openapi('Article');

export const EntitySummary = z
  .object({ entity: z.string(), name: z.string(), label: z.string(), articles: z.number().int(), mentions: z.number().int() })
  .openapi('EntitySummary');

const CodedEventSchema = z.custom<CodedEvent>(() => true).openapi('CodedEvent', {
  type: 'object',
  description: 'CAMEO/PLOVER coding with source, target, date, place, negation, modality, attribution and evidence ranges.',
  properties: {
    source: { type: 'object' },
    target: { type: 'object' },
    code: { type: 'string' },
    root: { type: 'string' },
    quadClass: { type: 'integer' },
    goldstein: { type: 'number' },
    plover: { type: 'object' },
    date: { type: 'string' },
    negated: { type: 'boolean' },
    modality: { type: 'string' },
    evidence: { type: 'object' },
  },
});

const FacetValue = z.object({ value: z.string(), label: z.string().optional(), count: z.number().int() });

export const SearchFacetsResponse = z
  .object({
    total: z.number().int().openapi({ description: 'All matching articles.' }),
    counted: z.number().int().openapi({ description: 'How many of the best matches the facets count (at most 2,000).' }),
    outlets: z.array(FacetValue),
    months: z.array(FacetValue).openapi({ description: 'Publication months, YYYY-MM, latest first.' }),
    entities: z.array(FacetValue).openapi({ description: 'Entity ids, with their names as labels.' }),
    eventRoots: z.array(FacetValue).openapi({ description: 'CAMEO root codes of the events in the articles, with their names.' }),
    plover: z.array(FacetValue),
  })
  .openapi('SearchFacets');

export const EntityDetailResponse = EntitySummary.extend({
  names: z
    .array(z.object({ text: z.string(), form: z.string(), count: z.number().int(), outlets: z.array(z.string()) }))
    .openapi({ description: 'Every wording used for the entity ("the North Korean leader"), most used first, with the outlets that used it.' }),
  codes: z.array(z.object({ code: z.string(), events: z.number().int() })).openapi({ description: 'CAMEO actor codes of its events.' }),
}).openapi('EntityDetail');

const QuadCounts = z
  .tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()])
  .openapi({ description: 'Events of quad class 1..4: verbal cooperation, material cooperation, verbal conflict, material conflict.' });
const meanGoldstein = z.number().nullable().openapi({ description: 'Mean Goldstein score, -10 (conflict) to +10 (cooperation).' });

export const DyadResponse = z
  .object({
    source: z.string(),
    target: z.string(),
    directed: z.boolean(),
    interval: z.enum(['day', 'month']),
    items: z.array(z.object({ period: z.string(), events: z.number().int(), goldstein: meanGoldstein, quadClasses: QuadCounts })),
  })
  .openapi('DyadTimeline');

export const NetworkResponse = z
  .object({
    nodes: z.array(z.object({ id: z.string(), label: z.string(), events: z.number().int() })),
    edges: z.array(
      z.object({ source: z.string(), target: z.string(), events: z.number().int(), goldstein: meanGoldstein, quadClasses: QuadCounts }),
    ),
  })
  .openapi('ActorNetwork');

export const StoredEvent = ArticleSummary.extend({
  spanId: z.number().int(),
  event: CodedEventSchema,
  sentence: z.string().openapi({ description: 'The sentence the event was coded from.' }),
}).openapi('StoredEvent');

const StoryActor = z.object({ entity: z.string(), name: z.string(), articles: z.number().int() });

export const StorySummary = z
  .object({
    id: z.number().int(),
    storyline: z.number().int(),
    title: z.string().nullable(),
    articles: z.number().int().openapi({ description: 'Articles counted once: copies left out.' }),
    duplicates: z.number().int(),
    first: z.string().nullable(),
    last: z.string().nullable(),
    outlets: z.array(z.string()),
    actors: z.array(StoryActor),
  })
  .openapi('StorySummary');

export const StorylineSummary = z
  .object({
    id: z.number().int(),
    title: z.string().nullable(),
    stories: z.number().int(),
    articles: z.number().int(),
    first: z.string().nullable(),
    last: z.string().nullable(),
  })
  .openapi('StorylineSummary');

const StoryArticle = ArticleSummary.extend({
  probability: z.number().nullable(),
  duplicateOf: z.object({ id: z.string(), kind: z.string(), similarity: z.number() }).nullable(),
}).openapi('StoryArticle');

const MergedEventSchema = z.custom<MergedEvent>(() => true).openapi('MergedEvent', {
  type: 'object',
  description: "One event across a story's articles: GDELT-style numMentions, numArticles, numSources, first and last seen, every mention.",
  properties: {
    id: { type: 'string' },
    code: { type: 'string' },
    numMentions: { type: 'integer' },
    numArticles: { type: 'integer' },
    numSources: { type: 'integer' },
    mentions: { type: 'array', items: { type: 'object' } },
  },
});

const CitationGraphSchema = z.custom<CitationGraph>(() => true).openapi('CitationGraph', {
  type: 'object',
  description: 'Who relays whom: outlets and reports as nodes, chains as edges with their evidence.',
  properties: { nodes: { type: 'array', items: { type: 'object' } }, edges: { type: 'array', items: { type: 'object' } } },
  required: ['nodes', 'edges'],
});
export const CitationGraphResponse = CitationGraphSchema;

export const StoryResponse = z
  .object({
    story: StorySummary.extend({ articlesInStory: z.array(StoryArticle) }),
    events: z.array(MergedEventSchema),
    citations: CitationGraphSchema,
  })
  .openapi('Story');

const ComparisonSchema = z.custom<OutletComparison>(() => true).openapi('OutletComparison', {
  type: 'object',
  description: 'What each outlet reports and leaves out, and the words each uses for the same actor and act, each with its span.',
  properties: {
    outlets: { type: 'array', items: { type: 'object' } },
    events: { type: 'array', items: { type: 'object' } },
    quotes: { type: 'array', items: { type: 'object' } },
    wording: { type: 'object' },
  },
});

export const CompareResponse = z
  .object({
    story: z.object({ id: z.number().int(), title: z.string().nullable(), storyline: z.number().int() }),
    comparison: ComparisonSchema,
  })
  .openapi('StoryComparison');

export const StatsResponse = z
  .object({
    articles: z.number().int(),
    versions: z.number().int(),
    outlets: z.array(z.object({ outlet: z.string(), articles: z.number().int() })),
    firstPublished: z.string().nullable(),
    lastPublished: z.string().nullable(),
    removed: z.array(z.object({ reason: z.string(), spans: z.number().int(), chars: z.number().int() })),
    inputErrors: z.number().int(),
    stories: z.number().int(),
    storylines: z.number().int(),
    copies: z.number().int(),
  })
  .openapi('Stats');

export const JOB_STATES = ['queued', 'loading', 'running', 'done', 'failed'] as const;

export const IngestJob = z
  .object({
    job: z.string(),
    state: z.enum(JOB_STATES).openapi({ description: 'loading: the analysis tools are being loaded (the first job only).' }),
    created: z.string(),
    finished: z.string().nullable(),
    total: z.number().int().openapi({ description: 'Articles sent.' }),
    processed: z.number().int().openapi({ description: 'Articles read so far.' }),
    error: z.string().nullable().openapi({ description: 'Why the whole job failed, if it did.' }),
    articles: z.array(
      z.object({
        index: z.number().int().openapi({ description: 'Position in the request.' }),
        status: z.enum(['pending', 'stored', 'failed']),
        stored: z
          .array(z.object({ id: z.string(), status: z.enum(['inserted', 'unchanged', 'new-version', 'reanalysed']), version: z.number().int() }))
          .openapi({ description: 'The articles stored from it (glued articles in one text give several).' }),
        errors: z.array(z.string()),
      }),
    ),
  })
  .openapi('IngestJob');
