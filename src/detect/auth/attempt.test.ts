import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import {
  FAILED,
  IGNORED_ACCOUNT,
  NOT_ATTEMPT,
  SUCCEEDED,
  UNNAMED_ACCOUNT,
  attemptKind,
  normalizeAccount,
  sourceKey,
  statusClass,
} from './attempt.js';

function ev(p: Partial<WardEvent>): WardEvent {
  return { id: '1', source: 's', format: 'f', class: 'authentication', time: 0, outcome: 'failure', ...p };
}

describe('attemptKind', () => {
  it('counts logon, Kerberos and NTLM outcomes', () => {
    expect(attemptKind(ev({ action: 'logon', outcome: 'failure' }))).toBe(FAILED);
    expect(attemptKind(ev({ action: 'logon', outcome: 'success' }))).toBe(SUCCEEDED);
    expect(attemptKind(ev({ action: 'preauth_failed', outcome: 'unknown', status: '0x18' }))).toBe(FAILED);
    expect(attemptKind(ev({ action: 'tgt_request', status: '0x6' }))).toBe(FAILED);
    expect(attemptKind(ev({ action: 'tgt_request', outcome: 'success', status: '0x0' }))).toBe(SUCCEEDED);
    expect(attemptKind(ev({ action: 'credential_validation', status: '0xc000006a' }))).toBe(FAILED);
  });

  it('does not count records that repeat a logon failure, or infrastructure failures', () => {
    expect(attemptKind(ev({ action: 'pam_auth_failure' }))).toBe(NOT_ATTEMPT);
    expect(attemptKind(ev({ action: 'invalid_user_probe' }))).toBe(NOT_ATTEMPT);
    expect(attemptKind(ev({ action: 'service_ticket' }))).toBe(NOT_ATTEMPT);
    expect(attemptKind(ev({ action: 'preauth_failed', status: '0x25' }))).toBe(NOT_ATTEMPT);
    expect(attemptKind(ev({ action: 'logon', status: 'bad_key' }))).toBe(NOT_ATTEMPT);
    expect(attemptKind(ev({ action: 'logon', outcome: 'unknown' }))).toBe(NOT_ATTEMPT);
  });
});

describe('normalizeAccount', () => {
  it('folds case, domain and realm', () => {
    expect(normalizeAccount('CORP\\Alice')).toBe('alice');
    expect(normalizeAccount('alice@CORP.EXAMPLE')).toBe('alice');
    expect(normalizeAccount('Administrator')).toBe('administrator');
  });

  it('ignores machine and anonymous accounts and marks missing names', () => {
    expect(normalizeAccount('WS01$')).toBe(IGNORED_ACCOUNT);
    expect(normalizeAccount('ANONYMOUS LOGON')).toBe(IGNORED_ACCOUNT);
    expect(normalizeAccount('-')).toBe(UNNAMED_ACCOUNT);
    expect(normalizeAccount(undefined)).toBe(UNNAMED_ACCOUNT);
  });
});

describe('sourceKey', () => {
  it('uses the IP, unmapping IPv4-in-IPv6', () => {
    expect(sourceKey(ev({ srcIp: '::ffff:10.23.123.11' }), 'a')).toBe('10.23.123.11');
    expect(sourceKey(ev({ srcIp: '2001:db8::1' }), 'a')).toBe('2001:db8::1');
  });

  it('falls back to the workstation, then host plus account for local logons', () => {
    expect(sourceKey(ev({ srcIp: '-', attrs: { workstation: 'KALI' } }), 'a')).toBe('ws:kali');
    expect(sourceKey(ev({ srcIp: '127.0.0.1', host: 'ward-pc-3' }), 'bob')).toBe('local:ward-pc-3/bob');
  });
});

describe('statusClass', () => {
  it('recognises enumeration, wrong passwords and lockouts', () => {
    expect(statusClass('0x6')).toBe('unknown_account');
    expect(statusClass('invalid_user')).toBe('unknown_account');
    expect(statusClass('0xc000006a')).toBe('wrong_password');
    expect(statusClass('0x12')).toBe('locked');
    expect(statusClass('0xc000006e')).toBe('other');
  });
});
