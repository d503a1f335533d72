import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../test/support/parse.js';
import { runParser, runParserFile } from '../../test/support/parse.js';
import { fhirBulkParser, fhirTime } from './fhir-bulk.js';

const BULK = '../shared/data/fhir/bulk-10-patients';
const FIX = 'test/fixtures/fhir-bulk';

type Out = ParseResult;

function run(lines: string[], truncated = false): Out {
  return runParser(fhirBulkParser, lines, { source: 'test.ndjson', truncated });
}

function runFile(path: string): Promise<Out> {
  return runParserFile(fhirBulkParser, path);
}

const byRef = (o: Out, ref: string) => o.context.find((c) => c.ref === ref);

describe('fhir-bulk on the Synthea 10-patient export', () => {
  it.each([
    ['Patient', 'patient', 13],
    ['Practitioner', 'practitioner', 43],
    ['PractitionerRole', 'practitioner_role', 43],
    ['Organization', 'organization', 43],
    ['Location', 'location', 44],
    ['Encounter', 'encounter', 1215],
  ])('%s.000.ndjson → %i %s records, nothing rejected', async (type, kind, n) => {
    const out = await runFile(`${BULK}/${type}.000.ndjson`);
    expect(out.rejects).toEqual([]);
    expect(out.context).toHaveLength(n);
    expect(out.context.every((c) => c.kind === kind && c.ref.startsWith(`${type}/`))).toBe(true);
  });

  it('reads a patient: official name, address, birth date, deceasedDateTime, identifiers', async () => {
    const out = await runFile(`${BULK}/Patient.000.ndjson`);
    const p = byRef(out, 'Patient/129c6ac7-8d06-89de-ad63-0204a93e76c3')!;
    expect(p).toMatchObject({
      kind: 'patient',
      source: 'Patient.000.ndjson',
      family: 'Medhurst46',
      given: ['Sumiko254', 'Larue605'],
      birthDate: '1927-05-21',
      gender: 'female',
      deceased: '1989-05-09T20:35:22-04:00',
      address: [
        { line: ['633 Abernathy Landing'], city: 'Emporia', state: 'KS', postalCode: '66801', country: 'US' },
      ],
    });
    expect(p.identifiers).toContain('http://hl7.org/fhir/sid/us-ssn|999-94-5397');
    expect(p.identifiers).toContain('http://hospital.smarthealthit.org|129c6ac7-8d06-89de-ad63-0204a93e76c3');
    expect(out.context.filter((c) => c.deceased !== undefined)).toHaveLength(3);
    expect(byRef(out, 'Patient/63ee2253-bdd5-da55-2ad2-b4984d0ad700')).not.toHaveProperty('deceased');
  });

  it('reads a practitioner with NPI and address', async () => {
    const out = await runFile(`${BULK}/Practitioner.000.ndjson`);
    expect(byRef(out, 'Practitioner/0965e26a-8bc3-395f-b7b0-4620fb6e778c')).toMatchObject({
      family: 'Emard19',
      given: ['Irvin970'],
      gender: 'male',
      identifiers: ['http://hl7.org/fhir/sid/us-npi|9999908392'],
      address: [
        { line: ['1201 W 12TH AVE'], city: 'EMPORIA', state: 'KS', postalCode: '668012504', country: 'US' },
      ],
      attrs: { active: 'true' },
    });
  });

  it('turns identifier-only references of a PractitionerRole into conditional references', async () => {
    const out = await runFile(`${BULK}/PractitionerRole.000.ndjson`);
    expect(byRef(out, 'PractitionerRole/01a97323-3c5e-0b03-7dcf-b0e9c1d87759')).toEqual({
      kind: 'practitioner_role',
      ref: 'PractitionerRole/01a97323-3c5e-0b03-7dcf-b0e9c1d87759',
      source: 'PractitionerRole.000.ndjson',
      practitioners: ['Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999999698'],
      organization:
        'Organization?identifier=https://github.com/synthetichealth/synthea|55f9298b-e904-3fe0-ae3d-e8c0c4f7faf8',
      codes: ['208D00000X'], // role and specialty carry the same code: kept once
      attrs: { roleText: 'General Practice Physician' }, // the NUCC code's display: the job title in words
      location: [
        'Location?identifier=https://github.com/synthetichealth/synthea|7cf6ad8f-30a6-33bb-8fe0-6f688207a213',
      ],
    });
  });

  it('reads organizations and locations', async () => {
    const orgs = await runFile(`${BULK}/Organization.000.ndjson`);
    expect(byRef(orgs, 'Organization/048630ac-ba97-3386-9ac5-d8bf6392db50')).toMatchObject({
      codes: ['prov'],
      attrs: { name: 'HILLTOP MANOR NURSING CENTER', active: 'true' },
      address: [{ city: 'CUNNINGHAM', postalCode: '670358120' }],
    });
    const locs = await runFile(`${BULK}/Location.000.ndjson`);
    expect(byRef(locs, 'Location/0b9875ba-9310-313d-93d4-bf552585d527')).toMatchObject({
      attrs: { name: 'LIFE CARE CENTER OF BURLINGTON' },
      organization:
        'Organization?identifier=https://github.com/synthetichealth/synthea|658bfe6a-1b87-3ca3-9923-959fd4e14477',
      address: [{ line: ['601 CROSS STREET'], city: 'BURLINGTON', state: 'KS' }],
    });
    // The patient-home location has no name or organization, only a physical type.
    const home = byRef(locs, 'Location/bb1ad573-19b8-9cd8-68fb-0e6f684df992')!;
    expect(home.codes).toEqual(['ho']);
    expect(home).not.toHaveProperty('organization');
  });

  it('reads an encounter: subject, participants with their type, class + type codes, period', async () => {
    const out = await runFile(`${BULK}/Encounter.000.ndjson`);
    const start = Date.parse('1989-10-04T02:25:16-04:00');
    expect(byRef(out, 'Encounter/00c7f717-4030-5582-2ed8-888ad2bc878e')).toEqual({
      kind: 'encounter',
      ref: 'Encounter/00c7f717-4030-5582-2ed8-888ad2bc878e',
      source: 'Encounter.000.ndjson',
      time: start,
      patient: 'Patient/79a66c97-6131-3213-f3c9-4606946ab056',
      practitioners: ['Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999974493'],
      codes: ['AMB', '185347001', 'participant:PPRF'],
      location: [
        'Location?identifier=https://github.com/synthetichealth/synthea|3b23bdf7-5bd6-30bf-85a9-a37d7d74938a',
      ],
      organization:
        'Organization?identifier=https://github.com/synthetichealth/synthea|a261e1fc-9361-3633-a2c4-8569a04b818d',
      period: { start, end: Date.parse('1989-10-04T06:20:16-04:00') },
      identifiers: ['https://github.com/synthetichealth/synthea|00c7f717-4030-5582-2ed8-888ad2bc878e'],
      attrs: { status: 'finished' },
    });
    const classes = new Set(out.context.map((c) => c.codes![0]));
    expect(classes).toEqual(new Set(['AMB', 'IMP', 'EMER', 'HH', 'VR']));
  });

  it.each([
    ['Condition', 555],
    ['Procedure', 2056],
    ['MedicationRequest', 1745],
    ['Immunization', 161],
    ['Device', 16],
    ['AllergyIntolerance', 11],
    ['DocumentReference', 1215],
  ])('skips %s (%i lines) as unsupported_type', async (type, n) => {
    const out = await runFile(`${BULK}/${type}.000.ndjson`);
    expect(out.context).toEqual([]);
    expect(out.rejects).toHaveLength(n);
    expect(out.rejects.every((r) => r.reason === 'unsupported_type' && r.detail.includes(type))).toBe(true);
  });

  it('rejects the export log (no resourceType) as missing_field', async () => {
    const out = await runFile(`${BULK}/log.ndjson`);
    expect(out.rejects.map((r) => r.reason)).toEqual(Array<string>(4).fill('missing_field'));
  });
});

