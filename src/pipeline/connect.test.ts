/**
 * A long-running connector (the API server's, a feed poller's) catching up with what other processes connected
 * meanwhile: by replaying only what was stored after it last looked, and by a full restore when that cannot
 * be enough. Real pipeline on the bundled sample corpus and on articles written for this test.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAttributionFinder } from '../attribution/tools.js';
import { documentText, readEcbCorpus } from '../connect/ecbplus/corpus.js';
import { shuffled } from '../connect/ecbplus/stories.js';
import { Connector } from '../connect/index.js';
import { Document } from '../document/document.js';
import { loadEventCoder } from '../events/tools.js';
import { analyseDocumentText } from '../language/index.js';
import { loadLanguageTools } from '../language/tools.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/types.js';
import { projectRoot, sharedDir, tempDir } from '../../test/cli-helpers.js';
import { connectorInStep, connectStoredArticles, openConnector, saveConnectorSnapshot, SnapshotSchedule } from './connect.js';
import { ingest, type IngestOptions } from './ingest.js';

const sample = join(projectRoot, 'data', 'sample');
const ecbplus = join(sharedDir, 'data', 'ecbplus');

const FERRY = [
  'Ferry service resumes across the strait after the storm',
  'March 3, 2025',
  'HARBOURTON (Lanternfish Wire) — Ferries resumed crossings of the strait on Monday after three days of gales kept every ' +
    'vessel in port, the harbour authority said, with the first sailing leaving at dawn carrying 214 passengers.',
  'Operators said a backlog of freight lorries would take until Wednesday to clear.',
].join('\n\n');

const BRIDGE = [
  'Engineers close the old river bridge for urgent repairs',
  'March 4, 2025',
  'MILLFORD (Lanternfish Wire) — The old stone bridge over the river was closed to traffic on Tuesday after inspectors found ' +
    'cracks in two of its arches, the county council said, sending drivers on a 12-mile detour.',
  'Repairs are expected to last six weeks, a council engineer said.',
].join('\n\n');

let stages: Omit<IngestOptions, 'connect'>;

beforeAll(async () => {
  stages = { language: loadLanguageTools(), attribution: loadAttributionFinder(), events: await loadEventCoder() };
}, 120_000);

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The store's article id for a headline. */
/** The id of the one stored article with this title (and, where titles repeat, read from this file). */
async function idOf(store: Store, title: string, file?: string): Promise<string> {
  const found = (await store.list({ limit: 500 })).filter((a) => a.title === title && (file === undefined || a.uri.endsWith(`/${file}`)));
  if (found.length !== 1) throw new Error(`${found.length} articles "${title}"${file ? ` from ${file}` : ''}`);
  return found[0]!.id;
}

/** Files analysed into a scratch store (so the shared store is not written), in ingest order, for a connector to decide on. */
async function analysed(paths: readonly string[], dir: string): Promise<{ doc: Document; body: string }[]> {
  const scratch = openSqliteStore(join(dir, `scratch-${Math.random().toString(36).slice(2)}.db`));
  try {
    await ingest([...paths], scratch, stages);
    const out = [];
    for await (const article of scratch.exportAll()) out.push({ doc: Document.fromData(article.doc), body: article.body });
    return out;
  } finally {
    await scratch.close();
  }
}

/** What a connector decides for a copy of an article under another headline (the copy is not stored; the connector counts it). */
async function decisionOnCopy(connector: Connector, text: string, title: string, dir: string): Promise<{ duplicateOf: string | undefined; story: number | null }> {
  const [copy] = await analysed([write(dir, 'copy.txt', text.replace(/^[^\n]+/, title))], dir);
  const decided = connector.connect(copy!.doc, analyseDocumentText(copy!.doc), copy!.body);
  return { duplicateOf: decided.duplicateOf?.of, story: decided.story };
}

