/** A stand-in for the built web app, for the server's tests: a page, a hashed asset and a plain file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the app's files under `dir`/web and returns that folder. */
export function writeWebRoot(dir: string): string {
  const root = join(dir, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app-1a2b.js"></script>');
  writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log("app")');
  writeFileSync(join(root, 'robots.txt'), 'User-agent: *');
  return root;
}
