/**
 * ehr.peer_unusual — an access the user's peers would not make: a learned model of who usually touches what.
 * Finds: an unexplained access on a patient no other member of the user's department opened in the last 30 days,
 * where either (1) the record type is rare for the department (smoothed share of the department's accesses under
 * RARE_SHARE), or (2) the patient's current unit or service (Encounter.location / serviceProvider, ADT PV1-3 and
 * hospital service: the stays of the context index, locations counted as their organization) is one that
 * neither the user nor their peers (same department and role class) open charts on (share under
 * UNIT_RARE_SHARE); physicians, who follow patients across units, and peer groups spread over more than
 * SPREAD_UNITS units (float pools, hospital-wide services) are left out of this comparison. The model is learned online from all accesses: department × record-type frequencies,
 * peer group × unit frequencies, each user's recent units and department × patient co-access (a peer-group view
 * of the access graph), not a fixed rule. Unusual record types are not learned from the access that showed
 * them; an unusual unit is (once reported, a float assignment or new clinic is not reported for every colleague
 * and chart). Memory is bounded: at most MAX_UNITS units per peer group and
 * MAX_USER_UNITS per user, the least recently seen dropped first.
 * Evidence: per-department access counts by resource type and per-peer-group counts by unit; per-patient
 * departments that touched it. Findings are grouped per user (one alert for a run of unusual reads across
 * patients).
 * Misses: peer groups still warming up (fewer than WARMUP / UNIT_WARMUP accesses); patients with no current
 * stay in the context; misuse through common record types on usual units.
 * False positives: new workflows in a department; the first days of a new role; a floating colleague whose
 * department never covered that unit before.
 */
import { ehrMeta, roleClass, staffName, type EhrCheck, type RoleClass } from './access.js';
import { WINDOWS, stayAt } from './explain.js';

const DAY = 86_400_000;
/** A department must have this many accesses before its model is trusted. */
export const WARMUP = 150;
/** Record types under this share of a department's accesses are unusual for it. */
export const RARE_SHARE = 0.01;
const PEER_WINDOW = 30 * DAY;
/** A peer group must have this many accesses on patients with a known unit before its unit model is trusted. */
export const UNIT_WARMUP = 200;
/** Units under this share of the peer group's accesses (and never opened by the user) are unusual for it. */
export const UNIT_RARE_SHARE = 0.002;
/** Units remembered per peer group and per user (least recently seen dropped first). */
export const MAX_UNITS = 2_000;
export const MAX_USER_UNITS = 64;
/** A peer group with more than SPREAD_UNITS units of at least SPREAD_SHARE each is not judged by unit. */
export const SPREAD_UNITS = 6;
export const SPREAD_SHARE = 0.02;

/**
 * Role classes the unit comparison leaves out: physicians follow their patients across units (consults,
 * cross-cover, rotations), so a unit new to their peer group says little about them.
 */
export const UNIT_FREE: readonly RoleClass[] = ['physician'];

interface Dept {
  n: number;
  byType: Record<string, number>;
}

interface Peers {
  n: number;
  units: Map<string, number>;
}

/**
 * Whether a peer group is bound to a few units: at most SPREAD_UNITS units each hold at least SPREAD_SHARE of
 * its accesses. Float pools and hospital-wide services spread over many units; a unit new to them says little.
 */
function unitBound(g: Peers): boolean {
  let regular = 0;
  for (const c of g.units.values()) if (c >= g.n * SPREAD_SHARE && ++regular > SPREAD_UNITS) return false;
  return true;
}

/** Touch a key of a recency-ordered capped map: move it to the end, drop the oldest past the cap. */
function bump(m: Map<string, number>, key: string, value: number, cap: number): void {
  m.delete(key);
  m.set(key, value);
  if (m.size > cap) {
    const oldest = m.keys().next();
    if (oldest.done !== true) m.delete(oldest.value);
  }
}

