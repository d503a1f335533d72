/**
 * Injected identity attacks, each with the detector Ward should raise (`type`), the entities involved and the
 * records it left. Built from how these attacks look in real logs (public incident write-ups, the event
 * reference), placed at random times in the window — the first day included: attackers do not wait for a
 * baseline. Sources: residential-proxy, VPS and Tor exit address space (real public ranges), compromised
 * workstations inside.
 */
import type { Rng } from '../random.js';
import type { Acts } from './acts.js';
import { ipOn, homeDevice } from './life.js';
import {
  dnOf,
  logonData,
  ntlmData,
  preauthFailData,
  subjectOf,
  tgtData,
  type Account,
  type Entry,
} from './emit.js';
import { DOMAIN, FQDN, type Host, type Person, type World } from './world.js';

/** Every injected type, named by the Ward detector id expected to find it. */
export const IDENTITY_CASE_TYPES = [
  'auth.bruteforce',
  'auth.spray',
  'auth.success_after_failures',
  'auth.credential_stuffing',
  'auth.impossible_travel',
  'auth.new_country',
  'auth.new_network',
  'auth.concurrent_sessions',
  'auth.off_hours',
  'auth.new_device',
  'auth.new_method',
  'auth.dormant_account',
  'auth.create_and_use',
  'auth.privilege_escalation',
  'auth.kerberoast',
  'auth.asrep_roast',
  'auth.preauth_storm',
  'auth.lateral_movement',
  'auth.lateral_chain',
] as const;

/** One injected type. */
export type IdentityCaseType = (typeof IDENTITY_CASE_TYPES)[number];

/** One injected attack. */
export interface IdentityCase {
  type: IdentityCaseType;
  entries: Entry[];
  entities: { user?: string; srcIp?: string; host?: string };
  note: string;
}

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

/** Attack infrastructure: [prefix, country, what]. */
const HOSTILE: [string, string, string][] = [
  ['95.165', 'RU', 'MGTS broadband (residential proxy)'],
  ['5.188.62', 'RU', 'Petersburg Internet Network VPS'],
  ['45.141.84', 'RU', 'Media Land bulletproof hosting'],
  ['41.190', 'NG', 'MTN mobile'],
  ['177.70', 'BR', 'Brazilian ISP'],
  ['185.220.101', 'DE', 'Tor exit'],
  ['185.213.154', 'SE', 'commercial VPN'],
];
const US_HOSTING: [string, string][] = [
  ['45.55', 'DigitalOcean'],
  ['3.85', 'Amazon AWS'],
];

function ipFrom(rng: Rng, prefix: string): string {
  const parts = prefix.split('.').length;
  let s = prefix;
  for (let k = parts; k < 4; k++) s += `.${k === 3 ? rng.int(2, 254) : rng.int(0, 255)}`;
  return s;
}

function acct(p: Person): Account {
  return { sam: p.sam, sid: p.sid };
}

const FAKE_FIRST = [
  'john',
  'mary',
  'admin',
  'test',
  'jsmith',
  'info',
  'sales',
  'mike',
  'sarah',
  'david',
  'lisa',
  'chris',
];

