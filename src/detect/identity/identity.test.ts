/**
 * Identity detectors on hand-made event sequences: each attack is caught with the evidence and reasons a
 * reader needs, and its look-alikes stay quiet. Baselines adapt (a new shift stops alerting) and survive
 * snapshot/restore.
 */
import { describe, expect, it } from 'vitest';
import { ContextIndex } from '../../context/index.js';
import type { Alert, ContextRecord, WardEvent } from '../../model/index.js';
import type { GeoLookup } from '../../enrich/geoip.js';
import { createIdentity } from './index.js';

const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC
const H = 3_600_000;
const D = 24 * H;
let seq = 0;

function ev(p: Partial<WardEvent> & { time: number }): WardEvent {
  return {
    id: `e${++seq}`,
    source: 't',
    format: 't',
    class: 'authentication',
    outcome: 'success',
    action: 'logon',
    ...p,
  };
}
function run(events: WardEvent[], config?: unknown, geo?: GeoLookup): Alert[] {
  const fam = createIdentity(config, geo ? { geo } : undefined);
  const out: Alert[] = [];
  for (const e of [...events].sort((a, b) => a.time - b.time)) fam.handle(e, (a) => out.push(a));
  fam.finish((a) => out.push(a));
  return out;
}
const of = (alerts: Alert[], id: string): Alert[] => alerts.filter((a) => a.detector === id);

/** Two days of ordinary office logons for `n` users on their workstations (learning traffic). */
function office(n: number, days = 2): WardEvent[] {
  const out: WardEvent[] = [];
  for (let d = 0; d < days; d++)
    for (let u = 0; u < n; u++)
      out.push(
        ev({ time: T0 + d * D + 8 * H + u * 60_000, user: `staff${u}`, host: `ws${u}`, logonType: 2 }),
      );
  return out;
}
/** One logon a day by someone else, so the stream has no gap. */
function daily(days: number): WardEvent[] {
  return Array.from({ length: days }, (_, d) =>
    ev({ time: T0 + d * D + 9 * H, user: 'porter', host: 'ws9' }),
  );
}
/** A VPN session start as remote-access.ts maps it. */
function vpn(time: number, user: string, ip: string, country: string): WardEvent {
  return ev({ time, user, srcIp: ip, host: 'fgt', attrs: { country, gateway: 'fortigate' } });
}

describe('auth.privilege_escalation', () => {
  it('alerts on an add to Domain Admins, naming member, group and actor', () => {
    const a = of(
      run([
        ...office(3),
        ev({
          time: T0 + 2 * D,
          action: 'group_member_added',
          user: 'it1',
          resource: 'Domain Admins',
          code: '4728',
          attrs: { member: 'CN=Eve Doe,OU=Users,DC=corp' },
        }),
      ]),
      'auth.privilege_escalation',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.entities).toMatchObject({ user: 'eve doe', group: 'Domain Admins', actor: 'it1' });
    expect(a[0]?.reasons.join(' ')).toContain('privileged group');
  });
  it('ignores adds to ordinary groups and 4672 of accounts privileged during learning', () => {
    const a = run([
      ev({ time: T0, action: 'special_privileges', user: 'admin1' }),
      ev({ time: T0 + 2 * D, action: 'special_privileges', user: 'ADMIN1' }),
      ev({
        time: T0 + 2 * D,
        action: 'group_member_added',
        user: 'it1',
        resource: 'Nursing Staff',
        attrs: { member: 'bob' },
      }),
    ]);
    expect(of(a, 'auth.privilege_escalation')).toEqual([]);
  });
  it('alerts once on the first special-privilege logon of an account after learning', () => {
    const a = run([
      ev({ time: T0, action: 'special_privileges', user: 'admin1' }),
      ev({ time: T0 + 2 * D, action: 'special_privileges', user: 'nurse4' }),
      ev({ time: T0 + 2 * D + H, action: 'special_privileges', user: 'nurse4' }),
    ]);
    expect(of(a, 'auth.privilege_escalation').map((x) => x.entities.user)).toEqual(['nurse4']);
  });
});

