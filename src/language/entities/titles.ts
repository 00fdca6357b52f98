/**
 * Titles and roles that stand next to a name ("Secretary of State Mike Pompeo") or instead of it ("the North
 * Korean dictator"). Each title has a class, so that "North Korean leader" can find the person an article
 * introduced as "North Korean dictator Kim Jong Un": same country, same kind of office.
 */

export type TitleClass =
  | 'head' // heads of state or government, and rulers by any name
  | 'minister' // cabinet members and their equivalents
  | 'legislator'
  | 'diplomat'
  | 'military'
  | 'judiciary'
  | 'executive' // heads of agencies, companies and organisations
  | 'spokesperson'
  | 'staff' // aides, officials, advisers: usually described, rarely named by the title alone
  | 'royal'
  | 'religious'
  | 'honorific'; // Mr., Ms., Dr.: part of a name, not a role

/** Lower-cased title words and phrases. Multi-word titles are matched before their last word alone. */
const TITLES: Record<TitleClass, readonly string[]> = {
  head: [
    'president', 'pres.', 'vice president', 'leader', 'supreme leader', 'dictator', 'strongman', 'despot', 'autocrat',
    'prime minister', 'premier', 'chancellor', 'head of state', 'head of government', 'chairman', 'emperor', 'ruler',
    'president-elect', 'taoiseach',
  ],
  minister: [
    'secretary of state', 'secretary of defense', 'secretary of the treasury', 'treasury secretary', 'defense secretary',
    'defence secretary', 'homeland security secretary', 'commerce secretary', 'foreign secretary', 'home secretary',
    'minister', 'foreign minister', 'defense minister', 'defence minister', 'finance minister', 'interior minister',
    'attorney general', 'secretary', 'deputy secretary of state', 'cabinet secretary',
  ],
  legislator: [
    'senator', 'sen.', 'representative', 'rep.', 'congressman', 'congresswoman', 'lawmaker', 'legislator', 'speaker',
    'house speaker', 'majority leader', 'minority leader', 'whip', 'member of parliament', 'mp', 'deputy',
  ],
  diplomat: ['ambassador', 'envoy', 'special envoy', 'special representative', 'diplomat', 'negotiator', 'consul'],
  military: [
    'general', 'gen.', 'admiral', 'adm.', 'colonel', 'col.', 'lieutenant', 'lt.', 'major', 'maj.', 'captain', 'capt.',
    'commander', 'sergeant', 'sgt.', 'marshal', 'field marshal', 'chief of staff', 'joint chiefs chairman',
  ],
  judiciary: ['judge', 'justice', 'chief justice', 'prosecutor', 'special counsel', 'attorney'],
  executive: [
    'director', 'chief executive', 'ceo', 'founder', 'chief', 'head', 'administrator', 'commissioner', 'governor',
    'gov.', 'mayor', 'president and ceo', 'secretary-general', 'secretary general', 'director general', 'chair',
    'chairwoman', 'chairperson', 'editor', 'publisher', 'owner',
  ],
  spokesperson: ['spokesman', 'spokeswoman', 'spokesperson', 'press secretary', 'mouthpiece'],
  staff: [
    'aide', 'adviser', 'advisor', 'national security adviser', 'national security advisor', 'official', 'staffer',
    'analyst', 'expert', 'counselor', 'counsellor', 'deputy', 'assistant', 'lawyer', 'strategist', 'correspondent',
    'reporter', 'columnist', 'source',
  ],
  royal: [
    'king', 'queen', 'prince', 'princess', 'crown prince', 'sheikh', 'emir', 'sultan', 'monarch', 'lord', 'first lady',
    'first gentleman',
  ],
  religious: ['pope', 'cardinal', 'archbishop', 'bishop', 'imam', 'ayatollah', 'rabbi', 'reverend', 'rev.'],
  honorific: ['mr.', 'mrs.', 'ms.', 'miss', 'dr.', 'mr', 'mrs', 'ms', 'dr', 'sir', 'dame', 'madam'],
};

export interface TitleEntry {
  /** The title as the lexicon has it, lower-cased: `secretary of state`. */
  title: string;
  /** The title's last word, which decides its kind: `state` is not, so the head is the first noun: `secretary`. */
  head: string;
  titleClass: TitleClass;
  words: readonly string[];
}

function headOf(words: readonly string[]): string {
  // "secretary of state" is a secretary; "foreign minister" a minister.
  const of = words.indexOf('of');
  return of > 0 ? words[of - 1]! : words[words.length - 1]!;
}

const BY_FIRST_WORD = new Map<string, TitleEntry[]>();
for (const [titleClass, titles] of Object.entries(TITLES) as [TitleClass, readonly string[]][]) {
  for (const title of titles) {
    const words = title.split(' ');
    const entry: TitleEntry = { title, head: headOf(words), titleClass, words };
    const list = BY_FIRST_WORD.get(words[0]!) ?? [];
    list.push(entry);
    BY_FIRST_WORD.set(words[0]!, list);
  }
}
for (const list of BY_FIRST_WORD.values()) list.sort((a, b) => b.words.length - a.words.length);

/** The longest title starting at `words[at]` (lower-cased words), or undefined. */
export function titleAt(words: readonly string[], at: number): TitleEntry | undefined {
  const candidates = BY_FIRST_WORD.get(words[at] ?? '');
  if (!candidates) return undefined;
  for (const entry of candidates) {
    if (entry.words.every((w, i) => words[at + i] === w)) return entry;
  }
  return undefined;
}

/** Plural title words ("officials", "leaders") describe groups, not one person. */
export function isPluralTitleWord(word: string): boolean {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && BY_FIRST_WORD.has(word.slice(0, -1)) && !BY_FIRST_WORD.has(word);
}

/** Words that may qualify a title without being a name: "then", "former", "acting", "top" ... */
export const TITLE_QUALIFIERS = new Set([
  'then', 'then-', 'former', 'ex-', 'ex', 'acting', 'deputy', 'vice', 'top', 'chief', 'senior', 'interim', 'outgoing',
  'incoming', 'late', 'longtime', 'new', 'current', 'veteran', 'state', 'foreign', 'defense', 'defence', 'federal',
  'national', 'republican', 'democratic', 'democrat', 'gop', 'conservative', 'liberal', 'senate', 'house', 'white',
  'congressional', 'administration', 'military', 'government', 'communist', 'regional', 'local', 'presidential',
  'unnamed', 'anonymous', 'high-ranking', 'high-level', 'ranking', 'powerful', 'young', 'reclusive', 'authoritarian',
]);

/** Determiners that open a description; indefinite ones introduce someone new. */
export const DEFINITE = new Set(['the', 'this', 'that']);
export const INDEFINITE = new Set(['a', 'an', 'another', 'one']);
