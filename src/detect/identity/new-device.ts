/**
 * auth.new_device: an established user logs on from a machine that is new for them, in a group of machines
 * neither they nor their colleagues use — stolen credentials typed on another department's PC, or used from a
 * machine the hospital never built.
 *
 * Finds: the device of a successful logon — the computer itself for interactive, unlock and cached logons
 * (Windows types 2, 7, 11), the client workstation for RDP (10) and network logons (3) (WorkstationName, else
 * a private source address), the client machine a remote-access gateway names (`attrs.device`). Machines fall
 * into groups: the host name without its trailing number (`WS-ICU-012` → `ws-icu`), an address its /24. The
 * user is judged after 5 logons with a device on 3 different days and the family learning period, when the
 * device and its group are both new for the user (not used for 90 days). Peers are the user's department and
 * role class from the staff context (the organisation without one); the group is "unusual" for the user when
 * no more than one colleague of the department and no more than one other member of the role (a float nurse
 * follows other nurses) used it, and the user is not a rover (fewer than 4 named groups of their own). Then:
 * - interactive logon (the device is the host that wrote the record, so a machine the hospital runs): the
 *   group is unusual and other people use it — someone at another department's PC;
 * - remote logon from a machine never seen in the organisation (no logon to it or from it), nor any machine of
 *   its group (a new `RGH-LT364` beside the known `RGH-LT101` is one of the hospital's): an unknown machine;
 * - a logon naming no machine whose address is in a /24 no logon in the organisation came from before (DHCP
 *   moves addresses, so an address alone says only which network).
 * A known kind of machine reached remotely (a colleague's PC, a hospital laptop) is left to the lateral-movement
 * detectors, and a machine behind a VPN tunnel address (someone's home computer on Citrix) to the place
 * detectors that judge the VPN session: an independent generator's on-call staff made those the main noise.
 * Windows' default names (`DESKTOP-` / `LAPTOP-` / `WIN-` and random characters) are named in the reasons: a
 * machine whose name nobody set is seldom one the hospital's IT built.
 *
 * Evidence: the logon record.
 *
 * Misses: an attacker on a machine of the user's own unit, or on the user's own machine; logons that name no
 * workstation (Kerberos network logons with only an address inside a busy subnet); sshd (no client name).
 *
 * False positives: the first float to a unit where no one of the same role worked yet, new or replaced
 * machines that connect remotely before anyone logs on to them, a user's first use of a shared kiosk.
 */
