/** Token administration (admin only): create a token (its text is shown once), list tokens, revoke one. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMIN_ONLY, ANY_ROLE, PHI_ROLES, principalOf, ROLES, TOKEN_NAME } from '../auth.js';
import { DECIDING_ROLES } from './cases.js';
import { REPORT_ROLES } from './reports.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { BEARER } from '../schemas.js';

const tokenInfoSchema = z.object({
  name: z.string(),
  role: z.enum(ROLES),
  created: z.string(),
  lastUsed: z.string().optional(),
  revoked: z.string().optional(),
});

const createBody = z
  .object({
    name: z.string().regex(TOKEN_NAME, 'letters, digits or . _ @ -, up to 64').describe('who holds it'),
    role: z.enum(ROLES),
  })
  .strict();

/** Token routes, and `GET /api/me`: who the token belongs to, so the console shows only what the role may do. */
export function tokenRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/me',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['tokens'],
          summary: "The caller's token name and role, and what the role may do",
          security: BEARER,
          response: {
            200: z.object({
              name: z.string(),
              role: z.enum(ROLES),
              may: z.object({
                decideCases: z.boolean(),
                seePatientNames: z.boolean(),
                readReports: z.boolean(),
              }),
            }),
            ...errorResponses(401),
          },
        },
      },
      (req) => {
        const { name, role } = principalOf(req);
        return Promise.resolve({
          name,
          role,
          may: {
            decideCases: DECIDING_ROLES.includes(role),
            seePatientNames: PHI_ROLES.includes(role),
            readReports: REPORT_ROLES.includes(role),
          },
        });
      },
    );

    app.post(
      '/api/tokens',
      {
        config: { roles: ADMIN_ONLY },
        schema: {
          tags: ['tokens'],
          summary: 'Create a token; the answer holds its text, shown this once only',
          security: BEARER,
          body: createBody,
          response: {
            201: z.object({ token: z.string(), info: tokenInfoSchema }),
            ...errorResponses(400, 401, 403, 409),
          },
        },
      },
      async (req, reply) => {
        const created = await deps.auth.create(req.body.name, req.body.role);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/tokens',
      {
        config: { roles: ADMIN_ONLY },
        schema: {
          tags: ['tokens'],
          summary: 'List tokens (names, roles, dates; never their text)',
          security: BEARER,
          response: { 200: z.object({ items: z.array(tokenInfoSchema) }), ...errorResponses(401, 403) },
        },
      },
      async () => ({ items: await deps.auth.list() }),
    );

    app.delete(
      '/api/tokens/:name',
      {
        config: { roles: ADMIN_ONLY },
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token by name',
          security: BEARER,
          params: z.object({ name: z.string().min(1).max(64) }),
          response: { 200: z.object({ revoked: z.string() }), ...errorResponses(401, 403, 404) },
        },
      },
      async (req) => {
        if (!(await deps.auth.revoke(req.params.name))) {
          throw new ApiError('not_found', `no active token named ${req.params.name}`);
        }
        return { revoked: req.params.name };
      },
    );
    return Promise.resolve();
  };
}
