import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PatientAccessReport } from '../report/index.js';
import { openStore } from '../store/index.js';
import { main } from './main.js';

interface Truth {
  type: string;
  entities: { user?: string; patient?: string };
  events: string[];
}

const ward = (...args: string[]) => main(['node', 'ward', ...args]);

describe('ward report patient', () => {
  let dir: string;
  let family: Truth;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-report-cli-'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const code = await ward(
      'sim',
      ...['--seed', '1', '--staff', '30', '--patients', '120', '--days', '3'],
      ...['--scenarios', 'ehr_family', '--out', dir, '--no-progress'],
    );
    expect(code).toBe(0);
    const truth = (await readFile(join(dir, 'truth.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Truth);
    family = truth.find((t) => t.type === 'ehr_family')!;
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the report from the simulator’s files, with the snooping accesses unexplained and flagged', async () => {
    const out = join(dir, 'out', 'report.json');
    const patient = family.entities.patient!;
    const code = await ward(
      'report',
      'patient',
      patient,
      join(dir, 'logs'),
      '--context',
      join(dir, 'context'),
      '--out',
      out,
      '--by',
      'po-test',
    );
    expect(code).toBe(0);
    const r = JSON.parse(await readFile(out, 'utf8')) as PatientAccessReport;
    expect(r.patient).toBe(patient);
    expect(r.patientName).toBeDefined();
    expect(r.generatedBy).toBe('po-test');
    expect(r.summary.accesses).toBe(r.rows.length);
    expect(r.rows.length).toBeGreaterThan(family.events.length - 1);
    const times = r.rows.map((x) => x.time);
    expect([...times].sort()).toEqual(times);
    const snooping = r.rows.filter((x) => family.events.includes(x.accessId));
    expect(snooping).toHaveLength(family.events.length);
    for (const row of snooping) {
      expect(row).toMatchObject({ user: family.entities.user, explained: false });
      expect(row.alerts.length).toBeGreaterThan(0);
      expect(row.risk).toBeGreaterThan(0);
    }
    // Nobody else who read the chart is flagged.
    const others = r.rows.filter((x) => !family.events.includes(x.accessId));
    expect(others.filter((x) => x.alerts.length > 0)).toEqual([]);
    expect(r.summary.flagged).toBe(family.events.length);
  }, 120_000);

  it('writes CSV and HTML, the format taken from the file name, and keeps the period', async () => {
    const patient = family.entities.patient!;
    const csv = join(dir, 'report.csv');
    const args = [join(dir, 'logs'), '--context', join(dir, 'context')];
    expect(await ward('report', 'patient', patient, ...args, '--out', csv)).toBe(0);
    const lines = (await readFile(csv, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^time,patient,access_id,source,user,/);
    expect(lines.some((l) => l.includes(family.events[0]!))).toBe(true);

    const html = join(dir, 'report.html');
    expect(await ward('report', 'patient', patient, ...args, '--out', html, '--from', '2099-01-01')).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>Patient access report</h1>');
    expect(page).toContain('No recorded access to this patient in the period.');
    const full = join(dir, 'full.htm');
    expect(await ward('report', 'patient', patient, ...args, '--out', full)).toBe(0);
    expect(await readFile(full, 'utf8')).toMatch(/<h2>Alerts cited \(\d+\)<\/h2>/);
  }, 120_000);

  it('reads a store with --db and logs the report there as a PHI access', async () => {
    const db = join(dir, 'ward.duckdb');
    const analyzed = await ward(
      'analyze',
      join(dir, 'logs'),
      ...[
        '--context',
        join(dir, 'context'),
        '--store',
        db,
        '--out',
        join(dir, 'alerts.jsonl'),
        '--no-progress',
      ],
    );
    expect(analyzed).toBe(0);
    const out = join(dir, 'from-db.json');
    const patient = family.entities.patient!;
    expect(await ward('report', 'patient', patient, '--db', db, '--out', out, '--by', 'po-db')).toBe(0);
    const r = JSON.parse(await readFile(out, 'utf8')) as PatientAccessReport;
    const fromFiles = JSON.parse(
      await readFile(join(dir, 'out', 'report.json'), 'utf8'),
    ) as PatientAccessReport;
    expect(r.rows).toEqual(fromFiles.rows);
    const store = await openStore(db);
    try {
      const logged = await store.listDecisions({ kind: 'report' });
      expect(logged.items).toEqual([
        expect.objectContaining({ subject: patient, actor: 'po-db', verdict: 'generated' }),
      ]);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('says what is wrong with the arguments', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const out = join(dir, 'x.csv');
    expect(await ward('report', 'patient', 'Patient/1', '--out', out)).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/give the log files or directories/);
    expect(await ward('report', 'patient', 'Patient/1', 'logs', '--db', 'x.duckdb', '--out', out)).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/not both/);
    expect(await ward('report', 'patient', 'Patient/1', 'logs', '--from', 'last week', '--out', out)).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/--from must be an ISO 8601/);
    expect(await ward('report', 'patient', 'Patient/1', 'logs', '--format', 'pdf', '--out', '-')).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/needs a file/);
    expect(
      await ward('report', 'patient', 'Patient/1', '--db', join(dir, 'missing.duckdb'), '--out', out),
    ).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/there is no store at .*missing\.duckdb/);
    expect(existsSync(join(dir, 'missing.duckdb'))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
