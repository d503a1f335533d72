/**
 * Entity risk: how much recent alerting points at one user, host, IP, device or patient, as a 0–100 score.
 *
 * Each alert adds `points = alert score × SEVERITY_WEIGHT[severity] × CATEGORY_WEIGHT[category]` to every entity
 * it names (see entity.ts for the keys). Points fade with a half-life: `current = points × 2^(−age / HALF_LIFE)`
 * (HALF_LIFE_DAYS = 7, so a week-old alert counts half, a month-old one about a twentieth). The entity score is
 * the saturating map `100 × (1 − exp(−Σ current / SATURATION))` with SATURATION = 60: a fresh high alert (score
 * 80) gives 74, two of them 93, one medium (55) 47, ten fresh lows (30) 63 — piling up many weak signals
 * approaches but never passes what a few strong ones give, and nothing ever exceeds 100.
 *
 * Alerts an analyst closed as not a threat (verdict false_positive, benign or duplicate) contribute nothing: the
 * person who looked decided they say nothing about the entity. Open, acknowledged and true-positive alerts count.
 * Pure functions over stored alerts; risk-store.ts does the bounded store queries. See docs/risk.md.
 */
import { severityOf } from '../model/index.js';
import type { AlertCategory, Severity } from '../model/index.js';
import type { StoredAlert } from '../store/index.js';
import { alertNames, idsOf } from './entity.js';
import type { EntityKind } from './entity.js';

/** Days after which an alert's contribution has halved. */
export const HALF_LIFE_DAYS = 7;
const DAY_MS = 86_400_000;
/** Decayed points at which the score reaches 63 (1 − 1/e); larger = slower saturation. */
export const SATURATION = 60;
/** Days of history in {@link EntityRisk.history}. */
export const HISTORY_DAYS = 30;

/**
 * Weight of an alert's score by its severity. Low alerts are mostly noise from learned baselines and count a
 * fifth; critical ones count one and a half times, so one critical alert alone makes a critical entity.
 */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = {
  low: 0.2,
  medium: 0.7,
  high: 1,
  critical: 1.5,
};

/**
 * Weight by category. A vulnerability or compliance finding describes the state of a host, not something the
 * entity did, so it counts half; everything else counts fully.
 */
export const CATEGORY_WEIGHT: Readonly<Record<AlertCategory, number>> = {
  ehr_privacy: 1,
  identity: 1,
  network: 1,
  device: 1,
  exfiltration: 1,
  threat_intel: 1,
  vulnerability: 0.5,
  compliance: 0.5,
};

/** Verdicts that take an alert out of the risk: an analyst decided it says nothing about the entity. */
export const DISMISSED_VERDICTS: ReadonlySet<string> = new Set(['false_positive', 'benign', 'duplicate']);

/** Tuning of the score; the defaults are the constants above. */
export interface RiskOptions {
  halfLifeDays?: number;
  saturation?: number;
}

/** One alert's part in an entity's score. Times are ISO 8601 UTC. */
export interface Contribution {
  alertId: string;
  detector: string;
  title: string;
  time: string;
  /** Points when the alert was raised. */
  points: number;
  /** Points left now, after decay. */
  current: number;
}

/** An entity's risk now, with what moved it and its daily history. */
export interface EntityRisk {
  kind: EntityKind;
  id: string;
  score: number;
  severity: Severity;
  /** Alerts that count (not dismissed) in the period looked at. */
  alerts: number;
  lastAlert?: string;
  /** Newest first. */
  contributions: Contribution[];
  /** One entry per UTC day, oldest first, the last one today; each is the score at the end of that day (now for today). */
  history: { day: string; score: number }[];
}

/** An entity's risk without the detail, for ranking. */
export type EntityRiskSummary = Omit<EntityRisk, 'contributions' | 'history'>;

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Whether an alert counts towards risk (not closed as a false positive, benign or a duplicate). */
export function counts(a: Pick<StoredAlert, 'verdict'>): boolean {
  return a.verdict === undefined || !DISMISSED_VERDICTS.has(a.verdict);
}

/** Points an alert adds to each of its entities when it is raised. */
export function pointsOf(a: Pick<StoredAlert, 'score' | 'severity' | 'category'>): number {
  const score = Math.min(100, Math.max(0, a.score));
  return score * (SEVERITY_WEIGHT[a.severity] ?? 1) * (CATEGORY_WEIGHT[a.category] ?? 1);
}

