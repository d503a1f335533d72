/**
 * Ordinary life of the hospital's accounts over the window, in hospital local time (UTC−6): nurses and
 * technologists on 12-hour day or night shifts three times a week, roaming between their unit's nurse stations and
 * computers on wheels; physicians rounding on weekdays and taking call from home over the SSL-VPN at night;
 * office staff at their desks on weekdays, some working from home; IT administrators with separate `adm.`
 * accounts on servers, Linux over ssh and GlobalProtect in the evening; service accounts on their servers; and
 * the noise every domain has: typos, lock-outs from a stale password, the Monday-morning password-expiry wave,
 * new hires' accounts, staff abroad on leave still signing off results, home addresses that change.
 */
import { dnOf, subjectOf, logonData, type Account } from './emit.js';
import type { Acts } from './acts.js';
import { DOMAIN, netIn, type Host, type Person, type World } from './world.js';

const H = 3_600_000;
const MIN = 60_000;
const DAY = 24 * H;

/** Days a shift worker works: three 12-hour shifts a week, rota-shifted. */
const SHIFT_WEEK = [1, 0, 1, 0, 0, 1, 0];

function account(p: Person): Account {
  return { sam: p.sam, sid: p.sid };
}

/** Personal device name seen when someone connects from home (a family PC, or a hospital laptop). */
export function homeDevice(p: Person): string {
  let h = 0;
  for (let i = 0; i < p.sam.length; i++) h = (h * 31 + p.sam.charCodeAt(i)) >>> 0;
  if (p.role === 'it_admin' || p.role === 'manager') return `RGH-LT${String((h % 900) + 100)}`;
  return `DESKTOP-${h.toString(36).toUpperCase().padStart(7, 'K').slice(0, 7)}`;
}

/** A workstation's address on a day: a fifth of DHCP clients get a new lease now and then. */
export function ipOn(h: Host, day: number): string {
  let x = day * 131;
  for (let i = 0; i < h.name.length; i++) x = (x * 33 + h.name.charCodeAt(i)) >>> 0;
  if (h.kind === 'server' || h.kind === 'dc' || h.kind === 'linux' || x % 5 !== 0) return h.ip;
  const parts = h.ip.split('.');
  return `${parts[0]}.${parts[1]}.${parts[2]}.${100 + (x % 140)}`;
}

