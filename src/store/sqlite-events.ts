/**
 * Pages of stored events, by date, for any combination of filters. One prepared statement per combination of
 * the filters given (at most 2^10, made as they are asked for): a statement written for every filter at once,
 * `(@x IS NULL OR ...)`, keeps SQLite from using any index and reads every event of the corpus for each page.
 * The page is found in event_index alone, through the (event_date IS NULL, event_date, ...) index, and only
 * its rows are joined to their articles and spans: reading the article text of every candidate row made a page
 * of 50 cost seconds on 100,000 articles.
 */
import type Database from 'better-sqlite3';
import type { ArticleSummary, EventQuery } from './types.js';

export interface EventRow extends ArticleSummary {
  spanId: number;
  attrs: string;
  text: string;
  start: number;
  end: number;
}

type Filter = 'actor' | 'source' | 'target' | 'code' | 'plover' | 'entity' | 'quadClass' | 'outlet' | 'from' | 'to';

/**
 * The condition each filter adds. A leading `+` keeps SQLite off the source/target indexes for a code start:
 * a common country (a quarter of all events) would otherwise be read and sorted whole instead of walked in date
 * order until the page is full.
 */
const CONDITIONS: Record<Filter, string> = {
  actor: "(+e.source >= @actor AND +e.source < @actor || '~' OR +e.target >= @actor AND +e.target < @actor || '~')",
  source: "(+e.source >= @source AND +e.source < @source || '~')",
  target: "(+e.target >= @target AND +e.target < @target || '~')",
  code: "(e.code >= @code AND e.code < @code || '~')",
  plover: 'e.plover = @plover',
  entity: '(e.source_entity = @entity OR e.target_entity = @entity)',
  quadClass: 'e.quad_class = @quadClass',
  outlet: `e.article_seq IN (SELECT v.article_seq FROM article_versions v
                               JOIN articles a ON a.seq = v.article_seq AND a.current_version = v.version
                             WHERE v.outlet = @outlet)`,
  // The first term lets the listing index skip straight to dated events.
  from: '(e.event_date IS NULL) = 0 AND e.event_date >= @from',
  to: "(e.event_date IS NULL) = 0 AND e.event_date <= @to || '~'",
};
const FILTERS = Object.keys(CONDITIONS) as Filter[];

export class SqliteEventQueries {
  private readonly statements = new Map<string, Database.Statement<Record<string, unknown>, EventRow>>();

  constructor(private readonly db: Database.Database) {}

  page(query: EventQuery, limit: number, offset: number): EventRow[] {
    const given = FILTERS.filter((f) => query[f] !== undefined && query[f] !== null);
    const key = given.join(',');
    let statement = this.statements.get(key);
    if (!statement) {
      const where = given.length > 0 ? `WHERE ${given.map((f) => CONDITIONS[f]).join(' AND ')}` : '';
      statement = this.db.prepare<Record<string, unknown>, EventRow>(
        `WITH page AS MATERIALIZED (
           SELECT e.article_seq AS seq, e.span_id, e.event_date FROM event_index e
           ${where}
           ORDER BY e.event_date IS NULL, e.event_date, e.article_seq, e.span_id
           LIMIT @limit OFFSET @offset)
         SELECT c.id, c.version, c.title, c.outlet, c.published, c.uri, p.span_id AS spanId, s.attrs,
                c.text, s.start_offset AS start, s.end_offset AS end
         FROM page p
         JOIN current_versions c ON c.seq = p.seq
         JOIN spans s ON s.article_seq = p.seq AND s.version = c.version AND s.span_id = p.span_id
         ORDER BY p.event_date IS NULL, p.event_date, p.seq, p.span_id`,
      );
      this.statements.set(key, statement);
    }
    const params: Record<string, unknown> = { limit, offset };
    for (const f of given) params[f] = query[f];
    return statement.all(params);
  }
}
