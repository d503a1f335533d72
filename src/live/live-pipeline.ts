/**
 * The live pipeline: takes deliveries from live inputs, parses them with the batch parsers, drops resends,
 * makes events durable, runs detection, and only then acknowledges.
 *
 * - Group commit: deliveries wait in a bounded queue (counted in records); one loop takes what is queued,
 *   parses it, and writes events, context, dead letters, alerts and the per-source line counters in one store
 *   transaction before resolving every delivery in it. When the queue is full, `submit` throws BusyError.
 * - Duplicates: an event's identity is (source, id). Ids seen recently are kept in a bounded in-memory set; ids
 *   not in it are looked up in the store (one query per source per batch) whenever the store may hold them
 *   (events stored before this start, or ids evicted from the set).
 * - Durability: the store numbers events (`seq`). The engine's snapshot is checkpointed with the last seq it
 *   processed every N events or seconds and on stop. `start` restores it and replays later events through the
 *   engine without storing them again; alerts the replay makes that are already stored are not stored twice.
 */
import { suppressorFor, type AlertTriager } from '../cases/suppress.js';
import { ContextIndex } from '../context/index.js';
import type { Alert, WardEvent } from '../model/index.js';
import type { DetectorFamily } from '../detect/detector.js';
import { createEngine, type Engine, type EngineStats } from '../detect/engine.js';
import { createDefaultFamilies } from '../detect/registry.js';
import type { ParseOptions } from '../ingest/parser.js';
import type { Store, StoreWriter } from '../store/store.js';
import { BusyError, type Delivery, type DeliveryResult, type LiveIngest } from './ingest.js';
import { LiveParsers, type Parsed } from './live-parse.js';
import { bump, emptyCounters, prometheusText, type LiveCounters } from './live-metrics.js';

/** Checkpoint key of the engine snapshot and the last seq it processed. */
export const LIVE_CHECKPOINT = 'live';
/** Checkpoint key of the per-source line counters, saved with every batch. */
export const LIVE_LINES_CHECKPOINT = 'live:lines';

/** Options of {@link LivePipeline}. */
export interface LivePipelineOptions {
  store: Store;
  /** Detector families; default: every registered family with default settings, reading `contextIndex`. */
  families?: DetectorFamily[];
  /** Context index fed with every context record (rebuilt from the store on start); default a new one. */
  contextIndex?: ContextIndex;
  /** Called for each new alert once it is stored. */
  onAlert?(a: Alert): void;
  /** Triage of new alerts (case decisions suppress similar ones); default: the store's shared suppressor. */
  suppressor?: AlertTriager;
  /** Most records waiting before `submit` answers BusyError; default 50 000. */
  maxQueueRecords?: number;
  /** Most records taken into one store transaction; default 20 000. */
  maxBatchRecords?: number;
  /** Checkpoint the engine after this many events; default 10 000. */
  checkpointEvents?: number;
  /** … or after this many ms with new events; default 5 000. */
  checkpointMs?: number;
  /** Recent (source, id) keys kept in memory for the duplicate check; default 500 000. */
  dedupeCache?: number;
  /** Run id stored with the rows; default `live-<start time>`. */
  runId?: string;
  parse?: ParseOptions;
}

/** Counters and state of a running pipeline. */
export interface LiveStats {
  accepted: number;
  duplicates: number;
  rejected: number;
  alerts: number;
  queueRecords: number;
  /** Last event seq the engine has processed. */
  seq: number;
  /** Events replayed through the engine at start. */
  replayed: number;
  engine: EngineStats;
}

interface Pending {
  d: Delivery;
  resolve(r: DeliveryResult): void;
  reject(e: unknown): void;
}

interface LiveCheckpoint {
  version: 1;
  seq: number;
  engine: unknown;
}

