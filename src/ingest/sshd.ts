/**
 * sshd and PAM messages (the text after `sshd[pid]: `) mapped to `authentication` outcomes. Used by syslog.ts;
 * separate so the message grammar is tested on its own. Message texts are OpenSSH's `auth.c`/`auth2.c`/
 * `packet.c` log lines and Linux-PAM `pam_unix` lines: https://man.openbsd.org/sshd.8 ·
 * https://github.com/linux-pam/linux-pam/tree/master/modules/pam_unix
 *
 * One password guess is one `logon` failure: OpenSSH logs `Invalid user X from IP` once per connection when
 * the account does not exist, then `Failed password for invalid user X …` for each guess (auth.log shows
 * 178 `Invalid user` lines and 331 `Failed … for invalid user` lines; 86 of those connections guessed nothing
 * before giving up). So `Invalid user` is `invalid_user_probe`, not a logon; the `Failed` lines are the
 * attempts. Likewise `pam_unix … authentication failure` and `PAM N more authentication failures` repeat the
 * sshd `Failed` lines (`pam_auth_failure`), and `maximum authentication attempts exceeded` closes a
 * connection whose guesses were already logged (`max_auth_attempts`). Connection ends before login are
 * `connection_closed`; only `Disconnected from [user X] IP port P` of an authenticated session is `logoff`.
 *
 * A username probe that never guesses (`Invalid user X from IP port P`, then the connection closes before
 * authentication with no `Failed` line for that address and port) is still an attempt on an unknown account —
 * slow username enumeration looks like this, and fail2ban counts it too. {@link ProbeJoin} keeps the open
 * probes of one input and turns such a close into a `logon` failure (status `invalid_user`, attrs.probe
 * `name_only`), so each connection counts once either way.
 */
import type { WardEvent } from '../model/index.js';
import { AUTH_ACTIONS } from '../model/index.js';

/** Actions Linux auth logs need beyond AUTH_ACTIONS in src/model/actions.ts. */
export const LINUX_AUTH_ACTIONS = {
  /** sshd `Invalid user X from IP`: the name does not exist; the guesses follow as `logon` failures. */
  invalidUserProbe: 'invalid_user_probe',
  /** Connection ended before (or without) an authenticated session; not an attempt. */
  connectionClosed: 'connection_closed',
  /** sshd gave up after MaxAuthTries; the guesses before it were logged separately. */
  maxAuthAttempts: 'max_auth_attempts',
  /** A PAM or logind session ended. */
  sessionClosed: 'session_closed',
  /** An account's password was changed (PAM chauthtok); `resource` = account. */
  passwordChanged: 'password_changed',
  /** A local group was created; `resource` = group. */
  groupCreated: 'group_created',
  /** A command run through sudo (class `process`). */
  sudo: 'sudo',
} as const;

/**
 * The event fields a message fills. The mappers write straight into the event (no intermediate object: this
 * is the hot path of auth.log ingestion) and set only the keys they found.
 */
export type AuthTarget = Pick<
  WardEvent,
  | 'class'
  | 'action'
  | 'outcome'
  | 'code'
  | 'user'
  | 'srcIp'
  | 'srcPort'
  | 'method'
  | 'status'
  | 'resource'
  | 'count'
  | 'attrs'
>;

/** sshd messages are under 1 KiB (OpenSSH's log buffer); longer text is not parsed for fields. */
const MAX_PARSED = 4096;

// Greedy `(.*)` before ` from IP port P` takes the last such phrase, so a user name containing " from " stays whole.
const LOGON = /^(Accepted|Failed) (\S+) for (invalid user )?(.*) from (\S+) port (\d+)/;
const INVALID = /^Invalid user (.*) from (\S+)(?: port (\d+))?\s*$/;
const CLOSED = /^Connection (?:closed|reset) by (?:(?:authenticating|invalid) user (.*) )?(\S+) port (\d+)/;
const DISCONNECTED = /^Disconnected from (?:(authenticating |invalid )?user (.*) )?(\S+) port (\d+)/;
const RECEIVED = /^Received disconnect from (\S+) port (\d+)/;
const MAX_TRIES =
  /^error: maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+) port (\d+)/;
const PAM_MORE = /^PAM (\d+) more authentication failures?;/;
const RHOST = / rhost=(\S*)/;
const PAM_USER = / user=(\S+)/;
const IP_LIKE = /^[0-9a-fA-F:.]+$/;
const REPEATED = /^message repeated (\d+) times?: \[ ?/;
const PASSWORD_CHANGED = /^password changed for (\S+)/;
const NO_SUCH_USER = /^user "([^"]*)" does not exist/;

/** `message repeated N times: [ inner ]` (rsyslog's duplicate suppression): the inner text and N. */
export function unwrapRepeated(message: string): { count: number; inner: string } | undefined {
  if (!at(message, 0, 'message repeated ') || message.length > MAX_PARSED) return undefined;
  const m = REPEATED.exec(message);
  if (!m) return undefined;
  const end = message.endsWith(']') ? message.length - 1 : message.length;
  return { count: Number(m[1]), inner: message.slice(m[0].length, end) };
}

