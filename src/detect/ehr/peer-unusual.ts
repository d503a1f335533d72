/**
 * ehr.peer_unusual — an access the user's peers would not make: a learned model of who usually touches what.
 * Finds: an unexplained access where (1) the record type is rare for the user's department (smoothed share of
 * the department's accesses under RARE_SHARE) and (2) no other member of the department opened the patient's
 * chart in the last 30 days. The model is learned online from all accesses: department × record-type
 * frequencies and department × patient co-access (a peer-group view of the access graph), not a fixed rule.
 * Evidence: per-department access counts by resource type; per-patient departments that touched it. Findings
 * are grouped per user (one alert for a run of unusual reads across patients).
 * Misses: departments still warming up (fewer than WARMUP accesses); misuse through common record types.
 * False positives: new workflows in a department; the first days of a new role.
 */
import { ehrMeta, staffName, type EhrCheck } from './access.js';

const DAY = 86_400_000;
/** A department must have this many accesses before its model is trusted. */
export const WARMUP = 150;
/** Record types under this share of a department's accesses are unusual for it. */
export const RARE_SHARE = 0.01;
const PEER_WINDOW = 30 * DAY;

interface Dept {
  n: number;
  byType: Record<string, number>;
}

/** ehr.peer_unusual: create with an empty model. */
export function createPeerUnusualCheck(): EhrCheck {
  let depts = new Map<string, Dept>();
  /** patient → department → last user and time. */
  let touched = new Map<string, Record<string, { user: string; t: number; other?: number }>>();
  return {
    meta: ehrMeta({
      id: 'ehr.peer_unusual',
      title: 'Access unusual for the user’s peers',
      scorePolicy: '55, plus up to 20 as the record type gets rarer for the department',
      falsePositives: ['new workflows in a department', 'first days in a new role'],
      blindSpots: ['departments with fewer than 150 accesses', 'misuse through common record types'],
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
    snapshot: () => ({ depts: [...depts], touched: [...touched] }),
    restore(state) {
      const st = state as {
        depts: [string, Dept][];
        touched: [string, Record<string, { user: string; t: number; other?: number }>][];
      };
      depts = new Map(st.depts);
      touched = new Map(st.touched);
    },
  };
}