/** Live ingest into the store and the detection engine. Call `start` before submitting, `stop` when done. */
export class LivePipeline implements LiveIngest {
  private readonly store: Store;
  private readonly engine: Engine;
  private readonly contextIndex: ContextIndex;
  private readonly writer: StoreWriter;
  private triager: AlertTriager | undefined;
  private readonly o: Required<
    Pick<
      LivePipelineOptions,
      'maxQueueRecords' | 'maxBatchRecords' | 'checkpointEvents' | 'checkpointMs' | 'dedupeCache'
    >
  >;
  private parsers = new LiveParsers({});
  private readonly queue: Pending[] = [];
  private queued = 0;
  private readonly recent = new Set<string>();
  /** True when the store may hold ids not in `recent`. */
  private storeMayHave = false;
  private readonly counters: LiveCounters = emptyCounters();
  private totals = { accepted: 0, duplicates: 0, rejected: 0, alerts: 0, replayed: 0 };
  /** Alerts made by the batch being processed. */
  private newAlerts: Alert[] = [];
  private seq = 0;
  private sinceCheckpoint = 0;
  private lastCheckpoint = Date.now();
  private running = false;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private draining = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LivePipelineOptions) {
    this.store = options.store;
    this.o = {
      maxQueueRecords: options.maxQueueRecords ?? 50_000,
      maxBatchRecords: options.maxBatchRecords ?? 20_000,
      checkpointEvents: options.checkpointEvents ?? 10_000,
      checkpointMs: options.checkpointMs ?? 5_000,
      dedupeCache: options.dedupeCache ?? 500_000,
    };
    this.contextIndex = options.contextIndex ?? new ContextIndex();
    this.engine = createEngine({
      families: options.families ?? createDefaultFamilies({ context: this.contextIndex }),
      emit: (a) => this.newAlerts.push(a),
    });
    this.writer = this.store.writer({ runId: options.runId ?? `live-${new Date().toISOString()}` });
  }

  /** Restore detector state, replay events stored after the last checkpoint, then accept deliveries. */
  async start(): Promise<void> {
    if (this.running) return;
    this.triager = this.options.suppressor ?? (await suppressorFor(this.store));
    const lines = (await this.store.loadCheckpoint(LIVE_LINES_CHECKPOINT)) as
      { lines?: Record<string, number> } | undefined;
    this.parsers = new LiveParsers(lines?.lines ?? {}, this.options.parse);
    // Context is state derived from the store, not checkpointed: rebuild it before detection resumes.
    for (const c of await this.store.loadContext()) this.contextIndex.add(c);
    const cp = (await this.store.loadCheckpoint(LIVE_CHECKPOINT)) as LiveCheckpoint | undefined;
    if (cp?.version === 1) {
      this.engine.restore(cp.engine);
      this.seq = cp.seq;
      await this.replay();
    } else {
      // First start on this store: detection begins with what arrives from now on.
      this.seq = await this.store.maxSeq();
    }
    this.storeMayHave = (await this.store.maxSeq()) > 0;
    await this.checkpoint();
    this.running = true;
    this.timer = setInterval(
      () => {
        if (this.sinceCheckpoint > 0 && Date.now() - this.lastCheckpoint >= this.o.checkpointMs) {
          this.loop = this.loop.then(() => this.checkpoint()).catch(() => undefined);
        }
      },
      Math.min(this.o.checkpointMs, 1000),
    );
    this.timer.unref();
    this.kick();
  }

  /** Finish queued deliveries, checkpoint, and stop accepting. The store stays open (the caller owns it). */
  async stop(): Promise<void> {
    if (!this.running || this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.queue.length > 0 || this.draining) {
      this.kick();
      await this.loop;
    }
    this.running = false;
    await this.checkpoint();
  }

  submit(d: Delivery): Promise<DeliveryResult> {
    const n = d.records.length + (d.rejections?.length ?? 0);
    if (this.stopped) return Promise.reject(new Error('the live pipeline is stopped'));
    if (this.queue.length > 0 && this.queued + n > this.o.maxQueueRecords) {
      return Promise.reject(new BusyError(this.retryAfterMs()));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ d, resolve, reject });
      this.queued += n;
      this.kick();
    });
  }

  /** Prometheus text for the live counters. */
  /** The context index this pipeline keeps current (read-only use: reports, explanations). */
  get context(): ContextIndex {
    return this.contextIndex;
  }

  metrics(): string {
    const wm = this.engine.stats.watermark;
    return prometheusText(this.counters, {
      queueRecords: this.queued,
      lagSeconds: wm === undefined ? undefined : (Date.now() - wm) / 1000,
    });
  }

  stats(): LiveStats {
    return {
      ...this.totals,
      queueRecords: this.queued,
      seq: this.seq,
      engine: { ...this.engine.stats, alertsByDetector: { ...this.engine.stats.alertsByDetector } },
    };
  }

  private retryAfterMs(): number {
    // Roughly how long the queue takes to halve at a modest 20k records/s; at least 100 ms.
    return Math.max(100, Math.round(this.queued / 40));
  }

  private kick(): void {
    if (!this.running || this.draining || this.queue.length === 0) return;
    this.draining = true;
    this.loop = this.loop.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch: Pending[] = [];
        let records = 0;
        while (this.queue.length > 0 && (batch.length === 0 || records < this.o.maxBatchRecords)) {
          const p = this.queue.shift()!;
          records += p.d.records.length + (p.d.rejections?.length ?? 0);
          batch.push(p);
        }
        try {
          const results = await this.process(batch.map((p) => p.d));
          this.queued -= records;
          batch.forEach((p, i) => p.resolve(results[i]!));
        } catch (err) {
          this.queued -= records;
          for (const p of batch) p.reject(err);
        }
        if (
          this.sinceCheckpoint >= this.o.checkpointEvents ||
          (this.sinceCheckpoint > 0 && Date.now() - this.lastCheckpoint >= this.o.checkpointMs)
        ) {
          await this.checkpoint().catch(() => undefined);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Parse, dedupe, detect and store a batch of deliveries in one transaction. */
  private async process(ds: Delivery[]): Promise<DeliveryResult[]> {
    const parsed: Parsed[] = ds.map((d) => this.parsers.parse(d));
    const stored = await this.storedIds(parsed);
    const now = Date.now();
    const results = parsed.map((p) => {
      const r: DeliveryResult = { accepted: 0, duplicates: 0, rejected: p.deadLetters.length };
      for (const c of p.context) this.contextIndex.add(c);
      for (const e of p.events) {
        const key = `${e.source}\u0000${e.id}`;
        if (this.recent.has(key) || stored.get(e.source)?.has(e.id) === true) {
          r.duplicates++;
          continue;
        }
        this.remember(key);
        if (e.ingestTime === undefined) e.ingestTime = now;
        this.writer.addEvent(e);
        this.engine.process(e);
        bump(this.counters.eventsIn, e.source);
        r.accepted++;
      }
      for (const c of p.context) this.writer.addContext(c);
      r.accepted += p.context.length;
      for (const dl of p.deadLetters) {
        this.writer.addDeadLetter(dl);
        bump(this.counters.rejected, dl.reason);
      }
      this.counters.duplicates += r.duplicates;
      this.totals.accepted += r.accepted;
      this.totals.duplicates += r.duplicates;
      this.totals.rejected += r.rejected;
      return r;
    });
    const alerts = this.newAlerts;
    this.newAlerts = [];
    for (const a of alerts) this.writer.addAlert(a, this.triager?.triage(a));
    // One transaction: the rows above and the line counters they used. This is the acknowledgement.
    await this.store.saveCheckpoint(LIVE_LINES_CHECKPOINT, { lines: this.parsers.lines });
    this.seq = await this.store.maxSeq();
    this.sinceCheckpoint += results.reduce((n, r) => n + r.accepted, 0);
    this.published(alerts);
    return results;
  }

  /** Ids of a batch's events the store already holds, by source; only asked when the store may hold them. */
  private async storedIds(parsed: Parsed[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (!this.storeMayHave) return out;
    const ask = new Map<string, WardEvent[]>();
    for (const p of parsed) {
      for (const e of p.events) {
        if (this.recent.has(`${e.source}\u0000${e.id}`)) continue;
        let evs = ask.get(e.source);
        if (evs === undefined) ask.set(e.source, (evs = []));
        evs.push(e);
      }
    }
    for (const [source, evs] of ask) out.set(source, await this.store.seenEvents(source, evs));
    return out;
  }

  private remember(key: string): void {
    this.recent.add(key);
    if (this.recent.size > this.o.dedupeCache) {
      // Oldest first (a Set keeps insertion order); from now on misses must also be checked in the store.
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
      this.storeMayHave = true;
    }
  }

  private published(alerts: Alert[]): void {
    for (const a of alerts) {
      this.totals.alerts++;
      bump(this.counters.alerts, a.category);
      this.options.onAlert?.(a);
    }
  }

  /** Run events stored after the checkpoint through the engine; store the alerts not stored yet. */
  private async replay(): Promise<void> {
    for (;;) {
      const page = await this.store.eventsAfter(this.seq, 5000);
      if (page.length === 0) break;
      for (const { seq, event } of page) {
        this.raiseLine(event.source, event.id);
        this.engine.process(event);
        this.remember(`${event.source}\u0000${event.id}`);
        this.seq = seq;
        this.totals.replayed++;
      }
      const alerts = this.newAlerts;
      this.newAlerts = [];
      const fresh: Alert[] = [];
      for (const a of alerts) if ((await this.store.getAlert(a.id)) === undefined) fresh.push(a);
      for (const a of fresh) this.writer.addAlert(a, this.triager?.triage(a));
      await this.writer.flush();
      this.published(fresh);
    }
  }

  /**
   * Another writer's checkpoint or close can commit a batch's rows before the batch's own transaction saves the
   * line counters; should Ward die in between, the counters are behind the stored `<source>:<line>` ids. Those
   * rows come after the engine checkpoint, so replay sees them and moves the counters past them.
   */
  private raiseLine(source: string, id: string): void {
    if (id.length <= source.length + 1 || !id.startsWith(source) || id.charCodeAt(source.length) !== 58)
      return;
    const n = Number(id.slice(source.length + 1));
    const lines = this.parsers.lines;
    if (Number.isInteger(n) && n > (lines[source] ?? 0)) lines[source] = n;
  }

  private async checkpoint(): Promise<void> {
    const cp: LiveCheckpoint = { version: 1, seq: this.seq, engine: this.engine.snapshot() };
    await this.store.saveCheckpoint(LIVE_CHECKPOINT, cp);
    this.sinceCheckpoint = 0;
    this.lastCheckpoint = Date.now();
  }
}
