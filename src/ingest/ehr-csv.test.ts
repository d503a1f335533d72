import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rejection, WardEvent } from '../model/index.js';
import { EHR_ACTIONS } from '../model/index.js';
import { runParser, splitLines } from '../../test/support/parse.js';
import { ehrCsvParser, loadCsvMapping, MAX_CSV_RECORD } from './ehr-csv.js';
import { normalizeAction, parseCsvTime } from './ehr-csv-values.js';

const FIX = 'test/fixtures/ehr-csv';

interface Out {
  events: WardEvent[];
  rejects: Rejection[];
}

/** Feed text the way the reader does: split on LF, drop a CR before it. */
function run(
  text: string,
  opts: { source?: string; csvMapping?: Record<string, string>; truncated?: boolean } = {},
) {
  const { events, rejects } = runParser(ehrCsvParser, splitLines(text), {
    source: opts.source ?? 'access.csv',
    options: opts.csvMapping ? { csvMapping: opts.csvMapping } : {},
    truncated: opts.truncated,
  });
  return { events, rejects };
}

function runFile(name: string, csvMapping?: Record<string, string>): Out {
  return run(readFileSync(`${FIX}/${name}`, 'utf8'), { source: basename(name), csvMapping });
}

describe('ehr-csv with default headers', () => {
  const { events, rejects } = runFile('default-headers.csv');

  it('maps every column of a full row', () => {
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(6);
    expect(events[0]).toEqual({
      id: 'A-1001',
      source: 'default-headers.csv',
      format: 'ehr-csv',
      class: 'ehr_access',
      time: Date.parse('2026-03-02T08:15:00Z'),
      user: 'u1001',
      userName: 'Dana Whitfield',
      patient: 'MRN0001',
      resource: 'Problem List',
      action: 'read',
      code: 'View',
      status: 'Success',
      outcome: 'success',
      host: 'WS-ICU-04',
      srcIp: '10.20.3.41',
      purpose: 'TREAT',
      raw: 'default-headers.csv:2',
      attrs: { department: 'ICU', role: 'RN' },
    });
  });

  it('reads the three time shapes, zone-less as UTC', () => {
    expect(events.map((e) => new Date(e.time).toISOString())).toEqual([
      '2026-03-02T08:15:00.000Z',
      '2026-03-02T08:16:30.000Z',
      '2026-03-02T13:05:00.000Z',
      '2026-03-02T13:06:07.000Z',
      '2026-03-02T07:20:00.250Z',
      '2026-03-02T09:00:00.000Z',
    ]);
  });

  it('normalises actions, outcome and break-glass purpose', () => {
    expect(events.map((e) => e.action)).toEqual(['read', 'export', 'query', 'update', 'read', 'Recalibrate']);
    expect(events.map((e) => e.outcome)).toEqual([
      'success',
      'success',
      'failure',
      'success',
      'success',
      'success',
    ]);
    expect(events[2]).toMatchObject({ purpose: 'BTG', attrs: { reason: 'Emergency' } });
    expect(events[3]!.purpose).toBeUndefined();
  });

  it('falls back to <file>:<line> when the id cell is empty', () => {
    expect(events[4]!.id).toBe('default-headers.csv:6');
  });
});

