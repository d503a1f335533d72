/**
 * Synthetic benchmark inputs, deterministic by seed, written once to bench/out/ and reused:
 * - the main inputs, a hospital-like population ({@link hospital}): an sshd auth.log of a group of Linux servers
 *   and a Windows Security JSON-lines file (evtx-dump shape) of domain controllers, servers and workstations —
 *   a few thousand accounts, each at its own workstation with a stable address, servers, a VPN pool, a small
 *   share of staff connecting from home over the internet, internet scanners and a few attack bursts;
 * - the first session's inputs, kept for comparison: {@link sshdLog} (300 users, 40 attackers; also used by
 *   bench/fail2ban.ts) and {@link windowsJson}, which gives every logon a fresh random source address — the
 *   worst case for per-address state, reported separately.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { once } from 'node:events';

/** Small seeded PRNG (mulberry32) so every run measures the same bytes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

async function writeLines(path: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const ip = (r: () => number): string =>
  `${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;

/** Write `n` sshd syslog lines (RFC 3164, as /var/log/auth.log) if the file is not there yet. */
export async function sshdLog(path: string, n: number): Promise<void> {
  if (await exists(path)) return;
  await mkdir(new URL('.', `file://${path}`).pathname, { recursive: true });
  const r = rng(7);
  const users = Array.from({ length: 300 }, (_, i) => `user${i}`);
  // Each staff member works from their own workstation address; attackers come from outside.
  const homeIp = users.map(
    () => `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
  );
  const attackers = Array.from({ length: 40 }, () => ip(r));
  const start = Date.UTC(2026, 2, 1);
  await writeLines(path, n, (i) => {
    const t = new Date(start + i * 250);
    const ts = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    const pid = 1000 + Math.floor(r() * 60000);
    const port = 1024 + Math.floor(r() * 60000);
    const x = r();
    const head = `${ts} bench-host sshd[${pid}]:`;
    const k = Math.floor(r() * users.length);
    if (x < 0.3) {
      const src = attackers[Math.floor(r() * attackers.length)]!;
      const u = r() < 0.5 ? 'root' : `admin${Math.floor(r() * 50)}`;
      return `${head} Failed password for ${u === 'root' ? '' : 'invalid user '}${u} from ${src} port ${port} ssh2`;
    }
    if (x < 0.55)
      return `${head} Accepted ${r() < 0.5 ? 'publickey' : 'password'} for ${users[k]!} from ${homeIp[k]!} port ${port} ssh2`;
    // A typo now and then: staff fail about once per 25 logons.
    if (x < 0.56) return `${head} Failed password for ${users[k]!} from ${homeIp[k]!} port ${port} ssh2`;
    if (x < 0.8) return `${head} pam_unix(sshd:session): session closed for user ${users[k]!}`;
    return `${head} Received disconnect from ${homeIp[k]!} port ${port}:11: disconnected by user`;
  });
}

/** Write `n` Windows Security events (evtx-dump JSON shape) if the file is not there yet. */
export async function windowsJson(path: string, n: number): Promise<void> {
  if (await exists(path)) return;
  const r = rng(11);
  const users = Array.from({ length: 500 }, (_, i) => `nurse${i}`);
  const hosts = Array.from({ length: 120 }, (_, i) => `WS-${pad(i, 3)}`);
  const attackers = Array.from({ length: 20 }, () => ip(r));
  const start = Date.UTC(2026, 2, 1);
  await writeLines(path, n, (i) => {
    const x = r();
    const failed = x < 0.2;
    const eventId = x < 0.2 ? 4625 : x < 0.8 ? 4624 : x < 0.9 ? 4634 : 4768;
    const src =
      failed && r() < 0.7
        ? attackers[Math.floor(r() * attackers.length)]!
        : `10.1.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    const data: Record<string, string | null> = {
      SubjectUserSid: 'S-1-0-0',
      TargetUserName: users[Math.floor(r() * users.length)]!,
      TargetDomainName: 'HOSP',
      LogonType: r() < 0.7 ? '3' : '2',
      IpAddress: src,
      IpPort: String(1024 + Math.floor(r() * 60000)),
      WorkstationName: hosts[Math.floor(r() * hosts.length)]!,
      AuthenticationPackageName: 'NTLM',
      LogonProcessName: 'NtLmSsp ',
    };
    if (eventId === 4625) Object.assign(data, { Status: '0xc000006d', SubStatus: '0xc000006a' });
    if (eventId === 4768)
      Object.assign(data, { Status: '0x0', TicketEncryptionType: '0x12', ServiceName: 'krbtgt' });
    return JSON.stringify({
      System: {
        Provider: { Name: 'Microsoft-Windows-Security-Auditing' },
        EventID: eventId,
        TimeCreated: new Date(start + i * 200).toISOString().replace('Z', '000Z'),
        EventRecordID: 100000 + i,
        Channel: 'Security',
        Computer: 'DC01.hosp.local',
      },
      EventData: data,
    });
  });
}

