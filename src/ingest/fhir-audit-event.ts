/**
 * FHIR R4 AuditEvent parser: one resource (usually pretty-printed), a Bundle of AuditEvents (searchset,
 * collection, transaction), or Bulk Data ndjson with one AuditEvent per line.
 * Fields and codes: https://hl7.org/fhir/R4/auditevent.html and IHE Basic Audit Log Patterns (BALP),
 * https://profiles.ihe.net/ITI/BALP/. The ATNA parser reuses the code mappings exported here.
 * Exports (DCM 110106 Export, a `$export` subtype or entity — FHIR Bulk Data) get action `export`; without a
 * patient entity they are class `data_transfer` (a report or bulk extract, not one chart). A record count the
 * server put in `entity.detail` (`records`, `resultCount` … see RECORD_COUNT_DETAILS) goes to attrs.records.
 */
import { clipRaw } from '../model/index.js';
import type { EhrAction, EventClass, Outcome, RejectReason, WardEvent } from '../model/index.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseIsoTime } from './time.js';
import { arr, obj, str, type Json } from './json-value.js';

const FORMAT = 'fhir-audit-event';
/** A multi-line document (one resource or a Bundle) is held in memory until end(); beyond this it is refused. */
const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;
const RESOURCE_TYPE = /"resourceType"\s*:\s*"([A-Za-z]+)"/;
const AUDIT_EVENT_TYPE = /"resourceType"\s*:\s*"AuditEvent"/;

/** Code of a Coding. */
function code(v: unknown): string | undefined {
  return str(obj(v)?.code);
}
/** Codes of a CodeableConcept, pushed onto `out`. */
function conceptCodes(v: unknown, out: string[]): void {
  for (const c of arr(obj(v)?.coding)) {
    const k = code(c);
    if (k !== undefined) out.push(k);
  }
}
function short(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}

const EHR_ACTION_CODES: ReadonlyMap<string, EhrAction> = new Map<string, EhrAction>([
  ['C', 'create'],
  ['R', 'read'],
  ['U', 'update'],
  ['D', 'delete'],
  ['E', 'execute'],
]);

/** Normalized action of an AuditEvent.action / DICOM EventActionCode (C R U D E). */
export function ehrActionOfCode(c: string | undefined): EhrAction | undefined {
  return c === undefined ? undefined : EHR_ACTION_CODES.get(c);
}

/** v3-ActReason purposes that mark emergency ("break-glass") access. */
export const BREAK_GLASS_PURPOSES: ReadonlySet<string> = new Set(['BTG', 'ETREAT', 'ERTREAT']);

/** Purpose codes as one string: distinct, break-glass codes first, joined with `,`; undefined when none. */
export function joinPurposes(codes: readonly string[]): string | undefined {
  if (codes.length === 0) return undefined;
  if (codes.length === 1) return codes[0];
  const glass: string[] = [];
  const other: string[] = [];
  for (const c of codes) {
    const into = BREAK_GLASS_PURPOSES.has(c) ? glass : other;
    if (!glass.includes(c) && !other.includes(c)) into.push(c);
  }
  return glass.concat(other).join(',');
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[\w.-]+)?$/;

/** True when `s` is an IPv4 or IPv6 literal (not a host name or URL). */
export function isIpLiteral(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && IPV6.test(s));
}

/**
 * Put a network access point on the event. Type 1 is a machine name, 2 an IP address (FHIR
 * network-type / DICOM NetworkAccessPointTypeCode); some sources write an IP under type 1, so the value decides.
 */
export function setNetworkAddress(e: WardEvent, address: string, type: string | undefined): void {
  if (isIpLiteral(address)) e.srcIp = address;
  else if (type === '1') e.host = address;
  else if (type === '2') (e.attrs ??= {}).networkAccessPoint = address;
}

/** `Patient/123` from a reference such as `Patient/123/_history/2` or `https://x/fhir/Patient/123`. */
function patientRef(ref: string): string | undefined {
  const at = ref.startsWith('Patient/') ? 0 : ref.indexOf('/Patient/') + 1;
  if (at === 0 && !ref.startsWith('Patient/')) return undefined;
  const end = ref.indexOf('/', at + 8);
  return end < 0 ? ref.slice(at) : ref.slice(at, end);
}