describe('ehr-csv mapping', () => {
  it('a mapping file overrides the default for custom headers', async () => {
    const mapping = await loadCsvMapping(`${FIX}/custom-mapping.json`);
    const { events, rejects } = runFile('custom-headers.csv', mapping);
    expect(rejects).toEqual([]);
    expect(events[0]).toMatchObject({
      id: '9001',
      time: Date.parse('2026-03-03T22:01:02Z'),
      user: 'E77',
      patient: 'Z99001',
      resource: 'Results Review',
      host: 'PC-4411',
      action: 'read',
      code: 'ACCESS',
      attrs: { unit: '5W' },
    });
    expect(events[1]!.action).toBe('update');
  });

  it('without the mapping the custom headers lack required columns', () => {
    const { events, rejects } = runFile('custom-headers.csv');
    expect(events).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['missing_field', 'missing_field']);
    expect(rejects[0]!.detail).toBe('header lacks required columns: user, patient');
  });

  it('a mapped header that is not in the file is named in the rejection', () => {
    const { rejects } = runFile('default-headers.csv', { patient: 'PAT_ID' });
    expect(rejects).toHaveLength(6);
    expect(rejects[0]!.detail).toContain('patient (mapped to "PAT_ID", not in header)');
  });

  it('rejects an unknown Ward field in a mapping file, naming file and key', async () => {
    await expect(loadCsvMapping(`${FIX}/bad-mapping.json`)).rejects.toThrow(
      /bad-mapping\.json: key "patientName": unknown Ward field "patientName"/,
    );
    await expect(loadCsvMapping(`${FIX}/nope.json`)).rejects.toThrow(/nope\.json/);
  });

  it('reports unknown keys of an in-memory mapping once and ignores them', () => {
    const { events, rejects } = runFile('default-headers.csv', { nonsense: 'x' });
    expect(events).toHaveLength(6);
    expect(rejects).toMatchObject([{ reason: 'bad_value', position: '0' }]);
  });
});

describe('ehr-csv dialects and broken input', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const { events, rejects } = runFile('quoted-multiline.csv');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.action, e.code, e.purpose, e.raw])).toEqual([
      [
        'Q-1',
        'export',
        'View, then print',
        'Follow-up call: patient said "I moved",\nchecked address\nand phone',
        'quoted-multiline.csv:2',
      ],
      ['Q-2', 'read', '"Read"', 'plain', 'quoted-multiline.csv:5'],
    ]);
  });

  it('reads semicolon-delimited files with separate date and time columns', () => {
    const { events, rejects } = runFile('semicolon.csv');
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, new Date(e.time).toISOString(), e.user, e.patient, e.action])).toEqual([
      ['S-1', '2026-03-05T07:30:00.000Z', 'jdoe', 'M-501', 'read'],
      ['S-2', '2026-03-05T19:45:00.000Z', 'jdoe', 'M-502', 'export'],
    ]);
    expect(events[0]!.attrs).toEqual({ patient_department: '4 North', service: 'Cardiology' });
    expect(events[0]!.host).toBe('CPU-77');
  });

  it('reads tab-delimited files and an Excel sep= line', () => {
    const tab = run('Timestamp\tUser\tPatient\n2026-03-01 10:00:00\tu1\tp1\n');
    expect(tab.events).toMatchObject([{ user: 'u1', patient: 'p1', action: 'read', id: 'access.csv:2' }]);
    const sep = run('sep=|\ntime|user|mrn\n2026-03-01 10:00:00|u1|p1\n');
    expect(sep.events).toMatchObject([{ user: 'u1', patient: 'p1' }]);
  });

  it('rejects every row when required columns are missing, naming them', () => {
    const { events, rejects } = runFile('missing-columns.csv');
    expect(events).toEqual([]);
    expect(rejects.map((r) => [r.reason, r.position, r.detail])).toEqual([
      ['missing_field', '2', 'header lacks required columns: patient'],
      ['missing_field', '3', 'header lacks required columns: patient'],
    ]);
  });

  it('rejects ragged rows, bad times and empty users, and keeps going', () => {
    const { events, rejects } = runFile('ragged.csv');
    expect(events.map((e) => e.id)).toEqual(['R-1', 'R-4']);
    expect(rejects.map((r) => [r.reason, r.position])).toEqual([
      ['bad_csv', '3'],
      ['bad_csv', '4'],
      ['bad_time', '6'],
      ['missing_field', '7'],
    ]);
    expect(rejects[0]!.detail).toBe('expected 5 fields (from the header), got 4');
    expect(rejects[2]!.detail).toContain('"yesterday"');
    expect(rejects[3]!.detail).toBe('user column is empty');
  });

  it('rejects a quote left open at the end of input with the lines it spans', () => {
    const text = 'time,user,patient,note\n2026-03-01 10:00:00,u1,p1,"never closed\nmore\n';
    const { events, rejects } = run(text, { truncated: true });
    expect(events).toEqual([]);
    expect(rejects).toMatchObject([{ reason: 'bad_csv', position: '2-3' }]);
    expect(rejects[0]!.detail).toContain('truncated');
  });

  it('caps a record at 1 MiB and resumes after it', () => {
    const huge = 'x'.repeat(600_000);
    const text = `time,user,patient,note\n2026-03-01 10:00:00,u1,p1,"${huge}\n${huge}"\n2026-03-01 10:00:01,u2,p2,ok\n`;
    const { events, rejects } = run(text);
    expect(rejects).toMatchObject([{ reason: 'record_too_large', position: '2-3' }]);
    expect(rejects[0]!.raw.length).toBeLessThanOrEqual(MAX_CSV_RECORD);
    expect(events.map((e) => e.user)).toEqual(['u2']);
  });

  it('never throws on empty, garbage or a 10 MB line', () => {
    expect(run('').rejects).toMatchObject([{ reason: 'empty_input' }]);
    expect(run('', { truncated: true }).rejects).toMatchObject([{ reason: 'empty_input' }]);
    const big = run(`time,user,patient\n${'y'.repeat(10 * 1024 * 1024)}\n`);
    expect(big.rejects).toMatchObject([{ reason: 'record_too_large', position: '2' }]);
    const garbage = ['\u0000\u0001', '"', '""""', ',,,', '"a"b"c', ';;;\t\t', '🙂'.repeat(500)].join('\n');
    expect(() => run(garbage)).not.toThrow();
    expect(() => run(garbage, { truncated: true })).not.toThrow();
  });
});

