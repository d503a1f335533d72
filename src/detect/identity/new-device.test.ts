/**
 * auth.new_device on a small hospital: ICU nurses on their unit's workstations, billing clerks on theirs, an
 * IT admin everywhere. Stolen credentials typed on another department's PC or used from a machine nobody
 * built are found; roaming inside a unit, floats colleagues also make, and rovers stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { ContextIndex } from '../../context/index.js';
import type { Alert, ContextRecord, WardEvent } from '../../model/index.js';
import { createIdentity } from './index.js';
import { deviceGroup } from './new-device.js';

const T0 = Date.UTC(2026, 0, 5);
const H = 3_600_000;
const D = 24 * H;
let seq = 0;

function logon(time: number, user: string, p: Partial<WardEvent>): WardEvent {
  return {
    id: `d${++seq}`,
    source: 't',
    format: 't',
    class: 'authentication',
    action: 'logon',
    outcome: 'success',
    time,
    user,
    ...p,
  };
}
/** Sitting at `host`. */
const at = (time: number, user: string, host: string): WardEvent => logon(time, user, { host, logonType: 2 });
/** A network logon to `server` from workstation `ws` at `ip`. */
const net = (time: number, user: string, server: string, ws: string | undefined, ip: string): WardEvent =>
  logon(time, user, { host: server, logonType: 3, srcIp: ip, ...(ws ? { attrs: { workstation: ws } } : {}) });

function hospital(): ContextIndex {
  const ctx = new ContextIndex();
  const person = (id: string, org: string, role: string): void => {
    const recs: ContextRecord[] = [
      { kind: 'practitioner', ref: `Practitioner/${id}`, source: 't', identifiers: [`urn:acct|${id}`] },
      {
        kind: 'practitioner_role',
        ref: `PractitionerRole/${id}`,
        source: 't',
        practitioners: [`Practitioner/${id}`],
        organization: `Organization/${org}`,
        codes: [role],
      },
    ];
    for (const r of recs) ctx.add(r);
  };
  for (let i = 0; i < 6; i++) person(`nurse${i}`, 'icu', 'nurse');
  for (let i = 0; i < 4; i++) person(`w3nurse${i}`, 'ward3', 'nurse');
  for (let i = 0; i < 4; i++) person(`clerk${i}`, 'billing', 'billing');
  person('admin', 'it', 'it');
  return ctx;
}

/** Six days of shifts: nurses rotate over four ICU workstations and reach the file server from them. */
function normalLife(days = 6): WardEvent[] {
  const out: WardEvent[] = [];
  for (let d = 0; d < days; d++) {
    const day = T0 + d * D;
    for (let i = 0; i < 6; i++) {
      const ws = `WS-ICU-00${(i + d) % 4}`;
      out.push(at(day + 7 * H + i * 60_000, `nurse${i}`, ws));
      out.push(net(day + 9 * H + i * 60_000, `nurse${i}`, 'fs01', ws, `10.20.5.${10 + ((i + d) % 4)}`));
    }
    for (let i = 0; i < 4; i++) {
      out.push(at(day + 8 * H + i * 60_000, `clerk${i}`, `WS-BILL-00${i}`));
      out.push(net(day + 10 * H + i * 60_000, `clerk${i}`, 'fs01', `WS-BILL-00${i}`, `10.20.9.${10 + i}`));
    }
    // The IT admin works from five groups of machines.
    for (const h of ['WS-IT-001', 'SRV-APP-01', 'SRV-DB-01', 'WS-LAB-002', 'WS-BILL-003'])
      out.push(at(day + 11 * H, 'admin', h));
  }
  return out;
}

function run(events: WardEvent[]): Alert[] {
  const fam = createIdentity(undefined, { context: hospital() });
  const out: Alert[] = [];
  for (const e of [...events].sort((a, b) => a.time - b.time)) fam.handle(e, (a) => out.push(a));
  return out.filter((a) => a.detector === 'auth.new_device');
}

const LATER = T0 + 6 * D + 14 * H;

