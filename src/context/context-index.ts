/**
 * An in-memory index over context records (FHIR Bulk and HL7 v2 ADT, see src/model/context.ts): patients,
 * staff with their roles and units, employee-patients, related persons, care links per (user, patient) and the
 * unit stays of each patient over time. Records are added one at a time, in any order; lookups accept a FHIR
 * reference (`Patient/pt-1`), a bare id (`pt-1`, as HL7 v2 sends it) or an identifier (`system|value`).
 */
import type { Address, ContextRecord } from '../model/index.js';

/** A patient as detectors see it. */
export interface PatientInfo {
  ref: string;
  family?: string;
  given?: string[];
  address?: Address[];
  birthDate?: string;
  deceased?: boolean | string;
  labels: string[];
  identifiers: string[];
  /** Patient.generalPractitioner references as written (resolve with {@link ContextIndex.isGeneralPractitioner}). */
  generalPractitioners?: string[];
}

/** A staff member: the practitioner and what their roles say (role codes, units, organizations). */
export interface StaffInfo {
  ref: string;
  family?: string;
  given?: string[];
  address?: Address[];
  birthDate?: string;
  identifiers: string[];
  /** Role and specialty codes, lower case (`nurse`, `pharmacist`, `icu`). */
  roles: string[];
  /** Role and specialty displays and texts, lower case (`registered nurse`, `patient access representative`). */
  roleText: string[];
  /** Organization references of the roles: the departments. */
  orgs: string[];
  /** Unit keys, lower case: organizations, locations and specialty codes of the roles. */
  units: Set<string>;
  /** False when the directory says the person no longer works here (Practitioner.active false). */
  active?: boolean;
}

/** A person related to a patient (next of kin, guardian …). */
export interface RelatedInfo {
  ref: string;
  patient: string;
  family?: string;
  given?: string[];
  address?: Address[];
  identifiers: string[];
  /** Relationship codes (`MTH`, `SPS` …). */
  codes: string[];
}

/** How a user is linked to a patient's care. */
export type CareRole =
  'attending' | 'participant' | 'care team member' | 'consulting' | 'admitting' | 'referring';

/** A listed treatment relationship between a user and a patient, with its period (open end = ongoing). */
export interface CareLink {
  user: string;
  patient: string;
  role: CareRole;
  /** Record that lists it: `Encounter/enc-1`, `CareTeam/ct-1`, or the ADT visit number. */
  via: string;
  start?: number;
  end?: number;
}

/** A patient's stay or visit: where, when and of which class (`EMER`, `IMP`, `AMB`; ADT `E`, `I`, `O`). */
export interface Stay {
  patient: string;
  via: string;
  /** Unit keys, lower case: locations, organizations and ward codes. */
  units: string[];
  start?: number;
  end?: number;
  cls?: string;
}

const ADT_ROLES: Record<string, CareRole> = {
  attending: 'attending',
  consulting: 'consulting',
  admitting: 'admitting',
  referring: 'referring',
};

/** A reference resolved through the aliases: canonical reference, key of the per-entity maps, the record. */
interface Resolved<T> {
  input: string;
  canonical: string;
  key: string;
  info: T | undefined;
}

const NO_LINKS: readonly CareLink[] = [];
const NO_STAYS: readonly Stay[] = [];
const NO_RELATED: readonly RelatedInfo[] = [];

/** The strip of `Type/` from a reference: `Patient/pt-1` → `pt-1`. */
function bare(ref: string): string {
  const i = ref.lastIndexOf('/');
  return i >= 0 ? ref.slice(i + 1) : ref;
}

