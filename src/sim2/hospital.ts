/**
 * The second generator's hospital: departments (inpatient units, ICUs, an emergency department, outpatient
 * clinics, virtual care and support services), staff with roles in other proportions than src/sim (residents,
 * float-pool and travel nurses, scribes, students, case managers, social workers, dietitians, therapists,
 * transport, registration, coding, quality and research), and patients living in households on shared streets,
 * some of them employees, VIPs, restricted or deceased. Everything is drawn from one seeded stream.
 */
import type { Rng } from './random.js';

/** What a department does; decides who works there and which visits it has. */
export type DeptKind = 'ward' | 'icu' | 'ed' | 'clinic' | 'virtual' | 'service';

/** A department (an Organization) with its Locations. */
export interface Dept {
  key: string;
  id: string;
  name: string;
  kind: DeptKind;
  /** SNOMED CT specialty (code, display) when clinical. */
  specialty?: readonly [string, string];
  /** Beds or daily visit slots; the size weight. */
  size: number;
  locations: { id: string; name: string }[];
}

/** Staff roles of this hospital. */
export type Role =
  | 'attending'
  | 'hospitalist'
  | 'resident'
  | 'app'
  | 'rn'
  | 'float_rn'
  | 'travel_rn'
  | 'ma'
  | 'scribe'
  | 'student'
  | 'case_manager'
  | 'social_worker'
  | 'dietitian'
  | 'therapist'
  | 'pharmacist'
  | 'transport'
  | 'registration'
  | 'him'
  | 'quality'
  | 'researcher'
  | 'rad_tech';

/** A street address, kept structured so files can render it in several styles. */
export interface Home {
  num: number;
  street: string;
  unit?: string;
  city: string;
  postal: string;
}

/** A staff member. */
export interface Staff {
  id: string;
  ref: string;
  family: string;
  given: string;
  gender: 'female' | 'male';
  birthDate: string;
  home: Home;
  /** Whether the HR feed sends the home address (not every export does). */
  addressOnFile: boolean;
  role: Role;
  dept: Dept;
  workforceId: string;
  login: string;
  npi?: string;
  /** Offset into the weekly rota (which days this person works). */
  rota: number;
  /** Night worker (nurses, nocturnists, night registration). */
  nights: boolean;
  /** Resident rotation, student or scribe placement: the department actually worked in. */
  workDept: Dept;
  /** Preceptor of a student, physician of a scribe. */
  buddy?: Staff;
  /** Units a case manager or therapist covers. */
  covers: Dept[];
}

/** A patient. */
export interface Patient {
  id: string;
  ref: string;
  mrn: string;
  family: string;
  given: string;
  gender: 'female' | 'male';
  birthDate: string;
  home: Home;
  household: number;
  /** The staff member this patient is (employee health record). */
  employee?: Staff;
  /** Whether the employee link is written as a workforce identifier (else only name and birth date match). */
  employeeLinked: boolean;
  labels: string[];
  /** Death time (epoch ms), or true when only the fact is known. */
  deceased?: number | true;
  /** Primary care physician. */
  pcp?: Staff;
}

/** The whole world. */
export interface Hospital {
  org: { id: string; name: string };
  agency: { id: string; name: string };
  school: { id: string; name: string };
  depts: Dept[];
  byKey: Map<string, Dept>;
  staff: Staff[];
  patients: Patient[];
}