describe('auth.kerberoast', () => {
  const tgs = (t: number, user: string, spn: string, enc = '0x17') =>
    ev({ time: t, action: 'service_ticket', user, resource: spn, encryption: enc, srcIp: '10.1.1.5' });
  it('alerts on RC4 tickets for many SPNs from one account within an hour', () => {
    const a = of(
      run(Array.from({ length: 8 }, (_, i) => tgs(T0 + i * 5000, 'jdoe', `MSSQLSvc/db${i}`))),
      'auth.kerberoast',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.events).toHaveLength(5);
    expect(a[0]?.reasons[0]).toContain('5 different services');
  });
  it('stays quiet for AES tickets, krbtgt, computer accounts and spread-out requests', () => {
    const events = [
      ...Array.from({ length: 10 }, (_, i) => tgs(T0 + i * 1000, 'jdoe', `http/web${i}`, '0x12')),
      ...Array.from({ length: 10 }, (_, i) => tgs(T0 + i * 1000, 'kim', i % 2 ? 'krbtgt' : `WS${i}$`)),
      ...Array.from({ length: 10 }, (_, i) => tgs(T0 + i * 2 * H, 'lee', `cifs/fs${i}`)),
    ];
    expect(of(run(events), 'auth.kerberoast')).toEqual([]);
  });
});

describe('auth.asrep_roast', () => {
  it('alerts on a TGT without pre-authentication, once per account and source a week', () => {
    const tgt = (t: number, user: string, pre: string) =>
      ev({ time: t, action: 'tgt_request', user, srcIp: '10.9.9.9', attrs: { preAuthType: pre } });
    const a = of(
      run([
        tgt(T0, 'svc-old', '0'),
        tgt(T0 + H, 'svc-old', '0'),
        tgt(T0 + 60_000, 'bob', '0'),
        tgt(T0, 'amy', '2'),
      ]),
      'auth.asrep_roast',
    );
    expect(a.map((x) => x.entities.user)).toEqual(['svc-old', 'bob']);
    expect(a[1]?.score).toBeGreaterThan(a[0]?.score ?? 100);
  });
});

describe('auth.create_and_use', () => {
  it('alerts when a created account logs on within hours', () => {
    const a = of(
      run([
        ev({ time: T0, action: 'account_created', user: 'it1', resource: 'svc-x9' }),
        ev({ time: T0 + 4 * 60_000, user: 'CORP\\svc-x9', host: 'srv1', logonType: 3, srcIp: '10.20.1.250' }),
      ]),
      'auth.create_and_use',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.events).toHaveLength(2);
    expect(a[0]?.score).toBe(80);
  });
  it('stays quiet when the first logon comes days later', () => {
    const a = run([
      ev({ time: T0, action: 'account_created', user: 'it1', resource: 'newhire' }),
      ev({ time: T0 + 3 * D, user: 'newhire', host: 'ws1', logonType: 2 }),
    ]);
    expect(of(a, 'auth.create_and_use')).toEqual([]);
  });
});

describe('auth.lateral_movement', () => {
  const net = (t: number, user: string, host: string) =>
    ev({ time: t, user, host, logonType: 3, srcIp: '10.1.1.5' });
  it('alerts on network logons to many hosts the account never used', () => {
    const learn = [net(T0, 'jdoe', 'fs1'), net(T0 + H, 'jdoe', 'mail1')];
    const fan = Array.from({ length: 6 }, (_, i) => net(T0 + 2 * D + i * 60_000, 'jdoe', `srv${i}`));
    const a = of(run([...learn, ...fan]), 'auth.lateral_movement');
    expect(a).toHaveLength(1);
    expect(a[0]?.reasons[1]).toContain('srv0');
  });
  it('learns an admin who touches many hosts every day', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 4; d++)
      for (let i = 0; i < 30; i++)
        events.push(net(T0 + d * D + i * 60_000, 'helpdesk', `ws${(i + d * 3) % 40}`));
    expect(of(run(events), 'auth.lateral_movement')).toEqual([]);
  });
});

