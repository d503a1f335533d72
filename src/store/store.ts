/**
 * The store contract: what the pipeline, API and CLI may ask of persistent storage. It names no engine; the
 * embedded DuckDB store implements it today and a PostgreSQL store can later, checked by the same contract
 * tests (store.test.ts). See README.md in this folder for the duplicate and ordering policy.
 */
import type {
  Alert,
  AlertCategory,
  ContextKind,
  ContextRecord,
  DeadLetter,
  EventClass,
  RejectReason,
  Severity,
  WardEvent,
} from '../model/index.js';

/** Triage states of an alert, set through the API. New alerts are `open`. */
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert as stored: the contract fields plus triage state. */
export interface StoredAlert extends Alert {
  status: AlertStatus;
  assignee?: string;
  /** Analyst's conclusion, e.g. `true_positive`, `false_positive`, `benign`. */
  verdict?: string;
  comment?: string;
  /** Last change of the stored row, epoch ms. */
  updatedAt: number;
}

/** A triage change. A key set to `null` clears that field; an absent key leaves it as it is. */
export interface AlertUpdate {
  status?: AlertStatus;
  assignee?: string | null;
  verdict?: string | null;
  comment?: string | null;
}

/** Paging of list queries. */
export interface Paging {
  /** Rows to return, 0–{@link MAX_LIMIT}; default {@link DEFAULT_LIMIT}. */
  limit?: number;
  /** Rows to skip; default 0. */
  offset?: number;
}

/** Filters of {@link Store.listAlerts}. Results are newest first. */
export interface AlertQuery extends Paging {
  category?: AlertCategory;
  severity?: Severity;
  status?: AlertStatus;
  detector?: string;
  /** Exact `entities.user`. */
  user?: string;
  /** Exact `entities.patient`. */
  patient?: string;
  /** Exact value of any entity (user, patient, srcIp, host, device …). */
  entity?: string;
  /** Inclusive lower bound of alert time, epoch ms. */
  from?: number;
  /** Exclusive upper bound of alert time, epoch ms. */
  to?: number;
  /** Only alerts written or changed at or after this wall-clock time (`updatedAt`), epoch ms. */
  updatedSince?: number;
}

/** Triage state an alert is stored with when it is written (default: open, nothing else set). */
export interface AlertTriage {
  status: AlertStatus;
  verdict?: string;
  comment?: string;
}

/**
 * A person's decision about something Ward raised (a privacy case marked legitimate or confirmed …), kept with
 * who decided, when and why. Decisions are never overwritten: a later decision on the same subject wins.
 */
export interface Decision {
  /** Unique id of this decision. */
  id: string;
  /** What was decided on, e.g. `case`. */
  kind: string;
  /** Key of the subject within its kind, e.g. a case id. */
  subject: string;
  /** The conclusion, e.g. `legitimate`, `confirmed`. */
  verdict: string;
  /** Token name of the person who decided. */
  actor: string;
  /** Their reason, in their words. */
  reason: string;
  /** When, epoch ms. */
  time: number;
  /** Extra JSON-serializable detail (scope of a suppression …). */
  data?: unknown;
}

/** Filters of {@link Store.listDecisions}. Results are oldest first. */
export interface DecisionQuery extends Paging {
  kind?: string;
  subject?: string;
}

/** Filters of {@link Store.listDeadLetters}. Results are in rejection-time order, then write order. */
export interface DeadLetterQuery extends Paging {
  reason?: RejectReason;
}

/** Filters of {@link Store.searchEvents}. Results are in event-time order, then write order. */
export interface EventQuery extends Paging {
  class?: EventClass;
  /** Exact actor identity as the source names it. */
  user?: string;
  /** Exact source IP. */
  srcIp?: string;
  /** Exact destination IP. */
  dstIp?: string;
  /** Exact patient as the source names it. */
  patient?: string;
  /** Exact host name. */
  host?: string;
  /** Exact device id. */
  device?: string;
  /** Case-insensitive substring of id, user, user name, host, device, patient, resource, action, app or message. */
  text?: string;
  /** Inclusive lower bound of event time, epoch ms. */
  from?: number;
  /** Exclusive upper bound of event time, epoch ms. */
  to?: number;
}

/** One page of a list query; `total` counts every row the filters match. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Row counts by their main key; keys with no rows are absent. */
export interface StoreCounts {
  events: Partial<Record<EventClass, number>>;
  deadLetters: Partial<Record<RejectReason, number>>;
  alerts: Partial<Record<AlertCategory, number>>;
  context: Partial<Record<ContextKind, number>>;
}

/** An API token as stored: its name, role and the SHA-256 hash of its text (the text itself is never kept). */
export interface StoredToken {
  /** Unique name of the person or integration holding it; recorded as the actor of alert changes. */
  name: string;
  /** Role name, checked by the API (admin, analyst, privacy_officer, read_only). */
  role: string;
  /** SHA-256 of the token text, lowercase hex. */
  hash: string;
  /** Creation time, epoch ms. */
  created: number;
  /** Last successful use, epoch ms (updated at most about once a minute). */
  lastUsed?: number;
  /** Revocation time, epoch ms; a revoked token is refused. */
  revoked?: number;
}

/** A stored event with its ingest sequence number. */
export interface SeqEvent {
  seq: number;
  event: WardEvent;
}

