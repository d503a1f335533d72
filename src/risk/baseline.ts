/**
 * An entity's usual behaviour beside its last 24 hours, from its stored events: how many events it has in each
 * hour of the week, which addresses, hosts, devices, applications, peers and patient units it usually touches,
 * and which of those appear in the last 24 hours for the first time.
 *
 * Windows: "today" is the current UTC hour and the 23 before it (index 23 is the current, partial hour); the
 * baseline is the `days` whole days before that. `hours[i]` is the mean number of events in hour-of-week `i`
 * (Monday 00:00–01:00 UTC is 0, Sunday 23:00 is 167) over the baseline, i.e. events in that slot divided by how
 * many times the slot occurs in the window. Pure functions; risk-store.ts reads the events.
 */
import type { WardEvent } from '../model/index.js';
import type { EntityKind } from './entity.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Most usual values listed per field. */
export const USUAL_PER_FIELD = 5;
/** Most new values listed. */
export const MAX_NEW = 50;

/** Fields whose values make up "usual" and "new"; `patientUnit` is the unit the patient was in (from context). */
export const BASELINE_FIELDS = ['user', 'srcIp', 'host', 'device', 'dstIp', 'app', 'patientUnit'] as const;
export type BaselineField = (typeof BASELINE_FIELDS)[number];

/** The entity's own field, left out of its usual values (a user's usual user is itself). */
const OWN_FIELD: Readonly<Record<EntityKind, BaselineField | undefined>> = {
  user: 'user',
  host: 'host',
  ip: undefined,
  device: 'device',
  patient: undefined,
};

/** Usual behaviour and the last 24 h of one entity (the API's baseline answer). */
export interface Baseline {
  kind: EntityKind;
  id: string;
  days: number;
  /** Mean events per hour of the week over the baseline window, Monday 00:00 UTC first (168 values). */
  hours: number[];
  /** Events per hour of the last 24 h, oldest first; the last is the current hour. */
  today: number[];
  /** Values the entity usually has, by field, most common first: share of its baseline events with that value. */
  usual: { field: string; value: string; share: number }[];
  /** Values in the last 24 h never seen in the baseline window, most frequent first. */
  new: { field: string; value: string; count: number }[];
}

/** Time windows of a baseline at `now`. */
export function baselineWindows(now: number, days: number): { from: number; todayFrom: number; to: number } {
  const todayFrom = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  return { from: todayFrom - days * DAY_MS, todayFrom, to: now + 1 };
}

/** Hour of the week of a UTC time, Monday 00:00 = 0. */
export function hourOfWeek(t: number): number {
  const d = new Date(t);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

/**
 * Values of the baseline fields in one event. `unitOf` gives the unit(s) the event's patient was in at the
 * time, when context is loaded.
 */
function valuesOf(
  e: WardEvent,
  own: BaselineField | undefined,
  ownId: string,
  unitOf?: (patient: string, time: number) => string | undefined,
): [BaselineField, string][] {
  const out: [BaselineField, string][] = [];
  for (const f of BASELINE_FIELDS) {
    if (f === own) continue;
    let v: string | undefined;
    if (f === 'patientUnit')
      v = e.patient !== undefined && unitOf !== undefined ? unitOf(e.patient, e.time) : undefined;
    else v = e[f];
    // An IP's own address is not a usual peer of itself.
    if (v !== undefined && v !== '' && v !== ownId) out.push([f, v]);
  }
  return out;
}

/**
 * The baseline of an entity from its events (any order; those outside the windows are skipped). A record that
 * stands for several occurrences (`count`) counts that many times.
 */
export function computeBaseline(
  kind: EntityKind,
  id: string,
  events: readonly WardEvent[],
  now: number,
  days: number,
  unitOf?: (patient: string, time: number) => string | undefined,
): Baseline {
  const { from, todayFrom, to } = baselineWindows(now, days);
  const own = OWN_FIELD[kind];
  const slotCounts = new Array<number>(168).fill(0);
  const today = new Array<number>(24).fill(0);
  const seen = new Map<string, number>();
  const recent = new Map<string, number>();
  let baseTotal = 0;
  for (const e of events) {
    if (e.time < from || e.time >= to) continue;
    const n = e.count !== undefined && e.count > 0 ? e.count : 1;
    const inToday = e.time >= todayFrom;
    if (inToday) {
      const i = Math.floor((e.time - todayFrom) / HOUR_MS);
      if (i >= 0 && i < 24) today[i] = (today[i] ?? 0) + n;
    } else {
      const slot = hourOfWeek(e.time);
      slotCounts[slot] = (slotCounts[slot] ?? 0) + n;
      baseTotal += n;
    }
    const target = inToday ? recent : seen;
    for (const [f, v] of valuesOf(e, own, id, unitOf)) {
      const key = `${f}\u0000${v}`;
      target.set(key, (target.get(key) ?? 0) + n);
    }
  }
  // How many times each hour-of-week slot occurs in the baseline window (it starts on an hour boundary).
  const occurrences = new Array<number>(168).fill(0);
  for (let t = from; t < todayFrom; t += HOUR_MS) {
    const slot = hourOfWeek(t);
    occurrences[slot] = (occurrences[slot] ?? 0) + 1;
  }
  const hours = slotCounts.map((c, i) => {
    const k = occurrences[i] ?? 0;
    return k === 0 ? 0 : Math.round((c / k) * 100) / 100;
  });
  const split = (key: string): [string, string] => {
    const i = key.indexOf('\u0000');
    return [key.slice(0, i), key.slice(i + 1)];
  };
  const byField = new Map<string, { value: string; n: number }[]>();
  for (const [key, n] of seen) {
    const [field, value] = split(key);
    const list = byField.get(field) ?? [];
    list.push({ value, n });
    byField.set(field, list);
  }
  const usual: Baseline['usual'] = [];
  for (const field of BASELINE_FIELDS) {
    const list = byField.get(field);
    if (list === undefined) continue;
    list.sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : 1));
    for (const { value, n } of list.slice(0, USUAL_PER_FIELD)) {
      usual.push({ field, value, share: Math.round((n / baseTotal) * 1000) / 1000 });
    }
  }
  const fresh: Baseline['new'] = [];
  for (const [key, count] of recent) {
    if (seen.has(key)) continue;
    const [field, value] = split(key);
    fresh.push({ field, value, count });
  }
  fresh.sort(
    (a, b) =>
      b.count - a.count || (a.field < b.field ? -1 : a.field > b.field ? 1 : a.value < b.value ? -1 : 1),
  );
  return { kind, id, days, hours, today, usual, new: fresh.slice(0, MAX_NEW) };
}
