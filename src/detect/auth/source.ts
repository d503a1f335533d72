/**
 * The per-source state of the failure tracker — accounts tried, successes kept, and attack episodes — and
 * the small operations on it that do not need the tracker.
 */
import { DecayedCounter, DistinctSet } from '../../learn/index.js';
import type { WindowCounter } from '../../learn/index.js';
import type { WardEvent } from '../../model/index.js';
import { remoteIp, workstationOf } from './attempt.js';
import { DAY } from './config.js';
import type { Metric, Threshold, TrackerConfig } from './config.js';
import type { EvidenceQueue } from './evidence-queue.js';

/** Successes/failures memory for "benign-looking" (baseline.ts): half-life of a day. */
export const MEMORY_HALF_LIFE = DAY;

/** Most distinct statuses and hosts an episode keeps. */
export const EPISODE_SET_CAP = 64;

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

/** A new episode that crossed on `metric` at `t`; evidence is added with {@link addToEpisode}. */
export function newEpisode(
  cfg: TrackerConfig,
  metric: Metric,
  value: number,
  threshold: Threshold,
  t: number,
  windowStart: number,
): Episode {
  return {
    detector: 'auth.bruteforce',
    metric,
    value,
    threshold,
    crossedAt: t,
    windowStart,
    first: t,
    last: t,
    fails: 0,
    cured: 0,
    ids: [],
    records: 0,
    idUsers: [],
    accounts: new DistinctSet(cfg.maxAccountsPerSource),
    statuses: new DistinctSet(EPISODE_SET_CAP),
    hosts: new DistinctSet(EPISODE_SET_CAP),
    oks: [],
    safDone: [],
  };
}

/** Add one failure (standing for `n` attempts) to an episode; ids beyond `maxEvidence` are only counted. */
export function addToEpisode(
  ep: Episode,
  maxEvidence: number,
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
  if (ep.ids.length < maxEvidence) {
    ep.ids.push(id);
    ep.idUsers.push(user);
  }
  ep.accounts.add(user, n);
  if (status !== '') ep.statuses.add(status, n);
  if (host !== '') ep.hosts.add(host, n);
}

/** Accounts of `src` with an uncured failure at or after `since`. */
export function uncuredSince(src: Source, since: number): number {
  let d = 0;
  for (const a of src.accts.values()) if (a.uncured > 0 && a.lastFail >= since) d++;
  return d;
}

/** A new source, named from the event that first showed it. */
export function createSource(
  key: string,
  e: WardEvent,
  account: string,
  fastMs: number,
  slowMs: number,
): Source {
  const ip = remoteIp(e.srcIp) ?? '';
  const ws = ip === '' ? (workstationOf(e) ?? '') : '';
  const local = ip === '' && ws === '';
  return {
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
    tw: Math.floor(e.time / fastMs) * fastMs,
    twFails: 0,
    td: Math.floor(e.time / slowMs) * slowMs,
    tdFails: 0,
    phase: IDLE,
    ep: undefined,
    quietUntil: 0,
    pruneAt: 0,
    oks: undefined,
  };
}

/**
 * Decide what a crossing episode is, from its evidence: spraying when many accounts failed and the three
 * most-tried accounts do not dominate; brute force when there are many failures (or they concentrate on a
 * few accounts). Returns false when neither holds (cured failures were filtered out of the evidence).
 */
export function classify(
  ep: Episode,
  fast: boolean,
  crossed: Metric,
  value: number,
  thr: Readonly<Record<Metric, Threshold>>,
  concentration: number,
): boolean {
  const failMetric: Metric = fast ? 'fastFailures' : 'slowFailures';
  const acctMetric: Metric = fast ? 'fastAccounts' : 'slowAccounts';
  const n = ep.fails;
  const d = ep.accounts.size + (ep.accounts.full ? 1 : 0);
  const top3 = ep.accounts.top(3).reduce((s, [, c]) => s + c, 0);
  const wide = d >= thr[acctMetric].value;
  const deep = n >= thr[failMetric].value;
  if (wide && !(deep && top3 >= concentration * n)) {
    ep.detector = 'auth.spray';
    ep.metric = acctMetric;
    ep.value = Math.max(d, crossed === acctMetric ? value : 0);
  } else if (deep) {
    ep.detector = 'auth.bruteforce';
    ep.metric = failMetric;
    ep.value = Math.max(n, crossed === failMetric ? value : 0);
  } else {
    return false;
  }
  ep.threshold = thr[ep.metric];
  return true;
}

/** Whether a waiting episode still crosses once later successes cured some of its failures. */
export function stillHolds(src: Source, ep: Episode): boolean {
  if (ep.detector === 'auth.spray') {
    let still = ep.accounts.full ? 1 : 0;
    for (const a of ep.accounts.keys()) {
      const acct = src.accts.get(a);
      if (acct === undefined || acct.uncured > 0) still++;
    }
    return still >= ep.threshold.value;
  }
  return ep.fails - ep.cured >= ep.threshold.value;
}
