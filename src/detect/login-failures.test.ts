import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../model/index.js';
import { attempt, bruteForce, byTime, office, spray } from './auth/scenarios.js';
import type { DetectorFamily } from './detector.js';
import { createEngine } from './engine.js';
import { createLoginFailures } from './login-failures.js';

const T0 = Date.UTC(2026, 2, 2, 8);
const MIN = 60_000;
const HOUR = 60 * MIN;

function run(events: WardEvent[], family: DetectorFamily = createLoginFailures()): Alert[] {
  const alerts: Alert[] = [];
  const eng = createEngine({ families: [family], emit: (a) => alerts.push(a) });
  for (const e of events) eng.process(e);
  eng.finish();
  return alerts;
}

describe('auth.bruteforce', () => {
  it('flags many failures from one source against one account, once, with the evidence', () => {
    const events = bruteForce({
      prefix: 'ssh',
      start: T0,
      srcIp: '24.151.103.17',
      users: ['root'],
      n: 57,
      everyMs: 4000,
    });
    const alerts = run(events);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.detector).toBe('auth.bruteforce');
    expect(a.entities).toEqual({ srcIp: '24.151.103.17', user: 'root', host: 'srv1' });
    expect(a.events).toHaveLength(57);
    expect(a.attack).toEqual(['T1110.001']);
    expect(a.reasons[0]).toBe(
      '57 failed logons over 3 min 44 s from 24.151.103.17 against the account root on srv1',
    );
    expect(a.reasons[1]).toContain('typical sources here fail at most 3 times in 10 min');
    expect(a.reasons[1]).toContain('built-in default');
    expect(a.time).toBe(new Date(T0 + 9 * 4000).toISOString());
    expect(a.severity).toBe('high');
  });

  it('explains Windows status codes and lockouts', () => {
    const events = [
      ...bruteForce({
        prefix: 'smb',
        start: T0,
        srcIp: '192.168.198.149',
        users: ['Administrator'],
        n: 30,
        everyMs: 50,
        host: 'DESKTOP-1',
        status: '0xc000006a',
      }),
      attempt({
        id: 'lock',
        time: T0 + 2000,
        user: 'CORP\\administrator',
        srcIp: '192.168.198.149',
        status: '0xc0000234',
      }),
    ];
    const [a] = run(events);
    expect(a?.reasons).toContain(
      'results: wrong password (0xc000006a) ×30, account locked out (0xc0000234) ×1',
    );
    expect(a?.reasons.some((r) => r.includes('locking staff out'))).toBe(true);
    expect(a?.entities.user).toBe('administrator');
    // 50 + 10·log2(30/10) for volume, +5 wrong passwords on a real account, +5 lockout.
    expect(a?.score).toBe(76);
  });

  it('counts a record that stands for repeated attempts', () => {
    const e = attempt({ id: 'rep', time: T0, user: 'root', srcIp: '198.51.100.1', count: 12 });
    const alerts = run([e]);
    expect(alerts.map((a) => a.detector)).toEqual(['auth.bruteforce']);
    expect(alerts[0]?.reasons[0]).toMatch(/^12 failed logons within a second/);
  });

  it('does not count PAM and invalid-user lines that repeat a logon failure', () => {
    const events: WardEvent[] = [];
    for (let i = 0; i < 9; i++) {
      const t = T0 + i * 1000;
      events.push(attempt({ id: `f${i}`, time: t, user: 'oracle', srcIp: '198.51.100.2' }));
      events.push(
        attempt({ id: `p${i}`, time: t, user: 'oracle', srcIp: '198.51.100.2', action: 'pam_auth_failure' }),
      );
      events.push(
        attempt({
          id: `i${i}`,
          time: t,
          user: 'oracle',
          srcIp: '198.51.100.2',
          action: 'invalid_user_probe',
        }),
      );
    }
    expect(run(events)).toEqual([]);
  });

  it('raises one alert per episode; a new burst after a quiet gap is a new episode', () => {
    const burst = (prefix: string, start: number) =>
      bruteForce({ prefix, start, srcIp: '203.0.113.50', users: ['admin'], n: 20, everyMs: 1000 });
    expect(run(byTime(burst('a', T0), burst('b', T0 + 2 * HOUR)))).toHaveLength(1);
    expect(run(byTime(burst('a', T0), burst('b', T0 + 8 * HOUR)))).toHaveLength(2);
  });

  it('catches a guess that worked: a long run of failures is not excused by the success after it', () => {
    const events = [
      ...bruteForce({
        prefix: 'g',
        start: T0,
        srcIp: '198.51.100.3',
        users: ['alice'],
        n: 12,
        everyMs: 3000,
      }),
      attempt({ id: 'in', time: T0 + 40_000, user: 'alice', srcIp: '198.51.100.3', ok: true }),
    ];
    expect(run(events).map((a) => a.detector)).toEqual(['auth.bruteforce']);
  });
});

