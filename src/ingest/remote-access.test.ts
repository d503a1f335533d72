import { describe, expect, it } from 'vitest';
import type { Rejection, WardEvent } from '../model/index.js';
import { normalizeUser, parseKeyValues } from './remote-access.js';
import { syslogParser } from './syslog.js';

function run(lines: string[]) {
  const events: WardEvent[] = [];
  const rejects: Rejection[] = [];
  const p = syslogParser.open({
    source: 'vpn.log',
    options: { year: 2026 },
    sink: { event: (e) => events.push(e), context: () => undefined, reject: (r) => rejects.push(r) },
  });
  lines.forEach((l, i) => p.line(l, i + 1));
  p.end(false);
  expect(rejects).toEqual([]);
  return events;
}
const one = (line: string): WardEvent => run([line])[0]!;

describe('user names resolve to one identity', () => {
  it('strips DOMAIN\\ and @realm and lower-cases', () => {
    expect(normalizeUser('CORP\\JSmith')).toEqual({ user: 'jsmith', domain: 'corp' });
    expect(normalizeUser('jsmith@Corp.Example')).toEqual({ user: 'jsmith', domain: 'corp.example' });
    expect(normalizeUser('JSMITH')).toEqual({ user: 'jsmith' });
    expect(normalizeUser('N/A')).toBeUndefined();
    expect(normalizeUser('  ')).toBeUndefined();
  });
});

describe('key=value reader', () => {
  it('reads quoted and bare values', () => {
    const kv = parseKeyValues('a=1 b="two words" c= d="" e=x=y');
    expect(kv.get('a')).toBe('1');
    expect(kv.get('b')).toBe('two words');
    expect(kv.get('d')).toBe('');
    expect(kv.get('e')).toBe('x=y');
  });
  it('never throws on broken quoting', () => {
    expect(parseKeyValues('a="open b=2').get('a')).toBe('open b=2');
    expect(parseKeyValues('=== = "').size).toBeGreaterThanOrEqual(0);
  });
});

