/**
 * Visits of the second hospital and who is written down for them: inpatient stays (from the emergency department
 * or elective), ICU stays (some ending in death), emergency visits, clinic and telehealth visits, and a history of
 * finished visits up to three years back. Only some of the people who touch a chart are listed: the attending,
 * the admitter, a consultant when the order was recorded, sometimes a resident; nurses appear only on the care
 * teams some units keep. Everyone else relies on their unit or their job — as in real exports.
 */
import type { Dept, Hospital, Patient, Staff } from './hospital.js';
import type { Rng } from './random.js';
import { DAY, HOUR, at, weekday } from './schedule.js';

/** v3 ActEncounterCode classes used here. */
export type VisitClass = 'IMP' | 'EMER' | 'AMB' | 'VR';

/** A participant written on the Encounter (v3 ParticipationType code). */
export interface Listed {
  staff: Staff;
  code: 'ATND' | 'ADM' | 'CON' | 'PART' | 'PPRF' | 'DIS';
}

/** One visit or stay. */
export interface Visit {
  id: string;
  patient: Patient;
  cls: VisitClass;
  dept: Dept;
  location?: { id: string; name: string };
  start: number;
  /** Absent while the patient is still in the hospital at export time. */
  end?: number;
  attending: Staff;
  listed: Listed[];
  /** Consultants who saw the patient without a recorded consult. */
  unlistedConsults: Staff[];
  careTeam?: { id: string; members: Staff[] };
  historic: boolean;
  diedAt?: number;
}

/** Visits and the window they were drawn for. */
export interface Care {
  visits: Visit[];
  t0: number;
  days: number;
}

const LOS: Record<string, readonly [number, number]> = { ward: [1, 7], icu: [2, 6] };