/** Context lookups for detectors; see the file comment. */
export class ContextIndex {
  private readonly patients = new Map<string, PatientInfo>();
  private readonly patientAlias = new Map<string, string>();
  private readonly staffMap = new Map<string, StaffInfo>();
  private readonly staffAlias = new Map<string, string>();
  private readonly related = new Map<string, RelatedInfo[]>();
  /** Care links by user key, then patient key (nested: no key string built per lookup). */
  private readonly links = new Map<string, Map<string, CareLink[]>>();
  private readonly linksByPatient = new Map<string, CareLink[]>();
  private readonly stayMap = new Map<string, Stay[]>();
  private readonly visits = new Map<string, { stay: Stay; links: CareLink[] }>();
  private readonly locationOrg = new Map<string, string>();
  /**
   * The last patient and staff reference resolved: detectors ask about the same access's patient and user many
   * times in a row (explanation, then each check). Any added record may change an alias, so add() forgets them.
   */
  private lastPatient: Resolved<PatientInfo> | undefined;
  private lastStaff: Resolved<StaffInfo> | undefined;
  /** Records added so far. */
  size = 0;

  /** Add one record; later records about the same patient or practitioner merge into the earlier ones. */
  add(r: ContextRecord): void {
    this.size++;
    this.lastPatient = this.lastStaff = undefined;
    try {
      this.addRecord(r);
    } finally {
      this.lastPatient = this.lastStaff = undefined;
    }
  }

  /** A patient reference resolved through the aliases (the last one is remembered). */
  private resolvePatient(ref: string): Resolved<PatientInfo> {
    const last = this.lastPatient;
    if (last !== undefined && last.input === ref) return last;
    const alias = this.patientAlias.get(ref) ?? this.patientAlias.get(bare(ref));
    const canonical = alias ?? ref;
    const info = alias === undefined ? undefined : this.patients.get(alias);
    return (this.lastPatient = { input: ref, canonical, key: bare(canonical), info });
  }

  /** A staff reference resolved through the aliases (the last one is remembered). */
  private resolveStaff(ref: string): Resolved<StaffInfo> {
    const last = this.lastStaff;
    if (last !== undefined && last.input === ref) return last;
    const alias = this.staffAlias.get(ref) ?? this.staffAlias.get(bare(ref));
    const canonical = alias ?? ref;
    const info = alias === undefined ? undefined : this.staffMap.get(alias);
    return (this.lastStaff = { input: ref, canonical, key: bare(canonical), info });
  }

  private addRecord(r: ContextRecord): void {
    switch (r.kind) {
      case 'patient':
        this.addPatient(r);
        break;
      case 'practitioner':
        this.addPractitioner(r);
        break;
      case 'practitioner_role':
        this.addRole(r);
        break;
      case 'encounter':
        this.addEncounter(r);
        break;
      case 'care_team':
        this.addCareTeam(r);
        break;
      case 'related_person':
        this.addRelated(r);
        break;
      case 'location':
        if (r.organization) this.locationOrg.set(r.ref.toLowerCase(), r.organization.toLowerCase());
        break;
      case 'adt':
        this.addAdt(r);
        break;
      case 'organization':
        break;
    }
  }

  /** The patient for a reference, bare id or identifier. */
  patient(ref: string): PatientInfo | undefined {
    return this.resolvePatient(ref).info;
  }

  /** Canonical patient reference (the Patient record's ref when known, else the input). */
  patientRef(ref: string): string {
    return this.resolvePatient(ref).canonical;
  }

  /** The staff member for a reference, bare id, identifier or account name. */
  staff(ref: string): StaffInfo | undefined {
    return this.resolveStaff(ref).info;
  }

  /**
   * The department of a staff member: the last path segment of their first role's organization
   * (`Organization/dept-bill` → `dept-bill`), the peer group of baselines that compare a person with colleagues.
   */
  department(ref: string): string | undefined {
    const org = this.staff(ref)?.orgs[0];
    if (org === undefined) return undefined;
    return org.slice(org.lastIndexOf('/') + 1);
  }

  /** Canonical staff reference (the Practitioner's ref when known, else the input). */
  staffRef(ref: string): string {
    return this.resolveStaff(ref).canonical;
  }

