import Database from 'better-sqlite3';
import type { Stemmer } from './prefix-stems.js';

/** The tokenizer of the store's full-text tables (`migrations.ts`): stems come out as the index holds them. */
const INDEX_TOKENIZER = 'porter unicode61 remove_diacritics 2';

/**
 * Stems words with SQLite's own tokenizer: they are written to a scratch FTS5 table in memory and read back from
 * its vocabulary, one row a word.
 */
export function sqliteStemmer(): ((words: readonly string[]) => (string | null)[]) & Stemmer & { close(): void } {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE words USING fts5 (word, tokenize = '${INDEX_TOKENIZER}');
           CREATE VIRTUAL TABLE word_stems USING fts5vocab (words, 'instance');`);
  const clear = db.prepare('DELETE FROM words');
  const add = db.prepare<[number, string]>('INSERT INTO words (rowid, word) VALUES (?, ?)');
  const read = db.prepare<[], { doc: number; term: string }>('SELECT doc, term FROM word_stems WHERE offset = 0');
  const stemAll = db.transaction((words: readonly string[]): (string | null)[] => {
    clear.run();
    words.forEach((word, i) => add.run(i, word));
    const stems: (string | null)[] = words.map(() => null);
    for (const { doc, term } of read.all()) stems[doc] = term;
    return stems;
  });
  return Object.assign((words: readonly string[]) => stemAll(words), { close: () => db.close() });
}
