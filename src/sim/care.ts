/**
 * Patient flow: encounters (inpatient stays with transfers, ED visits, outpatient visits) with their care
 * teams, spread over the simulated period, plus older encounters that ended before it (for "access long after
 * care ended").
 */
import type { Random } from './random.js';
import type { Department, Patient, Staff, World } from './world.js';

/** One encounter and the people caring for the patient during it. */
export interface Encounter {
  id: string;
  patient: Patient;
  cls: 'IMP' | 'EMER' | 'AMB';
  dept: Department;
  /** Department after a transfer, with the transfer time. */
  transfer?: { time: number; dept: Department };
  start: number;
  end: number;
  attending: Staff;
  /** Care team: nurses and a second physician. */
  team: Staff[];
  /** A consulting physician from another department, not listed on the encounter (an unexplained access). */
  consult?: Staff;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Staff of a department with a role. */
export function staffOf(world: World, dept: Department, roles: string[]): Staff[] {
  return world.staff.filter((s) => s.dept === dept && roles.includes(s.role) && !s.dormant);
}

/** Generate encounters: about one for every 3 patients, plus history before the period. */
export function buildEncounters(rng: Random, world: World): Encounter[] {
  const out: Encounter[] = [];
  const clinical = world.depts.filter((d) => d.clinical);
  const ed = clinical.find((d) => d.code === 'ED') ?? clinical[0];
  const physicians = world.staff.filter((s) => s.role === 'physician' && !s.dormant);
  const end = world.start + world.days * DAY;
  let n = 0;
  for (const patient of world.patients) {
    if (patient.deceased !== undefined) continue;
    // Past care: some patients were seen 200–400 days ago.
    const visits: number[] = [];
    if (rng.chance(0.15)) visits.push(world.start - rng.int(200, 400) * DAY);
    if (rng.chance(0.35)) visits.push(world.start - DAY + rng.next() * (world.days + 0.5) * DAY);
    for (const at of visits) {
      const r = rng.next();
      const cls: Encounter['cls'] = r < 0.35 ? 'IMP' : r < 0.65 ? 'EMER' : 'AMB';
      const dept = cls === 'EMER' ? ed : rng.pick(clinical);
      if (!dept) continue;
      const dur = cls === 'IMP' ? rng.int(24, 24 * 6) * HOUR : cls === 'EMER' ? rng.int(2, 10) * HOUR : HOUR;
      const local = physicians.filter((s) => s.dept === dept);
      const attending = rng.pick(local.length > 0 ? local : physicians);
      const nurses = staffOf(world, dept, ['nurse']);
      const team = rng.sample(nurses, cls === 'AMB' ? 1 : 4);
      const second = rng.pick(local.length > 0 ? local : physicians);
      if (second !== attending && cls === 'IMP') team.push(second);
      const enc: Encounter = {
        id: `enc-${String(++n).padStart(5, '0')}`,
        patient,
        cls,
        dept,
        start: Math.round(at),
        end: Math.min(Math.round(at + dur), end + 30 * DAY),
        attending,
        team,
      };
      if (cls === 'IMP' && rng.chance(0.25)) {
        const to = rng.pick(clinical);
        if (to !== dept) enc.transfer = { time: Math.round(at + dur / 2), dept: to };
      }
      if (cls !== 'AMB' && rng.chance(0.3)) {
        const others = physicians.filter((s) => s.dept !== dept);
        if (others.length > 0) enc.consult = rng.pick(others);
      }
      out.push(enc);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
