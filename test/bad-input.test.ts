/**
 * A batch with bad inputs in it: each bad one gets an error naming it and its problem, the good ones are
 * stored, and nothing stored before is lost.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateArticles } from '../bench/generate-corpus.js';
import { runCli, tempDir } from './cli-helpers.js';

describe('bad input in a batch', () => {
  it('names each bad input and its problem, and ingests the rest', () => {
    const dir = tempDir('bad');
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    const [a, b, c, d] = [...generateArticles(4, 99)];
    writeFileSync(join(inputs, 'good-1.txt'), a!.text);
    writeFileSync(join(inputs, 'good-2.txt'), b!.text);
    // A PNG header and random bytes with NULs in them.
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(junk);
    writeFileSync(join(inputs, 'binary.txt'), junk);
    writeFileSync(join(inputs, 'empty.txt'), '');
    // Valid UTF-8 text with a truncated multi-byte sequence in the middle.
    writeFileSync(join(inputs, 'broken-utf8.txt'), Buffer.concat([Buffer.from('Caf\u00e9 owners said “yes” to the plan. '), Buffer.from([0xe2, 0x80]), Buffer.from(' The rest of the text is fine.')]));
    writeFileSync(join(inputs, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    const record = (article: typeof c) => JSON.stringify({ url: `https://example.org/${article!.fileName}`, outlet: article!.outlet, title: article!.title, published: article!.published, text: article!.text });
    writeFileSync(join(inputs, 'feed.jsonl'), [record(c), '{"url": "https://example.org/broken", "text": ', record(d), ''].join('\n'));

    const dbPath = join(dir, 'bad.db');
    const run = runCli(['ingest', inputs, '--db', dbPath, '--no-progress']);
    expect(run.status).toBe(1);
    const err = run.stderr;
    expect(err).toMatch(/binary\.txt: .*binary/);
    expect(err).toMatch(/empty\.txt: .*empty/);
    expect(err).toMatch(/broken-utf8\.txt: .*invalid UTF-8 at byte \d+/);
    expect(err).toMatch(/huge\.txt: .*52,428,800 bytes.*limit/);
    expect(err).toMatch(/feed\.jsonl#line=2: .*not JSON/);
    expect(run.stdout).toMatch(/4 article\(s\); 4 new/);

    const db = new Database(dbPath, { readonly: true });
    try {
      const titles = (db.prepare('SELECT title FROM article_versions ORDER BY title').all() as { title: string }[]).map((r) => r.title);
      expect(titles).toEqual([a!.title, b!.title, c!.title, d!.title].sort());
      expect((db.prepare('SELECT count(*) AS n FROM input_errors').get() as { n: number }).n).toBe(5);
    } finally {
      db.close();
    }

    // The same batch again changes nothing that was stored.
    const again = runCli(['ingest', inputs, '--db', dbPath, '--no-progress']);
    expect(again.stdout).toMatch(/4 article\(s\); 0 new, 0 new version\(s\), 4 unchanged/);
  }, 120_000);
});
