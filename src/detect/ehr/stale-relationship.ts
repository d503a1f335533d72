/**
 * ehr.stale_relationship — a clinician opens a former patient's chart long after the care ended.
 * Finds: the user was listed on the patient's encounter, care team or ADT visit, the last such relationship
 * ended more than 180 days before, the patient has no current visit (a former doctor consulted during a new
 * admission is usual) and nothing else explains the access.
 * Evidence: CareLink periods from Encounter, CareTeam and ADT; explanation.
 * Misses: former patients the user never was listed for (see ehr.peer_unusual, ehr.bulk).
 * False positives: follow-up, research or quality review outside a new encounter.
 */
import { fmtSpan } from '../wording.js';
import { ehrMeta, staffName, type EhrCheck } from './access.js';
import { stayAt } from './explain.js';

const DAY = 86_400_000;
/** Care older than this no longer explains an access (a common review window in privacy programmes). */
export const STALE_AFTER = 180 * DAY;

/** ehr.stale_relationship: access long after the listed care ended. */
export const staleRelationship: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.stale_relationship',
    title: 'Chart opened long after the care relationship ended',
    scorePolicy: '50, plus up to 15 as the gap grows towards two years',
    falsePositives: ['follow-up, research or quality review without a new encounter'],
    blindSpots: ['users never listed on the patient’s care', 'former doctors reading during a new visit'],
  }),
  check(a, emit) {
    if (a.explanation) return;
    let last: { end: number; text: string } | undefined;
    for (const l of a.ctx.careLinks(a.user, a.patient)) {
      const end = l.end ?? l.start;
      if (end === undefined) continue;
      if (end > a.time - STALE_AFTER) return; // recent care; not stale (and explain() had its reasons)
      if (!last || end > last.end) last = { end, text: `${l.role} on ${l.via}` };
    }
    if (!last) return;
    // A current visit: in hospital now, with two hours either side for arrival paperwork and late charting.
    if (stayAt(a.ctx, a.patient, a.time, 2 * 3_600_000, 2 * 3_600_000)) return;
    const gap = a.time - last.end;
    emit({
      detector: 'ehr.stale_relationship',
      score: 50 + Math.min(15, ((gap - STALE_AFTER) / (550 * DAY)) * 15),
      title: 'Chart opened long after the care relationship ended',
      reasons: [
        `${staffName(a)} last cared for this patient as ${last.text}, which ended ${fmtSpan(gap)} before this access`,
        'no treatment relationship in the last 180 days, and the patient has no current visit',
      ],
    });
  },
};
