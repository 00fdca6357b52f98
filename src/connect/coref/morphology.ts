/**
 * Derivational normalisation of event words, so that a nominalisation meets its verb ("arrest"/"arrested",
 * "shooting"/"shot", "death"/"die", "resignation"/"resign"). General English morphology only: irregular verb
 * forms and a few suppletive noun–verb pairs, then suffix stripping.
 */

/** Irregular past forms and nouns whose verb no suffix rule recovers, to the verb. */
const IRREGULAR: Record<string, string> = {
  death: 'die', dead: 'die', dying: 'die', shot: 'shoot', loss: 'lose', lost: 'lose', sale: 'sell', sold: 'sell',
  fought: 'fight', flight: 'fly', flew: 'fly', flown: 'fly', growth: 'grow', won: 'win', theft: 'steal', stole: 'steal',
  stolen: 'steal', speech: 'speak', spoke: 'speak', choice: 'choose', chose: 'choose', proof: 'prove', gift: 'give',
  gave: 'give', given: 'give', bought: 'buy', struck: 'strike', hit: 'hit', caught: 'catch', brought: 'bring',
  thought: 'think', sought: 'seek', taught: 'teach', built: 'build', sent: 'send', spent: 'spend', left: 'leave',
  met: 'meet', held: 'hold', told: 'tell', said: 'say', led: 'lead', fled: 'flee', bled: 'bleed',
  fell: 'fall', fallen: 'fall', began: 'begin', begun: 'begin', broke: 'break', broken: 'break', chosen: 'choose',
  drove: 'drive', driven: 'drive', ate: 'eat', eaten: 'eat', froze: 'freeze', frozen: 'freeze', rose: 'rise',
  risen: 'rise', shook: 'shake', shaken: 'shake', took: 'take', taken: 'take', wrote: 'write', written: 'write',
  sank: 'sink', sunk: 'sink', swore: 'swear', sworn: 'swear', tore: 'tear', torn: 'tear', wore: 'wear', worn: 'wear',
  bore: 'bear', born: 'bear', birth: 'bear', blew: 'blow', blown: 'blow', drew: 'draw', drawn: 'draw', threw: 'throw',
  thrown: 'throw', knew: 'know', known: 'know', grew: 'grow', grown: 'grow', hung: 'hang', dug: 'dig', stuck: 'stick',
   slew: 'slay', slain: 'slay', sped: 'speed', fed: 'feed', paid: 'pay', laid: 'lay', lain: 'lie',
  kept: 'keep', slept: 'sleep', swept: 'sweep', wept: 'weep', felt: 'feel', dealt: 'deal', meant: 'mean', lent: 'lend',
  bent: 'bend', found: 'find', bound: 'bind', wound: 'wind', ran: 'run', came: 'come', became: 'become', went: 'go',
  gone: 'go', did: 'do', done: 'do', made: 'make', had: 'have', saw: 'see', seen: 'see', got: 'get', gotten: 'get',
  sat: 'sit', stood: 'stand', understood: 'understand', heard: 'hear', shone: 'shine', forgave: 'forgive',
  forgiven: 'forgive', withdrew: 'withdraw', withdrawn: 'withdraw', withdrawal: 'withdraw', arose: 'arise',
  arisen: 'arise', overtook: 'overtake', overthrew: 'overthrow', undertook: 'undertake', quit: 'quit', shut: 'shut',
  set: 'set', put: 'put', cut: 'cut', cost: 'cost', hurt: 'hurt', let: 'let', spread: 'spread', bet: 'bet',
  life: 'live', living: 'live', marriage: 'marry', failure: 'fail', pursuit: 'pursue', defence: 'defend',
  defense: 'defend', offence: 'offend', offense: 'offend', response: 'respond', descent: 'descend', ascent: 'ascend',
  analysis: 'analyse', trial: 'try', denial: 'deny', burial: 'bury', survival: 'survive', arrival: 'arrive',
  approval: 'approve', removal: 'remove', refusal: 'refuse', proposal: 'propose', dismissal: 'dismiss',
  seizure: 'seize', closure: 'close', departure: 'depart', exposure: 'expose', pressure: 'press', injury: 'injure',
  discovery: 'discover', delivery: 'deliver', recovery: 'recover', robbery: 'rob', bribery: 'bribe', entry: 'enter',
  inquiry: 'inquire', enquiry: 'enquire', agreement: 'agree', payment: 'pay',
};

const VOWEL = /[aeiou]/;

/** The stem a word's derivational family shares: a lower-cased lemma with inflection and derivation stripped. */
export function derivationalStem(lemma: string): string {
  let word = lemma.toLowerCase();
  const irregular = IRREGULAR[word];
  if (irregular) word = irregular;
  const strip = (suffix: string, replacement = '', minimum = 3): boolean => {
    if (!word.endsWith(suffix) || word.length - suffix.length < minimum) return false;
    const base = word.slice(0, -suffix.length);
    if (!VOWEL.test(base)) return false;
    word = base + replacement;
    return true;
  };
  // Longest suffixes first; each family is reduced to a form its verb reduces to as well.
  void (
    strip('isation', 'ise') || strip('ization', 'ize') || strip('ication', 'y') || strip('ation', '') ||
    strip('ition', '') || strip('ssion', 't') || strip('sion', 'd') || strip('tion', 't') ||
    strip('ment') || strip('ance') || strip('ence') || strip('ings') || strip('ing') || strip('ied', 'y') ||
    strip('ies', 'y') || strip('ed') || strip('ers') || strip('er') || strip('al') || strip('es') ||
    (word.endsWith('ss') ? false : strip('s'))
  );
  // Final letters that differ inside one family: "decide"/"decid", "arrive"/"arriv", "stopp"/"stop", "ise"/"ize".
  word = word.replace(/ize$/, 'ise').replace(/e$/, '');
  if (/([bdfgklmnprtz])\1$/.test(word)) word = word.slice(0, -1);
  return word;
}

/** Lemmas of verbs that report speech or cognition: rarely the event itself, and everywhere in the news. */
export const REPORTING_LEMMAS = new Set([
  'say', 'tell', 'report', 'announce', 'state', 'add', 'claim', 'confirm', 'deny', 'explain', 'note', 'write',
  'according', 'describe', 'believe', 'think', 'know', 'suggest', 'reveal', 'insist', 'declare', 'comment', 'ask',
  'reply', 'respond', 'quote', 'mention', 'argue', 'warn', 'call', 'speak', 'talk', 'statement', 'comment',
]);

/** Lemmas that are events only in the thinnest sense ("took place", "has", "did"). */
export const LIGHT_LEMMAS = new Set(['be', 'have', 'do', 'take', 'make', 'get', 'go', 'come', 'give', 'happen', 'occur', 'become']);
