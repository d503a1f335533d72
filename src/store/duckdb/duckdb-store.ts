/**
 * The embedded store: one DuckDB file (or `:memory:`) per process. Writes go through one connection, one at a
 * time, each batch in one transaction; reads use a second connection so an API query does not wait behind a
 * large flush (DuckDB's MVCC shows it the last committed state).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** Memory DuckDB may use before spilling to disk. */
const STORE_MEMORY_LIMIT = '1GB';
/**
 * Write-ahead log size that triggers a checkpoint. DuckDB's default (16 MB) is about one 50,000-event flush, so
 * every flush was followed by a checkpoint recompressing the table's unfinished row group; at 128 MB that happens
 * every several flushes. Measured on 300,000 events, one store per process, paired runs: about a fifth less CPU
 * per event, up to about 50 MB more resident. A crash costs at most this much log to replay on the next open.
 */
const STORE_CHECKPOINT_WAL = '128MB';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ContextKind, ContextRecord, DeadLetter, WardEvent } from '../../model/index.js';
import { ALERT_STATUSES } from '../store.js';
import type {
  AlertQuery,
  Decision,
  DecisionQuery,
  AlertUpdate,
  DeadLetterQuery,
  EventQuery,
  Page,
  SeqEvent,
  Store,
  StoreCounts,
  StoredAlert,
  StoredToken,
  WriterOptions,
} from '../store.js';
import { appendBatch, batchSize } from './append.js';
import * as decisions from './decisions.js';
import * as read from './queries.js';
import { dropStored } from './replay.js';
import { ensureSchema } from './schema.js';
import * as tokens from './tokens.js';
import { DuckDbWriter } from './writer.js';
import type { WriterOwner } from './writer.js';

/** Runs async tasks one after another; a failed task does not stop the ones queued behind it. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Files open in this process. DuckDB's file lock keeps other processes out but not a second instance in this
 * one, and two instances writing one file corrupt it.
 */
const openFiles = new Set<string>();

