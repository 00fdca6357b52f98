/**
 * The SQLite store's read-side views for exploring: search filters and facets, quotes by speaker, one entity's
 * wordings, actor-pair timelines and the actor network. They read the indexes the store keeps in step with
 * current versions (article_search, quote_search, event_index, the mention index) and never write.
 */
import type Database from 'better-sqlite3';
import {
  actorNetwork,
  codeStarts,
  dyadPeriods,
  ENTITY_WORDINGS,
  FACET_VALUES,
  mergeWordings,
  outletAndMonthFacets,
  ROOT_NAMES,
  SEARCH_FACET_SAMPLE,
} from './analytics.js';
import { pageParams } from './paging.js';
import type {
  ActorNetwork,
  DyadPeriod,
  DyadQuery,
  EntityDetail,
  NetworkQuery,
  QuoteHit,
  QuoteListOptions,
  SearchFacets,
  SearchHit,
  SearchOptions,
} from './types.js';

/** bm25 weights: a word in the headline counts twice a word in the body. */
const TITLE_WEIGHT = 2;
const BODY_WEIGHT = 1;
/** Tokens of context in a snippet. */
export const SNIPPET_TOKENS = 16;

/** Current versions: what a filter on article fields selects from. */
const CURRENT = 'article_versions v JOIN articles a ON a.seq = v.article_seq AND a.current_version = v.version';

/**
 * The filters besides the words, as conditions on the full-text rowid (the article's seq). Each is a set
 * computed once (an uncorrelated IN), so the match is ranked in the full-text index alone and only the page's
 * articles are read; joining every match to its article first cost a read of each article's row (its text
 * included) for every match. The `+` keeps FTS5 from running the whole MATCH once per listed rowid.
 */
const MATCH_FILTERS = `
  (@outlet IS NULL OR +article_search.rowid IN (SELECT v.article_seq FROM ${CURRENT} WHERE v.outlet = @outlet))
  AND (@from IS NULL AND @to IS NULL OR +article_search.rowid IN (
        SELECT v.article_seq FROM ${CURRENT}
        WHERE v.published >= coalesce(@from, '') AND v.published <= coalesce(@to, '9999') || '~'))
  AND (@entity IS NULL OR +article_search.rowid IN (
        SELECT s.article_seq FROM spans s JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
        WHERE s.type = 'mention'
          AND json_extract(s.attrs, '$.entity') IN (SELECT @entity UNION ALL SELECT alias FROM entity_aliases WHERE entity = @entity)))
  AND (@code IS NULL OR +article_search.rowid IN (SELECT article_seq FROM event_index WHERE code >= @code AND code < @code || '~'))
  AND (@plover IS NULL OR +article_search.rowid IN (SELECT article_seq FROM event_index WHERE plover = @plover))`;

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

