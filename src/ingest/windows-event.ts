/**
 * Windows Security events as JSON, in two shapes:
 * - the evtx dump of ../shared/data/windows/*.jsonl: `System.{EventID, EventRecordID, TimeCreated, Computer}`,
 *   `EventData` (all values strings, empty elements `null`) or `UserData.<Element>` (e.g. 1102 LogFileCleared);
 * - Winlogbeat / Elastic ECS: `@timestamp`, `winlog.{event_id, record_id, computer_name, channel, event_data,
 *   user_data}`, `event.code`, `host.name`, `source.ip`, `user.name`
 *   (https://www.elastic.co/guide/en/beats/winlogbeat/current/exported-fields-winlog.html).
 * One object per line is the main path; a JSON array on one line, and pretty-printed arrays or objects (a
 * Winlogbeat golden file, `jq` output) whose closing bracket stands alone at column 0, are accepted too.
 * Event fields: https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4624 (and the
 * page of each id). Logon-type events name the account in `Target*`, account management names the actor in
 * `Subject*` and the account or group acted on in `Target*`. Removable storage — 4663 in the Removable Storage
 * task category and 6416 device recognised — become `data_transfer` events (`removable_write`, `removable_read`,
 * `device_connected`).
 */
import { AUTH_ACTIONS, clipRaw, TRANSFER_ACTIONS } from '../model/index.js';
import type { Outcome, RejectReason, WardEvent } from '../model/index.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseIsoTime } from './time.js';
import { normalizeHex, statusText } from './windows-status.js';

type Obj = Record<string, unknown>;

const FORMAT = 'windows-event';
/** Largest pretty-printed document collected in memory before it is dead-lettered. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field of EventData; `null`, empty and Windows' `-` placeholder are absent. */
function str(d: Obj | undefined, key: string): string | undefined {
  if (d === undefined) return undefined;
  const v = d[key];
  if (typeof v === 'string') return v === '' || v === '-' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

type StrField = 'user' | 'domain' | 'resource' | 'srcIp' | 'method';

/** Set an optional string field only when present, so unset fields stay absent. */
function put(e: WardEvent, key: StrField, value: string | undefined): void {
  if (value !== undefined) e[key] = value;
}

function setAttr(e: WardEvent, key: string, value: string | undefined): void {
  if (value === undefined) return;
  (e.attrs ??= {})[key] = value;
}

/** Windows logs IPv4 peers of dual-stack sockets as `::ffff:a.b.c.d`; keep the plain IPv4 form. */
function normalizeIp(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  if (
    ip.length > 7 &&
    ip.charCodeAt(0) === 58 &&
    ip.slice(0, 7).toLowerCase() === '::ffff:' &&
    ip.includes('.')
  ) {
    return ip.slice(7);
  }
  return ip;
}

function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
}

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Event time, epoch ms. Fast path for the `YYYY-MM-DDTHH:MM:SS[.fraction]Z` both shapes write (TimeCreated has
 * microseconds, Winlogbeat 100 ns ticks; the fraction is truncated to ms); anything else goes to parseIsoTime.
 */
function parseTime(s: string): number | undefined {
  const n = s.length;
  if (
    n >= 20 &&
    s.charCodeAt(n - 1) === 90 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    (n === 20 || s.charCodeAt(19) === 46)
  ) {
    const hi = twoDigits(s, 0);
    const lo = twoDigits(s, 2);
    const mo = twoDigits(s, 5);
    const d = twoDigits(s, 8);
    const h = twoDigits(s, 11);
    const mi = twoDigits(s, 14);
    const se = twoDigits(s, 17);
    const bad = hi < 10 || lo < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23;
    if (bad || mi < 0 || mi > 59 || se < 0 || se > 59) return undefined;
    const y = hi * 100 + lo;
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (d > (mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 31))) return undefined;
    let ms = 0;
    if (n > 20) {
      if (n === 21) return undefined; // "…SS.Z"
      for (let i = 20; i < n - 1; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return undefined;
        if (i < 23) ms += c * (i === 20 ? 100 : i === 21 ? 10 : 1);
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, se, ms);
  }
  return parseIsoTime(s);
}

/** EventID as logged: an integer, or digits in a string (Winlogbeat 7+ writes `"4625"`). */
function eventIdOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && v.length > 0 && v.length < 8) {
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  return undefined;
}

