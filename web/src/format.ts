/** Display helpers: times, numbers, labels, ATT&CK links. */
import type { WardEvent } from './types.js';

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A time (epoch ms or ISO string) in the viewer's locale and zone. */
export function fmtTime(t: number | string | undefined): string {
  if (t === undefined) return '';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : dateTime.format(d);
}

/** The ISO form of a time, for `<time dateTime>`. */
export function isoTime(t: number | string): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}

/** A count with thousands separators. */
export function fmtCount(n: number): string {
  return n.toLocaleString();
}

/** `1 alert`, `2 alerts`: a count with its noun (regular plurals only). */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? noun : nouns}`;
}

/** Whether the console is in large-type wall mode (charts grow with the type). */
export function isWall(): boolean {
  return document.documentElement.classList.contains('wall');
}

/** `ehr_privacy` → `EHR privacy`, `true_positive` → `True positive`. */
export function label(code: string): string {
  const words = code.split(/[_.]/).map((w) => (['ehr', 'ip', 'ot', 'vpn'].includes(w) ? w.toUpperCase() : w));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The attack.mitre.org page of a technique id (`T1078.004` → …/techniques/T1078/004/). */
export function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

/** The entity kinds that have a page of their own, and the event field each searches. */
export const ENTITY_KINDS = ['user', 'ip', 'host', 'patient', 'device'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Which entity page an alert's entity key opens (`srcIp` → ip …), or undefined when there is none. */
export function entityKindOf(key: string): EntityKind | undefined {
  const k = key.toLowerCase();
  if (k === 'user' || k === 'username' || k === 'account') return 'user';
  if (k.endsWith('ip')) return 'ip';
  if (k === 'host' || k === 'hostname' || k === 'workstation') return 'host';
  if (k === 'patient') return 'patient';
  if (k === 'device') return 'device';
  return undefined;
}

/** A short description of what an event says, for tables. */
export function describeEvent(e: WardEvent): string {
  const bits: string[] = [];
  if (e.action) bits.push(e.action);
  if (e.resource) bits.push(e.resource);
  if (e.patient) bits.push(`patient ${e.patient}`);
  if (e.dstIp) bits.push(`→ ${e.dstIp}${e.dstPort !== undefined ? `:${e.dstPort}` : ''}`);
  if (e.message) bits.push(e.message);
  return bits.join(' · ');
}
