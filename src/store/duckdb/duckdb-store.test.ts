/** What is particular to the DuckDB store; the shared behaviour is in ../store.test.ts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../index.js';
import { SCHEMA_VERSION } from './schema.js';

describe('duckdb store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-duckdb-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('works in memory', async () => {
    const store = await openStore(':memory:');
    const w = store.writer();
    w.addContext({ kind: 'organization', ref: 'Organization/o1', source: 'Organization.ndjson' });
    await w.flush();
    expect(await store.counts()).toMatchObject({ context: { organization: 1 } });
    await store.close();
    await store.close();
  });

  it('opens the same file again after close, and keeps the schema version', async () => {
    const path = join(dir, 'ward.duckdb');
    await (await openStore(path)).close();
    await (await openStore(path)).close();
    const db = await DuckDBInstance.create(path);
    const conn = await db.connect();
    const rows = (
      await conn.runAndReadAll(`SELECT "value" FROM meta WHERE "key" = 'schema_version'`)
    ).getRows();
    conn.closeSync();
    db.closeSync();
    expect(rows).toEqual([[String(SCHEMA_VERSION)]]);
  });

  it('refuses a second open of a file already open in this process', async () => {
    const path = join(dir, 'ward.duckdb');
    const first = await openStore(path);
    await expect(openStore(join(dir, '.', 'ward.duckdb'))).rejects.toThrow(/already open/);
    await first.close();
    await (await openStore(path)).close();
  });

  it('refuses a file written by a newer Ward, naming the file and versions', async () => {
    const path = join(dir, 'ward.duckdb');
    await (await openStore(path)).close();
    const db = await DuckDBInstance.create(path);
    const conn = await db.connect();
    await conn.run(`UPDATE meta SET "value" = '99' WHERE "key" = 'schema_version'`);
    conn.closeSync();
    db.closeSync();
    await expect(openStore(path)).rejects.toThrow(`store ${path} has schema version 99`);
  });

  it('reports a file that is not a database with its path', async () => {
    const path = join(dir, 'notes.txt');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, 'not a database, just text that is long enough to have a header');
    await expect(openStore(path)).rejects.toThrow(`cannot open store ${path}`);
  });

  it('keeps a failed batch buffered and writes nothing of it', async () => {
    const store = await openStore(':memory:');
    const w = store.writer();
    w.addEvent({ id: 'ok', source: 's', format: 'f', class: 'process', time: 1, outcome: 'success' });
    // A producer bug the cheap checks let through: a value JSON cannot encode.
    w.addEvent({
      id: 'bad',
      source: 's',
      format: 'f',
      class: 'process',
      time: 2,
      outcome: 'success',
      attrs: { n: 1n } as unknown as Record<string, string>,
    });
    await expect(w.flush()).rejects.toThrow();
    expect(w.pending).toBe(2);
    expect((await store.searchEvents()).total).toBe(0);
    await expect(store.close()).rejects.toThrow();
  });
  it('numbers events in write order, across reopen, and finds them after a sequence number', async () => {
    const path = join(dir, 'seq.duckdb');
    const ev = (id: string) =>
      ({ id, source: 's', format: 'syslog', class: 'authentication', time: 1, outcome: 'failure' }) as const;
    let store = await openStore(path);
    expect(await store.maxSeq()).toBe(0);
    const w = store.writer();
    w.addEvent(ev('a'));
    w.addEvent(ev('b'));
    await w.flush();
    await store.close();
    store = await openStore(path);
    expect(await store.maxSeq()).toBe(2);
    const w2 = store.writer();
    w2.addEvent(ev('c'));
    await store.saveCheckpoint('k', 1);
    expect(await store.maxSeq()).toBe(3);
    const after = await store.eventsAfter(1, 10);
    expect(after.map((x) => [x.seq, x.event.id])).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(after[0]?.event).toEqual(ev('b'));
    const keys = (ids: string[], time = 1) => ids.map((id) => ({ id, time }));
    expect([...(await store.seenEvents('s', keys(['a', 'x', 'c'])))].sort()).toEqual(['a', 'c']);
    expect((await store.seenEvents('other', keys(['a']))).size).toBe(0);
    expect((await store.seenEvents('s', keys(['a'], 2))).size).toBe(0);
    await store.close();
  });

  it('adds the seq column to a file made before events had one', async () => {
    const path = join(dir, 'old.duckdb');
    await (await openStore(path)).close();
    const db = await DuckDBInstance.create(path);
    const conn = await db.connect();
    await conn.run('ALTER TABLE events DROP COLUMN "seq"');
    conn.closeSync();
    db.closeSync();
    const store = await openStore(path);
    const w = store.writer();
    w.addEvent({ id: 'a', source: 's', format: 'f', class: 'process', time: 1, outcome: 'unknown' });
    await w.flush();
    expect(await store.eventsAfter(0, 10)).toHaveLength(1);
    await store.close();
  });
});
