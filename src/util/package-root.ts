import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and data/, found by walking up from a module's own location: modules run
 * from src/ under vitest and from dist/src/ when built, at different depths.
 */
export function packageRoot(moduleUrl: string = import.meta.url): string {
  const from = dirname(fileURLToPath(moduleUrl));
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package root above ${from}`);
    dir = parent;
  }
}

/** A file shipped in data/models/. */
export function shippedModelPath(file: string): string {
  return join(packageRoot(), 'data', 'models', file);
}

/** A model file's bytes, or an error naming which model and where it was looked for. */
export function readModelFile(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read ${what} model ${path}: ${(error as Error).message}`);
  }
}
