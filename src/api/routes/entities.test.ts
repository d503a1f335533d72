import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../test/fixtures/api/seed.js';
import type { TestServer } from '../../../test/fixtures/api/seed.js';

type Obj = Record<string, unknown>;
const HOUR = 3_600_000;
const NOW = Date.now();
const USER = 'HOSP\\ana/ruiz';

describe('entity routes', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
    const w = s.store.writer();
    // A user with a week of morning logons from one workstation, then a new address in the last hour.
    for (let d = 2; d <= 8; d++) {
      w.addEvent({
        id: `logon-${d}`,
        source: 'win.json',
        format: 'windows-event',
        class: 'authentication',
        time: NOW - d * 24 * HOUR,
        user: USER,
        srcIp: '10.1.1.10',
        host: 'WS-10',
        outcome: 'success',
      });
    }
    w.addEvent({
      id: 'logon-new',
      source: 'win.json',
      format: 'windows-event',
      class: 'authentication',
      time: NOW - 30 * 60_000,
      user: USER,
      srcIp: '203.0.113.7',
      host: 'WS-10',
      outcome: 'success',
      attrs: { patientName: 'Maria Ruiz' },
    });
    const alert = (
      id: string,
      ageH: number,
      score: number,
      severity: 'medium' | 'high',
      entities: Record<string, string>,
    ) => ({
      id,
      time: new Date(NOW - ageH * HOUR).toISOString(),
      detector: 'auth.new_network',
      category: 'identity' as const,
      severity,
      score,
      title: `alert ${id}`,
      reasons: ['a reason'],
      entities,
      events: ['logon-new'],
      attack: ['T1078'],
    });
    w.addAlert(alert('r-1', 1, 80, 'high', { user: USER, srcIp: '203.0.113.7', host: 'WS-10' }));
    w.addAlert(alert('r-2', 30, 75, 'high', { user: USER, host: 'WS-10' }));
    w.addAlert(alert('r-3', 2, 55, 'medium', { user: 'bob', srcIp: '10.1.1.10' }));
    await w.flush();
  });
  afterAll(async () => {
    await s.close();
  });

  const get = async (
    url: string,
    role: 'admin' | 'analyst' | 'read_only' | 'privacy_officer' = 'read_only',
  ) => {
    const res = await s.app.inject({ url, headers: s.as(role) });
    return { status: res.statusCode, body: res.json<Obj>(), headers: res.headers };
  };
  const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

  it('ranks entities by decayed risk, by kind or across kinds', async () => {
    const users = await get('/api/entities/top?kind=user');
    expect(users.status).toBe(200);
    const items = users.body.items as Obj[];
    expect(items.map((i) => i.id)).toEqual([USER, 'bob']);
    expect(items[0]).toMatchObject({ kind: 'user', alerts: 2, severity: 'critical' });
    expect(items[0]).not.toHaveProperty('contributions');
    const ips = (await get('/api/entities/top?kind=ip&limit=1')).body.items as Obj[];
    expect(ips).toEqual([expect.objectContaining({ kind: 'ip', id: '203.0.113.7' })]);
    const all = (await get('/api/entities/top')).body.items as Obj[];
    expect(new Set(all.map((i) => i.kind))).toEqual(new Set(['user', 'ip', 'host']));
    // Seed alerts from March 2026 count when asked as of then.
    const then = (await get('/api/entities/top?kind=user&at=2026-03-05T00:00:00Z')).body.items as Obj[];
    expect(then.map((i) => i.id)).toEqual(['Practitioner/p123', 'jdoe']);
  });

  it('explains a risk score by its alerts, newest first, with 30 days of history', async () => {
    const r = await get(`/api/entities/risk?${q({ kind: 'user', id: USER })}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'user', id: USER, alerts: 2 });
    const c = r.body.contributions as Obj[];
    expect(c.map((x) => x.alertId)).toEqual(['r-1', 'r-2']);
    expect(c[0]).toMatchObject({ detector: 'auth.new_network', title: 'alert r-1', points: 80 });
    expect(r.body.history).toHaveLength(30);
    const host = await get(`/api/entities/risk?${q({ kind: 'host', id: 'WS-10' })}`);
    expect(host.body.alerts).toBe(2);
  });

  it('answers 404 for an unknown entity and a zero score for a known one without alerts', async () => {
    const none = await get(`/api/entities/risk?${q({ kind: 'user', id: 'nobody' })}`);
    expect(none.status).toBe(404);
    expect((none.body.error as Obj).code).toBe('not_found');
    // 10.1.1.10 is an IP (events, alert r-3) but not a user.
    expect((await get(`/api/entities/risk?${q({ kind: 'user', id: '10.1.1.10' })}`)).status).toBe(404);
    const quiet = await get(`/api/entities/risk?${q({ kind: 'user', id: 'jdoe' })}`);
    expect(quiet.status).toBe(200);
    expect(quiet.body).toMatchObject({ score: 0, alerts: 0, contributions: [] });
    const empty = await get(
      `/api/entities/timeline?${q({ kind: 'user', id: 'jdoe', from: new Date(NOW - HOUR).toISOString() })}`,
    );
    expect(empty).toMatchObject({ status: 200, body: { items: [] } });
    expect((await get(`/api/entities/baseline?${q({ kind: 'device', id: 'pump-9' })}`)).status).toBe(404);
  });

  it('validates kind, id and ranges', async () => {
    for (const url of [
      '/api/entities/risk?kind=planet&id=x',
      '/api/entities/risk?kind=user',
      '/api/entities/risk?kind=user&id=',
      `/api/entities/risk?kind=user&id=${'x'.repeat(501)}`,
      '/api/entities/top?limit=0',
      '/api/entities/baseline?kind=user&id=x&days=91',
      '/api/entities/timeline?kind=user&id=x&from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z',
      '/api/entities/risk?kind=user&id=x&extra=1',
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect((r.body.error as Obj).code).toBe('bad_request');
    }
  });

  it('needs a token, and every role may read', async () => {
    const anon = await s.app.inject({ url: '/api/entities/top' });
    expect(anon.statusCode).toBe(401);
    for (const role of ['admin', 'analyst', 'privacy_officer', 'read_only'] as const) {
      expect((await get('/api/entities/top', role)).status).toBe(200);
    }
  });

  it('gives a timeline of events and alerts newest first, names masked by role', async () => {
    const r = await get(`/api/entities/timeline?${q({ kind: 'user', id: USER, limit: '4' })}`, 'analyst');
    const items = r.body.items as Obj[];
    expect(items.map((i) => i.type)).toEqual(['event', 'alert', 'alert', 'event']);
    expect((items[0]?.event as Obj).id).toBe('logon-new');
    expect(((items[0]?.event as Obj).attrs as Obj).patientName).toBe('M. R.');
    expect(items[1]).toMatchObject({ type: 'alert', points: 80, alert: { id: 'r-1', status: 'open' } });
    const times = items.map((i) => Date.parse(i.time as string));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const po = await get(
      `/api/entities/timeline?${q({ kind: 'user', id: USER, limit: '1' })}`,
      'privacy_officer',
    );
    expect((((po.body.items as Obj[])[0]?.event as Obj).attrs as Obj).patientName).toBe('Maria Ruiz');
    const ip = await get(`/api/entities/timeline?${q({ kind: 'ip', id: '10.1.1.10' })}`);
    expect((ip.body.items as Obj[]).map((i) => i.type).filter((t) => t === 'event')).toHaveLength(7);
  });

  it('draws the baseline: usual hours and addresses beside the last 24 h, and what is new', async () => {
    const r = await get(`/api/entities/baseline?${q({ kind: 'user', id: USER, days: '14' })}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'user', id: USER, days: 14 });
    expect(r.body.hours).toHaveLength(168);
    expect(r.body.today).toHaveLength(24);
    expect((r.body.today as number[]).reduce((a, b) => a + b, 0)).toBe(1);
    expect((r.body.hours as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(7 / 2, 1);
    expect(r.body.usual).toEqual(
      expect.arrayContaining([
        { field: 'srcIp', value: '10.1.1.10', share: 1 },
        { field: 'host', value: 'WS-10', share: 1 },
      ]),
    );
    expect(r.body.new).toEqual([{ field: 'srcIp', value: '203.0.113.7', count: 1 }]);
    expect(r.headers['x-ward-capped']).toBeUndefined();
    // The seeded March events, seen as of that day.
    const then = await get(
      `/api/entities/baseline?${q({ kind: 'ip', id: '10.0.0.9', at: '2026-03-04T11:00:00Z' })}`,
    );
    expect((then.body.today as number[]).reduce((a, b) => a + b, 0)).toBe(1);
    expect(then.body.new).toEqual([{ field: 'user', value: 'jdoe', count: 1 }]);
  });
});