/** Record id kept exactly (DESIGN.md "Source record ids"): a number as its decimal text, a string as is. */
function recordIdOf(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

/** A short, quoted rendering of a bad value for a dead-letter detail. */
function show(v: unknown): string {
  const t = typeof v === 'string' ? v : (JSON.stringify(v) ?? typeof v);
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
}

/** Audit success/failure from the evtx `Keywords` mask: bit 52 = audit failure, bit 53 = audit success. */
function outcomeOfKeywords(k: unknown): Outcome {
  if (typeof k !== 'string' || k.length !== 18) return 'unknown';
  const nibble = parseInt(k.charAt(4), 16);
  if (nibble & 1) return 'failure';
  if (nibble & 2) return 'success';
  return 'unknown';
}

/** Audit success/failure from Winlogbeat's `event.outcome` or its `winlog.keywords` names. */
function outcomeOfBeat(ev: Obj | undefined, wl: Obj): Outcome {
  const o = ev?.outcome;
  if (o === 'success' || o === 'failure') return o;
  const k = wl.keywords;
  if (Array.isArray(k)) {
    if (k.includes('Audit Failure')) return 'failure';
    if (k.includes('Audit Success')) return 'success';
  }
  return 'unknown';
}

/** For 4625, the specific reason is in SubStatus when Status is one of these umbrella codes. */
function logonStatus(e: WardEvent, d: Obj | undefined): void {
  const top = str(d, 'Status');
  if (top === undefined) return;
  const status = normalizeHex(top);
  const sub = str(d, 'SubStatus');
  if (sub !== undefined && (status === '0xc000006d' || status === '0xc000006e' || status === '0xc000015b')) {
    const s = normalizeHex(sub);
    if (s !== '0x0') {
      e.status = s;
      setAttr(e, 'parentStatus', status);
      return;
    }
  }
  e.status = status;
}

/** Status of Kerberos and NTLM validation events; success iff `0x0`. */
function resultStatus(e: WardEvent, d: Obj | undefined): void {
  const top = str(d, 'Status');
  if (top === undefined) return;
  e.status = normalizeHex(top);
  e.outcome = e.status === '0x0' ? 'success' : 'failure';
}

/** 4624/4625/4768/4769/4771/4776: the account trying to authenticate is `TargetUserName`. */
function mapLogon(e: WardEvent, id: number, d: Obj | undefined): void {
  e.class = 'authentication';
  put(e, 'user', str(d, 'TargetUserName'));
  put(e, 'domain', str(d, 'TargetDomainName'));
  put(e, 'srcIp', normalizeIp(str(d, 'IpAddress')));
  const port = portOf(str(d, 'IpPort'));
  if (port !== undefined) e.srcPort = port;
  if (id === 4624 || id === 4625) {
    e.action = AUTH_ACTIONS.logon;
    e.outcome = id === 4624 ? 'success' : 'failure';
    const lt = str(d, 'LogonType');
    if (lt !== undefined) {
      const n = Number(lt);
      if (Number.isInteger(n)) e.logonType = n;
    }
    put(e, 'method', str(d, 'AuthenticationPackageName'));
    if (id === 4625) logonStatus(e, d);
    setAttr(e, 'workstation', str(d, 'WorkstationName'));
    setAttr(e, 'process', str(d, 'ProcessName'));
    const lp = str(d, 'LogonProcessName')?.trim();
    setAttr(e, 'logonProcess', lp === '' ? undefined : lp);
    setAttr(e, 'subjectUser', str(d, 'SubjectUserName'));
    setAttr(e, 'logonId', str(d, 'TargetLogonId'));
    if (id === 4624) {
      // LmPackageName (`NTLM V1`, `NTLM V2`, `LM`) and KeyLength are filled only for NTLM logons: the NTLM
      // version behind a network logon, which auth.new_method compares with the account's usual packages.
      const lm = str(d, 'LmPackageName');
      if (lm !== undefined) {
        setAttr(e, 'lmPackage', lm);
        setAttr(e, 'keyLength', str(d, 'KeyLength'));
      }
    }
  } else if (id === 4776) {
    e.action = AUTH_ACTIONS.credentialValidation;
    e.method = 'NTLM';
    resultStatus(e, d);
    setAttr(e, 'workstation', str(d, 'Workstation') ?? str(d, 'WorkstationName'));
  } else {
    e.method = 'Kerberos';
    if (id === 4771) {
      e.action = AUTH_ACTIONS.preauthFailed;
      e.outcome = 'failure';
      const s = str(d, 'Status');
      if (s !== undefined) e.status = normalizeHex(s);
    } else {
      e.action = id === 4768 ? AUTH_ACTIONS.tgtRequest : AUTH_ACTIONS.serviceTicket;
      resultStatus(e, d);
      const enc = str(d, 'TicketEncryptionType');
      if (enc !== undefined) e.encryption = normalizeHex(enc);
      if (id === 4769) {
        put(e, 'resource', str(d, 'ServiceName'));
      }
    }
    setAttr(e, 'preAuthType', str(d, 'PreAuthType'));
    setAttr(e, 'ticketOptions', str(d, 'TicketOptions'));
  }
  if (e.status !== undefined) setAttr(e, 'statusText', statusText(e.status));
}

/** Events whose actor is `Subject*`: account management, 4648, 4672, 1102 and unknown ids. */
function subject(e: WardEvent, d: Obj | undefined): void {
  put(e, 'user', str(d, 'SubjectUserName'));
  put(e, 'domain', str(d, 'SubjectDomainName'));
}

function mapAccount(e: WardEvent, action: string, d: Obj | undefined, group: boolean): void {
  e.class = 'authentication';
  e.action = action;
  e.outcome = 'success';
  subject(e, d);
  put(e, 'resource', str(d, 'TargetUserName'));
  setAttr(e, 'targetDomain', str(d, 'TargetDomainName'));
  if (group) setAttr(e, 'member', str(d, 'MemberName') ?? str(d, 'MemberSid'));
}

/** Task (category) 12802 "Removable Storage": the 4663 object accesses the removable-storage audit policy logs. */
const REMOVABLE_STORAGE_TASK = 12802;

/** True when the System.Task number or Winlogbeat's `winlog.task` name is the Removable Storage category. */
function isRemovableTask(task: unknown): boolean {
  return task === REMOVABLE_STORAGE_TASK || task === '12802' || task === 'Removable Storage';
}

/**
 * 4663 in the Removable Storage category: a file on a USB disk or card opened for writing (AccessMask bit 0x2
 * WriteData or 0x4 AppendData) or reading (0x1). class `data_transfer`, resource = the file (ObjectName).
 * https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/audit-removable-storage
 */
function mapRemovableAccess(e: WardEvent, d: Obj | undefined): void {
  const mask = parseInt(str(d, 'AccessMask') ?? '', 16);
  if (!Number.isFinite(mask)) return;
  e.class = 'data_transfer';
  e.action = mask & 0x6 ? TRANSFER_ACTIONS.removableWrite : TRANSFER_ACTIONS.removableRead;
  e.outcome = e.outcome === 'failure' ? 'failure' : 'success';
  subject(e, d);
  put(e, 'resource', str(d, 'ObjectName'));
  setAttr(e, 'accessMask', str(d, 'AccessMask'));
  setAttr(e, 'process', str(d, 'ProcessName'));
  setAttr(e, 'objectType', str(d, 'ObjectType'));
}

/**
 * 6416: an external device was recognised (Audit PNP Activity). class `data_transfer`, action `device_connected`,
 * resource = DeviceDescription, attrs.deviceId / deviceClass (ClassName, e.g. `DiskDrive`, `WPD`).
 * https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-6416
 */
function mapDeviceRecognised(e: WardEvent, d: Obj | undefined): void {
  e.class = 'data_transfer';
  e.action = TRANSFER_ACTIONS.deviceConnected;
  e.outcome = 'success';
  subject(e, d);
  put(e, 'resource', str(d, 'DeviceDescription'));
  setAttr(e, 'deviceId', str(d, 'DeviceId'));
  setAttr(e, 'deviceClass', str(d, 'ClassName'));
}

/** Fill class, action, actors and details of one event from its id, data and task category. */
function mapEvent(e: WardEvent, id: number, d: Obj | undefined, task?: unknown): void {
  if (id === 4663 && isRemovableTask(task)) {
    mapRemovableAccess(e, d);
    // A record without a readable AccessMask falls through to the generic mapping below.
    if (e.class === 'data_transfer') return;
  }
  switch (id) {
    case 6416:
      mapDeviceRecognised(e, d);
      return;
    case 4624:
    case 4625:
    case 4768:
    case 4769:
    case 4771:
    case 4776:
      mapLogon(e, id, d);
      return;
    case 4634:
    case 4647: {
      e.class = 'authentication';
      e.action = AUTH_ACTIONS.logoff;
      e.outcome = 'success';
      put(e, 'user', str(d, 'TargetUserName'));
      put(e, 'domain', str(d, 'TargetDomainName'));
      const lt = Number(str(d, 'LogonType'));
      if (Number.isInteger(lt)) e.logonType = lt;
      setAttr(e, 'logonId', str(d, 'TargetLogonId'));
      return;
    }
    case 4648: {
      e.class = 'authentication';
      e.action = AUTH_ACTIONS.explicitLogon;
      e.outcome = 'success';
      subject(e, d);
      put(e, 'resource', str(d, 'TargetServerName'));
      put(e, 'srcIp', normalizeIp(str(d, 'IpAddress')));
      const port = portOf(str(d, 'IpPort'));
      if (port !== undefined) e.srcPort = port;
      setAttr(e, 'targetUser', str(d, 'TargetUserName'));
      setAttr(e, 'targetDomain', str(d, 'TargetDomainName'));
      setAttr(e, 'process', str(d, 'ProcessName'));
      return;
    }
    case 4672: {
      e.class = 'authentication';
      e.action = AUTH_ACTIONS.specialPrivileges;
      e.outcome = 'success';
      subject(e, d);
      // PrivilegeList is one privilege per line, indented with tabs.
      const privs = str(d, 'PrivilegeList');
      setAttr(e, 'privileges', privs?.trim().split(/\s+/).join(' '));
      setAttr(e, 'logonId', str(d, 'SubjectLogonId'));
      return;
    }
    case 4720:
      mapAccount(e, AUTH_ACTIONS.accountCreated, d, false);
      return;
    case 4722:
      mapAccount(e, AUTH_ACTIONS.accountEnabled, d, false);
      return;
    case 4725:
      mapAccount(e, AUTH_ACTIONS.accountDisabled, d, false);
      return;
    case 4726:
      mapAccount(e, AUTH_ACTIONS.accountDeleted, d, false);
      return;
    case 4728:
    case 4732:
    case 4756:
      mapAccount(e, AUTH_ACTIONS.groupMemberAdded, d, true);
      return;
    case 4740: {
      // The locked account is the target; TargetDomainName holds the computer the failed logons came from.
      e.class = 'authentication';
      e.action = AUTH_ACTIONS.accountLocked;
      e.outcome = 'success';
      put(e, 'user', str(d, 'TargetUserName'));
      setAttr(e, 'callerComputer', str(d, 'TargetDomainName'));
      setAttr(e, 'subjectUser', str(d, 'SubjectUserName'));
      return;
    }
    case 1102:
      e.action = 'audit_log_cleared';
      e.outcome = 'success';
      subject(e, d);
      return;
    default: {
      // Not mapped yet: keep it as a process event with the commonly useful fields, never reject it.
      e.action = `event_${id}`;
      subject(e, d);
      if (e.user === undefined) {
        put(e, 'user', str(d, 'TargetUserName'));
      }
      put(e, 'srcIp', normalizeIp(str(d, 'IpAddress')));
      setAttr(e, 'targetUser', str(d, 'TargetUserName'));
      setAttr(e, 'process', str(d, 'ProcessName') ?? str(d, 'NewProcessName'));
      setAttr(e, 'service', str(d, 'ServiceName'));
    }
  }
}

/** UserData holds one element (e.g. LogFileCleared) whose children are the fields. */
function userDataOf(ud: unknown): Obj | undefined {
  if (!isObj(ud)) return undefined;
  for (const k in ud) {
    const v = ud[k];
    if (isObj(v)) return v;
  }
  return undefined;
}

/** A failure to turn one record into an event. */
interface Problem {
  reason: RejectReason;
  detail: string;
}

/** Where each shape keeps the fields every event needs, for dead-letter details. */
interface Names {
  code: string;
  record: string;
  time: string;
}
const EVTX_NAMES: Names = {
  code: 'System.EventID',
  record: 'System.EventRecordID',
  time: 'System.TimeCreated',
};
const BEAT_NAMES: Names = { code: 'winlog.event_id', record: 'winlog.record_id', time: '@timestamp' };

/** Check the id, record id and time every event needs and build its base, or say what is wrong. */
function start(
  n: Names,
  rawCode: unknown,
  rid: unknown,
  ts: unknown,
  outcome: Outcome,
  source: string,
  raw: string,
): WardEvent | Problem {
  const code = eventIdOf(rawCode);
  if (code === undefined) {
    return rawCode === undefined
      ? { reason: 'missing_field', detail: `${n.code} missing` }
      : { reason: 'bad_value', detail: `${n.code} ${show(rawCode)} is not an event id` };
  }
  const id = recordIdOf(rid);
  if (id === undefined) {
    return rid === undefined || rid === null
      ? { reason: 'missing_field', detail: `${n.record} missing (event ${code})` }
      : { reason: 'bad_value', detail: `${n.record} ${show(rid)} is not a record id (event ${code})` };
  }
  const time = typeof ts === 'string' ? parseTime(ts) : undefined;
  if (time === undefined) {
    const what = ts === undefined ? 'missing' : `${show(ts)} is not an ISO time`;
    return { reason: 'bad_time', detail: `${n.time} ${what} (record ${id})` };
  }
  return { id, source, format: FORMAT, class: 'process', time, outcome, code: String(code), raw };
}

/** Build an event from the evtx-dump shape. */
function fromEvtx(o: Obj, sys: Obj, source: string, raw: string): WardEvent | Problem {
  const outcome = outcomeOfKeywords(sys.Keywords);
  const e = start(EVTX_NAMES, sys.EventID, sys.EventRecordID, sys.TimeCreated, outcome, source, raw);
  if (!('id' in e)) return e;
  const computer = sys.Computer;
  if (typeof computer === 'string' && computer !== '') e.host = computer;
  const provider = sys.Provider;
  if (isObj(provider) && typeof provider.Name === 'string') e.app = provider.Name;
  const ed = o.EventData;
  mapEvent(e, Number(e.code), isObj(ed) ? ed : userDataOf(o.UserData), sys.Task);
  return e;
}

/** Build an event from the Winlogbeat / ECS shape. */
function fromBeat(o: Obj, wl: Obj, source: string, raw: string): WardEvent | Problem {
  const ev = isObj(o.event) ? o.event : undefined;
  const outcome = outcomeOfBeat(ev, wl);
  const e = start(BEAT_NAMES, wl.event_id ?? ev?.code, wl.record_id, o['@timestamp'], outcome, source, raw);
  if (!('id' in e)) return e;
  const hostObj = o.host;
  const computer = wl.computer_name ?? (isObj(hostObj) ? hostObj.name : undefined);
  if (typeof computer === 'string' && computer !== '') e.host = computer;
  const provider = wl.provider_name ?? ev?.provider;
  if (typeof provider === 'string' && provider !== '') e.app = provider;
  const ed = wl.event_data;
  mapEvent(e, Number(e.code), isObj(ed) ? ed : isObj(wl.user_data) ? wl.user_data : undefined, wl.task);
  // ECS fields fill what event_data lacked (some pipelines drop event_data keys once copied to ECS).
  if (e.user === undefined && isObj(o.user)) {
    const name = o.user.name;
    if (typeof name === 'string' && name !== '' && name !== '-') e.user = name;
  }
  if (e.srcIp === undefined && isObj(o.source)) {
    const ip = o.source.ip;
    if (typeof ip === 'string' && ip !== '' && ip !== '-') e.srcIp = normalizeIp(ip);
    const port = o.source.port;
    if (e.srcPort === undefined && typeof port === 'number' && port > 0 && port <= 65535) e.srcPort = port;
  }
  return e;
}

/** One parsed JSON value → event, or what was wrong with it. */
function toEvent(v: unknown, source: string, raw: string): WardEvent | Problem {
  if (!isObj(v)) {
    const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    return { reason: 'bad_shape', detail: `expected a JSON object, got ${kind}` };
  }
  const sys = v.System;
  if (isObj(sys)) return fromEvtx(v, sys, source, raw);
  const wl = v.winlog;
  if (isObj(wl)) return fromBeat(v, wl, source, raw);
  return {
    reason: 'bad_shape',
    detail: 'neither System (evtx dump) nor winlog (Winlogbeat) object present',
  };
}

/** True when the first content line opens a pretty-printed document rather than a one-line record. */
function opensDocument(t: string): boolean {
  return t === '[' || t === '{' || t === '[{';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Does this parsed value look like one of the two shapes? */
function looksLikeWindows(v: unknown): boolean {
  const o = Array.isArray(v) ? (v[0] as unknown) : v;
  if (!isObj(o)) return false;
  if (isObj(o.System)) return o.System.EventID !== undefined;
  if (isObj(o.winlog))
    return o.winlog.event_id !== undefined || (isObj(o.event) && o.event.code !== undefined);
  return false;
}

function sniff(sample: string): number {
  const text = stripBom(sample);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (opensDocument(line)) {
      const evtx = text.includes('"System"') && text.includes('"EventRecordID"');
      const beat = text.includes('"winlog"') && (text.includes('"event_id"') || text.includes('"record_id"'));
      return evtx || beat ? 0.8 : 0;
    }
    if (line.charCodeAt(0) !== 123 && line.charCodeAt(0) !== 91) return 0;
    try {
      return looksLikeWindows(JSON.parse(line)) ? 0.95 : 0;
    } catch {
      // The first line may be cut at the sample's end: judge by its keys.
      return (line.includes('"System":') && line.includes('"EventID":')) || line.includes('"winlog":')
        ? 0.6
        : 0;
    }
  }
  return 0;
}

function open(ctx: ParseContext): RecordParser {
  const { source, sink } = ctx;
  let sawContent = false;
  // Pretty-printed document mode: lines collected until end().
  let doc: string[] | undefined;
  let docStart = 0;
  let docEnd = 0;
  let docChars = 0;
  let docOverflow = false;
  let docClose = '}';

  /** `raw` is the record's text; undefined for an array element, which is re-serialized only if rejected. */
  function emit(v: unknown, raw: string | undefined, position: string, lineNo: number): void {
    const r = toEvent(v, source, `${source}:${lineNo}`);
    if ('id' in r) sink.event(r);
    else
      sink.reject({
        reason: r.reason,
        detail: r.detail,
        raw: clipRaw(raw ?? JSON.stringify(v)),
        position,
      });
  }

  function parseLine(text: string, lineNo: number): void {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      sink.reject({
        reason: 'not_json',
        detail: `line ${lineNo} is not JSON (${text.length} chars)`,
        raw: clipRaw(text),
        position: String(lineNo),
      });
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) emit(item, undefined, String(lineNo), lineNo);
      return;
    }
    emit(v, text, String(lineNo), lineNo);
  }

  function flushDocument(truncated: boolean): void {
    if (doc === undefined) return;
    const lines = doc;
    doc = undefined;
    const position = `${docStart}-${docEnd}`;
    const text = lines.join('\n');
    if (docOverflow) {
      sink.reject({
        reason: 'record_too_large',
        detail: `JSON document on lines ${position} exceeds ${MAX_DOCUMENT_CHARS} chars`,
        raw: clipRaw(text),
        position,
      });
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      sink.reject({
        reason: 'not_json',
        detail: `JSON document on lines ${position} does not parse${truncated ? ' (input was truncated)' : ''}`,
        raw: clipRaw(text),
        position,
      });
      return;
    }
    if (Array.isArray(v)) for (const item of v) emit(item, undefined, position, docStart);
    else emit(v, text, position, docStart);
  }

  function startDocument(text: string, lineNo: number): void {
    doc = [text];
    docClose = text.trim().charCodeAt(0) === 123 ? '}' : ']';
    docStart = docEnd = lineNo;
    docChars = text.length;
    docOverflow = false;
  }

  return {
    line(text, lineNo) {
      // A one-line record at column 0 means the open document was broken off: close it, read the record.
      if (doc !== undefined && text.length > 2 && text.charCodeAt(0) === 123) flushDocument(false);
      if (doc !== undefined) {
        docEnd = lineNo;
        if (!docOverflow) {
          docChars += text.length + 1;
          if (docChars > MAX_DOCUMENT_CHARS) docOverflow = true;
          else doc.push(text);
        }
        // Pretty printers close a top-level value with its bracket alone at column 0.
        if (text === docClose) flushDocument(false);
        return;
      }
      if (text.length === 0) return;
      const t = sawContent ? text : stripBom(text);
      const c = t.charCodeAt(0);
      if (c <= 32) {
        const trimmed = t.trim();
        if (trimmed === '') return;
        sawContent = true;
        if (opensDocument(trimmed)) {
          startDocument(t, lineNo);
          return;
        }
      } else {
        sawContent = true;
        if (t.length <= 2 && opensDocument(t)) {
          startDocument(t, lineNo);
          return;
        }
      }
      parseLine(t, lineNo);
    },
    end(truncated) {
      flushDocument(truncated);
      if (!sawContent) {
        sink.reject({ reason: 'empty_input', detail: 'no records in input', raw: '', position: '0' });
      }
    },
  };
}

/** Parser for Windows Security events as JSON lines (evtx dump or Winlogbeat / ECS). */
export const windowsEventParser: FormatParser = {
  id: FORMAT,
  description: 'Windows Security events as JSON lines: evtx dump (System/EventData) or Winlogbeat / ECS',
  sniff,
  open,
};