  /** The staff member who is this patient (a shared identifier such as an employee number), if any. */
  employeeOf(patient: string): StaffInfo | undefined {
    const p = this.patient(patient);
    if (!p) return undefined;
    for (const id of p.identifiers) {
      const s = this.staffAlias.get(id);
      if (s !== undefined) return this.staffMap.get(s);
    }
    return undefined;
  }

  /** Related persons of a patient. */
  relatedOf(patient: string): readonly RelatedInfo[] {
    return this.related.get(this.pk(patient)) ?? NO_RELATED;
  }

  /** The staff member a related person is (shared identifier), if any. */
  staffOfRelated(r: RelatedInfo): StaffInfo | undefined {
    for (const id of r.identifiers) {
      const s = this.staffAlias.get(id);
      if (s !== undefined) return this.staffMap.get(s);
    }
    return undefined;
  }

  /** Listed care links between a user and a patient. */
  careLinks(user: string, patient: string): readonly CareLink[] {
    return this.links.get(this.resolveStaff(user).key)?.get(this.pk(patient)) ?? NO_LINKS;
  }

  /** Every listed care link of a patient. */
  careLinksOf(patient: string): readonly CareLink[] {
    return this.linksByPatient.get(this.pk(patient)) ?? NO_LINKS;
  }

  /** A patient's stays and visits, in the order they were added. */
  stays(patient: string): readonly Stay[] {
    return this.stayMap.get(this.pk(patient)) ?? NO_STAYS;
  }

  /** Whether a staff member works on one of these unit keys (a location also counts as its organization). */
  worksOn(s: StaffInfo, units: readonly string[]): string | undefined {
    for (const u of units) {
      if (s.units.has(u)) return u;
      const org = this.locationOrg.get(u);
      if (org !== undefined && s.units.has(org)) return u;
    }
    return undefined;
  }

  /** The organization a location unit key belongs to (`location/4w-a` → `organization/4w`), else the key. */
  unitOf(unit: string): string {
    return this.locationOrg.get(unit) ?? unit;
  }

  /** Whether the patient names this user (or one of the user's PractitionerRoles) as general practitioner. */
  isGeneralPractitioner(user: string, patient: string): boolean {
    const gps = this.patient(patient)?.generalPractitioners;
    if (gps === undefined) return false;
    const me = this.resolveStaff(user).key;
    for (const gp of gps)
      if (bare(this.staffAlias.get(gp) ?? this.staffAlias.get(bare(gp)) ?? gp) === me) return true;
    return false;
  }

  /** Patient key of the per-patient maps. */
  private pk(patient: string): string {
    return this.resolvePatient(patient).key;
  }

  private addPatient(r: ContextRecord): void {
    const key = this.patientAlias.get(r.ref) ?? r.ref;
    let p = this.patients.get(key);
    if (!p) {
      p = { ref: key, labels: [], identifiers: [] };
      this.patients.set(key, p);
    }
    if (r.family !== undefined) p.family = r.family;
    if (r.given) p.given = r.given;
    if (r.address) p.address = r.address;
    if (r.birthDate !== undefined) p.birthDate = r.birthDate;
    if (r.deceased !== undefined) p.deceased = r.deceased;
    for (const l of r.securityLabels ?? []) if (!p.labels.includes(l)) p.labels.push(l);
    for (const id of r.identifiers ?? []) if (!p.identifiers.includes(id)) p.identifiers.push(id);
    if (r.practitioners !== undefined && r.practitioners.length > 0) p.generalPractitioners = r.practitioners;
    this.alias(this.patientAlias, key, r.identifiers);
  }

  private staffEntry(ref: string): StaffInfo {
    const key = this.staffAlias.get(ref) ?? ref;
    let s = this.staffMap.get(key);
    if (!s) {
      s = { ref: key, identifiers: [], roles: [], roleText: [], orgs: [], units: new Set() };
      this.staffMap.set(key, s);
      this.alias(this.staffAlias, key, undefined);
    }
    return s;
  }

