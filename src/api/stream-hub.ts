/**
 * One poller over the store for every live-update subscriber (`GET /api/stream`). While anyone listens it asks
 * the store every {@link STREAM_DEFAULTS.pollMs} ms for the row counts and the newest alerts, and fans out
 * server-sent events: `alert` for an alert it has not seen (or whose `updatedAt` changed: a triage change), and
 * `summary` with totals and the event rate. A `: ping` comment every {@link STREAM_DEFAULTS.heartbeatMs} ms keeps
 * proxies from closing an idle stream. Nobody listening: no polling.
 *
 * Limits: new alerts are found among the newest {@link STREAM_DEFAULTS.window} alerts by alert time, so an alert
 * written with a time older than all of those (a replay of old files), or a triage change on such an alert, is
 * not announced; the summary counts still move. A subscriber whose socket has more than
 * {@link STREAM_DEFAULTS.maxBuffered} bytes unsent is dropped rather than buffered without bound; the console
 * reconnects.
 */
import type { Store, StoredAlert } from '../store/index.js';

/** Timing and bounds of the hub. */
export interface StreamOptions {
  /** Store poll period, ms; one `summary` per poll. */
  pollMs: number;
  /** Period of `: ping` comments, ms. */
  heartbeatMs: number;
  /** Newest alerts looked at per poll. */
  window: number;
  /** Unsent bytes after which a subscriber is dropped. */
  maxBuffered: number;
}

/** Defaults of {@link StreamOptions}. */
export const STREAM_DEFAULTS: Readonly<StreamOptions> = Object.freeze({
  pollMs: 2000,
  heartbeatMs: 15_000,
  window: 500,
  maxBuffered: 1024 * 1024,
});

/** Payload of a `summary` event. */
export interface StreamSummary {
  events: number;
  alerts: number;
  deadLetters: number;
  eventsPerSecond: number;
}

/** A listener: `send` returns false when the listener is gone or too slow and must be dropped. */
export interface Subscriber {
  send(chunk: string): boolean;
  /** Close the listener's connection (dropped, or the server is closing). */
  close(): void;
}

/** One server-sent event: `event:` line, a single `data:` line of JSON, blank line. */
export function sseEvent(event: string, data: unknown): string {
  // JSON.stringify escapes newlines inside strings, so the payload is one line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Each round re-reads this much before the previous round started. */
const SINCE_OVERLAP_MS = 5_000;

const total = (r: Partial<Record<string, number>>): number =>
  Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);

/** The shared poller and its subscribers. */
export class StreamHub {
  private readonly subs = new Set<Subscriber>();
  private readonly options: StreamOptions;
  private pollTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  /** id → updatedAt of the alerts in the last window; undefined until the first poll primes it. */
  private seen: Map<string, number> | undefined;
  private lastCounts: { events: number; at: number } | undefined;
  /** Wall-clock start of the window the next round reads (updatedAt ≥ since). */
  private since: number | undefined;
  private lastSummary: string | undefined;
  private polling = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    options: Partial<StreamOptions> = {},
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.options = { ...STREAM_DEFAULTS, ...options };
  }

  /** Subscribers now. */
  get size(): number {
    return this.subs.size;
  }

  /** Add a subscriber (starting the poller if it is the first); returns the function that removes it. */
  subscribe(sub: Subscriber): () => void {
    if (this.closed) {
      sub.close();
      return () => undefined;
    }
    this.subs.add(sub);
    if (this.lastSummary !== undefined && !sub.send(this.lastSummary)) this.drop(sub);
    if (this.pollTimer === undefined) this.start();
    return () => this.remove(sub);
  }

  /** Close every subscriber and stop polling for good (server shutdown). */
  close(): void {
    this.closed = true;
    for (const sub of [...this.subs]) this.drop(sub);
    this.stop();
  }

  private start(): void {
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
    this.pingTimer = setInterval(() => this.broadcast(': ping\n\n'), this.options.heartbeatMs);
    void this.poll();
  }

  private stop(): void {
    clearInterval(this.pollTimer);
    clearInterval(this.pingTimer);
    this.pollTimer = undefined;
    this.pingTimer = undefined;
    // A later first subscriber starts afresh: alerts written while nobody listened are not replayed.
    this.seen = undefined;
    this.since = undefined;
    this.lastCounts = undefined;
    this.lastSummary = undefined;
  }

  private remove(sub: Subscriber): void {
    if (!this.subs.delete(sub)) return;
    if (this.subs.size === 0) this.stop();
  }

  private drop(sub: Subscriber): void {
    this.remove(sub);
    sub.close();
  }

  private broadcast(chunk: string): void {
    for (const sub of [...this.subs]) if (!sub.send(chunk)) this.drop(sub);
  }

  /** One round: new or changed alerts (oldest first), then the summary. Rounds never overlap. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      const counts = await this.store.counts();
      // Alerts written or changed since shortly before the last round (any event time: a replay writes old
      // times); the overlap absorbs clock granularity, and `diff` drops what was already sent.
      const since = this.since;
      this.since = Date.now() - SINCE_OVERLAP_MS;
      const page = await this.store.listAlerts({
        limit: this.options.window,
        ...(since === undefined ? {} : { updatedSince: since }),
      });
      if (this.closed || this.subs.size === 0) return;
      const changed = this.diff(page.items);
      for (const a of changed) this.broadcast(sseEvent('alert', a));
      const now = Date.now();
      const events = total(counts.events);
      const prev = this.lastCounts;
      const seconds = prev === undefined ? 0 : (now - prev.at) / 1000;
      const rate = seconds > 0 ? Math.max(0, events - prev!.events) / seconds : 0;
      this.lastCounts = { events, at: now };
      const summary: StreamSummary = {
        events,
        alerts: total(counts.alerts),
        deadLetters: total(counts.deadLetters),
        eventsPerSecond: Math.round(rate * 10) / 10,
      };
      this.lastSummary = sseEvent('summary', summary);
      this.broadcast(this.lastSummary);
    } catch (err) {
      // The store may be closing; the next round tries again.
      if (!this.closed) this.onError(err);
    } finally {
      this.polling = false;
    }
  }

  /** Alerts of the window not seen before or changed since, oldest first; remembers the window. */
  private diff(items: readonly StoredAlert[]): StoredAlert[] {
    const before = this.seen;
    const next = new Map<string, number>();
    const out: StoredAlert[] = [];
    for (const a of items) {
      if (next.has(a.id)) continue;
      next.set(a.id, a.updatedAt);
      if (before === undefined) continue;
      const was = before.get(a.id);
      if (was === undefined || was !== a.updatedAt) out.push(a);
    }
    this.seen = next;
    return out.reverse();
  }
}
