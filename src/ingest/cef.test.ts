import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from '../model/index.js';
import { cefOutcome, cefParser, parseCefTime, splitCef } from './cef.js';
import type { ParseOptions } from './parser.js';
import { runParser } from '../../test/support/parse.js';
import { SyslogHeaderReader } from './syslog.js';

const FIXTURES = 'test/fixtures/cef';
const readLines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

function run(
  lines: string[],
  options: ParseOptions = { year: 2026 },
  source = 'test.cef',
  truncated = false,
) {
  const { events, rejects } = runParser(cefParser, lines, { source, options, truncated });
  return { events, rejects };
}

describe('CEF parser on the sample fixtures', () => {
  const { events, rejects } = run(readLines(`${FIXTURES}/samples.cef`), { year: 2026 }, 'samples.cef');
  const byLine = (n: number) => events.find((e) => e.raw === `samples.cef:${n}`);

  it('parses every sample line', () => {
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(9);
  });

  it('maps a firewall record to a network flow', () => {
    expect(byLine(1)).toEqual({
      id: 'samples.cef:1',
      raw: 'samples.cef:1',
      source: 'samples.cef',
      format: 'cef',
      class: 'network_flow',
      time: 1772619300123,
      srcIp: '10.20.3.41',
      srcPort: 51514,
      dstIp: '10.20.0.5',
      dstPort: 2575,
      host: 'fw01.example.org',
      action: 'allowed',
      outcome: 'success',
      bytesIn: 1200,
      bytesOut: 348,
      protocol: 'tcp',
      app: 'FW-9000',
      code: '100',
      message: 'TCP connection allowed',
      attrs: { severity: '3', vendor: 'Acme', product: 'FW-9000', version: '4.2' },
    });
  });

  it('maps a failed logon after a syslog header, taking the time from the header', () => {
    expect(byLine(2)).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'failure',
      time: Date.UTC(2026, 2, 4, 10, 15),
      user: 'jdoe',
      srcIp: '203.0.113.7',
      srcPort: 40222,
      host: 'vpn01.example.org',
      status: 'bad password',
      code: '4625',
      attrs: { categoryBehavior: '/Authentication/Verify' },
    });
  });

  it('maps an upload to data_transfer with externalId, unescaped request and labelled custom strings', () => {
    expect(byLine(3)).toMatchObject({
      id: 'px-000123',
      raw: 'samples.cef:3',
      class: 'data_transfer',
      time: Date.UTC(2026, 2, 4, 10, 16, 2),
      user: 'tech01',
      bytesOut: 5242880,
      resource: 'https://files.example.net/upload?id=42&x=1',
      app: 'squid',
      action: 'allowed',
      attrs: { Department: 'Radiology', cs2: 'unlabelled value', requestMethod: 'POST' },
    });
    expect(byLine(3)?.attrs).not.toHaveProperty('cs1Label');
  });

  it('unescapes header and extension values and reads zoned MMM dd yyyy times', () => {
    const e = byLine(4)!;
    expect(e).toMatchObject({
      class: 'process',
      time: Date.UTC(2026, 2, 4, 9, 17, 0, 250),
      user: 'dr.house',
      message: 'Chart view',
      code: 'read',
      app: 'EHR \\ Audit',
      attrs: {
        vendor: 'Ward|Test',
        severity: 'Low',
        targetUser: 'pat-portal',
        'Patient Ref': 'Patient/8841',
        msg: 'line one\nline two with = sign and \\ backslash',
      },
    });
  });

  it('takes duser as the user of an authentication without suser, and maps logout to logoff', () => {
    expect(byLine(5)).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'success',
      user: 'nurse7',
      time: 1772619400000,
      host: 'ws-12.example.org',
    });
    expect(byLine(5)?.attrs).not.toHaveProperty('targetUser');
    expect(byLine(6)).toMatchObject({ class: 'authentication', action: 'logoff', user: 'nurse7' });
  });

  it('derives the outcome from act and keeps the count', () => {
    expect(byLine(7)).toMatchObject({
      class: 'network_flow',
      action: 'blocked',
      outcome: 'failure',
      count: 37,
    });
  });

  it('accepts a record without extension and an empty value', () => {
    expect(byLine(8)).toMatchObject({ class: 'process', host: 'agent01', message: 'Heartbeat', code: 'hb' });
    expect(byLine(9)).toMatchObject({
      class: 'process',
      resource: 'setup64.exe',
      attrs: { version: '' },
    });
    expect(byLine(9)).not.toHaveProperty('dstIp');
    expect(byLine(9)?.attrs?.targetUser).toBe('NT AUTHORITY\\SYSTEM');
  });
});

