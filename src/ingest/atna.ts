/**
 * IHE ATNA / DICOM PS3.15 audit messages (RFC 3881 and DICOM schema `AuditMessage`): one message, many
 * concatenated, a wrapper document holding them, or one message per syslog line (RFC 5424 header + XML).
 * Fields: https://dicom.nema.org/medical/dicom/current/output/html/part15.html#sect_A.5 ; codes map as in the
 * FHIR AuditEvent parser (https://hl7.org/fhir/R4/auditevent-mappings.html#dicom).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { clipRaw } from '../model/index.js';
import type { EventClass, Outcome, RejectReason, WardEvent } from '../model/index.js';
import { ehrActionOfCode, joinPurposes, setNetworkAddress } from './fhir-audit-event.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseIsoTime } from './time.js';

type Node = Record<string, unknown>;

const FORMAT = 'atna';
/** Longest message collected; a longer one is refused and skipped up to its end tag. */
const MAX_MESSAGE_CHARS = 16 * 1024 * 1024;
const OPEN = '<AuditMessage';
const CLOSE = '</AuditMessage';
const NO_ITEMS: readonly unknown[] = [];

/**
 * DICOM RoleIDCode values of machine participants (Application, Application Launcher, Destination/Source
 * Role ID, Destination/Source Media): never taken as the user.
 */
const MACHINE_ROLES: ReadonlySet<string> = new Set([
  '110150',
  '110151',
  '110152',
  '110153',
  '110154',
  '110155',
]);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function node(v: unknown): Node | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Node) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
/** A repeated element: fast-xml-parser gives one object, or an array when it occurs more than once. */
function list(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : v === undefined ? NO_ITEMS : [v];
}
/** Code of a coded value: `csd-code` in the DICOM schema, `code` in RFC 3881. */
function codeOf(v: unknown): string | undefined {
  const n = node(v);
  return n === undefined ? undefined : (str(n['@csd-code']) ?? str(n['@code']));
}
function displayOf(v: unknown): string | undefined {
  const n = node(v);
  return n === undefined ? undefined : (str(n['@originalText']) ?? str(n['@displayName']));
}
function short(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}

interface Failure {
  reason: RejectReason;
  detail: string;
}

