import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { LivePipeline } from './live-pipeline.js';
import { TailInput } from './tail.js';

const line = (i: number): string =>
  `<38>1 2026-03-04T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z web01 sshd 42 - - Failed password for u${i} from 10.0.0.${i % 250} port ${1000 + i} ssh2`;
const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, k) => line(from + k) + '\n').join('');

describe('tail input', () => {
  let dir: string;
  let store: Store;
  let live: LivePipeline;
  let tail: TailInput | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-tail-'));
    store = await openStore(join(dir, 'ward.duckdb'));
    live = new LivePipeline({ store });
    await live.start();
  });
  afterEach(async () => {
    await tail?.stop();
    tail = undefined;
    await live.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const total = async (): Promise<number> => (await store.searchEvents({ limit: 0 })).total;

  it('reads new lines, survives rename rotation and copytruncate, and keeps line ids counting', async () => {
    const log = join(dir, 'auth.log');
    await writeFile(log, lines(0, 3) + 'partial');
    tail = new TailInput(live, store, { paths: [join(dir, '*.log')], format: 'syslog', pollMs: 20 });
    await tail.start();
    expect(await total()).toBe(3);
    // The unfinished line is read once its newline arrives.
    await appendFile(log, ` ${line(3).slice(10)}\n` + lines(4, 6));
    await tail.poll();
    // "partial …" is no syslog line: a dead letter, not an event.
    expect(await total()).toBe(5);
    // Rename rotation: lines written to the old file before the switch are still read.
    await appendFile(log, lines(6, 8));
    await rename(log, join(dir, 'auth.log.1'));
    await writeFile(log, lines(8, 10));
    await tail.poll();
    await tail.poll();
    expect(await total()).toBe(9);
    // Copytruncate: the file shrinks to nothing and grows again.
    await truncate(log, 0);
    await tail.poll();
    await appendFile(log, lines(10, 12));
    await tail.poll();
    expect(await total()).toBe(11);
    const ids = (await store.searchEvents({ limit: 100 })).items.map((e) => e.id);
    expect(new Set(ids).size).toBe(11);
    expect(ids).toContain('auth.log:12');
    expect((await store.listDeadLetters()).items).toMatchObject([{ position: '4', source: 'auth.log' }]);
  });

  it('resumes from the saved offset after a restart, neither re-reading nor skipping', async () => {
    const log = join(dir, 'app.log');
    await writeFile(log, lines(0, 5));
    tail = new TailInput(live, store, { paths: [log], format: 'syslog', pollMs: 10_000 });
    await tail.start();
    await tail.stop();
    await appendFile(log, lines(5, 9));
    tail = new TailInput(live, store, { paths: [log], format: 'syslog', pollMs: 10_000 });
    await tail.start();
    expect(await total()).toBe(9);
    expect(live.stats().duplicates).toBe(0);
  });

  it('dead-letters an overlong line and goes on', async () => {
    const log = join(dir, 'big.log');
    await writeFile(log, `${line(0)}\n${'x'.repeat(5000)}\n${line(2)}\n`);
    tail = new TailInput(live, store, { paths: [log], format: 'syslog', maxLineBytes: 1000, pollMs: 10_000 });
    await tail.start();
    expect((await store.searchEvents()).items.map((e) => e.id)).toEqual(['big.log:1', 'big.log:3']);
    const dead = (await store.listDeadLetters()).items;
    expect(dead).toMatchObject([{ reason: 'line_too_long', position: '2', source: 'big.log' }]);
  });
});
