/**
 * Event classes of words from the project's own CAMEO verb dictionary (data/dictionaries/eventwire.verbs.txt):
 * verbs of one block ("ARREST": arrest, detain, apprehend, nab, capture ...) name the same kind of event, which
 * is a generic hint that two differently worded triggers may report one event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinDictionaryDir } from '../../events/builtin/index.js';
import { parseVerbDictionary } from '../../events/dictionaries/index.js';
import { derivationalStem } from './morphology.js';

let classes: Map<string, string> | undefined;

/** Derivational stem of a verb → name of its dictionary block. Verbs coded "no event" (`[---]`) have none. */
export function verbClasses(): Map<string, string> {
  if (classes) return classes;
  classes = new Map();
  const file = join(builtinDictionaryDir(), 'eventwire.verbs.txt');
  const { dictionary } = parseVerbDictionary(readFileSync(file, 'utf8'), file);
  for (const block of dictionary.blocks) {
    for (const verb of block.verbs) {
      if (verb.words.length !== 1 || verb.code?.primary === null) continue;
      const stem = derivationalStem(verb.words[0]!.toLowerCase());
      // A verb listed in two blocks is ambiguous: it keeps the first.
      if (!classes.has(stem)) classes.set(stem, block.name);
    }
  }
  return classes;
}
