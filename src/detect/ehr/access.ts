/**
 * What every EHR privacy check sees for one access: the event's user and patient as in the source, the staff
 * and patient records found in the context, and the explanation (or none). Also the shared wording helpers.
 */
import type { Address } from '../../model/index.js';
import type { ContextIndex, PatientInfo, StaffInfo } from '../../context/index.js';
import type { DetectorMeta } from '../detector.js';

/** Why an access is legitimate, as found in the context. */
export interface Explanation {
  /** `listed`: the user is named on the patient's encounter, care team or ADT visit; `role`: their role or unit fits. */
  strength: 'listed' | 'role';
  kind: 'encounter' | 'care_team' | 'adt' | 'unit' | 'service' | 'registration' | 'billing';
  /** Plain words: "attending on Encounter/enc-1". */
  text: string;
}

/** One EHR access with its context. */
export interface Access {
  id: string;
  time: number;
  /** As in the source (alert entity). */
  user: string;
  /** As in the source (alert entity). */
  patient: string;
  purpose?: string;
  action?: string;
  /** FHIR resource type read (`Observation`); absent when the patient record itself was read. */
  resourceType?: string;
  staff?: StaffInfo;
  pat?: PatientInfo;
  explanation?: Explanation;
  ctx: ContextIndex;
  /** The staff member who is the patient, once looked up by {@link employeeOfAccess} (`null`: nobody). */
  employee?: StaffInfo | null;
}

/** A check's finding for an access; the family groups findings into one alert per episode. */
export interface Finding {
  detector: string;
  score: number;
  title: string;
  reasons: string[];
  /** Evidence ids; default the access itself. */
  events?: string[];
  /** Patient entity; default the access's patient, `null` for findings about many patients (bulk). */
  patient?: string | null;
  /** User entity; default the access's user. */
  user?: string;
  /** Event time of the evidence; default the access's time. */
  time?: number;
}

/** One detector module of the EHR privacy family. */
export interface EhrCheck {
  meta: DetectorMeta;
  check(a: Access, emit: (f: Finding) => void): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** Insider misuse of valid accounts. */
export const ATTACK_VALID_ACCOUNTS = ['T1078'];

/** "Ana Ruiz", or the reference when the name is unknown. */
export function staffName(a: Access): string {
  const s = a.staff;
  const given = s?.given?.[0];
  if (s?.family !== undefined) return given !== undefined ? `${given} ${s.family}` : s.family;
  return a.user;
}

/** Role classes read from role codes (FHIR practitioner-role and local codes). */
export type RoleClass =
  'physician' | 'nurse' | 'pharmacy' | 'lab' | 'radiology' | 'registration' | 'billing' | 'it' | 'other';

/** The staff member who is the access's patient (shared identifier), looked up once per access. */
export function employeeOfAccess(a: Access): StaffInfo | undefined {
  if (a.employee === undefined) a.employee = a.ctx.employeeOf(a.patient) ?? null;
  return a.employee ?? undefined;
}

/** Role class by staff member, with the number of role codes it was read from (roles only grow). */
const roleClasses = new WeakMap<StaffInfo, { n: number; rc: RoleClass }>();

/** The role class of a staff member, from the first role code that says. */
export function roleClass(s: StaffInfo | undefined): RoleClass {
  if (s === undefined) return 'other';
  const known = roleClasses.get(s);
  if (known !== undefined && known.n === s.roles.length) return known.rc;
  const rc = roleClassOf(s.roles);
  roleClasses.set(s, { n: s.roles.length, rc });
  return rc;
}

function roleClassOf(roles: readonly string[]): RoleClass {
  for (const r of roles) {
    if (r.includes('pharm')) return 'pharmacy';
    if (r.includes('lab')) return 'lab';
    if (r.includes('radiol') || r.includes('imaging')) return 'radiology';
    if (r.includes('regist') || r.includes('admission') || r.includes('clerk')) return 'registration';
    if (r.includes('billing') || r.includes('coder') || r.includes('coding')) return 'billing';
    if (r === 'doctor' || r.includes('physician')) return 'physician';
    if (r.includes('nurse')) return 'nurse';
    if (r.startsWith('it-') || r === 'it' || r.includes('ict')) return 'it';
  }
  return 'other';
}

/** Lower-cased, single-spaced text for comparisons. */
export function norm(s: string | undefined): string {
  return (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A street address split into house number and street, with the postal code. */
export interface Street {
  number?: number;
  street: string;
  postal: string;
  city: string;
  line: string;
}

/** Parsed addresses by address list: context records are not changed after they are added, only replaced. */
const parsedStreets = new WeakMap<readonly Address[], readonly Street[]>();
const NO_STREETS: readonly Street[] = [];

/** Parse the first line of each address ("251 Pine St" → 251, "pine st"); parsed once per address list. */
export function streets(addr: readonly Address[] | undefined): readonly Street[] {
  if (addr === undefined) return NO_STREETS;
  let out = parsedStreets.get(addr);
  if (out === undefined) parsedStreets.set(addr, (out = parseStreets(addr)));
  return out;
}

function parseStreets(addr: readonly Address[]): Street[] {
  const out: Street[] = [];
  for (const a of addr) {
    const line = norm(a.line?.[0]);
    if (!line) continue;
    const m = /^(\d+)[a-z]?\s+(.+)$/.exec(line);
    const postal = norm(a.postalCode);
    const city = norm(a.city);
    if (m?.[1] !== undefined && m[2] !== undefined)
      out.push({ number: Number(m[1]), street: m[2], postal, city, line });
    else out.push({ street: line, postal, city, line });
  }
  return out;
}

/** Whether two street addresses are the same home (same line and same postal code or city). */
export function sameHome(a: Street, b: Street): boolean {
  return a.line === b.line && (a.postal === b.postal || (a.postal === '' && a.city === b.city));
}

/** Whether an access reads only demographics: the Patient resource itself or a Patient search. */
export function demographicsOnly(a: Access): boolean {
  return a.resourceType === undefined || a.resourceType === 'Patient';
}

/** Build a detector's metadata with the family's shared fields. */
export function ehrMeta(
  m: Omit<DetectorMeta, 'category' | 'needs' | 'attack' | 'maturity'> & { attack?: string[] },
): DetectorMeta {
  return {
    category: 'ehr_privacy',
    needs: ['ehr_access', 'context'],
    attack: m.attack ?? ATTACK_VALID_ACCOUNTS,
    maturity: 'experimental',
    ...m,
  };
}