describe('fhir-bulk care links, labels and references (fixtures)', () => {
  it('reads security labels, the official name, deceasedBoolean and the general practitioner', async () => {
    const out = await runFile(`${FIX}/Patient-labels.ndjson`);
    expect(out.rejects).toEqual([]);
    expect(out.context).toEqual([
      {
        kind: 'patient',
        ref: 'Patient/pat-vip',
        source: 'Patient-labels.ndjson',
        time: Date.parse('2024-02-01T10:00:00Z'),
        identifiers: ['http://hospital.example.org/mrn|MRN-1001'],
        securityLabels: ['VIP', 'R'],
        family: 'Ruiz',
        given: ['Pedro', 'J'],
        address: [
          {
            line: ['12 Calle Mayor', '2B'],
            city: 'Springfield',
            state: 'IL',
            postalCode: '62701',
            country: 'US',
          },
        ],
        birthDate: '1979-04-02',
        gender: 'male',
        practitioners: ['Practitioner/pr-1'],
        organization: 'Organization/org-1',
      },
      {
        kind: 'patient',
        ref: 'Patient/pat-emp',
        source: 'Patient-labels.ndjson',
        securityLabels: ['EMP', 'V'],
        family: 'Staff',
        given: ['Nurse'],
        deceased: false,
      },
      { kind: 'patient', ref: 'Patient/pat-dead', source: 'Patient-labels.ndjson', deceased: true },
    ]);
  });

  it('keeps only Practitioner / PractitionerRole members of a care team, resolving typed urn:uuid refs', async () => {
    const out = await runFile(`${FIX}/CareTeam.ndjson`);
    expect(out.rejects).toEqual([]);
    expect(out.context[0]).toEqual({
      kind: 'care_team',
      ref: 'CareTeam/ct-1',
      source: 'CareTeam.ndjson',
      patient: 'Patient/pat-vip',
      codes: ['LA27976-2', 'participant:17561000', 'participant:224535009'],
      practitioners: [
        'Practitioner/pr-1',
        'PractitionerRole/role-7',
        'https://ehr.example.org/fhir/Practitioner/pr-2/_history/3',
      ],
      organization: 'Organization/org-1',
      period: { start: Date.parse('2024-03-01T08:00:00Z'), end: Date.parse('2024-04-01T00:00:00Z') - 1 },
      attrs: { status: 'active', name: 'Ward 4 cardiology team', encounter: 'Encounter/enc-9' },
    });
    // Subject may be Patient or Group: an untyped urn:uuid stays as given.
    expect(out.context[1]).toMatchObject({
      patient: 'urn:uuid:pat-2',
      practitioners: ['Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|999'],
    });
  });

  it('reads a related person: patient link, relationship codes, name, address', async () => {
    const out = await runFile(`${FIX}/RelatedPerson.ndjson`);
    expect(out.context).toEqual([
      {
        kind: 'related_person',
        ref: 'RelatedPerson/rp-1',
        source: 'RelatedPerson.ndjson',
        identifiers: ['|NOK-17'],
        attrs: { active: 'true' },
        patient: 'Patient/pat-vip',
        family: 'Ruiz',
        given: ['Ana'],
        address: [{ line: ['12 Calle Mayor', '2B'], city: 'Springfield', postalCode: '62701' }],
        birthDate: '1980',
        gender: 'female',
        codes: ['WIFE', 'N'],
        period: { start: Date.parse('2010-06-12T00:00:00Z') },
      },
    ]);
  });

  it('rejects each broken line with its reason and keeps the good ones', async () => {
    const out = await runFile(`${FIX}/broken.ndjson`);
    expect(out.context.map((c) => c.ref)).toEqual(['Patient/ok-1', 'Location/ok-2']);
    expect(out.rejects.map((r) => [r.position, r.reason])).toEqual([
      ['2', 'not_json'],
      ['3', 'not_json'],
      ['4', 'not_json'],
      ['5', 'missing_field'],
      ['6', 'missing_field'],
      ['7', 'bad_time'],
      ['8', 'unsupported_type'],
      ['9', 'unsupported_type'],
    ]);
    expect(out.rejects[1]!.detail).toContain('cut off');
    expect(out.rejects[5]!.detail).toContain('period.start');
    expect(out.rejects[7]!.detail).toContain('AuditEvent');
    // Details never carry the resource itself.
    expect(out.rejects.every((r) => !r.detail.includes('Fine') && !r.detail.includes('NoId'))).toBe(true);
  });

  it('never throws on garbage, empty or truncated input, or a 10 MB line', () => {
    expect(run([]).rejects).toMatchObject([{ reason: 'empty_input' }]);
    expect(run(['', '  '], true).rejects).toMatchObject([{ reason: 'empty_input' }]);
    expect(run(['{"resourceType":"Patient","id":"x","name":[{"fam'], true).rejects).toMatchObject([
      { reason: 'not_json', position: '1' },
    ]);
    const huge = `{"resourceType":"Patient","id":"big","name":[{"family":"${'x'.repeat(10 * 1024 * 1024)}"}]}`;
    const big = run([huge, huge.slice(0, 5_000_000), 'z'.repeat(10 * 1024 * 1024)]);
    expect(big.context).toHaveLength(1);
    expect(big.rejects.map((r) => r.reason)).toEqual(['not_json', 'not_json']);
    expect(big.rejects.every((r) => r.raw.length <= 1024 * 1024)).toBe(true);
    const odd = run([
      'null',
      '42',
      '"s"',
      '{}',
      '{"resourceType":7,"id":"x"}',
      '\u0000\uFFFD',
      '{"resourceType":"Patient","id":"p","name":7,"address":"x","identifier":{},"meta":{"security":"VIP"}}',
    ]);
    expect(odd.rejects.map((r) => r.reason)).toEqual([
      'not_json',
      'not_json',
      'not_json',
      'missing_field',
      'missing_field',
      'not_json',
    ]);
    expect(odd.context).toEqual([{ kind: 'patient', ref: 'Patient/p', source: 'test.ndjson' }]);
  });
});

