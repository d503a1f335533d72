/**
 * ArcSight Common Event Format lines: `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|k=v k2=v two…`,
 * bare or after an RFC 3164 / RFC 5424 syslog header (read by syslog.ts). Format and field names: ArcSight's
 * published "Implementing ArcSight Common Event Format (CEF)" guide (HPE rev. 23 and later, Micro Focus/OpenText).
 *
 * Records are split by cef-record.ts (escapes, `key=value two words` values) and times read by cef-time.ts.
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
import { splitCef, type CefRecord } from './cef-record.js';
import { digitRun, parseCefTime } from './cef-time.js';
import type { FormatParser, RecordParser } from './parser.js';
import { SyslogHeaderReader } from './syslog-header.js';

export { splitCef, type CefRecord } from './cef-record.js';
export { parseCefTime } from './cef-time.js';

/** Longest line taken as CEF; longer is `line_too_long`. */
export const MAX_CEF_LINE = 1024 * 1024;
/** `CEF:` must start within this many characters (a syslog header is far shorter). */
const MAX_PREFIX = 2048;
const MAX_TEXT = 512;
const MAX_ATTRS = 64;

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
