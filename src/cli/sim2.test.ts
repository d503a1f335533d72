/** `ward sim2`: writes the second hospital's files and README (EHR or, with --identity, identity logs); rejects a bad size. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('ward sim2', () => {
  it('ward sim2 writes the files and README', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-sim2-cli-'));
    dirs.push(dir);
    const code = await main([
      'node',
      'ward',
      'sim2',
      '--out',
      dir,
      '--seed',
      '4',
      '--staff',
      '60',
      '--patients',
      '300',
      '--days',
      '2',
      '--cases',
      '1',
    ]);
    expect(code).toBe(0);
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('--seed 4 --staff 60 --patients 300 --days 2 --cases 1');
    const truth = (await readFile(join(dir, 'truth.jsonl'), 'utf8')).trim().split('\n');
    expect(truth).toHaveLength(11);
    expect(await readFile(join(dir, 'context/Patient.ndjson'), 'utf8')).toContain('"resourceType":"Patient"');
    expect(await main(['node', 'ward', 'sim2', '--out', dir, '--staff', 'ten'])).not.toBe(0);
  });
  it('ward sim2 --identity writes Windows, sshd and VPN logs, truth and README', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ward-sim2-identity-cli-'));
    dirs.push(dir);
    const args = [
      'node',
      'ward',
      'sim2',
      '--identity',
      '--out',
      dir,
      '--seed',
      '2',
      '--staff',
      '50',
      '--days',
      '2',
    ];
    expect(await main([...args, '--cases', '1'])).toBe(0);
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('--identity --seed 2 --staff 50 --days 2 --cases 1');
    const truth = (await readFile(join(dir, 'truth.jsonl'), 'utf8')).trim().split('\n');
    expect(truth).toHaveLength(19);
    expect(await readFile(join(dir, 'logs/windows/dc-security.jsonl'), 'utf8')).toContain('"EventID":4768');
    expect(await readFile(join(dir, 'logs/syslog/fortigate-vpn.log'), 'utf8')).toContain('subtype="vpn"');
    expect(await main([...args, '--cases', 'two'])).not.toBe(0);
  });
});
