import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../test/fixtures/api/seed.js';
import type { TestServer } from '../../../test/fixtures/api/seed.js';
import type { WardEvent } from '../../model/index.js';
import type { PatientAccessReport } from '../../report/index.js';

const URL = '/api/reports/patient-access';

describe('GET /api/reports/patient-access', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.close();
  });

  const get = (
    query: string,
    role: 'admin' | 'analyst' | 'privacy_officer' | 'read_only' = 'privacy_officer',
  ) => s.app.inject({ url: `${URL}?${query}`, headers: s.as(role) });

  it('is for privacy officers and admins only', async () => {
    for (const role of ['analyst', 'read_only'] as const) {
      const res = await get('patient=Patient%2F8841', role);
      expect(res.statusCode).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    }
    expect((await s.app.inject({ url: `${URL}?patient=Patient%2F8841` })).statusCode).toBe(401);
    expect((await get('patient=Patient%2F8841', 'admin')).statusCode).toBe(200);
  });

  it('gives the report as JSON: rows with explanation, alerts and risk, and the summary', async () => {
    const res = await get('patient=Patient%2F8841');
    expect(res.statusCode).toBe(200);
    const r = res.json<PatientAccessReport>();
    expect(r).toMatchObject({
      patient: 'Patient/8841',
      patientName: 'Maria Elena Ruiz',
      generatedBy: 't-privacy_officer',
      summary: { accesses: 2, explained: 0, users: 1, flagged: 2 },
    });
    expect(r.rows.map((x) => x.accessId)).toEqual(['ae-1', 'ae-2']);
    expect(r.rows[0]).toMatchObject({
      time: '2026-03-04T10:00:00.000Z',
      user: 'Practitioner/p123',
      userName: 'Ana Ruiz',
      action: 'read',
      explained: false,
      alerts: ['al-1'],
      risk: 87,
    });
  });

  it('keeps the period', async () => {
    const r = (
      await get('patient=Patient%2F8841&from=2026-03-04T10:00:30Z&to=2026-03-05T00:00:00Z')
    ).json<PatientAccessReport>();
    expect(r.rows.map((x) => x.accessId)).toEqual(['ae-2']);
    expect(r.from).toBe('2026-03-04T10:00:30.000Z');
    expect(r.to).toBe('2026-03-05T00:00:00.000Z');
  });

  it('gives a CSV download', async () => {
    const res = await get('patient=Patient%2F8841&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="patient-access-Patient_8841-\d{4}-\d\d-\d\d\.csv"$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^time,patient,access_id,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('ae-1');
  });

  it('gives a printable HTML page that cannot run scripts', async () => {
    const res = await get('patient=Patient%2F8841&format=html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename=".*\.html"$/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.body).toContain('<h1>Patient access report</h1>');
    expect(res.body).toContain('Maria Elena Ruiz (Patient/8841)');
    expect(res.body).toContain('Family member chart access');
  });

  it('rejects a missing or too long patient, an unknown format and a bad period', async () => {
    for (const q of [
      '',
      'patient=',
      `patient=${'x'.repeat(501)}`,
      'patient=Patient%2F8841&format=pdf',
      'patient=Patient%2F8841&from=yesterday',
      'patient=Patient%2F8841&from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z',
      'patient=Patient%2F8841&extra=1',
    ]) {
      const res = await get(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('bad_request');
    }
  });

  it('logs each report as an access to PHI, without names', async () => {
    const before = (await s.store.listDecisions({ kind: 'report' })).total;
    await get('patient=Patient%2F8841&format=csv&from=2026-03-01T00:00:00Z');
    const page = await s.store.listDecisions({ kind: 'report', limit: 1000 });
    expect(page.total).toBe(before + 1);
    const d = page.items.at(-1)!;
    expect(d).toMatchObject({ subject: 'Patient/8841', verdict: 'generated', actor: 't-privacy_officer' });
    expect(d.reason).toContain('csv');
    expect(d.reason).toContain('2026-03-01T00:00:00.000Z');
    expect(JSON.stringify(d)).not.toMatch(/Ruiz|Maria/);
    // Refused requests show nothing and are not logged as report accesses.
    await get('patient=Patient%2F8841', 'analyst');
    expect((await s.store.listDecisions({ kind: 'report' })).total).toBe(before + 1);
  });

  it('reads a patient with more accesses than one store page', async () => {
    const w = s.store.writer();
    const t0 = Date.parse('2026-03-10T00:00:00Z');
    const n = 10_005;
    for (let i = 0; i < n; i++) {
      const e: WardEvent = {
        id: `big-${i}`,
        source: 'big.ndjson',
        format: 'fhir-audit-event',
        class: 'ehr_access',
        time: t0 + i * 1000,
        user: `Practitioner/u${i % 7}`,
        patient: 'Patient/big',
        action: 'read',
        outcome: 'success',
      };
      w.addEvent(e);
    }
    await w.flush();
    const r = (await get('patient=Patient%2Fbig')).json<PatientAccessReport>();
    expect(r.summary).toMatchObject({ accesses: n, users: 7 });
    expect(r.rows.at(-1)?.accessId).toBe(`big-${n - 1}`);
  }, 60_000);
});
