/** Cleaning on 1,000 generated articles whose noise was written apart from the rules (see bench/clean-accuracy.ts). */
import { describe, expect, it } from 'vitest';
import { measureCleaning } from '../bench/clean-accuracy.js';

describe('cleaning generated articles', () => {
  it('cuts each into one article and recovers title, date and outlet', () => {
    const report = measureCleaning(1000, 2024);
    expect(report.missegmented).toBe(0);
    expect(report.titleAccuracy).toBeGreaterThanOrEqual(0.99);
    // A wrong date is worse than none: every stated date must be the right one.
    expect(report.publishedPrecision).toBe(1);
    expect(report.publishedCoverage).toBeGreaterThan(0.7);
    expect(report.outletPrecision).toBeGreaterThanOrEqual(0.97);
    expect(report.outletCoverage).toBeGreaterThan(0.8);
  });
});
