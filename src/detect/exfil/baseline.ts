/**
 * Daily volume baselines for data-movement detection: a decayed log-normal summary of one entity's (or one peer
 * group's) daily totals — bytes uploaded, files written to USB, records exported. Four numbers per entity, so
 * 100,000 entities cost a few MB; the 95th percentile is read from the mean and spread of log volumes.
 *
 * Totals are taken as x = ln(1 + total / unit); the summary forgets with a half-life of `HALF_LIFE_DAYS` days, so
 * a new job or a new role becomes normal within weeks. With little history the spread is pulled towards a prior
 * (PRIOR_SD, worth PRIOR_DAYS days), so one quiet day does not make every busier day look extreme.
 */

/** Days after which a day's weight halves. */
export const HALF_LIFE_DAYS = 14;
/** Prior spread of ln daily volume: one natural-log unit, a factor of e ≈ 2.7 between ordinary days. */
const PRIOR_SD = 1;
const PRIOR_DAYS = 2;
/** z of the 95th percentile of a normal distribution. */
const Z95 = 1.645;

/** JSON form and live state of a daily summary. */
export interface DailyStat {
  /** Decayed weight (days), mean and variance of ln(1 + total/unit), as of day `d` (days since the epoch). */
  w: number;
  mu: number;
  v: number;
  d: number;
  /** Days recorded, undecayed. */
  n: number;
}

/** An empty summary. */
export function emptyStat(): DailyStat {
  return { w: 0, mu: 0, v: 0, d: 0, n: 0 };
}

/** Record one day's total (in `unit`s of the quantity) for day number `day`. */
export function addDay(s: DailyStat, day: number, total: number, unit: number): void {
  const x = Math.log1p(Math.max(0, total) / unit);
  const f = s.w > 0 && day > s.d ? Math.pow(2, (s.d - day) / HALF_LIFE_DAYS) : 1;
  const w = s.w * f;
  const w1 = w + 1;
  const mu1 = (w * s.mu + x) / w1;
  s.v = (w * (s.v + (s.mu - mu1) ** 2) + (x - mu1) ** 2) / w1;
  s.mu = mu1;
  s.w = w1;
  if (day > s.d) s.d = day;
  s.n++;
}

/** The typical (median) daily total in the quantity's own units; 0 without history. */
export function usual(s: DailyStat, unit: number): number {
  return s.n === 0 ? 0 : Math.expm1(s.mu) * unit;
}

/** The estimated 95th percentile of daily totals; 0 without history. */
export function p95(s: DailyStat, unit: number): number {
  if (s.n === 0) return 0;
  const sd = Math.sqrt((s.v * s.w + PRIOR_SD * PRIOR_SD * PRIOR_DAYS) / (s.w + PRIOR_DAYS));
  return Math.expm1(s.mu + Z95 * sd) * unit;
}

/** A restored summary, or an empty one for invalid state. */
export function statFrom(x: unknown): DailyStat {
  const s = x as Partial<DailyStat> | undefined;
  if (typeof s?.w !== 'number' || typeof s.mu !== 'number' || typeof s.v !== 'number') return emptyStat();
  return { w: s.w, mu: s.mu, v: s.v, d: s.d ?? 0, n: s.n ?? 0 };
}
