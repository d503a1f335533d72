import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../model/index.js';
import { compileGatewayMappings, loadGatewayMappings } from './gateway-mapping.js';
import { syslogParser } from './syslog.js';
import type { ParseOptions } from './parser.js';

const FIXTURE = 'test/fixtures/gateway-mapping/gateways.yaml';

function parse(lines: string[], options: ParseOptions): WardEvent[] {
  const events: WardEvent[] = [];
  const p = syslogParser.open({
    source: 'gw.log',
    options,
    sink: { event: (e) => events.push(e), context: () => undefined, reject: () => undefined },
  });
  lines.forEach((l, i) => p.line(l, i + 1));
  p.end(false);
  return events;
}

describe('gateway field-mapping files', () => {
  it('turn a Citrix gateway and a telehealth portal into the same logon events the built-in gateways give', async () => {
    const gatewayMappings = await loadGatewayMappings(FIXTURE);
    const events = parse(
      [
        '<134>Nov 27 10:15:00 ns01 ns: 11/27/2026:10:15:00 GMT ns01 0-PPE-0 : default SSLVPN LOGIN 1201 0 : Context jdoe@10.1.2.3 - SessionId: 5 - User HOSP\\JDoe - Client_ip 203.0.113.7 - Nat_ip "Mapped Ip" - Vserver 10.0.0.5:443',
        '<134>Nov 27 10:20:00 ns01 ns: default AAA LOGIN_FAILED 1202 0 : User mallory@hosp.org - Client_ip 198.51.100.9 - Failure reason "Invalid credentials"',
        '<134>Nov 27 11:15:00 ns01 ns: default SSLVPN LOGOUT 1203 0 : Context jdoe@10.1.2.3 - SessionId: 5 - User jdoe - Client_ip 203.0.113.7 - Duration 01:00:00',
        '<134>Nov 27 12:00:00 th01 telehealth-gw[88]: result=OK login="Ana.Ruiz@hosp.org" client=192.0.2.44 geo=PT auth=otp dev="Ana iPad"',
        '<134>Nov 27 12:01:00 th01 telehealth-gw[88]: result=denied login=bob client=192.0.2.45 why="bad otp"',
        '<134>Nov 27 12:02:00 th01 telehealth-gw[88]: result=heartbeat login=bob',
      ],
      { gatewayMappings, year: 2026 },
    );
    const pick = (e: WardEvent) => ({
      action: e.action,
      outcome: e.outcome,
      user: e.user,
      srcIp: e.srcIp,
      gateway: e.attrs?.gateway,
      country: e.attrs?.country,
      status: e.status,
    });
    expect(events.map(pick)).toEqual([
      {
        action: 'logon',
        outcome: 'success',
        user: 'jdoe',
        srcIp: '203.0.113.7',
        gateway: 'citrix-gateway',
        country: undefined,
        status: undefined,
      },
      {
        action: 'logon',
        outcome: 'failure',
        user: 'mallory',
        srcIp: '198.51.100.9',
        gateway: 'citrix-gateway',
        country: undefined,
        status: 'Invalid credentials',
      },
      {
        action: 'logoff',
        outcome: 'success',
        user: 'jdoe',
        srcIp: '203.0.113.7',
        gateway: 'citrix-gateway',
        country: undefined,
        status: undefined,
      },
      {
        action: 'logon',
        outcome: 'success',
        user: 'ana.ruiz',
        srcIp: '192.0.2.44',
        gateway: 'telehealth-portal',
        country: 'PT',
        status: undefined,
      },
      {
        action: 'logon',
        outcome: 'failure',
        user: 'bob',
        srcIp: '192.0.2.45',
        gateway: 'telehealth-portal',
        country: undefined,
        status: 'bad otp',
      },
      // A message kind the mapping does not name stays a plain syslog line.
      {
        action: undefined,
        outcome: 'unknown',
        user: undefined,
        srcIp: undefined,
        gateway: undefined,
        country: undefined,
        status: undefined,
      },
    ]);
    expect(events.map((e) => e.class)).toEqual([
      'authentication',
      'authentication',
      'authentication',
      'authentication',
      'authentication',
      'process',
    ]);
    // One identity whatever the spelling: DOMAIN\\User, user@realm, plain.
    expect(events[0]?.domain).toBe('hosp');
    expect(events[1]?.domain).toBe('hosp.org');
    // Method and client device, for the method and device baselines.
    expect(events[3]).toMatchObject({ method: 'otp', attrs: { device: 'Ana iPad' } });
  });

  it('leaves built-in gateways alone when no mapping matches', () => {
    const gatewayMappings = compileGatewayMappings({
      gateways: [{ name: 'x', match: { app: 'nothing-here' }, fields: {}, event: 'logon_success' }],
    });
    const [e] = parse(
      [
        '<189>Nov 27 10:00:00 fgt date=2026-11-27 time=10:00:00 logid="0101039947" type="event" subtype="vpn" action="tunnel-up" remip=203.0.113.8 srccountry="Portugal" user="amy" tunnelip=10.8.0.2',
      ],
      { gatewayMappings, year: 2026 },
    );
    expect(e?.attrs?.gateway).toBe('fortigate');
  });

  it('refuses a bad file with the entry and field named', () => {
    expect(() =>
      compileGatewayMappings({ gateways: [{ name: 'X Y', match: {}, fields: {}, event: 'logon' }] }),
    ).toThrow(/gateways\.0\.name/);
    expect(() =>
      compileGatewayMappings({
        gateways: [{ name: 'a', match: { app: 'a' }, fields: {}, event: 'logon_success', extra: 1 }],
      }),
    ).toThrow(/gateways\.0/);
    expect(() =>
      compileGatewayMappings({
        gateways: [
          { name: 'a', match: { app: 'a' }, pattern: '(?<u>x', fields: { user: 'u' }, event: 'logoff' },
        ],
      }),
    ).toThrow(/gateways\.0\.pattern/);
    expect(() =>
      compileGatewayMappings({
        gateways: [
          { name: 'a', match: { app: 'a' }, pattern: '(?<u>x)', fields: { user: 'name' }, event: 'logoff' },
        ],
      }),
    ).toThrow(/fields\.user: the pattern has no group/);
    expect(() =>
      compileGatewayMappings({ gateways: [{ name: 'a', match: {}, fields: {}, event: 'logoff' }] }),
    ).toThrow(/match/);
  });
});