/** Generate ordinary activity for every account. */
export function normalLife(acts: Acts, w: World, t0: number, days: number): void {
  const rng = acts.rng;
  const helpdesk = w.people.filter((p) => p.role === 'helpdesk');
  for (const p of w.people) {
    const a = account(p);
    let home = p.home;
    const churnDay = rng.chance(0.15) ? rng.int(1, days - 1) : -1;
    for (let d = 0; d < days; d++) {
      if (p.hiredDay !== undefined && d <= p.hiredDay) continue;
      if (d === churnDay && home)
        home = netIn(rng, home.ip.split('.').slice(0, 2).join('.'), 'US', home.provider);
      const day = t0 + d * DAY;
      const weekday = d % 7 < 5; // the window starts on a Monday
      const away = p.travel && d >= p.travel.from && d <= p.travel.to;
      if (away && p.travel) {
        // Abroad: one evening session (their morning) to sign off results or approve timecards.
        if (rng.chance(0.7)) {
          const t = day + (20 + rng.int(0, 3)) * H + rng.int(0, 59) * MIN;
          vpnSession(acts, p, t, p.travel.net.ip, rng.int(15, 50));
        }
        continue;
      }
      switch (p.role) {
        case 'nurse':
        case 'agency_nurse':
        case 'tech': {
          if (!SHIFT_WEEK[(d + p.rota) % 7]) break;
          const start = day + (p.shiftNight ? 19 : 7) * H - rng.int(0, 25) * MIN;
          shift(acts, p, a, start, start + 12.5 * H, d);
          break;
        }
        case 'physician': {
          const coversWeekend = p.rota === 0;
          if (weekday || coversWeekend) {
            const start = day + 6.5 * H + rng.int(0, 90) * MIN;
            shift(acts, p, a, start, start + rng.int(9, 11) * H, d);
          }
          if ((d + p.rota) % 4 === 0 && home) {
            // On call: one to three calls in the night, answered from home (phone hotspot a third of the time).
            // One call at a time: each session ends before the next call comes in.
            let t = day + 21 * H + rng.int(0, 120) * MIN;
            for (let k = rng.int(1, 3); k > 0; k--) {
              const net = p.mobile && rng.chance(0.33) ? p.mobile : home;
              const minutes = rng.int(8, 45);
              vpnSession(acts, p, t, net.ip, minutes);
              t += (minutes + rng.int(20, 120)) * MIN;
            }
          }
          break;
        }
        case 'office':
        case 'manager':
        case 'helpdesk':
        case 'it_admin': {
          if (!weekday) {
            if (p.role === 'it_admin' && p.rota < 2 && home)
              adminEvening(acts, w, p, day + 10 * H + rng.int(0, 300) * MIN, home.ip);
            break;
          }
          const start = day + 7.5 * H + rng.int(0, 75) * MIN;
          if (p.vpn && home && p.role !== 'it_admin' && rng.chance(0.2)) {
            vpnSession(acts, p, start, home.ip, rng.int(7, 9) * 60);
            break;
          }
          shift(acts, p, a, start, start + rng.int(8, 10) * H, d);
          if (p.role === 'it_admin') {
            adminDay(acts, w, p, start, d);
            if (home && rng.chance(0.3))
              adminEvening(acts, w, p, day + 20 * H + rng.int(0, 180) * MIN, home.ip);
          }
          break;
        }
      }
    }
  }
  // New hires: the help desk creates the account and adds it to the unit's groups on the hire day.
  for (const p of w.people) {
    if (p.hiredDay === undefined || helpdesk.length === 0) continue;
    const hd = rng.pick(helpdesk);
    const t = t0 + p.hiredDay * DAY + (9 + rng.int(0, 6)) * H + rng.int(0, 59) * MIN;
    const lid = 0x5c0000 + rng.int(0, 0xffff);
    const dc = acts.dc();
    acts.logs.win(t, dc, 4720, {
      TargetUserName: p.sam,
      TargetDomainName: DOMAIN,
      TargetSid: p.sid,
      ...subjectOf({ sam: hd.sam, sid: hd.sid }, lid),
      PrivilegeList: '-',
      SamAccountName: p.sam,
      DisplayName: p.display,
      UserPrincipalName: `${p.sam}@rivergate.org`,
      UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084',
    });
    for (const g of [`GG-${p.unit.key}-Staff`, 'GG-AllStaff-VPN-Deny', 'GG-Epic-Users']) {
      acts.logs.win(t + rng.int(20, 120) * 1000, dc, 4728, {
        MemberName: dnOf(p.display, p.unit.key),
        MemberSid: p.sid,
        TargetUserName: g,
        TargetDomainName: DOMAIN,
        TargetSid: `${w.domainSid}-${3000 + g.length * 17}`,
        ...subjectOf({ sam: hd.sam, sid: hd.sid }, lid),
        PrivilegeList: '-',
      });
    }
  }
  serviceLife(acts, w, t0, days);
}

