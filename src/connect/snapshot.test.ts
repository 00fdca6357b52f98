/**
 * The connect stage's snapshot: the binary form, and a story index read back from it deciding exactly as the
 * index that wrote it, over articles generated for this test (planted stories over months, so that old stories
 * retire and the index holds stories in every state).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/random.js';
import { STORY_VIEWS, type StoryView } from './features.js';
import { Connector } from './index.js';
import { SnapshotReader, SnapshotWriter } from './snapshot-codec.js';
import { loadStoryModel, StoryIndex, type StoryArticle } from './stories.js';

describe('snapshot codec', () => {
  it('reads back what it wrote: whole numbers to 2^53, optional and negative ones, doubles bit for bit, strings, lists', () => {
    const out = new SnapshotWriter();
    const uints = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    for (const n of uints) out.uint(n);
    for (const n of [undefined, 0, -1, 19_000, -19_000]) out.optionalInt(n);
    const doubles = [0, -0, 0.1 + 0.2, -1e-300, Number.MIN_VALUE, 1.7976931348623157e308, Number.NaN, Number.POSITIVE_INFINITY];
    for (const x of doubles) out.double(x);
    out.strings(['', 'Zürich', '北朝鮮', '𝄞 astral', 'a\u0000b']);
    out.uints([3, 1, 2]);
    out.doubles([0.5, -0.25]);
    out.bytesOf(new Uint8Array([0, 255, 7]));
    // Past the writer's first buffer: it grows.
    const long = 'x'.repeat(100_000);
    out.string(long);
    const bytes = out.finish();

    const input = new SnapshotReader(bytes);
    expect(uints.map(() => input.uint())).toEqual(uints);
    expect([1, 2, 3, 4, 5].map(() => input.optionalInt())).toEqual([undefined, 0, -1, 19_000, -19_000]);
    const read = doubles.map(() => input.double());
    expect(read.map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(doubles.map((x) => Object.is(x, -0) ? '-0' : String(x)));
    expect(input.strings()).toEqual(['', 'Zürich', '北朝鮮', '𝄞 astral', 'a\u0000b']);
    expect(input.uints()).toEqual([3, 1, 2]);
    expect(input.doubles()).toEqual([0.5, -0.25]);
    expect([...input.bytesOf()]).toEqual([0, 255, 7]);
    expect(input.string()).toBe(long);
    expect(() => input.end()).not.toThrow();
  });

  it('refuses numbers it cannot write', () => {
    const out = new SnapshotWriter();
    expect(() => out.uint(-1)).toThrow(RangeError);
    expect(() => out.uint(1.5)).toThrow(RangeError);
    expect(() => out.uint(2 ** 60)).toThrow(RangeError);
  });

  it('names where a damaged snapshot breaks: cut short, a list longer than the bytes, bad UTF-8, bytes left over', () => {
    const out = new SnapshotWriter();
    out.string('hello');
    out.double(1.5);
    const bytes = out.finish();
    const cut = new SnapshotReader(bytes.slice(0, bytes.length - 3));
    expect(cut.string()).toBe('hello');
    expect(() => cut.double()).toThrow(/^connector snapshot: ends early at byte 6 of 11$/);

    const huge = new SnapshotWriter();
    huge.uint(1_000_000);
    expect(() => new SnapshotReader(huge.finish()).strings()).toThrow(/a list claims 1000000 items, more than the bytes left can hold/);

    const badText = new SnapshotReader(new Uint8Array([2, 0xc3, 0x28]));
    expect(() => badText.string()).toThrow(/a string is not UTF-8/);

    const extra = new SnapshotReader(new Uint8Array([1, 9]));
    expect(extra.uint()).toBe(1);
    expect(() => extra.end()).toThrow(/has bytes left over at byte 1 of 2/);
  });
});

/**
 * Articles of planted stories: each story draws on its topic's words and its own names, articles a few days
 * apart, stories spread over `days` days in arrival order by date (roughly, as a feed delivers them).
 */
