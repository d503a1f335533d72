import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../model/index.js';
import { MAX_DEAD_LETTER_RAW } from '../model/index.js';
import { runParser, splitLines } from '../../test/support/parse.js';
import { fhirAuditEventParser } from './fhir-audit-event.js';

const EXAMPLES = '../shared/data/fhir/auditevent-examples';
const FIXTURES = 'test/fixtures/fhir-audit-event';

function runLines(lines: string[], source = 'audit.json', truncated = false) {
  return runParser(fhirAuditEventParser, lines, { source, truncated });
}

function runFile(path: string) {
  return runLines(splitLines(readFileSync(path, 'utf8')), path.slice(path.lastIndexOf('/') + 1));
}

function example(name: string): WardEvent {
  const { events, rejects } = runFile(`${EXAMPLES}/AuditEvent-${name}.json`);
  expect(rejects).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('fhir-audit-event: the nine FHIR R4 examples', () => {
  it('sniffs every example as its format, and other FHIR ndjson and XML as not', () => {
    for (const f of readdirSync(EXAMPLES)) {
      expect(fhirAuditEventParser.sniff(readFileSync(`${EXAMPLES}/${f}`, 'utf8'), f)).toBeGreaterThan(0.9);
    }
    const patients = readFileSync('../shared/data/fhir/bulk-10-patients/Patient.000.ndjson', 'utf8').slice(
      0,
      65536,
    );
    expect(fhirAuditEventParser.sniff(patients, 'Patient.000.ndjson')).toBe(0);
    expect(fhirAuditEventParser.sniff('<AuditMessage><EventIdentification/></AuditMessage>', 'a.xml')).toBe(
      0,
    );
  });

  it('parses each example into one event with the resource id and recorded time', () => {
    for (const f of readdirSync(EXAMPLES)) {
      const e = example(f.slice('AuditEvent-'.length, -'.json'.length));
      const doc = JSON.parse(readFileSync(`${EXAMPLES}/${f}`, 'utf8')) as { id: string; recorded: string };
      expect(e.id).toBe(doc.id);
      expect(e.time).toBe(Date.parse(doc.recorded));
      expect(e.format).toBe('fhir-audit-event');
      expect(e.source).toBe(f);
    }
  });

  it('maps a login and a logout to authentication events of the requesting human user', () => {
    const login = example('example-login');
    expect(login).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'success',
      user: '95',
      userName: 'Grahame Grieve',
      srcIp: '127.0.0.1',
      code: '110114',
      app: 'hl7connect.healthintersections.com.au',
      attrs: { subtype: '110122', site: 'Cloud' },
    });
    expect(example('example-logout')).toMatchObject({
      class: 'authentication',
      action: 'logoff',
      user: '95',
    });
  });

  it('maps the application start (no requestor) to a process event of the first human agent', () => {
    expect(example('example')).toMatchObject({
      class: 'process',
      action: 'execute',
      user: 'Grahame',
      srcIp: '127.0.0.1',
      app: "Grahame's Laptop",
      resource: 'ABCDEF',
      attrs: { subtype: '110120', site: 'Development' },
    });
  });

  it('maps RESTful read, search and failed create to ehr_access', () => {
    const rest = example('example-rest');
    expect(rest).toMatchObject({
      class: 'ehr_access',
      action: 'read',
      patient: 'Patient/example',
      resource: 'Patient/example/_history/1',
      host: 'Workstation1.ehr.familyclinic.com',
      attrs: { subtype: 'vread' },
    });
    const search = example('example-search');
    expect(search).toMatchObject({ class: 'ehr_access', action: 'query', user: '95' });
    expect(search.patient).toBeUndefined();
    expect(example('example-error')).toMatchObject({
      class: 'ehr_access',
      action: 'create',
      outcome: 'failure',
      resource: 'OperationOutcome',
    });
  });

  it('maps exports, disclosures and PIX queries with their patient', () => {
    expect(example('example-disclosure')).toMatchObject({
      class: 'ehr_access',
      action: 'export',
      user: 'SomeIdiot@nowhere',
      userName: 'That guy everyone wishes would be caught',
      host: 'custodian.net',
      patient: 'Patient/example',
      resource: 'Patient/example/_history/1',
      purpose: 'HMARKT',
      app: 'Watchers Accounting of Disclosures Application',
    });
    expect(example('example-media')).toMatchObject({
      action: 'export',
      user: '95',
      patient: 'e3cdfc81a0d24bd^^^&2.16.840.1.113883.4.2&ISO',
      resource: 'DocumentManifest/example',
    });
    expect(example('example-pixQuery')).toMatchObject({
      class: 'ehr_access',
      action: 'query',
      user: '95',
      host: 'Workstation1.ehr.familyclinic.com',
      patient: 'e3cdfc81a0d24bd^^^&2.16.840.1.113883.4.2&ISO',
      attrs: { subtype: 'ITI-9' },
    });
  });
});

