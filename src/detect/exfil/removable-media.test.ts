import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { DAY_MS, ev, HOUR_MS, runFamily, T0 } from './events.fixture.js';

const write = (t: number, user: string, n: number): WardEvent[] =>
  Array.from({ length: n }, (_, k) =>
    ev(t + k * 2000, {
      class: 'data_transfer',
      action: 'removable_write',
      user: `RGH\\${user}`,
      host: 'ws-rad-002.rgh.local',
      resource: `E:\\study-${k}.dcm`,
    }),
  );
const usb = (events: WardEvent[]) => runFamily(events).filter((a) => a.detector === 'exfil.removable_media');
const start = [ev(T0, { class: 'network_flow', action: 'conn' })];

describe('exfil.removable_media', () => {
  it('alerts at 50 files for a user who never used removable media, naming the device', () => {
    const device = ev(T0 + DAY_MS + 9 * HOUR_MS, {
      class: 'data_transfer',
      action: 'device_connected',
      host: 'WS-RAD-002.rgh.local',
      resource: 'SanDisk Ultra USB Device',
      attrs: { deviceClass: 'DiskDrive' },
    });
    expect(usb([...start, device, ...write(T0 + DAY_MS + 10 * HOUR_MS, 'kchen', 40)])).toEqual([]);
    const [a] = usb([...start, device, ...write(T0 + DAY_MS + 10 * HOUR_MS, 'kchen', 60)]);
    expect(a?.entities).toEqual({ user: 'kchen', host: 'ws-rad-002' });
    expect(a?.reasons.at(-1)).toMatch(
      /^device: SanDisk Ultra USB Device \(DiskDrive\) recognised on ws-rad-002/,
    );
    expect(a?.events).toContain(device.id);
  });

  it('lets a user who copies many files every day keep doing so, and flags a multiple of it', () => {
    const days: WardEvent[] = [];
    for (let d = 0; d < 5; d++) days.push(...write(T0 + d * DAY_MS + 10 * HOUR_MS, 'imaging', 80));
    expect(usb([...days, ...write(T0 + 5 * DAY_MS + 10 * HOUR_MS, 'imaging', 120)])).toEqual([]);
    const [a] = usb([...days, ...write(T0 + 5 * DAY_MS + 10 * HOUR_MS, 'imaging', 600)]);
    expect(a?.reasons[1]).toMatch(/^this user usually writes 80 files a day to removable media/);
  });
});
