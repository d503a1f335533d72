/**
 * Remote-access / VPN gateway messages carried in syslog, mapped onto `authentication` events. Vendor formats:
 * - FortiGate event logs, key=value (`logid=… type="event" subtype="vpn" action="tunnel-up" user= remip=
 *   srccountry= tunnelip=`): https://docs.fortinet.com/document/fortigate/7.4.0/fortios-log-message-reference
 * - PAN-OS GlobalProtect logs in a key=value custom format (`eventid=gateway-auth status=success srcuser=
 *   public_ip= srcregion= private_ip=`; `event=` and `user=` accepted too):
 *   https://docs.paloaltonetworks.com/pan-os/11-0/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/globalprotect-log-fields
 * - OpenVPN server log lines (`IP:port [cn] Peer Connection Initiated with [AF_INET]IP:port`, `IP:port TLS:
 *   Username/Password authentication succeeded for username 'u'`, `… verification failed for peer`,
 *   `cn/IP:port MULTI_sva: pool returned IPv4=a.b.c.d`, `cn/IP:port SIGTERM[soft,remote-exit] … client-instance exiting`).
 * - Cisco ASA AnyConnect: `%ASA-6-113039` (parent session started), `%ASA-4-722051` (address assigned),
 *   `%ASA-6-113019` (session disconnected), `%ASA-6-113005` (AAA authentication rejected):
 *   https://www.cisco.com/c/en/us/td/docs/security/asa/syslog/asa-syslog.html
 *
 * Mapping: class `authentication`; action `logon` (session or authentication result, outcome success/failure),
 * `logoff`, or `session_opened` for a tunnel address assignment; user = one identity in lower case without
 * `DOMAIN\` or `@realm` (domain = the domain or realm, attrs.userRaw = the name as logged); srcIp/srcPort = the
 * remote (public) address; attrs.country when the gateway geolocates (FortiGate `srccountry`, GlobalProtect
 * `srcregion`; private-range placeholders such as `Reserved` dropped); attrs.tunnelIp = the assigned inner
 * address; attrs.gateway = the vendor; code = the vendor's message id or event name; status = the vendor reason.
 * Other gateways (Citrix, telehealth portals) are mapped by a field-mapping file (gateway-mapping.ts), tried first.
 */
import { AUTH_ACTIONS } from '../model/index.js';
import type { WardEvent } from '../model/index.js';
import { applyGatewayMappings } from './gateway-mapping.js';
import type { GatewayMapping, MapHelpers } from './gateway-mapping.js';

/** The event fields a remote-access message fills. */
export type RemoteAccessTarget = Pick<
  WardEvent,
  | 'class'
  | 'action'
  | 'outcome'
  | 'code'
  | 'user'
  | 'domain'
  | 'srcIp'
  | 'srcPort'
  | 'method'
  | 'status'
  | 'attrs'
>;

/** Gateway messages are short; longer text is not parsed. */
const MAX_PARSED = 4096;
/** Most key=value pairs read from one message (FortiGate event logs carry about 40). */
const MAX_PAIRS = 80;

function setAttr(e: RemoteAccessTarget, key: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  if (e.attrs) e.attrs[key] = value;
  else e.attrs = { [key]: value };
}

/**
 * One identity from `user`, `DOMAIN\user` or `user@realm`, any case: `{ user, domain }` in lower case (domain
 * absent when the name carries none). Undefined for empty names and placeholders (`N/A`, `-`, `unknown`).
 */
export function normalizeUser(raw: string): { user: string; domain?: string } | undefined {
  let s = raw.trim();
  if (s === '' || s === '-' || s === '*****') return undefined;
  s = s.toLowerCase();
  if (s === 'n/a' || s === 'unknown' || s === '(null)') return undefined;
  const slash = s.lastIndexOf('\\');
  if (slash >= 0) {
    const user = s.slice(slash + 1);
    const domain = s.slice(0, slash);
    if (user === '') return undefined;
    return domain === '' ? { user } : { user, domain };
  }
  const at = s.lastIndexOf('@');
  if (at > 0 && at < s.length - 1) return { user: s.slice(0, at), domain: s.slice(at + 1) };
  return { user: s };
}

