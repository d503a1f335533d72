/** HTTP client of the console: same origin as the API, bearer token kept in sessionStorage. */
import type { AlertDetail, Page, StoredAlert, Summary, WardEvent } from './types.js';

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

/** Call the API; a 401 drops the token (back to login), any other failure throws an ApiError. */
export async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    notifyAuth();
    throw new ApiError(401, 'The token was refused; sign in again.');
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorMessage(text, res.status));
  if (init.method && init.method !== 'GET') for (const l of changeListeners) l();
  return (text ? JSON.parse(text) : null) as T;
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
