/**
 * Snapshot and restore of the failure tracker's per-source state: plain JSON (arrays, no Maps or classes), in
 * the same iteration order, so a resumed run makes the same decisions as an uninterrupted one.
 */
import { DecayedCounter, DistinctSet, WindowCounter } from '../../learn/index.js';
import type { DecayedCounterState, DistinctSetState, WindowCounterEntryState } from '../../learn/index.js';
import { EvidenceQueue } from './evidence-queue.js';
import type { EvidenceQueueState } from './evidence-queue.js';
import { MIN } from './config.js';
import type { TrackerConfig } from './config.js';
import { EPISODE_SET_CAP, MEMORY_HALF_LIFE } from './source.js';
import type { Acct, Episode, Phase, Source, Success } from './source.js';

/** JSON form of an {@link Episode}: the same fields, with its distinct sets as their plain state. */
export type EpisodeState = Omit<Episode, 'accounts' | 'statuses' | 'hosts'> & {
  accounts: DistinctSetState;
  statuses: DistinctSetState;
  hosts: DistinctSetState;
};

/** JSON form of a {@link Source}. */
export interface SourceState {
  key: string;
  ip: string;
  ws: string;
  localHost: string;
  localUser: string;
  ok: DecayedCounterState;
  bad: DecayedCounterState;
  lastSeen: number;
  lastFail: number;
  /** [account, fails, uncured, streak, lastFail] */
  accts: [string, number, number, number, number][];
  fast?: WindowCounterEntryState;
  uncuredAccts: number;
  uncuredSum: number;
  q?: EvidenceQueueState;
  tw: number;
  twFails: number;
  td: number;
  tdFails: number;
  phase: Phase;
  ep?: EpisodeState;
  quietUntil: number;
  pruneAt: number;
  oks?: Success[];
}

/** Plain JSON of one source. */
export function snapshotSource(s: Source): SourceState {
  const accts: SourceState['accts'] = [];
  for (const [a, x] of s.accts) accts.push([a, x.fails, x.uncured, x.streak, x.lastFail]);
  const out: SourceState = {
    key: s.key,
    ip: s.ip,
    ws: s.ws,
    localHost: s.localHost,
    localUser: s.localUser,
    ok: s.ok.toJSON(),
    bad: s.bad.toJSON(),
    lastSeen: s.lastSeen,
    lastFail: s.lastFail,
    accts,
    uncuredAccts: s.uncuredAccts,
    uncuredSum: s.uncuredSum,
    tw: s.tw,
    twFails: s.twFails,
    td: s.td,
    tdFails: s.tdFails,
    phase: s.phase,
    quietUntil: s.quietUntil,
    pruneAt: s.pruneAt,
  };
  if (s.q !== undefined) out.q = s.q.toJSON();
  if (s.fast !== undefined) out.fast = s.fast.toJSON();
  if (s.oks !== undefined) out.oks = s.oks.map((o) => ({ ...o }));
  const ep = s.ep;
  if (ep !== undefined) {
    out.ep = {
      ...ep,
      threshold: { ...ep.threshold },
      ids: ep.ids.slice(),
      idUsers: ep.idUsers.slice(),
      accounts: ep.accounts.toJSON(),
      statuses: ep.statuses.toJSON(),
      hosts: ep.hosts.toJSON(),
      oks: ep.oks.map((o) => ({ ...o })),
      safDone: ep.safDone.slice(),
    };
  }
  return out;
}

/** Rebuild one source from {@link snapshotSource} output. */
export function restoreSource(st: SourceState, cfg: TrackerConfig, fastBuckets: number): Source {
  const accts = new Map<string, Acct>();
  for (const [a, fails, uncured, streak, lastFail] of st.accts)
    accts.set(a, { fails, uncured, streak, lastFail });
  let ep: Episode | undefined;
  if (st.ep !== undefined) {
    const e = st.ep;
    ep = {
      ...e,
      threshold: { ...e.threshold },
      ids: e.ids.slice(),
      idUsers: e.idUsers.slice(),
      accounts: DistinctSet.fromJSON(cfg.maxAccountsPerSource, e.accounts),
      statuses: DistinctSet.fromJSON(EPISODE_SET_CAP, e.statuses),
      hosts: DistinctSet.fromJSON(EPISODE_SET_CAP, e.hosts),
      oks: e.oks.map((o) => ({ ...o })),
      safDone: e.safDone.slice(),
    };
  }
  return {
    key: st.key,
    ip: st.ip,
    ws: st.ws,
    localHost: st.localHost,
    localUser: st.localUser,
    ok: DecayedCounter.fromJSON(MEMORY_HALF_LIFE, st.ok),
    bad: DecayedCounter.fromJSON(MEMORY_HALF_LIFE, st.bad),
    lastSeen: st.lastSeen,
    lastFail: st.lastFail,
    accts,
    fast:
      st.fast === undefined
        ? undefined
        : WindowCounter.fromJSON((cfg.fastWindowMinutes * MIN) / fastBuckets, fastBuckets, st.fast),
    uncuredAccts: st.uncuredAccts,
    uncuredSum: st.uncuredSum,
    q: st.q === undefined ? undefined : EvidenceQueue.fromJSON(cfg.maxQueuePerSource, st.q),
    tw: st.tw,
    twFails: st.twFails,
    td: st.td,
    tdFails: st.tdFails,
    phase: st.phase,
    ep,
    quietUntil: st.quietUntil,
    pruneAt: st.pruneAt,
    oks: st.oks?.map((o) => ({ ...o })),
  };
}
