/**
 * ArcSight Common Event Format lines: `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|k=v k2=v two…`,
 * bare or after an RFC 3164 / RFC 5424 syslog header (read by syslog.ts). Format and field names: ArcSight's
 * published "Implementing ArcSight Common Event Format (CEF)" guide (HPE rev. 23 and later, Micro Focus/OpenText).
 *
 * Escapes: `\|` and `\\` in the header; `\=`, `\\`, `\n`, `\r` in extension values. A value runs up to the
 * space before the next `key=`; an unescaped `=` inside a value (`request=https://h/?a=b`) stays in the value
 * because the text before it is not a bare key preceded by a space.
 *
 * Mapping: time = rt, else start, else end (epoch ms, epoch s, `MMM dd yyyy HH:mm:ss[.SSS][ zone]`, `MMM dd
 * HH:mm:ss`, ISO 8601; no zone = UTC), else the syslog header time; a record with no time is `bad_time`.
 * src/spt/dst/dpt → srcIp/srcPort/dstIp/dstPort; suser → user, duser → attrs.targetUser (user when suser is
 * absent on an authentication event); host = dhost, else dvchost, else shost, else the syslog host; act →
 * action (logon/logoff on authentication events, act kept in attrs.act); outcome (or categoryOutcome, else
 * act) → outcome; in/out → bytesIn/bytesOut; proto → protocol; app → app (else the product); request (else
 * filePath, fname) → resource; reason → status; cnt → count; externalId → id (else `<source>:<line>`); code =
 * SignatureID; message = Name; attrs: severity, vendor, product, version, every `xLabel`-ed field by its label
 * (cs1..cs6, cn1..cn3, flexString…), and the remaining keys by name.
 * Class: `authentication` when the name or category (cat, categoryBehavior `/Authentication/…`) speaks of
 * logon/login/logoff/authentication; `data_transfer` when there are out bytes and a request or file;
 * `network_flow` when there are bytes or ports; else `process`.
 */
import type { Outcome, WardEvent } from '../model/index.js';
import { AUTH_ACTIONS, clipRaw } from '../model/index.js';
import type { FormatParser, RecordParser } from './parser.js';
import { SyslogHeaderReader } from './syslog.js';
import { parseIsoTime } from './time.js';

/** Longest line taken as CEF; longer is `line_too_long`. */
export const MAX_CEF_LINE = 1024 * 1024;
/** `CEF:` must start within this many characters (a syslog header is far shorter). */
const MAX_PREFIX = 2048;
const MAX_TEXT = 512;
const MAX_ATTRS = 64;

/** The parsed parts of one CEF record. */
export interface CefRecord {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Extension keys in order (a repeated key appears twice; the mapping keeps the last). */
  keys: string[];
  /** Extension values, unescaped, parallel to `keys`. */
  values: string[];
}

const VERSION = /^\d{1,3}(\.\d{1,3})?$/;

/** True when the character at `i` is escaped: an odd number of backslashes right before it. */
function isEscaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text.charCodeAt(i - n - 1) === 92) n++;
  return (n & 1) === 1;
}

/**
 * Split a CEF record starting at `CEF:` (index `from`) into header fields and extension; returns what was wrong
 * instead when it is not CEF. Delimiters are found with indexOf (native scanning), not a loop per character.
 */
export function splitCef(text: string, from = 0): CefRecord | string {
  if (!text.startsWith('CEF:', from)) return 'no "CEF:" at the start of the record';
  // Most records have no backslash at all; one scan spares a check per field.
  const plain = text.indexOf('\\', from) === -1;
  const header: string[] = [];
  let start = from + 4;
  let search = start;
  while (header.length < 7) {
    const bar = text.indexOf('|', search);
    if (bar === -1) {
      // A record without extension may end right after the severity.
      if (header.length === 6) header.push(headerField(text, start, text.length, plain));
      break;
    }
    if (isEscaped(text, bar)) {
      search = bar + 1;
      continue;
    }
    header.push(headerField(text, start, bar, plain));
    start = search = bar + 1;
  }
  // Cut short: the fields read plus the one the line ended in.
  if (header.length < 7) return `CEF header has ${header.length + 1} of 7 fields`;
  // Indexed reads: array destructuring goes through the iterator protocol, measured at ~300 ns a record.
  const version = header[0]!;
  if (!VERSION.test(version)) return `CEF version "${version.slice(0, 20)}" is not a number`;
  // Parallel arrays, not a Map: hashing a dozen fresh key strings per record was most of the parse time.
  const rec: CefRecord = {
    version,
    vendor: header[1]!,
    product: header[2]!,
    deviceVersion: header[3]!,
    signatureId: header[4]!,
    name: header[5]!,
    severity: header[6]!,
    keys: [],
    values: [],
  };
  const bad = readExtension(text, Math.min(start, text.length), rec, plain);
  return bad ?? rec;
}

