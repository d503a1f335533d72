/**
 * The one way detectors build alerts: severity always follows the score, evidence ids are de-duplicated,
 * capped and sorted, and the id is a deterministic hash so the same input gives the same alert ids.
 */
import { createHash } from 'node:crypto';
import { severityOf } from '../model/index.js';
import type { Alert, AlertCategory } from '../model/index.js';

/** Most evidence ids an alert carries; beyond this a reason says how many were left out. */
export const MAX_EVIDENCE = 1000;

/** What a detector knows about an alert; {@link makeAlert} derives the rest. */
export interface AlertInput {
  detector: string;
  category: AlertCategory;
  /** 0–100; rounded and clamped. Severity is derived from it. */
  score: number;
  title: string;
  reasons: string[];
  /** Identifiers as they appear in the source; empty values are dropped. */
  entities: Record<string, string | undefined>;
  /** Source record ids of the evidence, most important first (the first MAX_EVIDENCE are kept). */
  events: readonly string[];
  /** Evidence ids the detector already left out before this list (its own bounded memory); default 0. */
  omitted?: number;
  attack: string[];
  /** Event time (epoch ms) of the evidence that completed the detection. */
  time: number;
}

/** Compare two ids so that `f:9` sorts before `f:10` (digit runs compare as numbers). */
export function compareIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      let ie = i;
      let je = j;
      while (ie < a.length && a.charCodeAt(ie) >= 48 && a.charCodeAt(ie) <= 57) ie++;
      while (je < b.length && b.charCodeAt(je) >= 48 && b.charCodeAt(je) <= 57) je++;
      // Strip leading zeros, then the longer digit run is the larger number.
      let zi = i;
      let zj = j;
      while (zi < ie - 1 && a.charCodeAt(zi) === 48) zi++;
      while (zj < je - 1 && b.charCodeAt(zj) === 48) zj++;
      if (ie - zi !== je - zj) return ie - zi - (je - zj);
      for (let k = 0; k < ie - zi; k++) {
        const d = a.charCodeAt(zi + k) - b.charCodeAt(zj + k);
        if (d !== 0) return d;
      }
      if (ie - i !== je - j) return ie - i - (je - j);
      i = ie;
      j = je;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  return a.length - i - (b.length - j);
}

/** Short deterministic alert id: detector, entities and first evidence id, hashed. */
export function alertId(detector: string, entities: Record<string, string>, firstEvidence: string): string {
  const ent = Object.keys(entities)
    .sort()
    .map((k) => `${k}=${entities[k] ?? ''}`)
    .join('&');
  return createHash('sha256').update(`${detector}\n${ent}\n${firstEvidence}`).digest('hex').slice(0, 16);
}

/** Build a contract alert. Throws on a broken invariant (no evidence, no reasons): that is a detector bug. */
export function makeAlert(i: AlertInput): Alert {
  if (i.reasons.length === 0) throw new Error(`${i.detector}: alert without reasons`);
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const id of i.events) {
    if (seen.has(id)) continue;
    seen.add(id);
    if (kept.length < MAX_EVIDENCE) kept.push(id);
  }
  if (kept.length === 0) throw new Error(`${i.detector}: alert without evidence`);
  kept.sort(compareIds);
  const reasons = i.reasons.slice();
  const total = seen.size + (i.omitted ?? 0);
  if (total > kept.length) {
    reasons.push(
      `evidence list capped at ${kept.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`,
    );
  }
  const entities: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.entities)) if (v !== undefined && v !== '') entities[k] = v;
  const score = Math.min(100, Math.max(0, Math.round(i.score)));
  return {
    id: alertId(i.detector, entities, kept[0]!),
    time: new Date(i.time).toISOString(),
    detector: i.detector,
    category: i.category,
    severity: severityOf(score),
    score,
    title: i.title,
    reasons,
    entities,
    events: kept,
    attack: i.attack.slice(),
  };
}
