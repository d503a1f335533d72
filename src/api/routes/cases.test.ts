import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../test/fixtures/api/seed.js';
import type { TestServer } from '../../../test/fixtures/api/seed.js';
import { caseId, suppressorFor } from '../../cases/index.js';
import type { Case } from '../../cases/index.js';
import type { Alert } from '../../model/index.js';

type Role = 'admin' | 'analyst' | 'privacy_officer' | 'read_only';
interface PageBody<T> {
  total: number;
  items: T[];
}
type Detail = Case & {
  alertDetails: { id: string; status: string }[];
  decisions: unknown[];
  otherCases: Case[];
};

const ANA = 'Practitioner/p123';
const MARIA = 'Patient/8841';

function alert(
  id: string,
  detector: string,
  entities: Record<string, string>,
  time: string,
  score: number,
): Alert {
  return {
    id,
    time,
    detector,
    category: 'ehr_privacy',
    severity: 'medium',
    score,
    title: detector,
    reasons: [`${detector} reason`],
    entities,
    events: [`${id}-e`],
    attack: ['T1078'],
  };
}

describe('case routes', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
    // The seed has al-1 (ehr.family, 87) on Ana and Maria; add a second signal, a bulk case and another user.
    const w = s.store.writer();
    w.addAlert(alert('al-3', 'ehr.neighbour', { user: ANA, patient: MARIA }, '2026-03-04T11:00:00Z', 60));
    w.addAlert(alert('al-4', 'ehr.bulk', { user: ANA }, '2026-03-05T09:00:00Z', 70));
    w.addAlert(
      alert(
        'al-5',
        'ehr.vip',
        { user: 'Practitioner/p9', patient: 'Patient/77' },
        '2026-03-06T09:00:00Z',
        45,
      ),
    );
    await w.flush();
  });
  afterAll(async () => {
    await s.close();
  });

  // T names the expected JSON shape of each answer, as inject's own json<T>() does.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  const get = async <T>(url: string, role: Role = 'analyst') => {
    const res = await s.app.inject({ url, headers: s.as(role) });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const decide = async (body: unknown, role: Role = 'privacy_officer') => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/cases/decision',
      headers: s.as(role),
      payload: body as object,
    });
    return { status: res.statusCode, body: res.json<Case & { error: { code: string } }>() };
  };
  const pairId = caseId(ANA, MARIA);

  it('lists cases by score with names, masking the patient unless the role sees patient data', async () => {
    const res = await get<PageBody<Case>>('/api/cases');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((c) => c.id)).toEqual([
      pairId,
      caseId(ANA, undefined),
      caseId('Practitioner/p9', 'Patient/77'),
    ]);
    expect(res.body.items[0]).toMatchObject({
      user: ANA,
      userName: 'Ana Ruiz',
      patient: MARIA,
      patientName: 'M. E. R.',
      score: 94.8,
      severity: 'critical',
      status: 'open',
      alerts: ['al-3', 'al-1'],
      accesses: 4,
      history: { cases: 1, confirmed: 0, legitimate: 0 },
    });
    expect(res.body.items[1]).not.toHaveProperty('patient');
    const po = await get<PageBody<Case>>('/api/cases', 'privacy_officer');
    expect(po.body.items[0]!.patientName).toBe('Maria Elena Ruiz');
    expect(JSON.stringify((await get<PageBody<Case>>('/api/cases', 'read_only')).body)).not.toContain(
      'Maria',
    );
  });

  it('filters by user, patient, score and status, with paging', async () => {
    expect((await get<PageBody<Case>>(`/api/cases?user=${encodeURIComponent(ANA)}`)).body.total).toBe(2);
    expect(
      (await get<PageBody<Case>>(`/api/cases?patient=${encodeURIComponent(MARIA)}`)).body.items.map(
        (c) => c.id,
      ),
    ).toEqual([pairId]);
    expect((await get<PageBody<Case>>('/api/cases?minScore=50')).body.total).toBe(2);
    expect((await get<PageBody<Case>>('/api/cases?status=confirmed')).body.total).toBe(0);
    const paged = await get<PageBody<Case>>('/api/cases?limit=1&offset=1');
    expect(paged.body).toMatchObject({ total: 3, items: [{ id: caseId(ANA, undefined) }] });
    expect((await get('/api/cases?status=closed')).status).toBe(400);
    expect((await get('/api/cases?minScore=101')).status).toBe(400);
  });

  it('gives one case with its alerts, decisions and the user’s other cases; 404 when unknown', async () => {
    const res = await get<Detail>(`/api/cases/one?id=${pairId}`);
    expect(res.status).toBe(200);
    expect(res.body.alertDetails.map((a) => a.id)).toEqual(['al-3', 'al-1']);
    expect(res.body.decisions).toEqual([]);
    expect(res.body.otherCases.map((c) => c.id)).toEqual([caseId(ANA, undefined)]);
    expect(res.body.patientName).toBe('M. E. R.');
    const none = await get<{ error: { code: string } }>('/api/cases/one?id=nope');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_found');
  });

  it('lets only privacy officers and admins decide, with a reason', async () => {
    const body = { id: pairId, verdict: 'legitimate', reason: 'patient is her mother; consent on file' };
    expect((await decide(body, 'analyst')).status).toBe(403);
    expect((await decide(body, 'read_only')).status).toBe(403);
    expect((await decide({ ...body, reason: '  ' })).status).toBe(400);
    expect((await decide({ ...body, verdict: 'maybe' })).status).toBe(400);
    expect((await decide({ ...body, id: 'nope' })).status).toBe(404);
  });

  it('a legitimate decision closes the case’s alerts, is kept with who and why, and suppresses similar alarms', async () => {
    const res = await decide({
      id: pairId,
      verdict: 'legitimate',
      reason: 'patient is her mother; consent on file',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: pairId,
      status: 'legitimate',
      patientName: 'Maria Elena Ruiz',
      decision: {
        verdict: 'legitimate',
        actor: 't-privacy_officer',
        reason: 'patient is her mother; consent on file',
      },
    });
    const al1 = await s.store.getAlert('al-1');
    expect(al1).toMatchObject({ status: 'closed', verdict: 'benign' });
    expect(al1!.comment).toContain('t-privacy_officer');

    // A new alert of the same pair and detector, written the way the live pipeline writes, is stored suppressed.
    const next = alert('al-6', 'ehr.family', { user: ANA, patient: MARIA }, '2026-04-01T08:00:00Z', 90);
    const w = s.store.writer();
    w.addAlert(next, (await suppressorFor(s.store)).triage(next));
    await w.flush();
    const one = await get<Detail>(`/api/cases/one?id=${pairId}`, 'admin');
    expect(one.body).toMatchObject({
      status: 'legitimate',
      suppressedAlerts: ['al-6'],
      alerts: ['al-3', 'al-1'],
    });
    expect(one.body.alertDetails.find((a) => a.id === 'al-6')).toMatchObject({ status: 'closed' });
    expect(one.body.decisions).toEqual([
      expect.objectContaining({ actor: 't-privacy_officer', verdict: 'legitimate' }),
    ]);
    expect((await get<PageBody<Case>>('/api/cases?status=legitimate')).body.total).toBe(1);
  });

  it('a confirmed decision raises the user’s other cases (repeat offender)', async () => {
    const bulkId = caseId(ANA, undefined);
    const res = await decide({ id: pairId, verdict: 'confirmed', reason: 'no consent after all' }, 'admin');
    expect(res.body).toMatchObject({ status: 'confirmed', decision: { actor: 't-admin' } });
    const bulk = await get<Detail>(`/api/cases/one?id=${bulkId}`);
    expect(bulk.body.history).toEqual({ cases: 1, confirmed: 1, legitimate: 0 });
    expect(bulk.body.score).toBe(77.5);
  });

  it('documents the routes under the cases tag', async () => {
    const doc = (await s.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags: string[] }>>;
    }>();
    expect(doc.paths['/api/cases']?.get?.tags).toEqual(['cases']);
    expect(doc.paths['/api/cases/one']?.get?.tags).toEqual(['cases']);
    expect(doc.paths['/api/cases/decision']?.post?.tags).toEqual(['cases']);
  });
});
