/**
 * FHIR R4 resources of the second hospital, written as a vendor would: UUID ids, official names, MRN and
 * workforce identifiers, home addresses in the registration style for patients and the HR style for staff (some
 * upper case or abbreviated, some ZIP+4), security labels in Patient.meta.security (v3 ActCode VIP and EMP,
 * v3 Confidentiality R), deceasedDateTime or deceasedBoolean, Encounter participants as `Practitioner/<id>`,
 * now and then as an absolute URL or a PractitionerRole, CareTeams for some stays and RelatedPersons.
 * https://hl7.org/fhir/R4/resourcelist.html
 */
import type { Visit } from './care.js';
import type { Dept, Home, Hospital, Role, Staff } from './hospital.js';
import type { Relation } from './misuse.js';
import type { Rng } from './random.js';
import { SYS, localIso } from './audit.js';

type Json = Record<string, unknown>;

const V3_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const V3_CONF = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const V3_PART = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const V3_ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const PR_ROLE = 'http://terminology.hl7.org/CodeSystem/practitioner-role';
const JOB = 'https://riverside-rmc.example.org/fhir/CodeSystem/job-code';
const ID_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

const ABBR: Record<string, string> = {
  Avenue: 'Ave',
  Street: 'St',
  Road: 'Rd',
  Lane: 'Ln',
  Drive: 'Dr',
  Court: 'Ct',
  Terrace: 'Ter',
  Parkway: 'Pkwy',
  Circle: 'Cir',
};

/** A Home as a FHIR Address in one of the styles registration desks and HR systems write. */
export function address(rng: Rng, h: Home, hr: boolean): Json {
  const style = hr
    ? rng.weighted([
        ['full', 6],
        ['abbr', 3],
        ['upper', 2],
      ] as const)
    : rng.weighted([
        ['full', 7],
        ['split', 2],
        ['abbr', 1],
      ] as const);
  let street = `${h.num} ${h.street}`;
  let unit = h.unit === undefined ? undefined : `Apt ${h.unit}`;
  if (style === 'abbr') {
    const words = h.street.split(' ');
    const last = words[words.length - 1] ?? '';
    street = `${h.num} ${[...words.slice(0, -1), ABBR[last] ?? last].join(' ')}`;
    if (h.unit !== undefined) unit = `#${h.unit}`;
  }
  let line = style === 'split' || unit === undefined ? [street] : [`${street} ${unit}`];
  if (style === 'split' && unit !== undefined) line.push(unit);
  if (style === 'upper') line = line.map((l) => l.toUpperCase());
  const postal = hr && rng.chance(0.2) ? `${h.postal}-${String(rng.int(1000, 9999))}` : h.postal;
  return {
    use: 'home',
    line,
    city: style === 'upper' ? h.city.toUpperCase() : h.city,
    state: 'WI',
    postalCode: postal,
    country: 'US',
  };
}

function coding(system: string, code: string, display?: string): Json {
  return display === undefined ? { system, code } : { system, code, display };
}

const JOBS: Record<Role, readonly [string, string, string]> = {
  attending: ['doctor', 'MD', 'Attending physician'],
  hospitalist: ['doctor', 'HOSP', 'Hospitalist'],
  resident: ['doctor', 'RES', 'Resident physician'],
  app: ['doctor', 'NP', 'Nurse practitioner'],
  rn: ['nurse', 'RN', 'Registered nurse'],
  float_rn: ['nurse', 'RN-FLOAT', 'Float pool registered nurse'],
  travel_rn: ['nurse', 'RN-TRAVEL', 'Travel registered nurse'],
  ma: ['nurse', 'MA', 'Medical assistant'],
  scribe: ['ict', 'SCRIBE', 'Medical scribe'],
  student: ['teacher', 'STUDENT', 'Health sciences student'],
  case_manager: ['nurse', 'CASE-MGR', 'Case manager'],
  social_worker: ['', 'SOC-WORK', 'Clinical social worker'],
  dietitian: ['', 'DIETITIAN', 'Registered dietitian'],
  therapist: ['', 'PT-OT', 'Physical or occupational therapist'],
  pharmacist: ['pharmacist', 'PHARM', 'Clinical pharmacist'],
  transport: ['', 'TRANSPORT', 'Patient transporter'],
  registration: ['', 'REG', 'Patient access representative'],
  him: ['', 'HIM-CODER', 'Inpatient coder'],
  quality: ['', 'QUALITY', 'Quality reviewer'],
  researcher: ['researcher', 'RESEARCH', 'Clinical research coordinator'],
  rad_tech: ['', 'RAD-TECH', 'Radiologic technologist'],
};

