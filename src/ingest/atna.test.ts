import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../model/index.js';
import { MAX_DEAD_LETTER_RAW } from '../model/index.js';
import { runParser, splitLines } from '../../test/support/parse.js';
import { atnaParser } from './atna.js';

const TESTS = '../shared/data/atna/atna-tests.xml';
const FIXTURES = 'test/fixtures/atna';

function runLines(lines: string[], source = 'audit.xml', truncated = false) {
  return runParser(atnaParser, lines, { source, truncated });
}

function fileLines(path: string): string[] {
  return splitLines(readFileSync(path, 'utf8'), { keepCr: true });
}

function runFile(path: string, truncated = false) {
  return runLines(fileLines(path), path.slice(path.lastIndexOf('/') + 1), truncated);
}

/** Line numbers of each `<AuditMessage>` in the file, in order, with the case name before it. */
function cases(): { line: number; name: string }[] {
  const out: { line: number; name: string }[] = [];
  let name = '';
  fileLines(TESTS).forEach((l, i) => {
    const m = /<case name="([^"]*)"/.exec(l);
    if (m) name = m[1]!;
    if (l.includes('<AuditMessage')) out.push({ line: i + 1, name });
  });
  return out;
}

describe('atna: the 38 IHE test messages', () => {
  const { events, rejects } = runFile(TESTS);
  const byCase = new Map(
    cases().map(({ line, name }) => [name, events.find((e) => e.id === `atna-tests.xml:${line}`)]),
  );
  const get = (name: string): WardEvent => {
    const e = byCase.get(name);
    expect(e, name).toBeDefined();
    return e!;
  };

  it('sniffs the file as ATNA, and FHIR JSON as not', () => {
    expect(atnaParser.sniff(readFileSync(TESTS, 'utf8').slice(0, 65536), 'atna-tests.xml')).toBeGreaterThan(
      0.9,
    );
    expect(atnaParser.sniff('{"resourceType":"AuditEvent"}', 'a.json')).toBe(0);
  });

  it('turns every case into one event, keyed by the line its message starts on', () => {
    expect(rejects).toEqual([]);
    // Cases without a patient object (queries whose patient sits inside the encoded query, value sets,
    // directories, metadata notifications) are `process`; the two ITI-2 messages are `authentication`.
    const subtypes = (cls: string) => events.filter((e) => e.class === cls).map((e) => e.attrs?.subtype);
    expect(subtypes('authentication')).toEqual(['110123', '110122']);
    expect(subtypes('process')).toEqual([
      'ITI-18',
      'ITI-48',
      'ITI-48',
      'ITI-53',
      'ITI-54',
      'ITI-55',
      'ITI-59',
      'ITI-59',
      'ITI-60',
      'ITI-60',
      'ITI-63',
    ]);
    expect(subtypes('ehr_access')).toHaveLength(25);
    expect(events).toHaveLength(38);
    expect(cases()).toHaveLength(38);
    expect([...byCase.values()].every((e) => e !== undefined)).toBe(true);
    for (const e of events) {
      expect(e.format).toBe('atna');
      expect(Number.isFinite(e.time)).toBe(true);
      expect(e.code).toMatch(/^1101\d\d$/);
    }
  });

  it('maps the ITI-2 login and logout to authentication of the human requestor', () => {
    expect(get('ITI-02 User Authentication Logout')).toMatchObject({
      id: 'atna-tests.xml:3',
      class: 'authentication',
      action: 'logoff',
      outcome: 'success',
      time: Date.parse('2012-10-31T21:23:17.087Z'),
      code: '110114',
      user: 'farley.granger@wb.com',
      // Written with NetworkAccessPointTypeCode 1 (machine name) but it is an IP address.
      srcIp: '125.20.175.12',
      app: 'farley.granger@wb.com',
      attrs: { subtype: '110123', site: 'End User' },
    });
    expect(get('ITI-02 User Authentication Login')).toMatchObject({
      action: 'logon',
      user: 'farley.granger@wb.com',
    });
  });

  it('maps a patient identity feed to ehr_access with the patient and the source IP', () => {
    expect(get('ITI-08 Patient Identity Source Actor')).toMatchObject({
      class: 'ehr_access',
      action: 'create',
      user: 'farley.granger@wb.com',
      srcIp: '10.242.0.157',
      patient: '981139165^^^AlE1&1.3.6.1.4.1.21367.13.20.5120&ISO',
      app: 'ECW',
      attrs: { subtype: 'ITI-8', site: 'ECW' },
    });
    expect(get('ITI-09 PIX Consumer')).toMatchObject({
      class: 'ehr_access',
      action: 'query',
      patient: 'GHCADT-JD356^^^IHEGHCADT&1.2.840.114350.1.13.99998.8734&ISO',
      resource: 'ITI-9',
      host: 'remoteHost?',
    });
  });

  it('reads single-quoted attributes, user names and failure outcomes', () => {
    expect(get('ITI-41 Document Source')).toMatchObject({
      class: 'ehr_access',
      action: 'export',
      outcome: 'failure',
      user: 'fgranger',
      userName: 'farley',
      srcIp: '128.252.180.34',
      patient: 'TestPatient1^^^&&1.3.6.1.4.1.21367.13.20.1000&ISO',
      resource: '1.3.6.1.4.1.21367.2010.1.2.167.1292341934274.2',
      app: 'SUN PIX/PDQ',
    });
    expect(get('ITI-63 XCF Responding Gateway')).toMatchObject({ user: 'bhasling', userName: 'bill' });
  });

  it('keeps a machine-only requestor apart from the user', () => {
    const e = get('ITI-42 Document Registry');
    expect(e).toMatchObject({
      class: 'ehr_access',
      action: 'create',
      // The file escapes this id twice (`&amp;amp;`); one level is XML, the other is kept as written.
      patient: '123123123^^^&amp;1.2.3.4.100&amp;ISO',
      outcome: 'failure',
      srcIp: '127.0.0.1',
      app: 'XDSRegistry@ica1.ihe.net',
      attrs: { requestor: '1.3.6.1.4.1.21367.13.2250' },
    });
    expect(e.user).toBeUndefined();
  });
});

