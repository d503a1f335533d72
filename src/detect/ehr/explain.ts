/**
 * Explanation-based auditing: an access is explained when the context shows a reason to treat or serve the
 * patient at that time. Listed relationships come first (encounter participant, care team member, ADT attending /
 * consulting / admitting / referring, the patient's general practitioner — a primary-care panel, ongoing), then
 * role-based ones (staff of the unit where the patient stays; pharmacy, lab and radiology working orders during
 * a visit; registration around arrival; billing, coding and health-information staff during and after the
 * visit; a declared operations or research purpose by staff whose role does that work). Everything else is
 * unexplained — which is not the same as suspicious: covering colleagues, unlisted consults and IT support stay
 * unexplained, so detectors need more than "no explanation" to alert.
 */
import type { ContextIndex, Stay, StaffInfo } from '../../context/index.js';
import { fmtSpan } from '../wording.js';
import { roleClass, roleClassesOf, type Explanation, type RoleClass } from './access.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Time windows around a care link or stay; chart review starts before and continues after the visit. */
export const WINDOWS = {
  /** Listed care: from a day before the start (pre-admission review) to 14 days after the end (follow-up). */
  listedBefore: DAY,
  listedAfter: 14 * DAY,
  /** Unit staff: while the patient is on the unit, plus a shift either side (handover, late charting). */
  unitBefore: 12 * HOUR,
  unitAfter: 24 * HOUR,
  /** Pharmacy, lab, radiology: results and orders arrive up to two days after the visit. */
  serviceBefore: 12 * HOUR,
  serviceAfter: 2 * DAY,
  /** Registration: the day before arrival (pre-registration) to a day after. */
  registration: DAY,
  /** Billing and coding: during the visit and 60 days after it ended. */
  billingAfter: 60 * DAY,
};

/** Resource types each service role works with; an absent resource (the Patient itself) fits every role. */
const SERVICE_RESOURCES: Record<'pharmacy' | 'lab' | 'radiology', readonly string[]> = {
  pharmacy: [
    'MedicationRequest',
    'MedicationAdministration',
    'MedicationDispense',
    'MedicationStatement',
    'AllergyIntolerance',
    'Observation',
    'Condition',
  ],
  lab: ['ServiceRequest', 'Specimen', 'Observation', 'DiagnosticReport'],
  radiology: ['ServiceRequest', 'ImagingStudy', 'DiagnosticReport', 'Observation'],
};

/**
 * Declared purposes of use (HL7 v3 PurposeOfUse, AuditEvent.purposeOfEvent) that explain an access when the
 * user's role does that work: healthcare operations (HOPERAT and its quality, safety, records, compliance,
 * accreditation and decedent specialisations) by quality, HIM, compliance and pathology staff; care management
 * by case managers and social workers; research (HRESCH and its kinds) by research staff. The purpose alone is
 * the user's word; the role makes it plausible. https://terminology.hl7.org/ValueSet-v3-PurposeOfUse.html
 */
export const PURPOSE_ROLES: readonly {
  purposes: readonly string[];
  what: string;
  roles: readonly RoleClass[];
}[] = [
  {
    purposes: [
      'HOPERAT',
      'HQUALIMP',
      'PATSFTY',
      'HOUTCOMS',
      'PERFMSR',
      'RECORDMGT',
      'HCOMPL',
      'HACCRED',
      'HDECD',
    ],
    what: 'healthcare operations (quality, mortality or records review)',
    roles: ['quality', 'him', 'compliance', 'pathology'],
  },
  {
    purposes: ['CAREMGT'],
    what: 'care management',
    roles: ['case_management', 'social_work'],
  },
  {
    purposes: [
      'HRESCH',
      'CLINTRCH',
      'CLINTRCHNPC',
      'CLINTRCHPC',
      'PRECLINTRCH',
      'BIORCH',
      'DSRCH',
      'TRANSRCH',
      'POARCH',
    ],
    what: 'research',
    roles: ['research'],
  },
];

