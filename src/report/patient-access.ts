/**
 * The patient access report: for one patient, every EHR access with who, when, what and its explanation (or the
 * lack of one), the alerts that cite it and one risk score per access. It is what a privacy officer hands over
 * when a patient complains or asks for an accounting of disclosures. Explanations come from the same context
 * lookup the EHR privacy detectors use (src/detect/ehr/explain.ts), so the report and the alerts agree on what
 * "explained" means. Renderers: csv.ts, html.ts, pdf.ts.
 */
import type { ContextIndex, StaffInfo } from '../context/index.js';
import { explain } from '../detect/ehr/explain.js';
import { combineScores } from '../model/index.js';
import type { Alert, WardEvent } from '../model/index.js';

/** One access to the patient's record. Times are ISO 8601 UTC. */
export interface AccessRow {
  time: string;
  /** Source record id of the access (what alerts cite as evidence). */
  accessId: string;
  source: string;
  /** The user as the source names them. */
  user: string;
  userName?: string;
  /** First role code of the staff member (`nurse`, `doctor` …). */
  role?: string;
  /** First organization (department) reference of the staff member's roles. */
  department?: string;
  action?: string;
  /** Record read or changed, e.g. `Observation/o-1`; absent when the patient record itself was read. */
  resource?: string;
  /** Purpose of use as recorded, e.g. `TREAT`, `ETREAT` (break-glass). */
  purpose?: string;
  explained: boolean;
  /** Plain words: "attending on Encounter/enc-1". */
  explanation?: string;
  /** `encounter`, `care_team`, `adt`, `unit`, `service`, `registration` or `billing`. */
  explanationKind?: string;
  /** Ids of the alerts that cite this access as evidence. */
  alerts: string[];
  /** 0–100: the alerts' scores combined (noisy-OR); 0 without alerts. */
  risk: number;
}

/** Counts at the head of the report. */
export interface ReportSummary {
  accesses: number;
  explained: number;
  /** Distinct users who accessed the record. */
  users: number;
  /** Accesses cited by at least one alert. */
  flagged: number;
}

/** The report (API contract "Patient access report"). */
export interface PatientAccessReport {
  patient: string;
  patientName?: string;
  from?: string;
  to?: string;
  generatedAt: string;
  generatedBy: string;
  summary: ReportSummary;
  /** In time order. */
  rows: AccessRow[];
}

/** What a report is built from. */
export interface PatientAccessInput {
  /** The patient as the sources name them (`Patient/123`); bare ids and known aliases also match. */
  patient: string;
  /** Events to pick the patient's `ehr_access` events from (others are ignored). */
  events: Iterable<WardEvent>;
  /** Alerts to cite; only those about this patient count. */
  alerts: Iterable<Alert>;
  context: ContextIndex;
  /** Inclusive lower bound of access time, epoch ms. */
  from?: number;
  /** Exclusive upper bound of access time, epoch ms. */
  to?: number;
  /** Who asked for the report (token or account name). */
  generatedBy: string;
  /** Generation time, epoch ms; default now. */
  now?: number;
}

/** Shown as the user when an access names nobody. */
export const UNKNOWN_USER = '(not recorded)';

