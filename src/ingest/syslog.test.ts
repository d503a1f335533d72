import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Rejection, WardEvent } from '../model/index.js';
import { REJECT_REASONS } from '../model/index.js';
import type { ParseOptions } from './parser.js';
import { SyslogHeaderReader, syslogParser } from './syslog.js';

const AUTH_LOG = '../shared/data/syslog/auth.log';
const FIXTURES = 'test/fixtures/syslog';
/** auth.log was written in April 2017 (its last line is Apr 20 14:14:29); stands in for the file mtime. */
const AUTH_LOG_MTIME = Date.UTC(2017, 3, 20, 14, 15);

function run(lines: string[], options: ParseOptions = {}, source = 'test.log', truncated = false) {
  const events: WardEvent[] = [];
  const rejects: Rejection[] = [];
  const p = syslogParser.open({
    source,
    options,
    sink: { event: (e) => events.push(e), context: () => undefined, reject: (r) => rejects.push(r) },
  });
  lines.forEach((l, i) => p.line(l, i + 1));
  p.end(truncated);
  return { events, rejects };
}
const readLines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

describe('syslog parser on the real auth.log', () => {
  const { events, rejects } = run(readLines(AUTH_LOG), { referenceTime: AUTH_LOG_MTIME }, 'auth.log');
  const failedPassword = events.filter(
    (e) => e.action === 'logon' && e.outcome === 'failure' && e.method === 'password',
  );

  it('turns every line into an event with id and raw = auth.log:<line>', () => {
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(7121);
    expect(events[0]).toMatchObject({
      id: 'auth.log:1',
      raw: 'auth.log:1',
      source: 'auth.log',
      format: 'syslog',
    });
    expect(events.every((e, i) => e.id === `auth.log:${i + 1}` && e.host === 'ip-10-77-20-248')).toBe(true);
  });

  it('infers 2017 from the file time and reads times as UTC', () => {
    expect(events[0]?.time).toBe(Date.UTC(2017, 2, 27, 13, 6, 56));
    expect(events.at(-1)?.time).toBe(Date.UTC(2017, 3, 20, 14, 14, 29));
  });

  // The data README says 104 source IPs and all Accepted from 85.245.107.41; the file itself has 105 IPs, and
  // 52 of the 226 Accepted lines come from 24.151.103.17 (also the top failing IP), 95.93.96.191 and 127.0.0.1.
  it('finds the 713 Failed password lines from 105 source IPs', () => {
    expect(failedPassword).toHaveLength(713);
    const byIp = new Map<string, number>();
    for (const e of failedPassword) byIp.set(e.srcIp!, (byIp.get(e.srcIp!) ?? 0) + 1);
    expect(byIp.size).toBe(105);
    expect(byIp.get('24.151.103.17')).toBe(157);
    expect(failedPassword.every((e) => e.class === 'authentication' && e.srcPort! > 0)).toBe(true);
  });

  it('counts repeated lines: 85 "message repeated" lines stand for 410 more guesses', () => {
    const repeated = failedPassword.filter((e) => e.count !== undefined);
    expect(repeated).toHaveLength(85);
    const attempts = failedPassword.reduce((n, e) => n + (e.count ?? 1), 0);
    expect(attempts).toBe(713 - 85 + 410);
  });

  it('finds the 226 Accepted logons, 174 of them from 85.245.107.41', () => {
    const ok = events.filter((e) => e.action === 'logon' && e.outcome === 'success');
    expect(ok).toHaveLength(226);
    const byIp = new Map<string, number>();
    for (const e of ok) byIp.set(e.srcIp!, (byIp.get(e.srcIp!) ?? 0) + 1);
    expect(Object.fromEntries(byIp)).toEqual({
      '85.245.107.41': 174,
      '24.151.103.17': 47,
      '95.93.96.191': 4,
      '127.0.0.1': 1,
    });
    expect(ok.filter((e) => e.method === 'publickey').every((e) => e.user === 'ubuntu')).toBe(true);
    const passwordUsers = new Set(ok.filter((e) => e.method === 'password').map((e) => e.user));
    expect(passwordUsers).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `elastic_user_${i}`)));
  });

  it('counts each invalid-user guess once, and a probe that never guessed once: 178 probes, 331 + 60 failed logons', () => {
    expect(events.filter((e) => e.action === 'invalid_user_probe')).toHaveLength(178);
    const failed = events.filter((e) => e.action === 'logon' && e.status === 'invalid_user');
    // 331 `Failed … for invalid user` guesses, plus 60 connections that only probed a name and closed before
    // authenticating: their close line becomes the one attempt (slow username enumeration).
    expect(failed.filter((e) => e.attrs?.probe === undefined)).toHaveLength(331);
    const nameOnly = failed.filter((e) => e.attrs?.probe === 'name_only');
    expect(nameOnly).toHaveLength(60);
    expect(nameOnly.filter((e) => e.srcIp === '91.197.232.109').length).toBeGreaterThan(50);
    expect(nameOnly.every((e) => e.user !== undefined && e.message?.startsWith('Connection closed'))).toBe(
      true,
    );
    expect(events.find((e) => e.id === 'auth.log:96')).toMatchObject({
      action: 'invalid_user_probe',
      user: 'support',
      srcIp: '95.152.57.58',
    });
  });

  it('maps sudo, su, useradd, groupadd, chpasswd and systemd-logind', () => {
    expect(events.find((e) => e.id === 'auth.log:10')).toMatchObject({
      class: 'process',
      action: 'sudo',
      app: 'sudo',
      user: 'ubuntu',
      attrs: { runAs: 'root', command: expect.stringMatching(/^\/usr\/bin\/curl -L -O https:/) as unknown },
    });
    expect(events.filter((e) => e.action === 'sudo')).toHaveLength(186);
    const created = events.filter((e) => e.action === 'account_created' && e.outcome === 'success');
    expect(created.map((e) => e.resource).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `elastic_user_${i}`),
    );
    expect(events.find((e) => e.action === 'group_created' && e.app === 'groupadd')?.resource).toBe(
      'elastic_users',
    );
    expect(events.filter((e) => e.action === 'password_changed' && e.outcome === 'success')).toHaveLength(10);
    expect(events.find((e) => e.app === 'su' && e.action === 'explicit_logon')).toMatchObject({
      user: 'root',
      attrs: { targetUser: 'root' },
    });
    expect(events.find((e) => e.code === 'logind_new_session')).toMatchObject({
      user: 'ubuntu',
      action: 'session_opened',
    });
  });

  it('keeps every other line as a process event with app and message', () => {
    const cron = events.find((e) => e.app === 'CRON' && e.class === 'authentication');
    expect(cron).toMatchObject({ action: 'session_opened', attrs: { service: 'cron' } });
    expect(events.find((e) => e.id === 'auth.log:1')).toMatchObject({
      class: 'process',
      outcome: 'unknown',
      app: 'sshd',
      message: 'Server listening on 0.0.0.0 port 22.',
      attrs: { pid: '1291' },
    });
    expect(events.every((e) => (e.message?.length ?? 0) <= 512)).toBe(true);
  });
});

