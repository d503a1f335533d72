import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../model/index.js';
import { attempt, bruteForce, byTime, office, spray } from './auth/scenarios.js';
import { createEngine } from './engine.js';
import { createSuccessAfterFailures } from './success-after-failures.js';

const T0 = Date.UTC(2026, 2, 3, 9);
const MIN = 60_000;

function run(events: WardEvent[]): Alert[] {
  const alerts: Alert[] = [];
  const eng = createEngine({ families: [createSuccessAfterFailures()], emit: (a) => alerts.push(a) });
  for (const e of events) eng.process(e);
  eng.finish();
  return alerts;
}

describe('auth.success_after_failures', () => {
  it('flags the logon that ends a brute force on the same account as critical', () => {
    const guesses = bruteForce({
      prefix: 'g',
      start: T0,
      srcIp: '24.151.103.17',
      users: ['elastic'],
      n: 147,
      everyMs: 3000,
    });
    const win = attempt({
      id: 'win',
      time: T0 + 147 * 3000,
      user: 'elastic',
      srcIp: '24.151.103.17',
      host: 'srv1',
      ok: true,
    });
    const alerts = run([...guesses, win]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.detector).toBe('auth.success_after_failures');
    expect(a.severity).toBe('critical');
    expect(a.entities).toEqual({ srcIp: '24.151.103.17', user: 'elastic', host: 'srv1' });
    expect(a.events).toContain('win');
    expect(a.events).toContain('g-0');
    expect(a.events).toHaveLength(148);
    expect(a.attack).toEqual(['T1078', 'T1110']);
    expect(a.reasons[2]).toBe(
      'elastic itself failed 147 times from 24.151.103.17 before this success — the password was likely guessed',
    );
    expect(a.time).toBe(new Date(T0 + 147 * 3000).toISOString());
  });

  it('flags every account a spray got into, including successes in the middle of the burst', () => {
    // kerbrute-like: 37 wrong guesses and 5 hits over 42 accounts in about 10 s.
    const failures = spray({
      prefix: 'k',
      start: T0,
      srcIp: '::ffff:10.23.123.11',
      accounts: 37,
      everyMs: 250,
      action: 'preauth_failed',
      status: '0x18',
    });
    const hits = [3, 11, 20, 30, 36].map((i) =>
      attempt({
        id: `hit${i}`,
        time: T0 + i * 250 + 100,
        user: `hit${i}`,
        srcIp: '::ffff:10.23.123.11',
        action: 'tgt_request',
        status: '0x0',
        ok: true,
      }),
    );
    const alerts = run(byTime(failures, hits));
    expect(alerts.map((a) => a.entities.user)).toEqual(['hit3', 'hit11', 'hit20', 'hit30', 'hit36']);
    expect(alerts.every((a) => a.score === 80 && a.entities.srcIp === '10.23.123.11')).toBe(true);
    expect(alerts[0]?.title).toBe('hit3 logged on from 10.23.123.11 after password spraying');
  });

  it('does not flag an admin address that only logs on, nor a user who mistyped a few times', () => {
    const admin = Array.from({ length: 226 }, (_, i) =>
      attempt({
        id: `adm${i}`,
        time: T0 + i * 30 * MIN,
        user: `elastic_user_${i % 10}`,
        srcIp: '85.245.107.41',
        ok: true,
      }),
    );
    const typos = [
      ...bruteForce({ prefix: 't', start: T0, srcIp: '10.1.1.5', users: ['bob'], n: 3, everyMs: 5000 }),
      attempt({ id: 'bob-in', time: T0 + 20_000, user: 'bob', srcIp: '10.1.1.5', ok: true }),
    ];
    expect(run(byTime(admin, typos))).toEqual([]);
  });

  it('does not flag a success long after the guessing stopped', () => {
    const guesses = bruteForce({
      prefix: 'g',
      start: T0,
      srcIp: '198.51.100.3',
      users: ['root'],
      n: 30,
      everyMs: 1000,
    });
    const late = attempt({
      id: 'late',
      time: T0 + 3 * 60 * MIN,
      user: 'root',
      srcIp: '198.51.100.3',
      ok: true,
    });
    expect(run([...guesses, late])).toEqual([]);
  });

  it('raises nothing for a normal office', () => {
    expect(run(office({ start: Date.UTC(2026, 2, 2), days: 3, users: 50, seed: 4 }))).toEqual([]);
  });
});
