/** zod schemas of the API's query strings and answers, shared by the route files and the OpenAPI document. */
import { z } from 'zod';
import {
  ALERT_CATEGORIES,
  CONTEXT_KINDS,
  EVENT_CLASSES,
  REJECT_REASONS,
  SEVERITIES,
} from '../model/index.js';
import type { ContextRecord, WardEvent } from '../model/index.js';
import { ALERT_STATUSES } from '../store/index.js';

/** Largest page the API serves. */
export const API_MAX_LIMIT = 1000;

/** `limit` and `offset` query parameters. */
export const pagingQuery = {
  limit: z.coerce.number().int().min(0).max(API_MAX_LIMIT).default(100).describe(`rows, 0-${API_MAX_LIMIT}`),
  offset: z.coerce.number().int().min(0).max(1e9).default(0).describe('rows to skip'),
};

/** One page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ total: z.number().describe('rows matching the filters'), items: z.array(item) });
}

/**
 * A normalized event (see the Event model); fields a source does not give are absent. Typed as the model so
 * routes return store rows as they are; the loose object passes every field through.
 */
export const eventSchema = z.looseObject({
  id: z.string(),
  source: z.string(),
  format: z.string(),
  class: z.enum(EVENT_CLASSES),
  time: z.number().describe('event time, epoch ms UTC'),
  outcome: z.enum(['success', 'failure', 'unknown']),
  user: z.string().optional(),
  userName: z.string().optional(),
  srcIp: z.string().optional(),
  dstIp: z.string().optional(),
  host: z.string().optional(),
  device: z.string().optional(),
  patient: z.string().optional(),
  resource: z.string().optional(),
  action: z.string().optional(),
  purpose: z.string().optional(),
  message: z.string().optional(),
}) as unknown as z.ZodType<WardEvent>;

/** An alert as stored: the alert contract plus triage state. */
export const storedAlertSchema = z.object({
  id: z.string(),
  time: z.string(),
  detector: z.string(),
  category: z.enum(ALERT_CATEGORIES),
  severity: z.enum(SEVERITIES),
  score: z.number(),
  title: z.string(),
  reasons: z.array(z.string()),
  entities: z.record(z.string(), z.string()),
  events: z.array(z.string()),
  attack: z.array(z.string()),
  status: z.enum(ALERT_STATUSES),
  assignee: z.string().optional(),
  verdict: z.string().optional(),
  comment: z.string().optional(),
  updatedAt: z.number().describe('last change, epoch ms'),
});

/** A dead letter; `raw` only for roles that may see record contents. */
export const deadLetterSchema = z.object({
  source: z.string(),
  format: z.string(),
  position: z.string(),
  reason: z.enum(REJECT_REASONS),
  detail: z.string(),
  raw: z.string().optional(),
  rawLength: z.number().describe('length of the raw text in characters'),
  time: z.number().describe('rejection time, epoch ms'),
});

/** A context record (FHIR-shaped essentials); patient names are initials unless the role may see them. */
export const contextSchema = z.looseObject({
  kind: z.enum(CONTEXT_KINDS),
  ref: z.string(),
  source: z.string(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  identifiers: z.array(z.string()).optional(),
}) as unknown as z.ZodType<ContextRecord>;

/** Row counts by class, reason, category and kind. */
export const countsSchema = z.object({
  events: z.record(z.string(), z.number()),
  deadLetters: z.record(z.string(), z.number()),
  alerts: z.record(z.string(), z.number()),
  context: z.record(z.string(), z.number()),
});

/** OpenAPI security requirement of token-protected routes. */
export const BEARER = [{ bearerAuth: [] }];
