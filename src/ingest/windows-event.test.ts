import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rejection, WardEvent } from '../model/index.js';
import { runParser, splitLines } from '../../test/support/parse.js';
import { windowsEventParser } from './windows-event.js';
import { normalizeHex, statusText } from './windows-status.js';

const DATA = '../shared/data/windows';
const FIX = 'test/fixtures/windows-event';

interface Result {
  events: WardEvent[];
  rejects: Rejection[];
}

/** Feed text line by line, as the reader does (terminators stripped, lines counted from 1). */
function parseText(text: string, source = 'input.jsonl', truncated = false): Result {
  const { events, context, rejects } = runParser(windowsEventParser, splitLines(text), { source, truncated });
  if (context.length > 0) throw new Error('windows-event emits no context');
  return { events, rejects };
}

function parseFile(path: string): Result {
  return parseText(readFileSync(path, 'utf8'), basename(path));
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) {
    const k = key(t);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function byId(events: WardEvent[], id: string): WardEvent {
  const e = events.find((x) => x.id === id);
  if (!e) throw new Error(`no event ${id}`);
  return e;
}

describe('windows-event on the evtx-dump samples', () => {
  it('SMB password guessing: 3,561 failed NTLM network logons from one address', () => {
    const { events, rejects } = parseFile(`${DATA}/smb-password-guessing-security.jsonl`);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(3561);
    expect(new Set(events.map((e) => e.id)).size).toBe(3561);
    const shape = (e: WardEvent): string =>
      [e.format, e.class, e.code, e.action, e.outcome, e.srcIp, e.host, e.logonType, e.method].join(' ');
    expect(countBy(events, shape)).toEqual({
      'windows-event authentication 4625 logon failure 192.168.198.149 DESKTOP-M5SN04R 3 NTLM': 3561,
    });
    // SubStatus carries the reason behind the umbrella Status codes.
    expect(countBy(events, (e) => e.status ?? '')).toEqual({
      '0xc000006a': 3558,
      '0xc0000072': 2,
      '0xc0000064': 1,
    });
    expect(countBy(events, (e) => e.attrs?.statusText ?? '')).toEqual({
      'wrong password': 3558,
      'account disabled': 2,
      'no such user': 1,
    });
    expect(new Set(events.map((e) => e.user)).size).toBe(2);
    const first = events[0]!;
    expect(first).toEqual({
      id: '2455',
      source: 'smb-password-guessing-security.jsonl',
      format: 'windows-event',
      class: 'authentication',
      time: Date.UTC(2016, 8, 19, 16, 50, 6, 477),
      outcome: 'failure',
      code: '4625',
      raw: 'smb-password-guessing-security.jsonl:1',
      host: 'DESKTOP-M5SN04R',
      app: 'Microsoft-Windows-Security-Auditing',
      user: 'JcDfcZTc',
      domain: '.',
      srcIp: '192.168.198.149',
      srcPort: 50249,
      action: 'logon',
      logonType: 3,
      method: 'NTLM',
      status: '0xc0000064',
      attrs: {
        parentStatus: '0xc000006d',
        workstation: '6hgtmVlrrFuWtO65',
        logonProcess: 'NtLmSsp',
        statusText: 'no such user',
      },
    });
    expect(events.at(-1)!.time).toBeLessThan(Date.UTC(2016, 8, 19, 16, 52, 50));
  });

  it('kerbrute user enumeration: 42 Kerberos events, source ::ffff:10.23.123.11 normalised', () => {
    const { events, rejects } = parseFile(`${DATA}/kerberos-user-enumeration-kerbrute.jsonl`);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(42);
    expect(countBy(events, (e) => `${e.code} ${e.status} ${e.outcome}`)).toEqual({
      '4771 0x18 failure': 22,
      '4768 0x12 failure': 15,
      '4768 0x0 success': 5,
    });
    expect(new Set(events.map((e) => e.user)).size).toBe(42);
    for (const e of events) {
      expect(e.srcIp).toBe('10.23.123.11');
      expect(e.method).toBe('Kerberos');
      expect(e.host).toBe('rootdc1.offsec.lan');
      expect(e.class).toBe('authentication');
    }
    const admin = byId(events, '232648707');
    expect(admin).toMatchObject({
      user: 'Administrator',
      domain: 'OFFSEC.LAN',
      action: 'tgt_request',
      status: '0x12',
      encryption: '0xffffffff',
      srcPort: 48932,
      attrs: { statusText: 'client revoked, disabled or locked out', ticketOptions: '0x50800000' },
    });
    // PreAuthType "-" is absent, CertIssuerName null is absent.
    expect(admin.attrs).not.toHaveProperty('preAuthType');
    const preauth = events.find((e) => e.code === '4771')!;
    expect(preauth).toMatchObject({
      action: 'preauth_failed',
      outcome: 'failure',
      attrs: { statusText: 'pre-authentication failed (wrong password)', preAuthType: '2' },
    });
    expect(preauth).not.toHaveProperty('domain');
    const ok = events.find((e) => e.code === '4768' && e.outcome === 'success')!;
    expect(ok.encryption).toBe('0x12');
    expect(ok.attrs?.statusText).toBe('success');
  });

  it('Kerberos brute force with non-existent users: 46 unknown principals', () => {
    const { events, rejects } = parseFile(`${DATA}/kerberos-bruteforce-nonexistent-users.jsonl`);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(52);
    expect(countBy(events, (e) => `${e.code} ${e.status}`)).toEqual({
      '4768 0x6': 46,
      '4768 0x0': 3,
      '4768 0x12': 1,
      '4771 0x18': 2,
    });
    const unknown = events.filter((e) => e.status === '0x6');
    expect(unknown.every((e) => e.outcome === 'failure')).toBe(true);
    expect(unknown[0]!.attrs?.statusText).toBe('unknown principal (no such user)');
    expect(countBy(events, (e) => e.srcIp ?? '')).toEqual({ '10.23.123.11': 51, '10.23.42.16': 1 });
    expect(events[0]!.time).toBe(Date.UTC(2021, 11, 2, 14, 48, 15, 983));
  });
});

describe('windows-event on Winlogbeat / ECS records', () => {
  const { events, rejects } = parseFile(`${FIX}/winlogbeat.jsonl`);

  it('parses every record', () => {
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.code)).toEqual([
      '4624',
      '4625',
      '4625',
      '4672',
      '4720',
      '4728',
      '4732',
      '4740',
      '4769',
      '4776',
      '1102',
      '4634',
      '4798',
    ]);
  });

  it('4624: network logon with the mapped IPv4 address unwrapped', () => {
    expect(byId(events, '88123401')).toEqual({
      id: '88123401',
      source: 'winlogbeat.jsonl',
      format: 'windows-event',
      class: 'authentication',
      time: Date.UTC(2024, 4, 14, 7, 2, 11, 412),
      outcome: 'success',
      code: '4624',
      raw: 'winlogbeat.jsonl:1',
      host: 'ws-icu-07.hosp.local',
      app: 'Microsoft-Windows-Security-Auditing',
      user: 'nurse.kim',
      domain: 'HOSP',
      srcIp: '10.20.5.33',
      srcPort: 50522,
      action: 'logon',
      logonType: 3,
      method: 'NTLM',
      attrs: {
        workstation: 'WS-ICU-07',
        logonProcess: 'NtLmSsp',
        logonId: '0x3a1f27c',
        lmPackage: 'NTLM V2',
        keyLength: '128',
      },
    });
  });

  it('4625: failed RDP logon; SubStatus gives the reason; ECS source.ip fills a missing IpAddress', () => {
    expect(byId(events, '88123455')).toMatchObject({
      user: 'dr.okafor',
      outcome: 'failure',
      logonType: 10,
      method: 'Negotiate',
      srcIp: '203.0.113.45',
      status: '0xc000006a',
      attrs: {
        statusText: 'wrong password',
        subjectUser: 'WS-ICU-07$',
        process: 'C:\\Windows\\System32\\svchost.exe',
        logonProcess: 'User32',
      },
    });
    expect(byId(events, '88123455')).not.toHaveProperty('srcPort'); // IpPort "0"
    expect(byId(events, '88123456')).toMatchObject({
      srcIp: '198.51.100.7',
      srcPort: 41822,
      status: '0xc0000234',
      attrs: { statusText: 'account locked out', parentStatus: '0xc000006e' },
    });
  });

  it('4672: privileges of the new logon', () => {
    expect(byId(events, '88123470')).toMatchObject({
      class: 'authentication',
      action: 'special_privileges',
      user: 'adm.jlee',
      domain: 'HOSP',
      attrs: { privileges: 'SeSecurityPrivilege SeBackupPrivilege SeRestorePrivilege SeDebugPrivilege' },
    });
  });

  it('account management: the actor is the user, the account or group is the resource', () => {
    expect(byId(events, '5512001')).toMatchObject({
      action: 'account_created',
      user: 'adm.jlee',
      domain: 'HOSP',
      resource: 'temp.contractor',
      outcome: 'success',
      host: 'dc01.hosp.local',
    });
    expect(byId(events, '5512007')).toMatchObject({
      action: 'group_member_added',
      user: 'adm.jlee',
      resource: 'Domain Admins',
      attrs: { member: 'CN=temp.contractor,OU=Contractors,DC=hosp,DC=local' },
    });
    expect(byId(events, '5512011')).toMatchObject({
      action: 'group_member_added',
      resource: 'Administrators',
      attrs: { member: 'S-1-5-21-1004336348-1177238915-682003330-2201' },
    });
  });

  it('4740: the locked account and the computer the failures came from', () => {
    const e = byId(events, '5512090');
    expect(e).toMatchObject({
      action: 'account_locked',
      user: 'dr.okafor',
      attrs: { callerComputer: 'WS-ICU-07', subjectUser: 'DC01$' },
    });
    expect(e).not.toHaveProperty('domain');
  });

  it('4769: RC4 service ticket keeps service, encryption and a string record id', () => {
    expect(byId(events, '5512133')).toMatchObject({
      action: 'service_ticket',
      outcome: 'success',
      user: 'nurse.kim@HOSP.LOCAL',
      resource: 'svc-pacs',
      encryption: '0x17',
      method: 'Kerberos',
      status: '0x0',
      srcIp: '10.20.5.33',
      srcPort: 52114,
    });
  });

  it('4776: NTLM validation failure from a numeric event_id', () => {
    expect(byId(events, '5512140')).toMatchObject({
      code: '4776',
      action: 'credential_validation',
      method: 'NTLM',
      outcome: 'failure',
      status: '0xc000006a',
      user: 'nurse.kim',
      attrs: { workstation: 'WS-ICU-07', statusText: 'wrong password' },
    });
  });

  it('1102: audit log cleared from flattened user_data', () => {
    expect(byId(events, '88123999')).toMatchObject({
      class: 'process',
      action: 'audit_log_cleared',
      user: 'adm.jlee',
      domain: 'HOSP',
      app: 'Microsoft-Windows-Eventlog',
      outcome: 'success',
    });
  });

  it('logoff and an unmapped id', () => {
    expect(byId(events, '88124010')).toMatchObject({ action: 'logoff', user: 'nurse.kim', logonType: 3 });
    expect(byId(events, '88124022')).toMatchObject({
      class: 'process',
      action: 'event_4798',
      outcome: 'success',
      user: 'WS-ICU-07$',
      attrs: { targetUser: 'nurse.kim' },
    });
  });

  it('reads a pretty-printed JSON array (Winlogbeat golden-file layout)', () => {
    const pretty = parseFile(`${FIX}/winlogbeat-pretty.json`);
    expect(pretty.rejects).toEqual([]);
    expect(pretty.events.map((e) => e.id)).toEqual(['88123401', '88123455']);
    expect(pretty.events[0]!.user).toBe('nurse.kim');
  });

  it('reads a stream of pretty-printed objects and a one-line array', () => {
    const lines = readFileSync(`${FIX}/winlogbeat.jsonl`, 'utf8').trim().split('\n');
    const objs = lines.slice(0, 3).map((l) => JSON.parse(l) as unknown);
    const stream = objs.map((o) => JSON.stringify(o, null, 2)).join('\n');
    expect(parseText(stream).events.map((e) => e.id)).toEqual(['88123401', '88123455', '88123456']);
    const oneLine = parseText(`${JSON.stringify(objs)}\n${lines[3]!}`);
    expect(oneLine.rejects).toEqual([]);
    expect(oneLine.events.map((e) => e.id)).toEqual(['88123401', '88123455', '88123456', '88123470']);
  });
});

