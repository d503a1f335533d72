import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, run } from './hospital.fixture.js';

describe('ehr.break_glass', () => {
  it('finds a break-the-glass override on a patient with no emergency visit', () => {
    const [a] = run(
      [
        access(T0, 'cara', 'x3', { purpose: 'BTG' }),
        access(T0 + 60_000, 'cara', 'x3', { purpose: 'ETREAT' }),
      ],
      'ehr.break_glass',
    );
    expect(a?.events).toHaveLength(2);
    expect(a?.reasons[0]).toMatch(
      /Cara Diaz used the break-the-glass \(BTG\) override on a patient with no emergency visit/,
    );
  });

  it('does not alert on an override during an emergency visit', () => {
    expect(run([access(T0 + DAY + HOUR, 'cara', 'edpt', { purpose: 'ETREAT' })], 'ehr.break_glass')).toEqual(
      [],
    );
  });

  it('does not alert on ordinary treatment access', () => {
    expect(run([access(T0, 'cara', 'x3')], 'ehr.break_glass')).toEqual([]);
  });
});
