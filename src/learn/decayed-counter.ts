/**
 * A counter that forgets: each unit added loses half its weight every `halfLifeMs` of event time. It answers
 * "how much, lately" in O(1) memory, and its value divided by the mean life is a rate estimate.
 */

/** JSON form of a {@link DecayedCounter}: value as of time `t` (epoch ms). */
export interface DecayedCounterState {
  v: number;
  t: number;
}

/** Exponentially decayed count, decayed by event time (never wall-clock time). */
export class DecayedCounter {
  private v = 0;
  private t = 0;

  constructor(readonly halfLifeMs: number) {
    if (!(halfLifeMs > 0)) throw new RangeError(`halfLifeMs must be > 0, got ${halfLifeMs}`);
  }

  /** Add `n` at event time `t`; a late `t` adds a correspondingly decayed amount. Returns the value at `t`. */
  add(t: number, n = 1): number {
    if (t === this.t) {
      this.v += n;
      return this.v;
    }
    if (t > this.t) {
      this.v = this.v * Math.pow(2, (this.t - t) / this.halfLifeMs) + n;
      this.t = t;
      return this.v;
    }
    this.v += n * Math.pow(2, (t - this.t) / this.halfLifeMs);
    return this.v * Math.pow(2, (this.t - t) / this.halfLifeMs);
  }

  /** The decayed value at time `t` (not before the last add: earlier times read the last value). */
  valueAt(t: number): number {
    return t <= this.t ? this.v : this.v * Math.pow(2, (this.t - t) / this.halfLifeMs);
  }

  /**
   * Rate per `unitMs` at time `t`: under a steady rate r the value settles at r × halfLife / ln 2, so this
   * inverts that. Early on (less than a few half-lives of history) it underestimates.
   */
  rateAt(t: number, unitMs: number): number {
    return ((this.valueAt(t) * Math.LN2) / this.halfLifeMs) * unitMs;
  }

  /** JSON-serializable state. */
  toJSON(): DecayedCounterState {
    return { v: this.v, t: this.t };
  }

  /** Rebuild from {@link toJSON} output. */
  static fromJSON(halfLifeMs: number, s: DecayedCounterState): DecayedCounter {
    const c = new DecayedCounter(halfLifeMs);
    c.v = s.v;
    c.t = s.t;
    return c;
  }
}
