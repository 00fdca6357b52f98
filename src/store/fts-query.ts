/**
 * The search syntax the SQLite store takes (FTS5's: words, "phrases", prefix*, AND, OR, NOT, parentheses, column
 * filters) read the way FTS5 reads it, and written as a PostgreSQL tsquery, or again as FTS5 with each prefix
 * searched beside its completions (`prefix-stems.ts`). Queries FTS5 refuses are refused here
 * too, with the same kind of message, as a MalformedQueryError, so the API answers 400 for the same inputs on
 * either store.
 *
 * The tsquery is text handed to `to_tsquery(config, $1)` as a bound parameter: every word is single-quoted (so
 * it is never read as an operator) and PostgreSQL's own parser and dictionaries split and stem it, exactly as
 * they did the indexed text.
 */
import { MalformedQueryError } from './errors.js';
import { prefixCompletions, type Stemmer } from './prefix-stems.js';

/**
 * The columns a query may filter on (`title: word`), with the tsvector weight label each was indexed under. A
 * column with no label is one FTS5 stores unindexed: a filter on it is valid and matches nothing.
 */
export type FtsColumns = Readonly<Record<string, 'A' | 'B' | 'C' | null>>;

/** Articles: headlines under weight A, bodies under B. */
export const ARTICLE_COLUMNS: FtsColumns = { title: 'A', body: 'B' };
/** Quotes: what was said (B) and who said it (A), plus the columns the SQLite quote index keeps unindexed. */
export const QUOTE_COLUMNS: FtsColumns = {
  content: 'B',
  speaker: 'A',
  article_seq: null,
  span_id: null,
  kind: null,
  speaker_entity: null,
  chain: null,
};

type Token =
  | { kind: 'string'; text: string; quoted: boolean }
  | { kind: 'AND' | 'OR' | 'NOT' | '(' | ')' | '{' | '}' | ':' | ',' | '+' | '*' | '-' | '^' }
  | { kind: 'end' };

/** A phrase: its pieces joined by `+` (each a bareword or a quoted string), any of them a prefix. */
interface Phrase {
  kind: 'phrase';
  pieces: { text: string; prefix: boolean }[];
}
type Expr =
  | Phrase
  | { kind: 'and' | 'or' | 'not'; left: Expr; right: Expr; /** Phrases side by side, not joined by AND. */ implicit?: true }
  | { kind: 'columns'; columns: string[]; exclude: boolean; expr: Expr };

/** Characters FTS5 allows in a bareword: ASCII letters, digits, underscore, 0x1A, and everything beyond ASCII. */
function isBarewordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0x80 || code === 0x1a || /[A-Za-z0-9_]/.test(ch);
}