/** Organization resources: the hospital, its departments, the travel agency and the school. */
export function organizations(h: Hospital): Json[] {
  const root = {
    resourceType: 'Organization',
    id: h.org.id,
    active: true,
    type: [
      {
        coding: [
          coding('http://terminology.hl7.org/CodeSystem/organization-type', 'prov', 'Healthcare Provider'),
        ],
      },
    ],
    name: h.org.name,
  };
  const out: Json[] = [root];
  for (const d of h.depts) {
    out.push({
      resourceType: 'Organization',
      id: d.id,
      active: true,
      type: [
        {
          coding: [
            coding('http://terminology.hl7.org/CodeSystem/organization-type', 'dept', 'Hospital Department'),
          ],
        },
      ],
      name: d.name,
      partOf: { reference: `Organization/${h.org.id}`, display: h.org.name },
    });
  }
  out.push({
    resourceType: 'Organization',
    id: h.agency.id,
    active: true,
    type: [
      {
        coding: [
          coding(
            'http://terminology.hl7.org/CodeSystem/organization-type',
            'bus',
            'Non-Healthcare Business or Corporation',
          ),
        ],
      },
    ],
    name: h.agency.name,
  });
  out.push({
    resourceType: 'Organization',
    id: h.school.id,
    active: true,
    type: [
      {
        coding: [
          coding('http://terminology.hl7.org/CodeSystem/organization-type', 'edu', 'Educational Institute'),
        ],
      },
    ],
    name: h.school.name,
  });
  return out;
}

/** Location resources of the departments. */
export function locations(h: Hospital): Json[] {
  return h.depts.flatMap((d) =>
    d.locations.map((l) => ({
      resourceType: 'Location',
      id: l.id,
      status: 'active',
      name: l.name,
      mode: 'instance',
      physicalType: {
        coding: [
          coding(
            'http://terminology.hl7.org/CodeSystem/location-physical-type',
            d.kind === 'ward' || d.kind === 'icu' ? 'wa' : 'ro',
          ),
        ],
      },
      managingOrganization: { reference: `Organization/${d.id}` },
    })),
  );
}