describe('auth.new_country and auth.impossible_travel', () => {
  it('alerts when a user with home history connects from another country', () => {
    const events = [
      vpn(T0 + 20 * H, 'amy', '73.145.1.1', 'US'),
      vpn(T0 + D + 20 * H, 'amy', '73.145.1.2', 'United States'),
      vpn(T0 + 2 * D + 20 * H, 'amy', '86.124.1.1', 'Romania'),
    ];
    const a = run(events);
    expect(of(a, 'auth.new_country').map((x) => x.entities.user)).toEqual(['amy']);
    // A day between the two sessions is enough time to fly: no impossible travel.
    expect(of(a, 'auth.impossible_travel')).toEqual([]);
  });
  it('does not alert when the country is already known for the user, however it is written', () => {
    const events = [
      vpn(T0, 'amy', '73.145.1.1', 'US'),
      vpn(T0 + D, 'amy', '73.145.1.1', 'US'),
      vpn(T0 + 2 * D, 'amy', '98.1.1.1', 'united states'),
    ];
    expect(of(run(events), 'auth.new_country')).toEqual([]);
  });
  it('judges a user without history by the organisation: a country three others use is normal', () => {
    const others = ['a', 'b', 'c'].map((u, i) => vpn(T0 + i * H, u, `73.145.0.${i}`, 'US'));
    const a = of(
      run([
        ...others,
        vpn(T0 + 2 * D, 'newbie', '73.145.9.9', 'US'),
        vpn(T0 + 2 * D, 'other', '105.112.1.1', 'NG'),
      ]),
      'auth.new_country',
    );
    expect(a.map((x) => x.entities.user)).toEqual(['other']);
    expect(a[0]?.reasons[1]).toContain('nobody');
  });
  it('alerts on sessions from two continents 40 minutes apart, with distance and speed', () => {
    const a = of(
      run([
        vpn(T0 + 10 * H, 'bob', '73.145.1.1', 'US'),
        vpn(T0 + 10 * H + 40 * 60_000, 'bob', '113.185.2.2', 'VN'),
      ]),
      'auth.impossible_travel',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.reasons[1]).toMatch(/km\/h/);
  });
  it('places sshd and Windows logons from public addresses with the offline GeoIP', () => {
    const geo: GeoLookup = {
      lookup: (ip) =>
        ip.startsWith('73.')
          ? { country: 'US', asn: 7922 }
          : ip.startsWith('86.')
            ? { country: 'RO' }
            : undefined,
    };
    const ssh = (time: number, ip: string): WardEvent =>
      ev({ time, user: 'dana', srcIp: ip, host: 'bastion' });
    const a = run(
      [
        ...daily(4),
        ssh(T0 + 20 * H, '73.145.1.1'),
        ssh(T0 + D + 20 * H, '73.145.1.9'),
        ssh(T0 + D + 21 * H, '86.124.1.1'),
      ],
      undefined,
      geo,
    );
    const nc = of(a, 'auth.new_country');
    expect(nc.map((x) => x.entities.user)).toEqual(['dana']);
    expect(nc[0]?.reasons[0]).toContain('RO');
    const travel = of(a, 'auth.impossible_travel');
    expect(travel).toHaveLength(1);
    expect(travel[0]?.events).toHaveLength(2);
  });
  it('raises one impossible-travel alert per user and pair of countries a week, however often they alternate', () => {
    const hops = Array.from({ length: 8 }, (_, k) =>
      vpn(T0 + 10 * H + k * 2 * H, 'eve', k % 2 ? '113.185.2.2' : '73.145.1.1', k % 2 ? 'VN' : 'US'),
    );
    expect(of(run(hops), 'auth.impossible_travel')).toHaveLength(1);
    const later = [
      ...hops,
      vpn(T0 + 9 * D, 'eve', '73.145.1.1', 'US'),
      vpn(T0 + 9 * D + H, 'eve', '113.185.2.2', 'VN'),
    ];
    expect(of(run(later), 'auth.impossible_travel')).toHaveLength(2);
  });
  it('ignores neighbouring countries and same-country sessions', () => {
    const a = run([
      vpn(T0, 'cy', '1.1.1.1', 'NL'),
      vpn(T0 + 10 * 60_000, 'cy', '2.2.2.2', 'BE'),
      vpn(T0 + 20 * 60_000, 'cy', '3.3.3.3', 'BE'),
    ]);
    expect(of(a, 'auth.impossible_travel')).toEqual([]);
  });
});