/** Agent types that stand for a person (extra-security-role-type, and BALP's user-agent types). */
const HUMAN_AGENT_TYPES: ReadonlySet<string> = new Set(['humanuser', 'IRCP', 'AGNT', 'AUT', 'PAT']);
/** DICOM "Source Role ID": the client machine in IHE/BALP audit patterns. */
const SOURCE_ROLE = '110153';
/** restful-interaction and other subtypes that make an access a query. */
const QUERY_SUBTYPES: ReadonlySet<string> = new Set(['search', 'search-type', 'search-system', 'query']);
/** Subtypes that name an export: FHIR Bulk Data `$export` (as an operation subtype) and plain `export`. */
const EXPORT_SUBTYPES: ReadonlySet<string> = new Set(['$export', 'export', 'bulk-export']);
/**
 * entity.detail types that carry how many records a query or export returned. AuditEvent has no standard field
 * for it; these are the names servers use (case-insensitive), read from valueString or valueInteger.
 */
const RECORD_COUNT_DETAILS: ReadonlySet<string> = new Set([
  'records',
  'recordcount',
  'record-count',
  'resultcount',
  'result-count',
  'count',
  'total',
]);

interface Failure {
  reason: RejectReason;
  detail: string;
}

function agentTypeIs(agent: Json, codes: ReadonlySet<string> | string): boolean {
  for (const c of arr(obj(agent.type)?.coding)) {
    const k = code(c);
    if (k !== undefined && (typeof codes === 'string' ? k === codes : codes.has(k))) return true;
  }
  return false;
}

