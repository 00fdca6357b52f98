import { describe, expect, it } from 'vitest';
import { joinSnapshotParts, snapshotParts } from './connections.js';

describe('connector snapshot parts', () => {
  it('cuts a snapshot into parts of at most the part size and joins them back', () => {
    const bytes = Uint8Array.from({ length: 1_000 }, (_, i) => (i * 31) % 256);
    for (const size of [1, 7, 500, 999, 1_000, 4_096]) {
      const parts = snapshotParts(bytes, size);
      expect(parts.length).toBe(Math.ceil(bytes.length / size));
      expect(parts.every((p) => p.length > 0 && p.length <= size)).toBe(true);
      expect(Buffer.from(joinSnapshotParts(parts)).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('keeps an empty snapshot as one empty part', () => {
    const parts = snapshotParts(new Uint8Array(0), 10);
    expect(parts.map((p) => p.length)).toEqual([0]);
    expect(joinSnapshotParts(parts)).toHaveLength(0);
  });
});
