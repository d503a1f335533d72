import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, hospital } from './hospital.fixture.js';
import type { StaffInfo } from '../../context/index.js';
import { roleClass, roleClassesOf } from './access.js';
import { explain } from './explain.js';

const ctx = hospital();
const why = (user: string, patient: string, t: number, type?: string) =>
  explain(ctx, `Practitioner/${user}`, ctx.staff(user), `Patient/${patient}`, t, type);

describe('explain', () => {
  it('explains listed care in its window and names the relationship', () => {
    expect(why('ben', 'inpt', T0 + DAY)).toEqual({
      strength: 'listed',
      kind: 'encounter',
      text: 'attending on Encounter/e1',
    });
    expect(why('ben', 'inpt', T0 + 10 * DAY)?.kind).toBe('encounter'); // follow-up window
    expect(why('ben', 'inpt', T0 + 30 * DAY)).toBeUndefined();
    expect(why('ben', 'edpt', T0 + DAY + HOUR)?.text).toBe('attending on visit v1');
  });

  it('explains the pharmacy, lab or radiology role only for fitting records during a visit', () => {
    expect(why('lab', 'inpt', T0 + DAY, 'Observation')?.kind).toBe('service');
    expect(why('lab', 'inpt', T0 + DAY, 'DocumentReference')).toBeUndefined();
    expect(why('lab', 'x1', T0 + DAY, 'Observation')).toBeUndefined();
  });

  it('explains registration around arrival and billing after discharge', () => {
    expect(why('reg', 'edpt', T0 + DAY - 2 * HOUR)?.kind).toBe('registration');
    expect(why('reg', 'edpt', T0 + 5 * DAY)).toBeUndefined();
    expect(why('bill', 'inpt', T0 + 20 * DAY)?.kind).toBe('billing');
    expect(why('bill', 'x1', T0 + 20 * DAY)).toBeUndefined();
  });

  it('explains staff of the unit where the patient stays (a covering colleague)', () => {
    expect(why('cara', 'husband', T0 + 11 * DAY)).toBeUndefined(); // care team only, no unit stay
    const e = explain(ctx, 'Practitioner/ana', ctx.staff('ana'), 'Patient/edpt', T0 + DAY, undefined);
    expect(e).toBeUndefined(); // Ana works on ICU, the patient is in the ED
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/icu-1',
      source: 'test',
      patient: 'Patient/x2',
      practitioners: ['Practitioner/ben'],
      location: ['Location/loc-icu'],
      period: { start: T0, end: T0 + 2 * DAY },
    });
    expect(why('cara', 'x2', T0 + DAY)).toEqual({
      strength: 'role',
      kind: 'unit',
      text: 'works on LOC-ICU where the patient stayed',
    });
  });

  it('explains a consult listed on the ADT visit (PV1-9) until discharge plus follow-up', () => {
    ctx.add({
      kind: 'adt',
      ref: 'ADT3',
      source: 'test',
      time: T0 + DAY + HOUR,
      patient: 'edpt',
      codes: ['A08', 'E'],
      attrs: { consulting: 'cara', visitNumber: 'v1' },
    });
    expect(why('cara', 'edpt', T0 + DAY + 2 * HOUR)?.text).toBe('consulting on visit v1');
    expect(why('cara', 'edpt', T0 + 30 * DAY)).toBeUndefined();
  });
});

describe('role vocabulary', () => {
  const staffWith = (roles: string[], roleText: string[] = []): StaffInfo => ({
    ref: 'Practitioner/x',
    identifiers: [],
    roles,
    roleText,
    orgs: [],
    units: new Set(),
  });

  it('reads vendor codes, licence abbreviations and job titles into role classes', () => {
    const cases: [string[], string[], string][] = [
      [['reg'], ['patient access representative'], 'registration'],
      [['par'], ['patient access representative'], 'registration'],
      [['x1'], ['front desk scheduler'], 'registration'],
      [['rn-float'], [], 'nurse'],
      [['lpn'], [], 'nurse'],
      [['md'], [], 'physician'],
      [['res-pgy2'], ['resident physician'], 'physician'],
      [['hospitalist'], [], 'physician'],
      [['np'], ['nurse practitioner'], 'physician'],
      [['pt-ot'], ['physical therapist'], 'therapy'],
      [['cm-rn'], ['case manager'], 'case_management'],
      [['qrn'], ['quality review nurse'], 'quality'],
      [['crc'], ['clinical research coordinator'], 'research'],
      [['him-coder'], ['health information management'], 'him'],
      [['registered-nurse'], [], 'nurse'], // "registered" is not registration
      [['zz9'], ['volunteer'], 'other'],
    ];
    for (const [codes, text, rc] of cases) expect(roleClass(staffWith(codes, text)), codes[0]).toBe(rc);
    expect(roleClassesOf(staffWith(['doctor'], ['pathology']))).toEqual(['physician', 'pathology']);
  });
});

describe('explain: primary-care panel and declared purposes', () => {
  const ctx2 = hospital();
  ctx2.add({ kind: 'patient', ref: 'Patient/former', source: 't', practitioners: ['Practitioner/ben'] });
  ctx2.add({ kind: 'practitioner', ref: 'Practitioner/qa', source: 't', family: 'Quinn' });
  ctx2.add({
    kind: 'practitioner_role',
    ref: 'PractitionerRole/qa',
    source: 't',
    practitioners: ['Practitioner/qa'],
    codes: ['QRN'],
    attrs: { roleText: 'Quality Review Nurse' },
  });

  it("explains the patient's general practitioner as an ongoing listed relationship", () => {
    const e = explain(
      ctx2,
      'Practitioner/ben',
      ctx2.staff('ben'),
      'Patient/former',
      T0 + 400 * DAY,
      undefined,
    );
    expect(e).toMatchObject({ strength: 'listed', kind: 'pcp' });
    expect(e?.text).toContain('general practitioner');
  });

  it('explains an operations purpose by a quality reviewer, not by a unit nurse or without the purpose', () => {
    const qa = ctx2.staff('qa');
    const e = explain(ctx2, 'Practitioner/qa', qa, 'Patient/dead', T0, undefined, 'HOPERAT');
    expect(e).toMatchObject({ strength: 'role', kind: 'purpose' });
    expect(e?.text).toBe(
      'declared purpose healthcare operations (quality, mortality or records review) (HOPERAT) fits their quality role',
    );
    expect(explain(ctx2, 'Practitioner/qa', qa, 'Patient/dead', T0, undefined, 'TREAT')).toBeUndefined();
    expect(
      explain(ctx2, 'Practitioner/ana', ctx2.staff('ana'), 'Patient/dead', T0, undefined, 'HOPERAT'),
    ).toBeUndefined();
  });
});