/** Map one AuditEvent resource to an event, or say why it cannot be. */
function toEvent(r: Json, source: string, raw: string): WardEvent | Failure {
  const id = str(r.id);
  if (id === undefined) return { reason: 'missing_field', detail: 'AuditEvent has no id' };
  const recorded = str(r.recorded);
  if (recorded === undefined)
    return { reason: 'missing_field', detail: `AuditEvent ${id} has no recorded time` };
  const time = parseIsoTime(recorded);
  if (time === undefined) {
    return {
      reason: 'bad_time',
      detail: `AuditEvent ${id}: recorded "${short(recorded)}" is not an instant`,
    };
  }

  const type = obj(r.type);
  const typeCode = str(type?.code);
  const subtypes: string[] = [];
  let subtypeDisplay: string | undefined;
  for (const s of arr(r.subtype)) {
    const k = code(s);
    if (k !== undefined) subtypes.push(k);
    subtypeDisplay ??= str(obj(s)?.display);
  }

  // The user is the requestor; when no agent says so (the R4 example application start), the first human.
  const purposes: string[] = [];
  for (const p of arr(r.purposeOfEvent)) conceptCodes(p, purposes);
  let requestor: Json | undefined;
  let human: Json | undefined;
  let sourceAgent: Json | undefined;
  for (const a of arr(r.agent)) {
    const agent = obj(a);
    if (agent === undefined) continue;
    for (const p of arr(agent.purposeOfUse)) conceptCodes(p, purposes);
    if (requestor === undefined && agent.requestor === true) requestor = agent;
    if (human === undefined && agentTypeIs(agent, HUMAN_AGENT_TYPES)) human = agent;
    if (sourceAgent === undefined && agentTypeIs(agent, SOURCE_ROLE)) sourceAgent = agent;
  }
  const userAgent = requestor ?? human;

  // Patient: the entity in the Patient role (object-role 1) or of type Person (audit-entity-type 1);
  // failing that, any entity whose `what` is a Patient reference (a RESTful read of the Patient itself).
  let patient: string | undefined;
  let patientEntity: Json | undefined;
  let patientByRef: string | undefined;
  let resource: string | undefined;
  let resourceId: string | undefined;
  let bulkExport = false;
  let records: number | undefined;
  for (const en of arr(r.entity)) {
    const entity = obj(en);
    if (entity === undefined) continue;
    const what = obj(entity.what);
    const ref = str(what?.reference);
    const ident = str(obj(what?.identifier)?.value);
    const role = code(entity.role);
    if (ref?.includes('$export') === true || str(entity.name)?.includes('$export') === true)
      bulkExport = true;
    for (const dt of arr(entity.detail)) {
      const det = obj(dt);
      const kind = str(det?.type)?.toLowerCase();
      if (kind === undefined || !RECORD_COUNT_DETAILS.has(kind)) continue;
      const n = Number(str(det?.valueString) ?? det?.valueInteger);
      if (Number.isInteger(n) && n >= 0) records = Math.max(records ?? 0, n);
    }
    if (patientEntity === undefined && (role === '1' || (role === undefined && code(entity.type) === '1'))) {
      patientEntity = entity;
      patient = (ref !== undefined ? patientRef(ref) : undefined) ?? ref ?? ident;
      continue;
    }
    if (ref !== undefined) patientByRef ??= patientRef(ref);
    if (resource === undefined) {
      if (ref !== undefined && !ref.startsWith('#')) resource = ref;
      else {
        // A contained (#id) or absent reference: the entity type names the resource kind when it is not
        // one of the numeric audit-entity-type codes.
        const t = code(entity.type);
        if (t !== undefined && !(t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57)) resource = t;
        else resourceId ??= ident;
      }
    }
  }
  patient ??= patientByRef;
  resource ??= resourceId;

  const exporting = typeCode === '110106' || subtypes.some((s) => EXPORT_SUBTYPES.has(s)) || bulkExport;
  let cls: EventClass;
  let action: string | undefined;
  if (exporting && patient === undefined) {
    // A report or Bulk Data export of many patients: data leaving the EHR, not one chart's access.
    cls = 'data_transfer';
  } else if (patient !== undefined || typeCode === 'rest' || typeCode === '110110') {
    cls = 'ehr_access';
  } else if (typeCode === '110114') {
    cls = 'authentication';
  } else {
    cls = 'process';
  }
  if (cls === 'authentication') {
    // DCM 110114 User Authentication; subtype 110122 Login / 110123 Logout. No subtype: the user authenticated.
    action = subtypes.includes('110123') ? 'logoff' : 'logon';
  } else if (exporting) {
    action = 'export';
  } else if (typeCode === '110112' || subtypes.some((s) => QUERY_SUBTYPES.has(s))) {
    action = 'query';
  } else {
    action = ehrActionOfCode(str(r.action));
  }

  // outcome: 0 success, 4 minor, 8 serious, 12 major failure (http://hl7.org/fhir/audit-event-outcome).
  const oc = str(r.outcome);
  const outcome: Outcome =
    oc === '0' ? 'success' : oc === '4' || oc === '8' || oc === '12' ? 'failure' : 'unknown';

  const e: WardEvent = { id, source, format: FORMAT, class: cls, time, outcome, raw };
  if (action !== undefined) e.action = action;
  if (typeCode !== undefined) e.code = typeCode;
  if (userAgent !== undefined) {
    const who = obj(userAgent.who);
    const name = str(userAgent.name);
    const user =
      str(who?.reference) ??
      str(obj(who?.identifier)?.value) ??
      str(userAgent.altId) ??
      name ??
      str(who?.display);
    if (user !== undefined) e.user = user;
    if (name !== undefined) e.userName = name;
  }
  // Network: the user's own address, else the client (Source Role ID) machine's.
  const net = obj(userAgent?.network) ?? obj(sourceAgent?.network);
  const address = str(net?.address);
  if (address !== undefined) setNetworkAddress(e, address, str(net?.type));
  if (patient !== undefined) e.patient = patient;
  if (resource !== undefined) e.resource = resource;
  const purpose = joinPurposes(purposes);
  if (purpose !== undefined) e.purpose = purpose;
  const src = obj(r.source);
  const observer = obj(src?.observer);
  const app = str(observer?.display) ?? str(observer?.reference) ?? str(obj(observer?.identifier)?.value);
  if (app !== undefined) e.app = app;
  const message = subtypeDisplay ?? str(type?.display);
  if (message !== undefined) e.message = message;
  const site = str(src?.site);
  if (subtypes.length > 0 || site !== undefined || records !== undefined) {
    const attrs = (e.attrs ??= {});
    if (subtypes.length > 0) attrs.subtype = subtypes.join(',');
    if (site !== undefined) attrs.site = site;
    if (records !== undefined) attrs.records = String(records);
  }
  return e;
}

