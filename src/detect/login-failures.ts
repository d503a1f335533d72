/**
 * auth.bruteforce and auth.spray: password guessing seen from the side being guessed at.
 *
 * Finds, per source (IP; else the Windows client workstation; else host + account for local logons):
 * - brute force: many failed attempts against one or a few accounts — 10+ in 10 min by default, or 40+ in a day
 *   that no success followed (slow guessing against one account);
 * - password spraying: failures spread over many accounts with few tries each — 10+ accounts in 10 min, or
 *   15+ accounts in a day for low-and-slow spraying (e.g. one try per account per hour); a source that mostly
 *   names accounts that do not exist (Kerberos 0x6, NTLM 0xc0000064, sshd invalid user) is called out as
 *   account enumeration.
 * Thresholds are learned: max(floor, 3 × the 99th percentile of the same count over fixed windows of sources
 * that look benign here), see failure-tracker.ts. One alert per source per episode; the episode ends after 6 h
 * without failures.
 *
 * Evidence: `authentication` events with action `logon` (sshd Failed/Accepted, Windows 4625/4624),
 * `preauth_failed` (4771), `tgt_request` (4768) and `credential_validation` (4776); `count` is honoured.
 * Duplicates (`pam_auth_failure`, `invalid_user_probe`), machine accounts and infrastructure statuses (clock
 * skew, no logon server, Kerberos "pre-auth required") are not attempts. A failure followed within 10 min by
 * a success for the same account and source (at most 5 in a row) is a typo, not a guess. The alert lists the
 * failed-attempt ids, counts, accounts, time span, target hosts and status meanings.
 *
 * Misses: guessing distributed over many source IPs (botnets, rotating proxies) — each source stays under the
 * line; slow (day-window) guessing from an address that also logs many successes, such as a busy VDI gateway
 * (the day window only counts for sources whose successes are under a third of their failures); attacks against services that log no failures; attempts whose failures only a DC records without
 * the client address (4776 falls back to the workstation name, which the client chooses); one source's NTLM
 * failure logged as both 4776 on the DC and 4625 on the server counts in two places (workstation and IP).
 *
 * False positives: a device or service with a stale saved password retrying (phones, mapped drives, service
 * accounts after a password change) — brute force, usually one account, steady rate; vulnerability scanners
 * and penetration tests; a shared address (NAT, VDI gateway, jump host) where many people fail at once —
 * damped because their successes cure their failures and because the baseline learns such sources.
 */
import type { Alert } from '../model/index.js';
import { makeAlert } from './alert.js';
import type { DetectorFamily, DetectorMeta } from './detector.js';
import { UNNAMED_ACCOUNT } from './auth/attempt.js';
import {
  accountCounts,
  accountLabel,
  codesOf,
  hostsPhrase,
  slowReason,
  sourceEntities,
  sourceLabel,
  spanPhrase,
  statusReason,
  statusShares,
  thresholdReason,
  topHost,
} from './auth/text.js';
import { trackerConfigSchema } from './auth/config.js';
import type { Episode, Source } from './auth/source.js';
import { FailureTracker, type TrackerHooks } from './auth/tracker.js';
import { fmtInt, fmtList, plural } from './wording.js';

const COMMON_FP = [
  'device or service retrying a stale saved password',
  'vulnerability scanner or authorised penetration test',
  'shared address (NAT, VDI gateway) where many people mistype at once',
];
const COMMON_BLIND = [
  'guessing spread over many source addresses',
  'services that do not log failed logons',
  'failures logged only without a client address or workstation name',
];

/** Metadata of auth.bruteforce. */
export const BRUTEFORCE: DetectorMeta = {
  id: 'auth.bruteforce',
  title: 'Brute force: many failed logons from one source against one or a few accounts',
  category: 'identity',
  attack: ['T1110.001'],
  needs: ['authentication'],
  scorePolicy:
    '50 at the threshold, +10 per doubling of failures over it (at most 80), +5 when most results say the password was wrong (a real account), +5 when accounts were locked',
  falsePositives: COMMON_FP,
  blindSpots: COMMON_BLIND,
  maturity: 'test',
};

/** Metadata of auth.spray. */
export const SPRAY: DetectorMeta = {
  id: 'auth.spray',
  title: 'Password spraying: failed logons for many accounts from one source, few tries each',
  category: 'identity',
  attack: ['T1110.003'],
  needs: ['authentication'],
  scorePolicy:
    '55 at the threshold, +10 per doubling of accounts over it (at most 80), +5 when low-and-slow (a day window), +5 when at least a quarter of results say the password was wrong (real accounts)',
  falsePositives: COMMON_FP,
  blindSpots: [
    ...COMMON_BLIND,
    'sprays slower than the day window (fewer than the slow threshold per day)',
    'slow spraying from behind a busy shared address that also logs many successes',
  ],
  maturity: 'test',
};

function log2Bonus(x: number, t: number): number {
  return t > 0 && x > t ? 10 * Math.log2(x / t) : 0;
}

