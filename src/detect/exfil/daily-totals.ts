/**
 * Per-key daily tallies with their baselines, for the event-count detectors (removable media, EHR exports): the
 * amount of the current UTC day, bounded evidence, and — when a later day starts — the finished day joined to
 * the key's and its peer group's daily baselines (baseline.ts), unless the day was alerted.
 */
import { addDay, emptyStat, statFrom, type DailyStat } from './baseline.js';
import { DAY, detach, mapFrom } from './common.js';

/** Evidence ids kept per key and day: the first ones, and the latest in the last slot. */
const MAX_EVIDENCE = 50;
/** Labels (files, reports, devices) kept per key and day for the reasons. */
const MAX_LABELS = 5;

/** One key's day. */
export interface Tally {
  /** Day (days since the epoch), amount and events that day. */
  d: number;
  n: number;
  c: number;
  ev: string[];
  /** A few labels of that day (file names, report names). */
  x: string[];
  st: DailyStat;
  peer: string;
  /** Day alerted, -1 when never. */
  a: number;
}

/** Daily tallies by key; see the file comment. */
export class DailyTotals {
  private tallies = new Map<string, Tally>();
  private peers = new Map<string, DailyStat>();

  /** `unit`: the amount one step of the log baseline stands for (1 file, 1 record). */
  constructor(private readonly unit: number) {}

  /** Add `amount` for `key` at `t` with evidence `id` and an optional label; returns the key's tally. */
  add(key: string, peer: string, t: number, amount: number, id: string, label?: string): Tally {
    const day = Math.floor(t / DAY);
    let y = this.tallies.get(key);
    if (y === undefined) {
      y = { d: day, n: 0, c: 0, ev: [], x: [], st: emptyStat(), peer, a: -1 };
      this.tallies.set(detach(key), y);
    } else if (day > y.d) {
      if (y.a !== y.d && y.n > 0) {
        addDay(y.st, y.d, y.n, this.unit);
        let p = this.peers.get(y.peer);
        if (p === undefined) this.peers.set(y.peer, (p = emptyStat()));
        addDay(p, y.d, y.n, this.unit);
      }
      y.d = day;
      y.n = 0;
      y.c = 0;
      y.ev.length = 0;
      y.x.length = 0;
    }
    y.n += amount;
    y.c++;
    if (y.ev.length < MAX_EVIDENCE) y.ev.push(detach(id));
    else y.ev[MAX_EVIDENCE - 1] = detach(id);
    if (label !== undefined && y.x.length < MAX_LABELS && !y.x.includes(label)) y.x.push(detach(label));
    return y;
  }

  /** The peer group's daily baseline (empty when none). */
  peer(name: string): DailyStat {
    return this.peers.get(name) ?? emptyStat();
  }

  /** JSON-serializable state. */
  snapshot(): unknown {
    return { tallies: [...this.tallies], peers: [...this.peers] };
  }

  /** Replace state with a {@link snapshot}. */
  restore(state: unknown): void {
    const s = JSON.parse(JSON.stringify(state ?? {})) as Record<string, unknown>;
    this.tallies = mapFrom<Tally>(s.tallies);
    for (const y of this.tallies.values()) y.st = statFrom(y.st);
    this.peers = mapFrom<DailyStat>(s.peers);
  }
}
