/**
 * Syslog header reading for syslog.ts and cef.ts (CEF over syslog): RFC 3164 `[<PRI>]Mmm dd hh:mm:ss HOST
 * TAG[PID]: `, its rsyslog RFC 3339 variant, and RFC 5424 `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD `.
 * https://www.rfc-editor.org/rfc/rfc3164 · https://www.rfc-editor.org/rfc/rfc5424 (§6.3 structured data)
 *
 * RFC 3164 times carry no year and no zone: the year is `options.year`, else inferred from
 * `options.referenceTime` (a date more than 2 days after it is from the previous year), else the current UTC
 * year; the time is taken as UTC.
 */
import type { RejectReason } from '../model/index.js';
import type { ParseOptions } from './parser.js';
import { parseIsoTime } from './time.js';

const MAX_SD_PARAMS = 64;
const DAY_MS = 86_400_000;

/** A parsed syslog header. `msgStart` is where the message text begins in the line. */
export interface SyslogHeader {
  time: number;
  host: string | undefined;
  /** The TAG (RFC 3164) or APP-NAME (RFC 5424). */
  app: string | undefined;
  pid: string | undefined;
  /** RFC 5424 MSGID. */
  msgid: string | undefined;
  /** RFC 5424 structured data as `SD-ID.PARAM` → value. */
  sd: Record<string, string> | undefined;
  msgStart: number;
}

/** Why a line has no usable syslog header. */
export interface HeaderError {
  error: RejectReason;
  detail: string;
}