describe('auth.spray', () => {
  it('flags one failure per account over 30 accounts in 10 minutes', () => {
    const events = spray({ prefix: 's', start: T0, srcIp: '10.23.123.11', accounts: 30, everyMs: 20_000 });
    const alerts = run(events);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.detector).toBe('auth.spray');
    expect(a.title).toBe('Password spraying against 30 accounts from 10.23.123.11');
    expect(a.reasons[0]).toBe(
      '30 failed logons for 30 different accounts over 9 min 40 s from 10.23.123.11, one try per account on dc1',
    );
    expect(a.events).toHaveLength(30);
    expect(a.attack).toEqual(['T1110.003']);
    expect(a.entities).toEqual({ srcIp: '10.23.123.11', host: 'dc1' });
  });

  it('calls out Kerberos account enumeration (unknown principals)', () => {
    const events = spray({
      prefix: 'k',
      start: T0,
      srcIp: '::ffff:10.23.123.11',
      accounts: 46,
      everyMs: 150,
      action: 'tgt_request',
      status: '0x6',
    });
    const [a] = run(events);
    expect(a?.title).toBe('Account enumeration against 46 accounts from 10.23.123.11');
    expect(a?.reasons).toContain('results: unknown account (0x6) ×46');
    expect(a?.reasons.at(-1)).toMatch(
      /^100% of attempts named accounts that do not exist \(0x6\) — account enumeration/,
    );
  });

  it('flags a low-and-slow spray over 20 hours that never trips the 10-minute window', () => {
    const events = spray({ prefix: 'slow', start: T0, srcIp: '192.0.2.77', accounts: 40, everyMs: 30 * MIN });
    const alerts = run(events);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.detector).toBe('auth.spray');
    expect(a.reasons[1]).toMatch(
      /^15 accounts failed within 24 h with no successful logon after \(threshold 15\)/,
    );
    expect(a.reasons).toContain(
      'spread over 7 h, about one attempt every 30 min — slow enough to stay under per-minute limits and lockout counters',
    );
  });

  it('flags one try per account per hour for a day', () => {
    const events = spray({
      prefix: 'r',
      start: T0,
      srcIp: '192.0.2.78',
      accounts: 20,
      everyMs: 3 * MIN,
      rounds: 24,
    });
    const alerts = run(events);
    expect(alerts.map((a) => a.detector)).toEqual(['auth.spray']);
    expect(alerts[0]?.score).toBeGreaterThanOrEqual(60);
  });

  it('does not mistake a shift change behind one gateway for a spray: typos followed by success', () => {
    const events: WardEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const t = T0 + i * 10_000;
      events.push(attempt({ id: `f${i}`, time: t, user: `nurse${i}`, srcIp: '10.0.0.1' }));
      events.push(attempt({ id: `ok${i}`, time: t + 6000, user: `nurse${i}`, srcIp: '10.0.0.1', ok: true }));
    }
    expect(run(events)).toEqual([]);
  });
});

