/** Numbers written in digits or words, as they appear in time expressions ("twenty four", "2 1/2", "a couple of"). */

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

/** Number words as a regex alternative (longest first so "seventeen" wins over "seven"). */
export const NUMBER_WORD_SOURCE = [...Object.keys(SMALL), ...Object.keys(TENS), ...Object.keys(SCALES)]
  .sort((a, b) => b.length - a.length)
  .join('|');

/** A cardinal in words: "twenty four", "twenty-four", "one hundred and fifty". */
export const NUMBER_WORDS_SOURCE = `(?:${NUMBER_WORD_SOURCE})(?:(?:[\\s-]+|\\s+and\\s+)(?:${NUMBER_WORD_SOURCE}))*`;

/** An ordinal in words ("eighth", "twenty-first") or digits ("8th"). */
export const ORDINAL_WORD_SOURCE = `(?:(?:${Object.keys(TENS).join('|')})[\\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|${Object.keys(
  ORDINALS,
)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

/** A quantity in digits: 3, 1,500, 2.5, 5 1/2. */
export const DIGIT_NUMBER_SOURCE = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s+1/2|\\s+\\d/\\d)?`;

/** Parses a cardinal in words or digits; null if it is not one. */
export function parseNumber(raw: string): number | null {
  const text = raw.toLowerCase().trim();
  if (text === '') return null;
  const digits = /^(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(\d)\/(\d))?$/.exec(text);
  if (digits) {
    const whole = Number(digits[1]!.replace(/,/g, ''));
    return digits[2] ? whole + Number(digits[2]) / Number(digits[3]) : whole;
  }
  if (text === 'a' || text === 'an' || text === 'one') return 1;
  const words = text.split(/[\s-]+/).filter((w) => w !== 'and');
  let total = 0;
  let current = 0;
  let seen = false;
  let lastKind: 'small' | 'tens' | 'scale' | null = null;
  for (const word of words) {
    if (word in SMALL) {
      // "twenty four" combines; "four five" does not.
      if (lastKind === 'small' || (lastKind === 'tens' && SMALL[word]! >= 10)) return null;
      current += SMALL[word]!;
      lastKind = 'small';
    } else if (word in TENS) {
      if (lastKind === 'small' || lastKind === 'tens') return null;
      current += TENS[word]!;
      lastKind = 'tens';
    } else if (word in SCALES) {
      const scale = SCALES[word]!;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      lastKind = 'scale';
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

/** Parses an ordinal ("third", "3rd", "twenty-first"); null otherwise. */
export function parseOrdinal(raw: string): number | null {
  const text = raw.toLowerCase().trim();
  const digits = /^(\d+)(?:st|nd|rd|th)?$/.exec(text);
  if (digits) return Number(digits[1]);
  if (text in ORDINALS) return ORDINALS[text]!;
  const compound = /^(\w+)[\s-](\w+)$/.exec(text);
  if (compound && compound[1]! in TENS && compound[2]! in ORDINALS) return TENS[compound[1]!]! + ORDINALS[compound[2]!]!;
  return null;
}

/**
 * A year said in words: "nineteen ninety-six" (1996), "two thousand" (2000), "two thousand and one",
 * "nineteen hundred". Null when it does not read as a year.
 */
export function parseYearWords(raw: string): number | null {
  const text = raw.toLowerCase().trim();
  const pair = /^(ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)[\s-]+(.+)$/.exec(text);
  if (pair && !/thousand|hundred/.test(pair[2]!)) {
    const tail = /^(?:oh|o)[\s-]+(\w+)$/.exec(pair[2]!); // "nineteen oh five"
    const low = tail ? parseNumber(tail[1]!) : parseNumber(pair[2]!);
    if (low !== null && low >= (tail ? 1 : 10) && low < 100) return parseNumber(pair[1]!)! * 100 + low;
  }
  const n = parseNumber(text);
  if (n !== null && n >= 1000 && n <= 2100 && /hundred|thousand/.test(text)) return n;
  return null;
}
