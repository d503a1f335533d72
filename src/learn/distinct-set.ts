/**
 * A set of distinct items with a count each and a hard cap ("accounts this IP tried"). Once full, new items
 * are not tracked but are counted, so a report can still say "at least N".
 */

/** JSON form of a {@link DistinctSet}. */
export interface DistinctSetState {
  items: [item: string, count: number][];
  untracked: number;
}

/** Distinct items with counts, at most `cap` of them. */
export class DistinctSet {
  private readonly map = new Map<string, number>();
  /** Additions of items not tracked because the set was full (an upper bound on the distinct items missed). */
  untracked = 0;

  constructor(readonly cap: number) {
    if (!(cap >= 1)) throw new RangeError(`cap must be >= 1, got ${cap}`);
  }

  /** Add `n` occurrences of `item`; returns true when the item is newly tracked. */
  add(item: string, n = 1): boolean {
    const c = this.map.get(item);
    if (c !== undefined) {
      this.map.set(item, c + n);
      return false;
    }
    if (this.map.size >= this.cap) {
      this.untracked += n;
      return false;
    }
    this.map.set(item, n);
    return true;
  }

  /** Whether `item` is tracked. */
  has(item: string): boolean {
    return this.map.has(item);
  }

  /** Occurrences of `item` (0 when not tracked). */
  count(item: string): number {
    return this.map.get(item) ?? 0;
  }

  /** Distinct items tracked. */
  get size(): number {
    return this.map.size;
  }

  /** Whether items were left out because the set was full. */
  get full(): boolean {
    return this.untracked > 0;
  }

  /** Items, most frequent first (ties by item, so the order is deterministic). */
  top(limit = Infinity): [string, number][] {
    const all = [...this.map];
    all.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return limit < all.length ? all.slice(0, limit) : all;
  }

  /** Tracked items in insertion order. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** JSON-serializable state. */
  toJSON(): DistinctSetState {
    return { items: [...this.map], untracked: this.untracked };
  }

  /** Rebuild from {@link toJSON} output. */
  static fromJSON(cap: number, s: DistinctSetState): DistinctSet {
    const d = new DistinctSet(cap);
    for (const [k, c] of s.items) d.map.set(k, c);
    d.untracked = s.untracked;
    return d;
  }
}
