/**
 * auth.success_after_failures: a successful logon from a source that was brute-forcing or spraying — the
 * guess probably worked, so the account is likely compromised.
 *
 * Finds: a success (sshd Accepted, Windows 4624, Kerberos 4768 status 0x0, NTLM 4776 status 0x0) for an
 * account from a source whose failures make a confirmed auth.bruteforce or auth.spray episode (same learned
 * thresholds and tracking as login-failures.ts), when the success falls inside the episode or within an hour
 * after its last failure. Successes during the burst are held until the episode is confirmed, so a
 * spray that hits a valid password early is still caught. One alert per source and account per episode (at
 * most 50 per episode).
 *
 * Evidence: the success record, the failures of that account from the source, then the other failures of the
 * episode (up to 1,000 ids).
 *
 * Misses: a success from a different address than the guessing (the attacker guesses from one host and logs
 * on from another); a success hours after the guessing stopped; guessing below the brute-force and spray
 * thresholds; services that log no success.
 *
 * False positives: a legitimate user logging on through the same shared address (NAT, VDI gateway) while
 * someone else there is guessing — the reason says when the account itself had no failures; a penetration
 * test that succeeds (which is still worth knowing).
 */
import type { Alert } from '../model/index.js';
import { makeAlert } from './alert.js';
import type { DetectorFamily, DetectorMeta } from './detector.js';
import { UNNAMED_ACCOUNT } from './auth/attempt.js';
import { accountLabel, sourceEntities, sourceLabel, spanPhrase } from './auth/text.js';
import { trackerConfigSchema } from './auth/config.js';
import type { Episode, Source, Success } from './auth/source.js';
import { FailureTracker, type TrackerHooks } from './auth/tracker.js';
import { fmtInt, plural } from './wording.js';

/** Most alerts one episode may raise (a spray that finds many valid passwords stays readable). */
const MAX_PER_EPISODE = 50;
/** Failures of the episode listed after the success and the account's own failures. */
const MAX_FAILURE_EVIDENCE = 999;

/** Metadata of auth.success_after_failures. */
export const SUCCESS_AFTER_FAILURES: DetectorMeta = {
  id: 'auth.success_after_failures',
  title: 'Successful logon from a source that was guessing passwords',
  category: 'identity',
  attack: ['T1078', 'T1110'],
  needs: ['authentication'],
  scorePolicy:
    '80 for a success during or right after a confirmed brute-force or spray episode from the same source; 90 when that account itself had failed from the source first (the password was guessed)',
  falsePositives: [
    'legitimate user behind the same shared address as the attacker',
    'authorised penetration test that guessed a password',
  ],
  blindSpots: [
    'success from a different address than the guessing',
    'success more than an hour after the guessing stopped',
    'guessing below the brute-force and spray thresholds',
  ],
  maturity: 'test',
};

function safAlert(src: Source, ep: Episode, ok: Success): Alert {
  const who = sourceLabel(src);
  const name = accountLabel(ok.user);
  const own = ep.accounts.count(ok.user);
  const kind = ep.detector === 'auth.spray' ? 'password spraying' : 'brute force';
  const reasons = [
    `${name} logged on successfully from ${who} at ${new Date(ok.t).toISOString()}${ok.host === '' ? '' : ` on ${ok.host}`}`,
    `that source had ${plural(ep.fails, 'failed logon')} against ${plural(ep.accounts.size, 'account')} ${spanPhrase(ep)} (${kind}, threshold ${fmtInt(ep.threshold.value)})`,
    own > 0
      ? `${name} itself failed ${plural(own, 'time')} from ${who} before this success — the password was likely guessed`
      : `${name} had no failed logon from ${who}: either its first guess worked or a legitimate user shares this address`,
  ];
  const events = [ok.id];
  for (let i = 0; i < ep.ids.length; i++) if (ep.idUsers[i] === ok.user) events.push(ep.ids[i]!);
  for (let i = 0; i < ep.ids.length && events.length <= MAX_FAILURE_EVIDENCE; i++) {
    if (ep.idUsers[i] !== ok.user) events.push(ep.ids[i]!);
  }
  return makeAlert({
    detector: SUCCESS_AFTER_FAILURES.id,
    category: SUCCESS_AFTER_FAILURES.category,
    score: own > 0 ? 90 : 80,
    title: `${name} logged on from ${who} after ${kind}`,
    reasons,
    entities: {
      ...sourceEntities(src),
      user: ok.user === UNNAMED_ACCOUNT ? undefined : ok.user,
      host: ok.host,
    },
    events,
    omitted: ep.records - (events.length - 1),
    attack: SUCCESS_AFTER_FAILURES.attack,
    time: ok.t,
  });
}

/** Tracker hooks that raise auth.success_after_failures for successes around a confirmed episode. */
export function successAfterFailuresHooks(): Required<TrackerHooks> {
  const report = (src: Source, ep: Episode, ok: Success, emit: (a: Alert) => void): void => {
    if (ep.safDone.length >= MAX_PER_EPISODE || ep.safDone.includes(ok.user)) return;
    ep.safDone.push(ok.user);
    emit(safAlert(src, ep, ok));
  };
  return {
    confirmed(src, ep, emit) {
      for (const ok of ep.oks) report(src, ep, ok, emit);
      ep.oks = [];
    },
    success: report,
  };
}

/** The success-after-failures family; `config` follows trackerConfigSchema. */
export function createSuccessAfterFailures(config?: unknown): DetectorFamily {
  const cfg = trackerConfigSchema.parse(config ?? {});
  const tracker = new FailureTracker(cfg, successAfterFailuresHooks(), true);
  return {
    name: 'success-after-failures',
    detectors: [SUCCESS_AFTER_FAILURES],
    handle: (e, emit) => tracker.handle(e, emit),
    advance: (now, emit) => tracker.advance(now, emit),
    finish: (emit) => tracker.finish(emit),
    snapshot: () => tracker.snapshot(),
    restore: (s) => tracker.restore(s),
  };
}
