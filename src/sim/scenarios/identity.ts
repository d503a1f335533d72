/**
 * Identity scenarios (issue 7): password guessing in its forms, suspicious remote access, dormant and new
 * accounts, privilege escalation, Kerberos roasting, lateral movement, and stolen credentials used from a new
 * machine, with a new authentication method, or on a weekend.
 */
import { DOMAIN } from '../emit.js';
import { addressIn, externalAddress, FOREIGN_PLACES, HOME_PLACES, TRAVEL_PLACES } from '../places.js';
import type { SimRecord } from '../record.js';
import type { Injected, ScenarioContext, ScenarioDef } from '../scenario.js';
import { homePlaceOf, vpnOf } from '../activity.js';
import { isWeekend, onShift, randomPlace, SERVERS, shiftStart, type Staff } from '../world.js';
import { DAY, HOUR, inShiftOf, MIN, pickStaff } from './pick.js';

function span(events: SimRecord[], entities: Injected['entities'], note?: string): Injected {
  const times = events.map((e) => e.time);
  return {
    start: Math.min(...times),
    end: Math.max(...times) + 1000,
    entities,
    events,
    ...(note ? { note } : {}),
  };
}

/** An unknown internal address (a rogue laptop on a clinical subnet). */
function rogueIp(ctx: ScenarioContext): string {
  return `10.20.${ctx.rng.pick(ctx.world.depts).subnet}.${ctx.rng.int(251, 254)}`;
}

function accounts(ctx: ScenarioContext, n: number): Staff[] {
  return ctx.rng.sample(
    ctx.world.staff.filter((s) => !s.dormant),
    n,
  );
}

/** A former employee's account: in the directory, never used during the period. */
function dormantAccount(ctx: ScenarioContext): Staff {
  const base = pickStaff(ctx, ['nurse', 'billing']);
  const n = ctx.world.staff.length + 1;
  const s: Staff = {
    ...base,
    id: `pr-${String(n).padStart(4, '0')}`,
    given: 'Dana',
    family: 'Whitfield',
    user: `dwhitfield${n}`,
    dormant: true,
    home: randomPlace(ctx.rng),
    workstation: { host: `ws-old-${n}`, ip: `10.20.${base.dept.subnet}.249` },
    roam: [],
  };
  ctx.world.staff.push(s);
  return s;
}

/**
 * `at` moved to a day ≥ `first` at the same time of day, when the run has such a day: the behaviours that are
 * new only against a person's habits need days of history first.
 */
function afterDays(ctx: ScenarioContext, at: number, first: number): number {
  const { start, days } = ctx.world;
  const day = Math.floor((at - start) / DAY);
  if (day >= first || days <= first) return at;
  return at + (ctx.rng.int(first, days - 1) - day) * DAY;
}

/**
 * A moment in `s`'s own working hours on a day they work, day `first` or later, keeping `at`'s day when it is
 * one: only the behaviour under test is new, not the day or the hour.
 */
function workMoment(ctx: ScenarioContext, s: Staff, at: number, first: number): number {
  const { start, days } = ctx.world;
  const day = Math.floor((at - start) / DAY);
  // inShiftOf puts a night shift at 2 a.m., which belongs to the shift that began the evening before.
  const next = s.shift === 'night' ? 1 : 0;
  const workdays = Array.from({ length: days }, (_, d) => d).filter(
    (d) => d >= first && d + next < days && onShift(s, d, shiftStart(s.shift)),
  );
  if (workdays.length === 0) return inShiftOf(s, afterDays(ctx, at, first));
  const d = workdays.includes(day) ? day : ctx.rng.pick(workdays);
  return inShiftOf(s, at + (d + next - day) * DAY);
}

/** A fresh Windows install's default computer name (`DESKTOP-` and seven letters and digits). */
function defaultPcName(ctx: ScenarioContext): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let name = 'DESKTOP-';
  for (let i = 0; i < 7; i++) name += abc[ctx.rng.int(0, abc.length - 1)] ?? 'X';
  return name;
}

