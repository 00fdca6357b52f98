/**
 * The connect stage end to end, through the CLI: stories and storylines of the sample corpus (written for the
 * project; its README says which happenings several outlets cover), incremental runs that agree with one run,
 * copies linked and counted once, the outlet comparison, the seed articles (one storyline, two stories), the
 * backfill of articles stored before the stage existed, and the ECB+ evaluations (read from ../shared).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connector } from '../src/connect/index.js';
import { ingest } from '../src/pipeline/ingest.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { StorySummary } from '../src/store/types.js';
import { projectRoot, runCli, sharedDir, tempDir } from './cli-helpers.js';

const sample = join(projectRoot, 'data', 'sample');
const seeds = join(sharedDir, 'seeds');
const ecbplus = join(sharedDir, 'data', 'ecbplus');

function cli(args: string[]): string {
  const run = runCli(args);
  if (run.status !== 0) throw new Error(`eventwire ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

function storiesOf(db: string): { storylines: { id: number; stories: number }[]; stories: StorySummary[] } {
  return JSON.parse(cli(['stories', '--db', db, '--json', '--limit', '1000']));
}

/** Stories as sets of article titles, order-free, for comparing two stores. */
async function partition(db: string): Promise<string[]> {
  const store = openSqliteStore(db);
  try {
    const out: string[] = [];
    for (const s of await store.stories()) {
      const detail = await store.story(s.id);
      out.push(detail!.articlesInStory.map((a) => a.title ?? a.id).sort().join(' | '));
    }
    return out.sort();
  } finally {
    await store.close();
  }
}

const sampleFiles = readdirSync(sample).filter((f) => /\.(txt|html|jsonl)$/.test(f)).sort();

