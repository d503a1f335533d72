/**
 * The EHR privacy family: every `ehr_access` event is explained from the context (explain.ts) and then shown
 * to each check (one file per detector). Findings are grouped into episodes — one alert per detector, user and
 * patient (or user alone for bulk findings) — that close after an hour without new evidence, so a snooper
 * reading ten pages of one chart gives one alert with ten evidence ids. Once an episode has alerted, findings of
 * the same key in the next REPEAT_QUIET_MS open no new alert: they are counted (stats().repeats) and stay in
 * the patient access report and the case view, which list every access.
 */
import { z } from 'zod';
import { ContextIndex } from '../../context/index.js';
import type { WardEvent } from '../../model/index.js';
import { makeAlert } from '../alert.js';
import type { DetectorFamily, Emit } from '../detector.js';
import type { Access, EhrCheck, Finding } from './access.js';
import { breakGlass } from './break-glass.js';
import { createBulkCheck } from './bulk.js';
import { coworkerAccess } from './coworker.js';
import { deceasedAccess } from './deceased.js';
import { createDemographicsBulkCheck } from './demographics-bulk.js';
import { explain } from './explain.js';
import { familyAccess } from './family.js';
import { neighbourAccess } from './neighbour.js';
import { createPeerUnusualCheck } from './peer-unusual.js';
import { selfAccess } from './self.js';
import { staleRelationship } from './stale-relationship.js';
import { createVipCheck } from './vip.js';

/** Config of the family: no settings yet (thresholds live next to each check); unknown keys are rejected. */
export const ehrPrivacyConfigSchema = z.object({}).strict();

/** An episode closes after this long without new evidence. */
export const EPISODE_QUIET_MS = 3_600_000;
/** After an alert, the same detector, user and patient (or user, for bulk) raise no new alert for this long. */
export const REPEAT_QUIET_MS = 7 * 86_400_000;

/** What the family needs from outside. */
export interface EhrPrivacyDeps {
  /** The shared context index the pipeline feeds; an empty one when absent. */
  context?: ContextIndex;
}

interface Episode {
  detector: string;
  user: string;
  patient?: string;
  first: number;
  last: number;
  score: number;
  title: string;
  reasons: string[];
  events: string[];
}

/** Counts of explained and unexplained accesses (the share explained is the headline of explanation-based auditing). */
export interface ExplainStats {
  accesses: number;
  explained: number;
  byKind: Record<string, number>;
  /** Findings that opened no new alert because the same detector, user and patient alerted in the last 7 days. */
  repeats: number;
  /** {@link ExplainStats.repeats} by detector. */
  repeatsByDetector: Record<string, number>;
}

/** The EHR privacy family with the explanation stats it keeps. */
export interface EhrPrivacyFamily extends DetectorFamily {
  stats(): ExplainStats;
}

/** `Observation` of `Observation/123`; the whole text when it has no slash. */
function typeOfRef(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : ref.slice(0, slash);
}

