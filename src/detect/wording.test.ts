import { describe, expect, it } from 'vitest';
import { fmtInt, fmtList, fmtSpan, plural } from './wording.js';

describe('wording', () => {
  it('formats integers with thousands separators', () => {
    expect(fmtInt(3561)).toBe('3,561');
    expect(fmtInt(157)).toBe('157');
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtInt(-1000)).toBe('-1,000');
  });

  it('formats spans in two units', () => {
    expect(fmtSpan(10_000)).toBe('10 s');
    expect(fmtSpan(163_000)).toBe('2 min 43 s');
    expect(fmtSpan(600_000)).toBe('10 min');
    expect(fmtSpan(20 * 3_600_000 + 300_000)).toBe('20 h 5 min');
    expect(fmtSpan(24 * 3_600_000)).toBe('24 h');
    expect(fmtSpan(76 * 3_600_000)).toBe('3 d 4 h');
  });

  it('pluralises and shortens lists', () => {
    expect(plural(1, 'account')).toBe('1 account');
    expect(plural(2, 'account')).toBe('2 accounts');
    expect(fmtList(['a', 'b', 'c'], 5, 2)).toBe('a, b and 3 more');
    expect(fmtList(['a', 'b'], 2, 5)).toBe('a, b');
  });
});
