import { describe, expect, it } from 'vitest';
import { parsePam, parseSshd, ProbeJoin, unwrapRepeated, type AuthTarget } from './sshd.js';

/** Run a mapper on a fresh target the way syslog.ts does (a `process` event with attrs.pid). */
function map(fn: (m: string, e: AuthTarget) => boolean, message: string): AuthTarget | undefined {
  const e: AuthTarget = { class: 'process', outcome: 'unknown', attrs: { pid: '1' } };
  return fn(message, e) ? e : undefined;
}
const sshd = (m: string) => map(parseSshd, m);
const pam = (m: string) => map(parsePam, m);

describe('parseSshd', () => {
  it('maps a failed password for an existing user to a logon failure', () => {
    expect(sshd('Failed password for root from 24.151.103.17 port 41862 ssh2')).toEqual({
      class: 'authentication',
      action: 'logon',
      outcome: 'failure',
      code: 'failed',
      user: 'root',
      srcIp: '24.151.103.17',
      srcPort: 41862,
      method: 'password',
      status: 'bad_password',
      attrs: { pid: '1' },
    });
  });

  it('marks a failed password for an invalid user with status invalid_user', () => {
    const e = sshd('Failed password for invalid user admin from 203.0.113.7 port 40022 ssh2');
    expect(e).toMatchObject({ action: 'logon', outcome: 'failure', user: 'admin', status: 'invalid_user' });
  });

  it('leaves user absent when the client sent an empty name', () => {
    const e = sshd('Failed password for invalid user  from 203.0.113.7 port 40022 ssh2');
    expect(e).toMatchObject({ action: 'logon', status: 'invalid_user', srcIp: '203.0.113.7' });
    expect(e).not.toHaveProperty('user');
  });

  it('keeps a user name that itself contains " from "', () => {
    const e = sshd('Failed password for invalid user a from b from 203.0.113.7 port 22 ssh2');
    expect(e).toMatchObject({ user: 'a from b', srcIp: '203.0.113.7', srcPort: 22 });
  });

  it('maps failed publickey and keyboard-interactive/pam', () => {
    expect(sshd('Failed publickey for git from 198.51.100.9 port 3322 ssh2: RSA SHA256:x')).toMatchObject({
      action: 'logon',
      outcome: 'failure',
      method: 'publickey',
      status: 'bad_key',
    });
    expect(sshd('Failed keyboard-interactive/pam for bob from 198.51.100.9 port 3322 ssh2')).toMatchObject({
      method: 'keyboard-interactive/pam',
      status: 'bad_password',
    });
  });

  it('maps Accepted password and publickey to a logon success', () => {
    expect(
      sshd('Accepted publickey for ubuntu from 85.245.107.41 port 54259 ssh2: RSA SHA256:Kl8k'),
    ).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'success',
      user: 'ubuntu',
      srcIp: '85.245.107.41',
      srcPort: 54259,
      method: 'publickey',
    });
    expect(
      sshd('Accepted password for elastic_user_3 from 85.245.107.41 port 60111 ssh2'),
    ).not.toHaveProperty('status');
  });

  it('maps Invalid user to a probe, not a logon attempt (the Failed lines are the attempts)', () => {
    expect(sshd('Invalid user support from 95.152.57.58')).toMatchObject({
      action: 'invalid_user_probe',
      outcome: 'failure',
      status: 'invalid_user',
      user: 'support',
      srcIp: '95.152.57.58',
    });
    expect(sshd('Invalid user test from 203.0.113.5 port 4242')).toMatchObject({ srcPort: 4242 });
  });

  it('maps connection ends: preauth closes are not logoffs, Disconnected of a session is', () => {
    expect(sshd('Connection closed by 203.0.113.5 port 4242 [preauth]')).toMatchObject({
      action: 'connection_closed',
      status: 'preauth',
      srcIp: '203.0.113.5',
    });
    expect(
      sshd('Connection closed by authenticating user root 203.0.113.5 port 4242 [preauth]'),
    ).toMatchObject({
      action: 'connection_closed',
      user: 'root',
    });
    expect(sshd('Disconnected from invalid user oracle 203.0.113.5 port 4242 [preauth]')).toMatchObject({
      action: 'connection_closed',
      user: 'oracle',
    });
    expect(sshd('Disconnected from user alice 198.51.100.1 port 50000')).toMatchObject({
      action: 'logoff',
      outcome: 'success',
      user: 'alice',
    });
    expect(sshd('Disconnected from 198.51.100.1 port 50000')).toMatchObject({ action: 'logoff' });
    expect(sshd('Received disconnect from 198.51.100.1 port 50000:11: disconnected by user')).toMatchObject({
      action: 'connection_closed',
      code: 'received_disconnect',
    });
  });

  it('maps maximum authentication attempts exceeded (not an attempt itself)', () => {
    expect(
      sshd(
        'error: maximum authentication attempts exceeded for invalid user support from 95.152.57.58 port 53679 ssh2 [preauth]',
      ),
    ).toMatchObject({
      action: 'max_auth_attempts',
      outcome: 'failure',
      user: 'support',
      status: 'invalid_user',
    });
  });

  it('maps PAM failures from sshd to pam_auth_failure, with the repeat count', () => {
    expect(
      sshd(
        'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=218.60.136.106  user=root',
      ),
    ).toMatchObject({
      action: 'pam_auth_failure',
      outcome: 'failure',
      user: 'root',
      srcIp: '218.60.136.106',
    });
    expect(
      sshd(
        'PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=181.25.206.27  user=root',
      ),
    ).toMatchObject({ action: 'pam_auth_failure', count: 5, srcIp: '181.25.206.27', user: 'root' });
  });

  it('unwraps message repeated N times into the inner event with count N', () => {
    expect(
      sshd('message repeated 5 times: [ Failed password for root from 218.60.136.106 port 56338 ssh2]'),
    ).toMatchObject({ action: 'logon', outcome: 'failure', user: 'root', srcPort: 56338, count: 5 });
    expect(unwrapRepeated('message repeated 2 times: [ x]')).toEqual({ count: 2, inner: 'x' });
    expect(sshd('message repeated 2 times: [ Server listening on :: port 22.]')).toBeUndefined();
  });

  it('returns undefined for non-auth sshd chatter and never throws on garbage', () => {
    for (const m of [
      'Server listening on 0.0.0.0 port 22.',
      'Did not receive identification string from 203.0.113.9',
      'input_userauth_request: invalid user support [preauth]',
      '',
      'F',
      'Failed',
      'Accepted password for',
      'message repeated',
      'pam_unix(',
      'x'.repeat(100_000),
      'Failed password for ' + 'a '.repeat(50_000),
    ])
      expect(sshd(m)).toBeUndefined();
  });
});

