/**
 * The SQLite store's read-side views for exploring: search filters and facets, quotes by speaker, one entity's
 * wordings, actor-pair timelines and the actor network. They read the indexes the store keeps in step with
 * current versions (article_search, quote_search, event_index, the mention index) and never write.
 */
import type Database from 'better-sqlite3';
import { cameoCode, CAMEO_ROOTS } from '../events/ontology/cameo.js';
import { actorCodeLabel } from '../events/ontology/actors.js';
import { pageParams } from './paging.js';
import type {
  ActorNetwork,
  DyadPeriod,
  DyadQuery,
  EntityDetail,
  FacetValue,
  NetworkQuery,
  QuoteHit,
  QuoteListOptions,
  SearchFacets,
  SearchHit,
  SearchOptions,
} from './types.js';

/** Facets count the best matches only: enough to show what a search is made of, bounded on any corpus. */
export const SEARCH_FACET_SAMPLE = 2000;
const FACET_VALUES = 12;
const ENTITY_WORDINGS = 40;

/** bm25 weights: a word in the headline counts twice a word in the body. */
const TITLE_WEIGHT = 2;
const BODY_WEIGHT = 1;
/** Tokens of context in a snippet. */
export const SNIPPET_TOKENS = 16;

/** The filters besides the words, as SQL over `c` (current_versions) with named parameters. */
const ARTICLE_FILTERS = `
  (@outlet IS NULL OR c.outlet = @outlet)
  AND (@from IS NULL OR c.published >= @from)
  AND (@to IS NULL OR c.published <= @to || '~')
  AND (@entity IS NULL OR EXISTS (
        SELECT 1 FROM spans s WHERE s.article_seq = c.seq AND s.version = c.version AND s.type = 'mention'
          AND json_extract(s.attrs, '$.entity') IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity)))
  AND (@code IS NULL OR EXISTS (
        SELECT 1 FROM event_index e WHERE e.article_seq = c.seq AND e.code >= @code AND e.code < @code || '~'))
  AND (@plover IS NULL OR EXISTS (SELECT 1 FROM event_index e WHERE e.article_seq = c.seq AND e.plover = @plover))`;

interface FilterParams {
  outlet: string | null;
  from: string | null;
  to: string | null;
  entity: string | null;
  code: string | null;
  plover: string | null;
}

function filterParams(options: SearchOptions): FilterParams {
  return {
    outlet: options.outlet ?? null,
    from: options.from ?? null,
    to: options.to ?? null,
    entity: options.entity ?? null,
    code: options.code ?? null,
    plover: options.plover ?? null,
  };
}

/** An actor code start as a range condition on a column: `USA` matches USA, USAGOV, USAMIL… and uses the index. */
const codeStarts = (column: string, param: string): string => `(${column} >= ${param} AND ${column} < ${param} || '~')`;

const ROOT_NAMES: ReadonlyMap<string, string> = new Map(CAMEO_ROOTS.map((r) => [r.code, r.name]));