import type { Alert, WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import {
  accountKey,
  DAY,
  hostKey,
  iso,
  isIpLike,
  isPrivateIp,
  isSuccessLogon,
  keepRecent,
  partAlert,
  seenWithin,
  subnetOf,
} from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.new_device. */
export const NEW_DEVICE: DetectorMeta = {
  id: 'auth.new_device',
  title: 'Logon from a device new for this user and their colleagues',
  category: 'identity',
  attack: ['T1078', 'T1078.002'],
  needs: ['authentication'],
  scorePolicy:
    '45 for a group of machines new to the user and their colleagues or a network new to the organisation, 55 for a machine never seen in the organisation; +10 for a Windows default name, +5 for an interactive or RDP logon',
  falsePositives: [
    'staff floating to another unit for the first time',
    'new or replaced workstations',
    'a first use of a shared kiosk',
  ],
  blindSpots: [
    'an attacker on a machine of the user’s own unit or on the user’s own machine',
    'network logons that name no workstation, from a busy subnet',
    'sshd logons (no client name)',
  ],
  maturity: 'experimental',
};

/** Logons with a device before a user is judged, on at least MIN_DAYS days. */
const MIN_LOGONS = 5;
const MIN_DAYS = 3;
/** A device or group unused this long is new again. */
const FORGET = 90 * DAY;
/** Kept per user: most recent devices and groups. */
const MAX_DEVICES = 16;
const MAX_GROUPS = 12;
/** A user with this many groups of their own roams (IT, floats): only unknown machines are judged. */
const ROVER_GROUPS = 4;
/** Machine names remembered for the organisation. */
const MAX_KNOWN = 200_000;

const DEFAULT_NAME = /^(desktop|laptop|win)-[a-z0-9]{6,12}$/;

interface User {
  /** Device → last logon time. */
  dev: Record<string, number>;
  /** Group → last logon time. */
  grp: Record<string, number>;
  n: number;
  days: number;
  day: number;
}

interface Device {
  /** Host name key (lower case, first label), when the log names the machine. */
  name?: string;
  /** Private source address, when it does not. */
  addr?: string;
  /** Hands on the keyboard: interactive or RDP. */
  hands: boolean;
  /** The device is the host that logged the logon (an interactive logon): a machine whose log Ward reads. */
  local: boolean;
  /** Words for the logon kind. */
  how: string;
}

/** The device a successful logon came from, if the record says. */
function deviceOf(e: WardEvent): Device | undefined {
  const lt = e.logonType;
  const named = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined;
    const t = s.trim();
    return t === '' || t === '-' || t === '::1' || t === '127.0.0.1' ? undefined : hostKey(t);
  };
  const addr = e.srcIp !== undefined && e.srcIp !== '127.0.0.1' && isPrivateIp(e.srcIp) ? e.srcIp : undefined;
  if (lt === 2 || lt === 7 || lt === 11) {
    const name = named(e.host);
    return name === undefined ? undefined : { name, hands: true, local: true, how: 'interactive logon' };
  }
  if (lt === 10 || lt === 3) {
    const name = named(e.attrs?.workstation);
    const how = lt === 10 ? `RDP logon to ${e.host ?? 'a host'}` : `network logon to ${e.host ?? 'a host'}`;
    // A network logon naming the target itself as workstation is local (a service on the box).
    if (name !== undefined && e.host !== undefined && name === hostKey(e.host)) return undefined;
    if (name !== undefined) return { name, ...(addr ? { addr } : {}), hands: lt === 10, local: false, how };
    return addr === undefined ? undefined : { addr, hands: lt === 10, local: false, how };
  }
  if (lt === 4 || lt === 5) return undefined;
  const client = named(e.attrs?.device);
  return client === undefined
    ? undefined
    : { name: client, hands: true, local: false, how: `${e.attrs?.gateway ?? 'remote-access'} session` };
}

/** A machine's group: its name without the trailing number (`ws-icu-012` → `ws-icu`), an address's /24. */
export function deviceGroup(d: { name?: string; addr?: string }): string {
  if (d.name !== undefined) {
    const g = d.name.replace(/[-_.]?\d+$/, '').replace(/[-_.]+$/, '');
    return g === '' ? d.name : g;
  }
  return subnetOf(d.addr ?? '');
}

/** Who the user is compared with: their department and role class from the staff context. */
interface Peers {
  dept?: string;
  role?: string;
}

/** `no colleague in their department icu and no other nurse has used a machine of the group ws-bill (…)`. */
function whose(colleagues: number, sameRole: number, orgUsers: number, peer: Peers, grp: string): string {
  const count = (n: number, one: string, none: string): string => (n === 0 ? none : one);
  const dept =
    peer.dept !== undefined
      ? `${count(colleagues, 'one colleague', 'no colleague')} in their department ${peer.dept}`
      : `${count(colleagues, 'one other user', 'no other user')} in the organisation`;
  const role =
    peer.role !== undefined
      ? ` and ${count(sameRole, `one other ${peer.role}`, `no other ${peer.role}`)} elsewhere`
      : '';
  const others = orgUsers - colleagues;
  return `${dept}${role} has used a machine of the group ${grp}${peer.dept !== undefined && others > 0 ? ` (${others} users of other departments have)` : ''}`;
}