/** Map one parsed `AuditMessage` element to an event. */
function toEvent(m: Node, id: string, source: string): WardEvent | Failure {
  const ei = node(list(m.EventIdentification)[0]);
  if (ei === undefined) return { reason: 'missing_field', detail: 'AuditMessage has no EventIdentification' };
  const dt = str(ei['@EventDateTime']);
  if (dt === undefined)
    return { reason: 'missing_field', detail: 'EventIdentification has no EventDateTime' };
  const time = parseIsoTime(dt);
  if (time === undefined) return { reason: 'bad_time', detail: `EventDateTime "${short(dt)}" is not a time` };

  const eventId = list(ei.EventID)[0];
  const code = codeOf(eventId);
  const types: string[] = [];
  let typeDisplay: string | undefined;
  for (const t of list(ei.EventTypeCode)) {
    const c = codeOf(t);
    if (c !== undefined) types.push(c);
    typeDisplay ??= displayOf(t);
  }
  const purposes: string[] = [];
  for (const p of list(ei.PurposeOfUse)) {
    const c = codeOf(p);
    if (c !== undefined) purposes.push(c);
  }

  // User: a requestor that is a person. UserIsRequestor defaults to true (DICOM PS3.15 A.5.1).
  let user: Node | undefined;
  let machine: Node | undefined;
  let sourceRole: Node | undefined;
  for (const p of list(m.ActiveParticipant)) {
    const ap = node(p);
    if (ap === undefined) continue;
    const requestor = str(ap['@UserIsRequestor']);
    const isRequestor = requestor !== 'false' && requestor !== '0';
    let isMachine = ap.MediaIdentifier !== undefined;
    for (const r of list(ap.RoleIDCode)) {
      const c = codeOf(r);
      if (c !== undefined && MACHINE_ROLES.has(c)) {
        isMachine = true;
        if (c === '110153') sourceRole ??= ap;
      }
    }
    if (!isRequestor) continue;
    if (isMachine) machine ??= ap;
    else if (user === undefined && str(ap['@UserID']) !== undefined) user = ap;
  }

  let patient: string | undefined;
  let resource: Node | undefined;
  for (const o of list(m.ParticipantObjectIdentification)) {
    const po = node(o);
    if (po === undefined) continue;
    const role = str(po['@ParticipantObjectTypeCodeRole']);
    // Person (type 1) in the Patient role (1); an RFC 3881 message may omit the role but type the id as a
    // Patient Number (ParticipantObjectIDTypeCode 2).
    const isPatient =
      str(po['@ParticipantObjectTypeCode']) === '1' &&
      (role === '1' || (role === undefined && codeOf(list(po.ParticipantObjectIDTypeCode)[0]) === '2'));
    if (isPatient && patient === undefined) patient = str(po['@ParticipantObjectID']);
    else if (!isPatient) resource ??= po;
  }

  let cls: EventClass;
  let action: string | undefined;
  // DCM 110110 "Patient Record" is patient data even when the message names no patient object.
  if (patient !== undefined || code === '110110') cls = 'ehr_access';
  else if (code === '110114') cls = 'authentication';
  else cls = 'process';
  if (cls === 'authentication') {
    action = types.includes('110123') ? 'logoff' : 'logon';
  } else if (code === '110112') {
    action = 'query';
  } else if (code === '110106') {
    action = 'export';
  } else {
    action = ehrActionOfCode(str(ei['@EventActionCode']));
  }
  // EventOutcomeIndicator: 0 success, 4 minor, 8 serious, 12 major failure.
  const oc = str(ei['@EventOutcomeIndicator']);
  const outcome: Outcome = oc === undefined ? 'unknown' : oc === '0' ? 'success' : 'failure';

  const e: WardEvent = { id, source, format: FORMAT, class: cls, time, outcome, raw: id };
  if (action !== undefined) e.action = action;
  if (code !== undefined) e.code = code;
  if (user !== undefined) {
    e.user = str(user['@UserID'])!;
    const name = str(user['@UserName']);
    if (name !== undefined) e.userName = name;
  } else if (machine !== undefined) {
    const mid = str(machine['@UserID']);
    if (mid !== undefined) (e.attrs ??= {}).requestor = mid;
  }
  // Network: the user's own access point, else the requesting machine's, else the Source role's.
  const net = [user, machine, sourceRole].find((p) => p !== undefined && str(p['@NetworkAccessPointID']));
  if (net !== undefined) {
    setNetworkAddress(e, str(net['@NetworkAccessPointID'])!, str(net['@NetworkAccessPointTypeCode']));
  }
  if (patient !== undefined) e.patient = patient;
  if (resource !== undefined) {
    const idType = list(resource.ParticipantObjectIDTypeCode)[0];
    const r = str(resource['@ParticipantObjectID']) ?? codeOf(idType);
    if (r !== undefined) e.resource = r;
    const rt = displayOf(idType);
    if (rt !== undefined) (e.attrs ??= {}).resourceType = rt;
  }
  const purpose = joinPurposes(purposes);
  if (purpose !== undefined) e.purpose = purpose;
  const src = node(list(m.AuditSourceIdentification)[0]);
  const app = str(src?.['@AuditSourceID']) ?? codeOf(src);
  if (app !== undefined) e.app = app;
  const message = typeDisplay ?? displayOf(eventId);
  if (message !== undefined) e.message = message;
  const site = str(src?.['@AuditEnterpriseSiteID']);
  if (types.length > 0 || site !== undefined) {
    const attrs = (e.attrs ??= {});
    if (types.length > 0) attrs.subtype = types.join(',');
    if (site !== undefined) attrs.site = site;
  }
  return e;
}

/** Index of the next `<AuditMessage` start tag at or after `from` (not `<AuditMessages`), or -1. */
function findOpen(text: string, from: number): number {
  for (let i = text.indexOf(OPEN, from); i >= 0; i = text.indexOf(OPEN, i + 1)) {
    const next = text.charCodeAt(i + OPEN.length);
    // `>`, `/`, whitespace, or end of line (attributes continue on the next line).
    if (Number.isNaN(next) || next === 62 || next === 47 || next === 32 || next === 9 || next === 13)
      return i;
  }
  return -1;
}