describe('parsePam', () => {
  it('maps session opened/closed for any service, with and without uid', () => {
    expect(pam('pam_unix(sshd:session): session opened for user ubuntu by (uid=0)')).toMatchObject({
      class: 'authentication',
      action: 'session_opened',
      outcome: 'success',
      user: 'ubuntu',
      attrs: { pid: '1', service: 'sshd' },
    });
    expect(
      pam('pam_unix(sudo:session): session opened for user root(uid=0) by ubuntu(uid=1000)'),
    ).toMatchObject({
      user: 'root',
      attrs: { service: 'sudo', by: 'ubuntu' },
    });
    expect(pam('pam_unix(cron:session): session closed for user root')).toMatchObject({
      action: 'session_closed',
      user: 'root',
    });
  });

  it('maps chauthtok password changes, resource = account', () => {
    expect(pam('pam_unix(chpasswd:chauthtok): password changed for elastic_user_4')).toMatchObject({
      action: 'password_changed',
      outcome: 'success',
      resource: 'elastic_user_4',
    });
    expect(pam('pam_unix(passwd:chauthtok): user "ghost" does not exist in /etc/passwd')).toMatchObject({
      action: 'password_changed',
      outcome: 'failure',
      status: 'unknown_user',
      resource: 'ghost',
    });
  });

  it('keeps a host-name rhost in attrs rather than srcIp', () => {
    const e = pam(
      'pam_sss(sshd:auth): authentication failure; logname= uid=0 rhost=ws12.example.org user=bob',
    );
    expect(e).toMatchObject({ user: 'bob', attrs: { rhost: 'ws12.example.org', service: 'sshd' } });
    expect(e).not.toHaveProperty('srcIp');
  });

  it('ignores other PAM chatter', () => {
    expect(pam('pam_unix(sshd:auth): check pass; user unknown')).toBeUndefined();
    expect(
      pam('pam_systemd(su:session): Cannot create session: Already running in a session'),
    ).toBeUndefined();
    expect(pam('pam_')).toBeUndefined();
  });
});

describe('ProbeJoin', () => {
  const map = (msg: string): AuthTarget => {
    const e: AuthTarget = { class: 'process', outcome: 'unknown' };
    parseSshd(msg, e);
    return e;
  };
  it('turns the close of a connection that only probed a name into one failed logon, and leaves guessing connections alone', () => {
    const j = new ProbeJoin();
    const seq = [
      ['10', 'Invalid user oracle from 203.0.113.5 port 40001'],
      ['10', 'Connection closed by invalid user oracle 203.0.113.5 port 40001 [preauth]'],
      ['11', 'Invalid user admin from 203.0.113.5 port 40002'],
      ['11', 'Failed password for invalid user admin from 203.0.113.5 port 40002 ssh2'],
      ['11', 'Connection closed by invalid user admin 203.0.113.5 port 40002 [preauth]'],
    ] as const;
    const out = seq.map(([pid, msg]) => {
      const e = map(msg);
      j.see(e, pid);
      return e;
    });
    expect(out.map((e) => `${e.action}/${e.outcome}`)).toEqual([
      'invalid_user_probe/failure',
      'logon/failure',
      'invalid_user_probe/failure',
      'logon/failure',
      'connection_closed/unknown',
    ]);
    expect(out[1]).toMatchObject({ user: 'oracle', status: 'invalid_user', attrs: { probe: 'name_only' } });
  });
});
