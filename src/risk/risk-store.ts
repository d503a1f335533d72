/**
 * The bounded store reads behind entity risk, timelines and baselines. Risk is computed on request from stored
 * alerts, never kept: at most {@link MAX_ALERTS} alerts of the last {@link RISK_WINDOW_DAYS} days are read (the
 * newest, when there are more), and at most {@link MAX_BASELINE_EVENTS} events for a baseline (again the newest).
 */
import type { WardEvent } from '../model/index.js';
import { MAX_LIMIT } from '../store/index.js';
import type { Store, StoredAlert } from '../store/index.js';
import { computeBaseline, baselineWindows } from './baseline.js';
import type { Baseline } from './baseline.js';
import { ALERT_KEYS, ENTITY_KINDS, EVENT_FIELDS, alertNames, eventFilter } from './entity.js';
import type { EntityKind } from './entity.js';
import { entityRisk, pointsOf, topEntities } from './score.js';
import type { EntityRisk, EntityRiskSummary, RiskOptions } from './score.js';

/** Days of alerts read for a risk score; older alerts have decayed below a 1/6000 share anyway. */
export const RISK_WINDOW_DAYS = 90;
/** Most alerts read for one request. */
export const MAX_ALERTS = MAX_LIMIT;
/** Most events read for one baseline. */
export const MAX_BASELINE_EVENTS = 50_000;
const DAY_MS = 86_400_000;

/** Alerts of the risk window before `now`, newest first, at most {@link MAX_ALERTS}; of one entity when given. */
export async function riskAlerts(
  store: Store,
  now: number,
  entity?: { kind: EntityKind; id: string },
): Promise<StoredAlert[]> {
  const page = await store.listAlerts({
    from: now - RISK_WINDOW_DAYS * DAY_MS,
    to: now + 1,
    limit: MAX_ALERTS,
    ...(entity !== undefined ? { entity: entity.id } : {}),
  });
  // `entity` matches any key; keep the alerts that name the id as this kind (a host called like a user …).
  return entity === undefined
    ? page.items
    : page.items.filter((a) => alertNames(a.entities, entity.kind, entity.id));
}

/** Whether the store knows the entity at all: any alert naming it as this kind, or any event with it. */
export async function entityExists(store: Store, kind: EntityKind, id: string): Promise<boolean> {
  for (const field of EVENT_FIELDS[kind]) {
    if ((await store.searchEvents({ ...eventFilter(field, id), limit: 0 })).total > 0) return true;
  }
  // An alert may name an entity no stored event carries (evidence outside the store); look at a bounded page.
  const page = await store.listAlerts({ entity: id, limit: 1000 });
  return page.items.some((a) => ALERT_KEYS[kind].some((k) => a.entities[k] === id));
}

/** Risk of one entity at `now`. */
export async function loadEntityRisk(
  store: Store,
  kind: EntityKind,
  id: string,
  now: number,
  options?: RiskOptions,
): Promise<EntityRisk> {
  return entityRisk(kind, id, await riskAlerts(store, now, { kind, id }), now, options);
}

/** The riskiest entities of one kind (or all) at `now`. */
export async function loadTopEntities(
  store: Store,
  kind: EntityKind | undefined,
  now: number,
  limit: number,
  options?: RiskOptions,
): Promise<EntityRiskSummary[]> {
  return topEntities(
    kind === undefined ? ENTITY_KINDS : [kind],
    await riskAlerts(store, now),
    now,
    limit,
    options,
  );
}

/** The newest `limit` events of an entity in [from, to), newest first (an IP as source or destination). */
export async function newestEvents(
  store: Store,
  kind: EntityKind,
  id: string,
  limit: number,
  from?: number,
  to?: number,
): Promise<WardEvent[]> {
  const out: WardEvent[] = [];
  const seen = new Set<string>();
  for (const field of EVENT_FIELDS[kind]) {
    const q = {
      ...eventFilter(field, id),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
    // Events come in time order: count them, then read the last pages.
    const { total } = await store.searchEvents({ ...q, limit: 0 });
    let offset = Math.max(0, total - limit);
    while (offset < total) {
      const page = await store.searchEvents({ ...q, offset, limit: Math.min(MAX_LIMIT, total - offset) });
      if (page.items.length === 0) break;
      for (const e of page.items) {
        // An event whose source and destination are both this IP is found twice.
        const key = `${e.source}\u0000${e.id}\u0000${e.time}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(e);
      }
      offset += page.items.length;
    }
  }
  out.sort((a, b) => b.time - a.time);
  return out.slice(0, limit);
}

/** One row of an entity timeline: an event it took part in or an alert that named it. */
export type TimelineItem =
  | { type: 'event'; time: number; event: WardEvent }
  | { type: 'alert'; time: number; alert: StoredAlert; points: number };

/** Events and alerts of an entity in [from, to), newest first, at most `limit` in all. */
export async function entityTimeline(
  store: Store,
  kind: EntityKind,
  id: string,
  limit: number,
  from?: number,
  to?: number,
): Promise<TimelineItem[]> {
  const events = await newestEvents(store, kind, id, limit, from, to);
  const alerts = await store.listAlerts({
    entity: id,
    limit,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
  const items: TimelineItem[] = events.map((event) => ({ type: 'event', time: event.time, event }));
  for (const alert of alerts.items) {
    if (!alertNames(alert.entities, kind, id)) continue;
    const t = Date.parse(alert.time);
    items.push({ type: 'alert', time: t, alert, points: Math.round(pointsOf(alert) * 10) / 10 });
  }
  // Newest first; at the same instant the alert goes first (it was raised on that event).
  items.sort((a, b) => b.time - a.time || (a.type === b.type ? 0 : a.type === 'alert' ? -1 : 1));
  return items.slice(0, limit);
}

/** A baseline and whether its events were capped at {@link MAX_BASELINE_EVENTS} (the newest kept). */
export async function loadBaseline(
  store: Store,
  kind: EntityKind,
  id: string,
  now: number,
  days: number,
  unitOf?: (patient: string, time: number) => string | undefined,
): Promise<{ baseline: Baseline; events: number; capped: boolean }> {
  const { from, to } = baselineWindows(now, days);
  let capped = false;
  for (const field of EVENT_FIELDS[kind]) {
    const { total } = await store.searchEvents({ ...eventFilter(field, id), from, to, limit: 0 });
    if (total > MAX_BASELINE_EVENTS) capped = true;
  }
  const events = await newestEvents(store, kind, id, MAX_BASELINE_EVENTS, from, to);
  return { baseline: computeBaseline(kind, id, events, now, days, unitOf), events: events.length, capped };
}