describe('fhir-audit-event: BALP fixtures', () => {
  it('reads a break-glass patient read with the break-glass purposes first', () => {
    const { events, rejects } = runFile(`${FIXTURES}/balp-patient-read-btg.json`);
    expect(rejects).toEqual([]);
    expect(events).toEqual([
      {
        id: 'balp-read-btg-1',
        source: 'balp-patient-read-btg.json',
        format: 'fhir-audit-event',
        class: 'ehr_access',
        time: Date.parse('2026-03-04T10:15:00.123Z'),
        outcome: 'success',
        raw: 'balp-patient-read-btg.json:1',
        action: 'read',
        code: 'rest',
        user: 'Practitioner/p123',
        userName: 'Ana Ruiz',
        srcIp: '10.20.3.41',
        patient: 'Patient/8841',
        resource: 'Observation/123',
        purpose: 'ETREAT,BTG,TREAT',
        app: 'ehr.example.org',
        message: 'read',
        attrs: { subtype: 'read', site: 'Example General ED' },
      },
    ]);
  });

  it('reads every AuditEvent of a Bundle', () => {
    const { events, rejects } = runFile(`${FIXTURES}/bundle-3.json`);
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.id)).toEqual(['bundle-read-1', 'bundle-search-2', 'bundle-login-3']);
    expect(events[0]).toMatchObject({
      user: 'Practitioner/p7',
      srcIp: '10.20.5.17',
      patient: 'Patient/9001',
      resource: 'MedicationRequest/mr-55',
      purpose: 'TREAT',
      app: 'Device/ehr-app',
    });
    expect(events[1]).toMatchObject({ action: 'query', user: '1234567893', host: 'ws-12.example.org' });
    expect(events[2]).toMatchObject({
      class: 'authentication',
      action: 'logon',
      outcome: 'failure',
      user: 'jdoe',
      time: Date.parse('2026-03-04T06:59:00Z'),
    });
  });

  it('reads ndjson line by line and rejects only the bad lines, with reasons', () => {
    const { events, rejects } = runFile(`${FIXTURES}/audit-events.ndjson`);
    expect(events.map((e) => [e.id, e.raw])).toEqual([
      ['nd-1', 'audit-events.ndjson:1'],
      ['nd-6', 'audit-events.ndjson:6'],
    ]);
    expect(events[0]).toMatchObject({
      patient: 'Patient/1',
      resource: 'Condition/c9',
      user: 'Practitioner/p42',
    });
    // An absolute, versioned Patient reference is reduced to the Patient/id detectors match on.
    expect(events[1]).toMatchObject({ patient: 'Patient/2', purpose: 'ERTREAT,TREAT' });
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([
      ['2', 'not_json'],
      ['3', 'unsupported_type'],
      ['4', 'missing_field'],
      ['5', 'bad_time'],
    ]);
    expect(rejects[1]!.detail).toContain('Patient');
    expect(rejects[3]!.detail).toContain('nd-5');
  });

  it('treats a broken first line followed by complete lines as ndjson', () => {
    const good = '{"resourceType":"AuditEvent","id":"a","recorded":"2026-01-01T00:00:00Z"}';
    const { events, rejects } = runLines(['{"resourceType":"AuditEv', good, good.replace('"a"', '"b"')]);
    expect(events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(rejects.map((r) => [r.position, r.reason])).toEqual([['1', 'not_json']]);
  });

  it('rejects non-AuditEvent entries and entries without a resource in a Bundle', () => {
    const bundle = JSON.stringify(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: {
              resourceType: 'AuditEvent',
              id: 'x1',
              recorded: '2026-01-01T00:00:00Z',
              outcome: '0',
            },
          },
          { resource: { resourceType: 'Patient', id: 'p' } },
          { request: { method: 'DELETE', url: 'AuditEvent/old' } },
        ],
      },
      null,
      2,
    );
    const { events, rejects } = runLines(bundle.split('\n'));
    expect(events.map((e) => e.id)).toEqual(['x1']);
    expect(events[0]).toMatchObject({ class: 'process', outcome: 'success' });
    expect(rejects.map((r) => r.reason)).toEqual(['unsupported_type', 'missing_field']);
  });
});

