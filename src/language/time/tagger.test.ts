import { describe, expect, it } from 'vitest';
import { findTimexes } from './tagger.js';
import type { Timex } from './types.js';

/** Articles below are "published" on Tuesday 3 April 2018 unless a test says otherwise. */
const DCT = '2018-04-03';

function tag(text: string, dct = DCT): Timex[] {
  const found = findTimexes(text, { dct });
  for (const t of found) expect(text.slice(t.start, t.end)).toBe(t.text);
  return found;
}

/** The one expression whose text is `expression` (fails when absent). */
function one(text: string, expression: string, dct = DCT): Timex {
  const hit = tag(text, dct).find((t) => t.text === expression);
  if (!hit) throw new Error(`"${expression}" not found in ${JSON.stringify(tag(text, dct).map((t) => t.text))}`);
  return hit;
}

const value = (text: string, expression: string, dct = DCT): string => one(text, expression, dct).value;

describe('relative days, with the past bias of news', () => {
  it('reads a weekday in a past-tense sentence as the one before the article', () => {
    expect(value('The ferry company cancelled the crossing on Friday.', 'Friday')).toBe('2018-03-30');
    expect(value('Officials said Monday that the bridge would reopen.', 'Monday')).toBe('2018-04-02');
  });

  it('reads a weekday in a future-tense sentence as the one ahead', () => {
    expect(value('The minister will visit the harbour on Friday.', 'Friday')).toBe('2018-04-06');
    expect(value('The council is expected to vote Thursday.', 'Thursday')).toBe('2018-04-05');
  });

  it('leaves the possessive outside: "Monday\'s report" is the Monday before', () => {
    const t = one("Monday's report showed exports slowing.", 'Monday');
    expect(t.value).toBe('2018-04-02');
    expect(t.type).toBe('DATE');
  });

  it('resolves yesterday, today, tomorrow and tonight against the DCT', () => {
    const found = tag('Shares fell yesterday, recovered today and may rise tomorrow; the vote is tonight.');
    expect(found.map((t) => [t.text, t.type, t.value])).toEqual([
      ['yesterday', 'DATE', '2018-04-02'],
      ['today', 'DATE', '2018-04-03'],
      ['tomorrow', 'DATE', '2018-04-04'],
      ['tonight', 'TIME', '2018-04-03TNI'],
    ]);
  });

  it('counts "N units ago" from the DCT at the unit\'s granularity', () => {
    expect(value('The plant closed two weeks ago.', 'two weeks ago')).toBe('2018-W12');
    expect(value('The mayor resigned three days ago.', 'three days ago')).toBe('2018-03-31');
    expect(value('The firm was founded five years ago.', 'five years ago')).toBe('2013');
  });

  it('counts "N units earlier/later" from the last date mentioned', () => {
    const text = 'The storm reached the coast on March 12. Three days later the power came back.';
    expect(value(text, 'Three days later')).toBe('2018-03-15');
  });

  it('reads typographic apostrophes like plain ones and reports the original text', () => {
    expect(one('Monday’s report was grim.', 'Monday').value).toBe('2018-04-02');
    expect(value('Shops closed on New Year’s Day 2017.', 'New Year’s Day 2017')).toBe('2017-01-01');
    expect(value('Rents soared in the ’90s.', 'the ’90s')).toBe('199');
  });

  it('accepts a DCT with a time of day', () => {
    expect(value('Police arrived yesterday.', 'yesterday', '2018-04-03T10:00')).toBe('2018-04-02');
  });

  it('refuses an unreadable DCT', () => {
    expect(() => findTimexes('today', { dct: 'last Tuesday' })).toThrow(/creation time/);
  });
});

describe('weeks, months, years relative to the DCT', () => {
  it('normalises this/last/next week, month and year', () => {
    const found = tag('Sales rose this month after falling last month; the board meets next week and the plan runs until next year.');
    expect(found.map((t) => [t.text, t.value])).toEqual([
      ['this month', '2018-04'],
      ['last month', '2018-03'],
      ['next week', '2018-W15'],
      ['next year', '2019'],
    ]);
  });

  it('reads "earlier this year" as the year, a DATE with mod START', () => {
    const t = one('Earlier this year, the airline cut 300 jobs.', 'Earlier this year');
    expect(t).toMatchObject({ type: 'DATE', value: '2018', mod: 'START' });
  });

  it('reads seasons, quarters and halves', () => {
    expect(value('The drought last summer hurt farmers.', 'last summer')).toBe('2017-SU');
    expect(value('The harvest this fall will be small.', 'this fall')).toBe('2018-FA');
    expect(value('Profit fell in the fourth quarter.', 'the fourth quarter')).toBe('2017-Q4');
    expect(value('The company expects growth in the third quarter.', 'the third quarter')).toBe('2018-Q3');
    expect(value('Revenue in Q3 2017 doubled.', 'Q3 2017')).toBe('2017-Q3');
    expect(value('Results for fiscal 2016 were restated.', 'fiscal 2016')).toBe('2016');
    expect(value('Net income rose in the second half of 2016.', 'the second half of 2016')).toBe('2016-H2');
  });

  it('compares quarters: "a year earlier" after a quarter is that quarter a year before', () => {
    const text = 'Profit rose 8% in the third quarter from a year earlier.';
    expect(value(text, 'the third quarter', '2018-11-01')).toBe('2018-Q3');
    expect(value(text, 'a year earlier', '2018-11-01')).toBe('2017-Q3');
  });

  it('reads "the end of the month" and other parts of periods with a mod', () => {
    expect(one('The report is due by the end of the month.', 'the end of the month')).toMatchObject({ value: '2018-04', mod: 'END' });
    expect(one('Prices peaked in early March.', 'early March')).toMatchObject({ value: '2018-03', mod: 'START' });
    expect(one('Sales slowed in mid-2016.', 'mid-2016')).toMatchObject({ value: '2016', mod: 'MID' });
  });
});

