/**
 * ehr.bulk — browsing or harvesting: one user opens many unrelated charts in a short window.
 * Finds: more distinct patients without an explanation within an hour than both a floor (25) and four times
 * the user's learned rate (or their role peers', whichever is larger).
 * Evidence: per-user distinct unexplained patients per window; learned per-user and per-role rates.
 * Misses: slow harvesting spread over days under the floor; demographics-only lookups by registration roles
 * (ehr.demographics_bulk covers those).
 * False positives: legitimate list work the context does not explain (quality audits, mass recalls, IT support).
 */
import { fmtSpan } from '../wording.js';
import { demographicsOnly, ehrMeta, roleClass, staffName, type EhrCheck } from './access.js';
import { BurstCounter } from './burst.js';

/** ehr.bulk: create with fresh windows and rates. */
export function createBulkCheck(): EhrCheck {
  const counter = new BurstCounter({ windowMs: 3_600_000, floor: 25, factor: 4 });
  return {
    meta: ehrMeta({
      id: 'ehr.bulk',
      title: 'Many unrelated charts opened in a short time',
      scorePolicy: '60, plus 2 per patient over the threshold, at most 90; export or query actions +5',
      falsePositives: ['quality audits, recalls and IT support not described by the context'],
      blindSpots: [
        'slow harvesting under the floor',
        'registration demographics lookups (ehr.demographics_bulk)',
      ],
    }),
    check(a, emit) {
      if (a.explanation) return;
      const rc = roleClass(a.staff);
      if (rc === 'registration' && demographicsOnly(a)) return;
      const b = counter.add(a.ctx.staffRef(a.user), rc, a.time, a.ctx.patientRef(a.patient), a.id);
      if (!b) return;
      const bulky = a.action === 'export' || a.action === 'query';
      emit({
        detector: 'ehr.bulk',
        score: Math.min(90, 60 + 2 * (b.distinct - b.threshold)) + (bulky ? 5 : 0),
        title: 'Many unrelated charts opened in a short time',
        reasons: [
          `${staffName(a)} opened the charts of ${b.distinct} patients with no treatment relationship within ${fmtSpan(b.spanMs)}`,
          `more than the alert threshold of ${b.threshold}, set from this user's and their peers' usual rate`,
        ],
        events: b.ids,
        patient: null,
      });
    },
    snapshot: () => counter.snapshot(),
    restore: (s) => counter.restore(s),
  };
}
