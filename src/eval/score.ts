/**
 * Scoring alerts against the simulator's ground truth (truth.jsonl). A truth instance is detected when an alert
 * inside [start, end + grace] shares an evidence id or an entity with it. Per scenario type: recall, precision
 * (alerts of the type's expected detectors that match some truth instance, over all such alerts), false alerts
 * per simulated day and the median delay from scenario start to the first matching alert.
 */
import type { Alert } from '../model/index.js';
import type { TruthRecord } from '../sim/index.js';

/** Alert columns of a type or family score: alerts of the expected detectors; null precision when there were none. */
export interface AlertScore {
  alerts: number;
  matchedAlerts: number;
  precision: number | null;
  falseAlertsPerDay: number;
}

/** Scores of one scenario type. */
export interface TypeScore extends AlertScore {
  type: string;
  family: string;
  detectors: string[];
  /** Expected detectors Ward does not have yet. */
  missingDetectors: string[];
  instances: number;
  detected: number;
  recall: number;
  /** Median ms from scenario start to the first matching alert, over detected instances. */
  medianDelayMs: number | null;
  /** Detectors whose alerts matched an instance of this type. */
  detectedBy: string[];
}

/** Scores of one detector over the whole run. */
export interface DetectorScore {
  detector: string;
  alerts: number;
  matched: number;
  falseAlertsPerDay: number;
}

/** Scores of one scenario family: precision over the union of its types' expected detectors. */
export interface FamilyScore extends AlertScore {
  family: string;
  instances: number;
  detected: number;
  recall: number;
}

/** A whole evaluation's scores. */
export interface Scores {
  days: number;
  instances: number;
  detected: number;
  alerts: number;
  matchedAlerts: number;
  falseAlertsPerDay: number;
  byType: TypeScore[];
  byFamily: FamilyScore[];
  byDetector: DetectorScore[];
}

/** Default grace after a scenario's end for a late alert (episodes close hours after the last attempt). */
export const DEFAULT_GRACE_MS = 24 * 3_600_000;

/** An identity in comparable form: lower case, without `DOMAIN\` or `@realm`. */
export function normEntity(v: string): string {
  let s = v.toLowerCase();
  const slash = s.lastIndexOf('\\');
  if (slash >= 0) s = s.slice(slash + 1);
  const at = s.indexOf('@');
  if (at > 0 && !s.includes('/')) s = s.slice(0, at);
  return s;
}

interface PreparedTruth {
  t: TruthRecord;
  start: number;
  end: number;
  events: Set<string>;
  entities: Set<string>;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Does this alert speak of this truth instance? */
function matches(a: Alert, at: number, p: PreparedTruth, grace: number): boolean {
  if (at < p.start || at > p.end + grace) return false;
  for (const id of a.events) if (p.events.has(id)) return true;
  for (const v of Object.values(a.entities)) if (p.entities.has(normEntity(v))) return true;
  return false;
}

/** Score `alerts` against `truth` for a run of `days` days; `known` = detector ids Ward has. */
export function score(
  truth: TruthRecord[],
  alerts: Alert[],
  days: number,
  known: ReadonlySet<string>,
  grace = DEFAULT_GRACE_MS,
): Scores {
  const prepared: PreparedTruth[] = truth.map((t) => ({
    t,
    start: Date.parse(t.start),
    end: Date.parse(t.end),
    events: new Set(t.events),
    entities: new Set(
      Object.values(t.entities)
        .filter((v): v is string => typeof v === 'string')
        .map(normEntity),
    ),
  }));
  const firstHit = new Map<PreparedTruth, number>();
  const hitBy = new Map<PreparedTruth, Set<string>>();
  const alertMatched: boolean[] = [];
  for (const a of alerts) {
    const at = Date.parse(a.time);
    let any = false;
    for (const p of prepared) {
      if (!matches(a, at, p, grace)) continue;
      any = true;
      const prev = firstHit.get(p);
      if (prev === undefined || at < prev) firstHit.set(p, at);
      let by = hitBy.get(p);
      if (!by) hitBy.set(p, (by = new Set()));
      by.add(a.detector);
    }
    alertMatched.push(any);
  }
  const perDay = (n: number): number => (days > 0 ? n / days : n);
  /** How many alerts came from detectors `from` accepts, and how many of those matched an instance. */
  const countAlerts = (from: (detector: string) => boolean): { total: number; matched: number } => {
    let total = 0;
    let matched = 0;
    alerts.forEach((a, i) => {
      if (!from(a.detector)) return;
      total++;
      if (alertMatched[i]) matched++;
    });
    return { total, matched };
  };
  /** The alert columns of a type or family score, for the alerts of detectors `from` accepts. */
  const alertScore = (from: (detector: string) => boolean): AlertScore => {
    const { total, matched } = countAlerts(from);
    return {
      alerts: total,
      matchedAlerts: matched,
      precision: total > 0 ? matched / total : null,
      falseAlertsPerDay: perDay(total - matched),
    };
  };
  const types = [...new Set(truth.map((t) => t.type))];
  const byType: TypeScore[] = types.map((type) => {
    const inst = prepared.filter((p) => p.t.type === type);
    const first = inst[0]?.t;
    const detectors = first?.detectors ?? [];
    const detected = inst.filter((p) => firstHit.has(p));
    return {
      type,
      family: first?.family ?? '',
      detectors,
      missingDetectors: detectors.filter((d) => !known.has(d)),
      instances: inst.length,
      detected: detected.length,
      recall: inst.length > 0 ? detected.length / inst.length : 0,
      ...alertScore((d) => detectors.includes(d)),
      medianDelayMs: median(detected.map((p) => (firstHit.get(p) ?? p.start) - p.start)),
      detectedBy: [...new Set(detected.flatMap((p) => [...(hitBy.get(p) ?? [])]))].sort(),
    };
  });
  const families = [...new Set(truth.map((t) => t.family))];
  const byFamily: FamilyScore[] = families.map((family) => {
    const inst = prepared.filter((p) => p.t.family === family);
    const detectors = new Set(inst.flatMap((p) => p.t.detectors));
    const detected = inst.filter((p) => firstHit.has(p)).length;
    return {
      family,
      instances: inst.length,
      detected,
      recall: inst.length > 0 ? detected / inst.length : 0,
      ...alertScore((d) => detectors.has(d)),
    };
  });
  const detectorIds = [...new Set(alerts.map((a) => a.detector))].sort();
  const byDetector = detectorIds.map((detector) => {
    const { total, matched } = countAlerts((d) => d === detector);
    return { detector, alerts: total, matched, falseAlertsPerDay: perDay(total - matched) };
  });
  const matchedAlerts = alertMatched.filter(Boolean).length;
  return {
    days,
    instances: truth.length,
    detected: firstHit.size,
    alerts: alerts.length,
    matchedAlerts,
    falseAlertsPerDay: perDay(alerts.length - matchedAlerts),
    byType,
    byFamily,
    byDetector,
  };
}

/**
 * Strict detection per instance type, for truths whose `type` is the expected detector id (as `ward sim2` writes
 * them): how many instances an alert of that very detector found.
 */
export function strictByType(
  truth: TruthRecord[],
  alerts: Alert[],
  days: number,
  known: ReadonlySet<string>,
): Map<string, { instances: number; detected: number }> {
  const out = new Map<string, { instances: number; detected: number }>();
  for (const type of new Set(truth.map((t) => t.type))) {
    const own = score(
      truth.filter((t) => t.type === type),
      alerts.filter((a) => a.detector === type),
      days,
      known,
    );
    out.set(type, { instances: own.instances, detected: own.detected });
  }
  return out;
}
