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

describe('ehr.deceased: declared operations and research purposes', () => {
  const ctx = hospital();
  for (const [id, code, text] of [
    ['qa', 'QRN', 'Quality Review Nurse'],
    ['irb', 'CRC', 'Clinical Research Coordinator'],
  ] as const) {
    ctx.add({ kind: 'practitioner', ref: `Practitioner/${id}`, source: 't', family: id });
    ctx.add({
      kind: 'practitioner_role',
      ref: `PractitionerRole/${id}`,
      source: 't',
      practitioners: [`Practitioner/${id}`],
      codes: [code],
      attrs: { roleText: text },
    });
  }

  it('does not alert on mortality review (HOPERAT) by quality staff or IRB review (HRESCH) by research staff', () => {
    expect(run([access(T0, 'qa', 'dead', { purpose: 'HOPERAT' })], 'ehr.deceased', ctx)).toEqual([]);
    expect(run([access(T0, 'irb', 'dead', { purpose: 'HRESCH' })], 'ehr.deceased', ctx)).toEqual([]);
  });

  it('still alerts when the purpose does not fit the role or is missing', () => {
    expect(run([access(T0, 'ana', 'dead', { purpose: 'HOPERAT' })], 'ehr.deceased', ctx)).toHaveLength(1);
    expect(run([access(T0, 'irb', 'dead', { purpose: 'HOPERAT' })], 'ehr.deceased', ctx)).toHaveLength(1);
    expect(run([access(T0, 'qa', 'dead', { purpose: 'TREAT' })], 'ehr.deceased', ctx)).toHaveLength(1);
  });
});
