import { describe, expect, it } from 'vitest';
import type { SimRecord } from './record.js';
import type { TruthRecord } from './scenario.js';
import { assignIds, simulate, truthOf, type Simulation } from './simulate.js';

const DAY = 86_400_000;
const TYPES = ['auth_new_device', 'auth_new_method', 'auth_off_hours_weekend'];

/** A week (Monday to Sunday) with a few instances of each new type. */
function run(
  days: number,
  count = 4,
): { sim: Simulation; truth: TruthRecord[]; byId: Map<string, SimRecord> } {
  const sim = simulate({
    seed: 3,
    staff: 90,
    patients: 300,
    days,
    scenarios: Object.fromEntries(TYPES.map((t) => [t, count])),
  });
  const byId = new Map<string, SimRecord>();
  for (const list of assignIds(sim).values()) for (const r of list) byId.set(r.id ?? '', r);
  return { sim, truth: truthOf(sim), byId };
}

const week = run(7);

function win(r: SimRecord | undefined): { eventId: number; computer: string; data: Record<string, string> } {
  expect(r?.file).toBe('windows');
  return r?.data as { eventId: number; computer: string; data: Record<string, string> };
}

function records(t: TruthRecord): SimRecord[] {
  return t.events.map((id) => week.byId.get(id)).filter((r): r is SimRecord => r !== undefined);
}

function dayOf(time: number): number {
  return Math.floor((time - week.sim.world.start) / DAY);
}

describe('auth_new_device', () => {
  const found = week.truth.filter((t) => t.type === 'auth_new_device');

  it('logs the user on from a machine of another department or an unknown DESKTOP-… PC, after two days', () => {
    expect(found.length).toBe(4);
    let desk = 0;
    let foreign = 0;
    for (const t of found) {
      const s = week.sim.world.staff.find((x) => x.user === t.entities.user);
      expect(s, t.id).toBeDefined();
      if (!s) continue;
      const recs = records(t);
      expect(recs.length, t.id).toBe(t.events.length);
      expect(dayOf(recs[0]?.time ?? 0), t.id).toBeGreaterThanOrEqual(2);
      const logons = recs.map(win).filter((w) => w.eventId === 4624);
      expect(logons.length, t.id).toBeGreaterThan(0);
      for (const l of logons) {
        if (l.data.LogonType === '3') {
          desk++;
          expect(l.data.WorkstationName).toMatch(/^DESKTOP-[A-Z0-9]{7}$/);
          expect(l.data.IpAddress).toBe(t.entities.srcIp);
          expect(l.data.IpAddress).not.toBe(s.workstation.ip);
        } else {
          foreign++;
          expect(l.data.LogonType).toBe('2');
          const host = l.computer.split('.')[0] ?? '';
          expect(host).toBe(t.entities.host);
          // A PC of another kind of department: never the person's own, roaming or floating stations.
          const owner = week.sim.world.staff.find((x) => x.workstation.host === host);
          expect(owner?.dept.clinical).not.toBe(s.dept.clinical);
        }
      }
    }
    expect(desk + foreign).toBeGreaterThan(0);
  });
});

describe('auth_new_method', () => {
  const found = week.truth.filter((t) => t.type === 'auth_new_method');

  it('replays an NTLM hash from the user’s own PC, or logs an SSH key user on with a password', () => {
    expect(found.length).toBe(4);
    for (const t of found) {
      const recs = records(t);
      expect(dayOf(recs[0]?.time ?? 0), t.id).toBeGreaterThanOrEqual(2);
      if (recs[0]?.file === 'sshd') {
        const msg = (recs[0].data as { msg: string }).msg;
        expect(msg).toMatch(new RegExp(`^Accepted password for ${t.entities.user ?? ''} from `));
        continue;
      }
      const logons = recs.map(win).filter((w) => w.eventId === 4624);
      expect(logons.length, t.id).toBeGreaterThan(0);
      for (const l of logons)
        expect(l.data).toMatchObject({
          LogonType: '3',
          AuthenticationPackageName: 'NTLM',
          LmPackageName: 'NTLM V2',
          LogonProcessName: 'NtLmSsp',
          IpAddress: t.entities.srcIp,
        });
      expect(recs.map(win).some((w) => w.eventId === 4776)).toBe(true);
    }
  });

  it('picks users whose own network logons before were all Kerberos, and SSH users who used keys', () => {
    for (const t of found) {
      const first = Math.min(...records(t).map((r) => r.time));
      const before = week.sim.records.records.filter((r) => r.time < first && !t.events.includes(r.id ?? ''));
      if (records(t)[0]?.file === 'sshd') {
        const mine = before.filter(
          (r) => r.file === 'sshd' && (r.data as { msg: string }).msg.startsWith(`Accepted `),
        );
        const own = mine.filter((r) =>
          (r.data as { msg: string }).msg.includes(` for ${t.entities.user ?? ''} `),
        );
        expect(own.length, t.id).toBeGreaterThan(0);
        for (const r of own) expect((r.data as { msg: string }).msg).toContain('Accepted publickey');
        continue;
      }
      const net = before
        .filter((r) => r.file === 'windows')
        .map(win)
        .filter(
          (w) => w.eventId === 4624 && w.data.LogonType === '3' && w.data.TargetUserName === t.entities.user,
        );
      expect(net.length, t.id).toBeGreaterThan(0);
      for (const w of net) expect(w.data.AuthenticationPackageName, t.id).toBe('Kerberos');
    }
  });
});