function within(
  t: number,
  start: number | undefined,
  end: number | undefined,
  before: number,
  after: number,
): boolean {
  if (start !== undefined && t < start - before) return false;
  if (end !== undefined && t > end + after) return false;
  return true;
}

/** The stay the patient was in around `t` (with slack), latest first. */
export function stayAt(
  ctx: ContextIndex,
  patient: string,
  t: number,
  before: number,
  after: number,
): Stay | undefined {
  const list = ctx.stays(patient);
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i];
    if (s && stayCovers(s, t, before, after)) return s;
  }
  return undefined;
}

/** Whether a stay (open-ended stays count 30 days) covers `t`, with slack before its start and after its end. */
export function stayCovers(s: Stay, t: number, before: number, after: number): boolean {
  return s.start !== undefined && within(t, s.start, s.end ?? s.start + 30 * DAY, before, after);
}

function unitName(u: string): string {
  return u.replace(/^(location|organization)\//, '').toUpperCase();
}

/** Explain one access by `user` (as in the source) to `patient` at `t`, or return undefined. */
export function explain(
  ctx: ContextIndex,
  user: string,
  staff: StaffInfo | undefined,
  patient: string,
  t: number,
  resourceType: string | undefined,
  purpose?: string,
): Explanation | undefined {
  for (const l of ctx.careLinks(user, patient)) {
    if (!within(t, l.start, l.end, WINDOWS.listedBefore, WINDOWS.listedAfter)) continue;
    const kind = l.via.startsWith('CareTeam/')
      ? 'care_team'
      : l.via.startsWith('Encounter/')
        ? 'encounter'
        : 'adt';
    return { strength: 'listed', kind, text: `${l.role} on ${kind === 'adt' ? `visit ${l.via}` : l.via}` };
  }
  if (ctx.isGeneralPractitioner(user, patient))
    return {
      strength: 'listed',
      kind: 'pcp',
      text: "the patient's general practitioner (primary-care panel, Patient.generalPractitioner)",
    };
  if (!staff) return undefined;
  for (const s of ctx.stays(patient)) {
    if (s.start === undefined) continue;
    if (!within(t, s.start, s.end ?? s.start + 30 * DAY, WINDOWS.unitBefore, WINDOWS.unitAfter)) continue;
    const u = ctx.worksOn(staff, s.units);
    if (u !== undefined)
      return { strength: 'role', kind: 'unit', text: `works on ${unitName(u)} where the patient stayed` };
  }
  const rc = roleClass(staff);
  if (rc === 'pharmacy' || rc === 'lab' || rc === 'radiology') {
    const fits = resourceType === undefined || SERVICE_RESOURCES[rc].includes(resourceType);
    const s = fits ? stayAt(ctx, patient, t, WINDOWS.serviceBefore, WINDOWS.serviceAfter) : undefined;
    if (s) return { strength: 'role', kind: 'service', text: `${rc} work for the patient's visit ${s.via}` };
  }
  if (rc === 'registration') {
    for (const s of ctx.stays(patient)) {
      if (s.start !== undefined && Math.abs(t - s.start) <= WINDOWS.registration)
        return {
          strength: 'role',
          kind: 'registration',
          text: `registration within ${fmtSpan(Math.abs(t - s.start))} of arrival (${s.via})`,
        };
    }
  }
  if (rc === 'billing' || rc === 'him') {
    const s = stayAt(ctx, patient, t, 0, WINDOWS.billingAfter);
    const what = rc === 'him' ? 'health-information (records) work' : 'billing and coding';
    if (s) return { strength: 'role', kind: 'billing', text: `${what} for the visit ${s.via}` };
  }
  if (purpose !== undefined) {
    for (const p of PURPOSE_ROLES) {
      if (!p.purposes.includes(purpose)) continue;
      const fit = roleClassesOf(staff).find((c) => p.roles.includes(c));
      if (fit !== undefined)
        return {
          strength: 'role',
          kind: 'purpose',
          text: `declared purpose ${p.what} (${purpose}) fits their ${fit.replace('_', ' ')} role`,
        };
    }
  }
  return undefined;
}
