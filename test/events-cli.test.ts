/**
 * Events end to end on the bundled sample corpus: `ingest` stores them, `events` filters and exports them in
 * every format, `code --json` prints the stable interface without storing, and bad dictionaries are named.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GDELT_EVENT_COLUMNS } from '../src/events/export/index.js';
import { projectRoot, runCli, tempDir } from './cli-helpers.js';

const sample = join(projectRoot, 'data', 'sample');

describe('events through the CLI', () => {
  const db = join(tempDir('events-cli'), 'events.db');
  let all: Record<string, unknown>[];

  beforeAll(() => {
    const ingest = runCli(['ingest', sample, '--db', db, '--no-progress']);
    expect(ingest.status, ingest.stderr).toBe(0);
    const out = runCli(['events', '--db', db, '--format', 'jsonl']);
    expect(out.status, out.stderr).toBe(0);
    all = out.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 120_000);

  it('stores events for the sample corpus, each with CAMEO, PLOVER and evidence', () => {
    expect(all.length).toBeGreaterThan(40);
    for (const row of all) {
      expect(String(row.cameo_code)).toMatch(/^\d{2,4}$/);
      expect(String(row.plover_category)).toMatch(/^[A-Z]+$/);
      expect(Number(row.sentence_end)).toBeGreaterThan(Number(row.sentence_start));
    }
  });

  it('filters by actor, code and date', () => {
    const prk = runCli(['events', '--db', db, '--actor', 'PRK', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(prk.length).toBeGreaterThan(5);
    expect(prk.length).toBeLessThan(all.length);
    for (const row of prk) expect(`${row.source_code} ${row.target_code}`).toMatch(/(^|\s)PRK/);
    const consult = runCli(['events', '--db', db, '--code', '04', '--format', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(consult.length).toBeGreaterThan(0);
    for (const row of consult) expect(row.cameo_code).toMatch(/^04/);
    const june = runCli(['events', '--db', db, '--from', '2018-06-01', '--to', '2018-06-30', '--format', 'jsonl']).stdout.trim().split('\n').filter(Boolean);
    for (const line of june) expect(String((JSON.parse(line) as Record<string, string>).date)).toMatch(/^2018-06/);
  });

  it('exports GDELT 2.0 rows of 61 columns, PLOVER JSON and CSV', () => {
    const gdelt = runCli(['events', '--db', db, '--format', 'gdelt']);
    const rows = gdelt.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(all.length);
    expect(GDELT_EVENT_COLUMNS).toHaveLength(61);
    for (const row of rows) expect(row.split('\t')).toHaveLength(61);
    const plover = JSON.parse(runCli(['events', '--db', db, '--format', 'plover']).stdout) as { event_type: string; source: unknown[] }[];
    expect(plover).toHaveLength(all.length);
    expect(plover.every((e) => typeof e.event_type === 'string' && Array.isArray(e.source))).toBe(true);
    const csv = runCli(['events', '--db', db, '--format', 'csv']).stdout;
    expect(csv.split('\r\n')[0]).toContain('cameo_code');
  });

  it('stores nothing twice when the same corpus comes again', () => {
    expect(runCli(['ingest', sample, '--db', db, '--no-progress']).status).toBe(0);
    const again = runCli(['events', '--db', db, '--format', 'jsonl']).stdout.trim().split('\n');
    expect(again).toHaveLength(all.length);
  }, 120_000);

  it('codes a file without storing it, printing the stable JSON interface', () => {
    const file = join(sample, 'lanternfish-pompeo-easter-trip.txt');
    const out = runCli(['code', file, '--json']);
    expect(out.status, out.stderr).toBe(0);
    const events = JSON.parse(out.stdout) as Record<string, unknown>[];
    expect(events.length).toBeGreaterThan(0);
    for (const key of ['source', 'target', 'code', 'plover', 'date', 'sentence']) expect(events[0]).toHaveProperty(key);
    expect(events.some((e) => e.source === 'USASPY' || e.target === 'USASPY')).toBe(true);
  }, 60_000);

  it('names the file and line of a malformed dictionary, and an unreadable one', () => {
    const dir = tempDir('bad-dictionary');
    const bad = join(dir, 'broken.verbs.txt');
    writeFileSync(bad, '--- PRAISE [051] ---\nPRAISE\n- * [05\n');
    const file = join(sample, 'lanternfish-pompeo-easter-trip.txt');
    const malformed = runCli(['code', file, '--json', '--dictionaries', bad]);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toContain(`${bad}:3`);
    const missing = runCli(['code', file, '--dictionaries', join(dir, 'nowhere.actors.txt')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('nowhere.actors.txt');
  }, 60_000);
});
