/** HTTP client of the console: same origin as the API, bearer token kept in sessionStorage. */
import type {
  AlertDetail,
  Baseline,
  CaseDetail,
  CaseVerdict,
  EntityRisk,
  EntitySummary,
  Page,
  PatientReport,
  PrivacyCase,
  StoredAlert,
  Summary,
  TimelineItem,
  WardEvent,
} from './types.js';

const TOKEN_KEY = 'ward.token';

/** The token of this browser tab, if signed in. */
export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Keep the token for this tab only (sessionStorage: gone when the tab closes). */
export function setToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  notifyAuth();
}

/** Forget the token and go back to the login page. */
export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  notifyAuth();
}

const authListeners = new Set<() => void>();

/** Be told when the token is set or dropped (sign in, sign out, a 401). */
export function onAuthChange(listener: () => void): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

function notifyAuth(): void {
  for (const l of authListeners) l();
}

/** An error answer from the API, with its status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const changeListeners = new Set<() => void>();

/** Be told when this tab changed data (an alert acknowledged, assigned, closed), so views refetch at once. */
export function onDataChange(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Headers of an API call: the bearer token and what the caller accepts. */
export function authHeaders(accept = 'application/json'): Record<string, string> {
  const headers: Record<string, string> = { accept };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** The token was refused: drop it (back to login). */
export function tokenRefused(): ApiError {
  sessionStorage.removeItem(TOKEN_KEY);
  notifyAuth();
  return new ApiError(401, 'The token was refused; sign in again.');
}

/** Call the API; a 401 drops the token (back to login), any other failure throws an ApiError. */
export async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers = authHeaders();
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (res.status === 401) throw tokenRefused();
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorMessage(text, res.status));
  if (init.method && init.method !== 'GET') dataChanged();
  return (text ? JSON.parse(text) : null) as T;
}

/** Tell every view that data changed (an action here, or news from the live stream). */
export function dataChanged(): void {
  for (const l of changeListeners) l();
}

/** Fetch a file the API makes (CSV, HTML) with the bearer header and hand it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { headers: authHeaders('*/*') });
  if (res.status === 401) throw tokenRefused();
  if (!res.ok) throw new ApiError(res.status, errorMessage(await res.text(), res.status));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function errorMessage(text: string, status: number): string {
  try {
    // The API answers `{ "error": { "code", "message" } }`.
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === 'object' && typeof body.error.message === 'string') return body.error.message;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return `The server answered ${status}.`;
}

/** Largest page the API serves. */
export const MAX_PAGE = 1000;

/** Build a query string from the set values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Counters by class, reason, category and kind. */
export async function getSummary(): Promise<Summary> {
  const body = await request<Summary | { counts: Summary }>('/api/summary');
  const counts = 'counts' in body ? body.counts : body;
  return {
    ...(counts.alertsByStatus ? { alertsByStatus: counts.alertsByStatus } : {}),
    events: counts.events ?? {},
    deadLetters: counts.deadLetters ?? {},
    alerts: counts.alerts ?? {},
    context: counts.context ?? {},
  };
}

/** Filters of the alert list. */
export interface AlertFilter {
  category?: string;
  severity?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

/** A page of alerts, newest first. */
export function listAlerts(filter: AlertFilter): Promise<Page<StoredAlert>> {
  return request<Page<StoredAlert>>(`/api/alerts${query({ ...filter })}`);
}

/** One alert with its evidence events and triage history. */
export async function getAlert(id: string): Promise<AlertDetail> {
  const body = await request<Partial<AlertDetail> & { alert: StoredAlert }>(
    `/api/alerts/${encodeURIComponent(id)}`,
  );
  return {
    alert: body.alert,
    evidence: body.evidence ?? [],
    missing: body.missing ?? [],
    history: body.history ?? [],
  };
}

/** Filters of the event search. */
export interface EventFilter {
  class?: string;
  user?: string;
  srcIp?: string;
  text?: string;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
}

/** A page of events in time order. */
export function searchEvents(filter: EventFilter): Promise<Page<WardEvent>> {
  return request<Page<WardEvent>>(`/api/events${query({ ...filter })}`);
}

/** Filters of the case list. */
export interface CaseFilter {
  status?: string;
  user?: string;
  patient?: string;
  minScore?: number;
  limit?: number;
  offset?: number;
}

/** Privacy cases, highest score first. */
export function listCases(filter: CaseFilter): Promise<Page<PrivacyCase>> {
  return request<Page<PrivacyCase>>(`/api/cases${query({ ...filter })}`);
}

/** One case with its alerts, decisions and the user's other cases. */
export function getCase(id: string): Promise<CaseDetail> {
  return request<CaseDetail>(`/api/cases/one${query({ id })}`);
}

/** Decide a case: legitimate or confirmed, with the reason. */
export function decideCase(id: string, verdict: CaseVerdict, reason: string): Promise<PrivacyCase> {
  return request<PrivacyCase>('/api/cases/decision', { method: 'POST', body: { id, verdict, reason } });
}

/** Who the token belongs to and what its role may do (`GET /api/me`). */
export interface Me {
  name: string;
  role: string;
  may: { decideCases: boolean; seePatientNames: boolean; readReports: boolean };
}

let deciding: Promise<boolean> | undefined;

/** Whether this token may decide privacy cases (asked once per token). */
export function mayDecideCases(): Promise<boolean> {
  deciding ??= request<Me>('/api/me').then(
    (me) => me.may.decideCases,
    () => false,
  );
  return deciding;
}

onAuthChange(() => {
  deciding = undefined;
});

/** Period and patient of a patient access report. */
export interface ReportQuery {
  patient: string;
  /** ISO times. */
  from?: string;
  to?: string;
}

/** The address of a patient access report in a format. */
export function reportPath(q: ReportQuery, format: 'json' | 'csv' | 'html'): string {
  return `/api/reports/patient-access${query({ patient: q.patient, from: q.from, to: q.to, format })}`;
}

/** Every access to one patient's record, explained. Each call is logged as an access to PHI: never poll it. */
export function getPatientReport(q: ReportQuery): Promise<PatientReport> {
  return request<PatientReport>(reportPath(q, 'json'));
}

/** The riskiest entities, of one kind or all. */
export async function topEntities(kind?: string, limit = 20): Promise<EntitySummary[]> {
  return (await request<{ items: EntitySummary[] }>(`/api/entities/top${query({ kind, limit })}`)).items;
}

/** An entity's risk with its contributions and 30-day history; `at` scores it as of that ISO time. */
export function getEntityRisk(kind: string, id: string, at?: string): Promise<EntityRisk> {
  return request<EntityRisk>(`/api/entities/risk${query({ kind, id, at })}`);
}

/** An entity's events and alerts, newest first. */
export async function getEntityTimeline(kind: string, id: string, limit = 200): Promise<TimelineItem[]> {
  return (await request<{ items: TimelineItem[] }>(`/api/entities/timeline${query({ kind, id, limit })}`))
    .items;
}

/** An entity's usual hours and values beside its last 24 hours (before `at`, an ISO time, when given). */
export function getBaseline(kind: string, id: string, at?: string, days = 30): Promise<Baseline> {
  return request<Baseline>(`/api/entities/baseline${query({ kind, id, days, at })}`);
}
