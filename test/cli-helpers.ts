import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI: `npm test` builds before it runs the tests. */
export const cliPath = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
export const sharedDir = join(projectRoot, '..', 'shared');

export function requireBuiltCli(): void {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` (npm test does it first)`);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `eventwire-${prefix}-`));
}

/** Runs the CLI to completion with a private data directory so no test touches the user's database. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  requireBuiltCli();
  return spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, EVENTWIRE_DB: join(tempDir('home'), 'default.db'), ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function startCli(args: string[]): ReturnType<typeof spawn> {
  requireBuiltCli();
  return spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
