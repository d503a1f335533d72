import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../test/fixtures/api/seed.js';
import type { TestServer } from '../../test/fixtures/api/seed.js';

interface PageBody<T> {
  total: number;
  items: T[];
}
type Obj = Record<string, unknown>;

describe('read routes', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer({ metrics: () => 'ward_live_lag_seconds 1.5' });
  });
  afterAll(async () => {
    await s.close();
  });

  // T names the expected JSON shape of each answer, as inject's own json<T>() does.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  const get = async <T>(
    url: string,
    role: 'admin' | 'analyst' | 'privacy_officer' | 'read_only' = 'analyst',
  ) => {
    const res = await s.app.inject({ url, headers: s.as(role) });
    return { status: res.statusCode, body: res.json<T>() };
  };

  it('searches events by class, user, source IP, text and time range, with paging', async () => {
    const all = await get<PageBody<Obj>>('/api/events');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(
      (await get<PageBody<Obj>>('/api/events?class=authentication')).body.items.map((e) => e.id),
    ).toEqual(['auth.log:7']);
    expect((await get<PageBody<Obj>>('/api/events?srcIp=10.0.0.9')).body.total).toBe(1);
    expect((await get<PageBody<Obj>>('/api/events?user=Practitioner%2Fp123')).body.total).toBe(2);
    expect((await get<PageBody<Obj>>('/api/events?text=AE-2')).body.items.map((e) => e.id)).toEqual(['ae-2']);
    const range = await get<PageBody<Obj>>('/api/events?from=2026-03-04T10:01:00Z&to=2026-03-04T10:02:00Z');
    expect(range.body.items.map((e) => e.id)).toEqual(['ae-2']);
    const epoch = await get<PageBody<Obj>>(
      `/api/events?from=${Date.parse('2026-03-04T10:01:00Z')}&to=${Date.parse('2026-03-04T10:02:00Z')}`,
    );
    expect(epoch.body.items.map((e) => e.id)).toEqual(['ae-2']);
    const paged = await get<PageBody<Obj>>('/api/events?limit=1&offset=1');
    expect(paged.body).toMatchObject({ total: 3, items: [{ id: 'ae-2' }] });
  });

  it('tells a token who it is and what its role may do', async () => {
    const analyst = await get<Obj>('/api/me', 'analyst');
    expect(analyst.status).toBe(200);
    expect(analyst.body).toMatchObject({
      role: 'analyst',
      may: { decideCases: false, seePatientNames: false, readReports: false },
    });
    const po = await get<Obj>('/api/me', 'privacy_officer');
    expect(po.body).toMatchObject({ may: { decideCases: true, seePatientNames: true, readReports: true } });
    expect((await s.app.inject({ url: '/api/me' })).statusCode).toBe(401);
  });

  it('lists alerts with filters, newest first', async () => {
    const all = await get<PageBody<Obj>>('/api/alerts');
    expect(all.body.items.map((a) => a.id)).toEqual(['al-2', 'al-1']);
    expect(all.body.items[0]).toMatchObject({ status: 'open', category: 'identity' });
    const f = await get<PageBody<Obj>>('/api/alerts?category=ehr_privacy&severity=high&status=open');
    expect(f.body.items.map((a) => a.id)).toEqual(['al-1']);
  });

  it('gives an alert with its evidence events and names the ones not found', async () => {
    const res = await get<{ alert: Obj; evidence: Obj[]; missing: string[]; history: Obj[] }>(
      '/api/alerts/al-1',
    );
    expect(res.status).toBe(200);
    expect(res.body.alert).toMatchObject({ id: 'al-1', status: 'open' });
    expect(res.body.evidence.map((e) => e.id)).toEqual(['ae-1', 'ae-2']);
    expect(res.body.missing).toEqual(['ae-gone']);
    expect(res.body.history).toEqual([]);
    const none = await get<{ error: Obj }>('/api/alerts/nope');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_found');
  });

  it('masks patient names unless the role is privacy_officer or admin', async () => {
    for (const role of ['analyst', 'read_only'] as const) {
      const ctx = await get<PageBody<Obj>>('/api/context?kind=patients', role);
      expect(ctx.body.items).toEqual([
        expect.objectContaining({
          ref: 'Patient/8841',
          family: 'R.',
          given: ['M.', 'E.'],
          identifiers: ['urn:mrn|8841'],
        }),
      ]);
      const ev = await get<{ evidence: { attrs?: Obj }[] }>('/api/alerts/al-1', role);
      expect(ev.body.evidence[0]!.attrs).toEqual({ patientName: 'M. R.' });
      const events = await get<PageBody<{ attrs?: Obj }>>('/api/events?text=ae-1', role);
      expect(JSON.stringify(events.body)).not.toContain('Maria');
    }
    for (const role of ['privacy_officer', 'admin'] as const) {
      const ctx = await get<PageBody<Obj>>('/api/context?kind=patient', role);
      expect(ctx.body.items[0]).toMatchObject({ family: 'Ruiz', given: ['Maria', 'Elena'] });
      const ev = await get<{ evidence: { attrs?: Obj }[] }>('/api/alerts/al-1', role);
      expect(ev.body.evidence[0]!.attrs).toEqual({ patientName: 'Maria Ruiz' });
    }
    // Staff names are not patient names: they stay for everyone.
    const staff = await get<PageBody<Obj>>('/api/context?kind=staff', 'read_only');
    expect(staff.body.items).toEqual([expect.objectContaining({ ref: 'Practitioner/p123', family: 'Ruiz' })]);
  });

  it('serves context by group, kind and ref, with paging', async () => {
    expect((await get<PageBody<Obj>>('/api/context')).body.total).toBe(3);
    expect((await get<PageBody<Obj>>('/api/context?kind=locations')).body.items).toEqual([
      expect.objectContaining({ ref: 'Location/icu' }),
    ]);
    expect((await get<PageBody<Obj>>('/api/context?ref=Location%2Ficu')).body.total).toBe(1);
    expect((await get<PageBody<Obj>>('/api/context?limit=1&offset=2')).body).toMatchObject({
      total: 3,
      items: [{ ref: 'Location/icu' }],
    });
  });

  it('lists dead letters by reason; raw text only for roles that see patient data', async () => {
    const analyst = await get<PageBody<Obj>>('/api/dead-letters?reason=not_json');
    expect(analyst.body.total).toBe(1);
    expect(analyst.body.items[0]).toMatchObject({ reason: 'not_json', position: '4', rawLength: 23 });
    expect(analyst.body.items[0]).not.toHaveProperty('raw');
    const admin = await get<PageBody<Obj>>('/api/dead-letters', 'admin');
    expect(admin.body.total).toBe(2);
    expect(admin.body.items[0]).toHaveProperty('raw', '{"patient":"Maria Ruiz"');
  });

  it('summarises counts for the console', async () => {
    const res = await get<Obj>('/api/summary', 'read_only');
    expect(res.body).toMatchObject({
      events: { ehr_access: 2, authentication: 1 },
      deadLetters: { not_json: 1, bad_time: 1 },
      alerts: { ehr_privacy: 1, identity: 1 },
      context: { patient: 1, practitioner: 1, location: 1 },
      alertsByStatus: { open: 2, acknowledged: 0, closed: 0 },
      totals: { events: 3, deadLetters: 2, alerts: 2, context: 3 },
    });
  });

  it('exposes Prometheus text metrics to any token, with the live provider lines', async () => {
    const res = await s.app.inject({ url: '/metrics', headers: s.as('read_only') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(text).toContain('# TYPE ward_events_stored gauge');
    expect(text).toContain('ward_events_stored{class="ehr_access"} 2');
    expect(text).toContain('ward_dead_letters_stored{reason="bad_time"} 1');
    expect(text).toContain('ward_alerts_stored{category="identity"} 1');
    expect(text).toContain('ward_alerts_by_status{status="open"} 2');
    expect(text).toContain('ward_live_lag_seconds 1.5\n');
    // Every line is a comment or `name{labels} value`.
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|[a-z_]+(\{[a-z_]+="[^"]*"\})? -?[\d.e+]+)$/);
    }
  });
});

