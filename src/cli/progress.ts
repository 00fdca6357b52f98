import cliProgress from 'cli-progress';
import type { IngestCounts } from '../pipeline/ingest.js';

/**
 * A progress bar on stderr while inputs are ingested, and errors printed above it as they happen.
 * Off when stderr is not a terminal (CI logs, pipes), where a bar would only be noise.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  readonly enabled: boolean;
  private lastFile = '';
  private files = 0;

  constructor(wanted: boolean) {
    this.enabled = wanted && process.stderr.isTTY === true;
  }

  start(total: number | undefined): void {
    if (!this.enabled) return;
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: total
          ? 'ingest {bar} {percentage}% | {value}/{total} files | {articles} articles | {errors} errors | {current}'
          : 'ingest {value} files | {articles} articles | {errors} errors | {current}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total ?? 0, 0, { articles: 0, errors: 0, current: '' });
  }

  update(counts: Readonly<IngestCounts>, current: string): void {
    // Progress is counted in files: the records of one JSONL file share its path.
    const file = current.replace(/#line=\d+$/, '');
    if (file !== this.lastFile) {
      this.lastFile = file;
      this.files++;
    }
    const name = file.length > 40 ? `…${file.slice(-39)}` : file;
    this.bar?.update(this.files, { articles: counts.articles, errors: counts.errors, current: name });
  }

  error(uri: string, message: string): void {
    const line = `error: ${uri}: ${message}\n`;
    if (this.bar) {
      // cli-progress redraws on the next update; clear the line first so the message is not drawn over.
      process.stderr.write(`\r\x1b[K${line}`);
    } else {
      process.stderr.write(line);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
