import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

describe('ward sim and ward eval', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('ward sim writes context, logs and truth', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-sim-cli-'));
    dirs.push(dir);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const code = await main([
      'node',
      'ward',
      'sim',
      '--seed',
      '2',
      '--staff',
      '20',
      '--patients',
      '80',
      '--days',
      '2',
      '--scenarios',
      'ehr_bulk:2,auth_spray_fast',
      '--out',
      dir,
      '--no-progress',
    ]);
    expect(code).toBe(0);
    expect((await readdir(join(dir, 'context'))).sort()).toContain('Patient.ndjson');
    expect((await readdir(join(dir, 'logs'))).sort()).toContain('audit-events.ndjson');
    const truth = (await readFile(join(dir, 'truth.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(truth.map((t) => t.type)).toEqual(['ehr_bulk', 'ehr_bulk', 'auth_spray_fast']);
    expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/scenario instances/);
  });

  it('ward sim names an unknown scenario', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const code = await main([
      'node',
      'ward',
      'sim',
      '--out',
      '/tmp/unused-ward-sim',
      '--scenarios',
      'ehr_gossip',
    ]);
    expect(code).toBe(1);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/unknown scenario "ehr_gossip"/);
  });

  it('ward eval prints the table and writes JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-eval-cli-'));
    dirs.push(dir);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const json = join(dir, 'eval.json');
    const code = await main([
      'node',
      'ward',
      'eval',
      '--seed',
      '1',
      '--staff',
      '30',
      '--patients',
      '150',
      '--days',
      '2',
      '--scenarios',
      'auth_bruteforce,ehr_family',
      '--json',
      json,
      '--no-progress',
    ]);
    expect(code).toBe(0);
    const table = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(table).toMatch(/auth_bruteforce\s+identity\s+1\s+1\s+1\.00/);
    expect(table).toMatch(/ehr_family\s+ehr_privacy\s+1\s+1\s+1\.00/);
    const report = JSON.parse(await readFile(json, 'utf8')) as { byType: { type: string; recall: number }[] };
    expect(report.byType.map((t) => [t.type, t.recall])).toEqual([
      ['ehr_family', 1],
      ['auth_bruteforce', 1],
    ]);
  }, 30_000);
});
