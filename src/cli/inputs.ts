import { cleanSource } from '../clean/index.js';
import type { Document } from '../document/document.js';
import { readInputs } from '../readers/index.js';
import type { ReadOptions } from '../readers/types.js';

/**
 * The cleaned articles of the inputs, for commands that print rather than store. An input that cannot be read
 * is reported on stderr under the command's name and sets exit code 1; the rest goes on.
 */
export async function* cleanedArticles(command: string, inputs: string[], options: ReadOptions): AsyncGenerator<Document> {
  for await (const result of readInputs(inputs, options)) {
    if (!result.ok) {
      process.stderr.write(`eventwire ${command}: ${result.error.uri}: ${result.error.message}\n`);
      process.exitCode = 1;
      continue;
    }
    yield* cleanSource(result.source);
  }
}
