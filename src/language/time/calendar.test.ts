import { describe, expect, it } from 'vitest';
import { addMonths, easterSunday, formatDate, formatWeek, isoWeek, nthWeekdayOfMonth, parseMoment, parseValue } from './calendar.js';
import { parseNumber, parseOrdinal, parseYearWords } from './numbers.js';

describe('calendar', () => {
  it('computes Easter Sunday (Gregorian computus)', () => {
    const cases: [number, string][] = [
      [1998, '1998-04-12'],
      [2000, '2000-04-23'],
      [2011, '2011-04-24'],
      [2018, '2018-04-01'],
      [2019, '2019-04-21'],
      [2024, '2024-03-31'],
      [2038, '2038-04-25'], // as late as it gets
      [2285, '2285-03-22'], // as early as it gets
    ];
    for (const [year, date] of cases) expect(formatDate(easterSunday(year))).toBe(date);
  });

  it('finds the nth weekday of a month (Thanksgiving, Memorial Day, Labor Day)', () => {
    expect(formatDate(nthWeekdayOfMonth(2017, 11, 4, 4))).toBe('2017-11-23');
    expect(formatDate(nthWeekdayOfMonth(2018, 5, 1, -1))).toBe('2018-05-28');
    expect(formatDate(nthWeekdayOfMonth(2018, 9, 1, 1))).toBe('2018-09-03');
  });

  it('numbers ISO weeks across year boundaries', () => {
    expect(isoWeek({ year: 2018, month: 1, day: 1 })).toEqual({ year: 2018, week: 1 });
    expect(formatWeek({ year: 2016, month: 1, day: 1 })).toBe('2015-W53');
    expect(formatWeek({ year: 2020, month: 12, day: 31 })).toBe('2020-W53');
    expect(formatWeek({ year: 2018, month: 4, day: 3 })).toBe('2018-W14');
  });

  it('clamps month arithmetic to the month length', () => {
    expect(formatDate(addMonths({ year: 2018, month: 1, day: 31 }, 1))).toBe('2018-02-28');
    expect(formatDate(addMonths({ year: 2018, month: 1, day: 15 }, -13))).toBe('2016-12-15');
  });

  it('reads document creation times and concrete values back', () => {
    expect(parseMoment('1998-01-08')).toEqual({ year: 1998, month: 1, day: 8 });
    expect(parseMoment('19980108')).toEqual({ year: 1998, month: 1, day: 8 });
    expect(parseMoment('2018-04-03T10:00')).toEqual({ year: 2018, month: 4, day: 3, hour: 10, minute: 0 });
    expect(parseMoment('1998-02-30')).toBeNull();
    expect(parseValue('1998-Q3')).toEqual({ year: 1998, quarter: 3 });
    expect(parseValue('1998-08-07TMO')).toEqual({ year: 1998, month: 8, day: 7 });
    expect(parseValue('PAST_REF')).toBeNull();
  });
});

describe('numbers', () => {
  it('parses cardinals in digits and words', () => {
    expect(parseNumber('twenty four')).toBe(24);
    expect(parseNumber('twenty-four')).toBe(24);
    expect(parseNumber('one hundred and fifty')).toBe(150);
    expect(parseNumber('two thousand')).toBe(2000);
    expect(parseNumber('1,500')).toBe(1500);
    expect(parseNumber('5 1/2')).toBe(5.5);
    expect(parseNumber('an')).toBe(1);
    expect(parseNumber('four five')).toBeNull();
    expect(parseNumber('blue')).toBeNull();
  });

  it('parses ordinals and years said in words', () => {
    expect(parseOrdinal('third')).toBe(3);
    expect(parseOrdinal('23rd')).toBe(23);
    expect(parseOrdinal('twenty-first')).toBe(21);
    expect(parseYearWords('nineteen ninety-six')).toBe(1996);
    expect(parseYearWords('nineteen oh five')).toBe(1905);
    expect(parseYearWords('two thousand and one')).toBe(2001);
    expect(parseYearWords('forty')).toBeNull();
  });
});
