/**
 * Address attribution: which machine and which person held an internal IP address at a given time. Addresses are
 * reused (DHCP pools, VPN tunnel pools), so it keeps intervals, and the answer for time t is the interval that
 * covered t — not the address's latest owner.
 *
 * Learned from the event stream, in event-time order:
 * - VPN tunnel assignments (remote-access.ts: attrs.tunnelIp on a session start or address assignment) → the
 *   tunnel address belongs to the user until the session's logoff names it, or for VPN_HOURS;
 * - DHCP leases (Zeek dhcp.log, ISC dhcpd: action `dhcp_lease`) → the address belongs to the client machine
 *   (host name, else MAC) for the lease time (DEFAULT_LEASE_HOURS when unknown) or until released or re-leased;
 * - successful logons and Kerberos TGT requests from an internal address (Windows 4624 / 4768 IpAddress, sshd)
 *   → the person at that address, for LOGON_HOURS or until another account logs on from it; interactive logons
 *   (types 2, 7, 10, 11) on a host → the person at that machine, until its logoff (4634/4647) or LOGON_HOURS;
 * - a machine account (`WS-ED-001$`) authenticating from an internal address → that machine holds the address
 *   (static addresses without DHCP logs), for MACHINE_HOURS.
 * A lookup prefers a VPN tunnel, then the person logged on at the machine that leased the address, then a logon
 * from the address. At most MAX_PER_KEY intervals are kept per address or host.
 *
 * Misses: shared machines and terminal servers (the latest logon wins), NAT, addresses with no logon, lease or
 * tunnel record; logons that arrive after the traffic they explain.
 */
import type { WardEvent } from '../../model/index.js';
import { accountKey, hostKey } from '../identity/common.js';
import { detach, HOUR, isInternalIp, isoMinute, mapFrom } from './common.js';

/** How long a tunnel address, a lease of unknown length and a logon are assumed held without an end record. */
const VPN_HOURS = 12;
const DEFAULT_LEASE_HOURS = 24;
const LOGON_HOURS = 10;
/** A machine account's Kerberos ticket lasts 10 h and is renewed while the machine is on. */
const MACHINE_HOURS = 12;
/** Intervals kept per address or host: enough for a few reuses within a day. */
const MAX_PER_KEY = 4;

/** How an interval was learned. */
type Kind = 'vpn' | 'dhcp' | 'logon' | 'console' | 'ticket' | 'machine';

/** One holding: `v` (user, or machine for dhcp) held the key from `s` to `e` (ms), learned from record `id`. */
export interface Interval {
  s: number;
  e: number;
  v: string;
  id: string;
  k: Kind;
  /** VPN gateway, logon host or MAC: a word for the explanation. */
  x?: string;
}

/** The answer of a lookup: the person and machine, with the intervals that say so (filled in place). */
export interface Attributed {
  user?: string;
  host?: string;
  /** The interval naming the user, and the lease naming the machine. */
  userBy?: Interval;
  hostBy?: Interval;
}

/** The interval of `list` covering `t`, latest start first. */
function covering(list: Interval[] | undefined, t: number): Interval | undefined {
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const iv = list[i]!;
    if (iv.s <= t && t < iv.e) return iv;
  }
  return undefined;
}

/** Start a holding at `iv.s`: a renewal by the same holder extends it, another holder ends the current one. */
function hold(map: Map<string, Interval[]>, key: string, iv: Interval): void {
  let list = map.get(key);
  const last = list?.[list.length - 1];
  if (last !== undefined && last.v === iv.v && last.e >= iv.s) {
    // The same holder again (a renewal, another logon): one longer holding, first evidence kept. This is the
    // common case, so nothing is copied before this test.
    if (iv.e > last.e) last.e = iv.e;
    return;
  }
  iv.id = detach(iv.id);
  if (list === undefined) {
    map.set(detach(key), [iv]);
    return;
  }
  for (const old of list) if (old.e > iv.s && old.s <= iv.s) old.e = iv.s;
  list.push(iv);
  if (list.length > MAX_PER_KEY) list = list.slice(list.length - MAX_PER_KEY);
  map.set(key, list);
}

/** Extend the latest holding of `key` when `v` holds it and it has not ended before `s`; false otherwise. */
function renew(map: Map<string, Interval[]>, key: string, v: string, s: number, e: number): boolean {
  const list = map.get(key);
  const last = list?.[list.length - 1];
  if (last === undefined || last.v !== v || last.e < s) return false;
  if (e > last.e) last.e = e;
  return true;
}