describe('absolute dates', () => {
  it('reads the common news forms of one day', () => {
    for (const form of ['Jan. 8, 1998', '8 January 1998', '1998-01-08', '01/08/98', 'January 8th, 1998', 'Thursday, Jan. 8, 1998']) {
      expect(value(`The treaty was signed on ${form} in Geneva.`, form, '2018-04-03')).toBe('1998-01-08');
    }
  });

  it('reads months and years, leaving the preposition outside', () => {
    expect(value('The bank was fined in May 2017.', 'May 2017')).toBe('2017-05');
    expect(value('The bank was fined in 2017.', '2017')).toBe('2017');
    expect(value('Unemployment was high in the 1990s.', 'the 1990s')).toBe('199');
    expect(value("Unemployment was high in the '90s.", "the '90s")).toBe('199');
    expect(value('The law dates from the early 20th century.', 'the early 20th century')).toBe('19');
  });

  it('gives a month without a year the nearest occurrence, weighed by tense', () => {
    expect(value('The strike ended in January.', 'January')).toBe('2018-01');
    expect(value('The new rules take effect in June.', 'June')).toBe('2018-06');
    // A past-tense sentence still means next week's date when it is that close.
    expect(value('The court ordered that the boy be returned by Jan. 14.', 'Jan. 14', '2000-01-06')).toBe('2000-01-14');
  });

  it('reads numbers in words, including years', () => {
    expect(one('The lights were out for twenty four hours.', 'twenty four hours')).toMatchObject({ type: 'DURATION', value: 'PT24H' });
    expect(value('The museum opened in nineteen ninety-six.', 'nineteen ninety-six')).toBe('1996');
    expect(value('It will be finished by the year two thousand.', 'the year two thousand', '1998-02-05')).toBe('2000');
  });
});

describe('holidays', () => {
  it('computes Easter by the computus and keeps a holiday weekend on the holiday', () => {
    const t = one('Millions travelled over Easter weekend.', 'Easter weekend');
    expect(t).toMatchObject({ type: 'DATE', value: '2018-04-01' });
    expect(value('Church attendance rose at Easter 2019.', 'Easter 2019')).toBe('2019-04-21');
    expect(value('Good Friday 2018 was quiet.', 'Good Friday 2018')).toBe('2018-03-30');
  });

  it('finds fixed and floating holidays in the right year', () => {
    expect(value('Turkey prices rose before last Thanksgiving.', 'last Thanksgiving')).toBe('2017-11-23');
    expect(value('The store will close on Christmas Day.', 'Christmas Day')).toBe('2018-12-25');
    expect(value('Fireworks were banned on Independence Day 2016.', 'Independence Day 2016')).toBe('2016-07-04');
    expect(value('Traffic is heavy on Memorial Day 2018.', 'Memorial Day 2018')).toBe('2018-05-28');
    expect(value('The strike began on Labor Day 2018.', 'Labor Day 2018')).toBe('2018-09-03');
  });
});

describe('times and parts of the day', () => {
  it('reads clock times on the day named or the last day mentioned', () => {
    expect(one('The polls closed at 8 p.m. Monday.', '8 p.m. Monday')).toMatchObject({ type: 'TIME', value: '2018-04-02T20:00' });
    expect(value('The storm hit on March 12. The alarm sounded at 3:30 p.m. and again later.', '3:30 p.m.')).toBe('2018-03-12T15:30');
    expect(value('The ship docked at noon Saturday.', 'noon Saturday')).toBe('2018-03-31T12:00');
  });

  it('writes parts of the day as TMO/TAF/TEV/TNI', () => {
    expect(one('Rebels attacked the town Monday night.', 'Monday night')).toMatchObject({ type: 'TIME', value: '2018-04-02TNI' });
    expect(value('The minister spoke this morning.', 'this morning')).toBe('2018-04-03TMO');
    expect(value('Fires broke out last night.', 'last night')).toBe('2018-04-02TNI');
    expect(value('Talks resumed Sunday afternoon.', 'Sunday afternoon')).toBe('2018-04-01TAF');
  });
});