describe('connectorInStep', () => {
  it('replays only what another process connected since, and then decides as a connector restored from scratch', async () => {
    const dir = tempDir('connect-catch-up');
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      await ingest([sample], store, { ...stages, connect: await openConnector(store) });
      const server = await openConnector(store);
      const before = server.articles;
      expect(before).toBe(await store.connectedArticles());
      const through = server.restoredThrough;
      expect(through).toBeGreaterThan(0);

      // Another process (its own connector) stores and connects two articles.
      await ingest([write(dir, 'ferry.txt', FERRY), write(dir, 'bridge.txt', BRIDGE)], store, { ...stages, connect: await openConnector(store) });
      expect(await store.connectedArticles()).toBe(before + 2);
      expect(server.articles).toBe(before);

      const caughtUp = await connectorInStep(store, server);
      // The same connector, brought in step: not a new one restored from the whole store.
      expect(caughtUp).toBe(server);
      expect(server.articles).toBe(before + 2);
      expect(server.restoredThrough).toBeGreaterThan(through);
      // In step already: the same connector again.
      expect(await connectorInStep(store, server)).toBe(server);
      expect(server.articles).toBe(before + 2);

      // It knows the other process's articles as a connector restored from scratch does: a copy of one is
      // linked to it, and lands in the same story.
      const fresh = await openConnector(store);
      const ferry = await idOf(store, 'Ferry service resumes across the strait after the storm');
      const viaCatchUp = await decisionOnCopy(server, FERRY, 'Strait ferries sail again', dir);
      const viaRestore = await decisionOnCopy(fresh, FERRY, 'Strait ferries sail again', dir);
      expect(viaCatchUp.duplicateOf).toBe(ferry);
      expect(viaCatchUp).toEqual(viaRestore);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('restores a new connector when another process connected articles stored before the last one it replayed', async () => {
    const dir = tempDir('connect-catch-up-earlier');
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      // Stored without the connect stage: connected later, by position before articles connected now.
      await ingest([write(dir, 'bridge.txt', BRIDGE)], store, stages);
      await ingest([sample], store, { ...stages, connect: await openConnector(store) });
      const server = await openConnector(store);
      const known = server.articles;

      expect(await connectStoredArticles(store, await openConnector(store))).toBe(1);
      expect(await store.connectedArticles()).toBe(known + 1);
      const caughtUp = await connectorInStep(store, server);
      // Replaying what follows its last position cannot find the earlier article: a full restore instead.
      expect(caughtUp).not.toBe(server);
      expect(caughtUp.articles).toBe(known + 1);
      const bridge = await idOf(store, 'Engineers close the old river bridge for urgent repairs');
      expect((await decisionOnCopy(caughtUp, BRIDGE, 'River bridge shut for six weeks', dir)).duplicateOf).toBe(bridge);
    } finally {
      await store.close();
    }
  }, 180_000);
});

/**
 * Two ECB+ topics, each two happenings of one kind (read from ../shared), written as text files in a seeded
 * arrival order: where stories split and absorb.
 */
async function ecbTopicFiles(dir: string): Promise<string[]> {
  const corpus = await readEcbCorpus(ecbplus);
  const documents = shuffled(corpus.documents.filter((d) => d.topic === '27' || d.topic === '28'), 3);
  return documents.map((d, i) => write(dir, `${String(i).padStart(3, '0')}-${d.name}.txt`, documentText(d).text));
}

describe('a connect stage that fails on an article', () => {
  it('stores the article unconnected, says why, and connects it later', async () => {
    const dir = tempDir('connect-fails');
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      class FailingOnBridge extends Connector {
        override connect(...args: Parameters<Connector['connect']>): ReturnType<Connector['connect']> {
          if (args[0].text.includes('stone bridge')) throw new Error('index in a bad state');
          return super.connect(...args);
        }
      }
      const errors: string[] = [];
      const counts = await ingest([write(dir, 'ferry.txt', FERRY), write(dir, 'bridge.txt', BRIDGE)], store, {
        ...stages,
        connect: new FailingOnBridge(),
        onError: (uri, message) => errors.push(`${uri}: ${message}`),
      });
      expect(counts).toMatchObject({ articles: 2, inserted: 2, errors: 1 });
      expect(errors).toEqual([expect.stringMatching(/bridge\.txt: stored without a story: index in a bad state$/)]);
      const bridge = await idOf(store, 'Engineers close the old river bridge for urgent repairs');
      expect((await store.get(bridge))!.links).toBeUndefined();
      expect((await store.get(await idOf(store, 'Ferry service resumes across the strait after the storm')))!.links).toBeDefined();
      // `eventwire connect` picks it up.
      expect(await connectStoredArticles(store, await openConnector(store))).toBe(1);
      expect((await store.get(bridge))!.links).toBeDefined();
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe.skipIf(!existsSync(ecbplus))('connect: stories split and absorbed, as stored', () => {
  it('stores every article where the connector holds it after the moves, and a restored connector agrees', async () => {
    const dir = tempDir('connect-moves');
    const paths = await ecbTopicFiles(dir);
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      const connector = await openConnector(store);
      await ingest(paths, store, { ...stages, connect: connector });
      const articles = await store.list({ limit: 500 });
      expect(articles).toHaveLength(paths.length);
      let moved = 0;
      for (const summary of articles) {
        const stored = (await store.get(summary.id))!;
        expect(stored.links, summary.id).toBeDefined();
        expect({ story: stored.links!.story, storyline: stored.links!.storyline }).toEqual(connector.placement(summary.id));
        // A moved article's join probability is no longer recorded.
        if (stored.links!.probability === null) moved++;
      }
      expect(moved).toBeGreaterThan(0);
      const restored = await openConnector(store);
      for (const summary of articles) expect(restored.placement(summary.id)).toEqual(connector.placement(summary.id));
    } finally {
      await store.close();
    }
  }, 300_000);

  it('follows the moves another process made of articles it had placed, and then decides as a restored connector', async () => {
    const dir = tempDir('connect-moves-elsewhere');
    const paths = await ecbTopicFiles(dir);
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      const half = Math.floor(paths.length / 2);
      // The last two arrivals are held back to probe the decisions of both connectors.
      const probes = paths.slice(-2);
      await ingest(paths.slice(0, half), store, { ...stages, connect: await openConnector(store) });
      const server = await openConnector(store);
      // Another process connects the rest; its arrivals move some of the articles the server has placed.
      await ingest(paths.slice(half, -2), store, { ...stages, connect: await openConnector(store) });
      const placements = [];
      for await (const placed of store.placements()) placements.push(placed);
      expect(placements).toHaveLength(paths.length - 2);
      const movedElsewhere = placements.filter((p) => {
        const known = server.placement(p.id);
        return known && (known.story !== p.story || known.storyline !== p.storyline);
      });
      expect(movedElsewhere.length).toBeGreaterThan(0);
      const inStep = await connectorInStep(store, server);
      // Followed in place: the same connector, every article where the store has it.
      expect(inStep).toBe(server);
      for (const p of placements) expect(server.placement(p.id)).toEqual({ story: p.story, storyline: p.storyline });
      expect(await connectorInStep(store, server)).toBe(server);
      // And it decides the next arrivals as a connector restored from the store does.
      const fresh = await openConnector(store);
      for (const probe of probes) {
        const [{ doc, body }] = (await analysed([probe], dir)) as [{ doc: Document; body: string }];
        const viaFollow = server.connect(doc, analyseDocumentText(doc), body);
        const viaRestore = fresh.connect(doc, analyseDocumentText(doc), body);
        expect({ story: viaFollow.story, moved: viaFollow.moved }).toEqual({ story: viaRestore.story, moved: viaRestore.moved });
      }
    } finally {
      await store.close();
    }
  }, 300_000);
});

describe.skipIf(!existsSync(ecbplus))("connect: opening from the store's snapshot", () => {
  it('starts where the saved connector stopped, follows what another process did since, and decides as replaying would', async () => {
    const dir = tempDir('connect-snapshot');
    const paths = await ecbTopicFiles(dir);
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      const third = Math.floor(paths.length / 3);
      expect(await store.connectorSnapshot()).toBeUndefined();
      const writer = await openConnector(store);
      await ingest(paths.slice(0, third), store, { ...stages, connect: writer });
      expect(await saveConnectorSnapshot(store, writer)).toBe(true);
      const through = await store.connectionsThrough();

      // Read from the snapshot, not replayed: the very state the writer holds, and it knows how far it reaches
      // (the articles the writer connected itself included).
      const opened = await openConnector(store);
      expect(Buffer.from(opened.snapshot()).equals(Buffer.from(writer.snapshot()))).toBe(true);
      expect(opened.restoredThrough).toBe(through.lastSeq);
      expect(opened.movesFollowed).toBe(through.lastMove);
      // So it decides the next arrivals exactly as the writer does.
      for (const { doc, body } of await analysed(paths.slice(third, third + 4), dir)) {
        const text = analyseDocumentText(doc);
        expect(opened.connect(doc, text, body)).toEqual(writer.connect(doc, text, body));
      }

      // Another process connects the rest; its arrivals move some of the articles the snapshot placed.
      await ingest(paths.slice(third), store, { ...stages, connect: await openConnector(store, { snapshot: false }) });
      const placements = [];
      for await (const placed of store.placements()) placements.push(placed);
      const fromSnapshot = await openConnector(store);
      expect(fromSnapshot.articles).toBe(paths.length);
      const moved = placements.filter((p) => {
        const before = writer.placement(p.id);
        return before !== undefined && (before.story !== p.story || before.storyline !== p.storyline);
      });
      expect(moved.length).toBeGreaterThan(0);
      for (const p of placements) expect(fromSnapshot.placement(p.id)).toEqual({ story: p.story, storyline: p.storyline });
      // A copy of an article the other process stored is recognised, as by a connector replayed from the whole store.
      const replayed = await openConnector(store, { snapshot: false });
      const last = readFileSync(paths[paths.length - 1]!, 'utf8');
      const viaSnapshot = await decisionOnCopy(fromSnapshot, last, 'A copy under another headline', dir);
      expect(viaSnapshot.duplicateOf).toBeDefined();
      expect(viaSnapshot).toEqual(await decisionOnCopy(replayed, last, 'A copy under another headline', dir));
    } finally {
      await store.close();
    }
  }, 300_000);

  it('replays the store instead of a damaged snapshot, with a warning that says so', async () => {
    const dir = tempDir('connect-snapshot-damaged');
    const store = openSqliteStore(join(dir, 'store.db'));
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const writer = await openConnector(store);
      await ingest([write(dir, 'ferry.txt', FERRY), write(dir, 'bridge.txt', BRIDGE)], store, { ...stages, connect: writer });
      expect(await saveConnectorSnapshot(store, writer)).toBe(true);
      const bytes = (await store.connectorSnapshot())!;
      await store.saveConnectorSnapshot(bytes.slice(0, bytes.length - 7));
      const opened = await openConnector(store);
      expect(opened.articles).toBe(2);
      expect(opened.placement(await idOf(store, FERRY.split('\n')[0]!))).toEqual(writer.placement(await idOf(store, FERRY.split('\n')[0]!)));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([expect.stringMatching(/^connector snapshot: .+ at byte \d+ of \d+; replaying the stored connections instead$/)]);
      // A connector that does not know every stored connection is not saved over it.
      const behind = await openConnector(store, { snapshot: false });
      await ingest([write(dir, 'ferry-2.txt', FERRY.replace('214 passengers', '215 passengers'))], store, { ...stages, connect: await openConnector(store) });
      expect(await saveConnectorSnapshot(store, behind)).toBe(false);
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
  }, 120_000);
});

describe('connect: the snapshot of two processes ingesting into one store at once', () => {
  it('is written by the one that finishes last, after catching up with the other, and opens as a replay would', async () => {
    const dir = tempDir('connect-snapshot-concurrent');
    const store = openSqliteStore(join(dir, 'store.db'));
    try {
      // Both open before either has stored anything, then their articles interleave.
      const first = await openConnector(store);
      const second = await openConnector(store);
      const firstSchedule = new SnapshotSchedule(first);
      const secondSchedule = new SnapshotSchedule(second);
      await ingest([write(dir, 'ferry.txt', FERRY)], store, { ...stages, connect: first });
      await ingest([write(dir, 'bridge.txt', BRIDGE)], store, { ...stages, connect: second });
      await ingest([write(dir, 'ferry-copy.txt', FERRY.replace('214 passengers', '215 passengers'))], store, { ...stages, connect: first });

      // Neither knows every stored connection; without catching up, neither may write.
      expect(await saveConnectorSnapshot(store, first)).toBe(false);
      expect(await saveConnectorSnapshot(store, second)).toBe(false);
      expect(await store.connectorSnapshot()).toBeUndefined();

      // At the end of its run the second catches up with the first's two articles and writes.
      expect(await secondSchedule.save(store, second, { force: true })).toBe(true);
      expect(second.articles).toBe(3);
      const opened = await openConnector(store);
      expect(Buffer.from(opened.snapshot()).equals(Buffer.from(second.snapshot()))).toBe(true);
      const replayed = await openConnector(store, { snapshot: false });
      for await (const placed of store.placements()) {
        expect(opened.placement(placed.id)).toEqual({ story: placed.story, storyline: placed.storyline });
        expect(replayed.placement(placed.id)).toEqual({ story: placed.story, storyline: placed.storyline });
      }
      const copy = await decisionOnCopy(opened, FERRY, 'Ferries sail again', dir);
      expect(copy.duplicateOf).toBe(await idOf(store, FERRY.split('\n')[0]!, 'ferry.txt'));
      expect(copy).toEqual(await decisionOnCopy(replayed, FERRY, 'Ferries sail again', dir));

      // The first, finishing later, catches up too: its snapshot holds the same three articles.
      expect(await firstSchedule.save(store, first, { force: true })).toBe(true);
      expect(first.articles).toBe(3);
      expect((await openConnector(store)).articles).toBe(3);
    } finally {
      await store.close();
    }
  }, 120_000);
});
