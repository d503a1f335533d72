/**
 * Benign data movement, so the exfiltration detectors are measured against the large transfers a hospital makes
 * every day: DHCP lease renewals of every workstation, nightly backups to the internal backup server, PACS
 * archiving to its cloud archive, the integration account's nightly EHR export, a radiology technologist's
 * daily teleradiology uploads, and a few staff copying a handful of documents to USB sticks. None of it is in the
 * truth: an alert on it is a false positive, as it would be in a real hospital.
 */
import { Emit, hashOf } from './emit.js';
import type { Random } from './random.js';
import type { RecordBuffer } from './record.js';
import { onShift, SERVERS, shiftStart, type World } from './world.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const GB = 1e9;
const MB = 1e6;

/** Internal backup server (rsync over tcp/873), the PACS cloud archive and the teleradiology reading service. */
export const BACKUP_SERVER = { host: 'backup01', ip: '10.0.0.70' };
export const PACS_ARCHIVE = '52.170.12.40';
export const TELERADIOLOGY = '198.51.100.20';
/** The integration engine's service account that runs the nightly extract. */
export const INTEGRATION_ACCOUNT = 'svc-integration';

/** A stable MAC for a host name (locally administered prefix 02:…). */
export function macOf(host: string): string {
  const h = hashOf(host).toString(16).padStart(6, '0');
  return `02:50:56:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

/** Emit the period's benign data movement. */
export function simulateDataMovement(rng: Random, world: World, buf: RecordBuffer): void {
  const emit = new Emit(buf, rng.fork('emit'));
  const active = world.staff.filter((s) => !s.dormant);
  const radiology = active.find((s) => s.role === 'radiology_tech');
  const usbUsers = rng.sample(active, Math.min(6, active.length));
  for (let day = 0; day < world.days; day++) {
    const d0 = world.start + day * DAY;
    // Workstations renew their (fixed) address every morning.
    for (const s of active) {
      const ws = s.workstation;
      emit.dhcpAck(d0 + 6 * HOUR + rng.int(0, 1800) * 1000, ws.ip, macOf(ws.host), ws.host);
    }
    // 01:00 backups to the internal backup server: large, but never leave the network.
    for (const src of [SERVERS.fileServer, SERVERS.ehr]) {
      emit.conn(d0 + HOUR + rng.int(0, 900) * 1000, {
        origH: src.ip,
        respH: BACKUP_SERVER.ip,
        respP: 873,
        proto: 'tcp',
        duration: rng.int(1800, 7200),
        origBytes: rng.int(40, 120) * GB,
        respBytes: rng.int(1, 9) * MB,
      });
    }
    // 03:00 PACS archives the day's studies to its cloud archive.
    for (let k = 0; k < 3; k++) {
      emit.conn(d0 + 3 * HOUR + k * 25 * MIN, {
        origH: SERVERS.pacs.ip,
        respH: PACS_ARCHIVE,
        respP: 443,
        proto: 'tcp',
        service: 'ssl',
        duration: rng.int(900, 1400),
        origBytes: rng.int(5, 12) * GB,
        respBytes: rng.int(2, 9) * MB,
      });
    }
    // 02:00 the integration account's nightly extract for the data warehouse.
    emit.ehrExport(
      d0 + 2 * HOUR + rng.int(0, 600) * 1000,
      INTEGRATION_ACCOUNT,
      SERVERS.hl7Engine.ip,
      'Group/all-inpatients/$export',
      rng.int(15_000, 25_000),
    );
    // The radiology technologist sends studies to the teleradiology service during the shift.
    if (radiology !== undefined && onShift(radiology, day, shiftStart(radiology.shift))) {
      const from = d0 + (shiftStart(radiology.shift) + 2) * HOUR;
      for (let k = rng.int(2, 4); k > 0; k--) {
        emit.conn(from + rng.int(0, 5 * 3600) * 1000, {
          origH: radiology.workstation.ip,
          respH: TELERADIOLOGY,
          respP: 443,
          proto: 'tcp',
          service: 'ssl',
          duration: rng.int(120, 900),
          origBytes: rng.int(300, 700) * MB,
          respBytes: rng.int(1, 5) * MB,
        });
      }
    }
    // A few people copy a handful of documents to a USB stick.
    for (const s of usbUsers) {
      const start = shiftStart(s.shift);
      if (!onShift(s, day, start) || !rng.chance(0.3)) continue;
      const t = d0 + (start + rng.int(1, 6)) * HOUR + rng.int(0, 3599) * 1000;
      emit.usbDevice(t, s.workstation.host, 'Kingston DataTraveler 3.0 USB Device');
      for (let k = rng.int(1, 12); k > 0; k--)
        emit.usbWrite(t + k * rng.int(5, 40) * 1000, s.user, s.workstation.host, `handover-${day}-${k}.docx`);
    }
  }
}
