/**
 * What the feed poller remembers between polls, per feed: its validators (ETag, Last-Modified) for conditional
 * requests, the items already seen, and how the last poll went. A small JSON file, by default beside the
 * database (`<db>.feeds.json`), replaced atomically (written to a temporary file, then renamed over the old one)
 * so a crash leaves either the old state or the new one, never half of each.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface FeedRecord {
  url: string;
  addedAt: string;
  etag?: string;
  lastModified?: string;
  /** Keys (links, else ids) of the items already fetched, oldest first. */
  seen: string[];
  lastPolledAt?: string;
  /** `not modified`, `3 new items`, or `error`. */
  lastOutcome?: string;
  lastError?: string;
}

export interface FeedState {
  version: 1;
  feeds: FeedRecord[];
}

/** Items fall off a feed after days; remembering this many per feed is plenty and keeps the file small. */
export const MAX_SEEN_PER_FEED = 5000;

/** `<db>.feeds.json`. */
export function defaultFeedStatePath(dbPath: string): string {
  return `${dbPath}.feeds.json`;
}

/** The state in a file; an empty state when the file does not exist. Throws naming the file when it is not a state file. */
export function loadFeedState(path: string): FeedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { version: 1, feeds: [] };
    throw new Error(`${path}: cannot read the feed state: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not a feed state file (not JSON: ${(error as Error).message})`);
  }
  const feeds = (data as { feeds?: unknown } | null)?.feeds;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(feeds)) {
    throw new Error(`${path}: not a feed state file (expected {"version": 1, "feeds": [...]})`);
  }
  for (const feed of feeds as FeedRecord[]) {
    if (typeof feed?.url !== 'string' || !Array.isArray(feed.seen)) throw new Error(`${path}: not a feed state file (a feed without "url" or "seen")`);
  }
  return data as FeedState;
}

/** Writes the state: temporary file, fsync, rename. */
export function saveFeedState(path: string, state: FeedState): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temporary, 'wx');
    try {
      writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new Error(`${path}: cannot save the feed state: ${(error as Error).message}`);
  }
}

/** Adds a feed (normalised URL); false when it was already there. Throws for a URL that is not http(s). */
export function addFeed(state: FeedState, url: string, now = new Date()): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${url}: not a valid absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${url}: only http and https feeds can be polled`);
  if (state.feeds.some((feed) => feed.url === parsed.href)) return false;
  state.feeds.push({ url: parsed.href, addedAt: now.toISOString(), seen: [] });
  return true;
}

/** Removes a feed; false when it was not there. */
export function removeFeed(state: FeedState, url: string): boolean {
  const href = URL.canParse(url) ? new URL(url).href : url;
  const before = state.feeds.length;
  state.feeds = state.feeds.filter((feed) => feed.url !== href);
  return state.feeds.length < before;
}

/** Remembers item keys as seen, keeping the newest MAX_SEEN_PER_FEED. */
export function markSeen(feed: FeedRecord, keys: readonly string[]): void {
  const known = new Set(feed.seen);
  for (const key of keys) {
    if (!known.has(key)) {
      feed.seen.push(key);
      known.add(key);
    }
  }
  if (feed.seen.length > MAX_SEEN_PER_FEED) feed.seen.splice(0, feed.seen.length - MAX_SEEN_PER_FEED);
}
