/**
 * Settings of the failure tracker behind the login detectors, with the reasons for each default, and the
 * names of the per-source quantities thresholds apply to.
 */
import { z } from 'zod';

/** Milliseconds in a minute, an hour, a day. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The four per-source quantities thresholds apply to. */
export type Metric = 'fastFailures' | 'fastAccounts' | 'slowFailures' | 'slowAccounts';
/** All metrics, in the order crossings are checked. */
export const METRICS: readonly Metric[] = ['fastFailures', 'fastAccounts', 'slowAccounts', 'slowFailures'];

const metrics = (ff: number, fa: number, sf: number, sa: number) =>
  z
    .strictObject({
      fastFailures: z.number().nonnegative().default(ff),
      fastAccounts: z.number().nonnegative().default(fa),
      slowFailures: z.number().nonnegative().default(sf),
      slowAccounts: z.number().nonnegative().default(sa),
    })
    .prefault({});

/**
 * Tracker settings. Defaults and why:
 * - fast window 10 min: lockout policies count failures over minutes (Windows "reset account lockout counter
 *   after" is commonly 10–30 min) and tools like Hydra or kerbrute finish in seconds to minutes.
 * - slow window 24 h: low-and-slow spraying spaces rounds an hour or more apart to stay under lockout
 *   counters; a day holds a full round of a patient sprayer.
 * - floors (the least that ever alerts): 10 failures in 10 min (twice the CIS lockout threshold of 5; a person
 *   who forgot a password gives up or gets locked out before that); 10 accounts failing in 10 min without a
 *   later success; 15 such accounts in 24 h; 40 such failures in 24 h (a device retrying hourly with a
 *   stale password, 24 a day, stays below it). The 24 h window only counts for sources that do not look
 *   benign (successes under a third of failures), so a busy gateway where staff give up is not a spray.
 * - threshold = min(ceilingFactor × floor, max(floor, ceil(k × learned q99))), where q99 is the 99th
 *   percentile of the same quantity over fixed windows of benign-looking sources (see
 *   baseline.ts); k = 3 so ordinary noise never reaches it. Until `minSamples` windows have been
 *   seen, `typical` stands in for q99. The ceiling stops a noisy environment from learning itself blind.
 * - a success for the same account and source within 10 min of a failure "cures" up to 5 consecutive
 *   failures: typos followed by the right password. Longer runs stay counted: that is a guess that worked.
 * - an alert waits until the source is quiet for 5 min (or 30 min have passed) so it carries the whole burst;
 *   an episode ends after 6 h without failures, and only then can the source alert again.
 */
export const trackerConfigSchema = z.strictObject({
  fastWindowMinutes: z.number().positive().default(10),
  slowWindowHours: z.number().positive().default(24),
  alertQuietMinutes: z.number().positive().default(5),
  alertHoldMinutes: z.number().positive().default(30),
  episodeGapHours: z.number().positive().default(6),
  cureMinutes: z.number().nonnegative().default(10),
  cureMaxStreak: z.number().int().nonnegative().default(5),
  k: z.number().positive().default(3),
  quantile: z.number().min(0.5).max(1).default(0.99),
  minSamples: z.number().nonnegative().default(30),
  baselineHalfLifeDays: z.number().positive().default(14),
  floors: metrics(10, 10, 40, 15),
  typical: metrics(3, 2, 5, 3),
  ceilingFactor: z.number().min(1).default(10),
  /** Brute force rather than spray when the 3 most-tried accounts take at least this share of failures. */
  concentration: z.number().min(0).max(1).default(0.5),
  maxSources: z.number().int().positive().default(200_000),
  maxAccountsPerSource: z.number().int().positive().default(1000),
  maxQueuePerSource: z.number().int().positive().default(2000),
  maxEvidence: z.number().int().positive().default(1000),
  /** A success counts as "after failures" up to this long after the source's last failure. */
  successLookbackMinutes: z.number().positive().default(60),
});
/** Parsed tracker settings. */
export type TrackerConfig = z.output<typeof trackerConfigSchema>;

/** A threshold in force: its value, the typical level it came from, and whether that level was learned. */
export interface Threshold {
  value: number;
  typical: number;
  learned: boolean;
}