describe('RFC 3164 year inference', () => {
  const at = (line: string, options: ParseOptions) => run([line], options).events[0]?.time;

  it('uses options.year when given', () => {
    expect(at('Mar 27 13:06:56 h sshd[1]: x', { year: 2020, referenceTime: AUTH_LOG_MTIME })).toBe(
      Date.UTC(2020, 2, 27, 13, 6, 56),
    );
  });

  it('puts dates more than 2 days after the reference time in the previous year', () => {
    const ref = Date.UTC(2018, 0, 5, 12);
    expect(at('Dec 31 23:59:59 h app: x', { referenceTime: ref })).toBe(Date.UTC(2017, 11, 31, 23, 59, 59));
    expect(at('Jan  6 10:00:00 h app: x', { referenceTime: ref })).toBe(Date.UTC(2018, 0, 6, 10));
    expect(at('Jan  8 10:00:00 h app: x', { referenceTime: ref })).toBe(Date.UTC(2017, 0, 8, 10));
  });

  it('keeps dates apart across many lines (the day cache follows the date)', () => {
    const { events } = run(['Mar 31 23:59:59 h a: x', 'Apr  1 00:00:00 h a: x', 'Mar 31 12:00:00 h a: x'], {
      year: 2026,
    });
    expect(events.map((e) => e.time)).toEqual([
      Date.UTC(2026, 2, 31, 23, 59, 59),
      Date.UTC(2026, 3, 1),
      Date.UTC(2026, 2, 31, 12),
    ]);
  });

  it('falls back to the current UTC year', () => {
    expect(at('Jan  1 00:00:00 h app: x', {})).toBe(Date.UTC(new Date().getUTCFullYear(), 0, 1));
  });

  it('reads fractional seconds, an explicit year and RFC 3339 timestamps', () => {
    expect(at('Mar  5 01:02:03.250 h app: x', { year: 2026 })).toBe(Date.UTC(2026, 2, 5, 1, 2, 3, 250));
    expect(at('Mar  5 2024 01:02:03 h app: x', { year: 2026 })).toBe(Date.UTC(2024, 2, 5, 1, 2, 3));
    expect(at('2026-03-04T10:15:00.123456+01:00 h sshd[9]: x', {})).toBe(Date.UTC(2026, 2, 4, 9, 15, 0, 123));
  });

  it('rejects Feb 29 in a common year', () => {
    const { rejects } = run(['Feb 29 10:00:00 h app: x'], { year: 2026 });
    expect(rejects[0]?.reason).toBe('bad_time');
  });
});