function putUser(e: RemoteAccessTarget, raw: string | undefined): void {
  if (raw === undefined) return;
  const n = normalizeUser(raw);
  if (n === undefined) return;
  e.user = n.user;
  if (n.domain !== undefined) e.domain = n.domain;
  if (raw !== n.user) setAttr(e, 'userRaw', raw);
}

/** True for a dotted IPv4 or a plausible IPv6 literal (hex digits, colons, dots). */
function isIp(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  let dots = 0;
  let colons = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return (dots === 3 && colons === 0) || colons >= 2;
}

function putIp(e: RemoteAccessTarget, ip: string | undefined): void {
  if (ip !== undefined && isIp(ip) && ip !== '0.0.0.0') e.srcIp = ip;
}

/**
 * Country as a gateway logs it, or undefined for "no country": FortiGate writes `Reserved` for private
 * addresses, PAN-OS writes the private range itself (`10.0.0.0-10.255.255.255`).
 */
function countryOf(v: string | undefined): string | undefined {
  if (v === undefined || v === '' || v === 'N/A' || v === 'Reserved') return undefined;
  if (v.includes('-') && v.includes('.')) return undefined;
  return v;
}

/**
 * key=value pairs of a message; values may be double-quoted (`user="a b"`). Stops at `MAX_PAIRS`. Keys are
 * taken as written (vendors use lower case).
 */
export function parseKeyValues(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const n = msg.length;
  while (i < n && out.size < MAX_PAIRS) {
    while (i < n && msg.charCodeAt(i) === 32) i++;
    const eq = msg.indexOf('=', i);
    if (eq < 0) break;
    let keyStart = msg.lastIndexOf(' ', eq - 1) + 1;
    if (keyStart < i) keyStart = i;
    const key = msg.slice(keyStart, eq);
    let v: string;
    if (msg.charCodeAt(eq + 1) === 34) {
      const close = msg.indexOf('"', eq + 2);
      const end = close < 0 ? n : close;
      v = msg.slice(eq + 2, end);
      i = end + 1;
    } else {
      const sp = msg.indexOf(' ', eq + 1);
      const end = sp < 0 ? n : sp;
      v = msg.slice(eq + 1, end);
      i = end;
    }
    if (key !== '') out.set(key, v);
  }
  return out;
}

const HELPERS: MapHelpers = { parseKeyValues, putUser, putIp, setAttr, countryOf };

/** FortiGate `type=event subtype=vpn` actions (FortiOS log reference, VPN event log ids 0101039xxx). */
function fortigate(kv: Map<string, string>, e: RemoteAccessTarget): boolean {
  const action = kv.get('action');
  if (action === undefined) return false;
  switch (action) {
    case 'tunnel-up':
    case 'ssl-login-success':
      e.action = AUTH_ACTIONS.logon;
      e.outcome = 'success';
      break;
    case 'ssl-login-fail':
    case 'ssl-login-deny':
      e.action = AUTH_ACTIONS.logon;
      e.outcome = 'failure';
      break;
    case 'tunnel-down':
    case 'ssl-logout':
      e.action = AUTH_ACTIONS.logoff;
      e.outcome = 'success';
      break;
    default:
      return false;
  }
  e.class = 'authentication';
  e.method = kv.get('tunneltype') === 'ipsec' ? 'ipsec' : 'sslvpn';
  const logid = kv.get('logid');
  if (logid !== undefined) e.code = logid;
  putUser(e, kv.get('user') ?? kv.get('xauthuser'));
  putIp(e, kv.get('remip'));
  setAttr(e, 'country', countryOf(kv.get('srccountry')));
  setAttr(e, 'tunnelIp', kv.get('tunnelip'));
  setAttr(e, 'vpnGroup', kv.get('group'));
  setAttr(e, 'gateway', 'fortigate');
  const reason = kv.get('reason');
  if (reason !== undefined && e.outcome === 'failure') e.status = reason;
  return true;
}