/** Options of a writer. */
export interface WriterOptions {
  /** Run that produced the rows (one `ward analyze`, one live session); kept with every appended row. */
  runId?: string;
  /**
   * This writer continues a stopped run with the same `runId` (`ward analyze --resume`), which replays its
   * input from the last checkpoint in the same order: rows that run already stored (the context it read first,
   * what it wrote after its checkpoint) are skipped, so each is stored once. A row is already stored when the
   * run holds one with the same identity: events (source, id), dead letters (source, position, reason,
   * detail), context records their whole content, alerts their id. A table stops being checked at the first
   * flush that brings it a new row: the replay is over and everything after it is new.
   */
  resume?: boolean;
}

/**
 * Buffers rows in memory and writes them in one batch on `flush`. `add*` are synchronous and cheap so they can
 * sit on the hot path; the caller bounds memory by flushing when `pending` reaches its batch size. The writer
 * keeps references to the objects it is given until they are flushed: do not mutate them in the meantime.
 * `add*` throw a TypeError for a record that breaks the model's invariants (a bug in its producer, not bad input).
 */
export interface StoreWriter {
  addEvent(e: WardEvent): void;
  addContext(c: ContextRecord): void;
  addDeadLetter(d: DeadLetter): void;
  /** A new alert; stored as `open` unless a triage state is given (an alert a decision suppresses …). */
  addAlert(a: Alert, triage?: AlertTriage): void;
  /** Rows buffered and not yet written. */
  readonly pending: number;
  /** Write every buffered row in one transaction. On failure nothing is written and the rows stay buffered. */
  flush(): Promise<void>;
}

/**
 * Persistent storage of events, context, alerts, dead letters and checkpoints. Reads see flushed rows only.
 * Duplicates: events are identified by (source, id) but the store does not enforce it — writing the same input
 * twice keeps both copies (tell them apart by run); readers that need one row per identity deduplicate.
 */
export interface Store {
  /** A new writer. Rows still buffered in any writer are flushed by `close` and `saveCheckpoint`. */
  writer(options?: WriterOptions): StoreWriter;
  /**
   * Save JSON-serializable `data` under `key`, replacing what was there; `undefined` deletes it. Rows buffered in
   * this store's writers are written in the same transaction, so a checkpoint never claims progress whose rows
   * are not stored.
   */
  saveCheckpoint(key: string, data: unknown): Promise<void>;
  /** The data last saved under `key`, or undefined. */
  loadCheckpoint(key: string): Promise<unknown>;
  counts(): Promise<StoreCounts>;
  listAlerts(query?: AlertQuery): Promise<Page<StoredAlert>>;
  /** The alert with this id (the latest written, should an id repeat), or undefined. */
  getAlert(id: string): Promise<StoredAlert | undefined>;
  /** Apply a triage change to the alert with this id; false when there is none. */
  updateAlert(id: string, update: AlertUpdate): Promise<boolean>;
  listDeadLetters(query?: DeadLetterQuery): Promise<Page<DeadLetter>>;
  /** Events matching every given filter, rebuilt exactly as written (absent fields stay absent). */
  searchEvents(query?: EventQuery): Promise<Page<WardEvent>>;
  /**
   * Highest ingest sequence number stored, 0 when none. The store numbers events 1, 2, 3 … in write order (a
   * batch commits consecutive numbers), so `eventsAfter(maxSeq())` finds what later writes add.
   */
  maxSeq(): Promise<number>;
  /** Up to `limit` (≤ {@link MAX_LIMIT}) events with a sequence number above `seq`, in sequence order. */
  eventsAfter(seq: number, limit: number): Promise<SeqEvent[]>;
  /**
   * Which of these events (by id) are already stored as events of `source`: the live pipeline's duplicate
   * check. A resend parses to the same time, so only stored events within the given times are looked at.
   */
  seenEvents(source: string, events: readonly { id: string; time: number }[]): Promise<Set<string>>;
  /** All context records, or those of one kind, in write order. */
  loadContext(kind?: ContextKind): Promise<ContextRecord[]>;
  /** Record a decision (append-only). */
  saveDecision(d: Decision): Promise<void>;
  /** Decisions matching the filters, oldest first. */
  listDecisions(query?: DecisionQuery): Promise<Page<Decision>>;
  /** Insert an API token, or replace the one with the same name. */
  saveToken(token: StoredToken): Promise<void>;
  /** The API token with this hash, or undefined. */
  findTokenByHash(hash: string): Promise<StoredToken | undefined>;
  /** Every API token, revoked ones included, oldest first. */
  listTokens(): Promise<StoredToken[]>;
  /** Revoke the named API token; false when there is no unrevoked token of that name. */
  revokeToken(name: string): Promise<boolean>;
  /**
   * Flush every writer, then release the database so it can be opened again. Should that last flush fail, the
   * database is still released and the error thrown: the rows it held are lost.
   */
  close(): Promise<void>;
}

/** Page size when a query gives none. */
export const DEFAULT_LIMIT = 100;
/** Largest page a query may ask for. */
export const MAX_LIMIT = 10_000;

/** Resolve and check the paging of a query; a bad value is a caller bug. */
export function pageOf(q: Paging): { limit: number; offset: number } {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 0 to ${MAX_LIMIT}, got ${limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new RangeError(`offset must be a non-negative integer, got ${offset}`);
  }
  return { limit, offset };
}