describe('auth.new_network and auth.concurrent_sessions', () => {
  const geo: GeoLookup = {
    lookup: (ip) =>
      ip.startsWith('73.')
        ? { country: 'US', asn: 7922, asOrg: 'Comcast Cable Communications, LLC' }
        : ip.startsWith('64.')
          ? { country: 'US', asn: 14061, asOrg: 'DigitalOcean, LLC' }
          : ip.startsWith('98.')
            ? { country: 'US', asn: 701, asOrg: 'Verizon Business' }
            : undefined,
  };
  const evenings = (user: string, days: number): WardEvent[] =>
    Array.from({ length: days }, (_, d) => vpn(T0 + d * D + 19 * H, user, `73.145.1.${d + 1}`, 'US'));

  it('alerts when an established user logs on from a hosting provider at home, naming the provider', () => {
    const a = of(
      run(
        [...daily(8), ...evenings('amy', 6), vpn(T0 + 6 * D + 20 * H, 'amy', '64.225.3.3', 'US')],
        undefined,
        geo,
      ),
      'auth.new_network',
    );
    expect(a.map((x) => x.entities.user)).toEqual(['amy']);
    expect(a[0]?.score).toBe(62);
    expect(a[0]?.reasons.join(' ')).toContain('DigitalOcean');
  });

  it('judges a data centre after two home sessions, a consumer provider only after five on three days', () => {
    const a = of(
      run(
        [
          ...daily(8),
          ...evenings('bo', 2),
          vpn(T0 + 3 * D + 20 * H, 'bo', '64.225.3.3', 'US'),
          ...evenings('cy', 2),
          vpn(T0 + 3 * D + 20 * H, 'cy', '98.1.2.3', 'US'),
        ],
        undefined,
        geo,
      ),
      'auth.new_network',
    );
    expect(a.map((x) => x.entities.user)).toEqual(['bo']);
  });

  it('stays quiet for users without history, for networks colleagues use, and after the network became usual', () => {
    const colleagues = ['b', 'c', 'd'].map((u, i) => vpn(T0 + 2 * D + i * H, u, `98.1.1.${i}`, 'US'));
    const a = of(
      run(
        [
          ...daily(10),
          ...evenings('amy', 6),
          vpn(T0 + 6 * D + 20 * H, 'newbie', '64.225.3.3', 'US'),
          ...colleagues,
          vpn(T0 + 7 * D + 20 * H, 'amy', '98.1.1.9', 'US'),
          vpn(T0 + 8 * D + 20 * H, 'amy', '64.225.3.3', 'US'),
          vpn(T0 + 9 * D + 20 * H, 'amy', '64.225.3.4', 'US'),
        ],
        undefined,
        geo,
      ),
      'auth.new_network',
    );
    // Only the first logon from the hosting network alerts; the colleagues' provider is normal.
    expect(a.map((x) => x.events[0])).toHaveLength(1);
    expect(a[0]?.reasons[0]).toContain('64.225.3.3');
  });

  it('alerts on two open sessions from two networks, and not after the first one ended', () => {
    const logoff = (time: number, user: string, ip: string): WardEvent =>
      ev({ time, user, srcIp: ip, host: 'fgt', action: 'logoff', attrs: { gateway: 'fortigate' } });
    const a = of(
      run(
        [
          vpn(T0 + 9 * H, 'cy', '73.145.1.1', 'US'),
          vpn(T0 + 10 * H, 'cy', '98.1.1.1', 'US'),
          vpn(T0 + D + 9 * H, 'dee', '73.145.2.2', 'US'),
          logoff(T0 + D + 10 * H, 'dee', '73.145.2.2'),
          vpn(T0 + D + 11 * H, 'dee', '98.1.2.2', 'US'),
        ],
        undefined,
        geo,
      ),
      'auth.concurrent_sessions',
    );
    expect(a.map((x) => x.entities.user)).toEqual(['cy']);
    expect(a[0]?.events).toHaveLength(2);
    expect(a[0]?.reasons[1]).toContain('had not ended');
  });
});

describe('auth.preauth_storm', () => {
  const fail = (time: number, user: string, ip: string): WardEvent =>
    ev({
      time,
      user,
      srcIp: ip,
      host: 'DC01.hosp.local',
      action: 'preauth_failed',
      outcome: 'failure',
      status: '0x18',
    });

  it('alerts when many real accounts fail pre-authentication at a controller within an hour, from many sources', () => {
    const t = T0 + 2 * D + 14 * H;
    const storm = Array.from({ length: 30 }, (_, i) => fail(t + i * 60_000, `staff${i}`, `10.9.${i % 12}.5`));
    const a = of(run([...daily(3), ...storm]), 'auth.preauth_storm');
    expect(a).toHaveLength(1);
    expect(a[0]?.score).toBe(85);
    expect(a[0]?.reasons[0]).toContain('20 different accounts');
    expect(a[0]?.reasons[2]).toContain('12 sources');
  });

  it('learns a domain where many users fail every morning, and ignores other Kerberos failures', () => {
    const mornings = [0, 1, 2].flatMap((d) =>
      Array.from({ length: 15 }, (_, i) => fail(T0 + d * D + 8 * H + i * 60_000, `staff${i}`, `10.9.1.${i}`)),
    );
    const later = Array.from({ length: 30 }, (_, i) =>
      fail(T0 + 3 * D + 8 * H + i * 60_000, `staff${i}`, `10.9.1.${i}`),
    );
    const unknown = Array.from({ length: 30 }, (_, i) =>
      ev({
        time: T0 + 4 * D + i * 60_000,
        user: `x${i}`,
        host: 'dc01',
        action: 'tgt_request',
        outcome: 'failure',
        status: '0x6',
      }),
    );
    expect(of(run([...daily(5), ...mornings, ...later, ...unknown]), 'auth.preauth_storm')).toEqual([]);
  });
});