const DEPTS: readonly [string, string, DeptKind, number, (readonly [string, string])?][] = [
  ['5w', '5 West Cardiac Telemetry', 'ward', 24, ['394579002', 'Cardiology']],
  ['6e', '6 East Orthopaedics and Spine', 'ward', 20, ['394801008', 'Trauma and orthopaedics']],
  ['7n', '7 North General Medicine', 'ward', 30, ['419192003', 'Internal medicine']],
  ['4s', '4 South Hematology-Oncology', 'ward', 16, ['394593009', 'Medical oncology']],
  ['bhu', 'Adult Behavioral Health Unit', 'ward', 14, ['394587001', 'Psychiatry']],
  ['bc', 'Birthing Center', 'ward', 12, ['394585009', 'Obstetrics and gynecology']],
  ['micu', 'Medical Intensive Care', 'icu', 12, ['408478003', 'Critical care medicine']],
  ['cvicu', 'Cardiovascular ICU', 'icu', 8, ['408478003', 'Critical care medicine']],
  ['ed', 'Emergency Department', 'ed', 40, ['773568002', 'Emergency medicine']],
  ['lpc', 'Lakeside Primary Care', 'clinic', 40, ['419772000', 'Family practice']],
  ['endo', 'Endocrinology and Diabetes Clinic', 'clinic', 16, ['394583002', 'Endocrinology']],
  ['smo', 'Sports Medicine and Orthopaedic Clinic', 'clinic', 18, ['394801008', 'Trauma and orthopaedics']],
  ['cci', 'Cancer Center Infusion', 'clinic', 14, ['394593009', 'Medical oncology']],
  ['vc', 'Virtual Care', 'virtual', 20, ['419772000', 'Family practice']],
  ['pharm', 'Pharmacy Services', 'service', 0],
  ['rehab', 'Rehabilitation Services', 'service', 0],
  ['nutr', 'Clinical Nutrition', 'service', 0],
  ['ccm', 'Care Coordination', 'service', 0],
  ['sw', 'Social Work', 'service', 0],
  ['trn', 'Patient Transport', 'service', 0],
  ['pa', 'Patient Access', 'service', 0],
  ['him', 'Health Information Management', 'service', 0],
  ['qps', 'Quality and Patient Safety', 'service', 0],
  ['cro', 'Clinical Research Office', 'service', 0],
  ['gme', 'Graduate Medical Education', 'service', 0],
  ['pool', 'Nursing Resource Pool', 'service', 0],
  ['img', 'Imaging Services', 'service', 0],
];

/** Share of each role in the staff (the rest are unit nurses). */
const ROLE_SHARE: readonly [Role, number][] = [
  ['attending', 0.11],
  ['hospitalist', 0.04],
  ['resident', 0.07],
  ['app', 0.04],
  ['float_rn', 0.05],
  ['travel_rn', 0.03],
  ['ma', 0.03],
  ['scribe', 0.02],
  ['student', 0.03],
  ['case_manager', 0.03],
  ['social_worker', 0.02],
  ['dietitian', 0.02],
  ['therapist', 0.04],
  ['pharmacist', 0.04],
  ['transport', 0.03],
  ['registration', 0.06],
  ['him', 0.03],
  ['quality', 0.01],
  ['researcher', 0.015],
  ['rad_tech', 0.02],
];

const SURNAMES = (
  'Okafor Lindqvist Haddad Nguyen Tran Kowalski Moreau Brennan Castillo Delgado Oyelaran Schmidt Novak ' +
  'Petrov Yamamoto Kaur Singh Osei Mensah Fitzgerald Gallagher Romero Alvarez Ibarra Sato Kim Park Choi ' +
  'Johansson Eriksen Dubois Marchetti Rossi Bianchi Ferreira Costa Silva Mwangi Achebe Abara Hughes ' +
  'Whitaker Pruitt Lockhart Underwood Vance Holloway Kendrick Stroud Ashby Carver Thornton Bishop Reyes ' +
  'Nguyen Tran Smith Smith Johnson Garcia Brown Patel Patel Shah Cohen Levi Friedman Murphy Walsh'
).split(' ');
const FEMALE = (
  'Amara Beatriz Chiara Dagny Esme Farah Greta Hana Ines Jolene Keiko Leona Mirela Noor Odile Priya ' +
  'Quinn Rosalind Saoirse Tamsin Uma Vesna Wren Ximena Yara Zofia Ada Bea Cleo Dina'
).split(' ');
const MALE = (
  'Anders Bashir Cormac Dario Emeka Florin Gideon Hamza Ivo Jonas Kwame Lorcan Matteo Nikhil Osric ' +
  'Pavel Rafael Silas Teodor Ulf Viktor Wendell Yusuf Zoran Abel Bram Cyrus Desmond Elio Finn'
).split(' ');

/** Postal areas: city, postal code and its streets. */
const AREAS: readonly [string, string, string[]][] = [
  ['Millbrook', '54201', ['Oak Avenue', 'Birch Lane', 'Canal Street', 'Harbor View Road']],
  ['Millbrook', '54202', ['Maple Court', 'Station Road', 'Quarry Hill Drive', 'Linden Way']],
  ['Millbrook', '54203', ['Elm Street', 'Foundry Row', 'Willow Bend', 'Prospect Terrace']],
  ['Easton', '54210', ['Main Street', 'Orchard Road', 'Mill Pond Lane', 'Chapel Street']],
  ['Easton', '54211', ['Ridge Road', 'Aspen Circle', 'Granary Way', 'Heron Drive']],
  ['Cedar Falls', '54220', ['River Road', 'Cedar Avenue', 'Pine Hollow', 'Falls Parkway']],
  ['Cedar Falls', '54221', ['Summit Street', 'Meadow Lane', 'Bluff Road', 'Sawmill Court']],
];

