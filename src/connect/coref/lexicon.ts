/**
 * The lexicon of news event classes (data/lexicon/event-classes.txt): words that can name the same kind of
 * event ("kill" / "murder" / "slay", "quake" / "tremor"), so that coreference can join triggers whose head
 * words differ. Format, one class per line: `name: lemma lemma ...`; phrases join their words with "_"
 * ("step_down"); "#" starts a comment line. See the file's header.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { derivationalStem } from './morphology.js';

export interface EventClass {
  name: string;
  lemmas: string[];
  /** A "generic-..." class: its words can stand for almost any event of their kind ("incident"). */
  generic: boolean;
  /** A "family-..." class: a broad group of kinds of event ("family-violent-death"). */
  family: boolean;
}

export interface EventLexicon {
  classes: EventClass[];
  /** Class names by lemma or phrase as written. */
  byLemma: Map<string, string[]>;
  /** Class names by derivational stem (of a phrase's first word), for forms the file does not list. */
  byStem: Map<string, string[]>;
}

const CLASS_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LEMMA = /^[a-z0-9'][a-z0-9'-]*(?:_[a-z0-9'][a-z0-9'-]*)*$/;

/** The stem key of a word or phrase: "killings" → "kill", "stepped_down" → "step_down". */
function stemKey(lemma: string): string {
  const [first, ...rest] = lemma.split('_');
  return [derivationalStem(first!), ...rest].join('_');
}

function addTo(index: Map<string, string[]>, key: string, name: string): void {
  const names = index.get(key);
  if (!names) index.set(key, [name]);
  else if (!names.includes(name)) names.push(name);
}

/** Parses the lexicon's text; errors name `source` and the line. */
export function parseEventLexicon(text: string, source: string): EventLexicon {
  const classes: EventClass[] = [];
  const seen = new Set<string>();
  const byLemma = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source}:${i + 1}`;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`${where}: expected "name: lemma lemma ...", found no ":"`);
    const name = line.slice(0, colon).trim();
    if (!CLASS_NAME.test(name)) throw new Error(`${where}: bad class name "${name}" (lower-case letters, digits and hyphens)`);
    if (seen.has(name)) throw new Error(`${where}: class "${name}" is defined twice`);
    seen.add(name);
    const lemmas = line.slice(colon + 1).trim().split(/\s+/).filter((w) => w !== '');
    if (lemmas.length === 0) throw new Error(`${where}: class "${name}" has no lemmas`);
    for (const lemma of lemmas) {
      if (!LEMMA.test(lemma)) throw new Error(`${where}: bad lemma "${lemma}" in class "${name}" (lower case; phrases join words with "_")`);
      addTo(byLemma, lemma, name);
      addTo(byStem, stemKey(lemma), name);
    }
    classes.push({ name, lemmas: [...new Set(lemmas)], generic: isGenericClass(name), family: isFamilyClass(name) });
  });
  return { classes, byLemma, byStem };
}

export const defaultLexiconPath = (): string => join(packageRoot(), 'data', 'lexicon', 'event-classes.txt');

/** Reads a lexicon file (default: the shipped one). */
export function loadEventLexicon(path: string = defaultLexiconPath()): EventLexicon {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the event class lexicon ${path}: ${(error as Error).message}`);
  }
  return parseEventLexicon(text, path);
}

let shipped: EventLexicon | undefined;

const NONE: readonly string[] = [];

/**
 * Names of the event classes of a lemma, phrase ("step_down") or derivational stem: the classes that list it
 * as written, else those listing a word of the same stem ("slayings" → kill). Empty when none.
 */
export function eventClassesOf(word: string, lexicon?: EventLexicon): readonly string[] {
  const lex = lexicon ?? (shipped ??= loadEventLexicon());
  const key = word.toLowerCase().trim().replace(/\s+/g, '_');
  const stem = stemKey(key);
  // The stem may itself be a listed lemma ("murdered" → "murder", whose own stem is "murd").
  return lex.byLemma.get(key) ?? lex.byStem.get(key) ?? lex.byLemma.get(stem) ?? lex.byStem.get(stem) ?? NONE;
}

/** Whether a class name is a generic one ("generic-incident"). */
export const isGenericClass = (name: string): boolean => name.startsWith('generic-');

/** Whether a class is a broad family of kinds of event ("family-violent-death"). */
export const isFamilyClass = (name: string): boolean => name.startsWith('family-');
