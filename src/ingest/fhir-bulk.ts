/**
 * FHIR R4 Bulk Data ndjson parser for context: one resource per line (`Patient.000.ndjson`, …) becomes one
 * ContextRecord — who people are (Patient, Practitioner, RelatedPerson), where they work (PractitionerRole,
 * Organization, Location) and which care links exist (Encounter participants, CareTeam members).
 * Resources: https://hl7.org/fhir/R4/patient.html (and practitioner, practitionerrole, organization, encounter,
 * careteam, relatedperson, location). Bulk format: https://hl7.org/fhir/uv/bulkdata/.
 *
 * References are kept as the resource wrote them (`Practitioner/x`, an absolute URL, or a conditional
 * `Practitioner?identifier=system|value`), except `urn:uuid:x`, which is bundle-local and is resolved to
 * `<Type>/x` when the element allows one target type or the reference states its `type`. A logical reference
 * (identifier only) becomes `<Type>?identifier=system|value`. Codes are coding codes without their system;
 * participant types / roles are prefixed `participant:` so they do not mix with class and type codes.
 * PractitionerRole code and specialty displays and texts go to `attrs.roleText` (`|`-separated): job titles are
 * often only in the words. Patient.generalPractitioner goes to `practitioners`.
 *
 * Rejections: a line that is not a JSON object → `not_json` / `bad_shape`; no resourceType or id →
 * `missing_field`; another resource type (Condition, DocumentReference, AuditEvent …) → `unsupported_type`,
 * a deliberate skip, decided from a leading `"resourceType"` without parsing the (often large) line; an
 * unparseable period time → `bad_time`.
 */
import { clipRaw } from '../model/index.js';
import type { Address, ContextKind, ContextRecord, Period, RejectReason } from '../model/index.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseIsoTime } from './time.js';
import { arr, obj, str, type Json } from './json-value.js';

/** Resource types this parser turns into context, with the kind each becomes. */
const KINDS: ReadonlyMap<string, ContextKind> = new Map<string, ContextKind>([
  ['Patient', 'patient'],
  ['Practitioner', 'practitioner'],
  ['PractitionerRole', 'practitioner_role'],
  ['Organization', 'organization'],
  ['Encounter', 'encounter'],
  ['CareTeam', 'care_team'],
  ['RelatedPerson', 'related_person'],
  ['Location', 'location'],
]);
const RESOURCE_TYPE = /"resourceType"\s*:\s*"([A-Za-z]+)"/;
const LEADING_TYPE = '{"resourceType":"';

/** FHIR R4 Bulk Data ndjson (Patient, Practitioner, PractitionerRole, Organization, Encounter, …) as context. */
export const fhirBulkParser: FormatParser = {
  id: 'fhir-bulk',
  description:
    'FHIR R4 Bulk Data ndjson: patients, staff, organizations, locations and care links as context',
  sniff(sample) {
    let i = 0;
    while (i < sample.length && (sample.charCodeAt(i) === 0xfeff || sample.charCodeAt(i) <= 0x20)) i++;
    if (sample[i] !== '{') return 0;
    const nl = sample.indexOf('\n', i);
    const first = nl < 0 ? sample.slice(i) : sample.slice(i, nl);
    const type = RESOURCE_TYPE.exec(first)?.[1];
    if (type === undefined || type === 'AuditEvent' || type === 'Bundle') return 0;
    if (!KINDS.has(type)) {
      // Other resource types of a bulk export (Condition, Procedure …): claimed so they are counted as
      // deliberate skips, not unknown input; a parser that reads them can claim them with more confidence.
      return 0.5;
    }
    try {
      return obj(JSON.parse(first))?.resourceType === type ? 0.95 : 0.5;
    } catch {
      return 0.85; // a first line longer than the sample: cut off, not broken
    }
  },
  open(ctx) {
    return new BulkReader(ctx);
  },
};