/** Set the common fields of an authentication outcome; only present values are written. */
function set(
  e: AuthTarget,
  action: string,
  outcome: WardEvent['outcome'],
  code: string,
  user: string | undefined,
  ip: string | undefined,
  portText: string | undefined,
): void {
  e.class = 'authentication';
  e.action = action;
  e.outcome = outcome;
  e.code = code;
  if (user) e.user = user; // sshd logs an empty name as "user  from"; absent rather than ''
  if (ip !== undefined) e.srcIp = ip;
  if (portText !== undefined && portText.length <= 5) {
    // The regex matched \d+; summing digits avoids a generic string-to-number conversion per line.
    let n = 0;
    for (let i = 0; i < portText.length; i++) n = n * 10 + portText.charCodeAt(i) - 48;
    if (n <= 65535) e.srcPort = n;
  }
}

function addAttr(e: AuthTarget, key: string, value: string): void {
  if (e.attrs) e.attrs[key] = value;
  else e.attrs = { [key]: value };
}

/**
 * Map one sshd message onto `e` (class, action, outcome, user, srcIp, srcPort, method, status, code, count).
 * Returns false, leaving `e` untouched, when the message is not an authentication outcome.
 */
export function parseSshd(message: string, e: AuthTarget): boolean {
  if (message.length > MAX_PARSED) return false;
  let m: RegExpExecArray | null;
  switch (message.charCodeAt(0)) {
    case 65: // A
    case 70: // F
      if (!(m = LOGON.exec(message))) return false;
      if (m[1] === 'Accepted') set(e, AUTH_ACTIONS.logon, 'success', 'accepted', m[4], m[5], m[6]);
      else {
        set(e, AUTH_ACTIONS.logon, 'failure', 'failed', m[4], m[5], m[6]);
        e.status = m[3] !== undefined ? 'invalid_user' : failureStatus(m[2]!);
      }
      e.method = m[2]!;
      return true;
    case 73: // I
      if (!(m = INVALID.exec(message))) return false;
      set(e, LINUX_AUTH_ACTIONS.invalidUserProbe, 'failure', 'invalid_user', m[1], m[2], m[3]);
      e.status = 'invalid_user';
      return true;
    case 67: // C
      if (!(m = CLOSED.exec(message))) return false;
      set(e, LINUX_AUTH_ACTIONS.connectionClosed, 'unknown', 'connection_closed', m[1], m[2], m[3]);
      preauth(e, message);
      return true;
    case 68: // D
      if (!(m = DISCONNECTED.exec(message))) return false;
      if (m[1] !== undefined || message.endsWith('[preauth]')) {
        set(e, LINUX_AUTH_ACTIONS.connectionClosed, 'unknown', 'disconnected', m[2], m[3], m[4]);
        preauth(e, message);
      } else set(e, AUTH_ACTIONS.logoff, 'success', 'disconnected', m[2], m[3], m[4]);
      return true;
    case 82: // R — the peer's disconnect; the `Disconnected from` line that follows is the logoff
      if (!(m = RECEIVED.exec(message))) return false;
      set(e, LINUX_AUTH_ACTIONS.connectionClosed, 'unknown', 'received_disconnect', undefined, m[1], m[2]);
      preauth(e, message);
      return true;
    case 101: // e
      if (!(m = MAX_TRIES.exec(message))) return false;
      set(e, LINUX_AUTH_ACTIONS.maxAuthAttempts, 'failure', 'max_auth_attempts', m[2], m[3], m[4]);
      if (m[1] !== undefined) e.status = 'invalid_user';
      return true;
    case 80: // P
      if (!(m = PAM_MORE.exec(message))) return false;
      pamFailure(e, message, 'pam_more_failures');
      e.count = Number(m[1]);
      return true;
    case 112: // p
      return parsePam(message, e);
    case 109: {
      // m
      const rep = unwrapRepeated(message);
      if (!rep || !parseSshd(rep.inner, e)) return false;
      e.count = rep.count;
      return true;
    }
    default:
      return false;
  }
}

function failureStatus(method: string): string {
  if (method === 'password' || method.startsWith('keyboard-interactive')) return 'bad_password';
  return method === 'publickey' ? 'bad_key' : 'failed';
}

function preauth(e: AuthTarget, message: string): void {
  if (message.endsWith('[preauth]')) e.status = 'preauth';
}

/** `… rhost=IP user=X` of a PAM auth failure: not an attempt of its own (module header). */
function pamFailure(e: AuthTarget, text: string, code: string): void {
  const user = PAM_USER.exec(text)?.[1];
  set(e, AUTH_ACTIONS.pamAuthFailure, 'failure', code, user, undefined, undefined);
  const host = RHOST.exec(text)?.[1];
  if (host) {
    if (IP_LIKE.test(host)) e.srcIp = host;
    else addAttr(e, 'rhost', host);
  }
}

/**
 * Map a PAM module message `pam_X(service:type): …` (from any program) onto `e`: session opened/closed,
 * auth failure, password changed; `attrs.service` = the PAM service. Returns false for other PAM chatter
 * (`check pass; user unknown`).
 */