/** Draw history and the window's visits. */
export function buildCare(rng: Rng, h: Hospital, t0: number, days: number): Care {
  const visits: Visit[] = [];
  const scale = h.patients.length / 3000;
  const busyUntil = new Map<Patient, number>();
  const alive = (p: Patient, t: number): boolean =>
    !(p.deceased !== undefined && (p.deceased === true || p.deceased <= t));
  const free = (t: number): Patient => {
    for (let tries = 0; tries < 50; tries++) {
      const p = rng.pick(h.patients);
      if ((busyUntil.get(p) ?? 0) < t && alive(p, t) && p.employee === undefined) return p;
      if ((busyUntil.get(p) ?? 0) < t && alive(p, t) && rng.chance(0.3)) return p;
    }
    return rng.pick(h.patients);
  };
  const doctors = (d: Dept): Staff[] => {
    const own = h.staff.filter((s) => s.dept === d && (s.role === 'attending' || s.role === 'app'));
    if (d.key === '7n') return h.staff.filter((s) => s.role === 'hospitalist');
    return own.length > 0 ? own : h.staff.filter((s) => s.role === 'attending' || s.role === 'hospitalist');
  };
  const residentsOf = (d: Dept): Staff[] => h.staff.filter((s) => s.role === 'resident' && s.workDept === d);
  const consultants = h.staff.filter((s) => s.role === 'attending' && s.dept.kind !== 'ed');
  const nursesOf = (d: Dept): Staff[] =>
    h.staff.filter((s) => (s.role === 'rn' || s.role === 'travel_rn') && s.dept === d);

  // Deaths before the window: some recorded with a time, some only as a flag.
  for (const p of h.patients) {
    if (p.employee || !rng.chance(0.02)) continue;
    p.deceased = rng.chance(0.3) ? true : t0 - rng.int(20, 700) * DAY;
  }

  const make = (
    p: Patient,
    cls: VisitClass,
    dept: Dept,
    start: number,
    end: number | undefined,
    historic: boolean,
  ): Visit => {
    const docs = doctors(dept);
    const attending = rng.pick(docs);
    const v: Visit = {
      id: rng.uuid(),
      patient: p,
      cls,
      dept,
      start,
      attending,
      listed: [],
      unlistedConsults: [],
      historic,
    };
    if (end !== undefined) v.end = end;
    if (dept.locations.length > 0) v.location = rng.pick(dept.locations);
    v.listed.push({ staff: attending, code: cls === 'AMB' || cls === 'VR' ? 'PPRF' : 'ATND' });
    if (cls === 'IMP') {
      if (rng.chance(0.5)) v.listed.push({ staff: rng.pick(docs), code: 'ADM' });
      const res = residentsOf(dept);
      if (res.length > 0 && rng.chance(0.4)) v.listed.push({ staff: rng.pick(res), code: 'PART' });
      if (rng.chance(0.35)) {
        const c = rng.pick(consultants.filter((x) => x.dept !== dept));
        if (rng.chance(0.5)) v.listed.push({ staff: c, code: 'CON' });
        else v.unlistedConsults.push(c);
      }
      const nurses = nursesOf(dept);
      if (dept.kind === 'icu' || (rng.chance(0.3) && nurses.length > 0)) {
        v.careTeam = { id: rng.uuid(), members: [attending, ...rng.sample(nurses, rng.int(1, 3))] };
      }
    }
    visits.push(v);
    busyUntil.set(p, end ?? Number.MAX_SAFE_INTEGER);
    return v;
  };

  // History: finished clinic visits and stays, 3 months to 3 years back.
  for (const p of h.patients) {
    for (
      let i = rng.weighted([
        [0, 4],
        [1, 4],
        [2, 2],
      ] as const);
      i > 0;
      i--
    ) {
      const start = t0 - rng.int(90, 1100) * DAY + rng.int(8, 16) * HOUR;
      if (!alive(p, start)) continue;
      const clinic = rng.chance(0.75);
      const dept = clinic
        ? rng.pick(h.depts.filter((d) => d.kind === 'clinic'))
        : rng.pick(h.depts.filter((d) => d.kind === 'ward'));
      const end = start + (clinic ? 40 * 60_000 : rng.int(2, 6) * DAY);
      make(p, clinic ? 'AMB' : 'IMP', dept, start, end, true);
      busyUntil.delete(p);
    }
  }

  const export_ = t0 + days * DAY;
  const stay = (p: Patient, dept: Dept, start: number, fromEd: boolean): void => {
    const [lo, hi] = LOS[dept.kind] ?? [1, 5];
    let end: number | undefined = start + rng.int(lo * 24, hi * 24) * HOUR + rng.int(0, 59) * 60_000;
    const v = make(p, 'IMP', dept, start, undefined, false);
    if (dept.kind === 'icu' && rng.chance(0.12)) {
      v.diedAt = end;
      p.deceased = end;
    }
    if (end > export_) end = undefined;
    if (end !== undefined) v.end = end;
    else busyUntil.set(p, Number.MAX_SAFE_INTEGER);
    if (end !== undefined) busyUntil.set(p, end + 3 * DAY);
    if (fromEd) v.listed.push({ staff: v.attending, code: 'ADM' });
  };

  // Census at the start: beds three-quarters full with patients admitted in the days before.
  const inpatient = h.depts.filter((d) => d.kind === 'ward' || d.kind === 'icu');
  for (const d of inpatient) {
    const beds = Math.max(2, Math.round(d.size * scale));
    for (let i = 0; i < Math.round(beds * 0.75); i++)
      stay(free(t0), d, t0 - rng.int(1, 5 * 24) * HOUR, false);
  }
  const ed = h.byKey.get('ed') as Dept;
  for (let day = 0; day < days; day++) {
    // Emergency arrivals around the clock (busier 10:00–22:00); a fifth are admitted.
    const arrivals = Math.max(3, Math.round(18 * scale * (0.8 + rng.next() * 0.4)));
    for (let i = 0; i < arrivals; i++) {
      const start = at(t0, day, rng.chance(0.7) ? 10 + rng.next() * 12 : rng.next() * 24);
      const p = free(start);
      const end = start + rng.int(2, 8) * HOUR + rng.int(0, 59) * 60_000;
      make(p, 'EMER', ed, start, end <= export_ ? end : undefined, false);
      if (rng.chance(0.2)) stay(p, rng.weighted(inpatient.map((d) => [d, d.size] as const)), end, true);
    }
    // Elective admissions on weekdays.
    if (weekday(day) < 5) {
      for (const d of inpatient.filter((x) => x.kind === 'ward')) {
        for (let i = Math.round(d.size * scale * 0.12 + rng.next()); i > 0; i--)
          stay(free(at(t0, day, 7)), d, at(t0, day, 6 + rng.next() * 6), false);
      }
      // Clinic and virtual visits, 08:00–16:30.
      for (const d of h.depts.filter((x) => x.kind === 'clinic' || x.kind === 'virtual')) {
        for (let i = Math.round(d.size * scale * (0.7 + rng.next() * 0.5)); i > 0; i--) {
          const start = at(t0, day, 8 + Math.floor(rng.next() * 17) / 2);
          const p = free(start);
          make(
            p,
            d.kind === 'virtual' ? 'VR' : 'AMB',
            d,
            start,
            start + (d.kind === 'virtual' ? 20 : 40) * 60_000,
            false,
          );
          busyUntil.set(p, start + DAY);
        }
      }
    }
  }
  return { visits, t0, days };
}