function headerField(text: string, from: number, to: number, plain: boolean): string {
  const raw = text.slice(from, to);
  return plain || !raw.includes('\\') ? raw : raw.replace(/\\([|\\])/g, '$1');
}

/** True when text[from, to) is a CEF extension key: 1–64 of `A-Za-z0-9_.-[]`. */
function isKey(text: string, from: number, to: number): boolean {
  if (to <= from || to - from > 64) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 46 ||
      c === 45 ||
      c === 91 ||
      c === 93;
    if (!ok) return false;
  }
  return true;
}

/**
 * Read `k=v k2=v two words …` from `p`; returns what was wrong, or undefined. A `=` ends the value before it
 * only when unescaped and preceded by ` key`, so `=` inside URLs stays in the value.
 */
function readExtension(text: string, p: number, out: CefRecord, plain: boolean): string | undefined {
  const len = text.length;
  while (p < len && text.charCodeAt(p) === 32) p++;
  if (p >= len) return undefined;
  const eq = text.indexOf('=', p);
  if (eq === -1 || !isKey(text, p, eq)) return 'extension does not start with key=value';
  let key = text.slice(p, eq);
  let valueStart = eq + 1;
  let search = valueStart;
  // Cursors that only move forward, so each space and backslash is visited once: a backwards lastIndexOf per
  // `=`, or an indexOf per value, would be quadratic on `a=a=a=…` or a lone `\` at the end of a long line.
  let sp = -1;
  let nextSpace = text.indexOf(' ', valueStart);
  let nextBs = plain ? -1 : text.indexOf('\\', valueStart);
  const put = (to: number) => {
    while (nextBs !== -1 && nextBs < valueStart) nextBs = text.indexOf('\\', nextBs + 1);
    putValue(out, key, text, valueStart, to, nextBs !== -1 && nextBs < to);
  };
  for (;;) {
    const next = text.indexOf('=', search);
    if (next === -1) break;
    search = next + 1;
    if (isEscaped(text, next)) continue;
    while (nextSpace !== -1 && nextSpace < next) {
      sp = nextSpace;
      nextSpace = text.indexOf(' ', nextSpace + 1);
    }
    if (sp < valueStart || !isKey(text, sp + 1, next)) continue;
    put(sp);
    key = text.slice(sp + 1, next);
    valueStart = search;
  }
  put(len);
  return undefined;
}

function putValue(
  out: CefRecord,
  key: string,
  text: string,
  from: number,
  to: number,
  escaped: boolean,
): void {
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  out.keys.push(key);
  out.values.push(escaped ? unescapeValue(text, from, to) : text.slice(from, to));
}

/** Extension value with `\=` `\\` `\n` `\r` (and a stray `\|`) resolved; other backslashes are kept. */
function unescapeValue(text: string, from: number, to: number): string {
  let out = '';
  let start = from;
  for (let i = from; i < to - 1; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    const c = text.charCodeAt(i + 1);
    const rep =
      c === 110 ? '\n' : c === 114 ? '\r' : c === 61 || c === 92 || c === 124 ? text[i + 1]! : undefined;
    if (rep === undefined) continue;
    out += text.slice(start, i) + rep;
    start = i + 2;
    i++;
  }
  return out + text.slice(start, to);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CEF_DATE =
  /^([A-Z][a-z]{2}) +(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: (.+))?$/;
/** Zone abbreviations CEF devices write that Intl does not take, in minutes east of UTC. */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  CET: 60, CEST: 120, EET: 120, EEST: 180, WET: 0, WEST: 60, BST: 60, JST: 540, AEST: 600, AEDT: 660,
}; // prettier-ignore
const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

