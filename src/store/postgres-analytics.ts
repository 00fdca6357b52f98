/**
 * The PostgreSQL store's read-side views for exploring, as SqliteAnalytics gives them: search with filters and
 * facets, quotes by speaker, one entity's wordings, actor-pair timelines and the actor network. They read the
 * indexes the store keeps in step with current versions and never write.
 */
import type pg from 'pg';
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
import { finishSnippet, fullText, HEADLINE_OPTIONS, inSnapshot, page } from './postgres-common.js';
import { ARTICLE_COLUMNS, completionsFor, ftsToTsquery, QUOTE_COLUMNS, type FtsColumns } from './fts-query.js';
import { TEXT_SEARCH_CONFIG } from './postgres-migrations.js';
import type {
  ActorNetwork,
  DyadPeriod,
  DyadQuery,
  EntityDetail,
  FacetValue,
  ListOptions,
  NetworkQuery,
  QuoteHit,
  QuoteListOptions,
  SearchFacets,
  SearchHit,
  SearchOptions,
} from './types.js';

/**
 * ts_rank's weights for labels {D, C, B, A}: a headline word (A) counts twice a body word (B), as bm25's weights
 * do in the SQLite store; quotes weigh content (B) and speaker (A) alike. Normalisation 1 divides by 1 + the log of
 * the document's length, so long bodies do not win by size alone (bm25 normalises by length too).
 */
const ARTICLE_WEIGHTS = '{0, 0, 0.5, 1}';
const QUOTE_WEIGHTS = '{0, 0, 1, 1}';
const RANK_NORMALISATION = 1;

/** The search filters besides the words, over `c` (current_versions), with parameters $2..$7. */
const ARTICLE_FILTERS = `
  ($2::text IS NULL OR c.outlet = $2)
  AND ($3::text IS NULL OR c.published >= $3)
  AND ($4::text IS NULL OR c.published <= $4 || '~')
  AND ($5::text IS NULL OR EXISTS (
        SELECT 1 FROM spans sp WHERE sp.article_seq = c.seq AND sp.version = c.version AND sp.type = 'mention'
          AND sp.entity IN (SELECT $5 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $5)))
  AND ($6::text IS NULL OR EXISTS (
        SELECT 1 FROM event_index e WHERE e.article_seq = c.seq AND e.code >= $6 AND e.code < $6 || '~'))
  AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM event_index e WHERE e.article_seq = c.seq AND e.plover = $7))`;

/** The articles matching a search and its filters ($1 the tsquery text), with their rank (lower is better). */
const MATCHES = `
  SELECT c.seq, c.id, c.version, c.title, c.outlet, c.published, c.uri, c.body,
         -ts_rank('${ARTICLE_WEIGHTS}', s.document, q.query, ${RANK_NORMALISATION}) AS rank
  FROM (SELECT to_tsquery('${TEXT_SEARCH_CONFIG}', $1) AS query) q
  JOIN article_search s ON s.document @@ q.query
  JOIN current_versions c ON c.seq = s.article_seq
  WHERE ${ARTICLE_FILTERS}`;

function filterValues(tsquery: string, options: SearchOptions): unknown[] {
  return [tsquery, options.outlet ?? null, options.from ?? null, options.to ?? null, options.entity ?? null, options.code ?? null, options.plover ?? null];
}

export class PostgresAnalytics {
  constructor(private readonly pool: pg.Pool) {}

  /** The tsquery text for a query, each prefix searched beside the completions its stems need (`prefix-stems.ts`). */
  private async tsquery(query: string, columns: FtsColumns): Promise<string> {
    return ftsToTsquery(query, columns, await completionsFor(query, columns, (words) => this.stems(words)));
  }

