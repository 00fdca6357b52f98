/**
 * Cheap tense cue for a time expression: the verb group nearest to it in its sentence.
 * News reports the past, so "Friday" in "talks collapsed Friday" is the Friday before the article, while
 * "talks will resume Friday" points forward. No tagger is needed for this: auxiliaries, modals and past forms
 * are enough. The verb group decides, not the bare verb: "would be paid in January" is future although "paid"
 * is a past form; an infinitive ("declined to comment Friday") defers to the verb that governs it.
 */

export type Tense = 'PAST' | 'PRESENT' | 'FUTURE' | 'NONE';

/** Auxiliaries and modals: they fix the tense of the group they head. */
const AUXILIARY: Record<string, Tense> = {
  will: 'FUTURE', "'ll": 'FUTURE', shall: 'FUTURE', wo: 'FUTURE', would: 'FUTURE', "'d": 'FUTURE',
  may: 'FUTURE', might: 'FUTURE', must: 'FUTURE', should: 'FUTURE', could: 'FUTURE', can: 'FUTURE',
  was: 'PAST', were: 'PAST', had: 'PAST', did: 'PAST',
  is: 'PRESENT', are: 'PRESENT', am: 'PRESENT', has: 'PAST', have: 'PAST', does: 'PRESENT', do: 'PRESENT',
};
/** Words that may sit inside a verb group between the auxiliary and the verb. */
const GROUP_FILLER = new Set(['be', 'been', 'being', 'not', "n't", 'also', 'still', 'already', 'just', 'never', 'probably', 'now', 'then', 'again', 'only', 'reportedly', 'likely', 'certainly', 'finally', 'formally', 'officially', 'have', 'has', 'had']);
/**
 * Reporting verbs: "X said Friday" dates the saying, but "..., X said." at the end of a sentence says nothing
 * about the tense of what was said. Right next to the expression they decide; further away they are a fallback.
 */
const REPORTING = new Set(['said', 'says', 'say', 'told', 'tells', 'added', 'adds', 'according', 'reported', 'announced', 'stated', 'declared', 'noted', 'explained']);
/** Words that point forward whatever their form. */
const FUTURE_CUES = new Set([
  'tomorrow', 'upcoming', 'scheduled', 'expected', 'expects', 'expect', 'slated', 'next', 'coming', 'effective', 'until', 'till', 'soon', 'ahead',
  'intends', 'intend', 'intending', 'aims', 'hopes', 'awaits', 'awaiting', 'anticipates', 'anticipate',
]);
/** Words that point forward only before "to" ("plans to", "is set to", "is due to"): as nouns they do not. */
const FUTURE_BEFORE_TO = new Set(['plan', 'plans', 'planning', 'planned', 'set', 'due', 'going', 'poised', 'ready', 'likely', 'about']);
/** Words that point back whatever their form. */
const PAST_CUES = new Set(['ago', 'yesterday', 'last', 'earlier', 'previously', 'since']);
const PAST_FORMS = new Set([
  'said', 'told', 'came', 'went', 'made', 'took', 'gave', 'got', 'began', 'saw', 'left', 'met', 'held', 'lost', 'won', 'fell',
  'rose', 'sold', 'bought', 'paid', 'found', 'struck', 'led', 'ran', 'spoke', 'wrote', 'broke', 'fled', 'shot', 'knew',
  'thought', 'felt', 'kept', 'brought', 'sent', 'spent', 'became', 'began', 'drew', 'flew', 'grew', 'threw', 'wore', 'chose',
  'stood', 'understood', 'sought', 'fought', 'caught', 'taught', 'built', 'meant', 'heard', 'hung', 'rang', 'sang', 'sank',
  'swore', 'tore', 'woke', 'forgot', 'froze', 'hid', 'bit', 'slid', 'sat', 'lay', 'laid', 'dealt', 'withdrew', 'overtook',
  'underwent', 'undertook', 'arose', 'forbade', 'foresaw', 'reopened',
]);
const PRESENT_FORMS = new Set(['says', 'say', 'remains', 'continues', 'seems', 'appears', 'believes', 'thinks', 'wants', 'needs']);
/** -ed words that are not past verbs in news prose. */
const NOT_PAST_ED = new Set(['united', 'limited', 'red', 'bed', 'need', 'feed', 'seed', 'speed', 'indeed', 'hundred', 'based', 'related', 'proposed', 'armed', 'naked', 'wicked', 'sacred', 'ragged', 'rugged', 'beloved', 'learned', 'aged', 'kindred', 'shed', 'led', 'wed', 'fled', 'sled', 'bred', 'embed', 'succeed', 'proceed', 'exceed', 'deed', 'weed', 'greed', 'breed', 'steed', 'tweed', 'creed', 'reed', 'heed', 'alleged', 'so-called', 'detailed', 'advanced', 'concerned', 'interested', 'experienced', 'supposed', 'used']);