class AtnaReader implements RecordParser {
  private parts: string[] = [];
  private size = 0;
  private collecting = false;
  private skipping = false;
  private startLine = 0;
  private lastStart = 0;
  private sameLineCount = 0;
  private sawContent = false;
  private sawMessage = false;
  private rejected = false;
  private lastLine = 0;

  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    this.lastLine = lineNo;
    let from = 0;
    for (;;) {
      let searchFrom = from;
      if (!this.collecting) {
        const at = findOpen(text, from);
        if (at < 0) {
          if (from === 0) this.outside(text, lineNo);
          return;
        }
        this.begin(lineNo);
        from = at;
        searchFrom = at + OPEN.length;
      }
      const close = text.indexOf(CLOSE, searchFrom);
      if (close < 0) {
        this.append(from === 0 ? text : text.slice(from));
        return;
      }
      const gt = text.indexOf('>', close + CLOSE.length);
      const end = gt < 0 ? text.length : gt + 1;
      this.append(text.slice(from, end));
      this.finish(lineNo);
      from = end;
    }
  }

  /** A line with no message in it: wrapper markup and blank lines are fine; other text is not silently lost. */
  private outside(text: string, lineNo: number): void {
    const t = text.trim();
    if (t === '') return;
    this.sawContent = true;
    let reason: RejectReason | undefined;
    let detail = '';
    if (t.charCodeAt(0) === 60 && t.charCodeAt(1) >= 48 && t.charCodeAt(1) <= 57) {
      // `<PRI>`: a syslog line that carries no audit message.
      reason = 'unsupported_type';
      detail = `syslog line ${lineNo} holds no AuditMessage`;
    } else if (t.charCodeAt(0) !== 60 && t.charCodeAt(t.length - 1) !== 62) {
      reason = 'not_xml';
      detail = `line ${lineNo} is text outside any AuditMessage element`;
    }
    if (reason === undefined) return;
    this.rejected = true;
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(text), position: `${lineNo}` });
  }

  private begin(lineNo: number): void {
    this.collecting = true;
    this.skipping = false;
    this.sawContent = true;
    this.sawMessage = true;
    this.startLine = lineNo;
    this.parts = [];
    this.size = 0;
  }

  private append(s: string): void {
    if (this.skipping) return;
    this.size += s.length + 1;
    if (this.size > MAX_MESSAGE_CHARS) {
      const head = this.parts[0] ?? s;
      this.reject(
        'record_too_large',
        `AuditMessage from line ${this.startLine} exceeds ${MAX_MESSAGE_CHARS} characters; skipped to its end`,
        head,
        `${this.startLine}`,
      );
      this.parts = [];
      this.skipping = true;
      return;
    }
    this.parts.push(s);
  }

  private reject(reason: RejectReason, detail: string, raw: string, position: string): void {
    this.rejected = true;
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(raw), position });
  }

  private finish(lineNo: number): void {
    this.collecting = false;
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('\n');
    this.parts = [];
    const start = this.startLine;
    const position = start === lineNo ? `${start}` : `${start}-${lineNo}`;
    // Two messages starting on one line (concatenated without newlines) get `#2`, `#3` … after the line.
    this.sameLineCount = start === this.lastStart ? this.sameLineCount + 1 : 1;
    this.lastStart = start;
    const id = `${this.ctx.source}:${start}${this.sameLineCount > 1 ? `#${this.sameLineCount}` : ''}`;

    let parsed: unknown;
    try {
      // fast-xml-parser's own parser is lenient (mismatched tags pass); its validator catches broken XML.
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- fast-xml-validator would be a new dependency
      const valid = XMLValidator.validate(text);
      if (valid !== true) {
        const at = start + valid.err.line - 1;
        this.reject('not_xml', `AuditMessage at line ${at}: ${valid.err.msg.slice(0, 200)}`, text, position);
        return;
      }
      parsed = xml.parse(text);
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 200) : 'unparseable';
      this.reject('not_xml', `AuditMessage at line ${start}: ${why}`, text, position);
      return;
    }
    const m = node(node(parsed)?.AuditMessage);
    if (m === undefined) {
      this.reject('missing_field', `AuditMessage at line ${start} is empty`, text, position);
      return;
    }
    const e = toEvent(m, id, this.ctx.source);
    if ('reason' in e) this.reject(e.reason, `AuditMessage at line ${start}: ${e.detail}`, text, position);
    else this.ctx.sink.event(e);
  }

  end(truncated: boolean): void {
    if (this.collecting) {
      this.collecting = false;
      if (!this.skipping) {
        const cut = truncated ? 'input was cut off: ' : '';
        this.reject(
          'not_xml',
          `${cut}AuditMessage from line ${this.startLine} has no closing tag`,
          this.parts.join('\n'),
          `${this.startLine}-${this.lastLine}`,
        );
      }
      this.parts = [];
      return;
    }
    if (!this.sawContent) {
      this.reject('empty_input', 'input has no content', '', `${this.lastLine}`);
    } else if (!this.sawMessage && !this.rejected) {
      this.reject('not_xml', `no AuditMessage element in ${this.lastLine} lines`, '', `1-${this.lastLine}`);
    }
  }
}

/** IHE ATNA / DICOM audit messages (XML, plain or one per syslog line) → events. */
export const atnaParser: FormatParser = {
  id: FORMAT,
  description: 'IHE ATNA / DICOM PS3.15 audit messages (RFC 3881 XML), plain, wrapped or one per syslog line',
  sniff(sample: string): number {
    if (findOpen(sample, 0) < 0) return 0;
    return sample.includes('<EventIdentification') ? 0.95 : 0.7;
  },
  open(ctx: ParseContext): RecordParser {
    return new AtnaReader(ctx);
  },
};
