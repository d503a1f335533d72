/**
 * Event-time merge of several sources. Each source is read in its own order (logs are written in time order);
 * across sources the merge always hands on the earliest head, in runs, so the cost per event stays a compare.
 * Memory is bounded by one batch per source.
 */
import type { WardEvent } from '../model/index.js';

/** Something that yields batches of events, null at the end. */
export interface BatchSource {
  next(): Promise<WardEvent[] | null>;
}

interface Head {
  source: BatchSource;
  batch: WardEvent[];
  idx: number;
}

/** Merges sources by event time. */
export class TimeMerge {
  private heads: Head[] = [];
  private started = false;

  constructor(
    private readonly sources: readonly BatchSource[],
    /** Events held over from a checkpoint, per source index, handed on before the source is read further. */
    pending: readonly (readonly WardEvent[])[] = [],
  ) {
    this.heads = sources.map((source, i) => ({ source, batch: [...(pending[i] ?? [])], idx: 0 }));
  }

  /** The next run of events in time order, or null when every source is done. */
  async next(): Promise<WardEvent[] | null> {
    if (!this.started) {
      this.started = true;
      await Promise.all(this.heads.map((h) => this.fill(h)));
    }
    // One pass over the heads finds the earliest and the time of the runner-up, without allocating.
    let first: Head | undefined;
    let live = 0;
    let second = Infinity;
    for (const h of this.heads) {
      if (h.idx >= h.batch.length) continue;
      live++;
      const t = h.batch[h.idx]!.time;
      if (first === undefined || t < first.batch[first.idx]!.time) {
        if (first !== undefined) second = Math.min(second, first.batch[first.idx]!.time);
        first = h;
      } else if (t < second) second = t;
    }
    if (first === undefined) return null;
    const h = first;
    if (live === 1) {
      const run = h.idx === 0 ? h.batch : h.batch.slice(h.idx);
      h.batch = [];
      h.idx = 0;
      await this.fill(h);
      return run;
    }
    let end = h.idx + 1;
    while (end < h.batch.length && h.batch[end]!.time <= second) end++;
    const run = h.batch.slice(h.idx, end);
    h.idx = end;
    if (h.idx >= h.batch.length) {
      h.batch = [];
      h.idx = 0;
      await this.fill(h);
    }
    return run;
  }

  /** Events read but not yet handed on, per source index (saved with a checkpoint). */
  pending(): WardEvent[][] {
    return this.heads.map((h) => h.batch.slice(h.idx));
  }

  private async fill(h: Head): Promise<void> {
    while (h.idx >= h.batch.length) {
      const b = await h.source.next();
      if (b === null) return;
      h.batch = b;
      h.idx = 0;
    }
  }
}