function bruteforceAlert(tr: FailureTracker, src: Source, ep: Episode): Alert {
  const who = sourceLabel(src);
  const d = ep.accounts.size;
  const top = ep.accounts.top(1)[0]?.[0] ?? UNNAMED_ACCOUNT;
  const topName = accountLabel(top);
  const shares = statusShares(ep);
  const reasons = [
    `${plural(ep.fails, 'failed logon')} ${spanPhrase(ep)} from ${who} against ${
      d === 1 ? `the account ${topName}` : `${plural(d, 'account')}: ${accountCounts(ep, 5)}`
    }${hostsPhrase(ep)}`,
    thresholdReason(tr, ep),
  ];
  const slow = slowReason(ep);
  if (slow !== undefined) reasons.push(slow);
  const st = statusReason(tr, ep);
  if (st !== undefined) reasons.push(st);
  if (shares.locked > 0) {
    reasons.push(
      `${plural(shares.locked, 'attempt')} hit locked or revoked accounts (${codesOf(ep, 'locked')}) — the guessing may be locking staff out`,
    );
  }
  let score = Math.min(80, 50 + log2Bonus(ep.fails, ep.threshold.value));
  if (shares.wrong_password * 2 >= ep.fails) score += 5;
  if (shares.locked > 0) score += 5;
  const more = d > 1 ? ` and ${plural(d - 1, 'more account')}` : '';
  return makeAlert({
    detector: BRUTEFORCE.id,
    category: BRUTEFORCE.category,
    score,
    title: `Brute force against ${topName}${more} from ${who}`,
    reasons,
    entities: { ...sourceEntities(src), user: top === UNNAMED_ACCOUNT ? undefined : top, host: topHost(ep) },
    events: ep.ids,
    omitted: ep.records - ep.ids.length,
    attack: BRUTEFORCE.attack,
    time: ep.crossedAt,
  });
}

function sprayAlert(tr: FailureTracker, src: Source, ep: Episode): Alert {
  const who = sourceLabel(src);
  const d = ep.accounts.size;
  const dText = ep.accounts.full ? `more than ${fmtInt(d)}` : fmtInt(d);
  const shares = statusShares(ep);
  const avg = ep.fails / Math.max(1, d);
  const tries = avg < 1.05 ? 'one try per account' : `about ${avg.toFixed(1)} tries per account`;
  const reasons = [
    `${plural(ep.fails, 'failed logon')} for ${dText} different accounts ${spanPhrase(ep)} from ${who}, ${tries}${hostsPhrase(ep)}`,
    thresholdReason(tr, ep),
  ];
  const slow = slowReason(ep);
  if (slow !== undefined) reasons.push(slow);
  const names: string[] = [];
  for (const a of ep.accounts.keys()) {
    if (names.length === 10) break;
    names.push(accountLabel(a));
  }
  reasons.push(`accounts tried, in order: ${fmtList(names, d, 10)}`);
  const st = statusReason(tr, ep);
  if (st !== undefined) reasons.push(st);
  const enumShare = shares.unknown_account / Math.max(1, ep.fails);
  if (enumShare >= 0.5) {
    reasons.push(
      `${Math.round(enumShare * 100)}% of attempts named accounts that do not exist (${codesOf(ep, 'unknown_account')}) — account enumeration: the source is finding out which user names are valid`,
    );
  }
  let score = Math.min(80, 55 + log2Bonus(d, ep.threshold.value));
  if (ep.metric === 'slowAccounts') score += 5;
  if (shares.wrong_password * 4 >= ep.fails) score += 5;
  const what = enumShare >= 0.8 ? 'Account enumeration' : 'Password spraying';
  return makeAlert({
    detector: SPRAY.id,
    category: SPRAY.category,
    score,
    title: `${what} against ${dText} accounts from ${who}`,
    reasons,
    entities: { ...sourceEntities(src), host: topHost(ep) },
    events: ep.ids,
    omitted: ep.records - ep.ids.length,
    attack: SPRAY.attack,
    time: ep.crossedAt,
  });
}

/** Tracker hooks that turn confirmed episodes into auth.bruteforce / auth.spray alerts. */
export function loginFailureHooks(tracker: () => FailureTracker): TrackerHooks {
  return {
    confirmed(src, ep, emit) {
      emit(
        ep.detector === 'auth.spray' ? sprayAlert(tracker(), src, ep) : bruteforceAlert(tracker(), src, ep),
      );
    },
  };
}

/** The login-failures family (auth.bruteforce, auth.spray); `config` follows trackerConfigSchema. */
export function createLoginFailures(config?: unknown): DetectorFamily {
  const cfg = trackerConfigSchema.parse(config ?? {});
  const tracker: FailureTracker = new FailureTracker(
    cfg,
    loginFailureHooks(() => tracker),
    false,
  );
  return {
    name: 'login-failures',
    detectors: [BRUTEFORCE, SPRAY],
    handle: (e, emit) => tracker.handle(e, emit),
    advance: (now, emit) => tracker.advance(now, emit),
    finish: (emit) => tracker.finish(emit),
    snapshot: () => tracker.snapshot(),
    restore: (s) => tracker.restore(s),
  };
}