/** Workstation, VPN and server address plans and the internet ranges home users and scanners come from. */
export interface Hospital {
  users: string[];
  /** Workstation name and address of each user (index-aligned with `users`; nurses share some machines). */
  ws: string[];
  wsIp: string[];
  /** Address each user's VPN tunnel gets, and the public address of their home connection. */
  vpnIp: string[];
  homeIp: string[];
  servers: string[];
  serverIp: string[];
  /** Administrators (indices into `users`), who log on to servers over RDP. */
  admins: number[];
  scanners: string[];
}

const SCAN_NAMES = ['admin', 'test', 'ubuntu'];
const HOME_PREFIXES = ['81.2', '86.128', '90.200', '109.144', '2.24', '5.64', '92.40', '151.224'];
const SCANNER_PREFIXES = ['45.155', '185.220', '103.145', '61.177', '218.92', '141.98', '193.42', '80.94'];

/**
 * A hospital-like population, deterministic by seed: `nUsers` accounts; workstations (one per user, a fifth of
 * them shared by two) on sixteen /24s of 10.20.0.0/16; `nServers` servers on 10.10.1.0/24; a VPN pool on
 * 10.250.0.0/16 (one tunnel address per user, as pools tend to give the same address back); home connections
 * from a few consumer provider /16s; internet scanners from a few hosting /16s.
 */
export function hospital(seed: number, nUsers: number, nServers: number): Hospital {
  const r = rng(seed);
  const users = Array.from({ length: nUsers }, (_, i) => `staff${pad(i, 4)}`);
  const nWs = Math.floor(nUsers * 0.8);
  const ws: string[] = [];
  const wsIp: string[] = [];
  for (let i = 0; i < nUsers; i++) {
    const w = i < nWs ? i : Math.floor(r() * nWs);
    ws.push(`WS-${pad(w, 4)}`);
    wsIp.push(`10.20.${w % 16}.${1 + Math.floor(w / 16)}`);
  }
  const vpnIp = users.map((_, i) => `10.250.${i >> 8}.${(i & 255) + 1}`);
  const homeIp = users.map(
    () =>
      `${HOME_PREFIXES[Math.floor(r() * HOME_PREFIXES.length)]!}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
  );
  const servers = Array.from({ length: nServers }, (_, i) => `SRV-${pad(i, 3)}`);
  const serverIp = servers.map((_, i) => `10.10.1.${i + 1}`);
  const admins = Array.from({ length: Math.max(2, Math.floor(nUsers / 100)) }, () =>
    Math.floor(r() * nUsers),
  );
  const scanners = Array.from(
    { length: 300 },
    () =>
      `${SCANNER_PREFIXES[Math.floor(r() * SCANNER_PREFIXES.length)]!}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
  );
  return { users, ws, wsIp, vpnIp, homeIp, servers, serverIp, admins, scanners };
}

/** A skewed pick in [0, n): some staff log on far more than others, as in any hospital. */
const skewed = (r: () => number, n: number): number => Math.floor(r() * r() * n);

/**
 * Write `n` sshd syslog lines of a group of Linux servers at a hospital if the file is not there yet: 800 staff
 * and service accounts connecting from their workstations (most), their VPN tunnel address (a tenth) or their
 * home connection (3 %), and internet scanners guessing passwords in bursts of 5–40 tries (about 12 % of the
 * lines); each session is accepted, opened, closed and disconnected.
 */
