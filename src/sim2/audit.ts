/**
 * Chart accesses and their FHIR R4 AuditEvent form (IHE BALP RESTful read / search / vread). Two systems write
 * the log, as in a real hospital: the EHR names the user by `Practitioner/<uuid>` and the patient by relative
 * reference, with local times carrying the −06:00 offset; the imaging viewer names the user by its login
 * identifier and the patient by an absolute URL, in UTC. Purposes go in `purposeOfEvent` or, for some events, in
 * the requestor's `purposeOfUse`; a few events carry none.
 * https://hl7.org/fhir/R4/auditevent.html — https://profiles.ihe.net/ITI/BALP/
 */
import type { Patient, Staff } from './hospital.js';
import type { Rng } from './random.js';
import { HOUR, UTC_OFFSET_H } from './schedule.js';

/** One chart access before it has an id. */
export interface Access {
  t: number;
  user: Staff;
  patient: Patient;
  /** Resource type read (`Patient` alone = demographics only). */
  what: string;
  sub: 'read' | 'search' | 'vread';
  purpose?: string;
  via: 'ehr' | 'pacs';
  /** Assigned when written. */
  id?: string;
}

/** Systems of identifiers and codes this hospital writes. */
export const SYS = {
  mrn: 'urn:oid:2.16.840.1.113883.3.9171.1.1',
  workforce: 'https://riverside-rmc.example.org/fhir/sid/workforce-id',
  login: 'urn:oid:2.16.840.1.113883.3.9171.2.7',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  base: 'https://fhir.riverside-rmc.example.org/r4',
} as const;

const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';

/** ISO time in hospital local time with its offset (what the EHR writes). */
export function localIso(ms: number): string {
  const d = new Date(ms + UTC_OFFSET_H * HOUR);
  const off = `${UTC_OFFSET_H < 0 ? '-' : '+'}${String(Math.abs(UTC_OFFSET_H)).padStart(2, '0')}:00`;
  return d.toISOString().slice(0, 23) + off;
}

function purposeConcept(code: string): unknown {
  return { coding: [{ system: REASON, code }] };
}

/** The AuditEvent JSON of one access. */
export function auditEvent(a: Access, rng: Rng, workstation: string): Record<string, unknown> {
  const ehr = a.via === 'ehr';
  const patientRef = ehr ? a.patient.ref : `${SYS.base}/${a.patient.ref}`;
  const requestor: Record<string, unknown> = {
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
          code: 'IRCP',
          display: 'information recipient',
        },
      ],
    },
    who: ehr
      ? { reference: a.user.ref, display: `${a.user.given} ${a.user.family}` }
      : { identifier: { system: SYS.login, value: a.user.login } },
    requestor: true,
  };
  const purposeInAgent = a.purpose !== undefined && !ehr;
  if (purposeInAgent && a.purpose !== undefined) requestor.purposeOfUse = [purposeConcept(a.purpose)];
  const source = {
    type: {
      coding: [
        { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153', display: 'Source Role ID' },
      ],
    },
    who: { display: workstation },
    requestor: false,
    network: { address: workstation, type: '1' },
  };
  const entity: unknown[] = [
    {
      what: { reference: patientRef },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    },
  ];
  if (a.what !== 'Patient') {
    const data: Record<string, unknown> = {
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: {
        system: OBJECT_ROLE,
        code: a.sub === 'search' ? '24' : '4',
        display: a.sub === 'search' ? 'Query' : 'Domain Resource',
      },
    };
    if (a.sub === 'search') {
      data.query = Buffer.from(`${a.what}?patient=${a.patient.id}`).toString('base64');
      data.description = a.what;
    } else {
      const rid = rng.uuid();
      data.what = {
        reference: a.sub === 'vread' ? `${a.what}/${rid}/_history/${rng.int(1, 4)}` : `${a.what}/${rid}`,
      };
    }
    entity.push(data);
  }
  const ev: Record<string, unknown> = {
    resourceType: 'AuditEvent',
    id: a.id,
    meta: {
      profile: [
        a.sub === 'search'
          ? 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientQuery'
          : 'https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead',
      ],
    },
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'Restful Operation',
    },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: a.sub, display: a.sub }],
    action: a.sub === 'search' ? 'E' : 'R',
    recorded: ehr ? localIso(a.t) : new Date(a.t).toISOString(),
    outcome: '0',
  };
  if (a.purpose !== undefined && !purposeInAgent) ev.purposeOfEvent = [purposeConcept(a.purpose)];
  ev.agent = [requestor, source];
  ev.source = ehr
    ? {
        site: 'RRMC',
        observer: { display: 'Meridian EHR' },
        type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
      }
    : {
        site: 'RRMC',
        observer: { display: 'Lumen Imaging Viewer' },
        type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }],
      };
  ev.entity = entity;
  return ev;
}
