import { describe, expect, it } from 'vitest';
import { CAMEO_CODES, CAMEO_ROOTS, cameoCode, isCameoCode, quadClassOfRoot } from './cameo.js';

/** How many 3- and 4-digit codes CAMEO 1.1b3 has under each root, 01 to 20. */
const CODES_PER_ROOT = [10, 27, 28, 7, 8, 5, 6, 25, 5, 27, 12, 26, 22, 26, 5, 13, 12, 13, 7, 7];

describe('the CAMEO codebook', () => {
  it('has the 20 roots, 01 to 20, each named', () => {
    expect(CAMEO_ROOTS.map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1).padStart(2, '0')));
    for (const r of CAMEO_ROOTS) {
      expect(r.name.length).toBeGreaterThan(3);
      expect(r.root).toBe(r.code);
    }
    expect(CAMEO_ROOTS[0]!.name).toBe('Make public statement');
    expect(CAMEO_ROOTS[18]!.name).toBe('Fight');
  });

  it('has every root\'s codes, and nothing else', () => {
    const below = CAMEO_CODES.filter((c) => c.code.length > 2);
    expect(below).toHaveLength(291);
    expect(CAMEO_CODES).toHaveLength(311);
    CAMEO_ROOTS.forEach((root, i) => {
      const codes = below.filter((c) => c.root === root.code);
      expect(codes.length, `root ${root.code}`).toBe(CODES_PER_ROOT[i]);
      expect(codes.some((c) => c.code === `${root.code}0`), `${root.code}0`).toBe(true);
    });
  });

  it('writes codes as digits under their root and parent, each once', () => {
    const codes = new Set(CAMEO_CODES.map((c) => c.code));
    expect(codes.size).toBe(CAMEO_CODES.length);
    for (const c of CAMEO_CODES) {
      expect(c.code).toMatch(/^\d{2,4}$/);
      expect(c.root).toBe(c.code.slice(0, 2));
      if (c.code.length === 4) expect(codes.has(c.code.slice(0, 3)), c.code).toBe(true);
      expect(c.name).not.toMatch(/not specified/i);
    }
  });

  it('puts each code in its root\'s quad class', () => {
    const expected: Record<string, number> = {};
    for (let r = 1; r <= 20; r++) expected[String(r).padStart(2, '0')] = r <= 5 ? 1 : r <= 8 ? 2 : r <= 13 ? 3 : 4;
    for (const c of CAMEO_CODES) expect(c.quadClass, c.code).toBe(expected[c.root]);
    expect(quadClassOfRoot('09')).toBe(3);
    expect(quadClassOfRoot('14')).toBe(4);
  });

  it('scores every code on the Goldstein scale, -10 to +10, one decimal', () => {
    for (const c of CAMEO_CODES) {
      expect(c.goldstein, c.code).toBeGreaterThanOrEqual(-10);
      expect(c.goldstein, c.code).toBeLessThanOrEqual(10);
      expect(Math.round(c.goldstein * 10) / 10).toBe(c.goldstein);
    }
    // cooperation scores positive or near zero, conflict scores negative
    for (const c of CAMEO_CODES.filter((c) => c.quadClass >= 3)) expect(c.goldstein, c.code).toBeLessThan(0);
    for (const c of CAMEO_CODES.filter((c) => c.quadClass === 2)) expect(c.goldstein, c.code).toBeGreaterThan(0);
  });

  it('has the standard Goldstein values', () => {
    const g = (code: string) => cameoCode(code)?.goldstein;
    expect(g('010')).toBe(0);
    expect(g('190')).toBe(-10);
    expect(g('0874')).toBe(10);
    expect(g('057')).toBe(8);
    expect(g('042')).toBe(1.9);
    expect(g('043')).toBe(2.8);
    expect(g('130')).toBe(-4.4);
    expect(g('13')).toBe(-6);
    expect(g('163')).toBe(-8);
    expect(g('182')).toBe(-9.5);
    expect(g('1823')).toBe(-10);
    expect(g('024')).toBe(-0.3);
    expect(g('074')).toBe(8.5);
  });

  it('names codes in short English', () => {
    expect(cameoCode('051')?.name).toBe('Praise or endorse');
    expect(cameoCode('01')?.name).toBe('Make public statement');
    expect(cameoCode('1721')?.name).toBe('Impose restrictions on political freedoms');
  });
});

describe('cameoCode', () => {
  it('finds codes of the table as they are', () => {
    expect(cameoCode('0211')).toMatchObject({ code: '0211', root: '02', quadClass: 1, goldstein: 3.4 });
    expect(cameoCode(' 042 ')?.code).toBe('042');
  });

  it('reads a root written as 04 or as 040', () => {
    expect(cameoCode('04')).toMatchObject({ code: '04', name: 'Consult', quadClass: 1, goldstein: 1 });
    expect(cameoCode('040')).toMatchObject({ code: '040', root: '04', quadClass: 1, goldstein: 1 });
    expect(cameoCode('20')?.name).toBe('Use unconventional mass violence');
  });

  it('reads an unknown 4-digit code as its 3-digit parent', () => {
    expect(cameoCode('1951')?.code).toBe('195');
    expect(cameoCode('1213')?.code).toBe('121');
    expect(cameoCode('1834')?.code).toBe('183');
    expect(cameoCode('0419')?.code).toBe('041');
  });

  it('reads an unknown 3-digit code, or a 4-digit one under it, as the root', () => {
    expect(cameoCode('155')?.code).toBe('15');
    expect(cameoCode('176')).toMatchObject({ code: '17', goldstein: -7 });
    expect(cameoCode('1761')?.code).toBe('17');
    expect(cameoCode('099')?.code).toBe('09');
  });

  it('has nothing for strings that are no CAMEO code', () => {
    for (const code of ['', '4', '00', '21', '99', '215', '2100', '12345', 'abc', '04a', '-04', '0.4', 'USAGOV']) {
      expect(cameoCode(code), code).toBeUndefined();
    }
  });

  it('tells codebook codes from resolvable ones', () => {
    expect(isCameoCode('04')).toBe(true);
    expect(isCameoCode('040')).toBe(true);
    expect(isCameoCode('2042')).toBe(true);
    expect(isCameoCode('1951')).toBe(false);
    expect(isCameoCode('21')).toBe(false);
    expect(isCameoCode(' 040')).toBe(false);
  });
});