describe('CEF building blocks', () => {
  it('splits values at the space before the next key, not at = inside a value', () => {
    const r = splitCef('CEF:0|v|p|1|s|n|3|request=https://h/?a=b&c=d msg=two words  c6a1=fe80::1');
    expect(typeof r).toBe('object');
    if (typeof r === 'string') return;
    expect(Object.fromEntries(r.keys.map((k, i) => [k, r.values[i]]))).toEqual({
      request: 'https://h/?a=b&c=d',
      msg: 'two words',
      c6a1: 'fe80::1',
    });
  });

  it('parses the CEF time forms', () => {
    const reader = new SyslogHeaderReader({ year: 2026 });
    expect(parseCefTime('1772619300123', reader)).toBe(1772619300123);
    expect(parseCefTime('1772619300', reader)).toBe(1772619300000);
    expect(parseCefTime('Mar 04 2026 10:15:00', reader)).toBe(Date.UTC(2026, 2, 4, 10, 15));
    expect(parseCefTime('Mar 4 10:15:00', reader)).toBe(Date.UTC(2026, 2, 4, 10, 15));
    expect(parseCefTime('Mar 04 2026 10:15:00 EST', reader)).toBe(Date.UTC(2026, 2, 4, 15, 15));
    expect(parseCefTime('Jul 04 2026 10:15:00 Europe/Berlin', reader)).toBe(Date.UTC(2026, 6, 4, 8, 15));
    expect(parseCefTime('2026-03-04T10:15:00Z', reader)).toBe(Date.UTC(2026, 2, 4, 10, 15));
    expect(parseCefTime('Mar 04 2026 10:15:00 Mars/Olympus', reader)).toBeUndefined();
    expect(parseCefTime('yesterday', reader)).toBeUndefined();
  });

  it('maps outcome words', () => {
    expect(cefOutcome('Success')).toBe('success');
    expect(cefOutcome('/Failure')).toBe('failure');
    expect(cefOutcome('denied')).toBe('failure');
    expect(cefOutcome('allowed')).toBe('success');
    expect(cefOutcome('/Attempt')).toBeUndefined();
  });
});

describe('broken CEF', () => {
  it('rejects each broken fixture line with a reason and its position', () => {
    const lines = readLines(`${FIXTURES}/broken.cef`);
    const { events, rejects } = run(lines);
    expect(events).toEqual([]);
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([
      ['1', 'bad_cef'],
      ['2', 'bad_cef'],
      ['3', 'bad_cef'],
      ['4', 'bad_time'],
      ['5', 'bad_time'],
      ['6', 'bad_cef'],
      ['7', 'bad_time'],
      ['8', 'bad_cef'],
    ]);
    for (const r of rejects) {
      expect(REJECT_REASONS).toContain(r.reason);
      expect(r.raw).toBe(lines[Number(r.position) - 1]);
    }
    expect(rejects[0]?.detail).toBe('CEF header has 3 of 7 fields');
  });

  it('never throws on garbage, empty, truncated or huge input', () => {
    const garbage = Array.from(
      { length: 200 },
      (_, i) =>
        'CEF:0|' +
        String.fromCharCode(...Array.from({ length: i % 60 }, (_, j) => (i * 13 + j * 29) % 0x2fff)),
    );
    expect(() => run(garbage)).not.toThrow();
    expect(() => run(['CEF:0|a|b|c|d|e|5|rt=1772619300123 k=\\', 'CEF:0|\\', 'CEF:', '\\'])).not.toThrow();
    expect(run([])).toEqual({ events: [], rejects: [] });
    expect(run([''], {}, 't', true)).toEqual({ events: [], rejects: [] });
    const t0 = Date.now();
    const huge = `CEF:0|a|b|c|d|e|5|rt=1772619300123 msg=${'x= '.repeat(3_500_000)}`;
    expect(run([huge]).rejects[0]).toMatchObject({ reason: 'line_too_long', position: '1' });
    const big = `CEF:0|a|b|c|d|e|5|rt=1772619300123 msg=${'word '.repeat(150_000)}`;
    const { events } = run([big]);
    expect(events[0]?.attrs?.msg?.length).toBe(512);
    const equals = run([`CEF:0|a|b|c|d|e|5|rt=1772619300123 k=${'a='.repeat(400_000)}`]).events[0];
    expect(equals?.attrs?.k?.length).toBe(512);
    const escapes = run([
      `CEF:0|a|b|c|d|e|5|rt=1772619300123 k=${'\\'.repeat(300_000)}= x=${'\\='.repeat(100_000)}`,
    ]);
    expect(escapes.events).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('sniff', () => {
  it('claims CEF, bare or over syslog, and not plain syslog', () => {
    expect(cefParser.sniff(readFileSync(`${FIXTURES}/samples.cef`, 'utf8'), 'x.log')).toBeGreaterThan(0.9);
    expect(
      cefParser.sniff('Mar 27 13:06:56 h sshd[1]: Accepted password for a from 1.2.3.4 port 1 ssh2\n', 'x'),
    ).toBe(0);
    expect(cefParser.sniff('', 'x')).toBe(0);
  });
});
