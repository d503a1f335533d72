/**
 * Regular traffic of medical devices and infrastructure, and the hospital's ADT feed: what runs without
 * anyone logging on.
 */
import type { Encounter } from './care.js';
import type { Emit } from './emit.js';
import type { Random } from './random.js';
import { SERVERS, type World } from './world.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MIN = 60_000;

/** Devices: pumps report to their gateway, monitors stream to the central station, modalities send to PACS. */
export function deviceDay(rng: Random, world: World, emit: Emit, dayStart: number): void {
  for (const d of world.devices) {
    switch (d.kind) {
      case 'infusion_pump':
        for (let t = dayStart + rng.int(0, 29) * MIN; t < dayStart + DAY; t += 30 * MIN) {
          emit.conn(t, {
            origH: d.ip,
            respH: SERVERS.pumpServer.ip,
            respP: 443,
            proto: 'tcp',
            service: 'ssl',
            duration: 0.8 + rng.next(),
            origBytes: rng.int(1800, 2600),
            respBytes: rng.int(600, 900),
          });
          emit.buf.add('telemetry', t + 200, {
            deviceId: d.id,
            type: d.kind,
            metrics: {
              rateMlH: Math.round(rng.normal(60, 10)),
              volumeRemainingMl: rng.int(20, 900),
              occlusion: 0,
              battery: rng.int(40, 100),
            },
          });
        }
        break;
      case 'patient_monitor':
        for (let t = dayStart + rng.int(0, 59) * MIN; t < dayStart + DAY; t += HOUR) {
          emit.conn(t, {
            origH: d.ip,
            respH: SERVERS.centralStation.ip,
            respP: 2575,
            proto: 'tcp',
            duration: 3599,
            origBytes: rng.int(4e5, 6e5),
            respBytes: rng.int(2e4, 4e4),
          });
          emit.buf.add('telemetry', t + 500, {
            deviceId: d.id,
            type: d.kind,
            metrics: {
              hr: Math.round(rng.normal(78, 9)),
              spo2: Math.min(100, Math.round(rng.normal(96, 1.5))),
              nibpSys: Math.round(rng.normal(124, 12)),
              resp: Math.round(rng.normal(16, 2)),
            },
          });
        }
        break;
      case 'imaging_modality':
        for (let k = rng.int(8, 16); k > 0; k--) {
          const t = dayStart + rng.int(6, 22) * HOUR + rng.int(0, 59) * MIN;
          emit.conn(t, {
            origH: d.ip,
            respH: SERVERS.pacs.ip,
            respP: 104,
            proto: 'tcp',
            service: 'dicom',
            duration: rng.int(20, 180),
            origBytes: rng.int(5e7, 6e8),
            respBytes: rng.int(2e3, 2e4),
          });
        }
        break;
      case 'lab_analyzer':
        for (let t = dayStart + rng.int(0, 14) * MIN; t < dayStart + DAY; t += 15 * MIN) {
          emit.conn(t, {
            origH: d.ip,
            respH: SERVERS.hl7Engine.ip,
            respP: 2575,
            proto: 'tcp',
            duration: 0.4,
            origBytes: rng.int(900, 3000),
            respBytes: rng.int(60, 120),
          });
        }
        break;
      default: {
        const never: never = d.kind;
        throw new Error(`unhandled device ${String(never)}`);
      }
    }
  }
  // The HL7 engine forwards results to the EHR; PACS serves studies to reading workstations (DICOM 11112).
  for (let h = 0; h < 24; h++) {
    emit.conn(dayStart + h * HOUR + rng.int(0, 59) * MIN, {
      origH: SERVERS.hl7Engine.ip,
      respH: SERVERS.ehr.ip,
      respP: 2575,
      proto: 'tcp',
      duration: 3600,
      origBytes: rng.int(2e5, 9e5),
      respBytes: rng.int(1e4, 4e4),
    });
    if (h >= 7 && h < 20) {
      const reader = rng.pick(
        world.staff.filter((s) => s.role === 'radiology_tech' || s.role === 'physician'),
      );
      emit.conn(dayStart + h * HOUR + rng.int(0, 59) * MIN, {
        origH: reader.workstation.ip,
        respH: SERVERS.pacs.ip,
        respP: 11112,
        proto: 'tcp',
        service: 'dicom',
        duration: rng.int(10, 120),
        origBytes: rng.int(3e3, 3e4),
        respBytes: rng.int(2e7, 3e8),
      });
    }
  }
}

/** The ADT feed for encounters inside the period: A01/A04 on arrival, A02 on transfer, A03 on discharge, some A08. */
export function adtFeed(rng: Random, world: World, encounters: Encounter[], emit: Emit): void {
  const end = world.start + world.days * DAY;
  for (const e of encounters) {
    if (e.start < world.start - DAY || e.start >= end) continue;
    const sep = rng.chance(0.5) ? '\r' : '\n';
    const base = {
      patient: e.patient.id,
      encounter: e.id,
      attending: e.attending.id,
      admit: e.start,
      sep,
    } as const;
    const pc = e.cls === 'IMP' ? 'I' : e.cls === 'EMER' ? 'E' : 'O';
    emit.buf.add('adt', e.start, {
      ...base,
      trigger: e.cls === 'IMP' ? 'A01' : 'A04',
      patientClass: pc,
      dept: e.dept.code,
    });
    if (e.transfer && e.transfer.time < end)
      emit.buf.add('adt', e.transfer.time, {
        ...base,
        trigger: 'A02',
        patientClass: pc,
        dept: e.transfer.dept.code,
        priorDept: e.dept.code,
      });
    if (rng.chance(0.1))
      emit.buf.add('adt', e.start + 30 * MIN, {
        ...base,
        trigger: 'A08',
        patientClass: pc,
        dept: e.dept.code,
      });
    if (e.end < end)
      emit.buf.add('adt', e.end, {
        ...base,
        trigger: 'A03',
        patientClass: pc,
        dept: (e.transfer?.dept ?? e.dept).code,
        discharge: e.end,
      });
  }
}
