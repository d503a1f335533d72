/**
 * The identity world of the second generator: Rivergate Regional Health, one Active Directory domain
 * (`RIVERGATE` / `ad.rivergate.org`), its units and their shared machines (nurse stations, computers on wheels,
 * thin clients into Citrix), offices, servers, two domain controllers, Linux servers reached by ssh, and two
 * remote-access gateways (FortiGate SSL-VPN for staff, GlobalProtect for IT and vendors). Staff get accounts in
 * the hospital's own scheme (`first.last`, agency staff `X` + 5 digits, separate `adm.` accounts for IT), a role
 * with a rota, and — when they work from home — a residential network of their own, drawn from real public
 * address space of US consumer ISPs (as any GeoIP database would place it).
 */
import type { Rng } from '../random.js';

/** NetBIOS domain name as Windows logs it. */
export const DOMAIN = 'RIVERGATE';
/** DNS domain (Kerberos realm in upper case). */
export const FQDN = 'ad.rivergate.org';
/** Kerberos realm. */
export const REALM = 'AD.RIVERGATE.ORG';

/** How a member of staff works. */
export type Role =
  'nurse' | 'agency_nurse' | 'physician' | 'tech' | 'office' | 'it_admin' | 'helpdesk' | 'manager';

/** A unit or office with its machines. */
export interface Unit {
  key: string;
  name: string;
  clinical: boolean;
  /** Shared machines used by whoever is on shift. */
  shared: Host[];
  /** Assigned desk PCs. */
  desks: Host[];
  /** Third octet base of the unit's VLAN (10.40.x.0/24). */
  vlan: number;
}

/** A Windows or Linux machine. */
export interface Host {
  name: string;
  fqdn: string;
  ip: string;
  kind: 'workstation' | 'thin_client' | 'server' | 'dc' | 'linux';
  /** SPN service class for ticket requests (`cifs`, `MSSQLSvc`, `HTTP`, `host`). */
  service?: string;
}

/** A home or mobile network a person connects from. */
export interface Net {
  ip: string;
  country: string;
  provider: string;
}

/** One member of staff (or a service account). */
export interface Person {
  sam: string;
  display: string;
  sid: string;
  role: Role;
  unit: Unit;
  desk?: Host;
  /** Separate privileged account for IT staff. */
  admin?: string;
  adminSid?: string;
  /** 0 = day, 1 = night for shift workers. */
  shiftNight: boolean;
  /** Weekday pattern offset so rotas differ. */
  rota: number;
  home?: Net;
  mobile?: Net;
  /** Uses the VPN (on call, office staff working from home, IT). */
  vpn: boolean;
  /** Uses NTLM for some app logons (a legacy lab or billing client). */
  legacyNtlm: boolean;
  /** Kerberos account without pre-authentication (a legacy scanner or Mac client). */
  noPreauth?: boolean;
  /** Hired during the window: account created on this day index. */
  hiredDay?: number;
  /** Away abroad during these days (VPN from the travel network). */
  travel?: { from: number; to: number; net: Net };
}

/** A service account and where it runs. */
export interface ServiceAccount {
  sam: string;
  sid: string;
  spn: string;
  runsOn: Host;
  talksTo: Host[];
  rc4: boolean;
}

/** The whole world. */
export interface World {
  units: Unit[];
  people: Person[];
  services: ServiceAccount[];
  dcs: Host[];
  servers: Host[];
  citrix: Host[];
  linux: Host[];
  fileServer: Host;
  domainSid: string;
  /** Accounts that exist in AD but nobody uses (left, long leave): candidates for dormant-account use. */
  dormant: Person[];
}

const FIRST = [
  'maria',
  'james',
  'li',
  'aisha',
  'robert',
  'keisha',
  'tomas',
  'priya',
  'daniel',
  'grace',
  'ahmed',
  'olivia',
  'wei',
  'sofia',
  'marcus',
  'hannah',
  'diego',
  'fatima',
  'kevin',
  'emily',
  'jamal',
  'chloe',
  'nguyen',
  'rachel',
  'samuel',
  'leah',
  'victor',
  'amara',
  'brian',
  'isabel',
  'tyrone',
  'megan',
  'raj',
  'elena',
  'patrick',
  'zoe',
  'omar',
  'claire',
  'andre',
  'mei',
  'lucas',
  'brooke',
  'hector',
  'naomi',
  'derek',
  'yusuf',
  'kayla',
  'ivan',
];
const LAST = [
  'okafor',
  'lindqvist',
  'ramirez',
  'chen',
  'patel',
  'whitfield',
  'novak',
  'haddad',
  'brennan',
  'tran',
  'mendez',
  'kowalski',
  'osei',
  'fitzgerald',
  'yamamoto',
  'delgado',
  'hughes',
  'ibrahim',
  'larsen',
  'mbeki',
  'castillo',
  'oconnor',
  'singh',
  'petrov',
  'alvarez',
  'morrison',
  'nakamura',
  'adeyemi',
  'schultz',
  'romero',
  'kim',
  'duarte',
  'bishop',
  'farouk',
  'gallagher',
  'huang',
  'jovanovic',
  'keller',
  'lopez',
  'mahoney',
  'nwosu',
  'ortega',
];

