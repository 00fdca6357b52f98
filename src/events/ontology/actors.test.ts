import { describe, expect, it } from 'vitest';
import { CAMEO_AGENT_TYPES, CAMEO_REGIONS, CAMEO_RELIGIONS, isCountryOrRegion, splitActorCode } from './actors.js';

describe('splitActorCode', () => {
  it('takes the country, then agent types', () => {
    expect(splitActorCode('USAGOV')).toEqual({ country: 'USA', religions: [], types: ['GOV'] });
    expect(splitActorCode('PRKMIL')).toEqual({ country: 'PRK', religions: [], types: ['MIL'] });
    expect(splitActorCode('FRA')).toEqual({ country: 'FRA', religions: [], types: [] });
  });

  it('reads CAMEO regions as countries', () => {
    expect(splitActorCode('MEAGOV')).toEqual({ country: 'MEA', religions: [], types: ['GOV'] });
    expect(splitActorCode('EUR').country).toBe('EUR');
  });

  it('finds known groups and religions', () => {
    expect(splitActorCode('IGOUNO')).toEqual({ knownGroup: 'UNO', religions: [], types: ['IGO'] });
    expect(splitActorCode('AFGINSTAL')).toEqual({ country: 'AFG', knownGroup: 'TAL', religions: [], types: ['INS'] });
    expect(splitActorCode('SYRREBMOSSUN')).toEqual({ country: 'SYR', religions: ['MOS', 'SUN'], types: ['REB'] });
    expect(splitActorCode('GOV')).toEqual({ religions: [], types: ['GOV'] });
  });

  it('keeps GDELT\'s limits: three types, two religions, one group', () => {
    expect(splitActorCode('USAGOVMILLEGBUS').types).toEqual(['GOV', 'MIL', 'LEG']);
    expect(splitActorCode('IRQMOSSHICHR').religions).toEqual(['MOS', 'SHI']);
    expect(splitActorCode('NGOHRWAMN').knownGroup).toBe('HRW');
  });

  it('has nothing for empty and unknown codes, and tolerates case and leftovers', () => {
    for (const code of [null, undefined, '', '---', '-', '12']) expect(splitActorCode(code)).toEqual({ religions: [], types: [] });
    expect(splitActorCode('usagov')).toEqual({ country: 'USA', religions: [], types: ['GOV'] });
    expect(splitActorCode('USAGO')).toEqual({ country: 'USA', religions: [], types: [] });
    expect(splitActorCode('USA GOV')).toEqual({ country: 'USA', religions: [], types: [] });
  });

  it('knows countries, regions, types and religions', () => {
    expect(isCountryOrRegion('FRA')).toBe(true);
    expect(isCountryOrRegion('WST')).toBe(true);
    expect(isCountryOrRegion('GOV')).toBe(false);
    expect(isCountryOrRegion('XXX')).toBe(false);
    expect(isCountryOrRegion('toString')).toBe(false);
    for (const table of [CAMEO_REGIONS, CAMEO_AGENT_TYPES, CAMEO_RELIGIONS]) {
      for (const code of Object.keys(table)) expect(code).toMatch(/^[A-Z]{3}$/);
    }
    // no agent type doubles as a country, which would make the first part ambiguous; of the religions only
    // Shinto's SHN does (Saint Helena), and a code opening with it is read as the country
    for (const code of Object.keys(CAMEO_AGENT_TYPES)) expect(isCountryOrRegion(code), code).toBe(false);
    expect(Object.keys(CAMEO_RELIGIONS).filter(isCountryOrRegion)).toEqual(['SHN']);
    expect(splitActorCode('SHNMOS')).toEqual({ country: 'SHN', religions: ['MOS'], types: [] });
    expect(splitActorCode('JPNSHN')).toEqual({ country: 'JPN', religions: ['SHN'], types: [] });
  });
});
