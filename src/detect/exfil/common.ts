/**
 * What the exfiltration detectors share: the part contract (one module per detector, joined by index.ts into the
 * `exfiltration` family), the family settings with the reason for each default, which addresses are internal,
 * and byte wording.
 */
import { z } from 'zod';
import type { Alert, WardEvent } from '../../model/index.js';
import type { ContextIndex } from '../../context/index.js';
import { makeAlert } from '../alert.js';
import type { DetectorMeta } from '../detector.js';
import type { AddressAttribution } from './attribution.js';

/** Milliseconds in a minute, an hour, a day. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

const MB = 1_000_000;

/**
 * Family settings. Defaults and why:
 * - learningHours 24: no detector alerts before it has seen a day of the stream (a full backup and shift cycle).
 * - uploadMinBytes 500 MB: below this a day's upload to the internet is not worth a person's time however unusual
 *   (a workstation's normal browsing uploads a few MB; a large mail attachment tens of MB).
 * - uploadRatio 2: today's total must exceed twice the entity's own (or, without history, its peers') 95th
 *   percentile of daily uploads — the p95 already allows for ordinary busy days.
 * - newDestinationBytes 250 MB: sent within 24 h to an external address no host used before.
 * - removableFiles 50: files written to removable media by one user in a day (a handful is everyday use).
 * - exportRecords 1,000: records in a user's EHR exports of one day (a ward list is tens, a clinic list hundreds).
 * - maxDestinations 200,000: external destinations remembered (about 40 MB); the least recently used are
 *   forgotten first, so a forgotten destination can look new again.
 */
export const exfilConfigSchema = z
  .strictObject({
    learningHours: z.number().nonnegative().default(24),
    uploadMinBytes: z
      .number()
      .positive()
      .default(500 * MB),
    uploadRatio: z.number().min(1).default(2),
    newDestinationBytes: z
      .number()
      .positive()
      .default(250 * MB),
    removableFiles: z.number().int().min(1).default(50),
    exportRecords: z.number().int().min(1).default(1000),
    maxDestinations: z.number().int().min(100).default(200_000),
  })
  .prefault({});
/** Parsed family settings. */
export type ExfilConfig = z.infer<typeof exfilConfigSchema>;

/** What a part sees besides the event. */
export interface PartContext {
  cfg: ExfilConfig;
  /** True once the family-wide learning period has passed at `t`. */
  learned(t: number): boolean;
  /** Address → machine and person over time (attribution.ts). */
  attribution: AddressAttribution;
  /** Staff context (departments as peer groups), when the pipeline has one. */
  context?: ContextIndex;
}

/** One exfiltration detector inside the family. */
export interface ExfilPart {
  meta: DetectorMeta;
  handle(e: WardEvent, ctx: PartContext, emit: (a: Alert) => void): void;
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** Alert of `meta` with its category; `attack` defaults to the detector's ids. */
export function partAlert(
  meta: DetectorMeta,
  a: {
    score: number;
    title: string;
    reasons: string[];
    entities: Record<string, string | undefined>;
    events: readonly string[];
    omitted?: number;
    time: number;
    attack?: string[];
  },
): Alert {
  const { attack, ...rest } = a;
  return makeAlert({ detector: meta.id, category: meta.category, attack: attack ?? meta.attack, ...rest });
}

/** Octets of a dotted IPv4 address read without allocation; -1 when `ip` is not one. */
function octet(ip: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n; k++) {
    i = ip.indexOf('.', i) + 1;
    if (i === 0) return -1;
  }
  let v = 0;
  let digits = 0;
  for (; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
    digits++;
  }
  return digits === 0 || v > 255 ? -1 : v;
}

/**
 * True for addresses that are not on the internet: RFC 1918, loopback, link-local (169.254/16, fe80::/10),
 * CGNAT shared space (100.64/10), multicast and broadcast, 0/8, IPv6 ULA (fc00::/7), loopback and unspecified.
 * Unparseable text counts as internal, so it is never reported as an external destination.
 */
export function isInternalIp(ip: string): boolean {
  if (ip.includes(':')) {
    const s = ip.toLowerCase();
    if (s.startsWith('::ffff:') && s.includes('.')) return isInternalIp(s.slice(7));
    const c = s.charCodeAt(0);
    return (
      s === '::1' ||
      s === '::' ||
      s.startsWith('fe8') ||
      s.startsWith('fe9') ||
      s.startsWith('fea') ||
      s.startsWith('feb') ||
      s.startsWith('fc') ||
      s.startsWith('fd') ||
      s.startsWith('ff') ||
      !((c >= 48 && c <= 57) || (c >= 97 && c <= 102))
    );
  }
  const a = octet(ip, 0);
  const b = octet(ip, 1);
  if (a < 0 || b < 0 || octet(ip, 3) < 0) return true;
  if (a === 10 || a === 127 || a === 0 || a >= 224) return true;
  if (a === 172 && b >= 16 && b <= 31) return true;
  if (a === 192 && b === 168) return true;
  if (a === 169 && b === 254) return true;
  return a === 100 && b >= 64 && b <= 127;
}

/** `2.1 GB`, `40 MB`, `512 kB`, `900 B` (decimal units, as network tools and contracts count). */
export function fmtBytes(n: number): string {
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)} TB`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${Math.round(n)} B`;
}

export { subnetOf } from '../identity/common.js';

/** A department peer group of a staff member from the context (`Organization/dept-bill` → `dept-bill`). */
export function departmentOf(
  context: ContextIndex | undefined,
  user: string | undefined,
): string | undefined {
  return context === undefined || user === undefined ? undefined : context.department(user);
}

/** Peer group name used when no department is known for a person. */
export const ALL_USERS = 'all users';

/** `in dept-bill` / `among all users`: where a peer group is, for reasons. */
export function peerWords(peer: string): string {
  return peer === ALL_USERS ? 'among all users' : `in ${peer}`;
}

/** How a threshold was set: `the larger of 500 MB and 2 × the own p95`, or the floor alone without history. */
export function thresholdWords(floor: string, ratio: number, basis: 'own' | 'peer' | undefined): string {
  return basis === undefined
    ? `the floor of ${floor}, as there is no history to scale it`
    : `the larger of ${floor} and ${ratio} × the ${basis} p95`;
}

/**
 * A copy of `s` that does not keep the text it was cut from alive. Parsers cut ids and addresses out of whole
 * lines (V8 keeps a slice of 13+ characters pointing into its parent); state that outlives the event stores
 * this copy, so a remembered Zeek uid costs its 18 characters, not its 300-character line.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** ISO time of an event time, to the minute. */
export function isoMinute(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16)}Z`;
}

/** Map → entries for snapshots; entries → Map on restore (invalid state gives an empty map). */
export function mapFrom<V>(state: unknown): Map<string, V> {
  return Array.isArray(state) ? new Map(state as [string, V][]) : new Map<string, V>();
}
