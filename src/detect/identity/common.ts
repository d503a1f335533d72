/**
 * What the identity detectors share: the part contract (one module per detector, joined by index.ts into the
 * `identity` family), the family settings with the reason for each default, and how an event names an
 * account, a logon and a place.
 */
import { z } from 'zod';
import type { Alert, WardEvent } from '../../model/index.js';
import { makeAlert } from '../alert.js';
import type { DetectorMeta } from '../detector.js';

/** Milliseconds in a minute, an hour, a day. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/**
 * Family settings. Defaults and why:
 * - learningHours 24: no baseline detector alerts before it has seen a day of the stream (a full shift cycle);
 *   production sites with weeks of history may raise it. Per-user detectors add their own minimum history.
 * - dormantDays 30: a month without any logon is how most account-hygiene policies define "inactive".
 * - createUseHours 24: an account used within a day of its creation; onboarding usually takes longer.
 * - kerberoastSpns 5: a service ticket with RC4 for five different services from one account in an hour;
 *   a workstation asks for a handful of services, but with AES, not RC4, on any current domain.
 * - lateralHosts 5: network or RDP logons to five hosts the account never used, within an hour.
 * - stuffingAccounts 10: ten different accounts failing against one service within an hour, most unknown.
 * - travelKmh 1000: faster than a commercial flight between two logons.
 * - offHoursShare 0.02: a logon in an hour of day that holds under 2% of the user's (decayed) logons.
 * - timeZone UTC: the site's IANA time zone, for what is a weekend; hour-of-day profiles compare a user with
 *   themself, so the zone matters only for the day.
 */
export const identityConfigSchema = z
  .strictObject({
    learningHours: z.number().nonnegative().default(24),
    dormantDays: z.number().positive().default(30),
    createUseHours: z.number().positive().default(24),
    kerberoastSpns: z.number().int().min(2).default(5),
    lateralHosts: z.number().int().min(2).default(5),
    stuffingAccounts: z.number().int().min(3).default(10),
    travelKmh: z.number().positive().default(1000),
    offHoursShare: z.number().min(0).max(1).default(0.02),
    timeZone: z
      .string()
      .refine(validZone, 'an IANA time zone such as Europe/Berlin or America/Chicago')
      .default('UTC'),
  })
  .prefault({});
function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parsed family settings. */
export type IdentityConfig = z.infer<typeof identityConfigSchema>;

/** Where a remote logon came from: the gateway's country, else an offline GeoIP lookup of the source address. */
export interface Origin {
  /** ISO code or the gateway's country name. */
  country?: string;
  asn?: number;
  asOrg?: string;
  /** `gateway` when the log named the country, `geoip` when looked up. */
  via: 'gateway' | 'geoip';
}

/** What a part sees besides the event: the settings and when the stream started. */
export interface PartContext {
  cfg: IdentityConfig;
  /** Origin of a successful remote logon (computed once per event); undefined when nothing is known. */
  origin(e: WardEvent): Origin | undefined;
  /**
   * The peer group of an account: its department from the staff context, undefined without one (callers then
   * compare with the whole organisation).
   */
  peer(account: string): string | undefined;
  /**
   * The role class of an account from the staff context (`nurse`, `physician`, `billing` … as the EHR role
   * vocabulary reads codes and titles); undefined without one.
   */
  role(account: string): string | undefined;
  /**
   * True when the event's source address is a VPN tunnel address a gateway assigned within the last day
   * (FortiGate `tunnelip`, GlobalProtect `private_ip`, OpenVPN and ASA pool addresses): remote work, though
   * the address is private.
   */
  viaVpn(e: WardEvent): boolean;
  /** True when the staff context marks the account's person as no longer active (Practitioner.active false). */
  leaver(account: string): boolean;
  /** Time of the first event the family saw (epoch ms). */
  start: number;
  /** True once the family-wide learning period has passed at `t`. */
  learned(t: number): boolean;
}