/** An NTLM network logon: the DC validates the credentials (4776), the server logs 4624 type 3 with NTLM V2. */
function ntlmLogon(ctx: ScenarioContext, t: number, user: string, host: string, ip: string, from: string) {
  return [
    ctx.emit.ntlmValidation(t - 200, user, from),
    ctx.emit.winLogon(t, user, host, ip, 3, true, undefined, from, 'NTLM'),
  ];
}

/** Nothing injected: this run cannot hold the instance (see Injected.skipped). */
function skipped(at: number, why: string): Injected {
  return { start: at, end: at, entities: {}, events: [], skipped: why };
}

export const IDENTITY_SCENARIOS: ScenarioDef[] = [
  {
    type: 'auth_bruteforce',
    family: 'identity',
    detectors: ['auth.bruteforce'],
    description:
      'many password guesses against one account (sshd from the internet, or Windows from a rogue host)',
    inject(ctx, at) {
      const events: SimRecord[] = [];
      if (ctx.rng.chance(0.5)) {
        const ip = externalAddress(ctx.rng);
        const user = ctx.rng.pick(['root', 'admin', 'ubuntu']);
        for (let k = ctx.rng.int(30, 60); k > 0; k--)
          events.push(
            ctx.emit.sshd(
              at + k * ctx.rng.int(4, 12) * 1000,
              SERVERS.jump.host,
              `Failed password for ${user} from ${ip} port ${ctx.rng.int(30000, 60000)} ssh2`,
            ),
          );
        return span(events, { srcIp: ip, user, host: SERVERS.jump.host });
      }
      const ip = rogueIp(ctx);
      const victim = pickStaff(ctx, ['physician', 'it_admin']);
      for (let k = ctx.rng.int(25, 50); k > 0; k--)
        events.push(
          ctx.emit.winLogon(
            at + k * ctx.rng.int(5, 15) * 1000,
            victim.user,
            SERVERS.fileServer.host,
            ip,
            3,
            false,
          ),
        );
      return span(events, { srcIp: ip, user: victim.user });
    },
  },
  {
    type: 'auth_spray_fast',
    family: 'identity',
    detectors: ['auth.spray'],
    description: 'one password tried against many accounts within minutes',
    inject(ctx, at) {
      const ip = rogueIp(ctx);
      const events = accounts(ctx, ctx.rng.int(15, 30)).map((s, k) =>
        ctx.rng.chance(0.5)
          ? ctx.emit.winLogon(at + k * 15_000, s.user, SERVERS.fileServer.host, ip, 3, false)
          : ctx.emit.preauthFailed(at + k * 15_000, s.user, ip),
      );
      return span(events, { srcIp: ip });
    },
  },
  {
    type: 'auth_spray_slow',
    family: 'identity',
    detectors: ['auth.spray'],
    description: 'low-and-slow spraying: one try per account every 20–40 minutes over hours',
    inject(ctx, at) {
      const ip = rogueIp(ctx);
      let t = at;
      const events = accounts(ctx, ctx.rng.int(20, 28)).map((s) =>
        ctx.emit.winLogon((t += ctx.rng.int(20, 40) * MIN), s.user, SERVERS.fileServer.host, ip, 3, false),
      );
      return span(events, { srcIp: ip });
    },
  },
  {
    type: 'auth_credential_stuffing',
    family: 'identity',
    detectors: ['auth.credential_stuffing'],
    description: 'leaked username/password pairs tried against the SSL VPN from a few botnet addresses',
    inject(ctx, at) {
      const ips = Array.from({ length: ctx.rng.int(3, 6) }, () => externalAddress(ctx.rng));
      const names = [
        ...accounts(ctx, 10).map((s) => s.user),
        ...Array.from({ length: 30 }, (_, i) => `user${ctx.rng.int(100, 999)}${i}`),
      ];
      const events = names.flatMap((u, k) =>
        ctx.emit.vpnLogin(
          at + k * ctx.rng.int(20, 60) * 1000,
          'fortigate',
          u,
          ctx.rng.pick(ips),
          'NL',
          false,
          '',
        ),
      );
      return span(events, { srcIp: ips[0] }, `${ips.length} addresses: ${ips.join(' ')}`);
    },
  },
  {
    type: 'auth_success_after_failures',
    family: 'identity',
    detectors: ['auth.success_after_failures', 'auth.bruteforce'],
    description: 'guessing against one account that ends in a successful logon',
    inject(ctx, at) {
      const ip = rogueIp(ctx);
      const victim = pickStaff(ctx, ['nurse', 'billing']);
      const events: SimRecord[] = [];
      const n = ctx.rng.int(15, 30);
      for (let k = 0; k < n; k++)
        events.push(ctx.emit.winLogon(at + k * 10_000, victim.user, SERVERS.fileServer.host, ip, 3, false));
      events.push(
        ctx.emit.winLogon(at + n * 10_000 + 5000, victim.user, SERVERS.fileServer.host, ip, 3, true),
      );
      return span(events, { srcIp: ip, user: victim.user });
    },
  },
  {
    type: 'auth_impossible_travel',
    family: 'identity',
    detectors: ['auth.impossible_travel'],
    description: 'VPN sessions from home and from another continent 40 minutes apart',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['physician', 'billing', 'it_admin']);
      const home = ctx.rng.pick(HOME_PLACES);
      const far = ctx.rng.pick(FOREIGN_PLACES);
      const t = Math.floor(at / DAY) * DAY + 19 * HOUR;
      const events = [
        ...ctx.emit.vpnLogin(
          t,
          'fortigate',
          s.user,
          addressIn(ctx.rng, home),
          home.country,
          true,
          '10.8.1.20',
        ),
        ...ctx.emit.vpnLogin(
          t + 40 * MIN,
          'fortigate',
          s.user,
          addressIn(ctx.rng, far),
          far.country,
          true,
          '10.8.1.21',
        ),
      ];
      return span(events, { user: s.user }, `${home.city} → ${far.city}`);
    },
  },
  {
    type: 'auth_concurrent_sessions',
    family: 'identity',
    detectors: ['auth.concurrent_sessions'],
    description:
      'a VPN session from home, and while it is open a second one from another provider in the same country',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['physician', 'billing', 'nurse']);
      const home = ctx.rng.pick(HOME_PLACES.filter((p) => p.prefix === '73.145' || p.prefix === '71.87'));
      const other = ctx.rng.pick(TRAVEL_PLACES.filter((p) => p.prefix === '107.77'));
      const t = Math.floor(at / DAY) * DAY + 19 * HOUR;
      const events = [
        ...ctx.emit.vpnLogin(
          t,
          'fortigate',
          s.user,
          addressIn(ctx.rng, home),
          home.country,
          true,
          '10.8.1.40',
        ),
        ...ctx.emit.vpnLogin(
          t + ctx.rng.int(10, 50) * MIN,
          'fortigate',
          s.user,
          addressIn(ctx.rng, other),
          other.country,
          true,
          '10.8.1.41',
        ),
      ];
      return span(events, { user: s.user }, `${home.city} and ${other.city} at once`);
    },
  },
  {
    type: 'auth_new_country',
    family: 'identity',
    detectors: ['auth.new_country'],
    description: 'a remote-access session from a country the user never connected from',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['physician', 'billing']);
      const far = ctx.rng.pick(FOREIGN_PLACES);
      const ip = addressIn(ctx.rng, far);
      const events = ctx.emit.vpnLogin(at, 'globalprotect', s.user, ip, far.country, true, '10.8.2.30');
      return span(events, { user: s.user, srcIp: ip }, far.city);
    },
  },
  {
    type: 'auth_off_hours',
    family: 'identity',
    detectors: ['auth.off_hours'],
    description: 'a day-shift office user logs on remotely to a server at 3 a.m.',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'registration']);
      const t = Math.floor(at / DAY) * DAY + 3 * HOUR + ctx.rng.int(0, 50) * MIN;
      const srv = ctx.rng.pick(ctx.world.memberServers);
      const events = [
        ctx.emit.tgt(t - 1000, s.user, '10.8.3.40'),
        ctx.emit.winLogon(t, s.user, srv.host, '10.8.3.40', 10, true),
      ];
      return span(events, { user: s.user, host: srv.host });
    },
  },
  {
    type: 'auth_dormant_account',
    family: 'identity',
    detectors: ['auth.dormant_account'],
    description: 'an account unused for the whole period suddenly logs on',
    inject(ctx, at) {
      const s = dormantAccount(ctx);
      const ip = rogueIp(ctx);
      const events = [
        ctx.emit.tgt(at, s.user, ip),
        ctx.emit.winLogon(at + 2000, s.user, SERVERS.fileServer.host, ip, 3, true),
      ];
      return span(events, { user: s.user, srcIp: ip });
    },
  },
  {
    type: 'auth_create_and_use',
    family: 'identity',
    detectors: ['auth.create_and_use'],
    description: 'an account is created and logs on minutes later',
    inject(ctx, at) {
      const admin = pickStaff(ctx, ['it_admin']);
      const user = `svc-${ctx.rng.hex(4)}`;
      const ip = rogueIp(ctx);
      const events = [
        ctx.emit.accountChange(at, 4720, admin.user, user),
        ctx.emit.tgt(at + 4 * MIN, user, ip),
        ctx.emit.winLogon(at + 4 * MIN + 2000, user, ctx.rng.pick(ctx.world.memberServers).host, ip, 3, true),
      ];
      return span(events, { user });
    },
  },
  {
    type: 'auth_privilege_escalation',
    family: 'identity',
    detectors: ['auth.privilege_escalation'],
    description:
      'a non-admin account is added to Domain Admins / Administrators and then logs on with special privileges',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'billing', 'registration']);
      const events = [
        ctx.emit.accountChange(at, 4728, s.user, s.user, 'Domain Admins'),
        ctx.emit.accountChange(at + 20_000, 4732, s.user, s.user, 'Administrators'),
        ctx.emit.winLogon(at + 5 * MIN, s.user, SERVERS.dc.host, s.workstation.ip, 3, true),
        ctx.emit.specialLogon(at + 5 * MIN + 10, s.user, SERVERS.dc.host),
      ];
      return span(events, { user: s.user });
    },
  },
  {
    type: 'auth_kerberoast',
    family: 'identity',
    detectors: ['auth.kerberoast'],
    description: 'RC4 service tickets requested for many service principals within minutes',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'billing']);
      const spns = ctx.world.memberServers
        .slice(0, ctx.rng.int(15, 24))
        .map((m, i) => (i % 2 === 0 ? `MSSQLSvc/${m.host}.rgh.local:1433` : `HTTP/${m.host}.rgh.local`));
      const events = spns.map((spn, k) =>
        ctx.emit.serviceTicket(at + k * 3000, s.user, s.workstation.ip, spn, '0x17'),
      );
      return span(events, { user: s.user, srcIp: s.workstation.ip });
    },
  },
  {
    type: 'auth_asrep_roast',
    family: 'identity',
    detectors: ['auth.asrep_roast'],
    description: 'TGTs without pre-authentication (RC4) for several accounts from one address',
    inject(ctx, at) {
      const ip = rogueIp(ctx);
      const events = accounts(ctx, ctx.rng.int(5, 10)).map((s, k) =>
        ctx.emit.tgt(at + k * 2000, s.user, ip, '0x0', '0x17', '0'),
      );
      return span(events, { srcIp: ip });
    },
  },
  {
    type: 'auth_lateral_movement',
    family: 'identity',
    detectors: ['auth.lateral_movement'],
    description: 'one account logs on over the network to many servers within half an hour',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'physician']);
      const targets = ctx.rng.sample(ctx.world.memberServers, ctx.rng.int(10, 18));
      const events = targets.map((m, k) =>
        ctx.emit.winLogon(at + k * ctx.rng.int(60, 120) * 1000, s.user, m.host, s.workstation.ip, 3, true),
      );
      return span(events, { user: s.user, srcIp: s.workstation.ip }, `${targets.length} hosts`);
    },
  },
  {
    type: 'auth_lateral_chain',
    family: 'identity',
    detectors: ['auth.lateral_chain'],
    description:
      'one account hops workstation → server → server → server, each logon from the host reached before',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'nurse', 'physician']);
      const hops = ctx.rng.sample(ctx.world.memberServers, ctx.rng.int(3, 4));
      let from = s.workstation;
      let t = at;
      const events: SimRecord[] = [];
      for (const h of hops) {
        events.push(
          ctx.emit.winLogon(t, s.user, h.host, from.ip, ctx.rng.pick([3, 10]), true, undefined, from.host),
        );
        from = h;
        t += ctx.rng.int(3, 20) * MIN;
      }
      return span(events, { user: s.user, host: hops[hops.length - 1]!.host }, `${hops.length} hops`);
    },
  },
  {
    type: 'auth_preauth_storm',
    family: 'identity',
    detectors: ['auth.preauth_storm'],
    description: 'one password sprayed across the domain from many infected workstations, one try each',
    inject(ctx, at) {
      const victims = accounts(ctx, ctx.rng.int(30, 45));
      const events = victims.map((s, k) => {
        const dept = ctx.rng.pick(ctx.world.depts);
        const ip = `10.20.${dept.subnet}.${ctx.rng.int(2, 250)}`;
        return ctx.emit.preauthFailed(at + k * ctx.rng.int(20, 80) * 1000, s.user, ip);
      });
      return span(events, { host: SERVERS.dc.host }, `${victims.length} accounts`);
    },
  },
  {
    type: 'auth_new_network',
    family: 'identity',
    detectors: ['auth.new_network'],
    description:
      'a user who works from home every evening logs on from a cloud server in the same country (stolen password)',
    spanDays: 4,
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'physician', 'it_admin']);
      const home = ctx.rng.pick(HOME_PLACES);
      const evening = Math.floor(at / DAY) * DAY + 19 * HOUR;
      // The habit: two sessions from home on each of three evenings (ordinary activity, not evidence).
      for (let d = 0; d < 3; d++)
        for (const h of [0, 2])
          ctx.emit.vpnLogin(
            evening + d * DAY + h * HOUR + ctx.rng.int(0, 40) * MIN,
            'fortigate',
            s.user,
            addressIn(ctx.rng, home),
            home.country,
            true,
            '10.8.2.60',
          );
      const cloud = `64.225.${ctx.rng.int(1, 254)}.${ctx.rng.int(1, 254)}`;
      const t = evening + 3 * DAY + ctx.rng.int(0, 40) * MIN;
      const events = ctx.emit.vpnLogin(t, 'fortigate', s.user, cloud, 'US', true, '10.8.2.61');
      return span(events, { user: s.user, srcIp: cloud }, 'cloud provider, same country');
    },
  },
];

