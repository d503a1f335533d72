/** The DuckDB store's writer: buffers rows in memory until its owner appends them in one transaction. */
import type { Alert, ContextRecord, DeadLetter, WardEvent } from '../../model/index.js';
import type { AlertTriage, StoreWriter } from '../store.js';
import { batchSize, emptyBatch } from './append.js';
import type { Batch } from './append.js';
import { REPLAY_TABLES } from './replay.js';
import type { ReplayTable } from './replay.js';

/** What a writer needs from the store that made it. */
export interface WriterOwner {
  /** Throws when the store is closed. */
  assertOpen(): void;
  /** A writer went from empty to holding rows: flush it on close and checkpoint. */
  track(writer: DuckDbWriter): void;
  /** Append what these writers hold, in one transaction. */
  flushWriters(writers: readonly DuckDbWriter[]): Promise<void>;
}

// Cheap checks of the NOT NULL columns, so a producer bug fails at its source with a clear message instead of
// failing a later batch of thousands of good rows.
function need(ok: boolean, what: string, id: unknown, field: string): void {
  if (!ok) throw new TypeError(`store: ${what} ${String(id)} has no valid ${field}`);
}
const isStr = (v: unknown): boolean => typeof v === 'string';
const isTime = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** Buffers rows for one run. */
export class DuckDbWriter implements StoreWriter {
  private batch: Batch = emptyBatch();
  private count = 0;

  /** Tables still checked for rows the resumed run already stored (see `WriterOptions.resume`). */
  readonly replaying: Set<ReplayTable>;

  constructor(
    private readonly owner: WriterOwner,
    /** Run id written with this writer's rows. */
    readonly runId: string | undefined,
    resume = false,
  ) {
    this.replaying = new Set(resume ? REPLAY_TABLES : []);
  }

  addEvent(e: WardEvent): void {
    this.owner.assertOpen();
    need(isStr(e.id), 'event', e.id, 'id');
    need(isStr(e.source) && isStr(e.format) && isStr(e.class), 'event', e.id, 'source, format or class');
    need(isTime(e.time), 'event', e.id, 'time');
    need(isStr(e.outcome), 'event', e.id, 'outcome');
    this.batch.events.push(e);
    this.added();
  }

  addContext(c: ContextRecord): void {
    this.owner.assertOpen();
    need(isStr(c.kind) && isStr(c.ref) && isStr(c.source), 'context record', c.ref, 'kind, ref or source');
    this.batch.context.push(c);
    this.added();
  }

  addDeadLetter(d: DeadLetter): void {
    this.owner.assertOpen();
    need(
      isStr(d.reason) && isStr(d.source) && isStr(d.format),
      'dead letter',
      d.position,
      'reason or source',
    );
    need(isStr(d.position) && isStr(d.detail) && isStr(d.raw), 'dead letter', d.position, 'position or text');
    need(isTime(d.time), 'dead letter', d.position, 'time');
    this.batch.deadLetters.push(d);
    this.added();
  }

  addAlert(a: Alert, triage?: AlertTriage): void {
    this.owner.assertOpen();
    need(isStr(a.id) && isStr(a.detector), 'alert', a.id, 'id or detector');
    need(isStr(a.time) && !Number.isNaN(Date.parse(a.time)), 'alert', a.id, 'time');
    need(
      isStr(a.category) && isStr(a.severity) && isStr(a.title),
      'alert',
      a.id,
      'category, severity or title',
    );
    need(typeof a.score === 'number', 'alert', a.id, 'score');
    this.batch.alerts.push(a);
    if (triage !== undefined) this.batch.triage.set(a, triage);
    this.added();
  }

  private added(): void {
    if (this.count++ === 0) this.owner.track(this);
  }

  get pending(): number {
    return this.count;
  }

  flush(): Promise<void> {
    return this.owner.flushWriters([this]);
  }

  /** Hand the buffered rows to the owner for appending. */
  take(): Batch {
    const b = this.batch;
    this.batch = emptyBatch();
    this.count = 0;
    return b;
  }

  /** Put back rows whose append failed, ahead of rows added since, so order is kept and nothing is lost. */
  restore(b: Batch): void {
    const now = this.batch;
    this.batch = {
      events: b.events.concat(now.events),
      context: b.context.concat(now.context),
      deadLetters: b.deadLetters.concat(now.deadLetters),
      alerts: b.alerts.concat(now.alerts),
      triage: new Map([...b.triage, ...now.triage]),
    };
    this.count = batchSize(this.batch);
  }
}
