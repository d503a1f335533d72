/**
 * Context records: who people are and what they should touch. Loaded from FHIR R4 Bulk Data ndjson and HL7 v2
 * ADT (DESIGN.md "Context"). Kept as the FHIR-shaped essentials detectors need, not whole resources.
 */

/** Kinds of context a parser can produce. */
export const CONTEXT_KINDS = [
  'patient',
  'practitioner',
  'practitioner_role',
  'organization',
  'encounter',
  'care_team',
  'related_person',
  'location',
  'adt',
] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

/** A postal address, reduced to what matching needs. */
export interface Address {
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** A period of time, epoch ms; open ends are undefined. */
export interface Period {
  start?: number;
  end?: number;
}

/** One context record. `ref` is the FHIR-style reference (`Patient/123`) or the source's identifier. */
export interface ContextRecord {
  kind: ContextKind;
  ref: string;
  source: string;
  /** Time the record speaks for (ADT event time, encounter start); epoch ms. */
  time?: number;
  family?: string;
  given?: string[];
  address?: Address[];
  birthDate?: string;
  deceased?: boolean | string;
  gender?: string;
  /** Security labels (e.g. VIP, employee) as codes. */
  securityLabels?: string[];
  /** Identifiers, e.g. MRN, NPI, employee id, as `system|value`. */
  identifiers?: string[];
  /** References to the people or things this record links: encounter → patient, participants … */
  patient?: string;
  practitioners?: string[];
  organization?: string;
  location?: string[];
  period?: Period;
  /** Role / relationship / encounter class / ADT trigger codes. */
  codes?: string[];
  /** Remaining small scalar details by name. */
  attrs?: Record<string, string>;
}
