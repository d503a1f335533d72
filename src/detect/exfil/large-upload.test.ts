import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { conn, DAY_MS, HOUR_MS, runFamily, T0 } from './events.fixture.js';

const GB = 1e9;
const MB = 1e6;
const large = (events: WardEvent[]) => runFamily(events).filter((a) => a.detector === 'exfil.large_upload');

describe('exfil.large_upload', () => {
  it('judges a heavy uploader against its own history: 2.5 GB is normal, 20 GB is not', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 6; d++)
      events.push(conn(T0 + d * DAY_MS + 10 * HOUR_MS, '10.20.23.2', '198.51.100.20', 2 * GB));
    events.push(conn(T0 + 6 * DAY_MS + 10 * HOUR_MS, '10.20.23.2', '198.51.100.20', 2.5 * GB));
    expect(large(events)).toEqual([]);
    events.push(conn(T0 + 7 * DAY_MS + 10 * HOUR_MS, '10.20.23.2', '198.51.100.20', 20 * GB));
    const [a, ...rest] = large(events);
    expect(rest).toEqual([]);
    expect(a?.reasons[1]).toMatch(/usual daily upload is 2\.\d GB \(p95 \d+\.\d GB, 7 days of history\)/);
    expect(a?.attack).toEqual(['T1567']);
  });

  it('holds a host without history against its /24 peers, above the 500 MB floor', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 3; d++)
      for (let h = 2; h < 9; h++)
        events.push(conn(T0 + d * DAY_MS + 9 * HOUR_MS, `10.20.25.${h}`, '52.96.0.10', 10 * MB));
    events.push(conn(T0 + 3 * DAY_MS + 9 * HOUR_MS, '10.20.25.50', '52.96.0.10', 400 * MB));
    expect(large(events)).toEqual([]);
    events.push(conn(T0 + 3 * DAY_MS + 9 * HOUR_MS, '10.20.25.51', '52.96.0.10', 600 * MB, 22));
    const [a] = large(events);
    expect(a?.entities).toMatchObject({ srcIp: '10.20.25.51', dstIp: '52.96.0.10' });
    expect(a?.reasons).toContain(
      'no earlier upload to the internet from this address in the observed history',
    );
    expect(a?.reasons[2]).toMatch(/^peers in 10\.20\.25\.0\/24: usual 10 MB a day/);
    expect(a?.attack).toEqual(['T1048']);
  });

  it('ignores internal transfers, inbound traffic and the learning day', () => {
    expect(
      large([
        conn(T0 + HOUR_MS, '10.0.0.20', '10.0.0.70', 80 * GB, 873),
        conn(T0 + 2 * HOUR_MS, '10.0.0.20', '203.0.113.9', 5 * GB),
        conn(T0 + DAY_MS + HOUR_MS, '10.0.0.20', '10.0.0.70', 80 * GB, 873),
        conn(T0 + DAY_MS + 2 * HOUR_MS, '203.0.113.9', '10.0.0.20', 5 * GB),
      ]),
    ).toEqual([]);
  });

  it('does not learn an alerted day: the same exfiltration the next day alerts again', () => {
    const events = [conn(T0, '10.20.11.5', '52.96.0.10', 5 * MB)];
    for (let d = 1; d < 4; d++)
      events.push(conn(T0 + d * DAY_MS + 9 * HOUR_MS, '10.20.11.5', '52.96.0.10', 5 * MB));
    events.push(conn(T0 + 4 * DAY_MS + 9 * HOUR_MS, '10.20.11.5', '203.0.113.7', 3 * GB));
    events.push(conn(T0 + 5 * DAY_MS + 9 * HOUR_MS, '10.20.11.5', '203.0.113.7', 3 * GB));
    expect(large(events).map((a) => a.time.slice(0, 10))).toEqual(['2026-03-06', '2026-03-07']);
  });
});
