/**
 * What login detectors agree on about an `authentication` event: whether it is a credential attempt and how
 * it ended, which account it targeted, which source made it, and what its status code means. One place, so
 * brute force, spraying and success-after-failures count the same attempts the same way.
 *
 * Status codes: Windows NTSTATUS (4625, 4776) and Kerberos result codes (4768, 4771, RFC 4120 §7.5.9):
 * https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4625 and
 * https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4771 ; sshd statuses
 * are the syslog parser's (`bad_password`, `invalid_user`, `bad_key`).
 */
import { AUTH_ACTIONS } from '../../model/index.js';
import type { WardEvent } from '../../model/index.js';

/** Not a credential attempt (other action, duplicate record, infrastructure failure). */
export const NOT_ATTEMPT = 0;
/** A failed credential attempt. */
export const FAILED = 1;
/** A successful credential attempt. */
export const SUCCEEDED = 2;
/** How an event counts for login detectors. */
export type AttemptKind = typeof NOT_ATTEMPT | typeof FAILED | typeof SUCCEEDED;

/**
 * Failure statuses that say nothing about the credential, so they are not guesses: clock skew (0x25,
 * 0xc0000133), no logon server (0xc000005e, 0xc0000192), Kerberos asking for pre-authentication (0x19, the
 * normal first leg of every Kerberos logon), and sshd public-key mismatches (clients offer every key they have).
 */
const NOT_A_GUESS = new Set(['0x25', '0xc0000133', '0xc000005e', '0xc0000192', '0x19', 'bad_key']);

/** Statuses meaning the account does not exist: guesses at names, i.e. account enumeration. */
const UNKNOWN_ACCOUNT = new Set(['0x6', '0xc0000064', 'invalid_user', 'unknown_user']);
/** Statuses meaning the account exists and the password was wrong. */
const WRONG_PASSWORD = new Set(['0x18', '0xc000006a', 'bad_password']);
/** Statuses meaning the account is locked (or, for Kerberos 0x12, revoked, disabled or locked). */
const LOCKED = new Set(['0x12', '0xc0000234']);

/** Plain-language status texts used when the parser gave none (`attrs.statusText` wins when present). */
const STATUS_TEXT: ReadonlyMap<string, string> = new Map([
  ['0x6', 'unknown account'],
  ['0x12', 'account disabled, locked or revoked'],
  ['0x17', 'password expired'],
  ['0x18', 'wrong password'],
  ['0xc0000064', 'unknown account'],
  ['0xc000006a', 'wrong password'],
  ['0xc000006d', 'bad user name or password'],
  ['0xc0000072', 'account disabled'],
  ['0xc0000071', 'password expired'],
  ['0xc0000193', 'account expired'],
  ['0xc0000234', 'account locked out'],
  ['bad_password', 'wrong password'],
  ['invalid_user', 'unknown account'],
  ['unknown_user', 'unknown account'],
]);

/** How an event counts: a failed attempt, a successful one, or not an attempt at all. */
export function attemptKind(e: WardEvent): AttemptKind {
  const a = e.action;
  // pam_auth_failure, invalid_user_probe and similar repeat a `logon` failure: only these four are attempts.
  if (
    a !== AUTH_ACTIONS.logon &&
    a !== AUTH_ACTIONS.preauthFailed &&
    a !== AUTH_ACTIONS.tgtRequest &&
    a !== AUTH_ACTIONS.credentialValidation
  ) {
    return NOT_ATTEMPT;
  }
  // 4771 is only ever logged for a failure, whatever outcome a source reports.
  if (e.outcome === 'failure' || a === AUTH_ACTIONS.preauthFailed) {
    return e.status !== undefined && NOT_A_GUESS.has(e.status) ? NOT_ATTEMPT : FAILED;
  }
  return e.outcome === 'success' ? SUCCEEDED : NOT_ATTEMPT;
}

/** Accounts that are not people and are not guessed at: ignored entirely. */
export const IGNORED_ACCOUNT = '';
/** Stand-in for an attempt whose account the source did not name. */
export const UNNAMED_ACCOUNT = '?';

/**
 * The targeted account, normalized: lower case, `DOMAIN\user` and `user@realm` → `user`. Machine accounts
 * (`NAME$`) and `ANONYMOUS LOGON` give {@link IGNORED_ACCOUNT}; a missing or `-` name gives
 * {@link UNNAMED_ACCOUNT}.
 */
export function normalizeAccount(user: string | undefined): string {
  if (user === undefined) return UNNAMED_ACCOUNT;
  let u = user;
  const bs = u.lastIndexOf('\\');
  if (bs >= 0) u = u.slice(bs + 1);
  const at = u.indexOf('@');
  if (at > 0) u = u.slice(0, at);
  u = u.trim();
  if (u === '' || u === '-') return UNNAMED_ACCOUNT;
  if (u.charCodeAt(u.length - 1) === 36 /* $ */) return IGNORED_ACCOUNT;
  u = u.toLowerCase();
  return u === 'anonymous logon' ? IGNORED_ACCOUNT : u;
}

/** A source address, or undefined when it names no remote peer (`-`, empty, loopback). */
export function remoteIp(ip: string | undefined): string | undefined {
  if (ip === undefined || ip === '' || ip === '-' || ip === '::1' || ip.startsWith('127.')) return undefined;
  // IPv4-mapped IPv6 (Kerberos events log `::ffff:10.1.2.3`): one attacker, one key.
  if (
    ip.length > 7 &&
    ip.charCodeAt(0) === 58 &&
    ip.includes('.') &&
    ip.toLowerCase().startsWith('::ffff:')
  ) {
    return ip.slice(7);
  }
  return ip;
}

/** The client workstation name a Windows event gives, or undefined. */
export function workstationOf(e: WardEvent): string | undefined {
  const w = e.attrs?.workstation;
  return w === undefined || w === '' || w === '-' ? undefined : w.toLowerCase();
}

/**
 * Who made an attempt: the source IP when there is one; else the client workstation a Windows event names
 * (NTLM 4776 carries no IP); else the logging host plus the account, so a shared ward PC where many staff log
 * on locally is not mistaken for one source spraying many accounts.
 */
export function sourceKey(e: WardEvent, account: string): string {
  const ip = remoteIp(e.srcIp);
  if (ip !== undefined) return ip;
  const ws = workstationOf(e);
  if (ws !== undefined) return `ws:${ws}`;
  return `local:${e.host ?? '?'}/${account}`;
}

/** What a status says about an attempt, for explanations and scoring. */
export type StatusClass = 'unknown_account' | 'wrong_password' | 'locked' | 'other';

/** Classify a normalized status code. */
export function statusClass(status: string): StatusClass {
  if (UNKNOWN_ACCOUNT.has(status)) return 'unknown_account';
  if (WRONG_PASSWORD.has(status)) return 'wrong_password';
  if (LOCKED.has(status)) return 'locked';
  return 'other';
}

/** Plain text for a status: the parser's `attrs.statusText`, else a built-in text, else undefined. */
export function statusTextOf(status: string, fromSource: string | undefined): string | undefined {
  return fromSource ?? STATUS_TEXT.get(status);
}
