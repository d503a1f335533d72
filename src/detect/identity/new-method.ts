/**
 * auth.new_method: an account that always authenticated one strong way on a channel succeeds by a weaker
 * method it has not used there recently — Kerberos → NTLM on Windows logons (pass-the-hash), SSH keys →
 * password, VPN certificate / SAML / MFA → password only.
 *
 * Finds: a successful logon on a channel — Windows network logons (types 3, 8), Windows interactive / RDP
 * logons (2, 7, 10, 11, 12, 13), sshd, or one VPN gateway (attrs.gateway) — whose method ranks below every
 * method the account used on that channel in the last 90 days, once the account is established there (at
 * least `MIN_LOGONS` successful logons on `MIN_DAYS` different days) and the family learning period has
 * passed. Ranks: Kerberos above NTLM (V2 or unknown version) above NTLM V1 above LM; SSH publickey, hostbased
 * and GSSAPI above password and keyboard-interactive above `none`; VPN client certificate, SAML, Kerberos and
 * MFA above password-only directories (LDAP, local database, TACACS+, OpenVPN user/password). What counts as
 * NTLM: the package `NTLM` (or MSV1_0), or any package whose LmPackageName names an NTLM version (`NTLM V1`,
 * `NTLM V2`, `LM`). Windows writes `Negotiate` for interactive logons without saying which package SPNEGO
 * chose, so `Negotiate` is learned but not ranked. Methods that say nothing about strength (RADIUS, which may
 * carry an OTP; a GlobalProtect `Cookie`; FortiGate's sslvpn / ipsec and AnyConnect, which are tunnel types)
 * are learned, never judged. A new method that is not weaker (password → publickey) is only learned.
 *
 * Peers and destinations: for every peer group (the department from the staff context, else the whole
 * organisation, when it has at least `MIN_PEERS` other accounts on the channel) the detector counts the
 * accounts using each method on each channel, and for every destination (the host that logged the logon: a
 * server, the SSH host, the gateway) its recent mix of methods. The detector stays quiet when the destination
 * received at least 30% of its last logons (at least 20) by the method or a weaker one (a legacy PACS that only
 * speaks NTLM, a server that only accepts SSH passwords), or when at least 30% of the other accounts of the
 * group use the method on the channel — unless the destination has received three or more logons and none by
 * that method (the colleagues' NTLM goes to the PACS, not to this file server). From 10% (peers or
 * destination) it scores 10 lower. A method that alerted counts for peers only once the account has used it on
 * two days, so an attacker using many stolen accounts does not make it look normal.
 *
 * Adaptation: a method the account uses on two different days becomes its own and is not alerted again;
 * methods unused for 90 days are forgotten. One alert per account, channel and method per 7 days (methods of
 * one rank count as one: `NTLM` and `NTLM V2`).
 *
 * Evidence: the logon record.
 *
 * Misses: downgrades on a channel the account is new on; attackers who use the account's usual method (a
 * stolen Kerberos ticket, a stolen key, a stolen VPN certificate); interactive NTLM hidden behind `Negotiate`;
 * an account that already mixes strong and weak methods (a Kerberos user who also maps shares by IP address);
 * pass-the-hash to a server that many clients reach by NTLM.
 *
 * False positives: a share or application reached by IP address or through a non-domain name (NTLM instead
 * of Kerberos), a broken clock or trust breaking Kerberos, a laptop off the domain network, a server that only
 * accepts SSH passwords until it has 20 logons (sshd is one channel across servers), a lost key or certificate, a gateway
 * reconfigured (OpenVPN logs a password and a certificate line for the same session when both are required),
 * and a rollout: the first colleagues to use a new NTLM-only application alert until it is common.
 */
import { makeAlert } from '../alert.js';
import type { Alert, WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtInt, plural } from '../wording.js';
import { accountKey, DAY, isPrivateIp, isSuccessLogon, iso, MIN } from './common.js';
import type { IdentityPart, PartContext } from './common.js';

