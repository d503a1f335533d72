/**
 * The state machine behind the login detectors: per source, failed attempts in a fast window (minutes) and a
 * slow window (a day), which accounts they hit, which failures a success "cured" (a typo followed by the right
 * password), learned base rates of normal sources (baseline.ts), and attack episodes (pending → confirmed →
 * over after a quiet gap). Detector families (login-failures.ts, success-after-failures.ts) own one tracker
 * each and turn its confirmed episodes into alerts. Tuning and its reasons are documented in config.ts.
 */
import { WindowCounter } from '../../learn/index.js';
import type { WardEvent } from '../../model/index.js';
import type { Emit } from '../detector.js';
import {
  FAILED,
  IGNORED_ACCOUNT,
  SUCCEEDED,
  attemptKind,
  normalizeAccount,
  sourceKey,
  statusTextOf,
} from './attempt.js';
import { Baseline } from './baseline.js';
import type { BaselineState } from './baseline.js';
import { HOUR, MIN } from './config.js';
import type { Metric, Threshold, TrackerConfig } from './config.js';
import { EvidenceQueue } from './evidence-queue.js';
import {
  ALERTED,
  IDLE,
  PENDING,
  addToEpisode,
  classify,
  createSource,
  newEpisode,
  stillHolds,
  uncuredSince,
} from './source.js';
import type { Episode, Source, Success } from './source.js';
import { restoreSource, snapshotSource } from './state.js';
import type { SourceState } from './state.js';

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
  private readonly base: Baseline;
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
    this.base = new Baseline(cfg, this.fastMs, this.slowMs);
  }

  /** Thresholds in force now. */
  get thresholds(): Readonly<Record<Metric, Threshold>> {
    return this.base.thresholds;
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
    const src = createSource(key, e, account, this.fastMs, this.slowMs);
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
      addToEpisode(src.ep!, this.cfg.maxEvidence, t, e.id, account, status, host, n);
      if (t > src.lastFail) src.lastFail = t;
      return;
    }
    if (t >= src.tw + this.fastMs) {
      this.base.closeFast(src);
      src.tw = Math.floor(t / this.fastMs) * this.fastMs;
    }
    if (t >= src.td + this.slowMs) {
      this.base.closeDay(src);
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
      addToEpisode(src.ep!, this.cfg.maxEvidence, t, e.id, account, status, host, n);
      return;
    }
    if (t < src.quietUntil) return;
    const thr = this.base.thresholds;
    if (fastCount >= thr.fastFailures.value) {
      this.cross(src, 'fastFailures', fastCount, t);
      return;
    }
    // The distinct count over the fast window needs a scan; it can only have grown when an account turned
    // uncured, and never exceeds the day's count.
    if (newlyUncured && src.uncuredAccts >= thr.fastAccounts.value) {
      const recent = uncuredSince(src, t - this.fastMs);
      if (recent >= thr.fastAccounts.value) {
        this.cross(src, 'fastAccounts', recent, t);
        return;
      }
    }
    // Over a day, a busy shared address (VDI gateway, NAT) collects many staff who failed and gave up; it
    // also logs far more successes than failures, which a slow guesser does not. So the slow window only
    // counts for sources that do not look benign.
    const slow = src.uncuredAccts >= thr.slowAccounts.value || src.uncuredSum >= thr.slowFailures.value;
    if (!slow || this.base.benign(src, t)) return;
    if (src.uncuredAccts >= thr.slowAccounts.value) this.cross(src, 'slowAccounts', src.uncuredAccts, t);
    else this.cross(src, 'slowFailures', src.uncuredSum, t);
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

  /** A metric crossed its threshold: gather the evidence, decide brute force or spray, start waiting. */
  private cross(src: Source, metric: Metric, value: number, t: number): void {
    const fast = metric === 'fastFailures' || metric === 'fastAccounts';
    const windowStart = t - (fast ? this.fastMs : this.slowMs);
    const ep = newEpisode(this.cfg, metric, value, this.base.thresholds[metric], t, windowStart);
    const q = src.q!;
    for (let i = q.head; i < q.t.length; i++) {
      const qt = q.t[i]!;
      if (qt < windowStart) continue;
      const user = q.user[i]!;
      const acct = src.accts.get(user);
      // Failures a success cured are a person's typos, not the attack.
      if (acct !== undefined && acct.uncured === 0) continue;
      addToEpisode(ep, this.cfg.maxEvidence, qt, q.id[i]!, user, q.status[i]!, q.host[i]!, q.n[i]!);
    }
    if (!classify(ep, fast, metric, value, this.base.thresholds, this.cfg.concentration)) {
      // The cured-failure filter took it below the line: not an attack; look again in a minute.
      src.quietUntil = t + MIN;
      return;
    }
    if (this.trackSuccesses && src.oks !== undefined) {
      for (const ok of src.oks) if (ok.t >= ep.first) ep.oks.push(ok);
      src.oks = undefined;
    }
    src.ep = ep;
    src.phase = PENDING;
    this.pending.add(src.key);
  }

  /** Confirm a waiting episode if it still holds once cures are counted, else drop it. */
  private settle(src: Source, ep: Episode, now: number, emit: Emit): void {
    this.pending.delete(src.key);
    const holds = stillHolds(src, ep);
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
        this.base.closeFast(src);
        this.base.closeDay(src);
        this.sources.delete(key);
      }
    }
    this.base.recompute();
  }

  private evictIdle(): void {
    for (const [key, src] of this.sources) {
      if (src.phase === IDLE) {
        this.base.closeFast(src);
        this.base.closeDay(src);
        this.sources.delete(key);
        return;
      }
    }
  }

  /** JSON-serializable state. */
  snapshot(): TrackerState {
    const sources: SourceState[] = [];
    for (const src of this.sources.values()) sources.push(snapshotSource(src));
    return {
      v: 1,
      sources,
      pending: [...this.pending],
      baseline: this.base.snapshot(),
      nextSweep: this.nextSweep,
      texts: [...this.texts],
    };
  }

  /** Replace state with a {@link snapshot}. */
  restore(state: unknown): void {
    const s = state as TrackerState | null;
    if (s === null || typeof s !== 'object' || s.v !== 1) throw new Error('not a failure-tracker snapshot');
    this.sources = new Map();
    for (const st of s.sources) {
      const src = restoreSource(st, this.cfg, FAST_BUCKETS);
      this.sources.set(src.key, src);
    }
    this.pending.clear();
    for (const k of s.pending) this.pending.add(k);
    this.base.restore(s.baseline);
    this.nextSweep = s.nextSweep;
    this.texts.clear();
    for (const [k, v] of s.texts) this.texts.set(k, v);
  }
}

/** JSON form of a {@link FailureTracker}. */
export interface TrackerState {
  v: 1;
  sources: SourceState[];
  pending: string[];
  baseline: BaselineState;
  nextSweep: number;
  texts: [string, string][];
}