/** End the holding of `key` by `v` (any holder when undefined) at `t`. */
function release(map: Map<string, Interval[]>, key: string, t: number, v?: string): void {
  const iv = covering(map.get(key), t);
  if (iv !== undefined && (v === undefined || iv.v === v)) iv.e = t;
}

/** Logon types that put a person at the machine's keyboard or screen. */
function atConsole(lt: number | undefined): boolean {
  return lt === 2 || lt === 7 || lt === 10 || lt === 11;
}

/** Address → machine → person over time; see the file comment. */
export class AddressAttribution {
  private ipTunnel = new Map<string, Interval[]>();
  private ipUser = new Map<string, Interval[]>();
  private ipHost = new Map<string, Interval[]>();
  private hostUser = new Map<string, Interval[]>();

  /** Learn from one event (any class); O(1), cheap for events that carry nothing to learn. */
  observe(e: WardEvent): void {
    if (e.class === 'network_flow') {
      if (e.action === 'dhcp_lease' && e.srcIp !== undefined) {
        const machine = e.attrs?.clientHost ?? e.attrs?.mac;
        if (machine === undefined) return;
        const secs = Number(e.attrs?.leaseSeconds);
        const len = Number.isFinite(secs) && secs > 0 ? secs * 1000 : DEFAULT_LEASE_HOURS * HOUR;
        const iv: Interval = { s: e.time, e: e.time + len, v: hostKey(machine), id: e.id, k: 'dhcp' };
        if (e.attrs?.mac !== undefined) iv.x = e.attrs.mac;
        hold(this.ipHost, e.srcIp, iv);
      } else if (e.action === 'dhcp_release' && e.srcIp !== undefined) {
        release(this.ipHost, e.srcIp, e.time);
      }
      return;
    }
    if (e.class !== 'authentication' || e.outcome !== 'success') return;
    const tunnel = e.attrs?.tunnelIp;
    if (e.action === 'logoff') {
      const user = accountKey(e.user);
      if (tunnel !== undefined) release(this.ipTunnel, tunnel, e.time, user);
      else if (e.host !== undefined && user !== undefined && atConsole(e.logonType))
        release(this.hostUser, hostKey(e.host), e.time, user);
      return;
    }
    if (e.action === 'tgt_request') {
      this.ticket(e);
      return;
    }
    if (e.action !== 'logon' && e.action !== 'session_opened') return;
    const user = accountKey(e.user);
    if (user === undefined) {
      this.machine(e);
      return;
    }
    if (tunnel !== undefined) {
      const iv: Interval = { s: e.time, e: e.time + VPN_HOURS * HOUR, v: user, id: e.id, k: 'vpn' };
      const gw = e.attrs?.gateway ?? e.host;
      if (gw !== undefined) iv.x = gw;
      hold(this.ipTunnel, tunnel, iv);
      return;
    }
    if (e.action !== 'logon') return;
    const ip = e.srcIp;
    if (ip !== undefined && isInternalIp(ip) && ip !== '127.0.0.1' && ip !== '::1') {
      const end = e.time + LOGON_HOURS * HOUR;
      // The same person logging on from the same address again only extends the holding (the common case).
      if (!renew(this.ipUser, ip, user, e.time, end)) {
        const iv: Interval = { s: e.time, e: end, v: user, id: e.id, k: 'logon' };
        if (e.host !== undefined) iv.x = hostKey(e.host);
        hold(this.ipUser, ip, iv);
      }
    }
    if (e.host !== undefined && atConsole(e.logonType)) {
      const h = hostKey(e.host);
      const end = e.time + LOGON_HOURS * HOUR;
      if (!renew(this.hostUser, h, user, e.time, end))
        hold(this.hostUser, h, { s: e.time, e: end, v: user, id: e.id, k: 'console' });
    }
  }

  /**
   * A Kerberos TGT request (4768) from an internal address: a person's puts them at that address, like a logon
   * (domain controllers see every workstation logon even where workstation logs are not collected); a machine
   * account's (`WS-ED-001$`) names the machine holding the address.
   */
  private ticket(e: WardEvent): void {
    const ip = e.srcIp;
    if (ip === undefined || !isInternalIp(ip) || ip === '127.0.0.1' || ip === '::1') return;
    const user = accountKey(e.user);
    if (user === undefined) {
      this.machine(e);
      return;
    }
    const end = e.time + LOGON_HOURS * HOUR;
    // A renewal by the same person (the common case) only extends the holding: no interval is built for it.
    if (!renew(this.ipUser, ip, user, e.time, end))
      hold(this.ipUser, ip, { s: e.time, e: end, v: user, id: e.id, k: 'ticket' });
  }