describe('RFC 3164 header variants', () => {
  it('reads <PRI>, a tag without pid and a line without a host', () => {
    const { events } = run(
      [
        '<86>Mar 27 13:08:09 ip-10-77-20-248 systemd: pam_unix(systemd-user:session): session opened for user ubuntu by (uid=0)',
        '<38>Mar  5 10:00:00 sshd[12]: Accepted password for alice from 198.51.100.4 port 2222 ssh2',
        'Mar  5 10:00:00 host kernel message without tag',
      ],
      { year: 2026 },
    );
    expect(events[0]).toMatchObject({ host: 'ip-10-77-20-248', app: 'systemd', action: 'session_opened' });
    expect(events[0]).not.toHaveProperty('attrs.pid');
    expect(events[1]).toMatchObject({ app: 'sshd', action: 'logon', attrs: { pid: '12' } });
    expect(events[1]).not.toHaveProperty('host');
    expect(events[2]).toMatchObject({
      host: 'host',
      class: 'process',
      message: 'kernel message without tag',
    });
    expect(events[2]).not.toHaveProperty('app');
  });
});

describe('RFC 5424', () => {
  const { events, rejects } = run(readLines(`${FIXTURES}/rfc5424.log`), {}, 'rfc5424.log');

  it('parses every fixture line', () => {
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(6);
  });

  it('reads header fields, strips the BOM and keeps ids as <source>:<line>', () => {
    expect(events[0]).toMatchObject({
      id: 'rfc5424.log:1',
      time: Date.UTC(2026, 2, 4, 10, 15, 0, 123),
      host: 'ward-bastion.example.org',
      app: 'su',
      attrs: { msgid: 'ID47' },
      message: "'su root' failed for jdoe on /dev/pts/8",
    });
    expect(events[5]?.message).toBe('relay queue depth 0');
  });

  it('unescapes structured data into attrs as SD-ID.PARAM', () => {
    expect(events[1]).toMatchObject({
      time: Date.UTC(2026, 2, 4, 21, 14, 15, 3),
      app: 'ehrd',
      message: 'chart opened',
      attrs: {
        pid: '8710',
        msgid: 'AUDIT',
        'origin@32473.ip': '10.20.3.41',
        'meta.note': 'a "quoted" ] bracket \\ slash',
      },
    });
  });

  it('leaves NILVALUE fields absent', () => {
    const e = events[2]!;
    expect(e.time).toBe(Date.UTC(2026, 2, 4, 10, 15, 1));
    expect(e).not.toHaveProperty('host');
    expect(e).not.toHaveProperty('app');
    expect(e).not.toHaveProperty('attrs');
    expect(e.message).toBe('');
  });

  it('maps sshd messages carried in RFC 5424, including sshd-session', () => {
    expect(events[3]).toMatchObject({
      action: 'logon',
      outcome: 'failure',
      user: 'admin',
      status: 'invalid_user',
    });
    expect(events[4]).toMatchObject({
      action: 'logon',
      outcome: 'success',
      user: 'nurse_ops',
      time: Date.UTC(2026, 2, 4, 15, 16, 5),
      attrs: { 'timeQuality.tzKnown': '1' },
    });
  });
});