  /** Stems as the index holds them: the first lexeme of each word under the search configuration. */
  private async stems(words: readonly string[]): Promise<(string | null)[]> {
    const { rows } = await this.pool.query<{ stem: string | null }>(
      `SELECT (SELECT lexeme FROM unnest(to_tsvector('${TEXT_SEARCH_CONFIG}', u.word)) LIMIT 1) AS stem
       FROM unnest($1::text[]) WITH ORDINALITY AS u(word, n) ORDER BY u.n`,
      [words],
    );
    return rows.map((row) => row.stem);
  }

  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const { limit, offset } = page('search', options);
    const tsquery = await this.tsquery(query, ARTICLE_COLUMNS);
    // Headlines only for the page asked for: ts_headline reads the whole body again.
    const { rows } = await fullText(query, () =>
      this.pool.query<SearchHit & { marked: string; body: string }>(
        `WITH hits AS (${MATCHES} ORDER BY rank, c.id LIMIT $8 OFFSET $9)
         SELECT h.id, h.version, h.title, h.outlet, h.published, h.uri, h.body, h.rank,
                ts_headline('${TEXT_SEARCH_CONFIG}', h.body, to_tsquery('${TEXT_SEARCH_CONFIG}', $1), '${HEADLINE_OPTIONS}') AS marked
         FROM hits h ORDER BY h.rank, h.id`,
        [...filterValues(tsquery, options), limit, offset],
      ),
    );
    return rows.map(({ marked, body, ...hit }) => ({ ...hit, snippet: finishSnippet(marked, body) }));
  }

  async facets(query: string, options: SearchOptions): Promise<SearchFacets> {
    const values = filterValues(await this.tsquery(query, ARTICLE_COLUMNS), options);
    return fullText(query, () =>
      inSnapshot(this.pool, async (client) => {
        const best = (
          await client.query<{ seq: number; outlet: string | null; published: string | null }>(
            `SELECT m.seq, m.outlet, m.published FROM (${MATCHES}) m ORDER BY m.rank, m.id LIMIT $8`,
            [...values, SEARCH_FACET_SAMPLE],
          )
        ).rows;
        const total =
          best.length < SEARCH_FACET_SAMPLE
            ? best.length
            : ((await client.query<{ n: number }>(`SELECT count(*) AS n FROM (${MATCHES}) m`, values)).rows[0]?.n ?? best.length);
        const seqs = best.map((b) => b.seq);
        // Entities by the articles of the set that mention them; one-word aliases counted under their full name.
        const entities = await client.query<FacetValue>(
          `SELECT coalesce(ea.entity, s.entity) AS value, coalesce(max(k.name), max(s.name)) AS label,
                  count(DISTINCT s.article_seq) AS count
           FROM articles a
           JOIN spans s ON s.article_seq = a.seq AND s.version = a.current_version AND s.type = 'mention'
           LEFT JOIN entity_aliases ea ON ea.alias = s.entity
           LEFT JOIN known_names k ON k.entity = coalesce(ea.entity, s.entity)
           WHERE a.seq = ANY($1::bigint[]) AND strpos(s.entity, '/description-') = 0
           GROUP BY 1 ORDER BY count DESC, value LIMIT $2`,
          [seqs, FACET_VALUES],
        );
        const roots = await client.query<FacetValue>(
          `SELECT e.root AS value, count(DISTINCT e.article_seq) AS count FROM event_index e
           WHERE e.article_seq = ANY($1::bigint[]) GROUP BY e.root ORDER BY count DESC, value`,
          [seqs],
        );
        const plover = await client.query<FacetValue>(
          `SELECT e.plover AS value, count(DISTINCT e.article_seq) AS count FROM event_index e
           WHERE e.article_seq = ANY($1::bigint[]) GROUP BY e.plover ORDER BY count DESC, value`,
          [seqs],
        );
        return {
          total,
          counted: best.length,
          ...outletAndMonthFacets(best),
          entities: entities.rows,
          eventRoots: roots.rows.map((r) => ({ ...r, label: ROOT_NAMES.get(r.value) ?? r.value })),
          plover: plover.rows,
        };
      }),
    );
  }

  async searchQuotes(query: string, options: ListOptions): Promise<QuoteHit[]> {
    const { limit, offset, outlet } = page('searchQuotes', options);
    const tsquery = await this.tsquery(query, QUOTE_COLUMNS);
    const { rows } = await fullText(query, () =>
      this.pool.query<QuoteHit & { marked: string }>(
        `WITH hits AS (
           SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, qs.span_id AS "spanId", qs.kind, qs.speaker,
                  qs.speaker_entity AS "speakerEntity", qs.content, qs.chain,
                  -ts_rank('${QUOTE_WEIGHTS}', qs.document, q.query, ${RANK_NORMALISATION}) AS rank
           FROM (SELECT to_tsquery('${TEXT_SEARCH_CONFIG}', $1) AS query) q
           JOIN quote_search qs ON qs.document @@ q.query
           JOIN current_versions c ON c.seq = qs.article_seq
           WHERE ($2::text IS NULL OR c.outlet = $2)
           ORDER BY rank, c.id, qs.span_id
           LIMIT $3 OFFSET $4)
         SELECT h.*, ts_headline('${TEXT_SEARCH_CONFIG}', h.content, to_tsquery('${TEXT_SEARCH_CONFIG}', $1), '${HEADLINE_OPTIONS}') AS marked
         FROM hits h ORDER BY h.rank, h.id, h."spanId"`,
        [tsquery, outlet, limit, offset],
      ),
    );
    return rows.map(({ marked, ...hit }) => ({ ...hit, snippet: finishSnippet(marked, hit.content) }));
  }

  async quotes(options: QuoteListOptions): Promise<QuoteHit[]> {
    const { limit, offset, outlet } = page('quotes', options);
    const { rows } = await this.pool.query<QuoteHit>(
      `SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, q.span_id AS "spanId", q.kind, q.speaker,
              q.speaker_entity AS "speakerEntity", q.content, q.chain, q.content AS snippet, 0 AS rank
       FROM quote_search q
       JOIN current_versions c ON c.seq = q.article_seq
       WHERE ($1::text IS NULL OR q.speaker_entity = $1
              OR q.speaker_entity IN (SELECT alias FROM entity_aliases WHERE entity = $1))
         AND ($2::text IS NULL OR c.outlet = $2)
       ORDER BY c.published DESC NULLS LAST, c.id, q.span_id
       LIMIT $3 OFFSET $4`,
      [options.entity ?? null, outlet, limit, offset],
    );
    return rows;
  }

  async entity(entity: string): Promise<EntityDetail | undefined> {
    return inSnapshot(this.pool, async (client) => {
      const wordings = (
        await client.query<{ text: string; form: string; count: number; outlets: string[] | null; name: string; label: string }>(
          `SELECT s.surface AS text, s.form, count(*) AS count,
                  array_agg(DISTINCT v.outlet) FILTER (WHERE v.outlet IS NOT NULL) AS outlets,
                  max(s.name) AS name, max(s.label) AS label
           FROM spans s
           JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
           JOIN article_versions v ON v.article_seq = s.article_seq AND v.version = s.version
           WHERE s.type = 'mention' AND s.entity IN (SELECT $1 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $1)
           GROUP BY 1, 2 ORDER BY count DESC, text`,
          [entity],
        )
      ).rows;
      if (wordings.length === 0) return undefined;
      const known = (await client.query<{ name: string; label: string }>('SELECT name, label FROM known_names WHERE entity = $1', [entity])).rows[0];
      const articles = (
        await client.query<{ n: number }>(
          `SELECT count(DISTINCT s.article_seq) AS n FROM spans s
           JOIN articles a ON a.seq = s.article_seq AND a.current_version = s.version
           WHERE s.type = 'mention' AND s.entity IN (SELECT $1 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $1)`,
          [entity],
        )
      ).rows[0]?.n;
      const codes = (
        await client.query<{ code: string; events: number }>(
          `SELECT code, count(*) AS events FROM (
             SELECT source AS code FROM event_index
               WHERE source_entity IN (SELECT $1 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $1)
             UNION ALL
             SELECT target AS code FROM event_index
               WHERE target_entity IN (SELECT $1 UNION ALL SELECT alias FROM entity_aliases WHERE entity = $1)) sides
           WHERE code <> '' GROUP BY code ORDER BY events DESC, code`,
          [entity],
        )
      ).rows;
      const longest = wordings.reduce((a, b) => (b.name.length > a.name.length ? b : a));
      return {
        entity,
        name: known?.name ?? longest.name,
        label: known?.label ?? longest.label,
        articles: articles ?? 0,
        mentions: wordings.reduce((n, w) => n + w.count, 0),
        names: mergeWordings(wordings).slice(0, ENTITY_WORDINGS),
        codes,
      };
    });
  }

  async dyadTimeline(query: DyadQuery): Promise<DyadPeriod[]> {
    const day = query.interval === 'day';
    const { rows } = await this.pool.query<{ period: string; code: string; quadClass: number; n: number }>(
      `SELECT left(e.event_date, $3) AS period, e.code, e.quad_class AS "quadClass", count(*) AS n
       FROM event_index e
       WHERE e.event_date ~ $4
         AND ((${codeStarts('e.source', '$1')} AND ${codeStarts('e.target', '$2')})
              OR ($5 AND ${codeStarts('e.source', '$2')} AND ${codeStarts('e.target', '$1')}))
         AND ($6::text IS NULL OR e.event_date >= $6)
         AND ($7::text IS NULL OR e.event_date <= $7 || '~')
         AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM current_versions c WHERE c.seq = e.article_seq AND c.outlet = $8))
       GROUP BY 1, 2, 3 ORDER BY 1`,
      [
        query.source,
        query.target,
        day ? 10 : 7,
        // Dates known to the day or month (an event dated only by its year or week has no place on the axis).
        day ? '^[0-9]{4}-[0-9]{2}-[0-9]{2}' : '^[0-9]{4}-[0-9]{2}',
        query.directed === false,
        query.from ?? null,
        query.to ?? null,
        query.outlet ?? null,
      ],
    );
    return dyadPeriods(rows);
  }

  async network(query: NetworkQuery): Promise<ActorNetwork> {
    const { rows } = await this.pool.query<{ source: string; target: string; code: string; quadClass: number; n: number }>(
      `SELECT left(e.source, $1) AS source, left(e.target, $1) AS target, e.code, e.quad_class AS "quadClass", count(*) AS n
       FROM event_index e
       WHERE e.source ~ '^[A-Z]' AND e.target ~ '^[A-Z]'
         AND ($2::text IS NULL OR e.event_date >= $2)
         AND ($3::text IS NULL OR e.event_date <= $3 || '~')
         AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM current_versions c WHERE c.seq = e.article_seq AND c.outlet = $4))
       GROUP BY 1, 2, 3, 4`,
      [query.level === 'actor' ? 1000 : 3, query.from ?? null, query.to ?? null, query.outlet ?? null],
    );
    return actorNetwork(rows, query);
  }
}