/** PAN-OS GlobalProtect log in key=value form (eventid / status / srcuser / public_ip / private_ip / machine_name). */
function globalProtect(kv: Map<string, string>, e: RemoteAccessTarget): boolean {
  const ev = kv.get('eventid') ?? kv.get('event');
  if (ev === undefined) return false;
  const status = kv.get('status');
  if (ev === 'gateway-logout' || ev === 'portal-logout') {
    e.action = AUTH_ACTIONS.logoff;
    e.outcome = 'success';
  } else if (ev === 'gateway-auth' || ev === 'portal-auth' || ev === 'gateway-connected') {
    e.action = AUTH_ACTIONS.logon;
    e.outcome = status === 'success' ? 'success' : status === 'failure' ? 'failure' : 'unknown';
  } else return false;
  e.class = 'authentication';
  e.code = ev;
  e.method = kv.get('auth_method') ?? 'globalprotect';
  putUser(e, kv.get('srcuser') ?? kv.get('user'));
  putIp(e, kv.get('public_ip'));
  setAttr(e, 'country', countryOf(kv.get('srcregion')));
  const priv = kv.get('private_ip');
  if (priv !== undefined && priv !== '0.0.0.0') setAttr(e, 'tunnelIp', priv);
  setAttr(e, 'gateway', 'globalprotect');
  // The client machine: its name, else the agent's host id (for device baselines).
  const machine = kv.get('machine_name') ?? kv.get('host_id');
  if (machine !== undefined && machine !== '') setAttr(e, 'device', machine);
  const err = kv.get('error');
  if (err !== undefined && e.outcome === 'failure') e.status = err.length > 120 ? err.slice(0, 120) : err;
  return true;
}

/** `a.b.c.d:port` or `[AF_INET]a.b.c.d:port` at the start of `s`; undefined when not an address. */
function peerOf(s: string): { ip: string; port?: number } | undefined {
  let t = s;
  if (t.startsWith('[AF_INET6]')) t = t.slice(10);
  else if (t.startsWith('[AF_INET]')) t = t.slice(9);
  const colon = t.lastIndexOf(':');
  if (colon < 0) return isIp(t) ? { ip: t } : undefined;
  const ip = t.slice(0, colon);
  const port = Number(t.slice(colon + 1));
  if (!isIp(ip)) return undefined;
  return Number.isInteger(port) && port > 0 && port <= 65535 ? { ip, port } : { ip };
}

/** OpenVPN server log lines (the prefix is `IP:port` or `name/IP:port`). */
function openVpn(msg: string, e: RemoteAccessTarget): boolean {
  const sp = msg.indexOf(' ');
  if (sp < 0) return false;
  const prefix = msg.slice(0, sp);
  const rest = msg.slice(sp + 1);
  const slash = prefix.indexOf('/');
  const peer = peerOf(slash >= 0 ? prefix.slice(slash + 1) : prefix);
  if (peer === undefined) return false;
  const cn = slash > 0 ? prefix.slice(0, slash) : undefined;
  let user = cn;
  if (rest.startsWith('TLS: Username/Password authentication succeeded for username')) {
    e.action = AUTH_ACTIONS.logon;
    e.outcome = 'success';
    e.method = 'password';
    const q = rest.indexOf("'");
    const q2 = rest.lastIndexOf("'");
    if (q >= 0 && q2 > q) user = rest.slice(q + 1, q2);
  } else if (rest.startsWith('TLS Auth Error:') && rest.includes('verification failed')) {
    e.action = AUTH_ACTIONS.logon;
    e.outcome = 'failure';
    e.method = 'password';
    e.status = 'auth_failed';
    const u = rest.indexOf(' user=');
    if (u >= 0) user = rest.slice(u + 6).split(' ', 1)[0];
  } else if (rest.includes('Peer Connection Initiated with')) {
    e.action = AUTH_ACTIONS.logon;
    e.outcome = 'success';
    e.method = 'certificate';
    // `IP:port [cn] Peer Connection Initiated …`: the common name is in brackets.
    if (rest.charCodeAt(0) === 91) {
      const close = rest.indexOf(']');
      if (close > 1) user = rest.slice(1, close);
    }
  } else if (rest.startsWith('MULTI_sva: pool returned IPv4=')) {
    e.action = AUTH_ACTIONS.sessionOpened;
    e.outcome = 'success';
    const v = rest.slice(30).split(',', 1)[0];
    if (v !== undefined && isIp(v)) setAttr(e, 'tunnelIp', v);
  } else if (rest.includes('client-instance exiting')) {
    e.action = AUTH_ACTIONS.logoff;
    e.outcome = 'success';
  } else return false;
  e.class = 'authentication';
  e.srcIp = peer.ip;
  if (peer.port !== undefined) e.srcPort = peer.port;
  if (user !== undefined && user !== 'UNDEF') putUser(e, user);
  setAttr(e, 'gateway', 'openvpn');
  return true;
}

