/**
 * ehr.neighbour — a staff member opens a neighbour's chart.
 * Finds: the patient lives on the user's street in the same postal code or town, within NEAR house numbers, in
 * another unit of the user's building, or at the user's address under another surname (same-surname
 * households are ehr.family), with no explanation for the access. Addresses are compared normalised (USPS
 * Publication 28 suffixes and directionals, unit designators, ZIP+4 cut to five digits; see access.ts).
 * Evidence: Practitioner and Patient addresses; explanation.
 * Misses: neighbours across a street corner or in another postal code; addresses without a house number.
 * False positives: unlisted care for a patient who happens to live nearby (small towns raise the rate).
 */
import {
  ehrMeta,
  employeeOfAccess,
  norm,
  sameArea,
  sameBuilding,
  sameHome,
  staffName,
  streets,
  type EhrCheck,
} from './access.js';
import { careReason } from './reasons.js';

/** House numbers at most this far apart count as neighbours (both sides of a street, a few doors). */
export const NEAR = 10;

/** ehr.neighbour: unexplained access to a neighbour's chart. */
export const neighbourAccess: EhrCheck = {
  meta: ehrMeta({
    id: 'ehr.neighbour',
    title: "Staff member opened a neighbour's chart",
    scorePolicy: '55; 60 for the same address under another surname',
    falsePositives: ['unlisted care for a patient who lives nearby'],
    blindSpots: ['neighbours across a corner or postal code', 'addresses without house numbers'],
  }),
  check(a, emit) {
    const s = a.staff;
    const p = a.pat;
    if (!s || !p || a.explanation) return;
    if (employeeOfAccess(a)?.ref === s.ref) return;
    const home = streets(s.address);
    if (home.length === 0) return;
    for (const x of streets(p.address)) {
      for (const h of home) {
        if (x.street !== h.street || !sameArea(x, h)) continue;
        const area = x.postal !== '' && x.postal === h.postal ? 'postal code' : 'town';
        if (sameHome(h, x)) {
          if (norm(p.family) === norm(s.family)) return; // a household member: ehr.family
          emit({
            detector: 'ehr.neighbour',
            score: 60,
            title: "Staff member opened a neighbour's chart",
            reasons: [
              `${staffName(a)} viewed the chart of a patient with another surname living at their address`,
              careReason(a),
            ],
          });
          return;
        }
        if (sameBuilding(h, x)) {
          emit({
            detector: 'ehr.neighbour',
            score: 55,
            title: "Staff member opened a neighbour's chart",
            reasons: [
              `${staffName(a)} viewed the chart of a neighbour: a patient living in another unit of their building`,
              careReason(a),
            ],
          });
          return;
        }
        if (x.number === undefined || h.number === undefined || Math.abs(x.number - h.number) > NEAR)
          continue;
        emit({
          detector: 'ehr.neighbour',
          score: 55,
          title: "Staff member opened a neighbour's chart",
          reasons: [
            `${staffName(a)} viewed the chart of a neighbour: a patient living ${Math.abs(x.number - h.number)} house numbers away on their street in the same ${area}`,
            careReason(a),
          ],
        });
        return;
      }
    }
  },
};
