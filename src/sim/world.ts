/**
 * The simulated hospital itself: departments, staff with roles and shifts, patients with addresses and
 * security labels, hosts, servers and medical devices. Built once from the seed; activity and scenarios
 * then act on it.
 */
import type { Random } from './random.js';

/** Staff roles; each maps to a PractitionerRole code and to what the person touches in the EHR. */
export type Role =
  | 'physician'
  | 'nurse'
  | 'pharmacist'
  | 'lab_tech'
  | 'radiology_tech'
  | 'registration'
  | 'billing'
  | 'it_admin';

/** Shifts: day 07–15, evening 15–23, night 23–07 (hours local = UTC in the simulation). */
export type Shift = 'day' | 'evening' | 'night';

/** A hospital department / unit. */
export interface Department {
  code: string;
  name: string;
  /** Clinical units admit patients; the others serve them. */
  clinical: boolean;
  /** Third octet of the unit's workstation subnet 10.20.<n>.0/24. */
  subnet: number;
}

/** A street address. */
export interface Place {
  line: string;
  street: string;
  house: number;
  city: string;
  postalCode: string;
}

/** A member of staff. */
export interface Staff {
  /** Practitioner id (`pr-0001`); the FHIR reference is `Practitioner/<id>`. */
  id: string;
  family: string;
  given: string;
  /** Windows / VPN account name, e.g. `jsmith`. */
  user: string;
  role: Role;
  dept: Department;
  shift: Shift;
  /** Works weekends too. */
  weekends: boolean;
  birthDate: string;
  home: Place;
  workstation: { host: string; ip: string };
  /**
   * Other workstations of the unit this person also logs on to (shared ward PCs, workstations on wheels): 1–3
   * for nurses, up to 2 for physicians, at most 1 for pharmacy, lab and radiology, none for office roles.
   */
  roam: { host: string; ip: string }[];
  /** Uses VPN from home at times. */
  remote: boolean;
  /** Never logs on during the simulation unless a scenario wakes the account. */
  dormant: boolean;
}

/** A patient. */
export interface Patient {
  /** Patient id (`pt-00001`); reference `Patient/<id>`; also the MRN. */
  id: string;
  family: string;
  given: string;
  gender: 'male' | 'female';
  birthDate: string;
  home: Place;
  /** ISO time of death, when deceased. */
  deceased?: string;
  labels: string[];
}

/** A medical device or infrastructure node. */
export interface Device {
  id: string;
  kind: 'infusion_pump' | 'patient_monitor' | 'imaging_modality' | 'lab_analyzer';
  ip: string;
  dept: Department;
}

/** Well-known servers of the hospital network. */
export const SERVERS = {
  dc: { host: 'dc01', ip: '10.0.0.10' },
  fileServer: { host: 'fs01', ip: '10.0.0.20' },
  ehr: { host: 'ehr-app01', ip: '10.0.0.30' },
  hl7Engine: { host: 'hl7-engine', ip: '10.0.0.40' },
  jump: { host: 'jump01', ip: '10.0.0.50' },
  pumpServer: { host: 'pump-gw', ip: '10.0.4.20' },
  centralStation: { host: 'central-station', ip: '10.0.4.5' },
  pacs: { host: 'pacs01', ip: '10.0.5.10' },
  vpn: { host: 'vpn-gw', ip: '10.0.9.1' },
  proxy: { host: 'proxy01', ip: '10.0.0.60' },
  dns: { host: 'dns01', ip: '10.0.0.53' },
} as const;

/** The whole hospital. */
export interface World {
  org: { id: string; name: string };
  depts: Department[];
  staff: Staff[];
  patients: Patient[];
  devices: Device[];
  /** Member servers a lateral movement can reach (Windows hosts). */
  memberServers: { host: string; ip: string }[];
  /** Start of the simulated period, epoch ms (a Monday 00:00 UTC). */
  start: number;
  days: number;
  /**
   * Seed of the background habits stream (roaming, network logons): its own generator, drawn after everything
   * else in the world, so adding habits does not shift the draws of the rest of the simulation.
   */
  habitSeed: number;
}

/** Sizes and seed of a world. */
export interface WorldOptions {
  staff: number;
  patients: number;
  days: number;
  start: number;
}

const DEPARTMENTS: Department[] = [
  { code: 'ED', name: 'Emergency Department', clinical: true, subnet: 11 },
  { code: 'ICU', name: 'Intensive Care Unit', clinical: true, subnet: 12 },
  { code: 'MED', name: 'Internal Medicine', clinical: true, subnet: 13 },
  { code: 'SURG', name: 'General Surgery', clinical: true, subnet: 14 },
  { code: 'CARD', name: 'Cardiology', clinical: true, subnet: 15 },
  { code: 'ONC', name: 'Oncology', clinical: true, subnet: 16 },
  { code: 'PEDS', name: 'Paediatrics', clinical: true, subnet: 17 },
  { code: 'PHARM', name: 'Pharmacy', clinical: false, subnet: 21 },
  { code: 'LAB', name: 'Laboratory', clinical: false, subnet: 22 },
  { code: 'RAD', name: 'Radiology', clinical: false, subnet: 23 },
  { code: 'REG', name: 'Patient Registration', clinical: false, subnet: 24 },
  { code: 'BILL', name: 'Billing and Coding', clinical: false, subnet: 25 },
  { code: 'IT', name: 'Information Technology', clinical: false, subnet: 26 },
];

