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
