import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../model/index.js';
import { baselineWindows, computeBaseline, hourOfWeek } from './baseline.js';

// A Wednesday, 12:30 UTC.
const NOW = Date.parse('2026-03-04T12:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function ev(time: number, extra: Partial<WardEvent> = {}): WardEvent {
  return {
    id: `e${time}`,
    source: 's',
    format: 'f',
    class: 'authentication',
    time,
    outcome: 'success',
    user: 'u',
    ...extra,
  };
}

describe('baseline', () => {
  it('numbers hours of the week from Monday 00:00 UTC', () => {
    expect(hourOfWeek(Date.parse('2026-03-02T00:10:00Z'))).toBe(0);
    expect(hourOfWeek(Date.parse('2026-03-04T12:30:00Z'))).toBe(2 * 24 + 12);
    expect(hourOfWeek(Date.parse('2026-03-08T23:59:00Z'))).toBe(167);
  });

  it('averages the hour-of-week over the window and counts the last 24 h per hour', () => {
    const { todayFrom } = baselineWindows(NOW, 28);
    expect(new Date(todayFrom).toISOString()).toBe('2026-03-03T13:00:00.000Z');
    const events: WardEvent[] = [];
    // Every weekday 09:00 UTC for four weeks before today, two events; one at 03:00 on one Sunday.
    for (let d = 1; d <= 28; d++) {
      const day = Date.parse('2026-03-03T09:15:00Z') - d * DAY;
      const wd = new Date(day).getUTCDay();
      if (wd !== 0 && wd !== 6)
        events.push(
          ev(day, { srcIp: '10.0.0.5', host: 'ws1' }),
          ev(day + 60_000, { srcIp: '10.0.0.5', host: 'ws1' }),
        );
    }
    events.push(ev(Date.parse('2026-02-22T03:05:00Z'), { srcIp: '10.0.0.6', host: 'ws1' }));
    // Today: 3 events in the current hour from a new address, one at 14:00 yesterday (index 1).
    events.push(
      ev(NOW - 60_000, { srcIp: '203.0.113.9', host: 'ws1' }),
      ev(NOW - 120_000, { srcIp: '203.0.113.9', host: 'ws1' }),
    );
    events.push(ev(NOW - 10, { srcIp: '203.0.113.9', host: 'ws1', count: 1 }));
    events.push(ev(Date.parse('2026-03-03T14:20:00Z'), { srcIp: '10.0.0.5', host: 'ws1' }));
    // Too old for the window.
    events.push(ev(NOW - 40 * DAY, { srcIp: '10.9.9.9' }));
    const b = computeBaseline('user', 'u', events, NOW, 28);
    expect(b.hours).toHaveLength(168);
    expect(b.today).toHaveLength(24);
    expect(b.hours[9]).toBe(2); // Monday 09:00: two events each of the four Mondays
    expect(b.hours[6 * 24 + 3]).toBe(0.25); // Sunday 03:00: one event over four Sundays
    expect(b.hours[5 * 24 + 9]).toBe(0); // Saturday
    expect(b.today[23]).toBe(3);
    expect(b.today[1]).toBe(1);
    expect(b.today.reduce((a, c) => a + c, 0)).toBe(4);
    expect(b.usual).toContainEqual({ field: 'host', value: 'ws1', share: 1 });
    expect(b.usual.find((u) => u.value === '10.0.0.5')?.share).toBe(0.974); // 38 of 39: Feb 3 09:15 falls before the window
    expect(b.usual.some((u) => u.field === 'user')).toBe(false);
    expect(b.new).toEqual([{ field: 'srcIp', value: '203.0.113.9', count: 3 }]);
  });

  it('lists the patient units a user usually touches when context gives them, and usual peers of a host', () => {
    const t = NOW - 3 * DAY;
    const events = [
      ev(t, { patient: 'Patient/1', host: 'h1' }),
      ev(t + 1, { patient: 'Patient/2', host: 'h1', user: 'v' }),
    ];
    const unitOf = (p: string): string | undefined => (p === 'Patient/1' ? 'icu' : undefined);
    const b = computeBaseline('user', 'u', events, NOW, 30, unitOf);
    expect(b.usual).toContainEqual({ field: 'patientUnit', value: 'icu', share: 0.5 });
    const h = computeBaseline('host', 'h1', events, NOW, 30);
    expect(h.usual.filter((u) => u.field === 'user').map((u) => u.value)).toEqual(['u', 'v']);
    expect(h.usual.some((u) => u.field === 'host')).toBe(false);
  });

  it('gives zeros and no values for an entity without events', () => {
    const b = computeBaseline('device', 'pump-1', [], NOW, 7);
    expect(b).toMatchObject({ kind: 'device', id: 'pump-1', days: 7, usual: [], new: [] });
    expect(b.hours.every((x) => x === 0)).toBe(true);
  });
});