describe('fhir-bulk times and sniffing', () => {
  it('reads partial FHIR dates as the start or end of their span', () => {
    expect(fhirTime('2024', false)).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(fhirTime('2024', true)).toBe(Date.parse('2025-01-01T00:00:00Z') - 1);
    expect(fhirTime('2024-02', true)).toBe(Date.parse('2024-03-01T00:00:00Z') - 1);
    expect(fhirTime('2024-02-29', false)).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(fhirTime('2024-02-29T10:00:00+02:00', true)).toBe(Date.parse('2024-02-29T08:00:00Z'));
    expect(fhirTime('2024-13', false)).toBeUndefined();
    expect(fhirTime('soon', false)).toBeUndefined();
  });

  it('claims context ndjson, weakly other resource types, and never AuditEvent or HL7', () => {
    const head = (f: string) => readFileSync(f, 'utf8').slice(0, 64 * 1024);
    expect(
      fhirBulkParser.sniff(head(`${BULK}/Patient.000.ndjson`), 'Patient.000.ndjson'),
    ).toBeGreaterThanOrEqual(0.9);
    expect(fhirBulkParser.sniff(head(`${BULK}/Encounter.000.ndjson`), 'x')).toBeGreaterThanOrEqual(0.9);
    expect(fhirBulkParser.sniff(head(`${BULK}/DocumentReference.000.ndjson`), 'x')).toBe(0.5);
    expect(fhirBulkParser.sniff('{"resourceType":"AuditEvent","id":"1"}\n', 'x')).toBe(0);
    expect(
      fhirBulkParser.sniff(head('../shared/data/fhir/auditevent-examples/AuditEvent-example.json'), 'x'),
    ).toBe(0);
    expect(fhirBulkParser.sniff(head('../shared/data/hl7v2/ADT01-23.hl7'), 'x')).toBe(0);
  });
});
