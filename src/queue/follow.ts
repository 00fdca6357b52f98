import { setTimeout as sleep } from 'node:timers/promises';
import { connectStoredArticles, connectorInStep, openConnector, SnapshotSchedule } from '../pipeline/connect.js';
import type { Store } from '../store/types.js';

export interface FollowOptions {
  /** Wait between looks at the store when nothing is left to connect. */
  pollMs?: number;
  signal?: AbortSignal;
  /** After each round that connected something: how many this round, and in all. */
  onConnected?: (round: number, total: number) => void;
}

/**
 * The connect stage for articles the workers store: duplicates and stories are decided one article at a time in
 * storage order (story numbers depend on arrival order), so exactly one process runs this, next to any number
 * of workers. It connects whatever is unconnected, then polls the store for more until `signal` aborts.
 * Stopping and starting again is safe: the connector is rebuilt from what the store has recorded.
 */
export async function followConnections(store: Store, options: FollowOptions = {}): Promise<number> {
  const pollMs = options.pollMs ?? 1_000;
  let connector = await openConnector(store);
  const snapshots = new SnapshotSchedule(connector);
  let total = 0;
  while (!options.signal?.aborted) {
    // Rebuilt only if someone else connected articles meanwhile (a second follower, or a plain ingest).
    connector = await connectorInStep(store, connector);
    const round = await connectStoredArticles(store, connector);
    if (round > 0) {
      total += round;
      options.onConnected?.(round, total);
      await snapshots.save(store, connector);
      continue;
    }
    await sleep(pollMs, undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
  }
  await snapshots.save(store, connector, { force: true });
  return total;
}
