/** Wording shared by the login detectors: who the source is, what the results meant, why it crossed. */
import { fmtInt, fmtList, fmtSpan, plural } from '../wording.js';
import { UNNAMED_ACCOUNT, statusClass } from './attempt.js';
import type { StatusClass } from './attempt.js';
import type { Episode, Source } from './source.js';
import type { FailureTracker } from './tracker.js';

/** An account as a reader would name it (attempts without a user name get words, not `?`). */
export function accountLabel(a: string): string {
  return a === UNNAMED_ACCOUNT ? '(empty user name)' : a;
}

/** The source as a reader would name it. */
export function sourceLabel(src: Source): string {
  if (src.ip !== '') return src.ip;
  if (src.ws !== '') return `workstation ${src.ws}`;
  return `local logons on ${src.localHost === '' ? 'an unnamed host' : src.localHost}`;
}

/** Alert entities naming the source. */
export function sourceEntities(src: Source): Record<string, string> {
  if (src.ip !== '') return { srcIp: src.ip };
  if (src.ws !== '') return { srcHost: src.ws };
  const out: Record<string, string> = {};
  if (src.localHost !== '') out.host = src.localHost;
  if (src.localUser !== '' && src.localUser !== UNNAMED_ACCOUNT) out.user = src.localUser;
  return out;
}

/** The most frequent target host of an episode, if any. */
export function topHost(ep: Episode): string | undefined {
  return ep.hosts.top(1)[0]?.[0];
}

/** ` on host-a, host-b` or ''. */
export function hostsPhrase(ep: Episode): string {
  if (ep.hosts.size === 0) return '';
  const names = ep.hosts.top(3).map(([h]) => h);
  return ` on ${fmtList(names, ep.hosts.size, 3)}`;
}

/** `over 2 min 43 s` or `within a second`. */
export function spanPhrase(ep: Episode): string {
  const ms = ep.last - ep.first;
  return ms < 1000 ? 'within a second' : `over ${fmtSpan(ms)}`;
}

/** Failures per status class. */
export function statusShares(ep: Episode): Record<StatusClass, number> {
  const out: Record<StatusClass, number> = { unknown_account: 0, wrong_password: 0, locked: 0, other: 0 };
  for (const [code, n] of ep.statuses.top()) out[statusClass(code)] += n;
  return out;
}

/** `results: wrong password (0xc000006a) ×3,558, …`, or undefined when no status was logged. */
export function statusReason(tr: FailureTracker, ep: Episode): string | undefined {
  if (ep.statuses.size === 0) return undefined;
  const parts = ep.statuses.top(5).map(([code, n]) => {
    const text = tr.statusText(code);
    // Hex codes are worth showing beside the text; parser texts may carry their own parentheses.
    const label =
      text === undefined
        ? code
        : !code.startsWith('0x')
          ? text
          : text.includes('(')
            ? `${code} ${text}`
            : `${text} (${code})`;
    return `${label} ×${fmtInt(n)}`;
  });
  return `results: ${fmtList(parts, ep.statuses.size, 5)}`;
}

/** Codes of one status class in an episode, e.g. `0x12, 0xc0000234`. */
export function codesOf(ep: Episode, cls: StatusClass): string {
  return ep.statuses
    .top()
    .filter(([c]) => statusClass(c) === cls)
    .map(([c]) => c)
    .join(', ');
}

/** Why the episode crossed: the value, the threshold and the typical level it was derived from. */
export function thresholdReason(tr: FailureTracker, ep: Episode): string {
  const { value, typical, learned } = ep.threshold;
  const typ = Math.round(typical);
  const fast = ep.metric === 'fastFailures' || ep.metric === 'fastAccounts';
  const win = fmtSpan(fast ? tr.fastMs : tr.slowMs);
  const note = learned
    ? ''
    : ' (built-in default: not enough normal traffic seen yet to learn this site’s level)';
  const v = fmtInt(ep.value);
  const t = fmtInt(value);
  if (ep.metric === 'fastFailures') {
    return `${v} failures within ${win} reached the threshold of ${t}; typical sources here fail at most ${plural(typ, 'time')} in ${win}${note}`;
  }
  const typAccts = typ === 0 ? 'no account' : `at most ${plural(typ, 'account')}`;
  if (ep.metric === 'slowFailures') {
    return `${v} failed logons within ${win} had no successful logon after them (threshold ${t}); typical sources here have at most ${fmtInt(typ)} such failures in ${win}${note}`;
  }
  return `${v} accounts failed within ${win} with no successful logon after (threshold ${t}); typical sources here leave ${typAccts} like that in ${win}${note}`;
}

/** For slow crossings: how spread out the attempts were. */
export function slowReason(ep: Episode): string | undefined {
  if (ep.metric !== 'slowAccounts' && ep.metric !== 'slowFailures') return undefined;
  const span = ep.last - ep.first;
  if (ep.fails < 2 || span < 3_600_000) return undefined;
  const every = fmtSpan(span / (ep.fails - 1));
  return `spread over ${fmtSpan(span)}, about one attempt every ${every} — slow enough to stay under per-minute limits and lockout counters`;
}

/** `a ×12, b ×3 and 4 more` for the most-tried accounts. */
export function accountCounts(ep: Episode, limit: number): string {
  const top = ep.accounts.top(limit).map(([a, n]) => `${accountLabel(a)} ×${fmtInt(n)}`);
  return fmtList(top, ep.accounts.size, limit);
}
