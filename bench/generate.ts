/**
 * Synthetic benchmark inputs, deterministic by seed: an sshd auth.log and a Windows Security JSON-lines file
 * of the evtx-dump shape, each with a realistic mix (mostly normal logons, a few brute-force and spray
 * sources). Written once to bench/out/ and reused.
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
