import { describe, expect, it } from 'vitest';
import { T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.coworker', () => {
  it('finds an unexplained look at a same-department employee-patient', () => {
    const [a] = run([access(T0, 'ana', 'colleague')], 'ehr.coworker');
    expect(a?.reasons[0]).toMatch(
      /Ana Ruiz viewed the chart of a coworker: an employee-patient of the same department \(Organization\/icu\)/,
    );
  });

  it('ignores colleagues of other departments and colleagues admitted to the user’s unit', () => {
    expect(run([access(T0, 'ben', 'colleague')], 'ehr.coworker')).toEqual([]);
    const ctx = hospital();
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/c',
      source: 't',
      patient: 'Patient/colleague',
      location: ['Location/loc-icu'],
      period: { start: T0 - 3_600_000, end: T0 + 86_400_000 },
    });
    expect(run([access(T0, 'ana', 'colleague')], 'ehr.coworker', ctx)).toEqual([]);
  });
});
