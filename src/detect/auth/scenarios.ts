/**
 * Synthetic authentication event sequences for detector tests, the conformance suite and demos: attacks
 * (brute force, fast and slow spraying, Kerberos enumeration, guesses that work) and a normal office. All
 * deterministic (seeded), all already normalized to the Event model as the sshd and Windows parsers emit it.
 */
import type { WardEvent } from '../../model/index.js';

/** Fields of one attempt. */
export interface AttemptSpec {
  id: string;
  time: number;
  user: string;
  ok?: boolean;
  srcIp?: string;
  host?: string;
  /** Default `logon`. */
  action?: string;
  status?: string;
  count?: number;
  attrs?: Record<string, string>;
}

/** One normalized authentication event. */
export function attempt(a: AttemptSpec): WardEvent {
  const e: WardEvent = {
    id: a.id,
    source: 'synthetic',
    format: 'synthetic',
    class: 'authentication',
    time: a.time,
    user: a.user,
    action: a.action ?? 'logon',
    outcome: a.ok === true ? 'success' : 'failure',
  };
  if (a.srcIp !== undefined) e.srcIp = a.srcIp;
  if (a.host !== undefined) e.host = a.host;
  if (a.status !== undefined) e.status = a.status;
  if (a.count !== undefined) e.count = a.count;
  if (a.attrs !== undefined) e.attrs = a.attrs;
  return e;
}

/** A small seeded PRNG (mulberry32): same seed, same sequence. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Merge sequences by time (stable), as the pipeline does. */
export function byTime(...parts: WardEvent[][]): WardEvent[] {
  return parts.flat().sort((a, b) => a.time - b.time);
}

/** `n` failed logons against `users` (round robin) from one source, `everyMs` apart. */
export function bruteForce(o: {
  prefix: string;
  start: number;
  srcIp: string;
  users: string[];
  n: number;
  everyMs: number;
  host?: string;
  status?: string;
}): WardEvent[] {
  return Array.from({ length: o.n }, (_, i) =>
    attempt({
      id: `${o.prefix}-${i}`,
      time: o.start + i * o.everyMs,
      user: o.users[i % o.users.length]!,
      srcIp: o.srcIp,
      host: o.host ?? 'srv1',
      status: o.status ?? 'bad_password',
    }),
  );
}

/** One failed try for each of `accounts` accounts named `<userPrefix>N`, `everyMs` apart, `rounds` times. */
export function spray(o: {
  prefix: string;
  start: number;
  srcIp: string;
  accounts: number;
  everyMs: number;
  rounds?: number;
  userPrefix?: string;
  action?: string;
  status?: string;
  host?: string;
}): WardEvent[] {
  const out: WardEvent[] = [];
  const rounds = o.rounds ?? 1;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < o.accounts; i++) {
      const k = r * o.accounts + i;
      out.push(
        attempt({
          id: `${o.prefix}-${k}`,
          time: o.start + k * o.everyMs,
          user: `${o.userPrefix ?? 'user'}${i}`,
          srcIp: o.srcIp,
          host: o.host ?? 'dc1',
          action: o.action ?? 'logon',
          status: o.status ?? 'bad_password',
        }),
      );
    }
  }
  return out;
}

const DAY = 86_400_000;

/**
 * A normal office: `users` people, each on their own workstation address and also through a shared gateway,
 * logging on several times a working day; each fails 0–2 times a day and (nine times in ten) gets in within a
 * minute, otherwise gives up. Some log on locally at a shared ward PC.
 */
export function office(o: {
  start: number;
  days: number;
  users: number;
  seed: number;
  gateway?: string;
}): WardEvent[] {
  const rand = rng(o.seed);
  const out: WardEvent[] = [];
  let id = 0;
  const gw = o.gateway ?? '10.0.0.1';
  for (let d = 0; d < o.days; d++) {
    for (let u = 0; u < o.users; u++) {
      const user = `staff${u}`;
      const logons = 3 + Math.floor(rand() * 6);
      const failsToday = Math.floor(rand() * 3);
      for (let l = 0; l < logons; l++) {
        const t = o.start + d * DAY + 7 * 3_600_000 + Math.floor(rand() * 11 * 3_600_000);
        const via = rand();
        const srcIp =
          via < 0.5 ? `10.1.${Math.floor(u / 200)}.${(u % 200) + 10}` : via < 0.85 ? gw : undefined;
        const host = srcIp === undefined ? 'ward-pc-1' : 'dc1';
        const fails = l === 0 ? failsToday : 0;
        for (let f = 0; f < fails; f++) {
          out.push(
            attempt({ id: `office-${id++}`, time: t + f * 8000, user, srcIp, host, status: 'bad_password' }),
          );
        }
        if (fails > 0 && rand() < 0.1) continue;
        out.push(
          attempt({ id: `office-${id++}`, time: t + fails * 8000 + 5000, user, srcIp, host, ok: true }),
        );
      }
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** A mixed day: an office with a brute force, a fast spray that finds one password, and a slow spray. */
export function mixedCorpus(start: number): WardEvent[] {
  const success = attempt({
    id: 'spray-ok',
    time: start + 10 * 3_600_000 + 20_000,
    user: 'nurse7',
    srcIp: '203.0.113.9',
    ok: true,
  });
  return byTime(
    office({ start, days: 2, users: 40, seed: 7 }),
    bruteForce({
      prefix: 'bf',
      start: start + 3 * 3_600_000,
      srcIp: '198.51.100.4',
      users: ['admin', 'root'],
      n: 80,
      everyMs: 2000,
    }),
    spray({
      prefix: 'sp',
      start: start + 10 * 3_600_000,
      srcIp: '203.0.113.9',
      accounts: 25,
      everyMs: 1500,
      userPrefix: 'nurse',
    }),
    [success],
    spray({
      prefix: 'slow',
      start: start + 20 * 3_600_000,
      srcIp: '192.0.2.77',
      accounts: 30,
      everyMs: 40 * 60_000,
      userPrefix: 'doc',
    }),
  );
}
