/**
 * A hospital-scale EHR access dataset for `npm run bench:ehr`, written as a stream one day at a time so 2,000
 * staff, 50,000 patients and 30 days fit in a few hundred MB. The hospital (staff, patients, encounters with
 * their care teams) and every rendered resource come from the simulator (src/sim: FHIR Bulk context, IHE BALP
 * AuditEvents); only the access volume differs. `ward sim` lets every pharmacist, lab and radiology technician,
 * registration clerk and biller look at a share of *all* the hospital's visits, which is right for a 200-bed
 * test hospital but grows with staff × patients (about 6 million AuditEvents and 9 GB at this size). Here each
 * of them handles a shift's workload instead (tens of orders, arrivals or claims), while physicians and nurses
 * read their own patients' charts and cover for colleagues of their unit as in the simulator. A few unexplained
 * looks at random charts and break-glass overrides are mixed in so the detectors have something to find.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { buildEncounters, type Encounter } from '../src/sim/care.js';
import { auditEventLine } from '../src/sim/formats/fhir.js';
import { Random } from '../src/sim/random.js';
import { RecordBuffer, type AuditData } from '../src/sim/record.js';
import { contextFiles, DEFAULT_START, type Simulation } from '../src/sim/simulate.js';
import { buildWorld, onShift, shiftStart, type Department, type Staff } from '../src/sim/world.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN = 60_000;

/** Sizes of the dataset. */
export interface EhrDatasetOptions {
  seed: number;
  staff: number;
  patients: number;
  days: number;
}

/** What was written. */
export interface EhrDataset {
  context: { file: string; records: number }[];
  accesses: number;
}

/** Resource types each role reads (as the simulator's). */
const READS: Record<Staff['role'], readonly string[]> = {
  physician: ['Observation', 'Condition', 'MedicationRequest', 'DiagnosticReport', 'DocumentReference'],
  nurse: ['Observation', 'MedicationAdministration', 'CarePlan', 'Observation'],
  pharmacist: ['MedicationRequest', 'AllergyIntolerance'],
  lab_tech: ['ServiceRequest', 'Observation'],
  radiology_tech: ['ServiceRequest', 'ImagingStudy'],
  registration: ['Patient', 'Coverage'],
  billing: ['Claim', 'Procedure', 'Coverage'],
  it_admin: ['Patient'],
};

interface Pending {
  t: number;
  data: AuditData;
}

/** Write lines with backpressure, about 1 MB at a time. */
class LineWriter {
  private readonly out;
  private buf = '';
  lines = 0;
  constructor(path: string) {
    this.out = createWriteStream(path);
  }
  async write(line: string): Promise<void> {
    this.buf += line + '\n';
    this.lines++;
    if (this.buf.length > 1 << 20) {
      const ok = this.out.write(this.buf);
      this.buf = '';
      if (!ok) await once(this.out, 'drain');
    }
  }
  async close(): Promise<void> {
    this.out.end(this.buf);
    await once(this.out, 'finish');
  }
}