class BulkReader implements RecordParser {
  private seen = false;

  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    let start = 0;
    while (start < text.length && (text.charCodeAt(start) <= 0x20 || text.charCodeAt(start) === 0xfeff))
      start++;
    if (start === text.length) return;
    this.seen = true;
    const s = start === 0 ? text : text.slice(start);
    if (s.charCodeAt(0) !== 123 /* { */)
      return this.reject('not_json', 'line is not a JSON object', text, lineNo);
    // Bulk exports write resourceType first: skip other types without parsing their (often megabyte) lines.
    if (s.startsWith(LEADING_TYPE)) {
      const q = s.indexOf('"', LEADING_TYPE.length);
      const peek = q > 0 && q < 80 ? s.slice(LEADING_TYPE.length, q) : undefined;
      if (peek !== undefined && !KINDS.has(peek)) return this.unsupported(peek, text, lineNo);
    }
    let json: unknown;
    try {
      json = JSON.parse(s);
    } catch {
      const cut = s.trimEnd().endsWith('}') ? '' : '; it looks cut off';
      return this.reject('not_json', `line of ${s.length} characters is not valid JSON${cut}`, text, lineNo);
    }
    const r = obj(json);
    if (!r) return this.reject('bad_shape', 'line is JSON but not an object', text, lineNo);
    const type = str(r.resourceType);
    if (type === undefined) return this.reject('missing_field', 'resourceType is missing', text, lineNo);
    const kind = KINDS.get(type);
    if (kind === undefined) return this.unsupported(type, text, lineNo);
    const id = str(r.id);
    if (id === undefined) return this.reject('missing_field', `${type} has no id`, text, lineNo);
    const b = new Builder({ kind, ref: `${type}/${id}`, source: this.ctx.source }, r);
    build(type, b);
    if (b.bad !== undefined) return this.reject('bad_time', `${type}/${id} ${b.bad}`, text, lineNo);
    this.ctx.sink.context(b.rec);
  }

  end(truncated: boolean): void {
    if (!this.seen) {
      const detail = truncated ? 'input broke off before any resource' : 'no resources in input';
      this.ctx.sink.reject({ reason: 'empty_input', detail, raw: '', position: '0' });
    }
  }

  private unsupported(type: string, text: string, lineNo: number): void {
    const detail = `resourceType ${type.slice(0, 40)} is not context (reads ${[...KINDS.keys()].join(', ')})`;
    this.reject('unsupported_type', detail, text, lineNo);
  }

  private reject(reason: RejectReason, detail: string, text: string, lineNo: number): void {
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(text), position: String(lineNo) });
  }
}

/** Fill the record of one resource by type (all fields optional; absent ones stay absent). */
function build(type: string, b: Builder): void {
  const r = b.r;
  b.identifiers();
  b.labels();
  const lastUpdated = str(obj(r.meta)?.lastUpdated);
  const updated = lastUpdated === undefined ? undefined : parseIsoTime(lastUpdated);
  if (updated !== undefined) b.rec.time = updated;
  if (typeof r.active === 'boolean') b.attr('active', String(r.active));
  switch (type) {
    case 'Patient':
      b.person();
      b.deceased();
      for (const gp of arr(r.generalPractitioner)) b.practitioner(ref(gp));
      b.link('organization', ref(r.managingOrganization, 'Organization'));
      break;
    case 'Practitioner':
      b.person();
      for (const q of arr(r.qualification)) b.codes(obj(q)?.code);
      break;
    case 'PractitionerRole':
      b.practitioner(ref(r.practitioner, 'Practitioner'));
      b.link('organization', ref(r.organization, 'Organization'));
      for (const c of arr(r.code)) b.codes(c);
      for (const c of arr(r.specialty)) b.codes(c);
      // Job titles are often only in the words: local codes (`REG`) with display "Patient access representative".
      b.attr('roleText', conceptWords([...arr(r.code), ...arr(r.specialty)]));
      for (const l of arr(r.location)) b.location(ref(l, 'Location'));
      b.period(r.period);
      break;
    case 'Organization':
      b.attr('name', str(r.name));
      for (const c of arr(r.type)) b.codes(c);
      b.address(r.address);
      b.attr('partOf', ref(r.partOf, 'Organization'));
      break;
    case 'Encounter': {
      b.link('patient', ref(r.subject));
      // R4 class is one Coding; R5 made it a list of CodeableConcepts.
      const cls = r.class;
      if (Array.isArray(cls)) for (const c of cls) b.codes(c);
      else b.code(str(obj(cls)?.code));
      for (const c of arr(r.type)) b.codes(c);
      for (const p of arr(r.participant)) {
        const individual = obj(p)?.individual;
        if (refType(individual) !== 'RelatedPerson') b.practitioner(ref(individual));
        for (const t of arr(obj(p)?.type)) b.codes(t, 'participant:');
      }
      for (const l of arr(r.location)) b.location(ref(obj(l)?.location, 'Location'));
      b.link('organization', ref(r.serviceProvider, 'Organization'));
      b.period(r.period);
      if (b.rec.period?.start !== undefined) b.rec.time = b.rec.period.start;
      b.attr('status', str(r.status));
      break;
    }
    case 'CareTeam': {
      b.link('patient', ref(r.subject));
      for (const c of arr(r.category)) b.codes(c);
      for (const p of arr(r.participant)) {
        const member = obj(p)?.member;
        const t = refType(member);
        if (t === 'Practitioner' || t === 'PractitionerRole') b.practitioner(ref(member));
        for (const role of arr(obj(p)?.role)) b.codes(role, 'participant:');
      }
      b.link('organization', ref(arr(r.managingOrganization)[0], 'Organization'));
      b.period(r.period);
      b.attr('status', str(r.status));
      b.attr('name', str(r.name));
      b.attr('encounter', ref(r.encounter, 'Encounter'));
      break;
    }
    case 'RelatedPerson':
      b.link('patient', ref(r.patient, 'Patient'));
      b.person();
      for (const c of arr(r.relationship)) b.codes(c);
      b.period(r.period);
      break;
    case 'Location':
      b.attr('name', str(r.name));
      for (const c of arr(r.type)) b.codes(c);
      b.codes(r.physicalType);
      b.address(r.address);
      b.link('organization', ref(r.managingOrganization, 'Organization'));
      b.attr('partOf', ref(r.partOf, 'Location'));
      break;
  }
}