describe('normal activity', () => {
  it('a 50-person office failing 0–2 times a day raises nothing over a working week', () => {
    const events = office({ start: Date.UTC(2026, 2, 2), days: 5, users: 50, seed: 11 });
    expect(events.filter((e) => e.outcome === 'failure').length).toBeGreaterThan(100);
    expect(run(events)).toEqual([]);
  });

  it('a busy gateway where some staff give up without logging on is not a slow spray', () => {
    // 300 people behind one VDI gateway log on 5 times a day; each day 30 of them fail twice and give up.
    const events: WardEvent[] = [];
    let id = 0;
    for (let d = 0; d < 3; d++) {
      for (let u = 0; u < 300; u++) {
        for (let l = 0; l < 5; l++) {
          const t = T0 + d * 24 * HOUR + l * 2 * HOUR + u * 20_000;
          events.push(attempt({ id: `g${id++}`, time: t, user: `staff${u}`, srcIp: '10.0.0.2', ok: true }));
        }
        if ((u + d * 7) % 10 === 0) {
          const t = T0 + d * 24 * HOUR + HOUR + u * 20_000;
          events.push(attempt({ id: `g${id++}`, time: t, user: `staff${u}`, srcIp: '10.0.0.2' }));
          events.push(attempt({ id: `g${id++}`, time: t + 5000, user: `staff${u}`, srcIp: '10.0.0.2' }));
        }
      }
    }
    expect(run(byTime(events))).toEqual([]);
  });

  it('learns the local level: where normal sources fail up to 6 times in 10 min, 15 is not enough', () => {
    // 40 shared kiosks; every 10 min two or three people at each mistype 1–3 times and then log on.
    const noise: WardEvent[] = [];
    let id = 0;
    for (let w = 0; w < 6 * 12; w++) {
      for (let s = 0; s < 40; s++) {
        let t = T0 + w * 10 * MIN + s * 7000;
        const people = 2 + ((w + s) % 2);
        for (let p = 0; p < people; p++) {
          const user = `k${s}-${p}`;
          const fails = 1 + ((w + s + p) % 3);
          for (let f = 0; f < fails; f++) {
            noise.push(attempt({ id: `n${id++}`, time: (t += 1000), user, srcIp: `10.9.0.${s}` }));
          }
          noise.push(attempt({ id: `n${id++}`, time: (t += 1000), user, srcIp: `10.9.0.${s}`, ok: true }));
        }
      }
    }
    const later = T0 + 13 * HOUR;
    const modest = bruteForce({
      prefix: 'm',
      start: later,
      srcIp: '198.51.100.7',
      users: ['admin'],
      n: 15,
      everyMs: 2000,
    });
    const big = bruteForce({
      prefix: 'b',
      start: later,
      srcIp: '198.51.100.8',
      users: ['admin'],
      n: 60,
      everyMs: 2000,
    });
    const alerts = run(byTime(noise, modest, big));
    expect(alerts.map((a) => a.entities.srcIp)).toEqual(['198.51.100.8']);
    expect(alerts[0]?.reasons[1]).toBe(
      '18 failures within 10 min reached the threshold of 18; typical sources here fail at most 6 times in 10 min',
    );
  });
});

describe('determinism and state', () => {
  const events = byTime(
    office({ start: T0, days: 2, users: 30, seed: 5 }),
    bruteForce({
      prefix: 'bf',
      start: T0 + 3 * HOUR,
      srcIp: '198.51.100.4',
      users: ['admin'],
      n: 40,
      everyMs: 1500,
    }),
    spray({ prefix: 'sl', start: T0 + 5 * HOUR, srcIp: '192.0.2.9', accounts: 25, everyMs: 45 * MIN }),
  );

  it('gives identical alerts for the same input', () => {
    const a = run(events);
    expect(a.length).toBe(2);
    expect(run(events)).toEqual(a);
  });

  it('gives the same alerts after snapshot and restore mid-stream', () => {
    const whole = run(events);
    for (const cut of [Math.floor(events.length / 3), Math.floor(events.length / 2) + 7]) {
      const alerts: Alert[] = [];
      const first = createEngine({ families: [createLoginFailures()], emit: (a) => alerts.push(a) });
      for (const e of events.slice(0, cut)) first.process(e);
      const snap = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
      const second = createEngine({ families: [createLoginFailures()], emit: (a) => alerts.push(a) });
      second.restore(snap);
      for (const e of events.slice(cut)) second.process(e);
      second.finish();
      expect(alerts).toEqual(whole);
    }
  });

  it('rejects unknown config keys and accepts documented ones', () => {
    expect(() => createLoginFailures({ fastWindow: 5 })).toThrow(/fastWindow/);
    const strict = createLoginFailures({ floors: { fastFailures: 100 } });
    const events2 = bruteForce({
      prefix: 'x',
      start: T0,
      srcIp: '198.51.100.9',
      users: ['a'],
      n: 35,
      everyMs: 1000,
    });
    expect(run(events2, strict)).toEqual([]);
  });
});