describe('auth.lateral_chain', () => {
  const hop = (time: number, user: string, from: string, to: string, ip?: string): WardEvent =>
    ev({
      time,
      user,
      host: `${to}.hosp.local`,
      logonType: 3,
      ...(from ? { attrs: { workstation: from.toUpperCase() } } : {}),
      ...(ip ? { srcIp: ip } : {}),
    });

  it('follows logons from host to host and names the route, including a source known only by its address', () => {
    const t = T0 + 2 * D + 22 * H;
    const a = of(
      run([
        ...daily(3),
        hop(T0 + D, 'svc-x', 'srv2', 'files', '10.0.5.12'), // teaches 10.0.5.12 = srv2
        hop(t, 'mallory', 'ws7', 'srv1'),
        hop(t + 10 * 60_000, 'mallory', 'srv1', 'srv2'),
        hop(t + 25 * 60_000, 'mallory', '', 'dc01', '10.0.5.12'),
      ]),
      'auth.lateral_chain',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.title).toContain('ws7 → srv1 → srv2 → dc01');
    expect(a[0]?.events).toHaveLength(3);
    expect(a[0]?.entities).toMatchObject({ user: 'mallory', srcHost: 'srv2' });
  });

  it('stays quiet on a learned daily route, on hops too far apart, and on fan-out without a chain', () => {
    const route = (day: number, user: string): WardEvent[] => [
      hop(T0 + day * D + 9 * H, user, 'ws3', 'jump1'),
      hop(T0 + day * D + 9 * H + 5 * 60_000, user, 'jump1', 'app1'),
      hop(T0 + day * D + 9 * H + 9 * 60_000, user, 'app1', 'db1'),
    ];
    const slow = [
      hop(T0 + 3 * D, 'bob', 'ws1', 'a1'),
      hop(T0 + 3 * D + 2 * H, 'bob', 'a1', 'a2'),
      hop(T0 + 3 * D + 4 * H, 'bob', 'a2', 'a3'),
    ];
    const fan = ['h1', 'h2', 'h3', 'h4'].map((h, i) => hop(T0 + 3 * D + i * 60_000, 'cy', 'ws9', h));
    const a = of(
      run([...daily(5), ...route(0, 'admin'), ...route(3, 'admin'), ...slow, ...fan]),
      'auth.lateral_chain',
    );
    expect(a).toEqual([]);
  });
});

