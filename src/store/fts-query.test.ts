/**
 * The FTS5 query syntax read for PostgreSQL: checked against SQLite's FTS5 itself, which must accept and refuse the
 * same queries, and against PostgreSQL's to_tsquery, which must parse every translation (when a server is there).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../../test/services.js';
import { ARTICLE_COLUMNS, completionsFor, fts5WithCompletions, ftsToTsquery, QUOTE_COLUMNS } from './fts-query.js';
import { sqliteStemmer } from './sqlite-stems.js';
import { MalformedQueryError } from './errors.js';

const fts5 = new Database(':memory:');
fts5.exec(`CREATE VIRTUAL TABLE t USING fts5 (title, body, tokenize = 'porter unicode61 remove_diacritics 2')`);
afterAll(() => fts5.close());
const serverUrl = await postgresUrl();

/** Whether FTS5 accepts the query: undefined when it does, its message when it does not. */
function fts5Refusal(query: string): string | undefined {
  try {
    fts5.prepare('SELECT count(*) FROM t WHERE t MATCH ?').get(query);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function translation(query: string): string | MalformedQueryError {
  try {
    return ftsToTsquery(query, ARTICLE_COLUMNS);
  } catch (error) {
    if (error instanceof MalformedQueryError) return error;
    throw error;
  }
}

/** NEAR groups and ^ (column start) are FTS5 syntax this store refuses rather than approximates. */
const unsupported = (query: string): boolean => /\^|NEAR\s*\(/.test(query);

describe('FTS5 queries as PostgreSQL tsqueries', () => {
  it('writes words, phrases, prefixes, operators and column filters as tsquery operators over quoted words', () => {
    expect(ftsToTsquery('protest')).toBe("'protest'");
    expect(ftsToTsquery('"strong earthquake"')).toBe("'strong earthquake'");
    expect(ftsToTsquery('earth*')).toBe("'earth':*");
    expect(ftsToTsquery('"strong earth"*')).toBe("'strong' <-> 'earth':*");
    expect(ftsToTsquery('strong + earthquake')).toBe("('strong') <-> ('earthquake')");
    expect(ftsToTsquery('a OR b c')).toBe("('a') | (('b') & ('c'))");
    expect(ftsToTsquery('a NOT b AND c')).toBe("(('a') & !('b')) & ('c')");
    expect(ftsToTsquery('title: zurich')).toBe("'zurich':A");
    expect(ftsToTsquery('-title: (zurich OR bern)')).toBe("('zurich':B) | ('bern':B)");
    expect(ftsToTsquery('{title body}: zurich')).toBe("'zurich'");
    expect(ftsToTsquery('speaker: pompeo', QUOTE_COLUMNS)).toBe("'pompeo':A");
    // A filter on a column kept unindexed (as FTS5 keeps it) matches nothing: weight D is never indexed.
    expect(ftsToTsquery('kind: direct', QUOTE_COLUMNS)).toBe("'direct':D");
    expect(ftsToTsquery('title: (body: x)')).toBe("'x':D");
    // Quotes and backslashes inside a phrase stay inside its operand.
    expect(ftsToTsquery(`"it's a \\ b"`)).toBe(`'it''s a \\\\ b'`);
    expect(ftsToTsquery(`"' | !x & '"`)).toBe(`''' | !x & '''`);
  });

  it('refuses what FTS5 refuses, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /syntax error near ""/],
      ['AND', /syntax error near "AND"/],
      ['"unterminated', /unterminated string/],
      ['quake AND (', /syntax error near ""/],
      ['nosuchcolumn: x', /no such column: nosuchcolumn/],
      ["Kim's", /syntax error near "'"/],
      ['(a OR b) c', /syntax error near "c"/],
      ['* earth', /cannot start with "\*"/],
      ['NEAR(a b)', /NEAR\(\.\.\.\) groups are not supported/],
      ['^start', /"\^" .* is not supported/],
    ];
    for (const [query, message] of cases) {
      const result = translation(query);
      expect(result, query).toBeInstanceOf(MalformedQueryError);
      expect((result as Error).message).toMatch(message);
      expect((result as Error).message).toContain(JSON.stringify(query));
    }
  });

  // Queries made of the pieces the syntax has, so most are near misses of valid ones.
  const pieces = ['quake', 'Zürich', 'x1', 'AND', 'OR', 'NOT', 'and', '"', '"a b"', '(', ')', '*', ':', 'title', 'body', 'speaker', '-', '{', '}', '+', ',', '.', "'", '_'];
  const queryArb = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).chain((parts) =>
    fc.array(fc.constantFrom('', ' '), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => `${p}${gaps[i]}`).join('')),
  );

  it('accepts exactly the queries FTS5 accepts (property)', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        fc.pre(!unsupported(query));
        const refusal = fts5Refusal(query);
        const result = translation(query);
        expect(result instanceof MalformedQueryError, `${JSON.stringify(query)}: FTS5 says ${refusal ?? 'fine'}`).toBe(refusal !== undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('writes a prefix beside its completions, in words, phrases and column filters', () => {
    const completions = new Map([['negotiat', ['negotiation']], ['earth', ['earthly', 'earthed']]]);
    expect(ftsToTsquery('negotiat*', ARTICLE_COLUMNS, completions)).toBe("('negotiat':* | 'negotiation':*)");
    expect(ftsToTsquery('"peace negotiat"*', ARTICLE_COLUMNS, completions)).toBe("'peace' <-> ('negotiat':* | 'negotiation':*)");
    expect(ftsToTsquery('title: Negotiat*', ARTICLE_COLUMNS, completions)).toBe("('Negotiat':*A | 'negotiation':*A)");
    expect(fts5WithCompletions('negotiat*', ARTICLE_COLUMNS, completions)).toBe('("negotiat"* OR "negotiation"*)');
    expect(fts5WithCompletions('"peace negotiat"* + earth*', ARTICLE_COLUMNS, completions)).toBe(
      '("peace negotiat"* + "earth"* OR "peace negotiat"* + "earthly"* OR "peace negotiat"* + "earthed"* OR "peace negotiation"* + "earth"* OR ' +
        '"peace negotiation"* + "earthly"* OR "peace negotiation"* + "earthed"*)',
    );
    expect(fts5WithCompletions('-title: (negotiat* OR x)', ARTICLE_COLUMNS, completions)).toBe('- {title} : ((("negotiat"* OR "negotiation"*)) OR ("x"))');
    // Nothing to complete: the query runs as written.
    expect(fts5WithCompletions('NEAR(a b)', ARTICLE_COLUMNS, new Map())).toBe('NEAR(a b)');
  });

  it("completes only the prefixes whose words' stems the prefix misses, with SQLite's own stemmer", async () => {
    const stemmer = sqliteStemmer();
    try {
      const completions = await completionsFor('negotiat* AND harb* AND "peace organiz"* AND sanctio* AND x NEAR', ARTICLE_COLUMNS, stemmer);
      expect([...completions.keys()].sort()).toEqual(['negotiat', 'organiz']);
      const stems = stemmer(completions.get('negotiat')!);
      expect(stems).toContain('negoti');
      // One completion a stem, none reached by the prefix's own stem.
      expect(new Set(stems).size).toBe(stems.length);
      expect(stems.every((stem) => !stem!.startsWith('negotiat'))).toBe(true);
      // A query this module cannot read, and one without prefixes, get none.
      expect((await completionsFor('NEAR(negotiat* b)', ARTICLE_COLUMNS, stemmer)).size).toBe(0);
      expect((await completionsFor('negotiations', ARTICLE_COLUMNS, stemmer)).size).toBe(0);
    } finally {
      stemmer.close();
    }
  });

  it('written out again, a query matches what it matched as typed, and completions only add (property)', () => {
    const rows: [string, string][] = [
      ['quake shakes Zürich', 'a b x1'],
      ['x1 quakes', 'the body a'],
      ['Zurich title', 'b a quake'],
      ['nothing here', 'quaking and shaking'],
    ];
    const corpus = new Database(':memory:');
    corpus.exec(`CREATE VIRTUAL TABLE t USING fts5 (title, body, tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = corpus.prepare('INSERT INTO t (title, body) VALUES (?, ?)');
    for (const row of rows) insert.run(...row);
    const matches = (query: string): number[] => corpus.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').all(query).map((r) => r.rowid);
    // A completion for a word the queries never use forces the query to be written out again unchanged.
    const unused = new Map([['zzzz', ['zzzzing']]]);
    const added = new Map([['quake', ['quaking']], ['x1', ['x1s']], ['title', ['titles']]]);
    try {
      fc.assert(
        fc.property(queryArb, (query) => {
          fc.pre(!unsupported(query) && fts5Refusal(query) === undefined);
          const asTyped = matches(query);
          expect(matches(fts5WithCompletions(query, ARTICLE_COLUMNS, unused)), query).toEqual(asTyped);
          const completed = matches(fts5WithCompletions(query, ARTICLE_COLUMNS, added));
          if (!query.includes('NOT')) expect(completed, query).toEqual(expect.arrayContaining(asTyped));
        }),
        { numRuns: 3000 },
      );
    } finally {
      corpus.close();
    }
  });

  it.skipIf(!serverUrl)('writes tsquery text PostgreSQL parses, for every query FTS5 accepts (property)', async () => {
    const client = new pg.Client({ connectionString: serverUrl! });
    await client.connect();
    try {
      const accepted: string[] = [];
      fc.assert(
        fc.property(queryArb, (query) => {
          const result = translation(query);
          if (typeof result === 'string') accepted.push(result);
        }),
        { numRuns: 3000 },
      );
      expect(accepted.length).toBeGreaterThan(200);
      // english: the store's own configuration exists only in its databases; the syntax is the same.
      const { rows } = await client.query<{ n: string }>(`SELECT count(to_tsquery('english', q)) AS n FROM unnest($1::text[]) AS q`, [accepted]);
      expect(Number(rows[0]!.n)).toBe(accepted.length);
    } finally {
      await client.end();
    }
  });
});