/** Practitioner and PractitionerRole resources. */
export function staffResources(rng: Rng, h: Hospital, t0: number): { practitioners: Json[]; roles: Json[] } {
  const practitioners: Json[] = [];
  const roles: Json[] = [];
  for (const s of h.staff) {
    const identifier: Json[] = [
      {
        use: 'official',
        type: { coding: [coding(ID_TYPE, 'EI', 'Employee number')] },
        system: SYS.workforce,
        value: s.workforceId,
      },
    ];
    if (s.npi !== undefined) identifier.push({ system: SYS.npi, value: s.npi });
    identifier.push({ use: 'secondary', system: SYS.login, value: s.login });
    const p: Json = {
      resourceType: 'Practitioner',
      id: s.id,
      identifier,
      active: true,
      name: [{ use: 'official', family: s.family, given: [s.given] }],
      gender: s.gender,
      birthDate: s.birthDate,
    };
    if (s.addressOnFile) p.address = [address(rng, s.home, true)];
    practitioners.push(p);
    const [hl7, job, display] = JOBS[s.role];
    const codes: Json[] = [];
    if (hl7 !== '') codes.push(coding(PR_ROLE, hl7));
    codes.push(coding(JOB, job, display));
    const role = (org: string, dept: Dept | undefined, extra: Json = {}): void => {
      const r: Json = {
        resourceType: 'PractitionerRole',
        id: rng.uuid(),
        active: true,
        practitioner: { reference: s.ref, display: `${s.given} ${s.family}` },
        organization: { reference: `Organization/${org}` },
        code: [{ coding: codes }],
        ...extra,
      };
      if (dept?.specialty && s.role !== 'registration')
        r.specialty = [{ coding: [coding('http://snomed.info/sct', dept.specialty[0], dept.specialty[1])] }];
      if (dept && dept.locations.length > 0 && ['rn', 'travel_rn', 'ma'].includes(s.role))
        r.location = dept.locations.map((l) => ({ reference: `Location/${l.id}` }));
      roles.push(r);
    };
    const contract = {
      period: {
        start: localIso(t0 - 40 * 86_400_000).slice(0, 10),
        end: localIso(t0 + 50 * 86_400_000).slice(0, 10),
      },
    };
    if (s.role === 'travel_rn') {
      // Half the agencies' nurses get a role on their unit; the others only the agency's.
      if (rng.chance(0.5)) role(s.dept.id, s.dept, contract);
      else role(h.agency.id, undefined, contract);
    } else if (s.role === 'student') {
      role(h.school.id, undefined);
    } else if (s.role === 'resident') {
      role(s.dept.id, undefined);
      if (rng.chance(0.3)) role(s.workDept.id, s.workDept, contract);
    } else if (s.role === 'case_manager') {
      role(
        s.dept.id,
        undefined,
        rng.chance(0.5)
          ? {
              location: s.covers.flatMap((d) => d.locations.map((l) => ({ reference: `Location/${l.id}` }))),
            }
          : {},
      );
    } else {
      role(s.dept.id, s.dept);
    }
  }
  return { practitioners, roles };
}

/** Patient resources. */
export function patientResources(rng: Rng, h: Hospital): Json[] {
  return h.patients.map((p) => {
    const security: Json[] = [];
    for (const l of p.labels) {
      if (l === 'R') security.push(coding(V3_CONF, 'R', 'restricted'));
      else if (l === 'VIP') security.push(coding(V3_CODE, 'VIP', 'celebrity'));
      else if (l === 'EMP') security.push(coding(V3_CODE, 'EMP', 'employee information sensitivity'));
    }
    const r: Json = { resourceType: 'Patient', id: p.id };
    r.meta =
      security.length > 0
        ? { lastUpdated: '2026-02-01T04:00:00Z', security }
        : { lastUpdated: '2026-02-01T04:00:00Z' };
    const identifier: Json[] = [
      {
        use: 'usual',
        type: { coding: [coding(ID_TYPE, 'MR', 'Medical record number')] },
        system: SYS.mrn,
        value: p.mrn,
      },
    ];
    if (p.employee && p.employeeLinked)
      identifier.push({
        use: 'secondary',
        type: { coding: [coding(ID_TYPE, 'EI', 'Employee number')] },
        system: SYS.workforce,
        value: p.employee.workforceId,
      });
    r.identifier = identifier;
    r.active = true;
    r.name = [{ use: 'official', family: p.family, given: [p.given] }];
    if (rng.chance(0.1)) (r.name as Json[]).push({ use: 'nickname', given: [p.given.slice(0, 3)] });
    r.gender = p.gender;
    r.birthDate = p.birthDate;
    if (p.deceased === true) r.deceasedBoolean = true;
    else if (p.deceased !== undefined) r.deceasedDateTime = localIso(p.deceased).slice(0, 19) + '-06:00';
    r.address = [address(rng, p.home, false)];
    if (p.pcp) r.generalPractitioner = [{ reference: p.pcp.ref, display: `Dr ${p.pcp.family}` }];
    r.managingOrganization = { reference: `Organization/${h.org.id}` };
    return r;
  });
}