describe('auth.off_hours', () => {
  const logon = (t: number, user = 'dayshift') => ev({ time: t, user, host: 'ws1', logonType: 2 });
  it('alerts on a 3 a.m. logon of a day-shift user, and not for a night-shift user at 3 a.m.', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 10; d++) {
      events.push(logon(T0 + d * D + 8 * H));
      events.push(logon(T0 + d * D + 2 * H + 30 * 60_000, 'nightshift'));
    }
    events.push(logon(T0 + 10 * D + 3 * H));
    events.push(logon(T0 + 10 * D + 3 * H, 'nightshift'));
    const a = of(run(events), 'auth.off_hours');
    expect(a.map((x) => x.entities.user)).toEqual(['dayshift']);
    expect(a[0]?.reasons[2]).toContain('08');
  });
  it('adapts: a user who moves to the night shift stops alerting within days', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 20; d++) events.push(logon(T0 + d * D + 8 * H));
    for (let d = 20; d < 40; d++) events.push(logon(T0 + d * D + 22 * H));
    const a = of(run(events), 'auth.off_hours');
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThanOrEqual(3);
    for (const x of a) expect(Date.parse(x.time)).toBeLessThan(T0 + 24 * D);
  });
  it('alerts on a weekend logon of a Monday–Friday worker at their usual hour, not for a weekend worker', () => {
    // T0 is a Monday. Four weeks: one works Monday–Friday, one every day; both at 08:00.
    const events: WardEvent[] = [];
    for (let d = 0; d < 33; d++) {
      if (d % 7 < 5) events.push(logon(T0 + d * D + 8 * H, 'weekdays'));
      events.push(logon(T0 + d * D + 8 * H + 60_000, 'everyday'));
    }
    // Saturday of the fifth week, the usual hour.
    events.push(logon(T0 + 33 * D + 8 * H, 'weekdays'), logon(T0 + 33 * D + 8 * H + 60_000, 'everyday'));
    const a = of(run(events), 'auth.off_hours');
    expect(a.map((x) => x.entities.user)).toEqual(['weekdays']);
    expect(a[0]?.title).toContain('Saturday 08:00');
    expect(a[0]?.reasons.join(' ')).toMatch(/no weekend day.*by chance/);
    expect(a[0]?.score).toBe(40);
  });
  it('learns the hours a session spans from its logoff: a midday logon at a second workstation is usual', () => {
    const shift = (withLogoff: boolean): WardEvent[] => {
      const out: WardEvent[] = [];
      for (let d = 0; d < 8; d++) {
        out.push(logon(T0 + d * D + 7 * H, 'nurse'));
        if (withLogoff)
          out.push(
            ev({
              time: T0 + d * D + 15 * H + 30 * 60_000,
              user: 'nurse',
              host: 'ws1',
              action: 'logoff',
              logonType: 2,
            }),
          );
      }
      // A short session at a second workstation mid-shift, on the first day, must not close the long one.
      out.push(ev({ time: T0 + 10 * H, user: 'nurse', host: 'ws3', logonType: 2 }));
      out.push(
        ev({ time: T0 + 10 * H + 600_000, user: 'nurse', host: 'ws3', action: 'logoff', logonType: 2 }),
      );
      out.push(ev({ time: T0 + 8 * D + 12 * H, user: 'nurse', host: 'ws2', logonType: 2 }));
      return out;
    };
    expect(of(run(shift(false)), 'auth.off_hours')).toHaveLength(1);
    expect(of(run(shift(true)), 'auth.off_hours')).toEqual([]);
  });
  it('adapts to a new weekend rota: after the first weekend shift, the next ones are usual', () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 33; d++) if (d % 7 < 5) events.push(logon(T0 + d * D + 8 * H, 'rota'));
    // From the fifth week on, every Saturday too.
    for (let w = 4; w < 9; w++) events.push(logon(T0 + (w * 7 + 5) * D + 8 * H, 'rota'));
    const a = of(run(events), 'auth.off_hours');
    expect(a.map((x) => new Date(x.time).toISOString().slice(0, 10))).toEqual(['2026-02-07']);
  });
  it("judges a remote logon's hour only once remote work is a habit, and not from home", () => {
    const events: WardEvent[] = [];
    for (let d = 0; d < 10; d++) {
      events.push(logon(T0 + d * D + 8 * H, 'oncall'), logon(T0 + d * D + 8 * H, 'teleworker'));
      // The teleworker works from home on the VPN every day at 09:00.
      events.push(vpn(T0 + d * D + 9 * H, 'teleworker', '73.145.1.2', 'US'));
    }
    // The on-call doctor's first night call from home; the teleworker's account at 03:00 from elsewhere.
    events.push(vpn(T0 + 10 * D + 2 * H, 'oncall', '98.22.7.1', 'US'));
    events.push(vpn(T0 + 10 * D + 3 * H, 'teleworker', '45.77.1.9', 'US'));
    expect(of(run(events), 'auth.off_hours').map((x) => x.entities.user)).toEqual(['teleworker']);
  });
  it('needs weeks of weekdays before reading the absence of weekends as a habit', () => {
    // Only one working week seen: a Saturday logon is not yet unusual for the user alone.
    const events: WardEvent[] = [];
    for (let d = 0; d < 5; d++) events.push(logon(T0 + d * D + 8 * H, 'newish'));
    events.push(logon(T0 + 5 * D + 8 * H, 'newish'));
    expect(of(run(events), 'auth.off_hours')).toEqual([]);
  });
  it('judges a user with little history by their department: hours and weekends nobody there works', () => {
    // Billing works Monday–Friday days; a new billing account logs on at 02:00 and on a Sunday.
    const records: ContextRecord[] = [];
    const person = (id: string, org: string): void => {
      records.push(
        { kind: 'practitioner', ref: `Practitioner/${id}`, source: 't', identifiers: [`urn:acct|${id}`] },
        {
          kind: 'practitioner_role',
          ref: `PractitionerRole/${id}`,
          source: 't',
          practitioners: [`Practitioner/${id}`],
          organization: `Organization/${org}`,
        },
      );
    };
    for (let i = 0; i < 8; i++) person(`bill${i}`, 'billing');
    person('newbill', 'billing');
    person('newnurse', 'icu');
    const context = new ContextIndex();
    for (const r of records) context.add(r);
    const events: WardEvent[] = [];
    for (let d = 0; d < 12; d++)
      if (d % 7 < 5)
        for (let i = 0; i < 8; i++) events.push(logon(T0 + d * D + 8 * H + i * 60_000, `bill${i}`));
    events.push(logon(T0 + 9 * D + 2 * H, 'newbill'), logon(T0 + 9 * D + 2 * H, 'newnurse'));
    events.push(logon(T0 + 13 * D + 8 * H + 30 * 60_000, 'newbill'));
    const fam = createIdentity(undefined, { context });
    const out: Alert[] = [];
    for (const e of events.sort((x, y) => x.time - y.time)) fam.handle(e, (x) => out.push(x));
    const a = of(out, 'auth.off_hours');
    expect(a.map((x) => [x.entities.user, new Date(x.time).getUTCDay()])).toEqual([
      ['newbill', 3],
      ['newbill', 0],
    ]);
    expect(a[0]?.reasons[1]).toContain('department billing');
    expect(a[1]?.reasons[1]).toMatch(
      /department billing worked 0% of its \d+ recent person-days on weekends/,
    );
  });
  it('reads the weekend in the site time zone', () => {
    // Friday 23:30 in Chicago is Saturday 05:30 UTC: a weekday there, not a weekend logon.
    const events: WardEvent[] = [];
    for (let d = 0; d < 33; d++) if (d % 7 < 5) events.push(logon(T0 + d * D + 14 * H, 'chi'));
    events.push(logon(T0 + 33 * D + 5 * H + 30 * 60_000, 'chi'));
    const utc = of(run(events), 'auth.off_hours');
    const chicago = of(run(events, { timeZone: 'America/Chicago' }), 'auth.off_hours');
    expect(utc[0]?.reasons.join(' ')).toContain('weekend');
    expect(chicago[0]?.reasons.join(' ') ?? '').not.toContain('weekend');
    expect(() => run([], { timeZone: 'Mars/Olympus' })).toThrow(/IANA/);
  });
  it('does not judge a user before five logons and a day of history', () => {
    const a = run([
      ...office(30),
      logon(T0 + 5 * H, 'fresh'),
      logon(T0 + 30 * H, 'fresh'),
      logon(T0 + 33 * H, 'fresh'),
    ]);
    expect(of(a, 'auth.off_hours')).toEqual([]);
  });
});