/** Offset of `zone` (±hh:mm, ±hhmm, abbreviation or IANA name) at about `utc`, in ms; undefined if unknown. */
function zoneOffset(zone: string, utc: number): number | undefined {
  const num = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (num) return (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3] ?? 0)) * 60_000;
  const abbr = ZONE_ABBREVIATIONS[zone];
  if (abbr !== undefined) return abbr * 60_000;
  let fmt = zoneFormats.get(zone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      fmt = null; // not a zone Intl knows
    }
    if (zoneFormats.size < 256) zoneFormats.set(zone, fmt);
  }
  if (fmt === null) return undefined;
  const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((x) => x.type === type)?.value);
  const parts = fmt.formatToParts(utc);
  const local = Date.UTC(
    part(parts, 'year'),
    part(parts, 'month') - 1,
    part(parts, 'day'),
    part(parts, 'hour'),
    part(parts, 'minute'),
    part(parts, 'second'),
  );
  return local - Math.floor(utc / 1000) * 1000;
}

/** A CEF time value as epoch ms, or undefined. Year-less dates go through the syslog year inference. */
export function parseCefTime(text: string, reader: SyslogHeaderReader): number | undefined {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const digits = digitRun(text);
    if (digits === text.length) {
      if (digits >= 12 && digits <= 14) return Number(text); // epoch ms, the documented form
      if (digits >= 9 && digits <= 11) return Number(text) * 1000; // epoch s, written by some devices
    }
    if (
      digits >= 9 &&
      digits <= 11 &&
      text.charCodeAt(digits) === 46 &&
      digitRun(text, digits + 1) === text.length
    )
      return Math.round(Number(text) * 1000);
    return parseIsoTime(text);
  }
  const m = CEF_DATE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!);
  const day = Number(m[2]);
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = Number(m[6]);
  if (month < 0 || day < 1 || day > 31 || h > 23 || min > 59 || s > 59) return undefined;
  const msOfDay = ((h * 60 + min) * 60 + s) * 1000 + (m[7] ? Number(m[7].padEnd(3, '0')) : 0);
  let t: number;
  if (m[3] !== undefined) {
    const y = Number(m[3]);
    t = Date.UTC(y, month, day) + msOfDay;
    if (new Date(t).getUTCDate() !== day) return undefined;
  } else t = reader.resolve(month, day, msOfDay);
  if (Number.isNaN(t)) return undefined;
  if (m[8] === undefined) return t;
  const off = zoneOffset(m[8], t);
  return off === undefined ? undefined : t - off;
}

// prettier-ignore
const SUCCESS = new Set(['success', 'succeeded', 'successful', 'allowed', 'allow', 'accept', 'accepted', 'permitted', 'permit', 'pass', 'passed', 'ok']);
// prettier-ignore
const FAILURE = new Set(['failure', 'failed', 'fail', 'denied', 'deny', 'blocked', 'block', 'drop', 'dropped', 'reject', 'rejected', 'error']);

/** Map an outcome word (`success`, `/Failure`, `blocked` …) to Outcome; undefined when it says neither. */
export function cefOutcome(text: string | undefined): Outcome | undefined {
  if (text === undefined) return undefined;
  if (SUCCESS.has(text)) return 'success';
  if (FAILURE.has(text)) return 'failure';
  const w = (text.startsWith('/') ? text.slice(1) : text).toLowerCase();
  if (SUCCESS.has(w)) return 'success';
  if (FAILURE.has(w)) return 'failure';
  return undefined;
}

const AUTH_WORDS = /\blog[ -]?(?:on|in|off|out)|authenticat|\bsign[ -]?(?:in|on|out|off)\b/i;
const LOGOFF_WORDS = /\blog[ -]?(?:off|out)|\bsign[ -]?(?:out|off)\b/i;

/** Index of the first non-digit at or after `from` (text.length when all digits). */
function digitRun(text: string, from = 0): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

function int(text: string | undefined, max: number): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 15 || digitRun(text) !== text.length)
    return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

const cut = (s: string): string => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);

/** The extension keys the mapping reads, pulled out of a record in one pass. */
interface Mapped {
  rt?: string; start?: string; end?: string; src?: string; spt?: string; dst?: string; dpt?: string;
  suser?: string; duser?: string; shost?: string; dhost?: string; dvchost?: string; act?: string;
  outcome?: string; categoryOutcome?: string; in?: string; out?: string; proto?: string; app?: string;
  request?: string; filePath?: string; fname?: string; externalId?: string; reason?: string; cnt?: string;
  cat?: string; categoryBehavior?: string;
} // prettier-ignore

