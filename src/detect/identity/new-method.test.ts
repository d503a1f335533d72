/**
 * auth.new_method on hand-made logon histories: downgrades (Kerberos → NTLM, SSH keys → password, VPN SAML →
 * LDAP password) alert once with reasons naming both methods; upgrades, thin histories and methods normal for
 * the department stay quiet; the account adopts a method it keeps using; snapshot/restore changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../../model/index.js';
import { DAY, HOUR, identityConfigSchema } from './common.js';
import type { PartContext } from './common.js';
import { createIdentity } from './index.js';
import { newMethod } from './new-method.js';

const T0 = Date.UTC(2026, 0, 5);
let seq = 0;

function ev(p: Partial<WardEvent> & { time: number }): WardEvent {
  return {
    id: `m${++seq}`,
    source: 't',
    format: 't',
    class: 'authentication',
    outcome: 'success',
    action: 'logon',
    ...p,
  };
}
/** A Windows network logon (4624 type 3) to the file server. */
function win(time: number, user: string, method: string, lm?: string, keyLength?: string): WardEvent {
  const attrs: Record<string, string> = { workstation: `WS-${user.toUpperCase()}` };
  if (lm !== undefined) attrs.lmPackage = lm;
  if (keyLength !== undefined) attrs.keyLength = keyLength;
  return ev({ time, user: `HOSP\\${user}`, host: 'fs01', logonType: 3, method, srcIp: '10.1.2.3', attrs });
}
function ssh(time: number, user: string, method: string): WardEvent {
  return ev({ time, user, host: 'db01', app: 'sshd', method, srcIp: '10.9.0.4' });
}
/** `per` logons a day for `days` days from `from` (days since T0), during office hours. */
function habit(make: (t: number) => WardEvent, days: number, per = 3, from = 0, offset = 0): WardEvent[] {
  const out: WardEvent[] = [];
  for (let d = from; d < from + days; d++)
    for (let i = 0; i < per; i++) out.push(make(T0 + d * DAY + 8 * HOUR + i * HOUR + offset * 60_000));
  return out;
}
/** Drive the part directly; `peers` maps accounts to departments; learned after one day. */
function drive(events: WardEvent[], peers: Record<string, string> = {}): Alert[] {
  const part = newMethod();
  const ctx: PartContext = {
    cfg: identityConfigSchema.parse({}),
    origin: () => undefined,
    peer: (a) => peers[a],
    role: () => undefined,
    viaVpn: () => false,
    leaver: () => false,
    start: T0,
    learned: (t) => t - T0 >= DAY,
  };
  const out: Alert[] = [];
  for (const e of [...events].sort((a, b) => a.time - b.time)) part.handle(e, ctx, (a) => out.push(a));
  return out;
}
/** Six colleagues who log on by Kerberos every day: the organisation's normal. */
function colleagues(days: number): WardEvent[] {
  return Array.from({ length: 6 }, (_, i) =>
    habit((t) => win(t, `col${i}`, 'Kerberos'), days, 2, 0, i + 1),
  ).flat();
}

