/**
 * Learned base rates: how many failures and failing accounts a benign-looking source produces per fast
 * window (10 min) and per slow window (a day) here, kept as decaying log histograms, and the thresholds
 * derived from them: min(ceilingFactor × floor, max(floor, ceil(k × q99))), with `typical` standing in for
 * q99 until `minSamples` windows have been seen.
 */
import { LogHistogram } from '../../learn/index.js';
import type { LogHistogramState } from '../../learn/index.js';
import { DAY, METRICS } from './config.js';
import type { Metric, Threshold, TrackerConfig } from './config.js';
import { IDLE, uncuredSince } from './source.js';
import type { Source } from './source.js';

/** JSON form of a {@link Baseline}. */
export interface BaselineState {
  hist: Record<Metric, LogHistogramState>;
  thresholds: Record<Metric, Threshold>;
}

/** The learned levels and the thresholds in force. */
export class Baseline {
  private readonly hist: Record<Metric, LogHistogram>;
  private thr: Record<Metric, Threshold>;

  constructor(
    private readonly cfg: TrackerConfig,
    private readonly fastMs: number,
    private readonly slowMs: number,
  ) {
    const half = cfg.baselineHalfLifeDays * DAY;
    this.hist = {
      fastFailures: new LogHistogram(half),
      fastAccounts: new LogHistogram(half),
      slowFailures: new LogHistogram(half),
      slowAccounts: new LogHistogram(half),
    };
    this.thr = this.compute();
  }

  /** Thresholds in force; they change only at {@link recompute}. */
  get thresholds(): Readonly<Record<Metric, Threshold>> {
    return this.thr;
  }

  /** Derive thresholds from what was learned so far. */
  recompute(): void {
    this.thr = this.compute();
  }

  /**
   * A source looks benign, so its windows may teach the baseline, when it is not under alert and its
   * successes (decayed, half-life a day) are at least a third of its failures: people mistype and then get
   * in; attackers mostly fail. Internet scanners that never succeed therefore never raise the thresholds.
   */
  benign(src: Source, t: number): boolean {
    if (src.phase !== IDLE) return false;
    const ok = src.ok.valueAt(t);
    return ok >= 0.5 && ok * 3 >= src.bad.valueAt(t);
  }

  /** The source's fixed fast window ended: learn from it if it had failures and the source looks benign. */
  closeFast(src: Source): void {
    if (src.twFails === 0) return;
    const end = src.tw + this.fastMs;
    if (this.benign(src, end)) {
      this.hist.fastFailures.add(src.twFails, end);
      this.hist.fastAccounts.add(uncuredSince(src, src.tw), end);
    }
    src.twFails = 0;
  }

  /** The source's fixed day window ended: learn from it likewise. */
  closeDay(src: Source): void {
    if (src.tdFails === 0) return;
    const end = src.td + this.slowMs;
    if (this.benign(src, end)) {
      this.hist.slowFailures.add(src.uncuredSum, end);
      this.hist.slowAccounts.add(src.uncuredAccts, end);
    }
    src.tdFails = 0;
  }

  /** JSON-serializable state. */
  snapshot(): BaselineState {
    const hist = {} as Record<Metric, LogHistogramState>;
    for (const m of METRICS) hist[m] = this.hist[m].snapshot();
    return { hist, thresholds: { ...this.thr } };
  }

  /** Replace state with a {@link snapshot}. */
  restore(s: BaselineState): void {
    for (const m of METRICS) this.hist[m].restore(s.hist[m]);
    // The thresholds in force, not recomputed: they change only at sweeps, and a resumed run must match.
    this.thr = { ...s.thresholds };
  }

  private compute(): Record<Metric, Threshold> {
    const out = {} as Record<Metric, Threshold>;
    for (const m of METRICS) {
      const h = this.hist[m];
      const q = h.n >= this.cfg.minSamples ? h.quantile(this.cfg.quantile) : undefined;
      const typical = q ?? this.cfg.typical[m];
      const floor = this.cfg.floors[m];
      const value = Math.min(
        floor * this.cfg.ceilingFactor,
        Math.max(floor, Math.ceil(this.cfg.k * typical)),
      );
      out[m] = { value, typical, learned: q !== undefined };
    }
    return out;
  }
}
