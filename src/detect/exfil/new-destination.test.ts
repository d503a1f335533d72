import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { conn, DAY_MS, HOUR_MS, runFamily, T0 } from './events.fixture.js';

const MB = 1e6;
const fresh = (events: WardEvent[]) =>
  runFamily(events).filter((a) => a.detector === 'exfil.new_external_destination');

describe('exfil.new_external_destination', () => {
  const history = [
    conn(T0, '10.20.25.7', '52.96.0.10', 2 * MB),
    conn(T0 + 2 * HOUR_MS, '10.20.25.9', '151.101.1.69', 1 * MB),
  ];

  it('alerts once when a destination first seen after learning receives 250 MB within a day', () => {
    const a = fresh([
      ...history,
      conn(T0 + DAY_MS + 9 * HOUR_MS, '10.20.25.7', '192.0.2.44', 150 * MB),
      conn(T0 + DAY_MS + 9.5 * HOUR_MS, '10.20.25.7', '192.0.2.44', 150 * MB),
      conn(T0 + DAY_MS + 10 * HOUR_MS, '10.20.25.8', '192.0.2.44', 400 * MB),
    ]);
    expect(a).toHaveLength(1);
    expect(a[0]?.reasons[0]).toMatch(
      /^10\.20\.25\.7 \(10\.20\.25\.7\) sent 300 MB to 192\.0\.2\.44 port 443 in 2 connections within 30 min/,
    );
    expect(a[0]?.reasons[1]).toContain('this is the only source using it');
    expect(a[0]?.events).toHaveLength(2);
  });

  it('does not count destinations known from the learning period or older than a day', () => {
    expect(
      fresh([...history, conn(T0 + DAY_MS + 9 * HOUR_MS, '10.20.25.8', '151.101.1.69', 400 * MB)]),
    ).toEqual([]);
    expect(
      fresh([
        ...history,
        conn(T0 + DAY_MS + 9 * HOUR_MS, '10.20.25.7', '192.0.2.44', 1 * MB),
        conn(T0 + 2 * DAY_MS + 10 * HOUR_MS, '10.20.25.7', '192.0.2.44', 400 * MB),
      ]),
    ).toEqual([]);
  });
});