/** Write `context/*.ndjson` (FHIR Bulk) and `logs/audit-events.ndjson` under `dir`. */
export async function writeEhrDataset(opt: EhrDatasetOptions, dir: string): Promise<EhrDataset> {
  const root = new Random(opt.seed);
  const world = buildWorld(root.fork('world'), {
    staff: opt.staff,
    patients: opt.patients,
    days: opt.days,
    start: DEFAULT_START,
  });
  const encounters = buildEncounters(root.fork('care'), world);
  const sim: Simulation = {
    options: { ...opt, start: DEFAULT_START, scenarios: {} },
    world,
    encounters,
    extras: { relatedPersons: [], employeeOf: new Map(), extraEncounters: [], familyCount: 0 },
    records: new RecordBuffer(),
    instances: [],
  };
  await mkdir(join(dir, 'context'), { recursive: true });
  await mkdir(join(dir, 'logs'), { recursive: true });
  const context: EhrDataset['context'] = [];
  for (const [name, lines] of contextFiles(sim)) {
    const w = new LineWriter(join(dir, 'context', name));
    for (const l of lines) await w.write(l);
    await w.close();
    context.push({ file: name, records: w.lines });
  }

  // Who is listed on which encounters, and which encounters each department has, for the daily loops.
  const listed = new Map<Staff, Encounter[]>();
  const consults = new Map<Staff, Encounter[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    const l = m.get(k);
    if (l) l.push(v);
    else m.set(k, [v]);
  };
  for (const e of encounters) {
    push(listed, e.attending, e);
    for (const s of e.team) if (s !== e.attending) push(listed, s, e);
    if (e.consult) push(consults, e.consult, e);
  }

  const rng = root.fork('bench-accesses');
  const audit = new LineWriter(join(dir, 'logs', 'audit-events.ndjson'));
  const clinicians = world.staff.filter((s) => !s.dormant && (s.role === 'physician' || s.role === 'nurse'));
  let carry: Pending[] = [];
  for (let day = 0; day < opt.days; day++) {
    const dayStart = world.start + day * DAY;
    const dayEnd = dayStart + DAY;
    const active = encounters.filter((e) => e.start < dayEnd + 8 * HOUR && e.end > dayStart);
    const byDept = new Map<Department, Encounter[]>();
    for (const e of active) {
      push(byDept, e.dept, e);
      if (e.transfer && e.transfer.dept !== e.dept) push(byDept, e.transfer.dept, e);
    }
    const discharged = encounters.filter(
      (e) => e.end < dayStart && e.end > dayStart - 5 * DAY && e.cls !== 'AMB',
    );
    const today: Pending[] = [];
    const access = (
      t: number,
      s: Staff,
      patient: string,
      resource: string,
      purpose: AuditData['purpose'],
    ): void => {
      today.push({
        t: Math.round(t),
        data: {
          user: s.id,
          patient,
          purpose,
          action: resource === 'Observation' && s.role === 'nurse' ? 'C' : 'R',
          resource,
          ip: s.workstation.ip,
        },
      });
    };
    for (const s of world.staff) {
      if (s.dormant) continue;
      const startHour = shiftStart(s.shift);
      if (!onShift(s, day, startHour)) continue;
      const from = dayStart + startHour * HOUR + rng.int(-10, 15) * MIN;
      const to = from + 8 * HOUR;
      const live = (e: Encounter): boolean => e.start < to && e.end > from;
      const when = (e: Encounter): number =>
        Math.max(from, e.start) + rng.next() * (Math.min(to, e.end) - Math.max(from, e.start));
      const reads = READS[s.role];
      switch (s.role) {
        case 'physician':
        case 'nurse': {
          const mine = new Set<Encounter>();
          for (const e of listed.get(s) ?? []) {
            if (!live(e)) continue;
            mine.add(e);
            const purpose = e.cls === 'EMER' && rng.chance(0.2) ? 'ETREAT' : 'TREAT';
            for (let k = rng.int(3, 9); k > 0; k--)
              access(when(e), s, e.patient.id, rng.pick(reads), purpose);
          }
          // Covering: colleagues of the unit read charts they are not listed for (nights, weekends).
          for (const e of byDept.get(s.dept) ?? []) {
            if (mine.has(e) || !live(e) || !rng.chance(s.role === 'nurse' ? 0.25 : 0.12)) continue;
            for (let k = rng.int(1, 2); k > 0; k--)
              access(when(e), s, e.patient.id, rng.pick(reads), 'TREAT');
          }
          for (const e of consults.get(s) ?? [])
            if (live(e) && rng.chance(0.6))
              for (let k = rng.int(1, 2); k > 0; k--)
                access(when(e), s, e.patient.id, rng.pick(reads), 'TREAT');
          break;
        }
        case 'pharmacist':
        case 'lab_tech':
        case 'radiology_tech': {
          // A shift's worklist: orders of patients in hospital now.
          const now = active.filter(live);
          if (now.length === 0) break;
          const n = s.role === 'pharmacist' ? rng.int(25, 60) : rng.int(15, 40);
          for (let i = 0; i < n; i++) {
            const e = rng.pick(now);
            for (let k = rng.int(1, 3); k > 0; k--)
              access(when(e), s, e.patient.id, rng.pick(reads), 'TREAT');
          }
          break;
        }
        case 'registration': {
          const arrivals = active.filter((e) => e.start >= from && e.start < to);
          const p = Math.min(0.5, 30 / Math.max(1, arrivals.length));
          for (const e of arrivals)
            if (rng.chance(p))
              access(e.start + rng.int(1, 20) * MIN, s, e.patient.id, rng.pick(reads), 'HOPERAT');
          break;
        }
        case 'billing': {
          if (discharged.length === 0) break;
          for (let i = rng.int(20, 50); i > 0; i--)
            access(
              from + rng.next() * 8 * HOUR,
              s,
              rng.pick(discharged).patient.id,
              rng.pick(reads),
              'HPAYMT',
            );
          break;
        }
        case 'it_admin': {
          const first = active.find(live);
          if (day % 3 === 0 && first)
            access(from + rng.next() * 8 * HOUR, s, first.patient.id, 'Patient', 'HOPERAT');
          break;
        }
        default: {
          const never: never = s.role;
          throw new Error(`unhandled role ${String(never)}`);
        }
      }
    }
    // Unexplained: a few looks at random charts, and break-glass on patients not in the ED.
    for (let i = rng.int(5, 15); i > 0; i--) {
      const s = rng.pick(clinicians);
      const p = rng.pick(world.patients);
      access(
        dayStart + rng.next() * DAY,
        s,
        p.id,
        rng.pick(READS[s.role]),
        rng.chance(0.2) ? 'BTG' : 'TREAT',
      );
    }
    // Night shifts run into the next day: write what is before midnight, keep the rest for the next day.
    const all = carry.concat(today).sort((a, b) => a.t - b.t);
    const cut = day === opt.days - 1 ? all.length : all.findIndex((a) => a.t >= dayEnd);
    carry = cut < 0 ? [] : all.slice(cut);
    for (const a of cut < 0 ? all : all.slice(0, cut))
      await audit.write(auditEventLine(`ae-${audit.lines + 1}`, a.t, a.data));
  }
  await audit.close();
  return { context, accesses: audit.lines };
}
