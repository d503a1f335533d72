import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { hostKey } from '../identity/common.js';
import { AddressAttribution } from './attribution.js';

const T0 = Date.UTC(2026, 2, 2, 8);
const H = 3_600_000;
let n = 0;

function ev(time: number, f: Partial<WardEvent>): WardEvent {
  n++;
  return { id: `r${n}`, source: 't', format: 't', class: 'authentication', time, outcome: 'success', ...f };
}
const lease = (t: number, ip: string, host: string, secs?: number): WardEvent =>
  ev(t, {
    class: 'network_flow',
    action: 'dhcp_lease',
    srcIp: ip,
    attrs: { clientHost: host, mac: '00:11:22:33:44:55', ...(secs ? { leaseSeconds: String(secs) } : {}) },
  });
const consoleLogon = (t: number, user: string, host: string): WardEvent =>
  ev(t, {
    action: 'logon',
    user: `RGH\\${user}`,
    host: `${host}.rgh.local`,
    logonType: 2,
    srcIp: '127.0.0.1',
  });

describe('address attribution over time', () => {
  it('names the person logged on at the machine that held the lease at that time, across address reuse', () => {
    const a = new AddressAttribution();
    a.observe(lease(T0, '10.40.1.23', 'lt-bill-031', 8 * 3600));
    a.observe(consoleLogon(T0 + 60_000, 'mjones', 'LT-BILL-031'));
    a.observe(ev(T0 + 7 * H, { class: 'network_flow', action: 'dhcp_release', srcIp: '10.40.1.23' }));
    a.observe(lease(T0 + 9 * H, '10.40.1.23', 'lt-rad-002', 3600));
    a.observe(consoleLogon(T0 + 9 * H + 60_000, 'kchen', 'lt-rad-002'));

    expect(a.at('10.40.1.23', T0 + 2 * H)).toMatchObject({ user: 'mjones', host: 'lt-bill-031' });
    // Released at 15:00; the next lease starts at 17:00.
    expect(a.at('10.40.1.23', T0 + 8 * H)).toMatchObject({ user: undefined, host: undefined });
    expect(a.at('10.40.1.23', T0 + 9 * H + 30 * 60_000)).toMatchObject({ user: 'kchen', host: 'lt-rad-002' });
    // The second lease lasted an hour.
    expect(a.at('10.40.1.23', T0 + 11 * H).host).toBeUndefined();
    const why = AddressAttribution.explain('10.40.1.23', a.at('10.40.1.23', T0 + 2 * H));
    expect(why).toContain('leased by DHCP to lt-bill-031');
    expect(why).toContain('mjones was logged on at lt-bill-031');
  });

  it('ends a console holding at the logoff and a lease when another machine gets the address', () => {
    const a = new AddressAttribution();
    a.observe(lease(T0, '10.40.1.5', 'ws-a'));
    a.observe(consoleLogon(T0 + 1000, 'alice', 'ws-a'));
    a.observe(ev(T0 + 2 * H, { action: 'logoff', user: 'alice', host: 'ws-a.rgh.local', logonType: 2 }));
    expect(a.at('10.40.1.5', T0 + H).user).toBe('alice');
    expect(a.at('10.40.1.5', T0 + 3 * H)).toMatchObject({ user: undefined, host: 'ws-a' });
    a.observe(lease(T0 + 4 * H, '10.40.1.5', 'ws-b'));
    expect(a.at('10.40.1.5', T0 + 3 * H).host).toBe('ws-a');
    expect(a.at('10.40.1.5', T0 + 5 * H).host).toBe('ws-b');
  });

  it('gives a VPN tunnel address to the session user, ahead of other evidence, until the tunnel goes down', () => {
    const a = new AddressAttribution();
    a.observe(
      ev(T0, {
        action: 'logon',
        user: 'bsmith',
        srcIp: '73.145.2.9',
        attrs: { tunnelIp: '10.8.3.77', gateway: 'fortigate' },
      }),
    );
    a.observe(
      ev(T0 + 60_000, { action: 'logon', user: 'svc-scan', srcIp: '10.8.3.77', logonType: 3, host: 'fs01' }),
    );
    const got = a.at('10.8.3.77', T0 + 30 * 60_000);
    expect(got.user).toBe('bsmith');
    expect(AddressAttribution.explain('10.8.3.77', got)).toContain(
      'VPN tunnel address of bsmith on fortigate',
    );
    a.observe(ev(T0 + 2 * H, { action: 'logoff', user: 'bsmith', attrs: { tunnelIp: '10.8.3.77' } }));
    // Afterwards only the network logon from the address speaks (it held for its own period).
    expect(a.at('10.8.3.77', T0 + 3 * H).user).toBe('svc-scan');
    // The tunnel address is reused by someone else the next day.
    a.observe(ev(T0 + 24 * H, { action: 'session_opened', user: 'carol', attrs: { tunnelIp: '10.8.3.77' } }));
    expect(a.at('10.8.3.77', T0 + 25 * H).user).toBe('carol');
    expect(a.at('10.8.3.77', T0 + H).user).toBe('bsmith');
  });

  it('attributes a workstation address from a Windows logon with IpAddress; machine accounts and public addresses teach nothing', () => {
    const a = new AddressAttribution();
    a.observe(ev(T0, { action: 'logon', user: 'RGH\\WS-ED-001$', srcIp: '10.20.11.2', logonType: 3 }));
    a.observe(ev(T0, { action: 'logon', user: 'eve', srcIp: '203.0.113.9', logonType: 10 }));
    expect(a.at('10.20.11.2', T0 + 1000).user).toBeUndefined();
    a.observe(
      ev(T0 + 1000, { action: 'logon', user: 'dlee', srcIp: '10.20.11.2', logonType: 2, host: 'ws-ed-001' }),
    );
    expect(a.at('10.20.11.2', T0 + H)).toMatchObject({ user: 'dlee' });
    expect(a.at('10.20.11.2', T0 + 11 * H).user).toBeUndefined();
    expect(a.at('10.20.11.2', T0 - 1).user).toBeUndefined();
  });

  it("learns static addresses from Kerberos: a machine account names the machine, a person's TGT the person", () => {
    const a = new AddressAttribution();
    a.observe(
      ev(T0, { action: 'tgt_request', user: 'WS-ICU-034$', srcIp: '10.20.12.35', method: 'Kerberos' }),
    );
    a.observe(ev(T0 + 60_000, { action: 'tgt_request', user: 'ianderson', srcIp: '10.20.12.35' }));
    a.observe(
      ev(T0 + 60_000, { action: 'tgt_request', user: 'eve', srcIp: '10.20.12.36', outcome: 'failure' }),
    );
    const got = a.at('10.20.12.35', T0 + H);
    expect(got).toMatchObject({ user: 'ianderson', host: 'ws-icu-034' });
    const why = AddressAttribution.explain('10.20.12.35', got) ?? '';
    expect(why).toContain('10.20.12.35 was used by the machine account of ws-icu-034');
    expect(why).toContain('ianderson requested a Kerberos ticket from 10.20.12.35');
    expect(a.at('10.20.12.36', T0 + H).user).toBeUndefined();
  });

  it('snapshots and restores its intervals', () => {
    const a = new AddressAttribution();
    a.observe(lease(T0, '10.40.1.9', 'lt-x'));
    a.observe(consoleLogon(T0 + 1, 'zed', 'lt-x'));
    const b = new AddressAttribution();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.at('10.40.1.9', T0 + H)).toEqual(a.at('10.40.1.9', T0 + H));
    expect(hostKey('WS-ED-001.rgh.local')).toBe('ws-ed-001');
    expect(hostKey('10.0.0.1')).toBe('10.0.0.1');
  });
});
