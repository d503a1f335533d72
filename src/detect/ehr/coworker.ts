/**
 * ehr.coworker — a staff member opens the chart of a colleague from the same department.
 * Finds: the patient is an employee (identifier shared with a Practitioner, usually with the EMP label) whose
 * role is in the same organization (department) as the user's, and no relationship explains the access.
 * Evidence: Patient identifiers and labels, PractitionerRole organizations; explanation.
 * Misses: colleagues registered without their employee identifier; colleagues of other departments.
 * False positives: informal care between colleagues outside any listed encounter.
 */
import { ehrMeta, employeeOfAccess, staffName, type EhrCheck } from './access.js';
import { careReason } from './reasons.js';

/** ehr.coworker: unexplained access to a same-department colleague's chart. */
export const coworkerAccess: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.coworker',
    title: "Staff member opened a colleague's chart",
    scorePolicy: '70; 75 when the patient also carries the EMP (employee) label',
    falsePositives: ['informal care between colleagues outside a listed encounter'],
    blindSpots: [
      'colleagues without an employee identifier on their patient record',
      'colleagues of other departments',
    ],
  }),
  check(a, emit) {
    const s = a.staff;
    if (!s || a.explanation) return;
    const emp = employeeOfAccess(a);
    if (!emp || emp.ref === s.ref) return;
    const dept = s.orgs.find((o) => emp.orgs.includes(o));
    if (dept === undefined) return;
    const labelled = a.pat?.labels.includes('EMP') === true;
    emit({
      detector: 'ehr.coworker',
      score: labelled ? 75 : 70,
      title: "Staff member opened a colleague's chart",
      reasons: [
        `${staffName(a)} viewed the chart of a coworker: an employee-patient of the same department (${dept})`,
        careReason(a),
      ],
    });
  },
};
