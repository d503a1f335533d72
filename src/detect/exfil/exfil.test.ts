import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../../model/index.js';
import { createExfiltration } from './index.js';
import { exfilCorpus } from './scenarios.js';

const T0 = Date.UTC(2026, 2, 2);

function run(events: WardEvent[], config?: unknown): Alert[] {
  const fam = createExfiltration(config);
  const alerts: Alert[] = [];
  for (const e of events) fam.handle(e, (a) => alerts.push(a));
  fam.finish((a) => alerts.push(a));
  return alerts;
}

describe('exfiltration family on the hand-built corpus', () => {
  const alerts = run(exfilCorpus(T0));
  const by = (id: string) => alerts.filter((a) => a.detector === id);

  it('raises exactly the injected cases', () => {
    expect(alerts.map((a) => [a.detector, a.entities.user ?? a.entities.srcIp]).sort()).toEqual(
      [
        ['exfil.ehr_export', 'Practitioner/pr-0042'],
        ['exfil.large_upload', 'mjones'],
        ['exfil.new_external_destination', 'mjones'],
        ['exfil.new_external_destination', 'tsilva'],
        ['exfil.removable_media', 'mjones'],
      ].sort(),
    );
  });

  it('large upload: names the volume, the own history, the peers and how the user was attributed', () => {
    const [a] = by('exfil.large_upload');
    expect(a).toMatchObject({
      category: 'exfiltration',
      entities: { user: 'mjones', srcIp: '10.20.25.7', dstIp: '203.0.113.7' },
      attack: ['T1567'],
    });
    expect(a?.reasons[0]).toContain('sent 714 MB to the internet on 2026-03-04 (UTC) in 5 connections');
    expect(a?.reasons[0]).toContain('203.0.113.7 is a destination no host here used before');
    expect(a?.reasons[1]).toMatch(/usual daily upload is \d+ MB \(p95 \d+ MB, 2 days of history\)/);
    expect(a?.reasons.some((r) => r.startsWith('attribution: mjones logged on from 10.20.25.7'))).toBe(true);
  });

  it('new destination: the laptop user is found through the DHCP lease covering the time, not yesterday’s', () => {
    const a = by('exfil.new_external_destination').find((x) => x.entities.srcIp === '10.40.1.23');
    expect(a?.entities).toMatchObject({ user: 'tsilva', host: 'lt-bill-031', dstIp: '192.0.2.44' });
    expect(a?.reasons.join(' ')).toContain('10.40.1.23 was leased by DHCP to lt-bill-031');
    expect(a?.reasons[0]).toContain('sent 300 MB to 192.0.2.44 port 443 in 2 connections');
  });

  it('removable media and EHR export say what was normal before', () => {
    const usb = by('exfil.removable_media')[0];
    expect(usb?.reasons[0]).toContain(
      'mjones had written 50 files to removable media on ws-bill-007 by 2026-03-04T17:05Z',
    );
    expect(usb?.reasons[1]).toBe('this user never wrote to removable media before in the observed history');
    expect(usb?.reasons.some((r) => r.includes('SanDisk Ultra USB Device (DiskDrive)'))).toBe(true);
    expect(usb?.attack).toEqual(['T1052.001']);
    const exp = by('exfil.ehr_export')[0];
    expect(exp?.reasons[0]).toContain('exported 18,250 records from the EHR');
    expect(exp?.attack).toEqual(['T1213']);
  });

  it('stays quiet during the learning day and for the look-alikes', () => {
    for (const a of alerts) expect(Date.parse(a.time)).toBeGreaterThanOrEqual(T0 + 24 * 3_600_000);
    expect(alerts.some((a) => a.entities.user === 'rlee' || a.entities.srcIp === '10.20.23.2')).toBe(false);
    expect(alerts.some((a) => a.entities.user === 'svc-integration' || a.entities.user === 'aking')).toBe(
      false,
    );
  });

  it('a higher floor silences the workstation upload', () => {
    const quiet = run(exfilCorpus(T0), { uploadMinBytes: 5e9, newDestinationBytes: 5e9 });
    expect(
      quiet.filter((a) => a.detector !== 'exfil.removable_media' && a.detector !== 'exfil.ehr_export'),
    ).toEqual([]);
  });

  it('gives the same alerts after a snapshot and restore', () => {
    const events = exfilCorpus(T0);
    const cut = Math.floor(events.length * 0.6);
    const first = createExfiltration();
    const got: Alert[] = [];
    for (const e of events.slice(0, cut)) first.handle(e, (a) => got.push(a));
    const second = createExfiltration();
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    for (const e of events.slice(cut)) second.handle(e, (a) => got.push(a));
    expect(got).toEqual(alerts);
  });
});
