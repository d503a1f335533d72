import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, hospital, run } from '../detect/ehr/hospital.fixture.js';
import type { Alert, WardEvent } from '../model/index.js';
import { citedAlerts, patientAccessReport } from './patient-access.js';

function alert(id: string, score: number, patient: string, events: string[]): Alert {
  return {
    id,
    time: new Date(T0).toISOString(),
    detector: 'ehr.peer_unusual',
    category: 'ehr_privacy',
    severity: 'medium',
    score,
    title: 't',
    reasons: ['r'],
    entities: { user: 'Practitioner/ana', patient },
    events,
    attack: ['T1078'],
  };
}

describe('patientAccessReport', () => {
  const ctx = hospital();
  const byBen = access(T0 + DAY, 'ben', 'inpt');
  const byAna = access(T0 + DAY + HOUR, 'ana', 'inpt', { purpose: 'ETREAT' });
  const byLab = access(T0 + 2 * DAY, 'lab', 'inpt', { resource: 'DiagnosticReport/d-1' });
  const failed = access(T0 + 2 * DAY + HOUR, 'ana', 'inpt', { outcome: 'failure' });
  const other = access(T0 + DAY, 'ana', 'x3');
  const login: WardEvent = { ...byBen, id: 'auth-1', class: 'authentication' };
  const events = [byLab, failed, byAna, byBen, { ...byBen }, other, login];
  const alerts = [
    alert('al-1', 60, 'Patient/inpt', [byAna.id]),
    alert('al-2', 50, 'Patient/inpt', [byAna.id, byAna.id]),
    alert('al-x', 90, 'Patient/x3', [byAna.id, other.id]),
  ];
  const report = patientAccessReport({
    patient: 'Patient/inpt',
    events,
    alerts,
    context: ctx,
    generatedBy: 'po-1',
    now: T0 + 30 * DAY,
  });

  it('lists each access to the patient once, in time order, with who, what and why', () => {
    expect(report.rows.map((r) => r.accessId)).toEqual([byBen.id, byAna.id, byLab.id, failed.id]);
    expect(report.rows[0]).toEqual({
      time: new Date(T0 + DAY).toISOString(),
      accessId: byBen.id,
      source: 'test',
      user: 'Practitioner/ben',
      userName: 'Ben Cole',
      role: 'doctor',
      department: 'Organization/med',
      action: 'read',
      resource: byBen.resource,
      purpose: 'TREAT',
      explained: true,
      explanation: 'attending on Encounter/e1',
      explanationKind: 'encounter',
      alerts: [],
      risk: 0,
    });
    expect(report.rows[2]).toMatchObject({ explained: true, explanationKind: 'service' });
  });

  it('marks the unexplained access and combines the scores of the alerts about this patient citing it', () => {
    const ana = report.rows[1]!;
    expect(ana).toMatchObject({ user: 'Practitioner/ana', purpose: 'ETREAT', explained: false });
    expect(ana.explanation).toBeUndefined();
    expect(ana.alerts).toEqual(['al-1', 'al-2']); // al-x is about another patient
    expect(ana.risk).toBe(80); // 1 - 0.4 × 0.5
    expect(report.rows[3]?.action).toBe('read (failed)');
  });

  it('picks the alerts the rows cite, once each', () => {
    expect(citedAlerts(report, [...alerts, alerts[0]!]).map((a) => a.id)).toEqual(['al-1', 'al-2']);
  });

  it('heads the report with the patient, time of generation and counts', () => {
    expect(report).toMatchObject({
      patient: 'Patient/inpt',
      patientName: 'Pat Ng',
      generatedAt: new Date(T0 + 30 * DAY).toISOString(),
      generatedBy: 'po-1',
      summary: { accesses: 4, explained: 2, users: 3, flagged: 1 },
    });
    expect(report.from).toBeUndefined();
  });

  it('keeps the period [from, to) and matches the patient by bare id', () => {
    const r = patientAccessReport({
      patient: 'inpt',
      events,
      alerts,
      context: ctx,
      generatedBy: 'po-1',
      from: T0 + DAY + HOUR,
      to: T0 + 2 * DAY,
    });
    expect(r.rows.map((x) => x.accessId)).toEqual([byAna.id]);
    expect(r.from).toBe(new Date(T0 + DAY + HOUR).toISOString());
    expect(r.to).toBe(new Date(T0 + 2 * DAY).toISOString());
    expect(r.rows[0]?.risk).toBe(80);
  });

  it('shows the alerts the EHR privacy detectors raise on a family member’s chart', () => {
    const snoop = [0, 1, 2].map((i) => access(T0 + 5 * DAY + i * 60_000, 'ana', 'husband'));
    const raised = run(snoop);
    expect(raised.length).toBeGreaterThan(0);
    const r = patientAccessReport({
      patient: 'Patient/husband',
      events: snoop,
      alerts: raised,
      context: ctx,
      generatedBy: 'po-1',
    });
    expect(r.summary).toMatchObject({ accesses: 3, explained: 0, users: 1, flagged: 3 });
    expect(r.rows[0]?.alerts.length).toBeGreaterThan(0);
    expect(r.rows[0]?.risk).toBeGreaterThanOrEqual(Math.max(...raised.map((a) => a.score)));
  });

  it('gives an empty report for a patient nobody accessed', () => {
    const r = patientAccessReport({
      patient: 'Patient/none',
      events,
      alerts,
      context: ctx,
      generatedBy: 'x',
    });
    expect(r.rows).toEqual([]);
    expect(r.summary).toEqual({ accesses: 0, explained: 0, users: 0, flagged: 0 });
    expect(r.patientName).toBeUndefined();
  });
});
