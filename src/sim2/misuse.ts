/**
 * Injected misuse for the second hospital: eleven kinds of EHR snooping, each instance a few to dozens of
 * accesses by one user (VIP: several users), with timing, size and people varied, often by someone who also
 * has legitimate patients that day. `prepareCases` changes the world before activity is drawn (VIP admissions,
 * related persons, neighbours); `injectCases` adds the accesses and returns one truth record per instance in the
 * truth.jsonl shape of src/sim (so src/eval/score.ts can score it).
 */
import type { Access } from './audit.js';
import type { Care, Visit } from './care.js';
import type { Hospital, Patient, Role, Staff } from './hospital.js';
import type { Rng } from './random.js';
import { DAY, HOUR, at, shiftOf } from './schedule.js';

/** Misuse types, each named by the Ward detector expected to find it. */
export const CASE_TYPES = [
  'ehr.family',
  'ehr.neighbour',
  'ehr.coworker',
  'ehr.self',
  'ehr.vip',
  'ehr.deceased',
  'ehr.bulk',
  'ehr.break_glass',
  'ehr.stale_relationship',
  'ehr.demographics_bulk',
  'ehr.peer_unusual',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** A RelatedPerson the generator adds (a staff member named as a patient's relative). */
export interface Relation {
  id: string;
  patient: Patient;
  staff: Staff;
  code: string;
  withIdentifier: boolean;
}

/** One injected instance before event ids exist. */
export interface Case {
  type: CaseType;
  user: Staff;
  patient: Patient;
  accesses: Access[];
  note: string;
}

/** World changes made for the cases. */
export interface Prepared {
  relations: Relation[];
  vipStays: Visit[];
  n: number;
}

const CLINICAL_ROLES: readonly Role[] = [
  'rn',
  'float_rn',
  'travel_rn',
  'attending',
  'resident',
  'app',
  'ma',
  'therapist',
  'scribe',
  'student',
  'case_manager',
  'pharmacist',
  'transport',
  'dietitian',
];

/** Change the world for the cases to come: VIP admissions (legitimate care is drawn for them afterwards). */
export function prepareCases(rng: Rng, h: Hospital, care: Care, n: number): Prepared {
  const vipStays: Visit[] = [];
  const wards = h.depts.filter((d) => d.kind === 'ward');
  const vips = h.patients.filter((p) => p.labels.includes('VIP') && p.deceased === undefined);
  for (let i = 0; i < n; i++) {
    const p = vips[i] ?? rng.pick(h.patients.filter((x) => !x.employee && x.deceased === undefined));
    if (!p.labels.includes('VIP')) p.labels.push('VIP');
    const dept = rng.pick(wards);
    const day = rng.int(Math.min(1, care.days - 1), Math.max(0, care.days - 2));
    const start = at(care.t0, day, 6 + rng.next() * 14);
    const attending = rng.pick(
      h.staff
        .filter((s) => s.dept === dept && s.role === 'attending')
        .concat(h.staff.filter((s) => s.role === 'hospitalist')),
    );
    const v: Visit = {
      id: rng.uuid(),
      patient: p,
      cls: 'IMP',
      dept,
      start,
      attending,
      listed: [{ staff: attending, code: 'ATND' }],
      unlistedConsults: [],
      historic: false,
    };
    if (dept.locations[0]) v.location = rng.pick(dept.locations);
    const end = start + rng.int(2, 5) * DAY;
    if (end < care.t0 + care.days * DAY) v.end = end;
    care.visits.push(v);
    vipStays.push(v);
  }
  return { relations: [], vipStays, n };
}

/** Inject every case type `prep.n` times; returns the cases and their accesses (also appended to `all`). */
export function injectCases(rng: Rng, h: Hospital, care: Care, legit: Access[], prep: Prepared): Case[] {
  const { t0, days } = care;
  const related = new Set<string>();
  const key = (s: Staff, p: Patient): string => `${s.id}|${p.id}`;
  for (const a of legit) related.add(key(a.user, a.patient));
  for (const v of care.visits) {
    for (const l of v.listed) related.add(key(l.staff, v.patient));
    for (const m of v.careTeam?.members ?? []) related.add(key(m, v.patient));
  }
  const current = new Set(care.visits.filter((v) => !v.historic).map((v) => v.patient));
  const unrelated = (s: Staff, p: Patient): boolean =>
    !related.has(key(s, p)) && p.employee !== s && p.pcp !== s;
  const cases: Case[] = [];
  const used = new Set<Staff>();
  const who = (roles: readonly Role[], ok: (s: Staff) => boolean = () => true): Staff => {
    const list = h.staff.filter((s) => roles.includes(s.role) && !used.has(s) && ok(s));
    const s = list.length > 0 ? rng.pick(list) : rng.pick(h.staff.filter((x) => roles.includes(x.role)));
    used.add(s);
    return s;
  };
  /** A start time on `day`: inside the user's shift most of the time (they have real patients too), else evening. */
  const when = (s: Staff, day: number): number => {
    const sh = shiftOf(s, t0, day);
    if (sh && rng.chance(0.75))
      return sh[0] + Math.floor(rng.next() * Math.max(HOUR, sh[1] - sh[0] - 2 * HOUR));
    return at(t0, day, 20 + rng.next() * 3);
  };
  const dayOf = (lo = 1): number => rng.int(Math.min(lo, days - 1), days - 1);
  const snoop = (
    s: Staff,
    p: Patient,
    t: number,
    n: number,
    spanMin: number,
    purpose?: string,
    what?: string,
  ): Access[] => {
    const xs: Access[] = [];
    for (let i = 0; i < n; i++) {
      const w =
        what ??
        rng.weighted([
          ['Patient', 3],
          ['Observation', 3],
          ['DocumentReference', 3],
          ['Condition', 2],
          ['MedicationRequest', 1],
          ['Encounter', 1],
        ] as const);
      const a: Access = {
        t: Math.min(t + Math.floor(rng.next() * spanMin * 60_000), t0 + days * DAY - 1),
        user: s,
        patient: p,
        what: w,
        sub: w === 'Patient' ? 'read' : rng.chance(0.7) ? 'read' : 'search',
        via: 'ehr',
      };
      const pu = purpose ?? (rng.chance(0.8) ? 'TREAT' : undefined);
      if (pu !== undefined) a.purpose = pu;
      xs.push(a);
    }
    return xs.sort((a, b) => a.t - b.t);
  };
  const add = (type: CaseType, user: Staff, patient: Patient, accesses: Access[], note: string): void => {
    cases.push({ type, user, patient, accesses, note });
  };
  const n = prep.n;

  for (let i = 0; i < n; i++) {
    // Family: a relative in the same household (surname and address), or a RelatedPerson naming the user.
    const style = i % 3;
    const withKin = h.staff.filter(
      (s) =>
        !used.has(s) &&
        s.addressOnFile &&
        CLINICAL_ROLES.includes(s.role) &&
        h.patients.some(
          (p) => p.home === s.home && p.employee !== s && (style !== 0 || p.family === s.family),
        ),
    );
    if (style !== 1 && withKin.length > 0) {
      const s = rng.pick(withKin);
      used.add(s);
      const p = rng.pick(
        h.patients.filter(
          (x) => x.home === s.home && x.employee !== s && (style !== 0 || x.family === s.family),
        ),
      );
      const accesses = snoop(s, p, when(s, dayOf()), rng.int(2, 12), rng.int(5, 60));
      if (style === 2)
        prep.relations.push({
          id: rng.uuid(),
          patient: p,
          staff: s,
          code: p.family === s.family ? rng.pick(['CHILD', 'SIB', 'MTH', 'FTH']) : 'SPS',
          withIdentifier: false,
        });
      add(
        'ehr.family',
        s,
        p,
        accesses,
        style === 0
          ? 'household member: same surname and address'
          : 'household member named as RelatedPerson (no identifier)',
      );
    } else {
      const s = who(CLINICAL_ROLES, (x) => x.addressOnFile);
      const p = rng.pick(
        h.patients.filter((x) => !x.employee && unrelated(s, x) && x.deceased === undefined),
      );
      prep.relations.push({
        id: rng.uuid(),
        patient: p,
        staff: s,
        code: rng.pick(['CHILD', 'DAU', 'SON', 'NIECE']),
        withIdentifier: rng.chance(0.5),
      });
      add(
        'ehr.family',
        s,
        p,
        snoop(s, p, when(s, dayOf()), rng.int(1, 8), rng.int(3, 40)),
        'parent living elsewhere; the user is their RelatedPerson',
      );
    }

    // Neighbour: same street a few doors away, or another flat in the same building.
    {
      const s = who(CLINICAL_ROLES.concat(['registration', 'him']), (x) => x.addressOnFile);
      let p = h.patients.find(
        (x) =>
          x.home !== s.home &&
          x.home.street === s.home.street &&
          x.home.postal === s.home.postal &&
          Math.abs(x.home.num - s.home.num) <= 6 &&
          unrelated(s, x) &&
          x.deceased === undefined,
      );
      if (!p) {
        const base = rng.pick(
          h.patients.filter((x) => !x.employee && unrelated(s, x) && x.deceased === undefined),
        );
        const building = rng.chance(0.4);
        const home = {
          ...s.home,
          num: building ? s.home.num : Math.max(1, s.home.num + rng.pick([-4, -2, 2, 4, 6])),
          unit: building ? String(rng.int(1, 30)) : undefined,
        };
        if (home.unit === undefined) delete home.unit;
        if (building && home.unit === s.home.unit) home.unit = String(Number(home.unit) + 1);
        base.home = home;
        p = base;
      }
      add(
        'ehr.neighbour',
        s,
        p,
        snoop(s, p, when(s, dayOf()), rng.int(1, 7), rng.int(2, 45)),
        `neighbour at ${p.home.num} ${p.home.street}`,
      );
    }

    // Coworker: an employee of the user's own department.
    {
      const emp = h.patients.filter(
        (x) =>
          x.employee && x.employeeLinked && x.employee.role !== 'travel_rn' && x.employee.role !== 'student',
      );
      // Agency nurses and students carry their agency's or school's role, so the shared department is not
      // written anywhere; they are left out so every coworker instance is visible in the context.
      const pairs = h.staff.filter(
        (s) =>
          !used.has(s) &&
          s.dept.kind !== 'service' &&
          s.role !== 'travel_rn' &&
          s.role !== 'student' &&
          emp.some((x) => x.employee !== s && x.employee?.dept === s.dept && unrelated(s, x)),
      );
      const s = pairs.length > 0 ? rng.pick(pairs) : who(['rn']);
      used.add(s);
      const target = emp.filter((x) => x.employee !== s && x.employee?.dept === s.dept && unrelated(s, x));
      const p = target.length > 0 ? rng.pick(target) : rng.pick(emp);
      add(
        'ehr.coworker',
        s,
        p,
        snoop(s, p, when(s, dayOf()), rng.int(1, 9), rng.int(2, 90)),
        `colleague in ${s.dept.name}`,
      );
    }

    // Self: the user opens their own record (linked by workforce id, or only by name and birth date).
    {
      const style = (x: Patient): boolean => (i % 2 === 0 ? x.employeeLinked : true);
      const mine = h.patients.filter((x) => x.employee && !used.has(x.employee) && style(x));
      const p = rng.pick(mine.length > 0 ? mine : h.patients.filter((x) => x.employee && style(x)));
      const s = p.employee as Staff;
      used.add(s);
      add(
        'ehr.self',
        s,
        p,
        snoop(
          s,
          p,
          when(s, dayOf()),
          rng.int(1, 5),
          rng.int(1, 20),
          undefined,
          rng.chance(0.5) ? 'Observation' : undefined,
        ),
        p.employeeLinked
          ? 'own record, linked by workforce id'
          : 'own record, matched only by name and birth date',
      );
    }

    // VIP: several unrelated users open the chart in the hours and days after admission.
    {
      const v = prep.vipStays[i];
      if (v) {
        const outsiders = (fresh: boolean): Staff[] =>
          h.staff.filter(
            (s) =>
              (!fresh || !used.has(s)) &&
              s.dept !== v.dept &&
              s.workDept !== v.dept &&
              CLINICAL_ROLES.includes(s.role) &&
              unrelated(s, v.patient),
          );
        // A small hospital can run out of people not yet used by another case: then reuse them.
        let snoopers = outsiders(true);
        if (snoopers.length < 3) snoopers = outsiders(false);
        const group = rng.sample(snoopers, rng.int(3, 9));
        const accesses: Access[] = [];
        for (const s of group) {
          used.add(s);
          const t = v.start + rng.int(20, 36 * 60) * 60_000;
          accesses.push(...snoop(s, v.patient, t, rng.int(1, 3), rng.int(1, 15)));
        }
        accesses.sort((a, b) => a.t - b.t);
        const first = accesses[0];
        if (first)
          add('ehr.vip', first.user, v.patient, accesses, `${group.length} users outside ${v.dept.name}`);
      }
    }

    // Deceased: an unrelated user opens a dead patient's chart.
    {
      const s = who(CLINICAL_ROLES.concat(['registration', 'transport']));
      const dead = h.patients.filter(
        (x) =>
          x.deceased !== undefined &&
          (x.deceased === true || x.deceased < t0 + (days - 1) * DAY) &&
          unrelated(s, x),
      );
      const p = rng.pick(dead);
      const after =
        p.deceased === true ? 1 : Math.max(1, Math.ceil((Math.max(p.deceased as number, t0) - t0) / DAY));
      add(
        'ehr.deceased',
        s,
        p,
        snoop(s, p, when(s, Math.min(days - 1, after + rng.int(0, 2))), rng.int(1, 5), rng.int(2, 30)),
        p.deceased === true ? 'deceasedBoolean' : 'deceasedDateTime',
      );
    }

    // Bulk browsing: many unrelated charts in a short window, sometimes between real patients.
    {
      const s = who([
        'rn',
        'float_rn',
        'resident',
        'ma',
        'therapist',
        'scribe',
        'student',
        'transport',
        'dietitian',
      ]);
      const t = when(s, dayOf());
      const span = rng.int(20, 120);
      const accesses: Access[] = [];
      const victims = rng.sample(
        h.patients.filter((x) => unrelated(s, x)),
        rng.int(14, 60),
      );
      for (const p of victims) accesses.push(...snoop(s, p, t, rng.int(1, 2), span));
      accesses.sort((a, b) => a.t - b.t);
      add('ehr.bulk', s, victims[0] as Patient, accesses, `${victims.length} charts in ${span} min`);
    }

    // Break-glass without an emergency: no current visit, not in ED or ICU; often a restricted chart.
    {
      const s = who(CLINICAL_ROLES.filter((r) => r !== 'student'));
      const pool = h.patients.filter(
        (x) =>
          !current.has(x) &&
          unrelated(s, x) &&
          x.deceased === undefined &&
          (i % 2 === 0 ? x.labels.includes('R') : !x.employee),
      );
      const p = rng.pick(
        pool.length > 0 ? pool : h.patients.filter((x) => !current.has(x) && x.deceased === undefined),
      );
      add(
        'ehr.break_glass',
        s,
        p,
        snoop(s, p, when(s, dayOf()), rng.int(1, 4), rng.int(1, 20), rng.chance(0.5) ? 'BTG' : 'ETREAT'),
        p.labels.includes('R') ? 'restricted chart, no visit' : 'no visit',
      );
    }

    // Stale relationship: treated the patient long ago (listed on a visit that ended months back), no visit now.
    {
      const old = care.visits.filter(
        (v) =>
          v.historic &&
          v.end !== undefined &&
          v.end < t0 - 180 * DAY &&
          !current.has(v.patient) &&
          v.patient.deceased === undefined,
      );
      const v = rng.pick(old);
      const people = [...v.listed.map((l) => l.staff), ...(v.careTeam?.members ?? [])].filter(
        (s) =>
          !used.has(s) && v.patient.pcp !== s && !legit.some((a) => a.user === s && a.patient === v.patient),
      );
      const s = people.length > 0 ? rng.pick(people) : v.attending;
      used.add(s);
      const months = Math.round((t0 - (v.end ?? t0)) / (30 * DAY));
      add(
        'ehr.stale_relationship',
        s,
        v.patient,
        snoop(s, v.patient, when(s, dayOf()), rng.int(1, 6), rng.int(3, 40)),
        `last listed on a visit ${months} months ago`,
      );
    }

    // Demographics-only bulk by a registration clerk: address and phone look-ups of people with no visit.
    {
      const s = who(['registration']);
      const t = when(s, dayOf());
      const span = rng.int(30, 150);
      const victims = rng.sample(
        h.patients.filter((x) => !current.has(x) && unrelated(s, x)),
        rng.int(15, 55),
      );
      const accesses = victims.flatMap((p) =>
        snoop(s, p, t, 1, span, rng.chance(0.7) ? 'TREAT' : undefined, 'Patient'),
      );
      accesses.sort((a, b) => a.t - b.t);
      add(
        'ehr.demographics_bulk',
        s,
        victims[0] as Patient,
        accesses,
        `${victims.length} demographics look-ups in ${span} min`,
      );
    }

    // Peer-unusual: charts in a department the user's peers never touch.
    {
      const s = who(
        ['ma', 'rn', 'therapist', 'rad_tech'],
        (x) => x.dept.kind === 'clinic' || x.role === 'rad_tech' || x.dept.key === '6e',
      );
      // The first target department and day (from a random start) with current patients the user never saw.
      const keys = rng.sample(['bhu', 'bc', '4s'], 3);
      const firstDay = dayOf(2);
      let found: { day: number; name: string; victims: Patient[] } | undefined;
      for (let k = 0; k < keys.length * days && !found; k++) {
        const target = h.byKey.get(keys[k % keys.length] ?? '');
        const day = (firstDay + Math.floor(k / keys.length)) % days;
        if (!target || s.dept === target || s.covers.includes(target)) continue;
        const there = care.visits.filter(
          (v) =>
            v.dept === target &&
            !v.historic &&
            v.start < at(t0, day, 24) &&
            (v.end ?? Infinity) > at(t0, day, 0) &&
            unrelated(s, v.patient),
        );
        const victims = rng.sample([...new Set(there.map((v) => v.patient))], rng.int(3, 8));
        if (victims.length > 0) found = { day, name: target.name, victims };
      }
      const first = found?.victims[0];
      if (found && first) {
        const t = when(s, found.day);
        const accesses = found.victims.flatMap((p) =>
          snoop(s, p, t + rng.int(0, 180) * 60_000, rng.int(1, 3), 20),
        );
        accesses.sort((a, b) => a.t - b.t);
        add('ehr.peer_unusual', s, first, accesses, `${found.victims.length} patients of ${found.name}`);
      }
    }
  }
  return cases;
}
