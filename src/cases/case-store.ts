/**
 * Cases over a store: read the EHR privacy alerts and case decisions, build the cases (case.ts), and record a
 * decision — append it to the decision log, close the case's open alerts with a comment naming it, and hand it
 * to the shared suppressor so similar new alerts are suppressed at once. Shared by the API and the CLI.
 */
import { randomUUID } from 'node:crypto';
import { ContextIndex } from '../context/index.js';
import type { Decision, Store, StoredAlert } from '../store/index.js';
import { CASE_DECISION_KIND, buildCases, caseKeyOf } from './case.js';
import type { Case, CaseNames, CaseVerdict } from './case.js';
import { suppressionScope, suppressorFor } from './suppress.js';

/** Rows read per store query. */
const PAGE = 10_000;

/** Display names from a context index: `Given Family` of the staff member or patient record. */
export function namesFrom(ctx: ContextIndex): CaseNames {
  const full = (p: { family?: string; given?: string[] } | undefined): string | undefined => {
    if (p === undefined) return undefined;
    const parts = [...(p.given ?? []), ...(p.family !== undefined ? [p.family] : [])];
    return parts.length > 0 ? parts.join(' ') : undefined;
  };
  return {
    userName: (u) => full(ctx.staff(u)),
    patientName: (p) => full(ctx.patient(p)),
  };
}

/** Names from the given context index, or from the store's context records when there is none. */
export async function caseNames(store: Store, ctx?: ContextIndex): Promise<CaseNames> {
  if (ctx !== undefined) return namesFrom(ctx);
  const built = new ContextIndex();
  for (const kind of ['patient', 'practitioner'] as const) {
    for (const r of await store.loadContext(kind)) built.add(r);
  }
  return namesFrom(built);
}

/** Every EHR privacy alert in the store (of one user when given). */
export async function privacyAlerts(store: Store, user?: string): Promise<StoredAlert[]> {
  const out: StoredAlert[] = [];
  for (let offset = 0; ;) {
    const page = await store.listAlerts({
      category: 'ehr_privacy',
      ...(user !== undefined ? { user } : {}),
      limit: PAGE,
      offset,
    });
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return out;
  }
}

/** Every case decision, oldest first. */
export async function caseDecisions(store: Store, subject?: string): Promise<Decision[]> {
  const out: Decision[] = [];
  for (let offset = 0; ;) {
    const page = await store.listDecisions({
      kind: CASE_DECISION_KIND,
      ...(subject !== undefined ? { subject } : {}),
      limit: PAGE,
      offset,
    });
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return out;
  }
}

/** Options of {@link loadCases}. */
export interface LoadCasesOptions {
  /** Only this user's cases (their history stays complete: it is made of their own cases). */
  user?: string;
  names?: CaseNames;
}

/** Every case in the store (or one user's), highest score first. */
export async function loadCases(store: Store, options: LoadCasesOptions = {}): Promise<Case[]> {
  const [alerts, decisions] = await Promise.all([privacyAlerts(store, options.user), caseDecisions(store)]);
  return buildCases(alerts, decisions, options.names);
}

/** One case with its alerts (suppressed ones included, newest first), its decisions and the user's other cases. */
export interface CaseDetail {
  case: Case;
  alerts: StoredAlert[];
  decisions: Decision[];
  otherCases: Case[];
}

/** The case with this id, or undefined. */
export async function loadCase(store: Store, id: string, names?: CaseNames): Promise<CaseDetail | undefined> {
  // A case id does not name its user: find the case among all, then read the rest by user.
  const all = await loadCases(store, names !== undefined ? { names } : {});
  const c = all.find((x) => x.id === id);
  if (c === undefined) return undefined;
  const mine = new Set([...c.alerts, ...c.suppressedAlerts]);
  const alerts = (await privacyAlerts(store, c.user))
    .filter((a) => mine.has(a.id) && caseKeyOf(a)?.patient === c.patient)
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return {
    case: c,
    alerts,
    decisions: await caseDecisions(store, id),
    otherCases: all.filter((x) => x.user === c.user && x.id !== id),
  };
}

/** A decision to record on a case. */
export interface CaseDecisionInput {
  id: string;
  verdict: CaseVerdict;
  actor: string;
  reason: string;
  /** Decision time, epoch ms; default now. */
  time?: number;
  names?: CaseNames;
}

/**
 * Record a decision on a case: append it to the decision log (with the suppression scope when legitimate),
 * close the case's open alerts (verdict `benign` for legitimate, `true_positive` for confirmed) with a comment
 * naming the decision, and apply it to the store's shared suppressor. Returns the case as it now stands, or
 * undefined when there is no case with this id.
 */
export async function decideCase(store: Store, input: CaseDecisionInput): Promise<Case | undefined> {
  const names = input.names !== undefined ? { names: input.names } : {};
  const before = (await loadCases(store, names)).find((c) => c.id === input.id);
  if (before === undefined) return undefined;
  const time = input.time ?? Date.now();
  const decision: Decision = {
    id: randomUUID(),
    kind: CASE_DECISION_KIND,
    subject: before.id,
    verdict: input.verdict,
    actor: input.actor,
    reason: input.reason,
    time,
  };
  if (input.verdict === 'legitimate') decision.data = suppressionScope(before, time);
  await store.saveDecision(decision);

  const when = new Date(time).toISOString();
  const comment = `Case ${before.id} marked ${input.verdict} by ${input.actor} on ${when} (decision ${decision.id}): ${input.reason}`;
  const verdict = input.verdict === 'legitimate' ? 'benign' : 'true_positive';
  const alerts = await privacyAlerts(store, before.user);
  const ids = new Set(before.alerts);
  for (const a of alerts) {
    if (!ids.has(a.id) || a.status === 'closed') continue;
    await store.updateAlert(a.id, { status: 'closed', verdict, comment });
  }
  (await suppressorFor(store)).apply(decision);
  return (await loadCases(store, { user: before.user, ...names })).find((c) => c.id === before.id);
}