/** Sort extension pairs into the mapped keys and attrs (by label for `xLabel`-ed keys, else by key). */
function sortExtension(rec: CefRecord, attrs: Record<string, string>): Mapped {
  const m: Mapped = {};
  const { keys, values } = rec;
  let rest: number[] | undefined;
  let labels: Map<string, string> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = values[i]!;
    switch (k) {
      case 'rt': m.rt = v; break;
      case 'start': m.start = v; break;
      case 'end': m.end = v; break;
      case 'src': m.src = v; break;
      case 'spt': m.spt = v; break;
      case 'dst': m.dst = v; break;
      case 'dpt': m.dpt = v; break;
      case 'suser': m.suser = v; break;
      case 'duser': m.duser = v; break;
      case 'shost': m.shost = v; break;
      case 'dhost': m.dhost = v; break;
      case 'dvchost': m.dvchost = v; break;
      case 'act': m.act = v; break;
      case 'outcome': m.outcome = v; break;
      case 'categoryOutcome': m.categoryOutcome = v; break;
      case 'in': m.in = v; break;
      case 'out': m.out = v; break;
      case 'proto': m.proto = v; break;
      case 'app': m.app = v; break;
      case 'request': m.request = v; break;
      case 'externalId': m.externalId = v; break;
      case 'reason': m.reason = v; break;
      case 'cnt': m.cnt = v; break;
      // Read for the class and resource, and kept in attrs too.
      case 'filePath': m.filePath = v; (rest ??= []).push(i); break;
      case 'fname': m.fname = v; (rest ??= []).push(i); break;
      case 'cat': m.cat = v; (rest ??= []).push(i); break;
      case 'categoryBehavior': m.categoryBehavior = v; (rest ??= []).push(i); break;
      default:
        if (k.length > 5 && k.endsWith('Label')) (labels ??= new Map()).set(k.slice(0, -5), v);
        else (rest ??= []).push(i);
    }
  } // prettier-ignore
  if (rest) {
    for (let j = 0; j < rest.length && j < MAX_ATTRS; j++) {
      const i = rest[j]!;
      const k = keys[i]!;
      const name = labels?.get(k) || k;
      if (name !== '__proto__') attrs[name] = cut(values[i]!);
    }
  }
  // A label whose field is absent is still information: keep it under its own key.
  if (labels) for (const [k, v] of labels) if (!keys.includes(k)) attrs[`${k}Label`] = cut(v);
  return m;
}

