import { describe, expect, it } from 'vitest';
import { DAY, T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.family', () => {
  it('finds a relative by same surname and address, one alert per episode naming the relationship', () => {
    const alerts = run([access(T0, 'ana', 'husband'), access(T0 + 60_000, 'ana', 'husband')], 'ehr.family');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.entities).toEqual({ user: 'Practitioner/ana', patient: 'Patient/husband' });
    expect(alerts[0]!.events).toHaveLength(2);
    expect(alerts[0]!.attack).toEqual(['T1078']);
    expect(alerts[0]!.reasons[0]).toBe(
      'Ana Ruiz viewed the chart of a patient with the same surname living at their address',
    );
  });

  it('finds a relative by a RelatedPerson link under another name and address', () => {
    const [a] = run([access(T0, 'ana', 'mother')], 'ehr.family');
    expect(a?.reasons[0]).toMatch(/lists Ana Ruiz as a related person \(relationship DAU\)/);
  });

  it('does not alert when the relative is on the care team the user belongs to', () => {
    expect(run([access(T0 + 11 * DAY, 'ana', 'husband')], 'ehr.family')).toEqual([]);
  });

  it('does not alert for a colleague with another surname', () => {
    expect(run([access(T0, 'ben', 'husband')], 'ehr.family')).toEqual([]);
  });
});

describe('ehr.family: RelatedPerson without an identifier', () => {
  it('matches a next-of-kin record to the user by name and normalised address', () => {
    const ctx = hospital();
    ctx.add({ kind: 'patient', ref: 'Patient/wife', source: 't', family: 'Moreau', given: ['Lea'] });
    // Registration wrote Ana's address in another style; HR has "12 Oak St", 54101.
    ctx.add({
      kind: 'related_person',
      ref: 'RelatedPerson/rp-w',
      source: 't',
      patient: 'Patient/wife',
      family: 'RUIZ',
      given: ['Ana'],
      address: [{ line: ['12 Oak Street'], city: 'Riverton', postalCode: '54101-0042' }],
      codes: ['SPS'],
    });
    const [a] = run([access(T0, 'ana', 'wife')], 'ehr.family', ctx);
    expect(a?.reasons[0]).toBe(
      'Ana Ruiz viewed the chart of a patient who lists Ana Ruiz as a related person (relationship SPS)',
    );
    // Another staff member with another name is not that relative.
    expect(run([access(T0, 'ben', 'wife')], 'ehr.family', ctx)).toEqual([]);
  });
});
