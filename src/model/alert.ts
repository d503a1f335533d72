/** The alert contract (DESIGN.md "Alert contract"): one JSON object per line, read by other tools. */
import { z } from 'zod';

export const ALERT_CATEGORIES = [
  'ehr_privacy',
  'identity',
  'network',
  'device',
  'exfiltration',
  'threat_intel',
  'vulnerability',
  'compliance',
] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** An alert exactly as written to alerts.jsonl. */
export interface Alert {
  id: string;
  /** ISO 8601 UTC time of the evidence that completed the detection. */
  time: string;
  detector: string;
  category: AlertCategory;
  severity: Severity;
  score: number;
  title: string;
  reasons: string[];
  entities: Record<string, string>;
  events: string[];
  attack: string[];
}

/** Severity bands of the 0–100 score; one place so severity always matches score. */
export function severityOf(score: number): Severity {
  if (score >= 90) return 'critical';
  if (score >= 70) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

/**
 * Combine the scores (0–100) of independent signals about one thing into one score: the chance that at least
 * one of them is right, reading each score as a probability (noisy-OR). Two 60s make 84; one signal alone keeps
 * its score; nothing gives 0. Used for the risk of one access, a privacy case and an entity.
 */
export function combineScores(scores: Iterable<number>): number {
  let miss = 1;
  for (const s of scores) miss *= 1 - Math.min(100, Math.max(0, s)) / 100;
  return Math.round((1 - miss) * 1000) / 10;
}

/** ATT&CK technique id: T1234 or T1234.001 (Enterprise) and T0800-range (ICS). */
export const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;

/** zod schema of the contract, used at the API boundary and in contract tests. */
export const alertSchema = z
  .object({
    id: z.string().min(1),
    time: z.iso.datetime(),
    detector: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
    category: z.enum(ALERT_CATEGORIES),
    severity: z.enum(SEVERITIES),
    score: z.number().min(0).max(100),
    title: z.string().min(1),
    reasons: z.array(z.string().min(1)).min(1),
    entities: z.record(z.string(), z.string()),
    events: z.array(z.string()).min(1),
    attack: z.array(z.string().regex(ATTACK_ID)),
  })
  .strict();