const SINGLE_CHAR_TOKENS = new Set(['(', ')', '{', '}', ':', ',', '+', '*', '-', '^']);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/[ \t\n\r\f\v]/.test(ch)) {
      i++;
    } else if (SINGLE_CHAR_TOKENS.has(ch)) {
      tokens.push({ kind: ch as '(' });
      i++;
    } else if (ch === '"') {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= query.length) throw new MalformedQueryError(query, 'unterminated string');
        if (query[j] === '"') {
          if (query[j + 1] === '"') {
            text += '"';
            j += 2;
            continue;
          }
          break;
        }
        text += query[j];
        j++;
      }
      tokens.push({ kind: 'string', text, quoted: true });
      i = j + 1;
    } else if (isBarewordChar(ch)) {
      let j = i;
      while (j < query.length && isBarewordChar(query[j]!)) j++;
      const word = query.slice(i, j);
      // Operators are upper case only, as in FTS5: "and" is a word.
      tokens.push(word === 'AND' || word === 'OR' || word === 'NOT' ? { kind: word } : { kind: 'string', text: word, quoted: false });
      i = j;
    } else {
      throw new MalformedQueryError(query, `syntax error near "${ch}"`);
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** FTS5's grammar: OR binds loosest, then AND, then NOT; phrases side by side are ANDed. */
class Parser {
  private at = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
    private readonly columns: FtsColumns,
  ) {}

  parse(): Expr {
    const expr = this.expression(0);
    if (this.peek().kind !== 'end') this.fail();
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    this.at++;
    return token;
  }

  private expect(kind: Token['kind']): void {
    if (this.peek().kind !== kind) this.fail();
    this.at++;
  }

  private fail(): never {
    const token = this.peek();
    const near = token.kind === 'end' ? '' : token.kind === 'string' ? token.text : token.kind;
    throw new MalformedQueryError(this.query, `syntax error near "${near}"`);
  }

  private expression(minPrecedence: number): Expr {
    let left = this.primary();
    for (;;) {
      const kind = this.peek().kind;
      const precedence = kind === 'OR' ? 0 : kind === 'AND' ? 1 : kind === 'NOT' ? 2 : -1;
      if (precedence < minPrecedence || precedence < 0) return left;
      this.next();
      const right = this.expression(precedence + 1);
      left = { kind: kind === 'OR' ? 'or' : kind === 'AND' ? 'and' : 'not', left, right };
    }
  }

  /** `( expr )`, `colset : ( expr )`, or phrases side by side (each with an optional column filter). */
  private primary(): Expr {
    if (this.peek().kind === '(') {
      this.next();
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (this.startsColumnFilter() && this.columnFilterOpensGroup()) {
      const filter = this.columnSet();
      this.expect(':');
      this.expect('(');
      const inner = this.expression(0);
      this.expect(')');
      return { ...filter, expr: inner };
    }
    let list = this.filteredPhrase();
    while (this.startsPhraseOrFilter()) list = { kind: 'and', left: list, right: this.filteredPhrase(), implicit: true };
    return list;
  }

  private startsPhraseOrFilter(): boolean {
    const token = this.peek();
    return token.kind === 'string' || token.kind === '{' || token.kind === '-' || token.kind === '^';
  }

  private startsColumnFilter(): boolean {
    const token = this.peek();
    if (token.kind === '{' || token.kind === '-') return true;
    return token.kind === 'string' && this.peek(1).kind === ':';
  }

  /** Whether the column set ahead is followed by `: (`, which filters a whole expression. */
  private columnFilterOpensGroup(): boolean {
    let offset = 0;
    if (this.peek(offset).kind === '-') offset++;
    if (this.peek(offset).kind === '{') {
      while (this.peek(offset).kind !== '}' && this.peek(offset).kind !== 'end') offset++;
    }
    return this.peek(offset + 1).kind === ':' && this.peek(offset + 2).kind === '(';
  }

  private filteredPhrase(): Expr {
    if (this.startsColumnFilter()) {
      const filter = this.columnSet();
      this.expect(':');
      return { ...filter, expr: this.nearset() };
    }
    return this.nearset();
  }

  private columnSet(): { kind: 'columns'; columns: string[]; exclude: boolean } {
    const exclude = this.peek().kind === '-';
    if (exclude) this.next();
    const names: string[] = [];
    if (this.peek().kind === '{') {
      this.next();
      while (this.peek().kind === 'string') names.push((this.next() as { text: string }).text);
      if (names.length === 0) this.fail();
      this.expect('}');
    } else {
      const token = this.peek();
      if (token.kind !== 'string') this.fail();
      names.push(token.text);
      this.next();
    }
    const known = Object.keys(this.columns);
    const columns = names.map((name) => {
      const column = known.find((k) => k.toLowerCase() === name.toLowerCase());
      if (column === undefined) throw new MalformedQueryError(this.query, `no such column: ${name}`);
      return column;
    });
    return { kind: 'columns', columns, exclude };
  }

  private nearset(): Expr {
    const token = this.peek();
    if (token.kind === '^') {
      throw new MalformedQueryError(this.query, '"^" (a phrase at the start of a column) is not supported by the PostgreSQL store');
    }
    if (token.kind === 'string' && !token.quoted && token.text === 'NEAR' && this.peek(1).kind === '(') {
      throw new MalformedQueryError(this.query, 'NEAR(...) groups are not supported by the PostgreSQL store; use a "phrase" or AND');
    }
    return this.phrase();
  }

  private phrase(): Phrase {
    const pieces: Phrase['pieces'] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'string') this.fail();
      this.next();
      const prefix = this.peek().kind === '*';
      if (prefix) this.next();
      pieces.push({ text: token.text, prefix });
      if (this.peek().kind !== '+') return { kind: 'phrase', pieces };
      this.next();
    }
  }
}

