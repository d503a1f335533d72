import { describe, expect, it } from 'vitest';
import { T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.deceased', () => {
  it('finds an unexplained look at a patient who died weeks ago', () => {
    const [a] = run([access(T0, 'ana', 'dead')], 'ehr.deceased');
    expect(a?.reasons[0]).toMatch(/a patient who died on 2026-01-10, 51 d before/);
    expect(a?.reasons[1]).toMatch(/no treatment relationship/);
  });

  it('does not alert on billing after the last visit or on living patients', () => {
    const ctx = hospital();
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/d',
      source: 't',
      patient: 'Patient/dead',
      period: { start: T0 - 55 * 86_400_000, end: T0 - 52 * 86_400_000 },
    });
    expect(run([access(T0, 'bill', 'dead')], 'ehr.deceased', ctx)).toEqual([]);
    expect(run([access(T0, 'ana', 'x1')], 'ehr.deceased')).toEqual([]);
  });
});
