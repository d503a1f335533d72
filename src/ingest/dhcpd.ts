/**
 * ISC dhcpd lease lines in syslog (the message after `dhcpd[pid]: `), mapped onto address-assignment events so
 * network activity can be attributed to machines and people over time (addresses are reused):
 * - `DHCPACK on <ip> to <mac> [(<hostname>)] via <interface|relay> [… lease-duration <s> …]` → action
 *   `dhcp_lease`, srcIp = the leased address;
 * - `DHCPRELEASE of <ip> from <mac> [(<hostname>)] via …` → action `dhcp_release`.
 * attrs.mac (lower case), attrs.clientHost (the client's host name as it sent it), attrs.leaseSeconds (dhcpd ≥ 4.4
 * logs `lease-duration`), attrs.via; code = the message type. Other dhcpd lines (DISCOVER, OFFER, REQUEST, an ACK
 * `to` an address answering DHCPINFORM) stay plain `process` lines. Message texts: ISC dhcpd server source,
 * https://kb.isc.org/docs/isc-dhcp-44-manual-pages-dhcpd.
 */
import { ADDRESS_ACTIONS } from '../model/index.js';
import type { WardEvent } from '../model/index.js';

/** The event fields a dhcpd line fills. */
export type DhcpdTarget = Pick<WardEvent, 'class' | 'action' | 'outcome' | 'code' | 'srcIp' | 'attrs'>;

/** `a.b.c.d` with four numbers 0–255. */
function isIpv4(s: string): boolean {
  const p = s.split('.');
  if (p.length !== 4) return false;
  for (const x of p) {
    if (x.length === 0 || x.length > 3) return false;
    const n = Number(x);
    if (!Number.isInteger(n) || n < 0 || n > 255) return false;
  }
  return true;
}

/** A MAC address in `aa:bb:cc:dd:ee:ff` form (dhcpd prints hardware addresses that way, any case). */
function isMac(s: string): boolean {
  return /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(s);
}

/**
 * Map a dhcpd message onto `e`; false when it is not a lease or release line. `words` after the keyword: `<ip>
 * to|from <mac> [(<host>)] via <x> …`.
 */
export function dhcpd(msg: string, e: DhcpdTarget): boolean {
  let kind: 'ack' | 'release';
  let rest: string;
  if (msg.startsWith('DHCPACK on ')) {
    kind = 'ack';
    rest = msg.slice(11);
  } else if (msg.startsWith('DHCPRELEASE of ')) {
    kind = 'release';
    rest = msg.slice(15);
  } else return false;
  const w = rest.split(' ', 12);
  const ip = w[0];
  const link = w[1];
  const mac = w[2];
  if (ip === undefined || mac === undefined || !isIpv4(ip) || !isMac(mac)) return false;
  if (link !== (kind === 'ack' ? 'to' : 'from')) return false;
  const attrs: Record<string, string> = e.attrs ?? {};
  attrs.mac = mac.toLowerCase();
  let i = 3;
  const host = w[i];
  if (host !== undefined && host.length > 2 && host.startsWith('(') && host.endsWith(')')) {
    attrs.clientHost = host.slice(1, -1);
    i++;
  }
  if (w[i] === 'via' && w[i + 1] !== undefined) attrs.via = w[i + 1]!;
  const ld = rest.indexOf(' lease-duration ');
  if (ld >= 0) {
    const n = Number(rest.slice(ld + 16).split(' ', 1)[0]);
    if (Number.isInteger(n) && n >= 0) attrs.leaseSeconds = String(n);
  }
  e.attrs = attrs;
  e.class = 'network_flow';
  e.action = kind === 'ack' ? ADDRESS_ACTIONS.dhcpLease : ADDRESS_ACTIONS.dhcpRelease;
  e.outcome = 'success';
  e.code = kind === 'ack' ? 'DHCPACK' : 'DHCPRELEASE';
  e.srcIp = ip;
  return true;
}
