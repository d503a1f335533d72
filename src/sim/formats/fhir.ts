/**
 * FHIR R4 rendering: Bulk Data ndjson context resources (https://hl7.org/fhir/R4/patient.html and siblings) and
 * AuditEvents in the IHE BALP RESTful read shape (https://profiles.ihe.net/ITI/BALP/).
 */
import type { Encounter } from '../care.js';
import type { AuditData } from '../record.js';
import type { Patient, Place, Staff, World } from '../world.js';

/** Security label systems and codes used on Patient.meta.security. */
export const LABELS = {
  vip: {
    system: 'http://terminology.hl7.org/CodeSystem/v2-0099',
    code: 'VIP',
    display: 'Very important person',
  },
  celebrity: {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    code: 'CEL',
    display: 'celebrity',
  },
  employee: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMP', display: 'employee' },
} as const;

/** Identifier system of employee numbers (links an employee-patient or relative to a Practitioner). */
export const EMPLOYEE_SYSTEM = 'http://riverton-general.example/employee-id';
const MRN_SYSTEM = 'http://riverton-general.example/mrn';

const ROLE_CODES: Record<Staff['role'], string> = {
  physician: 'doctor',
  nurse: 'nurse',
  pharmacist: 'pharmacist',
  lab_tech: 'lab-tech',
  radiology_tech: 'radiology-tech',
  registration: 'registration-clerk',
  billing: 'billing-coder',
  it_admin: 'it-admin',
};

function address(p: Place): Record<string, unknown> {
  return { use: 'home', line: [p.line], city: p.city, state: 'WI', postalCode: p.postalCode, country: 'US' };
}

/** A Patient resource. `employeeOf` links an employee-patient to their staff record. */
export function patientResource(p: Patient, employeeOf?: Staff): Record<string, unknown> {
  const security = p.labels.map((l) =>
    l === 'VIP' ? [LABELS.vip, LABELS.celebrity] : l === 'EMP' ? [LABELS.employee] : [],
  );
  const identifier = [{ system: MRN_SYSTEM, value: p.id }];
  if (employeeOf) identifier.push({ system: EMPLOYEE_SYSTEM, value: employeeOf.id });
  const r: Record<string, unknown> = {
    resourceType: 'Patient',
    id: p.id,
    ...(security.length > 0 ? { meta: { security: security.flat() } } : {}),
    identifier,
    name: [{ family: p.family, given: [p.given] }],
    gender: p.gender,
    birthDate: p.birthDate,
    address: [address(p.home)],
  };
  if (p.deceased !== undefined) r.deceasedDateTime = p.deceased;
  return r;
}

/** Practitioner and PractitionerRole resources of a staff member. */
export function staffResources(s: Staff, world: World): Record<string, unknown>[] {
  return [
    {
      resourceType: 'Practitioner',
      id: s.id,
      identifier: [
        { system: EMPLOYEE_SYSTEM, value: s.id },
        { system: 'urn:ietf:rfc:3986', value: `urn:ward:account:${s.user}` },
      ],
      // A dormant account belongs to a former employee: the directory says so, the account was never disabled.
      active: !s.dormant,
      name: [{ family: s.family, given: [s.given] }],
      birthDate: s.birthDate,
      address: [address(s.home)],
    },
    {
      resourceType: 'PractitionerRole',
      id: `role-${s.id}`,
      active: !s.dormant,
      practitioner: { reference: `Practitioner/${s.id}` },
      organization: { reference: `Organization/${world.org.id}-${s.dept.code.toLowerCase()}` },
      code: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: ROLE_CODES[s.role] },
          ],
        },
      ],
      specialty: [{ coding: [{ system: 'urn:ward:department', code: s.dept.code, display: s.dept.name }] }],
      location: [{ reference: `Location/loc-${s.dept.code.toLowerCase()}` }],
      availableTime: [
        {
          daysOfWeek: s.weekends
            ? ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
            : ['mon', 'tue', 'wed', 'thu', 'fri'],
          availableStartTime: shiftTime(s),
        },
      ],
    },
  ];
}

function shiftTime(s: Staff): string {
  return s.shift === 'day' ? '07:00:00' : s.shift === 'evening' ? '15:00:00' : '23:00:00';
}

/** Organization (hospital and departments) and Location resources. */
export function orgResources(world: World): {
  orgs: Record<string, unknown>[];
  locations: Record<string, unknown>[];
} {
  const orgs: Record<string, unknown>[] = [
    {
      resourceType: 'Organization',
      id: world.org.id,
      active: true,
      name: world.org.name,
      type: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov' }] },
      ],
    },
  ];
  const locations: Record<string, unknown>[] = [];
  for (const d of world.depts) {
    const oid = `${world.org.id}-${d.code.toLowerCase()}`;
    orgs.push({
      resourceType: 'Organization',
      id: oid,
      active: true,
      name: d.name,
      type: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'dept' }] },
      ],
      partOf: { reference: `Organization/${world.org.id}` },
    });
    locations.push({
      resourceType: 'Location',
      id: `loc-${d.code.toLowerCase()}`,
      status: 'active',
      name: d.name,
      mode: 'instance',
      physicalType: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa' }],
      },
      managingOrganization: { reference: `Organization/${oid}` },
    });
  }
  return { orgs, locations };
}

