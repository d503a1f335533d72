/**
 * `GET /api/context`: who people are and what they touch — staff, patients, locations, encounters, care teams.
 * Patient names are initials unless the role is privacy_officer or admin; identifiers and references stay.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTEXT_KINDS } from '../../model/index.js';
import type { ContextKind, ContextRecord } from '../../model/index.js';
import { ANY_ROLE, principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import { maskContext, seesPatientNames } from '../mask.js';
import { BEARER, contextSchema, pageSchema, pagingQuery } from '../schemas.js';

/** Friendly groups of context kinds; a plain kind (`practitioner`, `encounter` …) is accepted too. */
export const CONTEXT_GROUPS = {
  staff: ['practitioner', 'practitioner_role'],
  patients: ['patient'],
  organizations: ['organization'],
  locations: ['location'],
  encounters: ['encounter'],
  care_teams: ['care_team'],
  related_persons: ['related_person'],
} as const satisfies Record<string, readonly ContextKind[]>;
type Group = keyof typeof CONTEXT_GROUPS;

const KIND_NAMES = [...(Object.keys(CONTEXT_GROUPS) as Group[]), ...CONTEXT_KINDS] as const;

const query = z
  .object({
    kind: z.enum(KIND_NAMES).optional().describe('a group (staff, patients, locations …) or a context kind'),
    ref: z.string().min(1).max(500).optional().describe('exact reference, e.g. Patient/8841'),
    ...pagingQuery,
  })
  .strict();

const isGroup = (k: string): k is Group => k in CONTEXT_GROUPS;

/** Context route. */
export function contextRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/context',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['context'],
          summary: 'Context records in write order, by group or kind',
          security: BEARER,
          querystring: query,
          response: { 200: pageSchema(contextSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const { kind, ref, limit, offset } = req.query;
        let records: ContextRecord[];
        if (kind === undefined) records = await deps.store.loadContext();
        else if (isGroup(kind)) {
          records = [];
          for (const k of CONTEXT_GROUPS[kind]) records.push(...(await deps.store.loadContext(k)));
        } else records = await deps.store.loadContext(kind);
        if (ref !== undefined) records = records.filter((r) => r.ref === ref);
        const slice = records.slice(offset, offset + limit);
        const items = seesPatientNames(principalOf(req).role) ? slice : slice.map(maskContext);
        return { total: records.length, items };
      },
    );
    return Promise.resolve();
  };
}
