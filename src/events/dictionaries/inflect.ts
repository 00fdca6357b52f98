/**
 * Regular English inflections the dictionaries leave out: noun plurals (synsets, agents, issue `n:`) and verb
 * forms (verb blocks, issue `v:`). Words are upper case.
 *
 * The format documentation gives the plural rule as "+S, Y -> IES, SS -> ES"; we apply the usual refinements of
 * that rule (ES after S, X, Z, CH, SH; IES only after a consonant, so ENVOY -> ENVOYS), which agree with the
 * documented examples. Consonants are never doubled (STOP -> STOPED, STOPING) because PETRARCH does not double
 * them either: dictionaries list such forms in `{...}` (`+HOP_OFF {+HOPS_OFF +HOPPED_OFF +HOPPING_OFF}`).
 */

const SIBILANT_END = /(S|X|Z|CH|SH)$/;
const CONSONANT_Y_END = /[^AEIOU]Y$/;

/** Plural of a noun, or third person singular of a verb (the same spelling rules). */
export function pluralOf(word: string): string {
  if (SIBILANT_END.test(word)) return `${word}ES`;
  if (CONSONANT_Y_END.test(word)) return `${word.slice(0, -1)}IES`;
  return `${word}S`;
}

function pastOf(verb: string): string {
  if (verb.endsWith('E')) return `${verb}D`;
  if (CONSONANT_Y_END.test(verb)) return `${verb.slice(0, -1)}IED`;
  return `${verb}ED`;
}

function gerundOf(verb: string): string {
  if (verb.endsWith('IE')) return `${verb.slice(0, -2)}YING`; // DIE -> DYING
  if (/(EE|YE|OE)$/.test(verb)) return `${verb}ING`; // AGREE -> AGREEING
  if (verb.length > 1 && verb.endsWith('E')) return `${verb.slice(0, -1)}ING`; // CONTRIBUTE -> CONTRIBUTING
  return `${verb}ING`;
}

/** The regular forms PETRARCH generates for a verb: third person -S, past -ED, gerund -ING (base not included). */
export function regularVerbForms(verb: string): string[] {
  return [pluralOf(verb), pastOf(verb), gerundOf(verb)];
}