export function parsePam(message: string, e: AuthTarget): boolean {
  if (message.charCodeAt(3) !== 95 /* _ */ || !at(message, 0, 'pam_') || message.length > MAX_PARSED)
    return false;
  // `pam_unix(sshd:session): text`, found with indexOf: this runs for every PAM line.
  const open = message.indexOf('(', 4);
  const colon = message.indexOf(':', open);
  const close = message.indexOf('): ', colon);
  if (open < 0 || colon < 0 || close < 0 || close > 80) return false;
  const t = close + 3;
  switch (message.charCodeAt(colon + 1)) {
    case 115: // s
      return close === colon + 8 && pamSession(message, t, message.slice(open + 1, colon), e);
    case 97: // a
      if (close !== colon + 5 || !at(message, t, 'authentication failure')) return false;
      pamFailure(e, message, 'pam_auth_failure');
      break;
    case 99: {
      // c
      if (close !== colon + 10) return false;
      const text = message.slice(t);
      let m = PASSWORD_CHANGED.exec(text);
      if (m)
        set(
          e,
          LINUX_AUTH_ACTIONS.passwordChanged,
          'success',
          'password_changed',
          undefined,
          undefined,
          undefined,
        );
      else if ((m = NO_SUCH_USER.exec(text))) {
        set(
          e,
          LINUX_AUTH_ACTIONS.passwordChanged,
          'failure',
          'password_change_failed',
          undefined,
          undefined,
          undefined,
        );
        e.status = 'unknown_user';
      } else return false;
      e.resource = m[1]!;
      break;
    }
    default:
      return false;
  }
  addAttr(e, 'service', message.slice(open + 1, colon));
  return true;
}

/** True when `s` has `x` at `pos` (indexOf: measured twice as fast as startsWith with a position in V8). */
function at(s: string, pos: number, x: string): boolean {
  return s.indexOf(x, pos) === pos;
}

/** `session opened for user X[(uid=N)] by Y(uid=M)` / `session closed for user X` at `t`. */
function pamSession(message: string, t: number, service: string, e: AuthTarget): boolean {
  const opened = message.charCodeAt(t + 8) === 111; // o: "session opened", c: "session closed"
  if (
    !at(message, t + 14, ' for user ') ||
    !(opened ? at(message, t, 'session opened') : at(message, t, 'session closed'))
  )
    return false;
  const u = t + 24;
  let end = message.indexOf(' ', u);
  if (end === -1) end = message.length;
  const paren = message.indexOf('(', u);
  const user = message.slice(u, paren !== -1 && paren < end ? paren : end);
  if (user === '') return false;
  set(
    e,
    opened ? AUTH_ACTIONS.sessionOpened : LINUX_AUTH_ACTIONS.sessionClosed,
    'success',
    opened ? 'pam_session_opened' : 'pam_session_closed',
    user,
    undefined,
    undefined,
  );
  addAttr(e, 'service', service);
  if (opened && message.charCodeAt(end + 1) === 98 /* b */ && at(message, end, ' by ')) {
    const from = end + 4;
    let to = from;
    while (to < message.length && message.charCodeAt(to) !== 40 /* ( */ && message.charCodeAt(to) !== 32)
      to++;
    if (to > from) addAttr(e, 'by', message.slice(from, to));
  }
  return true;
}

/** Open probes kept per input; enough for any real burst, bounded so a flood cannot grow memory. */
const MAX_PROBES = 10_000;

/**
 * Pairs `Invalid user` probes with the end of their connection (module header). One per input: a connection is
 * its sshd process id and remote address (older OpenSSH logs no port on the probe line), else address and port.
 */
export class ProbeJoin {
  private readonly open = new Map<string, string | undefined>();

  /** Look at a mapped sshd event (`pid` from the syslog header); may turn a probe-only close into a failure. */
  see(e: AuthTarget, pid: string | undefined): void {
    if (e.srcIp === undefined || (pid === undefined && e.srcPort === undefined)) return;
    const action = e.action;
    const probe = action === LINUX_AUTH_ACTIONS.invalidUserProbe;
    // Most lines are not part of a probe: no key is built for them.
    if (!probe && this.open.size === 0) return;
    const key = pid !== undefined ? `${pid} ${e.srcIp}` : `${e.srcIp} ${e.srcPort}`;
    if (probe) {
      if (this.open.size >= MAX_PROBES) this.open.delete(this.open.keys().next().value!);
      this.open.set(key, e.user);
      return;
    }
    if (!this.open.has(key)) return;
    if (action === LINUX_AUTH_ACTIONS.connectionClosed) {
      const user = this.open.get(key);
      this.open.delete(key);
      if (e.status !== 'preauth') return;
      e.action = AUTH_ACTIONS.logon;
      e.outcome = 'failure';
      e.status = 'invalid_user';
      if (user !== undefined && e.user === undefined) e.user = user;
      addAttr(e, 'probe', 'name_only');
    } else if (action === AUTH_ACTIONS.logon || action === LINUX_AUTH_ACTIONS.maxAuthAttempts) {
      // The connection guessed: its Failed lines are the attempts.
      this.open.delete(key);
    }
  }
}