function unitName(u: string): string {
  return u.replace(/^(location|organization)\//, '').toUpperCase();
}

/** ehr.peer_unusual: create with an empty model. */
export function createPeerUnusualCheck(): EhrCheck {
  let depts = new Map<string, Dept>();
  /** patient → department → last user and time. */
  let touched = new Map<string, Record<string, { user: string; t: number; other?: number }>>();
  /** peer group (department and role class) → unit counts. */
  let peers = new Map<string, Peers>();
  /** user → units they opened charts on, with the last time. */
  let userUnits = new Map<string, Map<string, number>>();
  return {
    meta: ehrMeta({
      id: 'ehr.peer_unusual',
      title: 'Access unusual for the user’s peers',
      scorePolicy:
        '55, plus up to 20 as the record type gets rarer for the department; 60 for a unit the peer group never opens',
      falsePositives: [
        'new workflows in a department',
        'first days in a new role',
        'floating to a unit the department never covered',
      ],
      blindSpots: [
        'departments with fewer than 150 accesses (200 on patients with a known unit)',
        'patients with no current stay in the context',
        'misuse through common record types on usual units',
      ],
    }),
    check(a, emit) {
      const s = a.staff;
      if (!s) return;
      const dept = s.orgs[0] ?? s.roles[0];
      if (dept === undefined) return;
      const user = a.ctx.staffRef(a.user);
      const patient = a.ctx.patientRef(a.patient);
      const type = a.resourceType ?? 'Patient';
      let d = depts.get(dept);
      if (!d) depts.set(dept, (d = { n: 0, byType: {} }));
      const seen = touched.get(patient);
      const last = seen?.[dept];
      const peersTouched =
        last !== undefined &&
        (last.user !== user || last.other !== undefined) &&
        a.time - (last.other ?? last.t) <= PEER_WINDOW;
      if (!a.explanation && d.n >= WARMUP && !peersTouched) {
        const share = ((d.byType[type] ?? 0) + 1) / (d.n + 10);
        if (share < RARE_SHARE) {
          emit({
            detector: 'ehr.peer_unusual',
            score: 55 + Math.min(20, (RARE_SHARE / share - 1) * 2),
            title: 'Access unusual for the user’s peers',
            reasons: [
              `${staffName(a)} opened ${type} records, which staff of their department (${dept}) open in ${(share * 100).toFixed(1)}% of their accesses`,
              `no other ${dept} staff member opened this patient's chart in the last 30 days, and no treatment relationship explains it`,
            ],
            // One alert per user and burst: the pattern is the user's, across the patients they open.
            patient: null,
          });
          return; // do not learn from the unusual access itself
        }
      }
      // The patient's current unit(s), as organizations where the context knows them.
      const stay = stayAt(a.ctx, patient, a.time, WINDOWS.unitBefore, WINDOWS.unitAfter);
      const units = stay === undefined ? [] : [...new Set(stay.units.map((u) => a.ctx.unitOf(u)))];
      const rc = roleClass(s);
      const group = `${dept}\u0000${rc}`;
      let g = peers.get(group);
      if (units.length > 0 && !UNIT_FREE.includes(rc)) {
        if (!g) peers.set(group, (g = { n: 0, units: new Map<string, number>() }));
        const mine = userUnits.get(user);
        const n = g.n;
        const known = units.some(
          (u) => mine?.has(u) === true || (g?.units.get(u) ?? 0) >= Math.max(1, n * UNIT_RARE_SHARE),
        );
        if (!a.explanation && !peersTouched && n >= UNIT_WARMUP && !known && unitBound(g)) {
          const unit = unitName(units[0] ?? '');
          emit({
            detector: 'ehr.peer_unusual',
            score: 60,
            title: 'Access unusual for the user’s peers',
            reasons: [
              `${staffName(a)} opened the chart of a patient on ${unit}, a unit where neither they nor other ${dept} ${rc} staff open charts (${g.units.get(units[0] ?? '') ?? 0} of their last ${n} accesses)`,
              `no other ${dept} staff member opened this patient's chart in the last 30 days, and no treatment relationship explains it`,
            ],
            patient: null,
          });
          // Learned all the same: once reported, a unit the group starts working on (a float assignment, a new
          // clinic) is not reported again for every colleague and every chart.
        }
        g.n++;
        for (const u of units) bump(g.units, u, (g.units.get(u) ?? 0) + 1, MAX_UNITS);
        let m = mine;
        if (!m) userUnits.set(user, (m = new Map<string, number>()));
        for (const u of units) bump(m, u, a.time, MAX_USER_UNITS);
      }
      d.n++;
      d.byType[type] = (d.byType[type] ?? 0) + 1;
      if (seen === undefined) {
        const first: Record<string, { user: string; t: number; other?: number }> = {};
        first[dept] = { user, t: a.time };
        touched.set(patient, first);
      } else if (last === undefined) seen[dept] = { user, t: a.time };
      else if (last.user === user) last.t = a.time;
      else seen[dept] = { user, t: a.time, other: last.t };
    },
    snapshot: () => ({
      depts: [...depts],
      touched: [...touched],
      peers: [...peers].map(([k, p]) => [k, { n: p.n, units: [...p.units] }]),
      userUnits: [...userUnits].map(([k, m]) => [k, [...m]]),
    }),
    restore(state) {
      const st = state as {
        depts: [string, Dept][];
        touched: [string, Record<string, { user: string; t: number; other?: number }>][];
        peers?: [string, { n: number; units: [string, number][] }][];
        userUnits?: [string, [string, number][]][];
      };
      depts = new Map(st.depts);
      touched = new Map(st.touched);
      peers = new Map((st.peers ?? []).map(([k, p]) => [k, { n: p.n, units: new Map(p.units) }]));
      userUnits = new Map((st.userUnits ?? []).map(([k, m]) => [k, new Map(m)]));
    },
  };
}