/** A random home in the catchment area. */
export function randomHome(rng: Rng): Home {
  const [city, postal, streets] = rng.pick(AREAS);
  const home: Home = { num: rng.int(1, 240), street: rng.pick(streets), city, postal };
  if (rng.chance(0.25)) home.unit = String(rng.int(1, 24));
  return home;
}

function dob(rng: Rng, minAge: number, maxAge: number, year: number): string {
  const y = year - rng.int(minAge, maxAge);
  return `${y}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

function digits(rng: Rng, n: number): string {
  let s = String(rng.int(1, 9));
  while (s.length < n) s += String(rng.int(0, 9));
  return s;
}

/** Which department a role works in. */
function deptFor(rng: Rng, role: Role, depts: Dept[], byKey: Map<string, Dept>): Dept {
  const of = (kinds: DeptKind[]): Dept =>
    rng.weighted(depts.filter((d) => kinds.includes(d.kind)).map((d) => [d, d.size] as const));
  const k = (key: string): Dept => byKey.get(key) as Dept;
  switch (role) {
    case 'attending':
      return of(['ward', 'icu', 'ed', 'clinic', 'virtual']);
    case 'hospitalist':
      return k('7n');
    case 'app':
      return of(['ed', 'clinic', 'icu']);
    case 'rn':
    case 'travel_rn':
      return of(['ward', 'icu', 'ed', 'ed', 'clinic', 'virtual']);
    case 'ma':
      return of(['clinic']);
    case 'scribe':
      return rng.chance(0.5) ? k('ed') : of(['clinic']);
    case 'resident':
    case 'student':
      return k('gme');
    case 'float_rn':
      return k('pool');
    case 'case_manager':
      return k('ccm');
    case 'social_worker':
      return k('sw');
    case 'dietitian':
      return k('nutr');
    case 'therapist':
      return k('rehab');
    case 'pharmacist':
      return k('pharm');
    case 'transport':
      return k('trn');
    case 'registration':
      return k('pa');
    case 'him':
      return k('him');
    case 'quality':
      return k('qps');
    case 'researcher':
      return k('cro');
    case 'rad_tech':
      return k('img');
  }
}

/** Build departments, staff and patients. */
export function buildHospital(rng: Rng, nStaff: number, nPatients: number, year: number): Hospital {
  const depts: Dept[] = DEPTS.map(([key, name, kind, size, specialty]) => {
    const d: Dept = { key, id: rng.uuid(), name, kind, size, locations: [] };
    if (specialty) d.specialty = specialty;
    if (kind === 'ward' || kind === 'icu') {
      for (let i = 0; i < Math.ceil(size / 6); i++)
        d.locations.push({ id: rng.uuid(), name: `${name} pod ${String.fromCharCode(65 + i)}` });
    } else if (kind !== 'service' && kind !== 'virtual') {
      d.locations.push({ id: rng.uuid(), name });
    }
    return d;
  });
  const byKey = new Map(depts.map((d) => [d.key, d]));
  const clinical = depts.filter((d) => d.kind !== 'service');

  const roles: Role[] = [];
  for (const [role, share] of ROLE_SHARE)
    for (let i = 0; i < Math.max(1, Math.round(share * nStaff)); i++) roles.push(role);
  while (roles.length < nStaff) roles.push('rn');
  const staff: Staff[] = roles.slice(0, Math.max(nStaff, roles.length)).map((role) => {
    const gender = rng.chance(0.6) ? 'female' : 'male';
    const family = rng.pick(SURNAMES);
    const given = rng.pick(gender === 'female' ? FEMALE : MALE);
    const id = rng.uuid();
    const dept = deptFor(rng, role, depts, byKey);
    const s: Staff = {
      id,
      ref: `Practitioner/${id}`,
      family,
      given,
      gender,
      birthDate: dob(rng, role === 'student' ? 21 : 24, role === 'student' ? 30 : 66, year),
      home: randomHome(rng),
      addressOnFile: rng.chance(0.85),
      role,
      dept,
      workforceId: `W${digits(rng, 6)}`,
      login: `${given[0] ?? 'x'}${family}${rng.int(1, 99)}`.toLowerCase(),
      rota: rng.int(0, 6),
      nights: false,
      workDept: dept,
      covers: [],
    };
    if (['attending', 'hospitalist', 'resident', 'app', 'pharmacist'].includes(role)) s.npi = digits(rng, 10);
    if (['rn', 'travel_rn', 'float_rn', 'registration'].includes(role)) s.nights = rng.chance(0.35);
    if (role === 'hospitalist') s.nights = rng.chance(0.3);
    if (role === 'resident') s.workDept = rng.pick(clinical.filter((d) => d.kind !== 'virtual'));
    if (role === 'case_manager' || role === 'therapist' || role === 'dietitian' || role === 'social_worker')
      s.covers = rng.sample(
        clinical.filter((d) => d.kind === 'ward' || d.kind === 'icu'),
        rng.int(2, 4),
      );
    return s;
  });
  // Students follow a nurse or physician; scribes follow a physician of their department.
  const physicians = staff.filter((s) => s.role === 'attending');
  const nurses = staff.filter((s) => s.role === 'rn');
  for (const s of staff) {
    if (s.role === 'student') {
      const buddy = rng.chance(0.5) ? rng.pick(nurses) : rng.pick(physicians);
      s.buddy = buddy;
      s.workDept = buddy.dept;
      s.nights = buddy.nights;
      s.rota = buddy.rota;
    } else if (s.role === 'scribe') {
      const same = physicians.filter((p) => p.dept === s.dept);
      const buddy = same.length > 0 ? rng.pick(same) : rng.pick(physicians);
      s.buddy = buddy;
      s.workDept = buddy.dept;
      s.rota = buddy.rota;
    }
  }
  const patients = buildPatients(rng, staff, nPatients, year);
  return {
    org: { id: rng.uuid(), name: 'Riverside Regional Medical Center' },
    agency: { id: rng.uuid(), name: 'Northstar Travel Nursing' },
    school: { id: rng.uuid(), name: 'Millbrook College of Health Sciences' },
    depts,
    byKey,
    staff,
    patients,
  };
}

function buildPatients(rng: Rng, staff: Staff[], n: number, year: number): Patient[] {
  const out: Patient[] = [];
  let household = 0;
  const physicians = staff.filter((s) => s.role === 'attending' && s.dept.kind === 'clinic');
  const add = (p: Omit<Patient, 'id' | 'ref' | 'mrn' | 'labels' | 'employeeLinked'>): Patient => {
    const id = rng.uuid();
    const full: Patient = {
      ...p,
      id,
      ref: `Patient/${id}`,
      mrn: digits(rng, 8),
      labels: [],
      employeeLinked: false,
    };
    if (physicians.length > 0 && rng.chance(0.4)) full.pcp = rng.pick(physicians);
    out.push(full);
    return full;
  };
  // About a third of staff are also patients here; some live with relatives who are patients too.
  for (const s of staff) {
    if (out.length >= n) break;
    household++;
    if (rng.chance(0.35)) {
      const p = add({ ...s, household, employee: s });
      p.employeeLinked = rng.chance(0.8);
      if (rng.chance(0.5)) p.labels.push('EMP');
    }
    if (rng.chance(0.18)) {
      for (let i = rng.int(1, 3); i > 0; i--) {
        const gender = rng.chance(0.5) ? 'female' : 'male';
        add({
          family: rng.chance(0.85) ? s.family : rng.pick(SURNAMES),
          given: rng.pick(gender === 'female' ? FEMALE : MALE),
          gender,
          birthDate: dob(rng, 0, 90, year),
          home: s.home,
          household,
        });
      }
    }
  }
  while (out.length < n) {
    household++;
    const home = randomHome(rng);
    const family = rng.pick(SURNAMES);
    for (
      let i = rng.weighted([
        [1, 5],
        [2, 3],
        [3, 2],
        [4, 1],
      ] as const);
      i > 0 && out.length < n;
      i--
    ) {
      const gender = rng.chance(0.52) ? 'female' : 'male';
      add({
        family: rng.chance(0.9) ? family : rng.pick(SURNAMES),
        given: rng.pick(gender === 'female' ? FEMALE : MALE),
        gender,
        birthDate: dob(rng, 0, 95, year),
        home,
        household,
      });
    }
  }
  for (const p of out) {
    if (p.employee) continue;
    if (rng.chance(0.006)) p.labels.push('VIP');
    else if (rng.chance(0.012)) p.labels.push('R');
  }
  return out;
}