describe('windows-event on evtx-dump records the samples lack', () => {
  const { events, rejects } = parseFile(`${FIX}/evtx-extra.jsonl`);

  it('maps 1102, 4648, 4756, 4725 and null values', () => {
    expect(rejects).toEqual([]);
    expect(byId(events, '70001')).toMatchObject({
      class: 'process',
      action: 'audit_log_cleared',
      user: 'adm.jlee',
      app: 'Microsoft-Windows-Eventlog',
    });
    const explicit = byId(events, '70002');
    expect(explicit).toMatchObject({
      class: 'authentication',
      action: 'explicit_logon',
      user: 'adm.jlee',
      resource: 'fs01.hosp.local',
      srcIp: '::1',
      attrs: { targetUser: 'svc-backup', process: 'C:\\Windows\\System32\\runas.exe' },
    });
    expect(explicit).not.toHaveProperty('srcPort');
    expect(byId(events, '70003')).toMatchObject({
      action: 'group_member_added',
      resource: 'EHR-Admins',
      attrs: { member: 'CN=temp.contractor,OU=Contractors,DC=hosp,DC=local' },
    });
    expect(byId(events, '70004')).toMatchObject({ action: 'account_disabled', resource: 'temp.contractor' });
    const logon = byId(events, '70005');
    expect(logon).toMatchObject({ action: 'logon', logonType: 2, srcIp: '127.0.0.1', method: 'Negotiate' });
    expect(logon.attrs).not.toHaveProperty('logonGuid');
    expect(Object.values(logon).includes(undefined)).toBe(false);
  });
});

