/**
 * The state machine behind the login detectors: per source, failed attempts in a fast window (minutes) and a
 * slow window (a day), which accounts they hit, which failures a success "cured" (a typo followed by the right
 * password), learned base rates of normal sources, and attack episodes (pending → confirmed → over after a
 * quiet gap). Detector families (login-failures.ts, success-after-failures.ts) own one tracker each and turn
 * its confirmed episodes into alerts. Tuning and its reasons are documented on {@link trackerConfigSchema}.
 */
import { z } from 'zod';
import { DecayedCounter, DistinctSet, LogHistogram, WindowCounter } from '../learn/index.js';
import type { WardEvent } from '../model/index.js';
import {
  FAILED,
  IGNORED_ACCOUNT,
  SUCCEEDED,
  attemptKind,
  normalizeAccount,
  remoteIp,
  sourceKey,
  statusTextOf,
  workstationOf,
} from './auth-attempt.js';
import type { Emit } from './detector.js';
import { EvidenceQueue } from './evidence-queue.js';
import { EPISODE_SET_CAP, restoreSource, snapshotSource } from './failure-tracker-state.js';
import type { SourceState } from './failure-tracker-state.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

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
 *   later success; 15 such accounts in 24 h; 40 such failures in 24 h (a device retrying every 30 min
 *   with an old password stays below it).
 * - threshold = min(ceilingFactor × floor, max(floor, ceil(k × learned q99))), where q99 is the 99th
 *   percentile of the same quantity over fixed windows of benign-looking sources (see
 *   FailureTracker.benign); k = 3 so ordinary noise never reaches it. Until `minSamples` windows have been
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

/** One account's failures from one source, over the slow window. */
export interface Acct {
  fails: number;
  /** Failures not cured by a success. */
  uncured: number;
  /** Failures in the current run (each within `cureMinutes` of the previous). */
  streak: number;
  lastFail: number;
}

/** A successful attempt kept for success-after-failures. */
export interface Success {
  t: number;
  id: string;
  user: string;
  host: string;
}

/** Episode phases: nothing going on, crossed and waiting to confirm, confirmed (alerted). */
export const IDLE = 0;
export const PENDING = 1;
export const ALERTED = 2;
/** Phase of a source. */
export type Phase = typeof IDLE | typeof PENDING | typeof ALERTED;

/** An attack episode from one source. */
export interface Episode {
  detector: 'auth.bruteforce' | 'auth.spray';
  metric: Metric;
  /** Value of `metric` when it crossed. */
  value: number;
  threshold: Threshold;
  crossedAt: number;
  windowStart: number;
  first: number;
  last: number;
  fails: number;
  cured: number;
  /** Evidence failure ids (up to maxEvidence) and the account of each. */
  ids: string[];
  /** Failure records of the episode, including those beyond maxEvidence. */
  records: number;
  idUsers: string[];
  accounts: DistinctSet;
  statuses: DistinctSet;
  hosts: DistinctSet;
  /** Successes waiting for confirmation (success-after-failures only). */
  oks: Success[];
  /** Accounts already reported as successes after failures. */
  safDone: string[];
}

/** Everything known about one source. */
export interface Source {
  key: string;
  /** Display fields; '' when absent. */
  ip: string;
  ws: string;
  localHost: string;
  localUser: string;
  ok: DecayedCounter;
  bad: DecayedCounter;
  lastSeen: number;
  lastFail: number;
  accts: Map<string, Acct>;
  /** Failures in the sliding fast window (created at the first failure). */
  fast: WindowCounter | undefined;
  uncuredAccts: number;
  uncuredSum: number;
  q: EvidenceQueue | undefined;
  /** Start of the current fixed learning windows and the failures in them. */
  tw: number;
  twFails: number;
  td: number;
  tdFails: number;
  phase: Phase;
  ep: Episode | undefined;
  /** No new crossing before this time (after a crossing that did not confirm). */
  quietUntil: number;
  /** When the oldest account entry leaves the slow window (prune then, not before). */
  pruneAt: number;
  /** Recent successes (success-after-failures only). */
  oks: Success[] | undefined;
}