/** A quoted tsquery operand: quotes doubled and backslashes escaped, so the text is only ever words. */
function operand(text: string, prefix: boolean, weights: string): string {
  // An operand with nothing to index would be a tsquery syntax error as '' : any punctuation is dropped alike.
  const body = text.trim() === '' ? '.' : text;
  const label = `${prefix ? '*' : ''}${weights}`;
  return `'${body.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${label ? `:${label}` : ''}`;
}

/** Completions searched beside a prefix (`prefix-stems.ts`), keyed by the lower-cased prefix. */
export type PrefixCompletions = ReadonlyMap<string, readonly string[]>;

/** A prefix applies to the last word of its piece only ("strong earth"* is strong, then earth...). */
function splitLastWord(text: string): { before: string[]; last: string } {
  const words = text.trim().split(/\s+/);
  const last = words.pop() ?? '';
  return { before: words, last };
}

function phraseQuery(phrase: Phrase, weights: string, completions: PrefixCompletions): string {
  const parts = phrase.pieces.map(({ text, prefix }) => {
    if (!prefix) return operand(text, false, weights);
    const { before, last } = splitLastWord(text);
    const alternatives = [last, ...(completions.get(last.toLowerCase()) ?? [])].map((word) => operand(word, true, weights));
    const lastQuery = alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`;
    return [...(before.length > 0 ? [operand(before.join(' '), false, weights)] : []), lastQuery].join(' <-> ');
  });
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' <-> ');
}

function toTsquery(expr: Expr, columns: FtsColumns, weights: string, completions: PrefixCompletions): string {
  switch (expr.kind) {
    case 'phrase':
      return phraseQuery(expr, weights, completions);
    case 'and':
      return `(${toTsquery(expr.left, columns, weights, completions)}) & (${toTsquery(expr.right, columns, weights, completions)})`;
    case 'or':
      return `(${toTsquery(expr.left, columns, weights, completions)}) | (${toTsquery(expr.right, columns, weights, completions)})`;
    case 'not':
      return `(${toTsquery(expr.left, columns, weights, completions)}) & !(${toTsquery(expr.right, columns, weights, completions)})`;
    case 'columns': {
      const chosen = Object.keys(columns).filter((c) => expr.columns.includes(c) !== expr.exclude);
      let labels = [...new Set(chosen.map((c) => columns[c]).filter((l): l is 'A' | 'B' | 'C' => l !== null))];
      // Nested filters narrow: only the columns both allow.
      if (weights !== '') labels = labels.filter((l) => weights.includes(l));
      // Weight D is never indexed: a filter that leaves no indexed column matches nothing, as in FTS5.
      const narrowed = labels.length === 0 ? 'D' : labels.sort().join('');
      const all = [...new Set(Object.values(columns).filter((l) => l !== null))].sort().join('');
      return toTsquery(expr.expr, columns, narrowed === all ? '' : narrowed, completions);
    }
  }
}

/** Reads an FTS5-syntax query; throws MalformedQueryError for one FTS5 would refuse (and for NEAR and ^). */
function parseFtsQuery(query: string, columns: FtsColumns): Expr {
  const tokens = tokenize(query);
  if (tokens.length === 1) throw new MalformedQueryError(query, 'syntax error near ""');
  if (tokens[0]!.kind === '*') throw new MalformedQueryError(query, 'a query cannot start with "*"');
  return new Parser(query, tokens, columns).parse();
}

/** The words a query searches as prefixes. */
function prefixWords(expr: Expr, into: string[] = []): string[] {
  if (expr.kind === 'phrase') {
    for (const piece of expr.pieces) if (piece.prefix) into.push(splitLastWord(piece.text).last);
  } else if (expr.kind === 'columns') {
    prefixWords(expr.expr, into);
  } else {
    prefixWords(expr.left, into);
    prefixWords(expr.right, into);
  }
  return into;
}

/**
 * The tsquery text for an FTS5-syntax query over the given columns, each prefix searched with its completions;
 * throws MalformedQueryError for a query FTS5 would refuse (and for NEAR and ^, which this store does not
 * support).
 */
export function ftsToTsquery(query: string, columns: FtsColumns = ARTICLE_COLUMNS, completions: PrefixCompletions = new Map()): string {
  return toTsquery(parseFtsQuery(query, columns), columns, '', completions);
}

/**
 * The completions to search beside each prefix of a query, found with the store's own stemmer. A query this
 * module cannot read gets none: FTS5 then reads (or refuses) it as written.
 */
export async function completionsFor(query: string, columns: FtsColumns, stem: Stemmer): Promise<PrefixCompletions> {
  if (!query.includes('*')) return new Map();
  let expr: Expr;
  try {
    expr = parseFtsQuery(query, columns);
  } catch (error) {
    if (error instanceof MalformedQueryError) return new Map();
    throw error;
  }
  return prefixCompletions(prefixWords(expr), stem);
}

/** An FTS5 string: double quotes doubled. */
function fts5String(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Past this many spellings of one phrase, its prefixes are searched as typed. */
const MAX_PHRASE_SPELLINGS = 64;

/** An FTS5 rendering: `simple` when it is phrases (column-filtered or side by side) without parentheses. */
interface Fts5Text {
  text: string;
  simple: boolean;
}

function fts5Phrase(phrase: Phrase, completions: PrefixCompletions): Fts5Text {
  // Each piece's spellings: as typed, then with each completion of its prefix word.
  const spellings = phrase.pieces.map(({ text, prefix }) => {
    if (!prefix) return [fts5String(text)];
    const { before, last } = splitLastWord(text);
    const head = before.length > 0 ? `${before.join(' ')} ` : '';
    return [last, ...(completions.get(last.toLowerCase()) ?? [])].map((word) => `${fts5String(head + word)}*`);
  });
  const total = spellings.reduce((n, s) => n * s.length, 1);
  const chosen = total > MAX_PHRASE_SPELLINGS ? spellings.map((s) => [s[0]!]) : spellings;
  let phrases = [''];
  for (const options of chosen) phrases = phrases.flatMap((start) => options.map((option) => (start ? `${start} + ${option}` : option)));
  return phrases.length === 1 ? { text: phrases[0]!, simple: true } : { text: `(${phrases.join(' OR ')})`, simple: false };
}

/** Whether a phrase has anything the tokenizer indexes (letters or digits): FTS5 skips one without, side by side. */
function hasTokens(expr: Expr): boolean {
  return expr.kind !== 'phrase' || expr.pieces.some((piece) => /[\p{L}\p{N}]/u.test(piece.text));
}

function toFts5(expr: Expr, completions: PrefixCompletions): Fts5Text {
  switch (expr.kind) {
    case 'phrase':
      return fts5Phrase(expr, completions);
    case 'columns': {
      const inner = toFts5(expr.expr, completions);
      const filter = `${expr.exclude ? '- ' : ''}{${expr.columns.join(' ')}} : `;
      return inner.simple && expr.expr.kind === 'phrase' ? { text: filter + inner.text, simple: true } : { text: `${filter}(${inner.text})`, simple: false };
    }
    default: {
      const left = toFts5(expr.left, completions);
      const right = toFts5(expr.right, completions);
      if (expr.kind === 'and' && expr.implicit) {
        // Side by side stays side by side while it can (FTS5 allows no group there); written with AND, a phrase
        // without tokens would match nothing instead of being skipped, so it is left out.
        if (left.simple && right.simple) return { text: `${left.text} ${right.text}`, simple: true };
        if (!hasTokens(expr.right)) return left;
        if (!hasTokens(expr.left)) return right;
      }
      const operator = expr.kind === 'and' ? 'AND' : expr.kind === 'or' ? 'OR' : 'NOT';
      return { text: `(${left.text}) ${operator} (${right.text})`, simple: false };
    }
  }
}

/**
 * The FTS5 query to run for a query: itself when no prefix has completions, and otherwise the same query written
 * out again with each prefix searched beside its completions.
 */
export function fts5WithCompletions(query: string, columns: FtsColumns, completions: PrefixCompletions): string {
  if (completions.size === 0) return query;
  return toFts5(parseFtsQuery(query, columns), completions).text;
}