describe('auth.dormant_account', () => {
  it('alerts when an account silent for dormantDays logs on again', () => {
    const a = of(
      run([
        ...daily(41),
        ev({ time: T0, user: 'old', host: 'ws1' }),
        ev({ time: T0 + 40 * D, user: 'old', host: 'fs1' }),
      ]),
      'auth.dormant_account',
    );
    expect(a).toHaveLength(1);
    expect(a[0]?.score).toBe(70);
  });
  it('reads a gap in the whole log as missing history, not as dormancy', () => {
    const a = run([ev({ time: T0, user: 'old' }), ev({ time: T0 + 40 * D, user: 'old' })]);
    expect(of(a, 'auth.dormant_account')).toEqual([]);
  });
  it("reports a leaver's account at once, from the staff directory, once a week", () => {
    const context = new ContextIndex();
    for (const [id, active] of [
      ['gone', 'false'],
      ['here', 'true'],
    ] as const)
      context.add({
        kind: 'practitioner',
        ref: `Practitioner/${id}`,
        source: 't',
        identifiers: [`urn:acct|${id}`],
        attrs: { active },
      });
    const fam = createIdentity(undefined, { context });
    const out: Alert[] = [];
    for (const e of [
      ev({ time: T0 + H, user: 'gone', srcIp: '10.2.2.2' }),
      ev({ time: T0 + 2 * H, action: 'tgt_request', user: 'gone' }),
      ev({ time: T0 + H, user: 'here' }),
      ev({ time: T0 + 8 * D, user: 'gone' }),
    ])
      fam.handle(e, (a) => out.push(a));
    const a = of(out, 'auth.dormant_account');
    expect(a.map((x) => [x.entities.user, x.score])).toEqual([
      ['gone', 75],
      ['gone', 75],
    ]);
    expect(a[0]?.reasons[1]).toContain('no longer active');
  });
  it('alerts on an account first seen after a week (a TGT counts as use), not before, nor on a created one', () => {
    const a = run([
      ...office(5),
      ...daily(12),
      ev({ time: T0 + 50 * H, user: 'nurse-on-rota' }), // off for the first two days: not dormant
      ev({ time: T0 + 8 * D, action: 'tgt_request', user: 'ghost', srcIp: '10.2.2.2' }),
      ev({ time: T0 + 8 * D, action: 'account_created', user: 'it1', resource: 'newbie' }),
      ev({ time: T0 + 8 * D + H, user: 'newbie' }),
      ev({ time: T0 + 30 * D, user: 'staff1' }),
    ]);
    expect(of(a, 'auth.dormant_account').map((x) => x.entities.user)).toEqual(['ghost']);
  });
});

