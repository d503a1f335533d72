/**
 * HL7 v2 field access for the hl7v2 parser: separators (MSH-1/MSH-2), components and repetitions, escapes, and
 * the data types Ward reads (DTM, CX, XCN, XAD, PL). Definitions: https://hl7-definition.caristix.com/v2/HL7v2.8/DataTypes.
 */
import type { Address } from '../model/index.js';

/** Stands in for an encoding character a message does not declare: never found in text. */
const NONE = '\u0000';

/** The five separators of one message (MSH-1, MSH-2). */
export interface Enc {
  field: string;
  comp: string;
  rep: string;
  esc: string;
  sub: string;
}

/** A character usable as a separator: one printable, non-alphanumeric character. */
export function isSepChar(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && !/[A-Za-z0-9\s]/.test(c);
}

/** The separators of a message from its MSH segment, or undefined when MSH-1/MSH-2 are not valid separators. */
export function encodingOf(msh: string): Enc | undefined {
  const field = msh[3];
  if (field === undefined || !isSepChar(field)) return undefined;
  const end = msh.indexOf(field, 4);
  const chars = end < 0 ? msh.slice(4) : msh.slice(4, end);
  if (!validEncoding(field, chars)) return undefined;
  return { field, comp: chars[0]!, rep: chars[1] ?? NONE, esc: chars[2] ?? NONE, sub: chars[3] ?? NONE };
}

function validEncoding(fieldSep: string, chars: string): boolean {
  if (chars.length < 1 || chars.length > 5) return false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (!isSepChar(c) || c === fieldSep || chars.indexOf(c!) !== i) return false;
  }
  return true;
}

/** The n-th (1-based) part of `s` split by `sep`, without allocating the whole split. */
function part(s: string, sep: string, n: number): string {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const j = s.indexOf(sep, start);
    if (j < 0) return '';
    start = j + 1;
  }
  const end = s.indexOf(sep, start);
  return end < 0 ? s.slice(start) : s.slice(start, end);
}

/** The repetitions of a field (none when empty). */
export function splitReps(field: string | undefined, enc: Enc): string[] {
  return field ? field.split(enc.rep) : [];
}

/** Component `c`, subcomponent `s` of the first repetition of a field, unescaped and trimmed ('' when absent). */
export function val(field: string | undefined, enc: Enc, c = 1, s = 1): string {
  if (!field) return '';
  const v = part(part(part(field, enc.rep, 1), enc.comp, c), enc.sub, s);
  return unescape(v, enc).trim();
}

/** XCN.1 ids of every repetition of an XCN field (doctors), in order, without blanks. */
export function repIds(field: string | undefined, enc: Enc): string[] {
  const ids: string[] = [];
  for (const raw of splitReps(field, enc)) {
    const id = val(raw, enc, 1);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** PL (point of care ^ room ^ bed ^ facility) as one `/`-joined name, skipping empty parts. */
export function joinPlace(field: string | undefined, enc: Enc): string {
  if (!field) return '';
  return [1, 2, 3, 4]
    .map((c) => val(field, enc, c))
    .filter(Boolean)
    .join('/');
}

/** XAD → Address. XAD.1 is an SAD whose subcomponents (street, name, number) are joined with spaces. */
export function addressOf(raw: string, enc: Enc): Address | undefined {
  const a: Address = {};
  const street = part(raw, enc.comp, 1)
    .split(enc.sub)
    .map((x) => unescape(x, enc).trim())
    .filter(Boolean)
    .join(' ');
  const line = [street, val(raw, enc, 2)].filter(Boolean);
  if (line.length > 0) a.line = line;
  const keys = ['city', 'state', 'postalCode', 'country'] as const;
  for (let i = 0; i < keys.length; i++) {
    const v = val(raw, enc, i + 3);
    if (v) a[keys[i]!] = v;
  }
  return Object.keys(a).length > 0 ? a : undefined;
}

/** Undo HL7 escapes: \F\ \S\ \T\ \R\ \E\ to separators, \Xhh…\ to characters, \.br\ to a space; others dropped. */
function unescape(s: string, enc: Enc): string {
  if (s.indexOf(enc.esc) < 0) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf(enc.esc, i);
    const k = j < 0 ? -1 : s.indexOf(enc.esc, j + 1);
    if (k < 0) return out + s.slice(i); // no (complete) escape left: the rest is literal
    out += s.slice(i, j);
    const code = s.slice(j + 1, k);
    if (code === 'F') out += enc.field;
    else if (code === 'S') out += enc.comp;
    else if (code === 'T') out += enc.sub;
    else if (code === 'R') out += enc.rep;
    else if (code === 'E') out += enc.esc;
    else if (code === '.br') out += ' ';
    else if (/^X(?:[0-9A-Fa-f]{2})+$/.test(code)) {
      for (let h = 1; h < code.length; h += 2) out += String.fromCharCode(parseInt(code.slice(h, h + 2), 16));
    }
    i = k + 1;
  }
}

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2}))?$/;

/** HL7 DTM `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]` → epoch ms; no zone is taken as UTC. */
export function parseDtm(text: string): number | undefined {
  const m = text ? DTM.exec(text) : null;
  if (!m) return undefined;
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  const hour = m[4] ? Number(m[4]) : 0;
  const minute = m[5] ? Number(m[5]) : 0;
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const local = Date.UTC(Number(m[1]), month - 1, day, hour, minute, second, frac);
  if (new Date(local).getUTCDate() !== day) return undefined; // 31 April and the like roll over: not a date
  if (!m[8]) return local;
  const offset = (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return m[8] === '+' ? local - offset : local + offset;
}

/** HL7 date (DT / DTM) → FHIR-style `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; '' when not a date. */
export function hl7Date(text: string): string {
  if (parseDtm(text) === undefined) return '';
  const m = DTM.exec(text)!;
  return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : m[2] ? `${m[1]}-${m[2]}` : m[1]!;
}
