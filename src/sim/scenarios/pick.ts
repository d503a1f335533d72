/** Helpers scenarios share: choosing actors and victims, adding patients to the context. */
import type { Encounter } from '../care.js';
import type { ScenarioContext } from '../scenario.js';
import type { Patient, Role, Staff } from '../world.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** An active member of staff with one of these roles. */
export function pickStaff(ctx: ScenarioContext, roles: Role[]): Staff {
  // Each instance gets its own actor while there are enough, so the evaluation can tell instances apart.
  const pool = ctx.world.staff.filter((s) => roles.includes(s.role) && !s.dormant);
  const fresh = pool.filter((s) => !ctx.used.has(s));
  const s = ctx.rng.pick(fresh.length > 0 ? fresh : pool.length > 0 ? pool : ctx.world.staff);
  ctx.used.add(s);
  return s;
}

/** A living patient without any care relationship to `s`. */
export function unrelatedPatient(ctx: ScenarioContext, s: Staff): Patient {
  for (;;) {
    const p = ctx.rng.pick(ctx.world.patients);
    if (p.deceased !== undefined || p.labels.length > 0) continue;
    const related = ctx.encounters.some(
      (e) =>
        e.patient === p && (e.attending === s || e.team.includes(s) || e.consult === s || e.dept === s.dept),
    );
    if (!related) return p;
  }
}

/** Add a patient to the hospital (it appears in Patient.ndjson). */
export function addPatient(
  ctx: ScenarioContext,
  p: Omit<Patient, 'id' | 'labels'> & { labels?: string[] },
): Patient {
  const id = `pt-${String(ctx.world.patients.length + 1).padStart(5, '0')}`;
  const full: Patient = { id, labels: [], ...p };
  ctx.world.patients.push(full);
  return full;
}

/** Add an encounter created by a scenario (a relative admitted, a VIP admitted). */
export function addEncounter(ctx: ScenarioContext, e: Omit<Encounter, 'id'>): Encounter {
  const enc: Encounter = {
    id: `enc-s${String(ctx.extras.extraEncounters.length + 1).padStart(4, '0')}`,
    ...e,
  };
  ctx.extras.extraEncounters.push(enc);
  return enc;
}

/** Several reads of one chart by `s` starting at `t`. */
export function chartReads(
  ctx: ScenarioContext,
  s: Staff,
  patient: string,
  t: number,
  n: number,
  resources = ['Observation', 'Condition', 'DocumentReference', 'Patient'],
) {
  const out = [];
  for (let k = 0; k < n; k++)
    out.push(
      ctx.emit.ehr(t + k * ctx.rng.int(1, 6) * MIN, {
        user: s.id,
        patient,
        purpose: 'TREAT',
        action: 'R',
        resource: ctx.rng.pick(resources),
        ip: s.workstation.ip,
      }),
    );
  return out;
}

/** A time within `s`'s shift on the day of `at` (a quiet moment mid-shift). */
export function inShiftOf(s: Staff, at: number): number {
  const day = Math.floor(at / DAY) * DAY;
  const h = s.shift === 'day' ? 10 : s.shift === 'evening' ? 18 : 2;
  return day + h * HOUR + (at % HOUR);
}

/** FHIR reference of a staff member. */
export function pref(s: Staff): string {
  return `Practitioner/${s.id}`;
}
