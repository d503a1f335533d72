/**
 * The registered login family: auth.bruteforce, auth.spray and auth.success_after_failures over ONE failure
 * tracker, so each authentication event is counted once and each source's state is kept once. The two
 * halves are documented in login-failures.ts and success-after-failures.ts, which can also run alone.
 */
import { trackerConfigSchema } from './auth/config.js';
import { FailureTracker } from './auth/tracker.js';
import type { DetectorFamily } from './detector.js';
import { BRUTEFORCE, SPRAY, loginFailureHooks } from './login-failures.js';
import { SUCCESS_AFTER_FAILURES, successAfterFailuresHooks } from './success-after-failures.js';

/** The login-attempts family; `config` follows trackerConfigSchema. */
export function createLoginAttempts(config?: unknown): DetectorFamily {
  const cfg = trackerConfigSchema.parse(config ?? {});
  const failures = loginFailureHooks(() => tracker);
  const successes = successAfterFailuresHooks();
  const tracker: FailureTracker = new FailureTracker(
    cfg,
    {
      // Same order as when the two ran as separate families: the episode's alert, then its compromises.
      confirmed(src, ep, emit) {
        failures.confirmed?.(src, ep, emit);
        successes.confirmed(src, ep, emit);
      },
      success: successes.success,
    },
    true,
  );
  return {
    name: 'login-attempts',
    detectors: [BRUTEFORCE, SPRAY, SUCCESS_AFTER_FAILURES],
    handle: (e, emit) => tracker.handle(e, emit),
    advance: (now, emit) => tracker.advance(now, emit),
    finish: (emit) => tracker.finish(emit),
    snapshot: () => tracker.snapshot(),
    restore: (s) => tracker.restore(s),
  };
}