describe('stories of the sample corpus', () => {
  const db = join(tempDir('stories'), 'sample.db');
  cli(['ingest', '--no-progress', '--db', db, sample]);
  const { storylines, stories } = storiesOf(db);
  const storyWith = (title: RegExp): StorySummary[] => stories.filter((s) => s.title !== null && title.test(s.title));

  it('groups the four reports of the Singapore summit into one story, across four outlets', () => {
    const summit = stories.filter((s) => s.first === '2018-06-12');
    expect(summit).toHaveLength(1);
    expect(summit[0]!.articles).toBe(4);
    expect(summit[0]!.outlets).toHaveLength(4);
    expect(summit[0]!.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['Donald Trump', 'Kim Jong Un']));
  });

  it('keeps later developments of the same storyline in stories of their own', () => {
    // July's "gangster-like" complaint, reported by two outlets, is not the June summit.
    const july = stories.filter((s) => s.first === '2018-07-07');
    expect(july).toHaveLength(1);
    expect(july[0]!.articles).toBe(2);
    expect(july[0]!.last).toBe('2018-07-08');
    // The September Pyongyang summit and the end-of-war debate a week later are two stories.
    expect(stories.filter((s) => s.first === '2018-09-19')).toHaveLength(1);
    expect(stories.filter((s) => s.first === '2018-09-26')).toHaveLength(1);
    expect(storyWith(/Easter/)[0]!.articles).toBe(1);
    // One storyline: everything is US–North Korea diplomacy.
    expect(storylines).toHaveLength(1);
    expect(storylines[0]!.stories).toBe(stories.length);
  });

  it('compares the outlets of a story: what one reports that the others leave out, and their words for the same actor', () => {
    const summit = stories.find((s) => s.first === '2018-06-12')!;
    const comparison = JSON.parse(cli(['compare', String(summit.id), '--db', db, '--json']));
    expect(comparison.outlets).toHaveLength(4);
    // Every outlet leaves out something another reports.
    const missing = comparison.outlets.map((o: { events: { missing: string[] }; quotes: { missing: string[] } }) => o.events.missing.length + o.quotes.missing.length);
    expect(missing.every((n: number) => n > 0)).toBe(true);
    const kim = comparison.wording.actors.find((a: { entity: string }) => a.entity === 'person/kim-jong-un');
    expect(kim.byOutlet.length).toBeGreaterThanOrEqual(2);
    const text = cli(['compare', String(summit.id), '--db', db]);
    expect(text).toMatch(/leaves out/);
    expect(text).toMatch(/How outlets name the same actor/);
  });

  it('shows a story with its events merged across articles, counted like GDELT', () => {
    const summit = stories.find((s) => s.first === '2018-06-12')!;
    const shown = JSON.parse(cli(['story', String(summit.id), '--db', db, '--json']));
    expect(shown.story.articlesInStory).toHaveLength(4);
    const widest = Math.max(...shown.events.map((e: { numArticles: number }) => e.numArticles));
    expect(widest).toBeGreaterThanOrEqual(2);
    for (const e of shown.events) {
      expect(e.numSources).toBeLessThanOrEqual(e.numArticles);
      expect(e.numArticles).toBeLessThanOrEqual(e.numMentions);
    }
  });

  it('gives the same stories when the corpus arrives over several runs as in one', async () => {
    const split = join(tempDir('stories-split'), 'split.db');
    const dir = tempDir('stories-parts');
    const [first, second] = [sampleFiles.slice(0, 6), sampleFiles.slice(6)];
    for (const [i, part] of [first, second].entries()) {
      mkdirSync(join(dir, String(i)));
      for (const f of part) copyFileSync(join(sample, f), join(dir, String(i), f));
    }
    cli(['ingest', '--no-progress', '--db', split, join(dir, '0')]);
    // The run leaves a snapshot of its connect stage, which the next run starts from instead of replaying the store.
    const store = openSqliteStore(split);
    try {
      const snapshot = await store.connectorSnapshot();
      expect(snapshot && Connector.fromSnapshot(snapshot)?.articles).toBe(first.length);
    } finally {
      await store.close();
    }
    cli(['ingest', '--no-progress', '--db', split, join(dir, '1')]);
    // One run reads the files in the same order.
    const whole = join(tempDir('stories-whole'), 'whole.db');
    cli(['ingest', '--no-progress', '--db', whole, join(dir, '0'), join(dir, '1')]);
    expect(await partition(split)).toEqual(await partition(whole));
    // Ingesting again changes nothing.
    cli(['ingest', '--no-progress', '--db', split, join(dir, '0')]);
    expect(await partition(split)).toEqual(await partition(whole));
  });

  it('links a syndicated copy to its original, counts it once, and puts it in the same story', () => {
    const dir = tempDir('stories-copy');
    const original = readFileSync(join(sample, 'lanternfish-singapore-summit.txt'), 'utf8');
    const lines = original.split('\n');
    // Another outlet's headline and chrome around the wire text, edited as outlets do: a few words changed.
    const edited = lines.slice(1).map((line) => line.replace(/\bsaid\b/, 'told reporters').replace(/\bNorth Korean\b/, 'DPRK'));
    expect(edited.join('\n')).not.toBe(lines.slice(1).join('\n'));
    const copy = ['Wire: Trump, Kim pledge "new relations" in Singapore', 'By Lanternfish Wire staff', ...edited, 'Copyright Harbour Courier. All rights reserved.'].join('\n');
    writeFileSync(join(dir, 'zz-harbour-courier-copy.txt'), copy);
    const copyDb = join(dir, 'copy.db');
    cli(['ingest', '--no-progress', '--db', copyDb, sample, dir]);
    const { stories: withCopy } = storiesOf(copyDb);
    const summit = withCopy.filter((s) => s.first === '2018-06-12');
    expect(summit).toHaveLength(1);
    expect(summit[0]!.articles).toBe(4);
    expect(summit[0]!.duplicates).toBe(1);
    const shown = JSON.parse(cli(['story', String(summit[0]!.id), '--db', copyDb, '--json']));
    const copied = shown.story.articlesInStory.find((a: { duplicateOf: unknown }) => a.duplicateOf);
    expect(copied.duplicateOf.kind).toMatch(/near|contained/);
    expect(copied.duplicateOf.similarity).toBeGreaterThan(0.8);
  });

  it('connects articles stored before the connect stage existed, as ingest would have', async () => {
    const db2 = join(tempDir('stories-backfill'), 'old.db');
    const store = openSqliteStore(db2);
    try {
      await ingest([sample], store, { language: loadLanguageTools() });
      expect(await store.stories()).toHaveLength(0);
    } finally {
      await store.close();
    }
    expect(cli(['connect', '--db', db2])).toMatch(/Connected 17 articles/);
    expect(cli(['connect', '--db', db2])).toMatch(/Connected 0 articles/);
    const { stories: backfilled } = storiesOf(db2);
    const summit = backfilled.filter((s) => s.first === '2018-06-12');
    expect(summit).toHaveLength(1);
    expect(summit[0]!.articles).toBe(4);
  });

  it('refuses unknown and malformed story ids with a message', () => {
    const unknown = runCli(['story', '9999', '--db', db]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/no story 9999/);
    const malformed = runCli(['compare', 'abc', '--db', db]);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toMatch(/not a story number/);
  });
});

