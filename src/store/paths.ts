import path from 'node:path';
import envPaths from 'env-paths';

/** Where the store lives unless told otherwise: `$EVENTWIRE_DB`, else the platform's per-user data directory. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['EVENTWIRE_DB'];
  if (fromEnv) return fromEnv;
  // No suffix: env-paths would otherwise append "-nodejs" to the directory name.
  return path.join(envPaths('eventwire', { suffix: '' }).data, 'eventwire.db');
}