/** The `ehr-privacy` family; `deps.context` is the context index the pipeline feeds (see src/context). */
export function createEhrPrivacy(config?: unknown, deps?: EhrPrivacyDeps): EhrPrivacyFamily {
  ehrPrivacyConfigSchema.parse(config ?? {});
  const ctx = deps?.context ?? new ContextIndex();
  const checks: EhrCheck[] = [
    selfAccess,
    familyAccess,
    coworkerAccess,
    deceasedAccess,
    createVipCheck(),
    breakGlass,
    createBulkCheck(),
    staleRelationship,
    createDemographicsBulkCheck(),
    neighbourAccess,
    createPeerUnusualCheck(),
  ];
  let episodes = new Map<string, Episode>();
  let stats: ExplainStats = { accesses: 0, explained: 0, byKind: {}, repeats: 0, repeatsByDetector: {} };
  /** Episode key → last evidence time of its alerted episode, kept REPEAT_QUIET_MS. */
  let alerted = new Map<string, number>();
  let lastPrune = 0;

  function close(key: string, ep: Episode, emit: Emit): void {
    alerted.set(key, ep.last);
    emit(
      makeAlert({
        detector: ep.detector,
        category: 'ehr_privacy',
        score: ep.score,
        title: ep.title,
        reasons: ep.reasons,
        entities: { user: ep.user, patient: ep.patient },
        events: ep.events,
        attack: ['T1078'],
        time: ep.first,
      }),
    );
  }

  function add(a: Access, f: Finding): void {
    const user = f.user ?? a.user;
    const patient = f.patient === null ? undefined : (f.patient ?? a.patient);
    const key = `${f.detector}\u0000${user}\u0000${patient ?? ''}`;
    const t = f.time ?? a.time;
    const ep = episodes.get(key);
    const before = ep === undefined ? alerted.get(key) : undefined;
    if (before !== undefined && t - before <= REPEAT_QUIET_MS) {
      stats.repeats++;
      stats.repeatsByDetector[f.detector] = (stats.repeatsByDetector[f.detector] ?? 0) + 1;
      return;
    }
    if (ep) {
      ep.last = Math.max(ep.last, t);
      for (const id of f.events ?? [a.id]) ep.events.push(id);
      if (f.score > ep.score) {
        ep.score = f.score;
        ep.reasons = f.reasons;
      }
      return;
    }
    episodes.set(key, {
      detector: f.detector,
      user,
      patient,
      first: t,
      last: t,
      score: f.score,
      title: f.title,
      reasons: f.reasons,
      events: [...(f.events ?? [a.id])],
    });
  }

  return {
    name: 'ehr-privacy',
    detectors: checks.map((c) => c.meta),
    handle(e: WardEvent) {
      if (e.class !== 'ehr_access' || e.user === undefined || e.patient === undefined) return;
      if (e.outcome === 'failure') return;
      const staff = ctx.staff(e.user);
      const resourceType = e.resource !== undefined ? typeOfRef(e.resource) : undefined;
      const explanation = explain(ctx, e.user, staff, e.patient, e.time, resourceType, e.purpose);
      stats.accesses++;
      if (explanation) {
        stats.explained++;
        stats.byKind[explanation.kind] = (stats.byKind[explanation.kind] ?? 0) + 1;
      }
      const a: Access = { id: e.id, time: e.time, user: e.user, patient: e.patient, ctx };
      if (staff) a.staff = staff;
      const pat = ctx.patient(e.patient);
      if (pat) a.pat = pat;
      if (explanation) a.explanation = explanation;
      if (e.purpose !== undefined) a.purpose = e.purpose;
      if (e.action !== undefined) a.action = e.action;
      if (resourceType !== undefined) a.resourceType = resourceType;
      for (const c of checks) c.check(a, (f) => add(a, f));
    },
    advance(now: number, emit: Emit) {
      for (const [k, ep] of episodes) {
        if (now - ep.last > EPISODE_QUIET_MS) {
          episodes.delete(k);
          close(k, ep, emit);
        }
      }
      if (now - lastPrune > EPISODE_QUIET_MS) {
        lastPrune = now;
        for (const [k, t] of alerted) if (now - t > REPEAT_QUIET_MS) alerted.delete(k);
      }
    },
    finish(emit: Emit) {
      const all = [...episodes].sort((x, y) => x[1].first - y[1].first);
      episodes.clear();
      for (const [k, ep] of all) close(k, ep, emit);
    },
    snapshot() {
      return {
        episodes: [...episodes],
        alerted: [...alerted],
        stats,
        checks: checks.map((c) => c.snapshot?.() ?? null),
      };
    },
    restore(state: unknown) {
      const s = state as {
        episodes: [string, Episode][];
        alerted?: [string, number][];
        stats: ExplainStats;
        checks: unknown[];
      };
      episodes = new Map(s.episodes);
      alerted = new Map(s.alerted ?? []);
      stats = {
        ...s.stats,
        repeats: s.stats.repeats ?? 0,
        repeatsByDetector: s.stats.repeatsByDetector ?? {},
      };
      checks.forEach((c, i) => {
        const cs = s.checks[i];
        if (cs !== null && cs !== undefined) c.restore?.(cs);
      });
    },
    stats: () => stats,
  };
}
