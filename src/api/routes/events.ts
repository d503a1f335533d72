/** `GET /api/events`: search stored events by class, actor, source IP, text and time range, with paging. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_CLASSES } from '../../model/index.js';
import type { EventQuery } from '../../store/index.js';
import { ANY_ROLE, principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { maskEvent, seesPatientNames } from '../mask.js';
import { BEARER, eventSchema, pageSchema, pagingQuery } from '../schemas.js';

/** A time bound: ISO 8601 with zone (`2026-03-04T10:15:00Z`) or epoch ms (what the console sends). */
const timeBound = z
  .union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,15}$/, 'epoch ms')])
  .transform((v) => (/^\d+$/.test(v) ? Number(v) : Date.parse(v)))
  .describe('ISO 8601 time with zone, e.g. 2026-03-04T10:15:00Z, or epoch ms');

const eventsQuery = z
  .object({
    class: z.enum(EVENT_CLASSES).optional(),
    user: z.string().min(1).max(500).optional().describe('exact actor identity'),
    srcIp: z.string().min(1).max(100).optional().describe('exact source IP'),
    text: z.string().min(1).max(200).optional().describe('case-insensitive substring of ids, names, hosts …'),
    from: timeBound.optional().describe('inclusive lower bound of event time'),
    to: timeBound.optional().describe('exclusive upper bound of event time'),
    ...pagingQuery,
  })
  .strict();

/** Events route. */
export function eventRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/events',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['events'],
          summary: 'Search events, in event-time order',
          security: BEARER,
          querystring: eventsQuery,
          response: { 200: pageSchema(eventSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const query: EventQuery = { limit: q.limit, offset: q.offset };
        if (q.class !== undefined) query.class = q.class;
        if (q.user !== undefined) query.user = q.user;
        if (q.srcIp !== undefined) query.srcIp = q.srcIp;
        if (q.text !== undefined) query.text = q.text;
        if (q.from !== undefined) query.from = q.from;
        if (q.to !== undefined) query.to = q.to;
        if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
          throw new ApiError('bad_request', 'from must not be later than to');
        }
        const page = await deps.store.searchEvents(query);
        if (seesPatientNames(principalOf(req).role)) return page;
        return { total: page.total, items: page.items.map(maskEvent) };
      },
    );
    return Promise.resolve();
  };
}