export class SqliteAnalytics {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      // snippet() in the ranked query itself: it is then computed for the page's rows only.
      search: db.prepare<FilterParams & { query: string; limit: number; offset: number }, { seq: number; snippet: string; rank: number }>(
        `SELECT article_search.rowid AS seq,
                snippet(article_search, 1, '[', ']', '…', ${SNIPPET_TOKENS}) AS snippet,
                bm25(article_search, ${TITLE_WEIGHT}, ${BODY_WEIGHT}) AS rank
         FROM article_search
         WHERE article_search MATCH @query AND ${MATCH_FILTERS}
         ORDER BY rank, seq
         LIMIT @limit OFFSET @offset`,
      ),
      count: db.prepare<FilterParams & { query: string }, { n: number }>(
        `SELECT count(*) AS n FROM article_search WHERE article_search MATCH @query AND ${MATCH_FILTERS}`,
      ),
      best: db.prepare<FilterParams & { query: string; limit: number }, { seq: number }>(
        `SELECT article_search.rowid AS seq FROM article_search
         WHERE article_search MATCH @query AND ${MATCH_FILTERS}
         ORDER BY bm25(article_search, ${TITLE_WEIGHT}, ${BODY_WEIGHT}), seq
         LIMIT @limit`,
      ),
      summaries: db.prepare<{ seqs: string }, Omit<SearchHit, 'snippet' | 'rank'> & { seq: number }>(
        `SELECT c.seq, c.id, c.version, c.title, c.outlet, c.published, c.uri
         FROM json_each(@seqs) h CROSS JOIN current_versions c ON c.seq = h.value`,
      ),
      // Entities by the articles of the set that mention them; one-word aliases counted under their full name.
      // CROSS JOIN fixes the order (the set first, then each article's spans by key), whatever the statistics say:
      // the other way round reads every mention span of the store once per article of the set.
      facetEntities: db.prepare<{ seqs: string; limit: number }, { value: string; label: string; count: number }>(
        `SELECT coalesce(ea.entity, m.raw) AS value,
                coalesce(k.name, max(m.name)) AS label,
                count(DISTINCT m.article_seq) AS count
         FROM (SELECT s.article_seq, json_extract(s.attrs, '$.entity') AS raw, json_extract(s.attrs, '$.name') AS name
               FROM json_each(@seqs) h
               CROSS JOIN articles a ON a.seq = h.value
               CROSS JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version
               WHERE s.type = 'mention') m
         LEFT JOIN entity_aliases ea ON ea.alias = m.raw
         LEFT JOIN known_names k ON k.entity = coalesce(ea.entity, m.raw)
         WHERE instr(m.raw, '/description-') = 0
         GROUP BY 1 ORDER BY count DESC, value LIMIT @limit`,
      ),
      facetRoots: db.prepare<{ seqs: string }, { value: string; count: number }>(
        `SELECT e.root AS value, count(DISTINCT e.article_seq) AS count
         FROM json_each(@seqs) h CROSS JOIN event_index e ON e.article_seq = h.value
         GROUP BY e.root ORDER BY count DESC, value`,
      ),
      facetPlover: db.prepare<{ seqs: string }, { value: string; count: number }>(
        `SELECT e.plover AS value, count(DISTINCT e.article_seq) AS count
         FROM json_each(@seqs) h CROSS JOIN event_index e ON e.article_seq = h.value
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
    return this.db.transaction((): SearchHit[] => {
      const ranked = this.s.search.all({ ...filterParams(options), query, limit, offset });
      const articles = this.summariesOf(ranked.map((r) => r.seq));
      return ranked.flatMap(({ seq, snippet, rank }) => {
        const article = articles.get(seq);
        return article ? [{ ...article, snippet, rank }] : [];
      });
    })();
  }

  /** The summaries of articles by seq. */
  private summariesOf(seqs: number[]): Map<number, Omit<SearchHit, 'snippet' | 'rank'>> {
    const rows = this.s.summaries.all({ seqs: JSON.stringify(seqs) });
    return new Map(rows.map(({ seq, ...summary }) => [seq, summary]));
  }

  facets(query: string, options: SearchOptions): SearchFacets {
    const filters = { ...filterParams(options), query };
    return this.db.transaction((): SearchFacets => {
      const bestSeqs = this.s.best.all({ ...filters, limit: SEARCH_FACET_SAMPLE }).map((b) => b.seq);
      const summaries = this.summariesOf(bestSeqs);
      const best = bestSeqs.map((seq) => ({ seq, outlet: summaries.get(seq)?.outlet ?? null, published: summaries.get(seq)?.published ?? null }));
      const total = best.length < SEARCH_FACET_SAMPLE ? best.length : (this.s.count.get(filters)?.n ?? best.length);
      const seqs = JSON.stringify(best.map((b) => b.seq));
      return {
        total,
        counted: best.length,
        ...outletAndMonthFacets(best),
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
        names: mergeWordings(wordings.map((w) => ({ ...w, outlets: JSON.parse(w.outlets ?? '[]') as string[] }))).slice(0, ENTITY_WORDINGS),
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
    return dyadPeriods(rows);
  }

  network(query: NetworkQuery): ActorNetwork {
    const rows = this.s.network.all({
      cut: query.level === 'actor' ? 1000 : 3,
      from: query.from ?? null,
      to: query.to ?? null,
      outlet: query.outlet ?? null,
    });
    return actorNetwork(rows, query);
  }
}

