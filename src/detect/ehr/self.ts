/**
 * ehr.self — a staff member opens their own chart.
 * Finds: the accessed patient shares an identifier with the user's staff record (employee number on an EMP
 * patient), or has the same name and birth date.
 * Evidence: Patient identifiers and name/birth date, Practitioner identifiers and name/birth date.
 * Misses: employee-patients registered without the employee identifier and under another name.
 * False positives: portal-like self-service through the clinical app where policy allows it.
 */
import { ehrMeta, employeeOfAccess, norm, staffName, type EhrCheck } from './access.js';

/** ehr.self: access to one's own chart. */
export const selfAccess: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.self',
    title: 'Staff member opened their own chart',
    scorePolicy: '70; 80 when the access changed data',
    falsePositives: ['self-service allowed by local policy'],
    blindSpots: ['employee-patients without an employee identifier and with another name'],
  }),
  check(a, emit) {
    const s = a.staff;
    const p = a.pat;
    if (!s || !p) return;
    let how: string | undefined;
    if (employeeOfAccess(a)?.ref === s.ref) how = 'the patient record carries their employee identifier';
    else if (
      s.family !== undefined &&
      s.birthDate !== undefined &&
      s.birthDate === p.birthDate && // cheap test first: most charts fail it
      norm(s.family) === norm(p.family) &&
      norm(s.given?.[0]) === norm(p.given?.[0])
    )
      how = 'the patient has their name and birth date';
    if (!how) return;
    const changed = a.action !== undefined && a.action !== 'read' && a.action !== 'query';
    emit({
      detector: 'ehr.self',
      score: changed ? 80 : 70,
      title: 'Staff member opened their own chart',
      reasons: [`${staffName(a)} viewed their own chart: ${how}`],
    });
  },
};
