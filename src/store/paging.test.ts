import { describe, expect, it } from 'vitest';
import { keysetPages, keysetPagesAsync } from './paging.js';

describe('keyset paging', () => {
  const keys = [2, 3, 5, 8, 13, 21, 34];
  const reads: number[] = [];
  const readPage = (after: number): number[] => {
    reads.push(after);
    return keys.filter((k) => k > after).slice(0, 3);
  };

  it('reads every row once, in key order, each page after the last key of the one before', () => {
    reads.length = 0;
    expect([...keysetPages(readPage, (k) => k, 3)]).toEqual(keys);
    // Pages of 3: after 0, after 5, after 21; the third is short and ends it.
    expect(reads).toEqual([0, 5, 21]);
  });

  it('starts after a given key, and reads one more (empty) page when the rows fill the last page exactly', () => {
    reads.length = 0;
    expect([...keysetPages(readPage, (k) => k, 3, 8)]).toEqual([13, 21, 34]);
    expect(reads).toEqual([8, 34]);
  });

  it('does the same over pages that arrive asynchronously', async () => {
    const out = [];
    for await (const k of keysetPagesAsync(async (after) => readPage(after), (k) => k, 2)) out.push(k);
    expect(out).toEqual(keys);
  });
});
