/**
 * eventwire's built-in dictionaries: the PETRARCH-format files shipped in data/dictionaries/ (verbs, agents,
 * international actors, people) and the country actors made at run time from `world-countries`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';

export { BUILTIN_COUNTRIES_FILE, builtinCountryActors, phraseForms } from './countries.js';

/** The folder holding the built-in dictionary files. */
export function builtinDictionaryDir(): string {
  return join(packageRoot(import.meta.url), 'data', 'dictionaries');
}

/**
 * Absolute paths of every `*.txt` file in data/dictionaries/, sorted by name. The folder is read at each call,
 * so files added to it (such as the verb dictionary) are included without a change here; sort them into kinds
 * with `findDictionaryFiles` or `dictionaryKindOf`.
 */
export function builtinDictionaryFiles(): string[] {
  const dir = builtinDictionaryDir();
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.txt') && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(dir, name));
}