/** Displays and texts of CodeableConcepts joined by `|` (absent when there are none). */
function conceptWords(concepts: readonly unknown[]): string | undefined {
  const words: string[] = [];
  for (const c of concepts) {
    const cc = obj(c);
    const text = str(cc?.text);
    if (text !== undefined && !words.includes(text)) words.push(text);
    for (const coding of arr(cc?.coding)) {
      const d = str(obj(coding)?.display);
      if (d !== undefined && !words.includes(d)) words.push(d);
    }
  }
  return words.length > 0 ? words.join('|') : undefined;
}

/** Accumulates one record; lists are created on first use so unset fields stay absent. */
class Builder {
  /** Set when a time field could not be read: the record is rejected with this detail. */
  bad: string | undefined;

  constructor(
    readonly rec: ContextRecord,
    readonly r: Json,
  ) {}

  attr(key: string, value: string | undefined): void {
    if (value === undefined) return;
    (this.rec.attrs ??= {})[key] = value;
  }

  /** Set a single-reference field when the reference is present. */
  link(key: 'patient' | 'organization', ref: string | undefined): void {
    if (ref !== undefined) this.rec[key] = ref;
  }

  code(c: string | undefined): void {
    if (c === undefined) return;
    const codes = (this.rec.codes ??= []);
    if (!codes.includes(c)) codes.push(c);
  }

  /** Codes of a CodeableConcept, optionally prefixed. */
  codes(concept: unknown, prefix = ''): void {
    for (const coding of arr(obj(concept)?.coding)) {
      const c = str(obj(coding)?.code);
      if (c !== undefined) this.code(prefix + c);
    }
  }

  practitioner(ref: string | undefined): void {
    if (ref === undefined) return;
    const list = (this.rec.practitioners ??= []);
    if (!list.includes(ref)) list.push(ref);
  }

  location(ref: string | undefined): void {
    if (ref === undefined) return;
    const list = (this.rec.location ??= []);
    if (!list.includes(ref)) list.push(ref);
  }

  identifiers(): void {
    for (const i of arr(this.r.identifier)) {
      const value = str(obj(i)?.value);
      if (value !== undefined) (this.rec.identifiers ??= []).push(`${str(obj(i)?.system) ?? ''}|${value}`);
    }
  }

  /** meta.security codes: v3-Confidentiality R/V, v3-ActCode VIP, EMP … */
  labels(): void {
    for (const s of arr(obj(this.r.meta)?.security)) {
      const c = str(obj(s)?.code);
      if (c !== undefined && !(this.rec.securityLabels ??= []).includes(c)) this.rec.securityLabels.push(c);
    }
  }

