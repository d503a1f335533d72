/**
 * The detector contract. A detector family is a plain object listed in registry.ts: it sees events in
 * event-time order, keeps keyed state per entity, emits alerts, and can snapshot and restore that state so a
 * restarted run continues where it stopped. It reads events and learned state only — never the store or HTTP.
 */
import type { Alert, AlertCategory, EventClass, WardEvent } from '../model/index.js';

/** Metadata kept next to a detector's code (STYLE.md "Naming and module shape"). */
export interface DetectorMeta {
  /** Detector id as in alerts, e.g. `auth.bruteforce`. */
  id: string;
  title: string;
  category: AlertCategory;
  attack: string[];
  /** Event classes it reads. */
  needs: EventClass[];
  /** How the score is set, in one sentence. */
  scorePolicy: string;
  falsePositives: string[];
  blindSpots: string[];
  maturity: 'experimental' | 'test' | 'stable';
}

/** Emits one alert. */
export type Emit = (alert: Alert) => void;

/** One detector family: handles events, may emit alerts of the ids it declares. */
export interface DetectorFamily {
  /** Family name, e.g. `login-failures`. */
  name: string;
  detectors: DetectorMeta[];
  /** One event, in event-time order. */
  handle(e: WardEvent, emit: Emit): void;
  /** Event time advanced to `now` (epoch ms): close windows that ended. Called often; keep it cheap. */
  advance(now: number, emit: Emit): void;
  /** End of input: emit what is still pending. */
  finish(emit: Emit): void;
  /** JSON-serializable state. */
  snapshot(): unknown;
  /** Replace state with a snapshot taken by `snapshot`. */
  restore(state: unknown): void;
}
