import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateArticles, writeCorpus, type GeneratedArticle } from '../bench/generate-corpus.js';

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const take = (count: number, seed?: number): GeneratedArticle[] => [...generateArticles(count, seed)];

describe('generateArticles', () => {
  it('is deterministic for a seed', () => {
    expect(take(50, 7)).toEqual(take(50, 7));
    expect(take(20)).toEqual(take(20, 1));
  });

  it('differs between seeds', () => {
    const a = take(20, 1).map((x) => x.text);
    const b = take(20, 2).map((x) => x.text);
    expect(a).not.toEqual(b);
  });

  it('yields unique titles, texts and file names over 2,000 articles', () => {
    const all = take(2000, 42);
    expect(all).toHaveLength(2000);
    expect(new Set(all.map((x) => x.title)).size).toBe(2000);
    expect(new Set(all.map((x) => x.text)).size).toBe(2000);
    expect(new Set(all.map((x) => x.fileName)).size).toBe(2000);
    // Bodies differ too, not just headlines: drop the headline line and compare.
    expect(new Set(all.map((x) => x.text.replace(x.title, ''))).size).toBe(2000);
  });

  it('keeps every article between 400 and 1,200 words', () => {
    for (const a of take(2000, 3)) {
      const n = words(a.text);
      expect(n, a.fileName).toBeGreaterThanOrEqual(400);
      expect(n, a.fileName).toBeLessThanOrEqual(1200);
    }
  });

  it('returns consistent metadata', () => {
    for (const a of take(300, 11)) {
      expect(a.text).toContain(a.title);
      expect(a.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.outlet.length).toBeGreaterThan(0);
      expect(a.fileName).toMatch(/^\d{6}-[a-z0-9-]+\.txt$/);
    }
  });

  it('mixes in several kinds of scraping noise', () => {
    const text = take(300, 5).map((a) => a.text).join('\n');
    for (const marker of [/Advertisement/i, /newsletter|Sign up/, /Telegram|WhatsApp|YouTube|Facebook/, /Photo|Credit:/, /Latest News|Most Popular|Most Read|Trending Now/, /Tags: /, /©/, /^By /m, / — /]) {
      expect(text).toMatch(marker);
    }
  });
});

describe('writeCorpus', () => {
  it('writes one .txt file per article', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eventwire-corpus-'));
    try {
      await writeCorpus(dir, 25, 9);
      const files = (await readdir(dir)).sort();
      const expected = take(25, 9);
      expect(files).toEqual(expected.map((a) => a.fileName).sort());
      const first = expected[0];
      expect(first).toBeDefined();
      if (first) expect(await readFile(join(dir, first.fileName), 'utf8')).toBe(first.text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
