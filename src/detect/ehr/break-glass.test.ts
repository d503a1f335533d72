import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, hospital, run } from './hospital.fixture.js';

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

  it('counts an emergency visit that led to an admission as the emergency, not only the latest stay', () => {
    const ctx = hospital();
    const adt = (
      ref: string,
      time: number,
      codes: string[],
      attrs: Record<string, string>,
      location?: string[],
    ) =>
      ctx.add({
        kind: 'adt',
        ref,
        source: 'test',
        time,
        patient: 'x5',
        codes,
        attrs,
        ...(location ? { location } : {}),
      });
    adt('E1', T0 + 2 * DAY, ['A04', 'E'], { visitNumber: 'v7', patientClass: 'E' }, ['ED/RGH', 'ED']);
    adt('E2', T0 + 2 * DAY + 4 * HOUR, ['A03'], { visitNumber: 'v7' });
    adt('I1', T0 + 2 * DAY + 4 * HOUR, ['A01', 'I'], { visitNumber: 'v8', patientClass: 'I' }, [
      '4B/RGH',
      '4B',
    ]);
    const during = access(T0 + 2 * DAY + 6 * HOUR, 'cara', 'x5', { purpose: 'BTG' });
    expect(run([during], 'ehr.break_glass', ctx)).toEqual([]);
    // Days later, the same override on the same (still admitted) patient has no emergency around it.
    const later = access(T0 + 5 * DAY, 'cara', 'x5', { purpose: 'BTG' });
    expect(run([later], 'ehr.break_glass', ctx)).toHaveLength(1);
  });

  it('does not alert on ordinary treatment access', () => {
    expect(run([access(T0, 'cara', 'x3')], 'ehr.break_glass')).toEqual([]);
  });
});