/**
 * Habit scenarios (a new machine, a weaker method, a weekend): listed after every other family in
 * `SCENARIOS` so that adding them left the earlier scenarios' random draws — and so their instances — as
 * they were.
 */
export const IDENTITY_HABIT_SCENARIOS: ScenarioDef[] = [
  {
    type: 'auth_new_device',
    family: 'identity',
    detectors: ['auth.new_device'],
    description:
      "an established user's stolen password used from a machine the person never uses: another department's workstation, or an unknown DESKTOP-… PC logging on to servers",
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'physician', 'billing', 'registration', 'pharmacist']);
      // During the person's own working hours, after two days of their habits: only the machine is new.
      const t = workMoment(ctx, s, at, 2);
      if (ctx.rng.chance(0.5)) {
        // At the keyboard of a PC of another kind of department (a billing PC for an ICU nurse, a ward PC for a
        // billing clerk): floating and roaming never take anyone there.
        const others = ctx.world.staff.filter((o) => !o.dormant && o.dept.clinical !== s.dept.clinical);
        const ws = (others.length > 0 ? ctx.rng.pick(others) : s).workstation;
        const events = [
          ctx.emit.tgt(t - 1500, s.user, ws.ip),
          ctx.emit.winLogon(t, s.user, ws.host, ws.ip, 2, true),
        ];
        ctx.emit.winLogoff(t + ctx.rng.int(10, 40) * MIN, s.user, ws.host, 2);
        return span(events, { user: s.user, host: ws.host }, `${s.dept.code} ${s.role} at ${ws.host}`);
      }
      // A machine that is not domain-joined (so NTLM, with its default name) on an unknown address.
      const pc = defaultPcName(ctx);
      const ip = rogueIp(ctx);
      const targets = [SERVERS.fileServer, ...ctx.rng.sample(ctx.world.memberServers, ctx.rng.int(0, 2))];
      const events = targets.flatMap((m, k) =>
        ntlmLogon(ctx, t + k * ctx.rng.int(1, 10) * MIN, s.user, m.host, ip, pc),
      );
      return span(
        events,
        { user: s.user, srcIp: ip },
        `from ${pc} to ${targets.map((m) => m.host).join(' ')}`,
      );
    },
  },
  {
    type: 'auth_new_method',
    family: 'identity',
    detectors: ['auth.new_method'],
    description:
      'pass-the-hash: NTLM network logons for a user whose network logons are Kerberos; or an SSH admin who always uses a key logs in with a password',
    inject(ctx, at) {
      if (ctx.rng.chance(0.5)) {
        const s = pickStaff(ctx, ['it_admin']);
        const t = workMoment(ctx, s, at, 2);
        const port = ctx.rng.int(40000, 60000);
        const events = [
          ctx.emit.sshd(
            t,
            SERVERS.jump.host,
            `Accepted password for ${s.user} from ${s.workstation.ip} port ${port} ssh2`,
          ),
        ];
        ctx.emit.sshd(
          t + ctx.rng.int(5, 40) * MIN,
          SERVERS.jump.host,
          `Disconnected from user ${s.user} ${s.workstation.ip} port ${port}`,
        );
        return span(events, { user: s.user, host: SERVERS.jump.host }, 'password instead of publickey');
      }
      // The hash taken from the user's own workstation and replayed from it: same machine, same hours, only
      // the package differs (NTLM where the domain-joined PC always used Kerberos). Radiology is left out: its
      // PACS logons are NTLM every day.
      const s = pickStaff(ctx, ['nurse', 'billing', 'registration', 'pharmacist', 'it_admin']);
      const t = workMoment(ctx, s, at, 2);
      const targets = ctx.rng.sample([SERVERS.fileServer, ...ctx.world.memberServers], ctx.rng.int(1, 3));
      const events = targets.flatMap((m, k) =>
        ntlmLogon(ctx, t + k * ctx.rng.int(1, 5) * MIN, s.user, m.host, s.workstation.ip, s.workstation.host),
      );
      return span(
        events,
        { user: s.user, srcIp: s.workstation.ip },
        `NTLM to ${targets.map((m) => m.host).join(' ')}`,
      );
    },
  },
  {
    type: 'auth_off_hours_weekend',
    family: 'identity',
    detectors: ['auth.off_hours'],
    description:
      'a weekday-only office user logs on (at the office or by VPN) on a weekend at their usual daytime hour, after a weekend the department was quiet',
    inject(ctx, at) {
      const { days, start } = ctx.world;
      const all = Array.from({ length: days }, (_, d) => d);
      const first = all.find(isWeekend);
      const later = first === undefined ? [] : all.filter((d) => d > first && isWeekend(d));
      if (later.length === 0) return skipped(at, 'no weekend day after the first one in this run');
      const s = pickStaff(ctx, ['billing', 'registration']);
      const d0 = start + ctx.rng.pick(later) * DAY;
      const home = homePlaceOf(s);
      if (s.remote && home && ctx.rng.chance(0.5)) {
        const t = d0 + ctx.rng.int(8, 11) * HOUR + ctx.rng.int(0, 59) * MIN;
        const events = ctx.emit.vpnLogin(
          t,
          vpnOf(s),
          s.user,
          addressIn(ctx.rng, home),
          home.country,
          true,
          `10.8.3.${ctx.rng.int(60, 90)}`,
        );
        return span(events, { user: s.user }, `${new Date(t).toUTCString().slice(0, 3)} by VPN`);
      }
      // In the office at the usual start of the day shift.
      const t = d0 + shiftStart(s.shift) * HOUR + ctx.rng.int(-10, 30) * MIN;
      const events = [
        ctx.emit.tgt(t - 2000, s.user, s.workstation.ip),
        ctx.emit.winLogon(t, s.user, s.workstation.host, s.workstation.ip, 2, true),
      ];
      ctx.emit.winLogoff(t + ctx.rng.int(2, 5) * HOUR, s.user, s.workstation.host, 2);
      return span(
        events,
        { user: s.user, host: s.workstation.host },
        `${new Date(t).toUTCString().slice(0, 3)} at ${s.workstation.host}`,
      );
    },
  },
];

/** The domain-qualified form some sources use. */
export function qualified(user: string): string {
  return `${DOMAIN}\\${user}`;
}
