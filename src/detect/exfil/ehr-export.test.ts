import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { DAY_MS, ev, HOUR_MS, runFamily, T0 } from './events.fixture.js';

const exp = (t: number, user: string, records?: number, action = 'export'): WardEvent =>
  ev(t, {
    class: action === 'export' ? 'data_transfer' : 'ehr_access',
    action,
    user,
    resource: 'DocumentReference/report',
    ...(records !== undefined ? { attrs: { records: String(records) } } : {}),
  });
const alerts = (events: WardEvent[]) => runFamily(events).filter((a) => a.detector === 'exfil.ehr_export');

describe('exfil.ehr_export', () => {
  it('learns a nightly integration export and flags a first large export by a person', () => {
    const nightly = [0, 1, 2, 3].map((d) =>
      exp(T0 + d * DAY_MS + 2 * HOUR_MS, 'svc-integration', 20_000 + d * 500),
    );
    const got = alerts([...nightly, exp(T0 + 2 * DAY_MS + 10 * HOUR_MS, 'Practitioner/pr-0042', 5000)]);
    expect(got.map((a) => a.entities.user)).toEqual(['Practitioner/pr-0042']);
    expect(got[0]?.reasons[1]).toBe('this user never exported records before in the observed history');
    expect(got[0]?.score).toBe(70);
  });

  it('sums a day of smaller exports and large query results; exports without a count count one', () => {
    const day = T0 + DAY_MS + 9 * HOUR_MS;
    const small = [exp(day, 'u1', 400), exp(day + HOUR_MS, 'u1', 400)];
    expect(alerts([exp(T0, 'x', 1), ...small])).toEqual([]);
    expect(alerts([exp(T0, 'x', 1), ...small, exp(day + 2 * HOUR_MS, 'u1', 300, 'query')])).toHaveLength(1);
    const uncounted = Array.from({ length: 20 }, (_, k) => exp(day + k * 60_000, 'u2'));
    expect(alerts([exp(T0, 'x', 1), ...uncounted])).toEqual([]);
  });
});
