import { stat } from 'node:fs/promises';
import { builtinCountryActors, builtinDictionaryFiles } from './builtin/index.js';
import { EventCoder } from './coder/coder.js';
import { dictionaryKindOf, findDictionaryFiles, loadDictionaries, type DictionaryFiles } from './dictionaries/index.js';

type Kind = keyof DictionaryFiles;

async function classify(paths: readonly string[]): Promise<Required<DictionaryFiles>> {
  const files: Required<DictionaryFiles> = { verbs: [], actors: [], agents: [], discards: [], issues: [] };
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new Error(`dictionary path ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    if (info.isDirectory()) {
      const found = await findDictionaryFiles(path);
      for (const kind of Object.keys(files) as Kind[]) files[kind].push(...found[kind]);
      continue;
    }
    const kind = dictionaryKindOf(path.split(/[\\/]/).pop() ?? path);
    if (!kind) throw new Error(`${path}: cannot tell which kind of dictionary this is; its name should contain verbs, actors, agents, discards or issues`);
    files[kind].push(path);
  }
  return files;
}

/**
 * The event coder with eventwire's built-in knowledge (countries from world-countries, the project's verb, agent,
 * international and people dictionaries) plus `dictionaries` (files or directories in PETRARCH formats). The
 * user's entries come first, so where both name the same phrase theirs wins. With `replace`, each kind the user
 * gives stands alone: give actor files and no built-in actor (country included) is used.
 */
export async function loadEventCoder(options: { dictionaries?: readonly string[]; replace?: boolean } = {}): Promise<EventCoder> {
  const builtin = await classify(builtinDictionaryFiles());
  const user = await classify(options.dictionaries ?? []);
  const chosen: Required<DictionaryFiles> = { verbs: [], actors: [], agents: [], discards: [], issues: [] };
  for (const kind of Object.keys(chosen) as Kind[]) {
    chosen[kind] = options.replace && user[kind].length > 0 ? user[kind] : [...user[kind], ...builtin[kind]];
  }
  const set = await loadDictionaries(chosen);
  if (!(options.replace && user.actors.length > 0)) set.actors.push(...builtinCountryActors());
  return new EventCoder(set);
}
