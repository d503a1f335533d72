/** `ward analyze --resume` through the CLI: the alerts file ends as one uninterrupted run would leave it. */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ward-analyze-cli-'));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const AUTH_LOG = '../shared/data/syslog/auth.log';

describe('ward analyze --resume', () => {
  it('keeps the alerts written before the checkpoint and drops those a stopped run wrote after it', async () => {
    const store = join(dir, 'ward.duckdb');
    const out = join(dir, 'alerts.jsonl');
    const args = [
      'node',
      'ward',
      'analyze',
      AUTH_LOG,
      '--store',
      store,
      '--out',
      out,
      '--year',
      '2026',
      '--no-progress',
    ];
    expect(await main(args)).toBe(0);
    const whole = await readFile(out, 'utf8');
    expect(whole.trim().split('\n').length).toBeGreaterThan(5);

    // A run stopped after its last checkpoint had already written one more alert: resuming must not keep it.
    await appendFile(out, '{"id":"written-after-the-checkpoint"}\n');
    expect(await main([...args, '--resume'])).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(whole);
  });

  it('refuses --resume when the store has no checkpoint, naming the store', async () => {
    const store = join(dir, 'empty.duckdb');
    const code = await main([
      'node',
      'ward',
      'analyze',
      AUTH_LOG,
      '--store',
      store,
      '--out',
      join(dir, 'x.jsonl'),
      '--resume',
    ]);
    expect(code).toBe(1);
    expect(vi.mocked(console.error).mock.calls.flat().join(' ')).toMatch(/empty\.duckdb holds no checkpoint/);
  });
});