describe('durations', () => {
  it('normalises counted durations, adjectival ones and vague ones', () => {
    const cases: [string, string, string][] = [
      ['The strike lasted three days.', 'three days', 'P3D'],
      ['He signed a two-year contract.', 'two-year', 'P2Y'],
      ['The talks took several months.', 'several months', 'PXM'],
      ['The feud has lasted for decades.', 'decades', 'PXDE'],
      ['The vote took 2 1/2 hours.', '2 1/2 hours', 'PT2H30M'],
      ['The program ran for a year and a half.', 'a year and a half', 'P1Y6M'],
      ['Output fell over the past two years.', 'the past two years', 'P2Y'],
      ['Inflation doubled in the last twenty four hours.', 'the last twenty four hours', 'PT24H'],
    ];
    for (const [text, expression, expected] of cases) expect(one(text, expression)).toMatchObject({ type: 'DURATION', value: expected });
  });

  it('puts comparative modifiers inside with a mod', () => {
    expect(one('The siege lasted more than four hours.', 'more than four hours')).toMatchObject({ value: 'PT4H', mod: 'MORE_THAN' });
    expect(one('He was held for nearly two years.', 'nearly two years')).toMatchObject({ value: 'P2Y', mod: 'APPROX' });
  });

  it('does not read ages as durations', () => {
    expect(tag('A 6-year-old boy and a 52-year-old man were rescued.')).toEqual([]);
  });
});

describe('sets', () => {
  it('reads every/each and frequency adverbs as SETs', () => {
    expect(one('The committee meets every Monday.', 'every Monday')).toMatchObject({ type: 'SET', value: 'XXXX-WXX-1', quant: 'EVERY' });
    expect(one('Prices are reviewed each July.', 'each July')).toMatchObject({ type: 'SET', value: 'XXXX-07' });
    expect(one('The index is published weekly.', 'weekly')).toMatchObject({ type: 'SET', value: 'P1W' });
    expect(one('Dividends are paid annually.', 'annually')).toMatchObject({ type: 'SET', value: 'P1Y' });
    expect(one('The council meets twice a month.', 'twice a month')).toMatchObject({ type: 'SET', value: 'P1M', freq: '2X' });
  });
});

describe('present, past and future references', () => {
  it('normalises now, currently, the past, the future', () => {
    const found = tag('Prices are now lower than in the past, and currently no rise is planned for the near future.');
    expect(found.map((t) => [t.text, t.value])).toEqual([
      ['now', 'PRESENT_REF'],
      ['the past', 'PAST_REF'],
      ['currently', 'PRESENT_REF'],
      ['the near future', 'FUTURE_REF'],
    ]);
  });
});

describe('what is not a time expression', () => {
  it('leaves modal "may", verbs and counts alone', () => {
    expect(tag('May I ask why prices may fall? Protesters march 10 miles; 2000 troops arrived.')).toEqual([]);
    expect(tag('He won the second round and spent a quarter of his savings.')).toEqual([]);
  });

  it('returns nothing quickly for text without time words', () => {
    expect(tag('The cat sat on the mat.')).toEqual([]);
  });
});

describe('speed', () => {
  it('tags tens of thousands of words per second', () => {
    const paragraph =
      'The minister said Friday that exports rose 4% in the third quarter from a year earlier, and that the talks, which began two weeks ago, will resume on March 12. ' +
      'Officials met for three hours on Tuesday night. The company has been losing money for years and expects a profit next year. ';
    const text = paragraph.repeat(2000);
    const words = text.split(/\s+/).length;
    const started = performance.now();
    const found = findTimexes(text, { dct: DCT });
    const seconds = (performance.now() - started) / 1000;
    expect(found.length).toBeGreaterThan(2000 * 8);
    expect(words / seconds).toBeGreaterThan(20_000);
  });
});

describe('scraped text with long runs of white space', () => {
  it('reads past 200,000 spaces in linear time: no rule looks back over the whole run at every position', () => {
    // Before the lookbehinds were bounded, this took about 20 s (quadratic in the run's length).
    const text = `He earns 5 dollars a day.${' '.repeat(200_000)}In the 1990s prices rose 3 percent a year, at present the near future.`;
    const started = performance.now();
    const found = findTimexes(text, { dct: '2023-05-01' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(found.map((t) => t.value)).toEqual(['P1D', '199', 'P1Y', 'PRESENT_REF', 'FUTURE_REF']);
  });
});