/** Units: clinical floors (12-h shifts) and offices (weekday hours). Names are this hospital's, not Ward's. */
const UNITS: [string, string, boolean, number][] = [
  ['4W', '4 West Cardiac Step-Down', true, 14],
  ['2B', '2B Surgical', true, 12],
  ['3N', '3 North Med-Surg', true, 16],
  ['5E', '5 East Oncology', true, 10],
  ['LD', 'Labor and Delivery', true, 8],
  ['NICU', 'Neonatal ICU', true, 8],
  ['ED', 'Emergency Department', true, 16],
  ['MICU', 'Medical ICU', true, 10],
  ['LAB', 'Core Laboratory', true, 6],
  ['RAD', 'Diagnostic Imaging', true, 6],
  ['RX', 'Inpatient Pharmacy', true, 5],
  ['ADM', 'Patient Access', false, 6],
  ['HIM', 'Health Information Management', false, 5],
  ['FIN', 'Revenue Cycle', false, 8],
  ['HR', 'Human Resources', false, 4],
  ['IS', 'Information Services', false, 6],
];

/** Residential and mobile networks in the hospital's state (real public space of US consumer ISPs). */
const HOME_NETS: [string, string][] = [
  ['73.45', 'Comcast'],
  ['98.193', 'Comcast'],
  ['24.14', 'Comcast'],
  ['68.57', 'Comcast'],
  ['99.100', 'AT&T'],
  ['107.200', 'AT&T'],
  ['70.121', 'Spectrum'],
  ['71.187', 'Verizon Fios'],
];
const MOBILE_NETS: [string, string][] = [
  ['172.56', 'T-Mobile'],
  ['174.205', 'Verizon Wireless'],
];
/** Where staff travel (family visits, conferences, mission trips). */
export const TRAVEL_NETS: [string, string, string][] = [
  ['187.188', 'MX', 'Totalplay'],
  ['49.145', 'PH', 'PLDT'],
  ['122.161', 'IN', 'Airtel'],
  ['86.150', 'GB', 'BT'],
  ['190.85', 'CO', 'Claro'],
];