describe('ehr-csv sniff and values', () => {
  it('sniffs a header with time-, user- and patient-like columns', () => {
    expect(ehrCsvParser.sniff(readFileSync(`${FIX}/default-headers.csv`, 'utf8'), 'x.csv')).toBeGreaterThan(
      0.8,
    );
    expect(ehrCsvParser.sniff(readFileSync(`${FIX}/semicolon.csv`, 'utf8'), 'x.csv')).toBeGreaterThan(0.8);
    expect(ehrCsvParser.sniff('name,age,city\nx,1,y\n', 'x.csv')).toBe(0);
    expect(ehrCsvParser.sniff('{"ts":1,"user":"u","patient":"p"}\n', 'x.csv')).toBe(0);
    expect(ehrCsvParser.sniff('#separator \\x09\n', 'conn.log')).toBe(0);
  });

  it('maps native action names onto EHR_ACTIONS', () => {
    const cases: [string, string | undefined][] = [
      ['Viewed', 'read'],
      ['View Address', 'read'],
      ['Print Preview', 'export'],
      ['Report Run', 'execute'],
      ['Patient Lookup', 'query'],
      ['Add Addendum', 'create'],
      ['R', 'read'],
      ['D', 'delete'],
      ['Recalibrate', undefined],
    ];
    for (const [text, want] of cases) expect([text, normalizeAction(text)]).toEqual([text, want]);
    for (const a of EHR_ACTIONS) expect(normalizeAction(a)).toBe(a);
  });

  it('parses export time shapes and rejects impossible dates', () => {
    expect(parseCsvTime('2026-03-02 08:16:30.1234567')).toBe(Date.parse('2026-03-02T08:16:30.123Z'));
    expect(parseCsvTime('2026/03/02 08:16:30')).toBe(Date.parse('2026-03-02T08:16:30Z'));
    expect(parseCsvTime('12/31/2025 12:00 AM')).toBe(Date.parse('2025-12-31T00:00:00Z'));
    expect(parseCsvTime('12/31/2025 12:00:01PM')).toBe(Date.parse('2025-12-31T12:00:01Z'));
    expect(parseCsvTime('1772439390')).toBe(1772439390000);
    expect(parseCsvTime('02/29/2026 10:00')).toBeUndefined();
    expect(parseCsvTime('13/01/2026 10:00')).toBeUndefined();
    expect(parseCsvTime('1/1/2026 13:00 PM')).toBeUndefined();
    expect(parseCsvTime('soon')).toBeUndefined();
  });
});
