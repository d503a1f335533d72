import { describe, expect, it } from 'vitest';
import { combineScores, severityOf } from './alert.js';

describe('combineScores', () => {
  it('keeps a lone signal, strengthens agreeing ones, and never passes 100', () => {
    expect(combineScores([])).toBe(0);
    expect(combineScores([72])).toBe(72);
    expect(combineScores([60, 60])).toBe(84);
    expect(combineScores([95, 90, 99])).toBeLessThanOrEqual(100);
    expect(combineScores([150, -5])).toBe(100);
  });

  it('moves two medium signals into the high band', () => {
    expect(severityOf(55)).toBe('medium');
    expect(severityOf(combineScores([55, 55]))).toBe('high');
  });
});