export async function sshdHospitalLog(path: string, n: number): Promise<void> {
  if (await exists(path)) return;
  await mkdir(new URL('.', `file://${path}`).pathname, { recursive: true });
  const r = rng(17);
  const h = hospital(17, 800, 24);
  const hosts = Array.from({ length: 24 }, (_, i) => `lx-app${pad(i)}`);
  const start = Date.UTC(2026, 2, 1);
  let burst = 0;
  let burstSrc = '';
  let burstHost = '';
  await writeLines(path, n, (i) => {
    const t = new Date(start + i * 250);
    const ts = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    const pid = 1000 + Math.floor(r() * 60000);
    const port = 1024 + Math.floor(r() * 60000);
    if (burst === 0 && r() < 0.006) {
      burst = 5 + Math.floor(r() * 36);
      burstSrc = h.scanners[Math.floor(r() * h.scanners.length)]!;
      burstHost = hosts[Math.floor(r() * hosts.length)]!;
    }
    if (burst > 0 && r() < 0.7) {
      burst--;
      // Scanners guess root and a handful of stock names (a wordlist of hundreds would be credential stuffing).
      const u = r() < 0.5 ? 'root' : SCAN_NAMES[Math.floor(r() * SCAN_NAMES.length)]!;
      return `${ts} ${burstHost} sshd[${pid}]: Failed password for ${u === 'root' ? '' : 'invalid user '}${u} from ${burstSrc} port ${port} ssh2`;
    }
    const host = hosts[Math.floor(r() * hosts.length)]!;
    const head = `${ts} ${host} sshd[${pid}]:`;
    const k = skewed(r, h.users.length);
    const y = r();
    const src = y < 0.87 ? h.wsIp[k]! : y < 0.97 ? h.vpnIp[k]! : h.homeIp[k]!;
    const x = r();
    if (x < 0.3)
      return `${head} Accepted ${r() < 0.6 ? 'publickey' : 'password'} for ${h.users[k]!} from ${src} port ${port} ssh2`;
    // A typo now and then: staff fail about once per 25 logons.
    if (x < 0.312) return `${head} Failed password for ${h.users[k]!} from ${src} port ${port} ssh2`;
    if (x < 0.55)
      return `${head} pam_unix(sshd:session): session opened for user ${h.users[k]!}(uid=${1000 + k}) by (uid=0)`;
    if (x < 0.8) return `${head} pam_unix(sshd:session): session closed for user ${h.users[k]!}`;
    return `${head} Received disconnect from ${src} port ${port}:11: disconnected by user`;
  });
}

/**
 * Write `n` Windows Security events (evtx-dump JSON shape) of a hospital's domain if the file is not there yet:
 * 3,000 accounts on their own workstations, 60 servers, two domain controllers and an RD gateway. Network logons
 * to a few usual servers from the user's workstation, interactive logons at it, Kerberos TGTs (a tenth by
 * machine accounts) and service tickets at the DCs, logoffs, typos; 3 % of logons over the VPN pool, 0.5 % over
 * the RD gateway from home; internet scanners failing at the gateway; now and then a password spray from one
 * internal or external address across many accounts, and an administrator's RDP round of servers.
 */