/** One identity detector inside the family. */
export interface IdentityPart {
  meta: DetectorMeta;
  handle(e: WardEvent, ctx: PartContext, emit: (a: Alert) => void): void;
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** Built-in and service principals whose logons are the system, not a person. */
const SYSTEM_ACCOUNTS = new Set([
  'system',
  'local service',
  'network service',
  'anonymous logon',
  'anonymous',
  '-',
]);

/**
 * The account an event is about, as one identity: lower case, without `DOMAIN\` or `@realm`. Undefined for
 * unnamed, machine (`HOST$`) and built-in accounts, and Windows' per-session `DWM-n` / `UMFD-n`.
 */
export function accountKey(name: string | undefined): string | undefined {
  // Every identity detector asks for the same event's account in turn: the memo remembers the last answer.
  return name === undefined ? undefined : ACCOUNTS.get(name, computeAccountKey);
}

/**
 * A bounded memo of a string function. A site has a few thousand account and host names, each logged in a few
 * spellings: answering from a Map saves the trimming, lower-casing and slicing (three short-lived strings) of
 * every event, and hands every detector the same string object for a name, so their own Map lookups hash it
 * once. Forgets everything when full (a stream of random names costs one lookup more per event, nothing else).
 */
export class Memo {
  private readonly m = new Map<string, string | null>();
  private lastS: string | undefined;
  private lastV: string | undefined;
  constructor(private readonly max: number) {}
  /** `f(s)`, from the memo when `s` was seen. */
  get(s: string, f: (s: string) => string | undefined): string | undefined {
    // Several detectors ask in turn for the same event's name (the same string object): no lookup then.
    if (s === this.lastS) return this.lastV;
    this.lastS = s;
    return (this.lastV = this.lookup(s, f));
  }
  private lookup(s: string, f: (s: string) => string | undefined): string | undefined {
    const hit = this.m.get(s);
    if (hit !== undefined) return hit ?? undefined;
    const v = f(s);
    if (this.m.size >= this.max) this.m.clear();
    this.m.set(s, v ?? null);
    return v;
  }
}

const ACCOUNTS = new Memo(20_000);
const HOSTS = new Memo(20_000);

function computeAccountKey(name: string): string | undefined {
  let s = name.trim().toLowerCase();
  const slash = s.lastIndexOf('\\');
  if (slash >= 0) s = s.slice(slash + 1);
  const at = s.lastIndexOf('@');
  if (at > 0) s = s.slice(0, at);
  if (s === '' || s.endsWith('$') || SYSTEM_ACCOUNTS.has(s)) return undefined;
  if (s.startsWith('dwm-') || s.startsWith('umfd-')) return undefined;
  return s;
}

/** Host key: lower case, the first label of a DNS name (`WS-ED-001.rgh.local` → `ws-ed-001`); addresses whole. */
export function hostKey(host: string): string {
  return HOSTS.get(host, computeHostKey)!;
}

function computeHostKey(host: string): string {
  const h = host.toLowerCase();
  if (isIpLike(h)) return h;
  const dot = h.indexOf('.');
  return dot > 0 ? h.slice(0, dot) : h;
}

/** `s` in lower case, memoised like {@link hostKey} (host names repeat on every event). */
export function lowerName(s: string): string {
  return LOWER.get(s, toLower)!;
}

const LOWER = new Memo(20_000);
const toLower = (s: string): string => s.toLowerCase();

/** True for an IPv6 address or a digit-led four-label name (an IPv4 address, as logs write it). */
export function isIpLike(s: string): boolean {
  const c = s.charCodeAt(0);
  return s.includes(':') || (c >= 48 && c <= 57 && s.split('.').length === 4);
}

/** The /24 network of an IPv4 address (`10.20.25.0/24`), the /64 of an IPv6 one: a host's default peer group. */
export function subnetOf(ip: string): string {
  if (ip.includes(':')) return `${ip.split(':').slice(0, 4).join(':')}::/64`;
  const last = ip.lastIndexOf('.');
  return last < 0 ? ip : `${ip.slice(0, last)}.0/24`;
}

/** True for a successful logon (Windows 4624, sshd Accepted, a VPN session start). */
export function isSuccessLogon(e: WardEvent): boolean {
  return e.class === 'authentication' && e.action === 'logon' && e.outcome === 'success';
}

/** True for RFC 1918, loopback, link-local, CGNAT and IPv6 private / local addresses. */
export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) {
    const s = ip.toLowerCase();
    return s === '::1' || s.startsWith('fe80') || s.startsWith('fc') || s.startsWith('fd');
  }
  // The first two octets, read in place: this runs several times per logon.
  let a = 0;
  let i = 0;
  for (; i < ip.length && ip.charCodeAt(i) !== 46; i++) a = a * 10 + ip.charCodeAt(i) - 48;
  let b = 0;
  for (i++; i < ip.length && ip.charCodeAt(i) !== 46; i++) b = b * 10 + ip.charCodeAt(i) - 48;
  if (a === 10 || a === 127) return true;
  if (a === 172 && b >= 16 && b <= 31) return true;
  if (a === 192 && b === 168) return true;
  if (a === 169 && b === 254) return true;
  return a === 100 && b >= 64 && b <= 127;
}

/** A remote-access logon: it carries a gateway country, or comes from a public address. */
export function isRemoteLogon(e: WardEvent): boolean {
  if (e.attrs?.country !== undefined || e.attrs?.gateway !== undefined) return true;
  return e.srcIp !== undefined && !isPrivateIp(e.srcIp);
}

/** The entries of a `key → last seen` record seen at most `maxAgeMs` before `now`: learned sets that forget. */
export function seenWithin(
  rec: Record<string, number>,
  now: number,
  maxAgeMs: number,
): Record<string, number> {
  const kept: Record<string, number> = {};
  for (const [k, t] of Object.entries(rec)) if (now - t <= maxAgeMs) kept[k] = t;
  return kept;
}

/** ISO time of an event time. */
export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** Alert of `meta` with its category and ATT&CK ids. */
export function partAlert(
  meta: DetectorMeta,
  a: {
    score: number;
    title: string;
    reasons: string[];
    entities: Record<string, string | undefined>;
    events: string[];
    time: number;
  },
): Alert {
  return makeAlert({ detector: meta.id, category: meta.category, attack: meta.attack, ...a });
}

/** The `max` most recently seen entries of a `key → last seen` record (the record itself when not over). */
export function keepRecent(rec: Record<string, number>, max: number): Record<string, number> {
  const entries = Object.entries(rec);
  if (entries.length <= max) return rec;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, max));
}

/** Map → entries for snapshots; entries → Map on restore (invalid state gives an empty map). */
export function mapFrom<V>(state: unknown): Map<string, V> {
  return Array.isArray(state) ? new Map(state as [string, V][]) : new Map<string, V>();
}
