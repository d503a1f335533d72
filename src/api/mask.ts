/**
 * Patient-name masking for roles that do not need names. Names become initials (`Ruiz` → `R.`); identifiers,
 * references and everything else stay, so an analyst can still follow a case by MRN or `Patient/…` reference.
 * Staff records keep their names: the people being watched are the staff, not the patients.
 */
import type { ContextKind, ContextRecord, WardEvent } from '../model/index.js';
import { PHI_ROLES } from './auth.js';
import type { Role } from './auth.js';

/** Context kinds whose names are staff or organisations, never patients. */
const STAFF_KINDS: ReadonlySet<ContextKind> = new Set(['practitioner', 'practitioner_role', 'organization']);
/** Event attributes that a source mapping may use for a patient's name. */
const PATIENT_NAME_ATTR = /patient.?(name|family|given)|^(family|given)$/i;

/** Whether this role sees patient names unmasked. */
export function seesPatientNames(role: Role): boolean {
  return PHI_ROLES.includes(role);
}

/** A name reduced to its initial: `Ruiz` → `R.`; empty stays empty. */
export function initial(name: string): string {
  const first = name.trim().codePointAt(0);
  return first === undefined ? '' : `${String.fromCodePoint(first).toUpperCase()}.`;
}

/** A context record with patient names reduced to initials (a copy; the input is not changed). */
export function maskContext(c: ContextRecord): ContextRecord {
  if (STAFF_KINDS.has(c.kind) || (c.family === undefined && c.given === undefined)) return c;
  const out: ContextRecord = { ...c };
  if (c.family !== undefined) out.family = initial(c.family);
  if (c.given !== undefined) out.given = c.given.map(initial);
  return out;
}

/** An event with patient-name attributes reduced to initials (a copy when anything changes). */
export function maskEvent(e: WardEvent): WardEvent {
  if (e.attrs === undefined) return e;
  let attrs: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(e.attrs)) {
    if (!PATIENT_NAME_ATTR.test(k)) continue;
    attrs ??= { ...e.attrs };
    attrs[k] = v.split(/\s+/).map(initial).join(' ');
  }
  return attrs === undefined ? e : { ...e, attrs };
}
