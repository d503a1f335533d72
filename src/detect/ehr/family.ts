/**
 * ehr.family — a staff member opens a relative's chart.
 * Finds: the patient has the user's surname and lives at the user's address, or the patient lists the user as a
 * RelatedPerson (shared identifier such as the employee number, or same name and address).
 * Evidence: Practitioner name and address, Patient name and address, RelatedPerson links; explanation.
 * Misses: relatives with another surname at another address and no RelatedPerson record.
 * False positives: a relative the user treats without being listed on the encounter or care team (role-based
 * explanations such as working on the unit lower the score but do not clear it).
 */
import { ehrMeta, employeeOfAccess, norm, sameHome, staffName, streets, type EhrCheck } from './access.js';
import { careReason } from './reasons.js';

/** ehr.family: access to a relative's chart without a listed care relationship. */
export const familyAccess: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.family',
    title: "Staff member opened a relative's chart",
    scorePolicy:
      '85 for a RelatedPerson link, 80 for same surname and address; 20 less with a role-based explanation',
    falsePositives: ['relatives treated without being listed on the encounter or care team'],
    blindSpots: ['relatives with another surname and address and no RelatedPerson record'],
  }),
  check(a, emit) {
    const s = a.staff;
    const p = a.pat;
    if (!s || !p || a.explanation?.strength === 'listed') return;
    if (employeeOfAccess(a)?.ref === s.ref) return; // self-access, not family
    const name = staffName(a);
    let reason: string | undefined;
    let score = 80;
    const home = streets(s.address);
    for (const r of a.ctx.relatedOf(a.patient)) {
      const linked = a.ctx.staffOfRelated(r)?.ref === s.ref;
      const sameName =
        s.family !== undefined &&
        norm(r.family) === norm(s.family) &&
        norm(r.given?.[0]) === norm(s.given?.[0]);
      const sameAddr = streets(r.address).some((x) => home.some((h) => sameHome(h, x)));
      if (linked || (sameName && sameAddr)) {
        const rel = r.codes[0] !== undefined ? ` (relationship ${r.codes[0]})` : '';
        reason = `${name} viewed the chart of a patient who lists ${name} as a related person${rel}`;
        score = 85;
        break;
      }
    }
    if (!reason && s.family !== undefined && norm(s.family) === norm(p.family)) {
      if (streets(p.address).some((x) => home.some((h) => sameHome(h, x))))
        reason = `${name} viewed the chart of a patient with the same surname living at their address`;
    }
    if (!reason) return;
    if (a.explanation) score -= 20;
    emit({
      detector: 'ehr.family',
      score,
      title: "Staff member opened a relative's chart",
      reasons: [reason, careReason(a)],
    });
  },
};