describe('alert triage', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('acknowledges, assigns and closes with a verdict, recording who did it', async () => {
    const post = (url: string, role: 'analyst' | 'privacy_officer', payload?: object) =>
      s.app.inject({ method: 'POST', url, headers: s.as(role), ...(payload ? { payload } : {}) });

    const ack = await post('/api/alerts/al-1/ack', 'analyst');
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ id: 'al-1', status: 'acknowledged', assignee: 't-analyst' });

    const assign = await post('/api/alerts/al-1/assign', 'analyst', { assignee: 'privacy-team' });
    expect(assign.json()).toMatchObject({ status: 'acknowledged', assignee: 'privacy-team' });

    const close = await post('/api/alerts/al-1/close', 'privacy_officer', {
      verdict: 'true_positive',
      comment: 'confirmed with the unit manager',
    });
    expect(close.statusCode).toBe(200);
    expect(close.json()).toMatchObject({
      status: 'closed',
      verdict: 'true_positive',
      comment: 'confirmed with the unit manager',
    });

    const detail = await s.app.inject({ url: '/api/alerts/al-1', headers: s.as('read_only') });
    const body = detail.json<{ alert: Obj; history: Obj[] }>();
    expect(body.alert).toMatchObject({
      status: 'closed',
      assignee: 'privacy-team',
      verdict: 'true_positive',
    });
    expect(body.history).toEqual([
      expect.objectContaining({ by: 't-analyst', action: 'acknowledge', assignee: 't-analyst' }),
      expect.objectContaining({ by: 't-analyst', action: 'assign', assignee: 'privacy-team' }),
      expect.objectContaining({ by: 't-privacy_officer', action: 'close', verdict: 'true_positive' }),
    ]);
    const list = await s.app.inject({ url: '/api/alerts?status=closed', headers: s.as('read_only') });
    expect(list.json<PageBody<Obj>>().items.map((a) => a.id)).toEqual(['al-1']);

    const again = await post('/api/alerts/al-1/ack', 'analyst');
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: Obj }>().error.code).toBe('conflict');

    const badVerdict = await post('/api/alerts/al-2/close', 'analyst', { verdict: 'maybe' });
    expect(badVerdict.statusCode).toBe(400);
    expect(badVerdict.json<{ error: Obj }>().error).toMatchObject({ code: 'bad_request' });
    expect(String(badVerdict.json<{ error: Obj }>().error.message)).toContain('verdict');

    const missing = await post('/api/alerts/nope/assign', 'analyst', { assignee: 'x' });
    expect(missing.statusCode).toBe(404);
  });
});
