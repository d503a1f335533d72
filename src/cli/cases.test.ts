import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseId } from '../cases/index.js';
import type { Alert } from '../model/index.js';
import { openStore } from '../store/index.js';
import { registerCases } from './cases.js';

const ANA = 'Practitioner/ana';

function alert(id: string, detector: string, entities: Record<string, string>, score: number): Alert {
  return {
    id,
    time: '2026-03-04T10:00:00Z',
    detector,
    category: 'ehr_privacy',
    severity: 'medium',
    score,
    title: detector,
    reasons: [`${detector} reason`],
    entities,
    events: [`${id}-e`],
    attack: ['T1078'],
  };
}

describe('ward cases', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-cases-cli-'));
    db = join(dir, 'ward.duckdb');
    const store = await openStore(db);
    const w = store.writer();
    w.addContext({
      kind: 'patient',
      ref: 'Patient/1',
      source: 'Patient.ndjson',
      family: 'Ruiz',
      given: ['Maria'],
    });
    w.addContext({
      kind: 'practitioner',
      ref: ANA,
      source: 'Practitioner.ndjson',
      family: 'Ruiz',
      given: ['Ana'],
    });
    w.addAlert(alert('a1', 'ehr.family', { user: ANA, patient: 'Patient/1' }, 87));
    w.addAlert(alert('b1', 'ehr.bulk', { user: ANA }, 60));
    await w.flush();
    await store.close();
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => lines.push(s));
    const err = vi.spyOn(console, 'error').mockImplementation((s: string) => lines.push(s));
    // Commander writes usage errors to stderr itself.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // The command alone (as main.ts registers it), so other commands' modules stay out of this test.
      const program = new Command('ward').exitOverride();
      registerCases(program);
      let code = 0;
      try {
        await program.parseAsync(['node', 'ward', 'cases', ...args]);
      } catch (e) {
        code = e instanceof CommanderError ? e.exitCode : 1;
      }
      return { code, out: lines.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
      stderr.mockRestore();
    }
  }

  it('lists cases as a table with patient initials, or as JSON lines', async () => {
    const table = await run('--db', db);
    expect(table.code).toBe(0);
    expect(table.out).toContain(caseId(ANA, 'Patient/1'));
    expect(table.out).toContain('Ana Ruiz (Practitioner/ana)');
    expect(table.out).toContain('M. R. (Patient/1)');
    expect(table.out).not.toContain('Maria');
    expect(table.out).toContain('(bulk)');
    const json = await run('list', '--store', db, '--json', '--phi');
    const cases = json.out.split('\n').map((l) => JSON.parse(l) as { id: string; patientName?: string });
    expect(cases.map((c) => c.id)).toEqual([caseId(ANA, 'Patient/1'), caseId(ANA, undefined)]);
    expect(cases[0]!.patientName).toBe('Maria Ruiz');
  });

  it('records a decision with who and why; the case leaves the open list', async () => {
    const id = caseId(ANA, 'Patient/1');
    const res = await run(
      'decide',
      id,
      '--verdict',
      'legitimate',
      '--reason',
      'her mother, consent',
      '--actor',
      'po-1',
      '--db',
      db,
    );
    expect(res.code).toBe(0);
    expect(res.out).toContain('legitimate');
    const open = await run('--db', db, '--status', 'open', '--json');
    expect(open.out.split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([
      caseId(ANA, undefined),
    ]);
    const decided = await run('--db', db, '--status', 'legitimate', '--json');
    expect(JSON.parse(decided.out)).toMatchObject({
      id,
      decision: { actor: 'po-1', reason: 'her mother, consent' },
    });
  });

  it('refuses an unknown case, a bad verdict and a missing reason', async () => {
    expect(
      (await run('decide', 'nope', '--verdict', 'confirmed', '--reason', 'x', '--actor', 'po', '--db', db))
        .code,
    ).toBe(1);
    expect(
      (await run('decide', 'nope', '--verdict', 'maybe', '--reason', 'x', '--actor', 'po', '--db', db)).code,
    ).not.toBe(0);
    expect(
      (await run('decide', 'nope', '--verdict', 'confirmed', '--actor', 'po', '--db', db)).code,
    ).not.toBe(0);
  });
});