  private addPractitioner(r: ContextRecord): void {
    const s = this.staffEntry(r.ref);
    if (r.family !== undefined) s.family = r.family;
    if (r.given) s.given = r.given;
    if (r.address) s.address = r.address;
    if (r.birthDate !== undefined) s.birthDate = r.birthDate;
    if (r.attrs?.active !== undefined) s.active = r.attrs.active !== 'false';
    for (const id of r.identifiers ?? []) if (!s.identifiers.includes(id)) s.identifiers.push(id);
    this.alias(this.staffAlias, s.ref, r.identifiers);
  }

  private addRole(r: ContextRecord): void {
    const text = r.attrs?.roleText?.toLowerCase().split('|') ?? [];
    for (const pr of r.practitioners ?? []) {
      const s = this.staffEntry(pr);
      this.roleAlias(r.ref, s.ref);
      for (const c of r.codes ?? []) {
        const lc = c.toLowerCase();
        if (!s.roles.includes(lc)) s.roles.push(lc);
        s.units.add(lc);
      }
      for (const t of text) if (t !== '' && !s.roleText.includes(t)) s.roleText.push(t);
      if (r.organization !== undefined) {
        if (!s.orgs.includes(r.organization)) s.orgs.push(r.organization);
        s.units.add(r.organization.toLowerCase());
      }
      for (const l of r.location ?? []) s.units.add(l.toLowerCase());
    }
  }

  /**
   * A PractitionerRole answers for its practitioner (R4 PractitionerRole.practitioner): Encounter participants,
   * CareTeam members, AuditEvent agents and Patient.generalPractitioner may name the role instead of the person.
   * Care links already listed under the role (files in any order) move to the practitioner.
   */
  private roleAlias(roleRef: string, key: string): void {
    if (roleRef === key) return;
    this.staffAlias.set(roleRef, key);
    const b = bare(roleRef);
    const prior = this.staffAlias.get(b);
    if (prior !== undefined && prior !== roleRef) return; // the bare id already names someone
    this.staffAlias.set(b, key);
    const byRole = this.links.get(b);
    if (byRole === undefined || b === bare(key)) return;
    this.links.delete(b);
    let byUser = this.links.get(bare(key));
    if (!byUser) this.links.set(bare(key), (byUser = new Map<string, CareLink[]>()));
    for (const [pk, list] of byRole) {
      for (const l of list) l.user = key;
      const mine = byUser.get(pk);
      if (mine) mine.push(...list);
      else byUser.set(pk, list);
    }
  }

  private addLink(l: CareLink): void {
    // Keys use bare ids: context files arrive in any order, so `pr-1` (HL7 v2) and `Practitioner/pr-1` agree.
    const pk = this.pk(l.patient);
    let byUser = this.links.get(bare(l.user));
    if (!byUser) this.links.set(bare(l.user), (byUser = new Map<string, CareLink[]>()));
    let list = byUser.get(pk);
    if (!list) byUser.set(pk, (list = []));
    list.push(l);
    let byP = this.linksByPatient.get(this.pk(l.patient));
    if (!byP) this.linksByPatient.set(this.pk(l.patient), (byP = []));
    byP.push(l);
  }

  private addStay(s: Stay): void {
    let list = this.stayMap.get(this.pk(s.patient));
    if (!list) this.stayMap.set(this.pk(s.patient), (list = []));
    list.push(s);
  }

  private addEncounter(r: ContextRecord): void {
    if (r.patient === undefined) return;
    const patient = this.patientRef(r.patient);
    const start = r.period?.start ?? r.time;
    const end = r.period?.end;
    const codes = r.codes ?? [];
    for (const pr of r.practitioners ?? []) {
      const role: CareRole =
        codes.includes('participant:ATND') && pr === r.practitioners?.[0] ? 'attending' : 'participant';
      this.addLink({ user: this.staffRef(pr), patient, role, via: r.ref, start, end });
    }
    const units = [...(r.location ?? []), ...(r.organization !== undefined ? [r.organization] : [])];
    const cls = codes.find((c) => !c.startsWith('participant:'));
    this.addStay({ patient, via: r.ref, units: units.map((u) => u.toLowerCase()), start, end, cls });
  }

