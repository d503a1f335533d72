/** `GET /api/health`: liveness and store reachability, without a token (for probes and load balancers). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  store: z.enum(['ok', 'error']),
  live: z.boolean().describe('whether live ingest is attached'),
});

/** Health route. */
export function healthRoutes(deps: AppDeps, version: string): FastifyPluginAsyncZod {
  const started = Date.now();
  return (app) => {
    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: {
          tags: ['health'],
          summary: 'Service health (no token needed); 503 when the store does not answer',
          response: { 200: healthSchema, 503: healthSchema },
        },
      },
      async (_req, reply) => {
        let store: 'ok' | 'error' = 'ok';
        try {
          await deps.store.loadCheckpoint('health');
        } catch {
          store = 'error';
        }
        const body = {
          status: store === 'ok' ? ('ok' as const) : ('degraded' as const),
          version,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          store,
          live: deps.live !== undefined,
        };
        return reply.code(store === 'ok' ? 200 : 503).send(body);
      },
    );
    return Promise.resolve();
  };
}
