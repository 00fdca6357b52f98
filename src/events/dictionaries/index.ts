import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseActorDictionary } from './actors.js';
import { parseAgentDictionary } from './agents.js';
import { parseDiscardDictionary } from './discards.js';
import { parseIssueDictionary } from './issues.js';
import { decodeDictionaryBytes } from './text.js';
import type { DictionaryMessage, DictionarySet, Synset } from './types.js';
import { parseVerbDictionary } from './verbs.js';

export * from './types.js';
export { parseActorDictionary, withCentury } from './actors.js';
export { parseAgentDictionary } from './agents.js';
export { parseDiscardDictionary } from './discards.js';
export { parseIssueDictionary } from './issues.js';
export { parseCodeSpec, parseVerbDictionary, type VerbParseOptions } from './verbs.js';
export { decodeDictionaryBytes, type ParseOptions } from './text.js';
export { pluralOf, regularVerbForms } from './inflect.js';

/** Dictionary files by kind; several files of one kind are read in order and merged. */
export interface DictionaryFiles {
  verbs?: string[];
  actors?: string[];
  agents?: string[];
  discards?: string[];
  issues?: string[];
}

export interface LoadOptions extends DictionaryFiles {
  /** Make format quirks errors instead of messages (for checking a dictionary before use). */
  strict?: boolean;
}

type DictionaryKind = keyof DictionaryFiles;

/** Order of reading; also the order of `DictionarySet.files`. */
const KINDS: readonly DictionaryKind[] = ['verbs', 'actors', 'agents', 'discards', 'issues'];

/**
 * Reads and merges dictionary files. Entries keep file order; a later verb file may use the synsets of an
 * earlier one (and a synset defined again replaces the earlier one, with a message). A missing or unreadable
 * file throws an error naming it; binary or non-UTF-8 content throws `DictionaryError` at the offending line.
 */
export async function loadDictionaries(options: LoadOptions): Promise<DictionarySet> {
  const strict = options.strict ?? false;
  const set: DictionarySet = {
    verbs: { synsets: new Map<string, Synset>(), blocks: [], transformations: [] },
    actors: [],
    agents: [],
    discards: [],
    issues: [],
    messages: [],
    files: [],
  };
  const addMessages = (messages: DictionaryMessage[]): void => {
    for (const message of messages) set.messages.push(message);
  };
  // One at a time: push(...items) overflows the stack on large files.
  const append = <T>(list: T[], items: readonly T[], messages: DictionaryMessage[]): void => {
    for (const item of items) list.push(item);
    addMessages(messages);
  };
  for (const kind of KINDS) {
    for (const file of options[kind] ?? []) {
      const text = await readDictionaryFile(file, kind);
      set.files.push(file);
      switch (kind) {
        case 'verbs': {
          const { dictionary, messages } = parseVerbDictionary(text, file, { synsets: set.verbs.synsets, strict });
          set.verbs.synsets = dictionary.synsets;
          append(set.verbs.blocks, dictionary.blocks, messages);
          for (const transformation of dictionary.transformations) set.verbs.transformations.push(transformation);
          break;
        }
        case 'actors': {
          const read = parseActorDictionary(text, file, { strict });
          append(set.actors, read.actors, read.messages);
          break;
        }
        case 'agents': {
          const read = parseAgentDictionary(text, file, { strict });
          append(set.agents, read.agents, read.messages);
          break;
        }
        case 'discards': {
          const read = parseDiscardDictionary(text, file, { strict });
          append(set.discards, read.discards, read.messages);
          break;
        }
        case 'issues': {
          const read = parseIssueDictionary(text, file, { strict });
          append(set.issues, read.issues, read.messages);
          break;
        }
      }
    }
  }
  return set;
}

async function readDictionaryFile(file: string, kind: DictionaryKind): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new Error(`cannot read ${kind} dictionary ${file}: ${reason}`, { cause: error });
  }
  return decodeDictionaryBytes(bytes, file);
}

/**
 * Sorts a directory's files into dictionary kinds by name, case-insensitively: `verbs` or `verbpatterns` ->
 * verbs, `actors`, `agents`, `discards`, `issue`. Other files are left out; names are sorted so the result does
 * not depend on the file system.
 */
export async function findDictionaryFiles(dir: string): Promise<Required<DictionaryFiles>> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`cannot read dictionary directory ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const found: Required<DictionaryFiles> = { verbs: [], actors: [], agents: [], discards: [], issues: [] };
  const names = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name);
  for (const name of names.sort()) {
    const kind = dictionaryKindOf(name);
    if (kind) found[kind].push(join(dir, name));
  }
  return found;
}

/** The kind a file name says it holds, or undefined. */
export function dictionaryKindOf(name: string): DictionaryKind | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('verbpatterns') || lower.includes('verbs')) return 'verbs';
  if (lower.includes('actors')) return 'actors';
  if (lower.includes('agents')) return 'agents';
  if (lower.includes('discards')) return 'discards';
  if (lower.includes('issue')) return 'issues';
  return undefined;
}

/** Finds and loads every dictionary in a directory (see `findDictionaryFiles`). */
export async function loadDictionaryDirectory(dir: string, options: { strict?: boolean } = {}): Promise<DictionarySet> {
  return loadDictionaries({ ...(await findDictionaryFiles(dir)), ...options });
}
