import type { EventModality } from './types.js';
import type { CoderToken } from './coder/tokens.js';

const NEGATIONS = new Set(['NOT', "N'T", 'NEVER', 'NO', 'CANNOT']);
/** Words before a verb that make it what an actor wants, vows, asks or might do, nearest first wins. */
const MODAL_CUES: ReadonlyMap<string, EventModality> = new Map([
  ['INTEND', 'intent'], ['INTENDS', 'intent'], ['INTENDED', 'intent'], ['INTENT', 'intent'], ['INTENTION', 'intent'],
  ['PLAN', 'intent'], ['PLANS', 'intent'], ['PLANNED', 'intent'], ['PLANNING', 'intent'], ['WANT', 'intent'],
  ['WANTS', 'intent'], ['WANTED', 'intent'], ['AIM', 'intent'], ['AIMS', 'intent'], ['SEEK', 'intent'],
  ['SEEKS', 'intent'], ['WILLING', 'intent'], ['READY', 'intent'], ['PREPARED', 'intent'], ['HOPE', 'intent'],
  ['HOPES', 'intent'], ['WILL', 'intent'], ["'LL", 'intent'], ['GOING', 'intent'], ['TRY', 'intent'],
  ['TRYING', 'intent'], ['TRIED', 'intent'], ['ATTEMPT', 'intent'], ['ATTEMPTING', 'intent'], ['THREATENED', 'intent'],
  ['PROMISE', 'promise'], ['PROMISES', 'promise'], ['PROMISED', 'promise'], ['PLEDGE', 'promise'],
  ['PLEDGED', 'promise'], ['PLEDGES', 'promise'], ['VOW', 'promise'], ['VOWED', 'promise'], ['VOWS', 'promise'],
  ['COMMITTED', 'promise'], ['GUARANTEED', 'promise'], ['SWORE', 'promise'],
  ['DEMAND', 'demand'], ['DEMANDS', 'demand'], ['DEMANDED', 'demand'], ['URGE', 'demand'], ['URGED', 'demand'],
  ['URGES', 'demand'], ['INSISTED', 'demand'], ['CALLED', 'demand'], ['CALLS', 'demand'], ['ASKED', 'demand'],
  ['ASKS', 'demand'], ['PRESSED', 'demand'], ['REQUIRE', 'demand'], ['REQUIRED', 'demand'], ['MUST', 'demand'],
  ['IF', 'hypothetical'], ['COULD', 'hypothetical'], ['MAY', 'hypothetical'], ['MIGHT', 'hypothetical'],
  ['WOULD', 'hypothetical'], ['UNLESS', 'hypothetical'], ['POSSIBLE', 'hypothetical'], ['POSSIBLY', 'hypothetical'],
  ['DENIED', 'denial'], ['DENIES', 'denial'], ['DENY', 'denial'], ['DENYING', 'denial'], ['REJECTED', 'denial'],
]);
/** Verbs whose event is itself a vow, a demand, an intention or a denial (the auxiliaries above are not). */
const VERB_MODALITIES: ReadonlyMap<string, EventModality> = new Map(
  [...MODAL_CUES].filter(([word, modality]) => modality !== 'hypothetical' && !['WILL', "'LL", 'GOING', 'MUST', 'CALLED', 'CALLS', 'ASKED', 'ASKS', 'READY', 'PREPARED', 'WILLING', 'INTENT', 'INTENTION'].includes(word)),
);
for (const [word, modality] of [['DEMANDING', 'demand'], ['URGING', 'demand'], ['PROMISING', 'promise'], ['PLEDGING', 'promise'], ['VOWING', 'promise'], ['INTENDING', 'intent']] as const) {
  (VERB_MODALITIES as Map<string, EventModality>).set(word, modality);
}

/** How far before the verb a cue may stand ("vowed on Thursday to wage war"). */
const CUE_REACH = 8;

/**
 * Negation and modality of an event from the words right before its verb, inside its clause: "did not clash"
 * is negated, "vowed to wage war" a promise, "urged X to respond" a demand, "could be drawn" hypothetical,
 * "denied attacking" a denial. A verb whose own code already says so (CAMEO 03x intents) stays asserted.
 */
export function modalityOf(tokens: readonly CoderToken[], verbStart: number, clauseStart: number): { negated: boolean; modality: EventModality } {
  let negated = false;
  // The verb itself may be the cue: "promised a peace declaration", "is demanding that ...".
  let modality: EventModality = VERB_MODALITIES.get(tokens[verbStart]!.word) ?? 'asserted';
  const from = Math.max(clauseStart, verbStart - CUE_REACH);
  for (let at = verbStart - 1; at >= from; at--) {
    const word = tokens[at]!.word;
    if (word === ',' || word === ';') break;
    if (NEGATIONS.has(word) && at >= verbStart - 3) negated = true;
    if (modality === 'asserted') modality = MODAL_CUES.get(word) ?? 'asserted';
  }
  return { negated, modality };
}
