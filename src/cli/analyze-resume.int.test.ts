/** `ward analyze --resume` after a run stopped midway: the store ends holding each row once, as one whole run. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { main } from './main.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ward-resume-'));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const args = (store: string, out: string, ...more: string[]): string[] => [
  'node',
  'ward',
  'analyze',
  '../shared/data/syslog/auth.log',
  '--context',
  '../shared/data/hl7v2',
  '--store',
  store,
  '--out',
  out,
  '--year',
  '2026',
  '--checkpoint-every',
  '1000',
  '--no-progress',
  ...more,
];

/** Row counts, and rows stored more than once, read straight from the file. */
async function inspect(path: string) {
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  const one = async (sql: string): Promise<unknown> =>
    (await conn.runAndReadAll(sql))
      .getRows()
      .map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
  const result = {
    counts: await one(`SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM context),
      (SELECT count(*) FROM dead_letters), (SELECT count(*) FROM alerts)`),
    repeatedEvents: await one('SELECT source, id FROM events GROUP BY ALL HAVING count(*) > 1 LIMIT 5'),
    repeatedContext: await one('SELECT data FROM context GROUP BY ALL HAVING count(*) > 1 LIMIT 5'),
    repeatedAlerts: await one('SELECT id FROM alerts GROUP BY ALL HAVING count(*) > 1 LIMIT 5'),
    seq: await one('SELECT min(seq), max(seq), count(DISTINCT seq) FROM events'),
    runs: await one('SELECT count(DISTINCT run_id) FROM events'),
  };
  conn.closeSync();
  db.closeSync();
  return result;
}

describe('ward analyze --resume after a stop', () => {
  it('stores each input event, context record and alert once', async () => {
    const whole = join(dir, 'whole.duckdb');
    expect(await main(args(whole, join(dir, 'whole.jsonl')))).toBe(0);

    // Stop the second run at its third checkpoint: the rows read since the second are already flushed (the
    // pipeline flushes before it saves), so the store holds more than the checkpoint it resumes from.
    const stopped = join(dir, 'stopped.duckdb');
    const original = Object.getOwnPropertyDescriptor(DuckDbStore.prototype, 'saveCheckpoint')?.value as (
      this: DuckDbStore,
      key: string,
      data: unknown,
    ) => Promise<void>;
    let saves = 0;
    const spy = vi.spyOn(DuckDbStore.prototype, 'saveCheckpoint').mockImplementation(function (
      this: DuckDbStore,
      key,
      data,
    ) {
      if (key === 'analyze' && ++saves === 3) return Promise.reject(new Error('stopped'));
      return original.call(this, key, data);
    });
    expect(await main(args(stopped, join(dir, 'stopped.jsonl')))).toBe(1);
    spy.mockRestore();
    const partial = await inspect(stopped);
    expect(partial.repeatedEvents).toEqual([]);

    expect(await main(args(stopped, join(dir, 'stopped.jsonl'), '--resume'))).toBe(0);
    const expected = await inspect(whole);
    const resumed = await inspect(stopped);
    expect(resumed.counts).toEqual(expected.counts);
    expect(resumed.repeatedEvents).toEqual([]);
    expect(resumed.repeatedContext).toEqual([]);
    expect(resumed.repeatedAlerts).toEqual(expected.repeatedAlerts);
    // Sequence numbers stay 1…n with no gaps, and both halves of the run share one run id.
    expect(resumed.seq).toEqual(expected.seq);
    expect(resumed.runs).toEqual([[1]]);
  });
});
