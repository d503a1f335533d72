/** A small hand-built hospital for the EHR privacy tests: staff, patients, visits and a runner. */
import { ContextIndex } from '../../context/index.js';
import type { Alert, ContextRecord, WardEvent } from '../../model/index.js';
import { createEhrPrivacy } from './ehr-privacy.js';

/** 2 March 2026 00:00 UTC. */
export const T0 = Date.UTC(2026, 2, 2);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const EMP = 'http://example.org/employee-id';

function rec(kind: ContextRecord['kind'], ref: string, more: Partial<ContextRecord> = {}): ContextRecord {
  return { kind, ref, source: 'test', ...more };
}

function staff(
  id: string,
  family: string,
  given: string,
  role: string,
  org: string,
  line: string,
): ContextRecord[] {
  return [
    rec('practitioner', `Practitioner/${id}`, {
      family,
      given: [given],
      birthDate: '1980-01-01',
      identifiers: [`${EMP}|${id}`],
      address: [{ line: [line], city: 'Riverton', postalCode: '54101' }],
    }),
    rec('practitioner_role', `PractitionerRole/${id}`, {
      practitioners: [`Practitioner/${id}`],
      organization: `Organization/${org}`,
      codes: [role, org.toUpperCase()],
      location: [`Location/loc-${org}`],
    }),
  ];
}

function patient(id: string, family: string, line: string, more: Partial<ContextRecord> = {}): ContextRecord {
  return rec('patient', `Patient/${id}`, {
    family,
    given: ['Pat'],
    birthDate: '1950-05-05',
    address: [{ line: [line], city: 'Riverton', postalCode: '54101' }],
    identifiers: [`http://example.org/mrn|${id}`],
    ...more,
  });
}

/** The context records of the test hospital. */
export function hospitalRecords(): ContextRecord[] {
  return [
    ...staff('ana', 'Ruiz', 'Ana', 'nurse', 'icu', '12 Oak St'),
    ...staff('ben', 'Cole', 'Ben', 'doctor', 'med', '3 Elm St'),
    ...staff('cara', 'Diaz', 'Cara', 'nurse', 'icu', '90 Pine St'),
    ...staff('lab', 'Lund', 'Lars', 'lab-tech', 'lab', '5 Birch St'),
    ...staff('bill', 'Bates', 'Bea', 'billing-coder', 'billing', '7 Birch St'),
    ...staff('reg', 'Reyes', 'Rita', 'registration-clerk', 'reg', '9 Birch St'),
    rec('location', 'Location/loc-icu', { organization: 'Organization/icu' }),
    rec('location', 'Location/loc-ed', { organization: 'Organization/ed' }),
    // Ana's own chart: she is an employee-patient.
    patient('self', 'Ruiz', '12 Oak St', {
      given: ['Ana'],
      birthDate: '1980-01-01',
      securityLabels: ['EMP'],
      identifiers: [`${EMP}|ana`],
    }),
    // Her husband: same surname, same address.
    patient('husband', 'Ruiz', '12 Oak St'),
    // Her mother: another surname and town, linked by a RelatedPerson that is Ana.
    patient('mother', 'Okafor', '1 Lake Rd', {
      address: [{ line: ['1 Lake Rd'], city: 'Fairview', postalCode: '54120' }],
    }),
    rec('related_person', 'RelatedPerson/rp-1', {
      patient: 'Patient/mother',
      family: 'Ruiz',
      given: ['Ana'],
      identifiers: [`${EMP}|ana`],
      codes: ['DAU'],
    }),
    // A colleague of the ICU as a patient, and a neighbour.
    patient('colleague', 'Diaz', '90 Pine St', {
      given: ['Cara'],
      securityLabels: ['EMP'],
      identifiers: [`${EMP}|cara`],
    }),
    patient('neighbour', 'Smith', '16 Oak St'),
    patient('star', 'Stone', '1 Hill Rd', { securityLabels: ['VIP', 'CEL'] }),
    patient('dead', 'Gray', '4 Ash St', { deceased: '2026-01-10T00:00:00Z' }),
    // An inpatient on MED with Ben attending, from day 0 to day 3.
    patient('inpt', 'Ng', '8 Ash St'),
    rec('encounter', 'Encounter/e1', {
      patient: 'Patient/inpt',
      practitioners: ['Practitioner/ben'],
      codes: ['IMP', 'participant:ATND'],
      location: ['Location/loc-med'],
      organization: 'Organization/med',
      period: { start: T0, end: T0 + 3 * DAY },
    }),
    // Ana's husband in the ICU, Ana on the care team (the look-alike that must not alert as family).
    rec('care_team', 'CareTeam/ct-2', {
      patient: 'Patient/husband',
      practitioners: ['Practitioner/ana'],
      period: { start: T0 + 10 * DAY, end: T0 + 12 * DAY },
    }),
    // A patient Ben treated 300 days ago.
    patient('former', 'Kim', '2 Ash St'),
    rec('encounter', 'Encounter/e0', {
      patient: 'Patient/former',
      practitioners: ['Practitioner/ben'],
      codes: ['AMB', 'participant:ATND'],
      period: { start: T0 - 300 * DAY, end: T0 - 300 * DAY + HOUR },
    }),
    // An ED visit by HL7 v2 ADT (bare ids), registered at T0 + 1 d and discharged 6 h later.
    patient('edpt', 'Lopez', '6 Ash St'),
    rec('adt', 'ADT1', {
      time: T0 + DAY,
      patient: 'edpt',
      codes: ['A04', 'E'],
      location: ['ED/RGH', 'ED'],
      attrs: { attending: 'ben', visitNumber: 'v1', patientClass: 'E' },
    }),
    rec('adt', 'ADT2', {
      time: T0 + DAY + 6 * HOUR,
      patient: 'edpt',
      codes: ['A03'],
      attrs: { visitNumber: 'v1' },
    }),
    ...Array.from({ length: 60 }, (_, i) => patient(`x${i}`, `Other${i}`, `${100 + i * 40} Far Rd`)),
  ];
}

/** A context index of the test hospital. */
export function hospital(): ContextIndex {
  const ctx = new ContextIndex();
  for (const r of hospitalRecords()) ctx.add(r);
  return ctx;
}

let n = 0;
/** One EHR access event. */
export function access(t: number, user: string, patient: string, more: Partial<WardEvent> = {}): WardEvent {
  n++;
  return {
    id: `a-${n}`,
    source: 'test',
    format: 'fhir-audit-event',
    class: 'ehr_access',
    time: t,
    user: `Practitioner/${user}`,
    patient: `Patient/${patient}`,
    action: 'read',
    resource: `Observation/o-${n}`,
    purpose: 'TREAT',
    outcome: 'success',
    ...more,
  };
}

/** Run the family over events (in time order) and return its alerts, optionally of one detector. */
export function run(events: WardEvent[], detector?: string, ctx = hospital()): Alert[] {
  const fam = createEhrPrivacy(undefined, { context: ctx });
  const out: Alert[] = [];
  for (const e of [...events].sort((a, b) => a.time - b.time)) {
    fam.advance(e.time, (a) => out.push(a));
    fam.handle(e, (a) => out.push(a));
  }
  fam.finish((a) => out.push(a));
  return detector === undefined ? out : out.filter((a) => a.detector === detector);
}