  private addCareTeam(r: ContextRecord): void {
    if (r.patient === undefined) return;
    const patient = this.patientRef(r.patient);
    for (const pr of r.practitioners ?? []) {
      this.addLink({
        user: this.staffRef(pr),
        patient,
        role: 'care team member',
        via: r.ref,
        start: r.period?.start ?? r.time,
        end: r.period?.end,
      });
    }
  }

  private addRelated(r: ContextRecord): void {
    if (r.patient === undefined) return;
    const patient = this.patientRef(r.patient);
    let list = this.related.get(this.pk(patient));
    if (!list) this.related.set(this.pk(patient), (list = []));
    list.push({
      ref: r.ref,
      patient,
      family: r.family,
      given: r.given,
      address: r.address,
      identifiers: r.identifiers ?? [],
      codes: r.codes ?? [],
    });
  }

  /**
   * ADT: A01/A04/A05 open a visit (stay) at PV1-3; A02 moves it (closes the old stay, opens a new one); A03
   * ends it; A08 updates. PV1-7/8/9/17 people become care links for the visit's time.
   */
  private addAdt(r: ContextRecord): void {
    if (r.patient === undefined || r.time === undefined) return;
    const patient = this.patientRef(r.patient);
    const trigger = (r.codes ?? []).find((c) => /^A\d\d$/.test(c)) ?? '';
    const visitKey = `${patient}\u0000${r.attrs?.visitNumber ?? ''}`;
    const units: string[] = [];
    for (const l of r.location ?? []) {
      const lc = l.toLowerCase();
      units.push(lc);
      const head = lc.split('/')[0];
      if (head !== undefined && head !== lc) units.push(head);
    }
    const svc = r.attrs?.hospitalService;
    if (svc !== undefined) units.push(svc.toLowerCase());
    let v = this.visits.get(visitKey);
    if (trigger === 'A03' || trigger === 'A11') {
      if (v) {
        v.stay.end = r.time;
        for (const l of v.links) l.end = r.time;
      }
      return;
    }
    if (!v || trigger === 'A02') {
      if (v) v.stay.end = r.time;
      const stay: Stay = { patient, via: r.attrs?.visitNumber ?? r.ref, units, start: r.time };
      const cls = r.attrs?.patientClass;
      if (cls !== undefined) stay.cls = cls;
      else if (v?.stay.cls !== undefined) stay.cls = v.stay.cls;
      this.addStay(stay);
      v = { stay, links: v?.links ?? [] };
      this.visits.set(visitKey, v);
    }
    for (const [attr, role] of Object.entries(ADT_ROLES)) {
      const who = r.attrs?.[attr];
      if (who === undefined) continue;
      const user = this.staffRef(who);
      if (v.links.some((l) => l.user === user && l.role === role)) continue;
      const link: CareLink = { user, patient, role, via: r.attrs?.visitNumber ?? r.ref, start: r.time };
      // Messages can be read out of order (context files): a visit already discharged ends the link too.
      if (v.stay.end !== undefined && v.stay.end >= r.time) link.end = v.stay.end;
      v.links.push(link);
      this.addLink(link);
    }
  }

  /** Register the key itself, its bare id and its identifiers (`system|value` and value) as aliases. */
  private alias(map: Map<string, string>, key: string, ids: readonly string[] | undefined): void {
    map.set(key, key);
    const b = bare(key);
    if (!map.has(b)) map.set(b, key);
    for (const id of ids ?? []) {
      map.set(id, key);
      const value = id.slice(id.indexOf('|') + 1);
      if (value && !map.has(value)) map.set(value, key);
      // Account URIs (`urn:…:account:jsmith`) also answer to the account name a log carries.
      const acct = value.lastIndexOf('account:');
      if (acct >= 0 && !map.has(value.slice(acct + 8))) map.set(value.slice(acct + 8), key);
    }
  }
}