const WORD = /[A-Za-z]+(?:'[a-z]+)?|'ll|'d|n't/g;
const MAX_DISTANCE = 14;

/** `weak` cues (a bare -ed form, a reporting verb) only decide next to the expression; further away they are a fallback. */
type Cue = { tense: Tense; verb: boolean; weak: boolean };

/** Words after which an -ed form is an adjective ("a still unspecified date", "the proposed merger"). */
const BEFORE_ADJECTIVE = /^(?:a|an|the|this|that|these|those|its|their|his|her|our|my|your|some|any|no|every|each|still|very|more|most|less|least|well|newly|recently|so|too|as|fully|widely|closely|long|once)$/i;

function cueOf(word: string, next: string | undefined, previous: string | undefined): Cue | null {
  const w = word.toLowerCase();
  if (FUTURE_BEFORE_TO.has(w) && next?.toLowerCase() === 'to') return { tense: 'FUTURE', verb: false, weak: false };
  if (FUTURE_CUES.has(w)) return { tense: 'FUTURE', verb: false, weak: false };
  if (PAST_CUES.has(w)) return { tense: 'PAST', verb: false, weak: false };
  if (w in AUXILIARY) return { tense: AUXILIARY[w]!, verb: true, weak: false };
  if (REPORTING.has(w)) return { tense: w === 'says' || w === 'say' || w === 'tells' || w === 'adds' ? 'PRESENT' : 'PAST', verb: true, weak: true };
  if (PAST_FORMS.has(w)) return { tense: 'PAST', verb: true, weak: false };
  if (PRESENT_FORMS.has(w)) return { tense: 'PRESENT', verb: true, weak: false };
  if (w.length > 4 && w.endsWith('ed') && !NOT_PAST_ED.has(w) && !(previous && BEFORE_ADJECTIVE.test(previous))) return { tense: 'PAST', verb: true, weak: true };
  return null;
}

/**
 * Tense of the verb group whose last word is words[i]: the highest auxiliary or modal to its left decides;
 * "to" in front makes it an infinitive, which has no tense of its own (null: keep looking).
 */
function groupTense(words: string[], i: number, cue: Cue): Tense | null {
  if (!cue.verb) return cue.tense;
  let tense = cue.tense;
  let j = i - 1;
  while (j >= 0 && j >= i - 5) {
    const w = words[j]!.toLowerCase();
    if (w === 'to') return null;
    if (w in AUXILIARY) {
      tense = AUXILIARY[w]!;
      j--;
      continue;
    }
    if (GROUP_FILLER.has(w)) {
      j--;
      continue;
    }
    break;
  }
  // "going to", "set to", "due to" + verb: the infinitive's own group looks forward.
  return tense;
}

/** Sentence bounds around [start, end): blank lines and sentence-final punctuation followed by a capital. */
export function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let from = start;
  const limit = Math.max(0, start - 400);
  while (from > limit) {
    const c = text.charCodeAt(from - 1);
    if (c === 10 && from >= 2 && text.charCodeAt(from - 2) === 10) break;
    if ((c === 32 || c === 10) && /[.!?]["')]?$/.test(text.slice(Math.max(0, from - 4), from - 1)) && !ABBREVIATION_BEFORE.test(text.slice(Math.max(0, from - 7), from - 1))) break;
    from--;
  }
  let to = end;
  const max = Math.min(text.length, end + 400);
  while (to < max) {
    const c = text.charCodeAt(to);
    if ((c === 46 || c === 33 || c === 63) && /^[.!?]["')]?\s+["'`]*[A-Z]/.test(text.slice(to, to + 6)) && !ABBREVIATION_AT.test(text.slice(Math.max(0, to - 6), to))) break;
    if (c === 10 && text.charCodeAt(to + 1) === 10) break;
    to++;
  }
  return [from, to];
}

const ABBREVIATION_BEFORE = /\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Gen|Sen|Rep|Gov|Corp|Inc|Co|Ltd|[A-Z])\.$/;
const ABBREVIATION_AT = /\b(?:Mr|Mrs|Ms|Dr|St|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|Gen|Sen|Rep|Gov|Corp|Inc|Co|Ltd|[A-Z])$/;

/** Tense cue nearest to the expression within its sentence (left side first at equal distance). */
export function tenseAround(text: string, start: number, end: number): Tense {
  const [from, to] = sentenceBounds(text, start, end);
  const before = text.slice(from, start).match(WORD) ?? [];
  const after = text.slice(end, to).match(WORD) ?? [];
  // A quotation closing right after the expression ("... Thursday,'' Castro said"): the speech verb dates the quote, not its content.
  const quoteCloses = /^[^A-Za-z]*(?:''|"|\u201d|')/.test(text.slice(end, end + 6));
  let fallback: Tense | null = null;
  const consider = (words: string[], i: number, distance: number, left: boolean): Tense | null => {
    const cue = cueOf(words[i]!, words[i + 1], words[i - 1]);
    if (!cue) return null;
    const tense = groupTense(words, i, cue);
    if (!tense) return null;
    if (cue.weak && tense === cue.tense && REPORTING.has(words[i]!.toLowerCase())) {
      // "said Friday", "said on Friday", "resigned Friday", "Friday, officials said" date the event itself.
      const adjacent = left ? distance === 0 || (distance === 1 && /^on$/i.test(words[i + 1] ?? '')) : distance <= 2 && !quoteCloses;
      if (adjacent) return tense;
      fallback ??= tense;
      return null;
    }
    return tense;
  };
  let leftDone = false;
  let rightDone = false;
  for (let distance = 0; distance < MAX_DISTANCE && !(leftDone && rightDone); distance++) {
    const li = before.length - 1 - distance;
    if (li < 0) leftDone = true;
    if (!leftDone) {
      const tense = consider(before, li, distance, true);
      if (tense) return tense;
    }
    if (distance >= after.length) rightDone = true;
    if (!rightDone) {
      const tense = consider(after, distance, distance, false);
      if (tense) return tense;
    }
  }
  return fallback ?? 'NONE';
}
