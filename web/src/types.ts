/** Shapes the console reads from the Ward API. Contract types come from src/model (type imports only). */
import type {
  Alert,
  AlertCategory,
  ContextKind,
  DeadLetter,
  EventClass,
  RejectReason,
  Severity,
  WardEvent,
} from '../../src/model/index.js';

export type { Alert, AlertCategory, ContextKind, DeadLetter, EventClass, RejectReason, Severity, WardEvent };

/** Triage states of an alert. */
export const STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof STATUSES)[number];

/** Verdicts an analyst can close an alert with. */
export const VERDICTS = ['true_positive', 'false_positive', 'benign', 'duplicate'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** An alert as the API returns it: the contract plus triage state. */
export interface StoredAlert extends Alert {
  status: AlertStatus;
  assignee?: string;
  verdict?: string;
  comment?: string;
  /** Last change, epoch ms. */
  updatedAt: number;
}

/** A dead letter as the API returns it: `raw` only for roles that may see PHI, its length always. */
export interface DeadLetterView extends Omit<DeadLetter, 'raw'> {
  raw?: string;
  rawLength: number;
}

/** One page of a list route. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Row counts by their main key, as `GET /api/summary` returns them. */
export interface Summary {
  /** Alerts by triage status, when the server reports it. */
  alertsByStatus?: Partial<Record<AlertStatus, number>>;
  events: Partial<Record<EventClass, number>>;
  deadLetters: Partial<Record<RejectReason, number>>;
  alerts: Partial<Record<AlertCategory, number>>;
  context: Partial<Record<ContextKind, number>>;
}

/** One triage action on an alert. */
export interface HistoryEntry {
  /** ISO time. */
  time: string;
  /** Name of the token that acted. */
  by: string;
  action: 'acknowledge' | 'assign' | 'close';
  assignee?: string;
  verdict?: string;
  comment?: string;
}

/** An alert with its evidence events and triage history (`GET /api/alerts/:id`). */
export interface AlertDetail {
  alert: StoredAlert;
  evidence: WardEvent[];
  /** Evidence ids not (or no longer) in the store. */
  missing: string[];
  history: HistoryEntry[];
}

/** Contract enumerations repeated as values: the console takes only types from src/model. */
export const CATEGORIES: readonly AlertCategory[] = [
  'ehr_privacy',
  'identity',
  'network',
  'device',
  'exfiltration',
  'threat_intel',
  'vulnerability',
  'compliance',
];
export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Verdicts of a privacy case decision. */
export const CASE_VERDICTS = ['legitimate', 'confirmed'] as const;
export type CaseVerdict = (typeof CASE_VERDICTS)[number];
/** States of a privacy case. */
export const CASE_STATUSES = ['open', 'legitimate', 'confirmed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A decision on a privacy case. */
export interface CaseDecision {
  verdict: CaseVerdict;
  /** Name of the token that decided. */
  actor: string;
  reason: string;
  /** ISO time. */
  time: string;
}

/** A privacy case (`GET /api/cases`): EHR privacy alerts of one user about one patient (no patient: bulk). */
export interface PrivacyCase {
  id: string;
  user: string;
  userName?: string;
  patient?: string;
  /** Initials unless the role sees patient data. */
  patientName?: string;
  score: number;
  severity: Severity;
  status: CaseStatus;
  detectors: string[];
  alerts: string[];
  suppressedAlerts: string[];
  firstSeen: string;
  lastSeen: string;
  accesses: number;
  reasons: string[];
  /** The same user's other cases. */
  history: { cases: number; confirmed: number; legitimate: number };
  decision?: CaseDecision;
}

/** One case with its alerts, decisions and the user's other cases (`GET /api/cases/one`). */
export interface CaseDetail extends PrivacyCase {
  alertDetails: StoredAlert[];
  decisions: CaseDecision[];
  otherCases: PrivacyCase[];
}

/** One access to a patient's record in the patient access report. */
export interface ReportRow {
  time: string;
  accessId: string;
  source: string;
  user: string;
  userName?: string;
  role?: string;
  department?: string;
  action?: string;
  resource?: string;
  purpose?: string;
  explained: boolean;
  explanation?: string;
  explanationKind?: string;
  alerts: string[];
  risk: number;
}

/** The patient access report (`GET /api/reports/patient-access`). */
export interface PatientReport {
  patient: string;
  patientName?: string;
  from?: string;
  to?: string;
  generatedAt: string;
  generatedBy: string;
  summary: { accesses: number; explained: number; users: number; flagged: number };
  rows: ReportRow[];
}

/** Kinds of entity with a risk score. */
export const RISK_KINDS = ['user', 'host', 'ip', 'device', 'patient'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** What one alert adds to an entity's risk. */
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

/** An entity's risk (`GET /api/entities/top` items lack contributions and history). */
export interface EntitySummary {
  kind: RiskKind;
  id: string;
  score: number;
  severity: Severity;
  alerts: number;
  lastAlert?: string;
}

/** An entity's risk with the alerts behind it and 30 days of history (`GET /api/entities/risk`). */
export interface EntityRisk extends EntitySummary {
  contributions: Contribution[];
  history: { day: string; score: number }[];
}

/** One item of an entity's timeline, newest first. */
export type TimelineItem =
  | { type: 'event'; time: string; event: WardEvent }
  | { type: 'alert'; time: string; alert: StoredAlert; points: number };

/** An entity's usual behaviour beside its last 24 hours (`GET /api/entities/baseline`). */
export interface Baseline {
  kind: RiskKind;
  id: string;
  days: number;
  /** Mean events per hour of the week, Monday 00:00 UTC first (168). */
  hours: number[];
  /** Events per hour of the last 24 UTC hours, oldest first; the last is the current hour. */
  today: number[];
  usual: { field: string; value: string; share: number }[];
  new: { field: string; value: string; count: number }[];
}

/** The `summary` message of the live stream. */
export interface StreamSummary {
  events: number;
  alerts: number;
  deadLetters: number;
  eventsPerSecond: number;
}
