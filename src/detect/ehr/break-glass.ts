/**
 * ehr.break_glass — emergency override (break-the-glass) used without an emergency.
 * Finds: an access with purpose BTG or ETREAT (v3 ActReason) on a patient who had no emergency visit (class
 * EMER, ADT patient class E) and no stay on an emergency or intensive care unit around the access, by a user
 * not listed on the patient's care.
 * Evidence: AuditEvent.purposeOfEvent, Encounter class and location, ADT PV1-2/PV1-3; explanation.
 * Misses: overrides on patients who really are in the ED but whom the user has no business with.
 * False positives: rapid-response calls on a ward (no ED visit), emergencies the context does not record yet.
 */
import { ehrMeta, staffName, type Access, type EhrCheck } from './access.js';
import { stayCovers } from './explain.js';
import { careReason } from './reasons.js';

const HOUR = 3_600_000;
const EMERGENCY_CLASSES = new Set(['EMER', 'E', 'ACUTE']);
/** Unit keys that mean emergency care: ED, ER, emergency, ICU (crash calls there are emergencies too). */
const EMERGENCY_UNIT = /(^|[/ -])(ed|er|emerg[a-z]*|icu|loc-ed|loc-icu)($|[/ -])/;

/**
 * The emergency visit or unit around the access, as words; undefined when there is none. Every stay within 12 h
 * counts, not only the latest: an ED visit followed by an admission is an emergency for the whole handover.
 */
export function emergencyContext(a: Access): string | undefined {
  for (const s of a.ctx.stays(a.patient)) {
    if (!stayCovers(s, a.time, 12 * HOUR, 12 * HOUR)) continue;
    if (s.cls !== undefined && EMERGENCY_CLASSES.has(s.cls.toUpperCase())) return `emergency visit ${s.via}`;
    const u = s.units.find((x) => EMERGENCY_UNIT.test(x));
    if (u !== undefined) return `stay on ${u}`;
  }
  return undefined;
}

/** ehr.break_glass: emergency override without an emergency context. */
export const breakGlass: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.break_glass',
    title: 'Break-glass access without an emergency',
    scorePolicy: '65 for BTG, 60 for ETREAT; +10 with no explanation at all',
    falsePositives: ['rapid-response calls on a ward', 'emergencies not yet in the context'],
    blindSpots: ['overrides on patients really in the ED'],
  }),
  check(a, emit) {
    const purpose = a.purpose?.toUpperCase();
    if (purpose !== 'BTG' && purpose !== 'ETREAT') return;
    if (a.explanation?.strength === 'listed') return;
    if (emergencyContext(a) !== undefined) return;
    const label = purpose === 'BTG' ? 'break-the-glass (BTG)' : 'emergency treatment (ETREAT)';
    emit({
      detector: 'ehr.break_glass',
      score: (purpose === 'BTG' ? 65 : 60) + (a.explanation ? 0 : 10),
      title: 'Break-glass access without an emergency',
      reasons: [
        `${staffName(a)} used the ${label} override on a patient with no emergency visit and no emergency or intensive care stay within 12 h`,
        careReason(a),
      ],
    });
  },
};