/** Inject `perType` instances of each type. */
export function injectAttacks(
  acts: Acts,
  w: World,
  t0: number,
  days: number,
  perType: number,
): IdentityCase[] {
  const rng = acts.rng;
  const out: IdentityCase[] = [];
  const span = days * DAY;
  const anyTime = (margin = 3 * H): number => t0 + rng.int(0, Math.floor((span - margin) / MIN)) * MIN;
  const staff = w.people.filter((p) => p.hiredDay === undefined);
  const vpnUsers = staff.filter((p) => p.vpn && p.home && !p.travel && p.role !== 'it_admin');
  const withDesk = staff.filter((p) => p.desk && p.role !== 'it_admin');
  const clinicalHosts = w.units.flatMap((u) => u.shared);
  const dormantPool = [...w.dormant];
  const hostile = (): { ip: string; cc: string } => {
    const [pre, cc] = rng.pick(HOSTILE);
    return { ip: ipFrom(rng, pre), cc };
  };
  const insideHost = (): { p: Person; ws: Host; ip: string; d: number; t: number } => {
    const p = rng.pick(withDesk);
    const t = anyTime();
    const d = Math.floor((t - t0) / DAY);
    const ws = p.desk as Host;
    return { p, ws, ip: ipOn(ws, d), d, t };
  };

  for (let k = 0; k < perType; k++) {
    for (const type of IDENTITY_CASE_TYPES) {
      const e: Entry[] = [];
      switch (type) {
        case 'auth.bruteforce': {
          if (k % 2 === 0) {
            const victim = rng.pick(vpnUsers);
            const src = hostile();
            let t = anyTime();
            for (let n = rng.int(40, 150); n > 0; n--, t += rng.int(5, 40) * 1000)
              e.push(acts.fortiFail(t, `${victim.sam}@rivergate.org`, 'SSLVPN-Staff-SAML', src.ip));
            out.push({
              type,
              entries: e,
              entities: { user: victim.sam, srcIp: src.ip },
              note: `VPN password guessing on one account from ${src.cc}`,
            });
          } else {
            const inside = insideHost();
            const victim = rng.pick(staff);
            let t = inside.t;
            for (let n = rng.int(30, 90); n > 0; n--, t += rng.int(2, 15) * 1000) {
              e.push(
                acts.logs.win(t, acts.dc(), 4776, ntlmData(victim.sam, inside.ws.name, '0xc000006a'), true),
              );
              e.push(
                acts.logs.win(
                  t + 30,
                  w.fileServer,
                  4625,
                  logonData(
                    acct(victim),
                    w.fileServer,
                    3,
                    'NTLM',
                    { name: inside.ws.name, ip: inside.ip, port: rng.int(49152, 65535) },
                    0,
                    {
                      status: '0xc000006d',
                      sub: '0xc000006a',
                      reason: '%%2313',
                    },
                  ),
                  true,
                ),
              );
            }
            out.push({
              type,
              entries: e,
              entities: { user: victim.sam, srcIp: inside.ip },
              note: `SMB password guessing from ${inside.ws.name}`,
            });
          }
          break;
        }
        case 'auth.spray': {
          const src = hostile();
          const targets = rng.sample(staff, rng.int(30, Math.min(120, staff.length)));
          let t = anyTime(10 * H);
          const slow = k % 2 === 1;
          for (const v of targets) {
            e.push(acts.fortiFail(t, `${v.sam}@rivergate.org`, 'SSLVPN-Staff-SAML', src.ip));
            t += slow ? rng.int(2, 8) * MIN : rng.int(2, 12) * 1000;
          }
          out.push({
            type,
            entries: e,
            entities: { srcIp: src.ip },
            note: `${slow ? 'slow' : 'fast'} password spray on the VPN, ${targets.length} accounts`,
          });
          break;
        }
        case 'auth.success_after_failures': {
          const victim = rng.pick(vpnUsers);
          const src = hostile();
          let t = anyTime();
          for (let n = rng.int(8, 30); n > 0; n--, t += rng.int(10, 60) * 1000)
            e.push(acts.fortiFail(t, `${victim.sam}@rivergate.org`, 'SSLVPN-Staff-SAML', src.ip));
          const s = acts.forti(
            t + 30_000,
            `${victim.sam}@rivergate.org`,
            'SSLVPN-Staff-SAML',
            src.ip,
            rng.int(20, 90),
          );
          e.push(...s.entries);
          e.push(
            ...acts.remote(
              t + 2 * MIN,
              acct(victim),
              { name: 'WIN-7QK2M0D4LRT', ip: s.ip },
              rng.pick(w.citrix),
            ),
          );
          out.push({
            type,
            entries: e,
            entities: { user: victim.sam, srcIp: src.ip },
            note: 'guessed the password after failures, then a VPN session',
          });
          break;
        }
        case 'auth.credential_stuffing': {
          const src = hostile();
          let t = anyTime(4 * H);
          const n = rng.int(60, 180);
          for (let i = 0; i < n; i++, t += rng.int(3, 25) * 1000) {
            const real = rng.chance(0.1);
            const user = real
              ? rng.pick(staff).sam
              : `${rng.pick(FAKE_FIRST)}${rng.chance(0.5) ? '.' + rng.pick(['w', 'k', 'r', 'smith', 'lee']) : ''}${rng.int(0, 1) ? rng.int(70, 99) : ''}`;
            e.push(
              acts.globalProtectFail(
                t,
                user,
                { ip: src.ip, country: src.cc },
                'DESKTOP-' + String(rng.int(1000, 9999)),
                'LDAP',
              ),
            );
          }
          out.push({
            type,
            entries: e,
            entities: { srcIp: src.ip },
            note: `${n} breached credential pairs against the GlobalProtect portal`,
          });
          break;
        }
        case 'auth.impossible_travel':
        case 'auth.new_country':
        case 'auth.new_network':
        case 'auth.concurrent_sessions': {
          const victim = rng.pick(vpnUsers);
          const home = victim.home?.ip ?? '73.45.1.1';
          let src: string;
          let what: string;
          if (type === 'auth.new_network') {
            const [pre, prov] = rng.pick(US_HOSTING);
            src = ipFrom(rng, pre);
            what = `a logon from ${prov} (US) for a user who connects from home`;
          } else {
            const h = hostile();
            src = h.ip;
            what = `a logon from ${h.cc}`;
          }
          let t = anyTime();
          const upn = `${victim.sam}@rivergate.org`;
          if (type === 'auth.impossible_travel' || type === 'auth.concurrent_sessions') {
            const own = acts.forti(
              t,
              upn,
              'SSLVPN-Staff-SAML',
              home,
              type === 'auth.concurrent_sessions' ? 180 : 25,
            );
            acts.remote(t + MIN, acct(victim), { name: homeDevice(victim), ip: own.ip }, rng.pick(w.citrix));
            const gap = rng.int(30, 100);
            t += gap * MIN;
            if (type === 'auth.concurrent_sessions') {
              const [pre, prov] = rng.pick(US_HOSTING);
              src = ipFrom(rng, pre);
              what = `a second VPN session from ${prov} while the user's own session from home is up`;
            } else what += ` ${gap} minutes after a logon from home in the US`;
          }
          const s = acts.forti(t, upn, 'SSLVPN-Staff-SAML', src, rng.int(15, 70));
          e.push(...s.entries);
          e.push(
            ...acts.remote(
              t + MIN,
              acct(victim),
              { name: 'DESKTOP-' + String(rng.int(100000, 999999)), ip: s.ip },
              rng.pick(w.citrix),
            ),
          );
          out.push({ type, entries: e, entities: { user: victim.sam, srcIp: src }, note: what });
          break;
        }
        case 'auth.off_hours': {
          const p = rng.pick(withDesk.filter((x) => x.role === 'office'));
          const d = rng.int(0, days - 1);
          const sat = Math.floor(d / 7) * 7 + 5;
          const day = t0 + (sat < days && rng.chance(0.5) ? sat : d) * DAY;
          const t = day + rng.int(120, 250) * MIN;
          const ws = p.desk as Host;
          const ip = ipOn(ws, Math.floor((t - t0) / DAY));
          e.push(...acts.interactive(t, acct(p), ws, ip, { fresh: true }));
          for (const s of rng.sample(w.servers.slice(0, 4), 3))
            e.push(...acts.network(t + rng.int(2, 20) * MIN, acct(p), { name: ws.name, ip }, s));
          out.push({
            type,
            entries: e,
            entities: { user: p.sam, host: ws.fqdn },
            note: 'office worker at their desk PC between 02:00 and 06:00',
          });
          break;
        }
        case 'auth.new_device': {
          const p = rng.pick(staff.filter((x) => x.role === 'nurse' || x.role === 'office'));
          const t = anyTime();
          const rogue = `LAPTOP-${String.fromCharCode(65 + rng.int(0, 25))}${rng.int(100, 999)}QX${rng.int(1, 9)}`;
          const ip = `10.44.${rng.int(60, 90)}.${rng.int(100, 200)}`;
          e.push(acts.logs.win(t - 200, acts.dc(), 4776, ntlmData(p.sam, rogue, '0x0')));
          for (const s of [w.fileServer, rng.pick(w.servers)])
            e.push(...acts.network(t + rng.int(0, 10) * MIN, acct(p), { name: rogue, ip }, s, true));
          e.push(...acts.remote(t + 12 * MIN, acct(p), { name: rogue, ip }, rng.pick(w.citrix)));
          out.push({
            type,
            entries: e,
            entities: { user: p.sam, host: rogue },
            note: `an unmanaged laptop ${rogue} on a clinical VLAN`,
          });
          break;
        }
        case 'auth.new_method': {
          if (k % 2 === 0) {
            const p = rng.pick(withDesk.filter((x) => !x.legacyNtlm));
            const t = anyTime();
            const ws = p.desk as Host;
            const ip = ipOn(ws, Math.floor((t - t0) / DAY));
            for (const s of rng.sample(w.servers.slice(0, 6), 3))
              e.push(...acts.network(t + rng.int(0, 15) * MIN, acct(p), { name: ws.name, ip }, s, true));
            out.push({
              type,
              entries: e,
              entities: { user: p.sam, srcIp: ip },
              note: 'NTLM network logons by an account that only ever used Kerberos (pass-the-hash)',
            });
          } else {
            const admin = rng.pick(w.people.filter((x) => x.role === 'it_admin'));
            const t = anyTime();
            const ip = `10.40.${rng.int(40, 70)}.${rng.int(100, 200)}`;
            for (const l of rng.sample(w.linux, 2))
              e.push(...acts.ssh(t + rng.int(0, 20) * MIN, l, admin.sam, ip, 'password', rng.int(5, 30)));
            out.push({
              type,
              entries: e,
              entities: { user: admin.sam, srcIp: ip },
              note: 'ssh by password for an admin who always uses a key',
            });
          }
          break;
        }
        case 'auth.dormant_account': {
          const p = dormantPool.shift() ?? rng.pick(w.dormant);
          const t =
            t0 + Math.min(days - 1, rng.int(Math.min(3, days - 1), days - 1)) * DAY + rng.int(8, 20) * H;
          const src = hostile();
          const s = acts.forti(t, `${p.sam}@rivergate.org`, 'SSLVPN-Staff-SAML', src.ip, rng.int(20, 60));
          e.push(...s.entries);
          e.push(
            ...acts.remote(
              t + MIN,
              acct(p),
              { name: 'DESKTOP-' + String(rng.int(100000, 999999)), ip: s.ip },
              p.desk ?? rng.pick(w.citrix),
            ),
          );
          out.push({
            type,
            entries: e,
            entities: { user: p.sam, srcIp: src.ip },
            note: 'account of a leaver, unused all window, signs in over the VPN',
          });
          break;
        }
        case 'auth.create_and_use':
        case 'auth.privilege_escalation': {
          const admin = rng.pick(w.people.filter((x) => x.role === 'it_admin'));
          const actor: Account = { sam: admin.admin ?? admin.sam, sid: admin.adminSid ?? admin.sid };
          const t = anyTime();
          const dc = acts.dc();
          const lid = 0x7a0000 + rng.int(0, 0xffff);
          if (type === 'auth.create_and_use') {
            const name = rng.pick(['svc_update', 'helpdesk.temp', 'sql.backup2', 'vendor.support']);
            const na: Account = { sam: name, sid: `${w.domainSid}-${9000 + rng.int(0, 999)}` };
            e.push(
              acts.logs.win(t, dc, 4720, {
                TargetUserName: name,
                TargetDomainName: DOMAIN,
                TargetSid: na.sid,
                ...subjectOf(actor, lid),
                PrivilegeList: '-',
                SamAccountName: name,
                DisplayName: '-',
                UserPrincipalName: '-',
                UserAccountControl: '\n\t\t%%2080\n\t\t%%2082\n\t\t%%2084',
              }),
            );
            e.push(
              acts.logs.win(t + 40_000, dc, 4728, {
                MemberName: dnOf(name, 'Service Accounts'),
                MemberSid: na.sid,
                TargetUserName: 'GG-Server-Operators',
                TargetDomainName: DOMAIN,
                TargetSid: `${w.domainSid}-3311`,
                ...subjectOf(actor, lid),
                PrivilegeList: '-',
              }),
            );
            const src = { name: 'RGH-IS-PC013', ip: `10.40.${70 + rng.int(0, 1)}.${rng.int(30, 60)}` };
            e.push(acts.tgt(t + rng.int(3, 30) * MIN, na, src.ip));
            let tt = t + rng.int(5, 35) * MIN;
            for (const s of rng.sample(w.servers, 3)) {
              e.push(...acts.network(tt, na, src, s, false, true));
              tt += rng.int(1, 8) * MIN;
            }
            out.push({
              type,
              entries: e,
              entities: { user: name },
              note: `account created by ${actor.sam} and used minutes later`,
            });
          } else {
            const member = rng.pick(withDesk);
            const [code, group] = rng.pick([
              [4728, 'Domain Admins'],
              [4732, 'Administrators'],
              [4756, 'Enterprise Admins'],
            ] as const);
            e.push(
              acts.logs.win(t, dc, code, {
                MemberName: dnOf(member.display, member.unit.key),
                MemberSid: member.sid,
                TargetUserName: group,
                TargetDomainName: code === 4732 ? 'Builtin' : DOMAIN,
                TargetSid: code === 4732 ? 'S-1-5-32-544' : `${w.domainSid}-${code === 4728 ? 512 : 519}`,
                ...subjectOf(actor, lid),
                PrivilegeList: '-',
              }),
            );
            const ws = member.desk as Host;
            const ip = ipOn(ws, Math.floor((t - t0) / DAY));
            for (const s of rng.sample(w.servers, 2))
              e.push(
                ...acts.network(
                  t + rng.int(5, 40) * MIN,
                  acct(member),
                  { name: ws.name, ip },
                  s,
                  false,
                  true,
                ),
              );
            out.push({
              type,
              entries: e,
              entities: { user: member.sam },
              note: `${member.sam} (${member.role}) added to ${group}, then privileged logons`,
            });
          }
          break;
        }
        case 'auth.kerberoast': {
          const inside = insideHost();
          let t = inside.t;
          for (const s of w.services) {
            e.push(acts.tgs(t, acct(inside.p), s.sam, inside.ip, '0x17'));
            t += rng.int(50, 900);
          }
          out.push({
            type,
            entries: e,
            entities: { user: inside.p.sam, srcIp: inside.ip },
            note: `RC4 tickets for ${w.services.length} service accounts in seconds`,
          });
          break;
        }
        case 'auth.asrep_roast': {
          const inside = insideHost();
          let t = inside.t;
          const roastable = w.people.filter((x) => x.noPreauth);
          for (const v of rng.sample(staff, rng.int(8, 20))) {
            // Accounts that require pre-authentication answer KDC_ERR_PREAUTH_REQUIRED (0x19).
            e.push(
              acts.logs.win(
                t,
                acts.dc(),
                4768,
                { ...tgtData(acct(v), inside.ip, rng.int(49152, 65535), '0x19', w.domainSid) },
                true,
              ),
            );
            t += rng.int(50, 400);
          }
          for (const v of roastable) {
            e.push(acts.tgt(t, acct(v), inside.ip, '0x0', '0', '0x17'));
            t += rng.int(50, 400);
          }
          out.push({
            type,
            entries: e,
            entities: { srcIp: inside.ip, user: roastable[0]?.sam ?? '' },
            note: 'AS-REP roasting: TGTs without pre-authentication, RC4',
          });
          break;
        }
        case 'auth.preauth_storm': {
          const inside = insideHost();
          let t = inside.t;
          for (const v of rng.sample(staff, rng.int(40, Math.min(150, staff.length)))) {
            e.push(
              acts.logs.win(
                t,
                acts.dc(),
                4771,
                preauthFailData(acct(v), inside.ip, rng.int(49152, 65535)),
                true,
              ),
            );
            t += rng.int(100, 3000);
          }
          out.push({
            type,
            entries: e,
            entities: { srcIp: inside.ip },
            note: 'Kerberos pre-authentication failures for many accounts (kerbrute spray)',
          });
          break;
        }
        case 'auth.lateral_movement': {
          const inside = insideHost();
          const victim = rng.chance(0.5) ? inside.p : rng.pick(w.people.filter((x) => x.role === 'helpdesk'));
          let t = inside.t;
          const targets = rng.sample([...clinicalHosts, ...w.servers], rng.int(8, 18));
          for (const h of targets) {
            e.push(
              ...acts.network(
                t,
                acct(victim),
                { name: inside.ws.name, ip: inside.ip },
                h,
                rng.chance(0.5),
                true,
              ),
            );
            t += rng.int(1, 6) * MIN;
          }
          out.push({
            type,
            entries: e,
            entities: { user: victim.sam, srcIp: inside.ip },
            note: `network logons to ${targets.length} hosts in ${Math.round((t - inside.t) / MIN)} min`,
          });
          break;
        }
        case 'auth.lateral_chain': {
          const inside = insideHost();
          const victim = inside.p;
          let t = inside.t;
          let from = { name: inside.ws.name, ip: inside.ip };
          const hops = rng.sample(
            w.servers.filter((s) => s.kind === 'server'),
            rng.int(3, 4),
          );
          for (const h of hops) {
            e.push(...acts.remote(t, acct(victim), from, h, true));
            from = { name: h.name, ip: h.ip };
            t += rng.int(8, 30) * MIN;
          }
          out.push({
            type,
            entries: e,
            entities: { user: victim.sam, host: hops[0]?.fqdn ?? FQDN },
            note: `RDP chain ${inside.ws.name} → ${hops.map((h) => h.name).join(' → ')}`,
          });
          break;
        }
      }
    }
  }
  return out;
}