/** What families do with the tracker's findings. */
export interface TrackerHooks {
  /** An episode was confirmed (once per episode). */
  confirmed?(src: Source, ep: Episode, emit: Emit): void;
  /** A success arrived from a source whose episode is confirmed (only when tracking successes). */
  success?(src: Source, ep: Episode, ok: Success, emit: Emit): void;
}

/**
 * How often the whole source table is visited (expiry, thresholds). Per-source upkeep (learning windows,
 * account expiry, episode end) happens lazily when the source is next seen, so this only bounds memory.
 */
const SWEEP_MS = HOUR;
/** Resolution of the fast window: tenths (1 min of a 10 min window). */
const FAST_BUCKETS = 10;
/** Recent successes kept per source that failed lately. */
const MAX_RECENT_OKS = 20;
const MAX_STATUS_TEXTS = 256;
/** Successes/failures memory for "benign-looking": half-life of a day. */
const MEMORY_HALF_LIFE = DAY;

/** Per-source failure tracking with learned thresholds; see the module comment. */
export class FailureTracker {
  readonly cfg: TrackerConfig;
  readonly fastMs: number;
  readonly slowMs: number;
  private readonly quietMs: number;
  private readonly holdMs: number;
  private readonly gapMs: number;
  private readonly cureMs: number;
  private readonly lookbackMs: number;
  private sources = new Map<string, Source>();
  private readonly pending = new Set<string>();
  private readonly hist: Record<Metric, LogHistogram>;
  private thr: Record<Metric, Threshold>;
  private nextSweep = 0;
  private readonly texts = new Map<string, string>();
  private lastStatus = '';

  constructor(
    cfg: TrackerConfig,
    private readonly hooks: TrackerHooks,
    private readonly trackSuccesses: boolean,
  ) {
    this.cfg = cfg;
    this.fastMs = cfg.fastWindowMinutes * MIN;
    this.slowMs = cfg.slowWindowHours * HOUR;
    this.quietMs = cfg.alertQuietMinutes * MIN;
    this.holdMs = cfg.alertHoldMinutes * MIN;
    this.gapMs = cfg.episodeGapHours * HOUR;
    this.cureMs = cfg.cureMinutes * MIN;
    this.lookbackMs = cfg.successLookbackMinutes * MIN;
    const half = cfg.baselineHalfLifeDays * DAY;
    this.hist = {
      fastFailures: new LogHistogram(half),
      fastAccounts: new LogHistogram(half),
      slowFailures: new LogHistogram(half),
      slowAccounts: new LogHistogram(half),
    };
    this.thr = this.computeThresholds();
  }

  /** Thresholds in force now. */
  get thresholds(): Readonly<Record<Metric, Threshold>> {
    return this.thr;
  }

  /** Number of sources held. */
  get size(): number {
    return this.sources.size;
  }

  /** Plain text of a status code, when known. */
  statusText(code: string): string | undefined {
    return this.texts.get(code) ?? statusTextOf(code, undefined);
  }

  /** One event, in event-time order. */
  handle(e: WardEvent, emit: Emit): void {
    if (e.class !== 'authentication') return;
    const kind = attemptKind(e);
    if (kind !== FAILED && kind !== SUCCEEDED) return;
    const account = normalizeAccount(e.user);
    if (account === IGNORED_ACCOUNT) return;
    const key = sourceKey(e, account);
    const n = e.count !== undefined && e.count >= 1 ? Math.floor(e.count) : 1;
    const src = this.sources.get(key) ?? this.newSource(key, e, account);
    if (e.time > src.lastSeen) src.lastSeen = e.time;
    if (src.phase === ALERTED && e.time - src.ep!.last >= this.gapMs) this.endEpisode(src);
    if (kind === FAILED) this.failure(src, e, account, n);
    else this.success(src, e, account, n, emit);
  }