/** A practitioner reference as this EHR writes it on an Encounter (mostly relative, sometimes absolute or a role). */
function participantRef(rng: Rng, s: Staff, roleOf: Map<Staff, string>): Json {
  const u = rng.next();
  if (u < 0.1) return { reference: `${SYS.base}/${s.ref}` };
  const role = roleOf.get(s);
  if (u < 0.14 && role !== undefined) return { reference: `PractitionerRole/${role}` };
  return { reference: s.ref, display: `${s.given} ${s.family}` };
}

/** Encounter and CareTeam resources of every visit. */
export function careResources(
  rng: Rng,
  h: Hospital,
  visits: Visit[],
  roles: Json[],
  exportAt: number,
): { encounters: Json[]; careTeams: Json[] } {
  const roleOf = new Map<Staff, string>();
  const staffByRef = new Map(h.staff.map((s) => [s.ref, s]));
  for (const r of roles) {
    const s = staffByRef.get(String((r.practitioner as Json).reference));
    if (s && !roleOf.has(s)) roleOf.set(s, String(r.id));
  }
  const encounters: Json[] = [];
  const careTeams: Json[] = [];
  const CLASS: Record<string, string> = {
    IMP: 'inpatient encounter',
    EMER: 'emergency',
    AMB: 'ambulatory',
    VR: 'virtual',
  };
  for (const v of visits) {
    const finished = v.end !== undefined && v.end <= exportAt;
    const e: Json = {
      resourceType: 'Encounter',
      id: v.id,
      status: finished ? 'finished' : 'in-progress',
      class: coding(V3_CODE, v.cls, CLASS[v.cls]),
      subject: { reference: v.patient.ref },
      participant: v.listed.map((l) => ({
        type: [{ coding: [coding(V3_PART, l.code)] }],
        individual: participantRef(rng, l.staff, roleOf),
      })),
      period: finished
        ? { start: localIso(v.start), end: localIso(v.end as number) }
        : { start: localIso(v.start) },
    };
    if (v.location)
      e.location = [
        {
          location: { reference: `Location/${v.location.id}`, display: v.location.name },
          status: finished ? 'completed' : 'active',
        },
      ];
    e.serviceProvider = { reference: `Organization/${v.dept.id}`, display: v.dept.name };
    if (v.diedAt !== undefined && finished)
      e.hospitalization = {
        dischargeDisposition: {
          coding: [coding('http://terminology.hl7.org/CodeSystem/discharge-disposition', 'exp', 'Expired')],
        },
      };
    encounters.push(e);
    if (v.careTeam) {
      careTeams.push({
        resourceType: 'CareTeam',
        id: v.careTeam.id,
        status: finished ? 'inactive' : 'active',
        category: [{ coding: [coding('http://loinc.org', 'LA27976-2', 'Encounter-focused care team')] }],
        subject: { reference: v.patient.ref },
        encounter: { reference: `Encounter/${v.id}` },
        period: finished
          ? { start: localIso(v.start), end: localIso(v.end as number) }
          : { start: localIso(v.start) },
        participant: v.careTeam.members.map((m) => ({
          role: [
            { coding: [coding(PR_ROLE, m.role === 'rn' || m.role === 'travel_rn' ? 'nurse' : 'doctor')] },
          ],
          member: { reference: m.ref, display: `${m.given} ${m.family}` },
        })),
        managingOrganization: [{ reference: `Organization/${v.dept.id}` }],
      });
    }
  }
  return { encounters, careTeams };
}

/** RelatedPerson resources naming staff members as patients' relatives. */
export function relatedResources(rng: Rng, rels: Relation[]): Json[] {
  return rels.map((r) => {
    const j: Json = {
      resourceType: 'RelatedPerson',
      id: r.id,
      active: true,
      patient: { reference: r.patient.ref },
      relationship: [{ coding: [coding(V3_ROLE, r.code)] }],
      name: [{ use: 'official', family: r.staff.family, given: [r.staff.given] }],
      gender: r.staff.gender,
      address: [address(rng, r.staff.home, false)],
    };
    if (r.withIdentifier) j.identifier = [{ system: SYS.workforce, value: r.staff.workforceId }];
    return j;
  });
}