/** The part detecting logons from devices new for the user and their colleagues. */
export function newDevice(): IdentityPart {
  let users = new Map<string, User>();
  /**
   * Users who used a group: `d:dept \0 group` per department, `r:role \0 group` per role class, `\0 group` in the
   * organisation.
   */
  let groupUsers = new Map<string, number>();
  /** Machine names seen in the organisation → last time. */
  let known = new Map<string, number>();
  /** Groups of names and /24s of addresses, memoised (they repeat on every logon). */
  const groupMemo = new Map<string, string>();
  const memo = (k: string, make: () => string): string => {
    let v = groupMemo.get(k);
    if (v === undefined) {
      if (groupMemo.size >= MAX_KNOWN) groupMemo.clear();
      groupMemo.set(k, (v = make()));
    }
    return v;
  };
  const groupOf = (d: { name?: string; addr?: string }): string =>
    memo(d.name ?? d.addr ?? '', () => deviceGroup(d));
  const subnetMemo = (ip: string): string => memo(ip, () => subnetOf(ip));
  const remember = (name: string, t: number): void => {
    // Refreshed at most daily: the order only decides what goes first when the table is full.
    const prev = known.get(name);
    if (prev !== undefined && t - prev < DAY) return;
    known.delete(name);
    known.set(name, t);
    if (known.size > MAX_KNOWN) known.delete(known.keys().next().value ?? '');
  };
  const fresh = (t: number | undefined, now: number): boolean => t === undefined || now - t > FORGET;

  /** The alert for a logon from device `d`, if it is new in the ways the header lists. */
  const judge = (
    u: User,
    key: string,
    d: Device,
    e: WardEvent,
    peers: () => Peers,
    learned: boolean,
  ): Alert | undefined => {
    const dev = d.name ?? d.addr ?? '';
    const grp = groupOf(d);
    if (!(u.n >= MIN_LOGONS && u.days >= MIN_DAYS && learned)) return undefined;
    if (!fresh(u.dev[dev], e.time) || !fresh(u.grp[grp], e.time)) return undefined;
    const peer = peers();
    const groups = Object.keys(seenWithin(u.grp, e.time, FORGET));
    // Address groups are the same machines seen without a name: only named groups make a rover.
    const named = groups.filter((g) => !g.endsWith('/24') && !g.endsWith('/64')).length;
    const colleagues = peer.dept === undefined ? 0 : (groupUsers.get(`d:${peer.dept}\u0000${grp}`) ?? 0);
    const sameRole = peer.role === undefined ? 0 : (groupUsers.get(`r:${peer.role}\u0000${grp}`) ?? 0);
    const orgUsers = groupUsers.get(`\u0000${grp}`) ?? 0;
    const unusual = colleagues <= 1 && sameRole <= 1 && named < ROVER_GROUPS;
    const from = d.name !== undefined ? `${d.name}${d.addr ? ` (${d.addr})` : ''}` : (d.addr ?? '');
    let score: number;
    let what: string;
    let why: string;
    // A new machine named like others the organisation has (`rgh-lt364` beside `rgh-lt101`) is one of its own.
    const unknown = d.name !== undefined && !known.has(d.name) && !known.has(`~${grp}`);
    if (d.local) {
      // A machine that sends its own log is one the hospital runs: what matters is whose machines they are.
      if (!unusual || orgUsers === 0) return undefined;
      score = 45;
      what = 'a machine of a group other departments use';
      why = whose(colleagues, sameRole, orgUsers, peer, grp);
    } else if (unknown) {
      score = 55;
      what = 'a machine never seen before';
      why = `${d.name ?? dev} was never seen in the organisation before, nor any machine named like it: no logon to it or from it`;
    } else if (d.name === undefined && !known.has(grp)) {
      score = 45;
      what = 'an address in a network never seen before';
      why = `no logon in the organisation came from the network ${grp} before`;
    } else return undefined;
    const defaultName = d.name !== undefined && DEFAULT_NAME.test(d.name);
    if (defaultName) score += 10;
    if (d.hands) score += 5;
    const mine = groups.map((g) => {
      let n = 0;
      for (const x of Object.keys(u.dev)) if (deviceGroup(isIpLike(x) ? { addr: x } : { name: x }) === g) n++;
      return `${g} (${n} machine${n === 1 ? '' : 's'})`;
    });
    const name = e.user ?? key;
    return partAlert(NEW_DEVICE, {
      score,
      title: `${name} logged on from ${from}, ${what}`,
      reasons: [
        `${name} logged on at ${iso(e.time)} from ${from} (${d.how})`,
        `the user's recent logons came from ${mine.length > 0 ? mine.slice(0, 4).join(', ') : 'no other machine group'}; ${grp} is new for them (${u.n} logons with a device on ${u.days} days learned)`,
        why,
        ...(defaultName
          ? [
              `${d.name ?? dev} follows Windows' default naming (DESKTOP-/LAPTOP-/WIN- and random characters): a machine nobody named, seldom one the hospital's IT built`,
            ]
          : []),
      ],
      entities: { user: key, host: d.name ?? e.host, srcIp: d.addr ?? e.srcIp },
      events: [e.id],
      time: e.time,
    });
  };

  /** Fold a logon from `d` into the user's devices and the groups' user counts. */
  const learn = (u: User, d: Device, t: number, peers: () => Peers): void => {
    const dev = d.name ?? d.addr ?? '';
    const grp = groupOf(d);
    if (fresh(u.grp[grp], t)) {
      const peer = peers();
      const bump = (k: string): void => void groupUsers.set(k, (groupUsers.get(k) ?? 0) + 1);
      bump(`\u0000${grp}`);
      if (peer.dept !== undefined) bump(`d:${peer.dept}\u0000${grp}`);
      if (peer.role !== undefined) bump(`r:${peer.role}\u0000${grp}`);
      u.grp[grp] = t;
      u.grp = keepRecent(u.grp, MAX_GROUPS);
    } else u.grp[grp] = t;
    if (fresh(u.dev[dev], t)) {
      u.dev[dev] = t;
      u.dev = keepRecent(u.dev, MAX_DEVICES);
    } else u.dev[dev] = t;
    if (d.name !== undefined) {
      remember(d.name, t);
      remember(`~${grp}`, t);
    }
    u.n++;
    const day = Math.floor(t / DAY);
    if (day !== u.day) {
      u.day = day;
      u.days++;
    }
  };

  return {
    meta: NEW_DEVICE,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e)) return;
      const d = deviceOf(e);
      const key = d === undefined ? undefined : accountKey(e.user);
      if (d !== undefined && key !== undefined) {
        let u = users.get(key);
        if (u === undefined) users.set(key, (u = { dev: {}, grp: {}, n: 0, days: 0, day: -1 }));
        // The staff context is asked only when a group is new for the user (judged or learned).
        let peer: Peers | undefined;
        const peers = (): Peers => {
          if (peer !== undefined) return peer;
          const dept = ctx.peer(key);
          const role = ctx.role(key);
          return (peer = {
            ...(dept !== undefined ? { dept } : {}),
            ...(role !== undefined ? { role } : {}),
          });
        };
        // A machine behind a VPN tunnel is someone's remote computer: the VPN session's place is judged by the
        // place detectors; the machine is learned, not judged.
        const found = ctx.viaVpn(e) ? undefined : judge(u, key, d, e, peers, ctx.learned(e.time));
        if (found !== undefined) emit(found);
        learn(u, d, e.time, peers);
      }
      // Every machine logged on to, and every network logged on from, is known to the organisation; judged
      // first, since an interactive logon's device is the host itself.
      if (e.host !== undefined) {
        const target = hostKey(e.host);
        if (!known.has(target)) {
          remember(target, e.time);
          remember(`~${groupOf({ name: target })}`, e.time);
        }
      }
      if (e.srcIp !== undefined && isPrivateIp(e.srcIp)) remember(subnetMemo(e.srcIp), e.time);
    },
    snapshot: () => ({ users: [...users], groupUsers: [...groupUsers], known: [...known] }),
    restore(s) {
      const state = JSON.parse(JSON.stringify(s ?? {})) as {
        users?: [string, User][];
        groupUsers?: [string, number][];
        known?: [string, number][];
      };
      users = new Map(state.users ?? []);
      groupUsers = new Map(state.groupUsers ?? []);
      known = new Map(state.known ?? []);
    },
  };
}