  /** Event time moved to `now`: confirm or drop waiting episodes; once an hour of event time, sweep. */
  advance(now: number, emit: Emit): void {
    for (const key of this.pending) {
      const src = this.sources.get(key);
      const ep = src?.ep;
      if (src === undefined || ep === undefined) {
        this.pending.delete(key);
        continue;
      }
      if (now - ep.last >= this.quietMs || now - ep.crossedAt >= this.holdMs) this.settle(src, ep, now, emit);
    }
    if (now >= this.nextSweep) {
      this.sweep(now);
      this.nextSweep = (Math.floor(now / SWEEP_MS) + 1) * SWEEP_MS;
    }
  }

  /** End of input: settle every waiting episode. */
  finish(emit: Emit): void {
    for (const key of this.pending) {
      const src = this.sources.get(key);
      if (src?.ep !== undefined) this.settle(src, src.ep, src.ep.last, emit);
    }
    this.pending.clear();
  }

  private newSource(key: string, e: WardEvent, account: string): Source {
    if (this.sources.size >= this.cfg.maxSources) this.evictIdle();
    const ip = remoteIp(e.srcIp) ?? '';
    const ws = ip === '' ? (workstationOf(e) ?? '') : '';
    const local = ip === '' && ws === '';
    const src: Source = {
      key,
      ip,
      ws,
      localHost: local ? (e.host ?? '') : '',
      localUser: local ? account : '',
      ok: new DecayedCounter(MEMORY_HALF_LIFE),
      bad: new DecayedCounter(MEMORY_HALF_LIFE),
      lastSeen: e.time,
      lastFail: 0,
      accts: new Map(),
      fast: undefined,
      uncuredAccts: 0,
      uncuredSum: 0,
      q: undefined,
      tw: Math.floor(e.time / this.fastMs) * this.fastMs,
      twFails: 0,
      td: Math.floor(e.time / this.slowMs) * this.slowMs,
      tdFails: 0,
      phase: IDLE,
      ep: undefined,
      quietUntil: 0,
      pruneAt: 0,
      oks: undefined,
    };
    this.sources.set(key, src);
    return src;
  }

  private failure(src: Source, e: WardEvent, account: string, n: number): void {
    const t = e.time;
    src.bad.add(t, n);
    const status = e.status ?? '';
    // Runs of one status are the norm: skip the lookup while the status repeats one whose text is known.
    if (status !== '' && status !== this.lastStatus) {
      if (this.texts.has(status)) {
        this.lastStatus = status;
      } else if (this.texts.size < MAX_STATUS_TEXTS) {
        const text = statusTextOf(status, e.attrs?.statusText);
        if (text !== undefined) {
          this.texts.set(status, text);
          this.lastStatus = status;
        }
      }
    }
    const host = e.host ?? '';
    if (src.phase === ALERTED) {
      // Confirmed already: the episode grows (for success-after-failures and its evidence), nothing else.
      this.addToEpisode(src.ep!, t, e.id, account, status, host, n);
      if (t > src.lastFail) src.lastFail = t;
      return;
    }
    if (t >= src.tw + this.fastMs) {
      this.closeFast(src);
      src.tw = Math.floor(t / this.fastMs) * this.fastMs;
    }
    if (t >= src.td + this.slowMs) {
      this.closeDay(src);
      src.td = Math.floor(t / this.slowMs) * this.slowMs;
    }
    src.twFails += n;
    src.tdFails += n;
    if (t >= src.pruneAt && src.accts.size > 0) this.prune(src, t);

    let acct = src.accts.get(account);
    if (acct === undefined && src.accts.size < this.cfg.maxAccountsPerSource) {
      acct = { fails: 0, uncured: 0, streak: 0, lastFail: 0 };
      src.accts.set(account, acct);
    }
    let newlyUncured = false;
    if (acct !== undefined) {
      if (t - acct.lastFail > this.cureMs) acct.streak = 0;
      acct.streak += n;
      acct.fails += n;
      if (acct.uncured === 0) {
        newlyUncured = true;
        src.uncuredAccts++;
      }
      acct.uncured += n;
      src.uncuredSum += n;
      if (t > acct.lastFail) acct.lastFail = t;
    }
    if (t > src.lastFail) src.lastFail = t;
    src.q ??= new EvidenceQueue(this.cfg.maxQueuePerSource);
    src.q.push(t, e.id, account, status, host, n, t - this.slowMs);
    src.fast ??= new WindowCounter(this.fastMs / FAST_BUCKETS, FAST_BUCKETS, t);
    const fastCount = src.fast.add(t, n);

    if (src.phase === PENDING) {
      this.addToEpisode(src.ep!, t, e.id, account, status, host, n);
      return;
    }
    if (t < src.quietUntil) return;
    const thr = this.thr;
    if (fastCount >= thr.fastFailures.value) {
      this.cross(src, 'fastFailures', fastCount, t);
      return;
    }
    // The distinct count over the fast window needs a scan; it can only have grown when an account turned
    // uncured, and never exceeds the day's count.
    if (newlyUncured && src.uncuredAccts >= thr.fastAccounts.value) {
      const recent = this.uncuredSince(src, t - this.fastMs);
      if (recent >= thr.fastAccounts.value) {
        this.cross(src, 'fastAccounts', recent, t);
        return;
      }
    }
    if (src.uncuredAccts >= thr.slowAccounts.value) this.cross(src, 'slowAccounts', src.uncuredAccts, t);
    else if (src.uncuredSum >= thr.slowFailures.value) this.cross(src, 'slowFailures', src.uncuredSum, t);
  }

