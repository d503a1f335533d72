/**
 * `GET /metrics` in the Prometheus text exposition format (version 0.0.4): stored events by class, dead
 * letters by reason, alerts by category and status, context by kind, uptime, and whatever the live pipeline
 * adds (lag, queue depth …) through `deps.metrics`. Needs a token like every other data route.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_STATUSES } from '../../store/index.js';
import { ANY_ROLE } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import { BEARER } from '../schemas.js';

/** Content type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A label value escaped as the text format requires (backslash, quote, newline). */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** One metric family: HELP, TYPE and a sample per label value. */
export function family(
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  label: string | undefined,
  samples: Partial<Record<string, number>>,
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [k, v] of Object.entries(samples)) {
    if (v === undefined) continue;
    lines.push(label === undefined ? `${name} ${v}` : `${name}{${label}="${labelValue(k)}"} ${v}`);
  }
  return lines.join('\n') + '\n';
}

/** Metrics route. */
export function metricsRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const started = Date.now();
  return (app) => {
    app.get(
      '/metrics',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['metrics'],
          summary: 'Prometheus metrics (text format); any token role',
          security: BEARER,
          produces: ['text/plain'],
          response: { 200: z.string(), ...errorResponses(401, 403) },
        },
      },
      async (_req, reply) => {
        const c = await deps.store.counts();
        const byStatus: Record<string, number> = {};
        for (const status of ALERT_STATUSES) {
          byStatus[status] = (await deps.store.listAlerts({ status, limit: 0 })).total;
        }
        let text =
          family(
            'ward_up',
            'gauge',
            'Whether the Ward server is serving (always 1 when scraped).',
            undefined,
            {
              '': 1,
            },
          ) +
          family('ward_uptime_seconds', 'gauge', 'Seconds since the server started.', undefined, {
            '': Math.round((Date.now() - started) / 1000),
          }) +
          family('ward_events_stored', 'gauge', 'Events in the store, by event class.', 'class', c.events) +
          family(
            'ward_dead_letters_stored',
            'gauge',
            'Rejected records in the store, by reason.',
            'reason',
            c.deadLetters,
          ) +
          family('ward_alerts_stored', 'gauge', 'Alerts in the store, by category.', 'category', c.alerts) +
          family(
            'ward_alerts_by_status',
            'gauge',
            'Alerts in the store, by triage status.',
            'status',
            byStatus,
          ) +
          family('ward_context_stored', 'gauge', 'Context records in the store, by kind.', 'kind', c.context);
        if (deps.metrics !== undefined) {
          const extra = await deps.metrics();
          if (extra.length > 0) text += extra.endsWith('\n') ? extra : `${extra}\n`;
        }
        return reply.type(PROMETHEUS_CONTENT_TYPE).send(text);
      },
    );
    return Promise.resolve();
  };
}