describe('atna: syslog, concatenated and broken input', () => {
  it('strips RFC 5424 headers and reads the DICOM schema (csd-code, PurposeOfUse)', () => {
    const { events, rejects } = runFile(`${FIXTURES}/syslog-audit.log`);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      id: 'syslog-audit.log:1',
      class: 'ehr_access',
      action: 'read',
      code: '110110',
      user: 'dr.kim',
      userName: 'Kim, Lee',
      srcIp: '10.20.7.33',
      patient: 'MRN-000123^^^&1.2.3.4&ISO',
      resource: '1.2.3.4.5.6.7',
      purpose: 'ETREAT,TREAT',
      app: 'pacs01',
      message: 'Retrieve Document Set',
      attrs: { subtype: 'ITI-43', site: 'Radiology', resourceType: 'Report Number' },
    });
    expect(events[1]).toMatchObject({
      id: 'syslog-audit.log:3',
      class: 'authentication',
      action: 'logon',
      outcome: 'failure',
      user: 'jdoe',
      srcIp: '10.20.5.99',
      time: Date.parse('2026-03-04T10:16:39Z'),
    });
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([['2', 'unsupported_type']]);
  });

  it('reads messages concatenated on one line and across lines', () => {
    const msg = (t: string) =>
      `<AuditMessage><EventIdentification EventDateTime="${t}" EventOutcomeIndicator="0"><EventID code="110100"/></EventIdentification></AuditMessage>`;
    const { events, rejects } = runLines([
      msg('2026-01-01T00:00:00Z') + msg('2026-01-01T00:00:01Z'),
      '<AuditMessage>',
      '<EventIdentification EventDateTime="2026-01-01T00:00:02Z"',
      ' EventActionCode="E"><EventID code="110100"/></EventIdentification>',
      '</AuditMessage>',
    ]);
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.class, e.outcome])).toEqual([
      ['audit.xml:1', 'process', 'success'],
      ['audit.xml:1#2', 'process', 'success'],
      ['audit.xml:2', 'process', 'unknown'],
    ]);
    expect(events[2]!.action).toBe('execute');
  });

  it('rejects a message cut off by the end of input', () => {
    const { events, rejects } = runFile(`${FIXTURES}/truncated.xml`, true);
    expect(events).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ reason: 'not_xml', position: '2-7' });
    expect(rejects[0]!.detail).toContain('cut off');
    expect(rejects[0]!.raw).toContain('<EventID code="110110"');
  });

  it('rejects each broken message and stray text with a reason, and goes on', () => {
    const { events, rejects } = runFile(`${FIXTURES}/garbage.txt`);
    expect(events).toEqual([]);
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([
      ['1', 'not_xml'],
      ['2', 'not_xml'],
      ['3', 'not_xml'],
      ['4', 'missing_field'],
      ['5', 'bad_time'],
      ['6', 'not_xml'],
    ]);
    expect(rejects[1]!.detail).toContain('EventID');
    expect(rejects[3]!.detail).toContain('EventDateTime');
  });

  it('handles empty, markup-only and truncated-empty input', () => {
    expect(runLines([]).rejects.map((r) => r.reason)).toEqual(['empty_input']);
    expect(runLines(['', '  '], 'x', true).rejects.map((r) => r.reason)).toEqual(['empty_input']);
    expect(runLines(['<?xml version="1.0"?>', '<tests>', '</tests>']).rejects.map((r) => r.reason)).toEqual([
      'not_xml',
    ]);
  });

  it('survives a 10 MB line and refuses a message over 16 MiB, then reads the next one', () => {
    const junk = runLines(['x'.repeat(10_000_000)]);
    expect(junk.rejects.map((r) => r.reason)).toEqual(['not_xml']);
    expect(junk.rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_RAW);

    const open = runLines(['<AuditMessage>' + '<a>'.repeat(3_500_000)], 'big.xml', true);
    expect(open.rejects.map((r) => r.reason)).toEqual(['not_xml']);
    expect(open.rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_RAW);

    const filler = `<!-- ${'z'.repeat(4 * 1024 * 1024)} -->`;
    const next =
      '<AuditMessage><EventIdentification EventDateTime="2026-01-01T00:00:00Z"/><EventID code="1"/></AuditMessage>';
    const big = runLines(['<AuditMessage>', filler, filler, filler, filler, filler, '</AuditMessage>', next]);
    expect(big.rejects.map((r) => [r.reason, r.position])).toEqual([['record_too_large', '1']]);
    expect(big.events.map((e) => e.id)).toEqual(['audit.xml:8']);
  });
});
