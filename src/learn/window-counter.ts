/**
 * Sliding time-window counts per key ("failures from this IP in the last 10 min"), with bounded memory: each
 * key is a small ring of buckets, idle keys expire, and a hard key cap evicts the earliest-inserted key.
 */

/** Options of a {@link KeyedWindowCounter}. */
export interface WindowCounterOptions {
  /** Window length, ms. */
  windowMs: number;
  /** Buckets per window (resolution = windowMs / buckets); default 10. */
  buckets?: number;
  /** Most keys kept; default 100,000. */
  maxKeys?: number;
}

/** JSON form of a {@link WindowCounter}: newest bucket number and the ring. */
export interface WindowCounterEntryState {
  head: number;
  ring: number[];
}

/**
 * One sliding-window count, for callers that already hold per-key state and want to avoid a second map
 * lookup. The window covers the current bucket and the `buckets - 1` before it.
 */
export class WindowCounter {
  /** Bucket number (floor(time / width)) of the newest bucket. */
  private head: number;
  private sum = 0;
  private readonly ring: number[];

  constructor(
    private readonly width: number,
    private readonly buckets: number,
    t: number,
  ) {
    this.head = Math.floor(t / width);
    this.ring = new Array<number>(buckets).fill(0);
  }

  /** Add `n` at time `t`; returns the count in the window ending at `t`. */
  add(t: number, n = 1): number {
    const b = Math.floor(t / this.width);
    if (b > this.head) this.roll(b);
    // A late event still inside the window lands in its own bucket; older ones are outside the window.
    if (b > this.head - this.buckets) {
      const slot = b % this.buckets;
      this.ring[slot] = (this.ring[slot] ?? 0) + n;
      this.sum += n;
    }
    return this.sum;
  }

  /** The count in the window ending at `t`. Does not change state. */
  count(t: number): number {
    const b = Math.floor(t / this.width);
    if (b <= this.head) return this.sum;
    if (b - this.head >= this.buckets) return 0;
    let sum = this.sum;
    for (let i = this.head - this.buckets + 1; i <= b - this.buckets; i++)
      sum -= this.ring[i % this.buckets] ?? 0;
    return sum;
  }

  /** Whether the window ending at `t` is empty. */
  idleAt(t: number): boolean {
    return Math.floor(t / this.width) - this.head >= this.buckets || this.sum === 0;
  }

  /** Forget everything. */
  clear(): void {
    this.ring.fill(0);
    this.sum = 0;
  }

  /** JSON-serializable state. */
  toJSON(): WindowCounterEntryState {
    return { head: this.head, ring: this.ring.slice() };
  }

  /** Rebuild from {@link toJSON} output. */
  static fromJSON(width: number, buckets: number, s: WindowCounterEntryState): WindowCounter {
    const w = new WindowCounter(width, buckets, 0);
    w.head = s.head;
    for (let i = 0; i < buckets; i++) w.ring[i] = s.ring[i] ?? 0;
    w.sum = w.ring.reduce((a, x) => a + x, 0);
    return w;
  }

  private roll(b: number): void {
    if (b - this.head >= this.buckets) {
      this.ring.fill(0);
      this.sum = 0;
    } else {
      for (let i = this.head + 1; i <= b; i++) {
        const slot = i % this.buckets;
        this.sum -= this.ring[slot] ?? 0;
        this.ring[slot] = 0;
      }
    }
    this.head = b;
  }
}

/** JSON form of a {@link KeyedWindowCounter}. */
export interface WindowCounterState {
  keys: [key: string, head: number, ring: number[]][];
  evicted: number;
}

/**
 * Counts per key over a sliding window of event time. The window covers the current bucket and the
 * `buckets - 1` before it, so a count spans between (buckets-1)/buckets and 1 window length.
 */
export class KeyedWindowCounter {
  readonly windowMs: number;
  readonly buckets: number;
  readonly maxKeys: number;
  private readonly width: number;
  private readonly map = new Map<string, WindowCounter>();
  /** Keys dropped by the key cap (not by expiry) since creation. */
  evicted = 0;

  constructor(o: WindowCounterOptions) {
    this.windowMs = o.windowMs;
    this.buckets = o.buckets ?? 10;
    this.maxKeys = o.maxKeys ?? 100_000;
    if (!(this.windowMs > 0) || !(this.buckets >= 1) || !(this.maxKeys >= 1)) {
      throw new RangeError('windowMs, buckets and maxKeys must be positive');
    }
    this.width = this.windowMs / this.buckets;
  }

  /** Number of keys held. */
  get size(): number {
    return this.map.size;
  }

  /** Add `n` for `key` at time `t`; returns the key's count in the window ending at `t`. */
  add(key: string, t: number, n = 1): number {
    let e = this.map.get(key);
    if (e === undefined) {
      if (this.map.size >= this.maxKeys) this.evictOne();
      e = new WindowCounter(this.width, this.buckets, t);
      this.map.set(key, e);
    }
    return e.add(t, n);
  }

  /** The key's count in the window ending at `t` (0 for unknown keys). Does not change state. */
  count(key: string, t: number): number {
    return this.map.get(key)?.count(t) ?? 0;
  }

  /** Drop keys whose window ending at `now` is empty; returns how many were dropped. */
  expire(now: number): number {
    let n = 0;
    for (const [k, e] of this.map) {
      if (e.idleAt(now)) {
        this.map.delete(k);
        n++;
      }
    }
    return n;
  }

  /** Forget one key. */
  delete(key: string): void {
    this.map.delete(key);
  }

  /** JSON-serializable state. */
  snapshot(): WindowCounterState {
    const keys: WindowCounterState['keys'] = [];
    for (const [k, e] of this.map) {
      const j = e.toJSON();
      keys.push([k, j.head, j.ring]);
    }
    return { keys, evicted: this.evicted };
  }

  /** Replace state with a {@link snapshot}. */
  restore(s: WindowCounterState): void {
    this.map.clear();
    for (const [k, head, ring] of s.keys) {
      this.map.set(k, WindowCounter.fromJSON(this.width, this.buckets, { head, ring }));
    }
    this.evicted = s.evicted;
  }

  private evictOne(): void {
    // Map iteration order is insertion order: the first key is the one inserted earliest.
    for (const k of this.map.keys()) {
      this.map.delete(k);
      this.evicted++;
      return;
    }
  }
}
