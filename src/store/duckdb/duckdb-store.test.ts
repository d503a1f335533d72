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
});
