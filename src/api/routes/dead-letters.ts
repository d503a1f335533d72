/**
 * `GET /api/dead-letters`: records Ward could not parse, with reason and position. The raw text can hold any
 * PHI the source carried, so only roles that see patient names get it; others get its length.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REJECT_REASONS } from '../../model/index.js';
import type { DeadLetterQuery } from '../../store/index.js';
import { ANY_ROLE, principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import { seesPatientNames } from '../mask.js';
import { BEARER, deadLetterSchema, pageSchema, pagingQuery } from '../schemas.js';

const query = z.object({ reason: z.enum(REJECT_REASONS).optional(), ...pagingQuery }).strict();

/** Dead-letter route. */
export function deadLetterRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/dead-letters',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['dead letters'],
          summary: 'Rejected records, in rejection order; raw text for admin and privacy_officer only',
          security: BEARER,
          querystring: query,
          response: { 200: pageSchema(deadLetterSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const q: DeadLetterQuery = { limit: req.query.limit, offset: req.query.offset };
        if (req.query.reason !== undefined) q.reason = req.query.reason;
        const page = await deps.store.listDeadLetters(q);
        const withRaw = seesPatientNames(principalOf(req).role);
        return {
          total: page.total,
          items: page.items.map(({ raw, ...d }) => ({
            ...d,
            ...(withRaw ? { raw } : {}),
            rawLength: raw.length,
          })),
        };
      },
    );
    return Promise.resolve();
  };
}