  private success(src: Source, e: WardEvent, account: string, n: number, emit: Emit): void {
    const t = e.time;
    src.ok.add(t, n);
    const acct = src.accts.get(account);
    if (acct !== undefined && src.phase !== ALERTED) {
      if (acct.streak > 0 && t - acct.lastFail <= this.cureMs && acct.streak <= this.cfg.cureMaxStreak) {
        const cured = Math.min(acct.streak, acct.uncured);
        acct.uncured -= cured;
        src.uncuredSum -= cured;
        if (acct.uncured === 0 && cured > 0) src.uncuredAccts--;
        if (src.phase === PENDING) src.ep!.cured += cured;
      }
      acct.streak = 0;
    }
    if (!this.trackSuccesses) return;
    const ep = src.ep;
    if (src.phase === ALERTED && ep !== undefined) {
      if (t - ep.last <= this.lookbackMs) this.hooks.success?.(src, ep, this.ok(e, account), emit);
    } else if (src.phase === PENDING && ep !== undefined) {
      ep.oks.push(this.ok(e, account));
    } else if (
      src.lastFail > 0 &&
      t - src.lastFail <= this.slowMs &&
      src.bad.valueAt(t) >= src.ok.valueAt(t)
    ) {
      // Kept only while the source fails at least as often as it succeeds, so busy office PCs keep none.
      const oks = (src.oks ??= []);
      while (oks.length > 0 && (oks.length >= MAX_RECENT_OKS || oks[0]!.t < t - this.slowMs)) oks.shift();
      oks.push(this.ok(e, account));
    }
  }

  private ok(e: WardEvent, account: string): Success {
    return { t: e.time, id: e.id, user: account, host: e.host ?? '' };
  }

  /** Accounts of `src` with an uncured failure at or after `since`. */
  private uncuredSince(src: Source, since: number): number {
    let d = 0;
    for (const a of src.accts.values()) if (a.uncured > 0 && a.lastFail >= since) d++;
    return d;
  }