/** A shift or working day: first logon, roaming logons, drive mapping, typos, a lock-out now and then. */
function shift(acts: Acts, p: Person, a: Account, start: number, end: number, d: number): void {
  const rng = acts.rng;
  const u = p.unit;
  const own = p.desk;
  const pool = u.shared.length > 0 ? u.shared : u.desks;
  const first: Host = own && (p.role !== 'physician' || rng.chance(0.5)) ? own : rng.pick(pool);
  const ip = ipOn(first, d);
  let t = start;
  // Monday morning: passwords that expired over the weekend (90-day policy, many set on the same Monday).
  if (d % 7 === 0 && rng.chance(0.06)) {
    acts.refused(
      t - 4 * MIN,
      a,
      first,
      '0xc000006e',
      rng.chance(0.5) ? '0xc0000071' : '0xc0000224',
      '%%2309',
    );
    acts.logs.win(t - 3 * MIN, acts.dc(), 4723, {
      TargetUserName: a.sam,
      TargetDomainName: DOMAIN,
      TargetSid: a.sid,
      ...subjectOf(a, 0x3e7),
      PrivilegeList: '-',
    });
  }
  if (rng.chance(0.006)) lockout(acts, a, first, ip, t - 30 * MIN);
  if (rng.chance(0.05)) acts.typo(t - 20_000, a, first, ip);
  acts.interactive(t, a, first, ip, { fresh: true });
  acts.network(t + 20_000, a, { name: first.name, ip }, acts.world.fileServer, false);
  if (p.legacyNtlm) {
    const lis = acts.world.servers.find((s) => s.name === 'RGH-LIS-APP01') ?? acts.world.fileServer;
    acts.network(t + 90_000, a, { name: first.name, ip }, lis, true);
  }
  let last = first;
  const gap = own && p.role !== 'physician' ? [60, 180] : [20, 75];
  for (
    t += rng.int(gap[0] ?? 20, gap[1] ?? 75) * MIN;
    t < end - 10 * MIN;
    t += rng.int(gap[0] ?? 20, gap[1] ?? 75) * MIN
  ) {
    let ws: Host;
    if (own && p.role !== 'physician') ws = own;
    else if (p.role === 'physician' && rng.chance(0.3)) {
      const other = rng.pick(acts.world.units.filter((x) => x.clinical));
      ws = rng.pick(other.shared.length > 0 ? other.shared : other.desks);
    } else ws = rng.pick(pool);
    const wip = ipOn(ws, d);
    if (rng.chance(0.03)) acts.typo(t - 15_000, a, ws, wip);
    if (ws.kind === 'thin_client') {
      const ctx = rng.pick(acts.world.citrix);
      acts.remote(t, a, { name: ws.name, ip: wip }, ctx);
    } else acts.interactive(t, a, ws, wip, { fresh: false, type: ws === last ? 7 : 2 });
    if (ws !== last && ws.kind !== 'thin_client') acts.logoff(t + rng.int(5, 40) * MIN, a, ws);
    last = ws;
  }
  if (last.kind !== 'thin_client') acts.logoff(end, a, last);
}

/** Five or more typos with an old password (phone mail client, mapped drive): lock-out, then a help-desk unlock. */
function lockout(acts: Acts, a: Account, ws: Host, ip: string, t: number): void {
  const rng = acts.rng;
  for (let k = 0; k < 6; k++) acts.typo(t + k * rng.int(8, 40) * 1000, a, ws, ip);
  const dc = acts.dc();
  acts.logs.win(t + 4 * MIN, dc, 4740, {
    TargetUserName: a.sam,
    TargetDomainName: ws.name,
    TargetSid: a.sid,
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: `${dc.name}$`,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: '0x3e7',
  });
  acts.refused(t + 5 * MIN, a, ws, '0xc0000234', '0x0', '%%2307');
  const hd = acts.world.people.find((x) => x.role === 'helpdesk');
  if (hd)
    acts.logs.win(t + rng.int(12, 25) * MIN, dc, 4767, {
      TargetUserName: a.sam,
      TargetDomainName: DOMAIN,
      TargetSid: a.sid,
      ...subjectOf({ sam: hd.sam, sid: hd.sid }, 0x5d0000 + rng.int(0, 0xffff)),
      PrivilegeList: '-',
    });
}

/** Working from home or on call: SSL-VPN (SAML, user as UPN), then Citrix or the desk PC over RDP. */
export function vpnSession(acts: Acts, p: Person, t: number, remip: string, minutes: number): void {
  const rng = acts.rng;
  const a = account(p);
  const group = p.role === 'physician' ? 'SSLVPN-Clinicians-SAML' : 'SSLVPN-Staff-SAML';
  const { ip } = acts.forti(t, `${p.sam}@rivergate.org`, group, remip, minutes);
  const device = homeDevice(p);
  const target = p.desk && rng.chance(0.4) ? p.desk : rng.pick(acts.world.citrix);
  acts.remote(t + rng.int(30, 120) * 1000, a, { name: device, ip }, target);
}

