import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, hospital, hospitalRecords } from '../detect/ehr/hospital.fixture.js';
import type { ContextRecord } from '../model/index.js';
import { ContextIndex } from './context-index.js';

describe('ContextIndex', () => {
  it('finds patients and staff by reference, bare id and identifier', () => {
    const ctx = hospital();
    expect(ctx.patient('Patient/inpt')?.family).toBe('Ng');
    expect(ctx.patient('inpt')?.ref).toBe('Patient/inpt');
    expect(ctx.patient('http://example.org/mrn|inpt')?.ref).toBe('Patient/inpt');
    expect(ctx.staff('Practitioner/ana')?.family).toBe('Ruiz');
    expect(ctx.staff('ana')?.orgs).toEqual(['Organization/icu']);
    expect(ctx.staff('http://example.org/employee-id|ben')?.roles).toContain('doctor');
    expect(ctx.staff('Practitioner/nobody')).toBeUndefined();
  });

  it('links employee-patients and related persons to staff by shared identifier', () => {
    const ctx = hospital();
    expect(ctx.employeeOf('Patient/self')?.ref).toBe('Practitioner/ana');
    expect(ctx.employeeOf('Patient/inpt')).toBeUndefined();
    const rel = ctx.relatedOf('Patient/mother');
    expect(rel).toHaveLength(1);
    expect(ctx.staffOfRelated(rel[0]!)?.ref).toBe('Practitioner/ana');
  });

  it('keeps care links with periods from encounters, care teams and ADT, ended by A03', () => {
    const ctx = hospital();
    expect(ctx.careLinks('Practitioner/ben', 'Patient/inpt')).toMatchObject([
      { role: 'attending', via: 'Encounter/e1', start: T0, end: T0 + 3 * DAY },
    ]);
    expect(ctx.careLinks('Practitioner/ana', 'Patient/husband')[0]?.role).toBe('care team member');
    const adt = ctx.careLinks('Practitioner/ben', 'Patient/edpt');
    expect(adt).toMatchObject([{ role: 'attending', via: 'v1', start: T0 + DAY, end: T0 + DAY + 6 * HOUR }]);
    expect(ctx.stays('Patient/edpt')).toMatchObject([
      { cls: 'E', start: T0 + DAY, end: T0 + DAY + 6 * HOUR },
    ]);
  });

  it('gives the same answers whatever order the records arrive in', () => {
    const ctx = new ContextIndex();
    for (const r of hospitalRecords().reverse()) ctx.add(r);
    expect(ctx.careLinks('ben', 'edpt')).toHaveLength(1);
    expect(ctx.careLinks('Practitioner/ben', 'Patient/inpt')).toHaveLength(1);
    expect(ctx.employeeOf('Patient/self')?.ref).toBe('Practitioner/ana');
  });

  it('moves a stay on transfer (A02) and keeps the unit keys', () => {
    const ctx = new ContextIndex();
    const base = { source: 'adt', patient: 'p1' };
    ctx.add({
      ...base,
      kind: 'adt',
      ref: 'M1',
      time: 1000,
      codes: ['A01', 'I'],
      location: ['ICU/RGH'],
      attrs: { visitNumber: 'v', patientClass: 'I' },
    });
    ctx.add({
      ...base,
      kind: 'adt',
      ref: 'M2',
      time: 2000,
      codes: ['A02', 'I'],
      location: ['MED/RGH'],
      attrs: { visitNumber: 'v' },
    });
    const stays = ctx.stays('p1');
    expect(stays).toHaveLength(2);
    expect(stays[0]).toMatchObject({ end: 2000, units: ['icu/rgh', 'icu'] });
    expect(stays[1]).toMatchObject({ start: 2000, cls: 'I', units: ['med/rgh', 'med'] });
  });
});

describe('ContextIndex: PractitionerRole references and general practitioners', () => {
  const roleRecords = (): ContextRecord[] => [
    { kind: 'practitioner', ref: 'Practitioner/p-9', source: 't', family: 'Vance' },
    {
      kind: 'practitioner_role',
      ref: 'PractitionerRole/r-9',
      source: 't',
      practitioners: ['Practitioner/p-9'],
      codes: ['REG'],
      attrs: { roleText: 'Patient Access Representative|Patient Access' },
    },
    {
      kind: 'encounter',
      ref: 'Encounter/e-9',
      source: 't',
      patient: 'Patient/pt-9',
      practitioners: ['PractitionerRole/r-9'],
      period: { start: T0, end: T0 + DAY },
    },
    {
      kind: 'patient',
      ref: 'Patient/pt-9',
      source: 't',
      practitioners: ['https://ehr.example.org/fhir/PractitionerRole/r-9'],
    },
  ];

  it('links an encounter participant named by PractitionerRole to its practitioner, whatever the file order', () => {
    for (const order of [roleRecords(), roleRecords().reverse()]) {
      const ctx = new ContextIndex();
      for (const r of order) ctx.add(r);
      expect(ctx.careLinks('Practitioner/p-9', 'Patient/pt-9')).toMatchObject([{ via: 'Encounter/e-9' }]);
      // An AuditEvent agent naming the role is the same person.
      expect(ctx.staff('PractitionerRole/r-9')?.family).toBe('Vance');
      expect(ctx.careLinks('PractitionerRole/r-9', 'Patient/pt-9')).toHaveLength(1);
      expect(ctx.isGeneralPractitioner('Practitioner/p-9', 'Patient/pt-9')).toBe(true);
      expect(ctx.isGeneralPractitioner('Practitioner/ana', 'Patient/pt-9')).toBe(false);
      expect(ctx.staff('p-9')?.roleText).toEqual(['patient access representative', 'patient access']);
    }
  });
});