/** The DuckDB implementation of {@link Store}. */
export class DuckDbStore implements Store, WriterOwner {
  private readonly writes = new Serial();
  private readonly reads = new Serial();
  /** Writers holding buffered rows. */
  private readonly dirty = new Set<DuckDbWriter>();
  private closed = false;
  /** Highest event sequence number committed. */
  private seq = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly wconn: DuckDBConnection,
    private readonly rconn: DuckDBConnection,
    private readonly path: string,
    /** Absolute path while open; undefined in memory. */
    private readonly file: string | undefined,
  ) {}

  /** Open or create the database at `path` (parent folders are created), or an in-memory one for `:memory:`. */
  static async open(path: string): Promise<DuckDbStore> {
    const file = path === ':memory:' ? undefined : resolve(path);
    if (file !== undefined) {
      if (openFiles.has(file))
        throw new Error(`store ${path} is already open in this process; close it first`);
      openFiles.add(file);
    }
    try {
      if (file !== undefined) await mkdir(dirname(file), { recursive: true });
      // DuckDB would take up to 80% of RAM by default; Ward shares the machine with its own pipeline, so the
      // store gets a fixed budget and spills to disk beyond it.
      const instance = await DuckDBInstance.create(path, {
        memory_limit: STORE_MEMORY_LIMIT,
        checkpoint_threshold: STORE_CHECKPOINT_WAL,
      }).catch((err: unknown) => {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(`cannot open store ${path}: ${why}`, { cause: err });
      });
      try {
        const wconn = await instance.connect();
        const rconn = await instance.connect();
        await ensureSchema(wconn, path);
        const store = new DuckDbStore(instance, wconn, rconn, path, file);
        store.seq = await read.maxSeq(wconn);
        return store;
      } catch (err) {
        instance.closeSync();
        throw err;
      }
    } catch (err) {
      if (file !== undefined) openFiles.delete(file);
      throw err;
    }
  }

  assertOpen(): void {
    if (this.closed) throw new Error(`store ${this.path} is closed`);
  }

  track(w: DuckDbWriter): void {
    this.dirty.add(w);
  }

  writer(options: WriterOptions = {}): DuckDbWriter {
    this.assertOpen();
    return new DuckDbWriter(this, options.runId, options.resume);
  }

  flushWriters(writers: readonly DuckDbWriter[]): Promise<void> {
    // After close everything was flushed; a writer can only hold rows if add* was called, which throws then.
    if (this.closed) return Promise.resolve();
    return this.writes.run(() => this.transact(writers));
  }

  /**
   * Append what `writers` hold, then run `more`, all in one transaction. On failure the rows go back to their
   * writers so a later flush can retry them.
   */
  private async transact(
    writers: Iterable<DuckDbWriter>,
    more?: (conn: DuckDBConnection) => Promise<void>,
  ): Promise<void> {
    const all = [...writers];
    for (const w of all) this.dirty.delete(w);
    const taken = all.map((w) => ({ w, b: w.take() })).filter(({ b }) => batchSize(b) > 0);
    if (taken.length === 0 && more === undefined) return;
    const now = Date.now();
    let seq = this.seq;
    await this.wconn.run('BEGIN TRANSACTION');
    try {
      // A resumed writer's replay ends only once the batch that ended it is committed: a failed batch is retried.
      const ended: (() => void)[] = [];
      for (const { w, b } of taken) {
        let rows = b;
        if (w.replaying.size > 0) {
          const r = await dropStored(this.wconn, b, w.runId, w.replaying);
          rows = r.rows;
          ended.push(() => r.ended.forEach((t) => w.replaying.delete(t)));
        }
        await appendBatch(this.wconn, rows, w.runId, now, seq + 1);
        seq += rows.events.length;
      }
      if (more) await more(this.wconn);
      await this.wconn.run('COMMIT');
      this.seq = seq;
      for (const end of ended) end();
    } catch (err) {
      await this.wconn.run('ROLLBACK').catch(() => undefined);
      for (const { w, b } of taken) {
        w.restore(b);
        this.dirty.add(w);
      }
      throw err;
    }
  }

  saveCheckpoint(key: string, data: unknown): Promise<void> {
    this.assertOpen();
    const text = data === undefined ? undefined : JSON.stringify(data);
    if (data !== undefined && text === undefined) {
      throw new TypeError(`checkpoint ${key}: data is not JSON-serializable`);
    }
    return this.writes.run(() =>
      this.transact(this.dirty, async (conn) => {
        if (text === undefined) {
          await conn.run('DELETE FROM checkpoints WHERE "key" = $key', { key });
          return;
        }
        await conn.run(
          `INSERT INTO checkpoints VALUES ($key, $data, $now)
           ON CONFLICT ("key") DO UPDATE SET "data" = excluded."data", "updated_at" = excluded."updated_at"`,
          { key, data: text, now: BigInt(Date.now()) },
        );
      }),
    );
  }

  updateAlert(id: string, update: AlertUpdate): Promise<boolean> {
    this.assertOpen();
    if (update.status !== undefined && !ALERT_STATUSES.includes(update.status)) {
      throw new RangeError(`alert status must be one of ${ALERT_STATUSES.join(', ')}, got ${update.status}`);
    }
    // Column names come from this fixed list; values are bound.
    const fields = (['status', 'assignee', 'verdict', 'comment'] as const).filter((k) => k in update);
    const values: Record<string, string | bigint | null> = { id, now: BigInt(Date.now()) };
    for (const k of fields) values[k] = update[k] ?? null;
    const sets = fields.map((k) => `"${k}" = $${k}`).concat('"updated_at" = $now');
    return this.writes.run(async () => {
      const res = await this.wconn.run(`UPDATE alerts SET ${sets.join(', ')} WHERE id = $id`, values);
      return res.rowsChanged > 0;
    });
  }

  private read<T>(query: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.reads.run(() => query(this.rconn));
  }

  loadCheckpoint(key: string): Promise<unknown> {
    return this.read((c) => read.loadCheckpoint(c, key));
  }

  counts(): Promise<StoreCounts> {
    return this.read((c) => read.counts(c));
  }

  listAlerts(query: AlertQuery = {}): Promise<Page<StoredAlert>> {
    return this.read((c) => read.listAlerts(c, query));
  }

  getAlert(id: string): Promise<StoredAlert | undefined> {
    return this.read((c) => read.getAlert(c, id));
  }

  listDeadLetters(query: DeadLetterQuery = {}): Promise<Page<DeadLetter>> {
    return this.read((c) => read.listDeadLetters(c, query));
  }

  searchEvents(query: EventQuery = {}): Promise<Page<WardEvent>> {
    return this.read((c) => read.searchEvents(c, query));
  }

  maxSeq(): Promise<number> {
    this.assertOpen();
    // Writes are serial, so the counter is exact once the writes queued before this call are done.
    return this.writes.run(() => Promise.resolve(this.seq));
  }

  eventsAfter(seq: number, limit: number): Promise<SeqEvent[]> {
    return this.read((c) => read.eventsAfter(c, seq, limit));
  }

  seenEvents(source: string, events: readonly { id: string; time: number }[]): Promise<Set<string>> {
    if (events.length === 0) return Promise.resolve(new Set());
    return this.read((c) => read.seenEvents(c, source, events));
  }

  loadContext(kind?: ContextKind): Promise<ContextRecord[]> {
    return this.read((c) => read.loadContext(c, kind));
  }

  saveDecision(d: Decision): Promise<void> {
    this.assertOpen();
    return this.writes.run(() => decisions.saveDecision(this.wconn, d));
  }

  listDecisions(query: DecisionQuery = {}): Promise<Page<Decision>> {
    return this.read((c) => decisions.listDecisions(c, query));
  }

  saveToken(token: StoredToken): Promise<void> {
    this.assertOpen();
    return this.writes.run(() => tokens.saveToken(this.wconn, token));
  }

  findTokenByHash(hash: string): Promise<StoredToken | undefined> {
    return this.read((c) => tokens.findTokenByHash(c, hash));
  }

  listTokens(): Promise<StoredToken[]> {
    return this.read((c) => tokens.listTokens(c));
  }

  revokeToken(name: string): Promise<boolean> {
    this.assertOpen();
    return this.writes.run(() => tokens.revokeToken(this.wconn, name, Date.now()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writes.run(() => this.transact(this.dirty));
    } finally {
      // Wait for queries already queued, then release the file even if the last flush failed.
      await this.reads.run(() => Promise.resolve());
      this.rconn.closeSync();
      this.wconn.closeSync();
      this.instance.closeSync();
      if (this.file !== undefined) openFiles.delete(this.file);
    }
  }
}