/** Metadata of auth.new_method. */
export const NEW_METHOD: DetectorMeta = {
  id: 'auth.new_method',
  title: 'Logon by an authentication method weaker than the account’s usual',
  category: 'identity',
  attack: ['T1550.002', 'T1078', 'T1110', 'T1133'],
  needs: ['authentication'],
  scorePolicy:
    '55 for NTLM after Kerberos or an SSH password after keys, 58 for a password-only VPN logon after certificate / SAML / MFA, 62 for NTLM V1 or LM, 65 for SSH `none`; +5 for an NTLM logon without a session key (KeyLength 0); −10 when 10–30% of the peer group or of the destination’s logons use the method, quiet from 30% (the peers’ share only when the destination has seen the method); kept within 45–65',
  falsePositives: [
    'shares or applications reached by IP address or a non-domain name (NTLM)',
    'Kerberos broken by clock skew or trust problems; a laptop off the domain network',
    'servers that accept only SSH passwords; a lost key or certificate',
    'gateway reconfiguration; the first users of a new NTLM-only application',
  ],
  blindSpots: [
    'stolen tickets, keys or certificates used the usual way',
    'interactive NTLM logged as Negotiate',
    'accounts that already mix strong and weak methods',
    'channels the account is new on',
    'pass-the-hash to a server that many clients reach by NTLM',
  ],
  maturity: 'experimental',
};

/**
 * Successful logons, on at least MIN_DAYS different days, before an account's habit on a channel counts. The
 * days are the gate — real domain accounts make dozens of network logons a day — and the count only asks for
 * one logon on each of them: an admin who reaches a jump host by SSH once a working day counts after three.
 */
const MIN_LOGONS = 3;
const MIN_DAYS = 3;
/** Methods (and channels) unused this long are forgotten; minutes, like the stored times. */
const FORGET = (90 * DAY) / MIN;
/** A method used on this many different days is the account's own. */
const ADOPT_DAYS = 2;
/** One alert per account, channel and method rank within this many minutes. */
const REPEAT = (7 * DAY) / MIN;
/** A peer group is compared only with at least this many other accounts on the channel. */
const MIN_PEERS = 5;
/** Share of peers using the method from which it is normal (quiet), and from which it scores lower. */
const PEER_NORMAL = 0.3;
const PEER_SOME = 0.1;
/** Bounds of the per-account state: a few methods per channel, a few channels. */
const MAX_METHODS = 6;
const MAX_CHANNELS = 8;
const ORG = '*';
/**
 * A destination's own mix of methods makes a method normal there from this many (recent) logons on the
 * channel; from HOST_SEEN logons without any by the method, the peers' use of it elsewhere no longer counts.
 */
const MIN_HOST_LOGONS = 20;
const HOST_SEEN = 3;
/** Per destination, counts are halved past this many logons: the mix follows the server's recent use. */
const HOST_WINDOW = 2000;
/** Destinations tracked per channel (beyond this, new ones are not learned). */
const MAX_HOSTS = 50_000;

/** Method strength; comparisons are made only within one channel. Unlisted methods are learned, not ranked. */
const RANK: Record<string, number> = {
  kerberos: 3,
  ntlm: 2,
  ntlmv2: 2,
  ntlmv1: 1,
  lm: 0,
  publickey: 3,
  hostbased: 3,
  gssapiwithmic: 3,
  gssapikeyex: 3,
  password: 1,
  keyboardinteractive: 1,
  none: 0,
  certificate: 3,
  clientcertificate: 3,
  cert: 3,
  saml: 3,
  saml2: 3,
  mfa: 3,
  otp: 3,
  totp: 3,
  duo: 3,
  fido2: 3,
  webauthn: 3,
  ldap: 1,
  local: 1,
  localdatabase: 1,
  tacacs: 1,
};
const LABEL: Record<string, string> = {
  kerberos: 'Kerberos',
  ntlm: 'NTLM',
  ntlmv2: 'NTLM V2',
  ntlmv1: 'NTLM V1',
  lm: 'LM',
  negotiate: 'Negotiate',
  keyboardinteractive: 'keyboard-interactive',
  gssapiwithmic: 'gssapi-with-mic',
  clientcertificate: 'client certificate',
  saml: 'SAML',
  ldap: 'LDAP',
  localdatabase: 'local database',
  tacacs: 'TACACS+',
};
const SSH_ONLY = new Set(['publickey', 'hostbased', 'keyboardinteractive', 'gssapiwithmic', 'gssapikeyex']);