/** Group <g> User <u> IP <a> … as in %ASA-6-113039 and %ASA-4-722051. */
const ASA_ANGLE = /Group <([^>]*)> User <([^>]*)> IP <([^>]*)>/;
const ASA_722051 = /IPv4 Address <([^>]*)>/;
/** `Group = g, Username = u, IP = a` as in %ASA-6-113019. */
const ASA_EQUALS = /Group = ([^,]*), Username = ([^,]*), IP = ([^,]*),/;
const ASA_113005 = /user = ([^:]*?) : user IP = (\S+)/;

/** Cisco ASA AnyConnect / AAA messages; `msg` starts at `%ASA-`. */
function ciscoAsa(msg: string, e: RemoteAccessTarget): boolean {
  const end = msg.indexOf(':');
  if (end < 0) return false;
  const code = msg.slice(1, end); // ASA-6-113039
  const id = code.slice(code.lastIndexOf('-') + 1);
  let m: RegExpExecArray | null;
  switch (id) {
    case '113039':
    case '722051':
      m = ASA_ANGLE.exec(msg);
      if (!m) return false;
      e.action = id === '113039' ? AUTH_ACTIONS.logon : AUTH_ACTIONS.sessionOpened;
      e.outcome = 'success';
      setAttr(e, 'vpnGroup', m[1]);
      putUser(e, m[2]);
      putIp(e, m[3]);
      if (id === '722051') setAttr(e, 'tunnelIp', ASA_722051.exec(msg)?.[1]);
      break;
    case '113019':
      m = ASA_EQUALS.exec(msg);
      if (!m) return false;
      e.action = AUTH_ACTIONS.logoff;
      e.outcome = 'success';
      setAttr(e, 'vpnGroup', m[1]?.trim());
      putUser(e, m[2]?.trim());
      putIp(e, m[3]?.trim());
      break;
    case '113005':
      m = ASA_113005.exec(msg);
      if (!m) return false;
      e.action = AUTH_ACTIONS.logon;
      e.outcome = 'failure';
      e.status = 'aaa_rejected';
      putUser(e, m[1]);
      putIp(e, m[2]);
      break;
    default:
      return false;
  }
  e.class = 'authentication';
  e.code = code;
  e.method = 'anyconnect';
  setAttr(e, 'gateway', 'cisco-asa');
  return true;
}

/**
 * Map a remote-access gateway message onto `e` (module header); false, leaving the event a plain `process`
 * line, when the message is none of the known styles. `app` is the syslog tag.
 */
export function remoteAccess(
  app: string | undefined,
  msg: string,
  e: RemoteAccessTarget,
  mappings?: readonly GatewayMapping[],
): boolean {
  if (msg.length > MAX_PARSED) return false;
  if (mappings !== undefined && mappings.length > 0 && applyGatewayMappings(mappings, app, msg, e, HELPERS))
    return true;
  const asa = msg.indexOf('%ASA-');
  if (asa >= 0 && asa < 40) return ciscoAsa(msg.slice(asa), e);
  if (app !== undefined && (app === 'openvpn' || app.startsWith('ovpn'))) return openVpn(msg, e);
  if (msg.indexOf('=') < 0) return false;
  if (msg.includes('subtype=vpn') || msg.includes('subtype="vpn"')) return fortigate(parseKeyValues(msg), e);
  if (msg.includes('event=') || msg.includes('eventid=')) {
    const kv = parseKeyValues(msg);
    if (kv.has('public_ip') || kv.has('portal') || kv.has('gateway')) return globalProtect(kv, e);
  }
  return false;
}
