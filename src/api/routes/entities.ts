/**
 * Entities: the risk of a user, host, IP, device or patient with the alerts that moved it, the riskiest entities,
 * an entity's timeline of events and alerts, and its baseline (usual hours and peers beside the last 24 h).
 * Identifiers travel in the query string (`?kind=user&id=DOMAIN\jdoe`), never in the path. Computed on request
 * from stored alerts and events, with the bounds of src/risk/risk-store.ts; see docs/risk.md.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEVERITIES } from '../../model/index.js';
import {
  ENTITY_KINDS,
  entityExists,
  entityTimeline,
  loadBaseline,
  loadEntityRisk,
  loadTopEntities,
} from '../../risk/index.js';
import type { EntityKind } from '../../risk/index.js';
import type { Store } from '../../store/index.js';
import { ANY_ROLE, principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { maskEvent, seesPatientNames } from '../mask.js';
import { BEARER, eventSchema, storedAlertSchema } from '../schemas.js';

/** A time bound: ISO 8601 with zone or epoch ms. */
const timeBound = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,15}$/, 'epoch ms')])
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)))
  .describe('ISO 8601 time with zone, e.g. 2026-03-04T10:15:00Z, or epoch ms');

const kindParam = z.enum(ENTITY_KINDS).describe('user, host, ip, device or patient');
const idParam = z
  .string()
  .min(1)
  .max(500)
  .describe('the identifier as sources write it (may contain / and \\)');
const atParam = timeBound
  .optional()
  .describe('score as of this time (default now): for replayed or old data');

const contributionSchema = z.object({
  alertId: z.string(),
  detector: z.string(),
  title: z.string(),
  time: z.string(),
  points: z.number().describe('points when the alert was raised: score × severity and category weight'),
  current: z.number().describe('points left now after decay (half-life 7 days)'),
});

const summarySchema = z.object({
  kind: kindParam,
  id: z.string(),
  score: z.number().describe('0-100: 100 × (1 − exp(−Σ current / 60))'),
  severity: z.enum(SEVERITIES),
  alerts: z.number().describe('alerts counted in the last 90 days (dismissed ones excluded)'),
  lastAlert: z.string().optional(),
});

const riskSchema = summarySchema.extend({
  contributions: z.array(contributionSchema).describe('newest first'),
  history: z
    .array(z.object({ day: z.string(), score: z.number() }))
    .describe('last 30 UTC days, oldest first'),
});

const timelineSchema = z.object({
  items: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('event'), time: z.string(), event: eventSchema }),
      z.object({ type: z.literal('alert'), time: z.string(), alert: storedAlertSchema, points: z.number() }),
    ]),
  ),
});

const baselineSchema = z.object({
  kind: kindParam,
  id: z.string(),
  days: z.number(),
  hours: z.array(z.number()).describe('168 means of events per hour of week, Monday 00:00 UTC first'),
  today: z.array(z.number()).describe('24 counts, the last 24 UTC hours, oldest first (last = current hour)'),
  usual: z.array(z.object({ field: z.string(), value: z.string(), share: z.number() })),
  new: z.array(z.object({ field: z.string(), value: z.string(), count: z.number() })),
});

const topQuery = z
  .object({
    kind: kindParam.optional().describe('one kind; absent: every kind'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    at: atParam,
  })
  .strict();
const riskQuery = z.object({ kind: kindParam, id: idParam, at: atParam }).strict();
const timelineQuery = z
  .object({
    kind: kindParam,
    id: idParam,
    from: timeBound.optional().describe('inclusive lower bound'),
    to: timeBound.optional().describe('exclusive upper bound'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
const baselineQuery = z
  .object({
    kind: kindParam,
    id: idParam,
    days: z.coerce.number().int().min(1).max(90).default(30),
    at: timeBound.optional().describe('end of the last 24 hours (default now): for replayed or old data'),
  })
  .strict();

async function mustExist(store: Store, kind: EntityKind, id: string): Promise<void> {
  if (!(await entityExists(store, kind, id))) {
    throw new ApiError('not_found', `no ${kind} ${id} in stored events or alerts`);
  }
}

/** Entity routes. */
export function entityRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const { store } = deps;
  /** The unit a patient was in at a time, from the live context index when the server has one. */
  const unitOf =
    deps.context === undefined
      ? undefined
      : (patient: string, time: number): string | undefined => {
          const stays = deps.context?.stays(patient) ?? [];
          const at = stays.find((s) => (s.start ?? -Infinity) <= time && time <= (s.end ?? Infinity));
          return at?.units[0];
        };
  const common = { tags: ['entities'], security: BEARER };

  return (app) => {
    app.get(
      '/api/entities/top',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...common,
          summary: 'The riskiest entities, score descending',
          querystring: topQuery,
          response: { 200: z.object({ items: z.array(summarySchema) }), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const { kind, limit, at } = req.query;
        return { items: await loadTopEntities(store, kind, at ?? Date.now(), limit) };
      },
    );

    app.get(
      '/api/entities/risk',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...common,
          summary: "An entity's risk score with each alert's contribution and 30 days of history",
          querystring: riskQuery,
          response: { 200: riskSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const { kind, id, at } = req.query;
        await mustExist(store, kind, id);
        return loadEntityRisk(store, kind, id, at ?? Date.now());
      },
    );

    app.get(
      '/api/entities/timeline',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...common,
          summary: 'Events and alerts of an entity, newest first',
          querystring: timelineQuery,
          response: { 200: timelineSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const { kind, id, from, to, limit } = req.query;
        if (from !== undefined && to !== undefined && from > to) {
          throw new ApiError('bad_request', 'from must not be later than to');
        }
        await mustExist(store, kind, id);
        const mask = !seesPatientNames(principalOf(req).role);
        const items = await entityTimeline(store, kind, id, limit, from, to);
        return {
          items: items.map((it) =>
            it.type === 'event'
              ? {
                  type: it.type,
                  time: new Date(it.time).toISOString(),
                  event: mask ? maskEvent(it.event) : it.event,
                }
              : { type: it.type, time: new Date(it.time).toISOString(), alert: it.alert, points: it.points },
          ),
        };
      },
    );

    app.get(
      '/api/entities/baseline',
      {
        config: { roles: ANY_ROLE },
        schema: {
          ...common,
          summary: "An entity's usual hours and values beside its last 24 hours",
          description:
            'Computed from the newest 50,000 stored events of the entity at most; when more exist the answer ' +
            'carries the header `X-Ward-Capped: 50000`.',
          querystring: baselineQuery,
          response: { 200: baselineSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { kind, id, days, at } = req.query;
        await mustExist(store, kind, id);
        const { baseline, events, capped } = await loadBaseline(
          store,
          kind,
          id,
          at ?? Date.now(),
          days,
          unitOf,
        );
        if (capped) void reply.header('X-Ward-Capped', String(events));
        return baseline;
      },
    );
    return Promise.resolve();
  };
}
