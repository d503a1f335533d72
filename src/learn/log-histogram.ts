/**
 * An online base-rate / quantile estimator for non-negative counts ("how many failures does a normal source
 * produce in 10 min here?"). Fixed buckets: exact for 0–15, then 8 log-spaced buckets per doubling (≈9 %
 * wide) up to ~10^9, so memory is constant and merging or snapshotting is trivial. Optionally forgets old
 * observations with a half-life in event time, so the baseline follows the environment.
 */

const EXACT = 16;
const PER_DOUBLING = 8;
const BUCKETS = EXACT + PER_DOUBLING * 26;
/** Renormalize stored weights before they overflow double precision comfortably. */
const RESCALE_AT = 2 ** 40;

/** JSON form of a {@link LogHistogram}. */
export interface LogHistogramState {
  /** Bucket weights, trailing zero buckets trimmed. */
  w: number[];
  /** Reference time the weights are expressed at (epoch ms). */
  ref: number;
  /** Latest observation time. */
  last: number;
}

/** Bucket of a value. */
function bucketOf(v: number): number {
  if (!(v > 0)) return 0;
  if (v < EXACT) return Math.floor(v);
  const i = EXACT + Math.floor(Math.log2(v / EXACT) * PER_DOUBLING);
  return i < BUCKETS ? i : BUCKETS - 1;
}

/** Upper edge of a bucket, the value reported for it (so a quantile reads "at most"). */
function upperOf(i: number): number {
  if (i < EXACT) return i;
  return EXACT * Math.pow(2, (i - EXACT + 1) / PER_DOUBLING);
}

/** Fixed-bucket log histogram with optional exponential forgetting. */
export class LogHistogram {
  private w = new Array<number>(BUCKETS).fill(0);
  private sum = 0;
  private ref = 0;
  private last = 0;
  private started = false;

  /** `halfLifeMs` = undefined keeps every observation at full weight. */
  constructor(readonly halfLifeMs?: number) {
    if (halfLifeMs !== undefined && !(halfLifeMs > 0)) throw new RangeError('halfLifeMs must be > 0');
  }

  /** Record one observation `value` at event time `t`. */
  add(value: number, t: number): void {
    if (!this.started) {
      this.started = true;
      this.ref = t;
      this.last = t;
    }
    if (t > this.last) this.last = t;
    let weight = 1;
    if (this.halfLifeMs !== undefined) {
      // New observations weigh 2^(age/halfLife) more than the reference; equivalent to decaying old ones.
      weight = Math.pow(2, (t - this.ref) / this.halfLifeMs);
      if (weight > RESCALE_AT) {
        this.rescale(t);
        weight = 1;
      }
    }
    const i = bucketOf(value);
    this.w[i] = (this.w[i] ?? 0) + weight;
    this.sum += weight;
  }

  /** Effective number of observations (decayed to the latest observation time). */
  get n(): number {
    if (this.halfLifeMs === undefined) return this.sum;
    return this.sum * Math.pow(2, (this.ref - this.last) / this.halfLifeMs);
  }

  /** The `q` quantile (0–1) as the upper edge of its bucket, or undefined when nothing was observed. */
  quantile(q: number): number | undefined {
    if (this.sum <= 0) return undefined;
    const target = Math.min(1, Math.max(0, q)) * this.sum;
    let acc = 0;
    for (let i = 0; i < BUCKETS; i++) {
      acc += this.w[i] ?? 0;
      if (acc >= target && acc > 0) return upperOf(i);
    }
    return upperOf(BUCKETS - 1);
  }

  /** Share of observations ≤ `value` (0–1), or undefined when empty. */
  shareAtMost(value: number): number | undefined {
    if (this.sum <= 0) return undefined;
    const top = bucketOf(value);
    let acc = 0;
    for (let i = 0; i <= top; i++) acc += this.w[i] ?? 0;
    return acc / this.sum;
  }

  /** JSON-serializable state. */
  snapshot(): LogHistogramState {
    let end = BUCKETS;
    while (end > 0 && this.w[end - 1] === 0) end--;
    return { w: this.w.slice(0, end), ref: this.ref, last: this.last };
  }

  /** Replace state with a {@link snapshot}. */
  restore(s: LogHistogramState): void {
    this.w = new Array<number>(BUCKETS).fill(0);
    let sum = 0;
    for (let i = 0; i < s.w.length && i < BUCKETS; i++) {
      const x = s.w[i] ?? 0;
      this.w[i] = x;
      sum += x;
    }
    this.sum = sum;
    this.ref = s.ref;
    this.last = s.last;
    this.started = sum > 0;
  }

  private rescale(t: number): void {
    const f = Math.pow(2, (this.ref - t) / (this.halfLifeMs ?? 1));
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) {
      const x = (this.w[i] ?? 0) * f;
      this.w[i] = x;
      sum += x;
    }
    this.sum = sum;
    this.ref = t;
  }
}
