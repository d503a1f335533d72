/**
 * Linux account and session programs in syslog (the message after `app[pid]: `), mapped onto the event: sshd
 * and PAM via sshd.ts; sudo (class `process`, attrs.command and attrs.runAs), su (explicit logon),
 * useradd/usermod/userdel/groupadd (accounts and groups, resource = the account or group) and systemd-logind
 * sessions. Message texts: sudo(8) logs, shadow-utils (useradd …), util-linux su, systemd-logind.
 */
import { AUTH_ACTIONS } from '../model/index.js';
import { LINUX_AUTH_ACTIONS, parsePam, parseSshd, type AuthTarget } from './sshd.js';

/**
 * Map auth-relevant programs onto `e` (module header); false = a plain `process` line. Dispatch is by program
 * name first, so most lines meet at most one cheap prefix test.
 */
export function linuxAuth(app: string, msg: string, e: AuthTarget): boolean {
  switch (app) {
    case 'sshd':
    case 'sshd-session': // OpenSSH ≥ 9.8 logs authentication from the per-session binary
    case 'sshd-auth':
      return parseSshd(msg, e);
    case 'sudo':
      return parseSudo(msg, e) || parsePam(msg, e);
    case 'su':
      return parseSu(msg, e) || parsePam(msg, e);
    case 'useradd':
    case 'usermod':
    case 'userdel':
    case 'groupadd':
      return parseAccount(msg, e);
    case 'systemd-logind':
      return parseLogind(msg, e);
    default:
      return parsePam(msg, e);
  }
}

/** `alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id` (or a failure reason first). */
function parseSudo(msg: string, e: AuthTarget): boolean {
  const colon = msg.indexOf(' : ');
  if (colon < 1 || colon > 64 || msg.lastIndexOf(' ', colon - 1) !== -1) return false;
  e.class = 'process';
  e.action = LINUX_AUTH_ACTIONS.sudo;
  e.outcome = 'success';
  e.code = 'sudo';
  e.user = msg.slice(0, colon);
  const attrs = (e.attrs ??= {});
  const cmd = msg.indexOf('COMMAND=', colon);
  for (const part of msg.slice(colon + 3, cmd === -1 ? undefined : cmd).split(' ; ')) {
    if (part.startsWith('USER=')) attrs.runAs = part.slice(5);
    else if (part.startsWith('TTY=')) attrs.tty = part.slice(4);
    else if (part !== '' && !part.includes('=')) {
      e.outcome = 'failure';
      e.status = part.includes('incorrect password')
        ? 'bad_password'
        : part.includes('NOT in sudoers')
          ? 'not_in_sudoers'
          : part.includes('not allowed')
            ? 'command_not_allowed'
            : part.slice(0, 64);
    }
  }
  if (cmd !== -1) attrs.command = msg.slice(cmd + 8, cmd + 208);
  return true;
}

const SU_CLASSIC = /^(Successful|FAILED) su for (\S+) by (\S+)/;
const SU_UTIL_LINUX = /^(FAILED SU )?\(to (\S+)\) (\S+) on (\S+)/;

/** su is a logon with explicit credentials, like Windows runas: user = who ran it, attrs.targetUser = as whom. */
function parseSu(msg: string, e: AuthTarget): boolean {
  const a = SU_CLASSIC.exec(msg);
  const m = a ?? SU_UTIL_LINUX.exec(msg);
  if (!m) return false;
  const failed = a ? a[1] === 'FAILED' : m[1] !== undefined;
  e.class = 'authentication';
  e.action = AUTH_ACTIONS.explicitLogon;
  e.outcome = failed ? 'failure' : 'success';
  e.code = 'su';
  e.user = m[3]!;
  (e.attrs ??= {}).targetUser = m[2]!;
  if (failed) e.status = 'bad_password';
  return true;
}

const NEW_USER = /^new user: name=([^,]+), UID=(\d+)/;
const NEW_GROUP = /^new group: name=([^,]+)/;
const FAILED_ADD = /^failed adding user '([^']+)'/;
const ADD_TO_GROUP = /^add '([^']+)' to group '([^']+)'/;
const DELETE_USER = /^delete user '([^']+)'/;

function account(
  e: AuthTarget,
  action: string,
  outcome: 'success' | 'failure',
  code: string,
  resource: string,
): true {
  e.class = 'authentication';
  e.action = action;
  e.outcome = outcome;
  e.code = code;
  e.resource = resource;
  return true;
}

/** useradd / usermod / userdel / groupadd: accounts and groups created, deleted or joined; resource = account. */
function parseAccount(msg: string, e: AuthTarget): boolean {
  let m: RegExpExecArray | null;
  if ((m = NEW_USER.exec(msg))) {
    (e.attrs ??= {}).uid = m[2]!;
    return account(e, AUTH_ACTIONS.accountCreated, 'success', 'new_user', m[1]!);
  }
  if ((m = FAILED_ADD.exec(msg)))
    return account(e, AUTH_ACTIONS.accountCreated, 'failure', 'failed_adding_user', m[1]!);
  if ((m = NEW_GROUP.exec(msg)))
    return account(e, LINUX_AUTH_ACTIONS.groupCreated, 'success', 'new_group', m[1]!);
  if ((m = ADD_TO_GROUP.exec(msg))) {
    (e.attrs ??= {}).member = m[1]!;
    return account(e, AUTH_ACTIONS.groupMemberAdded, 'success', 'add_to_group', m[2]!);
  }
  if ((m = DELETE_USER.exec(msg)))
    return account(e, AUTH_ACTIONS.accountDeleted, 'success', 'delete_user', m[1]!);
  return false;
}

const LOGIND_NEW = /^New session (\S+) of user (\S+?)\.?$/;
const LOGIND_REMOVED = /^Removed session (\S+?)\.?$/;

/** systemd-logind session bookkeeping (it repeats the PAM session lines; `code` tells them apart). */
function parseLogind(msg: string, e: AuthTarget): boolean {
  const m = LOGIND_NEW.exec(msg);
  const r = m ? undefined : LOGIND_REMOVED.exec(msg);
  if (!m && !r) return false;
  e.class = 'authentication';
  e.outcome = 'success';
  if (m) {
    e.action = AUTH_ACTIONS.sessionOpened;
    e.code = 'logind_new_session';
    e.user = m[2]!;
  } else {
    e.action = LINUX_AUTH_ACTIONS.sessionClosed;
    e.code = 'logind_removed_session';
  }
  (e.attrs ??= {}).session = (m ?? r)![1]!;
  return true;
}