function ipIn(rng: Rng, prefix: string): string {
  return `${prefix}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}

/** A fresh address in a /16 (home routers get new leases from the ISP now and then). */
export function netIn(rng: Rng, prefix: string, country: string, provider: string): Net {
  return { ip: ipIn(rng, prefix), country, provider };
}

function host(name: string, ip: string, kind: Host['kind'], service?: string): Host {
  const h: Host = { name, fqdn: `${name}.${FQDN}`, ip, kind };
  if (service !== undefined) h.service = service;
  return h;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Build the hospital for `staff` people. */
export function buildWorld(rng: Rng, staff: number, days: number): World {
  const domainSid = `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e8, 9e8)}`;
  let rid = 1100 + rng.int(0, 400);
  const sid = (): string => `${domainSid}-${rid++ + rng.int(0, 3)}`;

  const units: Unit[] = UNITS.map(([key, name, clinical, machines], i) => {
    const vlan = 40 + i * 2;
    const shared: Host[] = [];
    const desks: Host[] = [];
    if (clinical) {
      const stations = Math.max(2, Math.round(machines / 3));
      for (let k = 1; k <= stations; k++)
        shared.push(host(`NURSESTN-${key}-${pad(k, 2)}`, `10.40.${vlan}.${20 + k}`, 'workstation'));
      for (let k = 1; k <= machines - stations; k++)
        shared.push(host(`COW-${key}-${pad(k, 2)}`, `10.41.${vlan}.${40 + k}`, 'workstation'));
      if (key === 'ED')
        for (let k = 1; k <= 8; k++)
          shared.push(host(`TC-ED-${100 + k}`, `10.42.${vlan}.${60 + k}`, 'thin_client'));
    }
    for (let k = 1; k <= (clinical ? 3 : machines * 2); k++)
      desks.push(host(`RGH-${key}-PC${pad(k + 10, 3)}`, `10.40.${vlan + 1}.${30 + k}`, 'workstation'));
    return { key, name, clinical, shared, desks, vlan };
  });
  const unitBy = new Map(units.map((u) => [u.key, u]));
  const u = (k: string): Unit => unitBy.get(k) ?? (units[0] as Unit);

  const dcs = [host('RGH-DC01', '10.10.1.11', 'dc', 'ldap'), host('RGH-DC02', '10.10.1.12', 'dc', 'ldap')];
  const fileServer = host('RGH-FS01', '10.10.2.21', 'server', 'cifs');
  const servers: Host[] = [
    fileServer,
    host('RGH-FS02', '10.10.2.22', 'server', 'cifs'),
    host('RGH-SQL01', '10.10.3.31', 'server', 'MSSQLSvc'),
    host('RGH-SQL02', '10.10.3.32', 'server', 'MSSQLSvc'),
    host('RGH-EPCS-APP01', '10.10.4.41', 'server', 'HTTP'),
    host('RGH-PACS-WEB01', '10.10.4.42', 'server', 'HTTP'),
    host('RGH-LIS-APP01', '10.10.4.43', 'server', 'HTTP'),
    host('RGH-PRINT01', '10.10.2.51', 'server', 'cifs'),
    host('RGH-SCCM01', '10.10.5.61', 'server', 'HTTP'),
    host('RGH-KRONOS01', '10.10.4.44', 'server', 'HTTP'),
    host('RGH-BKP01', '10.10.5.62', 'server', 'cifs'),
    host('RGH-HL7-IF01', '10.10.4.45', 'server', 'HTTP'),
  ];
  for (let k = 3; k <= 14; k++)
    servers.push(host(`RGH-APP${pad(k, 2)}`, `10.10.6.${70 + k}`, 'server', 'HTTP'));
  const citrix = [1, 2, 3, 4].map((k) => host(`RGH-CTX0${k}`, `10.10.7.${80 + k}`, 'server', 'HOST'));
  const linux = [
    host('rgh-mirth01', '10.10.8.11', 'linux'),
    host('rgh-pacs-arch01', '10.10.8.12', 'linux'),
    host('rgh-research-hpc01', '10.10.8.13', 'linux'),
    host('rgh-monitor01', '10.10.8.14', 'linux'),
    host('rgh-sftp01', '10.10.8.15', 'linux'),
  ];

  const usedSam = new Set<string>();
  const samFor = (first: string, last: string): string => {
    let s = `${first}.${last}`;
    for (let k = 2; usedSam.has(s); k++) s = `${first}.${last}${k}`;
    usedSam.add(s);
    return s;
  };
  const clinicalUnits = units.filter((x) => x.clinical && !['LAB', 'RAD', 'RX'].includes(x.key));
  const officeUnits = units.filter((x) => !x.clinical && x.key !== 'IS');
  const people: Person[] = [];
  const nIt = Math.max(4, Math.round(staff * 0.04));
  const nHelp = Math.max(2, Math.round(staff * 0.02));
  for (let i = 0; i < staff; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let role: Role;
    let unit: Unit;
    if (i < nIt) [role, unit] = ['it_admin', u('IS')];
    else if (i < nIt + nHelp) [role, unit] = ['helpdesk', u('IS')];
    else {
      const r = rng.next();
      if (r < 0.4) [role, unit] = ['nurse', rng.pick(clinicalUnits)];
      else if (r < 0.46) [role, unit] = ['agency_nurse', rng.pick(clinicalUnits)];
      else if (r < 0.58) [role, unit] = ['physician', rng.pick(clinicalUnits)];
      else if (r < 0.7) [role, unit] = ['tech', u(rng.pick(['LAB', 'RAD', 'RX']))];
      else if (r < 0.74) [role, unit] = ['manager', rng.pick(units.filter((x) => x.key !== 'IS'))];
      else [role, unit] = ['office', rng.pick(officeUnits)];
    }
    const sam = role === 'agency_nurse' ? `x${rng.int(40000, 49999)}` : samFor(first, last);
    usedSam.add(sam);
    const office = role === 'office' || role === 'manager' || role === 'it_admin' || role === 'helpdesk';
    const p: Person = {
      sam,
      display: `${first[0]?.toUpperCase() ?? ''}${first.slice(1)} ${last[0]?.toUpperCase() ?? ''}${last.slice(1)}`,
      sid: sid(),
      role,
      unit,
      shiftNight: (role === 'nurse' || role === 'agency_nurse' || role === 'tech') && rng.chance(0.4),
      rota: rng.int(0, 6),
      vpn:
        role === 'it_admin' ||
        role === 'physician' ||
        (office && rng.chance(0.55)) ||
        (role === 'nurse' && rng.chance(0.08)),
      legacyNtlm: rng.chance(role === 'tech' || role === 'office' ? 0.3 : 0.06),
    };
    if (office || role === 'physician') p.desk = rng.pick(unit.desks);
    if (role === 'it_admin') {
      p.admin = `adm.${sam}`;
      p.adminSid = sid();
    }
    if (p.vpn || rng.chance(0.2)) {
      const [pre, prov] = rng.pick(HOME_NETS);
      p.home = netIn(rng, pre, 'US', prov);
      if (rng.chance(0.35)) {
        const [mp, mprov] = rng.pick(MOBILE_NETS);
        p.mobile = netIn(rng, mp, 'US', mprov);
      }
    }
    people.push(p);
  }
  // A few legitimate trips abroad: they keep working (on-call sign-off, payroll) over VPN.
  const travellers = rng.sample(
    people.filter((p) => p.vpn && p.role !== 'it_admin'),
    Math.max(1, Math.round(staff / 120)),
  );
  for (const p of travellers) {
    const [pre, cc, prov] = rng.pick(TRAVEL_NETS);
    const from = rng.int(0, Math.max(0, days - 3));
    p.travel = { from, to: Math.min(days - 1, from + rng.int(2, 5)), net: netIn(rng, pre, cc, prov) };
  }
  // New hires: accounts created by the help desk during the window; they start the next shift.
  const hires = rng.sample(
    people.filter((p) => p.role === 'nurse' || p.role === 'office'),
    Math.max(1, Math.round(staff / 80)),
  );
  for (const p of hires) p.hiredDay = rng.int(0, Math.max(0, days - 2));
  // Scanners and an old Mac imaging client with pre-authentication off (a real-world leftover).
  for (const p of rng.sample(
    people.filter((x) => x.role === 'tech'),
    2,
  ))
    p.noPreauth = true;

  const dormant: Person[] = [];
  for (let k = 0; k < Math.max(3, Math.round(staff / 60)); k++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const unit = rng.pick(units);
    dormant.push({
      sam: samFor(first, last),
      display: `${first} ${last}`,
      sid: sid(),
      role: 'office',
      unit,
      desk: rng.pick(unit.desks),
      shiftNight: false,
      rota: 0,
      vpn: true,
      legacyNtlm: false,
    });
  }

  const svc = (name: string, spn: string, runsOn: Host, talksTo: Host[], rc4: boolean): ServiceAccount => ({
    sam: name,
    sid: sid(),
    spn,
    runsOn,
    talksTo,
    rc4,
  });
  const s = (k: number): Host => servers[k] as Host;
  const services: ServiceAccount[] = [
    svc('svc_sqlclinical', `MSSQLSvc/${s(2).fqdn}:1433`, s(2), [s(0)], false),
    svc('svc_sqlfinance', `MSSQLSvc/${s(3).fqdn}:1433`, s(3), [s(1)], true),
    svc('svc_epcs', `HTTP/${s(4).fqdn}`, s(4), [s(2)], false),
    svc('svc_pacsweb', `HTTP/${s(5).fqdn}`, s(5), [s(0), s(2)], false),
    svc('svc_lis', `HTTP/${s(6).fqdn}`, s(6), [s(2)], true),
    svc('svc_sccm_na', `HTTP/${s(8).fqdn}`, s(8), servers.slice(0, 6), false),
    svc('svc_kronos', `HTTP/${s(9).fqdn}`, s(9), [s(3)], false),
    svc('svc_backup', `cifs/${s(10).fqdn}`, s(10), servers.slice(0, 8), false),
    svc('svc_hl7', `HTTP/${s(11).fqdn}`, s(11), [s(2), s(6)], false),
  ];
  return { units, people, services, dcs, servers, citrix, linux, fileServer, domainSid, dormant };
}