describe('broken input', () => {
  it('rejects each broken fixture line with a reason and its position', () => {
    const lines = readLines(`${FIXTURES}/broken.log`);
    const { events, rejects } = run(lines, { year: 2026 });
    expect(events).toEqual([]);
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([
      ['1', 'bad_syslog'],
      ['2', 'bad_syslog'],
      ['3', 'bad_syslog'],
      ['4', 'bad_time'],
      ['5', 'bad_time'],
      ['6', 'bad_time'],
      ['7', 'bad_syslog'],
      ['8', 'bad_syslog'],
      ['9', 'bad_syslog'],
      ['10', 'bad_time'],
      ['11', 'bad_time'],
    ]);
    for (const r of rejects) {
      expect(REJECT_REASONS).toContain(r.reason);
      expect(r.detail.length).toBeGreaterThan(5);
      expect(r.raw).toBe(lines[Number(r.position) - 1]);
    }
  });

  it('never throws on garbage, empty, truncated or huge input', () => {
    const garbage = Array.from({ length: 200 }, (_, i) =>
      String.fromCharCode(...Array.from({ length: i % 50 }, (_, j) => (i * 31 + j * 7) % 0xffff)),
    );
    expect(() => run(garbage)).not.toThrow();
    expect(run([])).toEqual({ events: [], rejects: [] });
    expect(run(['', '   '], {}, 't', true)).toEqual({ events: [], rejects: [] });
    const huge = `Mar 27 13:06:56 h sshd[1]: Failed password for ${'x'.repeat(10 * 1024 * 1024)}`;
    const t0 = Date.now();
    const { rejects } = run([huge]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(rejects[0]).toMatchObject({ reason: 'line_too_long', position: '1' });
    expect(rejects[0]!.raw.length).toBeLessThanOrEqual(1024 * 1024);
    const long = `Mar 27 13:06:56 h sshd[1]: ${'Failed password for '.repeat(2000)}`;
    expect(run([long], { year: 2026 }).events[0]).toMatchObject({ class: 'process' });
    expect(() => run(['<34>1 2026-03-04T10:15:00Z h a - - [x' + ' y="\\'.repeat(10_000)])).not.toThrow();
  });
});

describe('sniff and the exported header reader', () => {
  it('claims auth.log and RFC 5424, not JSON or CEF', () => {
    expect(syslogParser.sniff(readFileSync(AUTH_LOG, 'utf8').slice(0, 65536), 'auth.log')).toBeGreaterThan(
      0.8,
    );
    expect(syslogParser.sniff(readFileSync(`${FIXTURES}/rfc5424.log`, 'utf8'), 'x.log')).toBeGreaterThan(0.8);
    expect(syslogParser.sniff('{"a":1}\n{"a":2}\n', 'x.json')).toBe(0);
    expect(syslogParser.sniff('Mar 27 13:06:56 h CEF:0|a|b|1|2|n|3|src=1.2.3.4\n', 'x')).toBeLessThan(0.5);
    expect(syslogParser.sniff('', 'x')).toBe(0);
  });

  it('reads a header up to a given end for CEF-over-syslog', () => {
    const r = new SyslogHeaderReader({ year: 2026 });
    const line = '<134>Mar  4 10:15:00 fw01 CEF:0|x';
    expect(r.read(line, line.indexOf('CEF:'))).toBeUndefined();
    expect(r.header).toMatchObject({ time: Date.UTC(2026, 2, 4, 10, 15), host: 'fw01', app: undefined });
  });
});

describe('ISC dhcpd lease lines', () => {
  const { events, rejects } = run(readLines(`${FIXTURES}/dhcpd.log`), { year: 2026 }, 'dhcpd.log');

  it('maps DHCPACK to a lease and DHCPRELEASE to a release of the address, other lines stay process lines', () => {
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.class, e.action ?? null, e.srcIp ?? null])).toEqual([
      ['dhcpd.log:1', 'process', null, null],
      ['dhcpd.log:2', 'process', null, null],
      ['dhcpd.log:3', 'process', null, null],
      ['dhcpd.log:4', 'network_flow', 'dhcp_lease', '10.40.1.23'],
      ['dhcpd.log:5', 'network_flow', 'dhcp_release', '10.40.1.23'],
      ['dhcpd.log:6', 'network_flow', 'dhcp_lease', '10.40.1.23'],
      ['dhcpd.log:7', 'process', null, null],
      ['dhcpd.log:8', 'process', null, null],
    ]);
  });

  it('keeps the MAC, the client host name, the lease duration and the dhcp server as host', () => {
    expect(events[3]).toMatchObject({
      host: 'dhcp01',
      app: 'dhcpd',
      code: 'DHCPACK',
      outcome: 'success',
      time: Date.UTC(2026, 2, 2, 8, 0, 0),
      attrs: { pid: '1187', mac: '00:1b:63:84:45:e6', clientHost: 'lt-bill-031', via: 'eth0' },
    });
    expect(events[5]?.attrs).toMatchObject({
      mac: '3c:22:fb:11:22:33',
      leaseSeconds: '3600',
      via: '10.40.1.1',
    });
    expect(events[5]?.attrs?.clientHost).toBeUndefined();
  });
});