  /** A machine account (`NAME$`) authenticating from an internal address: that machine holds the address. */
  private machine(e: WardEvent): void {
    const ip = e.srcIp;
    const name = e.user?.trim();
    if (ip === undefined || name === undefined || !name.endsWith('$') || !isInternalIp(ip)) return;
    if (ip === '127.0.0.1' || ip === '::1') return;
    const slash = name.lastIndexOf('\\');
    const host = hostKey(name.slice(slash + 1, -1));
    if (host === '') return;
    const end = e.time + MACHINE_HOURS * HOUR;
    if (!renew(this.ipHost, ip, host, e.time, end))
      hold(this.ipHost, ip, { s: e.time, e: end, v: host, id: e.id, k: 'machine' });
  }

  /** Who held `ip` at `t`; fills and returns `out` (cleared first), so hot paths can reuse one object. */
  at(ip: string, t: number, out: Attributed = {}): Attributed {
    out.user = out.host = out.userBy = out.hostBy = undefined;
    const lease = covering(this.ipHost.get(ip), t);
    if (lease !== undefined) {
      out.host = lease.v;
      out.hostBy = lease;
    }
    const tunnel = covering(this.ipTunnel.get(ip), t);
    if (tunnel !== undefined) {
      out.user = tunnel.v;
      out.userBy = tunnel;
      return out;
    }
    const direct = covering(this.ipUser.get(ip), t);
    const console = lease !== undefined ? covering(this.hostUser.get(lease.v), t) : undefined;
    const by = console ?? direct;
    if (by !== undefined) {
      out.user = by.v;
      out.userBy = by;
    }
    return out;
  }

  /** The person at the keyboard of `host` at `t` (interactive logons), if known. */
  userOnHost(host: string, t: number): Interval | undefined {
    return covering(this.hostUser.get(hostKey(host)), t);
  }

  /** Plain-language account of an attribution, for alert reasons; undefined when nothing was attributed. */
  static explain(ip: string, a: Attributed): string | undefined {
    const parts: string[] = [];
    const h = a.hostBy;
    if (h !== undefined && h.k === 'machine') {
      parts.push(`${ip} was used by the machine account of ${h.v} since ${isoMinute(h.s)} (record ${h.id})`);
    } else if (h !== undefined) {
      const mac = h.x !== undefined ? ` (${h.x})` : '';
      parts.push(`${ip} was leased by DHCP to ${h.v}${mac} at ${isoMinute(h.s)} (record ${h.id})`);
    }
    const u = a.userBy;
    if (u === undefined && a.host !== undefined) parts.push(`no logon on ${a.host} covered that time`);
    if (u !== undefined) {
      const when = isoMinute(u.s);
      switch (u.k) {
        case 'vpn':
          parts.push(
            `${ip} was the VPN tunnel address of ${u.v}${u.x !== undefined ? ` on ${u.x}` : ''}, assigned at ${when} (record ${u.id})`,
          );
          break;
        case 'console':
          parts.push(`${u.v} was logged on at ${a.host ?? 'that machine'} since ${when} (record ${u.id})`);
          break;
        case 'logon':
          parts.push(
            `${u.v} logged on from ${ip}${u.x !== undefined ? ` to ${u.x}` : ''} at ${when} (record ${u.id})`,
          );
          break;
        case 'ticket':
          parts.push(`${u.v} requested a Kerberos ticket from ${ip} at ${when} (record ${u.id})`);
          break;
        case 'dhcp':
        case 'machine':
          break;
      }
    }
    return parts.length === 0 ? undefined : `attribution: ${parts.join('; ')}`;
  }

  /** JSON-serializable state. */
  snapshot(): unknown {
    return {
      ipTunnel: [...this.ipTunnel],
      ipUser: [...this.ipUser],
      ipHost: [...this.ipHost],
      hostUser: [...this.hostUser],
    };
  }

  /** Replace state with a {@link snapshot}. */
  restore(state: unknown): void {
    const s = JSON.parse(JSON.stringify(state ?? {})) as Record<string, unknown>;
    this.ipTunnel = mapFrom<Interval[]>(s.ipTunnel);
    this.ipUser = mapFrom<Interval[]>(s.ipUser);
    this.ipHost = mapFrom<Interval[]>(s.ipHost);
    this.hostUser = mapFrom<Interval[]>(s.hostUser);
  }
}