/** Midnight UTC of a date, or NaN when the day does not exist in that month (Feb 29 of a common year). */
function dayStart(year: number, month: number, day: number): number {
  const t = Date.UTC(year, month, day);
  return new Date(t).getUTCDate() === day ? t : NaN;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const fail = (error: RejectReason, detail: string): HeaderError => ({ error, detail });

/** 0-based month of the English abbreviation at `i` (`Jan` … `Dec`), or -1; by char codes, no substring. */
// prettier-ignore
function monthAt(s: string, i: number): number {
  switch ((s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2)) {
    case 0x4a616e: return 0; // Jan
    case 0x466562: return 1; // Feb
    case 0x4d6172: return 2; // Mar
    case 0x417072: return 3; // Apr
    case 0x4d6179: return 4; // May
    case 0x4a756e: return 5; // Jun
    case 0x4a756c: return 6; // Jul
    case 0x417567: return 7; // Aug
    case 0x536570: return 8; // Sep
    case 0x4f6374: return 9; // Oct
    case 0x4e6f76: return 10; // Nov
    case 0x446563: return 11; // Dec
    default: return -1;
  }
}

/** Two digits at `i` as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Index of the next space at or after `i` (or `end`). */
function spaceFrom(s: string, i: number, end: number): number {
  const j = s.indexOf(' ', i);
  return j === -1 || j > end ? end : j;
}

/**
 * Reads syslog headers of one input: holds the year inference (module header) and reuses one result object
 * and the last host and app strings, since a file repeats them on every line. Also used by the CEF parser.
 */
export class SyslogHeaderReader {
  /** The last header read; overwritten by the next {@link read}. */
  readonly header: SyslogHeader = {
    time: 0,
    host: undefined,
    app: undefined,
    pid: undefined,
    msgid: undefined,
    sd: undefined,
    msgStart: 0,
  };
  private readonly year: number | undefined;
  private readonly reference: number | undefined;
  private readonly fallbackYear = new Date().getUTCFullYear();
  private dayKey = -1;
  private dayThis = NaN;
  private dayPrev = NaN;
  private lastHost = '';
  private lastApp = '';

  constructor(options: ParseOptions) {
    this.year = options.year;
    this.reference = options.referenceTime;
  }

  /** Epoch ms of a year-less date: 0-based month, day, ms of day; NaN for an impossible date. */
  resolve(month: number, day: number, msOfDay: number): number {
    const ref = this.reference;
    const key = month * 32 + day;
    if (key !== this.dayKey) {
      // Lines come in time order, so the date changes rarely: cache its midnight (and the year before's).
      const y = this.year ?? (ref === undefined ? this.fallbackYear : new Date(ref).getUTCFullYear());
      this.dayKey = key;
      this.dayThis = dayStart(y, month, day);
      this.dayPrev = dayStart(y - 1, month, day);
    }
    const t = this.dayThis + msOfDay;
    if (this.year !== undefined || ref === undefined) return t;
    // A log line cannot postdate the file it was read from; allow 2 days for clock skew and late writes.
    return t > ref + 2 * DAY_MS ? this.dayPrev + msOfDay : t;
  }

  /**
   * Parse the header of `line` up to `end` (default: the whole line; CEF-over-syslog passes where `CEF:`
   * starts). Fills {@link header}, or returns what was wrong.
   */
  read(line: string, end = line.length): HeaderError | undefined {
    const h = this.header;
    h.host = h.app = h.pid = h.msgid = undefined;
    h.sd = undefined;
    let p = 0;
    if (line.charCodeAt(0) === 60 /* < */) {
      const close = line.indexOf('>', 1);
      if (close < 2 || close > 4) return fail('bad_syslog', 'PRI is not <0>…<191>');
      let pri = 0;
      for (let i = 1; i < close; i++) {
        const c = line.charCodeAt(i);
        if (!isDigit(c)) return fail('bad_syslog', 'PRI is not <0>…<191>');
        pri = pri * 10 + c - 48;
      }
      if (pri > 191) return fail('bad_syslog', `PRI ${pri} is over 191`);
      p = close + 1;
    }
    const c0 = line.charCodeAt(p);
    if (isDigit(c0) && c0 !== 48 && line.charCodeAt(p + 4) !== 45 /* - */) {
      // RFC 5424 VERSION: 1-2 digits, then a space.
      const c1 = line.charCodeAt(p + 1);
      const sp = c1 === 32 ? p + 1 : isDigit(c1) && line.charCodeAt(p + 2) === 32 ? p + 2 : -1;
      if (sp > 0) return this.read5424(line, sp + 1, end);
    }
    if (isDigit(c0) && line.charCodeAt(p + 4) === 45) {
      // rsyslog's RFC 3339 file format: `2026-03-04T10:15:00.123456+00:00 host app[pid]: msg`.
      const sp = spaceFrom(line, p, end);
      const time = parseIsoTime(line.slice(p, sp));
      if (time === undefined)
        return fail('bad_time', `timestamp "${line.slice(p, Math.min(sp, p + 40))}" is not RFC 3339`);
      h.time = time;
      p = sp + 1;
    } else {
      const err = this.read3164Time(line, p, end);
      if (typeof err !== 'number') return err;
      p = err;
    }
    h.msgStart = Math.min(p, end);
    if (p >= end) return undefined;
    const hostEnd = spaceFrom(line, p, end);
    // No host: local programs write `Mar  5 10:00:00 sshd[12]: …`; a token with `[` or a trailing `:` is the tag.
    const bracket = line.indexOf('[', p);
    if (line.charCodeAt(hostEnd - 1) !== 58 && (bracket === -1 || bracket > hostEnd)) {
      if (hostEnd > p) h.host = this.internHost(line, p, hostEnd);
      p = hostEnd + 1;
    }
    this.readTag(line, p, end);
    return undefined;
  }

  /** `Mmm dd [yyyy ]hh:mm:ss[.fff]` at `p` into header.time; returns the index after it and its space. */
  private read3164Time(line: string, p: number, end: number): number | HeaderError {
    const month = monthAt(line, p);
    if (month < 0 || line.charCodeAt(p + 3) !== 32)
      return fail('bad_syslog', 'no syslog timestamp (Mmm dd hh:mm:ss) at the start of the line');
    p += 4;
    if (line.charCodeAt(p) === 32) p++; // day padded with a space: `Mar  5`
    let day = line.charCodeAt(p) - 48;
    if (day < 0 || day > 9) return fail('bad_syslog', 'timestamp has no day of month');
    p++;
    if (isDigit(line.charCodeAt(p))) day = day * 10 + line.charCodeAt(p++) - 48;
    if (line.charCodeAt(p) !== 32 || day < 1 || day > 31)
      return fail('bad_time', `day of month in "${line.slice(0, p + 1)}" is not 1-31`);
    p++;
    let year = -1;
    if (line.charCodeAt(p + 4) === 32 && two(line, p) >= 0 && two(line, p + 2) >= 0) {
      year = two(line, p) * 100 + two(line, p + 2); // some devices write `Mmm dd yyyy hh:mm:ss`
      p += 5;
    }
    const hh = two(line, p);
    const mm = two(line, p + 3);
    const ss = two(line, p + 6);
    if (
      hh < 0 ||
      mm < 0 ||
      ss < 0 ||
      line.charCodeAt(p + 2) !== 58 ||
      line.charCodeAt(p + 5) !== 58 ||
      hh > 23 ||
      mm > 59 ||
      ss > 60
    )
      return fail('bad_time', `time of day "${line.slice(p, p + 8)}" is not hh:mm:ss`);
    p += 8;
    let ms = 0;
    if (line.charCodeAt(p) === 46 /* . */) {
      const q = p + 1;
      while (isDigit(line.charCodeAt(++p)));
      ms = Math.floor(Number(`0.${line.slice(q, p)}`) * 1000) || 0;
    }
    // A leap second (:60) is folded into :59.999 so the date stays valid.
    const msOfDay = (hh * 3600 + mm * 60 + Math.min(ss, 59)) * 1000 + (ss === 60 ? 999 : ms);
    const time = year < 0 ? this.resolve(month, day, msOfDay) : dayStart(year, month, day) + msOfDay;
    if (Number.isNaN(time)) return fail('bad_time', `date "${line.slice(0, p)}" does not exist in its year`);
    if (p < end && line.charCodeAt(p) !== 32)
      return fail('bad_syslog', 'timestamp is not followed by a space');
    this.header.time = time;
    return p + 1;
  }

  /** Read `TAG[pid]:` at `p`; without a tag the message starts at `p`. */
  private readTag(line: string, p: number, end: number): void {
    const h = this.header;
    h.msgStart = Math.min(p, end);
    let i = p;
    const limit = Math.min(end, p + 64);
    let c = 0;
    while (i < limit) {
      c = line.charCodeAt(i);
      if (c === 91 /* [ */ || c === 58 /* : */ || c === 32) break;
      i++;
    }
    if (i === p || i >= limit) return;
    const appEnd = i;
    let pid: string | undefined;
    if (c === 91) {
      const close = line.indexOf(']', i);
      if (close === -1 || close > i + 33 || close >= end) return;
      pid = line.slice(i + 1, close);
      i = close + 1;
      if (line.charCodeAt(i) === 58) i++;
    } else if (c === 58) i++;
    else return;
    h.app = this.internApp(line, p, appEnd);
    h.pid = pid;
    if (line.charCodeAt(i) === 32) i++;
    h.msgStart = Math.min(i, end);
  }

  private internHost(line: string, from: number, to: number): string {
    const last = this.lastHost;
    if (last.length === to - from && line.indexOf(last, from) === from) return last;
    return (this.lastHost = line.slice(from, to));
  }

  private internApp(line: string, from: number, to: number): string {
    const last = this.lastApp;
    if (last.length === to - from && line.indexOf(last, from) === from) return last;
    return (this.lastApp = line.slice(from, to));
  }

  /** RFC 5424 after `<PRI>VERSION `: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]. */
  private read5424(line: string, p: number, end: number): HeaderError | undefined {
    const h = this.header;
    const fields: string[] = [];
    for (let k = 0; k < 5; k++) {
      const sp = spaceFrom(line, p, end);
      if (sp === p || sp >= end) return fail('bad_syslog', `RFC 5424 header ends before field ${k + 1} of 6`);
      fields.push(line.slice(p, sp));
      p = sp + 1;
    }
    const [ts, host, app, procid, msgid] = fields as [string, string, string, string, string];
    if (ts === '-') return fail('bad_time', 'RFC 5424 TIMESTAMP is the NILVALUE "-"');
    const time = parseIsoTime(ts);
    if (time === undefined)
      return fail('bad_time', `RFC 5424 TIMESTAMP "${ts.slice(0, 40)}" is not RFC 3339`);
    if (line.charCodeAt(p) === 45 /* - */) p++;
    else if (line.charCodeAt(p) === 91 /* [ */) {
      const sd: Record<string, string> = {};
      const r = readStructuredData(line, p, end, sd);
      if (typeof r === 'string') return fail('bad_syslog', `RFC 5424 structured data: ${r}`);
      p = r;
      h.sd = sd;
    } else return fail('bad_syslog', 'RFC 5424 STRUCTURED-DATA is neither "-" nor "[…]"');
    if (p < end && line.charCodeAt(p) !== 32)
      return fail('bad_syslog', 'RFC 5424 STRUCTURED-DATA is not followed by a space');
    p++;
    if (line.charCodeAt(p) === 0xfeff) p++; // MSG may open with a UTF-8 BOM, decoded to U+FEFF
    h.time = time;
    if (host !== '-') h.host = host;
    if (app !== '-') h.app = app;
    if (procid !== '-') h.pid = procid;
    if (msgid !== '-') h.msgid = msgid;
    h.msgStart = Math.min(p, end);
    return undefined;
  }
}

/** Read SD-ELEMENTs from `[` at `p`; returns the index after the last `]`, or what was wrong. */
function readStructuredData(
  line: string,
  p: number,
  end: number,
  out: Record<string, string>,
): number | string {
  let n = 0;
  while (p < end && line.charCodeAt(p) === 91) {
    let i = p + 1;
    while (i < end && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 93) i++;
    if (i >= end) return 'element not closed with "]"';
    const id = line.slice(p + 1, i);
    if (id === '') return 'empty SD-ID';
    while (line.charCodeAt(i) === 32) {
      const eq = line.indexOf('=', i + 1);
      if (eq === -1 || eq >= end || line.charCodeAt(eq + 1) !== 34)
        return `parameter in [${id}] is not name="value"`;
      const name = line.slice(i + 1, eq);
      let v = '';
      let j = eq + 2;
      let from = j;
      for (;;) {
        if (j >= end) return `value of ${id}.${name} not closed with '"'`;
        const c = line.charCodeAt(j);
        if (c === 34) break;
        if (c === 92 /* \ */) {
          const next = line.charCodeAt(j + 1);
          // Only \" \\ \] are escapes (§6.3.3); a backslash before anything else is kept.
          if (next === 34 || next === 92 || next === 93) {
            v += line.slice(from, j);
            from = j + 1;
            j++;
          }
        }
        j++;
      }
      v += line.slice(from, j);
      if (n++ < MAX_SD_PARAMS) out[`${id}.${name}`] = v;
      i = j + 1;
    }
    if (line.charCodeAt(i) !== 93) return `element [${id}] not closed with "]"`;
    p = i + 1;
  }
  return p;
}
