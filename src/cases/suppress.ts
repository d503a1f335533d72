/**
 * Suppression of similar alarms after a case is judged legitimate. A `legitimate` decision on a case covers new
 * alerts of the same user and patient from one of the case's detectors for {@link SUPPRESS_DAYS} days (a bulk
 * case, which names no patient: the same user and detector for {@link SUPPRESS_BULK_DAYS} days, since bulk reading
 * is a habit that changes faster than a relationship). Suppressed alerts are not dropped: the writer stores them
 * closed with verdict `benign` and a comment naming the decision (who, when, why), and the case lists them.
 * A later decision on the same case replaces the earlier one (a `confirmed` ends the suppression).
 */
import type { Alert } from '../model/index.js';
import type { AlertTriage, Decision, Store, StoredAlert } from '../store/index.js';

/** Days a legitimate (user, patient) case suppresses similar alerts. */
export const SUPPRESS_DAYS = 180;
/** Days a legitimate bulk (user-only) case suppresses similar alerts. */
export const SUPPRESS_BULK_DAYS = 30;
const DAY_MS = 86_400_000;

/** Start of the comment of a suppressed alert; cases recognise suppressed alerts by it. */
export const SUPPRESSED_PREFIX = 'Suppressed by case ';

/** What a legitimate case decision suppresses: kept in the decision's `data`. */
export interface SuppressionScope {
  user: string;
  patient?: string;
  detectors: string[];
  /** Alerts up to this time (epoch ms, alert time) are suppressed. */
  until: number;
}

/** Anything that can give a new alert a triage state to be stored with (undefined: store it open). */
export interface AlertTriager {
  triage(a: Alert): AlertTriage | undefined;
}

/** The suppression scope of a legitimate decision on a case made at `time`. */
export function suppressionScope(
  c: { user: string; patient?: string; detectors: readonly string[] },
  time: number,
): SuppressionScope {
  const days = c.patient === undefined ? SUPPRESS_BULK_DAYS : SUPPRESS_DAYS;
  const scope: SuppressionScope = { user: c.user, detectors: [...c.detectors], until: time + days * DAY_MS };
  if (c.patient !== undefined) scope.patient = c.patient;
  return scope;
}

/** Whether a stored alert was written suppressed. */
export function isSuppressed(a: StoredAlert): boolean {
  return (
    a.status === 'closed' && a.verdict === 'benign' && (a.comment?.startsWith(SUPPRESSED_PREFIX) ?? false)
  );
}

function scopeOf(d: Decision): SuppressionScope | undefined {
  const s = d.data as Partial<SuppressionScope> | undefined;
  if (s === undefined || s === null || typeof s.user !== 'string' || typeof s.until !== 'number')
    return undefined;
  if (!Array.isArray(s.detectors)) return undefined;
  const scope: SuppressionScope = {
    user: s.user,
    detectors: s.detectors.filter((x): x is string => typeof x === 'string'),
    until: s.until,
  };
  if (typeof s.patient === 'string') scope.patient = s.patient;
  return scope;
}

const keyOf = (user: string, patient: string | undefined): string => `${user}\u0000${patient ?? ''}`;

interface Rule {
  scope: SuppressionScope;
  detectors: Set<string>;
  triage: AlertTriage;
}

/**
 * Suppression rules from the case decisions of a store, looked up per alert in O(1) (it sits on the alert
 * write path). Apply each new decision with {@link Suppressor.apply}, or `refresh` from the store.
 */
export class Suppressor implements AlertTriager {
  /** The latest decision per case subject, and the rule of the legitimate ones by (user, patient). */
  private latest = new Map<string, Decision>();
  private rules = new Map<string, Rule>();

  /** Reload every case decision from the store. */
  async refresh(store: Store): Promise<void> {
    const decisions: Decision[] = [];
    for (let offset = 0; ;) {
      const page = await store.listDecisions({ kind: 'case', limit: 10_000, offset });
      decisions.push(...page.items);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
    this.latest = new Map();
    this.rules = new Map();
    for (const d of decisions) this.apply(d);
  }

  /** Take in one decision (later decisions on the same case replace earlier ones). */
  apply(d: Decision): void {
    if (d.kind !== 'case') return;
    const prev = this.latest.get(d.subject);
    if (prev !== undefined && prev.time > d.time) return;
    if (prev !== undefined) {
      const old = scopeOf(prev);
      if (old !== undefined) this.rules.delete(keyOf(old.user, old.patient));
    }
    this.latest.set(d.subject, d);
    const scope = d.verdict === 'legitimate' ? scopeOf(d) : undefined;
    if (scope === undefined) return;
    const when = new Date(d.time).toISOString();
    this.rules.set(keyOf(scope.user, scope.patient), {
      scope,
      detectors: new Set(scope.detectors),
      triage: {
        status: 'closed',
        verdict: 'benign',
        comment: `${SUPPRESSED_PREFIX}${d.subject}: marked legitimate by ${d.actor} on ${when} (decision ${d.id}): ${d.reason}`,
      },
    });
  }

  /** Rules in force (legitimate decisions not replaced). */
  get size(): number {
    return this.rules.size;
  }

  /** The triage state of a new alert: closed as benign when a legitimate decision covers it, else undefined. */
  triage(a: Alert): AlertTriage | undefined {
    if (this.rules.size === 0 || a.category !== 'ehr_privacy') return undefined;
    const user = a.entities.user;
    if (user === undefined) return undefined;
    const rule = this.rules.get(keyOf(user, a.entities.patient));
    if (rule === undefined || !rule.detectors.has(a.detector)) return undefined;
    const t = Date.parse(a.time);
    return Number.isFinite(t) && t <= rule.scope.until ? rule.triage : undefined;
  }
}

const shared = new WeakMap<Store, Promise<Suppressor>>();

/**
 * The suppressor shared by everything in this process that writes alerts to `store` (the live pipeline) or
 * decides cases on it (the API): a decision applied to it takes effect on the next alert written. Loaded from
 * the store on first use.
 */
export function suppressorFor(store: Store): Promise<Suppressor> {
  let s = shared.get(store);
  if (s === undefined) {
    const sup = new Suppressor();
    s = sup.refresh(store).then(() => sup);
    // A failed load is not cached: the next caller tries again.
    void s.catch(() => shared.delete(store));
    shared.set(store, s);
  }
  return s;
}