class FhirAuditReader implements RecordParser {
  private mode: 'start' | 'pending' | 'ndjson' | 'document' | 'overflow' = 'start';
  private parts: string[] = [];
  private size = 0;
  private firstLine = 0;
  private lastLine = 0;
  private readonly source: string;

  constructor(
    private readonly ctx: ParseContext,
    private readonly maxChars: number,
  ) {
    this.source = ctx.source;
  }

  line(text: string, lineNo: number): void {
    this.lastLine = lineNo;
    switch (this.mode) {
      case 'ndjson':
        this.ndjsonLine(text, lineNo);
        return;
      case 'document':
        this.collect(text, lineNo);
        return;
      case 'overflow':
        return;
      case 'start':
      case 'pending':
        this.decide(text, lineNo);
        return;
    }
  }

  /**
   * ndjson when a line near the top is a complete JSON object; otherwise a multi-line document. A first line
   * that is broken JSON is judged by the second: if that one is complete, the input is ndjson.
   */
  private decide(text: string, lineNo: number): void {
    const t = lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const trimmed = t.trim();
    if (trimmed === '') {
      if (this.mode === 'pending') this.collect(t, lineNo);
      return;
    }
    if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
      const value = tryParse(trimmed);
      if (obj(value) !== undefined) {
        if (this.mode === 'pending') {
          this.ctx.sink.reject({
            reason: 'not_json',
            detail: `line ${this.firstLine} is not a complete JSON value`,
            raw: clipRaw(this.parts.join('\n')),
            position: `${this.firstLine}`,
          });
        }
        this.mode = 'ndjson';
        this.parts = [];
        this.handle(value, `${lineNo}`, `${this.source}:${lineNo}`, () => clipRaw(t));
        return;
      }
    }
    if (this.mode === 'start' && trimmed.startsWith('{')) {
      this.mode = 'pending';
      this.collect(t, lineNo);
      return;
    }
    this.mode = 'document';
    this.collect(t, lineNo);
  }

  private collect(text: string, lineNo: number): void {
    if (this.parts.length === 0) this.firstLine = lineNo;
    this.size += text.length + 1;
    if (this.size > this.maxChars) {
      const head = this.parts[0] ?? text;
      this.ctx.sink.reject({
        reason: 'record_too_large',
        detail: `JSON document from line ${this.firstLine} exceeds ${this.maxChars} characters at line ${lineNo}; rest of input skipped`,
        raw: clipRaw(head),
        position: `${this.firstLine}-${lineNo}`,
      });
      this.parts = [];
      this.mode = 'overflow';
      return;
    }
    this.parts.push(text);
  }

  private ndjsonLine(text: string, lineNo: number): void {
    if (text.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (text.trim() === '') return;
      this.ctx.sink.reject({
        reason: 'not_json',
        detail: `line ${lineNo}: ${err instanceof Error ? err.message.slice(0, 160) : 'invalid JSON'}`,
        raw: clipRaw(text),
        position: `${lineNo}`,
      });
      return;
    }
    // The common case, one AuditEvent per line, without the position string and closure handle() takes.
    const r = obj(value);
    if (r !== undefined && r.resourceType === 'AuditEvent') {
      const e = toEvent(r, this.source, `${this.source}:${lineNo}`);
      if ('reason' in e)
        this.ctx.sink.reject({
          reason: e.reason,
          detail: e.detail,
          raw: clipRaw(text),
          position: `${lineNo}`,
        });
      else this.ctx.sink.event(e);
      return;
    }
    this.handle(value, `${lineNo}`, `${this.source}:${lineNo}`, () => clipRaw(text));
  }

  /** One parsed JSON value: an AuditEvent, a Bundle of them, or an array of resources. */
  private handle(value: unknown, position: string, rawRef: string, rawText: () => string): void {
    const { sink } = this.ctx;
    if (Array.isArray(value)) {
      for (const v of value) this.handle(v, position, rawRef, () => jsonRaw(v));
      return;
    }
    const r = obj(value);
    const rt = str(r?.resourceType);
    if (r === undefined || rt === undefined) {
      sink.reject({
        reason: 'bad_shape',
        detail: 'JSON value is not a FHIR resource (no resourceType)',
        raw: rawText(),
        position,
      });
      return;
    }
    if (rt === 'AuditEvent') {
      const e = toEvent(r, this.source, rawRef);
      if ('reason' in e) sink.reject({ reason: e.reason, detail: e.detail, raw: rawText(), position });
      else sink.event(e);
      return;
    }
    if (rt === 'Bundle') {
      const entries = arr(r.entry);
      for (let i = 0; i < entries.length; i++) {
        const entry = obj(entries[i]);
        const res = entry?.resource;
        const entryRaw = (): string => jsonRaw(entries[i]);
        if (obj(res) === undefined) {
          sink.reject({
            reason: 'missing_field',
            detail: `Bundle entry ${i} has no resource`,
            raw: entryRaw(),
            position,
          });
          continue;
        }
        const rtype = str(obj(res)?.resourceType);
        if (rtype !== 'AuditEvent') {
          const what =
            rtype === undefined ? 'a resource without resourceType' : `resourceType ${short(rtype)}`;
          sink.reject({
            reason: 'unsupported_type',
            detail: `Bundle entry ${i} holds ${what}, not AuditEvent`,
            raw: entryRaw(),
            position,
          });
          continue;
        }
        this.handle(res, position, rawRef, entryRaw);
      }
      return;
    }
    sink.reject({
      reason: 'unsupported_type',
      detail: `resourceType ${short(rt)} is not AuditEvent`,
      raw: rawText(),
      position,
    });
  }

  end(truncated: boolean): void {
    const { sink } = this.ctx;
    if (this.mode === 'start') {
      sink.reject({
        reason: 'empty_input',
        detail: 'input has no content',
        raw: '',
        position: `${this.lastLine}`,
      });
      return;
    }
    if (this.mode !== 'pending' && this.mode !== 'document') return;
    const text = this.parts.join('\n');
    this.parts = [];
    const position =
      this.firstLine === this.lastLine ? `${this.firstLine}` : `${this.firstLine}-${this.lastLine}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 160) : 'invalid JSON';
      const cut = truncated ? 'input was cut off; ' : '';
      sink.reject({
        reason: 'not_json',
        detail: `${cut}JSON document at lines ${position}: ${why}`,
        raw: clipRaw(text),
        position,
      });
      return;
    }
    this.handle(value, position, `${this.source}:${this.firstLine}`, () => clipRaw(text));
  }
}

/** Raw text of a parsed value for a dead letter. */
function jsonRaw(v: unknown): string {
  const text = JSON.stringify(v) as string | undefined;
  return text === undefined ? '' : clipRaw(text);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** FHIR R4 AuditEvent (resource, Bundle or ndjson) → `ehr_access`, `authentication` and `process` events. */
export const fhirAuditEventParser: FormatParser = {
  id: FORMAT,
  description: 'FHIR R4 AuditEvent: a resource, a Bundle of AuditEvents, or ndjson (IHE BALP aware)',
  sniff(sample: string): number {
    const first = RESOURCE_TYPE.exec(sample);
    if (first === null) return 0;
    if (first[1] === 'AuditEvent') return 0.95;
    if (first[1] === 'Bundle') return AUDIT_EVENT_TYPE.test(sample) ? 0.9 : 0;
    return AUDIT_EVENT_TYPE.test(sample) ? 0.5 : 0;
  },
  open(ctx: ParseContext): RecordParser {
    return new FhirAuditReader(ctx, MAX_DOCUMENT_CHARS);
  },
};