// prettier-ignore
const FAMILY = ['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis','Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis','Robinson','Walker','Young','Allen','King','Wright','Scott','Torres','Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall','Rivera','Campbell','Mitchell','Carter','Roberts','Okafor','Kowalski','Novak','Schmidt','Rossi','Dubois','Haddad','Khan','Patel','Kim','Chen','Silva','Costa','Ivanova','Yilmaz','Larsen','Murphy','Byrne','Fischer','Weber'];
// prettier-ignore
const GIVEN_F = ['Mary','Patricia','Jennifer','Linda','Elizabeth','Barbara','Susan','Jessica','Sarah','Karen','Lisa','Nancy','Betty','Sandra','Ana','Maria','Emily','Grace','Chloe','Aisha','Mei','Sofia','Olga','Fatima','Ingrid','Rosa','Hana','Nora','Lucia','Amara'];
// prettier-ignore
const GIVEN_M = ['James','Robert','John','Michael','David','William','Richard','Joseph','Thomas','Charles','Daniel','Matthew','Anthony','Mark','Luis','Carlos','Ahmed','Wei','Ivan','Kofi','Omar','Lars','Pedro','Raj','Tomas','Jonas','Mateo','Samuel','Hugo','Kenji'];
// prettier-ignore
const STREETS = ['Oak St','Maple Ave','Cedar Ln','Pine St','Elm St','Washington Ave','Lake Rd','Hill St','Park Ave','Main St','Church St','River Rd','Mill Ln','Spring St','Walnut St','Chestnut St','Sunset Blvd','Forest Dr','Meadow Ln','Highland Ave'];
/** Towns around the hospital with their postal codes. */
const TOWNS: [string, string][] = [
  ['Riverton', '54101'],
  ['Millbrook', '54102'],
  ['Cedar Falls', '54110'],
  ['Lakeside', '54115'],
  ['Fairview', '54120'],
];

const ROLE_MIX: [Role, number][] = [
  ['physician', 0.2],
  ['nurse', 0.42],
  ['pharmacist', 0.06],
  ['lab_tech', 0.07],
  ['radiology_tech', 0.06],
  ['registration', 0.07],
  ['billing', 0.07],
  ['it_admin', 0.05],
];

const ROLE_DEPT: Partial<Record<Role, string>> = {
  pharmacist: 'PHARM',
  lab_tech: 'LAB',
  radiology_tech: 'RAD',
  registration: 'REG',
  billing: 'BILL',
  it_admin: 'IT',
};

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A random address in the hospital's catchment. */
export function randomPlace(rng: Random): Place {
  const street = rng.pick(STREETS);
  const house = rng.int(1, 399);
  const [city, postalCode] = rng.pick(TOWNS);
  return { line: `${house} ${street}`, street, house, city, postalCode };
}

function roleOf(rng: Random): Role {
  let x = rng.next();
  for (const [role, share] of ROLE_MIX) {
    x -= share;
    if (x < 0) return role;
  }
  return 'nurse';
}