describe('windows-event bad input', () => {
  it('rejects each broken line with a reason and keeps going', () => {
    const { events, rejects } = parseFile(`${FIX}/broken.jsonl`);
    expect(events.map((e) => e.id)).toEqual(['2455']);
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([
      ['1', 'not_json'],
      ['2', 'missing_field'],
      ['3', 'bad_time'],
      ['4', 'bad_shape'],
      ['5', 'not_json'],
      ['7', 'bad_shape'],
      ['8', 'missing_field'],
      ['9', 'bad_time'],
      ['10', 'bad_value'],
      ['11', 'bad_time'],
    ]);
    expect(rejects[1]!.detail).toContain('EventRecordID');
    expect(rejects[2]!.detail).toContain('19/09/2016 16:50');
    expect(rejects[6]!.detail).toContain('winlog.record_id');
    for (const r of rejects) expect(r.raw.length).toBeGreaterThan(0);
  });

  it('never throws on garbage and dead-letters empty or truncated input', () => {
    const garbage = ['', '{', '[', '}', ']', 'null', '[1,2]', '{"System":null}', '{"System":{"EventID":{}}}'];
    for (const g of garbage) expect(() => parseText(g)).not.toThrow();
    expect(parseText('').rejects.map((r) => r.reason)).toEqual(['empty_input']);
    expect(parseText('\n  \n').rejects.map((r) => r.reason)).toEqual(['empty_input']);
    const pretty = readFileSync(`${FIX}/winlogbeat-pretty.json`, 'utf8');
    const cut = parseText(pretty.slice(0, 500), 'cut.json', true);
    expect(cut.events).toEqual([]);
    expect(cut.rejects.map((r) => r.reason)).toEqual(['not_json']);
    expect(cut.rejects[0]!.detail).toContain('truncated');
    const items = parseText('[{"winlog":{"event_id":"4624"}},42]').rejects.map((r) => r.reason);
    expect(items).toEqual(['missing_field', 'bad_shape']);
    // A document broken off by a one-line record: the fragment is dead-lettered, the record still parses.
    const line = readFileSync(`${FIX}/evtx-extra.jsonl`, 'utf8').split('\n')[0]!;
    const broken = parseText(`[\n  {\n    "System": {\n${line}\n`);
    expect(broken.rejects.map((r) => [r.reason, r.position])).toEqual([['not_json', '1-3']]);
    expect(broken.events.map((e) => e.id)).toEqual(['70001']);
  });

  it('parses odd but valid times and rejects impossible ones', () => {
    const line = (t: string): string =>
      JSON.stringify({ System: { EventID: 4634, EventRecordID: 1, TimeCreated: t }, EventData: {} });
    const at = (t: string): number | undefined => parseText(line(t)).events[0]?.time;
    expect(at('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(at('2024-05-14T07:02:11.4Z')).toBe(Date.UTC(2024, 4, 14, 7, 2, 11, 400));
    expect(at('2024-05-14T09:02:11.5+02:00')).toBe(Date.UTC(2024, 4, 14, 7, 2, 11, 500));
    expect(at('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(at('2024-05-14T24:00:00Z')).toBeUndefined();
    expect(at('2024-05-14T07:02:11.Z')).toBeUndefined();
  });
});

describe('windows-event sniff', () => {
  const head = (p: string): string => readFileSync(p, 'utf8').slice(0, 65536);

  it('recognises both shapes, one-line and pretty-printed', () => {
    expect(
      windowsEventParser.sniff(head(`${DATA}/kerberos-user-enumeration-kerbrute.jsonl`), 'x.jsonl'),
    ).toBe(0.95);
    expect(windowsEventParser.sniff(head(`${FIX}/winlogbeat.jsonl`), 'x.jsonl')).toBe(0.95);
    expect(windowsEventParser.sniff(head(`${FIX}/winlogbeat-pretty.json`), 'x.json')).toBeGreaterThan(0.5);
    const longLine = readFileSync(`${DATA}/smb-password-guessing-security.jsonl`, 'utf8').slice(0, 300);
    expect(windowsEventParser.sniff(longLine, 'x.jsonl')).toBeGreaterThan(0.5);
  });

  it('declines other JSON and text', () => {
    expect(windowsEventParser.sniff('{"id":"ae-1","resourceType":"AuditEvent"}\n', 'a.ndjson')).toBe(0);
    expect(windowsEventParser.sniff('Mar 27 13:06:56 ip-10-77-20-248 sshd[1]: hello\n', 'auth.log')).toBe(0);
    expect(windowsEventParser.sniff('', 'empty')).toBe(0);
  });
});

describe('windows-status', () => {
  it('normalizes hex spellings and names well-known codes', () => {
    expect(normalizeHex('0x00000018')).toBe('0x18');
    expect(normalizeHex('0xC000006A')).toBe('0xc000006a');
    expect(normalizeHex('0x00000000')).toBe('0x0');
    expect(statusText('0x25')).toBe('clock skew too great');
    expect(statusText('0xc0000193')).toBe('account expired');
    expect(statusText('0x1234')).toBeUndefined();
  });
});

describe('windows-event removable storage', () => {
  const { events, rejects } = parseFile(`${FIX}/removable-storage.jsonl`);

  it('maps 6416 and Removable Storage 4663 to data_transfer events; a File System 4663 stays generic', () => {
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.class, e.action])).toEqual([
      ['880101', 'data_transfer', 'device_connected'],
      ['880102', 'data_transfer', 'removable_write'],
      ['880103', 'data_transfer', 'removable_read'],
      ['880104', 'process', 'event_4663'],
      ['880105', 'data_transfer', 'removable_write'],
    ]);
  });

  it('names the device, the user and the file', () => {
    expect(byId(events, '880101')).toMatchObject({
      host: 'ws-bill-031.rgh.local',
      resource: 'SanDisk Ultra USB Device',
      attrs: { deviceClass: 'DiskDrive' },
    });
    expect(byId(events, '880101').attrs?.deviceId).toContain('USBSTOR');
    expect(byId(events, '880102')).toMatchObject({
      user: 'mjones',
      domain: 'RGH',
      host: 'ws-bill-031.rgh.local',
      resource: '\\Device\\HarddiskVolume7\\claims\\q1-claims.xlsx',
      outcome: 'success',
      attrs: { accessMask: '0x2', process: 'C:\\Windows\\explorer.exe' },
    });
    expect(byId(events, '880105')).toMatchObject({ user: 'mjones', host: 'ws-bill-031.rgh.local' });
  });
});