/** "Given Family" of a person record, or undefined without a name. */
export function fullName(p: { given?: string[]; family?: string } | undefined): string | undefined {
  if (p === undefined) return undefined;
  const parts = [...(p.given ?? []), ...(p.family !== undefined ? [p.family] : [])];
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Whether `candidate` names the same patient as `target` (exactly, or through the context's aliases). */
function patientMatcher(ctx: ContextIndex, target: string): (candidate: string | undefined) => boolean {
  const canonical = ctx.patientRef(target);
  return (c) => c !== undefined && (c === target || ctx.patientRef(c) === canonical);
}

function staffFields(row: AccessRow, staff: StaffInfo | undefined, e: WardEvent): void {
  const name = fullName(staff) ?? e.userName;
  if (name !== undefined) row.userName = name;
  const role = staff?.roles[0];
  if (role !== undefined) row.role = role;
  const dept = staff?.orgs[0];
  if (dept !== undefined) row.department = dept;
}

/** Build the report of one patient from events, alerts and context. Pure: it reads nothing else. */
export function patientAccessReport(input: PatientAccessInput): PatientAccessReport {
  const ctx = input.context;
  const isPatient = patientMatcher(ctx, input.patient);

  // Alerts about this patient by the access ids they cite.
  const citing = new Map<string, Alert[]>();
  const seenAlert = new Set<string>();
  for (const a of input.alerts) {
    if (!isPatient(a.entities.patient) || seenAlert.has(a.id)) continue;
    seenAlert.add(a.id);
    for (const id of new Set(a.events)) {
      const list = citing.get(id);
      if (list) list.push(a);
      else citing.set(id, [a]);
    }
  }

  // The store keeps a second copy when the same input is written twice: one row per (source, id).
  const seen = new Set<string>();
  const picked: WardEvent[] = [];
  for (const e of input.events) {
    if (e.class !== 'ehr_access' || !isPatient(e.patient)) continue;
    if (input.from !== undefined && e.time < input.from) continue;
    if (input.to !== undefined && e.time >= input.to) continue;
    const key = `${e.source}\u0000${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(e);
  }
  picked.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const rows: AccessRow[] = [];
  const users = new Set<string>();
  let explained = 0;
  let flagged = 0;
  for (const e of picked) {
    const user = e.user ?? UNKNOWN_USER;
    const staff = e.user !== undefined ? ctx.staff(e.user) : undefined;
    const resourceType = e.resource?.split('/')[0];
    const why =
      e.user !== undefined && e.patient !== undefined
        ? explain(ctx, e.user, staff, e.patient, e.time, resourceType)
        : undefined;
    const alerts = citing.get(e.id) ?? [];
    const row: AccessRow = {
      time: new Date(e.time).toISOString(),
      accessId: e.id,
      source: e.source,
      user,
      explained: why !== undefined,
      alerts: alerts.map((a) => a.id),
      risk: combineScores(alerts.map((a) => a.score)),
    };
    staffFields(row, staff, e);
    // A refused access showed nothing but is still an attempt the patient may ask about: say so in the action.
    const action = e.outcome === 'failure' ? `${e.action ?? 'access'} (failed)` : e.action;
    if (action !== undefined) row.action = action;
    if (e.resource !== undefined) row.resource = e.resource;
    if (e.purpose !== undefined) row.purpose = e.purpose;
    if (why) {
      row.explanation = why.text;
      row.explanationKind = why.kind;
      explained++;
    }
    if (alerts.length > 0) flagged++;
    users.add(user);
    rows.push(row);
  }

  const name = fullName(ctx.patient(input.patient));
  const report: PatientAccessReport = {
    patient: input.patient,
    ...(name !== undefined ? { patientName: name } : {}),
    ...(input.from !== undefined ? { from: new Date(input.from).toISOString() } : {}),
    ...(input.to !== undefined ? { to: new Date(input.to).toISOString() } : {}),
    generatedAt: new Date(input.now ?? Date.now()).toISOString(),
    generatedBy: input.generatedBy,
    summary: { accesses: rows.length, explained, users: users.size, flagged },
    rows,
  };
  return report;
}

/** The alerts some row of the report cites, once each, oldest first: the detail behind the row's alert ids. */
export function citedAlerts<A extends Alert>(report: PatientAccessReport, alerts: Iterable<A>): A[] {
  const ids = new Set<string>();
  for (const r of report.rows) for (const id of r.alerts) ids.add(id);
  const out: A[] = [];
  for (const a of alerts) {
    if (!ids.has(a.id)) continue;
    ids.delete(a.id);
    out.push(a);
  }
  return out.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}
