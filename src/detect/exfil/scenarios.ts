/**
 * A small hand-built hospital day by day for the exfiltration tests and the detector conformance suite: normal
 * browsing, a teleradiology workstation's daily uploads, nightly backups to an internal server, the integration
 * account's nightly export and everyday USB use as look-alikes; from day 2 a workstation upload of 2 GB to a new
 * address, a laptop (DHCP, address reused from another laptop) sending 300 MB somewhere new, a clerk's 18,250-record
 * report export and 120 files copied to a USB disk.
 */
import type { WardEvent } from '../../model/index.js';
import { DAY, HOUR, MIN } from './common.js';

const MB = 1_000_000;

/** Events of the exfiltration corpus starting at `t0` (a midnight), in time order. */
export function exfilCorpus(t0: number): WardEvent[] {
  const out: WardEvent[] = [];
  let n = 0;
  const add = (time: number, f: Partial<WardEvent> & Pick<WardEvent, 'class'>): WardEvent => {
    n++;
    const e: WardEvent = {
      id: `x${n}`,
      source: 'exfil-corpus',
      format: 'test',
      time,
      outcome: 'success',
      ...f,
    };
    out.push(e);
    return e;
  };
  const logon = (t: number, user: string, host: string, ip: string): void => {
    add(t, { class: 'authentication', action: 'logon', user, host, srcIp: ip, logonType: 2 });
  };
  const conn = (t: number, src: string, dst: string, bytes: number, port = 443): void => {
    add(t, {
      class: 'network_flow',
      action: 'conn',
      srcIp: src,
      dstIp: dst,
      dstPort: port,
      bytesOut: bytes,
      bytesIn: 5000,
    });
  };
  for (let d = 0; d < 4; d++) {
    const day = t0 + d * DAY;
    // Office staff: logon, a little browsing.
    logon(day + 8 * HOUR, 'mjones', 'ws-bill-007', '10.20.25.7');
    logon(day + 8 * HOUR + MIN, 'aking', 'ws-bill-008', '10.20.25.8');
    logon(day + 8 * HOUR + 2 * MIN, 'rlee', 'ws-rad-002', '10.20.23.2');
    for (let k = 0; k < 4; k++) {
      conn(day + 9 * HOUR + k * HOUR, '10.20.25.7', '52.96.0.10', (2 + k) * MB);
      conn(day + 9 * HOUR + k * HOUR + 5 * MIN, '10.20.25.8', '52.96.0.10', (1 + k) * MB);
    }
    // Teleradiology: 1.5–2 GB a day to the reading service.
    conn(day + 10 * HOUR, '10.20.23.2', '198.51.100.20', (1500 + 150 * d) * MB);
    // Nightly backup to the internal backup server (not the internet).
    conn(day + 1 * HOUR, '10.0.0.20', '10.0.0.70', 80_000 * MB, 873);
    // Nightly integration export of ~20,000 records.
    add(day + 2 * HOUR, {
      class: 'data_transfer',
      action: 'export',
      user: 'svc-integration',
      resource: 'Group/all-inpatients/$export',
      attrs: { records: String(20_000 + d * 300) },
    });
    // Everyday USB use: a few documents.
    add(day + 11 * HOUR, {
      class: 'data_transfer',
      action: 'device_connected',
      host: 'ws-bill-008',
      resource: 'Kingston DataTraveler',
    });
    for (let k = 0; k < 3; k++)
      add(day + 11 * HOUR + k * MIN, {
        class: 'data_transfer',
        action: 'removable_write',
        user: 'RGH\\aking',
        host: 'ws-bill-008.rgh.local',
        resource: `E:\\minutes-${d}-${k}.docx`,
      });
  }
  const d2 = t0 + 2 * DAY;
  // Workstation exfiltration: three large uploads to an address nobody used.
  for (let k = 0; k < 3; k++) conn(d2 + 14 * HOUR + k * 20 * MIN, '10.20.25.7', '203.0.113.7', 700 * MB);
  // A laptop gets an address another laptop held yesterday, its user logs on, then 300 MB go somewhere new.
  add(t0 + DAY + 8 * HOUR, {
    class: 'network_flow',
    action: 'dhcp_lease',
    srcIp: '10.40.1.23',
    attrs: { clientHost: 'lt-bill-030', mac: '00:1b:63:84:45:e5', leaseSeconds: '28800' },
  });
  add(t0 + DAY + 8 * HOUR + MIN, {
    class: 'authentication',
    action: 'logon',
    user: 'RGH\\pnovak',
    host: 'lt-bill-030.rgh.local',
    logonType: 2,
  });
  add(d2 + 15 * HOUR, {
    class: 'network_flow',
    action: 'dhcp_lease',
    srcIp: '10.40.1.23',
    attrs: { clientHost: 'lt-bill-031', mac: '00:1b:63:84:45:e6', leaseSeconds: '28800' },
  });
  add(d2 + 15 * HOUR + MIN, {
    class: 'authentication',
    action: 'logon',
    user: 'RGH\\tsilva',
    host: 'lt-bill-031.rgh.local',
    logonType: 2,
  });
  for (let k = 0; k < 2; k++) conn(d2 + 16 * HOUR + k * 10 * MIN, '10.40.1.23', '192.0.2.44', 150 * MB);
  // A clerk's first export: an A/R aging report with demographics.
  add(d2 + 13 * HOUR, {
    class: 'data_transfer',
    action: 'export',
    user: 'Practitioner/pr-0042',
    srcIp: '10.20.25.7',
    resource: 'DocumentReference/report-ar-aging',
    message: 'Export',
    attrs: { records: '18250' },
  });
  // 120 files to a new USB disk.
  add(d2 + 17 * HOUR, {
    class: 'data_transfer',
    action: 'device_connected',
    host: 'ws-bill-007.rgh.local',
    resource: 'SanDisk Ultra USB Device',
    attrs: { deviceClass: 'DiskDrive' },
  });
  for (let k = 0; k < 120; k++)
    add(d2 + 17 * HOUR + MIN + k * 5000, {
      class: 'data_transfer',
      action: 'removable_write',
      user: 'RGH\\mjones',
      host: 'ws-bill-007.rgh.local',
      resource: `\\Device\\HarddiskVolume7\\claims\\claim-${k}.pdf`,
    });
  return out.sort((a, b) => a.time - b.time);
}