function plantedArticles(count: number, seed: number, days: number): StoryArticle[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const articles: StoryArticle[] = [];
  let story = 0;
  while (articles.length < count) {
    const topic = pick(25);
    const size = 1 + pick(9);
    const start = Math.floor((articles.length / count) * days);
    for (let k = 0; k < size && articles.length < count; k++) {
      const views = {} as Record<StoryView, [string, number][]>;
      for (const view of STORY_VIEWS) {
        const terms = new Map<string, number>();
        for (let t = 0; t < 5; t++) terms.set(`${view}-topic${topic}-${pick(30)}`, 1 + pick(3));
        for (let t = 0; t < 8; t++) terms.set(`${view}-story${story}-${pick(10)}`, 1 + pick(2));
        views[view] = [...terms];
      }
      const day = new Date(Date.UTC(2024, 0, 1 + start + pick(3)));
      articles.push({ id: `a${articles.length}`, views, published: k % 7 === 6 ? null : day.toISOString().slice(0, 10) });
    }
    story++;
  }
  return articles;
}

function snapshotOf(index: StoryIndex): Buffer {
  const out = new SnapshotWriter();
  index.writeSnapshot(out);
  return Buffer.from(out.finish());
}

describe('StoryIndex snapshot', () => {
  it('gives an index that holds the same and decides the same as the one that wrote it', () => {
    const articles = plantedArticles(3_100, 11, 300);
    const writer = new StoryIndex();
    let moved = 0;
    for (const article of articles.slice(0, 2_100)) moved += writer.add(article).moved.length;
    const stats = writer.stats();
    // Old stories retired (sweeps run every 1,000 arrivals; the second found the first months out of reach) and
    // recent ones still open, with the days of the arrivals since: every state is written.
    expect(stats.activeStories).toBeLessThan(stats.stories);
    expect(stats.activeStories).toBeGreaterThan(0);

    const bytes = snapshotOf(writer);
    const input = new SnapshotReader(bytes);
    const reader = StoryIndex.fromSnapshot(input);
    input.end();
    expect(reader.stats()).toEqual(stats);
    expect(reader.stories()).toEqual(writer.stories());
    // Byte for byte (Buffer.equals: a deep comparison of a few hundred kilobytes would take seconds).
    expect(snapshotOf(reader).equals(bytes)).toBe(true);

    // The next 1,000 arrivals, a sweep among them: the same story, storyline, probability and moves for each.
    for (const article of articles.slice(2_100)) {
      const decided = writer.add(article);
      moved += decided.moved.length;
      expect(reader.add(article)).toEqual(decided);
    }
    // Stories were split or absorbed along the way (the members a snapshot keeps are what a move reads).
    expect(moved).toBeGreaterThan(0);
    expect(snapshotOf(reader).equals(snapshotOf(writer))).toBe(true);
  });

  it('refuses a damaged snapshot with an error, wherever it is cut', () => {
    const index = new StoryIndex();
    for (const article of plantedArticles(60, 5, 10)) index.add(article);
    const bytes = snapshotOf(index);
    for (const cut of [0, 1, 10, Math.floor(bytes.length / 2), bytes.length - 1]) {
      expect(() => {
        const input = new SnapshotReader(bytes.subarray(0, cut));
        StoryIndex.fromSnapshot(input);
        input.end();
      }, `cut at ${cut}`).toThrow(/^connector snapshot: /);
    }
  });
});

describe('Connector snapshot', () => {
  it('is passed over, not misread, when written for another story model or in another format', () => {
    const model = loadStoryModel();
    const bytes = new Connector({ model }).snapshot();
    expect(Connector.fromSnapshot(bytes, { model })?.articles).toBe(0);
    const other = { ...model, story: { ...model.story, threshold: model.story.threshold + 0.05 } };
    expect(Connector.fromSnapshot(bytes, { model: other })).toBeUndefined();
    const foreign = new SnapshotWriter();
    foreign.string('eventwire-connector-snapshot 0');
    expect(Connector.fromSnapshot(foreign.finish(), { model })).toBeUndefined();
  });
});
