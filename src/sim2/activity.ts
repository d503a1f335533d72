/**
 * Legitimate chart use in the second hospital, day by day: unit nurses and float or travel nurses on their
 * shifts, attendings and weekend or night cover, residents on rotation, consultants (recorded or not), students
 * behind their preceptors, scribes behind their physicians, pharmacists, case managers, social workers,
 * dietitians, therapists, transport, imaging, registration (check-in and reminder calls), coders after
 * discharge, quality and mortality review, research chart review, primary-care follow-up and ED break-glass.
 * Much of it has no Encounter or CareTeam entry behind it, so "no relationship → alert" is wrong here.
 */
import type { Access } from './audit.js';
import type { Care, Visit } from './care.js';
import type { Dept, Hospital, Patient, Role, Staff } from './hospital.js';
import type { Rng } from './random.js';
import { DAY, HOUR, at, shiftOf, type Shift } from './schedule.js';

const CLINICAL: readonly (readonly [string, number])[] = [
  ['Observation', 8],
  ['MedicationRequest', 4],
  ['Condition', 3],
  ['DiagnosticReport', 3],
  ['DocumentReference', 3],
  ['Encounter', 2],
  ['AllergyIntolerance', 1],
  ['Procedure', 1],
  ['Patient', 2],
];

/** Legitimate accesses of a window. */
export function legitActivity(rng: Rng, h: Hospital, care: Care): Access[] {
  const { t0, days } = care;
  const end = t0 + days * DAY;
  const out: Access[] = [];
  const push = (
    user: Staff,
    patient: Patient,
    from: number,
    to: number,
    n: number,
    opt: { purpose?: string; what?: string; pacs?: boolean } = {},
  ): Access[] => {
    const lo = Math.max(from, t0);
    const hi = Math.min(to, end - 1);
    const made: Access[] = [];
    // Policy: nobody works on their own chart or a household member's; the work goes to a colleague.
    if (hi <= lo || patient.employee === user || patient.home === user.home) return made;
    for (let i = 0; i < n; i++) {
      const what = opt.what ?? rng.weighted(CLINICAL);
      const sub =
        what === 'Patient'
          ? 'read'
          : rng.weighted([
              ['read', 6],
              ['search', 3],
              ['vread', 1],
            ] as const);
      const a: Access = { t: lo + Math.floor(rng.next() * (hi - lo)), user, patient, what, sub, via: 'ehr' };
      if (opt.pacs) {
        a.via = 'pacs';
        a.what = 'ImagingStudy';
        a.sub = 'read';
      }
      const purpose = opt.purpose ?? (rng.chance(0.9) ? 'TREAT' : undefined);
      if (purpose !== undefined) a.purpose = purpose;
      out.push(a);
      made.push(a);
    }
    return made;
  };
  const byRole = (r: Role): Staff[] => h.staff.filter((s) => s.role === r);
  const onDuty = (list: Staff[], day: number): [Staff, Shift][] => {
    const r: [Staff, Shift][] = [];
    for (const s of list) {
      const sh = shiftOf(s, t0, day);
      if (sh) r.push([s, sh]);
    }
    return r;
  };
  const overlaps = (v: Visit, a: number, b: number): boolean => v.start < b && (v.end ?? Infinity) > a;
  const inpatient = h.depts.filter((d) => d.kind === 'ward' || d.kind === 'icu');
  const nurses = h.staff.filter((s) => s.role === 'rn' || s.role === 'travel_rn');
  const live = care.visits.filter((v) => !v.historic);
  const stays = live.filter((v) => v.cls === 'IMP');
  const pick = <T>(xs: T[]): T | undefined => (xs.length > 0 ? rng.pick(xs) : undefined);
  const recentDischarges: Visit[] = [];

  for (let day = 0; day < days; day++) {
    const dayStart = at(t0, day, 0);
    const dayEnd = dayStart + DAY;
    const duty = (r: Role): [Staff, Shift][] => onDuty(byRole(r), day);
    // Float nurses go where the shift is short; each gets one unit for the shift.
    const floats = duty('float_rn').map(
      ([s, sh]) => [s, sh, rng.weighted(inpatient.map((d) => [d, d.size] as const))] as const,
    );
    for (const night of [false, true]) {
      const from = at(t0, day, night ? 19 : 7);
      const to = from + 12.5 * HOUR;
      for (const unit of inpatient) {
        const staffed: Staff[] = nurses.filter(
          (s) => s.dept === unit && s.nights === night && shiftOf(s, t0, day) !== undefined,
        );
        for (const [s, , u] of floats) if (u === unit && s.nights === night) staffed.push(s);
        if (staffed.length === 0) {
          const any = floats.filter(([s]) => s.nights === night).map(([s]) => s);
          const f = pick(any);
          if (f) staffed.push(f);
        }
        const here = stays.filter((v) => v.dept === unit && overlaps(v, from, to));
        here.forEach((v, i) => {
          const nurse = staffed[i % Math.max(1, staffed.length)];
          if (nurse)
            push(nurse, v.patient, Math.max(from, v.start), Math.min(to, v.diedAt ?? to), rng.int(4, 11));
        });
      }
    }
    const nocturnists = duty('hospitalist').filter(([s]) => s.nights);
    const pharmacists = duty('pharmacist');
    const cms = duty('case_manager');
    const sws = duty('social_worker');
    const diets = duty('dietitian');
    const ther = duty('therapist');
    const transport = duty('transport');
    const rad = duty('rad_tech');
    const regs = duty('registration');
    const residents = duty('resident');
    const covering = (list: [Staff, Shift][], unit: Dept): [Staff, Shift] | undefined =>
      pick(list.filter(([s]) => s.covers.includes(unit))) ?? pick(list);
    for (const v of stays.filter((x) => overlaps(x, dayStart, dayEnd))) {
      const p = v.patient;
      const vEnd = Math.min(v.end ?? dayEnd, v.diedAt ?? dayEnd, dayEnd);
      const vFrom = Math.max(v.start, dayStart);
      const sh = shiftOf(v.attending, t0, day);
      if (sh) push(v.attending, p, Math.max(vFrom, sh[0]), Math.min(vEnd, sh[1]), rng.int(2, 7));
      else {
        // Weekend or day-off cover by a colleague of the same department, or a hospitalist.
        const cover =
          pick(
            onDuty(
              h.staff.filter(
                (s) => s.dept === v.attending.dept && s.role === v.attending.role && s !== v.attending,
              ),
              day,
            ),
          ) ?? pick(duty('hospitalist'));
        if (cover)
          push(cover[0], p, Math.max(vFrom, cover[1][0]), Math.min(vEnd, cover[1][1]), rng.int(1, 4));
      }
      const noc = pick(nocturnists);
      if (noc && rng.chance(0.25))
        push(noc[0], p, Math.max(vFrom, noc[1][0]), Math.min(vEnd, noc[1][1]), rng.int(1, 3));
      const res = pick(residents.filter(([s]) => s.workDept === v.dept));
      if (res && rng.chance(0.7))
        push(res[0], p, Math.max(vFrom, res[1][0]), Math.min(vEnd, res[1][1]), rng.int(2, 8));
      const ph = pick(pharmacists);
      if (ph && rng.chance(0.65))
        push(ph[0], p, Math.max(vFrom, ph[1][0]), Math.min(vEnd, ph[1][1]), rng.int(1, 3));
      const cm = covering(cms, v.dept);
      if (cm && rng.chance(0.6))
        push(cm[0], p, Math.max(vFrom, cm[1][0]), Math.min(vEnd, cm[1][1]), rng.int(1, 3));
      const sw = covering(sws, v.dept);
      if (sw && rng.chance(v.dept.key === 'bhu' ? 0.5 : 0.1))
        push(sw[0], p, Math.max(vFrom, sw[1][0]), Math.min(vEnd, sw[1][1]), rng.int(1, 3));
      const dt = covering(diets, v.dept);
      if (dt && rng.chance(v.dept.kind === 'icu' ? 0.4 : 0.15))
        push(dt[0], p, Math.max(vFrom, dt[1][0]), Math.min(vEnd, dt[1][1]), rng.int(1, 2));
      const th = covering(ther, v.dept);
      if (th && rng.chance(v.dept.key === '6e' ? 0.7 : 0.25))
        push(th[0], p, Math.max(vFrom, th[1][0]), Math.min(vEnd, th[1][1]), rng.int(1, 3));
      const tr = pick(transport);
      if (tr && rng.chance(0.15))
        push(tr[0], p, Math.max(vFrom, tr[1][0]), Math.min(vEnd, tr[1][1]), 1, { what: 'Patient' });
      const rt = pick(rad);
      if (rt && rng.chance(0.2))
        push(rt[0], p, Math.max(vFrom, rt[1][0]), Math.min(vEnd, rt[1][1]), rng.int(1, 2), { pacs: true });
      if (rng.chance(0.08)) push(v.attending, p, vFrom, vEnd, 1, { pacs: true });
      // Consultants see the patient on the first full day, whether or not the order made it into the record.
      if (day === Math.floor((v.start - t0) / DAY) + 1 || (v.start < t0 && day === 0)) {
        for (const c of [
          ...v.listed.filter((l) => l.code === 'CON').map((l) => l.staff),
          ...v.unlistedConsults,
        ]) {
          push(c, p, Math.max(vFrom, at(t0, day, 9)), Math.min(vEnd, at(t0, day, 18)), rng.int(2, 6));
        }
      }
      if (v.diedAt !== undefined && v.diedAt >= dayStart && v.diedAt < dayEnd) {
        push(v.attending, p, v.diedAt + HOUR, v.diedAt + 20 * HOUR, rng.int(2, 4));
      }
      if (v.end !== undefined && v.end >= dayStart && v.end < dayEnd) recentDischarges.push(v);
    }

    // Emergency visits.
    const edNurses = onDuty(
      nurses.filter((s) => s.dept.key === 'ed'),
      day,
    );
    for (const v of live.filter((x) => x.cls === 'EMER' && x.start >= dayStart && x.start < dayEnd)) {
      const p = v.patient;
      const vEnd = v.end ?? v.start + 6 * HOUR;
      const restricted = p.labels.includes('R') || p.labels.includes('VIP');
      const purpose = restricted ? (rng.chance(0.5) ? 'ETREAT' : 'BTG') : undefined;
      const reg = pick(regs.filter(([, sh]) => sh[0] <= v.start && sh[1] > v.start)) ?? pick(regs);
      if (reg)
        push(reg[0], p, v.start - 10 * 60_000, v.start + 5 * 60_000, rng.int(1, 2), { what: 'Patient' });
      // Ambulance pre-arrival look-up under break-glass, before the Encounter exists.
      if (rng.chance(0.05))
        push(v.attending, p, v.start - 25 * 60_000, v.start - 5 * 60_000, rng.int(1, 2), {
          purpose: 'ETREAT',
        });
      const n = pick(edNurses.filter(([, sh]) => sh[0] <= v.start && sh[1] > v.start)) ?? pick(edNurses);
      if (n) push(n[0], p, v.start, vEnd, rng.int(4, 10), purpose !== undefined ? { purpose } : {});
      push(v.attending, p, v.start, vEnd, rng.int(3, 8), purpose !== undefined ? { purpose } : {});
      for (const s of h.staff.filter((x) => x.role === 'scribe' && x.buddy === v.attending))
        push(s, p, v.start, vEnd, rng.int(2, 5));
      const rt = pick(rad);
      if (rt && rng.chance(0.3)) push(rt[0], p, v.start, vEnd, 1, { pacs: true });
    }

    // Clinic and virtual visits: pre-charting, check-in, rooming, the visit, results follow-up.
    for (const v of live.filter(
      (x) => (x.cls === 'AMB' || x.cls === 'VR') && x.start >= dayStart && x.start < dayEnd,
    )) {
      const p = v.patient;
      const vEnd = v.end ?? v.start + HOUR;
      const reg = pick(regs.filter(([s, sh]) => !s.nights && sh[0] <= v.start && sh[1] > v.start));
      if (reg && v.cls === 'AMB') push(reg[0], p, v.start - 20 * 60_000, v.start, 1, { what: 'Patient' });
      const rooming = pick(h.staff.filter((s) => s.dept === v.dept && (s.role === 'ma' || s.role === 'rn')));
      if (rooming) push(rooming, p, v.start - 10 * 60_000, vEnd, rng.int(2, 4));
      push(v.attending, p, v.start, vEnd, rng.int(2, 6));
      if (rng.chance(0.4)) push(v.attending, p, v.start - 18 * HOUR, v.start - 14 * HOUR, rng.int(1, 3));
      if (rng.chance(0.3)) {
        const later = v.start + rng.int(1, 4) * DAY;
        push(v.attending, p, later, later + 6 * HOUR, rng.int(1, 2));
      }
      for (const s of h.staff.filter((x) => x.role === 'scribe' && x.buddy === v.attending))
        push(s, p, v.start, vEnd, rng.int(2, 4));
      if (v.dept.key === 'cci') {
        const ph = pick(pharmacists);
        if (ph) push(ph[0], p, v.start - 2 * HOUR, vEnd, rng.int(1, 2));
      }
    }

    // Reminder calls: registration looks up patients booked in the coming week.
    const upcoming = live.filter((v) => v.cls === 'AMB' && v.start > dayEnd && v.start < dayEnd + 7 * DAY);
    for (const [s, sh] of regs.filter(([s]) => !s.nights)) {
      for (const v of rng.sample(upcoming, rng.int(6, 18)))
        push(s, v.patient, sh[0] + HOUR, sh[1] - HOUR, 1, { what: 'Patient' });
    }
    // Coding and billing after discharge (remote evening coders included).
    const coders = duty('him');
    for (const v of recentDischarges.splice(0)) {
      const c = pick(coders);
      if (!c || !rng.chance(0.8)) continue;
      push(c[0], v.patient, c[1][0], c[1][1], rng.int(3, 9), {
        purpose: rng.chance(0.85) ? 'HOPERAT' : 'HPAYMT',
      });
    }
    // Quality and mortality review: recent stays, the dead first.
    const reviewable = stays.filter((v) => v.start < dayStart && v.start > dayStart - 30 * DAY);
    const dead = h.patients.filter(
      (p) => typeof p.deceased === 'number' && p.deceased < dayStart && p.deceased > dayStart - 60 * DAY,
    );
    for (const [s, sh] of duty('quality')) {
      const charts = [
        ...rng.sample(dead, rng.int(0, 2)),
        ...rng.sample(reviewable, rng.int(5, 12)).map((v) => v.patient),
      ];
      for (const p of charts)
        push(s, p, sh[0], sh[1], rng.int(2, 6), rng.chance(0.7) ? { purpose: 'HOPERAT' } : {});
    }
    // IRB-approved chart review of an endocrine and oncology cohort.
    const cohort = care.visits
      .filter((v) => v.historic && (v.dept.key === 'endo' || v.dept.key === 'cci'))
      .map((v) => v.patient);
    for (const [s, sh] of duty('researcher')) {
      for (const p of rng.sample(cohort, rng.int(4, 12))) {
        const purpose = rng.weighted([
          ['HRESCH', 2],
          ['TREAT', 1],
          ['', 1],
        ] as const);
        push(s, p, sh[0], sh[1], rng.int(2, 5), purpose === '' ? {} : { purpose });
      }
    }
    // Primary-care follow-up (refills, portal messages) for a physician's own panel, with no visit that day.
    for (const [s, sh] of onDuty(
      h.staff.filter((x) => x.role === 'attending' && x.dept.kind === 'clinic'),
      day,
    )) {
      const panel = h.patients.filter((p) => p.pcp === s && p.deceased === undefined);
      for (const p of rng.sample(panel, rng.int(1, 4))) push(s, p, sh[0], sh[1], rng.int(1, 2));
    }
    // Students follow their preceptor into a few of the same charts.
    for (const [s] of duty('student')) {
      const buddy = s.buddy;
      if (!buddy) continue;
      const theirs = out.filter((a) => a.user === buddy && a.t >= dayStart && a.t < dayEnd);
      const seen = [...new Set(theirs.map((a) => a.patient))];
      for (const p of rng.sample(seen, rng.int(1, 4))) {
        const first = theirs.find((a) => a.patient === p);
        if (first) push(s, p, first.t, first.t + 3 * HOUR, rng.int(1, 3));
      }
    }
  }
  return out;
}