describe.skipIf(!existsSync(seeds))('stories of the seed articles', () => {
  it('puts the two seeds in one storyline but in different stories: they report different happenings', () => {
    const db = join(tempDir('stories-seeds'), 'seeds.db');
    cli(['ingest', '--no-progress', '--db', db, ...readdirSync(seeds).sort().map((f) => join(seeds, f))]);
    const { storylines, stories } = storiesOf(db);
    expect(storylines).toHaveLength(1);
    expect(stories).toHaveLength(2);
    expect(stories.every((s) => s.articles === 1)).toBe(true);
  });
});

describe.skipIf(!existsSync(ecbplus))('ECB+ evaluations', () => {
  it('clusters ECB+ articles into sub-topics at the target B-cubed F1 (0.92; TF-IDF average-link 0.861), on topics not used for training', () => {
    const result = JSON.parse(cli(['eval', 'stories', ecbplus, '--topics', '26-35', '--orders', '3', '--json']));
    expect(result.documents).toBe(237);
    expect(result.gold_subtopics).toBe(20);
    expect(result.subtopic_bcubed_f1).toBeGreaterThanOrEqual(0.92);
    expect(result.topic_bcubed_f1).toBeGreaterThan(0.8);
  }, 120_000);

  it('scores event coreference with the stable key, and the same-head-lemma baseline on request', () => {
    const result = JSON.parse(cli(['eval', 'event-coref', ecbplus, '--topics', '26-28', '--json']));
    expect(result.conll_f1).toBeGreaterThan(0.6);
    expect(result).toMatchObject({ document_clustering: 'eventwire stories', method: 'model' });
    const lemma = JSON.parse(cli(['eval', 'event-coref', ecbplus, '--topics', '26-28', '--method', 'lemma', '--json']));
    expect(lemma).toMatchObject({ method: 'lemma', mentions: result.mentions });
    expect(result.conll_f1).toBeGreaterThan(lemma.conll_f1);
    const wrong = runCli(['eval', 'event-coref', ecbplus, '--method', 'embeddings']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/--method <method>' argument 'embeddings' is invalid\. expected one of model, lemma, stem/);
  }, 120_000);

  it('names the folder when it is not an ECB+ release', () => {
    const run = runCli(['eval', 'stories', tempDir('not-ecb'), '--json']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/no ECB\+ folder/);
  });
});

if (!existsSync(seeds)) console.warn(`skipping seed story tests: ${seeds} not found (it sits beside the project in development and CI)`);
if (!existsSync(ecbplus)) console.warn(`skipping ECB+ evaluations: ${ecbplus} not found`);