export async function windowsHospitalJson(path: string, n: number): Promise<void> {
  if (await exists(path)) return;
  await mkdir(new URL('.', `file://${path}`).pathname, { recursive: true });
  const r = rng(23);
  const h = hospital(23, 3000, 60);
  const dcs = ['DC01.hosp.local', 'DC02.hosp.local'];
  const gateway = 'RDGW01.hosp.local';
  const start = Date.UTC(2026, 2, 1);
  let spray = 0;
  let spraySrc = '';
  let sprayHost = '';
  const ev = (i: number, eventId: number, computer: string, data: Record<string, string>): string =>
    JSON.stringify({
      System: {
        Provider: { Name: 'Microsoft-Windows-Security-Auditing' },
        EventID: eventId,
        TimeCreated: new Date(start + i * 200).toISOString().replace('Z', '000Z'),
        EventRecordID: 100000 + i,
        Channel: 'Security',
        Computer: computer,
      },
      EventData: data,
    });
  const logon = (u: string, lt: string, ip: string, wsName: string): Record<string, string> => ({
    SubjectUserSid: 'S-1-0-0',
    TargetUserName: u,
    TargetDomainName: 'HOSP',
    LogonType: lt,
    IpAddress: ip,
    IpPort: String(1024 + Math.floor(r() * 60000)),
    WorkstationName: wsName,
    AuthenticationPackageName: lt === '3' ? 'Kerberos' : 'Negotiate',
    LogonProcessName: lt === '3' ? 'Kerberos' : 'User32 ',
  });
  await writeLines(path, n, (i) => {
    if (spray === 0 && r() < 0.0002) {
      spray = 100 + Math.floor(r() * 200);
      spraySrc =
        r() < 0.5 ? h.scanners[Math.floor(r() * h.scanners.length)]! : h.wsIp[Math.floor(r() * 3000)]!;
      sprayHost = spraySrc.startsWith('10.') ? h.servers[0]! : gateway;
    }
    if (spray > 0 && r() < 0.5) {
      spray--;
      const d = logon(h.users[Math.floor(r() * 3000)]!, '3', spraySrc, '-');
      Object.assign(d, { Status: '0xc000006d', SubStatus: '0xc000006a' });
      return ev(i, 4625, sprayHost, d);
    }
    const k = skewed(r, h.users.length);
    const u = h.users[k]!;
    const myServer = h.servers[(k * 7 + Math.floor(r() * 4)) % h.servers.length]!;
    const x = r();
    if (x < 0.4) {
      const y = r();
      const ip = y < 0.97 ? h.wsIp[k]! : h.vpnIp[k]!;
      return ev(i, 4624, `${myServer}.hosp.local`, logon(u, '3', ip, y < 0.97 ? h.ws[k]! : '-'));
    }
    if (x < 0.5)
      return ev(i, 4624, `${h.ws[k]!}.hosp.local`, logon(u, r() < 0.7 ? '2' : '7', '127.0.0.1', h.ws[k]!));
    if (x < 0.505) {
      const a = h.admins[Math.floor(r() * h.admins.length)]!;
      const to = h.servers[Math.floor(r() * h.servers.length)]!;
      return ev(i, 4624, `${to}.hosp.local`, logon(h.users[a]!, '10', h.wsIp[a]!, h.ws[a]!));
    }
    if (x < 0.51) return ev(i, 4624, gateway, logon(u, '10', h.homeIp[k]!, '-'));
    if (x < 0.52) {
      const d = logon(
        `admin${Math.floor(r() * 50)}`,
        '3',
        h.scanners[Math.floor(r() * h.scanners.length)]!,
        '-',
      );
      Object.assign(d, { Status: '0xc000006d', SubStatus: '0xc0000064' });
      return ev(i, 4625, gateway, d);
    }
    if (x < 0.54) {
      const d = logon(u, '2', h.wsIp[k]!, h.ws[k]!);
      Object.assign(d, { Status: '0xc000006d', SubStatus: '0xc000006a' });
      return ev(i, 4625, `${h.ws[k]!}.hosp.local`, d);
    }
    const dc = dcs[i & 1]!;
    if (x < 0.69) {
      const machine = r() < 0.1;
      return ev(i, 4768, dc, {
        TargetUserName: machine ? `${h.ws[k]!}$` : u,
        TargetDomainName: 'HOSP',
        IpAddress: `::ffff:${h.wsIp[k]!}`,
        IpPort: String(1024 + Math.floor(r() * 60000)),
        Status: '0x0',
        TicketEncryptionType: '0x12',
        PreAuthType: '2',
        ServiceName: 'krbtgt',
      });
    }
    if (x < 0.82)
      return ev(i, 4769, dc, {
        TargetUserName: `${u}@HOSP.LOCAL`,
        TargetDomainName: 'HOSP.LOCAL',
        IpAddress: `::ffff:${h.wsIp[k]!}`,
        IpPort: String(1024 + Math.floor(r() * 60000)),
        Status: '0x0',
        TicketEncryptionType: '0x12',
        ServiceName: `${myServer}$`,
      });
    if (x < 0.83)
      return ev(i, 4771, dc, {
        TargetUserName: u,
        IpAddress: `::ffff:${h.wsIp[k]!}`,
        IpPort: String(1024 + Math.floor(r() * 60000)),
        Status: '0x18',
        PreAuthType: '2',
      });
    const interactive = r() < 0.3;
    return ev(i, 4634, interactive ? `${h.ws[k]!}.hosp.local` : `${myServer}.hosp.local`, {
      TargetUserName: u,
      TargetDomainName: 'HOSP',
      TargetLogonId: `0x${(i * 7919).toString(16)}`,
      LogonType: interactive ? '2' : '3',
    });
  });
}