describe('auth.new_method', () => {
  it('alerts once when a Kerberos-only account logs on over the network by NTLM (pass-the-hash)', () => {
    const pth = win(T0 + 10 * DAY + 14 * HOUR, 'alice', 'NTLM', 'NTLM V2', '0');
    const again = win(T0 + 10 * DAY + 15 * HOUR, 'alice', 'ntlm', 'NTLM V2');
    const alerts = drive([...colleagues(11), ...habit((t) => win(t, 'alice', 'Kerberos'), 10), pth, again]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.detector).toBe('auth.new_method');
    expect(a.events).toEqual([pth.id]);
    expect(a.entities).toMatchObject({ user: 'alice', host: 'fs01', srcIp: '10.1.2.3' });
    expect(a.attack).toContain('T1550.002');
    expect(a.score).toBe(60); // 55 + 5 for KeyLength 0
    const text = a.reasons.join(' ');
    expect(text).toContain('NTLM V2');
    expect(text).toContain('Kerberos (30 logons since 2026-01-05');
    expect(text).toContain('0 of 6 other accounts in the organisation use NTLM V2');
    expect(text).toContain('KeyLength 0');
  });

  it('alerts when an SSH admin who only used keys logs on by password', () => {
    const pw = ssh(T0 + 8 * DAY + 22 * HOUR, 'opsadmin', 'password');
    const alerts = drive([...habit((t) => ssh(t, 'opsadmin', 'publickey'), 8), pw]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.events).toEqual([pw.id]);
    expect(alerts[0]?.attack).toEqual(['T1078', 'T1110']);
    expect(alerts[0]?.reasons.join(' ')).toMatch(/by password \(SSH logons\).*publickey \(24 logons/);
  });

  it('alerts on a password-only VPN logon after SAML, naming the gateway', () => {
    const gp = (t: number, m: string): WardEvent =>
      ev({
        time: t,
        user: 'nurse.b',
        srcIp: '198.51.100.20',
        method: m,
        attrs: { gateway: 'globalprotect' },
      });
    const alerts = drive([...habit((t) => gp(t, 'SAML'), 6, 2), gp(T0 + 7 * DAY, 'LDAP')]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.attack).toEqual(['T1078', 'T1133']);
    expect(alerts[0]?.title).toContain('VPN logons through globalprotect');
    expect(alerts[0]?.reasons.join(' ')).toContain('by LDAP');
  });

  it('only learns a stronger new method (password → publickey)', () => {
    const alerts = drive([
      ...habit((t) => ssh(t, 'dev1', 'password'), 8),
      ...habit((t) => ssh(t, 'dev1', 'publickey'), 3, 3, 8),
      ...habit((t) => ssh(t, 'dev1', 'keyboard-interactive/pam'), 1, 1, 11),
    ]);
    expect(alerts).toEqual([]);
  });

  it('stays quiet without enough history on the channel', () => {
    const alerts = drive([
      ...colleagues(4),
      ...habit((t) => win(t, 'bob', 'Kerberos'), 2, 6),
      win(T0 + 3 * DAY, 'bob', 'NTLM', 'NTLM V2'),
    ]);
    expect(alerts).toEqual([]);
  });

  it('stays quiet where NTLM is normal for the department, alerts for another department', () => {
    const peers: Record<string, string> = { labuser: 'lab', wardnurse: 'ward' };
    const lab: WardEvent[] = [];
    for (let i = 0; i < 7; i++) {
      peers[`lab${i}`] = 'lab';
      lab.push(...habit((t) => win(t, `lab${i}`, 'Kerberos'), 10, 1, 0, i));
      // Five of seven colleagues use a legacy lab system that only speaks NTLM.
      if (i < 5) lab.push(...habit((t) => win(t, `lab${i}`, 'NTLM', 'NTLM V2'), 10, 1, 0, 30 + i));
    }
    for (let i = 0; i < 6; i++) {
      peers[`ward${i}`] = 'ward';
      lab.push(...habit((t) => win(t, `ward${i}`, 'Kerberos'), 10, 1, 0, 40 + i));
    }
    const alerts = drive(
      [
        ...lab,
        ...habit((t) => win(t, 'labuser', 'Kerberos'), 10),
        ...habit((t) => win(t, 'wardnurse', 'Kerberos'), 10),
        win(T0 + 10 * DAY + 9 * HOUR, 'labuser', 'NTLM', 'NTLM V2'),
        win(T0 + 10 * DAY + 9 * HOUR, 'wardnurse', 'NTLM', 'NTLM V2'),
      ],
      peers,
    );
    expect(alerts.map((a) => a.entities.user)).toEqual(['wardnurse']);
    expect(alerts[0]?.reasons.join(' ')).toContain('0 of 6 other accounts in department ward');
  });

  it('judges NTLM by the destination: quiet at a legacy NTLM-only server, alerts at one that sees only Kerberos', () => {
    const to = (host: string, e: WardEvent): WardEvent => ({ ...e, host });
    const peers: Record<string, string> = { dave: 'card', erin: 'card' };
    const events: WardEvent[] = [];
    for (let i = 0; i < 6; i++) {
      peers[`card${i}`] = 'card';
      events.push(...habit((t) => win(t, `card${i}`, 'Kerberos'), 10, 1, 0, i));
      // Most of the department reads images on the PACS, which only speaks NTLM.
      if (i < 4)
        events.push(...habit((t) => to('pacs01', win(t, `card${i}`, 'NTLM', 'NTLM V2')), 10, 1, 0, 20 + i));
    }
    const pacs = to('pacs01', win(T0 + 10 * DAY + 9 * HOUR, 'dave', 'NTLM', 'NTLM V2'));
    const pth = to('srv16', win(T0 + 10 * DAY + 10 * HOUR, 'erin', 'NTLM', 'NTLM V2'));
    const alerts = drive(
      [
        ...events,
        ...habit((t) => win(t, 'dave', 'Kerberos'), 10),
        ...habit((t) => win(t, 'erin', 'Kerberos'), 10),
        ...habit((t) => to('srv16', win(t, `card${t % 6}`, 'Kerberos')), 10, 3, 0, 50),
        pacs,
        pth,
      ],
      peers,
    );
    expect(alerts.map((a) => a.events)).toEqual([[pth.id]]);
    expect(alerts[0]?.reasons.join(' ')).toContain('srv16 received 0% of its last 30 Windows network logons');
  });

  it('adopts a method the account keeps using, and forgets it after 90 days unused', () => {
    const alerts = drive([
      ...colleagues(130),
      ...habit((t) => win(t, 'carol', 'Kerberos'), 130, 2),
      ...habit((t) => win(t, 'carol', 'NTLM', 'NTLM V2'), 21, 1, 10, 300),
      win(T0 + 125 * DAY + 16 * HOUR, 'carol', 'NTLM', 'NTLM V2'),
    ]);
    expect(alerts.map((a) => new Date(a.time).toISOString().slice(0, 10))).toEqual([
      '2026-01-15',
      '2026-05-10',
    ]);
  });

  it('never throws on odd methods and ignores logons without one', () => {
    const odd = ['-', '', '  ', 'NTLM V2', 'ntlm', 'Negotiate', 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0'];
    const events = [
      ...colleagues(8),
      ...habit((t) => win(t, 'dan', 'Kerberos'), 8),
      ...odd.map((m, i) => win(T0 + 8 * DAY + i * 60_000, 'dan', m, i === 0 ? 'weird' : undefined)),
      ev({ time: T0 + 9 * DAY, user: 'dan', logonType: 3 }),
      ev({ time: T0 + 9 * DAY, user: 'dan', logonType: 3, method: 42 as unknown as string }),
      ev({ time: T0 + 9 * DAY, logonType: 3, method: 'NTLM' }),
      ev({ time: T0 + 9 * DAY, user: 'dan', logonType: 5, method: 'NTLM' }),
    ];
    expect(() => drive(events)).not.toThrow();
    // The first NTLM-family logon alerts; the other spellings are the same method, already pending.
    expect(drive(events)).toHaveLength(1);
  });

  it('gives the same alerts through the identity family after snapshot and restore', () => {
    const events = [
      ...colleagues(12),
      ...habit((t) => win(t, 'alice', 'Kerberos'), 12),
      ...habit((t) => ssh(t, 'opsadmin', 'publickey'), 12),
      win(T0 + 11 * DAY + 14 * HOUR + 30_000, 'alice', 'NTLM', 'NTLM V1'),
      ssh(T0 + 11 * DAY + 23 * HOUR, 'opsadmin', 'keyboard-interactive/pam'),
    ].sort((a, b) => a.time - b.time);
    const mine = (a: Alert): boolean => a.detector === 'auth.new_method';
    const whole: Alert[] = [];
    const fam = createIdentity();
    for (const e of events) fam.handle(e, (a) => whole.push(a));
    const cut = events.findIndex((e) => e.time >= T0 + 11 * DAY);
    const first = createIdentity();
    const split: Alert[] = [];
    for (const e of events.slice(0, cut)) first.handle(e, (a) => split.push(a));
    const second = createIdentity();
    second.restore(JSON.parse(JSON.stringify(first.snapshot())));
    for (const e of events.slice(cut)) second.handle(e, (a) => split.push(a));
    expect(whole.filter(mine)).toHaveLength(2);
    expect(split.filter(mine)).toEqual(whole.filter(mine));
    expect(whole.filter(mine).map((a) => a.score)).toEqual([62, 55]);
  });
});