/** IT admin working hours: admin account on servers (RDP, network, privileges), ssh by key to Linux. */
function adminDay(acts: Acts, w: World, p: Person, start: number, d: number): void {
  const rng = acts.rng;
  if (!p.admin || !p.adminSid || !p.desk) return;
  const adm: Account = { sam: p.admin, sid: p.adminSid };
  const src = { name: p.desk.name, ip: ipOn(p.desk, d) };
  const todays = rng.sample(w.servers, rng.int(2, 6));
  let t = start + rng.int(20, 90) * MIN;
  for (const s of todays) {
    if (rng.chance(0.6)) acts.remote(t, adm, src, s, true);
    else acts.network(t, adm, src, s, false, true);
    t += rng.int(10, 70) * MIN;
  }
  for (const l of rng.sample(w.linux, rng.int(1, 3))) {
    acts.ssh(t, l, p.sam, src.ip, 'publickey', rng.int(5, 60));
    t += rng.int(10, 60) * MIN;
  }
}

/** Evening or weekend admin work: GlobalProtect from home (SAML, hospital laptop), then a server or two. */
function adminEvening(acts: Acts, w: World, p: Person, t: number, homeIp: string): void {
  const rng = acts.rng;
  if (!p.admin || !p.adminSid) return;
  const { ip } = acts.globalProtect(
    t,
    p.sam,
    { ip: homeIp, country: 'US' },
    homeDevice(p),
    'SAML',
    rng.int(20, 90),
  );
  const adm: Account = { sam: p.admin, sid: p.adminSid };
  for (const s of rng.sample(w.servers, rng.int(1, 2)))
    acts.remote(t + rng.int(2, 10) * MIN, adm, { name: homeDevice(p), ip }, s, true);
  if (rng.chance(0.5))
    acts.ssh(t + rng.int(5, 20) * MIN, rng.pick(w.linux), p.sam, ip, 'publickey', rng.int(5, 30));
}

/** Service accounts: a service logon at start-up each night, hourly network logons to their back ends. */
function serviceLife(acts: Acts, w: World, t0: number, days: number): void {
  const rng = acts.rng;
  for (const s of w.services) {
    const a: Account = { sam: s.sam, sid: s.sid };
    for (let d = 0; d < days; d++) {
      const day = t0 + d * DAY;
      acts.logs.win(
        day + 3 * H + rng.int(0, 30) * MIN,
        s.runsOn,
        4624,
        logonData(a, s.runsOn, 5, 'Negotiate', {}, 0x4e0000 + rng.int(0, 0xffff)),
      );
      for (let h = 0; h < 24; h += 2) {
        const target = rng.pick(s.talksTo);
        const t = day + h * H + rng.int(0, 110) * MIN;
        acts.tgs(
          t - 300,
          a,
          `${target.service ?? 'cifs'}/${target.fqdn}`,
          s.runsOn.ip,
          s.rc4 ? '0x17' : '0x12',
        );
        acts.logs.win(
          t,
          target,
          4624,
          logonData(
            a,
            target,
            3,
            'Kerberos',
            { ip: s.runsOn.ip, port: rng.int(49152, 65535) },
            0x4f0000 + rng.int(0, 0xffff),
          ),
        );
      }
    }
  }
  // Monitoring over ssh: the Nagios host checks each Linux server every half hour with its key.
  const mon = w.linux.find((l) => l.name === 'rgh-monitor01');
  if (mon)
    for (let d = 0; d < days; d++)
      for (let k = 0; k < 48; k++)
        for (const l of w.linux) {
          if (l === mon || rng.chance(0.5)) continue;
          acts.ssh(t0 + d * DAY + k * 30 * MIN + rng.int(0, 60) * 1000, l, 'nagios', mon.ip, 'publickey', 1);
        }
}
