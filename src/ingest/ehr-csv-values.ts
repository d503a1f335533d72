/**
 * Value normalisation for EHR access-log CSV: times in the shapes exports use, native action names onto
 * EHR_ACTIONS, status text onto an outcome, purpose-of-use text onto HL7 v3 PurposeOfUse codes
 * (https://terminology.hl7.org/ValueSet-v3-PurposeOfUse.html). Documented in docs/formats/ehr-csv.md.
 */
import type { EhrAction, Outcome } from '../model/index.js';
import { parseEpochMillis, parseEpochSeconds, parseIsoTime } from './time.js';

// One linear pattern, no nested quantifiers: M/D/YYYY with optional H:mm[:ss[.fff]] and AM/PM.
const US_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)? ?([AaPp][Mm])?)?$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function usTime(s: string): number | undefined {
  const m = US_TIME.exec(s);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  const year = Number(m[3]);
  let hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const ampm = m[8]?.toLowerCase();
  if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]! || minute > 59 || second > 59)
    return undefined;
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  } else if (hour > 23) return undefined;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 29 Feb over into March in common years: reject instead.
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/**
 * Parse an export timestamp into epoch ms UTC: ISO 8601 / `YYYY-MM-DD HH:mm:ss[.fff]`, `YYYY/MM/DD …`,
 * `MM/DD/YYYY HH:mm[:ss] [AM|PM]` (US order), or epoch seconds / ms. No zone means UTC.
 */
export function parseCsvTime(text: string): number | undefined {
  const s = text.trim();
  if (s.length < 6 || s.length > 40) return undefined;
  const c4 = s.charCodeAt(4);
  if (c4 === 45 /* - */) return parseIsoTime(s);
  if (c4 === 47 /* / */) return parseIsoTime(s.replace('/', '-').replace('/', '-'));
  if (s.includes('/')) return usTime(s);
  return parseEpochMillis(s) ?? parseEpochSeconds(s);
}

/** True when a time column value holds only a time of day (the date is in a separate column). */
export function isTimeOfDay(text: string): boolean {
  return !text.includes('-') && !text.includes('/') && text.includes(':');
}

/** Word stems per action, checked in this order so that the more consequential action wins (`print view` → export). */
const ACTION_STEMS: [EhrAction, string[]][] = [
  [
    'export',
    [
      'print*',
      'export*',
      'download*',
      'fax*',
      'copy',
      'copied',
      'disclos*',
      'releas*',
      'email*',
      'send*',
      'sent',
      'transmit*',
    ],
  ],
  ['delete', ['delet*', 'remov*', 'purg*', 'void*', 'eras*']],
  ['create', ['creat*', 'add', 'added', 'adds', 'new', 'insert*', 'regist*', 'enter', 'entered', 'addendum']],
  [
    'update',
    [
      'updat*',
      'modif*',
      'edit*',
      'chang*',
      'amend*',
      'correct*',
      'sign',
      'signed',
      'signing',
      'write',
      'wrote',
    ],
  ],
  ['query', ['search*', 'query', 'queried', 'queries', 'lookup', 'look', 'find*', 'list*', 'browse*']],
  ['execute', ['execut*', 'run', 'ran', 'launch*']],
  ['read', ['view*', 'open*', 'read', 'access*', 'display*', 'review*', 'chart', 'preview*', 'select*']],
];

/** FHIR AuditEvent action codes (C R U D E) as exports sometimes write them. */
const ACTION_CODES: Record<string, EhrAction> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  e: 'execute',
};

/**
 * Normalise a native action name onto EHR_ACTIONS, or undefined when no word of it is known. Printing counts as
 * export: the record leaves the system on paper, as a download does.
 */
export function normalizeAction(text: string): EhrAction | undefined {
  const lower = text.trim().toLowerCase();
  const code = ACTION_CODES[lower];
  if (code !== undefined) return code;
  const words = lower.split(/[^a-z]+/).filter((w) => w.length > 0);
  for (const [action, stems] of ACTION_STEMS) {
    for (const stem of stems) {
      const prefix = stem.endsWith('*');
      const base = prefix ? stem.slice(0, -1) : stem;
      if (words.some((w) => (prefix ? w.startsWith(base) : w === base))) return action;
    }
  }
  return undefined;
}

const SUCCESS = new Set([
  'success',
  'succeeded',
  'successful',
  'ok',
  'allowed',
  'allow',
  'granted',
  'permitted',
  'true',
  'yes',
  'y',
  's',
]);
const FAILURE = new Set([
  'fail',
  'failed',
  'failure',
  'denied',
  'deny',
  'blocked',
  'rejected',
  'error',
  'false',
  'no',
  'n',
  'f',
  'unauthorized',
  'forbidden',
  'refused',
]);

/** Outcome from a status column: success when empty (the access was logged), unknown when not recognised. */
export function outcomeOf(status: string): Outcome {
  const s = status.trim().toLowerCase();
  if (s.length === 0 || SUCCESS.has(s)) return 'success';
  return FAILURE.has(s) ? 'failure' : 'unknown';
}

/** Break-glass flag values that mean "yes". */
export function isTrue(text: string): boolean {
  const s = text.trim().toLowerCase();
  return s === 'true' || s === 'yes' || s === 'y' || s === '1' || s === 't';
}

/** Purpose-of-use words → HL7 v3 PurposeOfUse codes; other text is kept as written. */
const PURPOSES: Record<string, string> = {
  treat: 'TREAT',
  treatment: 'TREAT',
  etreat: 'ETREAT',
  emergency: 'ETREAT',
  emergencytreatment: 'ETREAT',
  btg: 'BTG',
  breakglass: 'BTG',
  breaktheglass: 'BTG',
  payment: 'HPAYMT',
  hpaymt: 'HPAYMT',
  operations: 'HOPERAT',
  hoperat: 'HOPERAT',
  research: 'HRESCH',
  hresch: 'HRESCH',
  publichealth: 'PUBHLTH',
  pubhlth: 'PUBHLTH',
};

/** Normalise a purpose / reason value. */
export function normalizePurpose(text: string): string {
  const t = text.trim();
  return PURPOSES[t.toLowerCase().replace(/[^a-z]/g, '')] ?? t;
}