export class SqliteAnalytics {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      search: db.prepare<FilterParams & { query: string; limit: number; offset: number }, Omit<SearchHit, never>>(
        `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri,
                snippet(article_search, 1, '[', ']', '…', ${SNIPPET_TOKENS}) AS snippet,
                bm25(article_search, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS rank
         FROM article_search
         JOIN current_versions c ON c.seq = article_search.rowid
         WHERE article_search MATCH @query AND ${ARTICLE_FILTERS}
         ORDER BY rank, c.id
         LIMIT @limit OFFSET @offset`,
      ),
      count: db.prepare<FilterParams & { query: string }, { n: number }>(
        `SELECT count(*) AS n FROM article_search JOIN current_versions c ON c.seq = article_search.rowid
         WHERE article_search MATCH @query AND ${ARTICLE_FILTERS}`,
      ),
      best: db.prepare<FilterParams & { query: string; limit: number }, { seq: number; outlet: string | null; published: string | null }>(
        `SELECT c.seq, c.outlet, c.published FROM article_search JOIN current_versions c ON c.seq = article_search.rowid
         WHERE article_search MATCH @query AND ${ARTICLE_FILTERS}
         ORDER BY bm25(article_search, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), c.id
         LIMIT @limit`,
      ),
      // Entities by the articles of the set that mention them; one-word aliases counted under their full name.
      facetEntities: db.prepare<{ seqs: string; limit: number }, { value: string; label: string; count: number }>(
        `SELECT coalesce(ea.entity, m.raw) AS value,
                coalesce(k.name, max(m.name)) AS label,
                count(DISTINCT m.article_seq) AS count
         FROM (SELECT s.article_seq, json_extract(s.attrs, '$.entity') AS raw, json_extract(s.attrs, '$.name') AS name
               FROM json_each(@seqs) h
               JOIN articles a ON a.seq = h.value
               JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version
               WHERE s.type = 'mention') m
         LEFT JOIN entity_aliases ea ON ea.alias = m.raw
         LEFT JOIN known_names k ON k.entity = coalesce(ea.entity, m.raw)
         WHERE instr(m.raw, '/description-') = 0
         GROUP BY 1 ORDER BY count DESC, value LIMIT @limit`,
      ),
      facetRoots: db.prepare<{ seqs: string }, { value: string; count: number }>(
        `SELECT e.root AS value, count(DISTINCT e.article_seq) AS count
         FROM json_each(@seqs) h JOIN event_index e ON e.article_seq = h.value
         GROUP BY e.root ORDER BY count DESC, value`,
      ),
      facetPlover: db.prepare<{ seqs: string }, { value: string; count: number }>(
        `SELECT e.plover AS value, count(DISTINCT e.article_seq) AS count
         FROM json_each(@seqs) h JOIN event_index e ON e.article_seq = h.value
         GROUP BY e.plover ORDER BY count DESC, value`,
      ),
      quotes: db.prepare<{ entity: string | null; outlet: string | null; limit: number; offset: number }, Omit<QuoteHit, 'chain'> & { chain: string }>(
        `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, q.span_id AS spanId, q.kind, q.speaker,
                q.speaker_entity AS speakerEntity, q.content, q.chain, q.content AS snippet, 0 AS rank
         FROM quote_search q
         JOIN current_versions c ON c.seq = q.article_seq
         WHERE (@entity IS NULL OR q.speaker_entity = @entity
                OR q.speaker_entity IN (SELECT alias FROM entity_aliases WHERE entity = @entity))
           AND (@outlet IS NULL OR c.outlet = @outlet)
         ORDER BY c.published DESC NULLS LAST, c.id, q.span_id
         LIMIT @limit OFFSET @offset`,
      ),
      // The mention spans of an entity in current versions, grouped by their words (SQLite's substr counts
      // characters where JavaScript counts UTF-16 units: the same for every name outside the astral planes).
      entityMentions: db.prepare<{ entity: string }, { text: string; form: string; count: number; articles: number; outlets: string | null; name: string; label: string }>(
        `SELECT substr(v.text, s.start_offset + 1, s.end_offset - s.start_offset) AS text,
                json_extract(s.attrs, '$.form') AS form, count(*) AS count, count(DISTINCT s.article_seq) AS articles,
                json_group_array(DISTINCT v.outlet) FILTER (WHERE v.outlet IS NOT NULL) AS outlets,
                max(json_extract(s.attrs, '$.name')) AS name, max(json_extract(s.attrs, '$.label')) AS label
         FROM spans s
         JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
         JOIN article_versions v ON v.article_seq = s.article_seq AND v.version = s.version
         WHERE s.type = 'mention'
           AND json_extract(s.attrs, '$.entity') IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity)
         GROUP BY 1, 2 ORDER BY count DESC, text`,
      ),
      entityArticles: db.prepare<{ entity: string }, { n: number }>(
        `SELECT count(DISTINCT s.article_seq) AS n FROM spans s
         JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
         WHERE s.type = 'mention'
           AND json_extract(s.attrs, '$.entity') IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity)`,
      ),
      knownName: db.prepare<[string], { name: string; label: string }>('SELECT name, label FROM known_names WHERE entity = ?'),
      entityCodes: db.prepare<{ entity: string }, { code: string; events: number }>(
        `SELECT code, count(*) AS events FROM (
           SELECT source AS code FROM event_index
             WHERE source_entity IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity)
           UNION ALL
           SELECT target AS code FROM event_index
             WHERE target_entity IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity))
         WHERE code <> '' GROUP BY code ORDER BY events DESC, code`,
      ),
      dyad: db.prepare<
        { source: string; target: string; both: number; length: number; shape: string; from: string | null; to: string | null; outlet: string | null },
        { period: string; code: string; quadClass: number; n: number }
      >(
        `SELECT substr(e.event_date, 1, @length) AS period, e.code, e.quad_class AS quadClass, count(*) AS n
         FROM event_index e
         WHERE e.event_date GLOB @shape
           AND ((${codeStarts('e.source', '@source')} AND ${codeStarts('e.target', '@target')})
                OR (@both AND ${codeStarts('e.source', '@target')} AND ${codeStarts('e.target', '@source')}))
           AND (@from IS NULL OR e.event_date >= @from)
           AND (@to IS NULL OR e.event_date <= @to || '~')
           AND (@outlet IS NULL OR EXISTS (SELECT 1 FROM current_versions c WHERE c.seq = e.article_seq AND c.outlet = @outlet))
         GROUP BY 1, 2, 3 ORDER BY 1`,
      ),
      network: db.prepare<
        { cut: number; from: string | null; to: string | null; outlet: string | null },
        { source: string; target: string; code: string; quadClass: number; n: number }
      >(
        `SELECT substr(e.source, 1, @cut) AS source, substr(e.target, 1, @cut) AS target, e.code,
                e.quad_class AS quadClass, count(*) AS n
         FROM event_index e
         WHERE e.source GLOB '[A-Z]*' AND e.target GLOB '[A-Z]*'
           AND (@from IS NULL OR e.event_date >= @from)
           AND (@to IS NULL OR e.event_date <= @to || '~')
           AND (@outlet IS NULL OR EXISTS (SELECT 1 FROM current_versions c WHERE c.seq = e.article_seq AND c.outlet = @outlet))
         GROUP BY 1, 2, 3, 4`,
      ),
    };
  }

  search(query: string, options: SearchOptions): SearchHit[] {
    const { limit, offset } = pageParams('search', options);
    return this.s.search.all({ ...filterParams(options), query, limit, offset });
  }

  facets(query: string, options: SearchOptions): SearchFacets {
    const filters = { ...filterParams(options), query };
    return this.db.transaction((): SearchFacets => {
      const best = this.s.best.all({ ...filters, limit: SEARCH_FACET_SAMPLE });
      const total = best.length < SEARCH_FACET_SAMPLE ? best.length : (this.s.count.get(filters)?.n ?? best.length);
      const seqs = JSON.stringify(best.map((b) => b.seq));
      return {
        total,
        counted: best.length,
        outlets: tally(best.map((b) => b.outlet)),
        months: tally(best.map((b) => b.published?.slice(0, 7) ?? null)).sort((a, b) => b.value.localeCompare(a.value)),
        entities: this.s.facetEntities.all({ seqs, limit: FACET_VALUES }),
        eventRoots: this.s.facetRoots.all({ seqs }).map((r) => ({ ...r, label: ROOT_NAMES.get(r.value) ?? r.value })),
        plover: this.s.facetPlover.all({ seqs }),
      };
    })();
  }

  quotes(options: QuoteListOptions): QuoteHit[] {
    const { limit, offset, outlet } = pageParams('quotes', options);
    return this.s.quotes.all({ entity: options.entity ?? null, outlet, limit, offset }).map((row) => ({ ...row, chain: JSON.parse(row.chain) as string[] }));
  }

  entity(entity: string): EntityDetail | undefined {
    return this.db.transaction((): EntityDetail | undefined => {
      const wordings = this.s.entityMentions.all({ entity });
      if (wordings.length === 0) return undefined;
      const known = this.s.knownName.get(entity);
      const longest = wordings.reduce((a, b) => (b.name.length > a.name.length ? b : a));
      return {
        entity,
        name: known?.name ?? longest.name,
        label: known?.label ?? longest.label,
        articles: this.s.entityArticles.get({ entity })?.n ?? 0,
        mentions: wordings.reduce((n, w) => n + w.count, 0),
        names: mergeWordings(wordings).slice(0, ENTITY_WORDINGS),
        codes: this.s.entityCodes.all({ entity }),
      };
    })();
  }

  dyadTimeline(query: DyadQuery): DyadPeriod[] {
    const rows = this.s.dyad.all({
      source: query.source,
      target: query.target,
      both: query.directed === false ? 1 : 0,
      length: query.interval === 'day' ? 10 : 7,
      // Dates known to the day or month (an event dated only by its year or week has no place on the axis).
      shape: query.interval === 'day' ? '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' : '[0-9][0-9][0-9][0-9]-[0-9][0-9]*',
      from: query.from ?? null,
      to: query.to ?? null,
      outlet: query.outlet ?? null,
    });
    const periods = new Map<string, Tally>();
    for (const row of rows) {
      let tally = periods.get(row.period);
      if (!tally) periods.set(row.period, (tally = newTally()));
      addToTally(tally, row);
    }
    return [...periods].map(([period, tally]) => ({ period, ...finishTally(tally) }));
  }

  network(query: NetworkQuery): ActorNetwork {
    const rows = this.s.network.all({
      cut: query.level === 'actor' ? 1000 : 3,
      from: query.from ?? null,
      to: query.to ?? null,
      outlet: query.outlet ?? null,
    });
    const edges = new Map<string, { source: string; target: string; tally: Tally }>();
    for (const row of rows) {
      // An actor acting on itself (a government on its own country) is no edge of a network between actors.
      if (row.source === row.target) continue;
      const key = `${row.source}\t${row.target}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { source: row.source, target: row.target, tally: newTally() }));
      addToTally(edge.tally, row);
    }
    const kept = [...edges.values()]
      .filter((e) => e.tally.events >= (query.minEvents ?? 1))
      .sort((a, b) => b.tally.events - a.tally.events || a.source.localeCompare(b.source) || a.target.localeCompare(b.target))
      .slice(0, query.limit ?? 100);
    const nodeEvents = new Map<string, number>();
    for (const e of kept) {
      nodeEvents.set(e.source, (nodeEvents.get(e.source) ?? 0) + e.tally.events);
      nodeEvents.set(e.target, (nodeEvents.get(e.target) ?? 0) + e.tally.events);
    }
    return {
      nodes: [...nodeEvents]
        .map(([id, events]) => ({ id, label: actorCodeLabel(id), events }))
        .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id)),
      edges: kept.map((e) => ({ source: e.source, target: e.target, ...finishTally(e.tally) })),
    };
  }
}

function tally(values: (string | null)[]): FacetValue[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, FACET_VALUES);
}

/**
 * The same words in different case ("His", "his") are one wording, whatever form the language stage gave each
 * mention; the wording takes the form of most of its mentions (rows come most frequent first).
 */
function mergeWordings(rows: { text: string; form: string; count: number; outlets: string | null }[]): EntityDetail['names'] {
  const merged = new Map<string, { text: string; form: string; count: number; outlets: Set<string> }>();
  for (const row of rows) {
    const text = row.text.replace(/\s+/g, ' ').trim();
    const key = text.toLowerCase();
    let entry = merged.get(key);
    if (!entry) merged.set(key, (entry = { text, form: row.form, count: 0, outlets: new Set() }));
    entry.count += row.count;
    for (const outlet of JSON.parse(row.outlets ?? '[]') as string[]) entry.outlets.add(outlet);
  }
  return [...merged.values()]
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .map((e) => ({ text: e.text, form: e.form, count: e.count, outlets: [...e.outlets].sort() }));
}

interface Tally {
  events: number;
  goldsteinSum: number;
  scored: number;
  quadClasses: [number, number, number, number];
}

const newTally = (): Tally => ({ events: 0, goldsteinSum: 0, scored: 0, quadClasses: [0, 0, 0, 0] });

/** Goldstein scores come from the CAMEO codebook by code, as GDELT assigns them. */
function addToTally(tally: Tally, row: { code: string; quadClass: number; n: number }): void {
  tally.events += row.n;
  const goldstein = cameoCode(row.code)?.goldstein;
  if (goldstein !== undefined) {
    tally.goldsteinSum += goldstein * row.n;
    tally.scored += row.n;
  }
  if (row.quadClass >= 1 && row.quadClass <= 4) tally.quadClasses[row.quadClass - 1]! += row.n;
}

function finishTally(tally: Tally): Omit<DyadPeriod, 'period'> {
  return {
    events: tally.events,
    goldstein: tally.scored > 0 ? Math.round((tally.goldsteinSum / tally.scored) * 100) / 100 : null,
    quadClasses: tally.quadClasses,
  };
}
