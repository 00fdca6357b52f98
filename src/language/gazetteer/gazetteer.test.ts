import { describe, expect, it } from 'vitest';
import { countryByName, gazetteerNames, gazetteerRank, matchGazetteer } from './index.js';

describe('gazetteer', () => {
  it('resolves common names, abbreviations and variants to countries', () => {
    const codes = Object.fromEntries(
      ['U.S.', 'US', 'USA', 'America', 'Britain', 'UK', 'North Korea', 'South Korea', 'Russia', 'Germany', 'Holland'].map((n) => [n, countryByName(n)?.code]),
    );
    expect(codes).toEqual({
      'U.S.': 'USA',
      US: 'USA',
      USA: 'USA',
      America: 'USA',
      Britain: 'GBR',
      UK: 'GBR',
      'North Korea': 'PRK',
      'South Korea': 'KOR',
      Russia: 'RUS',
      Germany: 'DEU',
      Holland: 'NLD',
    });
    expect(countryByName('Russian Federation')).toEqual({ kind: 'country', code: 'RUS', name: 'Russia' });
  });

  it('knows capitals and demonyms, in any case except for abbreviations', () => {
    expect(countryByName('Pyongyang')).toMatchObject({ kind: 'capital', code: 'PRK' });
    expect(countryByName('french')).toMatchObject({ kind: 'demonym', code: 'FRA' });
    expect(countryByName('Germans')).toMatchObject({ kind: 'demonym', code: 'DEU' });
    expect(countryByName('us')).toBeUndefined();
    expect(countryByName('Atlantis')).toBeUndefined();
  });

  it('matches the longest name at each position in a token sequence', () => {
    const tokens = 'Envoys from South Korea and the United States met in Seoul with Japanese officials .'.split(' ');
    expect(matchGazetteer(tokens).map((m) => [tokens.slice(m.start, m.end).join(' '), m.kind, m.code])).toEqual([
      ['South Korea', 'country', 'KOR'],
      ['United States', 'country', 'USA'],
      ['Seoul', 'capital', 'KOR'],
      ['Japanese', 'demonym', 'JPN'],
    ]);
  });

  it('matches names written in capitals in headlines, but not lower-case words', () => {
    const headline = 'NEW ZEALAND BEAT SOUTH AFRICA'.split(' ');
    expect(matchGazetteer(headline).map((m) => m.code)).toEqual(['NZL', 'ZAF']);
    expect(matchGazetteer('they told us about china plates'.split(' '))).toEqual([]);
  });

  it('lists every name it knows with its source and rank', () => {
    const names = gazetteerNames();
    const find = (text: string, code: string) => names.find((n) => n.text === text && n.code === code);
    expect(find('North Korea', 'PRK')).toMatchObject({ kind: 'country', name: 'North Korea', source: 'name', sovereign: true, rank: 0 });
    expect(find('Pyongyang', 'PRK')).toMatchObject({ kind: 'capital', rank: gazetteerRank('capital', true) });
    // Spellings are listed unfiltered (codes and other scripts included); the gazetteer does not match "KP".
    expect(find('KP', 'PRK')).toMatchObject({ source: 'spelling' });
    expect(countryByName('KP')).toBeUndefined();
    expect(find('Britain', 'GBR')).toMatchObject({ kind: 'country', name: 'United Kingdom', source: 'extra', sovereign: true });
    expect(find('American', 'MNP')?.rank).toBeGreaterThan(find('American', 'USA')!.rank);
    expect(gazetteerNames()).toBe(names);
  });
});