  /** A metric crossed its threshold: gather the evidence, decide brute force or spray, start waiting. */
  private cross(src: Source, metric: Metric, value: number, t: number): void {
    const fast = metric === 'fastFailures' || metric === 'fastAccounts';
    const windowStart = t - (fast ? this.fastMs : this.slowMs);
    const ep = this.newEpisode(metric, value, t, windowStart);
    const q = src.q!;
    for (let i = q.head; i < q.t.length; i++) {
      const qt = q.t[i]!;
      if (qt < windowStart) continue;
      const user = q.user[i]!;
      const acct = src.accts.get(user);
      // Failures a success cured are a person's typos, not the attack.
      if (acct !== undefined && acct.uncured === 0) continue;
      this.addToEpisode(ep, qt, q.id[i]!, user, q.status[i]!, q.host[i]!, q.n[i]!);
    }
    const failMetric: Metric = fast ? 'fastFailures' : 'slowFailures';
    const acctMetric: Metric = fast ? 'fastAccounts' : 'slowAccounts';
    const n = ep.fails;
    const d = ep.accounts.size + (ep.accounts.full ? 1 : 0);
    const top3 = ep.accounts.top(3).reduce((s, [, c]) => s + c, 0);
    const wide = d >= this.thr[acctMetric].value;
    const deep = n >= this.thr[failMetric].value;
    if (wide && !(deep && top3 >= this.cfg.concentration * n)) {
      ep.detector = 'auth.spray';
      ep.metric = acctMetric;
      ep.value = Math.max(d, metric === acctMetric ? value : 0);
    } else if (deep) {
      ep.detector = 'auth.bruteforce';
      ep.metric = failMetric;
      ep.value = Math.max(n, metric === failMetric ? value : 0);
    } else {
      // The cured-failure filter took it below the line: not an attack; look again in a minute.
      src.quietUntil = t + MIN;
      return;
    }
    ep.threshold = this.thr[ep.metric];
    if (this.trackSuccesses && src.oks !== undefined) {
      for (const ok of src.oks) if (ok.t >= ep.first) ep.oks.push(ok);
      src.oks = undefined;
    }
    src.ep = ep;
    src.phase = PENDING;
    this.pending.add(src.key);
  }

  private newEpisode(metric: Metric, value: number, t: number, windowStart: number): Episode {
    return {
      detector: 'auth.bruteforce',
      metric,
      value,
      threshold: this.thr[metric],
      crossedAt: t,
      windowStart,
      first: t,
      last: t,
      fails: 0,
      cured: 0,
      ids: [],
      records: 0,
      idUsers: [],
      accounts: new DistinctSet(this.cfg.maxAccountsPerSource),
      statuses: new DistinctSet(EPISODE_SET_CAP),
      hosts: new DistinctSet(EPISODE_SET_CAP),
      oks: [],
      safDone: [],
    };
  }

  private addToEpisode(
    ep: Episode,
    t: number,
    id: string,
    user: string,
    status: string,
    host: string,
    n: number,
  ): void {
    if (t < ep.first) ep.first = t;
    if (t > ep.last) ep.last = t;
    ep.fails += n;
    ep.records++;
    if (ep.ids.length < this.cfg.maxEvidence) {
      ep.ids.push(id);
      ep.idUsers.push(user);
    }
    ep.accounts.add(user, n);
    if (status !== '') ep.statuses.add(status, n);
    if (host !== '') ep.hosts.add(host, n);
  }

  /** Confirm a waiting episode if it still holds once cures are counted, else drop it. */
  private settle(src: Source, ep: Episode, now: number, emit: Emit): void {
    this.pending.delete(src.key);
    let holds: boolean;
    if (ep.detector === 'auth.spray') {
      let still = ep.accounts.full ? 1 : 0;
      for (const a of ep.accounts.keys()) {
        const acct = src.accts.get(a);
        if (acct === undefined || acct.uncured > 0) still++;
      }
      holds = still >= ep.threshold.value;
    } else {
      holds = ep.fails - ep.cured >= ep.threshold.value;
    }
    if (!holds) {
      src.phase = IDLE;
      src.ep = undefined;
      src.quietUntil = now + this.holdMs;
      return;
    }
    src.phase = ALERTED;
    // The failures are spent on this alert: a later alert needs new ones.
    for (const a of src.accts.values()) {
      a.uncured = 0;
      a.streak = 0;
    }
    src.uncuredAccts = 0;
    src.uncuredSum = 0;
    src.fast?.clear();
    this.hooks.confirmed?.(src, ep, emit);
  }

  /**
   * A source looks benign, so its windows may teach the baseline, when it is not under alert and its
   * successes (decayed, half-life a day) are at least a third of its failures: people mistype and then get
   * in; attackers mostly fail. Internet scanners that never succeed therefore never raise the thresholds.
   */
  private benign(src: Source, t: number): boolean {
    if (src.phase !== IDLE) return false;
    const ok = src.ok.valueAt(t);
    return ok >= 0.5 && ok * 3 >= src.bad.valueAt(t);
  }