describe('fhir-audit-event: bad input', () => {
  it('rejects a pretty-printed document cut off by a truncated input', () => {
    const lines = readFileSync(`${EXAMPLES}/AuditEvent-example-login.json`, 'utf8').split('\n').slice(0, 20);
    const { events, rejects } = runLines(lines, 'login.json', true);
    expect(events).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ reason: 'not_json', position: '1-20' });
    expect(rejects[0]!.detail).toContain('cut off');
  });

  it('rejects empty and blank input as empty_input', () => {
    expect(runLines([]).rejects.map((r) => r.reason)).toEqual(['empty_input']);
    expect(runLines(['', '  ', '']).rejects.map((r) => r.reason)).toEqual(['empty_input']);
  });

  it('rejects garbage as one not_json document without throwing', () => {
    const { events, rejects } = runLines(['\u0000\u0001 junk', 'more junk', '}{']);
    expect(events).toEqual([]);
    expect(rejects.map((r) => [r.reason, r.position])).toEqual([['not_json', '1-3']]);
  });

  it('survives a 10 MB single line, keeping the dead letter bounded', () => {
    const junk = runLines(['x'.repeat(10_000_000)]);
    expect(junk.rejects).toHaveLength(1);
    expect(junk.rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_RAW);
    const big = `{"resourceType":"AuditEvent","id":"big","recorded":"2026-01-01T00:00:00Z","x":"${'a'.repeat(10_000_000)}"}`;
    expect(runLines([big]).events.map((e) => e.id)).toEqual(['big']);
    const cut = runLines([big.slice(0, 5_000_000)], 'big.ndjson', true);
    expect(cut.rejects.map((r) => r.reason)).toEqual(['not_json']);
    expect(cut.rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_RAW);
  });

  it('refuses a multi-line document over 256 MiB once and skips the rest', () => {
    const chunk = ` "x${'a'.repeat(8 * 1024 * 1024)}",`;
    const lines = ['{', ...Array.from({ length: 40 }, () => chunk), '"id": "huge"}'];
    const { events, rejects } = runLines(lines);
    expect(events).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['record_too_large']);
    expect(rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_RAW);
  });

  it('rejects JSON that is not a FHIR resource, and odd shapes without throwing', () => {
    const { events, rejects } = runLines([
      '{"hello":"world"}',
      '{"resourceType":"AuditEvent","id":"w","recorded":"2026-01-01T00:00:00Z","agent":"x","entity":[1,null,{"what":5}],"type":[],"subtype":{},"purposeOfEvent":[{"coding":"BTG"}],"source":7}',
      '[1,2]',
      '{"resourceType":"Bundle","entry":{"resource":1}}',
    ]);
    expect(events.map((e) => e.id)).toEqual(['w']);
    expect(rejects.map((r) => r.reason)).toEqual(['bad_shape', 'bad_shape', 'bad_shape']);
  });
});

describe('exports', () => {
  const { events, rejects } = runFile(`${FIXTURES}/exports.ndjson`);

  it('maps report and Bulk Data exports to data_transfer with the record count; a one-patient export stays ehr_access', () => {
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.class, e.action, e.attrs?.records])).toEqual([
      ['ae-exp-1', 'data_transfer', 'export', '18250'],
      ['ae-exp-2', 'data_transfer', 'export', '22000'],
      ['ae-exp-3', 'ehr_access', 'export', undefined],
    ]);
    expect(events[0]).toMatchObject({
      user: 'Practitioner/pr-0042',
      srcIp: '10.20.25.31',
      resource: 'DocumentReference/report-ar-aging',
    });
    expect(events[1]).toMatchObject({ user: 'svc-integration' });
  });
});
