/**
 * Privacy cases: the EHR privacy alerts about one user and one patient (or one user alone, for bulk findings
 * that name no patient) read as one thing to judge. A case scores the chance that at least one of its signals is
 * right (noisy-OR of its alerts' scores, see combineScores), raised when the same user already has confirmed
 * cases (repeat offender), and carries the analyst's latest decision. Pure: the store side is in case-store.ts.
 */
import { createHash } from 'node:crypto';
import { combineScores, severityOf } from '../model/index.js';
import type { Severity } from '../model/index.js';
import type { Decision, StoredAlert } from '../store/index.js';
import { isSuppressed } from './suppress.js';

/** Verdicts an analyst can give a case. */
export const CASE_VERDICTS = ['legitimate', 'confirmed'] as const;
export type CaseVerdict = (typeof CASE_VERDICTS)[number];

/** States of a case: open until decided; open again when new, unsuppressed alerts arrive after a decision. */
export const CASE_STATUSES = ['open', 'legitimate', 'confirmed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Decision kind of case decisions in the store's decision log. */
export const CASE_DECISION_KIND = 'case';

/** The analyst's decision as a case shows it. */
export interface CaseDecision {
  verdict: CaseVerdict;
  actor: string;
  reason: string;
  /** ISO 8601 UTC. */
  time: string;
}

/** Other cases of the same user: the repeat-offender history. */
export interface CaseHistory {
  cases: number;
  confirmed: number;
  legitimate: number;
}

/** A privacy case (docs/cases.md; the API contract's `Case`). */
export interface Case {
  id: string;
  user: string;
  userName?: string;
  /** Absent for bulk cases. */
  patient?: string;
  patientName?: string;
  score: number;
  severity: Severity;
  status: CaseStatus;
  detectors: string[];
  /** Alerts that count towards the score (not suppressed), newest first. */
  alerts: string[];
  /** Alerts a `legitimate` decision suppressed, newest first. */
  suppressedAlerts: string[];
  firstSeen: string;
  lastSeen: string;
  /** Distinct evidence ids over every alert of the case. */
  accesses: number;
  reasons: string[];
  history: CaseHistory;
  decision?: CaseDecision;
}

/** Display names of users and patients; absent when unknown. */
export interface CaseNames {
  userName(user: string): string | undefined;
  patientName(patient: string): string | undefined;
}

/** Reasons a case lists at most. */
export const MAX_CASE_REASONS = 8;
/**
 * Repeat offender: each other confirmed case of the same user joins the noisy-OR as one more signal of this
 * strength, counting at most {@link REPEAT_MAX_CASES} of them. A 60 case of a user with one confirmed case
 * becomes 70, with two or more 77.5: enough to move a case up a band, never enough to make one from nothing.
 */
export const REPEAT_SIGNAL = 25;
/** Confirmed cases counted by the repeat-offender boost at most. */
export const REPEAT_MAX_CASES = 2;

/** Stable case id of a (user, patient) pair: the first 16 hex digits of SHA-1 over `user NUL patient`. */
export function caseId(user: string, patient: string | undefined): string {
  return createHash('sha1')
    .update(`${user}\u0000${patient ?? ''}`, 'utf8')
    .digest('hex')
    .slice(0, 16);
}

/** The case key of an alert: its user and patient (patient absent for bulk findings); undefined without a user. */
export function caseKeyOf(a: {
  entities: Record<string, string>;
}): { user: string; patient?: string } | undefined {
  const user = a.entities.user;
  if (user === undefined || user === '') return undefined;
  const patient = a.entities.patient;
  return patient === undefined || patient === '' ? { user } : { user, patient };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function isVerdict(v: string): v is CaseVerdict {
  return (CASE_VERDICTS as readonly string[]).includes(v);
}

/** The latest case decision per case id (decisions are given oldest first; later ones win). */
export function latestDecisions(decisions: readonly Decision[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const d of decisions) {
    if (d.kind !== CASE_DECISION_KIND || !isVerdict(d.verdict)) continue;
    const prev = out.get(d.subject);
    if (prev === undefined || d.time >= prev.time) out.set(d.subject, d);
  }
  return out;
}

/** A decision as a case shows it. */
export function caseDecisionOf(d: Decision): CaseDecision {
  return { verdict: d.verdict as CaseVerdict, actor: d.actor, reason: d.reason, time: iso(d.time) };
}

interface Group {
  id: string;
  user: string;
  patient?: string;
  alerts: StoredAlert[];
}

const TRIAGE_RANK: Record<StoredAlert['status'], number> = { open: 0, acknowledged: 1, closed: 2 };

/**
 * One stored row per alert id. An id written again (a re-run over the same input into the same store) is a copy
 * of the same alert, not a new one: the row that was triaged first speaks for it, so a copy written open does not
 * reopen a decided case and a copy written suppressed does not hide the decided original.
 */
function dedupe(alerts: readonly StoredAlert[]): StoredAlert[] {
  const byId = new Map<string, StoredAlert>();
  for (const a of alerts) {
    const prev = byId.get(a.id);
    const rank = TRIAGE_RANK[a.status] - (prev === undefined ? -1 : TRIAGE_RANK[prev.status]);
    if (prev === undefined || rank > 0 || (rank === 0 && a.updatedAt < prev.updatedAt)) byId.set(a.id, a);
  }
  return [...byId.values()];
}

const newestFirst = (a: StoredAlert, b: StoredAlert): number =>
  Date.parse(b.time) - Date.parse(a.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Case order of the API: score descending, then last seen descending, then id. */
export function compareCases(a: Case, b: Case): number {
  return (
    b.score - a.score ||
    Date.parse(b.lastSeen) - Date.parse(a.lastSeen) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Build cases from EHR privacy alerts (any order; alerts of other categories or without a user are ignored) and
 * the case decisions of the store (oldest first). Returns every case in {@link compareCases} order.
 */
export function buildCases(
  alerts: readonly StoredAlert[],
  decisions: readonly Decision[],
  names?: CaseNames,
): Case[] {
  const groups = new Map<string, Group>();
  for (const a of dedupe(alerts)) {
    if (a.category !== 'ehr_privacy') continue;
    const key = caseKeyOf(a);
    if (key === undefined) continue;
    const id = caseId(key.user, key.patient);
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { id, ...key, alerts: [] }));
    g.alerts.push(a);
  }
  const decided = latestDecisions(decisions);

  // Decided verdicts per user first: the repeat-offender boost and history need the user's other cases.
  const statusOf = new Map<string, CaseStatus>();
  const perUser = new Map<string, string[]>();
  for (const g of groups.values()) {
    const d = decided.get(g.id);
    // A decision closes the case's alerts; an unsuppressed alert still open after it reopens the case.
    const reopened = g.alerts.some((a) => a.status !== 'closed' && !isSuppressed(a));
    statusOf.set(g.id, d === undefined || reopened ? 'open' : (d.verdict as CaseVerdict));
    let list = perUser.get(g.user);
    if (list === undefined) perUser.set(g.user, (list = []));
    list.push(g.id);
  }

  const out: Case[] = [];
  for (const g of groups.values()) {
    g.alerts.sort(newestFirst);
    const counted = g.alerts.filter((a) => !isSuppressed(a));
    const suppressed = g.alerts.filter(isSuppressed);
    const history: CaseHistory = { cases: 0, confirmed: 0, legitimate: 0 };
    for (const other of perUser.get(g.user) ?? []) {
      if (other === g.id) continue;
      history.cases++;
      const s = statusOf.get(other);
      if (s === 'confirmed') history.confirmed++;
      else if (s === 'legitimate') history.legitimate++;
    }
    const signals = counted.map((a) => a.score);
    for (let i = 0; i < Math.min(history.confirmed, REPEAT_MAX_CASES); i++) signals.push(REPEAT_SIGNAL);
    // A case whose every alert was suppressed keeps the strength of what it saw, for the record.
    const score = combineScores(counted.length > 0 ? signals : g.alerts.map((a) => a.score));

    const times = g.alerts.map((a) => Date.parse(a.time));
    const evidence = new Set<string>();
    for (const a of g.alerts) for (const e of a.events) evidence.add(e);
    const reasons: string[] = [];
    const seen = new Set<string>();
    // Strongest first: the reasons of higher-scored alerts lead; within an alert, its own order.
    const byScore = [...counted, ...suppressed].sort((a, b) => b.score - a.score || newestFirst(a, b));
    for (const a of byScore) {
      for (const r of a.reasons) {
        if (reasons.length >= MAX_CASE_REASONS) break;
        if (seen.has(r)) continue;
        seen.add(r);
        reasons.push(r);
      }
    }
    const c: Case = {
      id: g.id,
      user: g.user,
      score,
      severity: severityOf(score),
      status: statusOf.get(g.id) ?? 'open',
      detectors: [...new Set(byScore.map((a) => a.detector))],
      alerts: counted.map((a) => a.id),
      suppressedAlerts: suppressed.map((a) => a.id),
      firstSeen: iso(Math.min(...times)),
      lastSeen: iso(Math.max(...times)),
      accesses: evidence.size,
      reasons,
      history,
    };
    const userName = names?.userName(g.user);
    if (userName !== undefined) c.userName = userName;
    if (g.patient !== undefined) {
      c.patient = g.patient;
      const patientName = names?.patientName(g.patient);
      if (patientName !== undefined) c.patientName = patientName;
    }
    const d = decided.get(g.id);
    if (d !== undefined) c.decision = caseDecisionOf(d);
    out.push(c);
  }
  return out.sort(compareCases);
}
