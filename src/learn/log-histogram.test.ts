import { describe, expect, it } from 'vitest';
import { LogHistogram, type LogHistogramState } from './log-histogram.js';

const DAY = 86_400_000;

describe('LogHistogram', () => {
  it('is exact for small counts', () => {
    const h = new LogHistogram();
    for (let i = 0; i < 98; i++) h.add(1 + (i % 3), i);
    h.add(7, 100);
    h.add(9, 101);
    expect(h.quantile(0.5)).toBe(2);
    expect(h.quantile(0.98)).toBe(3);
    expect(h.quantile(1)).toBe(9);
    expect(h.n).toBe(100);
  });

  it('stays within ~10% for large values and reads as an upper bound', () => {
    const h = new LogHistogram();
    for (const v of [100, 1000, 12_345, 1e6]) {
      const fresh = new LogHistogram();
      fresh.add(v, 0);
      const q = fresh.quantile(0.5)!;
      expect(q).toBeGreaterThanOrEqual(v);
      expect(q / v).toBeLessThan(1.1);
      h.add(v, 0);
    }
    expect(h.shareAtMost(1000)).toBeCloseTo(0.5);
  });

  it('is undefined until something is observed', () => {
    expect(new LogHistogram().quantile(0.99)).toBeUndefined();
  });

  it('forgets old behaviour with a half-life', () => {
    const h = new LogHistogram(DAY);
    for (let i = 0; i < 100; i++) h.add(50, 0);
    // Ten half-lives later, 20 fresh observations of 2 outweigh 100 old ones of 50 (weight ≈ 0.1).
    for (let i = 0; i < 20; i++) h.add(2, 10 * DAY);
    expect(h.quantile(0.9)).toBe(2);
    expect(h.n).toBeCloseTo(20 + 100 / 1024, 3);
  });

  it('keeps working across the internal rescale', () => {
    // 500 half-lives of observations: weights would reach 2^500 without renormalizing.
    const h = new LogHistogram(100);
    for (let i = 0; i < 5000; i++) h.add(i % 5, i * 10);
    expect(h.quantile(0.5)).toBe(2);
    // Steady state: 1 / (1 - 2^(-10/100)) ≈ 14.9 effective observations.
    expect(h.n).toBeCloseTo(1 / (1 - 2 ** -0.1), 3);
  });

  it('snapshots and restores', () => {
    const h = new LogHistogram(DAY);
    for (let i = 0; i < 30; i++) h.add(i, i * 1000);
    const back = new LogHistogram(DAY);
    back.restore(JSON.parse(JSON.stringify(h.snapshot())) as LogHistogramState);
    expect(back.quantile(0.9)).toBe(h.quantile(0.9));
    expect(back.n).toBeCloseTo(h.n);
  });
});
