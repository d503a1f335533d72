import { describe, expect, it } from 'vitest';
import { DAY, T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.stale_relationship', () => {
  it('finds a look at a former patient long after the care ended', () => {
    const [a] = run([access(T0, 'ben', 'former')], 'ehr.stale_relationship');
    expect(a?.reasons[0]).toMatch(
      /Ben Cole last cared for this patient as attending on Encounter\/e0, which ended 29\d d/,
    );
  });

  it('does not alert during a new visit (a former doctor consulted) or for recent care', () => {
    const ctx = hospital();
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/n',
      source: 't',
      patient: 'Patient/former',
      period: { start: T0 - DAY, end: T0 + DAY },
    });
    expect(run([access(T0, 'ben', 'former')], 'ehr.stale_relationship', ctx)).toEqual([]);
    expect(run([access(T0 + 5 * DAY, 'ben', 'inpt')], 'ehr.stale_relationship')).toEqual([]);
  });
});

describe('ehr.stale_relationship: primary-care panel', () => {
  it("does not alert for the patient's general practitioner (Patient.generalPractitioner)", () => {
    const ctx = hospital();
    ctx.add({ kind: 'patient', ref: 'Patient/former', source: 't', practitioners: ['Practitioner/ben'] });
    expect(run([access(T0, 'ben', 'former')], 'ehr.stale_relationship', ctx)).toEqual([]);
  });
});