/** ArcSight CEF, bare or over syslog. */
export const cefParser: FormatParser = {
  id: 'cef',
  description: 'ArcSight Common Event Format (CEF), bare or after a syslog header',
  sniff(sample) {
    let seen = 0;
    let ok = 0;
    for (const line of sample.split('\n', 21).slice(0, 20)) {
      if (line.trim() === '') continue;
      seen++;
      const i = line.indexOf('CEF:');
      if (
        i !== -1 &&
        i < MAX_PREFIX &&
        /^CEF:\d+\|/.test(line.slice(i, i + 8)) &&
        line.split('|', 8).length >= 7
      )
        ok++;
    }
    return seen > 0 && ok / seen >= 0.5 ? 0.95 * (ok / seen) : 0;
  },
  open({ source, sink, options }): RecordParser {
    const reader = new SyslogHeaderReader(options);
    const h = reader.header;
    const reject = (reason: 'bad_cef' | 'bad_time', detail: string, raw: string, lineNo: number) =>
      sink.reject({ reason, detail, raw, position: String(lineNo) });
    return {
      line(text, lineNo) {
        if (text.trim() === '') return;
        if (text.length > MAX_CEF_LINE) {
          sink.reject({
            reason: 'line_too_long',
            detail: `CEF line is ${text.length} characters, over ${MAX_CEF_LINE}`,
            raw: clipRaw(text),
            position: String(lineNo),
          });
          return;
        }
        const at = text.startsWith('CEF:') ? 0 : text.slice(0, MAX_PREFIX).indexOf('CEF:');
        if (at < 0) return reject('bad_cef', 'no "CEF:" header in the line', text, lineNo);
        // The syslog prefix gives time and host when the record has none; a prefix that is not syslog is ignored.
        const prefixOk = at > 0 && reader.read(text, at) === undefined;
        const rec = splitCef(text, at);
        if (typeof rec === 'string') return reject('bad_cef', rec, text, lineNo);
        const attrs: Record<string, string> = {
          severity: rec.severity,
          vendor: rec.vendor,
          product: rec.product,
          version: rec.deviceVersion,
        };
        const x = sortExtension(rec, attrs);
        let time: number | undefined;
        const timeKey =
          x.rt !== undefined
            ? 'rt'
            : x.start !== undefined
              ? 'start'
              : x.end !== undefined
                ? 'end'
                : undefined;
        if (timeKey !== undefined) {
          const v = x[timeKey]!;
          time = parseCefTime(v, reader);
          if (time === undefined)
            return reject(
              'bad_time',
              `${timeKey} "${v.slice(0, 40)}" is not epoch ms or MMM dd yyyy HH:mm:ss`,
              text,
              lineNo,
            );
        } else if (prefixOk) time = h.time;
        else
          return reject(
            'bad_time',
            'no event time: rt, start and end are absent and there is no syslog header',
            text,
            lineNo,
          );

        const raw = `${source}:${lineNo}`;
        const e: WardEvent = {
          id: x.externalId || raw,
          source,
          format: 'cef',
          class: 'process',
          time,
          outcome: 'unknown',
          raw,
        };
        const isAuth =
          AUTH_WORDS.test(rec.name) ||
          (x.cat !== undefined && AUTH_WORDS.test(x.cat)) ||
          (x.categoryBehavior !== undefined && AUTH_WORDS.test(x.categoryBehavior));
        const bytesIn = int(x.in, Number.MAX_SAFE_INTEGER);
        const bytesOut = int(x.out, Number.MAX_SAFE_INTEGER);
        const resource = x.request ?? x.filePath ?? x.fname;
        const srcPort = int(x.spt, 65535);
        const dstPort = int(x.dpt, 65535);
        if (isAuth) e.class = 'authentication';
        else if (bytesOut !== undefined && resource !== undefined) e.class = 'data_transfer';
        else if (
          bytesIn !== undefined ||
          bytesOut !== undefined ||
          srcPort !== undefined ||
          dstPort !== undefined
        )
          e.class = 'network_flow';

        if (x.suser) e.user = x.suser;
        else if (x.duser && isAuth) e.user = x.duser;
        if (x.duser && (x.suser || !isAuth)) attrs.targetUser = x.duser;
        if (x.src) e.srcIp = x.src;
        if (srcPort !== undefined) e.srcPort = srcPort;
        if (x.dst) e.dstIp = x.dst;
        if (dstPort !== undefined) e.dstPort = dstPort;
        const host = x.dhost || x.dvchost || x.shost || (prefixOk ? h.host : undefined);
        if (host) e.host = host;
        if (isAuth) {
          const logoff =
            LOGOFF_WORDS.test(rec.name) ||
            (x.categoryBehavior !== undefined && LOGOFF_WORDS.test(x.categoryBehavior));
          e.action = logoff ? AUTH_ACTIONS.logoff : AUTH_ACTIONS.logon;
          if (x.act) attrs.act = x.act;
        } else if (x.act) e.action = x.act.toLowerCase();
        e.outcome = cefOutcome(x.outcome) ?? cefOutcome(x.categoryOutcome) ?? cefOutcome(x.act) ?? 'unknown';
        if (bytesIn !== undefined) e.bytesIn = bytesIn;
        if (bytesOut !== undefined) e.bytesOut = bytesOut;
        if (x.proto) e.protocol = x.proto.toLowerCase();
        const app = x.app || (prefixOk ? h.app : undefined) || rec.product;
        if (app) e.app = app;
        if (resource) e.resource = cut(resource);
        if (x.reason) e.status = cut(x.reason);
        const cnt = int(x.cnt, 1e9);
        if (cnt !== undefined && cnt > 0) e.count = cnt;
        if (rec.signatureId) e.code = rec.signatureId;
        if (rec.name) e.message = cut(rec.name);
        e.attrs = attrs;
        sink.event(e);
      },
      end() {
        // Line-based: nothing is buffered. Empty and broken-off inputs are reported by the reader.
      },
    };
  },
};