describe('auth.new_device', () => {
  it('groups machines by name without the trailing number, addresses by /24', () => {
    expect(deviceGroup({ name: 'ws-icu-012' })).toBe('ws-icu');
    expect(deviceGroup({ name: 'icupc12' })).toBe('icupc');
    expect(deviceGroup({ name: 'desktop-7f3k2qx' })).toBe('desktop-7f3k2qx');
    expect(deviceGroup({ addr: '10.20.5.77' })).toBe('10.20.5.0/24');
  });

  it("alerts when an ICU nurse's account is used at a billing PC, naming the groups and the colleagues", () => {
    const a = run([...normalLife(), at(LATER, 'nurse2', 'WS-BILL-002')]);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ entities: { user: 'nurse2', host: 'ws-bill-002' }, score: 50 });
    const text = a[0]!.reasons.join(' | ');
    expect(text).toContain('ws-icu (4 machines)');
    expect(text).toContain(
      'no colleague in their department icu and no other nurse elsewhere has used a machine of the group ws-bill',
    );
    expect(text).toMatch(/\(\d users of other departments have\)/);
  });

  it('alerts on network logons from a machine nobody built, and names the default name', () => {
    const a = run([...normalLife(), net(LATER, 'nurse4', 'fs01', 'DESKTOP-7F3K2QX', '10.20.5.251')]);
    expect(a).toHaveLength(1);
    expect(a[0]?.score).toBe(65);
    expect(a[0]?.reasons.join(' ')).toContain('never seen in the organisation');
    expect(a[0]?.reasons.join(' ')).toContain("Windows' default naming");
  });

  it('stays quiet inside the unit, on floats where the same role works, for rovers on known machines and for newcomers', () => {
    const events = normalLife();
    // Ward 3's nurses work on its four workstations: an ICU nurse floating there follows other nurses.
    for (let d = 0; d < 6; d++)
      for (let i = 0; i < 4; i++) events.push(at(T0 + d * D + 7 * H, `w3nurse${i}`, `WS-W3-00${i}`));
    events.push(
      at(LATER, 'nurse3', 'WS-ICU-007'), // a new workstation of the unit
      at(LATER + H, 'nurse5', 'WS-W3-003'), // a float to a unit where nurses work
      at(LATER + 2 * H, 'admin', 'WS-ICU-001'), // the rover on a known machine
      at(LATER + 3 * H, 'newstarter', 'WS-BILL-001'), // no history yet
      net(LATER + 4 * H, 'nurse2', 'fs01', undefined, '10.20.9.50'), // only an address, in a busy subnet
    );
    expect(run(events)).toEqual([]);
  });

  it('does not call a machine that writes its own log unknown: a new laptop of the user is quiet', () => {
    const a = run([
      ...normalLife(),
      at(LATER, 'clerk1', 'LT-BILL-900'),
      at(LATER + H, 'clerk1', 'LT-BILL-900'),
    ]);
    expect(a).toEqual([]);
  });

  it('knows a new hospital laptop on the VPN by its name, but not a home PC', () => {
    const vpn = (time: number, user: string, device: string): WardEvent =>
      logon(time, user, { host: 'gp01', srcIp: '73.145.1.2', attrs: { gateway: 'globalprotect', device } });
    const events = normalLife();
    // Nurses and clerks take the hospital's laptops home.
    for (let d = 0; d < 6; d++)
      for (const [i, u] of ['nurse0', 'nurse1', 'clerk0', 'clerk1'].entries())
        events.push(vpn(T0 + d * D + 20 * H + i * 60_000, u, `RGH-LT10${i}`));
    events.push(vpn(LATER, 'nurse3', 'RGH-LT364'), vpn(LATER + H, 'nurse4', 'DESKTOP-Q7W2ZPA'));
    const a = run(events);
    expect(a.map((x) => x.entities.host)).toEqual(['desktop-q7w2zpa']);
  });

  it('leaves a home computer behind a VPN tunnel to the place detectors', () => {
    const tunnel = logon(LATER - 60_000, 'nurse2', {
      host: 'fgt',
      srcIp: '73.145.1.2',
      attrs: { gateway: 'fortigate', tunnelIp: '10.212.134.72' },
    });
    const rdp = logon(LATER, 'nurse2', {
      host: 'ctx01',
      logonType: 10,
      srcIp: '10.212.134.72',
      attrs: { workstation: 'DESKTOP-1I1K23C' },
    });
    expect(run([...normalLife(), tunnel, rdp])).toEqual([]);
  });

  it('still alerts for a rover on an unknown machine, once, then learns it', () => {
    const a = run([
      ...normalLife(),
      net(LATER, 'admin', 'srv-db-01', 'KALI', '10.20.5.200'),
      net(LATER + H, 'admin', 'srv-db-01', 'KALI', '10.20.5.200'),
      net(LATER + D, 'admin', 'srv-app-01', 'KALI', '10.20.5.200'),
    ]);
    expect(a.map((x) => x.entities.host)).toEqual(['kali']);
  });

  it('gives the same alerts after snapshot and restore', () => {
    const events = [...normalLife(), at(LATER, 'nurse2', 'WS-BILL-002')].sort((x, y) => x.time - y.time);
    const whole = run(events);
    const half = Math.floor(events.length / 2);
    const first = createIdentity(undefined, { context: hospital() });
    const out: Alert[] = [];
    for (const e of events.slice(0, half)) first.handle(e, (x) => out.push(x));
    const second = createIdentity(undefined, { context: hospital() });
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    for (const e of events.slice(half)) second.handle(e, (x) => out.push(x));
    expect(out.filter((x) => x.detector === 'auth.new_device').map((x) => x.reasons)).toEqual(
      whole.map((x) => x.reasons),
    );
  });
});
