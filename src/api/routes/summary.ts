/** `GET /api/summary`: row counts for the console overview (events by class, alerts by category and status …). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_STATUSES } from '../../store/index.js';
import { ANY_ROLE } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import { BEARER, countsSchema } from '../schemas.js';

const summarySchema = countsSchema.extend({
  alertsByStatus: z.record(z.enum(ALERT_STATUSES), z.number()),
  totals: z.object({ events: z.number(), deadLetters: z.number(), alerts: z.number(), context: z.number() }),
});

const sum = (r: Partial<Record<string, number>>): number =>
  Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);

/** Summary route. */
export function summaryRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/summary',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['summary'],
          summary: 'Counts of stored events, dead letters, alerts and context',
          security: BEARER,
          response: { 200: summarySchema, ...errorResponses(401, 403) },
        },
      },
      async () => {
        const counts = await deps.store.counts();
        const byStatus = {} as Record<(typeof ALERT_STATUSES)[number], number>;
        for (const status of ALERT_STATUSES) {
          byStatus[status] = (await deps.store.listAlerts({ status, limit: 0 })).total;
        }
        return {
          ...counts,
          alertsByStatus: byStatus,
          totals: {
            events: sum(counts.events),
            deadLetters: sum(counts.deadLetters),
            alerts: sum(counts.alerts),
            context: sum(counts.context),
          },
        };
      },
    );
    return Promise.resolve();
  };
}