/** Build the hospital from the seed. */
export function buildWorld(rng: Random, opt: WorldOptions): World {
  const depts = DEPARTMENTS;
  const clinical = depts.filter((d) => d.clinical);
  const byCode = new Map(depts.map((d) => [d.code, d]));
  const staff: Staff[] = [];
  const users = new Set<string>();
  const shifts: Shift[] = ['day', 'day', 'day', 'evening', 'night'];
  for (let i = 0; i < opt.staff; i++) {
    // The first roles are fixed so even a tiny hospital has every role.
    const role = i < ROLE_MIX.length ? (ROLE_MIX[i]?.[0] ?? 'nurse') : roleOf(rng);
    const fixed = ROLE_DEPT[role];
    const dept = (fixed !== undefined ? byCode.get(fixed) : undefined) ?? rng.pick(clinical);
    const female = rng.chance(0.6);
    const given = rng.pick(female ? GIVEN_F : GIVEN_M);
    const family = rng.pick(FAMILY);
    const base = `${given.slice(0, 1)}${family}`.toLowerCase();
    let user = base;
    for (let n = 2; users.has(user); n++) user = `${base}${n}`;
    users.add(user);
    const office = ['registration', 'billing', 'it_admin'].includes(role);
    // The fixed first ones also work days with remote access, so every gateway log has sessions.
    const first = i < ROLE_MIX.length;
    const host = `ws-${dept.code.toLowerCase()}-${pad(i + 1, 3)}`;
    staff.push({
      id: `pr-${pad(i + 1, 4)}`,
      family,
      given,
      user,
      role,
      dept,
      shift: office || first ? 'day' : rng.pick(shifts),
      weekends: !office && rng.chance(0.4),
      birthDate: isoDate(Date.UTC(rng.int(1960, 2000), rng.int(0, 11), rng.int(1, 28))),
      home: randomPlace(rng),
      workstation: { host, ip: `10.20.${dept.subnet}.${(i % 250) + 2}` },
      roam: [],
      remote:
        role === 'physician' || role === 'it_admin' || role === 'billing' ? first || rng.chance(0.6) : false,
      dormant: i >= ROLE_MIX.length && rng.chance(0.03),
    });
  }
  const patients: Patient[] = [];
  for (let i = 0; i < opt.patients; i++) {
    const female = rng.chance(0.52);
    const p: Patient = {
      id: `pt-${pad(i + 1, 5)}`,
      family: rng.pick(FAMILY),
      given: rng.pick(female ? GIVEN_F : GIVEN_M),
      gender: female ? 'female' : 'male',
      birthDate: isoDate(Date.UTC(rng.int(1930, 2024), rng.int(0, 11), rng.int(1, 28))),
      home: randomPlace(rng),
      labels: [],
    };
    // A few deaths recorded before the simulated period began.
    if (rng.chance(0.01)) p.deceased = new Date(opt.start - rng.int(2, 60) * 86_400_000).toISOString();
    patients.push(p);
  }
  const devices: Device[] = [];
  let n = 0;
  const add = (kind: Device['kind'], dept: Department, count: number, subnet: number): void => {
    for (let k = 0; k < count; k++) {
      n++;
      devices.push({
        id: `${kind.replace('_', '-')}-${pad(n, 3)}`,
        kind,
        ip: `10.0.${subnet}.${100 + n}`,
        dept,
      });
    }
  };
  const scale = Math.max(1, Math.round(opt.staff / 60));
  for (const d of clinical) add('infusion_pump', d, scale, 4);
  for (const d of clinical.slice(0, 4)) add('patient_monitor', d, scale, 4);
  const rad = byCode.get('RAD') ?? clinical[0];
  const lab = byCode.get('LAB') ?? clinical[0];
  if (rad) add('imaging_modality', rad, 2, 5);
  if (lab) add('lab_analyzer', lab, 2, 6);
  const memberServers = Array.from({ length: 24 }, (_, i) => ({
    host: `srv-${pad(i + 1, 2)}`,
    ip: `10.0.1.${i + 11}`,
  }));
  // Habits come last from their own fork, so every draw above stays what it was before they existed.
  const habits = rng.fork('habits');
  assignRoaming(habits, staff);
  return {
    org: { id: 'org-1', name: 'Riverton General Hospital' },
    depts,
    staff,
    patients,
    devices,
    memberServers,
    start: opt.start,
    days: opt.days,
    habitSeed: habits.int(1, 0x7fffffff),
  };
}

/** How many other workstations of the unit a role uses besides its own (min, max). */
const ROAM: Record<Role, [number, number]> = {
  nurse: [1, 3],
  physician: [0, 2],
  pharmacist: [0, 1],
  lab_tech: [0, 1],
  radiology_tech: [0, 1],
  registration: [0, 0],
  billing: [0, 0],
  it_admin: [0, 0],
};

/** Give each person the unit's shared workstations they use: colleagues' workstations of the same unit. */
function assignRoaming(rng: Random, staff: Staff[]): void {
  const byDept = new Map<string, Staff[]>();
  for (const s of staff) {
    if (s.dormant) continue;
    let list = byDept.get(s.dept.code);
    if (!list) byDept.set(s.dept.code, (list = []));
    list.push(s);
  }
  for (const s of staff) {
    const [min, max] = ROAM[s.role];
    if (s.dormant || max === 0) continue;
    const others = (byDept.get(s.dept.code) ?? []).filter((o) => o !== s).map((o) => o.workstation);
    s.roam = rng.sample(others, rng.int(min, max));
  }
}

/** True on the weekend days of the simulated calendar (day 0 is a Monday). */
export function isWeekend(dayIndex: number): boolean {
  return dayIndex % 7 >= 5;
}

/** True when a staff member works at this hour of this day (shift and weekend rota). */
export function onShift(s: Staff, dayIndex: number, hour: number): boolean {
  if (isWeekend(dayIndex) && !s.weekends) return false;
  if (s.shift === 'day') return hour >= 7 && hour < 15;
  if (s.shift === 'evening') return hour >= 15 && hour < 23;
  return hour >= 23 || hour < 7;
}

/** Start hour of a shift. */
export function shiftStart(s: Shift): number {
  return s === 'day' ? 7 : s === 'evening' ? 15 : 23;
}
