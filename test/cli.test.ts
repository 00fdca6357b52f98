/** The command line as a user drives it: demo, list, show, search, export, clean, stdin, versions. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runCli, sharedDir, tempDir } from './cli-helpers.js';

describe('eventwire CLI', () => {
  const dir = tempDir('cli');
  const db = join(dir, 'cli.db');

  it('names the default database in --help', () => {
    const env = { EVENTWIRE_DB: join(dir, 'somewhere', 'default.db') };
    const help = runCli(['--help'], { env });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(join(dir, 'somewhere', 'default.db'));
  });

  it('runs the demo on the sample corpus and summarises what it stored and cleaned', () => {
    const demo = runCli(['demo', '--db', db, '--no-progress']);
    expect(demo.status, demo.stderr).toBe(0);
    const articles = Number(/Store: (\d+) article/.exec(demo.stdout)?.[1]);
    expect(articles).toBeGreaterThanOrEqual(12);
    expect(demo.stdout).toMatch(/Outlets \((\d+)\)/);
    expect(Number(/Outlets \((\d+)\)/.exec(demo.stdout)![1])).toBeGreaterThanOrEqual(4);
    expect(demo.stdout).toMatch(/Dates: 2018-\d\d-\d\d to 2018-\d\d-\d\d/);
    expect(demo.stdout).toMatch(/People most reported: .*Kim Jong Un \(\d+ articles\)/);
    for (const reason of ['promo', 'caption', 'credit', 'chrome']) expect(demo.stdout).toMatch(new RegExp(`\\n  ${reason} +\\d+ span`));
    // a second demo stores nothing new
    const again = runCli(['demo', '--db', db, '--no-progress']);
    expect(again.stdout).toMatch(/0 new, 0 new version\(s\), \d+ unchanged/);
  });

  it('lists, shows, searches and exports', () => {
    const list = runCli(['list', '--db', db, '--json']);
    const rows = JSON.parse(list.stdout) as { id: string; title: string | null }[];
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const withTitle = rows.find((r) => r.title)!;

    const show = runCli(['show', withTitle.id, '--db', db]);
    expect(show.status).toBe(0);
    expect(show.stdout.split('\n')[0]).toBe(withTitle.title);
    expect(show.stdout).toMatch(/Removed \(\d+\):/);
    expect(show.stdout).toMatch(/\[(promo|caption|credit|chrome|headline|newsletter)\]/);

    const missing = runCli(['show', 'no-such-id', '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no article with id "no-such-id"');

    const search = runCli(['search', 'Singapore AND summit', '--db', db, '--json']);
    expect(search.status, search.stderr).toBe(0);
    expect((JSON.parse(search.stdout) as unknown[]).length).toBeGreaterThan(0);
    const malformed = runCli(['search', '"unclosed', '--db', db]);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toMatch(/malformed/i);

    const out = join(dir, 'export.jsonl');
    const exported = runCli(['export', '--db', db, '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(rows.length);
    const first = JSON.parse(lines[0]!) as { doc: { text: string; spans: { start: number; end: number }[] } };
    for (const span of first.doc.spans) expect(span.end).toBeLessThanOrEqual(first.doc.text.length);
  });

  it('shows entities and time expressions, lists entities across articles and the articles naming one', () => {
    const entities = runCli(['entities', '--db', db, '--json', '--label', 'PER']);
    expect(entities.status, entities.stderr).toBe(0);
    const people = JSON.parse(entities.stdout) as { entity: string; name: string; label: string; articles: number }[];
    const kim = people.find((p) => p.entity === 'person/kim-jong-un');
    // Every article of the sample corpus is about the talks; most name Kim Jong Un in some form.
    expect(kim?.articles).toBeGreaterThanOrEqual(10);
    expect(people.every((p) => p.label === 'PER')).toBe(true);

    const naming = runCli(['entities', 'person/kim-jong-un', '--db', db, '--json']);
    const ids = (JSON.parse(naming.stdout) as { id: string }[]).map((a) => a.id);
    expect(ids).toHaveLength(kim!.articles);

    const show = runCli(['show', ids[0]!, '--db', db]);
    expect(show.stdout).toMatch(/Entities \(\d+\):\n  PER  /);
    expect(show.stdout).toContain('person/kim-jong-un');
    expect(show.stdout).toMatch(/Time expressions \(\d+\):\n  (DATE|TIME|DURATION|SET) /);

    // The JSON document carries the spans: each mention and time expression points at its own words.
    const json = JSON.parse(runCli(['show', ids[0]!, '--db', db, '--json']).stdout) as {
      doc: { text: string; spans: { type: string; start: number; end: number; entity?: string; value?: string }[] };
    };
    const mentions = json.doc.spans.filter((s) => s.type === 'mention' && s.entity === 'person/kim-jong-un');
    expect(mentions.length).toBeGreaterThan(0);
    for (const m of mentions) expect(json.doc.text.slice(m.start, m.end)).toMatch(/Kim|North Korea|leader|dictator|chairman|he|his|him/i);
    expect(json.doc.spans.some((s) => s.type === 'timex' && /^\d{4}/.test(s.value ?? ''))).toBe(true);
  });

  it('searches quotes and prints attributions with offsets into the input file', () => {
    const quotes = runCli(['search', '--quotes', 'smoothly', '--db', db, '--json']);
    expect(quotes.status, quotes.stderr).toBe(0);
    const hits = JSON.parse(quotes.stdout) as { speakerEntity: string | null; kind: string; content: string; chain: string[] }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]).toMatchObject({ speakerEntity: 'person/donald-trump', kind: 'direct' });
    expect(hits[0]!.chain.at(-1)).toMatch(/\(publisher\)$/);
    // "he wrote on Twitter": the platform is where he said it.
    expect(hits[0]!.chain).toContain('Twitter (venue)');

    const file = join(projectRoot, 'data', 'sample', 'lanternfish-pompeo-easter-trip.txt');
    const printed = runCli(['quotes', file, '--json']);
    expect(printed.status, printed.stderr).toBe(0);
    const input = readFileSync(file, 'utf8');
    const { articles } = JSON.parse(printed.stdout) as {
      articles: { attributions: { kind: string; cue: { text: string; spans: { start: number; end: number }[] }; content: { text: string; spans: { start: number; end: number }[] }; chain: { name: string; role: string }[] }[] }[];
    };
    const all = articles.flatMap((a) => a.attributions);
    expect(all.length).toBeGreaterThan(5);
    for (const a of all) {
      for (const part of [a.cue, a.content]) {
        // Every piece is the input's own characters at the offsets given.
        expect(part.spans.map((r) => input.slice(r.start, r.end)).join(' … ')).toBe(part.text);
      }
      expect(a.chain.at(-1)).toEqual({ name: 'Lanternfish Wire', role: 'publisher', entity: null });
    }
    expect(all.some((a) => a.kind === 'direct')).toBe(true);
  });

  it('ingests from stdin and stores a changed article as a new version', () => {
    const v1 = 'Council approves new bus lanes\nMarch 1, 2024\nThe city council voted 7-2 on Monday to add bus lanes on three avenues.\n';
    const first = runCli(['ingest', '-', '--db', db, '--no-progress'], { input: v1 });
    expect(first.stdout).toMatch(/1 article\(s\); 1 new/);
    const v2 = v1.replace('7-2', '8-1');
    const second = runCli(['ingest', '-', '--db', db, '--no-progress'], { input: v2 });
    expect(second.stdout).toMatch(/0 new, 1 new version\(s\)/);
    const hits = JSON.parse(runCli(['search', '"bus lanes"', '--db', db, '--json']).stdout) as { id: string; version: number }[];
    expect(hits).toHaveLength(1);
    expect(hits[0]!.version).toBe(2);
    const old = runCli(['show', hits[0]!.id, '--db', db, '--version', '1']);
    expect(old.stdout).toContain('7-2');
  });

  it('prints the clean --json contract with offsets into the input file', () => {
    const file = join(dir, 'two.txt');
    const text = [
      'Get breaking news first: follow the Harbor Gazette on Telegram',
      'Ferry service resumes after storm',
      'January 9, 2024',
      'Ferries between the island and the mainland resumed on Tuesday after two days of high winds.',
      'Latest News',
    ].join('\n');
    writeFileSync(file, text);
    const run = runCli(['clean', file, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as { articles: { title: string; outlet: string; published: string; dateline: string | null; body: string; removed: { start: number; end: number; reason: string; text: string }[] }[] };
    expect(parsed.articles).toHaveLength(1);
    const [article] = parsed.articles;
    expect(article).toMatchObject({ title: 'Ferry service resumes after storm', outlet: 'Harbor Gazette', published: '2024-01-09', dateline: null });
    expect(article!.body).toBe('Ferries between the island and the mainland resumed on Tuesday after two days of high winds.');
    for (const r of article!.removed) expect(text.slice(r.start, r.end)).toBe(r.text);
    expect(article!.removed.map((r) => r.reason)).toEqual(['promo', 'headline', 'date', 'chrome']);
  });

  it.skipIf(!existsSync(join(sharedDir, 'seeds')))('cleans the seed files through the CLI', () => {
    const seeds = join(sharedDir, 'seeds');
    const run = runCli(['clean', seeds, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as { articles: { uri: string; published: string | null; dateline: string | null; title: string | null; removed: { start: number; end: number; text: string }[] }[] };
    expect(parsed.articles).toHaveLength(2);
    expect(parsed.articles[0]!.published).toBe('2018-06-21');
    expect(parsed.articles[1]!.dateline).toBe('WASHINGTON, DC');
    for (const a of parsed.articles) {
      const text = readFileSync(a.uri, 'utf8');
      for (const r of a.removed) expect(text.slice(r.start, r.end)).toBe(r.text);
    }
  });
});
