import { describe, expect, it } from 'vitest';
import { addDay, emptyStat, p95, statFrom, usual } from './baseline.js';

const MB = 1e6;

describe('daily baseline', () => {
  it('has no usual volume and no p95 without history', () => {
    const s = emptyStat();
    expect(usual(s, MB)).toBe(0);
    expect(p95(s, MB)).toBe(0);
  });

  it('centres on the typical day and allows for busier ones, widely while the history is short', () => {
    const s = emptyStat();
    addDay(s, 100, 40 * MB, MB);
    const early = p95(s, MB);
    expect(usual(s, MB)).toBeCloseTo(40 * MB, -5);
    expect(early).toBeGreaterThan(100 * MB);
    for (let d = 101; d < 130; d++) addDay(s, d, (35 + (d % 3) * 5) * MB, MB);
    expect(usual(s, MB)).toBeGreaterThan(35 * MB);
    expect(usual(s, MB)).toBeLessThan(45 * MB);
    // A month of steady days narrows the spread: the p95 comes down towards the observed range.
    expect(p95(s, MB)).toBeLessThan(early);
    expect(p95(s, MB)).toBeGreaterThan(45 * MB);
  });

  it('forgets: after a change of job the new level dominates within weeks', () => {
    const s = emptyStat();
    for (let d = 0; d < 30; d++) addDay(s, d, 5 * MB, MB);
    for (let d = 60; d < 90; d++) addDay(s, d, 2000 * MB, MB);
    expect(usual(s, MB)).toBeGreaterThan(1000 * MB);
  });

  it('restores from JSON, and invalid state is empty', () => {
    const s = emptyStat();
    addDay(s, 3, 7, 1);
    expect(statFrom(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(statFrom('junk')).toEqual(emptyStat());
  });
});