  /** Name (the `official` one, else the first), address, birth date and gender of a person resource. */
  person(): void {
    const names = arr(this.r.name);
    const name = obj(names.find((n) => obj(n)?.use === 'official') ?? names[0]);
    if (name) {
      const family = str(name.family);
      if (family !== undefined) this.rec.family = family;
      const given = arr(name.given).filter((g): g is string => typeof g === 'string' && g !== '');
      if (given.length > 0) this.rec.given = given;
    }
    this.address(this.r.address);
    const birthDate = str(this.r.birthDate);
    if (birthDate !== undefined) this.rec.birthDate = birthDate;
    const gender = str(this.r.gender);
    if (gender !== undefined) this.rec.gender = gender;
  }

  deceased(): void {
    const r = this.r;
    if (typeof r.deceasedBoolean === 'boolean') this.rec.deceased = r.deceasedBoolean;
    else if (str(r.deceasedDateTime) !== undefined) this.rec.deceased = r.deceasedDateTime as string;
  }

  /** One Address or a list of them (Location has one, people have many). */
  address(v: unknown): void {
    for (const item of Array.isArray(v) ? v : [v]) {
      const a = obj(item);
      if (!a) continue;
      const out: Address = {};
      const line = arr(a.line).filter((l): l is string => typeof l === 'string' && l !== '');
      if (line.length > 0) out.line = line;
      for (const k of ['city', 'state', 'postalCode', 'country'] as const) {
        const s = str(a[k]);
        if (s !== undefined) out[k] = s;
      }
      if (Object.keys(out).length > 0) (this.rec.address ??= []).push(out);
    }
  }

  period(v: unknown): void {
    const p = obj(v);
    if (!p) return;
    const out: Period = {};
    for (const k of ['start', 'end'] as const) {
      const text = str(p[k]);
      if (text === undefined) continue;
      const ms = fhirTime(text, k === 'end');
      if (ms === undefined) this.bad = `period.${k} "${text.slice(0, 40)}" is not a FHIR dateTime`;
      else out[k] = ms;
    }
    if (out.start !== undefined || out.end !== undefined) this.rec.period = out;
  }
}

/**
 * A Reference as a string (see the header for the forms). `target` is the type the element allows, used to
 * resolve `urn:uuid:` and identifier-only references when the reference does not say its `type`.
 */
function ref(v: unknown, target?: string): string | undefined {
  const r = obj(v);
  if (!r) return undefined;
  const type = str(r.type) ?? target;
  const reference = str(r.reference);
  if (reference !== undefined) {
    return reference.startsWith('urn:uuid:') && type !== undefined
      ? `${type}/${reference.slice(9)}`
      : reference;
  }
  const identifier = obj(r.identifier);
  const value = str(identifier?.value);
  if (value === undefined || type === undefined) return undefined;
  const system = str(identifier?.system);
  return `${type}?identifier=${system === undefined ? value : `${system}|${value}`}`;
}

/** Resource type a Reference points at: its `type`, else read from `Type/id`, a URL or `Type?query`. */
function refType(v: unknown): string | undefined {
  const r = obj(v);
  if (!r) return undefined;
  const type = str(r.type);
  if (type !== undefined) return type;
  const reference = str(r.reference);
  if (reference === undefined || reference.startsWith('urn:')) return undefined;
  const q = reference.indexOf('?');
  if (q >= 0) return reference.slice(reference.lastIndexOf('/', q) + 1, q);
  const parts = reference.split('/');
  // …/Type/id or …/Type/id/_history/n
  const at =
    parts.length >= 4 && parts[parts.length - 2] === '_history' ? parts.length - 4 : parts.length - 2;
  return parts[at];
}

const YEAR = /^\d{4}$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * FHIR dateTime → epoch ms. Partial dates (`2020`, `2020-05`, `2020-05-04`) stand for their whole span: the
 * first instant for a period start, the last for a period end.
 */
export function fhirTime(text: string, end: boolean): number | undefined {
  if (text.length > 10) return parseIsoTime(text);
  let from: number | undefined;
  let to: number;
  if (YEAR.test(text)) {
    const y = Number(text);
    from = Date.UTC(y, 0, 1);
    to = Date.UTC(y + 1, 0, 1);
  } else {
    const m = YEAR_MONTH.exec(text);
    if (m) {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return undefined;
      from = Date.UTC(Number(m[1]), month - 1, 1);
      to = Date.UTC(Number(m[1]), month, 1);
    } else {
      from = parseIsoTime(text);
      if (from === undefined) return undefined;
      to = from + DAY_MS;
    }
  }
  return end ? to - 1 : from;
}