/** One method of an account on a channel. */
interface Meth {
  /** Canonical method. */
  m: string;
  /**
   * First and last use and last alert (minutes since the epoch; 0: none), uses, different days used, last day
   * used (epoch day).
   */
  f: number;
  l: number;
  n: number;
  d: number;
  day: number;
  a: number;
  /** 1 when counted in the peer groups. */
  p: number;
}
/** One channel of an account: first and last logon (minutes), logons, different days, last day, methods. */
interface Chan {
  c: string;
  f: number;
  l: number;
  n: number;
  d: number;
  day: number;
  m: Meth[];
}
interface Acct {
  /** Department the account is counted in (absent: organisation only). */
  g?: string;
  /** Epoch day of the last forgetting pass. */
  pd: number;
  ch: Chan[];
}
/** Logons a destination (the logging host) received on one channel: total and per method (halved past HOST_WINDOW). */
interface HostMix {
  n: number;
  m: Record<string, number>;
}
/** Accounts of a peer group on one channel, and how many use each method. */
interface Group {
  n: number;
  m: Record<string, number>;
}

/** Raw method text → canonical token (`NTLM V2` → `ntlmv2`, `keyboard-interactive/pam` → `keyboardinteractive`). */
const canonCache = new Map<string, string | undefined>();
function canon(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const hit = canonCache.get(raw);
  if (hit !== undefined || canonCache.has(raw)) return hit;
  let s = raw.trim().toLowerCase();
  const slash = s.indexOf('/');
  if (slash > 0) s = s.slice(0, slash);
  s = s.replace(/[^a-z0-9]/g, '');
  const out = s === '' ? undefined : s === 'microsoftauthenticationpackagev10' || s === 'msv10' ? 'ntlm' : s;
  if (canonCache.size < 512) canonCache.set(raw, out);
  return out;
}

/** The method of a Windows logon: NTLM with its version when LmPackageName names one (module header). */
function windowsMethod(e: WardEvent): string | undefined {
  const pkg = canon(e.method);
  const lm = canon(e.attrs?.lmPackage);
  const version = lm === 'ntlmv1' || lm === 'ntlmv2' || lm === 'lm' ? lm : undefined;
  if (pkg === 'kerberos') return pkg;
  if (pkg === 'ntlm' || pkg === 'ntlmssp') return version ?? 'ntlm';
  return version ?? pkg;
}

/** The channel of a successful logon, undefined for logons not judged (service, batch, NewCredentials). */
function channelOf(e: WardEvent): string | undefined {
  const gw = e.attrs?.gateway;
  if (gw !== undefined) return `vpn:${gw}`;
  const lt = e.logonType;
  if (lt !== undefined) {
    if (lt === 3 || lt === 8) return 'win-network';
    if (lt === 2 || lt === 7 || lt === 10 || lt === 11 || lt === 12 || lt === 13) return 'win-interactive';
    return undefined;
  }
  if (e.app?.startsWith('sshd') === true) return 'sshd';
  const m = canon(e.method);
  return m !== undefined && SSH_ONLY.has(m) ? 'sshd' : undefined;
}

function channelName(c: string): string {
  if (c === 'win-network') return 'Windows network logons';
  if (c === 'win-interactive') return 'Windows interactive / RDP logons';
  if (c === 'sshd') return 'SSH logons';
  return `VPN logons through ${c.slice(4)}`;
}
const label = (m: string): string => LABEL[m] ?? m;
const rankOf = (m: string): number | undefined => RANK[m];
const dayOf = (t: number): number => Math.floor(t / DAY);
/** An alerted method not yet used on ADOPT_DAYS days is still the intruder's, not the account's. */
const pending = (x: Meth): boolean => x.a > 0 && x.d < ADOPT_DAYS;
/**
 * True when a method of the same rank alerted on this channel within REPEAT: `NTLM` and `NTLM V2`, or
 * `password` and `keyboard-interactive`, are one finding, not two.
 */
function alertedLately(ch: Chan, rank: number, tm: number): boolean {
  for (const x of ch.m) if (x.a > 0 && tm - x.a < REPEAT && rankOf(x.m) === rank) return true;
  return false;
}

interface St {
  users: Map<string, Acct>;
  groups: Map<string, Group>;
  /** Channel → destination host → its method mix. */
  hosts: Map<string, Map<string, HostMix>>;
}