/** `points` decayed over `ageMs` (an alert from the future has not decayed). */
export function decayed(points: number, ageMs: number, halfLifeDays = HALF_LIFE_DAYS): number {
  return points * Math.pow(2, -Math.max(0, ageMs) / (halfLifeDays * DAY_MS));
}

/** The 0–100 score of a sum of decayed points. */
export function scoreOfPoints(sum: number, saturation = SATURATION): number {
  return round1(100 * (1 - Math.exp(-Math.max(0, sum) / saturation)));
}

interface Timed {
  t: number;
  points: number;
}

function sumAt(items: readonly Timed[], at: number, halfLife: number): number {
  let sum = 0;
  for (const it of items) if (it.t <= at) sum += decayed(it.points, at - it.t, halfLife);
  return sum;
}

/** YYYY-MM-DD of a UTC time. */
export function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * The risk of one entity at `now` from its alerts (any order; alerts that do not name it, dismissed ones and
 * those after `now` are skipped).
 */
export function entityRisk(
  kind: EntityKind,
  id: string,
  alerts: readonly StoredAlert[],
  now: number,
  options: RiskOptions = {},
): EntityRisk {
  const halfLife = options.halfLifeDays ?? HALF_LIFE_DAYS;
  const saturation = options.saturation ?? SATURATION;
  const mine: (Timed & { a: StoredAlert })[] = [];
  for (const a of alerts) {
    const t = Date.parse(a.time);
    if (!Number.isFinite(t) || t > now || !counts(a) || !alertNames(a.entities, kind, id)) continue;
    mine.push({ a, t, points: pointsOf(a) });
  }
  mine.sort((x, y) => y.t - x.t || (x.a.id < y.a.id ? -1 : 1));
  const contributions = mine.map(({ a, t, points }) => ({
    alertId: a.id,
    detector: a.detector,
    title: a.title,
    time: new Date(t).toISOString(),
    points: round1(points),
    current: round1(decayed(points, now - t, halfLife)),
  }));
  const score = scoreOfPoints(sumAt(mine, now, halfLife), saturation);
  const history: { day: string; score: number }[] = [];
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let d = HISTORY_DAYS - 1; d >= 0; d--) {
    const start = today - d * DAY_MS;
    // The end of a past day; today ends now.
    const at = d === 0 ? now : start + DAY_MS - 1;
    history.push({ day: dayOf(start), score: scoreOfPoints(sumAt(mine, at, halfLife), saturation) });
  }
  const out: EntityRisk = {
    kind,
    id,
    score,
    severity: severityOf(score),
    alerts: mine.length,
    contributions,
    history,
  };
  const last = mine[0];
  if (last !== undefined) out.lastAlert = new Date(last.t).toISOString();
  return out;
}

/**
 * The `limit` riskiest entities of `kind` (or of every kind) at `now` from a set of alerts, score descending,
 * then newest alert first, then id. One pass over the alerts: fine for the ≤ 10,000 alerts the API reads.
 */
export function topEntities(
  kinds: readonly EntityKind[],
  alerts: readonly StoredAlert[],
  now: number,
  limit: number,
  options: RiskOptions = {},
): EntityRiskSummary[] {
  const halfLife = options.halfLifeDays ?? HALF_LIFE_DAYS;
  const saturation = options.saturation ?? SATURATION;
  const acc = new Map<string, { kind: EntityKind; id: string; sum: number; n: number; last: number }>();
  for (const a of alerts) {
    const t = Date.parse(a.time);
    if (!Number.isFinite(t) || t > now || !counts(a)) continue;
    const current = decayed(pointsOf(a), now - t, halfLife);
    for (const kind of kinds) {
      for (const id of idsOf(a.entities, kind)) {
        const key = `${kind}\u0000${id}`;
        const e = acc.get(key);
        if (e === undefined) acc.set(key, { kind, id, sum: current, n: 1, last: t });
        else {
          e.sum += current;
          e.n++;
          if (t > e.last) e.last = t;
        }
      }
    }
  }
  const all = [...acc.values()].map((e) => ({ ...e, score: scoreOfPoints(e.sum, saturation) }));
  all.sort((x, y) => y.score - x.score || y.last - x.last || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return all.slice(0, limit).map((e) => ({
    kind: e.kind,
    id: e.id,
    score: e.score,
    severity: severityOf(e.score),
    alerts: e.n,
    lastAlert: new Date(e.last).toISOString(),
  }));
}
