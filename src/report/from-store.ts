/**
 * The patient access report over a store: read the patient's `ehr_access` events and alerts page by page (a
 * patient with a long stay has tens of thousands of accesses), build the report (patient-access.ts) and record
 * that it was made. A report shows protected health information, so making one is itself an access: it is kept
 * in the append-only decision log (kind `report`) with who, which patient, when, format and period — never names.
 * Shared by the API and `ward report patient --db`.
 */
import { randomUUID } from 'node:crypto';
import { ContextIndex } from '../context/index.js';
import type { Alert, WardEvent } from '../model/index.js';
import type { Store } from '../store/index.js';
import { citedAlerts, patientAccessReport, type PatientAccessReport } from './patient-access.js';

/** Rows read per store query (the store's largest page). */
const PAGE = 10_000;

/** Decision kind under which report requests are logged. */
export const REPORT_DECISION_KIND = 'report';

/** What to report on. */
export interface StoreReportRequest {
  patient: string;
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
  generatedBy: string;
  /** The live context index; default: built from the store's context records. */
  context?: ContextIndex;
  now?: number;
}

/** A context index of every context record in the store. */
export async function contextFromStore(store: Store): Promise<ContextIndex> {
  const ctx = new ContextIndex();
  for (const r of await store.loadContext()) ctx.add(r);
  return ctx;
}

/** The names a patient goes by in the sources: as asked, the canonical reference and its bare id. */
function patientKeys(ctx: ContextIndex, patient: string): string[] {
  const canonical = ctx.patientRef(patient);
  const keys = new Set([patient, canonical]);
  if (ctx.patient(patient) !== undefined) keys.add(canonical.slice(canonical.lastIndexOf('/') + 1));
  return [...keys];
}

async function eventsOf(store: Store, patient: string, from?: number, to?: number): Promise<WardEvent[]> {
  const out: WardEvent[] = [];
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  for (let offset = 0; ;) {
    const page = await store.searchEvents({ class: 'ehr_access', patient, ...range, limit: PAGE, offset });
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return out;
  }
}

async function alertsOf(store: Store, patient: string): Promise<Alert[]> {
  const out: Alert[] = [];
  for (let offset = 0; ;) {
    const page = await store.listAlerts({ patient, limit: PAGE, offset });
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return out;
  }
}

/** A report with the alerts its rows cite (for the HTML page's alert section). */
export interface StoreReport {
  report: PatientAccessReport;
  alerts: Alert[];
}

/** Build one patient's report from the store. */
export async function reportFromStore(store: Store, req: StoreReportRequest): Promise<StoreReport> {
  const context = req.context ?? (await contextFromStore(store));
  const events: WardEvent[] = [];
  const alerts: Alert[] = [];
  for (const key of patientKeys(context, req.patient)) {
    events.push(...(await eventsOf(store, key, req.from, req.to)));
    // Alerts are not cut to the period: one raised just after `to` can still cite an access inside it.
    alerts.push(...(await alertsOf(store, key)));
  }
  const report = patientAccessReport({
    patient: req.patient,
    events,
    alerts,
    context,
    generatedBy: req.generatedBy,
    ...(req.from !== undefined ? { from: req.from } : {}),
    ...(req.to !== undefined ? { to: req.to } : {}),
    ...(req.now !== undefined ? { now: req.now } : {}),
  });
  return { report, alerts: citedAlerts(report, alerts) };
}

/** Record in the decision log that `actor` generated this report (who, patient reference, when, format, period). */
export async function logReportAccess(
  store: Store,
  report: PatientAccessReport,
  actor: string,
  format: string,
): Promise<void> {
  const period = `${report.from ?? 'start'} to ${report.to ?? 'end'}`;
  await store.saveDecision({
    id: randomUUID(),
    kind: REPORT_DECISION_KIND,
    subject: report.patient,
    verdict: 'generated',
    actor,
    reason: `patient access report (${format}), ${period}`,
    time: Date.parse(report.generatedAt),
    data: {
      report: 'patient-access',
      format,
      ...(report.from !== undefined ? { from: report.from } : {}),
      ...(report.to !== undefined ? { to: report.to } : {}),
      rows: report.summary.accesses,
    },
  });
}