function participant(code: string, s: Staff): Record<string, unknown> {
  return {
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code }] }],
    individual: { reference: `Practitioner/${s.id}` },
  };
}

/** Encounter and (for stays) CareTeam resources. */
export function encounterResources(e: Encounter, worldEnd: number): Record<string, unknown>[] {
  const finished = e.end <= worldEnd;
  const period = { start: iso(e.start), ...(finished ? { end: iso(e.end) } : {}) };
  const locs = [{ location: { reference: `Location/loc-${e.dept.code.toLowerCase()}` } }];
  if (e.transfer)
    locs.push({ location: { reference: `Location/loc-${e.transfer.dept.code.toLowerCase()}` } });
  const out: Record<string, unknown>[] = [
    {
      resourceType: 'Encounter',
      id: e.id,
      status: finished ? 'finished' : 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: e.cls },
      subject: { reference: `Patient/${e.patient.id}` },
      participant: [
        participant('ATND', e.attending),
        ...e.team.slice(0, 1).map((s) => participant('PPRF', s)),
      ],
      period,
      location: locs,
      serviceProvider: { reference: `Organization/org-1-${e.dept.code.toLowerCase()}` },
    },
  ];
  if (e.cls === 'IMP') {
    out.push({
      resourceType: 'CareTeam',
      id: `ct-${e.id}`,
      status: finished ? 'inactive' : 'active',
      subject: { reference: `Patient/${e.patient.id}` },
      encounter: { reference: `Encounter/${e.id}` },
      period,
      participant: e.team.map((s) => ({
        role: [
          {
            coding: [
              {
                system: 'http://snomed.info/sct',
                code: s.role === 'physician' ? '158965000' : '224535009',
                display: s.role === 'physician' ? 'Medical practitioner' : 'Registered nurse',
              },
            ],
          },
        ],
        member: { reference: `Practitioner/${s.id}` },
      })),
    });
  }
  return out;
}

/** A RelatedPerson resource: `relative` of `patient`; a Staff relative carries the employee-number link. */
export function relatedPersonResource(
  id: string,
  patient: Patient,
  relative: Staff | { family: string; given: string; home: Place },
  code: string,
): Record<string, unknown> {
  return {
    resourceType: 'RelatedPerson',
    id,
    active: true,
    patient: { reference: `Patient/${patient.id}` },
    ...('role' in relative ? { identifier: [{ system: EMPLOYEE_SYSTEM, value: relative.id }] } : {}),
    relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code }] }],
    name: [{ family: relative.family, given: [relative.given] }],
    address: [address(relative.home)],
  };
}

/** ISO 8601 UTC with milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A report or bulk export as a DICOM 110106 "Export" AuditEvent without a patient: the report is the entity,
 * its record count in `entity.detail` (type `records`), the user the requestor, the client address its network.
 */
function exportLine(id: string, time: number, a: AuditData, records: number): string {
  return JSON.stringify({
    resourceType: 'AuditEvent',
    id,
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' },
    action: 'R',
    recorded: iso(time),
    outcome: '0',
    purposeOfEvent: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: a.purpose }] },
    ],
    agent: [
      {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
        },
        who: a.user.startsWith('svc-')
          ? { identifier: { value: a.user } }
          : { reference: `Practitioner/${a.user}` },
        requestor: true,
        network: { address: a.ip, type: '2' },
      },
    ],
    source: { observer: { display: 'ehr-app01' } },
    entity: [
      {
        what: { reference: a.resource },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '20' },
        detail: [{ type: 'records', valueString: String(records) }],
      },
    ],
  });
}

/** An AuditEvent (BALP RESTful read/create/update of a patient's data, or an export) as one ndjson line. */
export function auditEventLine(id: string, time: number, a: AuditData): string {
  if (a.records !== undefined) return exportLine(id, time, a, a.records);
  const interaction = a.action === 'R' ? 'read' : a.action === 'C' ? 'create' : 'update';
  const entities: Record<string, unknown>[] = [
    {
      what: { reference: `Patient/${a.patient}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' },
    },
  ];
  if (a.resource !== 'Patient') {
    entities.push({
      what: { reference: `${a.resource}/${id}-d` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4' },
    });
  }
  const purposeSystem = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
  return JSON.stringify({
    resourceType: 'AuditEvent',
    id,
    meta: { profile: ['https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead'] },
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'Restful Operation',
    },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction }],
    action: a.action,
    recorded: iso(time),
    outcome: '0',
    purposeOfEvent: [{ coding: [{ system: purposeSystem, code: a.purpose }] }],
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://dicom.nema.org/resources/ontology/DCM',
              code: '110153',
              display: 'Source Role ID',
            },
          ],
        },
        who: { display: 'ehr-client' },
        requestor: false,
        network: { address: a.ip, type: '2' },
      },
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
              code: 'IRCP',
              display: 'information recipient',
            },
          ],
        },
        who: { reference: `Practitioner/${a.user}` },
        requestor: true,
      },
    ],
    source: {
      observer: { display: 'ehr-app01' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
    },
    entity: entities,
  });
}
