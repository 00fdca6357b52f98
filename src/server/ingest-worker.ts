/**
 * The worker thread of `worker-runner.ts`: opens the store itself, loads the analysis tools on the first job,
 * and runs each job it is sent through the pipeline, reporting back as it goes. On `stop` it finishes the job
 * in progress, closes the store and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { PipelineRunner } from './jobs.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-runner.js';

const port = parentPort!;
const { location } = workerData as WorkerSetup;
const store = await openStore(location);
const runner = new PipelineRunner(store);
const report = (message: FromWorker): void => port.postMessage(message);
// Jobs come one at a time, but `stop` may come while one runs: it waits its turn here.
let turn: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  turn = turn.then(async () => {
    if (message.type === 'stop') {
      // A last snapshot of the connect stage, so that the next start need not replay what these jobs added.
      await runner.close();
      await store.close();
      port.close();
      return;
    }
    try {
      await runner.run(message.articles, {
        running: () => report({ type: 'running' }),
        stored: (input, stored) => report({ type: 'stored', input, stored }),
        error: (input, text) => report({ type: 'error', input, message: text }),
        processed: (inputs) => report({ type: 'processed', inputs }),
      });
      report({ type: 'done' });
    } catch (error) {
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
