/**
 * CEF time values (`rt`, `start`, `end`): epoch ms (the documented form), epoch seconds, `MMM dd yyyy
 * HH:mm:ss[.SSS][ zone]`, year-less `MMM dd HH:mm:ss` (year inferred as for syslog) and ISO 8601. A time
 * without zone is UTC; zones may be ±hh:mm, a common abbreviation or an IANA name.
 */
import type { SyslogHeaderReader } from './syslog-header.js';
import { parseIsoTime } from './time.js';

/** Index of the first non-digit at or after `from` (text.length when all digits). */
export function digitRun(text: string, from = 0): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
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
