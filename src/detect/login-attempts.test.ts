import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../model/index.js';
import type { DetectorFamily } from './detector.js';
import { mixedCorpus } from './auth/scenarios.js';
import { createEngine } from './engine.js';
import { createLoginAttempts } from './login-attempts.js';
import { createLoginFailures } from './login-failures.js';
import { createSuccessAfterFailures } from './success-after-failures.js';

function run(events: WardEvent[], families: DetectorFamily[]): Alert[] {
  const alerts: Alert[] = [];
  const eng = createEngine({ families, emit: (a) => alerts.push(a) });
  for (const e of events) eng.process(e);
  eng.finish();
  return alerts;
}

describe('login-attempts (one tracker for brute force, spraying and success after failures)', () => {
  it('raises exactly the alerts the two halves raise when run apart', () => {
    const events = mixedCorpus(Date.UTC(2026, 2, 2, 6));
    const together = run(events, [createLoginAttempts()]);
    const apart = run(events, [createLoginFailures(), createSuccessAfterFailures()]);
    expect(together.length).toBeGreaterThan(0);
    expect(new Set(together.map((a) => a.detector))).toEqual(
      new Set(['auth.bruteforce', 'auth.spray', 'auth.success_after_failures']),
    );
    const key = (a: Alert) => JSON.stringify(a);
    expect(together.map(key).sort()).toEqual(apart.map(key).sort());
  });
});
