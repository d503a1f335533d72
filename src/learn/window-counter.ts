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

interface Entry {
  /** Bucket number (floor(time / width)) of the newest bucket. */
  head: number;
  total: number;
  ring: number[];
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
  private readonly map = new Map<string, Entry>();
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
    const b = Math.floor(t / this.width);
    let e = this.map.get(key);
    if (e === undefined) {
      if (this.map.size >= this.maxKeys) this.evictOne();
      e = { head: b, total: 0, ring: new Array<number>(this.buckets).fill(0) };
      this.map.set(key, e);
    } else if (b > e.head) {
      this.roll(e, b);
    }
    // A late event still inside the window lands in its own bucket; older ones are outside the window.
    if (b > e.head - this.buckets) {
      const slot = b % this.buckets;
      e.ring[slot] = (e.ring[slot] ?? 0) + n;
      e.total += n;
    }
    return e.total;
  }

  /** The key's count in the window ending at `t` (0 for unknown keys). Does not change state. */
  count(key: string, t: number): number {
    const e = this.map.get(key);
    if (e === undefined) return 0;
    const b = Math.floor(t / this.width);
    if (b <= e.head) return e.total;
    if (b - e.head >= this.buckets) return 0;
    let sum = e.total;
    for (let i = e.head - this.buckets + 1; i <= b - this.buckets; i++) sum -= e.ring[i % this.buckets] ?? 0;
    return sum;
  }

  /** Drop keys whose window ending at `now` is empty; returns how many were dropped. */
  expire(now: number): number {
    const b = Math.floor(now / this.width);
    let n = 0;
    for (const [k, e] of this.map) {
      if (b - e.head >= this.buckets) {
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
    for (const [k, e] of this.map) keys.push([k, e.head, e.ring.slice()]);
    return { keys, evicted: this.evicted };
  }

  /** Replace state with a {@link snapshot}. */
  restore(s: WindowCounterState): void {
    this.map.clear();
    for (const [k, head, ring] of s.keys) {
      this.map.set(k, { head, ring: ring.slice(), total: ring.reduce((a, x) => a + x, 0) });
    }
    this.evicted = s.evicted;
  }

  private roll(e: Entry, b: number): void {
    if (b - e.head >= this.buckets) {
      e.ring.fill(0);
      e.total = 0;
    } else {
      for (let i = e.head + 1; i <= b; i++) {
        const slot = i % this.buckets;
        e.total -= e.ring[slot] ?? 0;
        e.ring[slot] = 0;
      }
    }
    e.head = b;
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
