import { join } from 'node:path';
import { loadAttributionFinder } from '../src/attribution/tools.js';
import type { ConnectArticle } from '../src/connect/types.js';
import { loadEventCoder } from '../src/events/tools.js';
import { loadLanguageTools } from '../src/language/tools.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { tempDir } from './cli-helpers.js';

/**
 * Ingests inputs into a fresh store with every analysing stage and reads the articles back as the store keeps
 * them (with the entity ids it links across articles), for the connect stage's per-story analyses.
 */
export async function analysedArticles(specs: string[]): Promise<ConnectArticle[]> {
  const store = openSqliteStore(join(tempDir('connect'), 'store.db'));
  try {
    await ingest(specs, store, { language: loadLanguageTools(), attribution: loadAttributionFinder(), events: await loadEventCoder() });
    const out: ConnectArticle[] = [];
    for (const summary of await store.list({ limit: 1000 })) {
      const stored = (await store.get(summary.id))!;
      out.push({ id: stored.id, outlet: stored.outlet, published: stored.published, doc: stored.doc });
    }
    return out;
  } finally {
    await store.close();
  }
}
