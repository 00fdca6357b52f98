import { describe, expect, it } from 'vitest';
import { CAMEO_CODES } from './cameo.js';
import {
  PLOVER,
  PLOVER_CATEGORIES,
  PLOVER_CONTEXTS,
  PLOVER_CROSSWALK_CODES,
  ploverContexts,
  ploverFor,
  ploverQuadClass,
  type PloverCategory,
} from './plover.js';

describe('PLOVER categories', () => {
  it('are the 16 PLOVER event types and OTHER', () => {
    expect(PLOVER_CATEGORIES).toHaveLength(17);
    for (const c of ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT'] as const) {
      expect(PLOVER_CATEGORIES).toContain(c);
    }
    for (const c of ['THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'OTHER'] as const) {
      expect(PLOVER_CATEGORIES).toContain(c);
    }
    for (const c of PLOVER_CATEGORIES) {
      expect(PLOVER[c].category).toBe(c);
      expect(new Set(PLOVER[c].modes).size).toBe(PLOVER[c].modes.length);
    }
  });

  it('sort into the quad classes', () => {
    expect(['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE'].map(ploverQuadClass)).toEqual([1, 1, 1, 1]);
    expect(['COOPERATE', 'AID', 'RETREAT'].map(ploverQuadClass)).toEqual([2, 2, 2]);
    expect(['REQUEST', 'ACCUSE', 'REJECT', 'THREATEN'].map(ploverQuadClass)).toEqual([3, 3, 3, 3]);
    expect(['PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'].map(ploverQuadClass)).toEqual([4, 4, 4, 4, 4]);
    expect(ploverQuadClass('OTHER')).toBeUndefined();
    expect(ploverQuadClass('FIGHT')).toBeUndefined();
  });
});

describe('the CAMEO crosswalk', () => {
  it('lists every code of the codebook below the roots', () => {
    const codebook = CAMEO_CODES.filter((c) => c.code.length > 2).map((c) => c.code);
    expect([...PLOVER_CROSSWALK_CODES].sort()).toEqual([...codebook].sort());
  });

  it('maps every CAMEO code, roots included, to a category and one of its modes', () => {
    for (const { code } of CAMEO_CODES) {
      const p = ploverFor(code);
      expect(PLOVER_CATEGORIES, code).toContain(p.category);
      if (p.mode !== undefined) expect(PLOVER[p.category as PloverCategory].modes, code).toContain(p.mode);
      for (const context of ploverContexts(code)) expect(PLOVER_CONTEXTS, `${code} ${context}`).toContain(context);
    }
  });

  it('uses every category, and OTHER only for statements', () => {
    const used = new Set(CAMEO_CODES.map((c) => ploverFor(c.code).category));
    expect([...used].sort()).toEqual([...PLOVER_CATEGORIES].sort());
    for (const c of CAMEO_CODES) expect(ploverFor(c.code).category === 'OTHER', c.code).toBe(c.root === '01');
  });

  it('keeps cooperation and conflict apart (appeals aside: PLOVER reads them as requests)', () => {
    for (const c of CAMEO_CODES.filter((c) => c.root !== '01' && c.root !== '02')) {
      const quad = ploverQuadClass(ploverFor(c.code).category)!;
      expect(quad <= 2, c.code).toBe(c.quadClass <= 2);
    }
  });

  it('follows the crosswalk', () => {
    expect(ploverFor('036')).toEqual({ category: 'AGREE' });
    expect(ploverFor('042')).toEqual({ category: 'CONSULT', mode: 'visit' });
    expect(ploverFor('041')).toEqual({ category: 'CONSULT', mode: 'phone' });
    expect(ploverFor('057')).toEqual({ category: 'SUPPORT' });
    expect(ploverFor('062')).toEqual({ category: 'COOPERATE' });
    expect(ploverFor('073')).toEqual({ category: 'AID', mode: 'humanitarian' });
    expect(ploverFor('0831').category).toBe('CONCEDE');
    expect(ploverFor('0841')).toEqual({ category: 'RETREAT', mode: 'release' });
    expect(ploverFor('0871')).toEqual({ category: 'RETREAT', mode: 'ceasefire' });
    expect(ploverFor('091')).toEqual({ category: 'ACCUSE', mode: 'investigate' });
    expect(ploverFor('1053')).toEqual({ category: 'REQUEST', mode: 'yield' });
    expect(ploverFor('112')).toEqual({ category: 'ACCUSE', mode: 'disapprove' });
    expect(ploverFor('125')).toEqual({ category: 'REJECT', mode: 'meet' });
    expect(ploverFor('1384')).toEqual({ category: 'THREATEN', mode: 'violence' });
    expect(ploverFor('1413')).toEqual({ category: 'PROTEST', mode: 'demo' });
    expect(ploverFor('145')).toEqual({ category: 'PROTEST', mode: 'riot' });
    expect(ploverFor('154')).toEqual({ category: 'MOBILIZE', mode: 'troops' });
    expect(ploverFor('166')).toEqual({ category: 'SANCTION', mode: 'expel' });
    expect(ploverFor('173')).toEqual({ category: 'COERCE', mode: 'arrest' });
    expect(ploverFor('1712')).toEqual({ category: 'ASSAULT', mode: 'destroy' });
    expect(ploverFor('191')).toEqual({ category: 'COERCE', mode: 'restrict' });
    expect(ploverFor('193')).toEqual({ category: 'ASSAULT', mode: 'firearms' });
    expect(ploverFor('2042')).toEqual({ category: 'ASSAULT', mode: 'unconventional' });
    expect(ploverContexts('0311')).toEqual(['economic']);
    expect(ploverContexts('1124')).toEqual(['military', 'legal']);
  });

  it('documents its departures from the crosswalk', () => {
    expect(ploverFor('116')).toEqual({ category: 'SANCTION', mode: 'convict' });
    expect(ploverFor('163')).toEqual({ category: 'SANCTION', mode: 'sever' });
    expect(ploverFor('124')).toEqual({ category: 'REJECT', mode: 'yield' });
    expect(ploverFor('1421')).toEqual({ category: 'PROTEST', mode: 'strike-hun' });
    expect(ploverFor('0233')).toEqual({ category: 'REQUEST', mode: 'assist' });
    expect(ploverFor('013')).toEqual({ category: 'OTHER' });
  });

  it('reads codes outside the table as cameoCode does', () => {
    expect(ploverFor('04')).toEqual(ploverFor('040'));
    expect(ploverFor('08')).toEqual({ category: 'CONCEDE' });
    expect(ploverFor('1951')).toEqual({ category: 'ASSAULT', mode: 'heavy-weapons' });
    expect(ploverFor('155')).toEqual({ category: 'MOBILIZE' });
    expect(ploverFor('1213')).toEqual({ category: 'REJECT', mode: 'assist' });
    expect(ploverFor(' 173 ')).toEqual({ category: 'COERCE', mode: 'arrest' });
    expect(ploverContexts('0311 ')).toEqual(['economic']);
  });

  it('gives OTHER, and no contexts, for what is no CAMEO code', () => {
    for (const code of ['', 'x', '21', '00', '12345']) {
      expect(ploverFor(code), code).toEqual({ category: 'OTHER' });
      expect(ploverContexts(code)).toEqual([]);
    }
  });
});