/** Share of a destination's ranked logons by `rank` or weaker; undefined before it received any. */
function weakShare(mix: HostMix | undefined, rank: number): { share: number; total: number } | undefined {
  if (mix === undefined) return undefined;
  let total = 0;
  let weak = 0;
  for (const [k, v] of Object.entries(mix.m)) {
    const r = rankOf(k);
    if (r === undefined) continue;
    total += v;
    if (r <= rank) weak += v;
  }
  return total > 0 ? { share: weak / total, total } : undefined;
}

/** The part detecting logons by a method weaker than the account's usual on that channel. */
export function newMethod(): IdentityPart {
  let st: St = { users: new Map(), groups: new Map(), hosts: new Map() };

  /** Add `delta` to the channel's account count (method undefined) or a method's count, in `g` and the org. */
  function bump(g: string | undefined, c: string, m: string | undefined, delta: number): void {
    for (const k of g === undefined ? [ORG] : [ORG, g]) {
      const key = `${k}\u0001${c}`;
      let grp = st.groups.get(key);
      if (grp === undefined) st.groups.set(key, (grp = { n: 0, m: {} }));
      if (m === undefined) grp.n = Math.max(0, grp.n + delta);
      else grp.m[m] = Math.max(0, (grp.m[m] ?? 0) + delta);
    }
  }
  function dropMethod(u: Acct, ch: Chan, x: Meth): void {
    if (x.p) bump(u.g, ch.c, x.m, -1);
  }
  /** Forget methods and channels unused for FORGET (once a day per account). */
  function forget(u: Acct, tm: number): void {
    // Most days nothing is stale: look before building new arrays.
    let stale = false;
    for (const ch of u.ch) {
      if (tm - ch.l > FORGET) stale = true;
      for (const x of ch.m) if (tm - x.l > FORGET) stale = true;
    }
    if (!stale) return;
    u.ch = u.ch.filter((ch) => {
      if (tm - ch.l > FORGET) {
        for (const x of ch.m) dropMethod(u, ch, x);
        bump(u.g, ch.c, undefined, -1);
        return false;
      }
      ch.m = ch.m.filter((x) => (tm - x.l > FORGET ? (dropMethod(u, ch, x), false) : true));
      return true;
    });
  }
  /** Move the account's counts to its current department. */
  function regroup(u: Acct, g: string | undefined): void {
    for (const ch of u.ch) {
      bump(u.g, ch.c, undefined, -1);
      bump(g, ch.c, undefined, 1);
      for (const x of ch.m)
        if (x.p) {
          bump(u.g, ch.c, x.m, -1);
          bump(g, ch.c, x.m, 1);
        }
    }
    // Both calls above also touched the organisation: the net change there is zero.
    if (g === undefined) delete u.g;
    else u.g = g;
  }

  return {
    meta: NEW_METHOD,
    handle(e: WardEvent, ctx: PartContext, emit) {
      if (!isSuccessLogon(e)) return;
      const c = channelOf(e);
      if (c === undefined) return;
      const method = c.startsWith('win-') ? windowsMethod(e) : canon(e.method);
      if (method === undefined) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const t = e.time;
      // Times are kept in minutes since the epoch: small integers V8 stores without allocating.
      const tm = Math.floor(t / MIN);
      const today = dayOf(t);
      let u = st.users.get(key);
      if (u === undefined || u.pd !== today) {
        // Once a day per account: forget unused methods, follow a move to another department.
        if (u === undefined) st.users.set(key, (u = { pd: today, ch: [] }));
        u.pd = today;
        forget(u, tm);
        const g = ctx.peer(key);
        if (g !== u.g) regroup(u, g);
      }
      let ch = u.ch.find((x) => x.c === c);
      if (ch === undefined) {
        if (u.ch.length >= MAX_CHANNELS) return;
        u.ch.push((ch = { c, f: tm, l: tm, n: 0, d: 0, day: -1, m: [] }));
        bump(u.g, c, undefined, 1);
      }
      let hosts = st.hosts.get(c);
      if (hosts === undefined) st.hosts.set(c, (hosts = new Map<string, HostMix>()));
      let mix = e.host === undefined ? undefined : hosts.get(e.host);
      if (mix === undefined && e.host !== undefined && hosts.size < MAX_HOSTS)
        hosts.set(e.host, (mix = { n: 0, m: {} }));
      let entry = ch.m.find((x) => x.m === method);
      const rank = rankOf(method);
      let alert: Alert | undefined;
      if (
        (entry === undefined || pending(entry)) &&
        rank !== undefined &&
        ch.n >= MIN_LOGONS &&
        ch.d >= MIN_DAYS &&
        ctx.learned(t) &&
        !alertedLately(ch, rank, tm)
      ) {
        alert = judge(e, key, u, ch, method, rank, mix);
      }
      if (entry === undefined) {
        if (ch.m.length >= MAX_METHODS) {
          // Make room: the least recently used method goes.
          let old = 0;
          for (let i = 1; i < ch.m.length; i++) if ((ch.m[i]?.l ?? 0) < (ch.m[old]?.l ?? 0)) old = i;
          const gone = ch.m.splice(old, 1)[0];
          if (gone !== undefined) dropMethod(u, ch, gone);
        }
        ch.m.push((entry = { m: method, f: tm, l: tm, n: 0, d: 0, day: -1, a: 0, p: 0 }));
      }
      if (alert !== undefined) entry.a = tm;
      entry.n++;
      entry.l = tm;
      if (entry.day !== today) {
        entry.day = today;
        entry.d++;
      }
      if (!entry.p && !pending(entry)) {
        entry.p = 1;
        bump(u.g, c, method, 1);
      }
      ch.n++;
      ch.l = tm;
      if (ch.day !== today) {
        ch.day = today;
        ch.d++;
      }
      if (mix !== undefined) {
        mix.m[method] = (mix.m[method] ?? 0) + 1;
        if (++mix.n > HOST_WINDOW) {
          mix.n = 0;
          for (const k of Object.keys(mix.m)) mix.n += mix.m[k] = Math.floor((mix.m[k] ?? 0) / 2);
        }
      }
      if (alert !== undefined) emit(alert);
    },
    snapshot: () => ({
      users: [...st.users],
      groups: [...st.groups],
      hosts: [...st.hosts].map(([c, m]) => [c, [...m]]),
    }),
    restore(s) {
      const v = JSON.parse(JSON.stringify(s ?? {})) as { users?: unknown; groups?: unknown; hosts?: unknown };
      const hosts = Array.isArray(v.hosts) ? (v.hosts as [string, [string, HostMix][]][]) : [];
      st = {
        users: new Map(Array.isArray(v.users) ? (v.users as [string, Acct][]) : []),
        groups: new Map(Array.isArray(v.groups) ? (v.groups as [string, Group][]) : []),
        hosts: new Map(hosts.map(([c, m]) => [c, new Map(Array.isArray(m) ? m : [])])),
      };
    },
  };

  /** The alert for a logon by `method`, or undefined when it is no downgrade or the peers use it. */
  function judge(
    e: WardEvent,
    key: string,
    u: Acct,
    ch: Chan,
    method: string,
    rank: number,
    mix: HostMix | undefined,
  ): Alert | undefined {
    const own = ch.m.filter((x) => x.m !== method && !pending(x));
    let weakest: number | undefined;
    for (const x of own) {
      const r = rankOf(x.m);
      if (r !== undefined && (weakest === undefined || r < weakest)) weakest = r;
    }
    if (weakest === undefined || rank >= weakest) return undefined;
    // Peers: the department when it has enough accounts on this channel, else the organisation.
    let where = 'the organisation';
    let grp = st.groups.get(`${ORG}\u0001${ch.c}`);
    if (u.g !== undefined) {
      const dept = st.groups.get(`${u.g}\u0001${ch.c}`);
      if (dept !== undefined && dept.n - 1 >= MIN_PEERS) {
        grp = dept;
        where = `department ${u.g}`;
      }
    }
    const others = grp === undefined ? 0 : grp.n - 1;
    const using = grp?.m[method] ?? 0;
    const share = others >= MIN_PEERS ? using / others : 0;
    // The destination's own mix: a server most clients reach by NTLM (a legacy PACS) makes NTLM its normal;
    // a server that never saw the method makes the peers' use of it elsewhere irrelevant.
    const dest = weakShare(mix, rank);
    const destKnown = dest !== undefined && dest.total >= MIN_HOST_LOGONS;
    if (destKnown && dest.share >= PEER_NORMAL) return undefined;
    const destNever = dest !== undefined && dest.total >= HOST_SEEN && dest.share === 0;
    if (share >= PEER_NORMAL && !destNever) return undefined;

    const win = ch.c.startsWith('win-');
    const ntlm = win && method !== 'kerberos' && rank < 3;
    const noKey = ntlm && e.attrs?.keyLength === '0';
    let score: number;
    if (win) score = rank <= 1 ? 62 : 55;
    else if (ch.c === 'sshd') score = rank === 0 ? 65 : 55;
    else score = rank === 0 ? 62 : 58;
    if (noKey) score += 5;
    if (share >= PEER_SOME || (destKnown && dest.share >= PEER_SOME)) score -= 10;
    score = Math.min(65, Math.max(45, score));

    const who = e.user ?? key;
    const cname = channelName(ch.c);
    const m = label(method);
    const ranked = own.filter((x) => rankOf(x.m) !== undefined);
    const usual = ranked.map(
      (x) => `${label(x.m)} (${plural(x.n, 'logon')} since ${iso(x.f * MIN)}, last ${iso(x.l * MIN)})`,
    );
    const from =
      e.srcIp !== undefined
        ? ` from ${e.srcIp}${e.attrs?.workstation ? ` (${e.attrs.workstation})` : ''}`
        : e.attrs?.workstation
          ? ` from ${e.attrs.workstation}`
          : '';
    let top: string | undefined;
    let topN = 0;
    for (const [k, n] of Object.entries(grp?.m ?? {})) {
      // The account itself is counted for its own methods: peers are the others.
      const peersUsing = n - (ch.m.some((x) => x.m === k && x.p === 1) ? 1 : 0);
      if (k !== method && peersUsing > topN) {
        top = k;
        topN = peersUsing;
      }
    }
    const reasons = [
      `${who} logged on by ${m} (${cname})${e.host ? ` to ${e.host}` : ''}${from} at ${iso(e.time)}`,
      `on this channel the account's ${plural(ch.n, 'earlier logon')} since ${iso(ch.f * MIN)} used only stronger methods: ${usual.join('; ')}`,
      others < MIN_PEERS
        ? `too few other accounts of ${where} log on this way (${fmtInt(Math.max(0, others))}) to compare with peers`
        : `${fmtInt(using)} of ${fmtInt(others)} other accounts in ${where} use ${m} for ${cname}${top !== undefined ? `; the most common method there is ${label(top)} (${fmtInt(topN)} of them)` : ''}`,
    ];
    if (dest !== undefined && dest.total >= HOST_SEEN && e.host !== undefined)
      reasons.push(
        `${e.host} received ${(dest.share * 100).toFixed(dest.share > 0 && dest.share < 0.01 ? 1 : 0)}% of its last ${fmtInt(dest.total)} ${cname} by ${m} or a weaker method`,
      );
    let attack: string[];
    if (win) {
      attack = ['T1550.002', 'T1078'];
      reasons.push(
        `a logon by ${m} from an account that authenticates by Kerberos is how pass-the-hash looks: the intruder holds the password hash, not a ticket${rank <= 1 ? `; ${m} responses can also be cracked or relayed` : ''}`,
      );
      if (noKey)
        reasons.push(
          'the NTLM logon negotiated no session key (KeyLength 0), a trait several published pass-the-hash rules look for',
        );
    } else if (ch.c === 'sshd') {
      attack = ['T1078', 'T1110'];
      reasons.push(
        `an account that logs on only with keys now accepted by ${m}: a guessed, sprayed or stolen password, or a backdoor configuration`,
      );
    } else {
      attack = ['T1078', 'T1133'];
      reasons.push(
        `the VPN session was opened by ${m} alone, without the certificate, single sign-on or second factor the account uses: a stolen password at the edge${e.srcIp !== undefined && !isPrivateIp(e.srcIp) ? ` (from the Internet address ${e.srcIp})` : ''}`,
      );
    }
    return makeAlert({
      detector: NEW_METHOD.id,
      category: NEW_METHOD.category,
      attack,
      score,
      title: `${who} logged on by ${m}, weaker than the account's usual ${ranked.map((x) => label(x.m)).join(' / ')} (${cname})`,
      reasons,
      entities: { user: key, host: e.host, srcIp: e.srcIp, workstation: e.attrs?.workstation },
      events: [e.id],
      time: e.time,
    });
  }
}