describe('auth_off_hours_weekend', () => {
  it('logs a weekday-only office user on at a daytime hour on a weekend day after the first one', () => {
    const found = week.truth.filter((t) => t.type === 'auth_off_hours_weekend');
    expect(found.length).toBe(4);
    for (const t of found) {
      const s = week.sim.world.staff.find((x) => x.user === t.entities.user);
      expect(s?.weekends, t.id).toBe(false);
      const recs = records(t);
      expect(recs.length).toBeGreaterThan(0);
      for (const r of recs) {
        // The week starts on a Monday: Saturday is day 5 and the department's quiet one; Sunday is day 6.
        expect(dayOf(r.time), t.id).toBe(6);
        expect(new Date(r.time).getUTCDay()).toBe(0);
        const hour = new Date(r.time).getUTCHours();
        expect(hour).toBeGreaterThanOrEqual(6);
        expect(hour).toBeLessThan(12);
      }
      const logon = recs.find((r) => r.file === 'windows' && win(r).eventId === 4624);
      if (logon) expect(win(logon).data.LogonType).toBe('2');
      else expect(recs[0]?.file).toBe('fortigate');
    }
  });

  it('is skipped, not misplaced, when the run has no weekend day after the first', () => {
    const short = run(6, 1);
    expect(short.truth.filter((t) => t.type === 'auth_off_hours_weekend')).toEqual([]);
    expect(short.truth.filter((t) => t.type === 'auth_new_device').length).toBe(1);
  });
});

describe('background habits', () => {
  const truthIds = new Set(week.truth.flatMap((t) => t.events));
  const normal = week.sim.records.records
    .filter((r) => r.file === 'windows' && !truthIds.has(r.id ?? ''))
    .map(win);

  it('authenticates most network logons with Kerberos; NTLM stays for PACS and the phones at mail01', () => {
    const net = normal.filter((w) => w.eventId === 4624 && w.data.LogonType === '3');
    const kerberos = net.filter((w) => w.data.AuthenticationPackageName === 'Kerberos');
    expect(net.length).toBeGreaterThan(500);
    expect(kerberos.length / net.length).toBeGreaterThan(0.8);
    for (const w of kerberos)
      expect(w.data).toMatchObject({
        LogonProcessName: 'Kerberos',
        LmPackageName: '-',
        WorkstationName: '-',
      });
    for (const w of net.filter((x) => x.data.AuthenticationPackageName === 'NTLM'))
      expect(['pacs01.rgh.local', 'mail01.rgh.local']).toContain(w.computer);
  });

  it('has nurses log on at several workstations of their unit, and now and then at another unit’s', () => {
    const nurses = week.sim.world.staff.filter((s) => s.role === 'nurse' && !s.dormant);
    const hostsOf = new Map<string, Set<string>>();
    for (const w of normal)
      if (w.eventId === 4624 && w.data.LogonType === '2') {
        let set = hostsOf.get(w.data.TargetUserName ?? '');
        if (!set) hostsOf.set(w.data.TargetUserName ?? '', (set = new Set()));
        set.add(w.computer.split('.')[0] ?? '');
      }
    const counts = nurses.map((s) => hostsOf.get(s.user)?.size ?? 0);
    const several = counts.filter((n) => n >= 2).length;
    expect(several / nurses.length).toBeGreaterThan(0.7);
    let otherUnit = 0;
    for (const s of nurses) {
      const prefix = `ws-${s.dept.code.toLowerCase()}-`;
      for (const h of hostsOf.get(s.user) ?? []) if (!h.startsWith(prefix)) otherUnit++;
    }
    expect(otherUnit).toBeGreaterThan(0);
    expect(otherUnit).toBeLessThan(nurses.length);
  });

  it('has IT admins log on to many servers and use SSH keys', () => {
    const admins = week.sim.world.staff.filter((s) => s.role === 'it_admin' && !s.dormant);
    for (const a of admins) {
      const servers = new Set(
        normal
          .filter((w) => w.eventId === 4624 && w.data.LogonType === '3' && w.data.TargetUserName === a.user)
          .map((w) => w.computer),
      );
      expect(servers.size, a.user).toBeGreaterThanOrEqual(5);
    }
    const ssh = week.sim.records.records
      .filter((r) => r.file === 'sshd' && !truthIds.has(r.id ?? ''))
      .map((r) => (r.data as { msg: string }).msg)
      .filter((m) => m.startsWith('Accepted '));
    expect(ssh.length).toBeGreaterThan(0);
    for (const m of ssh) expect(m).toMatch(/^Accepted publickey /);
  });
});
