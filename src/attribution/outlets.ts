/**
 * News outlets and wire services: the intermediaries a quote travels through. Known names come from a short
 * hand-written list of wires and widely cited outlets; unknown ones are recognised by the way news cites them
 * ("a report by X", "X reported", "according to a Wednesday X report", "told X") and by the shape of their
 * names ("The ... Times", "... Shimbun", "... News").
 */

export type OutletKind = 'wire' | 'outlet';

export interface OutletName {
  name: string;
  kind: OutletKind;
}

/** Wire services: agencies whose copy other outlets carry. Abbreviations are matched case-sensitively. */
const WIRES: readonly [string, ...string[]][] = [
  ['Associated Press', 'AP', 'The Associated Press'],
  ['Reuters', 'Thomson Reuters'],
  ['Agence France-Presse', 'AFP', 'Agence France Presse'],
  ['United Press International', 'UPI'],
  ['Bloomberg', 'Bloomberg News'],
  ['Xinhua', 'Xinhua News Agency'],
  ['Yonhap', 'Yonhap News Agency'],
  ['Korean Central News Agency', 'KCNA'],
  ['Kyodo', 'Kyodo News'],
  ['TASS', 'ITAR-TASS'],
  ['Interfax'],
  ['RIA Novosti'],
  ['Anadolu Agency'],
  ['Press Trust of India', 'PTI'],
  ['Deutsche Presse-Agentur', 'dpa'],
  ['EFE'],
  ['ANSA'],
  ['Dow Jones', 'Dow Jones Newswires'],
];

/** Outlets cited often enough in international news to know by name. */
const OUTLETS: readonly [string, ...string[]][] = [
  ['CNN'], ['NBC News', 'NBC'], ['ABC News', 'ABC'], ['CBS News', 'CBS'], ['Fox News'], ['MSNBC'], ['NPR'], ['PBS'],
  ['BBC', 'BBC News'], ['Al Jazeera'], ['Sky News'], ['CNBC'], ['C-SPAN'],
  ['The New York Times', 'New York Times'], ['The Washington Post', 'Washington Post'],
  ['The Wall Street Journal', 'Wall Street Journal', 'WSJ'], ['USA Today'], ['Los Angeles Times'],
  ['The Hill'], ['Politico'], ['Axios'], ['Vox'], ['Vanity Fair'], ['The Atlantic'], ['The New Yorker'],
  ['Newsweek'], ['Time'], ['BuzzFeed News'], ['HuffPost', 'Huffington Post'], ['Breitbart', 'Breitbart News'],
  ['The Daily Beast'], ['The Guardian'], ['The Times'], ['The Telegraph'], ['Financial Times', 'FT'],
  ['The Economist'], ['Le Monde'], ['Der Spiegel'], ['NHK'], ['The Asahi Shimbun', 'Asahi'],
  ['The Yomiuri Shimbun', 'Yomiuri'], ['The Mainichi', 'Mainichi'], ['Nikkei', 'Nikkei Asia'],
  ['The Japan Times'], ['Chosun Ilbo'], ['JoongAng Ilbo'], ['The Korea Herald', 'Korea Herald'],
  ['The Korea Times', 'Korea Times'], ['Rodong Sinmun'], ['South China Morning Post'], ['Global Times'],
  ['People\u2019s Daily', "People's Daily"], ['Haaretz'], ['The Times of Israel'],
];

/** Last words of outlet names: "The Korea Herald", "The Asahi Shimbun", "Fox News". */
const OUTLET_HEADS = new Set([
  'times', 'post', 'journal', 'news', 'herald', 'tribune', 'shimbun', 'ilbo', 'daily', 'gazette', 'telegraph',
  'guardian', 'observer', 'independent', 'chronicle', 'star', 'sun', 'mail', 'express', 'mirror', 'review',
  'magazine', 'monitor', 'examiner', 'inquirer', 'globe', 'standard', 'agency', 'network', 'radio', 'television',
  'tv', 'wire', 'press', 'sinmun', 'bulletin', 'courier', 'dispatch', 'ledger', 'register', 'weekly',
]);

/** Known names by lower-cased key; `abbreviation` when the alias is an all-capital short form ("AP", "ABC"). */
const KNOWN = new Map<string, OutletName & { abbreviation: boolean }>();
for (const [kind, list] of [['wire', WIRES], ['outlet', OUTLETS]] as const) {
  for (const [name, ...aliases] of list) {
    for (const alias of [name, ...aliases]) {
      KNOWN.set(alias.toLowerCase().replace(/^the\s+/, ''), { name, kind, abbreviation: alias.length <= 5 && alias === alias.toUpperCase() });
    }
  }
}

/** The outlet a name refers to, if it is one eventwire knows or one shaped like an outlet's name. */
export function outletByName(text: string): OutletName | undefined {
  const key = text.trim().toLowerCase().replace(/^the\s+/, '').replace(/['’]s$/, '');
  const known = KNOWN.get(key);
  if (known) {
    // Short all-capital forms ("AP", "ABC") only as written, so the word "ap" or "abc" in prose never matches.
    const bare = text.trim().replace(/^the\s+/i, '');
    if (known.abbreviation && bare !== bare.toUpperCase()) return undefined;
    return { name: known.name, kind: known.kind };
  }
  const words = key.split(/\s+/);
  if (words.length >= 2 && OUTLET_HEADS.has(words[words.length - 1]!)) return { name: text.trim().replace(/['’]s$/, ''), kind: /agency|wire/.test(words[words.length - 1]!) ? 'wire' : 'outlet' };
  return undefined;
}

/** Words that, around a name, say it is the name of a publication: "report", "article", "interview". */
export const PUBLICATION_NOUNS = new Set([
  'report', 'reports', 'article', 'story', 'interview', 'broadcast', 'editorial', 'op-ed', 'column', 'piece',
  'investigation', 'exclusive', 'analysis', 'podcast', 'documentary', 'dispatch', 'commentary',
]);
