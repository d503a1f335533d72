/**
 * What every EHR privacy check sees for one access: the event's user and patient as in the source, the staff
 * and patient records found in the context, and the explanation (or none). Also the shared wording helpers.
 */
import type { Address } from '../../model/index.js';
import type { ContextIndex, PatientInfo, StaffInfo } from '../../context/index.js';
import type { DetectorMeta } from '../detector.js';

/** Why an access is legitimate, as found in the context. */
export interface Explanation {
  /**
   * `listed`: the user is named on the patient's encounter, care team or ADT visit, or as their general
   * practitioner; `role`: their role or unit fits (with the declared purpose for `purpose`).
   */
  strength: 'listed' | 'role';
  kind:
    'encounter' | 'care_team' | 'adt' | 'pcp' | 'unit' | 'service' | 'registration' | 'billing' | 'purpose';
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

/** Role classes read from role codes and titles (FHIR practitioner-role, HL7 v3, vendor job codes, job titles). */
export type RoleClass =
  | 'physician'
  | 'nurse'
  | 'pharmacy'
  | 'lab'
  | 'radiology'
  | 'registration'
  | 'billing'
  | 'him'
  | 'quality'
  | 'research'
  | 'compliance'
  | 'case_management'
  | 'social_work'
  | 'therapy'
  | 'pathology'
  | 'it'
  | 'other';

/**
 * Role vocabulary: words and codes (lower case, whole words; several words must appear in this order) that put a
 * role in a class. Rows are tried in order, so the more specific come first ("research nurse" is research,
 * "nurse practitioner" a prescriber, "pharmacy technician" pharmacy). Sources: HL7 practitioner-role codes
 * (doctor, nurse, pharmacist, researcher, ict), SNOMED CT occupations (158965000 medical practitioner, 309343006
 * physician, 224535009 registered nurse, 46255001 pharmacist, 36682004 physiotherapist, 80546007 occupational
 * therapist), licence abbreviations (MD, DO, RN, LPN, NP, PA) and the usual job titles and vendor job codes.
 */
export const ROLE_VOCABULARY: readonly { rc: RoleClass; words: readonly string[] }[] = [
  {
    rc: 'compliance',
    words: [
      'compliance',
      'privacy officer',
      'privacy',
      'risk management',
      'risk manager',
      'internal audit',
      'auditor',
    ],
  },
  {
    rc: 'research',
    words: [
      'research',
      'researcher',
      'irb',
      'clinical trials',
      'study coordinator',
      'crc',
      'cro',
      'investigator',
    ],
  },
  {
    rc: 'quality',
    words: [
      'quality',
      'patient safety',
      'mortality review',
      'peer review',
      'infection prevention',
      'infection control',
      'accreditation',
      'qi',
      'qa',
    ],
  },
  {
    rc: 'him',
    words: [
      'him',
      'health information',
      'health information management',
      'medical records',
      'medical record',
      'release of information',
      'roi',
      'records',
      'rhia',
      'rhit',
      'cdi',
      'clinical documentation',
    ],
  },
  {
    rc: 'pathology',
    words: ['pathology', 'pathologist', 'autopsy', 'morgue', 'decedent affairs', 'medical examiner'],
  },
  {
    rc: 'billing',
    words: [
      'billing',
      'biller',
      'coder',
      'coding',
      'bill',
      'revenue cycle',
      'patient financial services',
      'claims',
      'cpc',
      'ccs',
    ],
  },
  {
    rc: 'registration',
    words: [
      'registration',
      'registrar',
      'reg',
      'patient access',
      'admitting',
      'admissions',
      'admission',
      'scheduler',
      'scheduling',
      'front desk',
      'unit clerk',
      'unit secretary',
      'clerk',
      'receptionist',
    ],
  },
  {
    rc: 'case_management',
    words: [
      'case management',
      'case manager',
      'care coordination',
      'care coordinator',
      'utilization review',
      'discharge planner',
      'cm',
    ],
  },
  { rc: 'social_work', words: ['social work', 'social worker', 'msw', 'lcsw', 'sw'] },
  {
    rc: 'therapy',
    words: [
      'therapy',
      'therapist',
      'physiotherapist',
      '36682004',
      '80546007',
      'rehabilitation',
      'rehab',
      'pt',
      'ot',
      'slp',
      'rt',
      'dietitian',
      'nutrition',
      'nutritionist',
    ],
  },
  { rc: 'pharmacy', words: ['pharmacy', 'pharmacist', 'pharm', 'pharmd', 'rph', '46255001'] },
  {
    rc: 'lab',
    words: [
      'lab',
      'laboratory',
      'phlebotomist',
      'phlebotomy',
      'medical technologist',
      'mls',
      'mlt',
      'blood bank',
    ],
  },
  {
    rc: 'radiology',
    words: [
      'radiology',
      'radiologist',
      'imaging',
      'rad',
      'radiographer',
      'sonographer',
      'mri',
      'ct technologist',
      'x ray',
      'pacs',
    ],
  },
  {
    rc: 'physician',
    words: [
      'doctor',
      'physician',
      'medical practitioner',
      '158965000',
      '309343006',
      'md',
      'do',
      'mbbs',
      'attending',
      'resident',
      'intern',
      'fellow',
      'hospitalist',
      'nocturnist',
      'intensivist',
      'surgeon',
      'anesthesiologist',
      'nurse practitioner',
      'np',
      'aprn',
      'crna',
      'physician assistant',
      'pa',
      'pa c',
      'house officer',
      'registrar physician',
    ],
  },
  {
    rc: 'nurse',
    words: [
      'nurse',
      'nursing',
      'rn',
      'lpn',
      'lvn',
      'cna',
      '224535009',
      'nursing assistant',
      'patient care technician',
      'pct',
      'medical assistant',
      'ma',
      'midwife',
      'cnm',
    ],
  },
  {
    rc: 'it',
    words: ['it', 'ict', 'information technology', 'informatics', 'help desk', 'service desk', 'analyst'],
  },
];

/** The vocabulary as padded phrases (" patient access ") for whole-word tests. */
const ROLE_PHRASES = ROLE_VOCABULARY.map(({ rc, words }) => ({ rc, phrases: words.map((w) => ` ${w} `) }));

/** " registered nurse " from "Registered-Nurse": lower case, words split on anything but letters and digits. */
function padded(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** The classes one role code or title says, in vocabulary order; a word ending in -ologist is a physician. */
function classesOfText(text: string, out: RoleClass[]): void {
  const t = padded(text);
  if (t.length <= 2) return;
  for (const { rc, phrases } of ROLE_PHRASES)
    if (!out.includes(rc) && phrases.some((p) => t.includes(p))) out.push(rc);
  if (/[a-z]ologist /.test(t) && !out.includes('physician')) out.push('physician');
}

/** The staff member who is the access's patient (shared identifier), looked up once per access. */
export function employeeOfAccess(a: Access): StaffInfo | undefined {
  if (a.employee === undefined) a.employee = a.ctx.employeeOf(a.patient) ?? null;
  return a.employee ?? undefined;
}

/** Role classes by staff member, with the number of role words they were read from (roles only grow). */
const roleClasses = new WeakMap<StaffInfo, { n: number; all: readonly RoleClass[] }>();

/**
 * Every class a staff member's roles say: role and specialty codes first, then their displays and texts; the
 * first is the staff member's main {@link roleClass}.
 */
export function roleClassesOf(s: StaffInfo | undefined): readonly RoleClass[] {
  if (s === undefined) return NO_CLASSES;
  const n = s.roles.length + s.roleText.length;
  const known = roleClasses.get(s);
  if (known !== undefined && known.n === n) return known.all;
  const all: RoleClass[] = [];
  const byText: RoleClass[] = [];
  // The first class of each role code counts before any second reading of the same code.
  for (const r of s.roles) {
    const one: RoleClass[] = [];
    classesOfText(r, one);
    if (one[0] !== undefined && !all.includes(one[0])) all.push(one[0]);
    for (const c of one) if (!byText.includes(c)) byText.push(c);
  }
  for (const r of s.roleText) classesOfText(r, byText);
  for (const c of byText) if (!all.includes(c)) all.push(c);
  roleClasses.set(s, { n, all });
  return all;
}

const NO_CLASSES: readonly RoleClass[] = [];

/** The main role class of a staff member: the first role code (then title) that says; `other` when none does. */
export function roleClass(s: StaffInfo | undefined): RoleClass {
  return roleClassesOf(s)[0] ?? 'other';
}

/** Whether any of a staff member's roles is of one of these classes. */
export function hasRoleClass(s: StaffInfo | undefined, classes: readonly RoleClass[]): boolean {
  return roleClassesOf(s).some((c) => classes.includes(c));
}

/** Lower-cased, single-spaced text for comparisons. */
export function norm(s: string | undefined): string {
  return (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A street address normalised for comparison (USPS Publication 28 style), split into its parts. */
export interface Street {
  number?: number;
  /** Street name with standard suffix and directional abbreviations: "n oak ave". */
  street: string;
  /** Secondary unit (apartment, suite, floor …) without its designator: "3b"; empty when none. */
  unit: string;
  /** First five digits of a US ZIP (ZIP+4 cut), else the code lower-cased without spaces. */
  postal: string;
  city: string;
  /** The whole normalised address line: number, street and unit. */
  line: string;
}

/**
 * Street suffixes and directionals to their USPS Publication 28 abbreviations (appendix C1 and the directional
 * table); words already abbreviated map to themselves, common variants ("av", "str") to the standard form.
 */
const USPS_WORDS: Readonly<Record<string, string>> = {
  street: 'st',
  str: 'st',
  avenue: 'ave',
  av: 'ave',
  aven: 'ave',
  avn: 'ave',
  drive: 'dr',
  drv: 'dr',
  court: 'ct',
  road: 'rd',
  lane: 'ln',
  boulevard: 'blvd',
  boul: 'blvd',
  place: 'pl',
  terrace: 'ter',
  terr: 'ter',
  circle: 'cir',
  circ: 'cir',
  parkway: 'pkwy',
  parkwy: 'pkwy',
  pky: 'pkwy',
  highway: 'hwy',
  hiway: 'hwy',
  trail: 'trl',
  square: 'sq',
  alley: 'aly',
  crossing: 'xing',
  expressway: 'expy',
  freeway: 'fwy',
  heights: 'hts',
  hollow: 'holw',
  junction: 'jct',
  loop: 'loop',
  mount: 'mt',
  mountain: 'mtn',
  point: 'pt',
  ridge: 'rdg',
  route: 'rte',
  run: 'run',
  turnpike: 'tpke',
  crescent: 'cres',
  cove: 'cv',
  creek: 'crk',
  glen: 'gln',
  grove: 'grv',
  harbor: 'hbr',
  hill: 'hl',
  meadow: 'mdw',
  meadows: 'mdws',
  park: 'park',
  path: 'path',
  pike: 'pike',
  plaza: 'plz',
  spring: 'spg',
  springs: 'spgs',
  station: 'sta',
  valley: 'vly',
  view: 'vw',
  village: 'vlg',
  way: 'way',
  walk: 'walk',
  common: 'cmn',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  first: '1st',
  second: '2nd',
  third: '3rd',
  fourth: '4th',
  fifth: '5th',
  sixth: '6th',
  seventh: '7th',
  eighth: '8th',
  ninth: '9th',
  tenth: '10th',
};

/** Secondary unit designators (USPS Publication 28 appendix C2 and `#`): the unit follows them. */
const UNIT_WORDS: ReadonlySet<string> = new Set([
  'apt',
  'apartment',
  'unit',
  'ste',
  'suite',
  '#',
  'no',
  'fl',
  'floor',
  'flr',
  'bldg',
  'building',
  'rm',
  'room',
  'lot',
  'spc',
  'space',
  'trlr',
  'trailer',
  'dept',
  'ofc',
  'office',
  'ph',
  'penthouse',
  'bsmt',
  'basement',
  'frnt',
  'front',
  'rear',
  'lowr',
  'lower',
  'uppr',
  'upper',
  'side',
  'stop',
  'pier',
  'slip',
  'hngr',
  'hangar',
  'lbby',
  'lobby',
]);

/** Parsed addresses by address list: context records are not changed after they are added, only replaced. */
const parsedStreets = new WeakMap<readonly Address[], readonly Street[]>();
const NO_STREETS: readonly Street[] = [];

/** Normalise each address ("12 Oak Avenue", "Apt 3" → 12, "oak ave", unit "3"); parsed once per address list. */
export function streets(addr: readonly Address[] | undefined): readonly Street[] {
  if (addr === undefined) return NO_STREETS;
  let out = parsedStreets.get(addr);
  if (out === undefined) parsedStreets.set(addr, (out = parseStreets(addr)));
  return out;
}

/** Lower-case words of an address line: punctuation dropped, `#` kept as a word, suffixes abbreviated. */
function addressWords(line: string): string[] {
  const words = line
    .toLowerCase()
    .replace(/[.,']/g, '')
    .replace(/#/g, ' # ')
    .split(/[^a-z0-9#]+/);
  const out: string[] = [];
  for (const w of words) if (w !== '') out.push(USPS_WORDS[w] ?? w);
  return out;
}

/** One address line split at its first unit designator: the words before, and the unit after ("" if none). */
function splitUnit(words: readonly string[]): { head: string[]; unit: string } {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // "no" is a designator only before a number ("No 4"), and a designator needs something after it.
    if (w === undefined || !UNIT_WORDS.has(w) || (w === 'no' && !/^\d/.test(words[i + 1] ?? ''))) continue;
    const rest = words.slice(i + 1).filter((x) => !UNIT_WORDS.has(x));
    if (rest.length === 0 && i > 0) return { head: words.slice(0, i), unit: '' };
    return { head: words.slice(0, i), unit: rest.join(' ') };
  }
  return { head: [...words], unit: '' };
}

function normPostal(code: string | undefined): string {
  const c = (code ?? '').trim().toLowerCase();
  const zip = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(c);
  return zip?.[1] ?? c.replace(/\s+/g, '');
}

function parseStreets(addr: readonly Address[]): Street[] {
  const out: Street[] = [];
  for (const a of addr) {
    let street: string[] | undefined;
    let number: number | undefined;
    let unit = '';
    // Line 1 is usually the street, but a unit or building line may come first; later lines add the unit.
    for (const raw of a.line ?? []) {
      const { head, unit: u } = splitUnit(addressWords(raw));
      if (u !== '' && unit === '') unit = u;
      if (head.length === 0) continue;
      const num = /^(\d+)[a-z]?$/.exec(head[0] ?? '');
      if (num?.[1] !== undefined && head.length > 1 && (street === undefined || number === undefined)) {
        number = Number(num[1]);
        street = head.slice(1);
      } else if (street === undefined) street = head;
    }
    if (street === undefined) continue;
    const name = street.join(' ');
    const line = [number ?? '', name, unit].join(' ').trim();
    const s: Street = { street: name, unit, postal: normPostal(a.postalCode), city: norm(a.city), line };
    if (number !== undefined) s.number = number;
    out.push(s);
  }
  return out;
}

/** Whether two normalised addresses are in the same area: same postal code, or same town when one has none. */
export function sameArea(a: Street, b: Street): boolean {
  return a.postal !== '' && b.postal !== '' ? a.postal === b.postal : a.city !== '' && a.city === b.city;
}

/** Whether two addresses are the same building: same number and street in the same area (units may differ). */
export function sameBuilding(a: Street, b: Street): boolean {
  return a.number !== undefined && a.number === b.number && a.street === b.street && sameArea(a, b);
}

/** Whether two addresses are the same home: same building and the same unit (or neither has one). */
export function sameHome(a: Street, b: Street): boolean {
  return a.line === b.line && sameArea(a, b);
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
