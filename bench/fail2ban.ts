/**
 * `npm run bench:fail2ban`: Ward side by side with fail2ban on the same sshd logs — which sources each flags,
 * how much later or earlier (in log time), and how fast each reads the log (lines/s, measured in the same run,
 * alternating, median of rounds; the ratio is the figure to compare, machines are noisy).
 *
 * fail2ban's part is its own tooling: `fail2ban-regex -o row <log> sshd` applies the stock sshd filter and prints
 * every failure (address, time). The jail decision is then fail2ban's documented default — ban an address after
 * `maxretry` 5 failures within `findtime` 10 minutes — applied to those rows here (fail2ban-regex does not run
 * jails). Ward runs as its CLI does for a user: `ward analyze --no-store`. Both run as child processes, so both
 * pay their start-up. fail2ban is installed from Debian when apt is available and we are root (as in CI);
 * otherwise the benchmark says so and stops (exit 0).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sshdLog } from './generate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'bench', 'out');
const ROUNDS = Number(process.env.WARD_BENCH_ROUNDS ?? 3);
const N = Number(process.env.WARD_BENCH_F2B_LINES ?? 100_000);
/** fail2ban's shipped defaults (jail.conf [DEFAULT]). */
const MAXRETRY = 5;
const FINDTIME_MS = 10 * 60_000;
/** Ward detectors that name an attacking source. */
const SOURCE_DETECTORS = new Set([
  'auth.bruteforce',
  'auth.spray',
  'auth.credential_stuffing',
  'auth.success_after_failures',
]);

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** fail2ban-regex on PATH, installing the Debian package when we can; false when it is not available. */
function ensureFail2ban(): boolean {
  if (onPath('fail2ban-regex')) return true;
  if (!onPath('apt-get') || process.getuid?.() !== 0) return false;
  console.log('Installing fail2ban from Debian (apt-get install fail2ban) …');
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'fail2ban'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0 && onPath('fail2ban-regex');
}

/** Addresses fail2ban would ban, with the log time of the first ban (ms). */
function fail2banFlags(log: string): { flagged: Map<string, number>; failures: number } {
  const out = execFileSync('fail2ban-regex', ['-o', 'row', log, 'sshd'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const byIp = new Map<string, number[]>();
  let failures = 0;
  for (const line of out.split('\n')) {
    const m = /^\['([^']+)',\s*([\d.]+),/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    failures++;
    const times = byIp.get(m[1]) ?? [];
    times.push(Number(m[2]) * 1000);
    byIp.set(m[1], times);
  }
  const flagged = new Map<string, number>();
  for (const [ip, times] of byIp) {
    times.sort((a, b) => a - b);
    for (let i = MAXRETRY - 1; i < times.length; i++) {
      if (times[i]! - times[i - MAXRETRY + 1]! <= FINDTIME_MS) {
        flagged.set(ip, times[i]!);
        break;
      }
    }
  }
  return { flagged, failures };
}

/** Sources Ward's alerts name, with the time of the first alert (ms). */
function wardFlags(log: string, year: number): Map<string, number> {
  const out = join(OUT, 'fail2ban-ward-alerts.jsonl');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'ward.js'),
      'analyze',
      log,
      '--no-store',
      '--no-progress',
      '--year',
      String(year),
      '--out',
      out,
    ],
    { stdio: 'ignore' },
  );
  const flagged = new Map<string, number>();
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (!line) continue;
    const a = JSON.parse(line) as { detector: string; time: string; entities: Record<string, string> };
    const ip = a.entities.srcIp;
    if (!SOURCE_DETECTORS.has(a.detector) || ip === undefined) continue;
    const t = Date.parse(a.time);
    if (!flagged.has(ip) || t < flagged.get(ip)!) flagged.set(ip, t);
  }
  return flagged;
}

function wallMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lineCount = (path: string): number => readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
const mins = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;

function compare(name: string, log: string, year: number): void {
  const f2bMs: number[] = [];
  const wardMs: number[] = [];
  let f2b = { flagged: new Map<string, number>(), failures: 0 };
  let ward = new Map<string, number>();
  for (let i = 0; i < ROUNDS; i++) {
    f2bMs.push(wallMs(() => (f2b = fail2banFlags(log))));
    wardMs.push(wallMs(() => (ward = wardFlags(log, year))));
  }
  const lines = lineCount(log);
  const both = [...f2b.flagged.keys()].filter((ip) => ward.has(ip));
  const onlyF2b = [...f2b.flagged.keys()].filter((ip) => !ward.has(ip));
  const onlyWard = [...ward.keys()].filter((ip) => !f2b.flagged.has(ip));
  const lead = both.map((ip) => f2b.flagged.get(ip)! - ward.get(ip)!);
  const rate = (ms: number[]): number => lines / (median(ms) / 1000);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10);
  console.log(
    `${name}  (${lines.toLocaleString('en-US')} lines, ${f2b.failures.toLocaleString('en-US')} failures matched by fail2ban's sshd filter)`,
  );
  console.log(`  flagged by both          ${both.length}`);
  console.log(
    `  only fail2ban            ${onlyF2b.length}${onlyF2b.length ? `  e.g. ${onlyF2b.slice(0, 5).join(', ')}` : ''}`,
  );
  console.log(
    `  only Ward                ${onlyWard.length}${onlyWard.length ? `  e.g. ${onlyWard.slice(0, 5).join(', ')}` : ''}`,
  );
  if (lead.length > 0)
    console.log(
      `  Ward's first alert vs fail2ban's ban (median, log time): ${median(lead) >= 0 ? `${mins(median(lead))} earlier` : `${mins(-median(lead))} later`}`,
    );
  console.log(`  fail2ban-regex + jail rule  ${fmt(rate(f2bMs))} lines/s`);
  console.log(`  ward analyze (all detectors)${fmt(rate(wardMs))} lines/s`);
  console.log(`  ratio ward / fail2ban        ${(rate(wardMs) / rate(f2bMs)).toFixed(2)}x\n`);
}

async function main(): Promise<void> {
  if (!ensureFail2ban()) {
    console.log(
      'fail2ban-regex is not installed and cannot be installed here (needs apt-get as root): skipped.',
    );
    return;
  }
  await mkdir(OUT, { recursive: true });
  console.log(
    `Median of ${ROUNDS} alternating rounds, wall time of each tool as a child process, node ${process.version}\n`,
  );
  const real = join(ROOT, '..', 'shared', 'data', 'syslog', 'auth.log');
  if (existsSync(real)) compare('Real sshd log (../shared/data/syslog/auth.log)', real, 2026);
  const gen = join(OUT, `sshd-${N}.log`);
  await sshdLog(gen, N);
  compare(`Generated sshd log (bench/generate.ts, 40 attackers)`, gen, 2026);
}

await main();
