/**
 * Entity kinds and where they appear. An alert names its entities under keys (`entities.user`, `entities.srcIp`
 * …) and an event in fields; this file is the one mapping between a kind the console asks about and those keys.
 *
 * Alert keys the detectors write today (src/detect): `user`, `patient`, `host`, `srcIp`, `dstIp`, `srcHost` (a
 * Windows workstation name given as the source of a logon), plus `actor`, `group` and `previousIp`, which are
 * context rather than the subject and do not count: `actor` is who made an account or group change (the alert is
 * about the account), `group` is a directory group, `previousIp` the earlier address of impossible travel.
 */
import type { EventQuery } from '../store/index.js';

/** Kinds of entity that carry a risk score. */
export const ENTITY_KINDS = ['user', 'host', 'ip', 'device', 'patient'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Alert entity keys that name an entity of each kind. */
export const ALERT_KEYS: Readonly<Record<EntityKind, readonly string[]>> = {
  user: ['user'],
  host: ['host', 'srcHost'],
  ip: ['srcIp', 'dstIp'],
  device: ['device'],
  patient: ['patient'],
};

/** Event fields (and store filters) that name an entity of each kind. */
export type EntityField = 'user' | 'host' | 'srcIp' | 'dstIp' | 'device' | 'patient';

/** Event fields that name an entity of each kind; an IP is found as source or destination. */
export const EVENT_FIELDS: Readonly<Record<EntityKind, readonly EntityField[]>> = {
  user: ['user'],
  host: ['host'],
  ip: ['srcIp', 'dstIp'],
  device: ['device'],
  patient: ['patient'],
};

/** Whether a string is an entity kind. */
export function isEntityKind(s: string): s is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(s);
}

/** Whether an alert names `id` as an entity of `kind`. */
export function alertNames(
  entities: Readonly<Record<string, string>>,
  kind: EntityKind,
  id: string,
): boolean {
  return ALERT_KEYS[kind].some((k) => entities[k] === id);
}

/** The distinct ids of `kind` an alert names (an IP may be both source and destination: counted once). */
export function idsOf(entities: Readonly<Record<string, string>>, kind: EntityKind): string[] {
  const out: string[] = [];
  for (const k of ALERT_KEYS[kind]) {
    const v = entities[k];
    if (v !== undefined && v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** The store event filter for one field of an entity. */
export function eventFilter(field: EntityField, id: string): EventQuery {
  return { [field]: id };
}
