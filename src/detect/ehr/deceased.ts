/**
 * ehr.deceased — a staff member opens the chart of a patient who died earlier, with no care role.
 * Finds: Patient.deceased is true or a date more than a day before the access, and nothing explains it.
 * Evidence: Patient.deceased[x]; explanation (billing after the last visit and listed care still explain).
 * Misses: deaths not recorded in the context.
 * False positives: health-information management, death certificates, autopsy and research staff whose roles
 * the context does not describe.
 */
import { fmtSpan } from '../wording.js';
import { ehrMeta, staffName, type EhrCheck } from './access.js';
import { careReason } from './reasons.js';

const DAY = 86_400_000;

/** ehr.deceased: unexplained access to a deceased patient's chart. */
export const deceasedAccess: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.deceased',
    title: 'Chart of a deceased patient opened without a care role',
    scorePolicy: '60, plus up to 15 as the death lies further back',
    falsePositives: ['records, death certificate, autopsy and research staff'],
    blindSpots: ['deaths not recorded in the context'],
  }),
  check(a, emit) {
    const d = a.pat?.deceased;
    if (d === undefined || d === false || d === 'false' || a.explanation) return;
    let when = 'a patient recorded as deceased';
    let score = 60;
    if (typeof d === 'string' && d !== 'true') {
      const t = Date.parse(d);
      if (Number.isFinite(t)) {
        if (a.time - t < DAY) return; // care around the death itself
        when = `a patient who died on ${d.slice(0, 10)}, ${fmtSpan(a.time - t)} before`;
        score += Math.min(15, ((a.time - t) / (30 * DAY)) * 5);
      }
    }
    emit({
      detector: 'ehr.deceased',
      score,
      title: 'Chart of a deceased patient opened without a care role',
      reasons: [`${staffName(a)} viewed the chart of ${when}`, careReason(a)],
    });
  },
};