describe('auth.credential_stuffing', () => {
  const fail = (t: number, user: string, ip: string) =>
    ev({ time: t, user, srcIp: ip, host: 'fgt', outcome: 'failure', attrs: { gateway: 'fortigate' } });
  it('alerts on many unknown accounts failing from several sources within an hour', () => {
    const list = Array.from({ length: 14 }, (_, i) =>
      fail(T0 + D + i * 30_000, `leak${i}`, `45.134.0.${i % 4}`),
    );
    const a = of(run([...office(25), ...list]), 'auth.credential_stuffing');
    expect(a).toHaveLength(1);
    expect(a[0]?.score).toBe(75);
    expect(a[0]?.reasons[1]).toContain('10 of those accounts never logged on');
  });
  it('stays quiet when known staff fail (an SSO outage) and before enough accounts are known', () => {
    const outage = Array.from({ length: 20 }, (_, i) =>
      fail(T0 + D + i * 30_000, `staff${i}`, `10.0.0.${i}`),
    );
    expect(of(run([...office(25), ...outage]), 'auth.credential_stuffing')).toEqual([]);
    const early = Array.from({ length: 20 }, (_, i) => fail(T0 + i * 30_000, `leak${i}`, '45.1.1.1'));
    expect(of(run(early), 'auth.credential_stuffing')).toEqual([]);
  });
});

describe('identity family', () => {
  it('rejects unknown settings and accepts overrides', () => {
    expect(() => createIdentity({ nope: 1 })).toThrow();
    const a = run([...daily(11), ev({ time: T0, user: 'old' }), ev({ time: T0 + 10 * D, user: 'old' })], {
      dormantDays: 7,
    });
    expect(of(a, 'auth.dormant_account')).toHaveLength(1);
  });
  it('gives the same alerts after snapshot and restore mid-stream', () => {
    const events: WardEvent[] = [...office(25)];
    for (let d = 0; d < 10; d++)
      events.push(ev({ time: T0 + d * D + 8 * H, user: 'dayshift', logonType: 2 }));
    events.push(ev({ time: T0 + 10 * D + 3 * H, user: 'dayshift', logonType: 2 }));
    events.push(vpn(T0 + 3 * D, 'bob', '73.145.1.1', 'US'), vpn(T0 + 3 * D + H, 'bob', '1.2.3.4', 'RU'));
    events.sort((a, b) => a.time - b.time);
    const whole = run(events);
    const cut = Math.floor(events.length / 2);
    const f1 = createIdentity();
    const out: Alert[] = [];
    for (const e of events.slice(0, cut)) f1.handle(e, (a) => out.push(a));
    const f2 = createIdentity();
    f2.restore(JSON.parse(JSON.stringify(f1.snapshot())) as unknown);
    for (const e of events.slice(cut)) f2.handle(e, (a) => out.push(a));
    expect(out).toEqual(whole);
    expect(whole.length).toBeGreaterThanOrEqual(3);
  });
});
