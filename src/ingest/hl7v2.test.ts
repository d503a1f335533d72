import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../test/support/parse.js';
import { runParser, runParserFile, splitLines } from '../../test/support/parse.js';
import { parseDtm } from './hl7v2-fields.js';
import { hl7v2Parser } from './hl7v2.js';

const DATA = '../shared/data/hl7v2';
const FIX = 'test/fixtures/hl7v2';

type Out = ParseResult;

/** Feed text as the file reader would: split on LF, a CR before LF dropped. */
function run(text: string, source = 'test.hl7', truncated = false): Out {
  return runParser(hl7v2Parser, splitLines(text), { source, truncated });
}

/** Read a file through the real line reader (BOM handling, LF splitting). */
function runFile(path: string): Promise<Out> {
  return runParserFile(hl7v2Parser, path);
}

const adts = (o: Out) => o.context.filter((c) => c.kind === 'adt');
const patients = (o: Out) => o.context.filter((c) => c.kind === 'patient');

describe('hl7v2 on the 20 sample messages', () => {
  // Values read from the files: MSH-10, MSH-9.2, PID-3.1, PID-5.1, PV1-7.1.
  it.each([
    ['ADT-A01-01.hl7', 'MSG00001', 'A01', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A01-02.hl7', 'MSG00001', 'A01', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A02-01.hl7', 'MSG00001', 'A02', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A02-02.hl7', 'MSG00001', 'A02', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A03-01.hl7', 'MSG00001', 'A03', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A03-02.hl7', 'MSG00001', 'A03', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A04-01.hl7', 'MSG00001', 'A04', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A04-02.hl7', 'MSG00001', 'A04', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A05-01.hl7', 'MSG00001', 'A05', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A08-01.hl7', 'MSG00001', 'A08', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A08-02.hl7', 'MSG00001', 'A08', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A11-01.hl7', 'MSG00001', 'A11', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A13-01.hl7', 'MSG00001', 'A13', 'PATID1234', 'EVERYMAN', '1122334'],
    ['ADT-A40-01.hl7', '8919-40', 'A40', '12345', 'Test', undefined],
    ['ADT-A40-02.hl7', '8919-40', 'A40', '12345', 'Test', undefined],
    ['ADT01-23.hl7', '599102', 'A01', '10006579', 'DUCK', '37'],
    ['ADT01-28.hl7', 'MSG00001', 'A01', 'PATID1234', 'EVERYMAN', '004777'],
    ['ADT04-23.hl7', 'Q123456789T123456789X123456', 'A04', '123456789', 'BROS', '123456'],
    ['ADT04-251.hl7', '1270326314', 'A04', 'MRN12345', 'Doe', '12345'],
    ['ADT04-28.hl7', '1270326314', 'A04', '0000000001', 'Bixby', '4356789876'],
  ])(
    '%s → control id %s, %s, patient %s %s, attending %s',
    async (file, id, trigger, mrn, family, attending) => {
      const out = await runFile(`${DATA}/${file}`);
      expect(out.rejects).toEqual([]);
      const [adt, ...more] = adts(out);
      expect(more).toEqual([]);
      expect(adt).toMatchObject({ kind: 'adt', ref: id, source: file, patient: mrn, family });
      expect(adt!.codes![0]).toBe(trigger);
      expect(adt!.attrs?.attending).toBe(attending);
      if (attending !== undefined) expect(adt!.practitioners![0]).toBe(attending);
      expect(Number.isFinite(adt!.time)).toBe(true);
      expect(patients(out)[0]).toMatchObject({ ref: `Patient/${mrn}`, family });
    },
  );

  it('covers every sample file', () => {
    expect(readdirSync(DATA).filter((f) => f.endsWith('.hl7'))).toHaveLength(20);
  });

  it('maps the full v2.8 admit (ADT-A01-01) field by field', async () => {
    const out = await runFile(`${DATA}/ADT-A01-01.hl7`);
    const adt = adts(out)[0]!;
    expect(adt).toEqual({
      kind: 'adt',
      ref: 'MSG00001',
      source: 'ADT-A01-01.hl7',
      // EVN-2 20290801070624+0115 wins over MSH-7.
      time: Date.parse('2029-08-01T07:06:24+01:15'),
      patient: 'PATID1234',
      family: 'EVERYMAN',
      given: ['ADAM', 'A'],
      birthDate: '1988-08-18',
      gender: 'male',
      address: [
        {
          line: ['1000 Hospital Lane', 'Ste. 123'],
          city: 'Ann Arbor',
          state: 'MI',
          postalCode: '99999',
          country: 'USA',
        },
      ],
      deceased: new Date(Date.parse('2008-08-25T11:16:30+01:15')).toISOString(),
      identifiers: ['test1|PATID1234', 'USSSA|123456789'],
      practitioners: ['1122334', 'C006', 'C008', '37'],
      location: ['HUH AE OMU/OMU B/Bed 03/HOMERTON UNIVER', 'HUH AE OMU'],
      period: { start: Date.parse('2015-02-08T11:34:19+01:10') },
      securityLabels: ['VIP'],
      codes: ['A01', 'P'],
      attrs: {
        messageType: 'ADT^A01^ADT_A01',
        version: '2.8',
        sendingApplication: 'ADTApp',
        sendingFacility: 'GHHSFacility',
        operator: 'C08',
        patientClass: 'P',
        attending: '1122334',
        referring: 'C006',
        consulting: 'C008',
        admitting: '37',
        visitNumber: '40007716',
        priorLocation: '4 East, room 136, bed B 4E/136/B/CommunityHospital',
        hospitalService: 'SUR',
        vipIndicator: 'VIP',
      },
    });
    const patient = patients(out)[0]!;
    expect(patient).toMatchObject({
      kind: 'patient',
      ref: 'Patient/PATID1234',
      time: adt.time,
      identifiers: adt.identifiers,
      securityLabels: ['VIP'],
      practitioners: ['88'], // PD1-4 primary care provider
      attrs: { controlId: 'MSG00001' },
    });
  });

  it('reads discharge end (PV1-45), v2.3 quirks and the older files', async () => {
    expect(adts(await runFile(`${DATA}/ADT-A03-01.hl7`))[0]!.period).toEqual({
      start: Date.parse('2015-02-08T11:34:19+01:10'),
      end: Date.parse('2015-02-09T11:34:19+01:10'),
    });
    const a28 = adts(await runFile(`${DATA}/ADT04-28.hl7`))[0]!;
    expect(a28).toMatchObject({
      time: Date.parse('2018-10-17T02:55:43+07:00'),
      given: ['Timothy', 'Paul'],
      birthDate: '2008-01-06',
      identifiers: ['MR|0000000001', 'EHRID|e167267c-16c9-4fe3-96ae-9cff5703e90a', 'NIST|a1d4ee8aba494ca'],
      location: ['3N/136/B/RES General Hospital', '3N'],
      period: { start: Date.parse('2018-10-17T22:28:05+07:00') },
      codes: ['A04', 'I'],
    });
    // No EVN segment: the time is MSH-7; PID-3 without assigning authority gets an empty system.
    const a251 = adts(await runFile(`${DATA}/ADT04-251.hl7`))[0]!;
    expect(a251.time).toBe(Date.parse('2019-05-04T18:12:05+07:00'));
    expect(a251.identifiers).toEqual(['|MRN12345']);
    const a23 = adts(await runFile(`${DATA}/ADT04-23.hl7`))[0]!;
    expect(a23).toMatchObject({ given: ['MARIO'], deceased: false, location: ['ABCD/EFGH', 'ABCD'] });
    // PV1-8 has a name but no id: not a practitioner; PV1-17 repeats the attending and is not doubled.
    expect(a23.practitioners).toEqual(['123456']);
  });

  it('emits one patient per PID of a merge (A40) with the MRG id it replaces', async () => {
    const out = await runFile(`${DATA}/ADT-A40-02.hl7`);
    expect(adts(out)[0]!.attrs?.mergedFrom).toBe('56789');
    expect(patients(out).map((p) => [p.ref, p.attrs?.mergedFrom])).toEqual([
      ['Patient/12345', '56789'],
      ['Patient/145', '569'],
    ]);
  });

  it('splits a file of many messages on MSH, whatever the segment terminator', () => {
    const texts = readdirSync(DATA).map((f) => readFileSync(`${DATA}/${f}`, 'utf8').replace(/^\uFEFF/, ''));
    const lf = run(texts.join('\n'));
    expect(lf.rejects).toEqual([]);
    expect(adts(lf)).toHaveLength(20);
    const cr = run(texts.map((t) => t.replace(/\n/g, '\r')).join('\r'));
    expect(cr.context).toEqual(lf.context);
    const crlf = run(texts.map((t) => t.replace(/\n/g, '\r\n')).join('\r\n'));
    expect(crlf.context).toEqual(lf.context);
  });

  it('reads MLLP-framed messages (0x0B … 0x1C 0x0D) in one stream', () => {
    const msg = (f: string) =>
      readFileSync(`${DATA}/${f}`, 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\n');
    const frame = (f: string) => `\x0b${msg(f).join('\r')}\x1c\r`;
    const out = run(frame('ADT01-23.hl7') + frame('ADT-A40-01.hl7') + frame('ADT04-28.hl7'));
    expect(out.rejects).toEqual([]);
    expect(adts(out).map((a) => a.ref)).toEqual(['599102', '8919-40', '1270326314']);
  });
});

describe('hl7v2 separators and escapes', () => {
  it('uses each message’s own MSH-1/MSH-2 and unescapes \\F\\ \\S\\ \\T\\ \\E\\ \\X..\\', async () => {
    const out = await runFile(`${FIX}/custom-separators.hl7`);
    expect(out.rejects).toEqual([]);
    const [first, second] = adts(out);
    expect(first).toMatchObject({
      ref: 'ESC-1',
      time: Date.parse('2024-03-01T12:00:00-05:00'),
      patient: '777',
      family: "O'Brien",
      given: ['Ann # Marie'],
      birthDate: '1980-02-29',
      gender: 'female',
      identifiers: ['CITY|777', 'SSA|778'],
      address: [{ line: ['12 Main St', 'Apt ! 4'], city: 'Spring%field', state: 'IL', postalCode: '62701' }],
      location: ['CLINIC/2/North$Wing', 'CLINIC'],
      codes: ['A08', 'O'],
      attrs: { messageType: 'ADT^A08', sendingFacility: 'North' },
    });
    expect(second).toMatchObject({
      ref: 'ESC-2',
      patient: '779',
      family: 'SMITH',
      given: ['BO'],
      codes: ['A03'],
    });
  });

  it('parses HL7 times with and without zone', () => {
    expect(parseDtm('20240301120000-0500')).toBe(Date.parse('2024-03-01T17:00:00Z'));
    expect(parseDtm('202403011200')).toBe(Date.parse('2024-03-01T12:00:00Z'));
    expect(parseDtm('20240301120000.25')).toBe(Date.parse('2024-03-01T12:00:00.250Z'));
    expect(parseDtm('2024')).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(parseDtm('20240230')).toBeUndefined();
    expect(parseDtm('2024-03-01')).toBeUndefined();
    expect(parseDtm('')).toBeUndefined();
  });
});

describe('hl7v2 broken input', () => {
  it('rejects lines outside a message and non-segments inside one, keeping the message', async () => {
    const out = await runFile(`${FIX}/stray-lines.hl7`);
    expect(out.rejects.map((r) => [r.reason, r.position])).toEqual([
      ['bad_hl7', '1-2'],
      ['bad_hl7', '6'],
    ]);
    expect(out.rejects[0]!.detail).toContain('outside any message');
    expect(out.rejects[0]!.raw).toContain('this is not HL7');
    expect(adts(out)).toMatchObject([{ ref: 'CTRL-1', patient: '555', practitioners: ['D1'] }]);
  });

  it('rejects a message without MSH-10 as missing_field', async () => {
    const out = await runFile(`${FIX}/missing-control-id.hl7`);
    expect(out.context).toEqual([]);
    expect(out.rejects).toMatchObject([{ reason: 'missing_field', position: '1-3' }]);
    expect(out.rejects[0]!.detail).toContain('MSH-10');
    expect(out.rejects[0]!.raw.split('\n')).toHaveLength(3);
  });

  it('skips non-ADT messages as unsupported_type', async () => {
    const out = await runFile(`${FIX}/oru-result.hl7`);
    expect(out.context).toEqual([]);
    expect(out.rejects).toMatchObject([{ reason: 'unsupported_type', position: '1-4' }]);
    expect(out.rejects[0]!.detail).toContain('ORU^R01');
  });

  it('rejects bad encoding characters as bad_hl7 and a bad MSH-7 as bad_time', async () => {
    const out = await runFile(`${FIX}/bad-msh.hl7`);
    expect(out.context).toEqual([]);
    expect(out.rejects.map((r) => [r.reason, r.position])).toEqual([
      ['bad_hl7', '1-2'],
      ['bad_time', '3-4'],
    ]);
  });

  it('rejects the open message when the input broke off, and says so for empty input', () => {
    const text = readFileSync(`${DATA}/ADT01-28.hl7`, 'utf8').replace(/^\uFEFF/, '');
    const cut = run(text.slice(0, 200), 'cut.hl7', true);
    expect(cut.context).toEqual([]);
    expect(cut.rejects).toMatchObject([{ reason: 'bad_hl7', position: '1-3' }]);
    expect(cut.rejects[0]!.detail).toContain('broke off');
    expect(run('').rejects).toMatchObject([{ reason: 'empty_input' }]);
    expect(run('\n  \n\r\n').rejects).toMatchObject([{ reason: 'empty_input' }]);
  });

  it('never throws on garbage, binary or a 10 MB line', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const garbage = run(big);
    expect(garbage.rejects).toHaveLength(1);
    expect(garbage.rejects[0]!.reason).toBe('bad_hl7');
    expect(garbage.rejects[0]!.raw.length).toBeLessThanOrEqual(1024 * 1024);
    const bigMsh = run(`MSH|^~\\&|A|B|||20240101||ADT^A01|X1|P|2.5|${big}`);
    expect(bigMsh.context.map((c) => c.ref)).toEqual(['X1']);
    const binary = run('\u0000\u0001\x1c\x1c\x0b\rMSH|\r\x1c\uFFFD'.repeat(1000), 'bin', true);
    expect(binary.context).toEqual([]);
    expect(binary.rejects.length).toBeGreaterThan(0);
    expect(() => run('MSH', 'x', true)).not.toThrow();
    expect(() => run('MSH|^~\\&|'.repeat(100_000))).not.toThrow();
  });

  it('bounds a message that never ends', () => {
    const seg = `NTE|1||${'y'.repeat(1000)}`;
    const out = run(
      ['MSH|^~\\&|A|B|||20240101||ADT^A01|HUGE|P|2.5', ...Array<string>(9000).fill(seg)].join('\n'),
    );
    expect(out.rejects).toMatchObject([{ reason: 'record_too_large', position: '1-9001' }]);
  });
});

describe('hl7v2 sniff', () => {
  it('is certain of the samples (BOM included) and refuses other formats', () => {
    for (const f of readdirSync(DATA)) {
      expect(hl7v2Parser.sniff(readFileSync(`${DATA}/${f}`, 'utf8'), f)).toBe(1);
    }
    expect(hl7v2Parser.sniff('\x0bMSH|^~\\&|A\r', 'x')).toBe(1);
    expect(hl7v2Parser.sniff('{"resourceType":"Patient","id":"1"}\n', 'Patient.ndjson')).toBe(0);
    expect(hl7v2Parser.sniff('Mar 27 13:06:56 host sshd[1]: MSH\n', 'auth.log')).toBe(0);
  });
});
