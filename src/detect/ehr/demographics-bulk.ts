/**
 * ehr.demographics_bulk — a registration clerk looks up the demographics of many patients nobody is
 * registering (identity-theft harvesting).
 * Finds: registration-role users reading the Patient resource itself (demographics only) of more distinct
 * patients without a registration explanation (arrival within a day) in two hours than both a floor (15) and
 * four times their learned rate.
 * Evidence: PractitionerRole code, AuditEvent entity type, ADT/Encounter arrival times.
 * Misses: harvesting through clinical resources (see ehr.bulk), slow harvesting under the floor.
 * False positives: mailing-list clean-ups and insurance re-verification runs.
 */
import { fmtSpan } from '../wording.js';
import { demographicsOnly, ehrMeta, roleClass, staffName, type EhrCheck } from './access.js';
import { BurstCounter } from './burst.js';

/** ehr.demographics_bulk: create with fresh windows and rates. */
export function createDemographicsBulkCheck(): EhrCheck {
  const counter = new BurstCounter({ windowMs: 2 * 3_600_000, floor: 15, factor: 4 });
  return {
    meta: ehrMeta({
      id: 'ehr.demographics_bulk',
      title: 'Bulk demographics lookups without registrations',
      scorePolicy: '60, plus 2 per patient over the threshold, at most 90',
      falsePositives: ['mailing-list clean-ups', 'insurance re-verification runs'],
      blindSpots: ['harvesting through clinical resources (ehr.bulk)', 'slow harvesting under the floor'],
    }),
    check(a, emit) {
      if (a.explanation || !demographicsOnly(a) || roleClass(a.staff) !== 'registration') return;
      const b = counter.add(
        a.ctx.staffRef(a.user),
        'registration',
        a.time,
        a.ctx.patientRef(a.patient),
        a.id,
      );
      if (!b) return;
      emit({
        detector: 'ehr.demographics_bulk',
        score: Math.min(90, 60 + 2 * (b.distinct - b.threshold)),
        title: 'Bulk demographics lookups without registrations',
        reasons: [
          `${staffName(a)} (registration) looked up the demographics of ${b.distinct} patients within ${fmtSpan(b.spanMs)} with no arrival or registration to explain them`,
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
