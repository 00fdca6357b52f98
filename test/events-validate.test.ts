/**
 * `eventwire validate` on PETRARCH's validation records (../shared/data/petrarch2), coded from their raw text
 * with the dictionaries their <Environment> names. Skips where ../shared is absent (a user's fresh clone).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../src/events/validate/run.js';
import { runCli, sharedDir, tempDir } from './cli-helpers.js';

const records = join(sharedDir, 'data', 'petrarch2', 'PETR.UnitTest.dev.xml');
const haveRecords = existsSync(records);
if (!haveRecords) console.warn(`skipping PETRARCH validation tests: ${records} not found (it sits beside the project in development and CI)`);

describe.skipIf(!haveRecords)('PETRARCH validation records', () => {
  it('codes at least 90% of the scored records right from raw text', async () => {
    const { summary, results } = await validateFile(records);
    expect(summary.scored).toBe(results.filter((r) => r.expected !== null).length);
    expect(summary.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(summary.eventPrecision).toBeGreaterThan(0.9);
    // Categories that test single features each come out right in full.
    for (const category of ['SYNSET', 'VERB', 'DATE']) {
      const inCategory = results.filter((r) => r.category === category && r.expected !== null);
      expect(inCategory.length, category).toBeGreaterThan(0);
      expect(inCategory.filter((r) => !r.correct).map((r) => r.id), category).toEqual([]);
    }
  });

  it('prints the stable JSON interface and a report', () => {
    const json = runCli(['validate', records, '--json']);
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as { id: string; events: { source: string; target: string; code: string }[] }[];
    expect(parsed.length).toBeGreaterThan(100);
    const first = parsed.find((r) => r.events.length > 0)!;
    expect(Object.keys(first).sort()).toEqual(['events', 'id']);
    expect(Object.keys(first.events[0]!).sort()).toEqual(['code', 'source', 'target']);
    const report = runCli(['validate', records, '--report']);
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/\d+ of \d+ scored records right \(\d+\.\d%\)/);
  });

  it('names the records file and the dictionary when a dictionary is missing', () => {
    const dir = tempDir('validate-missing');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'records.xml');
    writeFileSync(
      file,
      '<Validation><Environment><Verbfile>nowhere.verbs.txt</Verbfile></Environment><Sentences>' +
        '<Sentence date="20200101" id="X-1" category="T"><EventCoding noevents="True"></EventCoding><Text>Nothing here.</Text></Sentence>' +
        '</Sentences></Validation>',
    );
    const result = runCli(['validate', file, '--json']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('records.xml');
    expect(result.stderr).toContain('nowhere.verbs.txt');
  });

  it('rejects a file with no records, naming it', () => {
    const dir = tempDir('validate-empty');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'empty.xml');
    writeFileSync(file, '<Validation></Validation>');
    const result = runCli(['validate', file]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('empty.xml');
    expect(result.stderr).toContain('no <Sentence> records');
  });
});