describe('remote-access gateways in syslog', () => {
  it('FortiGate SSL VPN tunnel-up becomes a successful logon with country and tunnel address', () => {
    const e = one(
      'Mar  3 10:00:00 fgt-edge date=2026-03-03 time=10:00:00 devname="FGT-EDGE" devid="FG100F" logid="0101039947" type="event" subtype="vpn" level="information" vd="root" logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" remip=86.124.3.4 srccountry="Romania" tunnelip=10.212.134.200 user="CORP\\JSmith" group="staff-vpn" reason="N/A"',
    );
    expect(e).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'success',
      user: 'jsmith',
      domain: 'corp',
      srcIp: '86.124.3.4',
      code: '0101039947',
      attrs: {
        country: 'Romania',
        tunnelIp: '10.212.134.200',
        userRaw: 'CORP\\JSmith',
        gateway: 'fortigate',
      },
    });
  });

  it('FortiGate login failure keeps the reason; Reserved country is dropped', () => {
    const e = one(
      'Mar  3 10:00:00 fgt-edge logid="0101039426" type="event" subtype="vpn" action="ssl-login-fail" remip=10.1.2.3 srccountry="Reserved" user="bob@corp.example" reason="sslvpn_login_unknown_user"',
    );
    expect(e).toMatchObject({
      action: 'logon',
      outcome: 'failure',
      user: 'bob',
      status: 'sslvpn_login_unknown_user',
    });
    expect(e.attrs?.country).toBeUndefined();
  });

  it('FortiGate non-VPN event logs stay process events', () => {
    expect(
      one('Mar  3 10:00:00 fgt logid="0100032001" type="event" subtype="system" action="login" user="admin"')
        .class,
    ).toBe('process');
  });

  it('GlobalProtect gateway-auth, gateway-logout', () => {
    const [a, b] = run([
      'Mar  3 10:00:00 pa-fw01 globalprotect: eventid=gateway-auth status=success srcuser=corp\\Alice public_ip=73.145.1.2 srcregion=US private_ip=10.8.2.30 auth_method=saml portal=gp-portal machine_name=HOSP-LT-0042',
      'Mar  3 11:00:00 pa-fw01 globalprotect: eventid=gateway-logout status=success srcuser=corp\\alice public_ip=73.145.1.2 private_ip=10.8.2.30 portal=gp-portal',
    ]);
    expect(a).toMatchObject({
      action: 'logon',
      outcome: 'success',
      user: 'alice',
      srcIp: '73.145.1.2',
      method: 'saml',
    });
    expect(a?.attrs).toMatchObject({ country: 'US', tunnelIp: '10.8.2.30', device: 'HOSP-LT-0042' });
    expect(b).toMatchObject({ action: 'logoff', user: 'alice' });
  });

  it('OpenVPN authentication, peer connection, pool assignment, failure and exit', () => {
    const ev = run([
      "Mar  3 10:00:00 gw openvpn[812]: 73.145.1.2:51234 TLS: Username/Password authentication succeeded for username 'DrWho'",
      'Mar  3 10:00:01 gw openvpn[812]: 73.145.1.2:51234 [drwho] Peer Connection Initiated with [AF_INET]73.145.1.2:51234',
      'Mar  3 10:00:01 gw openvpn[812]: drwho/73.145.1.2:51234 MULTI_sva: pool returned IPv4=10.8.0.6, IPv6=(Not enabled)',
      'Mar  3 10:05:00 gw openvpn[812]: 45.134.1.1:40000 TLS Auth Error: Auth Username/Password verification failed for peer',
      'Mar  3 11:00:00 gw openvpn[812]: drwho/73.145.1.2:51234 SIGTERM[soft,remote-exit] received, client-instance exiting',
      'Mar  3 11:00:00 gw openvpn[812]: Initialization Sequence Completed',
    ]);
    expect(ev[0]).toMatchObject({
      action: 'logon',
      outcome: 'success',
      user: 'drwho',
      srcIp: '73.145.1.2',
      srcPort: 51234,
    });
    expect(ev[1]).toMatchObject({
      action: 'logon',
      outcome: 'success',
      user: 'drwho',
      method: 'certificate',
    });
    expect(ev[2]).toMatchObject({ action: 'session_opened', user: 'drwho', attrs: { tunnelIp: '10.8.0.6' } });
    expect(ev[3]).toMatchObject({ action: 'logon', outcome: 'failure', srcIp: '45.134.1.1' });
    expect(ev[3]?.user).toBeUndefined();
    expect(ev[4]).toMatchObject({ action: 'logoff', user: 'drwho' });
    expect(ev[5]?.class).toBe('process');
  });

  it('Cisco ASA AnyConnect session start, address assignment, disconnect and AAA rejection', () => {
    const ev = run([
      'Mar  3 10:00:00 asa01 : %ASA-6-113039: Group <GP-Staff> User <CORP\\Carol> IP <98.212.4.5> AnyConnect parent session started.',
      'Mar  3 10:00:01 asa01 : %ASA-4-722051: Group <GP-Staff> User <carol> IP <98.212.4.5> IPv4 Address <10.9.0.7> IPv6 address <::> assigned to session',
      'Mar  3 11:00:00 asa01 : %ASA-6-113019: Group = GP-Staff, Username = carol, IP = 98.212.4.5, Session disconnected. Session Type: SSL, Duration: 1h:00m:00s',
      'Mar  3 11:00:00 asa01 : %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.0.0.5 : user = dave : user IP = 45.134.9.9',
    ]);
    expect(ev[0]).toMatchObject({
      action: 'logon',
      outcome: 'success',
      user: 'carol',
      srcIp: '98.212.4.5',
      code: 'ASA-6-113039',
    });
    expect(ev[1]).toMatchObject({ action: 'session_opened', attrs: { tunnelIp: '10.9.0.7' } });
    expect(ev[2]).toMatchObject({ action: 'logoff', user: 'carol' });
    expect(ev[3]).toMatchObject({ action: 'logon', outcome: 'failure', user: 'dave', srcIp: '45.134.9.9' });
  });

  it('malformed gateway messages stay process events', () => {
    const ev = run([
      'Mar  3 10:00:00 asa01 : %ASA-6-113039: Group <x',
      "Mar  3 10:00:00 gw openvpn[1]: not-an-ip:99 TLS: Username/Password authentication succeeded for username 'x'",
      'Mar  3 10:00:00 fgt subtype=vpn',
      'Mar  3 10:00:00 pa event=gateway-auth',
    ]);
    for (const e of ev) expect(e.class).toBe('process');
  });
});