  private closeFast(src: Source): void {
    if (src.twFails === 0) return;
    const end = src.tw + this.fastMs;
    if (this.benign(src, end)) {
      this.hist.fastFailures.add(src.twFails, end);
      this.hist.fastAccounts.add(this.uncuredSince(src, src.tw), end);
    }
    src.twFails = 0;
  }

  private closeDay(src: Source): void {
    if (src.tdFails === 0) return;
    const end = src.td + this.slowMs;
    if (this.benign(src, end)) {
      this.hist.slowFailures.add(src.uncuredSum, end);
      this.hist.slowAccounts.add(src.uncuredAccts, end);
    }
    src.tdFails = 0;
  }

  private computeThresholds(): Record<Metric, Threshold> {
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

  /** Forget accounts whose last failure left the slow window. */
  private prune(src: Source, t: number): void {
    const horizon = t - this.slowMs;
    let oldest = Infinity;
    for (const [a, acct] of src.accts) {
      if (acct.lastFail < horizon) {
        src.accts.delete(a);
        src.uncuredSum -= acct.uncured;
        if (acct.uncured > 0) src.uncuredAccts--;
      } else if (acct.lastFail < oldest) {
        oldest = acct.lastFail;
      }
    }
    src.pruneAt = oldest === Infinity ? 0 : oldest + this.slowMs;
  }

  private endEpisode(src: Source): void {
    src.phase = IDLE;
    src.ep = undefined;
  }

  /** Once an hour: end quiet episodes, drop sources idle for a slow window (learning from them first). */
  private sweep(now: number): void {
    for (const [key, src] of this.sources) {
      if (src.phase === ALERTED && now - src.ep!.last >= this.gapMs) this.endEpisode(src);
      if (src.phase === IDLE && now - src.lastSeen >= this.slowMs) {
        this.closeFast(src);
        this.closeDay(src);
        this.sources.delete(key);
      }
    }
    this.thr = this.computeThresholds();
  }

  private evictIdle(): void {
    for (const [key, src] of this.sources) {
      if (src.phase === IDLE) {
        this.closeFast(src);
        this.closeDay(src);
        this.sources.delete(key);
        return;
      }
    }
  }

  /** JSON-serializable state. */
  snapshot(): TrackerState {
    const sources: SourceState[] = [];
    for (const src of this.sources.values()) sources.push(snapshotSource(src));
    const hist = {} as Record<Metric, ReturnType<LogHistogram['snapshot']>>;
    for (const m of METRICS) hist[m] = this.hist[m].snapshot();
    return {
      v: 1,
      sources,
      pending: [...this.pending],
      hist,
      nextSweep: this.nextSweep,
      thresholds: { ...this.thr },
      texts: [...this.texts],
    };
  }

  /** Replace state with a {@link snapshot}. */
  restore(state: unknown): void {
    const s = state as TrackerState | null;
    if (s === null || typeof s !== 'object' || s.v !== 1) throw new Error('not a failure-tracker snapshot');
    this.sources = new Map();
    for (const st of s.sources) {
      const src = restoreSource(st, this.cfg, MEMORY_HALF_LIFE, FAST_BUCKETS);
      this.sources.set(src.key, src);
    }
    this.pending.clear();
    for (const k of s.pending) this.pending.add(k);
    for (const m of METRICS) this.hist[m].restore(s.hist[m]);
    this.nextSweep = s.nextSweep;
    this.texts.clear();
    for (const [k, v] of s.texts) this.texts.set(k, v);
    // The thresholds in force, not recomputed: they change only at sweeps, and a resumed run must match.
    this.thr = { ...s.thresholds };
  }
}

/** JSON form of a {@link FailureTracker}. */
export interface TrackerState {
  v: 1;
  sources: SourceState[];
  pending: string[];
  hist: Record<Metric, ReturnType<LogHistogram['snapshot']>>;
  nextSweep: number;
  thresholds: Record<Metric, Threshold>;
  texts: [string, string][];
}
